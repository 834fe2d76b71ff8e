//! Liveness and readiness probes for orchestrators and load balancers.

use actix_web::{HttpResponse, get, web};
use diesel::RunQueryDsl as _;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::ApiError;

/// The body of a probe that passed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "The process answers", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers a query.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer", body = l4a_shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(db: web::Data<Db>) -> Result<HttpResponse, ApiError> {
    db.read(|conn| diesel::sql_query("SELECT 1").execute(conn).map_err(|e| ApiError::Unavailable(e.to_string())))
        .await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}

/// Registers the probes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(healthz).service(readyz);
}
