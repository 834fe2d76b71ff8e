//! `/api/v1/audit` and `/api/v1/hubs/{hub}/history`: the trail of every change.

use actix_web::{get, web};
use l4a_shared::account::AuditEntry;
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::{AuditQuery, PageQuery};

use crate::auth::guards::{Admin, ManagedHub};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::models::audit;
use crate::routes::problems::QueryProblems;

/// Read the audit trail
///
/// Every change, newest first, filtered by entity, record, actor and day (the Secretariat's).
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of the trail", body = Page<AuditEntry>),
        QueryProblems,
        Admin,
    )
)]
#[get("/audit")]
pub async fn list_audit(
    _: Admin,
    db: web::Data<Db>,
    query: QueryParams<AuditQuery>,
) -> Result<web::Json<Page<AuditEntry>>, ApiError> {
    let QueryParams(query) = query;
    Ok(web::Json(db.read(move |conn| Ok(audit::list(conn, &query, None)?)).await?))
}

/// Read a hub's history
///
/// Every change to the hub and what belongs to it, newest first (for its managers and the Secretariat).
#[utoipa::path(
    tag = "audit",
    params(("hub" = String, Path, description = "The hub's id or slug"), PageQuery),
    responses(
        (status = 200, description = "One page of the hub's history", body = Page<AuditEntry>),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        QueryProblems,
        ManagedHub,
    )
)]
#[get("/hubs/{hub}/history")]
pub async fn hub_history(
    db: web::Data<Db>,
    query: QueryParams<PageQuery>,
    hub: ManagedHub,
) -> Result<web::Json<Page<AuditEntry>>, ApiError> {
    let QueryParams(query) = query;
    let query = AuditQuery { page: query.page, per_page: query.per_page, ..AuditQuery::default() };
    let page = db
        .read(move |conn| {
            let hub = hub.resolve(conn)?;
            Ok(audit::list(conn, &query, Some(&hub.id))?)
        })
        .await?;
    Ok(web::Json(page))
}

/// Registers the audit routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_audit).service(hub_history);
}
