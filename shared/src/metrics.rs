//! Hub metrics for UCLG's dashboards: the figures over many hubs, each row of a hub, the CSV
//! columns and their definitions. Every figure is defined here once, in words (the doc comments
//! become the OpenAPI descriptions and the data dictionary) and in code (the functions the server
//! runs); a hub's own figures use the same functions.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::deliverable::{DeliverableStatus, is_late, was_on_time};
use crate::figures::{HubFigures, ReportingStatus, reporting_status_with_reports};
use crate::hub::{HubStatus, Modality};
use crate::indicator::{Dimension, Latest, Trajectory};
use crate::organisation::WorldRegion;
use crate::stakeholder::StakeholderKind;

wire_enum!(
    /// The form of a metrics response: JSON (the default) or CSV (RFC 4180, UTF-8, with a
    /// header row). `Accept: text/csv` asks for CSV too.
    MetricsFormat {
        /// JSON.
        Json => "json",
        /// CSV.
        Csv => "csv",
    }
);

wire_enum!(
    /// The CSV field separator: a comma (the default), or a semicolon for the Excel of locales
    /// whose decimal mark is a comma.
    CsvSeparator {
        /// `,`
        Comma => "comma",
        /// `;`
        Semicolon => "semicolon",
    }
);

impl CsvSeparator {
    /// The separator byte.
    pub fn byte(self) -> u8 {
        match self {
            CsvSeparator::Comma => b',',
            CsvSeparator::Semicolon => b';',
        }
    }
}

/// What a hub is, for the metrics: enough to filter, count and compute its figures on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct HubFacts {
    /// Its id.
    pub id: String,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its status today (statuses have no history: `as_of` does not change them).
    pub status: HubStatus,
    /// Its lead organisation's UCLG world region.
    pub region: WorldRegion,
    /// Its country, ISO 3166-1 alpha-2.
    pub country: String,
    /// The SDG goals it serves.
    pub sdgs: Vec<u8>,
    /// The UCLG manifestos it follows (keys).
    pub manifestos: Vec<String>,
    /// The UCLG policy councils it feeds (ids).
    pub policy_council_ids: Vec<String>,
    /// Physical, virtual or hybrid.
    pub modality: Modality,
    /// When it was labelled.
    pub label_granted_on: Option<NaiveDate>,
    /// The day it was recorded.
    pub created_on: NaiveDate,
    /// Its deliverables.
    pub deliverables: Vec<DeliverableFacts>,
    /// Its impact indicators.
    pub indicators: Vec<IndicatorFacts>,
    /// Its stakeholders.
    pub stakeholders: Vec<StakeholderFacts>,
    /// The distinct hubs it is connected to by an accepted connection.
    pub connected_hubs: BTreeSet<String>,
    /// The last day a deliverable or a measurement of it was recorded or changed (or the hub
    /// created), for the reporting status.
    pub last_update: NaiveDate,
    /// The last day of its latest progress report approved by the day, which once there is one
    /// sets the reporting status instead.
    pub last_report_end: Option<NaiveDate>,
}

/// A deliverable, for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliverableFacts {
    /// Its status today.
    pub status: DeliverableStatus,
    /// When it is due.
    pub due_date: NaiveDate,
    /// When it was delivered.
    pub delivered_on: Option<NaiveDate>,
}

impl DeliverableFacts {
    /// Its status as it stood on `day`: a deliverable delivered after that day was still open.
    pub fn status_on(self, day: NaiveDate) -> DeliverableStatus {
        match (self.status, self.delivered_on) {
            (DeliverableStatus::Delivered, Some(delivered)) if delivered > day => DeliverableStatus::InProgress,
            (status, _) => status,
        }
    }
}

/// An impact indicator, for the metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFacts {
    /// Which of the three dimensions it measures.
    pub dimension: Dimension,
    /// Its baseline and target.
    pub trajectory: Trajectory,
    /// Its latest total measurement on the day the figures are for.
    pub latest: Option<Latest>,
}

/// A stakeholder, for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StakeholderFacts {
    /// What kind of body it is.
    pub kind: StakeholderKind,
    /// Whether it took part in setting the success criteria.
    pub took_part_in_criteria: bool,
}

impl HubFacts {
    /// The hub's figures on `day`, as the hub page shows them.
    pub fn figures(&self, day: NaiveDate) -> HubFigures {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let statuses: Vec<DeliverableStatus> = self.deliverables.iter().map(|d| d.status_on(day)).collect();
        HubFigures {
            deliverables_total: count(self.deliverables.len()),
            deliverables_delivered: count(statuses.iter().filter(|s| **s == DeliverableStatus::Delivered).count()),
            deliverables_late: count(
                self.deliverables.iter().zip(&statuses).filter(|(d, s)| is_late(**s, d.due_date, day)).count(),
            ),
            indicators_total: count(self.indicators.len()),
            indicators_on_track: count(self.indicators.iter().filter(|i| i.on_track(day)).count()),
            synchronization_degree: count(self.connected_hubs.len()),
            reporting_status: reporting_status_with_reports(self.last_update, self.last_report_end, day),
        }
    }

    /// How many deliverables were delivered on or before their due date.
    pub fn delivered_on_time(&self, day: NaiveDate) -> u32 {
        let on_time = self
            .deliverables
            .iter()
            .filter(|d| was_on_time(d.status_on(day), d.due_date, d.delivered_on.filter(|on| *on <= day)))
            .count();
        u32::try_from(on_time).unwrap_or(u32::MAX)
    }

    /// Whether at least one stakeholder took part in setting the success criteria.
    pub fn criteria_set_with_stakeholders(&self) -> bool {
        self.stakeholders.iter().any(|s| s.took_part_in_criteria)
    }

    /// The latest measurement day of any of its indicators.
    pub fn last_measured_on(&self) -> Option<NaiveDate> {
        self.indicators.iter().filter_map(|i| i.latest.as_ref().map(|l| l.measured_on)).max()
    }
}

impl IndicatorFacts {
    /// Whether it is on track on `day` (progress ≥ expected progress − 0.1); an indicator
    /// without a measurement is not.
    pub fn on_track(&self, day: NaiveDate) -> bool {
        self.trajectory.figures(self.latest.clone(), day).on_track == Some(true)
    }

    /// Its progress on `day`, clamped to [0, 1]; none without a measurement.
    pub fn progress(&self, day: NaiveDate) -> Option<f64> {
        self.trajectory.figures(self.latest.clone(), day).progress
    }
}

/// How many hubs (or records) have one value of a dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count {
    /// The value's stable code: a status, a region, a country code, an SDG goal number, a
    /// manifesto key, a policy council id, a modality, a reporting status or a stakeholder kind.
    pub key: String,
    /// How many.
    pub count: u32,
}

