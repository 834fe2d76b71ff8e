//! Open data: everything public about the hubs, as it leaves the platform for other systems
//! (`GET /api/v1/export/hubs`, `…/tables.zip`), and the licence it is published under.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::activity::Activity;
use crate::deliverable::Deliverable;
use crate::hub::Hub;
use crate::indicator::{Indicator, Measurement};
use crate::recommendation::PolicyRecommendation;
use crate::report::Report;
use crate::stakeholder::Stakeholder;

/// The licence the open data is published under (configured by `EXPORT_LICENCE_*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Licence {
    /// Its SPDX identifier, `CC-BY-4.0` by default.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Where its text is.
    pub url: String,
    /// Whom to credit.
    pub attribution: String,
}

/// One public hub and every public record of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubExport {
    /// The hub, with its lead and partner organisations and its figures today.
    pub hub: Hub,
    /// Its deliverables.
    pub deliverables: Vec<Deliverable>,
    /// Its stakeholders, without contact details.
    pub stakeholders: Vec<Stakeholder>,
    /// Its activities.
    pub activities: Vec<Activity>,
    /// Its impact indicators, with their figures today.
    pub indicators: Vec<Indicator>,
    /// Every measurement of its indicators, oldest first within each indicator.
    pub measurements: Vec<Measurement>,
    /// Its approved progress reports.
    pub reports: Vec<Report>,
    /// The published policy recommendations citing it.
    pub recommendations: Vec<PolicyRecommendation>,
}

/// `GET /api/v1/export/hubs` as one JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDataExport {
    /// The licence the data is published under.
    pub licence: Licence,
    /// When the export was generated (UTC).
    pub generated_at: DateTime<Utc>,
    /// Every public hub, by id.
    pub hubs: Vec<HubExport>,
}

/// One line of `GET /api/v1/export/hubs` as NDJSON: one hub, and what every line carries so that
/// a line read alone still says under which licence and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubExportLine {
    /// The licence's SPDX identifier.
    pub licence: String,
    /// When the export was generated (UTC).
    pub generated_at: DateTime<Utc>,
    /// The hub and its records.
    #[serde(flatten)]
    pub hub: HubExport,
}

/// One SMART deliverable of an SDG Actions record: a deliverable, or an indicator's target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgActionsDeliverable {
    /// What will be delivered (specific): the deliverable's title, or the indicator's target
    /// stated as "name: from baseline to target unit".
    pub deliverable: String,
    /// By when (time-based).
    pub date: chrono::NaiveDate,
    /// How it is measured (measurable): the deliverable's kind and status, or the indicator's
    /// latest value and progress.
    pub measure: String,
    /// Whether it is on its way (achievable): a deliverable delivered or not yet late, an
    /// indicator on track for its target; unknown for an indicator not measured yet.
    pub on_track: Option<bool>,
    /// `deliverable` or `indicator`: which record it comes from.
    pub source: String,
    /// That record's id.
    pub source_id: String,
}

/// The latest approved progress report in an SDG Actions record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgActionsProgressReport {
    /// First day of the period reported on.
    pub period_start: chrono::NaiveDate,
    /// Last day of it.
    pub period_end: chrono::NaiveDate,
    /// When it was approved.
    pub approved_on: Option<chrono::NaiveDate>,
    /// What was achieved.
    pub achievements: String,
    /// What stood in the way.
    pub challenges: String,
    /// What comes next.
    pub next_steps: String,
}

/// `GET /api/v1/hubs/{hub}/sdg-actions.json`: a hub as a voluntary commitment for the UN's SDG
/// Actions platform; each field is named as the platform's registration form labels it (the
/// README maps them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgActionsRecord {
    /// The initiative's title.
    pub title: String,
    /// What it does: the hub's summary, then its description.
    pub description: String,
    /// The lead entity: the hub's lead organisation.
    pub lead_entity: String,
    /// What kind of entity leads (`local_government`, …).
    pub lead_entity_type: String,
    /// The partners' names.
    pub partners: Vec<String>,
    /// Where it acts: ISO 3166-1 alpha-2 codes.
    pub geographical_coverage: Vec<String>,
    /// The SDGs it serves (1-17).
    pub goals: Vec<u8>,
    /// The SDG targets it serves (`11.3`).
    pub targets: Vec<String>,
    /// Its SMART deliverables, by date.
    pub deliverables: Vec<SdgActionsDeliverable>,
    /// The resources it mobilises, as the hub records them (staff, in-kind, financing).
    pub resources_mobilized: String,
    /// When it starts.
    pub start_date: chrono::NaiveDate,
    /// When it is completed.
    pub completion_date: chrono::NaiveDate,
    /// Its page on the Local4Action HUBs platform.
    pub website: String,
    /// The latest approved progress report, if any.
    pub progress_report: Option<SdgActionsProgressReport>,
    /// The licence the record is published under (SPDX identifier).
    pub licence: String,
    /// When the record was generated (UTC).
    pub generated_at: DateTime<Utc>,
}
