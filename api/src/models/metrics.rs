//! What the metrics are computed from: the facts of every hub matching a filter, as they stood
//! at the end of a day, loaded in a fixed number of queries whatever the number of hubs (one per
//! table, never one per hub). The figures themselves are computed in `shared::metrics`.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{exists, max, not};
use diesel::prelude::*;
use l4a_shared::connection::ConnectionState;
use l4a_shared::hub::HubStatus;
use l4a_shared::indicator::{Breakdown, Latest, Trajectory, breakdown_text};
use l4a_shared::metrics::{DeliverableFacts, HubFacts, IndicatorFacts, Observation, StakeholderFacts};
use l4a_shared::query::{HubSort, MetricsQuery, ObservationQuery, parse_cursor};

use super::StoreError;
use super::hub::{Visibility, filtered};
use crate::db::DbConnection;
use crate::schema::{
    activities, deliverables, hub_connections, hub_manifestos, hub_policy_councils, hub_sdgs, hubs, indicators,
    measurements, organisations, policy_councils, stakeholders,
};

/// A hub's id, slug, name, status, country, modality, label day, creation and its lead
/// organisation's region.
pub type HubColumns =
    (String, String, String, String, String, String, Option<NaiveDate>, NaiveDateTime, Option<String>);
/// A deliverable's hub, status, due day, delivery day, creation and last change.
type DeliverableColumns = (String, String, NaiveDate, Option<NaiveDate>, NaiveDateTime, NaiveDateTime);
/// An indicator's id, hub, dimension, direction, baseline value and day, target value and day.
type IndicatorColumns = (String, String, String, String, f64, NaiveDate, f64, NaiveDate);

/// The facts of the hubs matching `query` that the caller sees on `day` (deliveries made and
/// measurements taken by then), as recorded by the end of `recorded_by` (the same day for figures
/// as they stood; today for a time series, which reads the past with what is known now), in the
/// order `sort`; with the number of accepted connections having an end among them.
pub fn facts(
    conn: &mut DbConnection,
    query: &MetricsQuery,
    visibility: &Visibility,
    (day, recorded_by): (NaiveDate, NaiveDate),
    sort: HubSort,
) -> Result<(Vec<HubFacts>, u32), StoreError> {
    let rows = matching(conn, query, visibility, recorded_by, sort)?;
    facts_of(conn, rows, (day, recorded_by))
}

/// The hubs matching `query` that the caller sees, recorded by the end of `recorded_by`, in the
/// order `sort`: what [`facts_of`] reads the facts of, whole or a chunk at a time.
pub fn matching(
    conn: &mut DbConnection,
    query: &MetricsQuery,
    visibility: &Visibility,
    recorded_by: NaiveDate,
    sort: HubSort,
) -> Result<Vec<HubColumns>, StoreError> {
    let hub_query = query.hub_query();
    let sorted =
        super::hub::sorted(filtered(&hub_query, visibility), sort).filter(hubs::created_at.lt(end_of(recorded_by)));
    let region = organisations::table
        .filter(organisations::id.nullable().eq(hubs::lead_organisation_id))
        .select(organisations::region)
        .single_value();
    Ok(sorted
        .select((
            hubs::id,
            hubs::slug,
            hubs::name,
            hubs::status,
            hubs::country,
            hubs::modality,
            hubs::label_granted_on,
            hubs::created_at,
            region,
        ))
        .load(conn)?)
}

