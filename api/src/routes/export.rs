//! Open data: `/api/v1/export/…` (every public hub, as JSON, NDJSON, CSV tables and IATI XML)
//! and one hub's IATI activity and UN SDG Actions record. Everything here is public and shows
//! the public view of each record whoever asks (see [`crate::export`]).
//!
//! The whole-network exports read the hubs a batch at a time on one connection and send each
//! batch as it is written (`Db::produce`), so their memory stays flat however many hubs there are.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::StreamExt as _;
use l4a_shared::export::{HubExportLine, Licence, OpenDataExport, SdgActionsRecord};
use l4a_shared::problem::Problem;

use crate::auth::guards::ReadableHub;
use crate::db::Db;
use crate::error::ApiError;
use crate::export::{self, Publisher, iati, sdg_actions, tables};
use crate::extract::Principal;
use crate::models::{hub, today};
use crate::routes::problems::StreamProblems;

const NDJSON: &str = "application/x-ndjson";

/// The headers every export carries: its licence as a `Link` (RFC 8288 `license` relation), the
/// time it was generated, and the file name to save it under.
fn exported(
    content_type: &str,
    file: &str,
    licence: &Licence,
    generated_at: chrono::DateTime<chrono::Utc>,
) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .content_type(content_type.to_owned())
        .insert_header((header::LINK, format!("<{}>; rel=\"license\"; title=\"{}\"", licence.url, licence.id)))
        .insert_header(("Export-Generated-At", generated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")));
    response
}

/// Every public hub, `write`n a batch at a time as bytes between `head` and `tail`.
fn every_public_hub<W>(
    db: &Db,
    (head, tail): (Vec<u8>, Vec<u8>),
    mut write: W,
) -> Result<impl futures_util::Stream<Item = Result<Bytes, ApiError>> + use<W>, ApiError>
where
    W: FnMut(&[l4a_shared::export::HubExport], &mut Vec<u8>) -> Result<(), ApiError> + Send + 'static,
{
    db.produce(2, move |conn, send| {
        if !send(Ok(Bytes::from(head))) {
            return;
        }
        // Once the client is gone (or stalled), nothing more is sent, not even the tail.
        let mut listening = true;
        let walked = export::for_each_batch(conn, |batch| {
            let mut bytes = Vec::new();
            write(batch, &mut bytes)?;
            listening = send(Ok(Bytes::from(bytes)));
            Ok::<_, ApiError>(listening)
        });
        match walked {
            Ok(()) if listening => send(Ok(Bytes::from(tail))),
            Ok(()) => false,
            Err(error) => send(Err(error)),
        };
    })
}

/// Every public hub, as open data
///
/// Every public hub (active or completed) with its organisations, deliverables, stakeholders
/// (never their contact details), activities, impact indicators and all their measurements,
/// approved progress reports and the published policy recommendations citing it; nothing in
/// draft, nothing private. As one JSON document (`OpenDataExport`), or with
/// `Accept: application/x-ndjson` as one `HubExportLine` per line, hubs by id. Either is
/// streamed as it is read, so any size of network is served with the same memory. The licence
/// (CC BY 4.0 unless configured otherwise) is in the document, on every NDJSON line and in a
/// `Link: <…>; rel="license"` header.
#[utoipa::path(
    tag = "open data",
    responses(
        (status = 200, description = "Every public hub", headers(
            ("Link" = String, description = "The licence: `<url>; rel=\"license\"`"),
            ("Export-Generated-At" = String, description = "When the export was generated (RFC 3339, UTC)"),
        ), content(
            (OpenDataExport = "application/json"),
            (HubExportLine = "application/x-ndjson"),
        )),
        StreamProblems,
        Principal,
    )
)]
#[get("/export/hubs")]
pub async fn export_hubs(
    request: HttpRequest,
    _who: Principal,
    (db, publisher): (web::Data<Db>, web::Data<Publisher>),
) -> Result<HttpResponse, ApiError> {
    let generated_at = export::generated_at();
    let licence = publisher.licence.clone();
    if crate::routes::accepts(&request, NDJSON) {
        let id = licence.id.clone();
        let lines = every_public_hub(&db, (Vec::new(), Vec::new()), move |batch, bytes| {
            for hub in batch {
                let line = HubExportLine { licence: id.clone(), generated_at, hub: hub.clone() };
                serde_json::to_writer(&mut *bytes, &line).map_err(anyhow::Error::from)?;
                bytes.push(b'\n');
            }
            Ok(())
        })?;
        return Ok(exported(NDJSON, "local4action-hubs.ndjson", &licence, generated_at).streaming(lines));
    }
    // The document's envelope, written by serde with an empty list, is split where the hubs go.
    let envelope = serde_json::to_string(&OpenDataExport { licence: licence.clone(), generated_at, hubs: Vec::new() })
        .map_err(anyhow::Error::from)?;
    let (head, tail) = envelope.split_once("[]").ok_or_else(|| anyhow::anyhow!("an envelope without its list"))?;
    let mut first = true;
    let document = every_public_hub(
        &db,
        (format!("{head}[").into_bytes(), format!("]{tail}").into_bytes()),
        move |batch, bytes| {
            for hub in batch {
                if !std::mem::take(&mut first) {
                    bytes.push(b',');
                }
                serde_json::to_writer(&mut *bytes, hub).map_err(anyhow::Error::from)?;
            }
            Ok(())
        },
    )?;
    Ok(exported("application/json", "local4action-hubs.json", &licence, generated_at).streaming(document))
}

