//! The HTTP handlers, one module per resource; each module registers its own routes.

pub mod activities;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod calls;
pub mod connections;
pub mod deliverables;
pub mod export;
pub mod health;
pub mod hubs;
pub mod indicators;
pub mod metrics;
pub mod organisations;
pub mod problems;
pub mod proposals;
pub mod recommendations;
pub mod reference;
pub mod reports;
pub mod resource;
pub mod sdgs;
pub mod stakeholders;
pub mod users;
pub mod webhooks;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::extract::IfMatch;
use crate::models::Versioned;

/// A JSON response carrying the entity tag of what it returns.
pub struct Tagged<T> {
    /// The response status.
    pub status: StatusCode,
    /// The representation.
    pub body: T,
    /// Its strong ETag.
    pub etag: String,
    /// Where the resource lives, for 201 responses.
    pub location: Option<String>,
}

impl<T: Serialize> Responder for Tagged<T> {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        let mut response = HttpResponse::build(self.status).json(&self.body);
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        response
    }
}

/// How often a change sent without `If-Match` is tried at most when other writers come first.
/// Each failed attempt means another writer's change was committed in between, so the writers
/// as a whole always progress; a writer among N concurrent ones fails at most N - 1 times. Five
/// attempts let one of 20 parallel writers give up on PostgreSQL now and then; 32 covers any
/// burst smaller than that, and a writer that still loses gets a 412 with the current ETag.
const RETRIES_WITHOUT_IF_MATCH: usize = 32;

/// Whether the request's `Accept` header names `media_type` (with or without parameters).
pub fn accepts(request: &HttpRequest, media_type: &str) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.split(',').any(|kind| kind.trim().starts_with(media_type)))
}

/// Loads a resource, checks `If-Match` against it (412 when it differs), and runs `change` on it.
/// `change` answers `None` when another writer changed the resource in between: with `If-Match`
/// that is a 412; without, the caller asked for "last writer wins", so the change is applied
/// again to the newer version. Call inside a write transaction.
pub fn change_if_current<R: Versioned, T>(
    conn: &mut DbConnection,
    load: impl Fn(&mut DbConnection) -> Result<R, ApiError>,
    if_match: &IfMatch,
    mut change: impl FnMut(&mut DbConnection, &R) -> Result<Option<T>, ApiError>,
) -> Result<T, ApiError> {
    let attempts = if *if_match == IfMatch::Absent { RETRIES_WITHOUT_IF_MATCH } else { 1 };
    for _ in 0..attempts {
        let current = load(conn)?;
        if_match.check(&current.etag())?;
        if let Some(changed) = change(conn, &current)? {
            return Ok(changed);
        }
    }
    Err(ApiError::PreconditionFailed { current: load(conn)?.etag() })
}
