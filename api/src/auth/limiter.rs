//! Attempt limits for signing in, refreshing and changing a password.
//!
//! An attempt is counted *before* the password or token is checked and taken back when it
//! succeeds: checking takes tens of milliseconds, and a limit counted only after the check let
//! every one of 150 parallel guesses through.
//!
//! The counts live in the database (`attempt_counts`), one row per key and fixed window, raised
//! by an upsert that returns the new count: every instance behind a load balancer counts the same
//! attempts, and parallel attempts cannot all see room that only one of them has. Keys are kept
//! as SHA-256 digests, so a caller sending long addresses cannot make the table large by the
//! size of its keys; windows older than the limits' are swept away.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeZone as _, Utc};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::schema::attempt_counts;

/// A key as stored: the hex digest of what the caller sent.
fn key_of(text: &str) -> String {
    crate::secrets::digest(text)
}

/// Adds `by` to the count of `key` in the window starting at `start` and returns the new count.
fn bump(conn: &mut DbConnection, key: &str, start: NaiveDateTime, by: i64) -> Result<i64, ApiError> {
    let row =
        (attempt_counts::key.eq(key), attempt_counts::window_start.eq(start), attempt_counts::count.eq(by.max(0)));
    let add = attempt_counts::count.eq(attempt_counts::count + by);
    // The upsert is written per backend: diesel's two-backend connection has none of its own.
    let count = match conn {
        DbConnection::Postgresql(pg) => diesel::insert_into(attempt_counts::table)
            .values(row)
            .on_conflict((attempt_counts::key, attempt_counts::window_start))
            .do_update()
            .set(add)
            .returning(attempt_counts::count)
            .get_result(pg)?,
        DbConnection::Sqlite(sqlite) => diesel::insert_into(attempt_counts::table)
            .values(row)
            .on_conflict((attempt_counts::key, attempt_counts::window_start))
            .do_update()
            .set(add)
            .returning(attempt_counts::count)
            .get_result(sqlite)?,
    };
    Ok(count)
}

