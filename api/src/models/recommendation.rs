//! Policy recommendations in the database, with their citations; every citation is resolved to
//! the public hub its evidence belongs to, so that a private hub's data is never cited and a
//! hub's page finds the recommendations citing it.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use l4a_shared::hub::HubStatus;
use l4a_shared::page::Page;
use l4a_shared::query::RecommendationQuery;
use l4a_shared::recommendation::{
    Citation, EvidenceKind, NewRecommendation, PolicyRecommendation, Presentation, RecommendationState,
};
use l4a_shared::report::ReportState;
use l4a_shared::sdg::Localized;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

use super::StoreError;
use super::audit::{self, Actor};
use crate::db::DbConnection;
use crate::schema::{
    deliverables, hubs, indicators, policy_councils, recommendation_citations, recommendations, reports,
};

/// A recommendation as stored, with its version.
pub type StoredRecommendation = super::Stored<PolicyRecommendation>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = recommendations)]
struct RecommendationRow {
    id: String,
    policy_council_id: String,
    title_en: String,
    title_fr: String,
    title_es: String,
    text_en: String,
    text_fr: String,
    text_es: String,
    presented_event: Option<String>,
    presented_on: Option<NaiveDate>,
    state: String,
    published_at: Option<NaiveDateTime>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// Rows with their citations, in the rows' order.
fn with_citations(
    conn: &mut DbConnection,
    rows: Vec<RecommendationRow>,
) -> Result<Vec<StoredRecommendation>, StoreError> {
    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let cited: Vec<(String, String, String, String)> = recommendation_citations::table
        .filter(recommendation_citations::recommendation_id.eq_any(&ids))
        .order((recommendation_citations::recommendation_id, recommendation_citations::position))
        .select((
            recommendation_citations::recommendation_id,
            recommendation_citations::kind,
            recommendation_citations::target_id,
            recommendation_citations::note,
        ))
        .load(conn)?;
    let mut citations: HashMap<String, Vec<Citation>> = HashMap::new();
    for (recommendation, kind, id, note) in cited {
        let kind = kind.parse().map_err(|_| corrupt(&recommendation, "citation kind"))?;
        citations.entry(recommendation).or_default().push(Citation { kind, id, note });
    }
    rows.into_iter()
        .map(|row| {
            let presented_at = match (row.presented_event, row.presented_on) {
                (Some(event), Some(date)) => Some(Presentation { event, date }),
                _ => None,
            };
            Ok(StoredRecommendation {
                version: row.version,
                item: PolicyRecommendation {
                    state: row.state.parse().map_err(|_| corrupt(&row.id, "state"))?,
                    citations: citations.remove(&row.id).unwrap_or_default(),
                    policy_council_id: row.policy_council_id,
                    title: Localized { en: row.title_en, fr: row.title_fr, es: row.title_es },
                    text: Localized { en: row.text_en, fr: row.text_fr, es: row.text_es },
                    presented_at,
                    published_at: row.published_at.map(|at| at.and_utc()),
                    created_at: row.created_at.and_utc(),
                    updated_at: row.updated_at.and_utc(),
                    id: row.id,
                },
            })
        })
        .collect()
}

fn corrupt(id: &str, what: &str) -> StoreError {
    StoreError::Corrupt(anyhow::anyhow!("recommendation {id} has an unknown {what}"))
}

/// Finds a recommendation by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredRecommendation>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let rows: Vec<RecommendationRow> =
        recommendations::table.filter(recommendations::id.eq(id)).select(RecommendationRow::as_select()).load(conn)?;
    Ok(with_citations(conn, rows)?.into_iter().next())
}

/// Like [`find`], but a missing recommendation is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredRecommendation, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "recommendation", key: id.to_owned() })
}

