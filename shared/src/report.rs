//! Progress reports: a hub's account of a period (achievements, challenges, next steps, with
//! its evidence and its figures frozen at submission), approved or returned by the Secretariat.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::figures::HubFigures;
use crate::indicator::Dimension;
use crate::validation::{Invalid, Rule, ValidationErrors, WebUrl};

wire_enum!(
    /// Where a report stands.
    ReportState {
        /// Written by the hub's managers; only they and the Secretariat see it.
        Draft => "draft",
        /// Sent to the Secretariat, its figures frozen; no longer editable.
        Submitted => "submitted",
        /// Approved by the Secretariat: public, and it counts for the hub's reporting status.
        Approved => "approved",
        /// Sent back by the Secretariat with comments: editable and submitted again like a draft.
        Returned => "returned",
    }
);

wire_enum!(
    /// What can be done to a report.
    ReportAction {
        /// A hub manager sends a draft or returned report to the Secretariat.
        Submit => "submit",
        /// An administrator approves a submitted report.
        Approve => "approve",
        /// An administrator sends a submitted report back, with comments.
        Return => "return",
    }
);

impl ReportState {
    /// The state `action` leads to from this one; `None` when it may not be taken here.
    pub fn after(self, action: ReportAction) -> Option<ReportState> {
        match (self, action) {
            (ReportState::Draft | ReportState::Returned, ReportAction::Submit) => Some(ReportState::Submitted),
            (ReportState::Submitted, ReportAction::Approve) => Some(ReportState::Approved),
            (ReportState::Submitted, ReportAction::Return) => Some(ReportState::Returned),
            _ => None,
        }
    }

    /// Whether the hub's managers may still change or delete it.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }

    /// Whether anyone may read it.
    pub fn is_public(self) -> bool {
        self == ReportState::Approved
    }
}

impl ReportAction {
    /// The last segment of its endpoint, `POST /api/v1/reports/{id}/<this>`.
    pub fn endpoint(self) -> &'static str {
        self.as_str()
    }
}

/// One impact indicator as it stood when the report was submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorSnapshot {
    /// The indicator's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The dimension it measures.
    pub dimension: Dimension,
    /// Its unit.
    pub unit: String,
    /// Its baseline value.
    pub baseline_value: f64,
    /// Its target value.
    pub target_value: f64,
    /// When the target is due.
    pub target_date: NaiveDate,
    /// The latest total measurement then, if any.
    pub latest_value: Option<f64>,
    /// When that measurement was taken.
    pub latest_measured_on: Option<NaiveDate>,
    /// Progress then, unclamped (see the indicator's `progress`).
    pub progress: Option<f64>,
    /// Whether it was on track then.
    pub on_track: bool,
}

/// The hub's figures and indicators as they stood when the report was submitted: later
/// measurements do not change them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSnapshot {
    /// When it was taken (UTC).
    pub taken_at: DateTime<Utc>,
    /// The hub's figures then.
    pub figures: HubFigures,
    /// Its indicators then.
    pub indicators: Vec<IndicatorSnapshot>,
}

