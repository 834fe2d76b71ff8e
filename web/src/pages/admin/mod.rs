//! `/admin/users`, `/api-keys` and `/webhooks`: accounts, their roles and organisations (the
//! Secretariat's), and the API keys and webhooks of third-party systems (the Secretariat's and
//! each manager's own).

mod accounts;
mod keys;
mod webhooks;

pub use accounts::*;
pub use keys::*;
pub use webhooks::*;

use l4a_shared::account::{ApiKey, NewApiKey, NewUser, Role, Scope, User, UserPatch};
use l4a_shared::organisation::Organisation;
use l4a_shared::sdg::Lang;
use l4a_shared::validation::ValidationErrors;
use leptos::prelude::*;

use crate::api;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::components::form::{
    AddButton, CheckboxesField, DeleteButton, FormActions, FormState, FormSummary, InputField, SelectField,
    language_choices, read,
};
use crate::components::layout::set_page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;
use crate::session::Session;

/// The organisations whose keys and webhooks the signed-in person manages: every one for the
/// Secretariat, their own for a manager.
fn own_organisations(session: Session, organisations: &[Organisation]) -> Vec<Organisation> {
    if session.has(Role::Admin) {
        return organisations.to_vec();
    }
    let mine = session.me().map(|me| me.user.organisation_ids).unwrap_or_default();
    organisations.iter().filter(|o| mine.contains(&o.id)).cloned().collect()
}

fn organisation_name(organisations: &[Organisation], id: &str) -> String {
    organisations.iter().find(|o| o.id == id).map_or_else(|| id.to_owned(), |o| o.name.clone())
}

/// A secret shown once: a password or an API key, with a way to select it and a way to close.
#[component]
fn SecretNotice(title: String, body: String, secret: String, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="secret-notice" role="alertdialog" aria-labelledby="secret-title" aria-describedby="secret-body">
            <h2 id="secret-title">{title}</h2>
            <p id="secret-body">{body}</p>
            <input class="secret" id="secret-value" readonly value=secret aria-label=move || t_string!(i18n, keys.name) on:focus=|event| {
                use wasm_bindgen::JsCast as _;
                if let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    input.select();
                }
            } />
            <button type="button" class="button primary" autofocus on:click=move |_| on_close.run(())>{t!(i18n, keys.saved_it)}</button>
        </div>
    }
}
