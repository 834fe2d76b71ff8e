//! Stakeholders in the database. Rows always load whole; which view a caller gets is the
//! handler's choice, through `StakeholderWithContact::view`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use l4a_shared::page::Page;
use l4a_shared::query::{StakeholderQuery, StakeholderSort};
use l4a_shared::stakeholder::{
    NewStakeholder, Stakeholder, StakeholderPatch, StakeholderView, StakeholderWithContact, ValidStakeholder,
};
use l4a_shared::text::fold;

use super::StoreError;
use crate::db::DbConnection;
use crate::schema::stakeholders;

/// A stakeholder as stored, with its version.
pub type StoredStakeholder = super::Stored<StakeholderWithContact>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = stakeholders)]
struct StakeholderRow {
    id: String,
    hub_id: String,
    name: String,
    kind: String,
    role: String,
    took_part_in_criteria: bool,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl StakeholderRow {
    fn into_stored(self) -> Result<StoredStakeholder, StoreError> {
        let corrupt =
            |what: &str, value: &str| anyhow::anyhow!("stakeholder {} has an unknown {what} {value:?}", self.id);
        let kind = self.kind.parse().map_err(|_| corrupt("kind", &self.kind))?;
        let role = self.role.parse().map_err(|_| corrupt("role", &self.role))?;
        Ok(StoredStakeholder {
            version: self.version,
            item: StakeholderWithContact {
                stakeholder: Stakeholder {
                    id: self.id,
                    hub_id: self.hub_id,
                    name: self.name,
                    kind,
                    role,
                    took_part_in_criteria: self.took_part_in_criteria,
                    created_at: self.created_at.and_utc(),
                    updated_at: self.updated_at.and_utc(),
                },
                contact_email: self.contact_email,
                contact_phone: self.contact_phone,
            },
        })
    }
}

/// The columns a create or an update writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = stakeholders)]
#[diesel(treat_none_as_null = true)]
struct StakeholderChanges<'a> {
    name: &'a str,
    kind: &'a str,
    role: &'a str,
    took_part_in_criteria: bool,
    contact_email: Option<&'a str>,
    contact_phone: Option<&'a str>,
    sort_name: String,
    updated_at: NaiveDateTime,
}

impl<'a> StakeholderChanges<'a> {
    fn new(stakeholder: &'a ValidStakeholder, now: NaiveDateTime) -> Self {
        Self {
            name: stakeholder.name.as_str(),
            kind: stakeholder.kind.as_str(),
            role: stakeholder.role.as_str(),
            took_part_in_criteria: stakeholder.took_part_in_criteria,
            contact_email: stakeholder.contact_email.as_ref().map(|e| e.as_str()),
            contact_phone: stakeholder.contact_phone.as_ref().map(|p| p.as_str()),
            sort_name: fold(stakeholder.name.as_str()),
            updated_at: now,
        }
    }
}

/// Finds a stakeholder by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredStakeholder>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<StakeholderRow> = stakeholders::table
        .filter(stakeholders::id.eq(id))
        .select(StakeholderRow::as_select())
        .first(conn)
        .optional()?;
    row.map(StakeholderRow::into_stored).transpose()
}

/// Like [`find`], but a missing stakeholder is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredStakeholder, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "stakeholder", key: id.to_owned() })
}

type BoxedStakeholders<'a> = stakeholders::BoxedQuery<'a, <DbConnection as diesel::Connection>::Backend>;

fn filtered(hub_id: &str, query: &StakeholderQuery) -> BoxedStakeholders<'static> {
    let mut filtered = stakeholders::table.filter(stakeholders::hub_id.eq(hub_id.to_owned())).into_boxed();
    if let Some(kind) = query.kind {
        filtered = filtered.filter(stakeholders::kind.eq(kind.as_str()));
    }
    if let Some(role) = query.role {
        filtered = filtered.filter(stakeholders::role.eq(role.as_str()));
    }
    if let Some(took_part) = query.took_part_in_criteria {
        filtered = filtered.filter(stakeholders::took_part_in_criteria.eq(took_part));
    }
    filtered
}