/// One page of recommendations, newest first: published ones only unless `private`; those citing
/// `hub_id`'s records when given.
pub fn list(
    conn: &mut DbConnection,
    query: &RecommendationQuery,
    hub_id: Option<&str>,
    private: bool,
) -> Result<Page<PolicyRecommendation>, StoreError> {
    let filtered = || {
        let mut rows = recommendations::table.into_boxed();
        if !private {
            rows = rows.filter(recommendations::state.eq(RecommendationState::Published.as_str()));
        }
        if let Some(state) = query.state {
            rows = rows.filter(recommendations::state.eq(state.as_str()));
        }
        if let Some(council) = &query.policy_council {
            rows = rows.filter(recommendations::policy_council_id.eq(council.clone()));
        }
        if let Some(hub_id) = hub_id {
            let citing = recommendation_citations::table
                .filter(recommendation_citations::hub_id.eq(hub_id.to_owned()))
                .select(recommendation_citations::recommendation_id);
            rows = rows.filter(recommendations::id.eq_any(citing));
        }
        rows
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<RecommendationRow> = filtered()
        .order((recommendations::created_at.desc(), recommendations::id.desc()))
        .select(RecommendationRow::as_select())
        .limit(i64::from(query.per_page))
        .offset(super::offset(query.page, query.per_page))
        .load(conn)?;
    let items = with_citations(conn, rows)?.into_iter().map(|stored| stored.item).collect();
    Ok(super::page_of(items, total, query.page, query.per_page))
}

/// The public hub each citation's evidence belongs to; a 422 naming each citation whose
/// evidence is missing or not public (an unpublished hub, a report not approved), and an unknown
/// council.
fn resolve(conn: &mut DbConnection, new: &NewRecommendation) -> Result<Vec<String>, StoreError> {
    let mut errors = ValidationErrors::default();
    let council: Option<String> = policy_councils::table
        .filter(policy_councils::id.eq(&new.policy_council_id))
        .select(policy_councils::id)
        .first(conn)
        .optional()?;
    if council.is_none() {
        errors.push("policy_council_id", Invalid::new(Rule::Exists, "no policy council has this id"));
    }
    let public: Vec<&str> = HubStatus::PUBLIC.iter().map(|status| status.as_str()).collect();
    let mut hubs_of = Vec::with_capacity(new.citations.len());
    for (index, citation) in new.citations.iter().enumerate() {
        let id = citation.id.as_str();
        let hub: Option<String> = match citation.kind {
            EvidenceKind::Hub => hubs::table.filter(hubs::id.eq(id)).select(hubs::id).first(conn).optional()?,
            EvidenceKind::Deliverable => deliverables::table
                .filter(deliverables::id.eq(id))
                .select(deliverables::hub_id)
                .first(conn)
                .optional()?,
            EvidenceKind::Indicator => {
                indicators::table.filter(indicators::id.eq(id)).select(indicators::hub_id).first(conn).optional()?
            }
            EvidenceKind::Report => reports::table
                .filter(reports::id.eq(id))
                .filter(reports::state.eq(ReportState::Approved.as_str()))
                .select(reports::hub_id)
                .first(conn)
                .optional()?,
        };
        let public_hub: Option<String> = match hub {
            Some(hub) => hubs::table
                .filter(hubs::id.eq(hub))
                .filter(hubs::status.eq_any(&public))
                .select(hubs::id)
                .first(conn)
                .optional()?,
            None => None,
        };
        match public_hub {
            Some(hub) => hubs_of.push(hub),
            None => errors.push(
                format!("citations[{index}].id"),
                Invalid::new(Rule::Exists, format!("no public {} has this id", citation.kind)),
            ),
        }
    }
    if errors.is_empty() { Ok(hubs_of) } else { Err(StoreError::Invalid(errors)) }
}

/// The columns a create or an edit writes.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = recommendations)]
#[diesel(treat_none_as_null = true)]
struct RecommendationChanges<'a> {
    policy_council_id: &'a str,
    title_en: &'a str,
    title_fr: &'a str,
    title_es: &'a str,
    text_en: &'a str,
    text_fr: &'a str,
    text_es: &'a str,
    presented_event: Option<&'a str>,
    presented_on: Option<NaiveDate>,
    updated_at: NaiveDateTime,
}

impl<'a> RecommendationChanges<'a> {
    fn new(new: &'a NewRecommendation, now: NaiveDateTime) -> Self {
        Self {
            policy_council_id: &new.policy_council_id,
            title_en: &new.title.en,
            title_fr: &new.title.fr,
            title_es: &new.title.es,
            text_en: &new.text.en,
            text_fr: &new.text.fr,
            text_es: &new.text.es,
            presented_event: new.presented_at.as_ref().map(|p| p.event.as_str()),
            presented_on: new.presented_at.as_ref().map(|p| p.date),
            updated_at: now,
        }
    }
}