/// The facts of the hubs `rows` on `day`, as recorded by the end of `recorded_by`, in their
/// order; with the number of accepted connections having an end among them. A hub's facts do not
/// depend on the other rows, so a long list can be read a chunk at a time.
pub fn facts_of(
    conn: &mut DbConnection,
    rows: Vec<HubColumns>,
    (day, recorded_by): (NaiveDate, NaiveDate),
) -> Result<(Vec<HubFacts>, u32), StoreError> {
    let cutoff = end_of(recorded_by);
    let ids: Vec<&str> = rows.iter().map(|row| row.0.as_str()).collect();
    let mut sdgs = grouped(in_chunks(conn, &ids, |conn, ids| {
        hub_sdgs::table
            .filter(hub_sdgs::hub_id.eq_any(ids))
            .select((hub_sdgs::hub_id, hub_sdgs::goal))
            .order((hub_sdgs::hub_id, hub_sdgs::goal))
            .load::<(String, i32)>(conn)
    })?);
    let mut manifestos = grouped(in_chunks(conn, &ids, |conn, ids| {
        hub_manifestos::table
            .filter(hub_manifestos::hub_id.eq_any(ids))
            .select((hub_manifestos::hub_id, hub_manifestos::manifesto_key))
            .order((hub_manifestos::hub_id, hub_manifestos::manifesto_key))
            .load::<(String, String)>(conn)
    })?);
    let mut councils = grouped(in_chunks(conn, &ids, |conn, ids| {
        hub_policy_councils::table
            .filter(hub_policy_councils::hub_id.eq_any(ids))
            .select((hub_policy_councils::hub_id, hub_policy_councils::policy_council_id))
            .order((hub_policy_councils::hub_id, hub_policy_councils::policy_council_id))
            .load::<(String, String)>(conn)
    })?);
    let mut last_update: HashMap<String, NaiveDateTime> = HashMap::new();
    let mut touch = |hub: &str, at: NaiveDateTime| {
        let last = last_update.entry(hub.to_owned()).or_insert(at);
        *last = (*last).max(at);
    };

    let mut deliverables_of: HashMap<String, Vec<DeliverableFacts>> = HashMap::new();
    let deliverable_rows: Vec<DeliverableColumns> = in_chunks(conn, &ids, |conn, ids| {
        deliverables::table
            .filter(deliverables::hub_id.eq_any(ids))
            .filter(deliverables::created_at.lt(cutoff))
            .select((
                deliverables::hub_id,
                deliverables::status,
                deliverables::due_date,
                deliverables::delivered_on,
                deliverables::created_at,
                deliverables::updated_at,
            ))
            .load(conn)
    })?;
    for (hub_id, status, due_date, delivered_on, created_at, updated_at) in deliverable_rows {
        // A change after the day is not known on the day; its creation was.
        touch(&hub_id, if updated_at < cutoff { updated_at } else { created_at });
        let status = status.parse().map_err(|_| corrupt(&hub_id, "deliverable status"))?;
        // A delivery after the day is read as not yet made by `DeliverableFacts::status_on`.
        deliverables_of.entry(hub_id).or_default().push(DeliverableFacts { status, due_date, delivered_on });
    }

    let indicator_rows: Vec<(IndicatorColumns, Kept)> = in_chunks(conn, &ids, |conn, ids| {
        indicators::table
            .filter(indicators::hub_id.eq_any(ids))
            .filter(indicators::created_at.lt(cutoff))
            .select((
                (
                    indicators::id,
                    indicators::hub_id,
                    indicators::dimension,
                    indicators::direction,
                    indicators::baseline_value,
                    indicators::baseline_date,
                    indicators::target_value,
                    indicators::target_date,
                ),
                (indicators::latest_value, indicators::latest_measured_on, indicators::last_recorded_at),
            ))
            .load(conn)
    })?;
    let (latest, recorded) = latest_and_recorded(conn, &indicator_rows, day, recorded_by)?;
    let mut indicators_of: HashMap<String, Vec<IndicatorFacts>> = HashMap::new();
    for ((id, hub_id, dimension, direction, baseline_value, baseline_date, target_value, target_date), _) in
        indicator_rows
    {
        if let Some(at) = recorded.get(&id) {
            touch(&hub_id, *at);
        }
        let facts = IndicatorFacts {
            dimension: dimension.parse().map_err(|_| corrupt(&hub_id, "indicator dimension"))?,
            trajectory: Trajectory {
                direction: direction.parse().map_err(|_| corrupt(&hub_id, "indicator direction"))?,
                baseline_value,
                baseline_date,
                target_value,
                target_date,
            },
            latest: latest.get(&id).cloned(),
        };
        indicators_of.entry(hub_id).or_default().push(facts);
    }

    let mut stakeholders_of: HashMap<String, Vec<StakeholderFacts>> = HashMap::new();
    let stakeholder_rows: Vec<(String, String, bool)> = in_chunks(conn, &ids, |conn, ids| {
        stakeholders::table
            .filter(stakeholders::hub_id.eq_any(ids))
            .filter(stakeholders::created_at.lt(cutoff))
            .select((stakeholders::hub_id, stakeholders::kind, stakeholders::took_part_in_criteria))
            .load(conn)
    })?;
    for (hub_id, kind, took_part_in_criteria) in stakeholder_rows {
        let kind = kind.parse().map_err(|_| corrupt(&hub_id, "stakeholder kind"))?;
        stakeholders_of.entry(hub_id).or_default().push(StakeholderFacts { kind, took_part_in_criteria });
    }

    // A link whose two ends fall in different chunks is read twice: kept once, by its id.
    let links: HashMap<String, (String, String)> = in_chunks(conn, &ids, |conn, ids| {
        hub_connections::table
            .filter(hub_connections::state.eq(ConnectionState::Accepted.as_str()))
            .filter(hub_connections::decided_at.lt(cutoff))
            .filter(hub_connections::hub_id.eq_any(ids).or(hub_connections::other_hub_id.eq_any(ids)))
            .select((hub_connections::id, (hub_connections::hub_id, hub_connections::other_hub_id)))
            .load::<(String, (String, String))>(conn)
    })?
    .into_iter()
    .collect();
    let mut connected: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (a, b) in links.values() {
        connected.entry(a.clone()).or_default().insert(b.clone());
        connected.entry(b.clone()).or_default().insert(a.clone());
    }

    let mut report_ends = super::report::last_approved_ends(conn, &ids, cutoff)?;
    let mut facts = Vec::with_capacity(rows.len());
    for (id, slug, name, status, country, modality, label_granted_on, created_at, region) in rows {
        let region = region.and_then(|region| region.parse().ok()).ok_or_else(|| corrupt(&id, "lead organisation"))?;
        let updated = last_update.remove(&id).unwrap_or(created_at).max(created_at);
        facts.push(HubFacts {
            status: status.parse().map_err(|_| corrupt(&id, "status"))?,
            region,
            country,
            sdgs: sdgs.remove(&id).unwrap_or_default().into_iter().filter_map(|goal| u8::try_from(goal).ok()).collect(),
            manifestos: manifestos.remove(&id).unwrap_or_default(),
            policy_council_ids: councils.remove(&id).unwrap_or_default(),
            modality: modality.parse().map_err(|_| corrupt(&id, "modality"))?,
            label_granted_on: label_granted_on.filter(|on| *on <= day),
            created_on: created_at.date(),
            deliverables: deliverables_of.remove(&id).unwrap_or_default(),
            indicators: indicators_of.remove(&id).unwrap_or_default(),
            stakeholders: stakeholders_of.remove(&id).unwrap_or_default(),
            connected_hubs: connected.remove(&id).unwrap_or_default(),
            last_update: updated.date(),
            last_report_end: report_ends.remove(&id).filter(|end| *end <= day),
            id,
            slug,
            name,
        });
    }
    let connections = u32::try_from(links.len()).unwrap_or(u32::MAX);
    Ok((facts, connections))
}