/// Every public hub, as CSV tables
///
/// The open data of `GET /api/v1/export/hubs` as a ZIP archive of CSV files, one per table
/// (hubs, hub_organisations, deliverables, stakeholders, activities, indicators, measurements,
/// reports, recommendations, recommendation_citations), with a `README.md` data dictionary that
/// names every column, the licence and when the archive was generated.
#[utoipa::path(
    tag = "open data",
    responses(
        (status = 200, description = "The ZIP archive", headers(
            ("Link" = String, description = "The licence: `<url>; rel=\"license\"`"),
            ("Export-Generated-At" = String, description = "When the export was generated (RFC 3339, UTC)"),
        ), content(
            (Vec<u8> = "application/zip"),
        )),
        StreamProblems,
        Principal,
    )
)]
#[get("/export/tables.zip")]
pub async fn export_tables(
    _who: Principal,
    (db, publisher): (web::Data<Db>, web::Data<Publisher>),
) -> Result<HttpResponse, ApiError> {
    let generated_at = export::generated_at();
    let licence = publisher.licence.clone();
    let for_readme = licence.clone();
    let chunks = db.produce(2, move |conn, send| {
        let io = |error: std::io::Error| ApiError::from(anyhow::Error::from(error));
        let archive = tables::TablesWriter::new().map_err(io).and_then(|mut writer| {
            export::for_each_batch(conn, |batch| {
                batch.iter().try_for_each(|hub| writer.add(hub)).map_err(io)?;
                Ok::<_, ApiError>(true)
            })?;
            writer.finish(&for_readme, generated_at).map_err(io)
        });
        let sent = archive
            .and_then(|file| tables::send_in_chunks(file, 64 * 1024, |chunk| send(Ok(Bytes::from(chunk)))).map_err(io));
        if let Err(error) = sent {
            send(Err(error));
        }
    })?;
    let first = Box::pin(chunks).into_future();
    let (first, rest) = first.await;
    // Nothing sent yet: a failure before the archive was written is still an honest error.
    let first = first.unwrap_or_else(|| Ok(Bytes::new()))?;
    let body = futures_util::stream::once(async move { Ok::<_, ApiError>(first) }).chain(rest);
    Ok(exported("application/zip", "local4action-hubs-tables.zip", &licence, generated_at).streaming(body))
}

