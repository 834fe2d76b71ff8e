//! The stored resources; each model owns its queries and returns `QueryResult`s or `ApiError`s.

pub mod activity;
pub mod connection;
pub mod deliverable;
pub mod figures;
pub mod hub;
pub mod indicator;
pub mod organisation;
pub mod reference;
pub mod stakeholder;

use chrono::{NaiveDateTime, SubsecRound as _, Utc};

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::extract::IfMatch;

/// A stored resource with a version that every change bumps.
pub trait Versioned {
    /// The version.
    fn version(&self) -> i64;

    /// The strong entity tag of this version.
    fn etag(&self) -> String {
        format!("\"{}\"", self.version())
    }
}

/// Loads a resource, checks `If-Match` against it (412 when it differs), and runs `change` on it.
/// `change` answers `None` when another writer changed the resource in between, which is a 412 too.
/// Call inside a write transaction.
pub fn change_if_current<R: Versioned, T>(
    conn: &mut DbConnection,
    load: impl Fn(&mut DbConnection) -> Result<R, ApiError>,
    if_match: &IfMatch,
    change: impl FnOnce(&mut DbConnection, &R) -> Result<Option<T>, ApiError>,
) -> Result<T, ApiError> {
    let current = load(conn)?;
    if_match.check(&current.etag())?;
    match change(conn, &current)? {
        Some(changed) => Ok(changed),
        None => Err(ApiError::PreconditionFailed { current: load(conn)?.etag() }),
    }
}

/// Escapes a folded search text for `LIKE … ESCAPE '\'`, wrapped to match anywhere.
pub fn like_pattern(folded: &str) -> String {
    let escaped = folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Today's date in UTC, the day derived figures (lateness, progress) are computed for.
pub fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

/// A new UUIDv7 public id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now in UTC, cut to microseconds: PostgreSQL keeps no more, so what is returned after a
/// write is what a later read returns, on both backends.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}
