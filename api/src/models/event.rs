//! The one internal event mechanism: what happened, recorded in the transaction that made it
//! happen, in order. Admins read them as a feed; webhooks receive them (`models::webhook`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use l4a_shared::page::Page;
use l4a_shared::proposal::{Event, EventKind};

use super::StoreError;
use crate::db::DbConnection;
use crate::schema::events;

/// Records an event and queues it for the webhooks that follow it; call inside the write that
/// caused it, so that the event, its deliveries and the change commit together or not at all.
pub fn emit(
    conn: &mut DbConnection,
    kind: EventKind,
    proposal_id: Option<&str>,
    hub_id: Option<&str>,
    data: &serde_json::Value,
) -> Result<(), StoreError> {
    let at = super::now();
    let event = Event {
        id: super::new_id(),
        kind,
        at: at.and_utc(),
        proposal_id: proposal_id.map(str::to_owned),
        hub_id: hub_id.map(str::to_owned),
        data: data.clone(),
    };
    diesel::insert_into(events::table)
        .values((
            events::id.eq(&event.id),
            events::kind.eq(kind.as_str()),
            events::at.eq(at),
            events::proposal_id.eq(proposal_id),
            events::hub_id.eq(hub_id),
            events::data.eq(data.to_string()),
        ))
        .execute(conn)?;
    super::webhook::enqueue(conn, &event)?;
    Ok(())
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = events)]
struct EventRow {
    id: String,
    kind: String,
    at: NaiveDateTime,
    proposal_id: Option<String>,
    hub_id: Option<String>,
    data: String,
}

/// One page of events, newest first; of one kind when given.
pub fn list(
    conn: &mut DbConnection,
    kind: Option<EventKind>,
    page: u32,
    per_page: u32,
) -> Result<Page<Event>, StoreError> {
    let filtered = || {
        let query = events::table.into_boxed();
        match kind {
            Some(kind) => query.filter(events::kind.eq(kind.as_str())),
            None => query,
        }
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<EventRow> = filtered()
        .order(events::id.desc())
        .select(EventRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let corrupt = || StoreError::Corrupt(anyhow::anyhow!("event {} is unreadable", row.id));
            Ok(Event {
                kind: row.kind.parse().map_err(|_| corrupt())?,
                data: serde_json::from_str(&row.data).map_err(|_| corrupt())?,
                id: row.id,
                at: row.at.and_utc(),
                proposal_id: row.proposal_id,
                hub_id: row.hub_id,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(super::page_of(items, total, page, per_page))
}
