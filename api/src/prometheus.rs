//! `/metrics` for Prometheus, in its text format: requests per route pattern and status with
//! their latency, the database pool, the webhook queue and its deliveries, refused attempts and
//! the build. Series are labelled by route *pattern* (`/api/v1/hubs/{id}`), and every path no
//! route matches shares the label `unmatched`, so a scanner cannot create series.
//!
//! Off the public listener unless `METRICS_TOKEN` is set (then a scrape sends it as a bearer
//! token); `METRICS_BIND` serves it on an address of its own, for a network only Prometheus reaches.

use std::sync::OnceLock;
use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use subtle::ConstantTimeEq as _;

use crate::db::Db;
use crate::error::ApiError;

/// The request latency buckets, in seconds.
const BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process's recorder (once; later calls return the first). `None` when it could
/// not be installed, and then metrics are dropped rather than the server stopped.
pub fn install() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let built = PrometheusBuilder::new()
                .set_buckets(BUCKETS)
                .and_then(PrometheusBuilder::install_recorder)
                .inspect_err(|error| tracing::warn!(%error, "no Prometheus recorder: /metrics will be empty"))
                .ok()?;
            metrics::gauge!("l4a_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
            // Histograms are kept in buckets that upkeep drains; do it often enough to stay small.
            let upkeep = built.clone();
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                }
            });
            Some(built)
        })
        .clone()
}

/// The methods a request counts under; any other is `other`.
fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts a served request under its route pattern (`unmatched` when no route matched).
pub fn record_request(request: &HttpRequest, status: u16, elapsed: Duration) {
    let route = request.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let labels =
        [("method", method_label(request.method()).to_owned()), ("route", route), ("status", status.to_string())];
    metrics::counter!("l4a_http_requests_total", &labels).increment(1);
    metrics::histogram!("l4a_http_request_duration_seconds", &labels).record(elapsed.as_secs_f64());
}

/// Counts a webhook attempt by how it ended: `delivered`, `retrying` or `gave_up`.
pub fn record_webhook_attempt(outcome: &'static str) {
    metrics::counter!("l4a_webhook_attempts_total", "outcome" => outcome).increment(1);
}

/// Who may scrape, as configured.
#[derive(Clone)]
pub struct Scraping {
    /// The bearer token a scrape on the public listener must send; none keeps it off that listener.
    pub token: Option<String>,
    /// Whether this listener serves scrapes without a token (the `METRICS_BIND` one).
    pub open: bool,
}

/// `GET /metrics`.
pub async fn scrape(
    request: HttpRequest,
    db: web::Data<Db>,
    scraping: web::Data<Scraping>,
) -> Result<HttpResponse, ApiError> {
    if !scraping.open {
        let Some(expected) = &scraping.token else {
            return Err(ApiError::NoRoute { method: request.method().to_string(), path: request.path().to_owned() });
        };
        let sent = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
            return Err(ApiError::Unauthorized {
                detail: "scraping the metrics takes the METRICS_TOKEN bearer token".into(),
            });
        }
    }
    let pool = db.pool_status();
    metrics::gauge!("l4a_db_pool_connections", "state" => "in_use").set(f64::from(pool.in_use));
    metrics::gauge!("l4a_db_pool_connections", "state" => "idle").set(f64::from(pool.idle));
    #[expect(clippy::cast_precision_loss, reason = "a count of waiting callers")]
    metrics::gauge!("l4a_db_pool_waiting").set(pool.waiting as f64);
    let depth = db.read(|conn| Ok(crate::models::webhook::queue_depth(conn)?)).await?;
    #[expect(clippy::cast_precision_loss, reason = "a queue's length")]
    metrics::gauge!("l4a_webhook_queue_depth").set(depth as f64);
    let text = install().map(|handle| handle.render()).unwrap_or_default();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(text))
}
