//! Policy recommendations: `/api/v1/recommendations` (the Secretariat writes, publishes and
//! withdraws them; everyone reads the published ones) and `/api/v1/hubs/{hub}/recommendations`
//! (the published ones citing a hub).

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::RecommendationQuery;
use l4a_shared::recommendation::{NewRecommendation, PolicyRecommendation, RecommendationAction, RecommendationPatch};

use crate::auth::guards::{Admin, ReadableHub};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::models::Versioned as _;
use crate::models::recommendation::{self, StoredRecommendation};
use crate::routes::problems::{BodyProblems, ChangeProblems, QueryProblems};
use crate::routes::{Tagged, change_if_current};

fn tagged(stored: StoredRecommendation, status: StatusCode) -> Tagged<PolicyRecommendation> {
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/recommendations/{}", stored.item.id));
    Tagged { status, etag: stored.etag(), body: stored.item, location }
}

/// List policy recommendations
///
/// Newest first. Everyone reads the published ones; the Secretariat and the board also read
/// drafts and withdrawn ones.
#[utoipa::path(
    tag = "recommendations",
    params(RecommendationQuery),
    responses(
        (status = 200, description = "One page of recommendations", body = Page<PolicyRecommendation>),
        QueryProblems,
        Principal,
    )
)]
#[get("/recommendations")]
pub async fn list_recommendations(
    who: Principal,
    db: web::Data<Db>,
    query: QueryParams<RecommendationQuery>,
) -> Result<web::Json<Page<PolicyRecommendation>>, ApiError> {
    let (private, QueryParams(query)) = (who.reads_everything(), query);
    Ok(web::Json(db.read(move |conn| Ok(recommendation::list(conn, &query, None, private)?)).await?))
}

/// The published recommendations citing a hub
///
/// Those citing the hub itself or any of its deliverables, indicators or approved reports.
#[utoipa::path(
    tag = "recommendations",
    params(("hub" = String, Path, description = "The hub's id or slug"), RecommendationQuery),
    responses(
        (status = 200, description = "One page of recommendations", body = Page<PolicyRecommendation>),
        QueryProblems,
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/recommendations")]
pub async fn hub_recommendations(
    hub: ReadableHub,
    db: web::Data<Db>,
    query: QueryParams<RecommendationQuery>,
) -> Result<web::Json<Page<PolicyRecommendation>>, ApiError> {
    let QueryParams(query) = query;
    let page = db
        .read(move |conn| {
            let access = hub.resolve(conn)?;
            Ok(recommendation::list(conn, &query, Some(&access.id), false)?)
        })
        .await?;
    Ok(web::Json(page))
}

/// Draft a policy recommendation
///
/// For a policy council, in the three languages (English required), citing at least one piece
/// of public evidence: a hub, a deliverable or indicator of a public hub, or an approved
/// progress report, each with a note on what it shows. Evidence that is missing or not public is
/// a 422 naming the citation.
#[utoipa::path(
    tag = "recommendations",
    request_body(content = NewRecommendation, content_type = "application/json"),
    responses(
        (status = 201, description = "The draft", body = PolicyRecommendation, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        BodyProblems,
        Admin,
    )
)]
#[post("/recommendations")]
pub async fn create_recommendation(
    admin: Admin,
    db: web::Data<Db>,
    body: JsonBody<NewRecommendation>,
) -> Result<Tagged<PolicyRecommendation>, ApiError> {
    let valid = body.0.validate()?;
    let stored = db.write(move |conn| Ok(recommendation::create(conn, &admin.0.actor(), &valid)?)).await?;
    Ok(tagged(stored, StatusCode::CREATED))
}

/// Get a policy recommendation
#[utoipa::path(
    tag = "recommendations",
    params(("id" = String, Path, description = "The recommendation's id")),
    responses(
        (status = 200, description = "The recommendation", body = PolicyRecommendation, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No recommendation the caller may read has this id", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/recommendations/{id}")]
pub async fn find_recommendation(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<PolicyRecommendation>, ApiError> {
    let id = id.into_inner();
    let stored = db.read(move |conn| Ok(recommendation::get(conn, &id)?)).await?;
    if stored.item.state != l4a_shared::recommendation::RecommendationState::Published && !who.reads_everything() {
        return Err(ApiError::NotFound { resource: "recommendation", key: stored.item.id });
    }
    Ok(tagged(stored, StatusCode::OK))
}

/// Update a policy recommendation
///
/// A JSON merge patch; send the `ETag` you read in `If-Match`. Citations are checked again.
#[utoipa::path(
    tag = "recommendations",
    params(
        ("id" = String, Path, description = "The recommendation's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (RecommendationPatch = "application/merge-patch+json"),
        (RecommendationPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated recommendation", body = PolicyRecommendation, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No recommendation has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        Admin,
    )
)]
#[patch("/recommendations/{id}")]
pub async fn update_recommendation(
    admin: Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<RecommendationPatch>,
) -> Result<Tagged<PolicyRecommendation>, ApiError> {
    let (id, patch, actor) = (id.into_inner(), body.0, admin.0.actor());
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| Ok(recommendation::get(conn, &id)?),
                &if_match,
                |conn, current| {
                    let valid = patch.clone().apply_to(&current.item).validate()?;
                    Ok(recommendation::update(conn, &actor, current, &valid)?)
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Moves a recommendation through `action`: a 409 when its state does not allow it.
async fn act(
    admin: Admin,
    db: web::Data<Db>,
    id: String,
    action: RecommendationAction,
) -> Result<Tagged<PolicyRecommendation>, ApiError> {
    let actor = admin.0.actor();
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| Ok(recommendation::get(conn, &id)?),
                &IfMatch::Absent,
                |conn, current| {
                    let to = current.item.state.after(action).ok_or_else(|| ApiError::Conflict {
                        code: "illegal_transition",
                        detail: format!("the recommendation is {}: it cannot {}", current.item.state, action.as_str()),
                        errors: Vec::new(),
                    })?;
                    Ok(recommendation::transition(conn, &actor, current, to, action.as_str())?)
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Publish a policy recommendation
///
/// A draft or withdrawn one becomes public.
#[utoipa::path(
    tag = "recommendations",
    params(("id" = String, Path, description = "The recommendation's id")),
    responses(
        (status = 200, description = "The published recommendation", body = PolicyRecommendation),
        (status = 404, description = "No recommendation has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is already published", body = Problem, content_type = "application/problem+json"),
        Admin,
    )
)]
#[post("/recommendations/{id}/publish")]
pub async fn publish_recommendation(
    admin: Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<PolicyRecommendation>, ApiError> {
    act(admin, db, id.into_inner(), RecommendationAction::Publish).await
}

/// Withdraw a policy recommendation
///
/// A published one is taken back from the public.
#[utoipa::path(
    tag = "recommendations",
    params(("id" = String, Path, description = "The recommendation's id")),
    responses(
        (status = 200, description = "The withdrawn recommendation", body = PolicyRecommendation),
        (status = 404, description = "No recommendation has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not published", body = Problem, content_type = "application/problem+json"),
        Admin,
    )
)]
#[post("/recommendations/{id}/withdraw")]
pub async fn withdraw_recommendation(
    admin: Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<PolicyRecommendation>, ApiError> {
    act(admin, db, id.into_inner(), RecommendationAction::Withdraw).await
}

/// Registers the recommendation routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_recommendations)
        .service(hub_recommendations)
        .service(create_recommendation)
        .service(find_recommendation)
        .service(update_recommendation)
        .service(publish_recommendation)
        .service(withdraw_recommendation);
}
