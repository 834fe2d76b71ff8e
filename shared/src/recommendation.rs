//! Policy recommendations: written by the Secretariat for a policy council, in the three
//! languages, each citing the public evidence it rests on (hubs, deliverables, indicators,
//! approved progress reports) with a note on what it shows. How local evidence reaches UCLG's
//! advocacy.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::call::localized;
use crate::sdg::Localized;
use crate::validation::{Invalid, Rule, ValidationErrors, looks_like_uuid};

wire_enum!(
    /// Where a recommendation stands.
    RecommendationState {
        /// Being written; only the Secretariat and the board see it.
        Draft => "draft",
        /// Public.
        Published => "published",
        /// Taken back; only the Secretariat and the board see it.
        Withdrawn => "withdrawn",
    }
);

wire_enum!(
    /// What a recommendation does next.
    RecommendationAction {
        /// A draft or withdrawn recommendation becomes public.
        Publish => "publish",
        /// A published recommendation is taken back.
        Withdraw => "withdraw",
    }
);

impl RecommendationState {
    /// The state `action` leads to from this one; `None` when it may not be taken here.
    pub fn after(self, action: RecommendationAction) -> Option<RecommendationState> {
        match (self, action) {
            (RecommendationState::Draft | RecommendationState::Withdrawn, RecommendationAction::Publish) => {
                Some(RecommendationState::Published)
            }
            (RecommendationState::Published, RecommendationAction::Withdraw) => Some(RecommendationState::Withdrawn),
            _ => None,
        }
    }
}

wire_enum!(
    /// What a citation points at.
    EvidenceKind {
        /// A hub.
        Hub => "hub",
        /// A deliverable of a hub.
        Deliverable => "deliverable",
        /// An impact indicator of a hub.
        Indicator => "indicator",
        /// An approved progress report.
        Report => "report",
    }
);

/// One piece of evidence a recommendation rests on, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// What it points at.
    pub kind: EvidenceKind,
    /// The id of the hub, deliverable, indicator or report; it must be public.
    pub id: String,
    /// What it shows, on one line: 3 to 300 characters.
    pub note: String,
}

/// Where a recommendation was presented: a Venice City Solutions 2030 edition or another event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Presentation {
    /// The event: 3 to 200 characters (`Venice City Solutions 2030`).
    pub event: String,
    /// The day.
    pub date: NaiveDate,
}

