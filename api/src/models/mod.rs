//! The stored resources; each model owns its queries and returns `QueryResult`s or `ApiError`s.

pub mod hub;

use chrono::{NaiveDateTime, SubsecRound as _, Utc};

/// A new UUIDv7 public id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now in UTC, cut to microseconds: PostgreSQL keeps no more, so what is returned after a
/// write is what a later read returns, on both backends.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}
