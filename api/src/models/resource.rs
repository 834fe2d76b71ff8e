//! The hub-resource kit, store side: what a record that belongs to a hub (a deliverable, a
//! stakeholder, an indicator, an activity) tells the generic code, and the generic writes that
//! record their own audit entry in the write's transaction.
//!
//! Adding a resource means a type in `shared`, a migration, a model implementing
//! [`HubResource`], and thin handlers in `routes` calling [`crate::routes::resource`].

use chrono::NaiveDate;
use l4a_shared::page::Page;
use l4a_shared::proposal::EventKind;
use l4a_shared::sdg::SdgTaxonomy;
use l4a_shared::validation::HubPeriod;
use serde::Serialize;

use super::StoreError;
use super::Stored;
use super::audit::{self, Actor, Audited};
use super::hub::HubAccess;
use crate::db::DbConnection;

/// What validating a record may need beyond the record: its hub's period, today, the SDG
/// taxonomy.
pub struct Rules<'a> {
    /// The hub the record belongs to.
    pub hub: &'a HubAccess,
    /// The day the rules are checked for.
    pub today: NaiveDate,
    /// The SDGs and their targets.
    pub taxonomy: &'a SdgTaxonomy,
}

impl Rules<'_> {
    /// The hub's period.
    pub fn period(&self) -> Result<HubPeriod, StoreError> {
        self.hub.period()
    }
}

/// A record that belongs to one hub, with a version, listed per hub and changed by the hub's
/// managers.
pub trait HubResource: Audited + Clone + Send + 'static {
    /// The body that creates one.
    type New: Send + 'static;
    /// The JSON merge patch that changes one.
    type Patch: Clone + Send + 'static;
    /// What both validate into, and what the store writes.
    type Valid;
    /// The listing's filters and paging.
    type Query: Send + 'static;
    /// What a caller is shown: the record, or a view of it without private fields.
    type View: Serialize;
    /// Where one lives, before its id: `/api/v1/deliverables`.
    const PATH: &'static str;

    /// The hub it belongs to.
    fn hub_id(&self) -> &str;
    /// What a caller sees of it; `private` when they may read its hub's private fields.
    fn view(self, private: bool) -> Self::View;
    /// The record a patch would make of `current`, before validation.
    fn patched(patch: Self::Patch, current: &Self) -> Self::New;
    /// Checks a new or patched record against every rule.
    fn validate(new: &Self::New, rules: &Rules<'_>) -> Result<Self::Valid, StoreError>;

    /// Finds one by id.
    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Stored<Self>>, StoreError>;
    /// One page of a hub's records; `private` when the caller may read the hub's private ones.
    fn list(
        conn: &mut DbConnection,
        hub_id: &str,
        query: &Self::Query,
        private: bool,
    ) -> Result<Page<Self>, StoreError>;
    /// Every record of the given hubs, by hub then id, whoever may see them: the open-data export
    /// reads a batch of hubs at a time with it and keeps what [`HubResource::visible`] and
    /// [`HubResource::view`] show the public.
    fn of_hubs(conn: &mut DbConnection, hub_ids: &[String]) -> Result<Vec<Self>, StoreError>;
    /// Whether a caller sees this record at all (`private` as above); most are public.
    fn visible(&self, _private: bool) -> bool {
        true
    }
    /// Stores a new one.
    fn insert(conn: &mut DbConnection, hub_id: &str, valid: &Self::Valid) -> Result<Stored<Self>, StoreError>;
    /// Replaces one if it is still at its version; `None` when another change came first.
    fn replace(
        conn: &mut DbConnection,
        current: &Stored<Self>,
        valid: &Self::Valid,
    ) -> Result<Option<Stored<Self>>, StoreError>;
    /// Deletes one if it is still at its version; `None` when another change came first.
    fn remove(conn: &mut DbConnection, current: &Stored<Self>) -> Result<Option<()>, StoreError>;
    /// The event a new (`before` is `None`) or changed record is announced by, with its data;
    /// most changes announce nothing.
    fn event(_before: Option<&Self>, _after: &Self) -> Option<(EventKind, serde_json::Value)> {
        None
    }
    /// Refuses any change or deletion of a record in a state that forbids it (a 409); most have
    /// no such state.
    fn check_changeable(_current: &Stored<Self>) -> Result<(), StoreError> {
        Ok(())
    }
    /// Refuses a deletion that other records depend on (a 409 naming them); most have none.
    fn check_removable(_conn: &mut DbConnection, _current: &Stored<Self>) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Like [`HubResource::find`], but a missing record is a 404.
pub fn get<R: HubResource>(conn: &mut DbConnection, id: &str) -> Result<Stored<R>, StoreError> {
    R::find(conn, id)?.ok_or_else(|| StoreError::NotFound { resource: R::ENTITY, key: id.to_owned() })
}

/// Stores a new record and its audit entry; call inside a write transaction.
pub fn create<R: HubResource>(
    conn: &mut DbConnection,
    actor: &Actor,
    hub_id: &str,
    valid: &R::Valid,
) -> Result<Stored<R>, StoreError> {
    let stored = R::insert(conn, hub_id, valid)?;
    audit::created(conn, actor, &stored.item)?;
    announce(conn, None, &stored.item)?;
    Ok(stored)
}

/// Replaces a record if it is still at its version, with its audit entry; `None` when another
/// change came first. Call inside a write transaction.
pub fn update<R: HubResource>(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &Stored<R>,
    valid: &R::Valid,
) -> Result<Option<Stored<R>>, StoreError> {
    R::check_changeable(current)?;
    let Some(updated) = R::replace(conn, current, valid)? else { return Ok(None) };
    audit::updated(conn, actor, &current.item, &updated.item)?;
    announce(conn, Some(&current.item), &updated.item)?;
    Ok(Some(updated))
}

/// Records the event a change announces, if any, in the change's transaction.
fn announce<R: HubResource>(conn: &mut DbConnection, before: Option<&R>, after: &R) -> Result<(), StoreError> {
    match R::event(before, after) {
        Some((kind, data)) => super::event::emit(conn, kind, None, Some(after.hub_id()), &data),
        None => Ok(()),
    }
}

/// Deletes a record if it is still at its version and nothing depends on it, with its audit
/// entry; `None` when another change came first. Call inside a write transaction.
pub fn delete<R: HubResource>(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &Stored<R>,
) -> Result<Option<()>, StoreError> {
    R::check_changeable(current)?;
    R::check_removable(conn, current)?;
    if R::remove(conn, current)?.is_none() {
        return Ok(None);
    }
    audit::deleted(conn, actor, &current.item)?;
    Ok(Some(()))
}
