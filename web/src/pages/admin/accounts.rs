//! The Secretariat's accounts page: the accounts, their roles and organisations, and new ones.

use super::*;

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
pub(crate) fn UserTable(
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
                                form.write(async move {
                                    let patch = UserPatch { active: Some(!active), ..UserPatch::default() };
                                    if form.run(api::update_user(&id, &patch)).await.is_some() {
                                        version.update(|v| *v += 1);
                                    }
                                });
                            }
                        };
                        let reset = move |_| {
                            let (id, email) = (id.clone(), email.clone());
                            form.write(async move {
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

pub(crate) fn role_choices() -> Vec<(String, String)> {
    Role::ALL.iter().map(|role| (role.as_str().to_owned(), label(*role)())).collect()
}

pub(crate) fn organisation_choices(organisations: &[Organisation]) -> Vec<(String, String)> {
    organisations.iter().map(|o| (o.id.clone(), o.name.clone())).collect()
}

pub(crate) fn roles_of(wire: &[String]) -> Vec<Role> {
    wire.iter().filter_map(|role| role.parse().ok()).collect()
}

/// Creates an account; reports its address and, when generated, its password.
#[component]
pub(crate) fn UserForm(
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
        form.write(async move {
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
pub(crate) fn MembershipForm(
    user: User,
    organisations: Vec<Organisation>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
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
        form.write(async move {
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