/// What every write of a measurement keeps on its indicator (`indicator::refresh_latest`): the
/// latest total's value and day, and when a total was last recorded.
type Kept = (Option<f64>, Option<NaiveDate>, Option<NaiveDateTime>);

/// Each indicator's latest total, and when a total of it was last recorded, by indicator.
type LatestAndRecorded = (HashMap<String, Latest>, HashMap<String, NaiveDateTime>);

/// Each indicator's latest total on `day`, and when a total of it was last recorded, as recorded
/// by the end of `recorded_by`. Figures as they stand today read what the writes keep on the
/// indicators; the past, and an indicator whose latest total was taken after `day`, are picked
/// from the measurements.
fn latest_and_recorded(
    conn: &mut DbConnection,
    indicators: &[(IndicatorColumns, Kept)],
    day: NaiveDate,
    recorded_by: NaiveDate,
) -> Result<LatestAndRecorded, StoreError> {
    let cutoff = end_of(recorded_by);
    if recorded_by < super::today() {
        let ids: Vec<&str> = indicators.iter().map(|(row, _)| row.0.as_str()).collect();
        let recorded: Vec<(String, Option<NaiveDateTime>)> = in_chunks(conn, &ids, |conn, ids| {
            measurements::table
                .filter(measurements::indicator_id.eq_any(ids))
                .filter(measurements::disaggregation.is_null())
                .filter(measurements::created_at.lt(cutoff))
                .group_by(measurements::indicator_id)
                .select((measurements::indicator_id, max(measurements::created_at)))
                .load(conn)
        })?;
        let recorded = recorded.into_iter().filter_map(|(id, at)| Some((id, at?))).collect();
        return Ok((latest_totals(conn, &ids, day, cutoff)?, recorded));
    }
    // Everything recorded so far counts: what the writes keep is the answer.
    let (mut latest, mut recorded, mut later) = (HashMap::new(), HashMap::new(), Vec::new());
    for ((id, ..), (value, measured_on, last_recorded)) in indicators {
        if let Some(at) = last_recorded {
            recorded.insert(id.clone(), *at);
        }
        match (value, measured_on) {
            (Some(value), Some(on)) if *on <= day => {
                latest.insert(id.clone(), Latest { value: *value, measured_on: *on });
            }
            (Some(_), Some(_)) => later.push(id.as_str()),
            _ => {}
        }
    }
    latest.extend(latest_totals(conn, &later, day, cutoff)?);
    Ok((latest, recorded))
}

