//! Hubs in the database: rows, the listing query, and the writes that keep slugs unique
//! and versions counting.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use l4a_shared::figures::HubFigures;
use l4a_shared::hub::{Hub, HubParties, HubStatus, ValidHub};
use l4a_shared::organisation::OrganisationSummary;
use l4a_shared::page::Page;
use l4a_shared::proposal::EventKind;
use l4a_shared::query::{HubQuery, HubSort};
use l4a_shared::text::fold;
use l4a_shared::validation::{FieldError, HubPeriod, Invalid, Rule, Slug, ValidationErrors};

use super::StoreError;
use super::audit::{self, Actor};
use super::{like_pattern, organisation};
use crate::db::DbConnection;
use crate::schema::{
    hub_manifestos, hub_partners, hub_policy_councils, hub_sdg_targets, hub_sdgs, hubs, organisations,
};

/// A hub as stored, with its version (the ETag's source).
pub type StoredHub = super::Stored<Hub>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = hubs)]
struct HubRow {
    id: String,
    slug: String,
    name: String,
    summary: String,
    description: String,
    lead_organisation_id: Option<String>,
    country: String,
    city: Option<String>,
    modality: String,
    status: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    label_granted_on: Option<NaiveDate>,
    proposal_id: Option<String>,
    resources: String,
}

/// What a hub row needs from other tables to become a [`Hub`].
struct Related {
    sdgs: Vec<u8>,
    tags: Tags,
    partner_ids: Vec<String>,
    lead: Option<OrganisationSummary>,
    partners: Vec<OrganisationSummary>,
    figures: HubFigures,
}

