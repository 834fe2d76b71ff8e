//! Progress reports: `/api/v1/hubs/{hub}/reports` to list and draft, `/api/v1/reports/{id}` for
//! one, its transitions (`submit`, `approve`, `return`), and the Secretariat's queue
//! (`GET /api/v1/reports?state=submitted`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::ReportQuery;
use l4a_shared::report::{NewReport, Report, ReportAction, ReportDecision, ReportPatch};

use crate::auth::guards::{Admin, ManagedHub, ReadableHub, SignedIn};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::models::report;
use crate::routes::Tagged;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};
use crate::routes::resource::{Resources, tagged};
use crate::workflows;

/// List a hub's progress reports
///
/// Newest period first. Anyone reads the approved ones; the hub's managers, reviewers and
/// administrators also read drafts, submitted and returned ones.
#[utoipa::path(
    tag = "reports",
    params(("hub" = String, Path, description = "The hub's id or slug"), ReportQuery),
    responses(
        (status = 200, description = "One page of reports", body = Page<Report>),
        QueryProblems,
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/reports")]
pub async fn list_reports(
    resources: Resources,
    query: QueryParams<ReportQuery>,
    hub: ReadableHub,
) -> Result<web::Json<Page<Report>>, ApiError> {
    resources.list::<Report>(hub, query.0).await
}

/// Draft a progress report
///
/// A draft may be incomplete; its three narrative parts are needed to submit it. Cited
/// deliverables and activities must be the hub's own.
#[utoipa::path(
    tag = "reports",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    request_body(content = NewReport, content_type = "application/json"),
    responses(
        (status = 201, description = "The draft", body = Report, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/hubs/{hub}/reports")]
pub async fn create_report(
    resources: Resources,
    body: JsonBody<NewReport>,
    hub: ManagedHub,
) -> Result<Tagged<Report>, ApiError> {
    resources.create::<Report>(hub, body.0).await
}

/// The Secretariat's reports
///
/// Every hub's reports, for administrators and reviewers: with `state=submitted`, the queue of
/// reports waiting for a decision, oldest submission first.
#[utoipa::path(
    tag = "reports",
    params(ReportQuery),
    responses(
        (status = 200, description = "One page of reports", body = Page<Report>),
        QueryProblems,
        SignedIn,
    )
)]
#[get("/reports")]
pub async fn report_queue(
    who: SignedIn,
    db: web::Data<Db>,
    query: QueryParams<ReportQuery>,
) -> Result<web::Json<Page<Report>>, ApiError> {
    let (SignedIn(who), QueryParams(query)) = (who, query);
    if !who.reads_everything() {
        let detail = "only the Secretariat and the board read every hub's reports".into();
        return Err(ApiError::Forbidden { detail, errors: Vec::new() });
    }
    let page = db.read(move |conn| Ok(report::list(conn, None, &query, true)?)).await?;
    Ok(web::Json(page))
}

/// Get a progress report
#[utoipa::path(
    tag = "reports",
    params(("id" = String, Path, description = "The report's id")),
    responses(
        (status = 200, description = "The report", body = Report, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No report the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/reports/{id}")]
pub async fn find_report(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
) -> Result<Tagged<Report>, ApiError> {
    resources.find::<Report>(who, id.into_inner()).await
}

/// Update a draft or returned report
///
/// A JSON merge patch; send the `ETag` you read in `If-Match`. A submitted or approved report
/// can no longer change (409).
#[utoipa::path(
    tag = "reports",
    params(
        ("id" = String, Path, description = "The report's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (ReportPatch = "application/merge-patch+json"),
        (ReportPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated report", body = Report, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No report has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        ManagedHub,
    )
)]
#[patch("/reports/{id}")]
pub async fn update_report(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<ReportPatch>,
) -> Result<Tagged<Report>, ApiError> {
    resources.update::<Report>(who, id.into_inner(), if_match, body.0).await
}

/// Delete a draft or returned report
#[utoipa::path(
    tag = "reports",
    params(
        ("id" = String, Path, description = "The report's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    responses(
        (status = 204, description = "The report is deleted"),
        (status = 404, description = "No report has this id", body = Problem, content_type = "application/problem+json"),
        IfMatchProblems,
        ManagedHub,
    )
)]
#[delete("/reports/{id}")]
pub async fn delete_report(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    resources.delete::<Report>(who, id.into_inner(), if_match).await
}

/// Takes `action` on a report and answers with it.
async fn act(
    db: web::Data<Db>,
    who: crate::auth::Principal,
    id: String,
    action: ReportAction,
    decision: ReportDecision,
) -> Result<Tagged<Report>, ApiError> {
    let stored = db.write(move |conn| workflows::reports::act(conn, &who, &id, action, &decision)).await?;
    Ok(tagged(stored, true, StatusCode::OK))
}

/// Submit a report to the Secretariat
///
/// A draft or returned report, its three narrative parts written (422 naming each missing one).
/// The hub's figures and indicators are frozen into it now.
#[utoipa::path(
    tag = "reports",
    params(("id" = String, Path, description = "The report's id")),
    responses(
        (status = 200, description = "The submitted report", body = Report),
        (status = 404, description = "No report the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is already submitted or approved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A narrative part is missing", body = Problem, content_type = "application/problem+json"),
        ManagedHub,
    )
)]
#[post("/reports/{id}/submit")]
pub async fn submit_report(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<Report>, ApiError> {
    act(db, who, id.into_inner(), ReportAction::Submit, ReportDecision::default()).await
}

/// Approve a submitted report
///
/// It becomes public, with the day and the administrator's name, and counts for the hub's
/// reporting status.
#[utoipa::path(
    tag = "reports",
    params(("id" = String, Path, description = "The report's id")),
    request_body(content = ReportDecision, content_type = "application/json"),
    responses(
        (status = 200, description = "The approved report", body = Report),
        (status = 404, description = "No report has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not submitted", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        Admin,
    )
)]
#[post("/reports/{id}/approve")]
pub async fn approve_report(
    admin: Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
    body: JsonBody<ReportDecision>,
) -> Result<Tagged<Report>, ApiError> {
    act(db, admin.0, id.into_inner(), ReportAction::Approve, body.0).await
}

/// Return a submitted report
///
/// Back to the hub's managers with the Secretariat's comments (required); they edit and
/// submit it again.
#[utoipa::path(
    tag = "reports",
    params(("id" = String, Path, description = "The report's id")),
    request_body(content = ReportDecision, content_type = "application/json"),
    responses(
        (status = 200, description = "The returned report", body = Report),
        (status = 404, description = "No report has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not submitted", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        Admin,
    )
)]
#[post("/reports/{id}/return")]
pub async fn return_report(
    admin: Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
    body: JsonBody<ReportDecision>,
) -> Result<Tagged<Report>, ApiError> {
    act(db, admin.0, id.into_inner(), ReportAction::Return, body.0).await
}

/// Registers the report routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_reports)
        .service(create_report)
        .service(report_queue)
        .service(find_report)
        .service(update_report)
        .service(delete_report)
        .service(submit_report)
        .service(approve_report)
        .service(return_report);
}
