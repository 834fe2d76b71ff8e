//! The label's six rules, checked against what is on record: the same checks answer the hub
//! eligibility endpoint, will gate a proposal's submission, and drive the SPA's live checklist.

use serde::{Deserialize, Serialize};

use crate::hub::Modality;
use crate::organisation::OrganisationKind;

wire_enum!(
    /// The six rules of the Local4Action label.
    LabelRule {
        /// Led by a local or regional government or an association of them.
        LedLocally => "led_locally",
        /// Deliverables announced in advance, delivered within 1 to 3 years.
        Timeline => "timeline",
        /// Success criteria agreed with stakeholders in a participatory process.
        ParticipatoryCriteria => "participatory_criteria",
        /// Consistent with UCLG's brand, physical, virtual or hybrid.
        UclgBrand => "uclg_brand",
        /// Serves the 2030 Agenda or the priorities of UCLG's manifestos.
        Thematic => "thematic",
        /// Has a communication strategy.
        Communication => "communication",
    }
);

wire_enum!(
    /// What the record says about a rule.
    RuleStatus {
        /// The record shows the rule is met.
        Pass => "pass",
        /// The record shows the rule is not met.
        Fail => "fail",
        /// The record does not say yet.
        Unknown => "unknown",
    }
);

/// One rule's verdict, with the reasons a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleCheck {
    /// The rule.
    pub rule: LabelRule,
    /// Its verdict.
    pub status: RuleStatus,
    /// Why, in English; empty when it passes without comment.
    pub reasons: Vec<String>,
}

/// What the rules are checked against, gathered from a hub or a proposal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelRecord {
    /// The lead organisation's kind, if a lead is named.
    pub lead_kind: Option<OrganisationKind>,
    /// Whether the period is 1 to 3 years (`None` when no period is given yet).
    pub period_ok: Option<bool>,
    /// How many deliverables are announced.
    pub deliverables: usize,
    /// Titles of deliverables due outside the period.
    pub deliverables_outside: Vec<String>,
    /// Each indicator's name and whether its agreement (stakeholders and date) is recorded.
    pub indicators: Vec<(String, bool)>,
    /// How many SDG goals it serves.
    pub sdgs: usize,
    /// How many UCLG manifestos it follows.
    pub manifestos: usize,
    /// Its modality, if given.
    pub modality: Option<Modality>,
    /// Whether it committed to UCLG's brand (`None`: not recorded).
    pub brand_commitment: Option<bool>,
    /// Its communication strategy (`None`: not recorded).
    pub communication_strategy: Option<String>,
}

fn check(rule: LabelRule, status: RuleStatus, reasons: Vec<String>) -> RuleCheck {
    RuleCheck { rule, status, reasons }
}

impl LabelRecord {
    /// Every rule's verdict, in the label's order.
    pub fn check(&self) -> Vec<RuleCheck> {
        vec![
            self.led_locally(),
            self.timeline(),
            self.participatory_criteria(),
            self.uclg_brand(),
            self.thematic(),
            self.communication(),
        ]
    }

    /// Whether every rule passes.
    pub fn eligible(&self) -> bool {
        self.check().iter().all(|c| c.status == RuleStatus::Pass)
    }

    fn led_locally(&self) -> RuleCheck {
        match self.lead_kind {
            None => check(LabelRule::LedLocally, RuleStatus::Unknown, vec!["no lead organisation is named".into()]),
            Some(kind) => match kind.check_can_lead() {
                Ok(()) => check(LabelRule::LedLocally, RuleStatus::Pass, vec![]),
                Err(invalid) => check(LabelRule::LedLocally, RuleStatus::Fail, vec![invalid.message]),
            },
        }
    }

    fn timeline(&self) -> RuleCheck {
        let mut reasons = Vec::new();
        match self.period_ok {
            None => reasons.push("no start and end dates yet".to_owned()),
            Some(false) => reasons.push("the period is not between 1 and 3 years".to_owned()),
            Some(true) => {}
        }
        if self.deliverables == 0 {
            reasons.push("no deliverable is announced".to_owned());
        }
        for title in &self.deliverables_outside {
            reasons.push(format!("\"{title}\" is due outside the period"));
        }
        let status = match (self.period_ok, reasons.is_empty()) {
            (_, true) => RuleStatus::Pass,
            (None, false) if self.deliverables > 0 => RuleStatus::Unknown,
            _ => RuleStatus::Fail,
        };
        check(LabelRule::Timeline, status, reasons)
    }

    fn participatory_criteria(&self) -> RuleCheck {
        if self.indicators.is_empty() {
            return check(
                LabelRule::ParticipatoryCriteria,
                RuleStatus::Fail,
                vec!["no impact indicator is defined".into()],
            );
        }
        let unagreed: Vec<String> = self
            .indicators
            .iter()
            .filter(|(_, agreed)| !agreed)
            .map(|(name, _)| format!("\"{name}\" does not record which stakeholders agreed it, and when"))
            .collect();
        let status = if unagreed.is_empty() { RuleStatus::Pass } else { RuleStatus::Fail };
        check(LabelRule::ParticipatoryCriteria, status, unagreed)
    }

