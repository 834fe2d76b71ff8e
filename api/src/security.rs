//! The browser-facing protections every response carries: a Content-Security-Policy, framing,
//! sniffing, referrer and permission policies, HSTS when configured, and `Cache-Control:
//! no-store` on whatever a request with credentials receives (tokens, private contacts).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;

/// The web app and the API: the app's own script and WebAssembly, nothing from elsewhere, and
/// no framing. Styles may be inline because the app sets some as attributes (bar widths, goal
/// colours); scripts may not.
const APP_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Swagger UI (`/api/docs/`), whose page starts itself with inline script and styles.
const DOCS_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// What the browser may use on our pages: none of these.
const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

/// Whether to add `Strict-Transport-Security`, as configured (`HSTS=true`).
#[derive(Debug, Clone, Copy)]
pub struct Hsts(pub bool);

/// Whether a request carries credentials of any kind.
fn has_credentials(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    headers.contains_key(header::AUTHORIZATION)
        || headers.contains_key("x-api-key")
        || headers.contains_key(header::COOKIE)
}

/// Adds the headers to every response.
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let hsts = req.app_data::<actix_web::web::Data<Hsts>>().is_some_and(|hsts| hsts.0);
    let docs = req.path().starts_with("/api/docs");
    // Answers to credentials are personal: tokens, private contacts, unpublished hubs.
    let personal =
        req.path().starts_with("/api/") && (has_credentials(&req) || req.path().starts_with("/api/v1/auth/"));
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    let policy = if docs { DOCS_POLICY } else { APP_POLICY };
    let fixed: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if hsts {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    if personal {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.append(header::VARY, HeaderValue::from_static("Authorization, X-API-Key, Cookie"));
    }
    Ok(res)
}
