//! `/api/v1/webhooks`: subscriptions to the event feed, their delivery log and redelivery. The
//! Secretariat subscribes to any event; a manager to the events of their own organisations'
//! hubs and proposals. A subscription another organisation owns is not there, as far as a
//! manager can tell.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::{DeliveryQuery, PageQuery};
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};
use l4a_shared::webhook::{CreatedWebhook, NewWebhook, RotatedSecret, Webhook, WebhookDelivery, WebhookPatch};

use crate::auth::guards::SignedIn;
use crate::auth::{Principal, forbidden};
use crate::db::{Db, DbConnection};
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, QueryParams};
use crate::models::Versioned as _;
use crate::models::webhook::{self, StoredWebhook};
use crate::routes::problems::{BodyProblems, ChangeProblems, QueryProblems};
use crate::routes::{Tagged, change_if_current};
use crate::webhooks::WebhookSettings;

const WEBHOOKS: &str = "webhooks";

/// A subscription the caller manages: 404 when it does not exist or belongs to another
/// organisation, 403 for an API key.
fn managed(conn: &mut DbConnection, id: &str, who: &Principal) -> Result<StoredWebhook, ApiError> {
    who.integration_scope(WEBHOOKS)?;
    let stored = webhook::get(conn, id)?;
    if who.manage_integration(stored.item.organisation_id.as_deref(), WEBHOOKS).is_err() {
        return Err(ApiError::NotFound { resource: "webhook", key: id.to_owned() });
    }
    Ok(stored)
}

fn tagged(stored: StoredWebhook, status: StatusCode) -> Tagged<Webhook> {
    Tagged { status, etag: stored.etag(), body: stored.item, location: None }
}

/// List webhooks
///
/// Newest first: every subscription for an admin, those of the manager's organisations for a
/// manager.
#[utoipa::path(
    tag = "webhooks",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of subscriptions", body = Page<Webhook>),
        QueryProblems,
        SignedIn,
    )
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    query: QueryParams<PageQuery>,
) -> Result<web::Json<Page<Webhook>>, ApiError> {
    let QueryParams(query) = query;
    let organisations = who.integration_scope(WEBHOOKS)?;
    let page =
        db.read(move |conn| Ok(webhook::list(conn, organisations.as_deref(), query.page, query.per_page)?)).await?;
    Ok(web::Json(page))
}

/// Subscribe to events
///
/// Deliveries are `POST`ed as JSON (the `WebhookPayload` schema) and signed as the Standard Webhooks
/// specification says: headers `webhook-id` (the event's id, the same on every retry),
/// `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` and the base64 of the
/// HMAC-SHA256 of `id.timestamp.body`, keyed by the secret's bytes after `whsec_`). The secret is
/// in this answer only. A delivery is tried at once, then again on a schedule for about three days;
/// a `410 Gone` answer disables the subscription. The address is resolved at each delivery, and
/// only public addresses are reached.
#[utoipa::path(
    tag = "webhooks",
    request_body(content = NewWebhook, content_type = "application/json"),
    responses(
        (status = 201, description = "The subscription and its secret, shown this once", body = CreatedWebhook, headers(("Location" = String, description = "The subscription's URL"), ("ETag" = String, description = "Its version"))),
        BodyProblems,
        SignedIn,
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    who: Principal,
    db: web::Data<Db>,
    settings: web::Data<WebhookSettings>,
    body: JsonBody<NewWebhook>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    who.manage_integration(new.organisation_id.as_deref(), WEBHOOKS)?;
    let valid = new.validate(&settings.allowed_hosts)?;
    let creator = who.user_id().ok_or_else(|| forbidden("an API key cannot create webhooks"))?.to_owned();
    let (stored, secret) = db
        .write(move |conn| {
            if let Some(organisation) = &new.organisation_id
                && crate::models::organisation::find(conn, organisation)?.is_none()
            {
                let mut errors = ValidationErrors::default();
                errors.push("organisation_id", Invalid::new(Rule::Exists, format!("no organisation {organisation}")));
                return Err(ApiError::Validation(errors));
            }
            Ok(webhook::create(conn, &who.actor(), &valid, new.organisation_id.as_deref(), &creator)?)
        })
        .await?;
    let etag = stored.etag();
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/webhooks/{}", stored.item.id)))
        .insert_header((actix_web::http::header::ETAG, etag))
        .json(CreatedWebhook { webhook: stored.item, secret }))
}