/// One number per impact dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PerDimension<T> {
    /// Speeding up the localisation of global agendas.
    pub acceleration: T,
    /// Connecting actions across the network.
    pub synchronization: T,
    /// Linking global policy and local action.
    pub local_global: T,
}

impl<T> PerDimension<T> {
    fn get_mut(&mut self, dimension: Dimension) -> &mut T {
        match dimension {
            Dimension::Acceleration => &mut self.acceleration,
            Dimension::Synchronization => &mut self.synchronization,
            Dimension::LocalGlobal => &mut self.local_global,
        }
    }
}

/// The hubs matched, counted along every dimension a dashboard groups by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubCounts {
    /// How many hubs match the filters (and existed on `as_of`).
    pub total: u32,
    /// By status.
    pub by_status: Vec<Count>,
    /// By UCLG world region (the lead organisation's).
    pub by_region: Vec<Count>,
    /// By country (ISO 3166-1 alpha-2).
    pub by_country: Vec<Count>,
    /// By SDG goal served (`"1"` to `"17"`); a hub serving several goals counts under each.
    pub by_sdg: Vec<Count>,
    /// By UCLG manifesto followed; a hub counts under each of its manifestos.
    pub by_manifesto: Vec<Count>,
    /// By UCLG policy council fed; a hub counts under each of its councils.
    pub by_policy_council: Vec<Count>,
    /// By modality.
    pub by_modality: Vec<Count>,
    /// By reporting status on `as_of` (`green`: something recorded in the last 12 months,
    /// `yellow`: 12 to 24 months ago, `red`: longer).
    pub by_reporting_status: Vec<Count>,
}

/// The deliverables of the hubs matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliverableMetrics {
    /// How many deliverables the hubs announced.
    pub total: u32,
    /// How many were delivered by `as_of`.
    pub delivered: u32,
    /// How many of those were delivered on or before their due date.
    pub delivered_on_time: u32,
    /// `delivered_on_time / delivered`; none when nothing was delivered.
    pub on_time_rate: Option<f64>,
    /// How many are late on `as_of`: neither delivered nor cancelled, and past their due date.
    pub late: u32,
}

/// The impact indicators of the hubs matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorMetrics {
    /// How many indicators the hubs follow.
    pub total: u32,
    /// How many indicators each dimension has.
    pub by_dimension: PerDimension<u32>,
    /// How many are on track on `as_of`, per dimension: progress ≥ expected progress − 0.1,
    /// where progress = (latest − baseline) / (target − baseline) and expected progress is the
    /// share of the time from baseline date to target date elapsed. Without a measurement, an
    /// indicator is not on track.
    pub on_track: PerDimension<u32>,
    /// The mean progress (clamped to [0, 1]) of the measured indicators, per dimension; none
    /// where no indicator of the dimension has a measurement.
    pub mean_progress: PerDimension<Option<f64>>,
}

/// The stakeholders of the hubs matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StakeholderMetrics {
    /// How many stakeholders the hubs involve.
    pub total: u32,
    /// By kind.
    pub by_kind: Vec<Count>,
    /// The share of hubs with at least one stakeholder who took part in setting the success
    /// criteria (the label's participation rule); none when no hub matches.
    pub criteria_set_with_stakeholders_share: Option<f64>,
}

/// The synchronization network among the hubs matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkMetrics {
    /// Accepted connections with at least one end among the hubs matched.
    pub connections: u32,
    /// Hubs matched with no accepted connection.
    pub hubs_without_connection: u32,
    /// The mean synchronization degree (distinct hubs connected to) of the hubs matched; none
    /// when no hub matches.
    pub mean_synchronization_degree: Option<f64>,
    /// The highest synchronization degree among them.
    pub max_synchronization_degree: u32,
}

/// `GET /api/v1/metrics/summary`: figures over the hubs matching the filters, as they stood on
/// `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MetricsSummary {
    /// The day the figures are for.
    pub as_of: NaiveDate,
    /// The hubs.
    pub hubs: HubCounts,
    /// Their deliverables.
    pub deliverables: DeliverableMetrics,
    /// Their impact indicators.
    pub indicators: IndicatorMetrics,
    /// Their stakeholders.
    pub stakeholders: StakeholderMetrics,
    /// Their connections.
    pub network: NetworkMetrics,
}

/// Counts by key, sorted by key, as the API lists them.
#[derive(Default)]
struct Tally(BTreeMap<String, u32>);

impl Tally {
    fn add(&mut self, key: impl Into<String>) {
        *self.0.entry(key.into()).or_default() += 1;
    }

    fn counts(self) -> Vec<Count> {
        self.0.into_iter().map(|(key, count)| Count { key, count }).collect()
    }
}

