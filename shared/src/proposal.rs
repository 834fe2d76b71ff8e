//! Proposals: what a member organisation submits under a call to have its initiative labelled.
//! A draft may be incomplete; submitting checks it whole (it must make a valid hub) and runs the
//! label's six rules, the same checks as a hub's eligibility.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::account::Role;
use crate::deliverable::DeliverableKind;
use crate::eligibility::{LabelRecord, LabelRule, RuleCheck, RuleStatus};
use crate::hub::{HubStatus, Modality, NewHub, present};
use crate::indicator::{Dimension, Direction};
use crate::organisation::OrganisationKind;
use crate::sdg::SdgTaxonomy;
use crate::stakeholder::{StakeholderKind, StakeholderRole};
use crate::validation::{HubPeriod, Invalid, OrganisationName, Rule, Title, ValidationErrors, no_control_characters};

wire_enum!(
    /// Where a proposal stands.
    ProposalState {
        /// Being written; only its organisation's managers and admins see it.
        Draft => "draft",
        /// Sent to the Secretariat.
        Submitted => "submitted",
        /// The advisory board is reviewing it.
        UnderReview => "under_review",
        /// Labelled: its hub exists.
        Accepted => "accepted",
        /// Not labelled; the reason is given.
        Rejected => "rejected",
        /// Taken back by its organisation.
        Withdrawn => "withdrawn",
    }
);

wire_enum!(
    /// What can happen to a proposal.
    ProposalAction {
        /// Send a draft.
        Submit => "submit",
        /// Take back a draft or a submitted proposal.
        Withdraw => "withdraw",
        /// Begin the advisory board's review.
        StartReview => "start_review",
        /// Grant the label.
        Accept => "accept",
        /// Refuse the label.
        Reject => "reject",
    }
);

impl ProposalState {
    /// The state `action` leads to, or `None` when it is not allowed from this state.
    pub fn after(self, action: ProposalAction) -> Option<ProposalState> {
        use ProposalAction as A;
        use ProposalState as S;
        match (self, action) {
            (S::Draft, A::Submit) => Some(S::Submitted),
            (S::Draft | S::Submitted, A::Withdraw) => Some(S::Withdrawn),
            (S::Submitted, A::StartReview) => Some(S::UnderReview),
            (S::UnderReview, A::Accept) => Some(S::Accepted),
            (S::UnderReview, A::Reject) => Some(S::Rejected),
            _ => None,
        }
    }

    /// Whether its content may still change.
    pub fn is_editable(self) -> bool {
        self == ProposalState::Draft
    }
}

impl ProposalAction {
    /// The last segment of the endpoint that takes the action, `/api/v1/proposals/{id}/…`:
    /// accepting and rejecting are both a `decision`, which carries its outcome and reason.
    pub fn endpoint(self) -> &'static str {
        match self {
            ProposalAction::Submit => "submit",
            ProposalAction::Withdraw => "withdraw",
            ProposalAction::StartReview => "start-review",
            ProposalAction::Accept | ProposalAction::Reject => "decision",
        }
    }
}

/// Who acts on a proposal, as far as its rules care. The server builds it from the request's
/// caller, the web app from the signed-in account, so that both apply one rule.
#[derive(Debug, Clone, Copy)]
pub struct ProposalCaller<'a> {
    /// The caller's roles.
    pub roles: &'a [Role],
    /// The organisations the caller acts for.
    pub organisation_ids: &'a [String],
    /// Whether the caller is an account; API keys do not propose.
    pub is_account: bool,
}

impl ProposalCaller<'_> {
    /// Whether the caller speaks for the proposing organisation: an admin, or a signed-in
    /// manager of that organisation. They write, submit and withdraw its proposals.
    pub fn speaks_for(&self, organisation_id: &str) -> bool {
        self.roles.contains(&Role::Admin)
            || (self.is_account
                && self.roles.contains(&Role::Manager)
                && self.organisation_ids.iter().any(|own| own == organisation_id))
    }

    /// Whether the caller may take `action` on a proposal of `organisation_id`, whatever its
    /// state: its organisation submits and withdraws, the Secretariat reviews and decides.
    pub fn may(&self, action: ProposalAction, organisation_id: &str) -> bool {
        match action {
            ProposalAction::Submit | ProposalAction::Withdraw => self.speaks_for(organisation_id),
            ProposalAction::StartReview | ProposalAction::Accept | ProposalAction::Reject => {
                self.roles.contains(&Role::Admin)
            }
        }
    }
}

