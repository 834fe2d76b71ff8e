//! Listing queries: how a client asks for one filtered, sorted page, parsed from and written
//! to a URL query string by the same code on both sides.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::call::CallState;
use crate::deliverable::DeliverableStatus;
use crate::hub::HubStatus;
use crate::indicator::{Breakdown, parse_breakdown};
use crate::organisation::{OrganisationKind, WorldRegion};
use crate::page::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
use crate::proposal::{EventKind, ProposalState};
use crate::stakeholder::{StakeholderKind, StakeholderRole};
use crate::validation::{CountryCode, Invalid, Rule, ValidationErrors, no_control_characters};
use crate::webhook::DeliveryState;

/// Declares the orders a listing can be sorted in: each a wire form such as `name` or `-name`
/// (a leading `-` means descending), with `ALL`, `as_str` and `parse`.
macro_rules! sort_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:tt),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every order, as listed in the API documentation.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the wire form.
            pub fn parse(value: &str) -> Result<Self, Invalid> {
                Self::ALL.iter().copied().find(|sort| sort.as_str() == value).ok_or_else(|| {
                    let all: Vec<&str> = Self::ALL.iter().map(|s| s.as_str()).collect();
                    Invalid::new(Rule::OneOf, format!("{value:?} is not one of: {}", all.join(", ")))
                })
            }
        }
    };
}

sort_enum!(
    /// The orders a hub listing can be sorted in.
    HubSort {
        /// By name, A to Z (the default).
        #[default]
        Name => "name",
        /// By name, Z to A.
        NameDesc => "-name",
        /// Oldest start first.
        StartDate => "start_date",
        /// Newest start first.
        StartDateDesc => "-start_date",
        /// Earliest end first.
        EndDate => "end_date",
        /// Latest end first.
        EndDateDesc => "-end_date",
        /// Least recently changed first.
        UpdatedAt => "updated_at",
        /// Most recently changed first.
        UpdatedAtDesc => "-updated_at",
        /// Oldest record first.
        CreatedAt => "created_at",
        /// Newest record first.
        CreatedAtDesc => "-created_at",
    }
);

sort_enum!(
    /// The orders an organisation listing can be sorted in.
    OrganisationSort {
        /// By name, A to Z (the default).
        #[default]
        Name => "name",
        /// By name, Z to A.
        NameDesc => "-name",
        /// Least recently changed first.
        UpdatedAt => "updated_at",
        /// Most recently changed first.
        UpdatedAtDesc => "-updated_at",
        /// Oldest record first.
        CreatedAt => "created_at",
        /// Newest record first.
        CreatedAtDesc => "-created_at",
    }
);

sort_enum!(
    /// The orders a deliverable listing can be sorted in.
    DeliverableSort {
        /// Soonest due first (the default).
        #[default]
        DueDate => "due_date",
        /// Latest due first.
        DueDateDesc => "-due_date",
        /// By title, A to Z.
        Title => "title",
        /// By title, Z to A.
        TitleDesc => "-title",
        /// Least recently changed first.
        UpdatedAt => "updated_at",
        /// Most recently changed first.
        UpdatedAtDesc => "-updated_at",
    }
);

sort_enum!(
    /// The orders a stakeholder listing can be sorted in.
    StakeholderSort {
        /// By name, A to Z (the default).
        #[default]
        Name => "name",
        /// By name, Z to A.
        NameDesc => "-name",
        /// Oldest record first.
        CreatedAt => "created_at",
        /// Newest record first.
        CreatedAtDesc => "-created_at",
    }
);

/// The longest search text accepted, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;

/// A query of `GET /api/v1/hubs`: filters, order and page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct HubQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Items per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only hubs with this status; without it, every hub but the archived ones.
    pub status: Option<HubStatus>,
    /// Only hubs whose lead organisation is in this UCLG world region.
    pub region: Option<WorldRegion>,
    /// Only hubs in this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only hubs serving this SDG goal (1 to 17).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 17))]
    pub sdg: Option<u8>,
    /// Text searched in name and summary, ignoring case and accents.
    pub q: Option<String>,
    /// Only hubs following this UCLG manifesto (its key).
    pub manifesto: Option<String>,
    /// Only hubs feeding this UCLG policy council (its id).
    pub policy_council: Option<String>,
    /// Only hubs this organisation leads or partners in (its id).
    pub organisation: Option<String>,
    /// The order.
    #[cfg_attr(feature = "openapi", param(inline, required = false))]
    pub sort: HubSort,
}

impl Default for HubQuery {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            status: None,
            region: None,
            country: None,
            sdg: None,
            q: None,
            manifesto: None,
            policy_council: None,
            organisation: None,
            sort: HubSort::Name,
        }
    }
}

