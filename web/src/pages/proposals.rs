//! Proposals: the list (each role sees what the server shows it), the wizard a manager drafts
//! with, and the page where the board reviews and the Secretariat decides.

use l4a_shared::account::{Role, User};
use l4a_shared::deliverable::DeliverableKind;
use l4a_shared::eligibility::{LabelRule, RuleCheck, RuleStatus};
use l4a_shared::hub::Modality;
use l4a_shared::indicator::{Dimension, Direction};
use l4a_shared::proposal::{
    Decision, DecisionOutcome, NewReview, PlannedDeliverable, PlannedIndicator, PlannedStakeholder, Proposal,
    ProposalAction, ProposalCaller, ProposalContent, ProposalPatch, ProposalState, Recommendation, Review, Scores,
};
use l4a_shared::stakeholder::{StakeholderKind, StakeholderRole};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiFailure};
use crate::components::feedback::{ErrorPanel, FetchFailed, Loading};
use crate::components::form::{FormState, FormSummary};
use crate::components::layout::set_page_title;
use crate::components::references::use_references;
use crate::i18n::{t, t_string, use_i18n};
use crate::labels::{label, lang_of};
use crate::session::Session;

fn title_of(proposal: &Proposal) -> String {
    let i18n = use_i18n();
    let title = proposal.content.title.trim();
    if title.is_empty() { t_string!(i18n, proposals.untitled).to_string() } else { title.to_owned() }
}

/// The label's checklist: each rule with its status and reasons.
#[component]
fn Checklist(checks: Vec<RuleCheck>) -> impl IntoView {
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

fn proposal_resource() -> LocalResource<Result<api::Versioned<Proposal>, ApiFailure>> {
    let params = use_params_map();
    LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::find_proposal(&id).await }
    })
}

/// Rows of the wizard's planned lists, each field bound to its input.
#[derive(Clone, Copy)]
struct DeliverableRow {
    title: RwSignal<String>,
    kind: RwSignal<String>,
    due: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct StakeholderRow {
    name: RwSignal<String>,
    kind: RwSignal<String>,
    role: RwSignal<String>,
    took_part: RwSignal<bool>,
}

#[derive(Clone, Copy)]
struct IndicatorRow {
    name: RwSignal<String>,
    unit: RwSignal<String>,
    direction: RwSignal<String>,
    baseline: RwSignal<String>,
    target: RwSignal<String>,
    agreed_by: RwSignal<String>,
}

/// Every field of the wizard.
#[derive(Clone, Copy)]
struct Draft {
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

fn list(text: &str) -> Vec<String> {
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

fn patch_of(content: ProposalContent) -> ProposalPatch {
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
fn Text(
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
fn LongText(id: &'static str, #[prop(into)] label: Signal<String>, value: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="field field-wide">
            <label for=id>{label}</label>
            <textarea id=id rows="3" prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))></textarea>
        </div>
    }
}

/// A select over a wire enum's values, shown as they travel.
fn options(values: Vec<&'static str>) -> impl IntoView {
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
fn Wizard(proposal: Proposal) -> impl IntoView {
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
fn ProposalView(proposal: Proposal, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
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
        leptos::task::spawn_local(async move {
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

#[component]
fn ReviewCard(review: Review) -> impl IntoView {
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
fn ReviewForm(proposal_id: String, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
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
        leptos::task::spawn_local(async move {
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
                    let input_id = format!("review-score-{}", rule.as_str());
                    view! {
                        <div class="field">
                            <label for=input_id.clone()>{label(rule)}</label>
                            <select id=input_id prop:value=move || value.get() on:change=move |e| value.set(event_target_value(&e))>
                                {options(vec!["0", "1", "2", "3", "4", "5"])}
                            </select>
                        </div>
                    }
                }).collect_view()}
                <div class="field">
                    <label for="review-recommendation">{t!(i18n, proposals.recommendation)}</label>
                    <select id="review-recommendation" prop:value=move || recommendation.get() on:change=move |e| recommendation.set(event_target_value(&e))>
                        {Recommendation::ALL.iter().map(|r| view! { <option value=r.as_str()>{label(*r)}</option> }).collect_view()}
                    </select>
                </div>
                <LongText id="review-comment" label=Signal::derive(move || t_string!(i18n, proposals.comment).to_string()) value=comment />
            </div>
            <div class="form-actions"><button type="submit" class="button primary">{t!(i18n, proposals.send_review)}</button></div>
        </form>
    }
}

#[component]
fn DecisionForm(proposal_id: String, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
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
        leptos::task::spawn_local(async move {
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
                <div class="field">
                    <label for="decision-outcome">{t!(i18n, proposals.decision)}</label>
                    <select id="decision-outcome" prop:value=move || outcome.get() on:change=move |e| outcome.set(event_target_value(&e))>
                        <option value="accept">{t!(i18n, proposals.accept)}</option>
                        <option value="reject">{t!(i18n, proposals.reject)}</option>
                    </select>
                </div>
                <LongText id="decision-reason" label=Signal::derive(move || t_string!(i18n, proposals.reason).to_string()) value=reason />
            </div>
            <div class="form-actions"><button type="submit" class="button primary decide">{t!(i18n, proposals.decision)}</button></div>
        </form>
    }
}

#[component]
fn AssignReviewer(proposal_id: String) -> impl IntoView {
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
        leptos::task::spawn_local(async move {
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
            <button type="button" class="button" on:click=assign>{t!(i18n, proposals.assign)}</button>
            <Show when=move || done.get()><span class="tag tag-on-time">"✓"</span></Show>
        </div>
    }
}
