//! The proposal wizard: a draft written step by step, saved as it goes, submitted whole.

use l4a_shared::deliverable::DeliverableKind;
use l4a_shared::hub::Modality;
use l4a_shared::indicator::{Dimension, Direction};
use l4a_shared::proposal::{
    PlannedDeliverable, PlannedIndicator, PlannedStakeholder, Proposal, ProposalAction, ProposalContent, ProposalPatch,
};
use l4a_shared::stakeholder::{StakeholderKind, StakeholderRole};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{Checklist, proposal_resource};
use crate::api;
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{FormState, FormSummary};
use crate::components::layout::set_page_title;
use crate::components::references::use_references;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::lang_of;
use crate::session::Session;

/// Rows of the wizard's planned lists, each field bound to its input.
#[derive(Clone, Copy)]
pub(super) struct DeliverableRow {
    title: RwSignal<String>,
    kind: RwSignal<String>,
    due: RwSignal<String>,
}

#[derive(Clone, Copy)]
pub(super) struct StakeholderRow {
    name: RwSignal<String>,
    kind: RwSignal<String>,
    role: RwSignal<String>,
    took_part: RwSignal<bool>,
}

#[derive(Clone, Copy)]
pub(super) struct IndicatorRow {
    name: RwSignal<String>,
    unit: RwSignal<String>,
    direction: RwSignal<String>,
    baseline: RwSignal<String>,
    target: RwSignal<String>,
    agreed_by: RwSignal<String>,
}

/// Every field of the wizard.
#[derive(Clone, Copy)]
pub(super) struct Draft {
    title: RwSignal<String>,
    summary: RwSignal<String>,
    description: RwSignal<String>,
    sdgs: RwSignal<String>,
    sdg_targets: RwSignal<String>,
    manifestos: RwSignal<Vec<String>>,
    partners: RwSignal<Vec<String>>,
    modality: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    deliverables: RwSignal<Vec<DeliverableRow>>,
    stakeholders: RwSignal<Vec<StakeholderRow>>,
    indicators: RwSignal<Vec<IndicatorRow>>,
    process: RwSignal<String>,
    communication: RwSignal<String>,
    brand: RwSignal<bool>,
}

pub(super) fn list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

