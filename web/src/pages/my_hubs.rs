//! `/my-hubs`: the hubs a manager's organisations lead or partner in.

use l4a_shared::hub::Hub;
use l4a_shared::page::MAX_PER_PAGE;
use l4a_shared::query::HubQuery;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::components::feedback::{ErrorPanel, Loading};
use crate::components::layout::set_page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::catalogue::HubCard;
use crate::session::Session;

/// The hubs of these organisations, each once.
async fn hubs_of(organisations: Vec<String>) -> Result<Vec<Hub>, ApiFailure> {
    let mut hubs: Vec<Hub> = Vec::new();
    for organisation in organisations {
        let query = HubQuery { organisation: Some(organisation), per_page: MAX_PER_PAGE, ..HubQuery::default() };
        for hub in api::list_hubs(&query).await?.items {
            if !hubs.iter().any(|known| known.id == hub.id) {
                hubs.push(hub);
            }
        }
    }
    Ok(hubs)
}

/// `/my-hubs`.
#[component]
pub fn MyHubs() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    set_page_title(move || t_string!(i18n, my_hubs.title).to_string());
    let hubs = LocalResource::new(move || {
        let organisations = session.me().map(|me| me.user.organisation_ids).unwrap_or_default();
        hubs_of(organisations)
    });
    view! {
        <div class="container">
            <h1>{t!(i18n, my_hubs.title)}</h1>
            <Show
                when=move || session.me().is_some()
                fallback=move || view! {
                    <p>{t!(i18n, my_hubs.sign_in_first)}</p>
                    <A href="/sign-in" attr:class="button primary">{t!(i18n, nav.sign_in)}</A>
                }
            >
                <p class="muted">{t!(i18n, my_hubs.intro)}</p>
                <Transition fallback=move || view! { <Loading>{t!(i18n, my_hubs.loading)}</Loading> }>
                    {move || Suspend::new(async move {
                        match hubs.await {
                            Ok(hubs) if hubs.is_empty() => view! { <p class="empty-state">{t!(i18n, my_hubs.empty)}</p> }.into_any(),
                            Ok(hubs) => view! {
                                <ul class="hub-grid">
                                    {hubs.into_iter().map(|hub| view! { <li><HubCard hub=hub /></li> }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                        }
                    })}
                </Transition>
            </Show>
        </div>
    }
}