/// A search text: trimmed, at most `MAX_SEARCH_CHARS`, no control characters; empty means no search.
fn parse_search(value: &str) -> Result<Option<String>, Invalid> {
    let text = value.trim();
    if text.is_empty() {
        return Ok(None);
    }
    no_control_characters(text, false)?;
    if text.chars().count() > MAX_SEARCH_CHARS {
        return Err(Invalid::new(Rule::Length, format!("the search text is at most {MAX_SEARCH_CHARS} characters")));
    }
    Ok(Some(text.to_owned()))
}

fn parse_number(value: &str, min: u32, max: u32) -> Result<u32, Invalid> {
    let number: u32 =
        value.parse().map_err(|_| Invalid::new(Rule::Type, format!("{value:?} is not a whole number")))?;
    if number < min || number > max {
        return Err(Invalid::new(Rule::Range, format!("must be between {min} and {max} (got {number})")));
    }
    Ok(number)
}

impl HubQuery {
    /// Parses decoded query parameters; unknown parameters are ignored, a repeated one keeps its last value.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                "status" if value.is_empty() => query.status = None,
                "status" => query.status = errors.check(key, value.parse()),
                "region" if value.is_empty() => query.region = None,
                "region" => query.region = errors.check(key, value.parse()),
                "country" if value.is_empty() => query.country = None,
                "country" => {
                    query.country = errors.check(key, CountryCode::parse(value)).map(|c| c.as_str().to_owned())
                }
                "sdg" if value.is_empty() => query.sdg = None,
                "sdg" => {
                    query.sdg = errors.check(key, parse_number(value, 1, 17)).and_then(|n| u8::try_from(n).ok());
                }
                "q" => query.q = errors.check(key, parse_search(value)).flatten(),
                "manifesto" if value.is_empty() => query.manifesto = None,
                "manifesto" => query.manifesto = errors.check(key, parse_key(value)),
                "policy_council" if value.is_empty() => query.policy_council = None,
                "policy_council" => query.policy_council = errors.check(key, parse_key(value)),
                "organisation" if value.is_empty() => query.organisation = None,
                "organisation" => query.organisation = errors.check(key, parse_id(value)),
                "sort" => query.sort = errors.check(key, HubSort::parse(value)).unwrap_or_default(),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }

    /// The query string (without `?`) that [`HubQuery::parse`] reads back; defaults are left out.
    pub fn to_query_string(&self) -> String {
        let defaults = Self::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.page != defaults.page {
            pairs.push(("page", self.page.to_string()));
        }
        if self.per_page != defaults.per_page {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(region) = self.region {
            pairs.push(("region", region.as_str().to_owned()));
        }
        if let Some(country) = &self.country {
            pairs.push(("country", country.clone()));
        }
        if let Some(sdg) = self.sdg {
            pairs.push(("sdg", sdg.to_string()));
        }
        if let Some(q) = &self.q {
            pairs.push(("q", q.clone()));
        }
        if let Some(manifesto) = &self.manifesto {
            pairs.push(("manifesto", manifesto.clone()));
        }
        if let Some(council) = &self.policy_council {
            pairs.push(("policy_council", council.clone()));
        }
        if let Some(organisation) = &self.organisation {
            pairs.push(("organisation", organisation.clone()));
        }
        if self.sort != defaults.sort {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        encode_pairs(&pairs)
    }
}

/// A reference key in a filter: 1 to 64 lower-case letters, digits and `_`.
fn parse_key(value: &str) -> Result<String, Invalid> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok { Ok(value.to_owned()) } else { Err(Invalid::new(Rule::Format, format!("{value:?} is not a key"))) }
}

fn encode_pairs(pairs: &[(&str, String)]) -> String {
    let encoded: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
    encoded.join("&")
}

/// A query of `GET /api/v1/organisations`: filters, order and page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrganisationQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Items per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only organisations of this kind.
    pub kind: Option<OrganisationKind>,
    /// Only organisations in this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only organisations of this UCLG world region.
    pub region: Option<WorldRegion>,
    /// Only organisations that may lead a hub (`true`) or only partners (`false`).
    pub can_lead: Option<bool>,
    /// Text searched in the name, ignoring case and accents.
    pub q: Option<String>,
    /// The order.
    #[cfg_attr(feature = "openapi", param(inline, required = false))]
    pub sort: OrganisationSort,
}

impl Default for OrganisationQuery {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            kind: None,
            country: None,
            region: None,
            can_lead: None,
            q: None,
            sort: OrganisationSort::Name,
        }
    }
}