/// The share `part / whole`, none when `whole` is 0.
fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// The figures over `hubs` on `day`; `connections` counts the accepted connections with an end
/// among them.
pub fn summarize(hubs: &[HubFacts], connections: u32, day: NaiveDate) -> MetricsSummary {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut tallies: [Tally; 8] = Default::default();
    let [status, region, country, sdg, manifesto, council, modality, reporting] = &mut tallies;
    let mut deliverables =
        DeliverableMetrics { total: 0, delivered: 0, delivered_on_time: 0, on_time_rate: None, late: 0 };
    let zero = || PerDimension { acceleration: 0, synchronization: 0, local_global: 0 };
    let (mut by_dimension, mut on_track) = (zero(), zero());
    let mut progress: PerDimension<(f64, u32)> =
        PerDimension { acceleration: (0.0, 0), synchronization: (0.0, 0), local_global: (0.0, 0) };
    let mut kinds = Tally::default();
    let (mut stakeholders_total, mut with_criteria) = (0, 0);
    let (mut without_connection, mut degree_sum, mut degree_max) = (0, 0_u32, 0_u32);
    for hub in hubs {
        let figures = hub.figures(day);
        status.add(hub.status.as_str());
        region.add(hub.region.as_str());
        country.add(hub.country.clone());
        hub.sdgs.iter().for_each(|goal| sdg.add(goal.to_string()));
        hub.manifestos.iter().for_each(|key| manifesto.add(key.clone()));
        hub.policy_council_ids.iter().for_each(|id| council.add(id.clone()));
        modality.add(hub.modality.as_str());
        reporting.add(figures.reporting_status.as_str());
        deliverables.total += figures.deliverables_total;
        deliverables.delivered += figures.deliverables_delivered;
        deliverables.delivered_on_time += hub.delivered_on_time(day);
        deliverables.late += figures.deliverables_late;
        for indicator in &hub.indicators {
            *by_dimension.get_mut(indicator.dimension) += 1;
            *on_track.get_mut(indicator.dimension) += u32::from(indicator.on_track(day));
            if let Some(value) = indicator.progress(day) {
                let (sum, measured) = progress.get_mut(indicator.dimension);
                *sum += value;
                *measured += 1;
            }
        }
        hub.stakeholders.iter().for_each(|s| kinds.add(s.kind.as_str()));
        stakeholders_total += count(hub.stakeholders.len());
        with_criteria += u32::from(hub.criteria_set_with_stakeholders());
        without_connection += u32::from(hub.connected_hubs.is_empty());
        degree_sum += figures.synchronization_degree;
        degree_max = degree_max.max(figures.synchronization_degree);
    }
    deliverables.on_time_rate = share(deliverables.delivered_on_time, deliverables.delivered);
    let mean = |(sum, measured): (f64, u32)| (measured > 0).then(|| sum / f64::from(measured));
    let hubs_total = count(hubs.len());
    let [status, region, country, sdg, manifesto, council, modality, reporting] = tallies;
    MetricsSummary {
        as_of: day,
        hubs: HubCounts {
            total: hubs_total,
            by_status: status.counts(),
            by_region: region.counts(),
            by_country: country.counts(),
            by_sdg: {
                // Goals sort by number, not as text.
                let mut goals = sdg.counts();
                goals.sort_by_key(|c| c.key.parse::<u8>().unwrap_or(u8::MAX));
                goals
            },
            by_manifesto: manifesto.counts(),
            by_policy_council: council.counts(),
            by_modality: modality.counts(),
            by_reporting_status: reporting.counts(),
        },
        deliverables,
        indicators: IndicatorMetrics {
            total: by_dimension.acceleration + by_dimension.synchronization + by_dimension.local_global,
            by_dimension,
            on_track,
            mean_progress: PerDimension {
                acceleration: mean(progress.acceleration),
                synchronization: mean(progress.synchronization),
                local_global: mean(progress.local_global),
            },
        },
        stakeholders: StakeholderMetrics {
            total: stakeholders_total,
            by_kind: kinds.counts(),
            criteria_set_with_stakeholders_share: share(with_criteria, hubs_total),
        },
        network: NetworkMetrics {
            connections,
            hubs_without_connection: without_connection,
            mean_synchronization_degree: share(degree_sum, hubs_total),
            max_synchronization_degree: degree_max,
        },
    }
}

/// One row of `GET /api/v1/metrics/hubs`: a hub, where it is, and its figures on `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubMetricsRow {
    /// The hub's id.
    pub id: String,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its status.
    pub status: HubStatus,
    /// Its lead organisation's UCLG world region.
    pub region: WorldRegion,
    /// Its country.
    pub country: String,
    /// The SDG goals it serves.
    pub sdgs: Vec<u8>,
    /// The manifestos it follows.
    pub manifestos: Vec<String>,
    /// The policy councils it feeds.
    pub policy_council_ids: Vec<String>,
    /// Its modality.
    pub modality: Modality,
    /// When it was labelled.
    pub label_granted_on: Option<NaiveDate>,
    /// The latest day any of its indicators was measured.
    pub last_measured_on: Option<NaiveDate>,
    /// Its deliverables, delivered ones, late ones, indicators, those on track, synchronization
    /// degree and reporting status, as the hub page shows them.
    pub figures: HubFigures,
    /// How many deliverables were delivered on or before their due date.
    pub deliverables_delivered_on_time: u32,
    /// How many stakeholders it involves.
    pub stakeholders_total: u32,
}

impl HubMetricsRow {
    /// The row of `hub` on `day`.
    pub fn of(hub: &HubFacts, day: NaiveDate) -> Self {
        Self {
            id: hub.id.clone(),
            slug: hub.slug.clone(),
            name: hub.name.clone(),
            status: hub.status,
            region: hub.region,
            country: hub.country.clone(),
            sdgs: hub.sdgs.clone(),
            manifestos: hub.manifestos.clone(),
            policy_council_ids: hub.policy_council_ids.clone(),
            modality: hub.modality,
            label_granted_on: hub.label_granted_on,
            last_measured_on: hub.last_measured_on(),
            figures: hub.figures(day),
            deliverables_delivered_on_time: hub.delivered_on_time(day),
            stakeholders_total: u32::try_from(hub.stakeholders.len()).unwrap_or(u32::MAX),
        }
    }
}

/// The type of a CSV column, as the data dictionary states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Text.
    Text,
    /// A whole number.
    Integer,
    /// A decimal number, with a `.` as decimal mark.
    Decimal,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A stable code from a closed list (its values are listed).
    Code,
    /// A list of values joined by `|`.
    List,
}

/// One column of a metrics CSV, as the data dictionary describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Column {
    /// The header.
    pub name: String,
    /// What its values are.
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// What it means.
    pub description: String,
    /// For a code, every value it takes.
    pub values: Vec<String>,
}

/// The columns of one metrics CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CsvTable {
    /// The endpoint that answers it with `format=csv`.
    pub endpoint: String,
    /// What one row is.
    pub row: String,
    /// Its columns, in order.
    pub columns: Vec<Column>,
}

/// `GET /api/v1/metrics/dictionary`: every column of every metrics CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataDictionary {
    /// How every CSV is written.
    pub format: String,
    /// The tables.
    pub tables: Vec<CsvTable>,
}

/// A column of a CSV and how a row fills it: one definition serves the header, each row and the
/// dictionary, so that they cannot disagree.
pub struct CsvColumn<R> {
    /// The header.
    pub name: &'static str,
    /// What its values are.
    pub kind: ColumnType,
    /// What it means.
    pub description: &'static str,
    /// For a code, every value it takes.
    pub values: fn() -> Vec<&'static str>,
    /// The cell of one row, in the language asked for labels.
    pub cell: fn(&R, crate::sdg::Lang) -> String,
}

impl<R> CsvColumn<R> {
    /// The column as the dictionary describes it.
    pub fn describe(&self) -> Column {
        Column {
            name: self.name.to_owned(),
            kind: self.kind,
            description: self.description.to_owned(),
            values: (self.values)().into_iter().map(str::to_owned).collect(),
        }
    }
}

/// A row that belongs to a hub, and so to its lead organisation's region.
pub trait InRegion {
    /// The UCLG world region.
    fn region(&self) -> WorldRegion;
}

impl InRegion for HubMetricsRow {
    fn region(&self) -> WorldRegion {
        self.region
    }
}

impl InRegion for Observation {
    fn region(&self) -> WorldRegion {
        self.region
    }
}

impl InRegion for NetworkNode {
    fn region(&self) -> WorldRegion {
        self.region
    }
}

