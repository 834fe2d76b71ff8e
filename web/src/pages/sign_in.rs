//! `/sign-in`: the sign-in form.

use l4a_shared::account::{Login, Role};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::ApiFailure;
use crate::components::form::Writes;
use crate::components::layout::set_page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::locale_of;
use crate::session::Session;

/// `/sign-in`.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let navigate = use_navigate();
    set_page_title(move || t_string!(i18n, signin.title).to_string());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let writes = Writes::new();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let login = Login { email: email.get().trim().to_owned(), password: password.get() };
        if login.email.is_empty() || login.password.is_empty() {
            error.set(Some(t_string!(i18n, signin.required).to_string()));
            return;
        }
        let navigate = navigate.clone();
        writes.send(async move {
            match session.sign_in(login).await {
                Ok(me) => {
                    error.set(None);
                    i18n.set_locale(locale_of(me.user.language));
                    let home = if me.user.has(Role::Manager) { "/my-hubs" } else { "/" };
                    navigate(home, Default::default());
                }
                Err(ApiFailure::Problem(problem)) if problem.status == 429 => {
                    let seconds =
                        problem.detail.split_whitespace().filter_map(|w| w.parse::<u64>().ok()).next().unwrap_or(60);
                    error.set(Some(t_string!(i18n, signin.too_many, seconds = seconds).to_string()));
                }
                Err(ApiFailure::Problem(problem)) if problem.status == 401 => {
                    error.set(Some(t_string!(i18n, signin.wrong).to_string()));
                }
                Err(failure) => error.set(Some(failure.to_string())),
            }
        });
    };
    view! {
        <div class="container narrow">
            <h1>{t!(i18n, signin.title)}</h1>
            <p class="muted">{t!(i18n, signin.intro)}</p>
            <form class="edit-form sign-in" novalidate on:submit=on_submit>
                <div class="form-summary" role="alert">
                    {move || error.get().map(|message| view! { <div class="error-panel"><p>{message}</p></div> })}
                </div>
                <div class="field">
                    <label for="sign-in-email">{t!(i18n, signin.email)}</label>
                    <input
                        id="sign-in-email"
                        type="email"
                        autocomplete="username"
                        required
                        prop:value=move || email.get()
                        on:input=move |event| email.set(event_target_value(&event))
                    />
                </div>
                <div class="field">
                    <label for="sign-in-password">{t!(i18n, signin.password)}</label>
                    <input
                        id="sign-in-password"
                        type="password"
                        autocomplete="current-password"
                        required
                        prop:value=move || password.get()
                        on:input=move |event| password.set(event_target_value(&event))
                    />
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || writes.pending()>
                        {move || if writes.pending() { t_string!(i18n, signin.signing_in) } else { t_string!(i18n, signin.submit) }}
                    </button>
                </div>
            </form>
        </div>
    }
}
