//! Progress reports in the database: a hub's reports, newest period first, their evidence
//! checked against the hub's own records, and the Secretariat's queue.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use l4a_shared::page::Page;
use l4a_shared::query::ReportQuery;
use l4a_shared::report::{NewReport, Report, ReportPatch, ReportSnapshot, ReportState, ValidReport};
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

use super::StoreError;
use crate::db::DbConnection;
use crate::schema::{activities, deliverables, reports};

/// A report as stored, with its version.
pub type StoredReport = super::Stored<Report>;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = reports)]
struct ReportRow {
    id: String,
    hub_id: String,
    state: String,
    period_start: NaiveDate,
    period_end: NaiveDate,
    achievements: String,
    challenges: String,
    next_steps: String,
    deliverable_ids: String,
    activity_ids: String,
    links: String,
    snapshot: Option<String>,
    submitted_at: Option<NaiveDateTime>,
    decided_at: Option<NaiveDateTime>,
    decided_by: Option<String>,
    comments: Option<String>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl ReportRow {
    fn into_stored(self) -> Result<StoredReport, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(anyhow::anyhow!("report {} has an unreadable {what}", self.id));
        let list = |text: &str, what: &str| serde_json::from_str::<Vec<String>>(text).map_err(|_| corrupt(what));
        let snapshot: Option<ReportSnapshot> = match &self.snapshot {
            Some(text) => Some(serde_json::from_str(text).map_err(|_| corrupt("snapshot"))?),
            None => None,
        };
        Ok(StoredReport {
            version: self.version,
            item: Report {
                state: self.state.parse().map_err(|_| corrupt("state"))?,
                deliverable_ids: list(&self.deliverable_ids, "deliverable list")?,
                activity_ids: list(&self.activity_ids, "activity list")?,
                links: list(&self.links, "link list")?,
                snapshot,
                id: self.id,
                hub_id: self.hub_id,
                period_start: self.period_start,
                period_end: self.period_end,
                achievements: self.achievements,
                challenges: self.challenges,
                next_steps: self.next_steps,
                submitted_at: self.submitted_at.map(|at| at.and_utc()),
                decided_at: self.decided_at.map(|at| at.and_utc()),
                decided_by: self.decided_by,
                comments: self.comments,
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
            },
        })
    }
}

/// The columns a create or an edit writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = reports)]
struct ReportChanges<'a> {
    period_start: NaiveDate,
    period_end: NaiveDate,
    achievements: &'a str,
    challenges: &'a str,
    next_steps: &'a str,
    deliverable_ids: String,
    activity_ids: String,
    links: String,
    updated_at: NaiveDateTime,
}

impl<'a> ReportChanges<'a> {
    fn new(report: &'a ValidReport, now: NaiveDateTime) -> Result<Self, StoreError> {
        let json = |list: &Vec<String>| serde_json::to_string(list).map_err(|e| StoreError::Corrupt(e.into()));
        Ok(Self {
            period_start: report.period_start,
            period_end: report.period_end,
            achievements: &report.achievements,
            challenges: &report.challenges,
            next_steps: &report.next_steps,
            deliverable_ids: json(&report.deliverable_ids)?,
            activity_ids: json(&report.activity_ids)?,
            links: json(&report.links)?,
            updated_at: now,
        })
    }
}

/// Finds a report by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredReport>, StoreError> {
    if !super::may_be_a_key(id) {
        return Ok(None);
    }
    let row: Option<ReportRow> =
        reports::table.filter(reports::id.eq(id)).select(ReportRow::as_select()).first(conn).optional()?;
    row.map(ReportRow::into_stored).transpose()
}

/// Like [`find`], but a missing report is a 404.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<StoredReport, StoreError> {
    find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: "report", key: id.to_owned() })
}