impl Proposal {
    /// The actions `caller` may take on this proposal now: those its state allows and its
    /// caller may take. The web app shows exactly these; the server refuses the others.
    pub fn actions_for(&self, caller: &ProposalCaller<'_>) -> Vec<ProposalAction> {
        ProposalAction::ALL
            .iter()
            .copied()
            .filter(|&action| self.state.after(action).is_some() && caller.may(action, &self.organisation_id))
            .collect()
    }

    /// Whether `caller` may change this proposal's content now.
    pub fn editable_by(&self, caller: &ProposalCaller<'_>) -> bool {
        self.state.is_editable() && caller.speaks_for(&self.organisation_id)
    }
}

/// A deliverable the proposal announces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlannedDeliverable {
    /// 3 to 200 characters.
    pub title: String,
    /// What kind of output it is.
    pub kind: DeliverableKind,
    /// When it is due, inside the planned period.
    pub due_date: NaiveDate,
}

/// A stakeholder the proposal plans to involve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlannedStakeholder {
    /// 2 to 200 characters, unique in the proposal (indicators name them).
    pub name: String,
    /// What it is.
    pub kind: StakeholderKind,
    /// The part it plays.
    pub role: StakeholderRole,
    /// Whether it takes part in setting the success criteria.
    #[serde(default)]
    pub took_part_in_criteria: bool,
}

/// An impact indicator the proposal plans, agreed with some of its planned stakeholders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlannedIndicator {
    /// 3 to 200 characters.
    pub name: String,
    /// Which key idea it measures.
    pub dimension: Dimension,
    /// 1 to 40 characters.
    pub unit: String,
    /// Which way it should move.
    pub direction: Direction,
    /// The starting value.
    pub baseline_value: f64,
    /// The value to reach by the end of the period.
    pub target_value: f64,
    /// Names of the planned stakeholders who agreed it.
    #[serde(default)]
    pub agreed_by: Vec<String>,
}

/// A proposal as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The call it answers.
    pub call_id: String,
    /// The proposing organisation, which will lead the hub.
    pub organisation_id: String,
    /// Where it stands.
    pub state: ProposalState,
    /// The content.
    #[serde(flatten)]
    pub content: ProposalContent,
    /// The labelled hub, once accepted.
    pub hub_id: Option<String>,
    /// When it was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the Secretariat decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// The decision's written reason.
    pub decision_reason: Option<String>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// What a proposal says: everything a hub needs. A draft may leave any of it empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalContent {
    /// The hub's name to be: 3 to 200 characters.
    #[serde(default)]
    pub title: String,
    /// 10 to 500 characters.
    #[serde(default)]
    pub summary: String,
    /// Up to 20,000 characters.
    #[serde(default)]
    pub description: String,
    /// Partner organisations' ids.
    #[serde(default)]
    pub partner_organisation_ids: Vec<String>,
    /// SDG goals served.
    #[serde(default)]
    pub sdgs: Vec<i64>,
    /// SDG targets (`11.3`) of those goals.
    #[serde(default)]
    pub sdg_targets: Vec<String>,
    /// UCLG manifesto keys (the themes).
    #[serde(default)]
    pub manifestos: Vec<String>,
    /// Physical, virtual or hybrid.
    #[serde(default)]
    pub modality: Option<Modality>,
    /// Planned first day.
    #[serde(default)]
    pub planned_start: Option<NaiveDate>,
    /// Planned last day: 1 to 3 years after the start.
    #[serde(default)]
    pub planned_end: Option<NaiveDate>,
    /// Deliverables announced in advance.
    #[serde(default)]
    pub planned_deliverables: Vec<PlannedDeliverable>,
    /// Stakeholders to involve.
    #[serde(default)]
    pub planned_stakeholders: Vec<PlannedStakeholder>,
    /// Impact indicators agreed with them.
    #[serde(default)]
    pub planned_indicators: Vec<PlannedIndicator>,
    /// How the success criteria are set with the stakeholders: up to 5,000 characters.
    #[serde(default)]
    pub participatory_process: String,
    /// How the hub will communicate: up to 5,000 characters.
    #[serde(default)]
    pub communication_strategy: String,
    /// The commitment to use UCLG's brand as its guidelines say.
    #[serde(default)]
    pub brand_commitment: bool,
}