impl Draft {
    fn from(content: &ProposalContent) -> Self {
        let text = |value: &str| RwSignal::new(value.to_owned());
        let join = |values: &[String]| values.join(", ");
        Self {
            title: text(&content.title),
            summary: text(&content.summary),
            description: text(&content.description),
            sdgs: text(&content.sdgs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
            sdg_targets: text(&join(&content.sdg_targets)),
            manifestos: RwSignal::new(content.manifestos.clone()),
            partners: RwSignal::new(content.partner_organisation_ids.clone()),
            modality: text(content.modality.map(|m| m.as_str()).unwrap_or_default()),
            start: text(&content.planned_start.map(|d| d.to_string()).unwrap_or_default()),
            end: text(&content.planned_end.map(|d| d.to_string()).unwrap_or_default()),
            deliverables: RwSignal::new(
                content
                    .planned_deliverables
                    .iter()
                    .map(|d| DeliverableRow {
                        title: text(&d.title),
                        kind: text(d.kind.as_str()),
                        due: text(&d.due_date.to_string()),
                    })
                    .collect(),
            ),
            stakeholders: RwSignal::new(
                content
                    .planned_stakeholders
                    .iter()
                    .map(|s| StakeholderRow {
                        name: text(&s.name),
                        kind: text(s.kind.as_str()),
                        role: text(s.role.as_str()),
                        took_part: RwSignal::new(s.took_part_in_criteria),
                    })
                    .collect(),
            ),
            indicators: RwSignal::new(
                content
                    .planned_indicators
                    .iter()
                    .map(|i| IndicatorRow {
                        name: text(&i.name),
                        unit: text(&i.unit),
                        direction: text(i.direction.as_str()),
                        baseline: text(&i.baseline_value.to_string()),
                        target: text(&i.target_value.to_string()),
                        agreed_by: text(&join(&i.agreed_by)),
                    })
                    .collect(),
            ),
            process: text(&content.participatory_process),
            communication: text(&content.communication_strategy),
            brand: RwSignal::new(content.brand_commitment),
        }
    }

    /// The content as the inputs stand; rows not yet readable (no date, no number) are left out.
    fn content(self) -> ProposalContent {
        let date = |text: String| chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        let number = |text: String| text.trim().replace(',', ".").parse::<f64>().ok();
        ProposalContent {
            title: self.title.get(),
            summary: self.summary.get(),
            description: self.description.get(),
            partner_organisation_ids: self.partners.get(),
            sdgs: list(&self.sdgs.get()).iter().filter_map(|g| g.parse().ok()).collect(),
            sdg_targets: list(&self.sdg_targets.get()),
            manifestos: self.manifestos.get(),
            modality: self.modality.get().parse::<Modality>().ok(),
            planned_start: date(self.start.get()),
            planned_end: date(self.end.get()),
            planned_deliverables: self
                .deliverables
                .get()
                .into_iter()
                .filter_map(|row| {
                    Some(PlannedDeliverable {
                        title: row.title.get(),
                        kind: row.kind.get().parse().ok()?,
                        due_date: date(row.due.get())?,
                    })
                })
                .collect(),
            planned_stakeholders: self
                .stakeholders
                .get()
                .into_iter()
                .filter_map(|row| {
                    Some(PlannedStakeholder {
                        name: row.name.get(),
                        kind: row.kind.get().parse().ok()?,
                        role: row.role.get().parse().ok()?,
                        took_part_in_criteria: row.took_part.get(),
                    })
                })
                .collect(),
            planned_indicators: self
                .indicators
                .get()
                .into_iter()
                .filter_map(|row| {
                    Some(PlannedIndicator {
                        name: row.name.get(),
                        dimension: Dimension::Acceleration,
                        unit: row.unit.get(),
                        direction: row.direction.get().parse().ok()?,
                        baseline_value: number(row.baseline.get())?,
                        target_value: number(row.target.get())?,
                        agreed_by: list(&row.agreed_by.get()),
                    })
                })
                .collect(),
            participatory_process: self.process.get(),
            communication_strategy: self.communication.get(),
            brand_commitment: self.brand.get(),
        }
    }
}

pub(super) fn patch_of(content: ProposalContent) -> ProposalPatch {
    ProposalPatch {
        title: Some(content.title),
        summary: Some(content.summary),
        description: Some(content.description),
        partner_organisation_ids: Some(content.partner_organisation_ids),
        sdgs: Some(content.sdgs),
        sdg_targets: Some(content.sdg_targets),
        manifestos: Some(content.manifestos),
        modality: Some(content.modality),
        planned_start: Some(content.planned_start),
        planned_end: Some(content.planned_end),
        planned_deliverables: Some(content.planned_deliverables),
        planned_stakeholders: Some(content.planned_stakeholders),
        planned_indicators: Some(content.planned_indicators),
        participatory_process: Some(content.participatory_process),
        communication_strategy: Some(content.communication_strategy),
        brand_commitment: Some(content.brand_commitment),
    }
}

/// A labelled text input bound to `value`.
#[component]
pub(super) fn Text(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type=kind prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
        </div>
    }
}

/// A labelled multi-line text bound to `value`.
#[component]
pub(super) fn LongText(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field field-wide">
            <label for=id>{label}</label>
            <textarea id=id rows="3" prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))></textarea>
        </div>
    }
}