/// The `region` column of every CSV whose rows belong to a hub.
fn region_column<R: InRegion>() -> CsvColumn<R> {
    fn regions() -> Vec<&'static str> {
        WorldRegion::ALL.iter().map(|r| r.as_str()).collect()
    }
    CsvColumn {
        name: "region",
        kind: ColumnType::Code,
        description: "The lead organisation's UCLG world region",
        values: regions,
        cell: |r, _| r.region().as_str().to_owned(),
    }
}

/// The `region_label` column beside it.
fn region_label_column<R: InRegion>() -> CsvColumn<R> {
    CsvColumn {
        name: "region_label",
        kind: ColumnType::Text,
        description: "The region, named in `lang`",
        values: none,
        cell: |r, lang| region_label(r.region(), lang).to_owned(),
    }
}

fn none() -> Vec<&'static str> {
    Vec::new()
}

fn date(day: Option<NaiveDate>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

fn joined<T: ToString>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join("|")
}

/// The columns of `metrics/hubs` as CSV, in order.
pub fn hub_columns() -> Vec<CsvColumn<HubMetricsRow>> {
    use ColumnType::{Code, Date, Integer, List, Text};
    fn statuses() -> Vec<&'static str> {
        HubStatus::ALL.iter().map(|s| s.as_str()).collect()
    }
    fn modalities() -> Vec<&'static str> {
        Modality::ALL.iter().map(|m| m.as_str()).collect()
    }
    fn reporting() -> Vec<&'static str> {
        ReportingStatus::ALL.iter().map(|r| r.as_str()).collect()
    }
    vec![
        CsvColumn { name: "id", kind: Text, description: "The hub's id", values: none, cell: |r, _| r.id.clone() },
        CsvColumn {
            name: "slug",
            kind: Text,
            description: "The hub's slug, as in its URL",
            values: none,
            cell: |r, _| r.slug.clone(),
        },
        CsvColumn {
            name: "name",
            kind: Text,
            description: "The hub's name",
            values: none,
            cell: |r, _| r.name.clone(),
        },
        CsvColumn {
            name: "status",
            kind: Code,
            description: "The hub's status",
            values: statuses,
            cell: |r, _| r.status.as_str().to_owned(),
        },
        CsvColumn {
            name: "status_label",
            kind: Text,
            description: "The status, named in `lang`",
            values: none,
            cell: |r, lang| status_label(r.status, lang).to_owned(),
        },
        region_column(),
        region_label_column(),
        CsvColumn {
            name: "country",
            kind: Text,
            description: "The hub's country, ISO 3166-1 alpha-2",
            values: none,
            cell: |r, _| r.country.clone(),
        },
        CsvColumn {
            name: "sdgs",
            kind: List,
            description: "The SDG goals it serves (1 to 17), joined by `|`",
            values: none,
            cell: |r, _| joined(&r.sdgs),
        },
        CsvColumn {
            name: "manifestos",
            kind: List,
            description: "The UCLG manifestos it follows (keys), joined by `|`",
            values: none,
            cell: |r, _| joined(&r.manifestos),
        },
        CsvColumn {
            name: "policy_councils",
            kind: List,
            description: "The UCLG policy councils it feeds (ids), joined by `|`",
            values: none,
            cell: |r, _| joined(&r.policy_council_ids),
        },
        CsvColumn {
            name: "modality",
            kind: Code,
            description: "Physical, virtual or hybrid",
            values: modalities,
            cell: |r, _| r.modality.as_str().to_owned(),
        },
        CsvColumn {
            name: "label_granted_on",
            kind: Date,
            description: "When UCLG granted the label; empty for hubs recorded directly",
            values: none,
            cell: |r, _| date(r.label_granted_on),
        },
        CsvColumn {
            name: "last_measured_on",
            kind: Date,
            description: "The latest day any of its indicators was measured; empty without measurements",
            values: none,
            cell: |r, _| date(r.last_measured_on),
        },
        CsvColumn {
            name: "deliverables_total",
            kind: Integer,
            description: "How many deliverables it announced",
            values: none,
            cell: |r, _| r.figures.deliverables_total.to_string(),
        },
        CsvColumn {
            name: "deliverables_delivered",
            kind: Integer,
            description: "How many were delivered by `as_of`",
            values: none,
            cell: |r, _| r.figures.deliverables_delivered.to_string(),
        },
        CsvColumn {
            name: "deliverables_delivered_on_time",
            kind: Integer,
            description: "How many were delivered on or before their due date",
            values: none,
            cell: |r, _| r.deliverables_delivered_on_time.to_string(),
        },
        CsvColumn {
            name: "deliverables_late",
            kind: Integer,
            description: "How many are neither delivered nor cancelled and past their due date on `as_of`",
            values: none,
            cell: |r, _| r.figures.deliverables_late.to_string(),
        },
        CsvColumn {
            name: "indicators_total",
            kind: Integer,
            description: "How many impact indicators it follows",
            values: none,
            cell: |r, _| r.figures.indicators_total.to_string(),
        },
        CsvColumn {
            name: "indicators_on_track",
            kind: Integer,
            description: "How many are on track on `as_of`: progress ≥ expected progress − 0.1",
            values: none,
            cell: |r, _| r.figures.indicators_on_track.to_string(),
        },
        CsvColumn {
            name: "stakeholders_total",
            kind: Integer,
            description: "How many stakeholders it involves",
            values: none,
            cell: |r, _| r.stakeholders_total.to_string(),
        },
        CsvColumn {
            name: "synchronization_degree",
            kind: Integer,
            description: "How many distinct hubs it is connected to (accepted connections)",
            values: none,
            cell: |r, _| r.figures.synchronization_degree.to_string(),
        },
        CsvColumn {
            name: "reporting_status",
            kind: Code,
            description: "green: something recorded in the last 12 months; yellow: 12 to 24 months ago; red: longer",
            values: reporting,
            cell: |r, _| r.figures.reporting_status.as_str().to_owned(),
        },
    ]
}

/// A hub status named in `lang`.
pub fn status_label(status: HubStatus, lang: crate::sdg::Lang) -> &'static str {
    use crate::sdg::Lang::{En, Es, Fr};
    match (status, lang) {
        (HubStatus::Active, En) => "Active",
        (HubStatus::Active, Fr) => "Actif",
        (HubStatus::Active, Es) => "Activo",
        (HubStatus::Completed, En) => "Completed",
        (HubStatus::Completed, Fr) => "Terminé",
        (HubStatus::Completed, Es) => "Completado",
        (HubStatus::Suspended, En) => "Suspended",
        (HubStatus::Suspended, Fr) => "Suspendu",
        (HubStatus::Suspended, Es) => "Suspendido",
        (HubStatus::Archived, En) => "Archived",
        (HubStatus::Archived, Fr) => "Archivé",
        (HubStatus::Archived, Es) => "Archivado",
    }
}

