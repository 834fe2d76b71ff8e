//! `/api/v1/metrics`: the figures UCLG's dashboards pull, as JSON or CSV, cacheable.
//!
//! Every answer is computed from the data at the time of the request, so a figure is never
//! stale after a write; its `ETag` is a hash of the answer itself, so a dashboard polling every
//! minute gets a `304 Not Modified` (no body) until something it counts changes.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use l4a_shared::metrics::{
    self, DataDictionary, HubMetricsRow, MetricsFormat, MetricsSummary, SUMMARY_COLUMNS, summarize,
};
use l4a_shared::page::Page;
use l4a_shared::query::{HubSort, MetricsPage, MetricsQuery};
use l4a_shared::sdg::Lang;
use sha2::{Digest as _, Sha256};

use crate::auth::Principal;
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::models::hub::Visibility;
use crate::models::{metrics as facts, today};
use crate::routes::problems::FilterProblems;

/// Which hubs the metrics count for the caller: administrators, reviewers and keys with the
/// `read:metrics` scope count every hub; everyone else the public ones.
fn visibility(who: &Principal) -> Visibility {
    if who.reads_all_metrics() { Visibility::Everything } else { Visibility::PublicAnd(Vec::new()) }
}

/// Whether the caller asked for CSV, by `format` or, without it, by `Accept`.
fn wants_csv(request: &HttpRequest, query: &MetricsQuery) -> bool {
    match query.format {
        Some(format) => format == MetricsFormat::Csv,
        None => request
            .headers()
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/csv")),
    }
}

/// A CSV document: a byte-order mark (Excel reads UTF-8 only with it), the header, the rows.
fn csv(query: &MetricsQuery, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>, ApiError> {
    let separator = query.sep.unwrap_or(metrics::CsvSeparator::Comma).byte();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let failed = |e: csv::Error| ApiError::Internal(anyhow::anyhow!("writing CSV: {e}"));
    writer.write_record(header).map_err(failed)?;
    for row in rows {
        writer.write_record(&row).map_err(failed)?;
    }
    writer.into_inner().map_err(|e| ApiError::Internal(anyhow::anyhow!("writing CSV: {e}")))
}

/// The answer with its `ETag` and caching headers, or `304` when the caller already has it.
fn cached(request: &HttpRequest, who: &Principal, content_type: &str, body: Vec<u8>, file: &str) -> HttpResponse {
    let etag = format!("\"{:x}\"", Sha256::digest(&body));
    // With credentials the answer is personal, and `security.rs` makes it `no-store`.
    let cache_control = if who.is_anonymous() { "public, max-age=60" } else { "no-store" };
    let unchanged = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let mut response = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::VARY, HeaderValue::from_static("Accept, Authorization, X-API-Key")));
    if unchanged {
        return response.finish();
    }
    if content_type.starts_with("text/csv") {
        response.insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}.csv\"")));
    }
    response.content_type(content_type).body(body)
}

const CSV: &str = "text/csv; charset=utf-8; header=present";

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| ApiError::Internal(e.into()))
}

/// Figures over the hubs
///
/// Hubs counted by status, region, country, SDG goal, manifesto, policy council, modality and
/// reporting status; their deliverables, impact indicators, stakeholders and connections; over
/// the hubs matching the filters, as they stood at the end of `as_of`. Each figure's definition
/// is in the schema. As CSV (`format=csv` or `Accept: text/csv`): one row per figure, columns
/// `figure,key,label,value` (see `GET /api/v1/metrics/dictionary`).
#[utoipa::path(
    tag = "metrics",
    params(MetricsQuery),
    responses(
        (status = 200, description = "The figures; as CSV when asked", headers(
            ("ETag" = String, description = "A hash of this answer; send it in `If-None-Match`"),
            ("Cache-Control" = String, description = "`public, max-age=60` without credentials; `no-store` with them (the answer is personal), the `ETag` still answering 304"),
        ), content(
            (MetricsSummary = "application/json"),
            (String = "text/csv"),
        )),
        (status = 304, description = "Unchanged since the `ETag` sent in `If-None-Match`"),
        FilterProblems,
        Principal,
    )
)]
#[get("/metrics/summary")]
pub async fn summary(
    request: HttpRequest,
    who: Principal,
    db: web::Data<Db>,
    query: QueryParams<MetricsQuery>,
) -> Result<HttpResponse, ApiError> {
    let QueryParams(query) = query;
    let day = query.as_of.unwrap_or_else(today);
    let (filter, visible) = (query.clone(), visibility(&who));
    let (matched, connections) =
        db.read(move |conn| Ok(facts::facts(conn, &filter, &visible, day, HubSort::Name)?)).await?;
    let summary = summarize(&matched, connections, day);
    if wants_csv(&request, &query) {
        let lang = query.lang.unwrap_or(Lang::En);
        let header: Vec<&str> = SUMMARY_COLUMNS.iter().map(|(name, _, _)| *name).collect();
        let body = csv(&query, &header, metrics::summary_rows(&summary, lang).into_iter().map(Vec::from))?;
        return Ok(cached(&request, &who, CSV, body, "hub-metrics-summary"));
    }
    Ok(cached(&request, &who, "application/json", json(&summary)?, "hub-metrics-summary"))
}