/// How many ids one query binds: far below SQLite's 32,766 parameters and PostgreSQL's 65,535,
/// whatever the network's size. Debug builds (the tests) use small chunks, so that a few hundred
/// hubs already take the chunked path the benchmark's ten thousand take.
const IDS_PER_QUERY: usize = if cfg!(debug_assertions) { 128 } else { 10_000 };

/// The rows of `load` for every chunk of `ids`, one query per chunk.
pub(crate) fn in_chunks<T>(
    conn: &mut DbConnection,
    ids: &[&str],
    mut load: impl FnMut(&mut DbConnection, &[&str]) -> QueryResult<Vec<T>>,
) -> QueryResult<Vec<T>> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        rows.extend(load(conn, chunk)?);
    }
    Ok(rows)
}

/// The first moment after `day`.
pub(crate) fn end_of(day: NaiveDate) -> NaiveDateTime {
    day.succ_opt().unwrap_or(day).and_time(chrono::NaiveTime::MIN)
}

/// Rows `(hub, value)` as each hub's values, in the rows' order.
fn grouped<T>(rows: Vec<(String, T)>) -> HashMap<String, Vec<T>> {
    let mut by_hub: HashMap<String, Vec<T>> = HashMap::new();
    for (hub, value) in rows {
        by_hub.entry(hub).or_default().push(value);
    }
    by_hub
}