impl HubRow {
    fn into_stored(self, related: Related) -> Result<StoredHub, StoreError> {
        let corrupt = |what: &str, value: &str| anyhow::anyhow!("hub {} has an unknown {what} {value:?}", self.id);
        let modality = self.modality.parse().map_err(|_| corrupt("modality", &self.modality))?;
        let status = self.status.parse().map_err(|_| corrupt("status", &self.status))?;
        let lead_id = self.lead_organisation_id.clone().unwrap_or_default();
        let lead = related.lead.ok_or_else(|| corrupt("lead organisation", &lead_id))?;
        Ok(StoredHub {
            version: self.version,
            item: Hub {
                id: self.id,
                slug: self.slug,
                name: self.name,
                summary: self.summary,
                description: self.description,
                resources: self.resources,
                lead_organisation_id: lead_id,
                lead_organisation: lead,
                partner_organisation_ids: related.partner_ids,
                partner_organisations: related.partners,
                country: self.country,
                city: self.city,
                sdgs: related.sdgs,
                sdg_targets: related.tags.sdg_targets,
                manifestos: related.tags.manifestos,
                policy_council_ids: related.tags.policy_council_ids,
                figures: related.figures,
                label_granted_on: self.label_granted_on,
                proposal_id: self.proposal_id,
                modality,
                status,
                start_date: self.start_date,
                end_date: self.end_date,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

/// The columns a create or an update writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = hubs)]
#[diesel(treat_none_as_null = true)]
struct HubChanges<'a> {
    slug: &'a str,
    name: &'a str,
    summary: &'a str,
    description: &'a str,
    resources: &'a str,
    lead_organisation_id: Option<&'a str>,
    country: &'a str,
    city: Option<&'a str>,
    modality: &'a str,
    status: &'a str,
    start_date: NaiveDate,
    end_date: NaiveDate,
    search_text: String,
    sort_name: String,
    updated_at: NaiveDateTime,
}

impl<'a> HubChanges<'a> {
    fn new(hub: &'a ValidHub, slug: &'a Slug, now: NaiveDateTime) -> Self {
        Self {
            slug: slug.as_str(),
            name: hub.name.as_str(),
            summary: hub.summary.as_str(),
            description: hub.description.as_str(),
            resources: hub.resources.as_str(),
            lead_organisation_id: Some(hub.lead_organisation_id.as_str()),
            country: hub.country.as_str(),
            city: hub.city.as_ref().map(|c| c.as_str()),
            modality: hub.modality.as_str(),
            status: hub.status.as_str(),
            start_date: hub.period.start(),
            end_date: hub.period.end(),
            search_text: fold(&format!("{} {}", hub.name.as_str(), hub.summary.as_str())),
            sort_name: fold(hub.name.as_str()),
            updated_at: now,
        }
    }
}

/// A hub's tags from UCLG's taxonomies and the SDG targets.
#[derive(Default)]
struct Tags {
    sdg_targets: Vec<String>,
    manifestos: Vec<String>,
    policy_council_ids: Vec<String>,
}

/// The tags of the given hubs: three queries.
fn tags_of(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<Tags>> {
    let targets: Vec<(String, String)> = hub_sdg_targets::table
        .filter(hub_sdg_targets::hub_id.eq_any(ids))
        .select((hub_sdg_targets::hub_id, hub_sdg_targets::code))
        .load(conn)?;
    let manifestos: Vec<(String, String)> = hub_manifestos::table
        .filter(hub_manifestos::hub_id.eq_any(ids))
        .select((hub_manifestos::hub_id, hub_manifestos::manifesto_key))
        .order((hub_manifestos::hub_id, hub_manifestos::manifesto_key))
        .load(conn)?;
    let councils: Vec<(String, String)> = hub_policy_councils::table
        .filter(hub_policy_councils::hub_id.eq_any(ids))
        .select((hub_policy_councils::hub_id, hub_policy_councils::policy_council_id))
        .order((hub_policy_councils::hub_id, hub_policy_councils::policy_council_id))
        .load(conn)?;
    let of = |rows: &[(String, String)], id: &str| -> Vec<String> {
        rows.iter().filter(|(hub, _)| hub == id).map(|(_, value)| value.clone()).collect()
    };
    Ok(ids
        .iter()
        .map(|id| {
            let mut sdg_targets = of(&targets, id);
            // Official order: 11.2 before 11.10, numbered targets before lettered ones.
            sdg_targets.sort_by_key(|code| target_order(code));
            Tags { sdg_targets, manifestos: of(&manifestos, id), policy_council_ids: of(&councils, id) }
        })
        .collect())
}

fn target_order(code: &str) -> (u32, u32, String) {
    let (goal, target) = code.split_once('.').unwrap_or((code, ""));
    let goal = goal.parse().unwrap_or(u32::MAX);
    match target.parse::<u32>() {
        Ok(number) => (goal, number, String::new()),
        Err(_) => (goal, u32::MAX, target.to_owned()),
    }
}

/// Loads what the given rows need from the other tables, in ten queries whatever their number.
fn assemble(conn: &mut DbConnection, rows: Vec<HubRow>) -> Result<Vec<StoredHub>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let created: Vec<(String, chrono::NaiveDateTime)> =
        rows.iter().map(|row| (row.id.clone(), row.created_at)).collect();
    let mut figures = super::figures::of_hubs(conn, &created, super::today())?;
    let mut tags = tags_of(conn, &ids)?.into_iter();
    let goals: Vec<(String, i32)> = hub_sdgs::table
        .filter(hub_sdgs::hub_id.eq_any(&ids))
        .select((hub_sdgs::hub_id, hub_sdgs::goal))
        .order((hub_sdgs::hub_id, hub_sdgs::goal))
        .load(conn)?;
    let partnerships: Vec<(String, String)> = hub_partners::table
        .filter(hub_partners::hub_id.eq_any(&ids))
        .select((hub_partners::hub_id, hub_partners::organisation_id))
        .order((hub_partners::hub_id, hub_partners::organisation_id))
        .load(conn)?;
    let mut organisation_ids: Vec<String> = rows.iter().filter_map(|row| row.lead_organisation_id.clone()).collect();
    organisation_ids.extend(partnerships.iter().map(|(_, organisation)| organisation.clone()));
    organisation_ids.sort();
    organisation_ids.dedup();
    let summaries = organisation::summaries(conn, &organisation_ids)?;
    let summary = |id: &str| summaries.iter().find(|s| s.id == id).cloned();
    rows.into_iter()
        .map(|row| {
            let partner_ids: Vec<String> =
                partnerships.iter().filter(|(hub, _)| *hub == row.id).map(|(_, org)| org.clone()).collect();
            let related = Related {
                tags: tags.next().unwrap_or_default(),
                sdgs: goals
                    .iter()
                    .filter(|(hub, _)| *hub == row.id)
                    .filter_map(|(_, goal)| u8::try_from(*goal).ok())
                    .collect(),
                lead: row.lead_organisation_id.as_deref().and_then(summary),
                partners: partner_ids.iter().filter_map(|id| summary(id)).collect(),
                partner_ids,
                figures: figures
                    .remove(&row.id)
                    .ok_or_else(|| StoreError::Corrupt(anyhow::anyhow!("no figures for hub {}", row.id)))?,
            };
            row.into_stored(related)
        })
        .collect()
}

/// How a hub is named in a lookup.
///
/// Stored references (a deliverable's `hub_id`) are ids and must only ever match an id; a path
/// segment a caller wrote may be an id or a slug. Keeping the two apart in the type makes every
/// call site say which it has, so a slug can never answer for a stored reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubKey<'a> {
    /// A hub id, as stored in another row.
    Id(&'a str),
    /// A path segment: an id, else a slug.
    IdOrSlug(&'a str),
}

impl HubKey<'_> {
    /// The key as the caller wrote it, for a 404.
    fn text(&self) -> &str {
        match self {
            HubKey::Id(key) | HubKey::IdOrSlug(key) => key,
        }
    }

    /// The hubs this key may name: the one with this id, and for a path segment the one with
    /// this slug too. One statement; [`HubKey::pick`] then chooses.
    fn candidates(self) -> BoxedHubs<'static> {
        let key = self.text().to_owned();
        match self {
            HubKey::Id(_) => hubs::table.filter(hubs::id.eq(key)).into_boxed(),
            HubKey::IdOrSlug(_) => hubs::table.filter(hubs::id.eq(key.clone()).or(hubs::slug.eq(key))).into_boxed(),
        }
    }

    /// Of the [`HubKey::candidates`] found, the hub the key names: an id match wins over a slug
    /// match, decided here rather than by whichever row the planner returns first.
    fn pick<T>(self, mut rows: Vec<T>, id_of: impl Fn(&T) -> &str) -> Option<T> {
        match rows.iter().position(|row| id_of(row) == self.text()) {
            Some(at) => Some(rows.swap_remove(at)),
            None => rows.pop(),
        }
    }
}

/// Finds a hub by id, or (for a path segment) by id and else by slug; an id match always wins.
pub fn find(conn: &mut DbConnection, key: HubKey<'_>) -> Result<Option<StoredHub>, StoreError> {
    if !super::may_be_a_key(key.text()) {
        return Ok(None);
    }
    let rows: Vec<HubRow> = key.candidates().select(HubRow::as_select()).load(conn)?;
    let row = key.pick(rows, |row| &row.id);
    Ok(assemble(conn, row.into_iter().collect())?.pop())
}

/// Like [`find`], but a missing hub is a 404.
pub fn get(conn: &mut DbConnection, key: HubKey<'_>) -> Result<StoredHub, StoreError> {
    find(conn, key)?.ok_or_else(|| StoreError::NotFound { resource: "hub", key: key.text().to_owned() })
}

/// What deciding access to a hub needs, and what its children's rules need of it: its
/// organisations, status and period, read in two statements rather than the whole hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubAccess {
    /// Its id.
    pub id: String,
    /// Its slug.
    pub slug: String,
    /// Its status.
    pub status: HubStatus,
    /// The organisation that leads it.
    pub lead_organisation_id: String,
    /// The organisations that partner in it.
    pub partner_organisation_ids: Vec<String>,
    /// The first day of its period.
    pub start_date: NaiveDate,
    /// The last day of its period.
    pub end_date: NaiveDate,
}

impl HubAccess {
    /// The hub's period; stored hubs passed the timeline rule, so a failure here is corrupt data.
    pub fn period(&self) -> Result<HubPeriod, StoreError> {
        HubPeriod::new(self.start_date, self.end_date)
            .map_err(|e| StoreError::Corrupt(anyhow::anyhow!("hub {} has an invalid period: {}", self.id, e.message)))
    }
}

impl HubParties for HubAccess {
    fn slug(&self) -> &str {
        &self.slug
    }

    fn status(&self) -> HubStatus {
        self.status
    }

    fn lead_organisation_id(&self) -> &str {
        &self.lead_organisation_id
    }

    fn partner_organisation_ids(&self) -> &[String] {
        &self.partner_organisation_ids
    }
}

/// Finds what deciding access to a hub needs: one statement for the hub, one for its partners.
/// The hub is chosen as [`find`] chooses it.
pub fn find_access(conn: &mut DbConnection, key: HubKey<'_>) -> Result<Option<HubAccess>, StoreError> {
    if !super::may_be_a_key(key.text()) {
        return Ok(None);
    }
    type AccessRow = (String, String, String, Option<String>, NaiveDate, NaiveDate);
    let columns = (hubs::id, hubs::slug, hubs::status, hubs::lead_organisation_id, hubs::start_date, hubs::end_date);
    let rows: Vec<AccessRow> = key.candidates().select(columns).load(conn)?;
    let Some((id, slug, status, lead, start_date, end_date)) = key.pick(rows, |row| &row.0) else {
        return Ok(None);
    };
    let partner_organisation_ids = hub_partners::table
        .filter(hub_partners::hub_id.eq(&id))
        .select(hub_partners::organisation_id)
        .order(hub_partners::organisation_id)
        .load(conn)?;
    let status = status.parse().map_err(|_| anyhow::anyhow!("hub {id} has an unknown status {status:?}"))?;
    Ok(Some(HubAccess {
        lead_organisation_id: lead.ok_or_else(|| anyhow::anyhow!("hub {id} has no lead organisation"))?,
        id,
        slug,
        status,
        partner_organisation_ids,
        start_date,
        end_date,
    }))
}

/// Like [`find_access`], but a missing hub is a 404.
pub fn get_access(conn: &mut DbConnection, key: HubKey<'_>) -> Result<HubAccess, StoreError> {
    find_access(conn, key)?.ok_or_else(|| StoreError::NotFound { resource: "hub", key: key.text().to_owned() })
}

/// Which hubs a caller sees in listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Every hub (the Secretariat, the board).
    Everything,
    /// Active and completed hubs, and those these organisations lead or partner in.
    PublicAnd(Vec<String>),
}

type BoxedHubs<'a> = hubs::BoxedQuery<'a, <DbConnection as diesel::Connection>::Backend>;

/// The hubs matching `query`'s filters that `visibility` shows (paging and order aside).
pub(crate) fn filtered(query: &HubQuery, visibility: &Visibility) -> BoxedHubs<'static> {
    let mut filtered = hubs::table.into_boxed();
    if let Visibility::PublicAnd(organisations) = visibility {
        let public: Vec<&str> = HubStatus::PUBLIC.iter().map(|status| status.as_str()).collect();
        let partnered = hub_partners::table
            .filter(hub_partners::organisation_id.eq_any(organisations.clone()))
            .select(hub_partners::hub_id);
        filtered = filtered.filter(
            hubs::status
                .eq_any(public)
                .or(hubs::lead_organisation_id.eq_any(organisations.clone()))
                .or(hubs::id.eq_any(partnered)),
        );
    }
    filtered = match query.status {
        Some(status) => filtered.filter(hubs::status.eq(status.as_str())),
        None => filtered.filter(hubs::status.ne(HubStatus::Archived.as_str())),
    };
    if let Some(country) = &query.country {
        filtered = filtered.filter(hubs::country.eq(country.clone()));
    }
    if let Some(region) = query.region {
        let in_region =
            organisations::table.filter(organisations::region.eq(region.as_str())).select(organisations::id);
        filtered = filtered.filter(hubs::lead_organisation_id.assume_not_null().eq_any(in_region));
    }
    if let Some(goal) = query.sdg {
        let serving = hub_sdgs::table.filter(hub_sdgs::goal.eq(i32::from(goal))).select(hub_sdgs::hub_id);
        filtered = filtered.filter(hubs::id.eq_any(serving));
    }
    if let Some(text) = &query.q {
        filtered = filtered.filter(hubs::search_text.like(like_pattern(&fold(text))).escape('\\'));
    }
    if let Some(key) = &query.manifesto {
        let following =
            hub_manifestos::table.filter(hub_manifestos::manifesto_key.eq(key.clone())).select(hub_manifestos::hub_id);
        filtered = filtered.filter(hubs::id.eq_any(following));
    }
    if let Some(organisation) = &query.organisation {
        let partnered = hub_partners::table
            .filter(hub_partners::organisation_id.eq(organisation.clone()))
            .select(hub_partners::hub_id);
        filtered = filtered.filter(hubs::lead_organisation_id.eq(organisation.clone()).or(hubs::id.eq_any(partnered)));
    }
    if let Some(id) = &query.policy_council {
        let feeding = hub_policy_councils::table
            .filter(hub_policy_councils::policy_council_id.eq(id.clone()))
            .select(hub_policy_councils::hub_id);
        filtered = filtered.filter(hubs::id.eq_any(feeding));
    }
    filtered
}

