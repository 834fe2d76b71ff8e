//! `/api/v1/metrics`: the figures UCLG's dashboards pull, as JSON or CSV, cacheable.
//!
//! Every answer is computed from the data, once per data generation (`crate::answers`): a write
//! raises the generation in its own transaction, so a figure is never stale after it, and until
//! the next write every dashboard asking the same question gets the answer computed first. Its
//! `ETag` is a hash of the answer, so a dashboard polling every minute gets a `304 Not Modified`
//! (no body) until something it counts changes. The two long CSV documents (every hub, every
//! observation) are streamed a batch of rows at a time instead, tagged with the generation.

use std::collections::BTreeMap;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use l4a_shared::metrics::{
    self, DataDictionary, HubMetricsRow, MetricsSummary, NetworkEdge, NetworkGraph, NetworkGroup, NetworkMembership,
    NetworkNode, Observation, ObservationPage, SUMMARY_COLUMNS, Timeseries, TimeseriesPoint, summarize,
};
use l4a_shared::page::Page;
use l4a_shared::query::{
    HubSort, Interval, MAX_PERIODS, MetricsPage, MetricsQuery, NetworkGroupKind, NetworkQuery, ObservationQuery,
    TimeseriesQuery, cursor_after,
};
use l4a_shared::sdg::Lang;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

use crate::answers::{Answer, Answers};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::models::hub::Visibility;
use crate::models::{metrics as facts, today};
use crate::routes::problems::{FilterProblems, StreamProblems};

mod answer;

use answer::{CSV, Head, JSON, csv_head, csv_lines, head, json, kept, question, streamed, table, wants_csv};

/// Which hubs the metrics count for the caller: administrators, reviewers and keys with the
/// `read:metrics` scope count every hub; everyone else the public ones.
fn visibility(who: &Principal) -> Visibility {
    if who.reads_all_metrics() { Visibility::Everything } else { Visibility::PublicAnd(Vec::new()) }
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
        FilterProblems,
        Principal,
    )
)]
#[get("/metrics/summary")]
pub async fn summary(
    request: HttpRequest,
    who: Principal,
    (db, answers): (web::Data<Db>, web::Data<Answers>),
    query: QueryParams<MetricsQuery>,
) -> Result<HttpResponse, ApiError> {
    let QueryParams(query) = query;
    let csv = wants_csv(&request, &query);
    let asked = question(&request, &who, csv, &query);
    kept(&request, &who, (&db, &answers), asked, "hub-metrics-summary", || async {
        let day = query.as_of.unwrap_or_else(today);
        let (filter, visible) = (query.clone(), visibility(&who));
        let (matched, connections) =
            db.read(move |conn| Ok(facts::facts(conn, &filter, &visible, (day, day), HubSort::Name)?)).await?;
        let summary = summarize(&matched, connections, day);
        if !csv {
            return Ok(Answer::new(JSON, json(&summary)?));
        }
        let lang = query.lang.unwrap_or(Lang::En);
        let header = SUMMARY_COLUMNS.iter().map(|(name, _, _)| (*name).to_owned()).collect();
        let mut document = csv_head(&query, header)?;
        document.extend(csv_lines(&query, metrics::summary_rows(&summary, lang).into_iter().map(Vec::from))?);
        Ok(Answer::new(CSV, document))
    })
    .await
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
        FilterProblems,
        StreamProblems,
        Principal,
    )
)]
#[get("/metrics/hubs")]
pub async fn hub_rows(
    request: HttpRequest,
    who: Principal,
    (db, answers): (web::Data<Db>, web::Data<Answers>),
    query: QueryParams<MetricsQuery>,
    page: QueryParams<MetricsPage>,
) -> Result<HttpResponse, ApiError> {
    let (QueryParams(query), QueryParams(page)) = (query, page);
    let day = query.as_of.unwrap_or_else(today);
    let (filter, visible) = (query.clone(), visibility(&who));
    if wants_csv(&request, &query) {
        let batches = db.produce(2, move |conn, send| {
            let hubs = match facts::matching(conn, &filter, &visible, day, page.sort) {
                Ok(hubs) => hubs,
                Err(error) => {
                    send(Err(error.into()));
                    return;
                }
            };
            for batch in batched(hubs, HUBS_PER_BATCH) {
                let rows = facts::facts_of(conn, batch, (day, day))
                    .map(|(hubs, _)| hubs.iter().map(|hub| HubMetricsRow::of(hub, day)).collect())
                    .map_err(ApiError::from);
                let failed = rows.is_err();
                if !send(rows) || failed {
                    return;
                }
            }
        })?;
        return streamed(&request, &who, &db, (query, metrics::hub_columns()), "hub-metrics", batches).await;
    }
    let asked = question(&request, &who, false, &(&query, &page));
    kept(&request, &who, (&db, &answers), asked, "hub-metrics", || async {
        let (matched, _) =
            db.read(move |conn| Ok(facts::facts(conn, &filter, &visible, (day, day), page.sort)?)).await?;
        let total = i64::try_from(matched.len()).unwrap_or(i64::MAX);
        let skip = usize::try_from(u64::from(page.page - 1) * u64::from(page.per_page)).unwrap_or(usize::MAX);
        let per_page = usize::try_from(page.per_page).unwrap_or(usize::MAX);
        let items: Vec<HubMetricsRow> =
            matched.iter().skip(skip).take(per_page).map(|hub| HubMetricsRow::of(hub, day)).collect();
        Ok(Answer::new(JSON, json(&crate::models::page_of(items, total, page.page, page.per_page))?))
    })
    .await
}

