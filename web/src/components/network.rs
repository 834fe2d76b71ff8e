//! A hub in the network: the hubs it is connected to, and its activities.

use l4a_shared::activity::{Activity, ActivityKind, ActivityPatch, NewActivity};
use l4a_shared::connection::{
    Connection, ConnectionDecision, ConnectionKind, ConnectionOutcome, ConnectionState, NewConnection,
};
use l4a_shared::page::MAX_PER_PAGE;
use l4a_shared::query::{HubQuery, HubSort};
use l4a_shared::validation::ValidationErrors;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, Versioned};
use crate::components::edits::HubEdits;
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{
    AddButton, Choice, FormActions, FormState, FormSummary, InputField, ItemActions, SelectField, TextAreaField,
    choices, editor, read,
};
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;

/// The hubs this hub is connected to, whichever end recorded the link.
#[component]
pub fn ConnectionsSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let this_hub = hub_id.clone();
    let form_hub = hub_id.clone();
    let connections = LocalResource::new(move || {
        edits.version();
        let hub_id = hub_id.clone();
        async move { api::list_connections(&hub_id).await }
    });
    let adding = RwSignal::new(false);
    view! {
        <section class="hub-section" aria-labelledby="connections-heading">
            <div class="section-head">
                <h2 id="connections-heading">{t!(i18n, connections.title)}</h2>
                <AddButton open=adding controls="connection-new">{t!(i18n, connection_form.add)}</AddButton>
            </div>
            <Show when=move || adding.get()>
                <ConnectionForm hub_id=form_hub.clone() on_done=move |()| adding.set(false) />
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, connections.loading)}</Loading> }>
                {
                    let this_hub = this_hub.clone();
                    move || {
                        let this_hub = this_hub.clone();
                        Suspend::new(async move {
                            match connections.await {
                                Ok(page) if page.items.is_empty() => {
                                    view! { <p class="muted">{t!(i18n, connections.empty)}</p> }.into_any()
                                }
                                Ok(page) => view! {
                                    <ul class="connection-list">
                                        {page
                                            .items
                                            .into_iter()
                                            .map(|connection| view! { <ConnectionItem connection=connection this_hub=this_hub.clone() /> })
                                            .collect_view()}
                                    </ul>
                                }
                                .into_any(),
                                Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                            }
                        })
                    }
                }
            </Transition>
        </section>
    }
}

#[component]
fn ConnectionItem(connection: Connection, this_hub: String) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let other = if connection.hub.id == this_hub { connection.other_hub.clone() } else { connection.hub.clone() };
    let (id, name, link_text) = (connection.id.clone(), other.name.clone(), other.name.clone());
    let on_delete = move |()| {
        let (id, name) = (id.clone(), name.clone());
        leptos::task::spawn_local(async move {
            match api::delete_connection(&id).await {
                Ok(()) => edits.changed(t_string!(i18n, form.deleted, name = name).to_string()),
                Err(failure) => edits.notify(failure.to_string()),
            }
        });
    };
    // A request is answered by the hub that was asked, on its own page.
    let asked_here = connection.state == ConnectionState::Requested && connection.other_hub_id == this_hub;
    let state_note = match connection.state {
        ConnectionState::Accepted => None,
        ConnectionState::Requested if asked_here => Some(t_string!(i18n, connections.asks_us).to_string()),
        ConnectionState::Requested => Some(t_string!(i18n, connections.awaiting).to_string()),
        ConnectionState::Declined => Some(t_string!(i18n, connections.declined).to_string()),
    };
    let answer = {
        let (id, name) = (connection.id.clone(), other.name.clone());
        move |outcome: ConnectionOutcome| {
            let (id, name) = (id.clone(), name.clone());
            leptos::task::spawn_local(async move {
                match api::decide_connection(&id, &ConnectionDecision { outcome }).await {
                    Ok(_) => edits.changed(t_string!(i18n, form.saved, name = name).to_string()),
                    Err(failure) => edits.notify(failure.to_string()),
                }
            });
        }
    };
    let decline = answer.clone();
    view! {
        <li class="connection" class:connection-pending=move || state_note.is_some()>
            <span class="tag">{label(connection.kind)}</span>
            <A href=format!("/hubs/{}", other.slug)>{link_text}</A>
            {state_note.clone().map(|note| view! { <span class="tag tag-muted connection-state">{note}</span> })}
            <ItemActions name=other.name on_edit=None on_delete=on_delete />
            {(asked_here && edits.can_edit()).then(|| view! {
                <div class="item-actions connection-answer">
                    <button type="button" class="button small accept-connection" on:click=move |_| answer(ConnectionOutcome::Accept)>
                        {t!(i18n, connections.accept)}
                    </button>
                    <button type="button" class="button small secondary decline-connection" on:click=move |_| decline(ConnectionOutcome::Decline)>
                        {t!(i18n, connections.decline)}
                    </button>
                </div>
            })}
            {(!connection.description.is_empty()).then(|| view! { <p class="muted">{connection.description.clone()}</p> })}
        </li>
    }
}

