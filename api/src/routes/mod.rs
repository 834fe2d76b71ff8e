//! The HTTP handlers, one module per resource; each module registers its own routes.

pub mod activities;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod calls;
pub mod connections;
pub mod deliverables;
pub mod health;
pub mod hubs;
pub mod indicators;
pub mod organisations;
pub mod problems;
pub mod proposals;
pub mod reference;
pub mod sdgs;
pub mod stakeholders;
pub mod users;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

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
