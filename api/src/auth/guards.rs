//! Authorization as types. A handler states what it needs in its signature — [`SignedIn`],
//! [`Admin`], a hub the caller may read ([`ReadableHub`]) or change ([`ManagedHub`]) — and the
//! guard refuses. `Admin` and `SignedIn` decide from the caller alone, in the extractor, so a
//! caller without the role is refused whatever the body holds; the hub guards need the database
//! and decide inside the handler's transaction (see [`ReadableHub`]).
//!
//! The `*_hub` functions take a connection, for checks inside a write's transaction and for hubs
//! named by a stored row rather than the path.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::Principal;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::models::hub::{self, HubAccess, HubKey, StoredHub};

/// A caller with credentials: an account or an API key (401 otherwise).
#[derive(Debug, Clone)]
pub struct SignedIn(pub Principal);

/// One of the Secretariat's administrators (401 without credentials, 403 for anyone else).
#[derive(Debug, Clone)]
pub struct Admin(pub Principal);

/// The hub named by the path's `{hub}` segment (an id or a slug), which the caller must be able
/// to read: [`ReadableHub::resolve`] answers 404 otherwise, as if it did not exist.
///
/// Unlike `Admin`, the hub guards check inside the handler's transaction rather than in the
/// extractor: actix polls a handler's extractors together, so a guard that queried the database
/// would race the body's extractor, and which of a 404 and a 422 a caller gets would depend on
/// timing. Checked in the transaction, the decision also sees exactly the state the change sees.
#[derive(Debug, Clone)]
pub struct ReadableHub {
    /// The caller.
    pub who: Principal,
    /// The path segment naming the hub.
    key: String,
}

impl ReadableHub {
    /// The hub, if the caller may read it.
    pub fn resolve(&self, conn: &mut DbConnection) -> Result<HubAccess, ApiError> {
        readable_hub(conn, HubKey::IdOrSlug(&self.key), &self.who)
    }
}

/// The hub named by the path's `{hub}` segment, which the caller must be able to change:
/// [`ManagedHub::resolve`] answers 404 when they may not read it, 401 or 403 when they may read
/// but not change it. Checked inside the handler's transaction, as [`ReadableHub`] explains.
#[derive(Debug, Clone)]
pub struct ManagedHub {
    /// The caller.
    pub who: Principal,
    /// The path segment naming the hub.
    key: String,
}

impl ManagedHub {
    /// The hub, if the caller may change it.
    pub fn resolve(&self, conn: &mut DbConnection) -> Result<HubAccess, ApiError> {
        managed_hub(conn, HubKey::IdOrSlug(&self.key), &self.who)
    }
}

fn principal(request: &HttpRequest) -> LocalBoxFuture<'static, Result<Principal, ApiError>> {
    let mut payload = Payload::None;
    Principal::from_request(request, &mut payload)
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let who = principal(request);
        Box::pin(async move {
            let who = who.await?;
            who.signed_in()?;
            Ok(SignedIn(who))
        })
    }
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let who = principal(request);
        Box::pin(async move {
            let who = who.await?;
            who.admin()?;
            Ok(Admin(who))
        })
    }
}

/// The caller and the path's `{hub}` segment; nothing is looked up yet.
fn path_hub(request: &HttpRequest) -> LocalBoxFuture<'static, Result<(Principal, String), ApiError>> {
    let who = principal(request);
    let key = request.match_info().get("hub").map(str::to_owned);
    Box::pin(async move {
        let key = key.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a hub guard on a path without {{hub}}")))?;
        Ok((who.await?, key))
    })
}

impl FromRequest for ReadableHub {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let resolved = path_hub(request);
        Box::pin(async move { resolved.await.map(|(who, key)| ReadableHub { who, key }) })
    }
}

impl FromRequest for ManagedHub {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let resolved = path_hub(request);
        Box::pin(async move { resolved.await.map(|(who, key)| ManagedHub { who, key }) })
    }
}

/// The hub if the caller may read it; a 404 otherwise, as if it did not exist.
pub fn readable_hub(conn: &mut DbConnection, key: HubKey<'_>, who: &Principal) -> Result<HubAccess, ApiError> {
    let access = hub::get_access(conn, key)?;
    who.read(&access)?;
    Ok(access)
}

/// The hub if the caller may change it: 404 when they may not read it, 401 or 403 when they may
/// read but not change it.
pub fn managed_hub(conn: &mut DbConnection, key: HubKey<'_>, who: &Principal) -> Result<HubAccess, ApiError> {
    let access = hub::get_access(conn, key)?;
    who.change(&access)?;
    Ok(access)
}

/// The whole hub, with its version, if the caller may read it (404 otherwise).
pub fn readable_stored_hub(conn: &mut DbConnection, key: HubKey<'_>, who: &Principal) -> Result<StoredHub, ApiError> {
    let stored = hub::get(conn, key)?;
    who.read(&stored.item)?;
    Ok(stored)
}

/// The whole hub, with its version, if the caller may change it.
pub fn managed_stored_hub(conn: &mut DbConnection, key: HubKey<'_>, who: &Principal) -> Result<StoredHub, ApiError> {
    let stored = hub::get(conn, key)?;
    who.change(&stored.item)?;
    Ok(stored)
}
