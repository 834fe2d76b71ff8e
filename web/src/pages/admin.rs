//! `/admin/users` and `/api-keys`: accounts, their roles and organisations (the Secretariat's),
//! and the API keys of third-party systems (the Secretariat's and each manager's own).

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

/// `/admin/users`.
#[component]
pub fn Accounts() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    set_page_title(move || t_string!(i18n, users.title).to_string());
    let version = RwSignal::new(0u32);
    let users = LocalResource::new(move || {
        version.get();
        async move { api::list_users(1).await }
    });
    let organisations = LocalResource::new(|| async { api::list_organisations().await.map(|page| page.items) });
    let adding = RwSignal::new(false);
    let secret = RwSignal::new(None::<(String, String)>);
    view! {
        <div class="container">
            <div class="section-head">
                <h1>{t!(i18n, users.title)}</h1>
                <Show when=move || session.has(Role::Admin)>
                    <AddButton open=adding controls="user-new">{t!(i18n, users.add)}</AddButton>
                </Show>
            </div>
            <Show when=move || session.has(Role::Admin) fallback=move || view! { <p>{t!(i18n, users.admins_only)}</p> }>
                {move || secret.get().map(|(email, password)| {
                    let title = t_string!(i18n, users.password_title, email = email).to_string();
                    view! { <SecretNotice title=title body=t_string!(i18n, users.password_body).to_string() secret=password on_close=move |()| secret.set(None) /> }
                })}
                <Transition fallback=move || view! { <Loading>{t!(i18n, users.loading)}</Loading> }>
                    {move || Suspend::new(async move {
                        match (users.await, organisations.await) {
                            (Ok(page), Ok(organisations)) => {
                                let for_form = organisations.clone();
                                view! {
                                <Show when=move || adding.get()>
                                    <UserForm organisations=for_form.clone() on_created=move |(email, password): (String, Option<String>)| {
                                        adding.set(false);
                                        version.update(|v| *v += 1);
                                        if let Some(password) = password {
                                            secret.set(Some((email, password)));
                                        }
                                    } on_cancel=move |()| adding.set(false) />
                                </Show>
                                <UserTable users=page.items organisations=organisations version=version secret=secret />
                                }
                                .into_any()
                            }
                            (Err(failure), _) | (_, Err(failure)) => view! { <ErrorPanel failure=failure /> }.into_any(),
                        }
                    })}
                </Transition>
            </Show>
        </div>
    }
}