/// How many hubs' facts one read of a streamed CSV loads (few in debug builds, so that the tests'
/// few hundred hubs already take several batches).
const HUBS_PER_BATCH: usize = if cfg!(debug_assertions) { 64 } else { 500 };

/// `items` in batches of `size`, in order.
fn batched<T>(items: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut batches = Vec::with_capacity(items.len().div_ceil(size));
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        batches.push(items.by_ref().take(size).collect());
    }
    batches
}

/// Observations, one row per measurement
///
/// The tidy feed: every measurement of an indicator of a hub matching the filters, with its hub,
/// region, indicator, dimension, unit, SDG target, day, value and breakdown on its own row. Oldest
/// recorded first and paged by a cursor: send `next_cursor` back as `cursor` for the next page
/// (also given in a `Link: …; rel="next"` header); with `updated_since`, a dashboard fetches only
/// what was recorded since its last sync. As CSV (`format=csv` or `Accept: text/csv`): every
/// observation from `cursor` on, streamed as one document (`per_page` does not apply), so that a
/// spreadsheet or BI tool reads the whole feed from one address.
#[utoipa::path(
    tag = "metrics",
    params(MetricsQuery, ObservationQuery),
    responses(
        (status = 200, description = "One page of observations; as CSV, every observation from the cursor on", headers(
            ("ETag" = String, description = "A tag of this answer; send it in `If-None-Match`"),
            ("Link" = String, description = "The next page's URL, `rel=\"next\"` (JSON only)"),
        ), content(
            (ObservationPage = "application/json"),
            (String = "text/csv"),
        )),
        FilterProblems,
        StreamProblems,
        Principal,
    )
)]
#[get("/metrics/observations")]
pub async fn observations(
    request: HttpRequest,
    who: Principal,
    db: web::Data<Db>,
    query: QueryParams<MetricsQuery>,
    selection: QueryParams<ObservationQuery>,
) -> Result<HttpResponse, ApiError> {
    let (QueryParams(query), QueryParams(selection)) = (query, selection);
    let (filter, visible) = (query.clone(), visibility(&who));
    if wants_csv(&request, &query) {
        let batches = db.produce(2, move |conn, send| {
            let mut next = selection.cursor.clone();
            loop {
                let batch = ObservationQuery { cursor: next, per_page: OBSERVATIONS_PER_BATCH, ..selection.clone() };
                match facts::observations(conn, &filter, &batch, &visible) {
                    Ok((rows, more)) => {
                        next = rows.last().map(cursor_of);
                        if !send(Ok(rows)) || !more {
                            return;
                        }
                    }
                    Err(error) => {
                        send(Err(error.into()));
                        return;
                    }
                }
            }
        })?;
        let columns = metrics::observation_columns();
        return streamed(&request, &who, &db, (query, columns), "hub-observations", batches).await;
    }
    let chosen = selection.clone();
    let (items, has_more) = db.read(move |conn| Ok(facts::observations(conn, &filter, &chosen, &visible)?)).await?;
    let next_cursor = items.last().map(cursor_of).or_else(|| selection.cursor.clone());
    let answer = Answer::new(JSON, json(&ObservationPage { items, next_cursor: next_cursor.clone(), has_more })?);
    let mut response = match head(&request, &who, &answer.etag, JSON, "hub-observations") {
        Head::Send(mut response) => response.body(answer.body),
        Head::Unchanged(not_modified) => not_modified,
    };
    if let Some(cursor) = next_cursor {
        let kept: Vec<&str> =
            request.query_string().split('&').filter(|p| !p.is_empty() && !p.starts_with("cursor=")).collect();
        let mut next = kept.join("&");
        next.push_str(if next.is_empty() { "cursor=" } else { "&cursor=" });
        next.push_str(&cursor);
        let link = format!("</api/v1/metrics/observations?{next}>; rel=\"next\"");
        if let Ok(value) = HeaderValue::from_str(&link) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    Ok(response)
}

/// How many observations one read of the streamed CSV loads (few in debug builds, as above).
const OBSERVATIONS_PER_BATCH: u32 = if cfg!(debug_assertions) { 100 } else { 5_000 };

/// The cursor of the position after `observation`.
fn cursor_of(observation: &Observation) -> String {
    cursor_after(observation.recorded_at.timestamp_micros(), &observation.id)
}

/// A time series
///
/// Per period (`month`, `quarter` or `year`, calendar-aligned) from `from` to `to`, over the hubs
/// matching the filters: how many indicators were on track at the period's end, how many
/// deliverables were delivered in it, and with `indicator`, that indicator's latest total
/// measurement in the period (`aggregation: latest`: measurements are levels, not flows). The
/// past is read with what is recorded now, by the records' own days (measurement day, delivery
/// day), so that data entered late still draws its history. At most 120 periods.
#[utoipa::path(
    tag = "metrics",
    params(MetricsQuery, TimeseriesQuery),
    responses(
        (status = 200, description = "The series; as CSV when asked, one row per period", content(
            (Timeseries = "application/json"),
            (String = "text/csv"),
        )),
        (status = 404, description = "No indicator the caller may see among the hubs matched has this id", body = l4a_shared::problem::Problem, content_type = "application/problem+json"),
        FilterProblems,
        Principal,
    )
)]
#[get("/metrics/timeseries")]
pub async fn timeseries(
    request: HttpRequest,
    who: Principal,
    (db, answers): (web::Data<Db>, web::Data<Answers>),
    query: QueryParams<MetricsQuery>,
    series: QueryParams<TimeseriesQuery>,
) -> Result<HttpResponse, ApiError> {
    let (QueryParams(query), QueryParams(series)) = (query, series);
    let interval = series.interval.unwrap_or(Interval::Month);
    let spans = spans(interval, &series, &query)?;
    let csv = wants_csv(&request, &query);
    let asked = question(&request, &who, csv, &(&query, &series));
    kept(&request, &who, (&db, &answers), asked, "hub-timeseries", || async {
        let (filter, visible, indicator) = (query.clone(), visibility(&who), series.indicator.clone());
        let points = db.read(move |conn| series_points(conn, &filter, &visible, &spans, indicator.as_deref())).await?;
        if csv {
            return Ok(Answer::new(CSV, table(&query, &metrics::timeseries_columns(), &points)?));
        }
        let answer = Timeseries { interval, indicator: series.indicator, aggregation: "latest".to_owned(), points };
        Ok(Answer::new(JSON, json(&answer)?))
    })
    .await
}