/// The body of `POST /api/v1/calls/{call}/proposals`: a draft, as complete as it is yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProposal {
    /// The proposing organisation: one of the manager's.
    pub organisation_id: String,
    /// The hub's name to be.
    #[serde(default)]
    pub title: String,
    /// The summary.
    #[serde(default)]
    pub summary: String,
    /// The description.
    #[serde(default)]
    pub description: String,
    /// Partner organisations' ids.
    #[serde(default)]
    pub partner_organisation_ids: Vec<String>,
    /// SDG goals served.
    #[serde(default)]
    pub sdgs: Vec<i64>,
    /// SDG targets.
    #[serde(default)]
    pub sdg_targets: Vec<String>,
    /// UCLG manifesto keys.
    #[serde(default)]
    pub manifestos: Vec<String>,
    /// The modality.
    #[serde(default)]
    pub modality: Option<Modality>,
    /// Planned first day.
    #[serde(default)]
    pub planned_start: Option<NaiveDate>,
    /// Planned last day.
    #[serde(default)]
    pub planned_end: Option<NaiveDate>,
    /// Deliverables announced in advance.
    #[serde(default)]
    pub planned_deliverables: Vec<PlannedDeliverable>,
    /// Stakeholders to involve.
    #[serde(default)]
    pub planned_stakeholders: Vec<PlannedStakeholder>,
    /// Impact indicators.
    #[serde(default)]
    pub planned_indicators: Vec<PlannedIndicator>,
    /// The participatory process.
    #[serde(default)]
    pub participatory_process: String,
    /// The communication strategy.
    #[serde(default)]
    pub communication_strategy: String,
    /// The brand commitment.
    #[serde(default)]
    pub brand_commitment: bool,
}

impl NewProposal {
    /// Its content.
    pub fn content(&self) -> ProposalContent {
        ProposalContent {
            title: self.title.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            partner_organisation_ids: self.partner_organisation_ids.clone(),
            sdgs: self.sdgs.clone(),
            sdg_targets: self.sdg_targets.clone(),
            manifestos: self.manifestos.clone(),
            modality: self.modality,
            planned_start: self.planned_start,
            planned_end: self.planned_end,
            planned_deliverables: self.planned_deliverables.clone(),
            planned_stakeholders: self.planned_stakeholders.clone(),
            planned_indicators: self.planned_indicators.clone(),
            participatory_process: self.participatory_process.clone(),
            communication_strategy: self.communication_strategy.clone(),
            brand_commitment: self.brand_commitment,
        }
    }
}

/// The body of `PATCH /api/v1/proposals/{id}`: a JSON merge patch of a draft's content.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProposalPatch {
    /// A new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A new summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New partners (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_organisation_ids: Option<Vec<String>>,
    /// New goals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdgs: Option<Vec<i64>>,
    /// New targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdg_targets: Option<Vec<String>>,
    /// New manifestos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifestos: Option<Vec<String>>,
    /// A new modality; `null` clears it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Modality>))]
    pub modality: Option<Option<Modality>>,
    /// A new start; `null` clears it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub planned_start: Option<Option<NaiveDate>>,
    /// A new end; `null` clears it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub planned_end: Option<Option<NaiveDate>>,
    /// New deliverables (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_deliverables: Option<Vec<PlannedDeliverable>>,
    /// New stakeholders (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_stakeholders: Option<Vec<PlannedStakeholder>>,
    /// New indicators (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_indicators: Option<Vec<PlannedIndicator>>,
    /// A new participatory process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participatory_process: Option<String>,
    /// A new communication strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_strategy: Option<String>,
    /// A new brand commitment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_commitment: Option<bool>,
}