/// Each indicator's latest total measurement on `day` (taken by then and recorded before
/// `cutoff`): the rows no later row of the same indicator outdates, so the database does the
/// picking with its `(indicator_id, measured_on)` index instead of sending every measurement.
fn latest_totals(
    conn: &mut DbConnection,
    indicator_ids: &[&str],
    day: NaiveDate,
    cutoff: NaiveDateTime,
) -> Result<HashMap<String, Latest>, StoreError> {
    let later = diesel::alias!(measurements as later);
    let rows: Vec<(String, f64, NaiveDate, NaiveDateTime)> = in_chunks(conn, indicator_ids, |conn, indicator_ids| {
        measurements::table
            .filter(measurements::indicator_id.eq_any(indicator_ids))
            .filter(measurements::disaggregation.is_null())
            .filter(measurements::measured_on.le(day))
            .filter(measurements::created_at.lt(cutoff))
            .filter(not(exists(
                later
                    .filter(later.field(measurements::indicator_id).eq(measurements::indicator_id))
                    .filter(later.field(measurements::disaggregation).is_null())
                    .filter(later.field(measurements::measured_on).le(day))
                    .filter(later.field(measurements::created_at).lt(cutoff))
                    .filter(later.field(measurements::measured_on).gt(measurements::measured_on)),
            )))
            .select((
                measurements::indicator_id,
                measurements::value,
                measurements::measured_on,
                measurements::created_at,
            ))
            .load(conn)
    })?;
    // Two totals on the same day: the one recorded last counts, as on the hub page.
    let mut newest: HashMap<String, (Latest, NaiveDateTime)> = HashMap::new();
    for (id, value, measured_on, created_at) in rows {
        let candidate = (Latest { value, measured_on }, created_at);
        match newest.get(&id) {
            Some((_, seen)) if *seen >= created_at => {}
            _ => {
                newest.insert(id, candidate);
            }
        }
    }
    Ok(newest.into_iter().map(|(id, (latest, _))| (id, latest)).collect())
}

fn corrupt(hub_id: &str, what: &str) -> StoreError {
    StoreError::Corrupt(anyhow::anyhow!("hub {hub_id} has an unknown {what}"))
}

/// The measurement columns an observation reads, joined with its indicator and hub.
type ObservationColumns = (
    String,
    f64,
    NaiveDate,
    Option<String>,
    NaiveDateTime,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
);