/// A UCLG world region named in `lang`, as UCLG names its sections.
pub fn region_label(region: WorldRegion, lang: crate::sdg::Lang) -> &'static str {
    use crate::sdg::Lang::{En, Es, Fr};
    match (region, lang) {
        (WorldRegion::Africa, En) => "Africa",
        (WorldRegion::Africa, Fr) => "Afrique",
        (WorldRegion::Africa, Es) => "África",
        (WorldRegion::AsiaPacific, En) => "Asia-Pacific",
        (WorldRegion::AsiaPacific, Fr) => "Asie-Pacifique",
        (WorldRegion::AsiaPacific, Es) => "Asia-Pacífico",
        (WorldRegion::Eurasia, En) => "Eurasia",
        (WorldRegion::Eurasia, Fr) => "Eurasie",
        (WorldRegion::Eurasia, Es) => "Eurasia",
        (WorldRegion::Europe, En) => "Europe",
        (WorldRegion::Europe, Fr) => "Europe",
        (WorldRegion::Europe, Es) => "Europa",
        (WorldRegion::LatinAmerica, En) => "Latin America",
        (WorldRegion::LatinAmerica, Fr) => "Amérique latine",
        (WorldRegion::LatinAmerica, Es) => "América Latina",
        (WorldRegion::MiddleEastWestAsia, En) => "Middle East and West Asia",
        (WorldRegion::MiddleEastWestAsia, Fr) => "Moyen-Orient et Asie de l'Ouest",
        (WorldRegion::MiddleEastWestAsia, Es) => "Oriente Medio y Asia Occidental",
        (WorldRegion::NorthAmerica, En) => "North America",
        (WorldRegion::NorthAmerica, Fr) => "Amérique du Nord",
        (WorldRegion::NorthAmerica, Es) => "América del Norte",
        (WorldRegion::Metropolis, _) => "Metropolis",
    }
}

/// The columns of `metrics/summary` as CSV: one row per figure, tidy.
pub const SUMMARY_COLUMNS: [(&str, ColumnType, &str); 4] = [
    ("figure", ColumnType::Text, "The figure's path in the JSON summary, e.g. `hubs.by_region` or `deliverables.late`"),
    (
        "key",
        ColumnType::Text,
        "For a count by value, the value's stable code (a region, an SDG goal…); empty otherwise",
    ),
    ("label", ColumnType::Text, "The key named in `lang` where it has a name; empty otherwise"),
    ("value", ColumnType::Decimal, "The figure; empty where it is undefined (a rate with nothing to divide)"),
];

/// The summary as tidy rows `(figure, key, label, value)`, in the order of the JSON.
pub fn summary_rows(summary: &MetricsSummary, lang: crate::sdg::Lang) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    let mut number = |figure: &str, value: Option<f64>| {
        rows.push([figure.to_owned(), String::new(), String::new(), value.map(|v| v.to_string()).unwrap_or_default()]);
    };
    let whole = |n: u32| Some(f64::from(n));
    number("hubs.total", whole(summary.hubs.total));
    let (d, i, s, n) = (&summary.deliverables, &summary.indicators, &summary.stakeholders, &summary.network);
    number("deliverables.total", whole(d.total));
    number("deliverables.delivered", whole(d.delivered));
    number("deliverables.delivered_on_time", whole(d.delivered_on_time));
    number("deliverables.on_time_rate", d.on_time_rate);
    number("deliverables.late", whole(d.late));
    number("indicators.total", whole(i.total));
    for (name, by_dimension, on_track, mean) in [
        ("acceleration", i.by_dimension.acceleration, i.on_track.acceleration, i.mean_progress.acceleration),
        (
            "synchronization",
            i.by_dimension.synchronization,
            i.on_track.synchronization,
            i.mean_progress.synchronization,
        ),
        ("local_global", i.by_dimension.local_global, i.on_track.local_global, i.mean_progress.local_global),
    ] {
        number(&format!("indicators.by_dimension.{name}"), whole(by_dimension));
        number(&format!("indicators.on_track.{name}"), whole(on_track));
        number(&format!("indicators.mean_progress.{name}"), mean);
    }
    number("stakeholders.total", whole(s.total));
    number("stakeholders.criteria_set_with_stakeholders_share", s.criteria_set_with_stakeholders_share);
    number("network.connections", whole(n.connections));
    number("network.hubs_without_connection", whole(n.hubs_without_connection));
    number("network.mean_synchronization_degree", n.mean_synchronization_degree);
    number("network.max_synchronization_degree", whole(n.max_synchronization_degree));
    let h = &summary.hubs;
    let labelled = |figure: &str, counts: &[Count], label: &dyn Fn(&str) -> String| {
        counts
            .iter()
            .map(|c| [figure.to_owned(), c.key.clone(), label(&c.key), c.count.to_string()])
            .collect::<Vec<_>>()
    };
    let none = |_: &str| String::new();
    let status = |key: &str| key.parse().map(|s| status_label(s, lang).to_owned()).unwrap_or_default();
    let region = |key: &str| key.parse().map(|r| region_label(r, lang).to_owned()).unwrap_or_default();
    rows.extend(labelled("hubs.by_status", &h.by_status, &status));
    rows.extend(labelled("hubs.by_region", &h.by_region, &region));
    rows.extend(labelled("hubs.by_country", &h.by_country, &none));
    rows.extend(labelled("hubs.by_sdg", &h.by_sdg, &none));
    rows.extend(labelled("hubs.by_manifesto", &h.by_manifesto, &none));
    rows.extend(labelled("hubs.by_policy_council", &h.by_policy_council, &none));
    rows.extend(labelled("hubs.by_modality", &h.by_modality, &none));
    rows.extend(labelled("hubs.by_reporting_status", &h.by_reporting_status, &none));
    rows.extend(labelled("stakeholders.by_kind", &s.by_kind, &none));
    rows
}