/// The periods a series covers: from `from` (default: eleven periods before `to`'s) to `to`
/// (default: `as_of`, or today); more than [`MAX_PERIODS`] is a 422.
fn spans(
    interval: Interval,
    series: &TimeseriesQuery,
    query: &MetricsQuery,
) -> Result<Vec<(chrono::NaiveDate, chrono::NaiveDate)>, ApiError> {
    let to = series.to.or(query.as_of).unwrap_or_else(today);
    let from = series.from.unwrap_or_else(|| {
        let mut start = metrics::period_start(interval, to);
        for _ in 0..11 {
            start = metrics::period_start(interval, start.pred_opt().unwrap_or(start));
        }
        start
    });
    let spans = metrics::periods(interval, from, to, usize::MAX);
    if spans.len() > usize::try_from(MAX_PERIODS).unwrap_or(usize::MAX) {
        let mut errors = ValidationErrors::default();
        let message = format!("at most {MAX_PERIODS} periods; this asks for {}", spans.len());
        errors.push("from", Invalid::new(Rule::Range, message));
        return Err(ApiError::Validation(errors));
    }
    Ok(spans)
}

/// Each period's figures over the hubs matching `filter`, read with what is recorded today.
fn series_points(
    conn: &mut crate::db::DbConnection,
    filter: &MetricsQuery,
    visible: &Visibility,
    spans: &[(chrono::NaiveDate, chrono::NaiveDate)],
    indicator: Option<&str>,
) -> Result<Vec<TimeseriesPoint>, ApiError> {
    let (Some(&(from, _)), Some(&(_, to))) = (spans.first(), spans.last()) else { return Ok(Vec::new()) };
    let values = match indicator {
        Some(id) => Some(
            facts::indicator_totals(conn, filter, visible, id, (from, to))?
                .ok_or_else(|| ApiError::NotFound { resource: "indicator", key: id.to_owned() })?,
        ),
        None => None,
    };
    let known = today();
    let (at_end, _) = facts::facts(conn, filter, visible, (to, known), HubSort::Name)?;
    let mut points = Vec::with_capacity(spans.len());
    for &(start, end) in spans {
        let (then, _) = facts::facts(conn, filter, visible, (end, known), HubSort::Name)?;
        let indicators = then.iter().flat_map(|hub| &hub.indicators);
        let within = |day: &chrono::NaiveDate| *day >= start && *day <= end;
        let delivered =
            at_end.iter().flat_map(|hub| &hub.deliverables).filter(|d| d.delivered_on.is_some_and(|on| within(&on)));
        points.push(TimeseriesPoint {
            period_start: start,
            period_end: end,
            indicator_value: values
                .as_ref()
                .and_then(|values| values.iter().rev().find(|(day, _)| within(day)).map(|(_, value)| *value)),
            indicators_on_track: count(indicators.clone().filter(|i| i.on_track(end)).count()),
            indicators_total: count(indicators.count()),
            deliverables_delivered: count(delivered.count()),
        });
    }
    Ok(points)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The synchronization network
///
/// The graph of the hubs matching the filters (nodes: region, status, SDGs, synchronization
/// degree) and the accepted connections between them (edges, with their kind), as they stood on
/// `as_of`. With `with`, also the policy councils the hubs inform, the Venice City Solutions 2030
/// editions where they presented an activity and the published policy recommendations citing
/// their evidence (`groups`, named in `lang`; a recommendation names its council, so a dashboard
/// can draw hub → recommendation → council), linked to their hubs (`memberships`). As CSV: one
/// row per hub.
#[utoipa::path(
    tag = "metrics",
    params(MetricsQuery, NetworkQuery),
    responses(
        (status = 200, description = "The graph; as CSV when asked, one row per hub", content(
            (NetworkGraph = "application/json"),
            (String = "text/csv"),
        )),
        FilterProblems,
        Principal,
    )
)]
#[get("/metrics/network")]
pub async fn network(
    request: HttpRequest,
    who: Principal,
    (db, answers): (web::Data<Db>, web::Data<Answers>),
    query: QueryParams<MetricsQuery>,
    shown: QueryParams<NetworkQuery>,
) -> Result<HttpResponse, ApiError> {
    let (QueryParams(query), QueryParams(shown)) = (query, shown);
    let csv = wants_csv(&request, &query);
    let asked = question(&request, &who, csv, &(&query, &shown));
    kept(&request, &who, (&db, &answers), asked, "hub-network", || async {
        let day = query.as_of.unwrap_or_else(today);
        let (visible, filter) = (visibility(&who), query.clone());
        let graph = db.read(move |conn| graph(conn, &filter, &visible, day, &shown.with)).await?;
        if csv {
            return Ok(Answer::new(CSV, table(&query, &metrics::network_columns(), &graph.nodes)?));
        }
        Ok(Answer::new(JSON, json(&graph)?))
    })
    .await
}