impl OrganisationQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                _ if value.is_empty() => {}
                "kind" => query.kind = errors.check(key, value.parse()),
                "country" => {
                    query.country = errors.check(key, CountryCode::parse(value)).map(|c| c.as_str().to_owned())
                }
                "region" => query.region = errors.check(key, value.parse()),
                "can_lead" => query.can_lead = errors.check(key, parse_bool(value)),
                "q" => query.q = errors.check(key, parse_search(value)).flatten(),
                "sort" => query.sort = errors.check(key, OrganisationSort::parse(value)).unwrap_or_default(),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }

    /// The query string (without `?`) that [`OrganisationQuery::parse`] reads back; defaults are left out.
    pub fn to_query_string(&self) -> String {
        let defaults = Self::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.page != defaults.page {
            pairs.push(("page", self.page.to_string()));
        }
        if self.per_page != defaults.per_page {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        if let Some(kind) = self.kind {
            pairs.push(("kind", kind.as_str().to_owned()));
        }
        if let Some(country) = &self.country {
            pairs.push(("country", country.clone()));
        }
        if let Some(region) = self.region {
            pairs.push(("region", region.as_str().to_owned()));
        }
        if let Some(can_lead) = self.can_lead {
            pairs.push(("can_lead", can_lead.to_string()));
        }
        if let Some(q) = &self.q {
            pairs.push(("q", q.clone()));
        }
        if self.sort != defaults.sort {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        encode_pairs(&pairs)
    }
}

/// A query of `GET /api/v1/recommendations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RecommendationQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Items per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only recommendations in this state; callers other than the Secretariat and the board see
    /// the published ones only, whatever they ask.
    pub state: Option<crate::recommendation::RecommendationState>,
    /// Only those written for this policy council.
    pub policy_council: Option<String>,
}

impl Default for RecommendationQuery {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, state: None, policy_council: None }
    }
}

impl RecommendationQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                _ if value.is_empty() => {}
                "state" => query.state = errors.check(key, value.parse()),
                "policy_council" => query.policy_council = errors.check(key, parse_id(value)),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// A query of `GET /api/v1/hubs/{hub}/reports` and of the Secretariat's `GET /api/v1/reports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReportQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Items per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only reports in this state (`submitted`: the Secretariat's queue, oldest submission
    /// first; otherwise newest period first). Callers who may not see a hub's unapproved reports
    /// get its approved ones whatever they ask.
    pub state: Option<crate::report::ReportState>,
}

impl Default for ReportQuery {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, state: None }
    }
}

impl ReportQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                _ if value.is_empty() => {}
                "state" => query.state = errors.check(key, value.parse()),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// A query of `GET /api/v1/hubs/{hub}/deliverables`: filters, order and page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DeliverableQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Items per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only deliverables with this status.
    pub status: Option<DeliverableStatus>,
    /// Only late deliverables (`true`) or only those that are not (`false`).
    pub late: Option<bool>,
    /// The order.
    #[cfg_attr(feature = "openapi", param(inline, required = false))]
    pub sort: DeliverableSort,
}

impl Default for DeliverableQuery {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, status: None, late: None, sort: DeliverableSort::DueDate }
    }
}

impl DeliverableQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                _ if value.is_empty() => {}
                "status" => query.status = errors.check(key, value.parse()),
                "late" => query.late = errors.check(key, parse_bool(value)),
                "sort" => query.sort = errors.check(key, DeliverableSort::parse(value)).unwrap_or_default(),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// A query of `GET /api/v1/hubs/{hub}/stakeholders`: filters, order and page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StakeholderQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Items per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only stakeholders of this kind.
    pub kind: Option<StakeholderKind>,
    /// Only stakeholders with this role.
    pub role: Option<StakeholderRole>,
    /// Only those who took part in setting the criteria (`true`) or did not (`false`).
    pub took_part_in_criteria: Option<bool>,
    /// The order.
    #[cfg_attr(feature = "openapi", param(inline, required = false))]
    pub sort: StakeholderSort,
}

impl Default for StakeholderQuery {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            kind: None,
            role: None,
            took_part_in_criteria: None,
            sort: StakeholderSort::Name,
        }
    }
}

impl StakeholderQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                _ if value.is_empty() => {}
                "kind" => query.kind = errors.check(key, value.parse()),
                "role" => query.role = errors.check(key, value.parse()),
                "took_part_in_criteria" => query.took_part_in_criteria = errors.check(key, parse_bool(value)),
                "sort" => query.sort = errors.check(key, StakeholderSort::parse(value)).unwrap_or_default(),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// A query of a plain paged listing (a hub's indicators), or of measurements with `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Items per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// For measurements: only the totals (`true`), leaving out breakdowns.
    pub total: Option<bool>,
}