/// The data dictionary of every metrics CSV.
pub fn dictionary() -> DataDictionary {
    let summary = SUMMARY_COLUMNS
        .iter()
        .map(|(name, kind, description)| Column {
            name: (*name).to_owned(),
            kind: *kind,
            description: (*description).to_owned(),
            values: Vec::new(),
        })
        .collect();
    DataDictionary {
        format: "RFC 4180: UTF-8 with a byte-order mark (so that Excel reads the accents), a header row, fields \
                 separated by a comma (`sep=semicolon` for a semicolon) and quoted when they hold the separator, a \
                 quote or a line break; lists joined by `|`; decimals with a `.`; dates `YYYY-MM-DD`; codes are \
                 stable, labels follow `lang` (en, fr, es)."
            .to_owned(),
        tables: vec![
            CsvTable {
                endpoint: "/api/v1/metrics/summary".to_owned(),
                row: "One figure of the summary (a count by value is one row per value)".to_owned(),
                columns: summary,
            },
            CsvTable {
                endpoint: "/api/v1/metrics/hubs".to_owned(),
                row: "One hub matching the filters, with its figures on `as_of`".to_owned(),
                columns: hub_columns().iter().map(CsvColumn::describe).collect(),
            },
            CsvTable {
                endpoint: "/api/v1/metrics/timeseries".to_owned(),
                row: "One period of the series".to_owned(),
                columns: timeseries_columns().iter().map(CsvColumn::describe).collect(),
            },
            CsvTable {
                endpoint: "/api/v1/metrics/network".to_owned(),
                row: "One hub of the graph".to_owned(),
                columns: network_columns().iter().map(CsvColumn::describe).collect(),
            },
            CsvTable {
                endpoint: "/api/v1/metrics/observations".to_owned(),
                row: "One measurement of an indicator of a hub matching the filters".to_owned(),
                columns: observation_columns().iter().map(CsvColumn::describe).collect(),
            },
        ],
    }
}

/// One measurement, with everything needed to read it alone: one row per observation, as the
/// UN SDG API gives them, never parallel lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Observation {
    /// The measurement's id.
    pub id: String,
    /// The hub's id.
    pub hub_id: String,
    /// The hub's slug.
    pub hub_slug: String,
    /// The lead organisation's UCLG world region.
    pub region: WorldRegion,
    /// The hub's country.
    pub country: String,
    /// The indicator's id.
    pub indicator_id: String,
    /// The indicator's name.
    pub indicator_name: String,
    /// Its impact dimension.
    pub dimension: Dimension,
    /// Its unit.
    pub unit: String,
    /// The SDG target it is linked to, if any (`11.3`).
    pub sdg_target: Option<String>,
    /// When it was measured.
    pub measured_on: NaiveDate,
    /// The value, in the unit.
    pub value: f64,
    /// For a breakdown, its values (`sex=female`, several joined by `;`); empty for a total.
    pub breakdown: String,
    /// When it was recorded (UTC).
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

/// One page of observations, oldest recorded first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObservationPage {
    /// The observations.
    pub items: Vec<Observation>,
    /// Where the next page starts: send it as `cursor`. Present even on the last page, so that a
    /// dashboard can come back later for what was recorded since; absent when the page is empty
    /// and no cursor was sent.
    pub next_cursor: Option<String>,
    /// Whether more rows were already there when this page was read.
    pub has_more: bool,
}

/// The columns of `metrics/observations` as CSV, in order.
pub fn observation_columns() -> Vec<CsvColumn<Observation>> {
    use ColumnType::{Code, Date, Decimal, Text};
    fn dimensions() -> Vec<&'static str> {
        Dimension::ALL.iter().map(|d| d.as_str()).collect()
    }
    vec![
        CsvColumn {
            name: "id",
            kind: Text,
            description: "The measurement's id",
            values: none,
            cell: |r, _| r.id.clone(),
        },
        CsvColumn {
            name: "hub_id",
            kind: Text,
            description: "The hub's id",
            values: none,
            cell: |r, _| r.hub_id.clone(),
        },
        CsvColumn {
            name: "hub_slug",
            kind: Text,
            description: "The hub's slug",
            values: none,
            cell: |r, _| r.hub_slug.clone(),
        },
        region_column(),
        region_label_column(),
        CsvColumn {
            name: "country",
            kind: Text,
            description: "The hub's country, ISO 3166-1 alpha-2",
            values: none,
            cell: |r, _| r.country.clone(),
        },
        CsvColumn {
            name: "indicator_id",
            kind: Text,
            description: "The indicator's id",
            values: none,
            cell: |r, _| r.indicator_id.clone(),
        },
        CsvColumn {
            name: "indicator_name",
            kind: Text,
            description: "The indicator's name",
            values: none,
            cell: |r, _| r.indicator_name.clone(),
        },
        CsvColumn {
            name: "dimension",
            kind: Code,
            description: "The impact dimension it measures",
            values: dimensions,
            cell: |r, _| r.dimension.as_str().to_owned(),
        },
        CsvColumn {
            name: "unit",
            kind: Text,
            description: "The unit of `value`",
            values: none,
            cell: |r, _| r.unit.clone(),
        },
        CsvColumn {
            name: "sdg_target",
            kind: Text,
            description: "The SDG target it is linked to (`11.3`); empty if none",
            values: none,
            cell: |r, _| r.sdg_target.clone().unwrap_or_default(),
        },
        CsvColumn {
            name: "measured_on",
            kind: Date,
            description: "When it was measured",
            values: none,
            cell: |r, _| r.measured_on.to_string(),
        },
        CsvColumn {
            name: "value",
            kind: Decimal,
            description: "The value, in `unit`",
            values: none,
            cell: |r, _| r.value.to_string(),
        },
        CsvColumn {
            name: "breakdown",
            kind: Text,
            description: "For a breakdown, `dimension=value` pairs joined by `;`; empty for a total",
            values: none,
            cell: |r, _| r.breakdown.clone(),
        },
        CsvColumn {
            name: "recorded_at",
            kind: Text,
            description: "When it was recorded, RFC 3339 in UTC",
            values: none,
            cell: |r, _| r.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        },
    ]
}

/// One period of a time series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeseriesPoint {
    /// The period's first day.
    pub period_start: NaiveDate,
    /// The period's last day (the series' `to` for the last period).
    pub period_end: NaiveDate,
    /// With `indicator`: its latest total measurement taken in the period (the value a dashboard
    /// plots; measurements are levels, not flows, so they are not summed); none when it was not
    /// measured in the period.
    pub indicator_value: Option<f64>,
    /// How many indicators of the hubs matched were on track at the period's end.
    pub indicators_on_track: u32,
    /// How many indicators the hubs matched followed at the period's end.
    pub indicators_total: u32,
    /// How many deliverables of the hubs matched were delivered in the period.
    pub deliverables_delivered: u32,
}

/// `GET /api/v1/metrics/timeseries`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timeseries {
    /// The periods' length.
    pub interval: crate::query::Interval,
    /// The indicator whose measurements `indicator_value` reports, if one was asked for.
    pub indicator: Option<String>,
    /// How `indicator_value` aggregates a period: always `latest`.
    pub aggregation: String,
    /// The periods, oldest first.
    pub points: Vec<TimeseriesPoint>,
}