/// The hubs matching `filter` on `day`, the accepted connections between them, and the groups
/// of the kinds `with` they are linked to.
fn graph(
    conn: &mut crate::db::DbConnection,
    filter: &MetricsQuery,
    visible: &Visibility,
    day: chrono::NaiveDate,
    with: &[NetworkGroupKind],
) -> Result<NetworkGraph, ApiError> {
    let (hubs, _) = facts::facts(conn, filter, visible, (day, day), HubSort::Name)?;
    let ids: Vec<&str> = hubs.iter().map(|hub| hub.id.as_str()).collect();
    let edges = facts::edges(conn, &ids, day)?
        .into_iter()
        .filter_map(|(id, source, target, kind)| Some(NetworkEdge { id, source, target, kind: kind.parse().ok()? }))
        .collect();
    let lang = filter.lang.unwrap_or(Lang::En);
    let (mut groups, mut memberships) = (BTreeMap::new(), Vec::new());
    for kind in with {
        let links: Vec<(String, String, String, Option<String>)> = match kind {
            NetworkGroupKind::PolicyCouncils => {
                let names = facts::council_names(conn)?;
                let name = |id: &str| {
                    let [en, fr, es] = names.get(id)?;
                    Some(match lang {
                        Lang::En => en.clone(),
                        Lang::Fr => fr.clone(),
                        Lang::Es => es.clone(),
                    })
                };
                hubs.iter()
                    .flat_map(|hub| hub.policy_council_ids.iter().map(move |council| (hub, council)))
                    .map(|(hub, council)| {
                        let label = name(council).unwrap_or_else(|| council.clone());
                        (hub.id.clone(), format!("policy_council:{council}"), label, None)
                    })
                    .collect()
            }
            NetworkGroupKind::VeniceEditions => facts::venice_presentations(conn, &ids, day)?
                .into_iter()
                .map(|(hub, year)| {
                    (hub, format!("venice_edition:{year}"), format!("Venice City Solutions 2030 ({year})"), None)
                })
                .collect(),
            NetworkGroupKind::Recommendations => crate::models::recommendation::citing(conn, &ids)?
                .into_iter()
                .map(|(hub, id, title, council)| {
                    let name = Some(title.get(lang)).filter(|t| !t.trim().is_empty()).unwrap_or(&title.en).to_owned();
                    (hub, format!("recommendation:{id}"), name, Some(council))
                })
                .collect(),
        };
        for (hub, group, name, policy_council_id) in links {
            let node = NetworkGroup { id: group.clone(), kind: *kind, name, policy_council_id };
            groups.entry(group.clone()).or_insert(node);
            memberships.push(NetworkMembership { hub, group });
        }
    }
    let nodes = hubs
        .iter()
        .map(|hub| NetworkNode {
            id: hub.id.clone(),
            slug: hub.slug.clone(),
            name: hub.name.clone(),
            region: hub.region,
            status: hub.status,
            sdgs: hub.sdgs.clone(),
            synchronization_degree: count(hub.connected_hubs.len()),
        })
        .collect();
    Ok(NetworkGraph { nodes, edges, groups: groups.into_values().collect(), memberships })
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
    config
        .service(summary)
        .service(hub_rows)
        .service(observations)
        .service(timeseries)
        .service(network)
        .service(dictionary);
}
