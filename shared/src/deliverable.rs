//! Deliverables: what a hub announces in advance and delivers within its period (the label's
//! timeline rule), and the derived figures that say whether it is late or was on time.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::hub::present;
use crate::validation::{HubPeriod, Invalid, Notes, Rule, Title, ValidationErrors, WebUrl};

wire_enum!(
    /// What a deliverable is.
    DeliverableKind {
        /// A report, a guide, an article.
        Publication => "publication",
        /// A meeting, a forum, a workshop.
        Event => "event",
        /// A method, a toolkit, software.
        Tool => "tool",
        /// A policy, a plan, a regulation.
        Policy => "policy",
        /// A course or a training programme.
        Training => "training",
        /// Anything else.
        Other => "other",
    }
);

wire_enum!(
    /// Where a deliverable stands. "Late" is derived, never stored.
    DeliverableStatus {
        /// Announced, not started.
        Planned => "planned",
        /// Being worked on.
        InProgress => "in_progress",
        /// Done; `delivered_on` says when.
        Delivered => "delivered",
        /// Given up.
        Cancelled => "cancelled",
    }
);

impl DeliverableStatus {
    /// Whether work on it is still expected: neither delivered nor cancelled.
    pub fn is_open(self) -> bool {
        matches!(self, DeliverableStatus::Planned | DeliverableStatus::InProgress)
    }
}

/// Whether a deliverable is late on `today`: still open and its due date is past.
pub fn is_late(status: DeliverableStatus, due_date: NaiveDate, today: NaiveDate) -> bool {
    status.is_open() && due_date < today
}

/// Whether a deliverable was delivered on or before its due date.
pub fn was_on_time(status: DeliverableStatus, due_date: NaiveDate, delivered_on: Option<NaiveDate>) -> bool {
    status == DeliverableStatus::Delivered && delivered_on.is_some_and(|delivered| delivered <= due_date)
}

/// A deliverable as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deliverable {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The hub it belongs to.
    pub hub_id: String,
    /// Its title.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// What kind of output it is.
    pub kind: DeliverableKind,
    /// When it is due, inside the hub's period.
    pub due_date: NaiveDate,
    /// Where it stands.
    pub status: DeliverableStatus,
    /// When it was delivered (only when delivered).
    pub delivered_on: Option<NaiveDate>,
    /// Where the evidence of delivery can be seen.
    pub evidence_url: Option<String>,
    /// Derived: not delivered or cancelled, and its due date is past.
    pub late: bool,
    /// Derived: delivered on or before its due date.
    pub on_time: bool,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/hubs/{hub}/deliverables`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDeliverable {
    /// 3 to 200 characters.
    pub title: String,
    /// Up to 5,000 characters.
    #[serde(default)]
    pub description: String,
    /// What kind of output it is.
    pub kind: DeliverableKind,
    /// Inside the hub's period.
    pub due_date: NaiveDate,
    /// Defaults to `planned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DeliverableStatus>,
    /// Required when delivered, and then not in the future; only for a delivered deliverable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_on: Option<NaiveDate>,
    /// `https://…` or `http://…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_url: Option<String>,
}

/// The body of `PATCH /api/v1/deliverables/{id}`: a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliverablePatch {
    /// A new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DeliverableKind>,
    /// A new due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    /// A new status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DeliverableStatus>,
    /// A new delivery date; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub delivered_on: Option<Option<NaiveDate>>,
    /// A new evidence link; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub evidence_url: Option<Option<String>>,
}

/// A deliverable that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidDeliverable {
    /// The title.
    pub title: Title,
    /// The description.
    pub description: Notes,
    /// The kind.
    pub kind: DeliverableKind,
    /// The due date, inside the hub's period.
    pub due_date: NaiveDate,
    /// The status.
    pub status: DeliverableStatus,
    /// The delivery date, present exactly when delivered.
    pub delivered_on: Option<NaiveDate>,
    /// The evidence link.
    pub evidence_url: Option<WebUrl>,
}