/// One page of observations of the hubs matching `query` that the caller sees, oldest recorded
/// first, after `selection.cursor`; with whether more rows follow. The order (recorded instant,
/// then id) is a key, so that a row is on exactly one page however many rows are added meanwhile.
pub fn observations(
    conn: &mut DbConnection,
    query: &MetricsQuery,
    selection: &ObservationQuery,
    visibility: &Visibility,
) -> Result<(Vec<Observation>, bool), StoreError> {
    let statuses = statuses_only(query, visibility);
    let hub_ids: Vec<String> = match statuses {
        Some(_) => Vec::new(),
        None => filtered(&query.hub_query(), visibility).select(hubs::id).load(conn)?,
    };
    let hub_ids: Vec<&str> = hub_ids.iter().map(String::as_str).collect();
    let breakdown = match selection.breakdown() {
        Some(Some(breakdown)) => Some(Some(serde_json::to_string(&breakdown).map_err(anyhow::Error::from)?)),
        Some(None) => Some(None),
        None => None,
    };
    let after = match &selection.cursor {
        Some(cursor) => Some(parse_cursor(cursor).map_err(|invalid| {
            let mut errors = l4a_shared::validation::ValidationErrors::default();
            errors.push("cursor", invalid);
            StoreError::Invalid(errors)
        })?),
        None => None,
    };
    let limit = i64::from(selection.per_page) + 1;
    let page = |conn: &mut DbConnection, hub_ids: &[&str]| {
        let mut rows = measurements::table.inner_join(indicators::table.inner_join(hubs::table)).into_boxed();
        rows = match &statuses {
            Some(statuses) => rows.filter(hubs::status.eq_any(statuses.clone())),
            None => rows.filter(hubs::id.eq_any(hub_ids.to_vec())),
        };
        if let Some(hub) = &selection.hub {
            rows = rows.filter(hubs::id.eq(hub.clone()).or(hubs::slug.eq(hub.clone())));
        }
        if let Some(indicator) = &selection.indicator {
            rows = rows.filter(indicators::id.eq(indicator.clone()));
        }
        if let Some(from) = selection.from {
            rows = rows.filter(measurements::measured_on.ge(from));
        }
        if let Some(to) = selection.to {
            rows = rows.filter(measurements::measured_on.le(to));
        }
        match &breakdown {
            Some(None) => rows = rows.filter(measurements::disaggregation.is_null()),
            Some(Some(stored)) => rows = rows.filter(measurements::disaggregation.eq(stored.clone())),
            None => {}
        }
        if let Some(since) = selection.updated_since {
            rows = rows.filter(measurements::created_at.ge(since.naive_utc()));
        }
        if let Some((micros, id)) = &after {
            let at = chrono::DateTime::from_timestamp_micros(*micros).unwrap_or_default().naive_utc();
            rows = rows.filter(
                measurements::created_at
                    .gt(at)
                    .or(measurements::created_at.eq(at).and(measurements::id.gt(id.clone()))),
            );
        }
        rows.order((measurements::created_at.asc(), measurements::id.asc()))
            .limit(limit)
            .select((
                measurements::id,
                measurements::value,
                measurements::measured_on,
                measurements::disaggregation,
                measurements::created_at,
                indicators::id,
                indicators::name,
                indicators::dimension,
                indicators::unit,
                indicators::sdg_target,
                hubs::id,
                hubs::slug,
                hubs::country,
                organisations::table
                    .filter(organisations::id.nullable().eq(hubs::lead_organisation_id))
                    .select(organisations::region)
                    .single_value(),
            ))
            .load::<ObservationColumns>(conn)
    };
    let mut loaded = match statuses {
        Some(_) => page(conn, &[])?,
        None => in_chunks(conn, &hub_ids, page)?,
    };
    // Each chunk's rows are in the key's order and at most a page and one long, so the page is
    // the first of them all.
    loaded.sort_by(|a, b| (a.4, &a.0).cmp(&(b.4, &b.0)));
    loaded.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let has_more = loaded.len() > usize::try_from(selection.per_page).unwrap_or(usize::MAX);
    let mut observations = Vec::with_capacity(loaded.len());
    for row in loaded.into_iter().take(usize::try_from(selection.per_page).unwrap_or(usize::MAX)) {
        let (id, value, measured_on, disaggregation, created_at, indicator_id, indicator_name, dimension, unit) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8);
        let (sdg_target, hub_id, hub_slug, country, region) = (row.9, row.10, row.11, row.12, row.13);
        let region =
            region.and_then(|region| region.parse().ok()).ok_or_else(|| corrupt(&hub_id, "lead organisation"))?;
        let breakdown: Option<Breakdown> = disaggregation
            .map(|text| serde_json::from_str(&text))
            .transpose()
            .map_err(|_| corrupt(&hub_id, "measurement breakdown"))?;
        observations.push(Observation {
            id,
            hub_id: hub_id.clone(),
            hub_slug,
            region,
            country,
            indicator_id,
            indicator_name,
            dimension: dimension.parse().map_err(|_| corrupt(&hub_id, "indicator dimension"))?,
            unit,
            sdg_target,
            measured_on,
            value,
            breakdown: breakdown.as_ref().map(breakdown_text).unwrap_or_default(),
            recorded_at: created_at.and_utc(),
        });
    }
    Ok((observations, has_more))
}

/// The statuses that alone select the hubs `query` matches for the caller, when nothing else
/// does: a page of observations then filters on them in its own query, and the database reads
/// the feed in order and stops at the page's end, instead of matching a list of every hub.
fn statuses_only(query: &MetricsQuery, visibility: &Visibility) -> Option<Vec<&'static str>> {
    let others = [query.country.is_some(), query.region.is_some(), query.sdg.is_some()];
    if others.into_iter().any(|set| set) || query.manifesto.is_some() || query.policy_council.is_some() {
        return None;
    }
    let seen: &[HubStatus] = match visibility {
        Visibility::Everything => HubStatus::ALL,
        Visibility::PublicAnd(organisations) if organisations.is_empty() => &HubStatus::PUBLIC,
        Visibility::PublicAnd(_) => return None,
    };
    let wanted = |status: &HubStatus| match query.status {
        Some(asked) => *status == asked,
        None => *status != HubStatus::Archived,
    };
    Some(seen.iter().filter(|status| wanted(status)).map(|status| status.as_str()).collect())
}

