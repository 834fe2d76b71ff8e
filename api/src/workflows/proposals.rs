//! A proposal's transitions: each checks the state allows it (409 otherwise), moves the proposal,
//! records the change in the audit trail and emits its event, in the caller's transaction.
//! Who may ask for a transition is the handler's business (`routes/proposals.rs`); what a
//! state allows is `shared`'s (`ProposalState::after`).

use l4a_shared::call::CallState;
use l4a_shared::deliverable::NewDeliverable;
use l4a_shared::indicator::NewIndicator;
use l4a_shared::proposal::{DecisionOutcome, EventKind, Proposal, ProposalAction, ProposalState, unmet_rules};
use l4a_shared::sdg::SdgTaxonomy;
use l4a_shared::stakeholder::NewStakeholder;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};
use serde_json::json;

use super::{NewHubWithChildren, Origin, StartingIndicator};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::models::audit::{self, Actor};
use crate::models::proposal::{self, StoredProposal, Transition};
use crate::models::{Versioned as _, call, event, organisation, today};

/// A 409: the proposal's state does not allow this.
pub fn illegal(detail: String) -> ApiError {
    ApiError::Conflict { code: "illegal_transition", detail, errors: Vec::new() }
}

/// The state `action` leads to, or a 409 naming the current state.
pub fn next_state(current: ProposalState, action: ProposalAction) -> Result<ProposalState, ApiError> {
    current
        .after(action)
        .ok_or_else(|| illegal(format!("the proposal is {current}: it cannot {}", action.as_str().replace('_', " "))))
}

/// 409 unless the call takes proposals today.
pub fn call_open(conn: &mut DbConnection, call_id: &str) -> Result<(), ApiError> {
    let stored = call::get(conn, call_id, today())?;
    if stored.item.state == CallState::Open {
        return Ok(());
    }
    Err(ApiError::Conflict {
        code: "call_not_open",
        detail: format!(
            "the call is {}: it takes proposals from {} to {}",
            stored.item.state, stored.item.opens_on, stored.item.closes_on
        ),
        errors: Vec::new(),
    })
}

/// Moves the proposal through `action` and records it in the trail.
pub fn apply(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredProposal,
    action: ProposalAction,
    extra: &Transition,
) -> Result<Option<StoredProposal>, ApiError> {
    let to = next_state(current.item.state, action)?;
    let Some(moved) = proposal::transition(conn, current, to, extra)? else { return Ok(None) };
    audit::changed(conn, actor, action.as_str(), Some(&current.item), Some(&moved.item))?;
    Ok(Some(moved))
}

/// Submits a draft: the call must be open, and the proposal complete and meeting the label's
/// rules (422 naming every gap otherwise).
pub fn submit(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredProposal,
    taxonomy: &SdgTaxonomy,
) -> Result<StoredProposal, ApiError> {
    next_state(current.item.state, ProposalAction::Submit)?;
    call_open(conn, &current.item.call_id)?;
    let content = &current.item.content;
    let lead = organisation::get(conn, &current.item.organisation_id)?.item;
    let mut errors = content.check_complete(&lead.id, &lead.country, taxonomy);
    errors.0.extend(unmet_rules(&content.label_record(Some(lead.kind)).check()).0);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let submitted = Transition { submitted: true, ..Transition::default() };
    let moved = apply(conn, actor, current, ProposalAction::Submit, &submitted)?
        .ok_or_else(|| ApiError::PreconditionFailed { current: current.etag() })?;
    let data =
        json!({"call_id": moved.item.call_id, "organisation_id": moved.item.organisation_id, "title": content.title});
    event::emit(conn, EventKind::ProposalSubmitted, Some(&moved.item.id), None, &data)?;
    Ok(moved)
}

/// Accepts (labelling the hub, created with its planned records) or rejects a proposal under
/// review, with the written reason.
pub fn decide(
    conn: &mut DbConnection,
    actor: &Actor,
    current: &StoredProposal,
    outcome: DecisionOutcome,
    reason: &str,
    taxonomy: &SdgTaxonomy,
) -> Result<StoredProposal, ApiError> {
    let action = match outcome {
        DecisionOutcome::Accept => ProposalAction::Accept,
        DecisionOutcome::Reject => ProposalAction::Reject,
    };
    next_state(current.item.state, action)?;
    let hub_id = match outcome {
        DecisionOutcome::Accept => Some(label(conn, actor, &current.item, taxonomy)?),
        DecisionOutcome::Reject => None,
    };
    let extra =
        Transition { decision_reason: Some(reason.to_owned()), hub_id: hub_id.clone(), ..Transition::default() };
    let moved = apply(conn, actor, current, action, &extra)?
        .ok_or_else(|| ApiError::PreconditionFailed { current: current.etag() })?;
    let data = json!({"outcome": outcome.as_str(), "reason": reason});
    event::emit(conn, EventKind::ProposalDecided, Some(&moved.item.id), hub_id.as_deref(), &data)?;
    if let Some(hub_id) = &hub_id {
        let data = json!({"organisation_id": moved.item.organisation_id, "title": moved.item.content.title});
        event::emit(conn, EventKind::HubLabelled, Some(&moved.item.id), Some(hub_id), &data)?;
    }
    Ok(moved)
}

/// Creates the labelled hub from an accepted proposal, with its planned deliverables,
/// stakeholders and indicators; returns the hub's id.
fn label(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal: &Proposal,
    taxonomy: &l4a_shared::sdg::SdgTaxonomy,
) -> Result<String, ApiError> {
    let content = &proposal.content;
    let lead = organisation::get(conn, &proposal.organisation_id)?.item;
    let new_hub = content.to_hub(&lead.id, &lead.country).ok_or_else(|| {
        let mut errors = ValidationErrors::default();
        errors.push("planned_start", Invalid::new(Rule::Required, "the proposal has no period or modality"));
        ApiError::Validation(errors)
    })?;
    let valid = new_hub.validate(taxonomy)?;
    let (start, end) = (valid.period.start(), valid.period.end());
    let deliverables = content
        .planned_deliverables
        .iter()
        .map(|planned| NewDeliverable {
            title: planned.title.clone(),
            description: String::new(),
            kind: planned.kind,
            due_date: planned.due_date,
            status: None,
            delivered_on: None,
            evidence_url: None,
        })
        .collect();
    let stakeholders = content
        .planned_stakeholders
        .iter()
        .map(|planned| NewStakeholder {
            name: planned.name.clone(),
            kind: planned.kind,
            role: planned.role,
            took_part_in_criteria: planned.took_part_in_criteria,
            contact_email: None,
            contact_phone: None,
        })
        .collect();
    let indicators = content
        .planned_indicators
        .iter()
        .map(|planned| StartingIndicator {
            indicator: NewIndicator {
                name: planned.name.clone(),
                description: String::new(),
                dimension: planned.dimension,
                unit: planned.unit.clone(),
                direction: planned.direction,
                baseline_value: planned.baseline_value,
                baseline_date: start,
                target_value: planned.target_value,
                target_date: end,
                sdg_target: None,
                disaggregations: Default::default(),
                // The stakeholders agreed it in the proposal, which the label now makes a record.
                agreed_on: Some(today()),
                agreed_by: Vec::new(),
            },
            agreed_by_names: planned.agreed_by.clone(),
            measurements: Vec::new(),
        })
        .collect();
    let new = NewHubWithChildren { hub: valid, deliverables, stakeholders, indicators, activities: Vec::new() };
    let origin = Origin::Labelled { actor, proposal_id: &proposal.id, on: today() };
    Ok(super::create_hub(conn, &new, origin, taxonomy, today())?.item.id)
}
