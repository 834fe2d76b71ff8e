//! Activities in the database: a hub's events and publications, newest first.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use l4a_shared::activity::{Activity, ActivityPatch, NewActivity, ValidActivity};
use l4a_shared::page::Page;
use l4a_shared::query::PageQuery;

use super::StoreError;
use crate::db::DbConnection;
use crate::schema::activities;

/// An activity as stored, with its version.
pub type StoredActivity = super::Stored<Activity>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = activities)]
struct ActivityRow {
    id: String,
    hub_id: String,
    kind: String,
    title: String,
    description: String,
    date: NaiveDate,
    place: Option<String>,
    url: Option<String>,
    venice_edition: Option<i32>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl ActivityRow {
    fn into_stored(self) -> Result<StoredActivity, StoreError> {
        let kind = self
            .kind
            .parse()
            .map_err(|_| StoreError::Corrupt(anyhow::anyhow!("activity {} has an unknown kind", self.id)))?;
        Ok(StoredActivity {
            version: self.version,
            item: Activity {
                id: self.id,
                hub_id: self.hub_id,
                kind,
                title: self.title,
                description: self.description,
                date: self.date,
                place: self.place,
                url: self.url,
                venice_edition: self.venice_edition,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

/// The columns a create or an update writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = activities)]
#[diesel(treat_none_as_null = true)]
struct ActivityChanges<'a> {
    kind: &'a str,
    title: &'a str,
    description: &'a str,
    date: NaiveDate,
    place: Option<&'a str>,
    url: Option<&'a str>,
    venice_edition: Option<i32>,
    updated_at: NaiveDateTime,
}

impl<'a> ActivityChanges<'a> {
    fn new(activity: &'a ValidActivity, now: NaiveDateTime) -> Self {
        Self {
            kind: activity.kind.as_str(),
            title: activity.title.as_str(),
            description: activity.description.as_str(),
            date: activity.date,
            place: activity.place.as_ref().map(|p| p.as_str()),
            url: activity.url.as_ref().map(|u| u.as_str()),
            venice_edition: activity.venice_edition,
            updated_at: now,
        }
    }
}

/// Finds an activity by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredActivity>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<ActivityRow> =
        activities::table.filter(activities::id.eq(id)).select(ActivityRow::as_select()).first(conn).optional()?;
    row.map(ActivityRow::into_stored).transpose()
}

/// Like [`find`], but a missing activity is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredActivity, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "activity", key: id.to_owned() })
}

/// One page of a hub's activities, newest first.
pub fn list(conn: &mut DbConnection, hub_id: &str, page: u32, per_page: u32) -> Result<Page<Activity>, StoreError> {
    let total: i64 = activities::table.filter(activities::hub_id.eq(hub_id)).count().get_result(conn)?;
    let rows: Vec<ActivityRow> = activities::table
        .filter(activities::hub_id.eq(hub_id))
        .order((activities::date.desc(), activities::id.desc()))
        .select(ActivityRow::as_select())
        .limit(i64::from(per_page))
        .offset(super::offset(page, per_page))
        .load(conn)?;
    Ok(super::page_of(
        rows.into_iter().map(|row| row.into_stored().map(|s| s.item)).collect::<Result<_, _>>()?,
        total,
        page,
        per_page,
    ))
}

/// Stores a new activity of a hub.
pub fn create(conn: &mut DbConnection, hub_id: &str, activity: &ValidActivity) -> Result<StoredActivity, StoreError> {
    let id = super::new_id();
    let now = super::now();
    diesel::insert_into(activities::table)
        .values((
            ActivityChanges::new(activity, now),
            activities::id.eq(&id),
            activities::hub_id.eq(hub_id),
            activities::version.eq(1_i64),
            activities::created_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, &id)
}

/// Replaces an activity's fields if it is still at `version`.
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    version: i64,
    activity: &ValidActivity,
) -> Result<Option<StoredActivity>, StoreError> {
    let changed =
        diesel::update(activities::table.filter(activities::id.eq(id)).filter(activities::version.eq(version)))
            .set((ActivityChanges::new(activity, super::now()), activities::version.eq(version + 1)))
            .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    find(conn, id)
}

/// Deletes an activity if it is still at `version`.
pub fn delete(conn: &mut DbConnection, id: &str, version: i64) -> QueryResult<Option<()>> {
    let deleted =
        diesel::delete(activities::table.filter(activities::id.eq(id)).filter(activities::version.eq(version)))
            .execute(conn)?;
    Ok((deleted == 1).then_some(()))
}

impl super::resource::HubResource for Activity {
    type New = NewActivity;
    type Patch = ActivityPatch;
    type Valid = ValidActivity;
    type Query = PageQuery;
    type View = Activity;
    const PATH: &'static str = "/api/v1/activities";

    fn hub_id(&self) -> &str {
        &self.hub_id
    }

    fn view(self, _private: bool) -> Activity {
        self
    }

    fn patched(patch: ActivityPatch, current: &Activity) -> NewActivity {
        patch.apply_to(current)
    }

    fn validate(new: &NewActivity, rules: &super::resource::Rules<'_>) -> Result<ValidActivity, StoreError> {
        Ok(new.validate(rules.today)?)
    }

    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredActivity>, StoreError> {
        find(conn, id)
    }

    records_of_hubs!(activities, ActivityRow);

    fn list(
        conn: &mut DbConnection,
        hub_id: &str,
        query: &PageQuery,
        _private: bool,
    ) -> Result<Page<Activity>, StoreError> {
        list(conn, hub_id, query.page, query.per_page)
    }

    fn insert(conn: &mut DbConnection, hub_id: &str, valid: &ValidActivity) -> Result<StoredActivity, StoreError> {
        create(conn, hub_id, valid)
    }

    fn replace(
        conn: &mut DbConnection,
        current: &StoredActivity,
        valid: &ValidActivity,
    ) -> Result<Option<StoredActivity>, StoreError> {
        update(conn, &current.item.id, current.version, valid)
    }

    fn remove(conn: &mut DbConnection, current: &StoredActivity) -> Result<Option<()>, StoreError> {
        Ok(delete(conn, &current.item.id, current.version)?)
    }
}
