//! A hub as a voluntary commitment for the UN's SDG Actions platform: its SMART deliverables
//! (specific, measurable, achievable, resource-based, time-based) come from its deliverables and
//! its impact indicators' targets, its resources from the hub's own `resources` field.

use chrono::{DateTime, Utc};
use l4a_shared::deliverable::DeliverableStatus;
use l4a_shared::export::{HubExport, SdgActionsDeliverable, SdgActionsProgressReport, SdgActionsRecord};

use super::Publisher;

/// The record of one hub.
pub fn record(publisher: &Publisher, export: &HubExport, generated_at: DateTime<Utc>) -> SdgActionsRecord {
    let hub = &export.hub;
    let mut deliverables: Vec<SdgActionsDeliverable> = export
        .deliverables
        .iter()
        .filter(|d| d.status != DeliverableStatus::Cancelled)
        .map(|d| SdgActionsDeliverable {
            deliverable: d.title.clone(),
            date: d.delivered_on.unwrap_or(d.due_date),
            measure: match d.delivered_on {
                Some(day) => format!("{} delivered on {day}", d.kind.as_str()),
                None => format!("{} due {}, {}", d.kind.as_str(), d.due_date, d.status.as_str()),
            },
            on_track: Some(!d.late),
            source: "deliverable".into(),
            source_id: d.id.clone(),
        })
        .chain(export.indicators.iter().map(|i| SdgActionsDeliverable {
            deliverable: format!("{}: from {} to {} {}", i.name, i.baseline_value, i.target_value, i.unit),
            date: i.target_date,
            measure: match &i.figures.latest {
                Some(latest) => format!("{} {} on {}", latest.value, i.unit, latest.measured_on),
                None => "not measured yet".into(),
            },
            on_track: i.figures.on_track,
            source: "indicator".into(),
            source_id: i.id.clone(),
        }))
        .collect();
    deliverables.sort_by(|a, b| (a.date, &a.source_id).cmp(&(b.date, &b.source_id)));
    let progress_report =
        export.reports.iter().max_by_key(|r| (r.period_end, r.decided_at)).map(|r| SdgActionsProgressReport {
            period_start: r.period_start,
            period_end: r.period_end,
            approved_on: r.decided_at.map(|at| at.date_naive()),
            achievements: r.achievements.clone(),
            challenges: r.challenges.clone(),
            next_steps: r.next_steps.clone(),
        });
    let description = if hub.description.trim().is_empty() {
        hub.summary.clone()
    } else {
        format!("{}\n\n{}", hub.summary, hub.description)
    };
    SdgActionsRecord {
        title: hub.name.clone(),
        description,
        lead_entity: hub.lead_organisation.name.clone(),
        lead_entity_type: hub.lead_organisation.kind.as_str().to_owned(),
        partners: hub.partner_organisations.iter().map(|p| p.name.clone()).collect(),
        geographical_coverage: vec![hub.country.clone()],
        goals: hub.sdgs.clone(),
        targets: hub.sdg_targets.clone(),
        deliverables,
        resources_mobilized: hub.resources.clone(),
        start_date: hub.start_date,
        completion_date: hub.end_date,
        website: format!("{}/hubs/{}", publisher.public_url, hub.slug),
        progress_report,
        licence: publisher.licence.id.clone(),
        generated_at,
    }
}
