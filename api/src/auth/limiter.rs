//! Attempt limits for signing in and refreshing: a sliding window of recent attempts per key
//! (an account, a client address). Kept in memory: one server process is the deployment this
//! platform targets; several would each count their own attempts.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::ApiError;

/// Past this many keys, forgotten windows are swept away on the next attempt.
const SWEEP_ABOVE: usize = 10_000;

/// At most `limit` attempts per key within `window`.
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    attempts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// A limiter allowing `limit` attempts per `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit: limit as usize, window, attempts: Mutex::new(HashMap::new()) }
    }

    /// Refuses with 429 when `key` already used its attempts; does not count one.
    pub fn check(&self, key: &str) -> Result<(), ApiError> {
        self.check_at(key, Instant::now())
    }

    /// Counts an attempt for `key`.
    pub fn record(&self, key: &str) {
        self.record_at(key, Instant::now());
    }

    /// Checks, then counts an attempt.
    pub fn attempt(&self, key: &str) -> Result<(), ApiError> {
        let now = Instant::now();
        self.check_at(key, now)?;
        self.record_at(key, now);
        Ok(())
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), ApiError> {
        let mut attempts = self.attempts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(recent) = attempts.get_mut(key) else { return Ok(()) };
        forget_before(recent, now, self.window);
        if recent.len() < self.limit {
            return Ok(());
        }
        let oldest = recent.front().copied().unwrap_or(now);
        let wait = self.window.saturating_sub(now.saturating_duration_since(oldest));
        Err(ApiError::TooManyRequests { retry_after: wait.as_secs().max(1) })
    }

    fn record_at(&self, key: &str, now: Instant) {
        let mut attempts = self.attempts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if attempts.len() > SWEEP_ABOVE {
            attempts.retain(|_, recent| {
                forget_before(recent, now, self.window);
                !recent.is_empty()
            });
        }
        let recent = attempts.entry(key.to_owned()).or_default();
        forget_before(recent, now, self.window);
        recent.push_back(now);
    }
}

fn forget_before(recent: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while recent.front().is_some_and(|&at| now.saturating_duration_since(at) >= window) {
        recent.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_beyond_the_limit_wait_for_the_oldest_to_leave_the_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let start = Instant::now();
        limiter.record_at("a", start);
        limiter.record_at("a", start + Duration::from_secs(10));
        match limiter.check_at("a", start + Duration::from_secs(20)) {
            Err(ApiError::TooManyRequests { retry_after }) => assert_eq!(retry_after, 40),
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(limiter.check_at("b", start).is_ok(), "keys are counted apart");
        assert!(limiter.check_at("a", start + Duration::from_secs(60)).is_ok(), "the oldest left the window");
    }
}
