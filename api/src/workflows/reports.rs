//! A progress report's transitions: each checks the state allows it (409 otherwise), moves the
//! report, records the change in the audit trail and emits its event, in the caller's
//! transaction. A submission freezes the hub's figures and indicators into the report.

use l4a_shared::proposal::EventKind;
use l4a_shared::report::{IndicatorSnapshot, ReportAction, ReportDecision, ReportSnapshot, ReportState};
use serde_json::json;

use crate::auth::Principal;
use crate::auth::guards;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::models::audit::{self, Actor};
use crate::models::hub::HubKey;
use crate::models::report::{self, StoredReport};
use crate::models::resource::HubResource as _;
use crate::models::{event, figures, indicator, now, today, user};

/// The state `action` leads to, or a 409 naming the current state.
fn next_state(current: ReportState, action: ReportAction) -> Result<ReportState, ApiError> {
    current.after(action).ok_or_else(|| ApiError::Conflict {
        code: "illegal_transition",
        detail: format!("the report is {current}: it cannot be {}", past(action)),
        errors: Vec::new(),
    })
}

fn past(action: ReportAction) -> &'static str {
    match action {
        ReportAction::Submit => "submitted",
        ReportAction::Approve => "approved",
        ReportAction::Return => "returned",
    }
}

/// The hub's figures and indicators now, as a submission freezes them.
fn snapshot(conn: &mut DbConnection, hub_id: &str) -> Result<ReportSnapshot, ApiError> {
    let day = today();
    let hub = crate::models::hub::get(conn, HubKey::Id(hub_id))?;
    let figures = figures::of_hubs(conn, &[(hub.item.id.clone(), hub.item.created_at.naive_utc())], day)?
        .remove(hub_id)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no figures for hub {hub_id}")))?;
    let indicators = indicator::list(conn, hub_id, 1, 1_000, day)?
        .items
        .into_iter()
        .map(|indicator| IndicatorSnapshot {
            latest_value: indicator.figures.latest.as_ref().map(|latest| latest.value),
            latest_measured_on: indicator.figures.latest.as_ref().map(|latest| latest.measured_on),
            progress: indicator.figures.progress_raw,
            on_track: indicator.figures.on_track == Some(true),
            id: indicator.id,
            name: indicator.name,
            dimension: indicator.dimension,
            unit: indicator.unit,
            baseline_value: indicator.baseline_value,
            target_value: indicator.target_value,
            target_date: indicator.target_date,
        })
        .collect();
    Ok(ReportSnapshot { taken_at: now().and_utc(), figures, indicators })
}

/// Takes `action` on report `id` for `who`: a hub manager submits; an administrator approves or
/// returns (with `decision`'s comments). A report the caller may not see is a 404.
pub fn act(
    conn: &mut DbConnection,
    who: &Principal,
    id: &str,
    action: ReportAction,
    decision: &ReportDecision,
) -> Result<StoredReport, ApiError> {
    let current = report::get(conn, id)?;
    let hub = guards::readable_hub(conn, HubKey::Id(&current.item.hub_id), who)?;
    if !current.item.visible(who.may_read_contacts(&hub)) {
        return Err(ApiError::NotFound { resource: "report", key: id.to_owned() });
    }
    match action {
        ReportAction::Submit => {
            guards::managed_hub(conn, HubKey::Id(&current.item.hub_id), who)?;
        }
        ReportAction::Approve | ReportAction::Return => who.admin()?,
    }
    let name = match who.user_id() {
        Some(user_id) => user::get(conn, user_id)?.user.display_name,
        None => who.actor().name,
    };
    apply(conn, &who.actor(), &name, &current, action, decision)
}

/// Takes `action` on `current` for `actor`, named `name` on a decision: checks the state allows
/// it and the report is complete, freezes the figures on submission, and records the change
/// and its event. Who may take it is the caller's business ([`act`], the demo seed).
pub fn apply(
    conn: &mut DbConnection,
    actor: &Actor,
    name: &str,
    current: &StoredReport,
    action: ReportAction,
    decision: &ReportDecision,
) -> Result<StoredReport, ApiError> {
    let to = next_state(current.item.state, action)?;
    let moved = match action {
        ReportAction::Submit => {
            current.item.check_complete()?;
            let frozen = snapshot(conn, &current.item.hub_id)?;
            report::transition(conn, current, to, Some(&frozen), None)?
        }
        ReportAction::Approve | ReportAction::Return => {
            let comments = decision.validate(action)?;
            report::transition(conn, current, to, None, Some((name, comments.as_deref())))?
        }
    };
    // The report was loaded in this transaction, so its version cannot have moved meanwhile.
    let moved = moved.ok_or_else(|| ApiError::Conflict {
        code: "changed_meanwhile",
        detail: "the report changed while this was asked; read it again".into(),
        errors: Vec::new(),
    })?;
    audit::changed(conn, actor, action.as_str(), Some(&current.item), Some(&moved.item))?;
    let kind = match action {
        ReportAction::Submit => EventKind::ReportSubmitted,
        ReportAction::Approve => EventKind::ReportApproved,
        ReportAction::Return => EventKind::ReportReturned,
    };
    let data = json!({"report_id": moved.item.id, "state": moved.item.state, "period_end": moved.item.period_end});
    event::emit(conn, kind, None, Some(&moved.item.hub_id), &data)?;
    Ok(moved)
}