/// Deletes the counts of windows that started before `before`; returns how many.
pub fn sweep(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, ApiError> {
    Ok(diesel::delete(attempt_counts::table.filter(attempt_counts::window_start.lt(before))).execute(conn)?)
}

/// Every minute, deletes the counts of windows that ended more than a window ago (`window` is
/// the limits' window).
pub async fn sweep_forever(db: crate::db::Db, window: Duration) {
    let kept = chrono::Duration::from_std(window * 2).unwrap_or(chrono::Duration::days(1));
    loop {
        tokio::time::sleep(Duration::from_secs(60)).await;
        let before = Utc::now().naive_utc() - kept;
        if let Err(error) = db.bookkeep(move |conn| sweep(conn, before)).await {
            tracing::warn!(%error, "old attempt counts could not be swept");
        }
    }
}

/// One counted attempt: where it was counted, to take it back.
#[derive(Debug, Clone)]
pub struct Counted {
    key: String,
    window_start: NaiveDateTime,
}

/// At most `limit` attempts per key within each fixed `window`.
#[derive(Debug, Clone, Copy)]
pub struct RateLimiter {
    limit: i64,
    window: Duration,
    /// What the metrics call a refusal by this limiter.
    name: &'static str,
}

impl RateLimiter {
    /// A limiter allowing `limit` attempts per `window`, named `name` in the metrics.
    pub fn new(name: &'static str, limit: u32, window: Duration) -> Self {
        Self { limit: i64::from(limit), window: window.max(Duration::from_secs(1)), name }
    }

    /// The start of the window `now` falls in (windows are aligned on the Unix epoch, so every
    /// instance agrees).
    fn window_start(&self, now: DateTime<Utc>) -> NaiveDateTime {
        let seconds = i64::try_from(self.window.as_secs()).unwrap_or(i64::MAX).max(1);
        let start = now.timestamp().div_euclid(seconds) * seconds;
        Utc.timestamp_opt(start, 0).single().unwrap_or(now).naive_utc()
    }

    /// Counts an attempt for `key` unless that passes the limit (429, and the attempt is not
    /// counted); call in a write transaction.
    pub fn attempt(&self, conn: &mut DbConnection, key: &str) -> Result<Counted, ApiError> {
        self.attempt_at(conn, key, Utc::now())
    }

    fn attempt_at(&self, conn: &mut DbConnection, key: &str, now: DateTime<Utc>) -> Result<Counted, ApiError> {
        let counted = Counted { key: key_of(key), window_start: self.window_start(now) };
        if bump(conn, &counted.key, counted.window_start, 1)? > self.limit {
            bump(conn, &counted.key, counted.window_start, -1)?;
            let ends = counted.window_start.and_utc()
                + chrono::Duration::from_std(self.window).unwrap_or(chrono::Duration::MAX);
            let wait = (ends - now).num_seconds().max(1);
            metrics::counter!("l4a_attempts_refused_total", "limit" => self.name).increment(1);
            return Err(ApiError::TooManyRequests { retry_after: u64::try_from(wait).unwrap_or(1) });
        }
        Ok(counted)
    }

    /// Takes back an attempt (it succeeded, or was never carried out).
    pub fn forget(&self, conn: &mut DbConnection, counted: &Counted) -> Result<(), ApiError> {
        bump(conn, &counted.key, counted.window_start, -1).map(|_| ())
    }

    /// Counts an attempt for `key` without any limit (to measure, not to refuse).
    pub fn record(&self, conn: &mut DbConnection, key: &str) -> Result<(), ApiError> {
        bump(conn, &key_of(key), self.window_start(Utc::now()), 1).map(|_| ())
    }

    /// How many attempts `key` made in the current window.
    pub fn count(&self, conn: &mut DbConnection, key: &str) -> Result<i64, ApiError> {
        let found: Option<i64> = attempt_counts::table
            .filter(attempt_counts::key.eq(key_of(key)))
            .filter(attempt_counts::window_start.eq(self.window_start(Utc::now())))
            .select(attempt_counts::count)
            .first(conn)
            .optional()?;
        Ok(found.unwrap_or(0))
    }
}

/// The longest a sign-in waits because its account is under attack.
const SLOWEST: Duration = Duration::from_secs(8);

/// The limits on signing in, together.
///
/// Failures are refused past a limit per client address and per account *from that address*.
/// Failures of an account from everywhere only slow its sign-ins down, by a delay that doubles
/// with each failure past the limit: a lockout there would let anyone lock anyone out.
#[derive(Debug, Clone, Copy)]
pub struct SignInLimits {
    per_address: RateLimiter,
    per_account_and_address: RateLimiter,
    per_account: RateLimiter,
    account_limit: i64,
}

/// One counted sign-in attempt; tell it how it ended.
#[must_use = "an attempt is counted until it is said to have succeeded or been abandoned"]
#[derive(Debug, Clone)]
pub struct SignInAttempt {
    limits: SignInLimits,
    address: Counted,
    account_and_address: Counted,
    account: String,
}

impl SignInLimits {
    /// `per_account` failures per account from one address and `per_address` per address, within `window`.
    pub fn new(per_account: u32, per_address: u32, window: Duration) -> Self {
        Self {
            per_address: RateLimiter::new("address", per_address, window),
            per_account_and_address: RateLimiter::new("account_from_address", per_account, window),
            per_account: RateLimiter::new("account", u32::MAX, window),
            account_limit: i64::from(per_account),
        }
    }

    /// Counts an attempt to sign in to `account` (the normalised email) from `address`, or
    /// refuses it with 429 when either limit is used up; call in a write transaction.
    pub fn begin(&self, conn: &mut DbConnection, account: &str, address: &str) -> Result<SignInAttempt, ApiError> {
        let address_key = format!("address:{address}");
        let pair_key = format!("account:{account}\naddress:{address}");
        let counted_address = self.per_address.attempt(conn, &address_key).inspect_err(|_| {
            tracing::warn!(%address, "sign-in refused: the client address is over its limit of failed attempts");
        })?;
        let counted_pair = match self.per_account_and_address.attempt(conn, &pair_key) {
            Ok(counted) => counted,
            Err(refused) => {
                // A refusal is not a failed check: it does not count against the address.
                self.per_address.forget(conn, &counted_address)?;
                tracing::warn!(%address, "sign-in refused: this account is over its limit of failed attempts from this address");
                return Err(refused);
            }
        };
        Ok(SignInAttempt {
            limits: *self,
            address: counted_address,
            account_and_address: counted_pair,
            account: format!("account:{account}"),
        })
    }

    /// The refresh and address-only attempts share the address limit.
    pub fn per_address(&self) -> RateLimiter {
        self.per_address
    }

    fn delay_after(&self, failures: i64) -> Duration {
        let excess = failures.saturating_sub(self.account_limit);
        if excess <= 0 {
            return Duration::ZERO;
        }
        let doubling = u32::try_from(excess - 1).unwrap_or(u32::MAX).min(16);
        (Duration::from_millis(250) * 2u32.pow(doubling)).min(SLOWEST)
    }
}

impl SignInAttempt {
    /// How long to wait before checking the password: zero until the account failed more than
    /// its limit from all addresses together within the window.
    pub fn delay(&self, conn: &mut DbConnection) -> Result<Duration, ApiError> {
        Ok(self.limits.delay_after(self.limits.per_account.count(conn, &self.account)?))
    }

    /// The credentials were right: the attempt is not held against anyone.
    pub fn succeeded(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        self.abandon(conn)
    }

    /// The attempt was never carried out (the server was too busy to check it).
    pub fn abandon(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        self.limits.per_address.forget(conn, &self.address)?;
        self.limits.per_account_and_address.forget(conn, &self.account_and_address)
    }

    /// The credentials were wrong: the attempt stays counted, and counts against the account.
    pub fn failed(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        self.limits.per_account.record(conn, &self.account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned_so_that_every_instance_agrees() {
        let limiter = RateLimiter::new("test", 2, Duration::from_secs(60));
        let at = |s: i64| Utc.timestamp_opt(s, 0).single().unwrap_or_default();
        assert_eq!(limiter.window_start(at(125)), at(120).naive_utc());
        assert_eq!(limiter.window_start(at(179)), at(120).naive_utc());
        assert_eq!(limiter.window_start(at(180)), at(180).naive_utc());
    }

    #[test]
    fn an_account_failing_from_everywhere_is_slowed_down_never_locked() {
        let limits = SignInLimits::new(3, 100, Duration::from_secs(60));
        let delays: Vec<u128> = (1..=8).map(|failures| limits.delay_after(failures).as_millis()).collect();
        assert_eq!(delays, [0, 0, 0, 250, 500, 1000, 2000, 4000]);
        assert_eq!(limits.delay_after(1000), SLOWEST);
    }
}
