//! The proposal wizard: a draft written step by step, saved as it goes, submitted whole.

use l4a_shared::deliverable::DeliverableKind;
use l4a_shared::hub::Modality;
use l4a_shared::indicator::Direction;
use l4a_shared::proposal::{Proposal, ProposalAction};
use l4a_shared::stakeholder::{StakeholderKind, StakeholderRole};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{Checklist, proposal_resource};
use crate::api;
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{
    CheckboxField, CheckboxesField, FormState, FormSummary, InputField, RowInput, RowSelect, SelectField,
    TextAreaField, choices,
};
use crate::components::layout::set_page_title;
use crate::components::references::use_references;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::{I18n, label, lang_of};
use crate::session::Session;

use super::draft::{DeliverableRow, Draft, IndicatorRow, StakeholderRow, patch_of};

/// `/proposals/:id/edit`: the wizard.
#[component]
pub fn ProposalWizard() -> impl IntoView {
    let i18n = use_i18n();
    let proposal = proposal_resource();
    set_page_title(move || t_string!(i18n, proposals.title).to_string());
    view! {
        <div class="container">
            <Transition fallback=move || view! { <Loading>{t!(i18n, proposals.loading)}</Loading> }>
                {move || Suspend::new(async move {
                    match proposal.await {
                        Ok(current) => view! { <Wizard proposal=current.value /> }.into_any(),
                        Err(failure) => view! { <ErrorPanel failure=failure /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
pub(super) fn Wizard(proposal: Proposal) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::get();
    let navigate = use_navigate();
    let draft = Draft::from(&proposal.content);
    // Rows added by a click belong to the wizard, not to the step on screen when they were added:
    // the checklist reads every row whatever the step.
    let owner = StoredValue::new(Owner::current());
    let in_wizard = move |make: &dyn Fn()| match owner.get_value() {
        Some(owner) => owner.with(make),
        None => make(),
    };
    let step = RwSignal::new(1u8);
    let form = FormState::new("proposal");
    let saved = RwSignal::new(false);
    let references = use_references();
    let organisations = LocalResource::new(|| async { api::list_organisations().await.map(|page| page.items) });
    let proposer = StoredValue::new(proposal.organisation_id.clone());
    let lead_kind = {
        let organisation = proposal.organisation_id.clone();
        move || session.me().and_then(|me| me.organisations.into_iter().find(|o| o.id == organisation)).map(|o| o.kind)
    };
    let checks = move || draft.read().0.label_record(lead_kind()).check();
    let id = StoredValue::new(proposal.id.clone());
    // Saves the draft as the inputs stand; `None` (with the reasons shown beside their fields)
    // when something cannot be read or the server refuses it.
    let save = move || async move {
        let (content, errors) = draft.read();
        if !errors.0.is_empty() {
            form.refuse(errors);
            return None;
        }
        form.run(api::update_proposal(&id.get_value(), &patch_of(content))).await
    };
    let save_then = move |next: u8| {
        form.write(async move {
            if save().await.is_some() {
                saved.set(true);
                step.set(next);
            }
        });
    };
    let submit = move |_| {
        let navigate = navigate.clone();
        form.write(async move {
            if save().await.is_none() {
                return;
            }
            if form.run(api::move_proposal(&id.get_value(), ProposalAction::Submit)).await.is_some() {
                navigate(&format!("/proposals/{}", id.get_value()), Default::default());
            }
        });
    };
    let step_name = move |number: u8| match number {
        1 => t_string!(i18n, proposals.step_initiative).to_string(),
        2 => t_string!(i18n, proposals.step_period).to_string(),
        3 => t_string!(i18n, proposals.step_people).to_string(),
        4 => t_string!(i18n, proposals.step_process).to_string(),
        _ => t_string!(i18n, proposals.step_review).to_string(),
    };
    let text = move |key: fn(I18n) -> String| Signal::derive(move || key(i18n));
    view! {
        <h1>{move || draft.title.get()}</h1>
        <ol class="stepper" aria-label=move || t_string!(i18n, proposals.title)>
            {(1..=5u8).map(|n| view! {
                <li class:current=move || step.get() == n>
                    <button type="button" class="link-button" aria-current=move || (step.get() == n).then_some("step") on:click=move |_| save_then(n)>
                        {move || step_name(n)}
                    </button>
                </li>
            }).collect_view()}
        </ol>
        <h2 class="step-title">{move || t_string!(i18n, proposals.step, number = step.get(), name = step_name(step.get())).to_string()}</h2>
        <FormSummary form=form />
        <p role="status" class="muted">{move || saved.get().then(|| t_string!(i18n, proposals.saved).to_string())}</p>
        <div class="wizard-layout">
            <div class="wizard-step edit-form">
                <Show when=move || step.get() == 1>
                    <div class="form-grid">
                        <InputField form=form name="title" label=text(|i18n| t_string!(i18n, proposals.title_field).to_string()) value=draft.title required=true />
                        <InputField form=form name="sdgs" label=text(|i18n| t_string!(i18n, proposals.sdgs).to_string()) value=draft.sdgs required=true />
                        <InputField form=form name="sdg_targets" label=text(|i18n| t_string!(i18n, proposals.sdg_targets).to_string()) value=draft.sdg_targets />
                        <SelectField form=form name="modality" label=text(|i18n| t_string!(i18n, proposals.modality).to_string()) value=draft.modality required=true
                            choices=choices(Modality::ALL, Modality::as_str, |m| Signal::derive(label(m))) empty=Signal::derive(|| "—".to_owned()) />
                        <TextAreaField form=form name="summary" label=text(|i18n| t_string!(i18n, proposals.summary).to_string()) value=draft.summary required=true />
                        <TextAreaField form=form name="description" label=text(|i18n| t_string!(i18n, proposals.description).to_string()) value=draft.description />
                        {move || {
                            let lang = lang_of(i18n.get_locale());
                            match references.get() {
                                Some(Err(failure)) => view! { <FetchFailed failure=failure retry=move |()| references.retry() /> }.into_any(),
                                found => {
                                    let manifestos = found.and_then(Result::ok).map(|(manifestos, _)| manifestos).unwrap_or_default();
                                    let named = manifestos.into_iter().map(|m| (m.key.clone(), m.name.get(lang).to_owned())).collect();
                                    view! { <CheckboxesField form=form name="manifestos" label=text(|i18n| t_string!(i18n, proposals.manifestos).to_string()) value=draft.manifestos choices=named /> }.into_any()
                                }
                            }
                        }}
                        {move || match organisations.get() {
                            Some(Err(failure)) => view! { <FetchFailed failure=failure retry=move |()| organisations.refetch() /> }.into_any(),
                            found => {
                                let others = found.and_then(Result::ok).unwrap_or_default().into_iter()
                                    .filter(|o| o.id != proposer.get_value()).map(|o| (o.id, o.name)).collect();
                                view! {
                                    <div class="partners field-wide">
                                        <CheckboxesField form=form name="partner_organisation_ids" label=text(|i18n| t_string!(i18n, proposals.partners).to_string()) value=draft.partners choices=others />
                                    </div>
                                }.into_any()
                            }
                        }}
                    </div>
                </Show>
                <Show when=move || step.get() == 2>
                    <div class="form-grid">
                        <InputField form=form name="planned_start" input_type="date" label=text(|i18n| t_string!(i18n, proposals.planned_start).to_string()) value=draft.start required=true />
                        <InputField form=form name="planned_end" input_type="date" label=text(|i18n| t_string!(i18n, proposals.planned_end).to_string()) value=draft.end required=true />
                    </div>
                    <h3>{t!(i18n, proposals.deliverables)}</h3>
                    <For each=move || draft.deliverables.get().into_iter().enumerate() key=|(i, _)| *i let((index, row))>
                        <div class="planned-row" data-row=index>
                            <RowInput form=form name=format!("planned_deliverables[{index}].title") class="planned-title" label=text(|i18n| t_string!(i18n, proposals.name).to_string()) value=row.title />
                            <RowSelect form=form name=format!("planned_deliverables[{index}].kind") label=text(|i18n| t_string!(i18n, deliverable_form.kind).to_string()) value=row.kind
                                choices=choices(DeliverableKind::ALL, DeliverableKind::as_str, |k| Signal::derive(label(k))) />
                            <RowInput form=form name=format!("planned_deliverables[{index}].due_date") class="planned-date" input_type="date" label=text(|i18n| t_string!(i18n, proposals.due_date).to_string()) value=row.due />
                            <button type="button" class="button small" on:click=move |_| draft.deliverables.update(|rows| { rows.remove(index); })>{t!(i18n, proposals.remove)}</button>
                        </div>
                    </For>
                    <button type="button" class="button small add-deliverable-row" on:click=move |_| in_wizard(&|| draft.deliverables.update(|rows| rows.push(DeliverableRow {
                        title: RwSignal::new(String::new()), kind: RwSignal::new("publication".into()), due: RwSignal::new(String::new()),
                    })))>{t!(i18n, proposals.add_row)}</button>
                </Show>
                <Show when=move || step.get() == 3>
                    <h3>{t!(i18n, proposals.stakeholders)}</h3>
                    <For each=move || draft.stakeholders.get().into_iter().enumerate() key=|(i, _)| *i let((index, row))>
                        <div class="planned-row">
                            <RowInput form=form name=format!("planned_stakeholders[{index}].name") class="planned-name" label=text(|i18n| t_string!(i18n, proposals.name).to_string()) value=row.name />
                            <RowSelect form=form name=format!("planned_stakeholders[{index}].kind") label=text(|i18n| t_string!(i18n, stakeholder_form.kind).to_string()) value=row.kind
                                choices=choices(StakeholderKind::ALL, StakeholderKind::as_str, |k| Signal::derive(label(k))) />
                            <RowSelect form=form name=format!("planned_stakeholders[{index}].role") label=text(|i18n| t_string!(i18n, stakeholder_form.role).to_string()) value=row.role
                                choices=choices(StakeholderRole::ALL, StakeholderRole::as_str, |r| Signal::derive(label(r))) />
                            <label class="field-check"><input type="checkbox" prop:checked=move || row.took_part.get() on:change=move |e| row.took_part.set(event_target_checked(&e)) />{t!(i18n, stakeholder_form.took_part)}</label>
                            <button type="button" class="button small" on:click=move |_| draft.stakeholders.update(|rows| { rows.remove(index); })>{t!(i18n, proposals.remove)}</button>
                        </div>
                    </For>
                    <button type="button" class="button small add-stakeholder-row" on:click=move |_| in_wizard(&|| draft.stakeholders.update(|rows| rows.push(StakeholderRow {
                        name: RwSignal::new(String::new()), kind: RwSignal::new("citizens_group".into()), role: RwSignal::new("participant".into()), took_part: RwSignal::new(true),
                    })))>{t!(i18n, proposals.add_row)}</button>
                    <h3>{t!(i18n, proposals.indicators)}</h3>
                    <For each=move || draft.indicators.get().into_iter().enumerate() key=|(i, _)| *i let((index, row))>
                        <div class="planned-row">
                            <RowInput form=form name=format!("planned_indicators[{index}].name") class="planned-name" label=text(|i18n| t_string!(i18n, proposals.name).to_string()) value=row.name />
                            <RowInput form=form name=format!("planned_indicators[{index}].unit") class="planned-unit" label=text(|i18n| t_string!(i18n, proposals.unit).to_string()) value=row.unit />
                            <RowSelect form=form name=format!("planned_indicators[{index}].direction") label=text(|i18n| t_string!(i18n, indicator_form.direction).to_string()) value=row.direction
                                choices=choices(Direction::ALL, Direction::as_str, |d| Signal::derive(label(d))) />
                            <RowInput form=form name=format!("planned_indicators[{index}].baseline_value") class="planned-baseline" input_type="number" label=text(|i18n| t_string!(i18n, proposals.baseline).to_string()) value=row.baseline />
                            <RowInput form=form name=format!("planned_indicators[{index}].target_value") class="planned-target" input_type="number" label=text(|i18n| t_string!(i18n, proposals.target).to_string()) value=row.target />
                            <RowInput form=form name=format!("planned_indicators[{index}].agreed_by") class="planned-agreed" label=text(|i18n| t_string!(i18n, proposals.agreed_by).to_string()) value=row.agreed_by />
                            <button type="button" class="button small" on:click=move |_| draft.indicators.update(|rows| { rows.remove(index); })>{t!(i18n, proposals.remove)}</button>
                        </div>
                    </For>
                    <button type="button" class="button small add-indicator-row" on:click=move |_| in_wizard(&|| draft.indicators.update(|rows| rows.push(IndicatorRow {
                        name: RwSignal::new(String::new()), unit: RwSignal::new(String::new()), direction: RwSignal::new("increase".into()),
                        baseline: RwSignal::new("0".into()), target: RwSignal::new(String::new()), agreed_by: RwSignal::new(String::new()),
                    })))>{t!(i18n, proposals.add_row)}</button>
                </Show>
                <Show when=move || step.get() == 4>
                    <div class="form-grid">
                        <TextAreaField form=form name="participatory_process" label=text(|i18n| t_string!(i18n, proposals.participatory_process).to_string()) value=draft.process required=true />
                        <TextAreaField form=form name="communication_strategy" label=text(|i18n| t_string!(i18n, proposals.communication_strategy).to_string()) value=draft.communication required=true />
                        <CheckboxField form=form name="brand_commitment" label=text(|i18n| t_string!(i18n, proposals.brand_commitment).to_string()) value=draft.brand />
                    </div>
                </Show>
                <Show when=move || step.get() == 5>
                    <p class="lead">{move || draft.summary.get()}</p>
                    <button type="button" class="button primary submit-proposal" disabled=move || form.busy() on:click=submit.clone()>{t!(i18n, proposals.submit)}</button>
                </Show>
                <div class="form-actions">
                    <Show when=move || { step.get() > 1 }>
                        <button type="button" class="button" disabled=move || form.busy() on:click=move |_| save_then(step.get() - 1)>{t!(i18n, proposals.previous)}</button>
                    </Show>
                    <Show when=move || { step.get() < 5 }>
                        <button type="button" class="button primary next-step" disabled=move || form.busy() on:click=move |_| save_then(step.get() + 1)>{t!(i18n, proposals.next)}</button>
                    </Show>
                </div>
            </div>
            <aside class="wizard-checklist" aria-live="polite">
                <h2>{t!(i18n, proposals.checklist)}</h2>
                {move || view! { <Checklist checks=checks() /> }}
            </aside>
        </div>
    }
}
