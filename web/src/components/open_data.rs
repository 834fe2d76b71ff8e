//! Links to the open-data exports: the whole network's, and one hub's when given.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// The exports a reader may download: one hub's (IATI, UN SDG Actions) when `hub_id` is given,
/// and always the whole network's (JSON, CSV tables, IATI).
#[component]
pub fn OpenDataLinks(#[prop(optional, into)] hub_id: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let hub_links = hub_id.map(|id| {
        let id = l4a_shared::query::percent_encode(&id);
        view! {
            <li><a href=format!("/api/v1/hubs/{id}/iati.xml") download>{t!(i18n, open_data.hub_iati)}</a></li>
            <li><a href=format!("/api/v1/hubs/{id}/sdg-actions.json") download>{t!(i18n, open_data.hub_sdg_actions)}</a></li>
        }
    });
    view! {
        <section class="open-data" aria-labelledby="open-data-heading">
            <h2 id="open-data-heading">{t!(i18n, open_data.title)}</h2>
            <p class="muted">{t!(i18n, open_data.intro)}</p>
            <ul class="download-list">
                {hub_links}
                <li><a href="/api/v1/export/hubs" download>{t!(i18n, open_data.network_json)}</a></li>
                <li><a href="/api/v1/export/tables.zip" download>{t!(i18n, open_data.network_tables)}</a></li>
                <li><a href="/api/v1/export/iati.xml" download>{t!(i18n, open_data.network_iati)}</a></li>
            </ul>
        </section>
    }
}