impl ProposalPatch {
    /// The content as it would be after this patch.
    pub fn apply_to(self, current: &ProposalContent) -> ProposalContent {
        let c = current.clone();
        ProposalContent {
            title: self.title.unwrap_or(c.title),
            summary: self.summary.unwrap_or(c.summary),
            description: self.description.unwrap_or(c.description),
            partner_organisation_ids: self.partner_organisation_ids.unwrap_or(c.partner_organisation_ids),
            sdgs: self.sdgs.unwrap_or(c.sdgs),
            sdg_targets: self.sdg_targets.unwrap_or(c.sdg_targets),
            manifestos: self.manifestos.unwrap_or(c.manifestos),
            modality: self.modality.unwrap_or(c.modality),
            planned_start: self.planned_start.unwrap_or(c.planned_start),
            planned_end: self.planned_end.unwrap_or(c.planned_end),
            planned_deliverables: self.planned_deliverables.unwrap_or(c.planned_deliverables),
            planned_stakeholders: self.planned_stakeholders.unwrap_or(c.planned_stakeholders),
            planned_indicators: self.planned_indicators.unwrap_or(c.planned_indicators),
            participatory_process: self.participatory_process.unwrap_or(c.participatory_process),
            communication_strategy: self.communication_strategy.unwrap_or(c.communication_strategy),
            brand_commitment: self.brand_commitment.unwrap_or(c.brand_commitment),
        }
    }
}

fn at_most(errors: &mut ValidationErrors, field: &str, text: &str, max: usize, multiline: bool) {
    if let Err(invalid) = no_control_characters(text, multiline) {
        errors.push(field, invalid);
    } else if text.chars().count() > max {
        errors.push(field, Invalid::new(Rule::Length, format!("at most {max} characters")));
    }
}

impl ProposalContent {
    /// The rules a draft keeps at every save: lengths and characters, nothing required yet.
    pub fn check_draft(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        at_most(&mut errors, "title", &self.title, 200, false);
        at_most(&mut errors, "summary", &self.summary, 500, true);
        at_most(&mut errors, "description", &self.description, 20_000, true);
        at_most(&mut errors, "participatory_process", &self.participatory_process, 5_000, true);
        at_most(&mut errors, "communication_strategy", &self.communication_strategy, 5_000, true);
        if self.planned_deliverables.len() > 100
            || self.planned_stakeholders.len() > 100
            || self.planned_indicators.len() > 100
        {
            errors.push("planned", Invalid::new(Rule::Range, "at most 100 planned items of each kind"));
        }
        errors.finish(|| Some(()))
    }

    /// The period, when both dates are given and make a valid hub period.
    pub fn period(&self) -> Option<HubPeriod> {
        HubPeriod::new(self.planned_start?, self.planned_end?).ok()
    }

    /// The hub this proposal would become, led by `organisation_id` in `country`.
    pub fn to_hub(&self, organisation_id: &str, country: &str) -> Option<NewHub> {
        Some(NewHub {
            slug: None,
            name: self.title.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            resources: String::new(),
            lead_organisation_id: organisation_id.to_owned(),
            partner_organisation_ids: self.partner_organisation_ids.clone(),
            country: country.to_owned(),
            city: None,
            sdgs: self.sdgs.clone(),
            sdg_targets: self.sdg_targets.clone(),
            manifestos: self.manifestos.clone(),
            policy_council_ids: Vec::new(),
            modality: self.modality?,
            status: Some(HubStatus::Active),
            start_date: self.planned_start?,
            end_date: self.planned_end?,
        })
    }

    /// What the label's rules are checked against, with the lead organisation's kind.
    pub fn label_record(&self, lead_kind: Option<OrganisationKind>) -> LabelRecord {
        let period = match (self.planned_start, self.planned_end) {
            (Some(start), Some(end)) => Some(HubPeriod::new(start, end)),
            _ => None,
        };
        let outside = match &period {
            Some(Ok(period)) => self
                .planned_deliverables
                .iter()
                .filter(|d| !period.contains(d.due_date))
                .map(|d| d.title.clone())
                .collect(),
            _ => Vec::new(),
        };
        let names: Vec<&str> = self.planned_stakeholders.iter().map(|s| s.name.as_str()).collect();
        LabelRecord {
            lead_kind,
            period_ok: period.as_ref().map(Result::is_ok),
            deliverables: self.planned_deliverables.len(),
            deliverables_outside: outside,
            indicators: self
                .planned_indicators
                .iter()
                .map(|i| {
                    let agreed =
                        !i.agreed_by.is_empty() && i.agreed_by.iter().all(|name| names.contains(&name.as_str()));
                    (i.name.clone(), agreed)
                })
                .collect(),
            sdgs: self.sdgs.len(),
            manifestos: self.manifestos.len(),
            modality: self.modality,
            brand_commitment: Some(self.brand_commitment),
            communication_strategy: Some(self.communication_strategy.trim().to_owned()).filter(|s| !s.is_empty()),
        }
    }
}