/// Get a webhook
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "The subscription", body = Webhook, headers(("ETag" = String, description = "Its version"))),
        (status = 404, description = "No subscription the caller manages has this id", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<Webhook>, ApiError> {
    let id = id.into_inner();
    let stored = db.read(move |conn| managed(conn, &id, &who)).await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Update a webhook
///
/// A JSON merge patch; send the `ETag` you read in `If-Match`. `state: active` switches a
/// subscription on again after its receiver answered 410 or its owner switched it off; the
/// deliveries still pending then go out.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = String, Path, description = "The subscription's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (WebhookPatch = "application/merge-patch+json"),
        (WebhookPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated subscription", body = Webhook, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No subscription the caller manages has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        SignedIn,
    )
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    settings: web::Data<WebhookSettings>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<WebhookPatch>,
) -> Result<Tagged<Webhook>, ApiError> {
    let (id, patch, allowed_hosts) = (id.into_inner(), body.0, settings.allowed_hosts.clone());
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| managed(conn, &id, &who),
                &if_match,
                |conn, current| {
                    let valid = patch.applied_to(&current.item).validate(&allowed_hosts)?;
                    let state = patch.state.unwrap_or(current.item.state);
                    Ok(webhook::update(conn, &who.actor(), current, &valid, state)?)
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Delete a webhook
///
/// Its delivery log goes with it; nothing more is delivered.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = String, Path, description = "The subscription's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "The subscription is deleted"),
        (status = 404, description = "No subscription the caller manages has this id", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names another version", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    db.write(move |conn| {
        change_if_current(
            conn,
            |conn| managed(conn, &id, &who),
            &if_match,
            |conn, current| Ok(webhook::delete(conn, &who.actor(), current)?),
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate a webhook's secret
///
/// Returns a new secret, shown this once. For the next 24 hours every delivery carries two
/// signatures, space-separated in `webhook-signature`: one with the new secret, one with the
/// old, so the receiver can switch at its own pace.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "The subscription and its new secret", body = RotatedSecret, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No subscription the caller manages has this id", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    settings: web::Data<WebhookSettings>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (id, overlap) = (id.into_inner(), settings.rotation_overlap);
    let (stored, secret) = db
        .write(move |conn| {
            let keep_old_until = crate::models::now() + overlap;
            change_if_current(
                conn,
                |conn| managed(conn, &id, &who),
                &IfMatch::Absent,
                |conn, current| Ok(webhook::rotate_secret(conn, &who.actor(), current, keep_old_until)?),
            )
        })
        .await?;
    let etag = stored.etag();
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::ETAG, etag))
        .json(RotatedSecret { webhook: stored.item, secret }))
}

/// List a webhook's deliveries
///
/// Newest first, each with every attempt: when, how long, the status code and the first 1,024
/// bytes of the answer, or what went wrong.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The subscription's id"), DeliveryQuery),
    responses(
        (status = 200, description = "One page of deliveries", body = Page<WebhookDelivery>),
        (status = 404, description = "No subscription the caller manages has this id", body = Problem, content_type = "application/problem+json"),
        QueryProblems,
        SignedIn,
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    id: web::Path<String>,
    query: QueryParams<DeliveryQuery>,
) -> Result<web::Json<Page<WebhookDelivery>>, ApiError> {
    let (id, QueryParams(query)) = (id.into_inner(), query);
    let page = db
        .read(move |conn| {
            let stored = managed(conn, &id, &who)?;
            Ok(webhook::deliveries(conn, &stored.item.id, query.state, query.page, query.per_page)?)
        })
        .await?;
    Ok(web::Json(page))
}

/// Deliver an event again
///
/// Queues the event of one of the subscription's deliveries as a new delivery, after the ones
/// already queued; it goes out once the subscription is active.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = String, Path, description = "The subscription's id"),
        ("delivery" = String, Path, description = "The delivery whose event to send again"),
    ),
    responses(
        (status = 202, description = "The new delivery, queued", body = WebhookDelivery),
        (status = 404, description = "No subscription the caller manages has this id, or it has no such delivery", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery}/redeliver")]
pub async fn redeliver_webhook_event(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery) = path.into_inner();
    let queued = db
        .write(move |conn| {
            let stored = managed(conn, &id, &who)?;
            Ok(webhook::redeliver(conn, &stored.item.id, &delivery)?)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(queued))
}

/// Registers the webhook routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(rotate_webhook_secret)
        .service(list_webhook_deliveries)
        .service(redeliver_webhook_event);
}