/// One page of reports, newest period first: of one hub, or of every hub; in one state when
/// `query` names one; approved ones only unless `private`.
pub fn list(
    conn: &mut DbConnection,
    hub_id: Option<&str>,
    query: &ReportQuery,
    private: bool,
) -> Result<Page<Report>, StoreError> {
    let filtered = || {
        let mut rows = reports::table.into_boxed();
        if let Some(hub_id) = hub_id {
            rows = rows.filter(reports::hub_id.eq(hub_id.to_owned()));
        }
        if !private {
            rows = rows.filter(reports::state.eq(ReportState::Approved.as_str()));
        }
        if let Some(state) = query.state {
            rows = rows.filter(reports::state.eq(state.as_str()));
        }
        rows
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let ordered = match query.state {
        // The Secretariat's queue: who waited longest first.
        Some(ReportState::Submitted) => filtered().order((reports::submitted_at.asc(), reports::id.asc())),
        _ => filtered().order((reports::period_end.desc(), reports::id.desc())),
    };
    let rows: Vec<ReportRow> = ordered
        .select(ReportRow::as_select())
        .limit(i64::from(query.per_page))
        .offset(super::offset(query.page, query.per_page))
        .load(conn)?;
    let items = rows.into_iter().map(|row| row.into_stored().map(|s| s.item)).collect::<Result<_, _>>()?;
    Ok(super::page_of(items, total, query.page, query.per_page))
}

/// Refuses evidence that is not the hub's own: a deliverable or activity of another hub, or none.
fn check_evidence(conn: &mut DbConnection, hub_id: &str, report: &ValidReport) -> Result<(), StoreError> {
    let mut errors = ValidationErrors::default();
    let found: Vec<String> = deliverables::table
        .filter(deliverables::hub_id.eq(hub_id))
        .filter(deliverables::id.eq_any(&report.deliverable_ids))
        .select(deliverables::id)
        .load(conn)?;
    if let Some(missing) = report.deliverable_ids.iter().find(|id| !found.contains(id)) {
        errors.push("deliverable_ids", Invalid::new(Rule::Exists, format!("this hub has no deliverable {missing:?}")));
    }
    let found: Vec<String> = activities::table
        .filter(activities::hub_id.eq(hub_id))
        .filter(activities::id.eq_any(&report.activity_ids))
        .select(activities::id)
        .load(conn)?;
    if let Some(missing) = report.activity_ids.iter().find(|id| !found.contains(id)) {
        errors.push("activity_ids", Invalid::new(Rule::Exists, format!("this hub has no activity {missing:?}")));
    }
    if errors.is_empty() { Ok(()) } else { Err(StoreError::Invalid(errors)) }
}

/// Stores a new draft report of a hub.
pub fn create(conn: &mut DbConnection, hub_id: &str, report: &ValidReport) -> Result<StoredReport, StoreError> {
    check_evidence(conn, hub_id, report)?;
    let (id, now) = (super::new_id(), super::now());
    diesel::insert_into(reports::table)
        .values((
            ReportChanges::new(report, now)?,
            reports::id.eq(&id),
            reports::hub_id.eq(hub_id),
            reports::state.eq(ReportState::Draft.as_str()),
            reports::version.eq(1_i64),
            reports::created_at.eq(now),
        ))
        .execute(conn)?;
    get(conn, &id)
}

/// Replaces a report's content if it is still at its version.
pub fn update(
    conn: &mut DbConnection,
    current: &StoredReport,
    report: &ValidReport,
) -> Result<Option<StoredReport>, StoreError> {
    check_evidence(conn, &current.item.hub_id, report)?;
    let changed = diesel::update(
        reports::table.filter(reports::id.eq(&current.item.id)).filter(reports::version.eq(current.version)),
    )
    .set((ReportChanges::new(report, super::now())?, reports::version.eq(current.version + 1)))
    .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    find(conn, &current.item.id)
}

/// Moves a report to `state` if it is still at its version: a submission freezes `snapshot`, a
/// decision records who made it and the comments.
pub fn transition(
    conn: &mut DbConnection,
    current: &StoredReport,
    state: ReportState,
    snapshot: Option<&ReportSnapshot>,
    decision: Option<(&str, Option<&str>)>,
) -> Result<Option<StoredReport>, StoreError> {
    let now = super::now();
    let target = reports::table.filter(reports::id.eq(&current.item.id)).filter(reports::version.eq(current.version));
    let changed = match (snapshot, decision) {
        (Some(snapshot), _) => {
            let snapshot = serde_json::to_string(snapshot).map_err(|e| StoreError::Corrupt(e.into()))?;
            diesel::update(target)
                .set((
                    reports::state.eq(state.as_str()),
                    reports::snapshot.eq(Some(snapshot)),
                    reports::submitted_at.eq(Some(now)),
                    reports::version.eq(current.version + 1),
                    reports::updated_at.eq(now),
                ))
                .execute(conn)?
        }
        (None, Some((by, comments))) => diesel::update(target)
            .set((
                reports::state.eq(state.as_str()),
                reports::decided_at.eq(Some(now)),
                reports::decided_by.eq(Some(by)),
                reports::comments.eq(comments),
                reports::version.eq(current.version + 1),
                reports::updated_at.eq(now),
            ))
            .execute(conn)?,
        (None, None) => 0,
    };
    if changed == 0 {
        return Ok(None);
    }
    find(conn, &current.item.id)
}

/// Deletes a report if it is still at its version.
pub fn delete(conn: &mut DbConnection, current: &StoredReport) -> QueryResult<Option<()>> {
    let deleted = diesel::delete(
        reports::table.filter(reports::id.eq(&current.item.id)).filter(reports::version.eq(current.version)),
    )
    .execute(conn)?;
    Ok((deleted == 1).then_some(()))
}

/// The last day of each of `hub_ids`' latest approved report, approved before `cutoff`.
pub fn last_approved_ends(
    conn: &mut DbConnection,
    hub_ids: &[&str],
    cutoff: NaiveDateTime,
) -> Result<HashMap<String, NaiveDate>, StoreError> {
    let rows: Vec<(String, Option<NaiveDate>)> = super::metrics::in_chunks(conn, hub_ids, |conn, chunk| {
        reports::table
            .filter(reports::hub_id.eq_any(chunk))
            .filter(reports::state.eq(ReportState::Approved.as_str()))
            .filter(reports::decided_at.lt(cutoff))
            .group_by(reports::hub_id)
            .select((reports::hub_id, max(reports::period_end)))
            .load(conn)
    })?;
    Ok(rows.into_iter().filter_map(|(hub, end)| Some((hub, end?))).collect())
}

impl super::resource::HubResource for Report {
    type New = NewReport;
    type Patch = ReportPatch;
    type Valid = ValidReport;
    type Query = ReportQuery;
    type View = Report;
    const PATH: &'static str = "/api/v1/reports";

    fn hub_id(&self) -> &str {
        &self.hub_id
    }

    fn view(self, _private: bool) -> Report {
        self
    }

    fn visible(&self, private: bool) -> bool {
        private || self.state.is_public()
    }

    fn patched(patch: ReportPatch, current: &Report) -> NewReport {
        patch.apply_to(current)
    }

    fn validate(new: &NewReport, rules: &super::resource::Rules<'_>) -> Result<ValidReport, StoreError> {
        Ok(new.validate(rules.today)?)
    }

    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<StoredReport>, StoreError> {
        find(conn, id)
    }

    records_of_hubs!(reports, ReportRow);

    fn list(
        conn: &mut DbConnection,
        hub_id: &str,
        query: &ReportQuery,
        private: bool,
    ) -> Result<Page<Report>, StoreError> {
        list(conn, Some(hub_id), query, private)
    }

    fn insert(conn: &mut DbConnection, hub_id: &str, valid: &ValidReport) -> Result<StoredReport, StoreError> {
        create(conn, hub_id, valid)
    }

    fn check_changeable(current: &StoredReport) -> Result<(), StoreError> {
        if current.item.state.is_editable() {
            return Ok(());
        }
        Err(StoreError::Conflict {
            code: "report_not_editable",
            detail: format!("a {} report can no longer be changed", current.item.state.as_str()),
            errors: Vec::new(),
        })
    }

    fn replace(
        conn: &mut DbConnection,
        current: &StoredReport,
        valid: &ValidReport,
    ) -> Result<Option<StoredReport>, StoreError> {
        update(conn, current, valid)
    }

    fn remove(conn: &mut DbConnection, current: &StoredReport) -> Result<Option<()>, StoreError> {
        Ok(delete(conn, current)?)
    }
}
