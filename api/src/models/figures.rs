//! The figures returned with every hub, computed for a whole page of hubs in four queries
//! (deliverables, indicators, their total measurements, connections) whatever its size.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use l4a_shared::deliverable::{DeliverableStatus, is_late};
use l4a_shared::figures::{HubFigures, reporting_status_with_reports};
use l4a_shared::indicator::{Direction, Latest, Trajectory};

use super::StoreError;
use crate::db::DbConnection;
use crate::schema::{deliverables, indicators};

type IndicatorColumns = (String, String, String, f64, NaiveDate, f64, NaiveDate);

/// The figures of each hub given as `(id, created_at)`; a new hub counts as reported on its creation day.
pub fn of_hubs(
    conn: &mut DbConnection,
    hubs: &[(String, NaiveDateTime)],
    today: NaiveDate,
) -> Result<HashMap<String, HubFigures>, StoreError> {
    let ids: Vec<&str> = hubs.iter().map(|(id, _)| id.as_str()).collect();
    let deliverable_rows: Vec<(String, String, NaiveDate, NaiveDateTime)> = deliverables::table
        .filter(deliverables::hub_id.eq_any(&ids))
        .select((deliverables::hub_id, deliverables::status, deliverables::due_date, deliverables::updated_at))
        .load(conn)?;
    let indicator_rows: Vec<IndicatorColumns> = indicators::table
        .filter(indicators::hub_id.eq_any(&ids))
        .select((
            indicators::id,
            indicators::hub_id,
            indicators::direction,
            indicators::baseline_value,
            indicators::baseline_date,
            indicators::target_value,
            indicators::target_date,
        ))
        .load(conn)?;
    let indicator_ids: Vec<&str> = indicator_rows.iter().map(|row| row.0.as_str()).collect();
    let totals = super::indicator::totals_newest_first(conn, &indicator_ids)?;
    let links = super::connection::links_of(conn, &hubs.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>())?;
    let report_ends = super::report::last_approved_ends(conn, &ids, super::metrics::end_of(today))?;

    let mut figures = HashMap::with_capacity(hubs.len());
    for (hub_id, created_at) in hubs {
        let mut last_update = *created_at;
        let mut counts = (0_u32, 0_u32, 0_u32);
        for (_, status, due, updated) in deliverable_rows.iter().filter(|row| &row.0 == hub_id) {
            let status: DeliverableStatus = status.parse().map_err(|_| corrupt(hub_id, "deliverable status"))?;
            counts.0 += 1;
            counts.1 += u32::from(status == DeliverableStatus::Delivered);
            counts.2 += u32::from(is_late(status, *due, today));
            last_update = last_update.max(*updated);
        }
        let mut indicators_total = 0;
        let mut indicators_on_track = 0;
        for (id, _, direction, baseline_value, baseline_date, target_value, target_date) in
            indicator_rows.iter().filter(|row| &row.1 == hub_id)
        {
            let direction: Direction = direction.parse().map_err(|_| corrupt(hub_id, "indicator direction"))?;
            let trajectory = Trajectory {
                direction,
                baseline_value: *baseline_value,
                baseline_date: *baseline_date,
                target_value: *target_value,
                target_date: *target_date,
            };
            let mut own = totals.iter().filter(|row| &row.0 == id).peekable();
            let latest =
                own.peek().map(|(_, value, measured_on, _)| Latest { value: *value, measured_on: *measured_on });
            if let Some(recorded) = own.map(|row| row.3).max() {
                last_update = last_update.max(recorded);
            }
            indicators_total += 1;
            indicators_on_track += u32::from(trajectory.figures(latest, today).on_track == Some(true));
        }
        let connected: BTreeSet<&str> = links
            .iter()
            .filter_map(|(a, b)| {
                if a == hub_id {
                    Some(b.as_str())
                } else if b == hub_id {
                    Some(a.as_str())
                } else {
                    None
                }
            })
            .collect();
        figures.insert(
            hub_id.clone(),
            HubFigures {
                deliverables_total: counts.0,
                deliverables_delivered: counts.1,
                deliverables_late: counts.2,
                indicators_total,
                indicators_on_track,
                synchronization_degree: u32::try_from(connected.len()).unwrap_or(u32::MAX),
                reporting_status: reporting_status_with_reports(
                    last_update.date(),
                    report_ends.get(hub_id).copied(),
                    today,
                ),
            },
        );
    }
    Ok(figures)
}

fn corrupt(hub_id: &str, what: &str) -> StoreError {
    StoreError::Corrupt(anyhow::anyhow!("hub {hub_id} has a child with an unknown {what}"))
}