/// The ids of the hubs a caller sees, or `None` when they see every hub.
pub fn visible_ids(conn: &mut DbConnection, visibility: &Visibility) -> QueryResult<Option<Vec<String>>> {
    match visibility {
        Visibility::Everything => Ok(None),
        Visibility::PublicAnd(_) => {
            let ids: Vec<String> = filtered(&HubQuery::default(), visibility).select(hubs::id).load(conn)?;
            Ok(Some(ids))
        }
    }
}

/// `hubs` in the order `sort`; the id breaks ties, so that paging never shows a hub twice or
/// skips one.
pub(crate) fn sorted(page: BoxedHubs<'static>, sort: HubSort) -> BoxedHubs<'static> {
    match sort {
        HubSort::Name => page.order((hubs::sort_name.asc(), hubs::id.asc())),
        HubSort::NameDesc => page.order((hubs::sort_name.desc(), hubs::id.desc())),
        HubSort::StartDate => page.order((hubs::start_date.asc(), hubs::id.asc())),
        HubSort::StartDateDesc => page.order((hubs::start_date.desc(), hubs::id.desc())),
        HubSort::EndDate => page.order((hubs::end_date.asc(), hubs::id.asc())),
        HubSort::EndDateDesc => page.order((hubs::end_date.desc(), hubs::id.desc())),
        HubSort::UpdatedAt => page.order((hubs::updated_at.asc(), hubs::id.asc())),
        HubSort::UpdatedAtDesc => page.order((hubs::updated_at.desc(), hubs::id.desc())),
        HubSort::CreatedAt => page.order((hubs::created_at.asc(), hubs::id.asc())),
        HubSort::CreatedAtDesc => page.order((hubs::created_at.desc(), hubs::id.desc())),
    }
}

/// One page of the hubs matching `query`, with the total count.
pub fn list(conn: &mut DbConnection, query: &HubQuery, visibility: &Visibility) -> Result<Page<Hub>, StoreError> {
    let total: i64 = filtered(query, visibility).count().get_result(conn)?;
    let page = sorted(filtered(query, visibility), query.sort);

    let offset = super::offset(query.page, query.per_page);
    let rows: Vec<HubRow> =
        page.select(HubRow::as_select()).limit(i64::from(query.per_page)).offset(offset).load(conn)?;
    Ok(super::page_of(
        assemble(conn, rows)?.into_iter().map(|stored| stored.item).collect(),
        total,
        query.page,
        query.per_page,
    ))
}

/// Up to `limit` public hubs (active or completed) after the id `after`, by id: the open-data
/// exports walk every public hub with it, a batch at a time, whatever is written meanwhile.
pub fn public_after(conn: &mut DbConnection, after: Option<&str>, limit: i64) -> Result<Vec<Hub>, StoreError> {
    let public: Vec<&str> = HubStatus::PUBLIC.iter().map(|status| status.as_str()).collect();
    let mut page = hubs::table.filter(hubs::status.eq_any(public)).into_boxed();
    if let Some(after) = after {
        page = page.filter(hubs::id.gt(after.to_owned()));
    }
    let rows: Vec<HubRow> = page.order(hubs::id.asc()).limit(limit).select(HubRow::as_select()).load(conn)?;
    Ok(assemble(conn, rows)?.into_iter().map(|stored| stored.item).collect())
}

/// Refuses a new period that would leave some of the hub's deliverables (due dates) or indicators
/// (target dates) outside it, naming them.
fn check_children_inside(conn: &mut DbConnection, hub_id: &str, hub: &ValidHub) -> Result<(), StoreError> {
    let (start, end) = (hub.period.start(), hub.period.end());
    let deliverables = super::deliverable::outside(conn, hub_id, &hub.period)?;
    let indicators = super::indicator::outside(conn, hub_id, start, end)?;
    if deliverables.is_empty() && indicators.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> =
        deliverables.iter().map(|(title, due)| format!("deliverable \"{title}\" (due {due})")).collect();
    names.extend(indicators.iter().map(|(name, target)| format!("indicator \"{name}\" (target date {target})")));
    let before_start = deliverables.iter().chain(&indicators).any(|(_, date)| *date < start);
    let field = if before_start { "start_date" } else { "end_date" };
    let message = format!("the new period would leave these outside it: {}", names.join(", "));
    let mut errors = ValidationErrors::default();
    errors.push(field, Invalid::new(Rule::WithinHubPeriod, message));
    Err(StoreError::Invalid(errors))
}

/// How many hubs are stored, archived ones included.
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    hubs::table.count().get_result(conn)
}

