//! Impact indicators and their measurements: what a hub measures to show acceleration and
//! synchronization, agreed with its stakeholders (the label's participatory rule), and the
//! derived figures `latest`, `progress`, `expected_progress` and `on_track`, defined once here.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::figures::elapsed_fraction;
use crate::hub::present;
use crate::sdg::SdgTaxonomy;
use crate::validation::{HubPeriod, Invalid, MAX_LIST_ITEMS, Notes, Rule, Source, Title, Unit, ValidationErrors};

wire_enum!(
    /// Which of the hubs' three key ideas an indicator measures.
    Dimension {
        /// Speeding up the localisation of global agendas.
        Acceleration => "acceleration",
        /// Connecting actions across the network.
        Synchronization => "synchronization",
        /// Linking global policy and local action.
        LocalGlobal => "local_global",
    }
);

wire_enum!(
    /// Which way an indicator should move.
    Direction {
        /// Higher is better.
        Increase => "increase",
        /// Lower is better.
        Decrease => "decrease",
    }
);

/// How far an indicator may lag behind its planned trajectory and still be on track.
pub const ON_TRACK_TOLERANCE: f64 = 0.1;

/// The latest total measurement of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Latest {
    /// The value.
    pub value: f64,
    /// When it was measured.
    pub measured_on: NaiveDate,
}

/// The derived figures of an indicator on a given day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// The latest total measurement, if any.
    pub latest: Option<Latest>,
    /// (latest − baseline) / (target − baseline), clamped to [0, 1]; none without a measurement.
    pub progress: Option<f64>,
    /// The same, not clamped: below 0 when moving the wrong way, above 1 when beyond the target.
    pub progress_raw: Option<f64>,
    /// The fraction of the time from baseline date to target date elapsed today, in [0, 1].
    pub expected_progress: f64,
    /// Whether progress ≥ expected progress − 0.1; none without a measurement.
    pub on_track: Option<bool>,
}

/// What the figures are computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trajectory {
    /// Which way it should move.
    pub direction: Direction,
    /// The starting value.
    pub baseline_value: f64,
    /// When the baseline was measured.
    pub baseline_date: NaiveDate,
    /// The value to reach.
    pub target_value: f64,
    /// When it should be reached.
    pub target_date: NaiveDate,
}

impl Trajectory {
    /// The raw progress of `value` from baseline to target. With a target equal to the baseline
    /// (an indicator to hold steady), the target is met (1) or not (0) in the indicator's direction.
    pub fn progress_of(&self, value: f64) -> f64 {
        let span = self.target_value - self.baseline_value;
        if span == 0.0 {
            let met = match self.direction {
                Direction::Increase => value >= self.target_value,
                Direction::Decrease => value <= self.target_value,
            };
            return if met { 1.0 } else { 0.0 };
        }
        (value - self.baseline_value) / span
    }

    /// Every derived figure on `today`, from the latest total measurement.
    pub fn figures(&self, latest: Option<Latest>, today: NaiveDate) -> Figures {
        let expected_progress = elapsed_fraction(self.baseline_date, self.target_date, today);
        let progress_raw = latest.as_ref().map(|latest| self.progress_of(latest.value));
        let progress = progress_raw.map(|raw| raw.clamp(0.0, 1.0));
        let on_track = progress.map(|progress| progress >= expected_progress - ON_TRACK_TOLERANCE);
        Figures { latest, progress, progress_raw, expected_progress, on_track }
    }
}

/// The disaggregation dimensions an indicator declares, e.g. `{"sex": ["female", "male"]}`.
pub type Disaggregations = BTreeMap<String, Vec<String>>;

