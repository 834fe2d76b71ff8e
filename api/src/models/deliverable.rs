//! Deliverables in the database: rows, the per-hub listing, writes, and the dates a hub's
//! period must keep covering.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use l4a_shared::deliverable::{
    Deliverable, DeliverablePatch, DeliverableStatus, NewDeliverable, ValidDeliverable, is_late, was_on_time,
};
use l4a_shared::page::Page;
use l4a_shared::proposal::EventKind;
use l4a_shared::query::{DeliverableQuery, DeliverableSort};
use l4a_shared::text::fold;
use l4a_shared::validation::HubPeriod;

use super::StoreError;
use crate::db::DbConnection;
use crate::schema::deliverables;

/// A deliverable as stored, with its version.
pub type StoredDeliverable = super::Stored<Deliverable>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = deliverables)]
struct DeliverableRow {
    id: String,
    hub_id: String,
    title: String,
    description: String,
    kind: String,
    due_date: NaiveDate,
    status: String,
    delivered_on: Option<NaiveDate>,
    evidence_url: Option<String>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl DeliverableRow {
    fn into_stored(self, today: NaiveDate) -> Result<StoredDeliverable, StoreError> {
        let corrupt =
            |what: &str, value: &str| anyhow::anyhow!("deliverable {} has an unknown {what} {value:?}", self.id);
        let kind = self.kind.parse().map_err(|_| corrupt("kind", &self.kind))?;
        let status = self.status.parse().map_err(|_| corrupt("status", &self.status))?;
        Ok(StoredDeliverable {
            version: self.version,
            item: Deliverable {
                late: is_late(status, self.due_date, today),
                on_time: was_on_time(status, self.due_date, self.delivered_on),
                id: self.id,
                hub_id: self.hub_id,
                title: self.title,
                description: self.description,
                kind,
                due_date: self.due_date,
                status,
                delivered_on: self.delivered_on,
                evidence_url: self.evidence_url,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

/// The columns a create or an update writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = deliverables)]
#[diesel(treat_none_as_null = true)]
struct DeliverableChanges<'a> {
    title: &'a str,
    description: &'a str,
    kind: &'a str,
    due_date: NaiveDate,
    status: &'a str,
    delivered_on: Option<NaiveDate>,
    evidence_url: Option<&'a str>,
    sort_title: String,
    updated_at: NaiveDateTime,
}

impl<'a> DeliverableChanges<'a> {
    fn new(deliverable: &'a ValidDeliverable, now: NaiveDateTime) -> Self {
        Self {
            title: deliverable.title.as_str(),
            description: deliverable.description.as_str(),
            kind: deliverable.kind.as_str(),
            due_date: deliverable.due_date,
            status: deliverable.status.as_str(),
            delivered_on: deliverable.delivered_on,
            evidence_url: deliverable.evidence_url.as_ref().map(|u| u.as_str()),
            sort_title: fold(deliverable.title.as_str()),
            updated_at: now,
        }
    }
}

/// Finds a deliverable by id.
pub fn find(conn: &mut DbConnection, id: &str, today: NaiveDate) -> Result<Option<StoredDeliverable>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<DeliverableRow> = deliverables::table
        .filter(deliverables::id.eq(id))
        .select(DeliverableRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| row.into_stored(today)).transpose()
}

/// Like [`find`], but a missing deliverable is a 404.
pub fn get(conn: &mut DbConnection, id: &str, today: NaiveDate) -> Result<StoredDeliverable, StoreError> {
    find(conn, id, today)?.ok_or_else(|| StoreError::NotFound { resource: "deliverable", key: id.to_owned() })
}

type BoxedDeliverables<'a> = deliverables::BoxedQuery<'a, <DbConnection as diesel::Connection>::Backend>;

fn filtered(hub_id: &str, query: &DeliverableQuery, today: NaiveDate) -> BoxedDeliverables<'static> {
    let mut filtered = deliverables::table.filter(deliverables::hub_id.eq(hub_id.to_owned())).into_boxed();
    if let Some(status) = query.status {
        filtered = filtered.filter(deliverables::status.eq(status.as_str()));
    }
    // The same definition as `shared::deliverable::is_late`, stated in SQL so that paging stays right.
    let open: Vec<&str> = DeliverableStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.as_str()).collect();
    filtered = match query.late {
        Some(true) => filtered.filter(deliverables::status.eq_any(open)).filter(deliverables::due_date.lt(today)),
        Some(false) => filtered.filter(deliverables::status.ne_all(open).or(deliverables::due_date.ge(today))),
        None => filtered,
    };
    filtered
}

/// One page of a hub's deliverables.
pub fn list(
    conn: &mut DbConnection,
    hub_id: &str,
    query: &DeliverableQuery,
    today: NaiveDate,
) -> Result<Page<Deliverable>, StoreError> {
    let total: i64 = filtered(hub_id, query, today).count().get_result(conn)?;
    let page = filtered(hub_id, query, today);
    let page = match query.sort {
        DeliverableSort::DueDate => page.order((deliverables::due_date.asc(), deliverables::id.asc())),
        DeliverableSort::DueDateDesc => page.order((deliverables::due_date.desc(), deliverables::id.desc())),
        DeliverableSort::Title => page.order((deliverables::sort_title.asc(), deliverables::id.asc())),
        DeliverableSort::TitleDesc => page.order((deliverables::sort_title.desc(), deliverables::id.desc())),
        DeliverableSort::UpdatedAt => page.order((deliverables::updated_at.asc(), deliverables::id.asc())),
        DeliverableSort::UpdatedAtDesc => page.order((deliverables::updated_at.desc(), deliverables::id.desc())),
    };
    let offset = super::offset(query.page, query.per_page);
    let rows: Vec<DeliverableRow> =
        page.select(DeliverableRow::as_select()).limit(i64::from(query.per_page)).offset(offset).load(conn)?;
    Ok(super::page_of(
        rows.into_iter().map(|row| row.into_stored(today).map(|s| s.item)).collect::<Result<_, _>>()?,
        total,
        query.page,
        query.per_page,
    ))
}

/// Stores a new deliverable of a hub; call inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    hub_id: &str,
    deliverable: &ValidDeliverable,
    today: NaiveDate,
) -> Result<StoredDeliverable, StoreError> {
    let id = super::new_id();
    let now = super::now();
    diesel::insert_into(deliverables::table)
        .values((
            DeliverableChanges::new(deliverable, now),
            deliverables::id.eq(&id),
            deliverables::hub_id.eq(hub_id),
            deliverables::version.eq(1_i64),
            deliverables::created_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, &id, today)
}

/// Replaces a deliverable's fields if it is still at `version`; `None` when another change came first.
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    version: i64,
    deliverable: &ValidDeliverable,
    today: NaiveDate,
) -> Result<Option<StoredDeliverable>, StoreError> {
    let changed =
        diesel::update(deliverables::table.filter(deliverables::id.eq(id)).filter(deliverables::version.eq(version)))
            .set((DeliverableChanges::new(deliverable, super::now()), deliverables::version.eq(version + 1)))
            .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    find(conn, id, today)
}

/// Deletes a deliverable if it is still at `version`; `None` when another change came first.
pub fn delete(conn: &mut DbConnection, id: &str, version: i64) -> QueryResult<Option<()>> {
    let deleted =
        diesel::delete(deliverables::table.filter(deliverables::id.eq(id)).filter(deliverables::version.eq(version)))
            .execute(conn)?;
    Ok((deleted == 1).then_some(()))
}

/// The deliverables of a hub that a new period would leave outside it: `(title, due date)`.
pub fn outside(conn: &mut DbConnection, hub_id: &str, period: &HubPeriod) -> QueryResult<Vec<(String, NaiveDate)>> {
    deliverables::table
        .filter(deliverables::hub_id.eq(hub_id))
        .filter(deliverables::due_date.lt(period.start()).or(deliverables::due_date.gt(period.end())))
        .select((deliverables::title, deliverables::due_date))
        .order(deliverables::due_date)
        .load(conn)
}

/// How many deliverables a hub announced.
pub fn count(conn: &mut DbConnection, hub_id: &str) -> QueryResult<i64> {
    deliverables::table.filter(deliverables::hub_id.eq(hub_id)).count().get_result(conn)
}

impl super::resource::HubResource for Deliverable {
    type New = NewDeliverable;
    type Patch = DeliverablePatch;
    type Valid = ValidDeliverable;
    type Query = DeliverableQuery;
    type View = Deliverable;
    const PATH: &'static str = "/api/v1/deliverables";

