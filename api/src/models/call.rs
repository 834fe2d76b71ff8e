//! Calls for proposals in the database. Their state is derived from their dates on the day read.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use l4a_shared::call::{Call, CallState, ValidCall, call_state};
use l4a_shared::page::Page;
use l4a_shared::query::CallQuery;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

use super::StoreError;
use super::audit::{self, Actor};
use super::reference;
use crate::db::DbConnection;
use crate::schema::calls;

/// A call as stored, with its version.
pub type StoredCall = super::Stored<Call>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = calls)]
struct CallRow {
    id: String,
    title: String,
    description: String,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    sdgs: String,
    manifestos: String,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl CallRow {
    fn into_stored(self, today: NaiveDate) -> Result<StoredCall, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(anyhow::anyhow!("call {} has an unreadable {what}", self.id));
        Ok(StoredCall {
            version: self.version,
            item: Call {
                title: serde_json::from_str(&self.title).map_err(|_| corrupt("title"))?,
                description: serde_json::from_str(&self.description).map_err(|_| corrupt("description"))?,
                sdgs: serde_json::from_str(&self.sdgs).map_err(|_| corrupt("list of SDGs"))?,
                manifestos: serde_json::from_str(&self.manifestos).map_err(|_| corrupt("list of manifestos"))?,
                state: call_state(self.opens_on, self.closes_on, today),
                id: self.id,
                opens_on: self.opens_on,
                closes_on: self.closes_on,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

fn json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    Ok(serde_json::to_string(value).map_err(anyhow::Error::from)?)
}

/// Refuses manifestos that do not exist, naming each.
fn check_manifestos(conn: &mut DbConnection, keys: &[String]) -> Result<(), StoreError> {
    let known = reference::known_manifestos(conn, keys)?;
    let mut errors = ValidationErrors::default();
    for (index, key) in keys.iter().enumerate() {
        if !known.contains(key) {
            errors.push(format!("manifestos[{index}]"), Invalid::new(Rule::Exists, format!("no manifesto {key}")));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(StoreError::Invalid(errors)) }
}

/// Finds a call by id.
pub fn find(conn: &mut DbConnection, id: &str, today: NaiveDate) -> Result<Option<StoredCall>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<CallRow> =
        calls::table.filter(calls::id.eq(id)).select(CallRow::as_select()).first(conn).optional()?;
    row.map(|row| row.into_stored(today)).transpose()
}

/// Like [`find`], but a missing call is a 404.
pub fn get(conn: &mut DbConnection, id: &str, today: NaiveDate) -> Result<StoredCall, StoreError> {
    find(conn, id, today)?.ok_or_else(|| StoreError::NotFound { resource: "call", key: id.to_owned() })
}

/// One page of calls, the latest to open first.
pub fn list(conn: &mut DbConnection, query: &CallQuery, today: NaiveDate) -> Result<Page<Call>, StoreError> {
    let filtered = || {
        let all = calls::table.into_boxed();
        match query.state {
            None => all,
            Some(CallState::Upcoming) => all.filter(calls::opens_on.gt(today)),
            Some(CallState::Open) => all.filter(calls::opens_on.le(today)).filter(calls::closes_on.ge(today)),
            Some(CallState::Closed) => all.filter(calls::closes_on.lt(today)),
        }
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<CallRow> = filtered()
        .order((calls::opens_on.desc(), calls::id.desc()))
        .select(CallRow::as_select())
        .limit(i64::from(query.per_page))
        .offset(super::offset(query.page, query.per_page))
        .load(conn)?;
    let items = rows.into_iter().map(|row| row.into_stored(today).map(|s| s.item)).collect::<Result<_, _>>()?;
    Ok(super::page_of(items, total, query.page, query.per_page))
}

/// Creates a call; call inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    call: &ValidCall,
    today: NaiveDate,
) -> Result<StoredCall, StoreError> {
    check_manifestos(conn, &call.manifestos)?;
    let (id, now) = (super::new_id(), super::now());
    diesel::insert_into(calls::table)
        .values((
            calls::id.eq(&id),
            calls::title.eq(json(&call.title)?),
            calls::description.eq(json(&call.description)?),
            calls::opens_on.eq(call.opens_on),
            calls::closes_on.eq(call.closes_on),
            calls::sdgs.eq(json(&call.sdgs)?),
            calls::manifestos.eq(json(&call.manifestos)?),
            calls::version.eq(1_i64),
            calls::created_at.eq(now),
            calls::updated_at.eq(now),
        ))
        .execute(conn)?;
    let stored = get(conn, &id, today)?;
    audit::created(conn, actor, &stored.item)?;
    Ok(stored)
}

/// Replaces a call's fields if it is still at `version`; `None` when another change came first.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredCall,
    call: &ValidCall,
    today: NaiveDate,
) -> Result<Option<StoredCall>, StoreError> {
    let (id, version) = (current.item.id.as_str(), current.version);
    check_manifestos(conn, &call.manifestos)?;
    let changed = diesel::update(calls::table.filter(calls::id.eq(id)).filter(calls::version.eq(version)))
        .set((
            calls::title.eq(json(&call.title)?),
            calls::description.eq(json(&call.description)?),
            calls::opens_on.eq(call.opens_on),
            calls::closes_on.eq(call.closes_on),
            calls::sdgs.eq(json(&call.sdgs)?),
            calls::manifestos.eq(json(&call.manifestos)?),
            calls::version.eq(version + 1),
            calls::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    let updated = find(conn, id, today)?;
    audit::updated_if(conn, actor, &current.item, updated.as_ref().map(|u| &u.item))?;
    Ok(updated)
}

/// How many calls exist (the demo seed adds its call only when there is none).
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    calls::table.count().get_result(conn)
}