/// An impact indicator as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The hub it measures.
    pub hub_id: String,
    /// Its name.
    pub name: String,
    /// What it measures and how.
    pub description: String,
    /// Which key idea it measures.
    pub dimension: Dimension,
    /// The unit of its values ("%", "people", "t CO2e").
    pub unit: String,
    /// Which way it should move.
    pub direction: Direction,
    /// The starting value.
    pub baseline_value: f64,
    /// When the baseline was measured.
    pub baseline_date: NaiveDate,
    /// The value to reach.
    pub target_value: f64,
    /// When it should be reached.
    pub target_date: NaiveDate,
    /// The SDG target it is linked to (`11.6`).
    pub sdg_target: Option<String>,
    /// The dimensions its measurements may be broken down by, with their values.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, Vec<String>>))]
    pub disaggregations: Disaggregations,
    /// The stakeholders (of the same hub) who agreed it.
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub agreed_by: Vec<String>,
    /// When they agreed it.
    pub agreed_on: Option<NaiveDate>,
    /// Derived: the figures on the day it was read, from the total measurements, or from
    /// `breakdown`'s when one was asked for.
    #[serde(flatten)]
    pub figures: Figures,
    /// The breakdown the figures were computed from (`?disaggregation=sex=female`); absent for the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<std::collections::BTreeMap<String, String>>))]
    pub breakdown: Option<Breakdown>,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl Indicator {
    /// What its figures are computed from.
    pub fn trajectory(&self) -> Trajectory {
        Trajectory {
            direction: self.direction,
            baseline_value: self.baseline_value,
            baseline_date: self.baseline_date,
            target_value: self.target_value,
            target_date: self.target_date,
        }
    }
}

/// The body of `POST /api/v1/hubs/{hub}/indicators`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewIndicator {
    /// 3 to 200 characters.
    pub name: String,
    /// Up to 5,000 characters.
    #[serde(default)]
    pub description: String,
    /// Which key idea it measures.
    pub dimension: Dimension,
    /// 1 to 40 characters.
    pub unit: String,
    /// Which way it should move.
    pub direction: Direction,
    /// The starting value.
    pub baseline_value: f64,
    /// When the baseline was measured.
    pub baseline_date: NaiveDate,
    /// The value to reach: above the baseline for an increase, below for a decrease (or equal, to hold).
    pub target_value: f64,
    /// After the baseline date.
    pub target_date: NaiveDate,
    /// An SDG target code from the taxonomy (`11.6`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdg_target: Option<String>,
    /// Declared breakdowns: up to 5 dimensions of up to 20 values each.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, Vec<String>>))]
    pub disaggregations: Disaggregations,
    /// Ids of the hub's stakeholders who agreed it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub agreed_by: Vec<String>,
    /// When they agreed it: given exactly when `agreed_by` is, and not in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_on: Option<NaiveDate>,
}

/// The body of `PATCH /api/v1/indicators/{id}`: a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorPatch {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new dimension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// A new unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A new direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// A new baseline value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_value: Option<f64>,
    /// A new baseline date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_date: Option<NaiveDate>,
    /// A new target value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_value: Option<f64>,
    /// A new target date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_date: Option<NaiveDate>,
    /// A new SDG target; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sdg_target: Option<Option<String>>,
    /// New declared breakdowns (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<std::collections::BTreeMap<String, Vec<String>>>))]
    pub disaggregations: Option<Disaggregations>,
    /// A new list of agreeing stakeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub agreed_by: Option<Vec<String>>,
    /// A new agreement date; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub agreed_on: Option<Option<NaiveDate>>,
}

/// An indicator that passed every rule `shared` can check (the stakeholders' existence is the database's).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidIndicator {
    /// The name.
    pub name: Title,
    /// The description.
    pub description: Notes,
    /// The dimension.
    pub dimension: Dimension,
    /// The unit.
    pub unit: String,
    /// The trajectory.
    pub trajectory: Trajectory,
    /// The SDG target.
    pub sdg_target: Option<String>,
    /// The declared breakdowns.
    pub disaggregations: Disaggregations,
    /// The agreeing stakeholders, without duplicates.
    pub agreed_by: Vec<String>,
    /// The agreement date.
    pub agreed_on: Option<NaiveDate>,
}

fn finite(value: f64) -> Result<f64, Invalid> {
    if value.is_finite() { Ok(value) } else { Err(Invalid::new(Rule::Type, "a value is a finite number")) }
}

/// A disaggregation name or value: 1 to 40 lower-case letters, digits, `_` or `-`.
fn key(value: &str) -> Result<(), Invalid> {
    let ok = !value.is_empty()
        && value.len() <= 40
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok { Ok(()) } else { Err(Invalid::new(Rule::Format, format!("{value:?} is not 1 to 40 of a-z, 0-9, _ and -"))) }
}

