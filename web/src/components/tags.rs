//! A hub's tags: the SDG targets it serves, the UCLG manifestos it follows and the policy
//! councils it feeds, named in the interface language.

use l4a_shared::hub::Hub;
use l4a_shared::sdg::Localized;
use leptos::prelude::*;

use crate::components::feedback::FetchFailed;
use crate::components::references::use_references;
use crate::components::sdg::use_sdgs;
use crate::i18n::{t, use_i18n};
use crate::labels::lang_of;

/// The hub's tags; each list shows only when it has something.
#[component]
pub fn HubTags(hub: Hub) -> impl IntoView {
    let i18n = use_i18n();
    let sdgs = use_sdgs();
    let references = use_references();
    let name_in = move |names: &Localized| names.get(lang_of(i18n.get_locale())).to_owned();
    let target_title = move |code: &str| {
        let lang = lang_of(i18n.get_locale());
        sdgs.0.get().and_then(Result::ok).and_then(|goals| {
            goals.iter().flat_map(|g| &g.targets).find(|t| t.code == code).map(|t| t.title.get(lang).to_owned())
        })
    };
    let (targets, manifestos, councils) =
        (hub.sdg_targets.clone(), hub.manifestos.clone(), hub.policy_council_ids.clone());
    let has_targets = !targets.is_empty();
    let has_manifestos = !manifestos.is_empty();
    let has_councils = !councils.is_empty();
    view! {
        <Show when=move || has_targets>
            <h2>{t!(i18n, tags.targets)}</h2>
            <ul class="target-list">
                {targets
                    .clone()
                    .into_iter()
                    .map(|code| {
                        let title = {
                            let code = code.clone();
                            move || target_title(&code).unwrap_or_default()
                        };
                        view! { <li><strong>{code}</strong>" "<span>{title}</span></li> }
                    })
                    .collect_view()}
            </ul>
        </Show>
        <Show when=move || has_manifestos || has_councils>
            {
                let (manifestos, councils) = (manifestos.clone(), councils.clone());
                move || {
                    let (manifestos, councils) = (manifestos.clone(), councils.clone());
                    // Until the names arrive, or if they cannot, the keys stand in for them.
                    let (loaded, failed) = match references.get() {
                        Some(Ok(loaded)) => (loaded, None),
                        Some(Err(failure)) => (Default::default(), Some(failure)),
                        None => (Default::default(), None),
                    };
                    let manifesto_names: Vec<String> = manifestos
                        .iter()
                        .map(|key| loaded.0.iter().find(|m| &m.key == key).map_or_else(|| key.clone(), |m| name_in(&m.name)))
                        .collect();
                    let council_names: Vec<String> = councils
                        .iter()
                        .map(|id| loaded.1.iter().find(|c| &c.id == id).map_or_else(|| id.clone(), |c| name_in(&c.name)))
                        .collect();
                    view! {
                        <Show when=move || has_manifestos>
                            <h2>{t!(i18n, tags.manifestos)}</h2>
                        </Show>
                        <p class="deliverable-meta manifesto-list">
                            {manifesto_names.into_iter().map(|name| view! { <span class="tag">{name}</span> }).collect_view()}
                        </p>
                        <Show when=move || has_councils>
                            <h2>{t!(i18n, tags.councils)}</h2>
                        </Show>
                        <p class="deliverable-meta council-list">
                            {council_names.into_iter().map(|name| view! { <span class="tag">{name}</span> }).collect_view()}
                        </p>
                        {failed.map(|failure| view! { <FetchFailed failure=failure retry=move |()| references.retry() /> })}
                    }
                }
            }
        </Show>
    }
}
