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
}

impl Session {
    /// Provides the session and restores a stored one.
    pub fn provide() -> Self {
        let session = Self { state: RwSignal::new(SessionState::Restoring) };
        provide_context(session);
        match stored_refresh_token() {
            Some(token) => leptos::task::spawn_local(async move { session.renew(token).await }),
            None => session.state.set(SessionState::Anonymous),
        }
        session
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
        set_timeout(
            move || {
                if let Some(token) = stored_refresh_token() {
                    leptos::task::spawn_local(async move { self.renew(token).await });
                }
            },
            delay,
        );
        Ok(me)
    }

    /// Exchanges the refresh token for a new pair; a refused one ends the session.
    async fn renew(self, refresh_token: String) {
        match api::refresh(&refresh_token).await {
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