#[component]
fn UserTable(
    users: Vec<User>,
    organisations: Vec<Organisation>,
    version: RwSignal<u32>,
    secret: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let organisations = StoredValue::new(organisations);
    // The row actions share one form state: what they send shows its failure above the table,
    // and no button sends twice while a request runs.
    let form = FormState::new("user-actions");
    view! {
        <FormSummary form=form />
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, users.email)}</th>
                    <th scope="col">{t!(i18n, users.display_name)}</th>
                    <th scope="col">{t!(i18n, users.roles)}</th>
                    <th scope="col">{t!(i18n, users.organisations)}</th>
                    <th scope="col">{t!(i18n, users.active)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, form.edit)}</span></th>
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|user| {
                        let roles: Vec<String> = user.roles.iter().map(|r| label(*r)()).collect();
                        let orgs: Vec<String> =
                            organisations.with_value(|all| user.organisation_ids.iter().map(|id| organisation_name(all, id)).collect());
                        let (id, email, active) = (user.id.clone(), user.email.clone(), user.active);
                        let toggle = {
                            let id = id.clone();
                            move |_| {
                                let id = id.clone();
                                leptos::task::spawn_local(async move {
                                    let patch = UserPatch { active: Some(!active), ..UserPatch::default() };
                                    if form.run(api::update_user(&id, &patch)).await.is_some() {
                                        version.update(|v| *v += 1);
                                    }
                                });
                            }
                        };
                        let reset = move |_| {
                            let (id, email) = (id.clone(), email.clone());
                            leptos::task::spawn_local(async move {
                                if let Some(reset) = form.run(api::reset_password(&id)).await {
                                    secret.set(Some((email, reset.initial_password)));
                                }
                            });
                        };
                        let editing = RwSignal::new(false);
                        let edited = user.clone();
                        view! {
                            <tr>
                                <td>{user.email.clone()}</td>
                                <td>{user.display_name.clone()}</td>
                                <td>{roles.join(", ")}</td>
                                <td>{if orgs.is_empty() { t_string!(i18n, users.none).to_string() } else { orgs.join(", ") }}</td>
                                <td>{if active { t_string!(i18n, users.active) } else { t_string!(i18n, users.inactive) }}</td>
                                <td class="row-actions">
                                    <button type="button" class="button small" on:click=move |_| editing.update(|e| *e = !*e)>{t!(i18n, users.edit)}</button>
                                    <button type="button" class="button small" disabled=move || form.busy() on:click=toggle>
                                        {if active { t_string!(i18n, users.deactivate) } else { t_string!(i18n, users.activate) }}
                                    </button>
                                    <button type="button" class="button small" disabled=move || form.busy() on:click=reset>{t!(i18n, users.reset_password)}</button>
                                </td>
                            </tr>
                            <Show when=move || editing.get()>
                                <tr>
                                    <td colspan="6">
                                        <MembershipForm user=edited.clone() organisations=organisations.get_value() on_done=move |()| {
                                            editing.set(false);
                                            version.update(|v| *v += 1);
                                        } />
                                    </td>
                                </tr>
                            </Show>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

fn role_choices() -> Vec<(String, String)> {
    Role::ALL.iter().map(|role| (role.as_str().to_owned(), label(*role)())).collect()
}

fn organisation_choices(organisations: &[Organisation]) -> Vec<(String, String)> {
    organisations.iter().map(|o| (o.id.clone(), o.name.clone())).collect()
}

fn roles_of(wire: &[String]) -> Vec<Role> {
    wire.iter().filter_map(|role| role.parse().ok()).collect()
}

/// Creates an account; reports its address and, when generated, its password.
#[component]
fn UserForm(
    organisations: Vec<Organisation>,
    #[prop(into)] on_created: Callback<(String, Option<String>)>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("user-new");
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let language = RwSignal::new("en".to_owned());
    let roles = RwSignal::new(vec![Role::Manager.as_str().to_owned()]);
    let organisation_ids = RwSignal::new(Vec::<String>::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let new = NewUser {
            email: email.get(),
            display_name: display_name.get(),
            language: Lang::from_code(&language.get()).unwrap_or_default(),
            roles: roles_of(&roles.get()),
            organisation_ids: organisation_ids.get(),
            active: true,
            password: None,
        };
        if let Err(errors) = new.validate() {
            return form.refuse(errors);
        }
        leptos::task::spawn_local(async move {
            if let Some(created) = form.run(api::create_user(&new)).await {
                on_created.run((created.user.email, created.initial_password));
            }
        });
    };
    let languages = language_choices();
    view! {
        <form class="edit-form" id="user-new" novalidate on:submit=on_submit>
            <h2>{t!(i18n, users.heading_new)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="email" input_type="email" label=move || t_string!(i18n, users.email).to_string() value=email required=true />
                <InputField form=form name="display_name" label=move || t_string!(i18n, users.display_name).to_string() value=display_name required=true />
                <SelectField form=form name="language" label=move || t_string!(i18n, users.language).to_string() value=language choices=languages required=true />
                <CheckboxesField form=form name="roles" label=move || t_string!(i18n, users.roles).to_string() value=roles choices=role_choices() />
                <CheckboxesField
                    form=form
                    name="organisation_ids"
                    label=move || t_string!(i18n, users.organisations).to_string()
                    value=organisation_ids
                    choices=organisation_choices(&organisations)
                />
            </div>
            <FormActions form=form on_cancel=on_cancel />
        </form>
    }
}

/// Changes an account's roles and organisations.
#[component]
fn MembershipForm(user: User, organisations: Vec<Organisation>, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(format!("user-{}", user.id));
    let roles = RwSignal::new(user.roles.iter().map(|r| r.as_str().to_owned()).collect::<Vec<_>>());
    let organisation_ids = RwSignal::new(user.organisation_ids.clone());
    let id = user.id.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let patch = UserPatch {
            roles: Some(roles_of(&roles.get())),
            organisation_ids: Some(organisation_ids.get()),
            ..UserPatch::default()
        };
        let id = id.clone();
        leptos::task::spawn_local(async move {
            if form.run(api::update_user(&id, &patch)).await.is_some() {
                on_done.run(());
            }
        });
    };
    view! {
        <form class="edit-form" novalidate on:submit=on_submit>
            <FormSummary form=form />
            <div class="form-grid">
                <CheckboxesField form=form name="roles" label=move || t_string!(i18n, users.roles).to_string() value=roles choices=role_choices() />
                <CheckboxesField
                    form=form
                    name="organisation_ids"
                    label=move || t_string!(i18n, users.organisations).to_string()
                    value=organisation_ids
                    choices=organisation_choices(&organisations)
                />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}

/// `/api-keys`.
#[component]
pub fn ApiKeys() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    set_page_title(move || t_string!(i18n, keys.title).to_string());
    let version = RwSignal::new(0u32);
    let keys = LocalResource::new(move || {
        version.get();
        async move { api::list_api_keys().await }
    });
    let organisations = LocalResource::new(|| async { api::list_organisations().await.map(|page| page.items) });
    let adding = RwSignal::new(false);
    let secret = RwSignal::new(None::<(String, String)>);
    let allowed = move || session.has(Role::Admin) || session.has(Role::Manager);
    view! {
        <div class="container">
            <div class="section-head">
                <h1>{t!(i18n, keys.title)}</h1>
                <Show when=allowed>
                    <AddButton open=adding controls="key-new">{t!(i18n, keys.add)}</AddButton>
                </Show>
            </div>
            <p class="muted">{t!(i18n, keys.intro)}</p>
            <Show when=allowed fallback=move || view! { <p>{t!(i18n, keys.managers_only)}</p> }>
                {move || secret.get().map(|(name, value)| {
                    let title = t_string!(i18n, keys.secret_title, name = name).to_string();
                    view! { <SecretNotice title=title body=t_string!(i18n, keys.secret_body).to_string() secret=value on_close=move |()| secret.set(None) /> }
                })}
                <Transition fallback=move || view! { <Loading>{t!(i18n, keys.loading)}</Loading> }>
                    {move || Suspend::new(async move {
                        match (keys.await, organisations.await) {
                            (Ok(page), Ok(organisations)) => {
                                let own: Vec<Organisation> = if session.has(Role::Admin) {
                                    organisations.clone()
                                } else {
                                    let mine = session.me().map(|me| me.user.organisation_ids).unwrap_or_default();
                                    organisations.iter().filter(|o| mine.contains(&o.id)).cloned().collect()
                                };
                                view! {
                                    <Show when=move || adding.get()>
                                        <KeyForm organisations=own.clone() on_created=move |(name, value): (String, String)| {
                                            adding.set(false);
                                            version.update(|v| *v += 1);
                                            secret.set(Some((name, value)));
                                        } on_cancel=move |()| adding.set(false) />
                                    </Show>
                                    <KeyTable keys=page.items organisations=organisations.clone() version=version />
                                }
                                .into_any()
                            }
                            (Err(failure), _) | (_, Err(failure)) => view! { <ErrorPanel failure=failure /> }.into_any(),
                        }
                    })}
                </Transition>
            </Show>
        </div>
    }
}

#[component]
fn KeyTable(keys: Vec<ApiKey>, organisations: Vec<Organisation>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    if keys.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, keys.empty)}</p> }.into_any();
    }
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| at.map(|at| at.format("%Y-%m-%d %H:%M").to_string());
    let form = FormState::new("key-actions");
    view! {
        <FormSummary form=form />
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, keys.name)}</th>
                    <th scope="col">{t!(i18n, keys.prefix)}</th>
                    <th scope="col">{t!(i18n, keys.scopes)}</th>
                    <th scope="col">{t!(i18n, keys.organisation)}</th>
                    <th scope="col">{t!(i18n, keys.last_used)}</th>
                    <th scope="col">{t!(i18n, keys.expires_at)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, keys.revoke)}</span></th>
                </tr>
            </thead>
            <tbody>
                {keys
                    .into_iter()
                    .map(|key| {
                        let scopes: Vec<String> = key.scopes.iter().map(|s| label(*s)()).collect();
                        let organisation = key.organisation_id.as_deref().map_or_else(
                            || t_string!(i18n, keys.no_organisation).to_string(),
                            |id| organisation_name(&organisations, id),
                        );
                        let never = t_string!(i18n, keys.never).to_string();
                        let id = key.id.clone();
                        let revoke = move |()| {
                            let id = id.clone();
                            leptos::task::spawn_local(async move {
                                if form.run(api::revoke_api_key(&id)).await.is_some() {
                                    version.update(|v| *v += 1);
                                }
                            });
                        };
                        let revoked = key.revoked_at.is_some();
                        view! {
                            <tr class:revoked=revoked>
                                <td>{key.name.clone()}</td>
                                <td><code>{key.prefix.clone()}"…"</code></td>
                                <td>{scopes.join(", ")}</td>
                                <td>{organisation}</td>
                                <td>{when(key.last_used_at).unwrap_or_else(|| never.clone())}</td>
                                <td>{when(key.expires_at).unwrap_or(never)}</td>
                                <td>
                                    {if revoked {
                                        view! { <span class="tag tag-late">{t!(i18n, keys.revoked)}</span> }.into_any()
                                    } else {
                                        let verb = Signal::derive(move || t_string!(i18n, keys.revoke).to_string());
                                        view! { <DeleteButton name=key.name.clone() on_confirm=revoke verb=verb /> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Creates an API key; reports its name and secret.
#[component]
fn KeyForm(
    organisations: Vec<Organisation>,
    #[prop(into)] on_created: Callback<(String, String)>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let form = FormState::new("key-new");
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec![Scope::Read.as_str().to_owned()]);
    let organisation_id = RwSignal::new(if session.has(Role::Admin) {
        String::new()
    } else {
        organisations.first().map(|o| o.id.clone()).unwrap_or_default()
    });
    let expires_on = RwSignal::new(String::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let expiry = read::optional_date(&mut errors, "expires_at", &expires_on.get())
            .and_then(|day| day.and_hms_opt(23, 59, 59))
            .map(|at| at.and_utc());
        let new = NewApiKey {
            name: name.get(),
            scopes: scopes.get().iter().filter_map(|s| s.parse().ok()).collect(),
            organisation_id: read::optional_text(&organisation_id.get()),
            expires_at: expiry,
        };
        read::rules(&mut errors, new.validate(chrono::Utc::now(), None));
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        leptos::task::spawn_local(async move {
            if let Some(created) = form.run(api::create_api_key(&new)).await {
                on_created.run((created.key.name, created.secret));
            }
        });
    };
    let scope_choices: Vec<(String, String)> =
        Scope::ALL.iter().filter(|scope| !scope.is_reserved()).map(|s| (s.as_str().to_owned(), label(*s)())).collect();
    let organisation_choices: Vec<(String, Signal<String>)> =
        organisations.iter().map(|o| (o.id.clone(), Signal::stored(o.name.clone()))).collect();
    let secretariat = session.has(Role::Admin);
    view! {
        <form class="edit-form" id="key-new" novalidate on:submit=on_submit>
            <h2>{t!(i18n, keys.heading_new)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="name" label=move || t_string!(i18n, keys.name).to_string() value=name required=true />
                {if secretariat {
                    view! {
                        <SelectField
                            form=form
                            name="organisation_id"
                            label=move || t_string!(i18n, keys.organisation).to_string()
                            value=organisation_id
                            choices=organisation_choices
                            empty=Signal::derive(move || t_string!(i18n, keys.no_organisation).to_string())
                        />
                    }
                    .into_any()
                } else {
                    view! {
                        <SelectField
                            form=form
                            name="organisation_id"
                            label=move || t_string!(i18n, keys.organisation).to_string()
                            value=organisation_id
                            choices=organisation_choices
                            required=true
                        />
                    }
                    .into_any()
                }}
                <InputField form=form name="expires_at" input_type="date" label=move || t_string!(i18n, keys.expires_at).to_string() value=expires_on />
                <CheckboxesField form=form name="scopes" label=move || t_string!(i18n, keys.scopes).to_string() value=scopes choices=scope_choices />
            </div>
            <FormActions form=form on_cancel=on_cancel />
        </form>
    }
}