impl ProposalContent {
    /// Whether it is complete enough to become a hub: every rule a hub and its deliverables,
    /// stakeholders and indicators keep, with the proposal's field names.
    pub fn check_complete(&self, organisation_id: &str, country: &str, taxonomy: &SdgTaxonomy) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        if self.modality.is_none() {
            errors.push("modality", Invalid::new(Rule::Required, "say whether it is physical, virtual or hybrid"));
        }
        if self.planned_start.is_none() {
            errors.push("planned_start", Invalid::new(Rule::Required, "give the planned first day"));
        }
        if self.planned_end.is_none() {
            errors.push("planned_end", Invalid::new(Rule::Required, "give the planned last day"));
        }
        // Missing dates or modality get stand-ins, so that every other rule of a hub is checked
        // now; what the stand-ins cause is not reported (the missing fields already are).
        let year = chrono::Days::new(365);
        let start = self.planned_start.or_else(|| self.planned_end.and_then(|end| end.checked_sub_days(year)));
        let start = start.unwrap_or(NaiveDate::MIN);
        let end = self.planned_end.or_else(|| start.checked_add_days(year)).unwrap_or(start);
        let stand_in = ProposalContent {
            modality: self.modality.or(Some(Modality::Hybrid)),
            planned_start: Some(start),
            planned_end: Some(end),
            ..self.clone()
        };
        let dates_given = self.planned_start.is_some() && self.planned_end.is_some();
        if let Some(hub) = stand_in.to_hub(organisation_id, country)
            && let Err(broken) = hub.validate(taxonomy)
        {
            for mut error in broken.0.into_iter().filter(|e| dates_given || !e.field.ends_with("_date")) {
                error.field = match error.field.as_str() {
                    "name" => "title".to_owned(),
                    "start_date" => "planned_start".to_owned(),
                    "end_date" => "planned_end".to_owned(),
                    "lead_organisation_id" | "country" => "organisation_id".to_owned(),
                    _ => error.field,
                };
                errors.0.push(error);
            }
        }
        for (index, deliverable) in self.planned_deliverables.iter().enumerate() {
            let field = format!("planned_deliverables[{index}]");
            errors.check(&format!("{field}.title"), Title::parse(&deliverable.title));
        }
        let mut names: Vec<String> = Vec::new();
        for (index, stakeholder) in self.planned_stakeholders.iter().enumerate() {
            let field = format!("planned_stakeholders[{index}].name");
            if let Some(name) = errors.check(&field, OrganisationName::parse(&stakeholder.name)) {
                if names.contains(&name.as_str().to_owned()) {
                    errors.push(field, Invalid::new(Rule::Duplicate, "two planned stakeholders have this name"));
                }
                names.push(name.as_str().to_owned());
            }
        }
        for (index, indicator) in self.planned_indicators.iter().enumerate() {
            let field = format!("planned_indicators[{index}]");
            errors.check(&format!("{field}.name"), Title::parse(&indicator.name));
            if indicator.unit.trim().is_empty() || indicator.unit.chars().count() > 40 {
                errors.push(format!("{field}.unit"), Invalid::new(Rule::Length, "the unit is 1 to 40 characters"));
            }
            let wrong_way = match indicator.direction {
                Direction::Increase => indicator.target_value < indicator.baseline_value,
                Direction::Decrease => indicator.target_value > indicator.baseline_value,
            };
            if !indicator.baseline_value.is_finite() || !indicator.target_value.is_finite() || wrong_way {
                let message = format!(
                    "an indicator to {} cannot target {} from {}",
                    indicator.direction, indicator.target_value, indicator.baseline_value
                );
                errors.push(format!("{field}.target_value"), Invalid::new(Rule::Consistent, message));
            }
            for (position, name) in indicator.agreed_by.iter().enumerate() {
                if !self.planned_stakeholders.iter().any(|s| s.name.trim() == name.trim()) {
                    let message = format!("{name} is not one of the planned stakeholders");
                    errors.push(format!("{field}.agreed_by[{position}]"), Invalid::new(Rule::Exists, message));
                }
            }
        }
        errors
    }
}