impl Default for PageQuery {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, total: None }
    }
}

impl PageQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                "total" if !value.is_empty() => query.total = errors.check(key, parse_bool(value)),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// A query of the audit trail (`GET /api/v1/audit`), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Entries per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only changes of this kind of record (`hub`, `deliverable`, `user`, …).
    pub entity: Option<String>,
    /// Only changes of this record.
    pub entity_id: Option<String>,
    /// Only changes by this user or API key (its id).
    pub actor: Option<String>,
    /// Only changes on or after this day (UTC).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub from: Option<NaiveDate>,
    /// Only changes on or before this day (UTC).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub to: Option<NaiveDate>,
}

impl Default for AuditQuery {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, entity: None, entity_id: None, actor: None, from: None, to: None }
    }
}

/// An id in a filter: at most 100 characters, no control characters.
fn parse_id(value: &str) -> Result<String, Invalid> {
    no_control_characters(value, false)?;
    if value.chars().count() > 100 {
        return Err(Invalid::new(Rule::Length, "at most 100 characters"));
    }
    Ok(value.trim().to_owned())
}

fn parse_date(value: &str) -> Result<NaiveDate, Invalid> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| Invalid::new(Rule::Format, format!("{value:?} is not a YYYY-MM-DD date")))
}

impl AuditQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                _ if value.is_empty() => {}
                "entity" => query.entity = errors.check(key, parse_key(value)),
                "entity_id" => query.entity_id = errors.check(key, parse_id(value)),
                "actor" => query.actor = errors.check(key, parse_id(value)),
                "from" => query.from = errors.check(key, parse_date(value)),
                "to" => query.to = errors.check(key, parse_date(value)),
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (query.from, query.to)
            && to < from
        {
            errors.push("to", Invalid::new(Rule::DateOrder, "the last day comes after the first"));
        }
        errors.finish(|| Some(query))
    }
}

/// A query of `GET /api/v1/calls`: newest opening first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CallQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Calls per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only calls in this state today.
    pub state: Option<CallState>,
}

impl Default for CallQuery {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, state: None }
    }
}

impl CallQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                "state" if value.is_empty() => query.state = None,
                "state" => query.state = errors.check(key, value.parse()),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// A query of `GET /api/v1/proposals`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProposalQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Proposals per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Only proposals in this state.
    pub state: Option<ProposalState>,
    /// Only proposals under this call (its id).
    pub call: Option<String>,
}

impl Default for ProposalQuery {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, state: None, call: None }
    }
}

impl ProposalQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                _ if value.is_empty() => {}
                "state" => query.state = errors.check(key, value.parse()),
                "call" => query.call = errors.check(key, parse_id(value)),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// Declares a paged listing's query whose one filter is an optional `wire_enum` value: the
/// struct (documented for OpenAPI), its default (page 1, the default page size, no filter) and
/// its parser (an empty value means no filter; unknown parameters are ignored).
macro_rules! filtered_page_query {
    ($(#[$doc:meta])* $name:ident, $per_page_doc:literal, $(#[$filter_doc:meta])* $filter:ident: $kind:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
        #[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
        pub struct $name {
            /// The page, from 1.
            #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
            pub page: u32,
            #[doc = $per_page_doc]
            #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
            pub per_page: u32,
            $(#[$filter_doc])*
            pub $filter: Option<$kind>,
        }

        impl Default for $name {
            fn default() -> Self {
                Self { page: 1, per_page: DEFAULT_PER_PAGE, $filter: None }
            }
        }

        impl $name {
            /// Parses decoded query parameters; unknown parameters are ignored.
            pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
                let mut query = Self::default();
                let mut errors = ValidationErrors::default();
                for (key, value) in pairs {
                    match key {
                        "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                        "per_page" => {
                            query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1)
                        }
                        filter if filter == stringify!($filter) && value.is_empty() => query.$filter = None,
                        filter if filter == stringify!($filter) => query.$filter = errors.check(key, value.parse()),
                        _ => {}
                    }
                }
                errors.finish(|| Some(query))
            }
        }
    };
}

filtered_page_query!(
    /// A query of `GET /api/v1/events`: newest first.
    EventQuery,
    "Events per page, 1 to 100.",
    /// Only events of this kind (`proposal.submitted`, …).
    kind: EventKind
);

filtered_page_query!(
    /// A query of a webhook's delivery log (`GET /api/v1/webhooks/{id}/deliveries`).
    DeliveryQuery,
    "Deliveries per page, 1 to 100.",
    /// Only deliveries in this state.
    state: DeliveryState
);

