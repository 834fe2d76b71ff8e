//! The signed-in session: the account (from `/auth/me`) and its access token (in memory only),
//! refreshed silently a minute before the access token expires. The refresh token lives in an
//! `HttpOnly` cookie that no script can read; `localStorage` only remembers that there may be a
//! session to restore, so that a visitor who never signed in makes no refresh call.

use std::time::Duration;

use l4a_shared::account::{Login, Me, Role, TokenPair, may_manage_hub};
use l4a_shared::hub::Hub;
use leptos::prelude::*;

use crate::api::{self, ApiFailure};

const SIGNED_IN_KEY: &str = "l4a.signed_in";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn may_have_session() -> bool {
    storage().and_then(|storage| storage.get_item(SIGNED_IN_KEY).ok().flatten()).is_some()
}

fn remember_session(signed_in: bool) {
    if let Some(storage) = storage() {
        let _ = if signed_in { storage.set_item(SIGNED_IN_KEY, "1") } else { storage.remove_item(SIGNED_IN_KEY) };
        // Sessions of earlier versions kept the refresh token here; it must not linger.
        let _ = storage.remove_item("l4a.refresh_token");
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
        if may_have_session() {
            leptos::task::spawn_local(async move { session.renew().await });
        } else {
            remember_session(false);
            session.state.set(SessionState::Anonymous);
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
        if due {
            leptos::task::spawn_local(async move { self.renew().await });
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
        let _ = api::logout().await;
        self.end();
    }

    fn end(self) {
        self.renew_at.set_value(None);
        api::set_access_token(None);
        remember_session(false);
        self.state.set(SessionState::Anonymous);
    }

    async fn start(self, tokens: TokenPair) -> Result<Me, ApiFailure> {
        api::set_access_token(Some(tokens.access_token.clone()));
        remember_session(true);
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

    /// Exchanges the cookie's refresh token for a new pair, once at a time; a refused one ends
    /// the session. Another tab may have renewed the same cookie a moment earlier (409): the
    /// cookie then already holds the newer token, so trying again shortly succeeds.
    async fn renew(self) {
        if self.renewing.get_value() {
            return;
        }
        self.renewing.set_value(true);
        let mut outcome = api::refresh().await;
        for _ in 0..3 {
            let superseded = matches!(&outcome, Err(ApiFailure::Problem(problem)) if problem.status == 409);
            if !superseded {
                break;
            }
            pause(Duration::from_millis(400)).await;
            outcome = api::refresh().await;
        }
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

/// Waits without blocking the page.
async fn pause(duration: Duration) {
    let (sender, receiver) = futures_channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = sender.send(());
        },
        duration,
    );
    let _ = receiver.await;
}