/// One page of a hub's stakeholders.
pub fn list(
    conn: &mut DbConnection,
    hub_id: &str,
    query: &StakeholderQuery,
) -> Result<Page<StakeholderWithContact>, StoreError> {
    let total: i64 = filtered(hub_id, query).count().get_result(conn)?;
    let page = filtered(hub_id, query);
    let page = match query.sort {
        StakeholderSort::Name => page.order((stakeholders::sort_name.asc(), stakeholders::id.asc())),
        StakeholderSort::NameDesc => page.order((stakeholders::sort_name.desc(), stakeholders::id.desc())),
        StakeholderSort::CreatedAt => page.order((stakeholders::created_at.asc(), stakeholders::id.asc())),
        StakeholderSort::CreatedAtDesc => page.order((stakeholders::created_at.desc(), stakeholders::id.desc())),
    };
    let offset = super::offset(query.page, query.per_page);
    let rows: Vec<StakeholderRow> =
        page.select(StakeholderRow::as_select()).limit(i64::from(query.per_page)).offset(offset).load(conn)?;
    Ok(super::page_of(
        rows.into_iter().map(|row| row.into_stored().map(|s| s.item)).collect::<Result<_, _>>()?,
        total,
        query.page,
        query.per_page,
    ))
}

/// Stores a new stakeholder of a hub; call inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    hub_id: &str,
    stakeholder: &ValidStakeholder,
) -> Result<StoredStakeholder, StoreError> {
    let id = super::new_id();
    let now = super::now();
    diesel::insert_into(stakeholders::table)
        .values((
            StakeholderChanges::new(stakeholder, now),
            stakeholders::id.eq(&id),
            stakeholders::hub_id.eq(hub_id),
            stakeholders::version.eq(1_i64),
            stakeholders::created_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, &id)
}

/// Replaces a stakeholder's fields if it is still at `version`; `None` when another change came first.
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    version: i64,
    stakeholder: &ValidStakeholder,
) -> Result<Option<StoredStakeholder>, StoreError> {
    let changed =
        diesel::update(stakeholders::table.filter(stakeholders::id.eq(id)).filter(stakeholders::version.eq(version)))
            .set((StakeholderChanges::new(stakeholder, super::now()), stakeholders::version.eq(version + 1)))
            .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    find(conn, id)
}

/// Deletes a stakeholder if it is still at `version`; `None` when another change came first.
pub fn delete(conn: &mut DbConnection, id: &str, version: i64) -> QueryResult<Option<()>> {
    let deleted =
        diesel::delete(stakeholders::table.filter(stakeholders::id.eq(id)).filter(stakeholders::version.eq(version)))
            .execute(conn)?;
    Ok((deleted == 1).then_some(()))
}

impl super::resource::HubResource for StakeholderWithContact {
    type New = NewStakeholder;
    type Patch = StakeholderPatch;
    type Valid = ValidStakeholder;
    type Query = StakeholderQuery;
    type View = StakeholderView;
    const PATH: &'static str = "/api/v1/stakeholders";

    fn hub_id(&self) -> &str {
        &self.stakeholder.hub_id
    }

    /// Contact details only for callers who may read the hub's private fields.
    fn view(self, private: bool) -> StakeholderView {
        StakeholderWithContact::view(self, private)
    }

    fn patched(patch: StakeholderPatch, current: &StakeholderWithContact) -> NewStakeholder {
        patch.apply_to(current)
    }

    fn validate(new: &NewStakeholder, _rules: &super::resource::Rules<'_>) -> Result<ValidStakeholder, StoreError> {
        Ok(new.validate()?)
    }

    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredStakeholder>, StoreError> {
        find(conn, id)
    }

    records_of_hubs!(stakeholders, StakeholderRow);

    fn list(
        conn: &mut DbConnection,
        hub_id: &str,
        query: &StakeholderQuery,
        _private: bool,
    ) -> Result<Page<StakeholderWithContact>, StoreError> {
        list(conn, hub_id, query)
    }

    fn insert(
        conn: &mut DbConnection,
        hub_id: &str,
        valid: &ValidStakeholder,
    ) -> Result<StoredStakeholder, StoreError> {
        create(conn, hub_id, valid)
    }

    fn replace(
        conn: &mut DbConnection,
        current: &StoredStakeholder,
        valid: &ValidStakeholder,
    ) -> Result<Option<StoredStakeholder>, StoreError> {
        update(conn, &current.item.stakeholder.id, current.version, valid)
    }

    fn remove(conn: &mut DbConnection, current: &StoredStakeholder) -> Result<Option<()>, StoreError> {
        Ok(delete(conn, &current.item.stakeholder.id, current.version)?)
    }

    /// Indicators whose agreement it is cited in keep it (409, naming them).
    fn check_removable(conn: &mut DbConnection, current: &StoredStakeholder) -> Result<(), StoreError> {
        let citing = super::indicator::citing(conn, &current.item.stakeholder.id)?;
        if citing.is_empty() {
            return Ok(());
        }
        Err(StoreError::Conflict {
            code: "stakeholder_cited",
            detail: format!(
                "this stakeholder agreed these indicators: {}; remove it from their agreed_by first",
                citing.join(", ")
            ),
            errors: Vec::new(),
        })
    }
}