/// The first day of the period of `interval` holding `day`.
pub fn period_start(interval: crate::query::Interval, day: NaiveDate) -> NaiveDate {
    use crate::query::Interval;
    use chrono::Datelike as _;
    let month = match interval {
        Interval::Month => day.month(),
        Interval::Quarter => (day.month() - 1) / 3 * 3 + 1,
        Interval::Year => 1,
    };
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The first day of the period after the one starting on `start`.
pub fn next_period(interval: crate::query::Interval, start: NaiveDate) -> NaiveDate {
    use crate::query::Interval;
    let months = match interval {
        Interval::Month => 1,
        Interval::Quarter => 3,
        Interval::Year => 12,
    };
    start.checked_add_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// The periods `(first day, last day)` of `interval` covering `from` to `to`, at most `limit`
/// (the latest ones); the first and last are cut to `from` and `to`.
pub fn periods(
    interval: crate::query::Interval,
    from: NaiveDate,
    to: NaiveDate,
    limit: usize,
) -> Vec<(NaiveDate, NaiveDate)> {
    let mut periods = Vec::new();
    let mut start = period_start(interval, from);
    while start <= to {
        let next = next_period(interval, start);
        let end = next.pred_opt().unwrap_or(next).min(to);
        periods.push((start.max(from), end));
        start = next;
    }
    let extra = periods.len().saturating_sub(limit);
    periods.split_off(extra)
}

/// The columns of `metrics/timeseries` as CSV, in order.
pub fn timeseries_columns() -> Vec<CsvColumn<TimeseriesPoint>> {
    use ColumnType::{Date, Decimal, Integer};
    vec![
        CsvColumn {
            name: "period_start",
            kind: Date,
            description: "The period's first day",
            values: none,
            cell: |p, _| p.period_start.to_string(),
        },
        CsvColumn {
            name: "period_end",
            kind: Date,
            description: "The period's last day",
            values: none,
            cell: |p, _| p.period_end.to_string(),
        },
        CsvColumn {
            name: "indicator_value",
            kind: Decimal,
            description: "With `indicator`: its latest total measurement taken in the period; empty when none",
            values: none,
            cell: |p, _| p.indicator_value.map(|v| v.to_string()).unwrap_or_default(),
        },
        CsvColumn {
            name: "indicators_on_track",
            kind: Integer,
            description: "Indicators on track at the period's end",
            values: none,
            cell: |p, _| p.indicators_on_track.to_string(),
        },
        CsvColumn {
            name: "indicators_total",
            kind: Integer,
            description: "Indicators followed at the period's end",
            values: none,
            cell: |p, _| p.indicators_total.to_string(),
        },
        CsvColumn {
            name: "deliverables_delivered",
            kind: Integer,
            description: "Deliverables delivered in the period",
            values: none,
            cell: |p, _| p.deliverables_delivered.to_string(),
        },
    ]
}

/// The columns of `metrics/network` as CSV (one row per hub), in order.
pub fn network_columns() -> Vec<CsvColumn<NetworkNode>> {
    use ColumnType::{Code, Integer, List, Text};
    fn statuses() -> Vec<&'static str> {
        HubStatus::ALL.iter().map(|s| s.as_str()).collect()
    }
    vec![
        CsvColumn { name: "id", kind: Text, description: "The hub's id", values: none, cell: |n, _| n.id.clone() },
        CsvColumn {
            name: "slug",
            kind: Text,
            description: "The hub's slug",
            values: none,
            cell: |n, _| n.slug.clone(),
        },
        CsvColumn {
            name: "name",
            kind: Text,
            description: "The hub's name",
            values: none,
            cell: |n, _| n.name.clone(),
        },
        region_column(),
        region_label_column(),
        CsvColumn {
            name: "status",
            kind: Code,
            description: "The hub's status",
            values: statuses,
            cell: |n, _| n.status.as_str().to_owned(),
        },
        CsvColumn {
            name: "sdgs",
            kind: List,
            description: "The SDG goals it serves, joined by `|`",
            values: none,
            cell: |n, _| joined(&n.sdgs),
        },
        CsvColumn {
            name: "synchronization_degree",
            kind: Integer,
            description: "How many distinct hubs it is connected to (counting those outside the filters)",
            values: none,
            cell: |n, _| n.synchronization_degree.to_string(),
        },
    ]
}

/// A hub of the synchronization graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkNode {
    /// The hub's id.
    pub id: String,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its lead organisation's region.
    pub region: WorldRegion,
    /// Its status.
    pub status: HubStatus,
    /// The SDG goals it serves.
    pub sdgs: Vec<u8>,
    /// How many distinct hubs it is connected to (counting those outside the filters).
    pub synchronization_degree: u32,
}

/// An accepted connection between two hubs of the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkEdge {
    /// The connection's id.
    pub id: String,
    /// The hub that recorded it.
    pub source: String,
    /// The other hub.
    pub target: String,
    /// How they are connected.
    pub kind: crate::connection::ConnectionKind,
}

/// `GET /api/v1/metrics/network`: the hubs matched and the accepted connections among them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkGraph {
    /// The hubs.
    pub nodes: Vec<NetworkNode>,
    /// The connections whose two ends are both nodes.
    pub edges: Vec<NetworkEdge>,
    /// The other nodes asked for with `with` (policy councils, Venice editions); empty without.
    #[serde(default)]
    pub groups: Vec<NetworkGroup>,
    /// Which hub is linked to which of `groups`.
    #[serde(default)]
    pub memberships: Vec<NetworkMembership>,
}

/// A policy council the hubs inform, or a Venice City Solutions 2030 edition where they
/// presented an activity: a node of the network besides the hubs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkGroup {
    /// `policy_council:<council id>`, `venice_edition:<year>` or `recommendation:<id>`.
    pub id: String,
    /// Which kind of node it is.
    pub kind: crate::query::NetworkGroupKind,
    /// Its name, in `lang` (English by default; a recommendation's title in English when it is
    /// not translated).
    pub name: String,
    /// For a recommendation, the policy council it is written for (the link recommendation →
    /// council); none for the other kinds.
    pub policy_council_id: Option<String>,
}

