//! The board's reviews and the Secretariat's decision and reviewer assignment.

use l4a_shared::account::{Role, User};
use l4a_shared::eligibility::LabelRule;
use l4a_shared::proposal::{Decision, DecisionOutcome, NewReview, Recommendation, Review, Scores};
use leptos::prelude::*;

use crate::api;
use crate::components::feedback::FetchFailed;
use crate::components::form::{Choice, FormState, FormSummary, SelectField, TextAreaField, choices};
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::label;

#[component]
pub(super) fn ReviewCard(review: Review) -> impl IntoView {
    let i18n = use_i18n();
    let who = review.reviewer_id.clone();
    view! {
        <div class="review-card">
            <p><strong>{move || who.clone().map_or_else(|| t_string!(i18n, proposals.anonymous_reviewer).to_string(), |id| format!("{}: {id}", t_string!(i18n, proposals.reviewer)))}</strong></p>
            <p class="tag">{label(review.recommendation)}</p>
            <ul class="scores">
                {review.scores.iter().map(|(rule, score)| view! { <li>{label(*rule)} ": " <strong>{*score}</strong> "/5"</li> }).collect_view()}
            </ul>
            {(!review.comment.is_empty()).then(|| view! { <p>{review.comment.clone()}</p> })}
        </div>
    }
}

#[component]
pub(super) fn ReviewForm(proposal_id: String, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("review");
    let scores: Vec<(LabelRule, RwSignal<String>)> =
        LabelRule::ALL.iter().map(|r| (*r, RwSignal::new("3".to_owned()))).collect();
    let recommendation = RwSignal::new(Recommendation::Grant.as_str().to_owned());
    let comment = RwSignal::new(String::new());
    let id = StoredValue::new(proposal_id);
    let values = scores.clone();
    let on_submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let review = NewReview {
            scores: values
                .iter()
                .filter_map(|(rule, value)| Some((*rule, value.get().parse().ok()?)))
                .collect::<Scores>(),
            recommendation: recommendation.get().parse().unwrap_or(Recommendation::Revise),
            comment: comment.get(),
        };
        if let Err(errors) = review.validate() {
            return form.refuse(errors);
        }
        form.write(async move {
            if form.run(api::create_review(&id.get_value(), &review)).await.is_some() {
                on_done.run(());
            }
        });
    };
    view! {
        <form class="edit-form review-form" id="review" novalidate on:submit=on_submit>
            <h2>{t!(i18n, proposals.your_review)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                {scores.into_iter().map(|(rule, value)| {
                    let marks: Vec<Choice> =
                        (0..=5).map(|mark: u8| (mark.to_string(), Signal::derive(move || mark.to_string()))).collect();
                    view! {
                        <SelectField form=form name=format!("scores.{}", rule.as_str()) label=Signal::derive(label(rule)) value=value choices=marks required=true />
                    }
                }).collect_view()}
                <SelectField form=form name="recommendation" label=move || t_string!(i18n, proposals.recommendation).to_string() value=recommendation
                    choices=choices(Recommendation::ALL, Recommendation::as_str, |r| Signal::derive(label(r))) required=true />
                <TextAreaField form=form name="comment" label=move || t_string!(i18n, proposals.comment).to_string() value=comment />
            </div>
            <div class="form-actions"><button type="submit" class="button primary" disabled=move || form.busy()>{t!(i18n, proposals.send_review)}</button></div>
        </form>
    }
}

#[component]
pub(super) fn DecisionForm(proposal_id: String, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("decision");
    let outcome = RwSignal::new("accept".to_owned());
    let reason = RwSignal::new(String::new());
    let id = StoredValue::new(proposal_id);
    let on_submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let decision =
            Decision { outcome: outcome.get().parse().unwrap_or(DecisionOutcome::Reject), reason: reason.get() };
        if let Err(errors) = decision.validate() {
            return form.refuse(errors);
        }
        form.write(async move {
            if form.run(api::decide(&id.get_value(), &decision)).await.is_some() {
                on_done.run(());
            }
        });
    };
    view! {
        <form class="edit-form decision-form" id="decision" novalidate on:submit=on_submit>
            <h2>{t!(i18n, proposals.decision)}</h2>
            <FormSummary form=form />
            <div class="form-grid">
                <SelectField form=form name="outcome" label=move || t_string!(i18n, proposals.decision).to_string() value=outcome required=true choices=vec![
                    ("accept".to_owned(), Signal::derive(move || t_string!(i18n, proposals.accept).to_string())),
                    ("reject".to_owned(), Signal::derive(move || t_string!(i18n, proposals.reject).to_string())),
                ] />
                <TextAreaField form=form name="reason" label=move || t_string!(i18n, proposals.reason).to_string() value=reason required=true />
            </div>
            <div class="form-actions"><button type="submit" class="button primary decide" disabled=move || form.busy()>{t!(i18n, proposals.decision)}</button></div>
        </form>
    }
}

#[component]
pub(super) fn AssignReviewer(proposal_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("assign");
    // Searched on the server, so that every reviewer can be found however many accounts there are.
    let search = RwSignal::new(String::new());
    let users = LocalResource::new(move || {
        let words = search.get();
        async move { api::search_users(&words).await.map(|page| page.items) }
    });
    let chosen = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let id = StoredValue::new(proposal_id);
    let assign = move |_| {
        let reviewer = chosen.get();
        form.write(async move {
            if form.run(api::assign_reviewer(&id.get_value(), &reviewer)).await.is_some() {
                done.set(true);
            }
        });
    };
    view! {
        <div class="assign-reviewer">
            <FormSummary form=form />
            <label for="reviewer-search">{t!(i18n, proposals.search_reviewer)}</label>
            <input id="reviewer-search" type="search" autocomplete="off" prop:value=search
                on:input=move |e| search.set(event_target_value(&e)) />
            <label for="assign-reviewer">{t!(i18n, proposals.assign)}</label>
            <select id="assign-reviewer" on:change=move |e| chosen.set(event_target_value(&e))>
                {move || {
                    let reviewers: Vec<User> = match users.get() {
                        Some(Ok(found)) => found.into_iter().filter(|u| u.has(Role::Reviewer) && u.active).collect(),
                        _ => Vec::new(),
                    };
                    let prompt = if reviewers.is_empty() && users.get().is_some() {
                        t_string!(i18n, proposals.no_reviewer).to_string()
                    } else {
                        t_string!(i18n, proposals.choose_reviewer).to_string()
                    };
                    view! {
                        <option value="">{prompt}</option>
                        {reviewers.into_iter().map(|u| view! {
                            <option value=u.id.clone()>{format!("{} ({})", u.display_name, u.email)}</option>
                        }).collect_view()}
                    }
                }}
            </select>
            {move || users.get().and_then(Result::err).map(|failure| view! { <FetchFailed failure=failure retry=move |()| users.refetch() /> })}
            <button type="button" class="button" disabled=move || form.busy() on:click=assign>{t!(i18n, proposals.assign)}</button>
            <Show when=move || done.get()><span class="tag tag-on-time">"✓"</span></Show>
        </div>
    }
}
