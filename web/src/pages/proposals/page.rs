//! One proposal's page: its state, its checklist, its reviews, and the actions its reader may take.

use l4a_shared::account::Role;
use l4a_shared::proposal::{Proposal, ProposalAction, ProposalCaller, ProposalState};
use leptos::prelude::*;
use leptos_router::components::A;

use super::review::{AssignReviewer, DecisionForm, ReviewCard, ReviewForm};
use super::{Checklist, proposal_resource, title_of};
use crate::api;
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{FormState, FormSummary};
use crate::components::layout::set_page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;
use crate::session::Session;

/// `/proposals/:id`: the proposal, its reviews, and what the caller may do with it.
#[component]
pub fn ProposalPage() -> impl IntoView {
    let i18n = use_i18n();
    let proposal = proposal_resource();
    view! {
        <div class="container">
            <p class="breadcrumb"><A href="/proposals">{t!(i18n, proposals.title)}</A></p>
            <Transition fallback=move || view! { <Loading>{t!(i18n, proposals.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match proposal.await {
                        Ok(current) => view! { <ProposalView proposal=current.value on_change=move |()| proposal.refetch() /> }.into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
pub(super) fn ProposalView(proposal: Proposal, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let title = title_of(&proposal);
    set_page_title({
        let title = title.clone();
        move || title.clone()
    });
    let id = StoredValue::new(proposal.id.clone());
    let state = proposal.state;
    // The buttons are the actions the server would accept from this account: one rule, in `shared`.
    let (roles, organisation_ids) =
        session.me().map(|me| (me.user.roles, me.user.organisation_ids)).unwrap_or_default();
    let caller = ProposalCaller { roles: &roles, organisation_ids: &organisation_ids, is_account: true };
    let actions = proposal.actions_for(&caller);
    let editable = proposal.editable_by(&caller);
    let decides = actions.contains(&ProposalAction::Accept);
    let buttons: Vec<ProposalAction> = actions
        .into_iter()
        .filter(|action| {
            matches!(action, ProposalAction::Submit | ProposalAction::Withdraw | ProposalAction::StartReview)
        })
        .collect();
    let admin = session.has(Role::Admin);
    let reviewer = session.has(Role::Reviewer);
    let lead_kind = session
        .me()
        .and_then(|me| me.organisations.into_iter().find(|o| o.id == proposal.organisation_id))
        .map(|o| o.kind);
    let checks = proposal.content.label_record(lead_kind).check();
    let form = FormState::new("proposal-actions");
    let act = move |action: ProposalAction| {
        form.write(async move {
            if form.run(api::move_proposal(&id.get_value(), action)).await.is_some() {
                on_change.run(());
            }
        });
    };
    let reviews = LocalResource::new(move || async move { api::list_reviews(&id.get_value()).await });
    let decided = proposal.decided_at.map(|at| {
        let (date, reason) = (at.format("%Y-%m-%d").to_string(), proposal.decision_reason.clone().unwrap_or_default());
        move || t_string!(i18n, proposals.decided, date = date.clone(), reason = reason.clone()).to_string()
    });
    view! {
        <article class="proposal-page">
            <span class="tag proposal-state">{label(state)}</span>
            <h1>{title}</h1>
            <p class="lead">{proposal.content.summary.clone()}</p>
            {decided.map(|text| view! { <p class="decision">{text}</p> })}
            {proposal.hub_id.clone().map(|hub| view! { <p><A href=format!("/hubs/{hub}") attr:class="button primary hub-link">{t!(i18n, proposals.hub_link)}</A></p> })}
            <FormSummary form=form />
            <div class="row-actions">
                <Show when=move || editable>
                    <A href=format!("/proposals/{}/edit", id.get_value()) attr:class="button primary">{t!(i18n, proposals.continue_draft)}</A>
                </Show>
                {buttons.into_iter().map(|action| {
                    let (class, label) = match action {
                        ProposalAction::StartReview => ("button primary start-review", t_string!(i18n, proposals.start_review)),
                        ProposalAction::Submit => ("button primary submit", t_string!(i18n, proposals.submit)),
                        _ => ("button withdraw", t_string!(i18n, proposals.withdraw)),
                    };
                    view! { <button type="button" class=class on:click=move |_| act(action)>{label}</button> }
                }).collect_view()}
            </div>
            <Show when=move || admin && matches!(state, ProposalState::Submitted | ProposalState::UnderReview)>
                <AssignReviewer proposal_id=id.get_value() />
            </Show>
            <section class="hub-section">
                <h2>{t!(i18n, proposals.checklist)}</h2>
                <Checklist checks=checks.clone() />
            </section>
            <section class="hub-section reviews" aria-labelledby="reviews-heading">
                <h2 id="reviews-heading">{t!(i18n, proposals.reviews)}</h2>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match reviews.await {
                            Err(failure) => view! { <FetchFailed failure=failure retry=move |()| reviews.refetch() /> }.into_any(),
                            Ok(found) if found.is_empty() => view! { <p class="muted">{t!(i18n, proposals.no_reviews)}</p> }.into_any(),
                            Ok(found) => view! { <div class="review-grid">{found.into_iter().map(|r| view! { <ReviewCard review=r /> }).collect_view()}</div> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <Show when=move || reviewer && state == ProposalState::UnderReview>
                <ReviewForm proposal_id=id.get_value() on_done=move |()| reviews.refetch() />
            </Show>
            <Show when=move || decides>
                <DecisionForm proposal_id=id.get_value() on_done=on_change />
            </Show>
        </article>
    }
}
