//! Previous / next links between the pages of a listing, as real links so that the browser's
//! history and "open in a new tab" work.

use l4a_shared::query::HubQuery;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, t_string, use_i18n};

fn href(query: &HubQuery, page: u32) -> String {
    let query = HubQuery { page, ..query.clone() };
    let text = query.to_query_string();
    if text.is_empty() { "/".to_owned() } else { format!("/?{text}") }
}

/// The pager of the hub catalogue; hidden when everything fits on one page.
#[component]
pub fn Pager(query: HubQuery, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    let page = query.page;
    let previous = (page > 1).then(|| href(&query, page - 1));
    let next = (page < pages).then(|| href(&query, page + 1));
    let position = move || t_string!(i18n, pager.page_of, page = page.to_string(), pages = pages.to_string());
    view! {
        <Show when=move || { pages > 1 }>
            <nav class="pager" aria-label=move || t_string!(i18n, pager.label)>
                {previous.clone().map(|href| view! { <A href=href attr:rel="prev" attr:class="button">{t!(i18n, pager.previous)}</A> })}
                <span class="pager-position" aria-current="page">{position}</span>
                {next.clone().map(|href| view! { <A href=href attr:rel="next" attr:class="button">{t!(i18n, pager.next)}</A> })}
            </nav>
        </Show>
    }
}
