//! Connections between hubs in the database, listed from both ends.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use l4a_shared::connection::{Connection, ConnectionState, HubRef, ValidConnection, pair_key};
use l4a_shared::page::Page;

use super::StoreError;
use super::audit::{self, Actor};
use crate::db::DbConnection;
use crate::schema::{hub_connections, hubs};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = hub_connections)]
struct ConnectionRow {
    id: String,
    hub_id: String,
    other_hub_id: String,
    kind: String,
    description: String,
    created_at: NaiveDateTime,
    state: String,
    decided_at: Option<NaiveDateTime>,
}

/// Loads the names of both ends of the given rows: one query.
fn assemble(conn: &mut DbConnection, rows: Vec<ConnectionRow>) -> Result<Vec<Connection>, StoreError> {
    let mut ids: Vec<&str> = rows.iter().flat_map(|r| [r.hub_id.as_str(), r.other_hub_id.as_str()]).collect();
    ids.sort_unstable();
    ids.dedup();
    let refs: Vec<(String, String, String)> =
        hubs::table.filter(hubs::id.eq_any(&ids)).select((hubs::id, hubs::slug, hubs::name)).load(conn)?;
    let hub_ref = |id: &str| -> Result<HubRef, StoreError> {
        refs.iter()
            .find(|(hub, _, _)| hub == id)
            .map(|(id, slug, name)| HubRef { id: id.clone(), slug: slug.clone(), name: name.clone() })
            .ok_or_else(|| StoreError::Corrupt(anyhow::anyhow!("a connection names the missing hub {id}")))
    };
    rows.into_iter()
        .map(|row| {
            Ok(Connection {
                state: row
                    .state
                    .parse()
                    .map_err(|_| StoreError::Corrupt(anyhow::anyhow!("connection {} has an unknown state", row.id)))?,
                kind: row
                    .kind
                    .parse()
                    .map_err(|_| StoreError::Corrupt(anyhow::anyhow!("connection {} has an unknown kind", row.id)))?,
                hub: hub_ref(&row.hub_id)?,
                other_hub: hub_ref(&row.other_hub_id)?,
                id: row.id,
                hub_id: row.hub_id,
                other_hub_id: row.other_hub_id,
                description: row.description,
                created_at: row.created_at.and_utc(),
                decided_at: row.decided_at.map(|at| at.and_utc()),
            })
        })
        .collect()
}

/// One page of the connections of a hub, from either end, newest first; when `visible` is
/// given, only those whose both ends are among these hubs (the others' names are not public);
/// requests and declined ones only when `with_requests` (for the managers of the hub).
pub fn list(
    conn: &mut DbConnection,
    hub_id: &str,
    visible: Option<&[String]>,
    with_requests: bool,
    page: u32,
    per_page: u32,
) -> Result<Page<Connection>, StoreError> {
    let involving = || {
        let mut query = hub_connections::table
            .filter(
                hub_connections::hub_id.eq(hub_id.to_owned()).or(hub_connections::other_hub_id.eq(hub_id.to_owned())),
            )
            .into_boxed();
        if !with_requests {
            query = query.filter(hub_connections::state.eq(ConnectionState::Accepted.as_str()));
        }
        match visible {
            Some(ids) => query
                .filter(hub_connections::hub_id.eq_any(ids.to_vec()))
                .filter(hub_connections::other_hub_id.eq_any(ids.to_vec())),
            None => query,
        }
    };
    let total: i64 = involving().count().get_result(conn)?;
    let rows: Vec<ConnectionRow> = involving()
        .order((hub_connections::created_at.desc(), hub_connections::id.desc()))
        .select(ConnectionRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    Ok(super::page_of(assemble(conn, rows)?, total, page, per_page))
}

/// Records a connection from `hub_id` to the already resolved `other_hub_id`, in `state`.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    hub_id: &str,
    other_hub_id: &str,
    connection: &ValidConnection,
    state: ConnectionState,
) -> Result<Connection, StoreError> {
    let id = super::new_id();
    diesel::insert_into(hub_connections::table)
        .values((
            hub_connections::id.eq(&id),
            hub_connections::hub_id.eq(hub_id),
            hub_connections::other_hub_id.eq(other_hub_id),
            hub_connections::kind.eq(connection.kind.as_str()),
            hub_connections::description.eq(connection.description.as_str()),
            hub_connections::pair_key.eq(pair_key(hub_id, other_hub_id, connection.kind)),
            hub_connections::created_at.eq(super::now()),
            hub_connections::state.eq(state.as_str()),
            hub_connections::decided_at.eq((state == ConnectionState::Accepted).then(super::now)),
        ))
        .execute(conn)
        .map_err(|error| match error {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => StoreError::Conflict {
                code: "connection_exists",
                detail: format!("these two hubs are already connected as {}", connection.kind),
                errors: Vec::new(),
            },
            other => other.into(),
        })?;
    let row: ConnectionRow =
        hub_connections::table.filter(hub_connections::id.eq(&id)).select(ConnectionRow::as_select()).first(conn)?;
    let created = assemble(conn, vec![row])?.pop();
    let created = created.ok_or_else(|| StoreError::Corrupt(anyhow::anyhow!("connection {id} vanished")))?;
    audit::created(conn, actor, &created)?;
    Ok(created)
}

/// Finds a connection by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Connection>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let rows: Vec<ConnectionRow> =
        hub_connections::table.filter(hub_connections::id.eq(id)).select(ConnectionRow::as_select()).load(conn)?;
    Ok(assemble(conn, rows)?.pop())
}

/// Deletes a connection; `false` when it was already gone.
pub fn delete(conn: &mut DbConnection, actor: &Actor, current: &Connection) -> Result<bool, StoreError> {
    let deleted = diesel::delete(hub_connections::table.filter(hub_connections::id.eq(&current.id))).execute(conn)?;
    if deleted == 1 {
        audit::deleted(conn, actor, current)?;
    }
    Ok(deleted == 1)
}

/// Answers a request: `None` when it is no longer a request (answered, or removed).
pub fn decide(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &Connection,
    state: ConnectionState,
) -> Result<Option<Connection>, StoreError> {
    let answered = diesel::update(
        hub_connections::table
            .filter(hub_connections::id.eq(&current.id))
            .filter(hub_connections::state.eq(ConnectionState::Requested.as_str())),
    )
    .set((hub_connections::state.eq(state.as_str()), hub_connections::decided_at.eq(Some(super::now()))))
    .execute(conn)?;
    if answered == 0 {
        return Ok(None);
    }
    let decided = find(conn, &current.id)?
        .ok_or_else(|| StoreError::Corrupt(anyhow::anyhow!("connection {} vanished", current.id)))?;
    let action = if state == ConnectionState::Accepted { "accept" } else { "decline" };
    audit::changed(conn, actor, action, Some(current), Some(&decided))?;
    Ok(Some(decided))
}

/// Both ends of every accepted connection that involves one of the given hubs, in one query; a
/// hub's synchronization degree is the number of distinct other ends.
pub fn links_of(conn: &mut DbConnection, hub_ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    hub_connections::table
        .filter(hub_connections::state.eq(ConnectionState::Accepted.as_str()))
        .filter(hub_connections::hub_id.eq_any(hub_ids).or(hub_connections::other_hub_id.eq_any(hub_ids)))
        .select((hub_connections::hub_id, hub_connections::other_hub_id))
        .load(conn)
}
