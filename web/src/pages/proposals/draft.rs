//! The wizard's draft: every field bound to its input, read into a proposal's content with the
//! reasons anything cannot be read yet, named as the server names them.

use l4a_shared::indicator::Dimension;
use l4a_shared::proposal::{PlannedDeliverable, PlannedIndicator, PlannedStakeholder, ProposalContent, ProposalPatch};
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};
use leptos::prelude::*;

use crate::components::form::read;

/// Rows of the wizard's planned lists, each field bound to its input.
#[derive(Clone, Copy)]
pub(crate) struct DeliverableRow {
    pub(crate) title: RwSignal<String>,
    pub(crate) kind: RwSignal<String>,
    pub(crate) due: RwSignal<String>,
}

#[derive(Clone, Copy)]
pub(crate) struct StakeholderRow {
    pub(crate) name: RwSignal<String>,
    pub(crate) kind: RwSignal<String>,
    pub(crate) role: RwSignal<String>,
    pub(crate) took_part: RwSignal<bool>,
}

#[derive(Clone, Copy)]
pub(crate) struct IndicatorRow {
    pub(crate) name: RwSignal<String>,
    pub(crate) unit: RwSignal<String>,
    pub(crate) direction: RwSignal<String>,
    pub(crate) baseline: RwSignal<String>,
    pub(crate) target: RwSignal<String>,
    pub(crate) agreed_by: RwSignal<String>,
}

/// Every field of the wizard.
#[derive(Clone, Copy)]
pub(crate) struct Draft {
    pub(crate) title: RwSignal<String>,
    pub(crate) summary: RwSignal<String>,
    pub(crate) description: RwSignal<String>,
    pub(crate) sdgs: RwSignal<String>,
    pub(crate) sdg_targets: RwSignal<String>,
    pub(crate) manifestos: RwSignal<Vec<String>>,
    pub(crate) partners: RwSignal<Vec<String>>,
    pub(crate) modality: RwSignal<String>,
    pub(crate) start: RwSignal<String>,
    pub(crate) end: RwSignal<String>,
    pub(crate) deliverables: RwSignal<Vec<DeliverableRow>>,
    pub(crate) stakeholders: RwSignal<Vec<StakeholderRow>>,
    pub(crate) indicators: RwSignal<Vec<IndicatorRow>>,
    pub(crate) process: RwSignal<String>,
    pub(crate) communication: RwSignal<String>,
    pub(crate) brand: RwSignal<bool>,
}

pub(crate) fn list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

impl Draft {
    pub(crate) fn from(content: &ProposalContent) -> Self {
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

    /// The content as the inputs stand, and what cannot be read yet (a row without its date, a
    /// goal that is not a number), named as the server would name it. What cannot be read is
    /// left out of the content; the checklist still counts the rest.
    pub(crate) fn read(self) -> (ProposalContent, ValidationErrors) {
        let mut errors = ValidationErrors::default();
        let mut sdgs = Vec::new();
        for goal in list(&self.sdgs.get()) {
            match goal.parse::<i64>() {
                Ok(number) => sdgs.push(number),
                Err(_) => errors.push("sdgs", Invalid::new(Rule::Type, format!("{goal} is not a goal number"))),
            }
        }
        let modality =
            read::optional_text(&self.modality.get()).and_then(|m| read::choice(&mut errors, "modality", &m));
        let planned_start = read::optional_date(&mut errors, "planned_start", &self.start.get());
        let planned_end = read::optional_date(&mut errors, "planned_end", &self.end.get());
        let planned_deliverables = (self.deliverables.get().into_iter().enumerate())
            .filter_map(|(index, row)| {
                let field = |name: &str| format!("planned_deliverables[{index}].{name}");
                let kind = read::choice(&mut errors, &field("kind"), &row.kind.get());
                let due_date = read::date(&mut errors, &field("due_date"), &row.due.get());
                Some(PlannedDeliverable { title: row.title.get(), kind: kind?, due_date: due_date? })
            })
            .collect();
        let planned_stakeholders = (self.stakeholders.get().into_iter().enumerate())
            .filter_map(|(index, row)| {
                let field = |name: &str| format!("planned_stakeholders[{index}].{name}");
                let kind = read::choice(&mut errors, &field("kind"), &row.kind.get());
                let role = read::choice(&mut errors, &field("role"), &row.role.get());
                Some(PlannedStakeholder {
                    name: row.name.get(),
                    kind: kind?,
                    role: role?,
                    took_part_in_criteria: row.took_part.get(),
                })
            })
            .collect();
        let planned_indicators = (self.indicators.get().into_iter().enumerate())
            .filter_map(|(index, row)| {
                let field = |name: &str| format!("planned_indicators[{index}].{name}");
                let direction = read::choice(&mut errors, &field("direction"), &row.direction.get());
                let baseline_value = read::number(&mut errors, &field("baseline_value"), &row.baseline.get());
                let target_value = read::number(&mut errors, &field("target_value"), &row.target.get());
                Some(PlannedIndicator {
                    name: row.name.get(),
                    dimension: Dimension::Acceleration,
                    unit: row.unit.get(),
                    direction: direction?,
                    baseline_value: baseline_value?,
                    target_value: target_value?,
                    agreed_by: list(&row.agreed_by.get()),
                })
            })
            .collect();
        let content = ProposalContent {
            title: self.title.get(),
            summary: self.summary.get(),
            description: self.description.get(),
            partner_organisation_ids: self.partners.get(),
            sdgs,
            sdg_targets: list(&self.sdg_targets.get()),
            manifestos: self.manifestos.get(),
            modality,
            planned_start,
            planned_end,
            planned_deliverables,
            planned_stakeholders,
            planned_indicators,
            participatory_process: self.process.get(),
            communication_strategy: self.communication.get(),
            brand_commitment: self.brand.get(),
        };
        read::rules(&mut errors, content.check_draft());
        (content, errors)
    }
}

pub(crate) fn patch_of(content: ProposalContent) -> ProposalPatch {
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