/// A query of the account list (`GET /api/v1/users`), by address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UserQuery {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Accounts per page, 1 to 100.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 100, default = 20))]
    pub per_page: u32,
    /// Words of the address or the name.
    pub q: Option<String>,
}

impl Default for UserQuery {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, q: None }
    }
}

impl UserQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => query.per_page = errors.check(key, parse_number(value, 1, MAX_PER_PAGE)).unwrap_or(1),
                "q" => query.q = errors.check(key, parse_search(value)).flatten(),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// Asks for one breakdown of an indicator's measurements rather than the total: the figures of
/// `GET /api/v1/indicators/{id}` are then computed from that breakdown's measurements, and the
/// measurements listed are that breakdown's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BreakdownQuery {
    /// A value for some of the indicator's declared dimensions, written `sex=female;area=urban`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, example = "sex=female"))]
    pub disaggregation: Option<Breakdown>,
}

impl BreakdownQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            if key == "disaggregation" {
                query.disaggregation = errors.check(key, parse_breakdown(value)).flatten();
            }
        }
        errors.finish(|| Some(query))
    }
}

fn parse_bool(value: &str) -> Result<bool, Invalid> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(Invalid::new(Rule::Type, format!("{other:?} is not true or false"))),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_asks_for_the_first_page_of_twenty_by_name() {
        assert_eq!(HubQuery::parse([]), Ok(HubQuery::default()));
        assert_eq!(HubQuery::default().per_page, 20);
    }

    #[test]
    fn every_filter_is_parsed_and_normalised() {
        let query = HubQuery::parse([
            ("page", "2"),
            ("per_page", "100"),
            ("status", "completed"),
            ("country", "fr"),
            ("sdg", "11"),
            ("q", "  Venice "),
            ("sort", "-start_date"),
            ("utm_source", "newsletter"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.page, 2);
        assert_eq!(query.per_page, 100);
        assert_eq!(query.status, Some(HubStatus::Completed));
        assert_eq!(query.country.as_deref(), Some("FR"));
        assert_eq!(query.sdg, Some(11));
        assert_eq!(query.q.as_deref(), Some("Venice"));
        assert_eq!(query.sort, HubSort::StartDateDesc);
    }

    #[test]
    fn bad_parameters_are_each_named_with_their_rule() {
        let errors = HubQuery::parse([
            ("page", "0"),
            ("per_page", "101"),
            ("status", "open"),
            ("country", "XX"),
            ("sdg", "x"),
            ("sort", "colour"),
            ("q", "nul\u{0}"),
        ])
        .err()
        .unwrap_or_default();
        let found: Vec<(&str, Rule)> = errors.0.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(
            found,
            vec![
                ("page", Rule::Range),
                ("per_page", Rule::Range),
                ("status", Rule::OneOf),
                ("country", Rule::CountryCode),
                ("sdg", Rule::Type),
                ("sort", Rule::OneOf),
                ("q", Rule::Format)
            ]
        );
    }

    #[test]
    fn organisation_queries_parse_their_filters_and_round_trip() {
        let query = OrganisationQuery::parse([
            ("kind", "regional_government"),
            ("country", "es"),
            ("region", "europe"),
            ("can_lead", "true"),
            ("q", "Catalonia"),
            ("sort", "-updated_at"),
            ("page", "2"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.kind, Some(OrganisationKind::RegionalGovernment));
        assert_eq!(query.country.as_deref(), Some("ES"));
        assert_eq!(query.can_lead, Some(true));
        let text = query.to_query_string();
        let pairs: Vec<(&str, &str)> = text.split('&').filter_map(|p| p.split_once('=')).collect();
        assert_eq!(OrganisationQuery::parse(pairs), Ok(query));

        let errors = OrganisationQuery::parse([("kind", "city"), ("region", "mars"), ("can_lead", "yes")])
            .err()
            .unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["kind", "region", "can_lead"]);
    }

    #[test]
    fn a_metrics_query_string_round_trips() {
        let query = MetricsQuery {
            region: Some(WorldRegion::Africa),
            sdg: Some(11),
            manifesto: Some("ecology".into()),
            as_of: NaiveDate::from_ymd_opt(2026, 6, 30),
            format: Some(crate::metrics::MetricsFormat::Csv),
            lang: Some(crate::sdg::Lang::Fr),
            ..MetricsQuery::default()
        };
        let text = query.to_query_string();
        assert_eq!(text, "region=africa&sdg=11&manifesto=ecology&as_of=2026-06-30&format=csv&lang=fr");
        let pairs: Vec<(String, String)> = text
            .split('&')
            .map(|p| p.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())).unwrap_or_default())
            .collect();
        assert_eq!(MetricsQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))), Ok(query));
    }

    #[test]
    fn the_query_string_round_trips() {
        let query = HubQuery {
            page: 3,
            per_page: 10,
            status: Some(HubStatus::Active),
            region: Some(WorldRegion::Eurasia),
            country: Some("TR".into()),
            sdg: Some(5),
            q: Some("égalité & co".into()),
            manifesto: None,
            policy_council: None,
            organisation: Some("0190-a".into()),
            sort: HubSort::UpdatedAtDesc,
        };
        let text = query.to_query_string();
        assert_eq!(
            text,
            "page=3&per_page=10&status=active&region=eurasia&country=TR&sdg=5&q=%C3%A9galit%C3%A9%20%26%20co&organisation=0190-a&sort=-updated_at"
        );
        assert_eq!(HubQuery::default().to_query_string(), "");
        let decoded: Vec<(String, String)> = text
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_owned(), percent_decode(v)))
            .collect();
        assert_eq!(HubQuery::parse(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str()))), Ok(query));
    }

    fn percent_decode(value: &str) -> String {
        let bytes = value.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&value[i + 1..i + 3], 16).unwrap_or(b'?'));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The filters of every `GET /api/v1/metrics/…` endpoint, and the form of the answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MetricsQuery {
    /// Only hubs whose lead organisation is in this UCLG world region.
    pub region: Option<WorldRegion>,
    /// Only hubs in this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only hubs serving this SDG goal (1 to 17).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 17))]
    pub sdg: Option<u8>,
    /// Only hubs following this UCLG manifesto (its key).
    pub manifesto: Option<String>,
    /// Only hubs feeding this UCLG policy council (its id).
    pub policy_council: Option<String>,
    /// Only hubs with this status. Without it: every hub the caller may see but the archived
    /// ones. Anonymous callers, `read` keys and hub managers see active and completed hubs only;
    /// administrators, reviewers and keys with the `read:metrics` scope see every status.
    pub status: Option<HubStatus>,
    /// The figures as they stood at the end of this day (`YYYY-MM-DD`, default today): records
    /// created later, deliveries made later and measurements taken or recorded later do not
    /// count. Statuses have no history: a hub counts under its status today.
    pub as_of: Option<NaiveDate>,
    /// `json` (the default) or `csv`; `Accept: text/csv` also asks for CSV.
    pub format: Option<crate::metrics::MetricsFormat>,
    /// The CSV separator: `comma` (the default) or `semicolon`.
    pub sep: Option<crate::metrics::CsvSeparator>,
    /// The language of the CSV's label columns: `en` (the default), `fr` or `es`.
    pub lang: Option<crate::sdg::Lang>,
}