/// Figures of each hub
///
/// One row per hub matching the filters: where it is, what it serves, and its figures on
/// `as_of` (those the hub page shows). Paged and sorted like the catalogue. As CSV
/// (`format=csv` or `Accept: text/csv`): every matching hub in one document, no paging, one
/// column per field, lists joined by `|`, labels in `lang` (see `GET /api/v1/metrics/dictionary`).
#[utoipa::path(
    tag = "metrics",
    params(MetricsQuery, MetricsPage),
    responses(
        (status = 200, description = "One page of hub rows, or every row as CSV", headers(
            ("ETag" = String, description = "A hash of this answer; send it in `If-None-Match`"),
            ("Cache-Control" = String, description = "`public, max-age=60` without credentials; `no-store` with them (the answer is personal), the `ETag` still answering 304"),
        ), content(
            (Page<HubMetricsRow> = "application/json"),
            (String = "text/csv"),
        )),
        (status = 304, description = "Unchanged since the `ETag` sent in `If-None-Match`"),
        FilterProblems,
        Principal,
    )
)]
#[get("/metrics/hubs")]
pub async fn hub_rows(
    request: HttpRequest,
    who: Principal,
    db: web::Data<Db>,
    query: QueryParams<MetricsQuery>,
    page: QueryParams<MetricsPage>,
) -> Result<HttpResponse, ApiError> {
    let (QueryParams(query), QueryParams(page)) = (query, page);
    let day = query.as_of.unwrap_or_else(today);
    let (filter, visible) = (query.clone(), visibility(&who));
    let (matched, _) = db.read(move |conn| Ok(facts::facts(conn, &filter, &visible, day, page.sort)?)).await?;
    if wants_csv(&request, &query) {
        let lang = query.lang.unwrap_or(Lang::En);
        let columns = metrics::hub_columns();
        let header: Vec<&str> = columns.iter().map(|column| column.name).collect();
        let rows = matched.iter().map(|hub| {
            let row = HubMetricsRow::of(hub, day);
            columns.iter().map(|column| (column.cell)(&row, lang)).collect()
        });
        return Ok(cached(&request, &who, CSV, csv(&query, &header, rows)?, "hub-metrics"));
    }
    let total = u64::try_from(matched.len()).unwrap_or(u64::MAX);
    let skip = usize::try_from(u64::from(page.page - 1) * u64::from(page.per_page)).unwrap_or(usize::MAX);
    let per_page = usize::try_from(page.per_page).unwrap_or(usize::MAX);
    let items: Vec<HubMetricsRow> =
        matched.iter().skip(skip).take(per_page).map(|hub| HubMetricsRow::of(hub, day)).collect();
    let answer = crate::models::page_of(items, i64::try_from(total).unwrap_or(i64::MAX), page.page, page.per_page);
    Ok(cached(&request, &who, "application/json", json(&answer)?, "hub-metrics"))
}

/// The data dictionary
///
/// Every column of every metrics CSV: its name, type, meaning and, for codes, its values. The
/// CSV conventions are stated once in `format`.
#[utoipa::path(
    tag = "metrics",
    responses(
        (status = 200, description = "The dictionary", body = DataDictionary),
        Principal,
    )
)]
#[get("/metrics/dictionary")]
pub async fn dictionary(_who: Principal) -> web::Json<DataDictionary> {
    web::Json(metrics::dictionary())
}

/// Registers the metrics routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(summary).service(hub_rows).service(dictionary);
}