/// The accepted connections, as edges `(id, hub, other hub, kind)`, among `hub_ids`, decided by
/// the end of `day`, oldest first.
pub fn edges(
    conn: &mut DbConnection,
    hub_ids: &[&str],
    day: NaiveDate,
) -> Result<Vec<(String, String, String, String)>, StoreError> {
    let among: std::collections::HashSet<&str> = hub_ids.iter().copied().collect();
    let mut edges: Vec<(NaiveDateTime, (String, String, String, String))> = in_chunks(conn, hub_ids, |conn, ids| {
        hub_connections::table
            .filter(hub_connections::state.eq(ConnectionState::Accepted.as_str()))
            .filter(hub_connections::decided_at.lt(end_of(day)))
            .filter(hub_connections::hub_id.eq_any(ids))
            .select((
                hub_connections::created_at,
                (hub_connections::id, hub_connections::hub_id, hub_connections::other_hub_id, hub_connections::kind),
            ))
            .load(conn)
    })?;
    // The other end is checked here: binding the ids twice would double the parameters.
    edges.retain(|(_, (_, _, other, _))| among.contains(other.as_str()));
    edges.sort_by(|a, b| (a.0, &a.1.0).cmp(&(b.0, &b.1.0)));
    Ok(edges.into_iter().map(|(_, edge)| edge).collect())
}

/// Every policy council's name in English, French and Spanish, by id.
pub fn council_names(conn: &mut DbConnection) -> Result<HashMap<String, [String; 3]>, StoreError> {
    let rows: Vec<(String, String, String, String)> = policy_councils::table
        .select((policy_councils::id, policy_councils::name_en, policy_councils::name_fr, policy_councils::name_es))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, en, fr, es)| (id, [en, fr, es])).collect())
}

/// The Venice City Solutions 2030 editions at which each of `hub_ids` presented an activity held
/// by the end of `day`, as `(hub, edition)` once each.
pub fn venice_presentations(
    conn: &mut DbConnection,
    hub_ids: &[&str],
    day: NaiveDate,
) -> Result<Vec<(String, i32)>, StoreError> {
    let rows: Vec<(String, Option<i32>)> = in_chunks(conn, hub_ids, |conn, ids| {
        activities::table
            .filter(activities::hub_id.eq_any(ids))
            .filter(activities::venice_edition.is_not_null())
            .filter(activities::date.le(day))
            .select((activities::hub_id, activities::venice_edition))
            .distinct()
            .order((activities::hub_id, activities::venice_edition))
            .load(conn)
    })?;
    Ok(rows.into_iter().filter_map(|(hub, edition)| Some((hub, edition?))).collect())
}

/// An indicator's total measurements from `from` to `to` as `(day, value)`, the latest recorded
/// last within a day; `None` when the caller may not see its hub among those matching `query`.
pub fn indicator_totals(
    conn: &mut DbConnection,
    query: &MetricsQuery,
    visibility: &Visibility,
    indicator: &str,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Option<Vec<(NaiveDate, f64)>>, StoreError> {
    let hub: Option<String> =
        indicators::table.filter(indicators::id.eq(indicator)).select(indicators::hub_id).first(conn).optional()?;
    let visible = match hub {
        Some(hub) => filtered(&query.hub_query(), visibility)
            .filter(hubs::id.eq(hub))
            .select(hubs::id)
            .first::<String>(conn)
            .optional()?
            .is_some(),
        None => false,
    };
    if !visible {
        return Ok(None);
    }
    Ok(Some(
        measurements::table
            .filter(measurements::indicator_id.eq(indicator))
            .filter(measurements::disaggregation.is_null())
            .filter(measurements::measured_on.between(from, to))
            .order((measurements::measured_on.asc(), measurements::created_at.asc()))
            .select((measurements::measured_on, measurements::value))
            .load(conn)?,
    ))
}