/// Whether another hub uses `slug` as its slug, or any hub (itself included) as its id: ids are
/// UUIDs, which `Slug` refuses, but a slug must never be able to answer for an id whatever ids
/// look like.
fn slug_taken(conn: &mut DbConnection, slug: &Slug, except_id: Option<&str>) -> QueryResult<bool> {
    let mut same = hubs::table.filter(hubs::slug.eq(slug.as_str())).into_boxed();
    if let Some(id) = except_id {
        same = same.filter(hubs::id.ne(id.to_owned()));
    }
    let is_an_id = hubs::table.filter(hubs::id.eq(slug.as_str())).count().get_result::<i64>(conn)? > 0;
    Ok(is_an_id || same.count().get_result::<i64>(conn)? > 0)
}

fn slug_conflict(slug: &Slug) -> StoreError {
    let message = format!("another hub already uses the slug {:?}", slug.as_str());
    StoreError::Conflict {
        code: "slug_taken",
        detail: message.clone(),
        errors: vec![FieldError { field: "slug".into(), rule: Rule::Unique, message }],
    }
}

/// A unique-key violation is another writer taking the slug between our check and our write.
fn map_unique_violation(error: DieselError, slug: &Slug) -> StoreError {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => slug_conflict(slug),
        other => other.into(),
    }
}

