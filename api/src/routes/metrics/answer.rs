//! How a metrics answer is written: JSON or CSV (RFC 4180, a byte-order mark for Excel, the
//! separator and language asked for), tagged and cached, and either kept until the data changes
//! (`crate::answers`) or streamed a batch of rows at a time.

use std::fmt::Debug;
use std::future::Future;

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use futures_util::{Stream, StreamExt as _, stream};
use l4a_shared::metrics::{self, CsvColumn, MetricsFormat};
use l4a_shared::query::MetricsQuery;
use l4a_shared::sdg::Lang;
use sha2::{Digest as _, Sha256};

use crate::answers::{Answer, Answers};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::ApiError;
use crate::models::today;

/// Whether the caller asked for CSV, by `format` or, without it, by `Accept`.
pub(super) fn wants_csv(request: &HttpRequest, query: &MetricsQuery) -> bool {
    match query.format {
        Some(format) => format == MetricsFormat::Csv,
        None => crate::routes::accepts(request, "text/csv"),
    }
}

pub(super) const CSV: &str = "text/csv; charset=utf-8; header=present";
pub(super) const JSON: &str = "application/json";

pub(super) fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| ApiError::Internal(e.into()))
}

/// Rows as CSV lines (RFC 4180, CRLF line ends), cells separated by the `sep` asked for.
pub(super) fn csv_lines(
    query: &MetricsQuery,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Vec<u8>, ApiError> {
    let separator = query.sep.unwrap_or(metrics::CsvSeparator::Comma).byte();
    let mut writer =
        csv::WriterBuilder::new().delimiter(separator).terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let failed = |e: csv::Error| ApiError::Internal(anyhow::anyhow!("writing CSV: {e}"));
    for row in rows {
        writer.write_record(&row).map_err(failed)?;
    }
    writer.into_inner().map_err(|e| ApiError::Internal(anyhow::anyhow!("writing CSV: {e}")))
}

/// A CSV document's start: a byte-order mark (Excel reads UTF-8 only with it) and the header.
pub(super) fn csv_head(query: &MetricsQuery, header: Vec<String>) -> Result<Vec<u8>, ApiError> {
    let mut head = "\u{feff}".as_bytes().to_vec();
    head.extend(csv_lines(query, [header])?);
    Ok(head)
}

/// `rows`' cells under `columns`, labels in the language asked for.
pub(super) fn cells<'a, R>(
    query: &MetricsQuery,
    columns: &'a [CsvColumn<R>],
    rows: &'a [R],
) -> impl Iterator<Item = Vec<String>> + 'a {
    let lang = query.lang.unwrap_or(Lang::En);
    rows.iter().map(move |row| columns.iter().map(|column| (column.cell)(row, lang)).collect())
}

pub(super) fn names<R>(columns: &[CsvColumn<R>]) -> Vec<String> {
    columns.iter().map(|column| column.name.to_owned()).collect()
}

/// `rows` as one CSV document of `columns`.
pub(super) fn table<R>(query: &MetricsQuery, columns: &[CsvColumn<R>], rows: &[R]) -> Result<Vec<u8>, ApiError> {
    let mut document = csv_head(query, names(columns))?;
    document.extend(csv_lines(query, cells(query, columns, rows))?);
    Ok(document)
}

/// What identifies an answer: the route, its parameters as parsed (so that their order and
/// spelling do not matter), the format, which hubs the caller counts, and today (the default
/// `as_of` and a series' last period).
pub(super) fn question(request: &HttpRequest, who: &Principal, csv: bool, parameters: &impl Debug) -> String {
    format!("{} csv={csv} all={} today={} {parameters:?}", request.path(), who.reads_all_metrics(), today())
}

/// What an answer starts with.
pub(super) enum Head {
    /// Its head (`ETag`, caching headers and, for CSV, a file name), the body to follow.
    Send(HttpResponseBuilder),
    /// The whole `304`: the caller already holds this answer.
    Unchanged(HttpResponse),
}

/// The head of an answer tagged `etag`.
pub(super) fn head(request: &HttpRequest, who: &Principal, etag: &str, content_type: &str, file: &str) -> Head {
    // With credentials the answer is personal, and `security.rs` makes it `no-store`.
    let cache_control = if who.is_anonymous() { "public, max-age=60" } else { "no-store" };
    let unchanged = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let mut response = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, etag.to_owned()))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::VARY, HeaderValue::from_static("Accept, Authorization, X-API-Key")));
    if unchanged {
        return Head::Unchanged(response.finish());
    }
    if content_type.starts_with("text/csv") {
        response.insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}.csv\"")));
    }
    response.content_type(content_type.to_owned());
    Head::Send(response)
}

/// The answer to this request: the one kept for the data's generation, or computed by `compute`
/// and kept; `304` when the caller already holds it.
pub(super) async fn kept<F, Fut>(
    request: &HttpRequest,
    who: &Principal,
    (db, answers): (&Db, &Answers),
    question: String,
    file: &str,
    compute: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Answer, ApiError>>,
{
    let answer = answers.get_or_compute(db.generation().await?, question, compute).await?;
    Ok(match head(request, who, &answer.etag, answer.content_type, file) {
        Head::Send(mut response) => response.body(answer.body),
        Head::Unchanged(not_modified) => not_modified,
    })
}

/// A CSV document streamed a batch of rows at a time, so that the server holds one batch
/// whatever the document's length; tagged with the data's generation, which any write moves.
pub(super) async fn streamed<R: 'static>(
    request: &HttpRequest,
    who: &Principal,
    db: &Db,
    (query, columns): (MetricsQuery, Vec<CsvColumn<R>>),
    file: &str,
    batches: impl Stream<Item = Result<Vec<R>, ApiError>> + 'static,
) -> Result<HttpResponse, ApiError> {
    let asked = question(request, who, true, &query);
    let etag = format!("\"g{}-{:x}\"", db.generation().await?, Sha256::digest(asked.as_bytes()));
    let mut response = match head(request, who, &etag, CSV, file) {
        Head::Send(response) => response,
        Head::Unchanged(not_modified) => return Ok(not_modified),
    };
    let start = Bytes::from(csv_head(&query, names(&columns))?);
    let rows = batches.map(move |batch| Ok(Bytes::from(csv_lines(&query, cells(&query, &columns, &batch?))?)));
    Ok(response.streaming(stream::once(async { Ok::<_, ApiError>(start) }).chain(rows)))
}
