//! Connections between hubs: `/api/v1/hubs/{hub}/connections` to list (from both ends) and
//! request, `/api/v1/connections/{id}/decision` for the other hub to answer, and
//! `/api/v1/connections/{id}` to remove. One hub alone cannot link itself to another: only a
//! connection the other side accepted is public and counts in the synchronization degree.

use actix_web::{HttpResponse, delete, get, post, web};
use l4a_shared::connection::{Connection, ConnectionDecision, ConnectionOutcome, ConnectionState, NewConnection};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::PageQuery;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

use crate::auth::guards::{self, ManagedHub, ReadableHub};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{JsonBody, Principal, QueryParams};
use crate::models::hub::HubKey;
use crate::models::{connection, hub};
use crate::routes::problems::{BodyProblems, QueryProblems};

/// List a hub's connections
///
/// Every accepted connection that involves the hub, whichever end recorded it, newest first.
/// The managers of the hub also see the requests it sent or received, and those declined.
#[utoipa::path(
    tag = "connections",
    params(("hub" = String, Path, description = "The hub's id or slug"), PageQuery),
    responses(
        (status = 200, description = "One page of connections", body = Page<Connection>),
        QueryProblems,
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/connections")]
pub async fn list_connections(
    db: web::Data<Db>,
    query: QueryParams<PageQuery>,
    hub: ReadableHub,
) -> Result<web::Json<Page<Connection>>, ApiError> {
    let QueryParams(query) = query;
    let page = db
        .read(move |conn| {
            let (who, hub) = (&hub.who, hub.resolve(conn)?);
            // Requests not yet answered are the two hubs' business.
            let with_requests = who.may_manage(&hub) || who.reads_everything();
            let visible = hub::visible_ids(conn, &who.hub_visibility())?;
            Ok(connection::list(conn, &hub.id, visible.as_deref(), with_requests, query.page, query.per_page)?)
        })
        .await?;
    Ok(web::Json(page))
}

/// Ask another hub for a connection
///
/// The connection is a request (`state: requested`) until the other hub's managers or an admin
/// accept it; it is accepted at once when the caller also manages the other hub (or is an
/// admin). A hub is not connected to itself (422), and a pair of hubs is connected once per kind
/// (409).
#[utoipa::path(
    tag = "connections",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    request_body(content = NewConnection, content_type = "application/json"),
    responses(
        (status = 201, description = "The connection was requested, or recorded as accepted", body = Connection, headers(("Location" = String, description = "The connection's URL"))),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The two hubs are already connected this way", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/hubs/{hub}/connections")]
pub async fn create_connection(
    db: web::Data<Db>,
    body: JsonBody<NewConnection>,
    hub: ManagedHub,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let created = db
        .write(move |conn| {
            let (who, hub) = (&hub.who, hub.resolve(conn)?);
            let valid = new.validate()?;
            let refuse = |rule, message: String| {
                let mut errors = ValidationErrors::default();
                errors.push("other_hub_id", Invalid::new(rule, message));
                ApiError::Validation(errors)
            };
            let other = hub::find_access(conn, HubKey::IdOrSlug(&valid.other_hub))?
                .filter(|other| who.read(other).is_ok())
                .ok_or_else(|| refuse(Rule::Exists, format!("no hub has the id or slug {}", valid.other_hub)))?;
            if other.id == hub.id {
                return Err(refuse(Rule::Consistent, "a hub is not connected to itself".to_owned()));
            }
            let state = if who.may_manage(&other) { ConnectionState::Accepted } else { ConnectionState::Requested };
            Ok(connection::create(conn, &who.actor(), &hub.id, &other.id, &valid, state)?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/connections/{}", created.id)))
        .json(created))
}

/// Remove a connection
#[utoipa::path(
    tag = "connections",
    params(("id" = String, Path, description = "The connection's id")),
    responses(
        (status = 204, description = "The connection is removed"),
        (status = 404, description = "No connection has this id", body = Problem, content_type = "application/problem+json"),
        ManagedHub,
    )
)]
#[delete("/connections/{id}")]
pub async fn delete_connection(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    db.write(move |conn| {
        let found = connection::find(conn, &id)?
            .ok_or_else(|| ApiError::NotFound { resource: "connection", key: id.clone() })?;
        // Either end's managers may end a link: it is listed on both hubs' pages.
        let hub = guards::readable_hub(conn, HubKey::Id(&found.hub_id), &who)?;
        if !who.may_manage(&hub) {
            guards::managed_hub(conn, HubKey::Id(&found.other_hub_id), &who)?;
        }
        connection::delete(conn, &who.actor(), &found)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Answer a connection request
///
/// The managers of the hub that was asked (or an admin) accept or decline. Only a request is
/// answered (409 otherwise).
#[utoipa::path(
    tag = "connections",
    params(("id" = String, Path, description = "The connection's id")),
    request_body(content = ConnectionDecision, content_type = "application/json"),
    responses(
        (status = 200, description = "The connection, accepted or declined", body = Connection),
        (status = 404, description = "No connection has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The connection is not a request any more", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/connections/{id}/decision")]
pub async fn decide_connection(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    body: JsonBody<ConnectionDecision>,
) -> Result<web::Json<Connection>, ApiError> {
    let (id, outcome) = (id.into_inner(), body.0.outcome);
    let decided = db
        .write(move |conn| {
            let found = connection::find(conn, &id)?
                .ok_or_else(|| ApiError::NotFound { resource: "connection", key: id.clone() })?;
            // The hub that was asked answers; the one that asked may only withdraw (delete).
            guards::readable_hub(conn, HubKey::Id(&found.hub_id), &who)?;
            guards::managed_hub(conn, HubKey::Id(&found.other_hub_id), &who)?;
            let state = match outcome {
                ConnectionOutcome::Accept => ConnectionState::Accepted,
                ConnectionOutcome::Decline => ConnectionState::Declined,
            };
            connection::decide(conn, &who.actor(), &found, state)?.ok_or_else(|| ApiError::Conflict {
                code: "connection_not_requested",
                detail: format!("this connection is {}, not a request", found.state),
                errors: Vec::new(),
            })
        })
        .await?;
    Ok(web::Json(decided))
}

/// Registers the connection routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_connections).service(create_connection).service(decide_connection).service(delete_connection);
}
