//! Proposals: the list (each role sees what the server shows it), the wizard a manager drafts
//! with, and the page where the board reviews and the Secretariat decides.

mod draft;
mod page;
mod review;
mod wizard;

pub use page::ProposalPage;
pub use wizard::ProposalWizard;

use l4a_shared::eligibility::{RuleCheck, RuleStatus};
use l4a_shared::proposal::{Proposal, ProposalState};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::components::feedback::{ErrorPanel, Loading};
use crate::components::layout::set_page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;

pub(super) fn title_of(proposal: &Proposal) -> String {
    let i18n = use_i18n();
    let title = proposal.content.title.trim();
    if title.is_empty() { t_string!(i18n, proposals.untitled).to_string() } else { title.to_owned() }
}

/// The label's checklist: each rule with its status and reasons.
#[component]
pub(super) fn Checklist(checks: Vec<RuleCheck>) -> impl IntoView {
    view! {
        <ul class="checklist">
            {checks.into_iter().map(|check| {
                let class = match check.status {
                    RuleStatus::Pass => "tag tag-on-time",
                    RuleStatus::Fail => "tag tag-late",
                    RuleStatus::Unknown => "tag",
                };
                view! {
                    <li class=format!("rule rule-{}", check.status.as_str())>
                        <span class=class>{check.status.as_str()}</span>
                        " " <strong>{label(check.rule)}</strong>
                        {(!check.reasons.is_empty()).then(|| view! { <span class="muted" lang="en">" — " {check.reasons.join("; ")}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// `/proposals`.
#[component]
pub fn Proposals() -> impl IntoView {
    let i18n = use_i18n();
    set_page_title(move || t_string!(i18n, proposals.title).to_string());
    let state = RwSignal::new(String::new());
    let proposals = LocalResource::new(move || {
        let state = state.get().parse::<ProposalState>().ok();
        async move { api::list_proposals(state).await }
    });
    view! {
        <div class="container">
            <h1>{t!(i18n, proposals.title)}</h1>
            <div class="field narrow-field">
                <label for="proposal-state">{t!(i18n, proposals.state)}</label>
                <select id="proposal-state" on:change=move |e| state.set(event_target_value(&e))>
                    <option value="">{t!(i18n, proposals.all_states)}</option>
                    {ProposalState::ALL.iter().map(|s| view! { <option value=s.as_str()>{label(*s)}</option> }).collect_view()}
                </select>
            </div>
            <Transition fallback=move || view! { <Loading>{t!(i18n, proposals.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match proposals.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="empty-state">{t!(i18n, proposals.empty)}</p> }.into_any(),
                        Ok(page) => view! {
                            <table class="data-table proposal-table">
                                <tbody>
                                    {page.items.into_iter().map(|p| {
                                        let (href, title) = (format!("/proposals/{}", p.id), title_of(&p));
                                        let created = p.created_at.format("%Y-%m-%d").to_string();
                                        view! {
                                            <tr>
                                                <td><A href=href>{title}</A></td>
                                                <td><span class="tag">{label(p.state)}</span></td>
                                                <td class="muted">{created}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

pub(super) fn proposal_resource() -> LocalResource<Result<api::Versioned<Proposal>, ApiFailure>> {
    let params = use_params_map();
    LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::find_proposal(&id).await }
    })
}
