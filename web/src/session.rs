//! The signed-in session: the account (from `/auth/me`), its access token (in memory only) and
//! its refresh token (in `localStorage`, so that a reload keeps the session), refreshed silently
//! a minute before the access token expires.

use std::time::Duration;

use l4a_shared::account::{Login, Me, Role, TokenPair, may_manage_hub};
use l4a_shared::hub::Hub;
use leptos::prelude::*;

use crate::api::{self, ApiFailure};

const REFRESH_KEY: &str = "l4a.refresh_token";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored_refresh_token() -> Option<String> {
    storage().and_then(|storage| storage.get_item(REFRESH_KEY).ok().flatten())
}

fn store_refresh_token(token: Option<&str>) {
    if let Some(storage) = storage() {
        let _ = match token {
            Some(token) => storage.set_item(REFRESH_KEY, token),
            None => storage.remove_item(REFRESH_KEY),
        };
    }
}

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Restoring a stored session at start-up.
    Restoring,
    /// Nobody is signed in.
    Anonymous,
    /// An account is signed in.
    SignedIn(Box<Me>),
}

/// The session, shared by every page.
#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    /// When the access token expires; renewal is due a minute before.
    renew_at: StoredValue<Option<chrono::DateTime<chrono::Utc>>>,
    /// Whether a renewal is under way: a refresh token is good for one exchange, and a second
    /// exchange of the same token would end the session as stolen.
    renewing: StoredValue<bool>,
}

impl Session {
    /// Provides the session and restores a stored one.
    pub fn provide() -> Self {
        let session = Self {
            state: RwSignal::new(SessionState::Restoring),
            renew_at: StoredValue::new(None),
            renewing: StoredValue::new(false),
        };
        provide_context(session);
        match stored_refresh_token() {
            Some(token) => leptos::task::spawn_local(async move { session.renew(token).await }),
            None => session.state.set(SessionState::Anonymous),
        }
        // Browsers slow timers down in background tabs: coming back to the tab renews the
        // session at once when the timer has not yet.
        // The listener lives as long as the app: its handle is not kept to remove it.
        let _ = window_event_listener(leptos::ev::focus, move |_| session.renew_if_due());
        session
    }

    /// Renews the session when its access token expires within a minute.
    fn renew_if_due(self) {
        let due = self.renew_at.get_value().is_some_and(|at| chrono::Utc::now() >= at);
        if due && let Some(token) = stored_refresh_token() {
            leptos::task::spawn_local(async move { self.renew(token).await });
        }
    }

    /// The session of the app.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// The signed-in account, if any; reading it subscribes to changes.
    pub fn me(self) -> Option<Me> {
        match self.state.get() {
            SessionState::SignedIn(me) => Some(*me),
            SessionState::Restoring | SessionState::Anonymous => None,
        }
    }

    /// Whether a stored session is still being restored.
    pub fn restoring(self) -> bool {
        self.state.with(|state| *state == SessionState::Restoring)
    }

    /// Whether the signed-in account has `role`.
    pub fn has(self, role: Role) -> bool {
        self.state.with(|state| matches!(state, SessionState::SignedIn(me) if me.user.has(role)))
    }

    /// Whether the signed-in account may change `hub` (the rule the server enforces).
    pub fn may_manage(self, hub: &Hub) -> bool {
        self.state.with(|state| match state {
            SessionState::SignedIn(me) => may_manage_hub(&me.user.roles, &me.user.organisation_ids, hub),
            SessionState::Restoring | SessionState::Anonymous => false,
        })
    }

    /// Signs in; on success the interface takes the account's language.
    pub async fn sign_in(self, login: Login) -> Result<Me, ApiFailure> {
        let tokens = api::login(&login).await?;
        self.start(tokens).await
    }

    /// Reads the account again after it changed (its name, its language).
    pub async fn reload(self) {
        if let Ok(me) = api::me().await {
            self.state.set(SessionState::SignedIn(Box::new(me)));
        }
    }

    /// Ends the session here only (the server already ended it, e.g. after a password change).
    pub fn forget(self) {
        self.end();
    }

    /// Signs out, here and on the server.
    pub async fn sign_out(self) {
        if let Some(token) = stored_refresh_token() {
            let _ = api::logout(&token).await;
        }
        self.end();
    }

    fn end(self) {
        self.renew_at.set_value(None);
        api::set_access_token(None);
        store_refresh_token(None);
        self.state.set(SessionState::Anonymous);
    }

    async fn start(self, tokens: TokenPair) -> Result<Me, ApiFailure> {
        api::set_access_token(Some(tokens.access_token.clone()));
        store_refresh_token(Some(&tokens.refresh_token));
        let me = api::me().await?;
        self.state.set(SessionState::SignedIn(Box::new(me.clone())));
        // Renew a minute before the access token expires.
        let delay = Duration::from_secs(tokens.expires_in.saturating_sub(60).max(10));
        let renew_at =
            chrono::Utc::now() + chrono::Duration::seconds(i64::try_from(delay.as_secs()).unwrap_or(i64::MAX / 2));
        self.renew_at.set_value(Some(renew_at));
        set_timeout(move || self.renew_if_due(), delay);
        Ok(me)
    }

    /// Exchanges the refresh token for a new pair, once at a time; a refused one ends the session.
    async fn renew(self, refresh_token: String) {
        if self.renewing.get_value() {
            return;
        }
        self.renewing.set_value(true);
        let outcome = api::refresh(&refresh_token).await;
        self.renewing.set_value(false);
        match outcome {
            Ok(tokens) => {
                if self.start(tokens).await.is_err() {
                    self.end();
                }
            }
            Err(ApiFailure::Network(_)) if self.restoring() => self.state.set(SessionState::Anonymous),
            Err(ApiFailure::Network(_)) => {}
            Err(_) => self.end(),
        }
    }
}
