//! A hub's stakeholders: who is involved, in what role, and who helped set the success criteria.

use l4a_shared::stakeholder::{Stakeholder, StakeholderKind, StakeholderRole};
use leptos::prelude::*;

use crate::api;
use crate::components::feedback::{ErrorPanel, Loading};
use crate::i18n::{t, t_string, use_i18n};

fn kind_label(kind: StakeholderKind) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match kind {
            StakeholderKind::CitizensGroup => t_string!(i18n, stakeholder_kind.citizens_group),
            StakeholderKind::CivilSociety => t_string!(i18n, stakeholder_kind.civil_society),
            StakeholderKind::Academia => t_string!(i18n, stakeholder_kind.academia),
            StakeholderKind::PrivateSector => t_string!(i18n, stakeholder_kind.private_sector),
            StakeholderKind::LocalRegionalGovernment => t_string!(i18n, stakeholder_kind.local_regional_government),
            StakeholderKind::NationalGovernment => t_string!(i18n, stakeholder_kind.national_government),
            StakeholderKind::InternationalOrganisation => t_string!(i18n, stakeholder_kind.international_organisation),
            StakeholderKind::UclgBody => t_string!(i18n, stakeholder_kind.uclg_body),
        }
        .to_string()
    }
}

fn role_label(role: StakeholderRole) -> impl Fn() -> String + Copy + 'static {
    let i18n = use_i18n();
    move || {
        match role {
            StakeholderRole::Partner => t_string!(i18n, stakeholder_role.partner),
            StakeholderRole::Participant => t_string!(i18n, stakeholder_role.participant),
            StakeholderRole::Funder => t_string!(i18n, stakeholder_role.funder),
            StakeholderRole::Expert => t_string!(i18n, stakeholder_role.expert),
        }
        .to_string()
    }
}

/// The stakeholders section of a hub's page.
#[component]
pub fn StakeholdersSection(hub_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let stakeholders = LocalResource::new(move || {
        let hub_id = hub_id.clone();
        async move { api::list_stakeholders(&hub_id).await }
    });
    view! {
        <section class="hub-section" aria-labelledby="stakeholders-heading">
            <h2 id="stakeholders-heading">{t!(i18n, stakeholders.title)}</h2>
            <Transition fallback=move || view! { <Loading>{t!(i18n, stakeholders.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match stakeholders.await {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="muted">{t!(i18n, stakeholders.empty)}</p> }.into_any()
                        }
                        Ok(page) => {
                            let items: Vec<Stakeholder> = page.items.iter().map(|view| view.public().clone()).collect();
                            view! { <Stakeholders items=items /> }.into_any()
                        }
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Stakeholders(items: Vec<Stakeholder>) -> impl IntoView {
    let i18n = use_i18n();
    let total = items.len();
    let criteria = items.iter().filter(|s| s.took_part_in_criteria).count();
    let summary = move || t_string!(i18n, stakeholders.summary, criteria = criteria, total = total).to_string();
    view! {
        <p class="section-summary">{summary}</p>
        <ul class="stakeholder-list">
            {items
                .into_iter()
                .map(|stakeholder| {
                    let took_part = stakeholder.took_part_in_criteria;
                    view! {
                        <li class="stakeholder">
                            <h3>{stakeholder.name.clone()}</h3>
                            <p class="deliverable-meta">
                                <span class="tag">{role_label(stakeholder.role)}</span>
                                <span class="tag">{kind_label(stakeholder.kind)}</span>
                                <Show when=move || took_part>
                                    <span class="tag tag-on-time">{t!(i18n, stakeholders.criteria)}</span>
                                </Show>
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
