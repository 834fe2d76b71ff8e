//! The header with the language switcher, and the footer.

use l4a_shared::account::Role;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::session::Session;

/// The site header: brand, navigation and language switcher.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    view! {
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">{t!(i18n, app.short_name)}</span>
                    <span class="brand-name">{t!(i18n, app.name)}</span>
                </A>
                <nav aria-label=move || t_string!(i18n, nav.main)>
                    <A href="/">{t!(i18n, nav.catalogue)}</A>
                    <A href="/dashboard">{t!(i18n, nav.dashboard)}</A>
                    <A href="/calls">{t!(i18n, nav.calls)}</A>
                    <A href="/recommendations">{t!(i18n, nav.recommendations)}</A>
                    <Show when=move || session.me().is_some()>
                        <A href="/proposals">{t!(i18n, nav.proposals)}</A>
                    </Show>
                    <Show when=move || session.has(Role::Admin) || session.has(Role::Reviewer)>
                        <A href="/reports">{t!(i18n, nav.reports)}</A>
                    </Show>
                    <Show when=move || session.has(Role::Manager)>
                        <A href="/my-hubs">{t!(i18n, nav.my_hubs)}</A>
                    </Show>
                    <Show when=move || session.has(Role::Admin)>
                        <A href="/admin/users">{t!(i18n, nav.users)}</A>
                    </Show>
                    <Show when=move || session.has(Role::Admin) || session.has(Role::Manager)>
                        <A href="/api-keys">{t!(i18n, nav.api_keys)}</A>
                        <A href="/webhooks">{t!(i18n, nav.webhooks)}</A>
                    </Show>
                </nav>
                <SessionControls />
                <LanguageSwitcher />
            </div>
            <div class="container">
                <p class="tagline">{t!(i18n, app.tagline)}</p>
            </div>
        </header>
    }
}

/// Who is signed in, with sign-out; or the way to sign in.
#[component]
fn SessionControls() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            session.sign_out().await;
            navigate("/", Default::default());
        });
    };
    view! {
        <div class="session-controls">
            {move || match session.me() {
                Some(me) => {
                    let name = me.user.display_name.clone();
                    view! {
                        <A href="/account" attr:class="signed-in-as">{move || t_string!(i18n, nav.signed_in_as, name = name.clone()).to_string()}</A>
                        <button type="button" class="button small sign-out" on:click=sign_out.clone()>{t!(i18n, nav.sign_out)}</button>
                    }
                    .into_any()
                }
                None if session.restoring() => ().into_any(),
                None => view! { <A href="/sign-in" attr:class="sign-in-link">{t!(i18n, nav.sign_in)}</A> }.into_any(),
            }}
        </div>
    }
}

/// A select listing the three interface languages, each in its own name.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |event| {
        let locale = match event_target_value(&event).as_str() {
            "fr" => Locale::fr,
            "es" => Locale::es,
            _ => Locale::en,
        };
        i18n.set_locale(locale);
    };
    let current = move || i18n.get_locale().as_str().to_owned();
    view! {
        <label class="language-switcher">
            <span class="visually-hidden">{t!(i18n, app.language)}</span>
            <select id="language" on:change=on_change prop:value=current>
                // Each language is named in itself, whatever the interface language.
                <option value="en" lang="en">{t!(i18n, app.lang_en)}</option>
                <option value="fr" lang="fr">{t!(i18n, app.lang_fr)}</option>
                <option value="es" lang="es">{t!(i18n, app.lang_es)}</option>
            </select>
        </label>
    }
}

/// The site footer.
#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{t!(i18n, app.footer)}</p>
                <p>
                    <a href="/api/docs/" rel="external">{t!(i18n, app.api_docs)}</a>
                </p>
                <p class="small">{t!(i18n, app.sdg_source)}</p>
            </div>
        </footer>
    }
}

/// Keeps the document's title (what a screen reader announces and a tab shows) in step with the page.
pub fn set_page_title(title: impl Fn() -> String + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let site = t_string!(i18n, app.name).to_string();
        let page = title();
        let full = if page.is_empty() { site } else { format!("{page} · {site}") };
        document().set_title(&full);
    });
}
