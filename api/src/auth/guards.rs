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

/// An extractor that asks nothing but the caller (and for the hub guards the path), and decides
/// with `decide`; the caller is already resolved by `auth::authenticate`, so nothing waits.
fn guard<T: 'static>(
    request: &HttpRequest,
    decide: impl FnOnce(Principal) -> Result<T, ApiError> + 'static,
) -> LocalBoxFuture<'static, Result<T, ApiError>> {
    let who = Principal::from_request(request, &mut Payload::None);
    Box::pin(async move { decide(who.await?) })
}

/// The path's `{hub}` segment, which a hub guard needs.
fn hub_segment(request: &HttpRequest) -> Result<String, ApiError> {
    let segment = request.match_info().get("hub").map(str::to_owned);
    segment.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a hub guard on a path without {{hub}}")))
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        guard(request, |who| {
            who.signed_in()?;
            Ok(SignedIn(who))
        })
    }
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        guard(request, |who| {
            who.admin()?;
            Ok(Admin(who))
        })
    }
}

impl FromRequest for ReadableHub {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = hub_segment(request);
        guard(request, |who| Ok(ReadableHub { who, key: key? }))
    }
}

impl FromRequest for ManagedHub {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = hub_segment(request);
        guard(request, |who| Ok(ManagedHub { who, key: key? }))
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

/// Whether an operation needs credentials, as its guard tells the OpenAPI document.
///
/// A handler lists its guard among its `responses(...)`, beside the same guard in its signature:
/// the guard contributes its 401 and 403 and marks the 401 with [`CREDENTIALS_MARK`].
/// `openapi::declare_security` turns the mark into the operation's security requirements, so the
/// document has no list of paths; an API test calls every operation without credentials to prove
/// that the marks and the guards agree. An operation that lists no guard needs no credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    /// 401 without credentials.
    Required,
    /// Anyone may call; credentials, when sent, are checked and may show more.
    Optional,
}

/// The extension on a guard's 401 that carries its [`Credentials`]; removed from the document.
pub const CREDENTIALS_MARK: &str = "x-l4a-credentials";

impl Credentials {
    pub fn as_str(self) -> &'static str {
        match self {
            Credentials::Required => "required",
            Credentials::Optional => "optional",
        }
    }
}

/// A guard's two refusals, its 401 marked with what it needs.
fn refusals(
    credentials: Credentials,
    unauthorized: &str,
    forbidden: &str,
) -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>> {
    use utoipa::openapi::extensions::ExtensionsBuilder;
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let problem = |description: &str| {
        ResponseBuilder::new().description(description).content(
            "application/problem+json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
        )
    };
    let mark = ExtensionsBuilder::new().add(CREDENTIALS_MARK, credentials.as_str()).build();
    [
        ("401".to_owned(), problem(unauthorized).extensions(Some(mark)).build().into()),
        ("403".to_owned(), problem(forbidden).build().into()),
    ]
    .into()
}

const NO_CREDENTIALS: &str = "No valid credentials: none, or a token that is expired, revoked or not ours";

impl utoipa::IntoResponses for SignedIn {
    fn responses() -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>> {
        refusals(Credentials::Required, NO_CREDENTIALS, "The credentials do not allow this, on this object")
    }
}

impl utoipa::IntoResponses for Admin {
    fn responses() -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>> {
        refusals(Credentials::Required, NO_CREDENTIALS, "Only the Secretariat's administrators may do this")
    }
}

impl utoipa::IntoResponses for ManagedHub {
    fn responses() -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>> {
        refusals(
            Credentials::Required,
            NO_CREDENTIALS,
            "The caller may read the hub but not change it: only its lead organisation's hub managers and the \
             Secretariat's administrators may (an API key also needs the `write` scope)",
        )
    }
}

/// Public data: anyone may read it; credentials, when sent, may show more (private contact
/// details, hubs not yet public).
impl utoipa::IntoResponses for Principal {
    fn responses() -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>> {
        refusals(
            Credentials::Optional,
            "Credentials were sent but are not valid: expired, revoked, not ours, or two at once",
            "The API key sent lacks the `read` scope",
        )
    }
}
