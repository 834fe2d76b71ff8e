//! A hub's deliverables: a timeline across the hub's period with late ones marked, and the list.

use l4a_shared::deliverable::{Deliverable, DeliverableKind, DeliverablePatch, DeliverableStatus, NewDeliverable};
use l4a_shared::figures::elapsed_fraction;
use l4a_shared::hub::Hub;
use l4a_shared::validation::{HubPeriod, ValidationErrors};
use leptos::prelude::*;

use crate::api::{self, Versioned};
use crate::components::edits::HubEdits;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::components::form::{
    AddButton, FormActions, FormState, FormSummary, InputField, ItemActions, SelectField, TextAreaField, choices,
    editor, read,
};
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;

/// The CSS class that colours a deliverable on the timeline and in the list.
fn state_class(deliverable: &Deliverable) -> &'static str {
    match deliverable.status {
        _ if deliverable.late => "late",
        DeliverableStatus::Delivered if deliverable.on_time => "on-time",
        DeliverableStatus::Delivered => "delivered-late",
        DeliverableStatus::Cancelled => "cancelled",
        DeliverableStatus::Planned | DeliverableStatus::InProgress => "open",
    }
}

/// The deliverables section of a hub's page.
#[component]
pub fn DeliverablesSection(hub: Hub) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let hub_id = hub.id.clone();
    let deliverables = LocalResource::new(move || {
        edits.version();
        let hub_id = hub_id.clone();
        async move { api::list_deliverables(&hub_id).await }
    });
    let adding = RwSignal::new(false);
    let form_hub = hub.clone();
    view! {
        <section class="hub-section" aria-labelledby="deliverables-heading">
            <div class="section-head">
                <h2 id="deliverables-heading">{t!(i18n, deliverables.title)}</h2>
                <AddButton open=adding controls="deliverable-new">{t!(i18n, deliverable_form.add)}</AddButton>
            </div>
            <Show when=move || adding.get()>
                <DeliverableForm hub=form_hub.clone() current=None on_done=move |()| adding.set(false) />
            </Show>
            <Transition fallback=move || view! { <Loading>{t!(i18n, deliverables.loading)}</Loading> }>
                {
                    let hub = hub.clone();
                    move || {
                        let hub = hub.clone();
                        Suspend::new(async move {
                            match deliverables.await {
                                Ok(page) if page.items.is_empty() => {
                                    view! { <p class="muted">{t!(i18n, deliverables.empty)}</p> }.into_any()
                                }
                                Ok(page) => view! { <Deliverables hub=hub items=page.items /> }.into_any(),
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
fn Deliverables(hub: Hub, items: Vec<Deliverable>) -> impl IntoView {
    let i18n = use_i18n();
    let total = items.len();
    let delivered = items.iter().filter(|d| d.status == DeliverableStatus::Delivered).count();
    let late = items.iter().filter(|d| d.late).count();
    let summary =
        move || t_string!(i18n, deliverables.summary, delivered = delivered, late = late, total = total).to_string();
    let today = chrono::Utc::now().date_naive();
    let position = |date| format!("{:.2}%", elapsed_fraction(hub.start_date, hub.end_date, date) * 100.0);
    let today_marker = (hub.start_date..=hub.end_date).contains(&today).then(|| position(today));
    let markers: Vec<(String, String, String)> = items
        .iter()
        .map(|d| (position(d.due_date), state_class(d).to_owned(), format!("{} · {}", d.due_date, d.title)))
        .collect();
    view! {
        <p class="section-summary">{summary}</p>
        <div class="timeline" role="img" aria-label=move || format!("{}: {}", t_string!(i18n, deliverables.timeline), summary())>
            <span class="timeline-end start">{hub.start_date.to_string()}</span>
            <div class="timeline-bar">
                {today_marker.map(|left| view! { <span class="timeline-today" style:left=left></span> })}
                {markers
                    .into_iter()
                    .map(|(left, class, title)| view! { <span class=format!("timeline-dot {class}") style:left=left title=title></span> })
                    .collect_view()}
            </div>
            <span class="timeline-end end">{hub.end_date.to_string()}</span>
        </div>
        <ol class="deliverable-list">
            {items
                .into_iter()
                .map(|deliverable| view! { <DeliverableItem hub=hub.clone() deliverable=deliverable /> })
                .collect_view()}
        </ol>
    }
}

#[component]
fn DeliverableItem(hub: Hub, deliverable: Deliverable) -> impl IntoView {
    let editing = RwSignal::new(false);
    let id = deliverable.id.clone();
    view! {
        <Show
            when=move || editing.get()
            fallback={
                let deliverable = deliverable.clone();
                move || view! { <DeliverableCard deliverable=deliverable.clone() editing=editing /> }
            }
        >
            <li class="deliverable editing">
                {
                    let (id, hub) = (id.clone(), hub.clone());
                    let current = LocalResource::new(move || {
                        let id = id.clone();
                        async move { api::find_deliverable(&id).await }
                    });
                    editor(current, move |current| {
                        view! { <DeliverableForm hub=hub.clone() current=Some(current) on_done=move |()| editing.set(false) /> }
                    })
                }
            </li>
        </Show>
    }
}

#[component]
fn DeliverableCard(deliverable: Deliverable, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let class = format!("deliverable {}", state_class(&deliverable));
    let due = deliverable.due_date.to_string();
    let due_label = move || t_string!(i18n, deliverables.due, date = due.clone()).to_string();
    let delivered = deliverable.delivered_on.map(|date| {
        let date = date.to_string();
        move || t_string!(i18n, deliverables.delivered_on, date = date.clone()).to_string()
    });
    let (late, on_time, delivered_late) = (
        deliverable.late,
        deliverable.on_time,
        deliverable.status == DeliverableStatus::Delivered && !deliverable.on_time,
    );
    view! {
        <li class=class>
            <div class="deliverable-when">{due_label}</div>
            <div class="deliverable-body">
                <h3>{deliverable.title.clone()}</h3>
                <p class="deliverable-meta">
                    <span class="tag">{label(deliverable.kind)}</span>
                    <span class="tag">{label(deliverable.status)}</span>
                    <Show when=move || late>
                        <span class="tag tag-late">{t!(i18n, deliverables.late)}</span>
                    </Show>
                    <Show when=move || on_time>
                        <span class="tag tag-on-time">{t!(i18n, deliverables.on_time)}</span>
                    </Show>
                    <Show when=move || delivered_late>
                        <span class="tag tag-delivered-late">{t!(i18n, deliverables.delivered_late)}</span>
                    </Show>
                    {delivered.map(|label| view! { <span class="muted">{label}</span> })}
                </p>
                {(!deliverable.description.is_empty()).then(|| view! { <p>{deliverable.description.clone()}</p> })}
                {deliverable.evidence_url.clone().map(|url| view! {
                    <p><a href=url rel="external noopener">{t!(i18n, deliverables.evidence)}</a></p>
                })}
                <ItemActions
                    name=deliverable.title.clone()
                    on_edit=Callback::new(move |()| editing.set(true))
                    on_delete={
                        let (id, title) = (deliverable.id.clone(), deliverable.title.clone());
                        move |()| {
                            let (id, title) = (id.clone(), title.clone());
                            edits.send(async move { api::delete_deliverable(&id).await }, t_string!(i18n, form.deleted, name = title).to_string());
                        }
                    }
                />
            </div>
        </li>
    }
}

/// Adds a deliverable to `hub`, or edits `current`.
#[component]
fn DeliverableForm(
    hub: Hub,
    current: Option<Versioned<Deliverable>>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    let prefix =
        current.as_ref().map_or_else(|| "deliverable-new".to_owned(), |c| format!("deliverable-{}", c.value.id));
    let form = FormState::new(prefix.clone());
    let existing = current.as_ref().map(|c| &c.value);
    let title = RwSignal::new(existing.map(|d| d.title.clone()).unwrap_or_default());
    let description = RwSignal::new(existing.map(|d| d.description.clone()).unwrap_or_default());
    let kind = RwSignal::new(existing.map_or(DeliverableKind::Publication, |d| d.kind).as_str().to_owned());
    let due_date = RwSignal::new(existing.map(|d| d.due_date.to_string()).unwrap_or_default());
    let status = RwSignal::new(existing.map_or(DeliverableStatus::Planned, |d| d.status).as_str().to_owned());
    let delivered_on = RwSignal::new(existing.and_then(|d| d.delivered_on).map(|d| d.to_string()).unwrap_or_default());
    let evidence_url = RwSignal::new(existing.and_then(|d| d.evidence_url.clone()).unwrap_or_default());
    let period = HubPeriod::new(hub.start_date, hub.end_date).ok();
    let (start, end) = (hub.start_date.to_string(), hub.end_date.to_string());
    let hub_id = hub.id.clone();
    let hub_start = hub.start_date;
    let heading = current.is_some();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = ValidationErrors::default();
        let kind = read::choice::<DeliverableKind>(&mut errors, "kind", &kind.get());
        let status = read::choice::<DeliverableStatus>(&mut errors, "status", &status.get());
        let due_date = read::date(&mut errors, "due_date", &due_date.get());
        let delivered_on = read::optional_date(&mut errors, "delivered_on", &delivered_on.get());
        let (Some(kind), Some(status)) = (kind, status) else {
            return form.refuse(errors);
        };
        let new = NewDeliverable {
            title: title.get(),
            description: description.get(),
            kind,
            due_date: due_date.unwrap_or(hub_start),
            status: Some(status),
            delivered_on,
            evidence_url: read::optional_text(&evidence_url.get()),
        };
        if let Some(period) = &period {
            read::rules(&mut errors, new.validate(period, chrono::Utc::now().date_naive()));
        }
        if !errors.is_empty() {
            return form.refuse(errors);
        }
        let (hub_id, current) = (hub_id.clone(), current.clone());
        form.write(async move {
            let saved = match &current {
                None => form.run(api::create_deliverable(&hub_id, &new)).await,
                Some(current) => {
                    let patch = DeliverablePatch::from(new);
                    form.run(api::update_deliverable(&current.value.id, &patch, current.etag.as_deref())).await
                }
            };
            if let Some(saved) = saved {
                edits.changed(t_string!(i18n, form.saved, name = saved.title).to_string());
                on_done.run(());
            }
        });
    };
    let kinds = choices(DeliverableKind::ALL, DeliverableKind::as_str, |k| Signal::derive(label(k)));
    let statuses = choices(DeliverableStatus::ALL, DeliverableStatus::as_str, |s| Signal::derive(label(s)));
    view! {
        <form class="edit-form" id=prefix novalidate on:submit=on_submit>
            <h3>
                {move || if heading {
                    t_string!(i18n, deliverable_form.heading_edit).to_string()
                } else {
                    t_string!(i18n, deliverable_form.heading_new).to_string()
                }}
            </h3>
            <FormSummary form=form />
            <div class="form-grid">
                <InputField form=form name="title" label=move || t_string!(i18n, deliverable_form.title).to_string() value=title required=true />
                <SelectField form=form name="kind" label=move || t_string!(i18n, deliverable_form.kind).to_string() value=kind choices=kinds required=true />
                <InputField
                    form=form
                    name="due_date"
                    input_type="date"
                    label=move || t_string!(i18n, deliverable_form.due_date).to_string()
                    value=due_date
                    required=true
                    hint=Signal::derive(move || t_string!(i18n, deliverable_form.due_hint, start = start.clone(), end = end.clone()).to_string())
                />
                <SelectField form=form name="status" label=move || t_string!(i18n, deliverable_form.status).to_string() value=status choices=statuses required=true />
                <InputField
                    form=form
                    name="delivered_on"
                    input_type="date"
                    label=move || t_string!(i18n, deliverable_form.delivered_on).to_string()
                    value=delivered_on
                    hint=Signal::derive(move || t_string!(i18n, deliverable_form.delivered_hint).to_string())
                />
                <InputField form=form name="evidence_url" input_type="url" label=move || t_string!(i18n, deliverable_form.evidence_url).to_string() value=evidence_url />
                <TextAreaField form=form name="description" label=move || t_string!(i18n, deliverable_form.description).to_string() value=description />
            </div>
            <FormActions form=form on_cancel=on_done />
        </form>
    }
}