impl NewDeliverable {
    /// Checks every rule at once, against the hub's period and today's date.
    pub fn validate(&self, period: &HubPeriod, today: NaiveDate) -> Result<ValidDeliverable, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let title = errors.check("title", Title::parse(&self.title));
        let description = errors.check("description", Notes::parse(&self.description));
        errors.check("due_date", period.check_contains(self.due_date, "the due date"));
        let status = self.status.unwrap_or(DeliverableStatus::Planned);
        match (status, self.delivered_on) {
            (DeliverableStatus::Delivered, None) => {
                errors.push(
                    "delivered_on",
                    Invalid::new(Rule::Required, "a delivered deliverable says when it was delivered"),
                );
            }
            (DeliverableStatus::Delivered, Some(date)) if date > today => {
                let message = format!("{date} is in the future; a delivery is recorded once it happened");
                errors.push("delivered_on", Invalid::new(Rule::NotInFuture, message));
            }
            (DeliverableStatus::Delivered, Some(_)) | (_, None) => {}
            (other, Some(_)) => {
                let message = format!("only a delivered deliverable has a delivery date, not a {} one", other.as_str());
                errors.push("delivered_on", Invalid::new(Rule::Consistent, message));
            }
        }
        let evidence_url = match self.evidence_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => errors.check("evidence_url", WebUrl::parse(url)).map(Some),
            None => Some(None),
        };
        errors.finish(|| {
            Some(ValidDeliverable {
                title: title?,
                description: description?,
                kind: self.kind,
                due_date: self.due_date,
                status,
                delivered_on: self.delivered_on,
                evidence_url: evidence_url?,
            })
        })
    }
}

impl From<NewDeliverable> for DeliverablePatch {
    /// The patch that sets every field to the given deliverable's (what an edit form sends).
    fn from(new: NewDeliverable) -> Self {
        Self {
            title: Some(new.title),
            description: Some(new.description),
            kind: Some(new.kind),
            due_date: Some(new.due_date),
            status: new.status,
            delivered_on: Some(new.delivered_on),
            evidence_url: Some(new.evidence_url),
        }
    }
}