impl MetricsQuery {
    /// Parses decoded query parameters; unknown parameters are ignored, a repeated one keeps its last value.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            if value.is_empty() && key != "lang" {
                continue;
            }
            match key {
                "region" => query.region = errors.check(key, value.parse()),
                "country" => {
                    query.country = errors.check(key, CountryCode::parse(value)).map(|c| c.as_str().to_owned())
                }
                "sdg" => query.sdg = errors.check(key, parse_number(value, 1, 17)).and_then(|n| u8::try_from(n).ok()),
                "manifesto" => query.manifesto = errors.check(key, parse_key(value)),
                "policy_council" => query.policy_council = errors.check(key, parse_key(value)),
                "status" => query.status = errors.check(key, value.parse()),
                "as_of" => query.as_of = errors.check(key, parse_date(value)),
                "format" => query.format = errors.check(key, value.parse()),
                "sep" => query.sep = errors.check(key, value.parse()),
                "lang" => {
                    let lang = crate::sdg::Lang::from_code(value)
                        .ok_or_else(|| Invalid::new(Rule::OneOf, format!("{value:?} is not one of: en, fr, es")));
                    query.lang = errors.check(key, lang);
                }
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }

    /// The query string (without `?`) that [`MetricsQuery::parse`] reads back; unset ones are left out.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(region) = self.region {
            pairs.push(("region", region.as_str().to_owned()));
        }
        if let Some(country) = &self.country {
            pairs.push(("country", country.clone()));
        }
        if let Some(sdg) = self.sdg {
            pairs.push(("sdg", sdg.to_string()));
        }
        if let Some(manifesto) = &self.manifesto {
            pairs.push(("manifesto", manifesto.clone()));
        }
        if let Some(council) = &self.policy_council {
            pairs.push(("policy_council", council.clone()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(as_of) = self.as_of {
            pairs.push(("as_of", as_of.to_string()));
        }
        if let Some(format) = self.format {
            pairs.push(("format", format.as_str().to_owned()));
        }
        if let Some(sep) = self.sep {
            pairs.push(("sep", sep.as_str().to_owned()));
        }
        if let Some(lang) = self.lang {
            pairs.push(("lang", lang.code().to_owned()));
        }
        encode_pairs(&pairs)
    }

    /// The hub filters as a catalogue query.
    pub fn hub_query(&self) -> HubQuery {
        HubQuery {
            status: self.status,
            region: self.region,
            country: self.country.clone(),
            sdg: self.sdg,
            manifesto: self.manifesto.clone(),
            policy_council: self.policy_council.clone(),
            ..HubQuery::default()
        }
    }
}

/// The most rows one page of `GET /api/v1/metrics/hubs` holds.
pub const MAX_METRICS_PER_PAGE: u32 = 1000;

/// The page and order of `GET /api/v1/metrics/hubs` (CSV answers every row, in this order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MetricsPage {
    /// The page, from 1.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, default = 1))]
    pub page: u32,
    /// Rows per page, 1 to 1,000.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 1000, default = 100))]
    pub per_page: u32,
    /// The order, as in the catalogue.
    #[cfg_attr(feature = "openapi", param(inline, required = false))]
    pub sort: HubSort,
}

