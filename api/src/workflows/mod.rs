//! Domain workflows: changes that span several records and must happen whole, in one
//! transaction. Creating a hub with the records it starts with is one of them, and three callers
//! share it: `POST /hubs`, a proposal's acceptance (the label) and the demo seed. A proposal's
//! transitions ([`proposals`]) and a progress report's ([`reports`]) are the others.

pub mod proposals;
pub mod reports;

use chrono::NaiveDate;
use l4a_shared::activity::Activity;
use l4a_shared::activity::NewActivity;
use l4a_shared::deliverable::{Deliverable, NewDeliverable};
use l4a_shared::hub::ValidHub;
use l4a_shared::indicator::{Indicator, NewIndicator, NewMeasurement};
use l4a_shared::sdg::SdgTaxonomy;
use l4a_shared::stakeholder::{NewStakeholder, StakeholderWithContact};

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::models::audit::{self, Actor};
use crate::models::hub::{self, HubKey, StoredHub};
use crate::models::indicator;
use crate::models::resource::{HubResource, Rules};

/// An indicator a new hub starts with: the stakeholders who agreed it are named, since their ids
/// exist only once the hub's stakeholders are created with it.
#[derive(Debug, Clone)]
pub struct StartingIndicator {
    /// The indicator; its `agreed_by` is replaced by the named stakeholders' ids.
    pub indicator: NewIndicator,
    /// The names of the hub's stakeholders who agreed it.
    pub agreed_by_names: Vec<String>,
    /// Measurements already taken (the demo's history).
    pub measurements: Vec<NewMeasurement>,
}

/// A hub and the records it starts with.
#[derive(Debug, Clone)]
pub struct NewHubWithChildren {
    /// The hub, validated.
    pub hub: ValidHub,
    /// Its deliverables.
    pub deliverables: Vec<NewDeliverable>,
    /// Its stakeholders.
    pub stakeholders: Vec<NewStakeholder>,
    /// Its indicators.
    pub indicators: Vec<StartingIndicator>,
    /// Its activities.
    pub activities: Vec<NewActivity>,
}

impl NewHubWithChildren {
    /// A hub without children yet.
    pub fn bare(hub: ValidHub) -> Self {
        Self { hub, deliverables: Vec::new(), stakeholders: Vec::new(), indicators: Vec::new(), activities: Vec::new() }
    }
}

/// How the hub came to be: recorded by hand, labelled from a proposal, or loaded as demo data.
pub enum Origin<'a> {
    /// The Secretariat recorded it directly; the creation is audited under `actor`.
    Recorded {
        /// Who recorded it.
        actor: &'a Actor,
    },
    /// A proposal was accepted: the hub carries the label's date and the proposal's id, and the
    /// creation is audited under `actor`.
    Labelled {
        /// Who accepted the proposal.
        actor: &'a Actor,
        /// The accepted proposal.
        proposal_id: &'a str,
        /// The day the label was granted.
        on: NaiveDate,
    },
    /// Demo data: no audit entry, since no one made the change.
    Demo,
}

/// Creates a hub with the records it starts with, each checked against the same rules as when it
/// is added later through the API; call inside a write transaction, so that a broken rule
/// anywhere leaves nothing behind.
pub fn create_hub(
    conn: &mut DbConnection,
    new: &NewHubWithChildren,
    origin: Origin<'_>,
    taxonomy: &SdgTaxonomy,
    today: NaiveDate,
) -> Result<StoredHub, ApiError> {
    let created = hub::create(conn, &new.hub)?;
    let access = hub::get_access(conn, HubKey::Id(&created.item.id))?;
    let rules = Rules { hub: &access, today, taxonomy };
    for deliverable in &new.deliverables {
        Deliverable::insert(conn, &access.id, &Deliverable::validate(deliverable, &rules)?)?;
    }
    let mut stakeholder_ids: Vec<(String, String)> = Vec::new();
    for stakeholder in &new.stakeholders {
        let stored =
            StakeholderWithContact::insert(conn, &access.id, &StakeholderWithContact::validate(stakeholder, &rules)?)?;
        stakeholder_ids.push((stakeholder.name.trim().to_owned(), stored.item.stakeholder.id));
    }
    for starting in &new.indicators {
        let agreed_by: Vec<String> = starting
            .agreed_by_names
            .iter()
            .filter_map(|name| stakeholder_ids.iter().find(|(known, _)| known == name.trim()).map(|(_, id)| id.clone()))
            .collect();
        // An agreement is who and when: without a stakeholder found, there is no agreement to date.
        let agreed_on = starting.indicator.agreed_on.filter(|_| !agreed_by.is_empty());
        let indicator = NewIndicator { agreed_by, agreed_on, ..starting.indicator.clone() };
        let valid = Indicator::validate(&indicator, &rules)?;
        let stored = Indicator::insert(conn, &access.id, &valid)?;
        let measurements = starting
            .measurements
            .iter()
            .map(|measurement| measurement.validate(&valid.disaggregations, today))
            .collect::<Result<Vec<_>, _>>()?;
        indicator::insert_measurements(conn, &stored.item.id, &measurements)?;
    }
    for activity in &new.activities {
        Activity::insert(conn, &access.id, &Activity::validate(activity, &rules)?)?;
    }
    let actor = match origin {
        Origin::Recorded { actor } => Some(actor),
        Origin::Labelled { actor, proposal_id, on } => {
            hub::record_label(conn, &access.id, proposal_id, on)?;
            Some(actor)
        }
        Origin::Demo => None,
    };
    // Read once more: the figures now count the children, and a label was recorded.
    let stored = hub::get(conn, HubKey::Id(&access.id))?;
    if let Some(actor) = actor {
        audit::created(conn, actor, &stored.item)?;
    }
    Ok(stored)
}
