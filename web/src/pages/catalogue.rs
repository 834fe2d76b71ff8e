//! The hub catalogue: search, filters by goal and status, paging. The filters live in the URL,
//! so a filtered view can be shared and the back button works.

use l4a_shared::hub::{Hub, HubStatus};
use l4a_shared::page::Page;
use l4a_shared::query::{HubQuery, MAX_SEARCH_CHARS};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::labels::{ReportingBadge, StatusBadge};
use crate::components::layout::set_page_title;
use crate::components::pager::Pager;
use crate::components::references::use_references;
use crate::components::sdg::{SdgBadge, use_sdgs};
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::lang_of;
use crate::labels::{country_name, label};

const QUERY_KEYS: [&str; 9] =
    ["page", "per_page", "status", "country", "sdg", "q", "manifesto", "policy_council", "sort"];

/// The URL of the catalogue showing `query`.
fn catalogue_href(query: &HubQuery) -> String {
    let text = query.to_query_string();
    if text.is_empty() { "/".to_owned() } else { format!("/?{text}") }
}

/// `/`: the catalogue.
#[component]
pub fn Catalogue() -> impl IntoView {
    let i18n = use_i18n();
    let url_query = use_query_map();
    // A parameter the rules refuse (edited by hand) is dropped rather than failing the page.
    let query = Memo::new(move |_| {
        let map = url_query.read();
        let pairs: Vec<(&str, String)> = QUERY_KEYS
            .iter()
            .filter_map(|key| map.get(key).map(|value| (*key, value)))
            .filter(|(key, value)| HubQuery::parse([(*key, value.as_str())]).is_ok())
            .collect();
        HubQuery::parse(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap_or_default()
    });
    let hubs = LocalResource::new(move || {
        let query = query.get();
        async move { api::list_hubs(&query).await }
    });
    set_page_title(move || t_string!(i18n, catalogue.title).to_string());
    view! {
        <div class="container">
            <section class="intro">
                <h1>{t!(i18n, catalogue.title)}</h1>
                <p>{t!(i18n, catalogue.intro)}</p>
            </section>
            <Filters query=query />
            <Transition fallback=move || view! { <Loading>{t!(i18n, catalogue.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match hubs.await {
                        Ok(page) => view! { <Results page=page query=query.get_untracked() /> }.into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The search box and the goal and status filters; each change is a navigation.
#[component]
fn Filters(query: Memo<HubQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let sdgs = use_sdgs();
    let navigate = use_navigate();
    let go = move |next: HubQuery| navigate(&catalogue_href(&HubQuery { page: 1, ..next }), Default::default());
    let text = RwSignal::new(query.get_untracked().q.unwrap_or_default());
    // Keep the box in step with the URL when the back button changes it.
    Effect::new(move |_| text.set(query.get().q.unwrap_or_default()));

    let on_search = {
        let go = go.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let q = text.get_untracked().trim().to_owned();
            go(HubQuery { q: (!q.is_empty()).then_some(q), ..query.get_untracked() });
        }
    };
    let on_sdg = {
        let go = go.clone();
        move |event| {
            let sdg = event_target_value(&event).parse::<u8>().ok();
            go(HubQuery { sdg, ..query.get_untracked() });
        }
    };
    let on_status = {
        let go = go.clone();
        move |event| {
            let status = event_target_value(&event).parse::<HubStatus>().ok();
            go(HubQuery { status, ..query.get_untracked() });
        }
    };
    let on_manifesto = {
        let go = go.clone();
        move |event| {
            let manifesto = Some(event_target_value(&event)).filter(|key| !key.is_empty());
            go(HubQuery { manifesto, ..query.get_untracked() });
        }
    };
    let on_council = move |event| {
        let policy_council = Some(event_target_value(&event)).filter(|id| !id.is_empty());
        go(HubQuery { policy_council, ..query.get_untracked() });
    };
    let references = use_references();
    let loaded = move || references.get().and_then(Result::ok).unwrap_or_default();
    // Read the lists too, so the choice shows once the options have loaded.
    let council_value = move || {
        let _ = references.get();
        query.get().policy_council.unwrap_or_default()
    };
    let manifesto_value = move || {
        let _ = references.get();
        query.get().manifesto.unwrap_or_default()
    };
    let failed = move || references.get().and_then(Result::err);
    let sdg_value = move || query.get().sdg.map(|n| n.to_string()).unwrap_or_default();
    let status_value = move || query.get().status.map(|s| s.as_str().to_owned()).unwrap_or_default();
    view! {
        <form class="filters" role="search" on:submit=on_search aria-label=move || t_string!(i18n, catalogue.filters)>
            <div class="field field-search">
                <label for="search">{t!(i18n, catalogue.search_label)}</label>
                <div class="search-row">
                    <input
                        id="search"
                        name="q"
                        type="search"
                        maxlength=MAX_SEARCH_CHARS.to_string()
                        autocomplete="off"
                        placeholder=move || t_string!(i18n, catalogue.search_placeholder)
                        prop:value=move || text.get()
                        on:input=move |event| text.set(event_target_value(&event))
                    />
                    <button type="submit" class="button primary">{t!(i18n, catalogue.search_button)}</button>
                </div>
            </div>
            <div class="field">
                <label for="sdg-filter">{t!(i18n, catalogue.sdg_label)}</label>
                <select id="sdg-filter" name="sdg" on:change=on_sdg prop:value=sdg_value>
                    <option value="">{t!(i18n, catalogue.sdg_any)}</option>
                    {(1..=17u8)
                        .map(|number| {
                            let label = move || {
                                let name = sdgs.short_name(number).unwrap_or_default();
                                format!("{number}. {name}")
                            };
                            view! { <option value=number.to_string()>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="manifesto-filter">{t!(i18n, catalogue.manifesto_label)}</label>
                <select id="manifesto-filter" name="manifesto" on:change=on_manifesto prop:value=manifesto_value>
                    <option value="">{t!(i18n, catalogue.manifesto_any)}</option>
                    {move || {
                        let lang = lang_of(i18n.get_locale());
                        loaded()
                            .0
                            .into_iter()
                            .map(|m| view! { <option value=m.key.clone()>{m.name.get(lang).to_owned()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="council-filter">{t!(i18n, catalogue.council_label)}</label>
                <select id="council-filter" name="policy_council" on:change=on_council prop:value=council_value>
                    <option value="">{t!(i18n, catalogue.council_any)}</option>
                    {move || {
                        let lang = lang_of(i18n.get_locale());
                        loaded()
                            .1
                            .into_iter()
                            .map(|c| view! { <option value=c.id.clone()>{c.name.get(lang).to_owned()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            {move || failed().map(|failure| view! { <FetchFailed failure=failure retry=move |()| references.retry() /> })}
            <div class="field">
                <label for="status-filter">{t!(i18n, catalogue.status_label)}</label>
                <select id="status-filter" name="status" on:change=on_status prop:value=status_value>
                    <option value="">{t!(i18n, catalogue.status_any)}</option>
                    {HubStatus::ALL
                        .iter()
                        .map(|&status| view! { <option value=status.as_str()>{label(status)}</option> })
                        .collect_view()}
                </select>
            </div>
        </form>
    }
}

/// The count, the cards and the pager, or the empty state.
#[component]
fn Results(page: Page<Hub>, query: HubQuery) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total;
    let pages = page.page_count();
    if page.items.is_empty() {
        let filtered = query != HubQuery::default();
        return view! {
            <section class="empty-state" aria-live="polite">
                <h2>{t!(i18n, catalogue.empty_title)}</h2>
                <p>{t!(i18n, catalogue.empty_body)}</p>
                <Show when=move || filtered>
                    <A href="/" attr:class="button">{t!(i18n, catalogue.clear_filters)}</A>
                </Show>
            </section>
        }
        .into_any();
    }
    view! {
        <p class="result-count" aria-live="polite">{t!(i18n, catalogue.results, count = move || total.to_string())}</p>
        <ul class="hub-grid">
            {page.items.into_iter().map(|hub| view! { <li><HubCard hub=hub /></li> }).collect_view()}
        </ul>
        <Pager query=query pages=pages />
    }
    .into_any()
}

/// One hub in the catalogue.
#[component]
pub fn HubCard(hub: Hub) -> impl IntoView {
    let country = country_name(hub.country.clone());
    let place = {
        let city = hub.city.clone();
        move || match &city {
            Some(city) => format!("{city}, {}", country()),
            None => country(),
        }
    };
    view! {
        <article class="hub-card">
            <div class="hub-card-top">
                <span class="hub-place">{place}</span>
                <StatusBadge status=hub.status />
            </div>
            <h2 class="hub-card-title">
                <A href=format!("/hubs/{}", hub.slug)>{hub.name.clone()}</A>
            </h2>
            <p class="hub-card-summary">{hub.summary.clone()}</p>
            <p class="hub-card-lead">{hub.lead_organisation.name.clone()}</p>
            <div class="hub-card-bottom">
                <ul class="sdg-list compact">
                    {hub.sdgs.iter().map(|&goal| view! { <li><SdgBadge number=goal /></li> }).collect_view()}
                </ul>
                <ReportingBadge status=hub.figures.reporting_status />
            </div>
        </article>
    }
}