impl Default for MetricsPage {
    fn default() -> Self {
        Self { page: 1, per_page: 100, sort: HubSort::Name }
    }
}

impl MetricsPage {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            match key {
                "page" => query.page = errors.check(key, parse_number(value, 1, 1_000_000)).unwrap_or(1),
                "per_page" => {
                    query.per_page = errors.check(key, parse_number(value, 1, MAX_METRICS_PER_PAGE)).unwrap_or(1);
                }
                "sort" => query.sort = errors.check(key, HubSort::parse(value)).unwrap_or_default(),
                _ => {}
            }
        }
        errors.finish(|| Some(query))
    }
}

/// The most observations one page holds.
pub const MAX_OBSERVATIONS_PER_PAGE: u32 = 10_000;

/// What `GET /api/v1/metrics/observations` selects besides the hub filters, and where its page
/// starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ObservationQuery {
    /// Only this hub's measurements (its id or slug).
    pub hub: Option<String>,
    /// Only this indicator's measurements (its id).
    pub indicator: Option<String>,
    /// Only measurements taken on or after this day.
    pub from: Option<NaiveDate>,
    /// Only measurements taken on or before this day.
    pub to: Option<NaiveDate>,
    /// `total` for the totals only, or one breakdown (`sex=female`, `sex=female;area=urban`)
    /// for its measurements only; without it, every measurement.
    pub disaggregation: Option<String>,
    /// Only measurements recorded at or after this instant (RFC 3339, e.g.
    /// `2026-11-30T00:00:00Z`), for a dashboard that syncs what changed.
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Where the page starts: the `next_cursor` of the page before. Without it, the first page.
    pub cursor: Option<String>,
    /// Rows per page, 1 to 10,000.
    #[cfg_attr(feature = "openapi", param(required = false, minimum = 1, maximum = 10000, default = 1000))]
    pub per_page: u32,
}

impl Default for ObservationQuery {
    fn default() -> Self {
        Self {
            hub: None,
            indicator: None,
            from: None,
            to: None,
            disaggregation: None,
            updated_since: None,
            cursor: None,
            per_page: 1000,
        }
    }
}

impl ObservationQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            if value.is_empty() {
                continue;
            }
            match key {
                "hub" => query.hub = errors.check(key, parse_id(value)),
                "indicator" => query.indicator = errors.check(key, parse_id(value)),
                "from" => query.from = errors.check(key, parse_date(value)),
                "to" => query.to = errors.check(key, parse_date(value)),
                "disaggregation" if value == "total" => query.disaggregation = Some(value.to_owned()),
                "disaggregation" => {
                    let parsed = parse_breakdown(value).and_then(|b| {
                        b.ok_or_else(|| Invalid::new(Rule::Format, "give `total` or dimension=value pairs"))
                    });
                    query.disaggregation = errors.check(key, parsed).map(|_| value.to_owned());
                }
                "updated_since" => {
                    let parsed = chrono::DateTime::parse_from_rfc3339(value)
                        .map(|at| at.with_timezone(&chrono::Utc))
                        .map_err(|_| Invalid::new(Rule::Format, format!("{value:?} is not an RFC 3339 instant")));
                    query.updated_since = errors.check(key, parsed);
                }
                "cursor" => query.cursor = errors.check(key, parse_cursor(value).map(|_| value.to_owned())),
                "per_page" => {
                    query.per_page = errors.check(key, parse_number(value, 1, MAX_OBSERVATIONS_PER_PAGE)).unwrap_or(1);
                }
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (query.from, query.to)
            && from > to
        {
            errors.push("to", Invalid::new(Rule::Consistent, "`to` is before `from`"));
        }
        errors.finish(|| Some(query))
    }

    /// The breakdown asked for: `Some(None)` for the totals, `Some(Some(b))` for one breakdown.
    pub fn breakdown(&self) -> Option<Option<Breakdown>> {
        let text = self.disaggregation.as_deref()?;
        if text == "total" { Some(None) } else { parse_breakdown(text).ok() }
    }
}

