//! The webhooks page: the subscriptions a caller manages, subscribing (the signing secret shown
//! once), switching one off and on, rotating its secret, and each one's delivery log with
//! redelivery.

use l4a_shared::proposal::EventKind;
use l4a_shared::query::DeliveryQuery;
use l4a_shared::webhook::{DeliveryState, NewWebhook, Webhook, WebhookDelivery, WebhookPatch, WebhookState};

use super::*;

/// `/webhooks`.
#[component]
pub fn Webhooks() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    set_page_title(move || t_string!(i18n, webhooks.title).to_string());
    let version = RwSignal::new(0u32);
    let webhooks = LocalResource::new(move || {
        version.get();
        async move { api::list_webhooks().await }
    });
    let organisations = LocalResource::new(|| async { api::list_organisations().await.map(|page| page.items) });
    let adding = RwSignal::new(false);
    let secret = RwSignal::new(None::<(String, String)>);
    let allowed = move || session.has(Role::Admin) || session.has(Role::Manager);
    view! {
        <div class="container">
            <div class="section-head">
                <h1>{t!(i18n, webhooks.title)}</h1>
                <Show when=allowed>
                    <AddButton open=adding controls="webhook-new">{t!(i18n, webhooks.add)}</AddButton>
                </Show>
            </div>
            <p class="muted">{t!(i18n, webhooks.intro)}</p>
            <Show when=allowed fallback=move || view! { <p>{t!(i18n, webhooks.managers_only)}</p> }>
                {move || secret.get().map(|(url, value)| {
                    let title = t_string!(i18n, webhooks.secret_title, url = url).to_string();
                    view! { <SecretNotice title=title body=t_string!(i18n, webhooks.secret_body).to_string() secret=value on_close=move |()| secret.set(None) /> }
                })}
                <Transition fallback=move || view! { <Loading>{t!(i18n, webhooks.loading)}</Loading> }>
                    {move || Suspend::new(async move {
                        match (webhooks.await, organisations.await) {
                            (Ok(page), Ok(organisations)) => {
                                let own = own_organisations(session, &organisations);
                                view! {
                                    <Show when=move || adding.get()>
                                        <WebhookForm organisations=own.clone() on_created=move |(url, value): (String, String)| {
                                            adding.set(false);
                                            version.update(|v| *v += 1);
                                            secret.set(Some((url, value)));
                                        } on_cancel=move |()| adding.set(false) />
                                    </Show>
                                    <WebhookList webhooks=page.items organisations=organisations.clone() version=version secret=secret />
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
fn WebhookList(
    webhooks: Vec<Webhook>,
    organisations: Vec<Organisation>,
    version: RwSignal<u32>,
    secret: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if webhooks.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, webhooks.empty)}</p> }.into_any();
    }
    let form = FormState::new("webhook-actions");
    let open_log = RwSignal::new(None::<String>);
    view! {
        <FormSummary form=form />
        <ul class="webhook-list">
            {webhooks
                .into_iter()
                .map(|webhook| {
                    let scope = webhook.organisation_id.as_deref().map_or_else(
                        || t_string!(i18n, webhooks.every_event).to_string(),
                        |id| organisation_name(&organisations, id),
                    );
                    let active = webhook.state == WebhookState::Active;
                    let (id, url) = (webhook.id.clone(), webhook.url.clone());
                    let switch = {
                        let id = id.clone();
                        move |_| {
                            let id = id.clone();
                            let state = if active { WebhookState::Disabled } else { WebhookState::Active };
                            form.write(async move {
                                let patch = WebhookPatch { state: Some(state), ..WebhookPatch::default() };
                                if form.run(api::update_webhook(&id, &patch)).await.is_some() {
                                    version.update(|v| *v += 1);
                                }
                            });
                        }
                    };
                    let rotate = {
                        let (id, url) = (id.clone(), url.clone());
                        move |_| {
                            let (id, url) = (id.clone(), url.clone());
                            form.write(async move {
                                if let Some(rotated) = form.run(api::rotate_webhook_secret(&id)).await {
                                    version.update(|v| *v += 1);
                                    secret.set(Some((url, rotated.secret)));
                                }
                            });
                        }
                    };
                    let remove = {
                        let id = id.clone();
                        move |()| {
                            let id = id.clone();
                            form.write(async move {
                                if form.run(api::delete_webhook(&id)).await.is_some() {
                                    version.update(|v| *v += 1);
                                }
                            });
                        }
                    };
                    let log_id = id.clone();
                    let showing = {
                        let id = id.clone();
                        move || open_log.get().as_deref() == Some(id.as_str())
                    };
                    let toggle_log = {
                        let id = id.clone();
                        move |_| open_log.update(|open| *open = if open.as_deref() == Some(id.as_str()) { None } else { Some(id.clone()) })
                    };
                    let events: Vec<String> = webhook.events.iter().map(|kind| kind.as_str().to_owned()).collect();
                    let rotation = webhook.previous_secret_until.map(|until| {
                        t_string!(i18n, webhooks.rotating_until, until = until.format("%Y-%m-%d %H:%M UTC").to_string()).to_string()
                    });
                    let showing_for_button = showing.clone();
                    view! {
                        <li class="webhook" class:disabled=!active>
                            <div class="webhook-head">
                                <code class="webhook-url">{url.clone()}</code>
                                <span class=if active { "tag tag-on-time" } else { "tag tag-late" }>{label(webhook.state)()}</span>
                            </div>
                            {(!webhook.description.is_empty()).then(|| view! { <p>{webhook.description.clone()}</p> })}
                            <dl class="facts">
                                <dt>{t!(i18n, webhooks.scope)}</dt><dd>{scope}</dd>
                                <dt>{t!(i18n, webhooks.events)}</dt>
                                <dd>{events.into_iter().map(|kind| view! { <code class="event-kind">{kind}</code>" " }).collect_view()}</dd>
                            </dl>
                            {webhook.disabled_reason.clone().map(|reason| view! { <p class="notice">{reason}</p> })}
                            {rotation.map(|text| view! { <p class="muted">{text}</p> })}
                            <div class="row-actions">
                                <button type="button" class="button" aria-expanded=move || showing_for_button().to_string() on:click=toggle_log>
                                    {t!(i18n, webhooks.deliveries)}
                                </button>
                                <button type="button" class="button" on:click=switch disabled=move || form.busy()>
                                    {if active { t!(i18n, webhooks.disable).into_any() } else { t!(i18n, webhooks.enable).into_any() }}
                                </button>
                                <button type="button" class="button" on:click=rotate disabled=move || form.busy()>{t!(i18n, webhooks.rotate)}</button>
                                <DeleteButton name=url on_confirm=remove />
                            </div>
                            <Show when=showing.clone()>
                                <DeliveryLog webhook_id=log_id.clone() />
                            </Show>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// A subscription's deliveries, newest first, with every attempt and a way to send one again.
#[component]
fn DeliveryLog(webhook_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let page = RwSignal::new(1u32);
    let id = StoredValue::new(webhook_id);
    let deliveries = LocalResource::new(move || {
        version.get();
        let query = DeliveryQuery { page: page.get(), per_page: 10, state: None };
        let id = id.get_value();
        async move { api::list_webhook_deliveries(&id, &query).await }
    });
    let form = FormState::new("delivery-actions");
    view! {
        <section class="delivery-log" aria-label=move || t_string!(i18n, webhooks.deliveries).to_string()>
            <FormSummary form=form />
            <Transition fallback=move || view! { <Loading>{t!(i18n, webhooks.loading_deliveries)}</Loading> }>
                {move || Suspend::new(async move {
                    match deliveries.await {
                        Ok(found) if found.items.is_empty() => view! { <p class="empty-state">{t!(i18n, webhooks.no_deliveries)}</p> }.into_any(),
                        Ok(found) => {
                            let pages = found.total.div_ceil(u64::from(found.per_page.max(1)));
                            view! {
                                <table class="data-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, webhooks.event)}</th>
                                            <th scope="col">{t!(i18n, webhooks.state)}</th>
                                            <th scope="col">{t!(i18n, webhooks.attempts)}</th>
                                            <th scope="col"><span class="visually-hidden">{t!(i18n, webhooks.redeliver)}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {found.items.into_iter().map(|delivery| view! { <DeliveryRow delivery=delivery form=form version=version /> }).collect_view()}
                                    </tbody>
                                </table>
                                <Show when=move || { pages > 1 }>
                                    <div class="row-actions">
                                        <button type="button" class="button" disabled=move || page.get() <= 1 on:click=move |_| page.update(|p| *p -= 1)>{t!(i18n, pager.previous)}</button>
                                        <span>{move || format!("{} / {pages}", page.get())}</span>
                                        <button type="button" class="button" disabled=move || u64::from(page.get()) >= pages on:click=move |_| page.update(|p| *p += 1)>{t!(i18n, pager.next)}</button>
                                    </div>
                                </Show>
                            }
                            .into_any()
                        }
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DeliveryRow(delivery: WebhookDelivery, form: FormState, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let (webhook_id, delivery_id) = (delivery.webhook_id.clone(), delivery.id.clone());
    let redeliver = move |_| {
        let (webhook_id, delivery_id) = (webhook_id.clone(), delivery_id.clone());
        form.write(async move {
            if form.run(api::redeliver_webhook_event(&webhook_id, &delivery_id)).await.is_some() {
                version.update(|v| *v += 1);
            }
        });
    };
    let tag = match delivery.state {
        DeliveryState::Succeeded => "tag tag-on-time",
        DeliveryState::Pending => "tag",
        DeliveryState::Failed => "tag tag-late",
    };
    let next = delivery
        .next_attempt_at
        .map(|at| t_string!(i18n, webhooks.next_attempt, at = at.format("%Y-%m-%d %H:%M UTC").to_string()).to_string());
    view! {
        <tr>
            <td><code class="event-kind">{delivery.event_kind.as_str()}</code><br /><small class="muted">{delivery.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</small></td>
            <td><span class=tag>{label(delivery.state)()}</span>{next.map(|text| view! { <br /><small>{text}</small> })}</td>
            <td>
                <ol class="attempts">
                    {delivery.attempts.into_iter().map(|attempt| {
                        let status = attempt.response_status.map_or_else(|| "—".to_owned(), |s| s.to_string());
                        let detail = attempt.error.clone().unwrap_or_default();
                        view! {
                            <li>
                                <span>{attempt.at.format("%m-%d %H:%M:%S").to_string()}</span>" · "
                                <strong>{status}</strong>" · "
                                <span>{format!("{} ms", attempt.duration_ms)}</span>
                                {(!detail.is_empty()).then(|| view! { " · "<span class="muted">{detail}</span> })}
                                {(!attempt.response_excerpt.is_empty()).then(|| view! { <pre class="excerpt">{attempt.response_excerpt.clone()}</pre> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </td>
            <td><button type="button" class="button" on:click=redeliver disabled=move || form.busy()>{t!(i18n, webhooks.redeliver)}</button></td>
        </tr>
    }
}

/// Subscribes to events; reports the address and the secret.
#[component]
fn WebhookForm(
    organisations: Vec<Organisation>,
    #[prop(into)] on_created: Callback<(String, String)>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let form = FormState::new("webhook-new");
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let events = RwSignal::new(Vec::<String>::new());
    let organisation_id = RwSignal::new(if session.has(Role::Admin) {
        String::new()
    } else {
        organisations.first().map(|o| o.id.clone()).unwrap_or_default()
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let new = NewWebhook {
            url: url.get(),
            description: description.get(),
            events: events.get().iter().filter_map(|kind| kind.parse().ok()).collect(),
            organisation_id: read::optional_text(&organisation_id.get()),
        };
        // The server's allow-list is its own: here only the shape is checked.
        read::rules(
            &mut errors,
            new.validate(&[]).map(|_| ()).or_else(|refused| {
                let shape: Vec<_> = refused.0.into_iter().filter(|e| !e.message.contains("public address")).collect();
                if shape.is_empty() { Ok(()) } else { Err(ValidationErrors(shape)) }
            }),
        );
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        form.write(async move {
            if let Some(created) = form.run(api::create_webhook(&new)).await {
                on_created.run((created.webhook.url, created.secret));
            }
        });
    };
    let event_choices = move || -> Vec<(String, String)> {
        let for_organisation = !organisation_id.get().is_empty();
        EventKind::ALL
            .iter()
            .filter(|kind| !for_organisation || kind.followed_by_organisations())
            .map(|kind| (kind.as_str().to_owned(), kind.as_str().to_owned()))
            .collect()
    };
    let organisation_choices: Vec<(String, Signal<String>)> =
        organisations.iter().map(|o| (o.id.clone(), Signal::stored(o.name.clone()))).collect();
    let secretariat = session.has(Role::Admin);
    view! {
        <form class="edit-form" id="webhook-new" novalidate on:submit=on_submit>
            <h2>{t!(i18n, webhooks.heading_new)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="url" input_type="url" label=move || t_string!(i18n, webhooks.url).to_string() value=url required=true />
                <InputField form=form name="description" label=move || t_string!(i18n, webhooks.description).to_string() value=description />
                {if secretariat {
                    view! {
                        <SelectField form=form name="organisation_id" label=move || t_string!(i18n, webhooks.scope).to_string() value=organisation_id choices=organisation_choices empty=Signal::derive(move || t_string!(i18n, webhooks.every_event).to_string()) />
                    }
                    .into_any()
                } else {
                    view! {
                        <SelectField form=form name="organisation_id" label=move || t_string!(i18n, webhooks.scope).to_string() value=organisation_id choices=organisation_choices required=true />
                    }
                    .into_any()
                }}
                {move || view! { <CheckboxesField form=form name="events" label=move || t_string!(i18n, webhooks.events).to_string() value=events choices=event_choices() /> }}
            </div>
            <FormActions form=form on_cancel=on_cancel />
        </form>
    }
}
