//! What the interface calls things, in its three languages: the label of every `shared` enum it
//! shows, a country's name, and how the interface's locales map onto `shared`'s languages.
//!
//! Every enum has one way to be shown: `label(value)`, a closure that follows a change of
//! language. Its words live in `locales/*.json`.

use l4a_shared::account::Role;
use l4a_shared::account::Scope;
use l4a_shared::activity::ActivityKind;
use l4a_shared::call::CallState;
use l4a_shared::connection::ConnectionKind;
use l4a_shared::country;
use l4a_shared::deliverable::DeliverableKind;
use l4a_shared::deliverable::DeliverableStatus;
use l4a_shared::eligibility::LabelRule;
use l4a_shared::figures::ReportingStatus;
use l4a_shared::hub::HubStatus;
use l4a_shared::hub::Modality;
use l4a_shared::indicator::Dimension;
use l4a_shared::indicator::Direction;
use l4a_shared::organisation::OrganisationKind;
use l4a_shared::organisation::WorldRegion;
use l4a_shared::proposal::ProposalState;
use l4a_shared::proposal::Recommendation;
use l4a_shared::recommendation::{EvidenceKind, RecommendationState};
use l4a_shared::report::ReportState;
use l4a_shared::sdg::Lang;
use l4a_shared::stakeholder::StakeholderKind;
use l4a_shared::stakeholder::StakeholderRole;
use l4a_shared::validation::Rule;
use l4a_shared::webhook::{DeliveryState, WebhookState};
use leptos_i18n::I18nContext;

use crate::i18n::{Locale, t_string, use_i18n};

/// The interface's translations, as the labels read them.
pub type I18n = I18nContext<Locale>;

/// A `shared` enum with a name in each interface language.
pub trait Label: Copy + Send + Sync + 'static {
    /// Its name in the language `i18n` is set to now.
    fn text(self, i18n: I18n) -> String;
}

/// The name of `value` in the interface language; the closure follows a change of language.
pub fn label<T: Label>(value: T) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || value.text(i18n)
}

/// The `shared` language matching an interface locale, for data that carries its own translations.
pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::en => Lang::En,
        Locale::fr => Lang::Fr,
        Locale::es => Lang::Es,
    }
}

/// The interface locale of a `shared` language (an account's preference).
pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::En => Locale::en,
        Lang::Fr => Locale::fr,
        Lang::Es => Locale::es,
    }
}

/// A country's name in the interface language (its code when unknown).
pub fn country_name(code: String) -> impl Fn() -> String + 'static {
    let i18n = use_i18n();
    move || country::find(&code).map_or_else(|| code.clone(), |c| c.name(lang_of(i18n.get_locale())).to_owned())
}

impl Label for HubStatus {
    fn text(self, i18n: I18n) -> String {
        match self {
            HubStatus::Active => t_string!(i18n, status.active),
            HubStatus::Completed => t_string!(i18n, status.completed),
            HubStatus::Suspended => t_string!(i18n, status.suspended),
            HubStatus::Archived => t_string!(i18n, status.archived),
        }
        .to_string()
    }
}

impl Label for Modality {
    fn text(self, i18n: I18n) -> String {
        match self {
            Modality::Physical => t_string!(i18n, modality.in_person),
            Modality::Virtual => t_string!(i18n, modality.online),
            Modality::Hybrid => t_string!(i18n, modality.hybrid),
        }
        .to_string()
    }
}

impl Label for WorldRegion {
    fn text(self, i18n: I18n) -> String {
        match self {
            WorldRegion::Africa => t_string!(i18n, region.africa),
            WorldRegion::AsiaPacific => t_string!(i18n, region.asia_pacific),
            WorldRegion::Eurasia => t_string!(i18n, region.eurasia),
            WorldRegion::Europe => t_string!(i18n, region.europe),
            WorldRegion::LatinAmerica => t_string!(i18n, region.latin_america),
            WorldRegion::MiddleEastWestAsia => t_string!(i18n, region.middle_east_west_asia),
            WorldRegion::NorthAmerica => t_string!(i18n, region.north_america),
            WorldRegion::Metropolis => t_string!(i18n, region.metropolis),
        }
        .to_string()
    }
}

impl Label for OrganisationKind {
    fn text(self, i18n: I18n) -> String {
        match self {
            OrganisationKind::LocalGovernment => t_string!(i18n, kind.local_government),
            OrganisationKind::RegionalGovernment => t_string!(i18n, kind.regional_government),
            OrganisationKind::LrgAssociation => t_string!(i18n, kind.lrg_association),
            OrganisationKind::CivilSociety => t_string!(i18n, kind.civil_society),
            OrganisationKind::Academia => t_string!(i18n, kind.academia),
            OrganisationKind::PrivateSector => t_string!(i18n, kind.private_sector),
            OrganisationKind::NationalGovernment => t_string!(i18n, kind.national_government),
            OrganisationKind::InternationalOrganisation => t_string!(i18n, kind.international_organisation),
        }
        .to_string()
    }
}

