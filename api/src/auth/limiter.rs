//! Attempt limits for signing in, refreshing and changing a password.
//!
//! An attempt is counted *before* the password or token is checked and forgotten again when it
//! succeeds: checking takes tens of milliseconds, and a limit counted only after the check let
//! every one of 150 parallel guesses through. Keys are kept as SHA-256 digests, so a caller
//! sending long addresses cannot make the table large by the size of its keys.
//!
//! Kept in memory: one server process is the deployment this platform targets today; several
//! would each count their own attempts.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

use crate::error::ApiError;

/// Past this many keys, forgotten windows are swept away on the next attempt.
const SWEEP_ABOVE: usize = 10_000;

/// A key as stored: the digest of what the caller sent.
type Key = [u8; 32];

fn key_of(text: &str) -> Key {
    Sha256::digest(text.as_bytes()).into()
}

/// At most `limit` attempts per key within `window`.
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    attempts: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// A limiter allowing `limit` attempts per `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit: limit as usize, window, attempts: Mutex::new(HashMap::new()) }
    }

    /// Counts an attempt for `key` unless it already used its attempts (429); checking and
    /// counting happen under one lock, so parallel attempts cannot all slip through.
    pub fn attempt(&self, key: &str) -> Result<(), ApiError> {
        self.attempt_at(&key_of(key), Instant::now())
    }

    /// Takes back the latest attempt of `key` (it succeeded, or was never carried out).
    pub fn forget(&self, key: &str) {
        let mut attempts = self.attempts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(recent) = attempts.get_mut(&key_of(key)) {
            recent.pop_back();
        }
    }

    /// Counts an attempt for `key` without any limit (to measure, not to refuse).
    pub fn record(&self, key: &str) {
        let now = Instant::now();
        let mut attempts = self.attempts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Self::recent(&mut attempts, key_of(key), now, self.window).push_back(now);
    }

    /// How many attempts `key` made within the window.
    pub fn count(&self, key: &str) -> usize {
        let mut attempts = self.attempts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Self::recent(&mut attempts, key_of(key), Instant::now(), self.window).len()
    }

    fn attempt_at(&self, key: &Key, now: Instant) -> Result<(), ApiError> {
        let mut attempts = self.attempts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let recent = Self::recent(&mut attempts, *key, now, self.window);
        if recent.len() >= self.limit {
            let oldest = recent.front().copied().unwrap_or(now);
            let wait = self.window.saturating_sub(now.saturating_duration_since(oldest));
            return Err(ApiError::TooManyRequests { retry_after: wait.as_secs().max(1) });
        }
        recent.push_back(now);
        Ok(())
    }

    /// The attempts of `key` still within the window, after sweeping the table when it grew large.
    fn recent(
        attempts: &mut HashMap<Key, VecDeque<Instant>>,
        key: Key,
        now: Instant,
        window: Duration,
    ) -> &mut VecDeque<Instant> {
        if attempts.len() > SWEEP_ABOVE {
            attempts.retain(|_, recent| {
                forget_before(recent, now, window);
                !recent.is_empty()
            });
        }
        let recent = attempts.entry(key).or_default();
        forget_before(recent, now, window);
        recent
    }
}

fn forget_before(recent: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while recent.front().is_some_and(|&at| now.saturating_duration_since(at) >= window) {
        recent.pop_front();
    }
}

/// The longest a sign-in waits because its account is under attack.
const SLOWEST: Duration = Duration::from_secs(8);

/// The limits on signing in, together.
///
/// Failures are refused past a limit per client address and per account *from that address*.
/// Failures of an account from everywhere only slow its sign-ins down, by a delay that doubles
/// with each failure past the limit: a lockout there would let anyone lock anyone out.
pub struct SignInLimits {
    per_address: RateLimiter,
    per_account_and_address: RateLimiter,
    per_account: RateLimiter,
    account_limit: usize,
}

/// One counted sign-in attempt; tell it how it ended.
#[must_use = "an attempt is counted until it is said to have succeeded or been abandoned"]
pub struct SignInAttempt<'a> {
    limits: &'a SignInLimits,
    address: String,
    account_and_address: String,
    account: String,
}

impl SignInLimits {
    /// `per_account` failures per account from one address and `per_address` per address, within `window`.
    pub fn new(per_account: u32, per_address: u32, window: Duration) -> Self {
        Self {
            per_address: RateLimiter::new(per_address, window),
            per_account_and_address: RateLimiter::new(per_account, window),
            per_account: RateLimiter::new(u32::MAX, window),
            account_limit: per_account as usize,
        }
    }