fn write_citations(
    conn: &mut DbConnection,
    id: &str,
    citations: &[Citation],
    hubs_of: &[String],
) -> Result<(), StoreError> {
    diesel::delete(recommendation_citations::table.filter(recommendation_citations::recommendation_id.eq(id)))
        .execute(conn)?;
    for (position, (citation, hub)) in citations.iter().zip(hubs_of).enumerate() {
        diesel::insert_into(recommendation_citations::table)
            .values((
                recommendation_citations::recommendation_id.eq(id),
                recommendation_citations::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                recommendation_citations::kind.eq(citation.kind.as_str()),
                recommendation_citations::target_id.eq(&citation.id),
                recommendation_citations::hub_id.eq(hub),
                recommendation_citations::note.eq(&citation.note),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Stores a draft and its audit entry; call inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    new: &NewRecommendation,
) -> Result<StoredRecommendation, StoreError> {
    let hubs_of = resolve(conn, new)?;
    let (id, now) = (super::new_id(), super::now());
    diesel::insert_into(recommendations::table)
        .values((
            RecommendationChanges::new(new, now),
            recommendations::id.eq(&id),
            recommendations::state.eq(RecommendationState::Draft.as_str()),
            recommendations::version.eq(1_i64),
            recommendations::created_at.eq(now),
        ))
        .execute(conn)?;
    write_citations(conn, &id, &new.citations, &hubs_of)?;
    let stored = get(conn, &id)?;
    audit::created(conn, actor, &stored.item)?;
    Ok(stored)
}

/// Replaces a recommendation's content if it is still at its version, with its audit entry.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredRecommendation,
    new: &NewRecommendation,
) -> Result<Option<StoredRecommendation>, StoreError> {
    let hubs_of = resolve(conn, new)?;
    let id = &current.item.id;
    let changed = diesel::update(
        recommendations::table.filter(recommendations::id.eq(id)).filter(recommendations::version.eq(current.version)),
    )
    .set((RecommendationChanges::new(new, super::now()), recommendations::version.eq(current.version + 1)))
    .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    write_citations(conn, id, &new.citations, &hubs_of)?;
    let updated = get(conn, id)?;
    audit::updated(conn, actor, &current.item, &updated.item)?;
    Ok(Some(updated))
}

/// Moves a recommendation to `state` if it is still at its version, with its audit entry named
/// `action`.
pub fn transition(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredRecommendation,
    state: RecommendationState,
    action: &str,
) -> Result<Option<StoredRecommendation>, StoreError> {
    let now = super::now();
    let published_at = if state == RecommendationState::Published {
        Some(now)
    } else {
        current.item.published_at.map(|at| at.naive_utc())
    };
    let id = &current.item.id;
    let changed = diesel::update(
        recommendations::table.filter(recommendations::id.eq(id)).filter(recommendations::version.eq(current.version)),
    )
    .set((
        recommendations::state.eq(state.as_str()),
        recommendations::published_at.eq(published_at),
        recommendations::updated_at.eq(now),
        recommendations::version.eq(current.version + 1),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    let moved = get(conn, id)?;
    audit::changed(conn, actor, action, Some(&current.item), Some(&moved.item))?;
    Ok(Some(moved))
}

/// The published recommendations citing the records of `hub_ids`, as `(hub, recommendation id,
/// title, council)`, once per hub and recommendation.
pub fn citing(
    conn: &mut DbConnection,
    hub_ids: &[&str],
) -> Result<Vec<(String, String, Localized, String)>, StoreError> {
    let rows: Vec<(String, String, String, String, String, String)> =
        super::metrics::in_chunks(conn, hub_ids, |conn, chunk| {
            recommendation_citations::table
                .inner_join(recommendations::table)
                .filter(recommendation_citations::hub_id.eq_any(chunk))
                .filter(recommendations::state.eq(RecommendationState::Published.as_str()))
                .select((
                    recommendation_citations::hub_id,
                    recommendations::id,
                    recommendations::title_en,
                    recommendations::title_fr,
                    recommendations::title_es,
                    recommendations::policy_council_id,
                ))
                .distinct()
                .order((recommendation_citations::hub_id, recommendations::id))
                .load(conn)
        })?;
    Ok(rows.into_iter().map(|(hub, id, en, fr, es, council)| (hub, id, Localized { en, fr, es }, council)).collect())
}
