//! `l4a seed --scale N`: a large, realistic, deterministic network for measuring the metrics at
//! scale. The same `N` gives the same rows on every machine (a seeded generator, fixed days and
//! ids); rows go in as multi-row inserts, a few hundred hubs with all their records per
//! transaction, on either backend.
//!
//! Per hub: 5 deliverables, 10 stakeholders, 5 indicators with 20 measurements each (a tenth of
//! all measurements are breakdowns by sex), and 2 connections; one lead organisation per 4 hubs.

use std::collections::HashSet;

use anyhow::Context as _;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use l4a_shared::connection::{ConnectionKind, ConnectionState, pair_key};
use l4a_shared::deliverable::{DeliverableKind, DeliverableStatus};
use l4a_shared::hub::{HubStatus, Modality};
use l4a_shared::indicator::Dimension;
use l4a_shared::organisation::{OrganisationKind, WorldRegion};
use l4a_shared::stakeholder::{StakeholderKind, StakeholderRole};
use l4a_shared::text::fold;
use l4a_shared::validation::CountryCode;

use crate::db::{Db, DbConnection};
use crate::error::ApiError;
use crate::schema::{
    deliverables, hub_connections, hub_manifestos, hub_sdgs, hubs, indicators, measurements, organisations,
    stakeholders,
};

/// How many hubs go in per transaction.
const HUBS_PER_TRANSACTION: usize = 250;
/// Rows per insert statement: SQLite binds at most 32,766 values in one.
const ROWS_PER_INSERT: usize = 1_000;
/// Measurements per indicator.
const MEASUREMENTS: usize = 20;

/// What a scale run added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScaleCounts {
    pub organisations: usize,
    pub hubs: usize,
    pub deliverables: usize,
    pub stakeholders: usize,
    pub indicators: usize,
    pub measurements: usize,
    pub connections: usize,
}

/// SplitMix64: small, fast and the same everywhere, which is all a generator of test data needs.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    /// An id shaped like the platform's (a UUID), from the generator.
    fn id(&mut self) -> String {
        let bytes = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Countries of every UCLG region, for the organisations.
const COUNTRIES: [&str; 24] = [
    "SN", "KE", "ZA", "MA", "FR", "ES", "IT", "SE", "TR", "BR", "MX", "EC", "CO", "AR", "CN", "IN", "ID", "PH", "JP",
    "KZ", "RU", "JO", "US", "CA",
];

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default() + Duration::days(offset)
}

fn instant(offset_seconds: i64) -> NaiveDateTime {
    day(0).and_time(chrono::NaiveTime::MIN) + Duration::seconds(offset_seconds)
}