/// A progress report as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The hub it reports on.
    pub hub_id: String,
    /// Where it stands.
    pub state: ReportState,
    /// The first day of the period it covers.
    pub period_start: NaiveDate,
    /// The last day of the period it covers.
    pub period_end: NaiveDate,
    /// What the hub achieved in the period.
    pub achievements: String,
    /// What held it back.
    pub challenges: String,
    /// What it will do next.
    pub next_steps: String,
    /// The hub's deliverables it cites as evidence.
    pub deliverable_ids: Vec<String>,
    /// The hub's activities it cites as evidence.
    pub activity_ids: Vec<String>,
    /// Other evidence, as web addresses.
    pub links: Vec<String>,
    /// The hub's figures and indicators frozen at submission; none before.
    pub snapshot: Option<ReportSnapshot>,
    /// When it was last submitted (UTC).
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the Secretariat approved or returned it (UTC).
    pub decided_at: Option<DateTime<Utc>>,
    /// Who approved or returned it (their name).
    pub decided_by: Option<String>,
    /// The Secretariat's comments when it approved or returned it.
    pub comments: Option<String>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/hubs/{hub}/reports`: a draft, which may be incomplete until it is
/// submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// The first day of the period it covers.
    pub period_start: NaiveDate,
    /// The last day of the period it covers: on or after `period_start`, not after today.
    pub period_end: NaiveDate,
    /// What the hub achieved: up to 10,000 characters; required to submit.
    #[serde(default)]
    pub achievements: String,
    /// What held it back: up to 10,000 characters; required to submit.
    #[serde(default)]
    pub challenges: String,
    /// What it will do next: up to 10,000 characters; required to submit.
    #[serde(default)]
    pub next_steps: String,
    /// Deliverables of the same hub cited as evidence: at most 100.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub deliverable_ids: Vec<String>,
    /// Activities of the same hub cited as evidence: at most 100.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub activity_ids: Vec<String>,
    /// Web addresses (`http` or `https`) of further evidence: at most 100.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub links: Vec<String>,
}

/// The body of `PATCH /api/v1/reports/{id}`: a JSON merge patch of a draft or returned report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportPatch {
    /// A new first day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<NaiveDate>,
    /// A new last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<NaiveDate>,
    /// New achievements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievements: Option<String>,
    /// New challenges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenges: Option<String>,
    /// New next steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_steps: Option<String>,
    /// The deliverables cited, replacing those before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub deliverable_ids: Option<Vec<String>>,
    /// The activities cited, replacing those before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub activity_ids: Option<Vec<String>>,
    /// The links, replacing those before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub links: Option<Vec<String>>,
}

/// The body of `POST /api/v1/reports/{id}/approve` and `…/return`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportDecision {
    /// The Secretariat's comments: up to 5,000 characters; required to return a report.
    #[serde(default)]
    pub comments: String,
}

/// The longest narrative part, in characters.
pub const MAX_NARRATIVE: usize = 10_000;
/// The most deliverables, activities or links one report cites.
pub const MAX_EVIDENCE: usize = 100;

/// A report's content that passed every rule (the evidence ids still need checking against the
/// hub's records, which only the store can do).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidReport {
    /// The first day.
    pub period_start: NaiveDate,
    /// The last day.
    pub period_end: NaiveDate,
    /// Achievements, trimmed.
    pub achievements: String,
    /// Challenges, trimmed.
    pub challenges: String,
    /// Next steps, trimmed.
    pub next_steps: String,
    /// Deliverables cited, once each.
    pub deliverable_ids: Vec<String>,
    /// Activities cited, once each.
    pub activity_ids: Vec<String>,
    /// Links, normalised, once each.
    pub links: Vec<String>,
}

fn narrative(errors: &mut ValidationErrors, field: &str, text: &str) -> Option<String> {
    let text = text.trim();
    if text.chars().count() > MAX_NARRATIVE {
        errors.push(field, Invalid::new(Rule::Length, format!("at most {MAX_NARRATIVE} characters")));
        return None;
    }
    Some(text.to_owned())
}

fn ids(errors: &mut ValidationErrors, field: &str, ids: &[String]) -> Option<Vec<String>> {
    if ids.len() > MAX_EVIDENCE {
        errors.push(field, Invalid::new(Rule::Length, format!("at most {MAX_EVIDENCE} items")));
        return None;
    }
    let mut unique: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !crate::validation::looks_like_uuid(id) {
            errors.push(field, Invalid::new(Rule::Format, format!("{id:?} is not an id")));
            return None;
        }
        if !unique.contains(id) {
            unique.push(id.clone());
        }
    }
    Some(unique)
}

impl NewReport {
    /// Checks every rule a draft must meet at once; `today` bounds the period.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidReport, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if self.period_end < self.period_start {
            errors.push("period_end", Invalid::new(Rule::DateOrder, "the period ends before it starts"));
        }
        if self.period_end > today {
            errors.push("period_end", Invalid::new(Rule::NotInFuture, "a report covers a period that has ended"));
        }
        let achievements = narrative(&mut errors, "achievements", &self.achievements);
        let challenges = narrative(&mut errors, "challenges", &self.challenges);
        let next_steps = narrative(&mut errors, "next_steps", &self.next_steps);
        let deliverable_ids = ids(&mut errors, "deliverable_ids", &self.deliverable_ids);
        let activity_ids = ids(&mut errors, "activity_ids", &self.activity_ids);
        let links = if self.links.len() > MAX_EVIDENCE {
            errors.push("links", Invalid::new(Rule::Length, format!("at most {MAX_EVIDENCE} items")));
            None
        } else {
            let mut links: Vec<String> = Vec::new();
            for link in &self.links {
                if let Some(url) = errors.check("links", WebUrl::parse(link))
                    && !links.iter().any(|seen| seen == url.as_str())
                {
                    links.push(url.as_str().to_owned());
                }
            }
            Some(links)
        };
        errors.finish(|| {
            Some(ValidReport {
                period_start: self.period_start,
                period_end: self.period_end,
                achievements: achievements?,
                challenges: challenges?,
                next_steps: next_steps?,
                deliverable_ids: deliverable_ids?,
                activity_ids: activity_ids?,
                links: links?,
            })
        })
    }
}

impl Report {
    /// What must still be written before it can be submitted: each empty narrative part.
    pub fn check_complete(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        for (field, text) in
            [("achievements", &self.achievements), ("challenges", &self.challenges), ("next_steps", &self.next_steps)]
        {
            if text.trim().is_empty() {
                errors.push(field, Invalid::new(Rule::Required, "write this part before submitting the report"));
            }
        }
        errors.finish(|| Some(()))
    }

    /// The report's content as a new report (what a patch applies to).
    pub fn content(&self) -> NewReport {
        NewReport {
            period_start: self.period_start,
            period_end: self.period_end,
            achievements: self.achievements.clone(),
            challenges: self.challenges.clone(),
            next_steps: self.next_steps.clone(),
            deliverable_ids: self.deliverable_ids.clone(),
            activity_ids: self.activity_ids.clone(),
            links: self.links.clone(),
        }
    }
}

impl ReportDecision {
    /// The comments, checked for `action`: required to return a report.
    pub fn validate(&self, action: ReportAction) -> Result<Option<String>, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let comments = self.comments.trim();
        if comments.chars().count() > 5_000 {
            errors.push("comments", Invalid::new(Rule::Length, "at most 5000 characters"));
        }
        if action == ReportAction::Return && comments.is_empty() {
            errors.push("comments", Invalid::new(Rule::Required, "say what the hub should change"));
        }
        errors.finish(|| Some((!comments.is_empty()).then(|| comments.to_owned())))
    }
}

impl ReportPatch {
    /// The whole report as it would be after this patch.
    pub fn apply_to(self, current: &Report) -> NewReport {
        let content = current.content();
        NewReport {
            period_start: self.period_start.unwrap_or(content.period_start),
            period_end: self.period_end.unwrap_or(content.period_end),
            achievements: self.achievements.unwrap_or(content.achievements),
            challenges: self.challenges.unwrap_or(content.challenges),
            next_steps: self.next_steps.unwrap_or(content.next_steps),
            deliverable_ids: self.deliverable_ids.unwrap_or(content.deliverable_ids),
            activity_ids: self.activity_ids.unwrap_or(content.activity_ids),
            links: self.links.unwrap_or(content.links),
        }
    }
}

impl From<NewReport> for ReportPatch {
    /// The patch that sets every field to the given report's (what an edit form sends).
    fn from(new: NewReport) -> Self {
        Self {
            period_start: Some(new.period_start),
            period_end: Some(new.period_end),
            achievements: Some(new.achievements),
            challenges: Some(new.challenges),
            next_steps: Some(new.next_steps),
            deliverable_ids: Some(new.deliverable_ids),
            activity_ids: Some(new.activity_ids),
            links: Some(new.links),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn draft() -> NewReport {
        NewReport {
            period_start: day(2025, 1, 1),
            period_end: day(2025, 12, 31),
            achievements: " Trained 400 residents. ".into(),
            challenges: String::new(),
            next_steps: String::new(),
            deliverable_ids: Vec::new(),
            activity_ids: Vec::new(),
            links: vec!["https://example.org/report".into(), "https://example.org/report".into()],
        }
    }

    #[test]
    fn only_the_workflow_s_transitions_are_allowed() {
        use ReportAction::*;
        use ReportState::*;
        for (state, action, after) in [
            (Draft, Submit, Some(Submitted)),
            (Returned, Submit, Some(Submitted)),
            (Submitted, Approve, Some(Approved)),
            (Submitted, Return, Some(Returned)),
            (Draft, Approve, None),
            (Draft, Return, None),
            (Submitted, Submit, None),
            (Approved, Return, None),
            (Approved, Submit, None),
            (Returned, Approve, None),
        ] {
            assert_eq!(state.after(action), after, "{state:?} {action:?}");
        }
        assert!(Draft.is_editable() && Returned.is_editable() && !Submitted.is_editable() && !Approved.is_editable());
        assert!(Approved.is_public() && !Submitted.is_public());
    }

    #[test]
    fn a_draft_may_be_incomplete_but_its_period_and_evidence_are_checked() {
        let valid = draft().validate(day(2026, 1, 15)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(valid.achievements, "Trained 400 residents.");
        assert_eq!(valid.links, ["https://example.org/report"], "once each");

        let mut bad = draft();
        bad.period_end = day(2024, 12, 31);
        bad.deliverable_ids = vec!["not an id".into()];
        bad.links = vec!["ftp://example.org".into()];
        let errors = bad.validate(day(2026, 1, 15)).err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["period_end", "deliverable_ids", "links"]);
        let future = NewReport { period_end: day(2026, 3, 31), ..draft() };
        assert!(future.validate(day(2026, 1, 15)).is_err(), "a period not yet over");
    }

    #[test]
    fn returning_a_report_needs_comments() {
        assert!(ReportDecision::default().validate(ReportAction::Return).is_err());
        assert_eq!(ReportDecision::default().validate(ReportAction::Approve).ok(), Some(None));
        let said = ReportDecision { comments: " Add the survey. ".into() };
        assert_eq!(said.validate(ReportAction::Return).ok(), Some(Some("Add the survey.".into())));
    }
}