/// A hub's link to a group: it informs the policy council, or presented at the edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkMembership {
    /// The hub's id.
    pub hub: String,
    /// The group's id.
    pub group: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Direction;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn hub(id: &str, region: WorldRegion) -> HubFacts {
        HubFacts {
            id: id.to_owned(),
            slug: id.to_owned(),
            name: id.to_owned(),
            status: HubStatus::Active,
            region,
            country: "FR".to_owned(),
            sdgs: vec![11],
            manifestos: Vec::new(),
            policy_council_ids: Vec::new(),
            modality: Modality::Hybrid,
            label_granted_on: None,
            created_on: day(2025, 1, 1),
            deliverables: Vec::new(),
            indicators: Vec::new(),
            stakeholders: Vec::new(),
            connected_hubs: BTreeSet::new(),
            last_update: day(2026, 1, 1),
            last_report_end: None,
        }
    }

    fn indicator(dimension: Dimension, latest: Option<f64>) -> IndicatorFacts {
        IndicatorFacts {
            dimension,
            trajectory: Trajectory {
                direction: Direction::Increase,
                baseline_value: 0.0,
                baseline_date: day(2026, 1, 1),
                target_value: 100.0,
                target_date: day(2027, 1, 1),
            },
            latest: latest.map(|value| Latest { value, measured_on: day(2026, 6, 1) }),
        }
    }

    #[test]
    fn the_summary_counts_and_rates_what_a_person_would() {
        let as_of = day(2026, 7, 2); // half-way from baseline to target: expected progress 0.5
        let mut lyon = hub("lyon", WorldRegion::Europe);
        lyon.sdgs = vec![11, 13];
        lyon.deliverables = vec![
            DeliverableFacts {
                status: DeliverableStatus::Delivered,
                due_date: day(2026, 3, 1),
                delivered_on: Some(day(2026, 2, 1)),
            },
            DeliverableFacts {
                status: DeliverableStatus::Delivered,
                due_date: day(2026, 3, 1),
                delivered_on: Some(day(2026, 4, 1)),
            },
            DeliverableFacts { status: DeliverableStatus::Planned, due_date: day(2026, 5, 1), delivered_on: None },
            // Delivered after `as_of`: open on that day, and late.
            DeliverableFacts {
                status: DeliverableStatus::Delivered,
                due_date: day(2026, 6, 1),
                delivered_on: Some(day(2026, 8, 1)),
            },
        ];
        lyon.indicators =
            vec![indicator(Dimension::Acceleration, Some(60.0)), indicator(Dimension::Acceleration, Some(20.0))];
        lyon.stakeholders = vec![
            StakeholderFacts { kind: StakeholderKind::Academia, took_part_in_criteria: true },
            StakeholderFacts { kind: StakeholderKind::CitizensGroup, took_part_in_criteria: false },
        ];
        lyon.connected_hubs = ["dakar".to_owned()].into();
        let mut dakar = hub("dakar", WorldRegion::Africa);
        dakar.indicators = vec![indicator(Dimension::LocalGlobal, None)];
        dakar.connected_hubs = ["lyon".to_owned()].into();
        dakar.last_update = day(2024, 1, 1);
        let quito = hub("quito", WorldRegion::LatinAmerica);

        let summary = summarize(&[lyon, dakar, quito], 1, as_of);
        assert_eq!(summary.hubs.total, 3);
        let keys = |counts: &[Count]| counts.iter().map(|c| (c.key.clone(), c.count)).collect::<Vec<_>>();
        assert_eq!(
            keys(&summary.hubs.by_region),
            [("africa".into(), 1), ("europe".into(), 1), ("latin_america".into(), 1)]
        );
        assert_eq!(keys(&summary.hubs.by_sdg), [("11".into(), 3), ("13".into(), 1)]);
        assert_eq!(keys(&summary.hubs.by_reporting_status), [("green".into(), 2), ("red".into(), 1)]);
        let d = &summary.deliverables;
        assert_eq!((d.total, d.delivered, d.delivered_on_time, d.late), (4, 2, 1, 2));
        assert_eq!(d.on_time_rate, Some(0.5));
        let i = &summary.indicators;
        assert_eq!((i.total, i.by_dimension.acceleration, i.by_dimension.local_global), (3, 2, 1));
        assert_eq!(
            (i.on_track.acceleration, i.on_track.local_global),
            (1, 0),
            "60 % is on track at half-time, 20 % is not"
        );
        assert_eq!(i.mean_progress.acceleration, Some(0.4));
        assert_eq!(i.mean_progress.local_global, None, "no measured indicator");
        assert_eq!(summary.stakeholders.total, 2);
        assert_eq!(summary.stakeholders.criteria_set_with_stakeholders_share, Some(1.0 / 3.0));
        let n = &summary.network;
        assert_eq!((n.connections, n.hubs_without_connection, n.max_synchronization_degree), (1, 1, 1));
        assert_eq!(n.mean_synchronization_degree, Some(2.0 / 3.0));
    }

    #[test]
    fn nothing_to_count_gives_zeros_and_no_rates() {
        let summary = summarize(&[], 0, day(2026, 1, 1));
        assert_eq!(summary.hubs.total, 0);
        assert_eq!(summary.deliverables.on_time_rate, None);
        assert_eq!(summary.network.mean_synchronization_degree, None);
        assert_eq!(summary.stakeholders.criteria_set_with_stakeholders_share, None);
    }

    #[test]
    fn every_hub_column_is_described_and_fills_every_row() {
        let row = HubMetricsRow::of(&hub("lyon", WorldRegion::Europe), day(2026, 1, 1));
        let columns = hub_columns();
        let mut names: Vec<&str> = columns.iter().map(|c| c.name).collect();
        names.dedup();
        assert_eq!(names.len(), columns.len(), "no column twice");
        for column in &columns {
            assert!(!column.description.is_empty(), "{} is described", column.name);
            let cell = (column.cell)(&row, crate::sdg::Lang::Fr);
            if column.kind == ColumnType::Code {
                assert!((column.values)().contains(&cell.as_str()), "{}: {cell} is one of its values", column.name);
            }
        }
        assert_eq!((columns[4].cell)(&row, crate::sdg::Lang::Fr), "Actif");
    }

    #[test]
    fn periods_cover_the_span_calendar_aligned_and_cut_at_its_ends() {
        use crate::query::Interval;
        let quarters = periods(Interval::Quarter, day(2025, 2, 10), day(2025, 11, 5), 10);
        assert_eq!(
            quarters,
            [
                (day(2025, 2, 10), day(2025, 3, 31)),
                (day(2025, 4, 1), day(2025, 6, 30)),
                (day(2025, 7, 1), day(2025, 9, 30)),
                (day(2025, 10, 1), day(2025, 11, 5)),
            ]
        );
        let months = periods(Interval::Month, day(2024, 1, 1), day(2025, 12, 31), 12);
        assert_eq!(months.len(), 12, "the latest 12");
        assert_eq!(months[0], (day(2025, 1, 1), day(2025, 1, 31)));
        assert_eq!(periods(Interval::Year, day(2025, 5, 1), day(2025, 5, 1), 5), [(day(2025, 5, 1), day(2025, 5, 1))]);
    }
}