/// The slug to store: the client's, which must be free, or one derived from the name, made free with a suffix.
fn choose_slug(conn: &mut DbConnection, hub: &ValidHub, except_id: Option<&str>) -> Result<Slug, StoreError> {
    if let Some(slug) = &hub.slug {
        return if slug_taken(conn, slug, except_id)? { Err(slug_conflict(slug)) } else { Ok(slug.clone()) };
    }
    let base = Slug::from_name(&hub.name);
    let mut candidate = base.clone();
    let mut suffix = 1;
    while slug_taken(conn, &candidate, except_id)? {
        suffix += 1;
        candidate = base.with_suffix(suffix);
    }
    Ok(candidate)
}

/// Checks what only the database knows: the lead organisation exists and may lead (the label's
/// first rule), and every partner exists. Every problem is reported at once, as a 422.
fn check_references(conn: &mut DbConnection, hub: &ValidHub) -> Result<(), StoreError> {
    let mut wanted = hub.partner_organisation_ids.clone();
    wanted.push(hub.lead_organisation_id.clone());
    let known = organisation::summaries(conn, &wanted)?;
    let mut errors = ValidationErrors::default();
    match known.iter().find(|o| o.id == hub.lead_organisation_id) {
        None => errors.push(
            "lead_organisation_id",
            Invalid::new(Rule::Exists, format!("no organisation has the id {}", hub.lead_organisation_id)),
        ),
        Some(lead) => {
            if let Err(invalid) = lead.kind.check_can_lead() {
                errors.push("lead_organisation_id", invalid);
            }
        }
    }
    for (index, id) in hub.partner_organisation_ids.iter().enumerate() {
        if !known.iter().any(|o| &o.id == id) {
            let message = format!("no organisation has the id {id}");
            errors.push(format!("partner_organisation_ids[{index}]"), Invalid::new(Rule::Exists, message));
        }
    }
    let manifestos = super::reference::known_manifestos(conn, &hub.manifestos)?;
    for (index, key) in hub.manifestos.iter().enumerate().filter(|(_, key)| !manifestos.contains(key)) {
        let message = format!("{key} is not a UCLG manifesto (see /api/v1/manifestos)");
        errors.push(format!("manifestos[{index}]"), Invalid::new(Rule::Exists, message));
    }
    let councils = super::reference::known_policy_councils(conn, &hub.policy_council_ids)?;
    for (index, id) in hub.policy_council_ids.iter().enumerate().filter(|(_, id)| !councils.contains(id)) {
        let message = format!("{id} is not a UCLG policy council (see /api/v1/policy-councils)");
        errors.push(format!("policy_council_ids[{index}]"), Invalid::new(Rule::Exists, message));
    }
    if errors.is_empty() { Ok(()) } else { Err(StoreError::Invalid(errors)) }
}