/// A position in the observations: after the row recorded at `recorded` (microseconds since
/// 1970, UTC) with id `id`. Written `<microseconds>.<id>`; opaque to clients.
pub fn parse_cursor(text: &str) -> Result<(i64, String), Invalid> {
    let invalid = || Invalid::new(Rule::Format, "not a cursor this API gave");
    let (micros, id) = text.split_once('.').ok_or_else(invalid)?;
    let micros: i64 = micros.parse().map_err(|_| invalid())?;
    let id = parse_id(id).map_err(|_| invalid())?;
    Ok((micros, id))
}

/// The cursor after the row recorded at `recorded_micros` with id `id`.
pub fn cursor_after(recorded_micros: i64, id: &str) -> String {
    format!("{recorded_micros}.{id}")
}

wire_enum!(
    /// The length of a time series' periods.
    Interval {
        /// Calendar months.
        Month => "month",
        /// Calendar quarters.
        Quarter => "quarter",
        /// Calendar years.
        Year => "year",
    }
);

/// The most periods one time series holds.
pub const MAX_PERIODS: u32 = 120;

wire_enum!(
    /// A kind of node the synchronization network can show besides hubs.
    NetworkGroupKind {
        /// The policy councils the hubs inform.
        PolicyCouncils => "policy_councils",
        /// The Venice City Solutions 2030 editions at which the hubs presented an activity.
        VeniceEditions => "venice_editions",
        /// The published policy recommendations citing the hubs' evidence.
        Recommendations => "recommendations",
    }
);

/// What `GET /api/v1/metrics/network` shows besides the hubs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct NetworkQuery {
    /// Other kinds of node, comma-separated: `policy_councils` (the councils the hubs inform),
    /// `venice_editions` (the Venice City Solutions 2030 editions where they presented an
    /// activity), `recommendations` (the published policy recommendations citing their evidence,
    /// each naming its council). Each comes with the links from the hubs to it.
    #[cfg_attr(
        feature = "openapi",
        param(style = Form, explode = false, required = false, value_type = Option<Vec<NetworkGroupKind>>)
    )]
    pub with: Vec<NetworkGroupKind>,
}

impl NetworkQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self::default();
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            if key != "with" || value.is_empty() {
                continue;
            }
            for kind in value.split(',').map(str::trim) {
                if let Some(kind) = errors.check(key, kind.parse::<NetworkGroupKind>())
                    && !query.with.contains(&kind)
                {
                    query.with.push(kind);
                }
            }
        }
        query.with.sort_unstable();
        errors.finish(|| Some(query))
    }
}

/// What `GET /api/v1/metrics/timeseries` covers besides the hub filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TimeseriesQuery {
    /// The periods: `month` (the default), `quarter` or `year`.
    #[cfg_attr(feature = "openapi", param(inline, required = false))]
    pub interval: Option<Interval>,
    /// The first day covered (default: the start of the period 11 periods before `to`'s).
    pub from: Option<NaiveDate>,
    /// The last day covered (default: `as_of`, or today).
    pub to: Option<NaiveDate>,
    /// One indicator (its id) whose measurements each period reports.
    pub indicator: Option<String>,
}

impl TimeseriesQuery {
    /// Parses decoded query parameters; unknown parameters are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationErrors> {
        let mut query = Self { interval: None, from: None, to: None, indicator: None };
        let mut errors = ValidationErrors::default();
        for (key, value) in pairs {
            if value.is_empty() {
                continue;
            }
            match key {
                "interval" => query.interval = errors.check(key, value.parse()),
                "from" => query.from = errors.check(key, parse_date(value)),
                "to" => query.to = errors.check(key, parse_date(value)),
                "indicator" => query.indicator = errors.check(key, parse_id(value)),
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (query.from, query.to)
            && from > to
        {
            errors.push("to", Invalid::new(Rule::Consistent, "`to` is before `from`"));
        }
        errors.finish(|| Some(query))
    }
}