/// Connects the hub to another one of the catalogue.
#[component]
fn ConnectionForm(hub_id: String, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let form = FormState::new("connection-new");
    let other_hub_id = RwSignal::new(String::new());
    let kind = RwSignal::new(ConnectionKind::PeerLearning.as_str().to_owned());
    let description = RwSignal::new(String::new());
    let hubs = LocalResource::new(|| async {
        api::list_hubs(&HubQuery { per_page: MAX_PER_PAGE, sort: HubSort::Name, ..HubQuery::default() }).await
    });
    let this_hub = hub_id.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let Some(kind) = read::choice::<ConnectionKind>(&mut errors, "kind", &kind.get()) else {
            return form.refuse(errors);
        };
        let new = NewConnection { other_hub_id: other_hub_id.get(), kind, description: description.get() };
        read::rules(&mut errors, new.validate());
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let hub_id = hub_id.clone();
        leptos::task::spawn_local(async move {
            if let Some(saved) = form.run(api::create_connection(&hub_id, &new)).await {
                edits.changed(t_string!(i18n, form.saved, name = saved.other_hub.name).to_string());
                on_done.run(());
            }
        });
    };
    let kinds = choices(ConnectionKind::ALL, ConnectionKind::as_str, |k| Signal::derive(label(k)));
    view! {
        <form class="edit-form" id="connection-new" novalidate on:submit=on_submit>
            <h3>{t!(i18n, connection_form.heading_new)}</h3>
            <FormSummary form=form />
            <div class="form-grid">
                <Suspense fallback=move || view! { <Loading>{t!(i18n, form.loading)}</Loading> }>
                    {
                        let this_hub = this_hub.clone();
                        move || {
                            let this_hub = this_hub.clone();
                            Suspend::new(async move {
                                let found = match hubs.await {
                                    Ok(page) => page.items,
                                    Err(failure) => {
                                        return view! { <FetchFailed failure=failure retry=move |()| hubs.refetch() /> }.into_any();
                                    }
                                };
                                let others: Vec<Choice> = found
                                    .into_iter()
                                    .filter(|hub| hub.id != this_hub)
                                    .map(|hub| (hub.id, Signal::stored(hub.name)))
                                    .collect();
                                view! {
                                    <SelectField
                                        form=form
                                        name="other_hub_id"
                                        label=move || t_string!(i18n, connection_form.other_hub).to_string()
                                        value=other_hub_id
                                        choices=others
                                        empty=Signal::derive(move || t_string!(i18n, connection_form.choose_hub).to_string())
                                        required=true
                                    />
                                }
                                .into_any()
                            })
                        }
                    }
                </Suspense>
                <SelectField form=form name="kind" label=move || t_string!(i18n, connection_form.kind).to_string() value=kind choices=kinds required=true />
                <TextAreaField form=form name="description" label=move || t_string!(i18n, connection_form.description).to_string() value=description />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}

/// The hub's events and publications, newest first.
#[component]
pub fn ActivitiesSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let form_hub = hub_id.clone();
    let activities = LocalResource::new(move || {
        edits.version();
        let hub_id = hub_id.clone();
        async move { api::list_activities(&hub_id).await }
    });
    let adding = RwSignal::new(false);
    view! {
        <section class="hub-section" aria-labelledby="activities-heading">
            <div class="section-head">
                <h2 id="activities-heading">{t!(i18n, activities.title)}</h2>
                <AddButton open=adding controls="activity-new">{t!(i18n, activity_form.add)}</AddButton>
            </div>
            <Show when=move || adding.get()>
                <ActivityForm hub_id=form_hub.clone() current=None on_done=move |()| adding.set(false) />
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, activities.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match activities.await {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="muted">{t!(i18n, activities.empty)}</p> }.into_any()
                        }
                        Ok(page) => view! {
                            <ol class="deliverable-list">
                                {page.items.into_iter().map(|activity| view! { <ActivityItem activity=activity /> }).collect_view()}
                            </ol>
                        }
                        .into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One activity: its card, or its edit form.
#[component]
fn ActivityItem(activity: Activity) -> impl IntoView {
    let editing = RwSignal::new(false);
    let (id, hub_id) = (activity.id.clone(), activity.hub_id.clone());
    view! {
        <Show
            when=move || editing.get()
            fallback={
                let activity = activity.clone();
                move || view! { <ActivityCard activity=activity.clone() editing=editing /> }
            }
        >
            <li class="deliverable editing">
                {
                    let (id, hub_id) = (id.clone(), hub_id.clone());
                    let current = LocalResource::new(move || {
                        let id = id.clone();
                        async move { api::find_activity(&id).await }
                    });
                    editor(current, move |current| {
                        view! { <ActivityForm hub_id=hub_id.clone() current=Some(current) on_done=move |()| editing.set(false) /> }
                    })
                }
            </li>
        </Show>
    }
}