/// Replaces a hub's SDG targets, manifestos and policy councils; one insert a row (at most a few dozen).
fn replace_tags(conn: &mut DbConnection, hub_id: &str, hub: &ValidHub) -> QueryResult<()> {
    diesel::delete(hub_sdg_targets::table.filter(hub_sdg_targets::hub_id.eq(hub_id))).execute(conn)?;
    diesel::delete(hub_manifestos::table.filter(hub_manifestos::hub_id.eq(hub_id))).execute(conn)?;
    diesel::delete(hub_policy_councils::table.filter(hub_policy_councils::hub_id.eq(hub_id))).execute(conn)?;
    for code in &hub.sdg_targets {
        diesel::insert_into(hub_sdg_targets::table)
            .values((hub_sdg_targets::hub_id.eq(hub_id), hub_sdg_targets::code.eq(code)))
            .execute(conn)?;
    }
    for key in &hub.manifestos {
        diesel::insert_into(hub_manifestos::table)
            .values((hub_manifestos::hub_id.eq(hub_id), hub_manifestos::manifesto_key.eq(key)))
            .execute(conn)?;
    }
    for id in &hub.policy_council_ids {
        diesel::insert_into(hub_policy_councils::table)
            .values((hub_policy_councils::hub_id.eq(hub_id), hub_policy_councils::policy_council_id.eq(id)))
            .execute(conn)?;
    }
    Ok(())
}