/// Every public hub, as IATI activities
///
/// IATI Standard 2.03 activity XML, one `iati-activity` per public hub (see the README for the
/// mapping), streamed as it is read. It validates against the official schema.
#[utoipa::path(
    tag = "open data",
    responses(
        (status = 200, description = "An `iati-activities` document", headers(
            ("Link" = String, description = "The licence: `<url>; rel=\"license\"`"),
        ), content(
            (String = "application/xml"),
        )),
        StreamProblems,
        Principal,
    )
)]
#[get("/export/iati.xml")]
pub async fn export_iati(
    _who: Principal,
    (db, publisher): (web::Data<Db>, web::Data<Publisher>),
) -> Result<HttpResponse, ApiError> {
    let generated_at = export::generated_at();
    let for_activities = Publisher::clone(&publisher);
    let day = today();
    let head = iati::head(&publisher, generated_at).into_bytes();
    let document = every_public_hub(&db, (head, iati::TAIL.as_bytes().to_vec()), move |batch, bytes| {
        for hub in batch {
            bytes.extend_from_slice(iati::activity(&for_activities, hub, day).as_bytes());
        }
        Ok(())
    })?;
    Ok(exported("application/xml", "local4action-hubs-iati.xml", &publisher.licence, generated_at).streaming(document))
}

/// A hub's public records, whoever asks.
async fn exported_hub(db: &Db, guard: ReadableHub) -> Result<l4a_shared::export::HubExport, ApiError> {
    db.read(move |conn| {
        let access = guard.resolve(conn)?;
        let stored = hub::get(conn, hub::HubKey::Id(&access.id))?;
        Ok(export::of_hub(conn, stored.item)?)
    })
    .await
}

/// A hub as an IATI activity
///
/// The hub as an IATI Standard 2.03 `iati-activities` document holding its one activity, with
/// its public records only.
#[utoipa::path(
    tag = "open data",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    responses(
        (status = 200, description = "An `iati-activities` document", headers(
            ("Link" = String, description = "The licence: `<url>; rel=\"license\"`"),
        ), content(
            (String = "application/xml"),
        )),
        (status = 404, description = "No hub the caller may read has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/iati.xml")]
pub async fn hub_iati(
    hub: ReadableHub,
    (db, publisher): (web::Data<Db>, web::Data<Publisher>),
) -> Result<HttpResponse, ApiError> {
    let exported_hub = exported_hub(&db, hub).await?;
    let generated_at = export::generated_at();
    let xml = iati::document(&publisher, std::slice::from_ref(&exported_hub), generated_at, today());
    let file = format!("{}-iati.xml", exported_hub.hub.slug);
    Ok(exported("application/xml", &file, &publisher.licence, generated_at).body(xml))
}

/// A hub as a UN SDG Actions record
///
/// The hub shaped for the UN's SDG Actions platform (registry of voluntary commitments): title,
/// description, lead entity and partners, goals and targets, SMART deliverables from its
/// deliverables and impact indicators, the resources it mobilises, its time-frame and its latest
/// approved progress report. Public records only.
#[utoipa::path(
    tag = "open data",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    responses(
        (status = 200, description = "The record", body = SdgActionsRecord, headers(
            ("Link" = String, description = "The licence: `<url>; rel=\"license\"`"),
        )),
        (status = 404, description = "No hub the caller may read has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/sdg-actions.json")]
pub async fn hub_sdg_actions(
    hub: ReadableHub,
    (db, publisher): (web::Data<Db>, web::Data<Publisher>),
) -> Result<HttpResponse, ApiError> {
    let exported_hub = exported_hub(&db, hub).await?;
    let generated_at = export::generated_at();
    let record = sdg_actions::record(&publisher, &exported_hub, generated_at);
    let file = format!("{}-sdg-actions.json", exported_hub.hub.slug);
    let body = serde_json::to_vec(&record).map_err(anyhow::Error::from)?;
    Ok(exported("application/json", &file, &publisher.licence, generated_at).body(body))
}

/// Registers the open-data routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(export_hubs).service(export_tables).service(export_iati).service(hub_iati).service(hub_sdg_actions);
}