    fn hub_id(&self) -> &str {
        &self.hub_id
    }

    fn event(before: Option<&Self>, after: &Self) -> Option<(EventKind, serde_json::Value)> {
        let delivered = |d: &Self| d.status == DeliverableStatus::Delivered;
        (delivered(after) && !before.is_some_and(delivered)).then(|| {
            (
                EventKind::DeliverableDelivered,
                serde_json::json!({ "deliverable_id": after.id, "delivered_on": after.delivered_on }),
            )
        })
    }

    fn view(self, _private: bool) -> Deliverable {
        self
    }

    fn patched(patch: DeliverablePatch, current: &Deliverable) -> NewDeliverable {
        patch.apply_to(current)
    }

    fn validate(new: &NewDeliverable, rules: &super::resource::Rules<'_>) -> Result<ValidDeliverable, StoreError> {
        Ok(new.validate(&rules.period()?, rules.today)?)
    }

    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredDeliverable>, StoreError> {
        find(conn, id, super::today())
    }

    records_of_hubs!(deliverables, DeliverableRow, super::today());

    fn list(
        conn: &mut DbConnection,
        hub_id: &str,
        query: &DeliverableQuery,
        _private: bool,
    ) -> Result<Page<Deliverable>, StoreError> {
        list(conn, hub_id, query, super::today())
    }

    fn insert(
        conn: &mut DbConnection,
        hub_id: &str,
        valid: &ValidDeliverable,
    ) -> Result<StoredDeliverable, StoreError> {
        create(conn, hub_id, valid, super::today())
    }

    fn replace(
        conn: &mut DbConnection,
        current: &StoredDeliverable,
        valid: &ValidDeliverable,
    ) -> Result<Option<StoredDeliverable>, StoreError> {
        update(conn, &current.item.id, current.version, valid, super::today())
    }

    fn remove(conn: &mut DbConnection, current: &StoredDeliverable) -> Result<Option<()>, StoreError> {
        Ok(delete(conn, &current.item.id, current.version)?)
    }
}