fn replace_partners(conn: &mut DbConnection, hub_id: &str, hub: &ValidHub) -> QueryResult<()> {
    diesel::delete(hub_partners::table.filter(hub_partners::hub_id.eq(hub_id))).execute(conn)?;
    for organisation_id in &hub.partner_organisation_ids {
        diesel::insert_into(hub_partners::table)
            .values((hub_partners::hub_id.eq(hub_id), hub_partners::organisation_id.eq(organisation_id)))
            .execute(conn)?;
    }
    Ok(())
}

fn replace_sdgs(conn: &mut DbConnection, hub_id: &str, hub: &ValidHub) -> QueryResult<()> {
    diesel::delete(hub_sdgs::table.filter(hub_sdgs::hub_id.eq(hub_id))).execute(conn)?;
    // One row at a time: batch inserts do not compile for the two-backend connection, and there are at most 17.
    for &goal in hub.sdgs.as_slice() {
        diesel::insert_into(hub_sdgs::table)
            .values((hub_sdgs::hub_id.eq(hub_id), hub_sdgs::goal.eq(i32::from(goal))))
            .execute(conn)?;
    }
    Ok(())
}

/// Stores a new hub; call inside a write transaction.
pub fn create(conn: &mut DbConnection, hub: &ValidHub) -> Result<StoredHub, StoreError> {
    check_references(conn, hub)?;
    let slug = choose_slug(conn, hub, None)?;
    let id = super::new_id();
    let now = super::now();
    diesel::insert_into(hubs::table)
        .values((HubChanges::new(hub, &slug, now), hubs::id.eq(&id), hubs::version.eq(1_i64), hubs::created_at.eq(now)))
        .execute(conn)
        .map_err(|e| map_unique_violation(e, &slug))?;
    replace_sdgs(conn, &id, hub)?;
    replace_partners(conn, &id, hub)?;
    replace_tags(conn, &id, hub)?;
    get(conn, HubKey::Id(&id))
}