impl DeliverablePatch {
    /// The whole deliverable as it would be after this patch.
    pub fn apply_to(self, current: &Deliverable) -> NewDeliverable {
        NewDeliverable {
            title: self.title.unwrap_or_else(|| current.title.clone()),
            description: self.description.unwrap_or_else(|| current.description.clone()),
            kind: self.kind.unwrap_or(current.kind),
            due_date: self.due_date.unwrap_or(current.due_date),
            status: Some(self.status.unwrap_or(current.status)),
            delivered_on: self.delivered_on.unwrap_or(current.delivered_on),
            evidence_url: self.evidence_url.unwrap_or_else(|| current.evidence_url.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn period() -> HubPeriod {
        HubPeriod::new(date(2025, 1, 1), date(2026, 12, 31)).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn new(status: DeliverableStatus, due: NaiveDate, delivered_on: Option<NaiveDate>) -> NewDeliverable {
        NewDeliverable {
            title: "Toolkit".into(),
            description: String::new(),
            kind: DeliverableKind::Tool,
            due_date: due,
            status: Some(status),
            delivered_on,
            evidence_url: None,
        }
    }

    fn rules(result: Result<ValidDeliverable, ValidationErrors>) -> Vec<(String, Rule)> {
        result.err().unwrap_or_default().0.into_iter().map(|e| (e.field, e.rule)).collect()
    }

    #[test]
    fn lateness_is_derived_from_the_status_the_due_date_and_today() {
        let due = date(2025, 6, 30);
        assert!(!is_late(DeliverableStatus::Planned, due, due), "due today is not late yet");
        assert!(is_late(DeliverableStatus::Planned, due, date(2025, 7, 1)));
        assert!(is_late(DeliverableStatus::InProgress, due, date(2025, 7, 1)));
        assert!(!is_late(DeliverableStatus::Delivered, due, date(2026, 1, 1)));
        assert!(!is_late(DeliverableStatus::Cancelled, due, date(2026, 1, 1)));
    }

    #[test]
    fn on_time_means_delivered_on_or_before_the_due_date() {
        let due = date(2025, 6, 30);
        assert!(was_on_time(DeliverableStatus::Delivered, due, Some(due)));
        assert!(was_on_time(DeliverableStatus::Delivered, due, Some(date(2025, 1, 2))));
        assert!(!was_on_time(DeliverableStatus::Delivered, due, Some(date(2025, 7, 1))));
        assert!(!was_on_time(DeliverableStatus::Planned, due, None));
        assert!(!was_on_time(DeliverableStatus::Delivered, due, None));
    }

    #[test]
    fn the_due_date_falls_inside_the_hubs_period_both_ends_included() {
        let today = date(2025, 3, 1);
        assert!(new(DeliverableStatus::Planned, date(2025, 1, 1), None).validate(&period(), today).is_ok());
        assert!(new(DeliverableStatus::Planned, date(2026, 12, 31), None).validate(&period(), today).is_ok());
        let early = new(DeliverableStatus::Planned, date(2024, 12, 31), None).validate(&period(), today);
        assert_eq!(rules(early), vec![("due_date".to_owned(), Rule::WithinHubPeriod)]);
        let late = new(DeliverableStatus::Planned, date(2027, 1, 1), None).validate(&period(), today);
        assert_eq!(rules(late), vec![("due_date".to_owned(), Rule::WithinHubPeriod)]);
    }

    #[test]
    fn a_delivery_date_is_required_when_delivered_not_in_the_future_and_only_then() {
        let today = date(2025, 3, 1);
        let due = date(2025, 6, 1);
        assert!(new(DeliverableStatus::Delivered, due, Some(today)).validate(&period(), today).is_ok());
        assert_eq!(
            rules(new(DeliverableStatus::Delivered, due, None).validate(&period(), today)),
            vec![("delivered_on".to_owned(), Rule::Required)]
        );
        assert_eq!(
            rules(new(DeliverableStatus::Delivered, due, Some(date(2025, 3, 2))).validate(&period(), today)),
            vec![("delivered_on".to_owned(), Rule::NotInFuture)]
        );
        assert_eq!(
            rules(new(DeliverableStatus::Planned, due, Some(today)).validate(&period(), today)),
            vec![("delivered_on".to_owned(), Rule::Consistent)]
        );
    }

    #[test]
    fn a_patch_back_to_planned_must_clear_the_delivery_date() {
        let now = Utc::now();
        let current = Deliverable {
            id: "d".into(),
            hub_id: "h".into(),
            title: "Toolkit".into(),
            description: String::new(),
            kind: DeliverableKind::Tool,
            due_date: date(2025, 6, 1),
            status: DeliverableStatus::Delivered,
            delivered_on: Some(date(2025, 5, 1)),
            evidence_url: None,
            late: false,
            on_time: true,
            created_at: now,
            updated_at: now,
        };
        let reopened = DeliverablePatch { status: Some(DeliverableStatus::Planned), ..Default::default() };
        assert_eq!(rules(reopened.apply_to(&current).validate(&period(), date(2025, 6, 1))).len(), 1);
        let cleared: DeliverablePatch =
            serde_json::from_str(r#"{"status": "planned", "delivered_on": null}"#).unwrap_or_default();
        assert!(cleared.apply_to(&current).validate(&period(), date(2025, 6, 1)).is_ok());
    }

    #[test]
    fn the_full_patch_of_an_edit_form_clears_what_the_form_left_empty() {
        let edited = NewDeliverable { evidence_url: None, ..new(DeliverableStatus::Planned, date(2025, 6, 1), None) };
        let patch = DeliverablePatch::from(edited.clone());
        let json = serde_json::to_value(&patch).unwrap_or_default();
        assert_eq!(json["delivered_on"], serde_json::Value::Null, "sent as null, so the server clears it");
        assert!(json.as_object().is_some_and(|fields| fields.contains_key("evidence_url")));
        let current = Deliverable {
            id: "d".into(),
            hub_id: "h".into(),
            title: "Old title".into(),
            description: "Old".into(),
            kind: DeliverableKind::Event,
            due_date: date(2025, 3, 1),
            status: DeliverableStatus::Delivered,
            delivered_on: Some(date(2025, 3, 1)),
            evidence_url: Some("https://example.org".into()),
            late: false,
            on_time: true,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        let round_trip: DeliverablePatch = serde_json::from_value(json).unwrap_or_default();
        assert_eq!(round_trip.apply_to(&current), edited);
    }
}