/// A select over a wire enum's values, shown as they travel.
pub(super) fn options(values: Vec<&'static str>) -> impl IntoView {
    values.into_iter().map(|v| view! { <option value=v>{v}</option> }).collect_view()
}

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
    let checks = move || draft.content().label_record(lead_kind()).check();
    let id = StoredValue::new(proposal.id.clone());
    let save_then = move |next: Option<u8>| {
        let patch = patch_of(draft.content());
        leptos::task::spawn_local(async move {
            if form.run(api::update_proposal(&id.get_value(), &patch)).await.is_some() {
                saved.set(true);
                if let Some(next) = next {
                    step.set(next);
                }
            }
        });
    };
    let submit = move |_| {
        let patch = patch_of(draft.content());
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if form.run(api::update_proposal(&id.get_value(), &patch)).await.is_none() {
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
    view! {
        <h1>{move || draft.title.get()}</h1>
        <ol class="stepper" aria-label=move || t_string!(i18n, proposals.title)>
            {(1..=5u8).map(|n| view! {
                <li class:current=move || step.get() == n>
                    <button type="button" class="link-button" aria-current=move || (step.get() == n).then_some("step") on:click=move |_| save_then(Some(n))>
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
                        <Text id="proposal-title" label=Signal::derive(move || t_string!(i18n, proposals.title_field).to_string()) value=draft.title />
                        <Text id="proposal-sdgs" label=Signal::derive(move || t_string!(i18n, proposals.sdgs).to_string()) value=draft.sdgs />
                        <Text id="proposal-sdg-targets" label=Signal::derive(move || t_string!(i18n, proposals.sdg_targets).to_string()) value=draft.sdg_targets />
                        <div class="field">
                            <label for="proposal-modality">{t!(i18n, proposals.modality)}</label>
                            <select id="proposal-modality" prop:value=move || draft.modality.get() on:change=move |e| draft.modality.set(event_target_value(&e))>
                                <option value="">"—"</option>
                                {options(vec!["physical", "virtual", "hybrid"])}
                            </select>
                        </div>
                        <LongText id="proposal-summary" label=Signal::derive(move || t_string!(i18n, proposals.summary).to_string()) value=draft.summary />
                        <LongText id="proposal-description" label=Signal::derive(move || t_string!(i18n, proposals.description).to_string()) value=draft.description />
                        <fieldset class="field field-wide checkboxes">
                            <legend>{t!(i18n, proposals.manifestos)}</legend>
                            {move || {
                                let lang = lang_of(i18n.get_locale());
                                let manifestos = match references.get() {
                                    Some(Ok((manifestos, _))) => manifestos,
                                    Some(Err(failure)) => return view! { <FetchFailed failure=failure retry=move |()| references.retry() /> }.into_any(),
                                    None => Vec::new(),
                                };
                                manifestos.into_iter().map(|m| {
                                    let key = m.key.clone();
                                    let checked = { let key = key.clone(); move || draft.manifestos.with(|keys| keys.contains(&key)) };
                                    let input_id = format!("proposal-manifesto-{}", m.key);
                                    view! {
                                        <div class="field-check">
                                            <input id=input_id.clone() type="checkbox" prop:checked=checked on:change=move |e| {
                                                let on = event_target_checked(&e);
                                                draft.manifestos.update(|keys| { keys.retain(|k| *k != key); if on { keys.push(key.clone()); } });
                                            } />
                                            <label for=input_id>{m.name.get(lang).to_owned()}</label>
                                        </div>
                                    }
                                }).collect_view().into_any()
                            }}
                        </fieldset>
                        <fieldset class="field field-wide checkboxes partners">
                            <legend>{t!(i18n, proposals.partners)}</legend>
                            {move || {
                                let organisations = match organisations.get() {
                                    Some(Ok(organisations)) => organisations,
                                    Some(Err(failure)) => return view! { <FetchFailed failure=failure retry=move |()| organisations.refetch() /> }.into_any(),
                                    None => Vec::new(),
                                };
                                organisations.into_iter().filter(|o| o.id != proposer.get_value()).map(|o| {
                                    let id = o.id.clone();
                                    let checked = { let id = id.clone(); move || draft.partners.with(|ids| ids.contains(&id)) };
                                    let input_id = format!("proposal-partner-{}", o.id);
                                    view! {
                                        <div class="field-check">
                                            <input id=input_id.clone() type="checkbox" prop:checked=checked on:change=move |e| {
                                                let on = event_target_checked(&e);
                                                draft.partners.update(|ids| { ids.retain(|other| *other != id); if on { ids.push(id.clone()); } });
                                            } />
                                            <label for=input_id>{o.name.clone()}</label>
                                        </div>
                                    }
                                }).collect_view().into_any()
                            }}
                        </fieldset>
                    </div>
                </Show>
                <Show when=move || step.get() == 2>
                    <div class="form-grid">
                        <Text id="proposal-start" kind="date" label=Signal::derive(move || t_string!(i18n, proposals.planned_start).to_string()) value=draft.start />
                        <Text id="proposal-end" kind="date" label=Signal::derive(move || t_string!(i18n, proposals.planned_end).to_string()) value=draft.end />
                    </div>
                    <h3>{t!(i18n, proposals.deliverables)}</h3>
                    <For each=move || draft.deliverables.get().into_iter().enumerate() key=|(i, _)| *i let((index, row))>
                        <div class="planned-row" data-row=index>
                            <input class="planned-title" aria-label=move || t_string!(i18n, proposals.name) prop:value=move || row.title.get() on:input=move |e| row.title.set(event_target_value(&e)) />
                            <select aria-label=move || t_string!(i18n, deliverable_form.kind) prop:value=move || row.kind.get() on:change=move |e| row.kind.set(event_target_value(&e))>
                                {options(DeliverableKind::ALL.iter().map(|k| k.as_str()).collect())}
                            </select>
                            <input class="planned-date" type="date" aria-label=move || t_string!(i18n, proposals.due_date) prop:value=move || row.due.get() on:input=move |e| row.due.set(event_target_value(&e)) />
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
                            <input class="planned-name" aria-label=move || t_string!(i18n, proposals.name) prop:value=move || row.name.get() on:input=move |e| row.name.set(event_target_value(&e)) />
                            <select aria-label=move || t_string!(i18n, stakeholder_form.kind) prop:value=move || row.kind.get() on:change=move |e| row.kind.set(event_target_value(&e))>
                                {options(StakeholderKind::ALL.iter().map(|k| k.as_str()).collect())}
                            </select>
                            <select aria-label=move || t_string!(i18n, stakeholder_form.role) prop:value=move || row.role.get() on:change=move |e| row.role.set(event_target_value(&e))>
                                {options(StakeholderRole::ALL.iter().map(|r| r.as_str()).collect())}
                            </select>
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
                            <input class="planned-name" aria-label=move || t_string!(i18n, proposals.name) prop:value=move || row.name.get() on:input=move |e| row.name.set(event_target_value(&e)) />
                            <input class="planned-unit" aria-label=move || t_string!(i18n, proposals.unit) prop:value=move || row.unit.get() on:input=move |e| row.unit.set(event_target_value(&e)) />
                            <select aria-label=move || t_string!(i18n, indicator_form.direction) prop:value=move || row.direction.get() on:change=move |e| row.direction.set(event_target_value(&e))>
                                {options(Direction::ALL.iter().map(|d| d.as_str()).collect())}
                            </select>
                            <input class="planned-baseline" inputmode="decimal" aria-label=move || t_string!(i18n, proposals.baseline) prop:value=move || row.baseline.get() on:input=move |e| row.baseline.set(event_target_value(&e)) />
                            <input class="planned-target" inputmode="decimal" aria-label=move || t_string!(i18n, proposals.target) prop:value=move || row.target.get() on:input=move |e| row.target.set(event_target_value(&e)) />
                            <input class="planned-agreed" aria-label=move || t_string!(i18n, proposals.agreed_by) placeholder=move || t_string!(i18n, proposals.agreed_by) prop:value=move || row.agreed_by.get() on:input=move |e| row.agreed_by.set(event_target_value(&e)) />
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
                        <LongText id="proposal-process" label=Signal::derive(move || t_string!(i18n, proposals.participatory_process).to_string()) value=draft.process />
                        <LongText id="proposal-communication" label=Signal::derive(move || t_string!(i18n, proposals.communication_strategy).to_string()) value=draft.communication />
                        <div class="field field-check field-wide">
                            <input id="proposal-brand" type="checkbox" prop:checked=move || draft.brand.get() on:change=move |e| draft.brand.set(event_target_checked(&e)) />
                            <label for="proposal-brand">{t!(i18n, proposals.brand_commitment)}</label>
                        </div>
                    </div>
                </Show>
                <Show when=move || step.get() == 5>
                    <p class="lead">{move || draft.summary.get()}</p>
                    <button type="button" class="button primary submit-proposal" disabled=move || form.busy() on:click=submit.clone()>{t!(i18n, proposals.submit)}</button>
                </Show>
                <div class="form-actions">
                    <Show when=move || { step.get() > 1 }>
                        <button type="button" class="button" on:click=move |_| save_then(Some(step.get() - 1))>{t!(i18n, proposals.previous)}</button>
                    </Show>
                    <Show when=move || { step.get() < 5 }>
                        <button type="button" class="button primary next-step" on:click=move |_| save_then(Some(step.get() + 1))>{t!(i18n, proposals.next)}</button>
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