/// Replaces a hub's fields if it is still at `version`; `None` when another change came first.
/// Call inside a write transaction.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredHub,
    hub: &ValidHub,
) -> Result<Option<StoredHub>, StoreError> {
    let (id, version) = (current.item.id.as_str(), current.version);
    check_references(conn, hub)?;
    check_children_inside(conn, id, hub)?;
    let slug = choose_slug(conn, hub, Some(id))?;
    let changed = diesel::update(hubs::table.filter(hubs::id.eq(id)).filter(hubs::version.eq(version)))
        .set((HubChanges::new(hub, &slug, super::now()), hubs::version.eq(version + 1)))
        .execute(conn)
        .map_err(|e| map_unique_violation(e, &slug))?;
    if changed == 0 {
        return Ok(None);
    }
    replace_sdgs(conn, id, hub)?;
    replace_partners(conn, id, hub)?;
    replace_tags(conn, id, hub)?;
    let updated = find(conn, HubKey::Id(id))?;
    audit::updated_if(conn, actor, &current.item, updated.as_ref().map(|u| &u.item))?;
    if let Some(updated) = &updated {
        let data = serde_json::json!({ "hub_id": id, "slug": updated.item.slug });
        super::event::emit(conn, EventKind::HubUpdated, None, Some(id), &data)?;
    }
    Ok(updated)
}

/// Records that the hub was labelled on `day` from `proposal_id`.
pub fn record_label(conn: &mut DbConnection, id: &str, proposal_id: &str, day: NaiveDate) -> QueryResult<usize> {
    diesel::update(hubs::table.filter(hubs::id.eq(id)))
        .set((hubs::label_granted_on.eq(Some(day)), hubs::proposal_id.eq(Some(proposal_id))))
        .execute(conn)
}

/// Archives a hub if it is still at its version; `false` when another change came first.
pub fn archive(conn: &mut DbConnection, actor: &Actor, current: &StoredHub) -> Result<bool, StoreError> {
    let (id, version) = (current.item.id.as_str(), current.version);
    let changed = diesel::update(hubs::table.filter(hubs::id.eq(id)).filter(hubs::version.eq(version)))
        .set((
            hubs::status.eq(HubStatus::Archived.as_str()),
            hubs::version.eq(version + 1),
            hubs::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Ok(false);
    }
    let archived = Hub { status: HubStatus::Archived, ..current.item.clone() };
    audit::changed(conn, actor, "archive", Some(&current.item), Some(&archived))?;
    Ok(true)
}
