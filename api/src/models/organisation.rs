//! Organisations in the database: rows, the listing query, writes, and the summaries hubs embed.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use l4a_shared::organisation::{Organisation, OrganisationKind, OrganisationSummary, ValidOrganisation};
use l4a_shared::page::Page;
use l4a_shared::query::{OrganisationQuery, OrganisationSort};
use l4a_shared::text::fold;
use l4a_shared::validation::{Invalid, ValidationErrors};

use super::StoreError;
use super::audit::{self, Actor};
use super::like_pattern;
use crate::db::DbConnection;
use crate::schema::{hubs, organisations};

/// An organisation as stored, with its version.
pub type StoredOrganisation = super::Stored<Organisation>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = organisations)]
struct OrganisationRow {
    id: String,
    name: String,
    kind: String,
    country: String,
    region: String,
    website: Option<String>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

fn corrupt(id: &str, column: &str, value: &str) -> StoreError {
    StoreError::Corrupt(anyhow::anyhow!("organisation {id} has an unknown {column} {value:?}"))
}

impl OrganisationRow {
    fn into_stored(self) -> Result<StoredOrganisation, StoreError> {
        let kind = self.kind.parse().map_err(|_| corrupt(&self.id, "kind", &self.kind))?;
        let region = self.region.parse().map_err(|_| corrupt(&self.id, "region", &self.region))?;
        Ok(StoredOrganisation {
            version: self.version,
            item: Organisation {
                id: self.id,
                name: self.name,
                kind,
                country: self.country,
                region,
                website: self.website,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

/// The columns a create or an update writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = organisations)]
#[diesel(treat_none_as_null = true)]
struct OrganisationChanges<'a> {
    name: &'a str,
    kind: &'a str,
    country: &'a str,
    region: &'a str,
    website: Option<&'a str>,
    search_text: String,
    sort_name: String,
    updated_at: NaiveDateTime,
}

impl<'a> OrganisationChanges<'a> {
    fn new(organisation: &'a ValidOrganisation, now: NaiveDateTime) -> Self {
        let folded = fold(organisation.name.as_str());
        Self {
            name: organisation.name.as_str(),
            kind: organisation.kind.as_str(),
            country: organisation.country.as_str(),
            region: organisation.region.as_str(),
            website: organisation.website.as_ref().map(|w| w.as_str()),
            search_text: folded.clone(),
            sort_name: folded,
            updated_at: now,
        }
    }
}

/// Finds an organisation by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredOrganisation>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<OrganisationRow> = organisations::table
        .filter(organisations::id.eq(id))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?;
    row.map(OrganisationRow::into_stored).transpose()
}

/// Finds an organisation by its exact name and country (how the demo seed recognises its own).
pub fn find_by_name(
    conn: &mut DbConnection,
    name: &str,
    country: &str,
) -> Result<Option<StoredOrganisation>, StoreError> {
    let row: Option<OrganisationRow> = organisations::table
        .filter(organisations::name.eq(name))
        .filter(organisations::country.eq(country))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?;
    row.map(OrganisationRow::into_stored).transpose()
}

/// Like [`find`], but a missing organisation is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredOrganisation, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "organisation", key: id.to_owned() })
}

type BoxedOrganisations<'a> = organisations::BoxedQuery<'a, <DbConnection as diesel::Connection>::Backend>;

fn filtered(query: &OrganisationQuery) -> BoxedOrganisations<'static> {
    let mut filtered = organisations::table.into_boxed();
    if let Some(kind) = query.kind {
        filtered = filtered.filter(organisations::kind.eq(kind.as_str()));
    }
    if let Some(country) = &query.country {
        filtered = filtered.filter(organisations::country.eq(country.clone()));
    }
    if let Some(region) = query.region {
        filtered = filtered.filter(organisations::region.eq(region.as_str()));
    }
    if let Some(can_lead) = query.can_lead {
        let leading: Vec<&str> = OrganisationKind::ALL.iter().filter(|k| k.can_lead()).map(|k| k.as_str()).collect();
        filtered = if can_lead {
            filtered.filter(organisations::kind.eq_any(leading))
        } else {
            filtered.filter(organisations::kind.ne_all(leading))
        };
    }
    if let Some(text) = &query.q {
        filtered = filtered.filter(organisations::search_text.like(like_pattern(&fold(text))).escape('\\'));
    }
    filtered
}

/// One page of the organisations matching `query`, with the total count.
pub fn list(conn: &mut DbConnection, query: &OrganisationQuery) -> Result<Page<Organisation>, StoreError> {
    let total: i64 = filtered(query).count().get_result(conn)?;
    let page = filtered(query);
    let page = match query.sort {
        OrganisationSort::Name => page.order((organisations::sort_name.asc(), organisations::id.asc())),
        OrganisationSort::NameDesc => page.order((organisations::sort_name.desc(), organisations::id.desc())),
        OrganisationSort::UpdatedAt => page.order((organisations::updated_at.asc(), organisations::id.asc())),
        OrganisationSort::UpdatedAtDesc => page.order((organisations::updated_at.desc(), organisations::id.desc())),
        OrganisationSort::CreatedAt => page.order((organisations::created_at.asc(), organisations::id.asc())),
        OrganisationSort::CreatedAtDesc => page.order((organisations::created_at.desc(), organisations::id.desc())),
    };
    let offset = super::offset(query.page, query.per_page);
    let rows: Vec<OrganisationRow> =
        page.select(OrganisationRow::as_select()).limit(i64::from(query.per_page)).offset(offset).load(conn)?;
    Ok(super::page_of(
        rows.into_iter().map(|row| row.into_stored().map(|s| s.item)).collect::<Result<_, _>>()?,
        total,
        query.page,
        query.per_page,
    ))
}

/// The summaries of the given organisations, in one query; missing ids are left out.
pub fn summaries(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<OrganisationSummary>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<OrganisationRow> =
        organisations::table.filter(organisations::id.eq_any(ids)).select(OrganisationRow::as_select()).load(conn)?;
    rows.into_iter()
        .map(|row| {
            let stored = row.into_stored()?.item;
            Ok(OrganisationSummary {
                id: stored.id,
                name: stored.name,
                kind: stored.kind,
                country: stored.country,
                region: stored.region,
            })
        })
        .collect()
}

/// Stores a new organisation; call inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    organisation: &ValidOrganisation,
) -> Result<StoredOrganisation, StoreError> {
    let id = super::new_id();
    let now = super::now();
    diesel::insert_into(organisations::table)
        .values((
            OrganisationChanges::new(organisation, now),
            organisations::id.eq(&id),
            organisations::version.eq(1_i64),
            organisations::created_at.eq(now),
        ))
        .execute(conn)?;
    let stored = get(conn, &id)?;
    audit::created(conn, actor, &stored.item)?;
    Ok(stored)
}

/// Replaces an organisation's fields if it is still at `version`; `None` when another change came first.
/// An organisation that leads hubs keeps a kind that may lead (the label's first rule).
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredOrganisation,
    organisation: &ValidOrganisation,
) -> Result<Option<StoredOrganisation>, StoreError> {
    let (id, version) = (current.item.id.as_str(), current.version);
    if let Err(invalid) = organisation.kind.check_can_lead() {
        let led: Vec<String> =
            hubs::table.filter(hubs::lead_organisation_id.eq(id)).select(hubs::slug).order(hubs::slug).load(conn)?;
        if !led.is_empty() {
            let mut errors = ValidationErrors::default();
            let message = format!("{} It leads these hubs: {}.", invalid.message, led.join(", "));
            errors.push("kind", Invalid::new(invalid.rule, message));
            return Err(StoreError::Invalid(errors));
        }
    }
    let changed = diesel::update(
        organisations::table.filter(organisations::id.eq(id)).filter(organisations::version.eq(version)),
    )
    .set((OrganisationChanges::new(organisation, super::now()), organisations::version.eq(version + 1)))
    .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    let updated = find(conn, id)?;
    audit::updated_if(conn, actor, &current.item, updated.as_ref().map(|u| &u.item))?;
    Ok(updated)
}

/// Fills the folded search and sort columns of rows a migration created without them.
pub fn refold(conn: &mut DbConnection) -> QueryResult<usize> {
    let rows: Vec<(String, String)> = organisations::table
        .filter(organisations::sort_name.eq(""))
        .select((organisations::id, organisations::name))
        .load(conn)?;
    for (id, name) in &rows {
        let folded = fold(name);
        diesel::update(organisations::table.filter(organisations::id.eq(id)))
            .set((organisations::search_text.eq(&folded), organisations::sort_name.eq(&folded)))
            .execute(conn)?;
    }
    Ok(rows.len())
}
