//! Impact indicators and their measurements in the database. Listing a page of indicators takes
//! three queries whatever its size: the indicators, their agreements, their total measurements.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use l4a_shared::indicator::{
    Breakdown, Disaggregations, Figures, Indicator, IndicatorPatch, Latest, Measurement, NewIndicator, Trajectory,
    ValidIndicator, ValidMeasurement, check_breakdown,
};
use l4a_shared::page::Page;
use l4a_shared::proposal::EventKind;
use l4a_shared::query::PageQuery;
use l4a_shared::text::fold;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

use super::StoreError;
use super::audit::{self, Actor, Change};
use crate::db::DbConnection;
use crate::schema::{indicator_agreements, indicators, measurements, stakeholders};

/// An indicator as stored, with its version.
pub type StoredIndicator = super::Stored<Indicator>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = indicators)]
struct IndicatorRow {
    id: String,
    hub_id: String,
    name: String,
    description: String,
    dimension: String,
    unit: String,
    direction: String,
    baseline_value: f64,
    baseline_date: NaiveDate,
    target_value: f64,
    target_date: NaiveDate,
    sdg_target: Option<String>,
    disaggregations: String,
    agreed_on: Option<NaiveDate>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

fn corrupt(what: &str, id: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(anyhow::anyhow!("{what} {id}: {detail}"))
}

impl IndicatorRow {
    fn into_stored(
        self,
        agreed_by: Vec<String>,
        latest: Option<Latest>,
        today: NaiveDate,
    ) -> Result<StoredIndicator, StoreError> {
        let dimension = self.dimension.parse().map_err(|_| corrupt("indicator", &self.id, "unknown dimension"))?;
        let direction = self.direction.parse().map_err(|_| corrupt("indicator", &self.id, "unknown direction"))?;
        let disaggregations: Disaggregations =
            serde_json::from_str(&self.disaggregations).map_err(|e| corrupt("indicator", &self.id, e))?;
        let trajectory = Trajectory {
            direction,
            baseline_value: self.baseline_value,
            baseline_date: self.baseline_date,
            target_value: self.target_value,
            target_date: self.target_date,
        };
        let figures: Figures = trajectory.figures(latest, today);
        Ok(StoredIndicator {
            version: self.version,
            item: Indicator {
                id: self.id,
                hub_id: self.hub_id,
                name: self.name,
                description: self.description,
                dimension,
                unit: self.unit,
                direction,
                baseline_value: self.baseline_value,
                baseline_date: self.baseline_date,
                target_value: self.target_value,
                target_date: self.target_date,
                sdg_target: self.sdg_target,
                disaggregations,
                agreed_by,
                agreed_on: self.agreed_on,
                figures,
                breakdown: None,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

/// The columns a create or an update writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = indicators)]
#[diesel(treat_none_as_null = true)]
struct IndicatorChanges<'a> {
    name: &'a str,
    description: &'a str,
    dimension: &'a str,
    unit: &'a str,
    direction: &'a str,
    baseline_value: f64,
    baseline_date: NaiveDate,
    target_value: f64,
    target_date: NaiveDate,
    sdg_target: Option<&'a str>,
    disaggregations: String,
    agreed_on: Option<NaiveDate>,
    sort_name: String,
    updated_at: NaiveDateTime,
}

impl<'a> IndicatorChanges<'a> {
    fn new(indicator: &'a ValidIndicator, now: NaiveDateTime) -> Result<Self, StoreError> {
        let trajectory = indicator.trajectory;
        Ok(Self {
            name: indicator.name.as_str(),
            description: indicator.description.as_str(),
            dimension: indicator.dimension.as_str(),
            unit: &indicator.unit,
            direction: trajectory.direction.as_str(),
            baseline_value: trajectory.baseline_value,
            baseline_date: trajectory.baseline_date,
            target_value: trajectory.target_value,
            target_date: trajectory.target_date,
            sdg_target: indicator.sdg_target.as_deref(),
            disaggregations: serde_json::to_string(&indicator.disaggregations).map_err(anyhow::Error::from)?,
            agreed_on: indicator.agreed_on,
            sort_name: fold(indicator.name.as_str()),
            updated_at: now,
        })
    }
}

/// Loads the agreements and latest total measurements of the given rows: two queries in all.
fn assemble(
    conn: &mut DbConnection,
    rows: Vec<IndicatorRow>,
    today: NaiveDate,
) -> Result<Vec<StoredIndicator>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let agreements: Vec<(String, String)> = indicator_agreements::table
        .filter(indicator_agreements::indicator_id.eq_any(&ids))
        .select((indicator_agreements::indicator_id, indicator_agreements::stakeholder_id))
        .order((indicator_agreements::indicator_id, indicator_agreements::stakeholder_id))
        .load(conn)?;
    let totals = totals_newest_first(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let agreed_by = agreements.iter().filter(|(i, _)| *i == row.id).map(|(_, s)| s.clone()).collect();
            let latest = totals
                .iter()
                .find(|(i, _, _, _)| *i == row.id)
                .map(|(_, value, measured_on, _)| Latest { value: *value, measured_on: *measured_on });
            row.into_stored(agreed_by, latest, today)
        })
        .collect()
}

/// The total measurements (no breakdown) of the given indicators as `(indicator, value, measured
/// on, recorded at)`, newest first within each indicator, so its first row is its latest: one query.
pub fn totals_newest_first(
    conn: &mut DbConnection,
    indicator_ids: &[impl AsRef<str>],
) -> QueryResult<Vec<(String, f64, NaiveDate, NaiveDateTime)>> {
    let ids: Vec<&str> = indicator_ids.iter().map(AsRef::as_ref).collect();
    measurements::table
        .filter(measurements::indicator_id.eq_any(ids))
        .filter(measurements::disaggregation.is_null())
        .select((measurements::indicator_id, measurements::value, measurements::measured_on, measurements::created_at))
        .order((measurements::indicator_id, measurements::measured_on.desc(), measurements::created_at.desc()))
        .load(conn)
}

/// The stored form of a breakdown: its JSON, with the dimensions in order, so that one breakdown
/// is always the same text and can be matched by equality on both backends.
fn breakdown_json(breakdown: &Breakdown) -> Result<String, StoreError> {
    Ok(serde_json::to_string(breakdown).map_err(anyhow::Error::from)?)
}

/// Recomputes `stored`'s figures from the measurements of one breakdown instead of the totals.
pub fn with_breakdown_figures(
    conn: &mut DbConnection,
    mut stored: StoredIndicator,
    breakdown: Breakdown,
    today: NaiveDate,
) -> Result<StoredIndicator, StoreError> {
    let mut errors = ValidationErrors::default();
    check_breakdown(&stored.item.disaggregations, &breakdown, "disaggregation", &mut errors);
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    let latest: Option<(f64, NaiveDate)> = measurements::table
        .filter(measurements::indicator_id.eq(&stored.item.id))
        .filter(measurements::disaggregation.eq(breakdown_json(&breakdown)?))
        .select((measurements::value, measurements::measured_on))
        .order((measurements::measured_on.desc(), measurements::created_at.desc()))
        .first(conn)
        .optional()?;
    let latest = latest.map(|(value, measured_on)| Latest { value, measured_on });
    stored.item.figures = stored.item.trajectory().figures(latest, today);
    stored.item.breakdown = Some(breakdown);
    Ok(stored)
}

/// Finds an indicator by id.
pub fn find(conn: &mut DbConnection, id: &str, today: NaiveDate) -> Result<Option<StoredIndicator>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<IndicatorRow> =
        indicators::table.filter(indicators::id.eq(id)).select(IndicatorRow::as_select()).first(conn).optional()?;
    Ok(assemble(conn, row.into_iter().collect(), today)?.pop())
}

/// Like [`find`], but a missing indicator is a 404.
pub fn get(conn: &mut DbConnection, id: &str, today: NaiveDate) -> Result<StoredIndicator, StoreError> {
    find(conn, id, today)?.ok_or_else(|| StoreError::NotFound { resource: "indicator", key: id.to_owned() })
}

/// One page of a hub's indicators, by name.
pub fn list(
    conn: &mut DbConnection,
    hub_id: &str,
    page: u32,
    per_page: u32,
    today: NaiveDate,
) -> Result<Page<Indicator>, StoreError> {
    let total: i64 = indicators::table.filter(indicators::hub_id.eq(hub_id)).count().get_result(conn)?;
    let rows: Vec<IndicatorRow> = indicators::table
        .filter(indicators::hub_id.eq(hub_id))
        .order((indicators::sort_name.asc(), indicators::id.asc()))
        .select(IndicatorRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    Ok(super::page_of(assemble(conn, rows, today)?.into_iter().map(|s| s.item).collect(), total, page, per_page))
}

/// Checks that every agreeing stakeholder belongs to the hub (the database's part of rule 3).
fn check_agreements(conn: &mut DbConnection, hub_id: &str, indicator: &ValidIndicator) -> Result<(), StoreError> {
    let known: Vec<String> = stakeholders::table
        .filter(stakeholders::hub_id.eq(hub_id))
        .filter(stakeholders::id.eq_any(&indicator.agreed_by))
        .select(stakeholders::id)
        .load(conn)?;
    let mut errors = ValidationErrors::default();
    for (index, id) in indicator.agreed_by.iter().enumerate() {
        if !known.contains(id) {
            let message = format!("{id} is not a stakeholder of this hub");
            errors.push(format!("agreed_by[{index}]"), Invalid::new(Rule::Exists, message));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(StoreError::Invalid(errors)) }
}

fn replace_agreements(conn: &mut DbConnection, id: &str, indicator: &ValidIndicator) -> QueryResult<()> {
    diesel::delete(indicator_agreements::table.filter(indicator_agreements::indicator_id.eq(id))).execute(conn)?;
    for stakeholder in &indicator.agreed_by {
        diesel::insert_into(indicator_agreements::table)
            .values((indicator_agreements::indicator_id.eq(id), indicator_agreements::stakeholder_id.eq(stakeholder)))
            .execute(conn)?;
    }
    Ok(())
}

/// Stores a new indicator of a hub; call inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    hub_id: &str,
    indicator: &ValidIndicator,
    today: NaiveDate,
) -> Result<StoredIndicator, StoreError> {
    check_agreements(conn, hub_id, indicator)?;
    let id = super::new_id();
    let now = super::now();
    diesel::insert_into(indicators::table)
        .values((
            IndicatorChanges::new(indicator, now)?,
            indicators::id.eq(&id),
            indicators::hub_id.eq(hub_id),
            indicators::version.eq(1_i64),
            indicators::created_at.eq(now),
        ))
        .execute(conn)?;
    replace_agreements(conn, &id, indicator)?;
    get(conn, &id, today)
}

/// Replaces an indicator's fields if it is still at `version`; `None` when another change came first.
/// Measurements broken down by a dimension the new declaration drops would lose their meaning, so
/// the declaration must keep every dimension and value in use.
pub fn update(
    conn: &mut DbConnection,
    current: &StoredIndicator,
    indicator: &ValidIndicator,
    today: NaiveDate,
) -> Result<Option<StoredIndicator>, StoreError> {
    let id = current.item.id.as_str();
    check_agreements(conn, &current.item.hub_id, indicator)?;
    check_breakdowns_kept(conn, id, &indicator.disaggregations)?;
    let changed =
        diesel::update(indicators::table.filter(indicators::id.eq(id)).filter(indicators::version.eq(current.version)))
            .set((IndicatorChanges::new(indicator, super::now())?, indicators::version.eq(current.version + 1)))
            .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    replace_agreements(conn, id, indicator)?;
    find(conn, id, today)
}

fn check_breakdowns_kept(conn: &mut DbConnection, id: &str, declared: &Disaggregations) -> Result<(), StoreError> {
    let used: Vec<String> = measurements::table
        .filter(measurements::indicator_id.eq(id))
        .filter(measurements::disaggregation.is_not_null())
        .select(measurements::disaggregation.assume_not_null())
        .distinct()
        .load(conn)?;
    for breakdown in used {
        let breakdown: BTreeMap<String, String> =
            serde_json::from_str(&breakdown).map_err(|e| corrupt("measurement of indicator", id, e))?;
        for (dimension, value) in breakdown {
            if !declared.get(&dimension).is_some_and(|values| values.contains(&value)) {
                let mut errors = ValidationErrors::default();
                let message = format!("measurements are broken down by {dimension} = {value}; keep it declared");
                errors.push("disaggregations", Invalid::new(Rule::Consistent, message));
                return Err(StoreError::Invalid(errors));
            }
        }
    }
    Ok(())
}

/// Deletes an indicator (and its measurements) if it is still at `version`.
pub fn delete(conn: &mut DbConnection, id: &str, version: i64) -> QueryResult<Option<()>> {
    let deleted =
        diesel::delete(indicators::table.filter(indicators::id.eq(id)).filter(indicators::version.eq(version)))
            .execute(conn)?;
    Ok((deleted == 1).then_some(()))
}

/// The names of the indicators whose agreement cites a stakeholder.
pub fn citing(conn: &mut DbConnection, stakeholder_id: &str) -> QueryResult<Vec<String>> {
    indicator_agreements::table
        .inner_join(indicators::table)
        .filter(indicator_agreements::stakeholder_id.eq(stakeholder_id))
        .select(indicators::name)
        .order(indicators::name)
        .load(conn)
}

/// The target dates of a hub's indicators that a new period would leave outside it.
pub fn outside(
    conn: &mut DbConnection,
    hub_id: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> QueryResult<Vec<(String, NaiveDate)>> {
    indicators::table
        .filter(indicators::hub_id.eq(hub_id))
        .filter(indicators::target_date.lt(start).or(indicators::target_date.gt(end)))
        .select((indicators::name, indicators::target_date))
        .order(indicators::target_date)
        .load(conn)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = measurements)]
struct MeasurementRow {
    id: String,
    indicator_id: String,
    value: f64,
    measured_on: NaiveDate,
    source: String,
    note: String,
    disaggregation: Option<String>,
    created_at: NaiveDateTime,
}

impl MeasurementRow {
    fn into_dto(self) -> Result<Measurement, StoreError> {
        let disaggregation = self
            .disaggregation
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| corrupt("measurement", &self.id, e))?;
        Ok(Measurement {
            id: self.id,
            indicator_id: self.indicator_id,
            value: self.value,
            measured_on: self.measured_on,
            source: self.source,
            note: self.note,
            disaggregation,
            created_at: self.created_at.and_utc(),
        })
    }
}

/// Which of an indicator's measurements a listing shows.
pub enum MeasurementFilter {
    /// Every measurement, totals and breakdowns.
    All,
    /// Only the totals.
    Totals,
    /// Only those of one breakdown.
    Breakdown(Breakdown),
}

/// One page of an indicator's measurements, oldest first.
pub fn measurements(
    conn: &mut DbConnection,
    indicator: &Indicator,
    filter: MeasurementFilter,
    page: u32,
    per_page: u32,
) -> Result<Page<Measurement>, StoreError> {
    let breakdown = match &filter {
        MeasurementFilter::Breakdown(breakdown) => {
            let mut errors = ValidationErrors::default();
            check_breakdown(&indicator.disaggregations, breakdown, "disaggregation", &mut errors);
            if !errors.is_empty() {
                return Err(StoreError::Invalid(errors));
            }
            Some(breakdown_json(breakdown)?)
        }
        MeasurementFilter::All | MeasurementFilter::Totals => None,
    };
    let filtered = || {
        let query = measurements::table.filter(measurements::indicator_id.eq(indicator.id.clone())).into_boxed();
        match (&filter, &breakdown) {
            (MeasurementFilter::Totals, _) => query.filter(measurements::disaggregation.is_null()),
            (_, Some(breakdown)) => query.filter(measurements::disaggregation.eq(breakdown.clone())),
            (_, None) => query,
        }
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<MeasurementRow> = filtered()
        .order((measurements::measured_on.asc(), measurements::created_at.asc(), measurements::id.asc()))
        .select(MeasurementRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    Ok(super::page_of(rows.into_iter().map(MeasurementRow::into_dto).collect::<Result<_, _>>()?, total, page, per_page))
}

/// Every measurement of the given indicators, by indicator, oldest first within each.
pub fn measurements_of(conn: &mut DbConnection, indicator_ids: &[&str]) -> Result<Vec<Measurement>, StoreError> {
    let rows: Vec<MeasurementRow> = super::metrics::in_chunks(conn, indicator_ids, |conn, chunk| {
        measurements::table
            .filter(measurements::indicator_id.eq_any(chunk))
            .order((
                measurements::indicator_id,
                measurements::measured_on.asc(),
                measurements::created_at.asc(),
                measurements::id.asc(),
            ))
            .select(MeasurementRow::as_select())
            .load(conn)
    })?;
    rows.into_iter().map(MeasurementRow::into_dto).collect()
}

/// The columns of one measurement row. `None` is written as NULL rather than left to a column
/// default: only then does SQLite take many rows in one statement.
#[derive(Debug, Insertable)]
#[diesel(table_name = measurements)]
#[diesel(treat_none_as_default_value = false)]
struct MeasurementInsert<'a> {
    id: String,
    indicator_id: &'a str,
    value: f64,
    measured_on: NaiveDate,
    source: &'a str,
    note: &'a str,
    disaggregation: Option<String>,
    created_at: NaiveDateTime,
}

/// Keeps the indicator's latest total measurement (the latest day, then the latest recorded) and
/// when a total was last recorded on the indicator itself, where the metrics of thousands of hubs
/// read them; call in the transaction of every write of its measurements.
pub fn refresh_latest(conn: &mut DbConnection, indicator_id: &str) -> Result<(), StoreError> {
    let newest: Option<(f64, NaiveDate)> = measurements::table
        .filter(measurements::indicator_id.eq(indicator_id))
        .filter(measurements::disaggregation.is_null())
        .order((measurements::measured_on.desc(), measurements::created_at.desc()))
        .select((measurements::value, measurements::measured_on))
        .first(conn)
        .optional()?;
    let recorded: Option<NaiveDateTime> = measurements::table
        .filter(measurements::indicator_id.eq(indicator_id))
        .filter(measurements::disaggregation.is_null())
        .select(diesel::dsl::max(measurements::created_at))
        .first(conn)?;
    diesel::update(indicators::table.filter(indicators::id.eq(indicator_id)))
        .set((
            indicators::latest_value.eq(newest.map(|(value, _)| value)),
            indicators::latest_measured_on.eq(newest.map(|(_, on)| on)),
            indicators::last_recorded_at.eq(recorded),
        ))
        .execute(conn)?;
    Ok(())
}

/// How many measurement rows one insert statement carries: eight parameters a row keeps a
/// statement far below both backends' parameter limits (SQLite's 32,766, PostgreSQL's 65,535).
const MEASUREMENTS_PER_STATEMENT: usize = 250;

/// Writes measurements of one indicator, as one multi-row insert per chunk, and returns them as
/// stored; call inside a write transaction. Nothing is read back: the rows are what was written.
/// Records no audit entry (the demo seed's use); requests go through [`record_measurements`].
pub fn insert_measurements(
    conn: &mut DbConnection,
    indicator_id: &str,
    measurements: &[ValidMeasurement],
) -> Result<Vec<Measurement>, StoreError> {
    let now = super::now();
    let mut rows = Vec::with_capacity(measurements.len());
    for measurement in measurements {
        rows.push(MeasurementInsert {
            id: super::new_id(),
            indicator_id,
            value: measurement.value,
            measured_on: measurement.measured_on,
            source: &measurement.source,
            note: &measurement.note,
            disaggregation: measurement.disaggregation.as_ref().map(breakdown_json).transpose()?,
            created_at: now,
        });
    }
    for chunk in rows.chunks(MEASUREMENTS_PER_STATEMENT) {
        // A multi-row insert is built per backend: diesel's two-backend connection has no
        // batch insert of its own.
        match conn {
            DbConnection::Postgresql(pg) => diesel::insert_into(measurements::table).values(chunk).execute(pg)?,
            DbConnection::Sqlite(sqlite) => diesel::insert_into(measurements::table).values(chunk).execute(sqlite)?,
        };
    }
    refresh_latest(conn, indicator_id)?;
    Ok(rows
        .into_iter()
        .zip(measurements)
        .map(|(row, measurement)| Measurement {
            id: row.id,
            indicator_id: indicator_id.to_owned(),
            value: measurement.value,
            measured_on: measurement.measured_on,
            source: measurement.source.clone(),
            note: measurement.note.clone(),
            disaggregation: measurement.disaggregation.clone(),
            created_at: now.and_utc(),
        })
        .collect())
}

/// Records one measurement of `indicator` and its audit entry; call inside a write transaction.
pub fn record_measurement(
    conn: &mut DbConnection,
    actor: &Actor,
    indicator: &Indicator,
    measurement: &ValidMeasurement,
) -> Result<Measurement, StoreError> {
    let recorded = insert_measurements(conn, &indicator.id, std::slice::from_ref(measurement))?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("one measurement in, none out"))?;
    let change = Change {
        entity: "measurement",
        entity_id: &recorded.id,
        action: "create",
        hub_id: Some(&indicator.hub_id),
        before: None,
        after: Some(&recorded),
    };
    audit::record(conn, actor, change)?;
    measurements_recorded(conn, indicator, std::slice::from_ref(&recorded.id))?;
    Ok(recorded)
}

/// Records a batch of measurements of `indicator`, all or none, with one audit entry listing
/// them; call inside a write transaction. Returns how many were recorded.
pub fn record_measurements(
    conn: &mut DbConnection,
    actor: &Actor,
    indicator: &Indicator,
    measurements: &[ValidMeasurement],
) -> Result<usize, StoreError> {
    let recorded: Vec<String> =
        insert_measurements(conn, &indicator.id, measurements)?.into_iter().map(|m| m.id).collect();
    let batch = serde_json::json!({ "measurements": recorded });
    let change = Change {
        entity: "indicator",
        entity_id: &indicator.id,
        action: "measurements_batch",
        hub_id: Some(&indicator.hub_id),
        before: None,
        after: Some(&batch),
    };
    audit::record(conn, actor, change)?;
    measurements_recorded(conn, indicator, &recorded)?;
    Ok(recorded.len())
}

/// The one `measurement.recorded` event of a request, however many measurements it recorded.
fn measurements_recorded(conn: &mut DbConnection, indicator: &Indicator, ids: &[String]) -> Result<(), StoreError> {
    let data = serde_json::json!({ "indicator_id": indicator.id, "measurement_ids": ids });
    super::event::emit(conn, EventKind::MeasurementRecorded, None, Some(&indicator.hub_id), &data)
}

/// Finds a measurement by id.
pub fn find_measurement(conn: &mut DbConnection, id: &str) -> Result<Option<Measurement>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<MeasurementRow> = measurements::table
        .filter(measurements::id.eq(id))
        .select(MeasurementRow::as_select())
        .first(conn)
        .optional()?;
    row.map(MeasurementRow::into_dto).transpose()
}

/// Deletes a measurement of `indicator` and records it; call inside a write transaction.
pub fn remove_measurement(
    conn: &mut DbConnection,
    actor: &Actor,
    indicator: &Indicator,
    measurement: &Measurement,
) -> Result<(), StoreError> {
    diesel::delete(measurements::table.filter(measurements::id.eq(&measurement.id))).execute(conn)?;
    refresh_latest(conn, &indicator.id)?;
    let change = Change {
        entity: "measurement",
        entity_id: &measurement.id,
        action: "delete",
        hub_id: Some(&indicator.hub_id),
        before: Some(measurement),
        after: None,
    };
    audit::record(conn, actor, change)
}

/// Each of a hub's indicators by name, and whether its agreement (stakeholders and date) is recorded.
pub fn agreements_of(conn: &mut DbConnection, hub_id: &str) -> QueryResult<Vec<(String, bool)>> {
    let rows: Vec<(String, String, Option<NaiveDate>)> = indicators::table
        .filter(indicators::hub_id.eq(hub_id))
        .select((indicators::id, indicators::name, indicators::agreed_on))
        .order(indicators::sort_name)
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|(id, _, _)| id.as_str()).collect();
    let agreed: Vec<String> = indicator_agreements::table
        .filter(indicator_agreements::indicator_id.eq_any(&ids))
        .select(indicator_agreements::indicator_id)
        .distinct()
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, name, on)| (name, on.is_some() && agreed.contains(&id))).collect())
}