fn check_disaggregations(declared: &Disaggregations, errors: &mut ValidationErrors) {
    if declared.len() > 5 {
        errors.push("disaggregations", Invalid::new(Rule::Range, "at most 5 dimensions"));
    }
    for (dimension, values) in declared {
        let field = format!("disaggregations.{dimension}");
        errors.check(&field, key(dimension));
        if values.is_empty() || values.len() > 20 {
            errors.push(field.as_str(), Invalid::new(Rule::Range, "each dimension declares 1 to 20 values"));
        }
        for (index, value) in values.iter().enumerate() {
            let item = format!("{field}[{index}]");
            errors.check(&item, key(value));
            if values[..index].contains(value) {
                errors.push(item, Invalid::new(Rule::Duplicate, format!("{value} is listed twice")));
            }
        }
    }
}

impl NewIndicator {
    /// Checks every rule at once, against the hub's period (the target date falls inside it), the
    /// SDG taxonomy and today's date.
    pub fn validate(
        &self,
        period: &HubPeriod,
        taxonomy: &SdgTaxonomy,
        today: NaiveDate,
    ) -> Result<ValidIndicator, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check("name", Title::parse(&self.name));
        let description = errors.check("description", Notes::parse(&self.description));
        let unit = errors.check(
            "unit",
            Unit::parse(&self.unit).and_then(|unit| match unit.as_str() {
                "" => Err(Invalid::new(Rule::Length, "the unit is 1 to 40 characters")),
                _ => Ok(unit.into_inner()),
            }),
        );
        let baseline = errors.check("baseline_value", finite(self.baseline_value));
        let target = errors.check("target_value", finite(self.target_value));
        if let (Some(baseline), Some(target)) = (baseline, target) {
            let wrong_way = match self.direction {
                Direction::Increase => target < baseline,
                Direction::Decrease => target > baseline,
            };
            if wrong_way {
                let message =
                    format!("an indicator to {} cannot target {target} from a baseline of {baseline}", self.direction);
                errors.push("target_value", Invalid::new(Rule::Consistent, message));
            }
        }
        if self.target_date <= self.baseline_date {
            errors.push("target_date", Invalid::new(Rule::DateOrder, "the target date comes after the baseline date"));
        } else {
            errors.check("target_date", period.check_contains(self.target_date, "the target date"));
        }
        let sdg_target = self.sdg_target.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        if let Some(code) = &sdg_target
            && taxonomy.target(code).is_none()
        {
            errors.push("sdg_target", Invalid::new(Rule::OneOf, format!("{code} is not an SDG target (e.g. 11.6)")));
        }
        check_disaggregations(&self.disaggregations, &mut errors);
        let mut agreed_by: Vec<String> = Vec::new();
        errors.check_list_length("agreed_by", self.agreed_by.len(), MAX_LIST_ITEMS);
        for (index, id) in self.agreed_by.iter().enumerate().take(MAX_LIST_ITEMS) {
            if agreed_by.contains(id) {
                errors.push(
                    format!("agreed_by[{index}]"),
                    Invalid::new(Rule::Duplicate, format!("{id} is listed twice")),
                );
            } else {
                agreed_by.push(id.clone());
            }
        }
        match (agreed_by.is_empty(), self.agreed_on) {
            (false, None) => {
                errors.push("agreed_on", Invalid::new(Rule::Required, "say when the stakeholders agreed it"))
            }
            (true, Some(_)) => {
                errors.push("agreed_by", Invalid::new(Rule::Required, "say which stakeholders agreed it on that date"))
            }
            (false, Some(date)) if date > today => {
                errors.push("agreed_on", Invalid::new(Rule::NotInFuture, format!("{date} is in the future")));
            }
            _ => {}
        }
        errors.finish(|| {
            Some(ValidIndicator {
                name: name?,
                description: description?,
                dimension: self.dimension,
                unit: unit?,
                trajectory: Trajectory {
                    direction: self.direction,
                    baseline_value: baseline?,
                    baseline_date: self.baseline_date,
                    target_value: target?,
                    target_date: self.target_date,
                },
                sdg_target,
                disaggregations: self.disaggregations.clone(),
                agreed_by,
                agreed_on: self.agreed_on,
            })
        })
    }
}

impl From<NewIndicator> for IndicatorPatch {
    /// The patch that sets every field to the given indicator's (what an edit form sends).
    fn from(new: NewIndicator) -> Self {
        Self {
            name: Some(new.name),
            description: Some(new.description),
            dimension: Some(new.dimension),
            unit: Some(new.unit),
            direction: Some(new.direction),
            baseline_value: Some(new.baseline_value),
            baseline_date: Some(new.baseline_date),
            target_value: Some(new.target_value),
            target_date: Some(new.target_date),
            sdg_target: Some(new.sdg_target),
            disaggregations: Some(new.disaggregations),
            agreed_by: Some(new.agreed_by),
            agreed_on: Some(new.agreed_on),
        }
    }
}