    /// Counts an attempt to sign in to `account` (the normalised email) from `address`, or
    /// refuses it with 429 when either limit is used up.
    pub fn begin(&self, account: &str, address: &str) -> Result<SignInAttempt<'_>, ApiError> {
        let address_key = format!("address:{address}");
        let pair_key = format!("account:{account}\naddress:{address}");
        self.per_address.attempt(&address_key).inspect_err(|_| {
            tracing::warn!(%address, "sign-in refused: the client address is over its limit of failed attempts");
        })?;
        if let Err(refused) = self.per_account_and_address.attempt(&pair_key) {
            // A refusal is not a failed check: it does not count against the address.
            self.per_address.forget(&address_key);
            tracing::warn!(%address, "sign-in refused: this account is over its limit of failed attempts from this address");
            return Err(refused);
        }
        Ok(SignInAttempt {
            limits: self,
            address: address_key,
            account_and_address: pair_key,
            account: format!("account:{account}"),
        })
    }

    /// The refresh and address-only attempts share the address limit.
    pub fn per_address(&self) -> &RateLimiter {
        &self.per_address
    }

    fn delay_after(&self, failures: usize) -> Duration {
        let excess = failures.saturating_sub(self.account_limit);
        if excess == 0 {
            return Duration::ZERO;
        }
        let doubling = u32::try_from(excess - 1).unwrap_or(u32::MAX).min(16);
        (Duration::from_millis(250) * 2u32.pow(doubling)).min(SLOWEST)
    }
}

impl SignInAttempt<'_> {
    /// How long to wait before checking the password: zero until the account failed more than
    /// its limit from all addresses together within the window.
    pub fn delay(&self) -> Duration {
        self.limits.delay_after(self.limits.per_account.count(&self.account))
    }

    /// The credentials were right: the attempt is not held against anyone.
    pub fn succeeded(self) {
        self.abandon();
    }

    /// The attempt was never carried out (the server was too busy to check it).
    pub fn abandon(self) {
        self.limits.per_address.forget(&self.address);
        self.limits.per_account_and_address.forget(&self.account_and_address);
    }

    /// The credentials were wrong: the attempt stays counted, and counts against the account.
    pub fn failed(self) {
        self.limits.per_account.record(&self.account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_beyond_the_limit_wait_for_the_oldest_to_leave_the_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let start = Instant::now();
        let a = key_of("a");
        assert!(limiter.attempt_at(&a, start).is_ok());
        assert!(limiter.attempt_at(&a, start + Duration::from_secs(10)).is_ok());
        match limiter.attempt_at(&a, start + Duration::from_secs(20)) {
            Err(ApiError::TooManyRequests { retry_after }) => assert_eq!(retry_after, 40),
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(limiter.attempt_at(&key_of("b"), start).is_ok(), "keys are counted apart");
        assert!(limiter.attempt_at(&a, start + Duration::from_secs(60)).is_ok(), "the oldest left the window");
    }

    #[test]
    fn parallel_attempts_never_pass_the_limit() {
        let limiter = std::sync::Arc::new(RateLimiter::new(10, Duration::from_secs(60)));
        let threads: Vec<_> = (0..64)
            .map(|_| {
                let limiter = limiter.clone();
                std::thread::spawn(move || limiter.attempt("same key").is_ok())
            })
            .collect();
        let passed = threads.into_iter().map(std::thread::JoinHandle::join).filter(|t| matches!(t, Ok(true))).count();
        assert_eq!(passed, 10);
        limiter.forget("same key");
        assert!(limiter.attempt("same key").is_ok(), "a forgotten attempt frees its place");
        assert!(limiter.attempt("same key").is_err());
    }

    #[test]
    fn an_account_failing_from_everywhere_is_slowed_down_never_locked() {
        let limits = SignInLimits::new(3, 100, Duration::from_secs(60));
        let mut delays = Vec::new();
        for n in 0..8 {
            let attempt = limits.begin("ana@example.org", &format!("10.0.0.{n}")).unwrap_or_else(|e| panic!("{e}"));
            delays.push(attempt.delay().as_millis());
            attempt.failed();
        }
        assert_eq!(delays, [0, 0, 0, 0, 250, 500, 1000, 2000]);
        assert_eq!(limits.delay_after(1000), SLOWEST);
        // From one address, the account's limit refuses; the address's own count is untouched by it.
        for _ in 0..3 {
            limits.begin("bo@example.org", "10.0.1.1").unwrap_or_else(|e| panic!("{e}")).failed();
        }
        assert!(matches!(limits.begin("bo@example.org", "10.0.1.1"), Err(ApiError::TooManyRequests { .. })));
        assert_eq!(limits.per_address.count("address:10.0.1.1"), 3);
        assert!(limits.begin("bo@example.org", "10.0.1.2").is_ok(), "another address is not locked out");
    }
}
