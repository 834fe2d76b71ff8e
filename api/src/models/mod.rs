//! The stored resources; each model owns its queries and returns `QueryResult`s or
//! [`StoreError`]s, which `error.rs` alone turns into HTTP problems.

/// [`resource::HubResource::of_hubs`] for a record stored in `$table` (with `hub_id` and `id`
/// columns) whose `$row` becomes the record with `into_stored($args…)`.
macro_rules! records_of_hubs {
    ($table:ident, $row:ty $(, $arg:expr)*) => {
        fn of_hubs(conn: &mut DbConnection, hub_ids: &[String]) -> Result<Vec<Self>, StoreError> {
            let rows: Vec<$row> = $table::table
                .filter($table::hub_id.eq_any(hub_ids))
                .order(($table::hub_id, $table::id))
                .select(<$row>::as_select())
                .load(conn)?;
            rows.into_iter().map(|row| row.into_stored($($arg),*).map(|stored| stored.item)).collect()
        }
    };
}

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
pub mod metrics;
pub mod organisation;
pub mod proposal;
pub mod recommendation;
pub mod reference;
pub mod report;
pub mod resource;
pub mod review;
pub mod session;
pub mod stakeholder;
pub mod user;
pub mod webhook;

use chrono::{NaiveDateTime, SubsecRound as _, Utc};

use l4a_shared::page::Page;

use l4a_shared::validation::{FieldError, ValidationErrors};

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
        let digest = crate::secrets::digest(&format!("{key}:{}:{}", self.id(), self.version()));
        format!("\"{}\"", &digest[..24])
    }
}

/// Why a store operation failed, in the store's terms; `error.rs` maps each to a status.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No record has this key.
    #[error("no {resource} {key:?}")]
    NotFound {
        /// What was looked for ("hub").
        resource: &'static str,
        /// The key asked for.
        key: String,
    },
    /// The change conflicts with what is stored: a taken slug, a record others depend on.
    #[error("{detail}")]
    Conflict {
        /// The stable code (`slug_taken`, …).
        code: &'static str,
        /// What conflicts.
        detail: String,
        /// The fields concerned.
        errors: Vec<FieldError>,
    },
    /// The record breaks a rule only the store can check (a reference to a missing record).
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// A presented secret (an API key, a refresh token) matches no live record.
    #[error("{detail}")]
    Refused {
        /// Why, without telling which part of the secret matched.
        detail: String,
    },
    /// The database failed.
    #[error("database query failed: {0}")]
    Database(#[from] diesel::result::Error),
    /// A stored value cannot be read back: corrupt data or a bug.
    #[error(transparent)]
    Corrupt(#[from] anyhow::Error),
}

impl From<ValidationErrors> for StoreError {
    fn from(errors: ValidationErrors) -> Self {
        StoreError::Invalid(errors)
    }
}

/// A stored record with its version: what every read returns and every conditional write takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    /// The record, with its figures derived for the day it was read.
    pub item: T,
    /// Bumped by every change; the entity tag's source.
    pub version: i64,
}

/// A version read together with its hub is versioned as the record: the hub rides along for the
/// change's rules (`routes::resource`).
impl<R: Versioned> Versioned for (R, hub::HubAccess) {
    fn version(&self) -> i64 {
        self.0.version()
    }

    fn id(&self) -> &str {
        self.0.id()
    }
}

impl<T: audit::Audited> Versioned for Stored<T> {
    fn version(&self) -> i64 {
        self.version
    }

    fn id(&self) -> &str {
        self.item.audit_id()
    }
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