/// A policy recommendation as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyRecommendation {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The policy council it is written for.
    pub policy_council_id: String,
    /// Its title in the three languages.
    pub title: Localized,
    /// Its text in the three languages.
    pub text: Localized,
    /// The evidence it cites, in order.
    pub citations: Vec<Citation>,
    /// Where it was presented.
    pub presented_at: Option<Presentation>,
    /// Where it stands.
    pub state: RecommendationState,
    /// When it was last published (UTC).
    pub published_at: Option<DateTime<Utc>>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/recommendations`: a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRecommendation {
    /// A policy council's id (`GET /api/v1/policy-councils`).
    pub policy_council_id: String,
    /// 3 to 200 characters in each language; English required.
    pub title: Localized,
    /// Up to 20,000 characters in each language; English required.
    pub text: Localized,
    /// At least one, at most 100 pieces of public evidence.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub citations: Vec<Citation>,
    /// Where it was presented, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presented_at: Option<Presentation>,
}

/// The body of `PATCH /api/v1/recommendations/{id}`: a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecommendationPatch {
    /// Another council.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_council_id: Option<String>,
    /// A new title, in every language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Localized>,
    /// A new text, in every language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Localized>,
    /// The citations, replacing those before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub citations: Option<Vec<Citation>>,
    /// Where it was presented; `null` removes it.
    #[serde(default, deserialize_with = "crate::hub::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Presentation>))]
    pub presented_at: Option<Option<Presentation>>,
}

/// The most citations one recommendation holds.
pub const MAX_CITATIONS: usize = 100;

impl NewRecommendation {
    /// Checks every rule that needs nothing stored; the store checks that the council exists
    /// and that every citation points at public evidence.
    pub fn validate(&self) -> Result<NewRecommendation, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if self.policy_council_id.trim().is_empty() {
            errors.push("policy_council_id", Invalid::new(Rule::Required, "name the policy council"));
        }
        let title = localized(&self.title, "title", 3, 200, false, &mut errors);
        let text = localized(&self.text, "text", 1, 20_000, true, &mut errors);
        if self.citations.is_empty() {
            errors.push("citations", Invalid::new(Rule::Required, "cite at least one piece of evidence"));
        }
        errors.check_list_length("citations", self.citations.len(), MAX_CITATIONS);
        let mut citations: Vec<Citation> = Vec::new();
        for (index, citation) in self.citations.iter().enumerate().take(MAX_CITATIONS) {
            if !looks_like_uuid(&citation.id) {
                errors.push(format!("citations[{index}].id"), Invalid::new(Rule::Format, "not an id"));
            }
            let note = citation.note.trim();
            let length = note.chars().count();
            if !(3..=300).contains(&length) || note.contains(['\n', '\r']) {
                let message = format!("one line of 3 to 300 characters (got {length})");
                errors.push(format!("citations[{index}].note"), Invalid::new(Rule::Length, message));
            }
            if citations.iter().any(|seen| seen.kind == citation.kind && seen.id == citation.id) {
                let message = format!("this {} is cited twice", citation.kind);
                errors.push(format!("citations[{index}].id"), Invalid::new(Rule::Duplicate, message));
            }
            citations.push(Citation { kind: citation.kind, id: citation.id.clone(), note: note.to_owned() });
        }
        let presented_at = self.presented_at.as_ref().map(|presented| {
            let event = presented.event.trim();
            if !(3..=200).contains(&event.chars().count()) || event.contains(['\n', '\r']) {
                errors.push("presented_at.event", Invalid::new(Rule::Length, "one line of 3 to 200 characters"));
            }
            Presentation { event: event.to_owned(), date: presented.date }
        });
        errors.finish(|| {
            Some(NewRecommendation {
                policy_council_id: self.policy_council_id.trim().to_owned(),
                title,
                text,
                citations,
                presented_at,
            })
        })
    }
}

impl RecommendationPatch {
    /// The whole recommendation as it would be after this patch.
    pub fn apply_to(self, current: &PolicyRecommendation) -> NewRecommendation {
        NewRecommendation {
            policy_council_id: self.policy_council_id.unwrap_or_else(|| current.policy_council_id.clone()),
            title: self.title.unwrap_or_else(|| current.title.clone()),
            text: self.text.unwrap_or_else(|| current.text.clone()),
            citations: self.citations.unwrap_or_else(|| current.citations.clone()),
            presented_at: self.presented_at.unwrap_or_else(|| current.presented_at.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn localized_text(en: &str) -> Localized {
        Localized { en: en.into(), fr: String::new(), es: String::new() }
    }

    fn new() -> NewRecommendation {
        NewRecommendation {
            policy_council_id: "resilient_cities".into(),
            title: localized_text("Fund neighbourhood flood maps"),
            text: localized_text("Cities that mapped flood risk with residents acted faster."),
            citations: vec![Citation {
                kind: EvidenceKind::Hub,
                id: "01900000-0000-7000-8000-000000000001".into(),
                note: " Dakar mapped three districts with residents. ".into(),
            }],
            presented_at: None,
        }
    }

    #[test]
    fn a_recommendation_cites_evidence_each_with_a_note() {
        let valid = new().validate().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(valid.citations[0].note, "Dakar mapped three districts with residents.");
        let mut bad = new();
        bad.citations.push(bad.citations[0].clone());
        bad.citations.push(Citation { kind: EvidenceKind::Report, id: "nope".into(), note: "ok".into() });
        let errors = bad.validate().err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["citations[1].id", "citations[2].id", "citations[2].note"]);
        let none = NewRecommendation { citations: Vec::new(), ..new() };
        assert!(none.validate().is_err(), "evidence is required");
    }

    #[test]
    fn only_a_draft_or_withdrawn_recommendation_is_published() {
        use RecommendationAction::*;
        use RecommendationState::*;
        assert_eq!(Draft.after(Publish), Some(Published));
        assert_eq!(Withdrawn.after(Publish), Some(Published));
        assert_eq!(Published.after(Withdraw), Some(Withdrawn));
        assert_eq!(Published.after(Publish), None);
        assert_eq!(Draft.after(Withdraw), None);
    }
}
