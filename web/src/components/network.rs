//! A hub in the network: the hubs it is connected to, and its activities.

use l4a_shared::activity::{Activity, ActivityKind};
use l4a_shared::connection::{Connection, ConnectionKind};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::i18n::{t, t_string, use_i18n};

fn connection_label(kind: ConnectionKind) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match kind {
            ConnectionKind::BuildsOn => t_string!(i18n, connection_kind.builds_on),
            ConnectionKind::PeerLearning => t_string!(i18n, connection_kind.peer_learning),
            ConnectionKind::JointActivity => t_string!(i18n, connection_kind.joint_activity),
        }
        .to_string()
    }
}

fn activity_label(kind: ActivityKind) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match kind {
            ActivityKind::Event => t_string!(i18n, activity_kind.event),
            ActivityKind::Publication => t_string!(i18n, activity_kind.publication),
        }
        .to_string()
    }
}

/// The hubs this hub is connected to, whichever end recorded the link.
#[component]
pub fn ConnectionsSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let this_hub = hub_id.clone();
    let connections = LocalResource::new(move || {
        let hub_id = hub_id.clone();
        async move { api::list_connections(&hub_id).await }
    });
    view! {
        <section class="hub-section" aria-labelledby="connections-heading">
            <h2 id="connections-heading">{t!(i18n, connections.title)}</h2>
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
    let other = if connection.hub.id == this_hub { connection.other_hub.clone() } else { connection.hub.clone() };
    view! {
        <li class="connection">
            <span class="tag">{connection_label(connection.kind)}</span>
            <A href=format!("/hubs/{}", other.slug)>{other.name}</A>
            {(!connection.description.is_empty()).then(|| view! { <p class="muted">{connection.description.clone()}</p> })}
        </li>
    }
}

/// The hub's events and publications, newest first.
#[component]
pub fn ActivitiesSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let activities = LocalResource::new(move || {
        let hub_id = hub_id.clone();
        async move { api::list_activities(&hub_id).await }
    });
    view! {
        <section class="hub-section" aria-labelledby="activities-heading">
            <h2 id="activities-heading">{t!(i18n, activities.title)}</h2>
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

#[component]
fn ActivityItem(activity: Activity) -> impl IntoView {
    let i18n = use_i18n();
    let venice =
        activity.venice_edition.map(|year| move || t_string!(i18n, activities.venice, year = year).to_string());
    view! {
        <li class="deliverable">
            <div class="deliverable-when">{activity.date.to_string()}</div>
            <div class="deliverable-body">
                <h3>{activity.title.clone()}</h3>
                <p class="deliverable-meta">
                    <span class="tag">{activity_label(activity.kind)}</span>
                    {activity.place.clone().map(|place| view! { <span class="muted">{place}</span> })}
                    {venice.map(|label| view! { <span class="tag tag-on-time">{label}</span> })}
                    {activity.url.clone().map(|url| view! { <a href=url rel="external noopener">{t!(i18n, activities.link)}</a> })}
                </p>
                {(!activity.description.is_empty()).then(|| view! { <p>{activity.description.clone()}</p> })}
            </div>
        </li>
    }
}