    fn uclg_brand(&self) -> RuleCheck {
        match (self.modality, self.brand_commitment) {
            (None, _) => check(
                LabelRule::UclgBrand,
                RuleStatus::Unknown,
                vec!["no modality yet (physical, virtual or hybrid)".into()],
            ),
            (Some(_), Some(true)) => check(LabelRule::UclgBrand, RuleStatus::Pass, vec![]),
            (Some(_), Some(false)) => {
                check(LabelRule::UclgBrand, RuleStatus::Fail, vec!["no commitment to UCLG's brand and values".into()])
            }
            (Some(_), None) => check(
                LabelRule::UclgBrand,
                RuleStatus::Unknown,
                vec!["the commitment to UCLG's brand is recorded with the proposal".into()],
            ),
        }
    }

    fn thematic(&self) -> RuleCheck {
        if self.sdgs + self.manifestos > 0 {
            check(LabelRule::Thematic, RuleStatus::Pass, vec![])
        } else {
            check(LabelRule::Thematic, RuleStatus::Fail, vec!["no SDG goal nor UCLG manifesto is named".into()])
        }
    }

    fn communication(&self) -> RuleCheck {
        match self.communication_strategy.as_deref().map(str::trim) {
            Some(strategy) if !strategy.is_empty() => check(LabelRule::Communication, RuleStatus::Pass, vec![]),
            Some(_) => {
                check(LabelRule::Communication, RuleStatus::Fail, vec!["the communication strategy is empty".into()])
            }
            None => check(
                LabelRule::Communication,
                RuleStatus::Unknown,
                vec!["the communication strategy is recorded with the proposal".into()],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> LabelRecord {
        LabelRecord {
            lead_kind: Some(OrganisationKind::LocalGovernment),
            period_ok: Some(true),
            deliverables: 2,
            deliverables_outside: vec![],
            indicators: vec![("Residents trained".into(), true)],
            sdgs: 2,
            manifestos: 0,
            modality: Some(Modality::Hybrid),
            brand_commitment: Some(true),
            communication_strategy: Some("Newsletter and social media".into()),
        }
    }

    fn status(record: &LabelRecord, rule: LabelRule) -> RuleStatus {
        record.check().into_iter().find(|c| c.rule == rule).map(|c| c.status).unwrap_or(RuleStatus::Unknown)
    }

    #[test]
    fn a_complete_record_passes_all_six_rules_in_order() {
        let checks = complete().check();
        let rules: Vec<LabelRule> = checks.iter().map(|c| c.rule).collect();
        assert_eq!(rules, LabelRule::ALL);
        assert!(complete().eligible());
    }

    #[test]
    fn each_rule_fails_for_its_own_reason() {
        let cases = [
            (LabelRecord { lead_kind: Some(OrganisationKind::Academia), ..complete() }, LabelRule::LedLocally),
            (LabelRecord { deliverables: 0, ..complete() }, LabelRule::Timeline),
            (LabelRecord { period_ok: Some(false), ..complete() }, LabelRule::Timeline),
            (LabelRecord { deliverables_outside: vec!["Late report".into()], ..complete() }, LabelRule::Timeline),
            (LabelRecord { indicators: vec![], ..complete() }, LabelRule::ParticipatoryCriteria),
            (
                LabelRecord { indicators: vec![("Unagreed".into(), false)], ..complete() },
                LabelRule::ParticipatoryCriteria,
            ),
            (LabelRecord { brand_commitment: Some(false), ..complete() }, LabelRule::UclgBrand),
            (LabelRecord { sdgs: 0, manifestos: 0, ..complete() }, LabelRule::Thematic),
            (LabelRecord { communication_strategy: Some("  ".into()), ..complete() }, LabelRule::Communication),
        ];
        for (record, rule) in cases {
            assert_eq!(status(&record, rule), RuleStatus::Fail, "{rule:?}");
            assert!(!record.eligible());
            let reasons = record.check().into_iter().find(|c| c.rule == rule).map(|c| c.reasons).unwrap_or_default();
            assert!(!reasons.is_empty(), "{rule:?} says why");
        }
    }

    #[test]
    fn what_is_not_recorded_is_unknown_rather_than_failed() {
        let record =
            LabelRecord { lead_kind: None, brand_commitment: None, communication_strategy: None, ..complete() };
        assert_eq!(status(&record, LabelRule::LedLocally), RuleStatus::Unknown);
        assert_eq!(status(&record, LabelRule::UclgBrand), RuleStatus::Unknown);
        assert_eq!(status(&record, LabelRule::Communication), RuleStatus::Unknown);
        assert!(!record.eligible(), "unknown is not a pass");
    }

    #[test]
    fn a_manifesto_alone_meets_the_thematic_rule() {
        assert_eq!(
            status(&LabelRecord { sdgs: 0, manifestos: 1, ..complete() }, LabelRule::Thematic),
            RuleStatus::Pass
        );
    }
}