impl Label for ReportingStatus {
    fn text(self, i18n: I18n) -> String {
        match self {
            ReportingStatus::Green => t_string!(i18n, reporting_status.green),
            ReportingStatus::Yellow => t_string!(i18n, reporting_status.yellow),
            ReportingStatus::Red => t_string!(i18n, reporting_status.red),
        }
        .to_string()
    }
}

impl Label for Dimension {
    fn text(self, i18n: I18n) -> String {
        match self {
            Dimension::Acceleration => t_string!(i18n, dimension.acceleration),
            Dimension::Synchronization => t_string!(i18n, dimension.synchronization),
            Dimension::LocalGlobal => t_string!(i18n, dimension.local_global),
        }
        .to_string()
    }
}

impl Label for Direction {
    fn text(self, i18n: I18n) -> String {
        match self {
            Direction::Increase => t_string!(i18n, direction.increase),
            Direction::Decrease => t_string!(i18n, direction.decrease),
        }
        .to_string()
    }
}

impl Label for ConnectionKind {
    fn text(self, i18n: I18n) -> String {
        match self {
            ConnectionKind::BuildsOn => t_string!(i18n, connection_kind.builds_on),
            ConnectionKind::PeerLearning => t_string!(i18n, connection_kind.peer_learning),
            ConnectionKind::JointActivity => t_string!(i18n, connection_kind.joint_activity),
        }
        .to_string()
    }
}

impl Label for ActivityKind {
    fn text(self, i18n: I18n) -> String {
        match self {
            ActivityKind::Event => t_string!(i18n, activity_kind.event),
            ActivityKind::Publication => t_string!(i18n, activity_kind.publication),
        }
        .to_string()
    }
}

impl Label for StakeholderKind {
    fn text(self, i18n: I18n) -> String {
        match self {
            StakeholderKind::CitizensGroup => t_string!(i18n, stakeholder_kind.citizens_group),
            StakeholderKind::CivilSociety => t_string!(i18n, stakeholder_kind.civil_society),
            StakeholderKind::Academia => t_string!(i18n, stakeholder_kind.academia),
            StakeholderKind::PrivateSector => t_string!(i18n, stakeholder_kind.private_sector),
            StakeholderKind::LocalRegionalGovernment => t_string!(i18n, stakeholder_kind.local_regional_government),
            StakeholderKind::NationalGovernment => t_string!(i18n, stakeholder_kind.national_government),
            StakeholderKind::InternationalOrganisation => t_string!(i18n, stakeholder_kind.international_organisation),
            StakeholderKind::UclgBody => t_string!(i18n, stakeholder_kind.uclg_body),
        }
        .to_string()
    }
}

impl Label for StakeholderRole {
    fn text(self, i18n: I18n) -> String {
        match self {
            StakeholderRole::Partner => t_string!(i18n, stakeholder_role.partner),
            StakeholderRole::Participant => t_string!(i18n, stakeholder_role.participant),
            StakeholderRole::Funder => t_string!(i18n, stakeholder_role.funder),
            StakeholderRole::Expert => t_string!(i18n, stakeholder_role.expert),
        }
        .to_string()
    }
}

impl Label for Rule {
    fn text(self, i18n: I18n) -> String {
        match self {
            Rule::Required => t_string!(i18n, rule.required),
            Rule::Length => t_string!(i18n, rule.length),
            Rule::Format => t_string!(i18n, rule.format),
            Rule::Type => t_string!(i18n, rule.wrong_type),
            Rule::OneOf => t_string!(i18n, rule.one_of),
            Rule::Range => t_string!(i18n, rule.range),
            Rule::Duplicate => t_string!(i18n, rule.duplicate),
            Rule::CountryCode => t_string!(i18n, rule.country_code),
            Rule::SdgGoal => t_string!(i18n, rule.sdg_goal),
            Rule::DateOrder => t_string!(i18n, rule.date_order),
            Rule::HubPeriod => t_string!(i18n, rule.hub_period),
            Rule::UnknownField => t_string!(i18n, rule.unknown_field),
            Rule::Unique => t_string!(i18n, rule.unique),
            Rule::Exists => t_string!(i18n, rule.exists),
            Rule::LedLocally => t_string!(i18n, rule.led_locally),
            Rule::WithinHubPeriod => t_string!(i18n, rule.within_hub_period),
            Rule::NotInFuture => t_string!(i18n, rule.not_in_future),
            Rule::Consistent => t_string!(i18n, rule.consistent),
            Rule::Label => t_string!(i18n, rule.label),
        }
        .to_string()
    }
}

impl Label for DeliverableKind {
    fn text(self, i18n: I18n) -> String {
        match self {
            DeliverableKind::Publication => t_string!(i18n, deliverable_kind.publication),
            DeliverableKind::Event => t_string!(i18n, deliverable_kind.event),
            DeliverableKind::Tool => t_string!(i18n, deliverable_kind.tool),
            DeliverableKind::Policy => t_string!(i18n, deliverable_kind.policy),
            DeliverableKind::Training => t_string!(i18n, deliverable_kind.training),
            DeliverableKind::Other => t_string!(i18n, deliverable_kind.other),
        }
        .to_string()
    }
}

