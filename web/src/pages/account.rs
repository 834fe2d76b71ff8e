//! `/account`: the signed-in account's own name, language and password.

use l4a_shared::account::{PasswordChange, UserPatch, check_display_name};
use l4a_shared::sdg::Lang;
use l4a_shared::validation::ValidationErrors;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::form::{FormActions, FormState, FormSummary, InputField, SelectField, language_choices};
use crate::components::layout::set_page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::locale_of;
use crate::session::Session;

/// `/account`.
#[component]
pub fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    set_page_title(move || t_string!(i18n, account.title).to_string());
    view! {
        <div class="container narrow">
            <h1>{t!(i18n, account.title)}</h1>
            {move || match session.me() {
                Some(me) => view! { <Profile me=me /> <PasswordForm /> }.into_any(),
                None => view! { <A href="/sign-in" attr:class="button primary">{t!(i18n, nav.sign_in)}</A> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Profile(me: l4a_shared::account::Me) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let form = FormState::new("account");
    let display_name = RwSignal::new(me.user.display_name.clone());
    let language = RwSignal::new(me.user.language.code().to_owned());
    let saved = RwSignal::new(false);
    let id = me.user.id.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        errors.check("display_name", check_display_name(&display_name.get()));
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let lang = Lang::from_code(&language.get()).unwrap_or_default();
        let patch = UserPatch { display_name: Some(display_name.get()), language: Some(lang), ..UserPatch::default() };
        let id = id.clone();
        form.write(async move {
            if form.run(api::update_user(&id, &patch)).await.is_some() {
                i18n.set_locale(locale_of(lang));
                saved.set(true);
                session.reload().await;
            }
        });
    };
    let languages = language_choices();
    view! {
        <form class="edit-form" id="account" novalidate on:submit=on_submit>
            <h2>{t!(i18n, account.profile)}</h2>
            <p class="muted">{me.user.email.clone()}</p>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="display_name" label=move || t_string!(i18n, users.display_name).to_string() value=display_name required=true />
                <SelectField form=form name="language" label=move || t_string!(i18n, users.language).to_string() value=language choices=languages required=true />
            </div>
            <p role="status">{move || saved.get().then(|| t_string!(i18n, account.saved).to_string())}</p>
            <FormActions form=form on_cancel=move |()| saved.set(false) />
        </form>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let navigate = use_navigate();
    let form = FormState::new("password");
    let current_password = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let change = PasswordChange { current_password: current_password.get(), new_password: new_password.get() };
        if let Err(errors) = change.validate() {
            return form.refuse(errors);
        }
        let navigate = navigate.clone();
        form.write(async move {
            if form.run(api::change_password(&change)).await.is_some() {
                // Changing the password ends every session, this one included.
                session.forget();
                navigate("/sign-in", Default::default());
            }
        });
    };
    view! {
        <form class="edit-form" id="password" novalidate on:submit=on_submit>
            <h2>{t!(i18n, account.password)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="current_password" input_type="password" label=move || t_string!(i18n, account.current_password).to_string() value=current_password required=true />
                <InputField
                    form=form
                    name="new_password"
                    input_type="password"
                    label=move || t_string!(i18n, account.new_password).to_string()
                    value=new_password
                    required=true
                    hint=Signal::derive(move || t_string!(i18n, account.password_hint).to_string())
                />
            </div>
            <FormActions form=form on_cancel=move |()| {
                current_password.set(String::new());
                new_password.set(String::new());
            } />
        </form>
    }
}
