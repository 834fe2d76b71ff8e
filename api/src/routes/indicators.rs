//! Impact indicators and their measurements: `/api/v1/hubs/{hub}/indicators`,
//! `/api/v1/indicators/{id}`, `/api/v1/indicators/{id}/measurements`, `/api/v1/measurements/{id}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::indicator::{
    BatchResult, Indicator, IndicatorPatch, Measurement, NewIndicator, NewMeasurement, validate_batch,
};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::{BreakdownQuery, PageQuery};
use l4a_shared::validation::{FieldError, Rule};

use crate::auth::guards::{ManagedHub, ReadableHub};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams, RawBody, parse_json};
use crate::measurement_csv;
use crate::models::indicator::{self, MeasurementFilter};
use crate::models::today;
use crate::routes::Tagged;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};
use crate::routes::resource::{Resources, managed, readable, tagged};

/// List a hub's indicators
///
/// By name, each with its derived figures for today: `latest`, `progress` (clamped to [0, 1]),
/// `progress_raw`, `expected_progress` and `on_track`, computed from the total measurements.
#[utoipa::path(
    tag = "indicators",
    params(("hub" = String, Path, description = "The hub's id or slug"), PageQuery),
    responses(
        (status = 200, description = "One page of the hub's indicators", body = Page<Indicator>),
        QueryProblems,
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/indicators")]
pub async fn list_indicators(
    resources: Resources,
    query: QueryParams<PageQuery>,
    hub: ReadableHub,
) -> Result<web::Json<Page<Indicator>>, ApiError> {
    resources.list::<Indicator>(hub, query.0).await
}

/// Add an indicator to a hub
///
/// `agreed_by` names the hub's stakeholders who agreed it and `agreed_on` when (the label's
/// participatory rule); the target date falls inside the hub's period.
#[utoipa::path(
    tag = "indicators",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    request_body(content = NewIndicator, content_type = "application/json"),
    responses(
        (status = 201, description = "The indicator was added", body = Indicator, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/hubs/{hub}/indicators")]
pub async fn create_indicator(
    resources: Resources,
    body: JsonBody<NewIndicator>,
    hub: ManagedHub,
) -> Result<Tagged<Indicator>, ApiError> {
    resources.create::<Indicator>(hub, body.0).await
}

/// Get an indicator
#[utoipa::path(
    tag = "indicators",
    params(("id" = String, Path, description = "The indicator's id"), BreakdownQuery),
    responses(
        (status = 200, description = "The indicator with its figures for today", body = Indicator, headers(("ETag" = String, description = "Its current version"))),
        QueryProblems,
        (status = 404, description = "No indicator has this id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The breakdown names a dimension or value the indicator does not declare", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/indicators/{id}")]
pub async fn find_indicator(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    query: QueryParams<BreakdownQuery>,
) -> Result<Tagged<Indicator>, ApiError> {
    let (id, QueryParams(query)) = (id.into_inner(), query);
    let stored = db
        .read(move |conn| {
            let (stored, _) = readable::<Indicator>(conn, &id, &who)?;
            match query.disaggregation {
                Some(breakdown) => Ok(indicator::with_breakdown_figures(conn, stored, breakdown, today())?),
                None => Ok(stored),
            }
        })
        .await?;
    Ok(tagged(stored, false, StatusCode::OK))
}

/// Update an indicator
///
/// A JSON merge patch; send the `ETag` you read in `If-Match`. A breakdown used by measurements
/// stays declared.
#[utoipa::path(
    tag = "indicators",
    params(
        ("id" = String, Path, description = "The indicator's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (IndicatorPatch = "application/merge-patch+json"),
        (IndicatorPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated indicator", body = Indicator, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No indicator has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        ManagedHub,
    )
)]
#[patch("/indicators/{id}")]
pub async fn update_indicator(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<IndicatorPatch>,
) -> Result<Tagged<Indicator>, ApiError> {
    resources.update::<Indicator>(who, id.into_inner(), if_match, body.0).await
}

/// Delete an indicator
///
/// Its measurements go with it.
#[utoipa::path(
    tag = "indicators",
    params(
        ("id" = String, Path, description = "The indicator's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    responses(
        (status = 204, description = "The indicator and its measurements are deleted"),
        (status = 404, description = "No indicator has this id", body = Problem, content_type = "application/problem+json"),
        IfMatchProblems,
        ManagedHub,
    )
)]
#[delete("/indicators/{id}")]
pub async fn delete_indicator(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    resources.delete::<Indicator>(who, id.into_inner(), if_match).await
}

/// List an indicator's measurements
///
/// Oldest first; `total=true` leaves out the breakdowns, `disaggregation=sex=female` lists one
/// breakdown's.
#[utoipa::path(
    tag = "indicators",
    params(("id" = String, Path, description = "The indicator's id"), PageQuery, BreakdownQuery),
    responses(
        (status = 200, description = "One page of measurements", body = Page<Measurement>),
        QueryProblems,
        (status = 404, description = "No indicator has this id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The breakdown names a dimension or value the indicator does not declare", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/indicators/{id}/measurements")]
pub async fn list_measurements(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    query: QueryParams<PageQuery>,
    breakdown: QueryParams<BreakdownQuery>,
) -> Result<web::Json<Page<Measurement>>, ApiError> {
    let (id, QueryParams(query), QueryParams(breakdown)) = (id.into_inner(), query, breakdown);
    let filter = match (query.total == Some(true), breakdown.disaggregation) {
        (true, Some(_)) => {
            let message = "ask for the totals (total=true) or for one breakdown (disaggregation=…), not both";
            return Err(ApiError::BadRequest {
                code: "invalid_query",
                detail: message.to_owned(),
                errors: vec![FieldError {
                    field: "disaggregation".into(),
                    rule: Rule::Consistent,
                    message: message.into(),
                }],
            });
        }
        (true, None) => MeasurementFilter::Totals,
        (false, Some(breakdown)) => MeasurementFilter::Breakdown(breakdown),
        (false, None) => MeasurementFilter::All,
    };
    let page = db
        .read(move |conn| {
            let (indicator, _) = readable::<Indicator>(conn, &id, &who)?;
            Ok(indicator::measurements(conn, &indicator.item, filter, query.page, query.per_page)?)
        })
        .await?;
    Ok(web::Json(page))
}

/// Record a measurement
///
/// Leave `disaggregation` out for the total, which the derived figures use; a breakdown names
/// values of the indicator's declared dimensions.
#[utoipa::path(
    tag = "indicators",
    params(("id" = String, Path, description = "The indicator's id")),
    request_body(content = NewMeasurement, content_type = "application/json"),
    responses(
        (status = 201, description = "The measurement was recorded", body = Measurement, headers(("Location" = String, description = "The measurement's URL"))),
        (status = 404, description = "No indicator has this id", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/indicators/{id}/measurements")]
pub async fn create_measurement(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    body: JsonBody<NewMeasurement>,
) -> Result<HttpResponse, ApiError> {
    let (id, new) = (id.into_inner(), body.0);
    let measurement = db
        .write(move |conn| {
            let indicator = managed::<Indicator>(conn, &id, &who)?.0.item;
            let valid = new.validate(&indicator.disaggregations, today())?;
            Ok(indicator::record_measurement(conn, &who.actor(), &indicator, &valid)?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/measurements/{}", measurement.id)))
        .json(measurement))
}

/// Record a batch of measurements
///
/// Up to 1,000 rows in one transaction, all or nothing: as a JSON array of measurements, or as
/// `text/csv` with a header naming `value` and `measured_on` (required), `source`, `note` and
/// `disaggregation` (`sex=female;area=urban`). On failure every bad row is reported by index and
/// column (`rows[3].measured_on`) and nothing is recorded.
#[utoipa::path(
    tag = "indicators",
    params(("id" = String, Path, description = "The indicator's id")),
    request_body(content(
        (Vec<NewMeasurement> = "application/json"),
        ("text/csv", example = json!("value,measured_on,source,disaggregation\n120,2025-06-30,Register,\n70,2025-06-30,Register,sex=female"))
    )),
    responses(
        (status = 201, description = "Every row was recorded", body = BatchResult),
        (status = 404, description = "No indicator has this id", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/indicators/{id}/measurements:batch")]
pub async fn create_measurement_batch(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    body: RawBody,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let rows: Vec<NewMeasurement> = match body.media_type.as_str() {
        "text/csv" => measurement_csv::parse(&body.bytes)?,
        "application/json" => parse_json(&body.bytes)?,
        other => {
            let got = if other.is_empty() { "no Content-Type".to_owned() } else { other.to_owned() };
            return Err(ApiError::UnsupportedMediaType { got, expected: "application/json or text/csv" });
        }
    };
    let created = db
        .write(move |conn| {
            let indicator = managed::<Indicator>(conn, &id, &who)?.0.item;
            let valid = validate_batch(&rows, &indicator.disaggregations, today())?;
            Ok(indicator::record_measurements(conn, &who.actor(), &indicator, &valid)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(BatchResult { created: u32::try_from(created).unwrap_or(u32::MAX) }))
}

/// Delete a measurement
#[utoipa::path(
    tag = "indicators",
    params(("id" = String, Path, description = "The measurement's id")),
    responses(
        (status = 204, description = "The measurement is deleted"),
        (status = 404, description = "No measurement has this id", body = Problem, content_type = "application/problem+json"),
        ManagedHub,
    )
)]
#[delete("/measurements/{id}")]
pub async fn delete_measurement(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    db.write(move |conn| {
        let measurement = indicator::find_measurement(conn, &id)?
            .ok_or_else(|| ApiError::NotFound { resource: "measurement", key: id.clone() })?;
        let indicator = managed::<Indicator>(conn, &measurement.indicator_id, &who)?.0.item;
        Ok(indicator::remove_measurement(conn, &who.actor(), &indicator, &measurement)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the indicator and measurement routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_indicators)
        .service(create_indicator)
        .service(find_indicator)
        .service(update_indicator)
        .service(delete_indicator)
        .service(list_measurements)
        .service(create_measurement)
        .service(create_measurement_batch)
        .service(delete_measurement);
}
