//! The audit trail: every successful write records who, what, when, and the changed fields
//! before and after, in the same transaction as the write itself.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use l4a_shared::account::{ActorKind, ApiKey, AuditEntry, FieldChange, User};
use l4a_shared::activity::Activity;
use l4a_shared::call::Call;
use l4a_shared::connection::Connection;
use l4a_shared::deliverable::Deliverable;
use l4a_shared::hub::Hub;
use l4a_shared::indicator::Indicator;
use l4a_shared::organisation::Organisation;
use l4a_shared::page::Page;
use l4a_shared::proposal::Proposal;
use l4a_shared::query::AuditQuery;
use l4a_shared::recommendation::PolicyRecommendation;
use l4a_shared::report::Report;
use l4a_shared::stakeholder::StakeholderWithContact;
use l4a_shared::webhook::Webhook;
use serde::Serialize;
use serde_json::Value;

use super::StoreError;
use crate::db::DbConnection;
use crate::schema::audit_events;

/// Who acts, as the trail names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// A user, a key or the platform.
    pub kind: ActorKind,
    /// The user's or key's id.
    pub id: Option<String>,
    /// The user's email or the key's name.
    pub name: String,
}

impl Actor {
    /// The platform itself (commands, the demo seed).
    pub fn system(name: &str) -> Self {
        Self { kind: ActorKind::System, id: None, name: name.to_owned() }
    }
}

/// Fields that are derived or bookkeeping: not changes anyone made.
const NOT_CHANGES: &[&str] = &[
    "created_at",
    "updated_at",
    "late",
    "on_time",
    "latest",
    "progress",
    "progress_raw",
    "expected_progress",
    "on_track",
    "deliverables_total",
    "deliverables_delivered",
    "deliverables_late",
    "indicators_total",
    "indicators_on_track",
    "synchronization_degree",
    "reporting_status",
    "lead_organisation",
    "partner_organisations",
    "hub",
    "other_hub",
];

/// The fields that differ between two versions of a record (either may be absent).
fn changes(before: Option<&Value>, after: Option<&Value>) -> BTreeMap<String, FieldChange> {
    let empty = serde_json::Map::new();
    let fields = |value: Option<&Value>| value.and_then(Value::as_object).unwrap_or(&empty).clone();
    let (before, after) = (fields(before), fields(after));
    let mut changed = BTreeMap::new();
    for name in before.keys().chain(after.keys()) {
        if NOT_CHANGES.contains(&name.as_str()) || changed.contains_key(name) {
            continue;
        }
        let (old, new) =
            (before.get(name).cloned().unwrap_or(Value::Null), after.get(name).cloned().unwrap_or(Value::Null));
        if old != new {
            changed.insert(name.clone(), FieldChange { before: old, after: new });
        }
    }
    changed
}

/// One change to record.
pub struct Change<'a, T: Serialize> {
    /// The kind of record (`hub`, `deliverable`, …).
    pub entity: &'a str,
    /// Its id.
    pub entity_id: &'a str,
    /// `create`, `update`, `delete`, or a named action.
    pub action: &'a str,
    /// The hub it belongs to.
    pub hub_id: Option<&'a str>,
    /// The record before the change (none for a creation).
    pub before: Option<&'a T>,
    /// The record after the change (none for a deletion).
    pub after: Option<&'a T>,
}

/// Records a change; call inside the write's transaction so that both or neither are kept.
pub fn record<T: Serialize>(conn: &mut DbConnection, actor: &Actor, change: Change<'_, T>) -> Result<(), StoreError> {
    let as_json = |record: Option<&T>| record.map(serde_json::to_value).transpose().map_err(anyhow::Error::from);
    let fields = changes(as_json(change.before)?.as_ref(), as_json(change.after)?.as_ref());
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::id.eq(super::new_id()),
            audit_events::at.eq(super::now()),
            audit_events::actor_kind.eq(actor.kind.as_str()),
            audit_events::actor_id.eq(actor.id.as_deref()),
            audit_events::actor_name.eq(&actor.name),
            audit_events::entity.eq(change.entity),
            audit_events::entity_id.eq(change.entity_id),
            audit_events::action.eq(change.action),
            audit_events::hub_id.eq(change.hub_id),
            audit_events::changes.eq(serde_json::to_string(&fields).map_err(anyhow::Error::from)?),
        ))
        .execute(conn)?;
    Ok(())
}

/// A record the trail knows by kind, id and hub.
pub trait Audited: Serialize {
    /// The kind of record (`hub`, `deliverable`, …).
    const ENTITY: &'static str;
    /// Its id.
    fn audit_id(&self) -> &str;
    /// The hub it belongs to, for the hub's history.
    fn audit_hub(&self) -> Option<&str>;
}

macro_rules! audited {
    ($($type:ty => $entity:literal, |$record:ident| $hub:expr;)+) => {
        $(impl Audited for $type {
            const ENTITY: &'static str = $entity;
            fn audit_id(&self) -> &str {
                &self.id
            }
            fn audit_hub(&self) -> Option<&str> {
                let $record = self;
                $hub
            }
        })+
    };
}

audited! {
    Hub => "hub", |hub| Some(&hub.id);
    Organisation => "organisation", |_organisation| None;
    Deliverable => "deliverable", |deliverable| Some(&deliverable.hub_id);
    Indicator => "indicator", |indicator| Some(&indicator.hub_id);
    Activity => "activity", |activity| Some(&activity.hub_id);
    Connection => "connection", |connection| Some(&connection.hub_id);
    User => "user", |_user| None;
    ApiKey => "api_key", |_key| None;
    Call => "call", |_call| None;
    Proposal => "proposal", |proposal| proposal.hub_id.as_deref();
    Report => "report", |report| Some(&report.hub_id);
    PolicyRecommendation => "recommendation", |_recommendation| None;
    Webhook => "webhook", |_webhook| None;
}

