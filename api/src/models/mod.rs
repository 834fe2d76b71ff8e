//! The stored resources; each model owns its queries and returns `QueryResult`s or `ApiError`s.

pub mod activity;
pub mod api_key;
pub mod audit;
pub mod call;
pub mod connection;
pub mod deliverable;
pub mod event;
pub mod figures;
pub mod hub;
pub mod indicator;
pub mod organisation;
pub mod proposal;
pub mod reference;
pub mod review;
pub mod session;
pub mod stakeholder;
pub mod user;

use chrono::{NaiveDateTime, SubsecRound as _, Utc};

use l4a_shared::page::Page;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::extract::IfMatch;

/// The key that makes entity tags opaque, set once at start-up from the token signing secret:
/// every instance sharing that secret gives a version the same tag, across restarts too.
static ETAG_KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the key of entity tags (once; later calls keep the first key).
pub fn set_etag_key(key: String) {
    let _ = ETAG_KEY.set(key);
}

/// A stored resource with a version that every change bumps.
pub trait Versioned {
    /// The version.
    fn version(&self) -> i64;

    /// The resource's id.
    fn id(&self) -> &str;

    /// The strong entity tag of this version: a keyed digest of the id and the version, so that
    /// the tag tells nothing of how often the resource changed.
    fn etag(&self) -> String {
        let key = ETAG_KEY.get().map_or("", String::as_str);
        let digest = crate::auth::secrets::digest(&format!("{key}:{}:{}", self.id(), self.version()));
        format!("\"{}\"", &digest[..24])
    }
}

/// How often a change sent without `If-Match` is tried again when another writer came first.
const RETRIES_WITHOUT_IF_MATCH: usize = 5;

/// Loads a resource, checks `If-Match` against it (412 when it differs), and runs `change` on it.
/// `change` answers `None` when another writer changed the resource in between: with `If-Match`
/// that is a 412; without, the caller asked for "last writer wins", so the change is applied
/// again to the newer version. Call inside a write transaction.
pub fn change_if_current<R: Versioned, T>(
    conn: &mut DbConnection,
    load: impl Fn(&mut DbConnection) -> Result<R, ApiError>,
    if_match: &IfMatch,
    mut change: impl FnMut(&mut DbConnection, &R) -> Result<Option<T>, ApiError>,
) -> Result<T, ApiError> {
    let attempts = if *if_match == IfMatch::Absent { RETRIES_WITHOUT_IF_MATCH } else { 1 };
    for _ in 0..attempts {
        let current = load(conn)?;
        if_match.check(&current.etag())?;
        if let Some(changed) = change(conn, &current)? {
            return Ok(changed);
        }
    }
    Err(ApiError::PreconditionFailed { current: load(conn)?.etag() })
}

/// Escapes a folded search text for `LIKE … ESCAPE '\'`, wrapped to match anywhere.
pub fn like_pattern(folded: &str) -> String {
    let escaped = folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Whether `key` could be a stored id or slug. None holds a control character, and PostgreSQL
/// refuses NUL in a query parameter, so lookups answer "not found" for such keys without asking.
pub fn may_be_a_key(key: &str) -> bool {
    !key.chars().any(char::is_control)
}

/// The rows to skip to reach page `page` (from 1) of `per_page` rows.
pub fn offset(page: u32, per_page: u32) -> i64 {
    i64::from(page.saturating_sub(1)) * i64::from(per_page)
}

/// A page of `items` out of `total` matching rows.
pub fn page_of<T>(items: Vec<T>, total: i64, page: u32, per_page: u32) -> Page<T> {
    Page { items, total: u64::try_from(total).unwrap_or_default(), page, per_page }
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