impl Label for DeliverableStatus {
    fn text(self, i18n: I18n) -> String {
        match self {
            DeliverableStatus::Planned => t_string!(i18n, deliverable_status.planned),
            DeliverableStatus::InProgress => t_string!(i18n, deliverable_status.in_progress),
            DeliverableStatus::Delivered => t_string!(i18n, deliverable_status.delivered),
            DeliverableStatus::Cancelled => t_string!(i18n, deliverable_status.cancelled),
        }
        .to_string()
    }
}

impl Label for CallState {
    fn text(self, i18n: I18n) -> String {
        match self {
            CallState::Upcoming => t_string!(i18n, calls.upcoming),
            CallState::Open => t_string!(i18n, calls.open),
            CallState::Closed => t_string!(i18n, calls.closed),
        }
        .to_string()
    }
}

impl Label for ReportState {
    fn text(self, i18n: I18n) -> String {
        match self {
            ReportState::Draft => t_string!(i18n, report_state.draft),
            ReportState::Submitted => t_string!(i18n, report_state.submitted),
            ReportState::Approved => t_string!(i18n, report_state.approved),
            ReportState::Returned => t_string!(i18n, report_state.returned),
        }
        .to_string()
    }
}

impl Label for RecommendationState {
    fn text(self, i18n: I18n) -> String {
        match self {
            RecommendationState::Draft => t_string!(i18n, recommendation_state.draft),
            RecommendationState::Published => t_string!(i18n, recommendation_state.published),
            RecommendationState::Withdrawn => t_string!(i18n, recommendation_state.withdrawn),
        }
        .to_string()
    }
}

impl Label for EvidenceKind {
    fn text(self, i18n: I18n) -> String {
        match self {
            EvidenceKind::Hub => t_string!(i18n, evidence_kind.hub),
            EvidenceKind::Deliverable => t_string!(i18n, evidence_kind.deliverable),
            EvidenceKind::Indicator => t_string!(i18n, evidence_kind.indicator),
            EvidenceKind::Report => t_string!(i18n, evidence_kind.report),
        }
        .to_string()
    }
}

impl Label for ProposalState {
    fn text(self, i18n: I18n) -> String {
        match self {
            ProposalState::Draft => t_string!(i18n, proposal_state.draft),
            ProposalState::Submitted => t_string!(i18n, proposal_state.submitted),
            ProposalState::UnderReview => t_string!(i18n, proposal_state.under_review),
            ProposalState::Accepted => t_string!(i18n, proposal_state.accepted),
            ProposalState::Rejected => t_string!(i18n, proposal_state.rejected),
            ProposalState::Withdrawn => t_string!(i18n, proposal_state.withdrawn),
        }
        .to_string()
    }
}

impl Label for LabelRule {
    fn text(self, i18n: I18n) -> String {
        match self {
            LabelRule::LedLocally => t_string!(i18n, label_rule.led_locally),
            LabelRule::Timeline => t_string!(i18n, label_rule.timeline),
            LabelRule::ParticipatoryCriteria => t_string!(i18n, label_rule.participatory_criteria),
            LabelRule::UclgBrand => t_string!(i18n, label_rule.uclg_brand),
            LabelRule::Thematic => t_string!(i18n, label_rule.thematic),
            LabelRule::Communication => t_string!(i18n, label_rule.communication),
        }
        .to_string()
    }
}

impl Label for Recommendation {
    fn text(self, i18n: I18n) -> String {
        match self {
            Recommendation::Grant => t_string!(i18n, recommendation.grant),
            Recommendation::Revise => t_string!(i18n, recommendation.revise),
            Recommendation::Refuse => t_string!(i18n, recommendation.refuse),
        }
        .to_string()
    }
}

impl Label for Role {
    fn text(self, i18n: I18n) -> String {
        match self {
            Role::Admin => t_string!(i18n, role.admin),
            Role::Reviewer => t_string!(i18n, role.reviewer),
            Role::Manager => t_string!(i18n, role.manager),
        }
        .to_string()
    }
}

impl Label for Scope {
    fn text(self, i18n: I18n) -> String {
        match self {
            Scope::Read => t_string!(i18n, scope.read),
            Scope::ReadMetrics => t_string!(i18n, scope.read_metrics),
            Scope::Write => t_string!(i18n, scope.write),
        }
        .to_string()
    }
}

impl Label for WebhookState {
    fn text(self, i18n: I18n) -> String {
        match self {
            WebhookState::Active => t_string!(i18n, webhook_state.active),
            WebhookState::Disabled => t_string!(i18n, webhook_state.disabled),
        }
        .to_string()
    }
}

impl Label for DeliveryState {
    fn text(self, i18n: I18n) -> String {
        match self {
            DeliveryState::Pending => t_string!(i18n, delivery_state.pending),
            DeliveryState::Succeeded => t_string!(i18n, delivery_state.succeeded),
            DeliveryState::Failed => t_string!(i18n, delivery_state.failed),
        }
        .to_string()
    }
}