impl Audited for StakeholderWithContact {
    const ENTITY: &'static str = "stakeholder";
    fn audit_id(&self) -> &str {
        &self.stakeholder.id
    }
    fn audit_hub(&self) -> Option<&str> {
        Some(&self.stakeholder.hub_id)
    }
}

/// Records `action` on a record, with its versions before and after (either may be absent).
pub fn changed<T: Audited>(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<(), StoreError> {
    let Some(record) = after.or(before) else { return Ok(()) };
    let change =
        Change { entity: T::ENTITY, entity_id: record.audit_id(), action, hub_id: record.audit_hub(), before, after };
    self::record(conn, actor, change)
}

/// Records the creation of `after`.
pub fn created<T: Audited>(conn: &mut DbConnection, actor: &Actor, after: &T) -> Result<(), StoreError> {
    changed(conn, actor, "create", None, Some(after))
}

/// Records a change from `before` to `after`.
pub fn updated<T: Audited>(conn: &mut DbConnection, actor: &Actor, before: &T, after: &T) -> Result<(), StoreError> {
    changed(conn, actor, "update", Some(before), Some(after))
}

/// Records an update when there was one: `after` is `None` when another change came first.
pub fn updated_if<T: Audited>(
    conn: &mut DbConnection,
    actor: &Actor,
    before: &T,
    after: Option<&T>,
) -> Result<(), StoreError> {
    after.map_or(Ok(()), |after| updated(conn, actor, before, after))
}

/// Records the deletion of `before`.
pub fn deleted<T: Audited>(conn: &mut DbConnection, actor: &Actor, before: &T) -> Result<(), StoreError> {
    changed(conn, actor, "delete", Some(before), None)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
struct EventRow {
    id: String,
    at: NaiveDateTime,
    actor_kind: String,
    actor_id: Option<String>,
    actor_name: String,
    entity: String,
    entity_id: String,
    action: String,
    hub_id: Option<String>,
    changes: String,
}

impl EventRow {
    fn into_entry(self) -> Result<AuditEntry, StoreError> {
        let corrupt =
            |what: &str| StoreError::Corrupt(anyhow::anyhow!("audit event {} has an unreadable {what}", self.id));
        Ok(AuditEntry {
            actor_kind: self.actor_kind.parse().map_err(|_| corrupt("actor kind"))?,
            changes: serde_json::from_str(&self.changes).map_err(|_| corrupt("list of changes"))?,
            id: self.id,
            at: self.at.and_utc(),
            actor_id: self.actor_id,
            actor_name: self.actor_name,
            entity: self.entity,
            entity_id: self.entity_id,
            action: self.action,
            hub_id: self.hub_id,
        })
    }
}

/// One page of the trail, newest first: matching `query`, and of one hub when `hub_id` is given.
pub fn list(conn: &mut DbConnection, query: &AuditQuery, hub_id: Option<&str>) -> Result<Page<AuditEntry>, StoreError> {
    let filtered = || {
        let mut filtered = audit_events::table.into_boxed();
        if let Some(hub) = hub_id {
            filtered = filtered.filter(audit_events::hub_id.eq(hub.to_owned()));
        }
        if let Some(entity) = &query.entity {
            filtered = filtered.filter(audit_events::entity.eq(entity.clone()));
        }
        if let Some(id) = &query.entity_id {
            filtered = filtered.filter(audit_events::entity_id.eq(id.clone()));
        }
        if let Some(actor) = &query.actor {
            filtered = filtered.filter(audit_events::actor_id.eq(actor.clone()));
        }
        if let Some(from) = query.from {
            filtered = filtered.filter(audit_events::at.ge(from.and_time(chrono::NaiveTime::MIN)));
        }
        if let Some(to) = query.to.and_then(|to| to.succ_opt()) {
            filtered = filtered.filter(audit_events::at.lt(to.and_time(chrono::NaiveTime::MIN)));
        }
        filtered
    };
    let total: i64 = filtered().count().get_result(conn)?;
    // Ids are UUIDv7, so they order entries recorded within the same microsecond too.
    let rows: Vec<EventRow> = filtered()
        .order(audit_events::id.desc())
        .select(EventRow::as_select())
        .limit(i64::from(query.per_page))
        .offset(super::offset(query.page, query.per_page))
        .load(conn)?;
    let items = rows.into_iter().map(EventRow::into_entry).collect::<Result<_, _>>()?;
    Ok(super::page_of(items, total, query.page, query.per_page))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_fields_someone_changed_are_recorded() {
        let before = json!({"title": "Map", "status": "planned", "late": true, "updated_at": "x"});
        let after = json!({"title": "Map", "status": "delivered", "late": false, "updated_at": "y", "delivered_on": "2025-01-01"});
        let changed = changes(Some(&before), Some(&after));
        assert_eq!(changed.keys().collect::<Vec<_>>(), ["delivered_on", "status"]);
        assert_eq!(changed["status"], FieldChange { before: json!("planned"), after: json!("delivered") });
        let created = changes(None, Some(&after));
        assert_eq!(created["title"], FieldChange { before: Value::Null, after: json!("Map") });
    }
}
