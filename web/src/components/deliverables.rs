//! A hub's deliverables: a timeline across the hub's period with late ones marked, and the list.

use l4a_shared::deliverable::{Deliverable, DeliverableKind, DeliverableStatus};
use l4a_shared::figures::elapsed_fraction;
use l4a_shared::hub::Hub;
use leptos::prelude::*;

use crate::api;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::i18n::{t, t_string, use_i18n};

fn kind_label(kind: DeliverableKind) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match kind {
            DeliverableKind::Publication => t_string!(i18n, deliverable_kind.publication),
            DeliverableKind::Event => t_string!(i18n, deliverable_kind.event),
            DeliverableKind::Tool => t_string!(i18n, deliverable_kind.tool),
            DeliverableKind::Policy => t_string!(i18n, deliverable_kind.policy),
            DeliverableKind::Training => t_string!(i18n, deliverable_kind.training),
            DeliverableKind::Other => t_string!(i18n, deliverable_kind.other),
        }
        .to_string()
    }
}

fn status_label(status: DeliverableStatus) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match status {
            DeliverableStatus::Planned => t_string!(i18n, deliverable_status.planned),
            DeliverableStatus::InProgress => t_string!(i18n, deliverable_status.in_progress),
            DeliverableStatus::Delivered => t_string!(i18n, deliverable_status.delivered),
            DeliverableStatus::Cancelled => t_string!(i18n, deliverable_status.cancelled),
        }
        .to_string()
    }
}

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
    let hub_id = hub.id.clone();
    let deliverables = LocalResource::new(move || {
        let hub_id = hub_id.clone();
        async move { api::list_deliverables(&hub_id).await }
    });
    view! {
        <section class="hub-section" aria-labelledby="deliverables-heading">
            <h2 id="deliverables-heading">{t!(i18n, deliverables.title)}</h2>
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
            {items.into_iter().map(|deliverable| view! { <DeliverableItem deliverable=deliverable /> }).collect_view()}
        </ol>
    }
}

#[component]
fn DeliverableItem(deliverable: Deliverable) -> impl IntoView {
    let i18n = use_i18n();
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
                    <span class="tag">{kind_label(deliverable.kind)}</span>
                    <span class="tag">{status_label(deliverable.status)}</span>
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
            </div>
        </li>
    }
}