/// The rules that do not pass, as field errors `eligibility.<rule>` with their reasons.
pub fn unmet_rules(checks: &[RuleCheck]) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    for check in checks.iter().filter(|c| c.status != RuleStatus::Pass) {
        let why = if check.reasons.is_empty() { "not shown yet".to_owned() } else { check.reasons.join("; ") };
        errors.push(format!("eligibility.{}", check.rule.as_str()), Invalid::new(Rule::Label, why));
    }
    errors
}

/// The body of `POST /api/v1/proposals/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Grant the label, or refuse it.
    pub outcome: DecisionOutcome,
    /// Why, in writing: 10 to 5,000 characters.
    pub reason: String,
}

wire_enum!(
    /// The Secretariat's decision.
    DecisionOutcome {
        /// Grant the label: the hub is created.
        Accept => "accept",
        /// Refuse it.
        Reject => "reject",
    }
);

impl Decision {
    /// Checks the reason; returns it trimmed.
    pub fn validate(&self) -> Result<String, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let reason = self.reason.trim();
        if let Err(invalid) = no_control_characters(reason, true) {
            errors.push("reason", invalid);
        } else if !(10..=5_000).contains(&reason.chars().count()) {
            errors.push("reason", Invalid::new(Rule::Length, "a decision's reason has 10 to 5,000 characters"));
        }
        errors.finish(|| Some(reason.to_owned()))
    }
}

wire_enum!(
    /// What a reviewer recommends.
    Recommendation {
        /// Grant the label.
        Grant => "grant",
        /// Ask for a revised proposal.
        Revise => "revise",
        /// Refuse the label.
        Refuse => "refuse",
    }
);

/// A reviewer's scores: 0 to 5 for each of the label's six rules.
pub type Scores = std::collections::BTreeMap<LabelRule, u8>;

