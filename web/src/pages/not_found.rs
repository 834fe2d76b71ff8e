//! The page for an address that matches no route.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::set_page_title;
use crate::i18n::{t, t_string, use_i18n};

/// "Page not found", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    set_page_title(move || t_string!(i18n, not_found.title).to_string());
    view! {
        <section class="container narrow empty-state">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <A href="/" attr:class="button">{t!(i18n, not_found.home)}</A>
        </section>
    }
}