impl super::resource::HubResource for Indicator {
    type New = NewIndicator;
    type Patch = IndicatorPatch;
    type Valid = ValidIndicator;
    type Query = PageQuery;
    type View = Indicator;
    const PATH: &'static str = "/api/v1/indicators";

    fn hub_id(&self) -> &str {
        &self.hub_id
    }

    fn view(self, _private: bool) -> Indicator {
        self
    }

    fn patched(patch: IndicatorPatch, current: &Indicator) -> NewIndicator {
        patch.apply_to(current)
    }

    fn validate(new: &NewIndicator, rules: &super::resource::Rules<'_>) -> Result<ValidIndicator, StoreError> {
        Ok(new.validate(&rules.period()?, rules.taxonomy, rules.today)?)
    }

    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredIndicator>, StoreError> {
        find(conn, id, super::today())
    }

    fn of_hubs(conn: &mut DbConnection, hub_ids: &[String]) -> Result<Vec<Indicator>, StoreError> {
        let rows: Vec<IndicatorRow> = indicators::table
            .filter(indicators::hub_id.eq_any(hub_ids))
            .order((indicators::hub_id, indicators::id))
            .select(IndicatorRow::as_select())
            .load(conn)?;
        Ok(assemble(conn, rows, super::today())?.into_iter().map(|s| s.item).collect())
    }
    fn list(
        conn: &mut DbConnection,
        hub_id: &str,
        query: &PageQuery,
        _private: bool,
    ) -> Result<Page<Indicator>, StoreError> {
        list(conn, hub_id, query.page, query.per_page, super::today())
    }

    fn insert(conn: &mut DbConnection, hub_id: &str, valid: &ValidIndicator) -> Result<StoredIndicator, StoreError> {
        create(conn, hub_id, valid, super::today())
    }

    fn replace(
        conn: &mut DbConnection,
        current: &StoredIndicator,
        valid: &ValidIndicator,
    ) -> Result<Option<StoredIndicator>, StoreError> {
        update(conn, current, valid, super::today())
    }

    fn remove(conn: &mut DbConnection, current: &StoredIndicator) -> Result<Option<()>, StoreError> {
        Ok(delete(conn, &current.item.id, current.version)?)
    }
}