impl IndicatorPatch {
    /// The whole indicator as it would be after this patch.
    pub fn apply_to(self, current: &Indicator) -> NewIndicator {
        NewIndicator {
            name: self.name.unwrap_or_else(|| current.name.clone()),
            description: self.description.unwrap_or_else(|| current.description.clone()),
            dimension: self.dimension.unwrap_or(current.dimension),
            unit: self.unit.unwrap_or_else(|| current.unit.clone()),
            direction: self.direction.unwrap_or(current.direction),
            baseline_value: self.baseline_value.unwrap_or(current.baseline_value),
            baseline_date: self.baseline_date.unwrap_or(current.baseline_date),
            target_value: self.target_value.unwrap_or(current.target_value),
            target_date: self.target_date.unwrap_or(current.target_date),
            sdg_target: self.sdg_target.unwrap_or_else(|| current.sdg_target.clone()),
            disaggregations: self.disaggregations.unwrap_or_else(|| current.disaggregations.clone()),
            agreed_by: self.agreed_by.unwrap_or_else(|| current.agreed_by.clone()),
            agreed_on: self.agreed_on.unwrap_or(current.agreed_on),
        }
    }
}

/// One measurement of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Measurement {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The indicator measured.
    pub indicator_id: String,
    /// The value, in the indicator's unit.
    pub value: f64,
    /// When it was measured.
    pub measured_on: NaiveDate,
    /// Where the value comes from.
    pub source: String,
    /// Anything worth knowing about it.
    pub note: String,
    /// For a breakdown, the value of each declared dimension; none for the total.
    pub disaggregation: Option<BTreeMap<String, String>>,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/indicators/{id}/measurements`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMeasurement {
    /// A finite number.
    pub value: f64,
    /// Not in the future.
    pub measured_on: NaiveDate,
    /// Up to 200 characters.
    #[serde(default)]
    pub source: String,
    /// Up to 2,000 characters.
    #[serde(default)]
    pub note: String,
    /// Values of the indicator's declared dimensions; leave out for the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disaggregation: Option<BTreeMap<String, String>>,
}

/// A measurement that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMeasurement {
    /// The value.
    pub value: f64,
    /// The date.
    pub measured_on: NaiveDate,
    /// The source.
    pub source: String,
    /// The note.
    pub note: String,
    /// The breakdown, if any (never empty).
    pub disaggregation: Option<BTreeMap<String, String>>,
}

impl NewMeasurement {
    /// Checks every rule at once, against the indicator's declared dimensions and today's date.
    pub fn validate(&self, declared: &Disaggregations, today: NaiveDate) -> Result<ValidMeasurement, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let value = errors.check("value", finite(self.value));
        if self.measured_on > today {
            let message = format!("{} is in the future; a measurement is recorded once taken", self.measured_on);
            errors.push("measured_on", Invalid::new(Rule::NotInFuture, message));
        }
        let source = errors.check("source", Source::parse(&self.source)).map(Source::into_inner);
        let note = errors.check("note", Notes::parse(&self.note));
        let disaggregation = self.disaggregation.clone().filter(|d| !d.is_empty());
        if let Some(breakdown) = &disaggregation {
            check_breakdown(declared, breakdown, "disaggregation", &mut errors);
        }
        errors.finish(|| {
            Some(ValidMeasurement {
                value: value?,
                measured_on: self.measured_on,
                source: source?,
                note: note?.into_inner(),
                disaggregation,
            })
        })
    }
}

/// One breakdown of a measurement: a value for some of the indicator's declared dimensions,
/// e.g. `{"sex": "female", "area": "urban"}`.
pub type Breakdown = BTreeMap<String, String>;

/// Checks that every dimension of `breakdown` is declared with that value; errors name
/// `{field}.{dimension}`.
pub fn check_breakdown(declared: &Disaggregations, breakdown: &Breakdown, field: &str, errors: &mut ValidationErrors) {
    for (dimension, value) in breakdown {
        let field = format!("{field}.{dimension}");
        match declared.get(dimension) {
            None => {
                let names: Vec<&str> = declared.keys().map(String::as_str).collect();
                let message = format!("{dimension} is not a declared dimension ({})", names.join(", "));
                errors.push(field, Invalid::new(Rule::OneOf, message));
            }
            Some(values) if !values.contains(value) => {
                let message = format!("{value} is not one of: {}", values.join(", "));
                errors.push(field, Invalid::new(Rule::OneOf, message));
            }
            Some(_) => {}
        }
    }
}

/// Reads a breakdown written `sex=female;area=urban` (in CSV cells and query strings); empty
/// text is the total, `None`.
pub fn parse_breakdown(text: &str) -> Result<Option<Breakdown>, Invalid> {
    let mut breakdown = Breakdown::new();
    for pair in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (dimension, value) = pair.split_once('=').ok_or_else(|| {
            Invalid::new(Rule::Format, format!("{pair:?} is not dimension=value (e.g. sex=female;area=urban)"))
        })?;
        breakdown.insert(dimension.trim().to_owned(), value.trim().to_owned());
    }
    Ok(Some(breakdown).filter(|b| !b.is_empty()))
}

/// Writes a breakdown as [`parse_breakdown`] reads it.
pub fn breakdown_text(breakdown: &Breakdown) -> String {
    breakdown.iter().map(|(dimension, value)| format!("{dimension}={value}")).collect::<Vec<_>>().join(";")
}

/// What a batch of measurements recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResult {
    /// How many measurements were recorded (all the rows sent).
    pub created: u32,
}

/// The most rows one batch of measurements may hold.
pub const MAX_BATCH_ROWS: usize = 1000;

/// Validates a batch of measurements as one: every bad row is reported, by index and field
/// (`rows[3].measured_on`), and nothing is accepted unless every row is.
pub fn validate_batch(
    rows: &[NewMeasurement],
    declared: &Disaggregations,
    today: NaiveDate,
) -> Result<Vec<ValidMeasurement>, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    if rows.is_empty() || rows.len() > MAX_BATCH_ROWS {
        let message = format!("a batch holds 1 to {MAX_BATCH_ROWS} rows (got {})", rows.len());
        errors.push("rows", Invalid::new(Rule::Range, message));
        return Err(errors);
    }
    let mut valid = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        match row.validate(declared, today) {
            Ok(row) => valid.push(row),
            Err(row_errors) => {
                for error in row_errors.0 {
                    errors.push(format!("rows[{index}].{}", error.field), Invalid::new(error.rule, error.message));
                }
            }
        }
    }
    errors.finish(|| Some(valid))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn trajectory(direction: Direction, baseline: f64, target: f64) -> Trajectory {
        Trajectory {
            direction,
            baseline_value: baseline,
            baseline_date: date(2024, 1, 1),
            target_value: target,
            target_date: date(2026, 1, 1),
        }
    }

    fn latest(value: f64) -> Option<Latest> {
        Some(Latest { value, measured_on: date(2025, 1, 1) })
    }

    #[test]
    fn without_a_measurement_there_is_no_progress_and_no_verdict() {
        let figures = trajectory(Direction::Increase, 10.0, 20.0).figures(None, date(2025, 1, 1));
        assert_eq!(figures.progress, None);
        assert_eq!(figures.on_track, None);
        assert!((figures.expected_progress - 0.5).abs() < 0.01, "{}", figures.expected_progress);
    }

    #[test]
    fn progress_is_the_share_of_the_way_from_baseline_to_target() {
        let increase = trajectory(Direction::Increase, 10.0, 20.0);
        assert_eq!(increase.figures(latest(15.0), date(2025, 1, 1)).progress, Some(0.5));
        let decrease = trajectory(Direction::Decrease, 100.0, 60.0);
        assert_eq!(decrease.figures(latest(90.0), date(2025, 1, 1)).progress, Some(0.25));
    }

    #[test]
    fn progress_is_clamped_for_display_and_reported_raw() {
        let increase = trajectory(Direction::Increase, 10.0, 20.0);
        let beyond = increase.figures(latest(25.0), date(2025, 1, 1));
        assert_eq!((beyond.progress, beyond.progress_raw), (Some(1.0), Some(1.5)));
        let backwards = increase.figures(latest(5.0), date(2025, 1, 1));
        assert_eq!((backwards.progress, backwards.progress_raw), (Some(0.0), Some(-0.5)));
        let decrease = trajectory(Direction::Decrease, 100.0, 60.0);
        assert_eq!(decrease.figures(latest(110.0), date(2025, 1, 1)).progress_raw, Some(-0.25));
    }

    #[test]
    fn a_target_equal_to_the_baseline_is_met_or_not_in_the_indicators_direction() {
        let hold_up = trajectory(Direction::Increase, 50.0, 50.0);
        assert_eq!(hold_up.progress_of(50.0), 1.0);
        assert_eq!(hold_up.progress_of(49.0), 0.0);
        let hold_down = trajectory(Direction::Decrease, 50.0, 50.0);
        assert_eq!(hold_down.progress_of(48.0), 1.0);
        assert_eq!(hold_down.progress_of(51.0), 0.0);
    }

    #[test]
    fn expected_progress_is_0_before_the_baseline_and_1_after_the_target() {
        let increase = trajectory(Direction::Increase, 10.0, 20.0);
        assert_eq!(increase.figures(None, date(2023, 6, 1)).expected_progress, 0.0);
        assert_eq!(increase.figures(None, date(2027, 6, 1)).expected_progress, 1.0);
    }

    #[test]
    fn on_track_allows_lagging_the_trajectory_by_a_tenth() {
        let increase = trajectory(Direction::Increase, 0.0, 100.0);
        let halfway = date(2025, 1, 1);
        let expected = increase.figures(None, halfway).expected_progress;
        let at = |value: f64| increase.figures(latest(value), halfway).on_track;
        assert_eq!(at((expected - 0.1) * 100.0 + 0.01), Some(true));
        assert_eq!(at((expected - 0.1) * 100.0 - 0.5), Some(false));
        assert_eq!(increase.figures(latest(100.0), date(2030, 1, 1)).on_track, Some(true));
        assert_eq!(
            increase.figures(latest(80.0), date(2030, 1, 1)).on_track,
            Some(false),
            "past the target date, 80% is not enough"
        );
    }

    fn period() -> HubPeriod {
        HubPeriod::new(date(2025, 1, 1), date(2027, 12, 31)).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn taxonomy() -> SdgTaxonomy {
        serde_json::from_str(include_str!("../data/sdgs.json")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn new_indicator() -> NewIndicator {
        NewIndicator {
            name: "Residents trained".into(),
            description: String::new(),
            dimension: Dimension::Acceleration,
            unit: "people".into(),
            direction: Direction::Increase,
            baseline_value: 0.0,
            baseline_date: date(2025, 1, 1),
            target_value: 400.0,
            target_date: date(2026, 12, 31),
            sdg_target: Some("13.3".into()),
            disaggregations: BTreeMap::from([("sex".to_owned(), vec!["female".to_owned(), "male".to_owned()])]),
            agreed_by: vec!["s1".into()],
            agreed_on: Some(date(2025, 1, 15)),
        }
    }

    fn fields(result: Result<ValidIndicator, ValidationErrors>) -> Vec<(String, Rule)> {
        result.err().unwrap_or_default().0.into_iter().map(|e| (e.field, e.rule)).collect()
    }

    #[test]
    fn an_indicator_must_move_towards_its_target_after_its_baseline() {
        let today = date(2025, 6, 1);
        assert!(new_indicator().validate(&period(), &taxonomy(), today).is_ok());
        let wrong_way = NewIndicator { target_value: -1.0, ..new_indicator() };
        assert_eq!(
            fields(wrong_way.validate(&period(), &taxonomy(), today)),
            vec![("target_value".to_owned(), Rule::Consistent)]
        );
        let reversed = NewIndicator { target_date: date(2024, 1, 1), ..new_indicator() };
        assert_eq!(
            fields(reversed.validate(&period(), &taxonomy(), today)),
            vec![("target_date".to_owned(), Rule::DateOrder)]
        );
        let after_the_hub = NewIndicator { target_date: date(2028, 1, 1), ..new_indicator() };
        assert_eq!(
            fields(after_the_hub.validate(&period(), &taxonomy(), today)),
            vec![("target_date".to_owned(), Rule::WithinHubPeriod)]
        );
        let unknown_target = NewIndicator { sdg_target: Some("11.99".into()), ..new_indicator() };
        assert_eq!(
            fields(unknown_target.validate(&period(), &taxonomy(), today)),
            vec![("sdg_target".to_owned(), Rule::OneOf)]
        );
    }

    #[test]
    fn an_agreement_names_its_stakeholders_and_its_date_together() {
        let today = date(2025, 6, 1);
        let no_date = NewIndicator { agreed_on: None, ..new_indicator() };
        assert_eq!(
            fields(no_date.validate(&period(), &taxonomy(), today)),
            vec![("agreed_on".to_owned(), Rule::Required)]
        );
        let nobody = NewIndicator { agreed_by: vec![], ..new_indicator() };
        assert_eq!(
            fields(nobody.validate(&period(), &taxonomy(), today)),
            vec![("agreed_by".to_owned(), Rule::Required)]
        );
        let future = NewIndicator { agreed_on: Some(date(2025, 6, 2)), ..new_indicator() };
        assert_eq!(
            fields(future.validate(&period(), &taxonomy(), today)),
            vec![("agreed_on".to_owned(), Rule::NotInFuture)]
        );
        let twice = NewIndicator { agreed_by: vec!["s1".into(), "s1".into()], ..new_indicator() };
        assert_eq!(
            fields(twice.validate(&period(), &taxonomy(), today)),
            vec![("agreed_by[1]".to_owned(), Rule::Duplicate)]
        );
    }

    #[test]
    fn a_batch_reports_every_bad_row_by_index_and_accepts_none_of_them() {
        let today = date(2025, 6, 1);
        let row = |value: f64, on: NaiveDate| NewMeasurement {
            value,
            measured_on: on,
            source: String::new(),
            note: String::new(),
            disaggregation: None,
        };
        let rows = vec![
            row(1.0, date(2025, 1, 1)),
            row(2.0, date(2026, 1, 1)),
            row(3.0, date(2025, 2, 1)),
            row(4.0, date(2027, 1, 1)),
        ];
        let errors = validate_batch(&rows, &Disaggregations::new(), today).err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["rows[1].measured_on", "rows[3].measured_on"]);
        assert_eq!(validate_batch(&rows[..1], &Disaggregations::new(), today).map(|v| v.len()), Ok(1));
        assert!(validate_batch(&[], &Disaggregations::new(), today).is_err());
        let too_many = vec![row(1.0, date(2025, 1, 1)); MAX_BATCH_ROWS + 1];
        assert_eq!(
            validate_batch(&too_many, &Disaggregations::new(), today).err().unwrap_or_default().0[0].field,
            "rows"
        );
    }

    #[test]
    fn a_measurement_uses_only_declared_dimensions_and_values() {
        let declared = new_indicator().disaggregations;
        let today = date(2025, 6, 1);
        let measure = |disaggregation: Option<BTreeMap<String, String>>| NewMeasurement {
            value: 12.0,
            measured_on: date(2025, 5, 1),
            source: "Training register".into(),
            note: String::new(),
            disaggregation,
        };
        assert!(measure(None).validate(&declared, today).is_ok());
        let female = BTreeMap::from([("sex".to_owned(), "female".to_owned())]);
        assert!(measure(Some(female)).validate(&declared, today).is_ok());
        let unknown = BTreeMap::from([("age".to_owned(), "young".to_owned())]);
        let errors = measure(Some(unknown)).validate(&declared, today).err().unwrap_or_default();
        assert_eq!(errors.0[0].field, "disaggregation.age");
        let undeclared_value = BTreeMap::from([("sex".to_owned(), "other".to_owned())]);
        assert!(measure(Some(undeclared_value)).validate(&declared, today).is_err());
        let future = NewMeasurement { measured_on: date(2025, 6, 2), ..measure(None) };
        assert_eq!(future.validate(&declared, today).err().unwrap_or_default().0[0].rule, Rule::NotInFuture);
    }

    #[test]
    fn a_breakdown_reads_back_what_it_writes_and_empty_text_is_the_total() {
        let breakdown = parse_breakdown(" sex=female ; area=urban ").unwrap_or_default().unwrap_or_default();
        assert_eq!(breakdown.get("sex").map(String::as_str), Some("female"));
        assert_eq!(breakdown_text(&breakdown), "area=urban;sex=female");
        assert_eq!(parse_breakdown(&breakdown_text(&breakdown)), Ok(Some(breakdown)));
        assert_eq!(parse_breakdown(""), Ok(None));
        assert_eq!(parse_breakdown("sex").map_err(|e| e.rule), Err(Rule::Format));
    }
}
