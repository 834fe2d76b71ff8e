//! The API keys page: the keys a caller may see, issuing one (its secret shown once) and revoking.

use super::*;

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
                                let own = own_organisations(session, &organisations);
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
pub(crate) fn KeyTable(keys: Vec<ApiKey>, organisations: Vec<Organisation>, version: RwSignal<u32>) -> impl IntoView {
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
                            form.write(async move {
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
pub(crate) fn KeyForm(
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
        form.write(async move {
            if let Some(created) = form.run(api::create_api_key(&new)).await {
                on_created.run((created.key.name, created.secret));
            }
        });
    };
    let scope_choices: Vec<(String, String)> =
        Scope::ALL.iter().map(|s| (s.as_str().to_owned(), label(*s)())).collect();
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