/// A review as the API returns it; `reviewer_id` is left out for the proposer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The proposal reviewed.
    pub proposal_id: String,
    /// Who reviewed it (hidden from the proposer).
    pub reviewer_id: Option<String>,
    /// 0 to 5 for each rule of the label.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, u8>))]
    pub scores: Scores,
    /// What the reviewer recommends.
    pub recommendation: Recommendation,
    /// The general comment.
    pub comment: String,
    /// When it was submitted (UTC).
    pub created_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/proposals/{id}/reviews`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewReview {
    /// A score from 0 to 5 for every one of the six rules.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, u8>))]
    pub scores: Scores,
    /// What the reviewer recommends.
    pub recommendation: Recommendation,
    /// Up to 5,000 characters.
    #[serde(default)]
    pub comment: String,
}

impl NewReview {
    /// Checks that every rule is scored 0 to 5 and the comment's length.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        for rule in LabelRule::ALL {
            match self.scores.get(rule) {
                None => {
                    errors.push(format!("scores.{rule}"), Invalid::new(Rule::Required, "score every rule of the label"))
                }
                Some(score) if *score > 5 => {
                    errors.push(format!("scores.{rule}"), Invalid::new(Rule::Range, "a score is 0 to 5"));
                }
                Some(_) => {}
            }
        }
        at_most(&mut errors, "comment", &self.comment, 5_000, true);
        errors.finish(|| Some(()))
    }
}

/// The body of `POST /api/v1/proposals/{id}/reviewers` (admin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewerAssignment {
    /// The account to review: it has the reviewer role and is not of the proposing organisation.
    pub reviewer_id: String,
}

wire_enum!(
    /// What happened, for integrations.
    EventKind {
        /// A proposal was submitted.
        ProposalSubmitted => "proposal.submitted",
        /// A reviewer submitted a review.
        ProposalReviewSubmitted => "proposal.review_submitted",
        /// The Secretariat decided on a proposal.
        ProposalDecided => "proposal.decided",
        /// A hub was labelled.
        HubLabelled => "hub.labelled",
        /// A hub's managers submitted a progress report.
        ReportSubmitted => "report.submitted",
        /// The Secretariat approved a progress report.
        ReportApproved => "report.approved",
        /// The Secretariat returned a progress report with comments.
        ReportReturned => "report.returned",
        /// A hub's description, period, organisations or goals changed.
        HubUpdated => "hub.updated",
        /// A deliverable was marked delivered.
        DeliverableDelivered => "deliverable.delivered",
        /// A measurement was recorded on an indicator.
        MeasurementRecorded => "measurement.recorded",
    }
);

/// One event of the feed that integrations will receive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// The public id, a UUIDv7 (so events sort by time).
    pub id: String,
    /// What happened.
    pub kind: EventKind,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// The proposal concerned.
    pub proposal_id: Option<String>,
    /// The hub concerned.
    pub hub_id: Option<String>,
    /// Details of the event.
    pub data: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_caller_is_offered_exactly_the_actions_the_state_and_their_role_allow() {
        let proposal = |state: ProposalState| Proposal {
            id: "p".into(),
            call_id: "c".into(),
            organisation_id: "quito".into(),
            state,
            content: ProposalContent::default(),
            hub_id: None,
            submitted_at: None,
            decided_at: None,
            decision_reason: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        let quito = ["quito".to_owned()];
        let manager = ProposalCaller { roles: &[Role::Manager], organisation_ids: &quito, is_account: true };
        let key = ProposalCaller { roles: &[], organisation_ids: &quito, is_account: false };
        let other = ProposalCaller { roles: &[Role::Manager], organisation_ids: &[], is_account: true };
        let admin = ProposalCaller { roles: &[Role::Admin], organisation_ids: &[], is_account: true };
        use ProposalAction as A;
        use ProposalState as S;
        assert_eq!(proposal(S::Draft).actions_for(&manager), vec![A::Submit, A::Withdraw]);
        assert_eq!(proposal(S::Submitted).actions_for(&manager), vec![A::Withdraw]);
        assert_eq!(proposal(S::UnderReview).actions_for(&manager), vec![]);
        assert_eq!(proposal(S::Draft).actions_for(&other), vec![]);
        assert_eq!(proposal(S::Draft).actions_for(&key), vec![], "API keys do not propose");
        assert_eq!(proposal(S::Submitted).actions_for(&admin), vec![A::Withdraw, A::StartReview]);
        assert_eq!(proposal(S::UnderReview).actions_for(&admin), vec![A::Accept, A::Reject]);
        assert_eq!(proposal(S::Accepted).actions_for(&admin), vec![]);
        assert!(proposal(S::Draft).editable_by(&manager) && !proposal(S::Submitted).editable_by(&manager));
        assert_eq!(A::StartReview.endpoint(), "start-review");
    }

    #[test]
    fn only_the_workflow_s_transitions_are_allowed() {
        use ProposalAction as A;
        use ProposalState as S;
        let allowed: Vec<(S, A, S)> = S::ALL
            .iter()
            .flat_map(|&state| {
                A::ALL.iter().filter_map(move |&action| state.after(action).map(|next| (state, action, next)))
            })
            .collect();
        assert_eq!(
            allowed,
            vec![
                (S::Draft, A::Submit, S::Submitted),
                (S::Draft, A::Withdraw, S::Withdrawn),
                (S::Submitted, A::Withdraw, S::Withdrawn),
                (S::Submitted, A::StartReview, S::UnderReview),
                (S::UnderReview, A::Accept, S::Accepted),
                (S::UnderReview, A::Reject, S::Rejected),
            ]
        );
    }

    #[test]
    fn an_empty_draft_fails_every_rule_it_can_and_says_why() {
        let checks = ProposalContent::default().label_record(None).check();
        let unmet = unmet_rules(&checks);
        let fields: Vec<&str> = unmet.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "eligibility.led_locally",
                "eligibility.timeline",
                "eligibility.participatory_criteria",
                "eligibility.uclg_brand",
                "eligibility.thematic",
                "eligibility.communication"
            ]
        );
        assert!(unmet.0.iter().all(|e| e.rule == Rule::Label && !e.message.is_empty()));
    }

    #[test]
    fn an_indicator_agreed_by_an_unknown_stakeholder_is_not_agreed() {
        let content = ProposalContent {
            planned_stakeholders: vec![PlannedStakeholder {
                name: "Youth council".into(),
                kind: StakeholderKind::CitizensGroup,
                role: StakeholderRole::Participant,
                took_part_in_criteria: true,
            }],
            planned_indicators: vec![PlannedIndicator {
                name: "Residents trained".into(),
                dimension: Dimension::Acceleration,
                unit: "people".into(),
                direction: Direction::Increase,
                baseline_value: 0.0,
                target_value: 100.0,
                agreed_by: vec!["Youth council".into(), "Nobody".into()],
            }],
            ..ProposalContent::default()
        };
        assert_eq!(content.label_record(None).indicators, vec![("Residents trained".to_owned(), false)]);
    }
}