#[component]
fn ActivityCard(activity: Activity, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let (id, title) = (activity.id.clone(), activity.title.clone());
    let on_delete = move |()| {
        let (id, title) = (id.clone(), title.clone());
        leptos::task::spawn_local(async move {
            match api::delete_activity(&id).await {
                Ok(()) => edits.changed(t_string!(i18n, form.deleted, name = title).to_string()),
                Err(failure) => edits.notify(failure.to_string()),
            }
        });
    };
    let venice =
        activity.venice_edition.map(|year| move || t_string!(i18n, activities.venice, year = year).to_string());
    view! {
        <li class="deliverable">
            <div class="deliverable-when">{activity.date.to_string()}</div>
            <div class="deliverable-body">
                <h3>{activity.title.clone()}</h3>
                <p class="deliverable-meta">
                    <span class="tag">{label(activity.kind)}</span>
                    {activity.place.clone().map(|place| view! { <span class="muted">{place}</span> })}
                    {venice.map(|label| view! { <span class="tag tag-on-time">{label}</span> })}
                    {activity.url.clone().map(|url| view! { <a href=url rel="external noopener">{t!(i18n, activities.link)}</a> })}
                </p>
                {(!activity.description.is_empty()).then(|| view! { <p>{activity.description.clone()}</p> })}
                <ItemActions name=activity.title.clone() on_edit=Callback::new(move |()| editing.set(true)) on_delete=on_delete />
            </div>
        </li>
    }
}

/// Adds an activity to the hub, or edits `current`.
#[component]
fn ActivityForm(
    hub_id: String,
    current: Option<Versioned<Activity>>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let existing = current.as_ref().map(|c| &c.value);
    let prefix = existing.map_or_else(|| "activity-new".to_owned(), |a| format!("activity-{}", a.id));
    let form = FormState::new(prefix.clone());
    let kind = RwSignal::new(existing.map_or(ActivityKind::Event, |a| a.kind).as_str().to_owned());
    let title = RwSignal::new(existing.map(|a| a.title.clone()).unwrap_or_default());
    let description = RwSignal::new(existing.map(|a| a.description.clone()).unwrap_or_default());
    let date = RwSignal::new(existing.map(|a| a.date.to_string()).unwrap_or_default());
    let place = RwSignal::new(existing.and_then(|a| a.place.clone()).unwrap_or_default());
    let url = RwSignal::new(existing.and_then(|a| a.url.clone()).unwrap_or_default());
    let venice_edition =
        RwSignal::new(existing.and_then(|a| a.venice_edition).map(|y| y.to_string()).unwrap_or_default());
    let is_edit = current.is_some();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let kind = read::choice::<ActivityKind>(&mut errors, "kind", &kind.get());
        let date = read::date(&mut errors, "date", &date.get());
        let venice = read::optional_integer(&mut errors, "venice_edition", &venice_edition.get());
        let Some(kind) = kind else {
            return form.refuse(errors);
        };
        let today = chrono::Utc::now().date_naive();
        let new = NewActivity {
            kind,
            title: title.get(),
            description: description.get(),
            date: date.unwrap_or(today),
            place: read::optional_text(&place.get()),
            url: read::optional_text(&url.get()),
            venice_edition: venice,
        };
        read::rules(&mut errors, new.validate(today));
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let (hub_id, current) = (hub_id.clone(), current.clone());
        leptos::task::spawn_local(async move {
            let saved = match &current {
                None => form.run(api::create_activity(&hub_id, &new)).await,
                Some(current) => {
                    let patch = ActivityPatch::from(new);
                    form.run(api::update_activity(&current.value.id, &patch, current.etag.as_deref())).await
                }
            };
            if let Some(saved) = saved {
                edits.changed(t_string!(i18n, form.saved, name = saved.title).to_string());
                on_done.run(());
            }
        });
    };
    let kinds = choices(ActivityKind::ALL, ActivityKind::as_str, |k| Signal::derive(label(k)));
    view! {
        <form class="edit-form" id=prefix novalidate on:submit=on_submit>
            <h3>
                {move || if is_edit {
                    t_string!(i18n, activity_form.heading_edit).to_string()
                } else {
                    t_string!(i18n, activity_form.heading_new).to_string()
                }}
            </h3>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="title" label=move || t_string!(i18n, activity_form.title).to_string() value=title required=true />
                <SelectField form=form name="kind" label=move || t_string!(i18n, activity_form.kind).to_string() value=kind choices=kinds required=true />
                <InputField form=form name="date" input_type="date" label=move || t_string!(i18n, activity_form.date).to_string() value=date required=true />
                <InputField
                    form=form
                    name="place"
                    label=move || t_string!(i18n, activity_form.place).to_string()
                    value=place
                    hint=Signal::derive(move || t_string!(i18n, activity_form.place_hint).to_string())
                />
                <InputField form=form name="url" input_type="url" label=move || t_string!(i18n, activity_form.url).to_string() value=url />
                <InputField form=form name="venice_edition" input_type="number" label=move || t_string!(i18n, activity_form.venice_edition).to_string() value=venice_edition />
                <TextAreaField form=form name="description" label=move || t_string!(i18n, activity_form.description).to_string() value=description />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}
