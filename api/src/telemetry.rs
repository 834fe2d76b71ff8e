//! Logging: the tracing subscriber, and the middleware that gives every request an id, logs it
//! once, and makes sure no error leaves the server as anything but problem+json.

use std::time::Instant;

use actix_web::HttpMessage as _;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use l4a_shared::problem::{PROBLEM_JSON, Problem};
use tracing::Instrument as _;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;
use crate::error::problem_response;

/// The header carrying the request id, both ways.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Installs the global subscriber, writing to standard error (`RUST_LOG` refines the levels).
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    // A second call (tests in one process) keeps the first subscriber.
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// A client's request id is kept when it is short and printable, so that logs can be joined across systems.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_graphic()))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned)
}

/// Wraps every request: id, span, one log line, the problem+json safety net, cache headers.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let id = request_id(&req);
    let span = tracing::info_span!("request", id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    let is_api = req.path().starts_with("/api/");
    let path = req.path().to_owned();
    let is_read = matches!(*req.method(), actix_web::http::Method::GET | actix_web::http::Method::HEAD);
    let mut res = next.call(req).instrument(span.clone()).await?.map_into_boxed_body();

    let status = res.status();
    let _entered = span.enter();
    let client = crate::client_address::client_address(res.request());
    let principal = res
        .request()
        .extensions()
        .get::<crate::auth::LoggedAs>()
        .map_or_else(|| "anonymous".to_owned(), |logged| logged.0.clone());
    let elapsed_ms = started.elapsed().as_millis();
    crate::prometheus::record_request(res.request(), status.as_u16(), started.elapsed());
    if status.is_server_error() {
        let cause = res.response().error().map(|e| format!("{:?}", e.as_response_error())).unwrap_or_default();
        tracing::error!(status = status.as_u16(), elapsed_ms, %client, %principal, cause, "request failed");
    } else if is_api && (status == StatusCode::FORBIDDEN || (status == StatusCode::UNAUTHORIZED && !is_read)) {
        tracing::warn!(status = status.as_u16(), elapsed_ms, %client, %principal, "request refused");
    } else {
        tracing::info!(status = status.as_u16(), elapsed_ms, %client, %principal, "request served");
    }

    if (status.is_client_error() || status.is_server_error()) && !is_problem(&res) {
        res = as_problem(res);
    }
    let headers = res.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(REQUEST_ID, value);
    }
    if !is_api && !headers.contains_key(header::CACHE_CONTROL) {
        // Content-hashed names are kept a year; the rest is revalidated (by ETag).
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(crate::spa::cache_control(&path)));
    }
    Ok(res)
}

fn is_problem(res: &ServiceResponse<BoxBody>) -> bool {
    res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(PROBLEM_JSON))
}

/// Replaces a plain error body (from actix itself or a static file service) with a problem document.
fn as_problem(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let reason = status.canonical_reason().unwrap_or("Error");
    let code = reason.to_ascii_lowercase().replace([' ', '-'], "_");
    let detail = if status.is_server_error() { "internal error".to_owned() } else { reason.to_owned() };
    let (req, original) = res.into_parts();
    let mut replaced = problem_response(&Problem::new(status.as_u16(), &code, reason, detail));
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE, header::ETAG] {
        if let Some(value) = original.headers().get(&name) {
            replaced.headers_mut().insert(name, value.clone());
        }
    }
    ServiceResponse::new(req, replaced)
}