/// Adds `hub_count` generated hubs and their records; `progress` is told each hub added.
pub fn load_scale(db: &Db, hub_count: usize, progress: &dyn Fn(u64)) -> anyhow::Result<ScaleCounts> {
    let mut generator = Generator(0x4C34_4148 ^ u64::try_from(hub_count).unwrap_or(0));
    let mut counts = ScaleCounts::default();
    let manifesto_keys: Vec<String> = db.write_blocking(|conn| {
        Ok(crate::schema::manifestos::table.select(crate::schema::manifestos::key).load(conn)?)
    })?;
    let organisation_ids: Vec<(String, &'static str)> =
        (0..hub_count.div_ceil(4)).map(|index| (generator.id(), COUNTRIES[index % COUNTRIES.len()])).collect();
    db.write_blocking(|conn| {
        insert_organisations(conn, &organisation_ids)?;
        Ok(())
    })?;
    counts.organisations = organisation_ids.len();
    let hub_ids: Vec<String> = (0..hub_count).map(|_| generator.id()).collect();
    let mut pairs_seen: HashSet<String> = HashSet::new();
    for first in (0..hub_count).step_by(HUBS_PER_TRANSACTION) {
        let last = (first + HUBS_PER_TRANSACTION).min(hub_count);
        let batch =
            Batch::generate(&mut generator, first..last, &hub_ids, &organisation_ids, &manifesto_keys, &mut pairs_seen);
        db.write_blocking(|conn| batch.insert(conn))?;
        counts.hubs += batch.hubs.len();
        counts.deliverables += batch.deliverables.len();
        counts.stakeholders += batch.stakeholders.len();
        counts.indicators += batch.indicators.len();
        counts.measurements += batch.measurements.len();
        counts.connections += batch.connections.len();
        progress(u64::try_from(last - first).unwrap_or(0));
    }
    // Fresh statistics, so that the planners know a million measurements are there: without
    // them SQLite sorts every measurement to page the observations feed instead of reading it in
    // order (1.6 s a page against 60 ms).
    let mut conn = db.conn()?;
    diesel::sql_query("ANALYZE").execute(&mut *conn).context("updating the planner's statistics")?;
    Ok(counts)
}

/// Declares the row type of one table: every column written, `None` as NULL (only then does a
/// multi-row insert work on both backends), and the insert of many rows in chunks.
macro_rules! rows {
    ($name:ident, $table:ident { $($column:ident: $type:ty),+ $(,)? }) => {
        #[derive(Insertable)]
        #[diesel(table_name = $table)]
        #[diesel(treat_none_as_default_value = false)]
        struct $name {
            $($column: $type),+
        }

        impl $name {
            fn insert_all(conn: &mut DbConnection, rows: &[Self], per_insert: usize) -> Result<(), ApiError> {
                for chunk in rows.chunks(per_insert) {
                    // Diesel's two-backend connection has no multi-row insert: it is built per backend.
                    match conn {
                        DbConnection::Postgresql(pg) => diesel::insert_into($table::table).values(chunk).execute(pg)?,
                        DbConnection::Sqlite(sqlite) => diesel::insert_into($table::table).values(chunk).execute(sqlite)?,
                    };
                }
                Ok(())
            }
        }
    };
}

rows!(OrganisationRow, organisations {
    id: String, name: String, kind: &'static str, country: &'static str, region: &'static str,
    website: Option<String>, search_text: String, sort_name: String, version: i64,
    created_at: NaiveDateTime, updated_at: NaiveDateTime,
});
rows!(HubRow, hubs {
    id: String, slug: String, name: String, summary: &'static str, description: &'static str,
    country: &'static str, city: Option<String>, modality: &'static str, status: &'static str,
    start_date: NaiveDate, end_date: NaiveDate, search_text: String, sort_name: String, version: i64,
    created_at: NaiveDateTime, updated_at: NaiveDateTime, lead_organisation_id: Option<String>,
    label_granted_on: Option<NaiveDate>, proposal_id: Option<String>,
});
rows!(SdgRow, hub_sdgs { hub_id: String, goal: i32 });
rows!(ManifestoRow, hub_manifestos { hub_id: String, manifesto_key: String });
rows!(DeliverableRow, deliverables {
    id: String, hub_id: String, title: String, description: &'static str, kind: &'static str,
    due_date: NaiveDate, status: &'static str, delivered_on: Option<NaiveDate>, evidence_url: Option<String>,
    sort_title: String, version: i64, created_at: NaiveDateTime, updated_at: NaiveDateTime,
});
rows!(StakeholderRow, stakeholders {
    id: String, hub_id: String, name: String, kind: &'static str, role: &'static str,
    took_part_in_criteria: bool, contact_email: Option<String>, contact_phone: Option<String>,
    sort_name: String, version: i64, created_at: NaiveDateTime, updated_at: NaiveDateTime,
});
rows!(IndicatorRow, indicators {
    id: String, hub_id: String, name: String, description: &'static str, dimension: &'static str,
    unit: &'static str, direction: &'static str, baseline_value: f64, baseline_date: NaiveDate,
    target_value: f64, target_date: NaiveDate, sdg_target: Option<String>, disaggregations: &'static str,
    agreed_on: Option<NaiveDate>, sort_name: String, version: i64, created_at: NaiveDateTime,
    updated_at: NaiveDateTime, latest_value: Option<f64>, latest_measured_on: Option<NaiveDate>,
    last_recorded_at: Option<NaiveDateTime>,
});
rows!(MeasurementRow, measurements {
    id: String, indicator_id: String, value: f64, measured_on: NaiveDate, source: &'static str,
    note: &'static str, disaggregation: Option<&'static str>, created_at: NaiveDateTime,
});
rows!(ConnectionRow, hub_connections {
    id: String, hub_id: String, other_hub_id: String, kind: &'static str, description: &'static str,
    pair_key: String, created_at: NaiveDateTime, state: &'static str, decided_at: Option<NaiveDateTime>,
});

fn insert_organisations(conn: &mut DbConnection, ids: &[(String, &'static str)]) -> Result<(), ApiError> {
    let now = instant(0);
    let rows: Vec<OrganisationRow> = ids
        .iter()
        .enumerate()
        .map(|(index, (id, country))| {
            let name = format!("Scale city {index:05}");
            let region = CountryCode::parse(country)
                .ok()
                .and_then(|code| WorldRegion::default_for(&code))
                .unwrap_or(WorldRegion::Europe);
            OrganisationRow {
                id: id.clone(),
                search_text: fold(&name),
                sort_name: fold(&name),
                name,
                kind: OrganisationKind::LocalGovernment.as_str(),
                country,
                region: region.as_str(),
                website: None,
                version: 1,
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    OrganisationRow::insert_all(conn, &rows, ROWS_PER_INSERT)
}

/// The rows of a few hundred hubs and their records.
#[derive(Default)]
struct Batch {
    hubs: Vec<HubRow>,
    sdgs: Vec<SdgRow>,
    manifestos: Vec<ManifestoRow>,
    deliverables: Vec<DeliverableRow>,
    stakeholders: Vec<StakeholderRow>,
    indicators: Vec<IndicatorRow>,
    measurements: Vec<MeasurementRow>,
    connections: Vec<ConnectionRow>,
}

impl Batch {
    fn generate(
        generator: &mut Generator,
        hubs: std::ops::Range<usize>,
        hub_ids: &[String],
        organisations: &[(String, &'static str)],
        manifesto_keys: &[String],
        pairs_seen: &mut HashSet<String>,
    ) -> Self {
        let mut batch = Batch::default();
        let stored_by_now = hubs.end;
        let days = |n: usize| Duration::days(i64::try_from(n).unwrap_or(0));
        for index in hubs {
            let id = hub_ids[index].clone();
            let (lead, country) = organisations[index / 4].clone();
            let start = day(0) + days(generator.below(365));
            let end = start + days(730);
            let created = instant(i64::try_from(index).unwrap_or(0) * 60);
            let status = match generator.below(20) {
                0 => HubStatus::Suspended,
                1 | 2 => HubStatus::Completed,
                _ => HubStatus::Active,
            };
            let name = format!("Scale hub {index:05}");
            batch.hubs.push(HubRow {
                id: id.clone(),
                slug: format!("scale-{index:05}"),
                search_text: fold(&name),
                sort_name: fold(&name),
                name,
                summary: "A generated hub for measuring the platform at scale.",
                description: "Generated by `l4a seed --scale`.",
                country,
                city: None,
                modality: generator.pick(Modality::ALL).as_str(),
                status: status.as_str(),
                start_date: start,
                end_date: end,
                version: 1,
                created_at: created,
                updated_at: created,
                lead_organisation_id: Some(lead),
                label_granted_on: (index % 3 != 0).then_some(start),
                proposal_id: None,
            });
            let mut goals: Vec<i32> =
                (0..=generator.below(3)).map(|_| i32::try_from(generator.below(17) + 1).unwrap_or(11)).collect();
            goals.sort_unstable();
            goals.dedup();
            batch.sdgs.extend(goals.into_iter().map(|goal| SdgRow { hub_id: id.clone(), goal }));
            if !manifesto_keys.is_empty() {
                let key = manifesto_keys[generator.below(manifesto_keys.len())].clone();
                batch.manifestos.push(ManifestoRow { hub_id: id.clone(), manifesto_key: key });
            }
            for number in 0..5 {
                let due = start + days(90 + number * 120);
                let status = generator.pick(DeliverableStatus::ALL);
                let delivered =
                    (status == DeliverableStatus::Delivered).then(|| due + days(generator.below(60)) - days(30));
                let title = format!("Deliverable {number} of hub {index:05}");
                batch.deliverables.push(DeliverableRow {
                    id: generator.id(),
                    hub_id: id.clone(),
                    sort_title: fold(&title),
                    title,
                    description: "",
                    kind: generator.pick(DeliverableKind::ALL).as_str(),
                    due_date: due,
                    status: status.as_str(),
                    delivered_on: delivered,
                    evidence_url: None,
                    version: 1,
                    created_at: created,
                    updated_at: created,
                });
            }
            for number in 0..10 {
                let name = format!("Stakeholder {number} of hub {index:05}");
                batch.stakeholders.push(StakeholderRow {
                    id: generator.id(),
                    hub_id: id.clone(),
                    sort_name: fold(&name),
                    name,
                    kind: generator.pick(StakeholderKind::ALL).as_str(),
                    role: generator.pick(StakeholderRole::ALL).as_str(),
                    took_part_in_criteria: number < 3,
                    contact_email: None,
                    contact_phone: None,
                    version: 1,
                    created_at: created,
                    updated_at: created,
                });
            }
            for number in 0..5 {
                let indicator = generator.id();
                // One indicator in five is broken down by sex, half its measurements being breakdowns.
                let by_sex = number == 0;
                let name = format!("Indicator {number} of hub {index:05}");
                batch.indicators.push(IndicatorRow {
                    id: indicator.clone(),
                    hub_id: id.clone(),
                    sort_name: fold(&name),
                    name,
                    description: "",
                    dimension: Dimension::ALL[number % Dimension::ALL.len()].as_str(),
                    unit: "people",
                    direction: "increase",
                    baseline_value: 0.0,
                    baseline_date: start,
                    target_value: 100.0,
                    target_date: end,
                    sdg_target: None,
                    disaggregations: if by_sex { r#"{"sex":["female","male"]}"# } else { "{}" },
                    agreed_on: None,
                    version: 1,
                    created_at: created,
                    updated_at: created,
                    latest_value: None,
                    latest_measured_on: None,
                    last_recorded_at: None,
                });
                let pace = 40.0 + f64::from(u32::try_from(generator.below(80)).unwrap_or(0));
                for step in 0..MEASUREMENTS {
                    let share = f64::from(u32::try_from(step).unwrap_or(0))
                        / f64::from(u32::try_from(MEASUREMENTS).unwrap_or(1));
                    let breakdown = (by_sex && step % 2 == 1).then_some(if step % 4 == 1 {
                        r#"{"sex":"female"}"#
                    } else {
                        r#"{"sex":"male"}"#
                    });
                    batch.measurements.push(MeasurementRow {
                        id: generator.id(),
                        indicator_id: indicator.clone(),
                        value: (share * pace).round(),
                        measured_on: start + days(step * 30),
                        source: "Generated",
                        note: "",
                        disaggregation: breakdown,
                        created_at: created
                            + Duration::seconds(i64::try_from(1 + number * MEASUREMENTS + step).unwrap_or(1)),
                    });
                }
                // What `indicator::refresh_latest` keeps: the steps are in order, so the last total is the latest.
                let last_total =
                    batch.measurements.iter().rev().find(|m| m.indicator_id == indicator && m.disaggregation.is_none());
                if let (Some(total), Some(row)) = (last_total, batch.indicators.last_mut()) {
                    (row.latest_value, row.latest_measured_on, row.last_recorded_at) =
                        (Some(total.value), Some(total.measured_on), Some(total.created_at));
                }
            }
            for _ in 0..2 {
                // Only hubs already stored, or stored in this transaction: a connection needs both ends.
                let other = hub_ids[generator.below(stored_by_now)].clone();
                let kind = generator.pick(ConnectionKind::ALL);
                let key = pair_key(&id, &other, kind);
                if other != id && pairs_seen.insert(key.clone()) {
                    batch.connections.push(ConnectionRow {
                        id: generator.id(),
                        hub_id: id.clone(),
                        other_hub_id: other,
                        kind: kind.as_str(),
                        description: "Generated",
                        pair_key: key,
                        created_at: created,
                        state: ConnectionState::Accepted.as_str(),
                        decided_at: Some(created),
                    });
                }
            }
        }
        batch
    }

    fn insert(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        HubRow::insert_all(conn, &self.hubs, ROWS_PER_INSERT)?;
        SdgRow::insert_all(conn, &self.sdgs, ROWS_PER_INSERT)?;
        ManifestoRow::insert_all(conn, &self.manifestos, ROWS_PER_INSERT)?;
        DeliverableRow::insert_all(conn, &self.deliverables, ROWS_PER_INSERT)?;
        StakeholderRow::insert_all(conn, &self.stakeholders, ROWS_PER_INSERT)?;
        IndicatorRow::insert_all(conn, &self.indicators, ROWS_PER_INSERT)?;
        MeasurementRow::insert_all(conn, &self.measurements, ROWS_PER_INSERT * 3)?;
        ConnectionRow::insert_all(conn, &self.connections, ROWS_PER_INSERT)
    }
}
