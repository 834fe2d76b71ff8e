//! Hubs: the labelled initiatives, as the API returns them, as clients create and patch them,
//! and the validated form the API stores.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use crate::figures::HubFigures;
use crate::organisation::OrganisationSummary;
use crate::sdg::SdgTaxonomy;
use crate::validation::{
    CountryCode, Description, HubName, HubPeriod, Invalid, MAX_LIST_ITEMS, Notes, PlaceName, Rule, SdgGoals, Slug,
    Summary, ValidationErrors,
};

wire_enum!(
    /// Where a hub's life stands. Archived hubs leave the default listing.
    HubStatus {
        /// Running.
        Active => "active",
        /// Its period is over and its deliverables are in.
        Completed => "completed",
        /// Paused by the Secretariat.
        Suspended => "suspended",
        /// Withdrawn from the catalogue; still readable by id.
        Archived => "archived",
    }
);

impl HubStatus {
    /// The statuses anyone may read; the others only the Secretariat, the board and the hub's
    /// own organisations.
    pub const PUBLIC: [HubStatus; 2] = [HubStatus::Active, HubStatus::Completed];

    /// Whether anyone may read a hub in this status.
    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }
}

/// What deciding who may read or change a hub needs: who leads it, who partners in it, and
/// whether it is public. The full [`Hub`] has it, and so does the server's lean access row, so
/// that one rule serves both.
pub trait HubParties {
    /// The hub's slug, which names it in a refusal.
    fn slug(&self) -> &str;
    /// Its status.
    fn status(&self) -> HubStatus;
    /// The organisation that leads it.
    fn lead_organisation_id(&self) -> &str;
    /// The organisations that partner in it.
    fn partner_organisation_ids(&self) -> &[String];
}

impl HubParties for Hub {
    fn slug(&self) -> &str {
        &self.slug
    }

    fn status(&self) -> HubStatus {
        self.status
    }

    fn lead_organisation_id(&self) -> &str {
        &self.lead_organisation_id
    }

    fn partner_organisation_ids(&self) -> &[String] {
        &self.partner_organisation_ids
    }
}

wire_enum!(
    /// How a hub meets (the brand rule accepts all three).
    Modality {
        /// In one place.
        Physical => "physical",
        /// Online.
        Virtual => "virtual",
        /// Both.
        Hybrid => "hybrid",
    }
);

/// A hub as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hub {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The unique URL name.
    pub slug: String,
    /// The hub's name.
    pub name: String,
    /// One paragraph on what the hub does.
    pub summary: String,
    /// The long description.
    pub description: String,
    /// The resources it mobilises: staff, in-kind contributions, financing (free text).
    pub resources: String,
    /// The id of the local or regional government (or association) that leads it.
    pub lead_organisation_id: String,
    /// The organisation that leads it.
    pub lead_organisation: OrganisationSummary,
    /// The ids of its partner organisations.
    pub partner_organisation_ids: Vec<String>,
    /// Its partner organisations, by name.
    pub partner_organisations: Vec<OrganisationSummary>,
    /// Where it happens, ISO 3166-1 alpha-2.
    pub country: String,
    /// The city or region, when the hub is tied to one.
    pub city: Option<String>,
    /// The SDG goals it serves, ascending.
    pub sdgs: Vec<u8>,
    /// The SDG targets it serves (`11.3`), each of one of its goals.
    pub sdg_targets: Vec<String>,
    /// The UCLG Congress manifestos it follows, by key.
    pub manifestos: Vec<String>,
    /// The UCLG policy councils it feeds, by id.
    pub policy_council_ids: Vec<String>,
    /// Physical, virtual or hybrid.
    pub modality: Modality,
    /// Where its life stands.
    pub status: HubStatus,
    /// First day of the hub's period.
    pub start_date: NaiveDate,
    /// Last day of the hub's period (1 to 3 years after the start).
    pub end_date: NaiveDate,
    /// Derived: counts of deliverables and indicators, synchronization degree, reporting status.
    #[serde(flatten)]
    pub figures: HubFigures,
    /// The day UCLG granted the label (set by the Secretariat's decision on a proposal).
    #[serde(default)]
    pub label_granted_on: Option<NaiveDate>,
    /// The proposal it came from, if it came from one.
    #[serde(default)]
    pub proposal_id: Option<String>,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /api/v1/hubs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewHub {
    /// The URL name; derived from the name when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// 3 to 200 characters.
    pub name: String,
    /// 10 to 500 characters.
    pub summary: String,
    /// Up to 20,000 characters.
    #[serde(default)]
    pub description: String,
    /// The resources it mobilises (staff, in-kind contributions, financing); up to 5,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub resources: String,
    /// The id of a local government, a regional government or an association of them (the label's first rule).
    pub lead_organisation_id: String,
    /// The ids of partner organisations, of any kind, without duplicates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub partner_organisation_ids: Vec<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The city or region, 1 to 120 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// At least one SDG goal, 1 to 17, no duplicates.
    pub sdgs: Vec<i64>,
    /// SDG target codes (`11.3`) of the goals above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub sdg_targets: Vec<String>,
    /// Keys of UCLG Congress manifestos (`GET /api/v1/manifestos`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub manifestos: Vec<String>,
    /// Ids of UCLG policy councils (`GET /api/v1/policy-councils`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub policy_council_ids: Vec<String>,
    /// Physical, virtual or hybrid.
    pub modality: Modality,
    /// Defaults to `active`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<HubStatus>,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day: at least 1 and at most 3 years after the start.
    pub end_date: NaiveDate,
}

/// The body of `PATCH /api/v1/hubs/{id}`: a JSON merge patch, where every field left out keeps its value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HubPatch {
    /// A new URL name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub resources: Option<String>,
    /// A new lead organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_organisation_id: Option<String>,
    /// The new list of partner organisations (replaces the old one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub partner_organisation_ids: Option<Vec<String>>,
    /// A new country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// A new city; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub city: Option<Option<String>>,
    /// The new list of SDG goals (replaces the old one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdgs: Option<Vec<i64>>,
    /// The new list of SDG targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub sdg_targets: Option<Vec<String>>,
    /// The new list of manifestos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub manifestos: Option<Vec<String>>,
    /// The new list of policy councils.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub policy_council_ids: Option<Vec<String>>,
    /// A new modality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<Modality>,
    /// A new status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<HubStatus>,
    /// A new start date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// A new end date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
}

/// Tells a field sent as `null` (`Some(None)`) from a field left out (`None`, by `#[serde(default)]`).
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A hub that passed every rule, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidHub {
    /// The slug the client chose, or `None` to derive one from the name.
    pub slug: Option<Slug>,
    /// The name.
    pub name: HubName,
    /// The summary.
    pub summary: Summary,
    /// The description.
    pub description: Description,
    /// The resources it mobilises.
    pub resources: Notes,
    /// The lead organisation's id; that it exists and may lead is checked against the database.
    pub lead_organisation_id: String,
    /// The partners' ids, without duplicates and without the lead.
    pub partner_organisation_ids: Vec<String>,
    /// The country.
    pub country: CountryCode,
    /// The city, if any.
    pub city: Option<PlaceName>,
    /// The SDG goals.
    pub sdgs: SdgGoals,
    /// The SDG targets, each of one of the goals; that each exists is the taxonomy's to say.
    pub sdg_targets: Vec<String>,
    /// The manifesto keys; that each exists is the database's to say.
    pub manifestos: Vec<String>,
    /// The policy council ids; that each exists is the database's to say.
    pub policy_council_ids: Vec<String>,
    /// The modality.
    pub modality: Modality,
    /// The status.
    pub status: HubStatus,
    /// The period.
    pub period: HubPeriod,
}

impl NewHub {
    /// Checks every rule at once and reports each broken one with its field; SDG targets are
    /// checked against the taxonomy.
    pub fn validate(&self, taxonomy: &SdgTaxonomy) -> Result<ValidHub, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let slug = match &self.slug {
            Some(slug) => errors.check("slug", Slug::parse(slug)).map(Some),
            None => Some(None),
        };
        let name = errors.check("name", HubName::parse(&self.name));
        let summary = errors.check("summary", Summary::parse(&self.summary));
        let description = errors.check("description", Description::parse(&self.description));
        let resources = errors.check("resources", Notes::parse(&self.resources));
        let lead =
            errors.check("lead_organisation_id", required_id(&self.lead_organisation_id, "the lead organisation"));
        let partners = partner_ids(&self.partner_organisation_ids, &self.lead_organisation_id, &mut errors);
        let country = errors.check("country", CountryCode::parse(&self.country));
        let city = match self.city.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(city) => errors.check("city", PlaceName::parse(city)).map(Some),
            None => Some(None),
        };
        let sdgs = SdgGoals::parse(&self.sdgs, "sdgs", &mut errors);
        let sdg_targets = distinct_keys(&self.sdg_targets, "sdg_targets", &mut errors);
        if let (Some(goals), Some(targets)) = (&sdgs, &sdg_targets) {
            for (index, code) in targets.iter().enumerate() {
                let goal = code.split('.').next().and_then(|g| g.parse::<u8>().ok());
                if taxonomy.target(code).is_none() {
                    let message = format!("{code} is not an SDG target (e.g. 11.3)");
                    errors.push(format!("sdg_targets[{index}]"), Invalid::new(Rule::OneOf, message));
                } else if !goal.is_some_and(|g| goals.as_slice().contains(&g)) {
                    let message = format!("target {code} is not of one of the hub's goals");
                    errors.push(format!("sdg_targets[{index}]"), Invalid::new(Rule::Consistent, message));
                }
            }
        }
        let manifestos = distinct_keys(&self.manifestos, "manifestos", &mut errors);
        let policy_council_ids = distinct_keys(&self.policy_council_ids, "policy_council_ids", &mut errors);
        let period = errors.check("end_date", HubPeriod::new(self.start_date, self.end_date));
        errors.finish(|| {
            Some(ValidHub {
                slug: slug?,
                name: name?,
                summary: summary?,
                description: description?,
                resources: resources?,
                lead_organisation_id: lead?,
                partner_organisation_ids: partners?,
                country: country?,
                city: city?,
                sdgs: sdgs?,
                sdg_targets: sdg_targets?,
                manifestos: manifestos?,
                policy_council_ids: policy_council_ids?,
                modality: self.modality,
                status: self.status.unwrap_or(HubStatus::Active),
                period: period?,
            })
        })
    }
}

/// An id that must be given; whether it names a stored resource is the database's to say.
fn required_id(id: &str, what: &str) -> Result<String, Invalid> {
    let id = id.trim();
    if id.is_empty() {
        Err(Invalid::new(Rule::Required, format!("{what} is required")))
    } else if id.len() > 64 || id.chars().any(char::is_control) {
        Err(Invalid::new(Rule::Exists, format!("{id:?} is not an id")))
    } else {
        Ok(id.to_owned())
    }
}

/// A list of reference keys or codes: each 1 to 64 characters of letters, digits, `.`, `_` or `-`, given once.
fn distinct_keys(values: &[String], field: &str, errors: &mut ValidationErrors) -> Option<Vec<String>> {
    if !errors.check_list_length(field, values.len(), MAX_LIST_ITEMS) {
        return None;
    }
    let before = errors.0.len();
    let mut seen: Vec<String> = Vec::with_capacity(values.len());
    for (index, value) in values.iter().enumerate() {
        let value = value.trim();
        let well_formed = !value.is_empty()
            && value.len() <= 64
            && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !well_formed {
            errors.push(format!("{field}[{index}]"), Invalid::new(Rule::Format, format!("{value:?} is not a key")));
        } else if seen.iter().any(|s| s == value) {
            errors.push(format!("{field}[{index}]"), Invalid::new(Rule::Duplicate, format!("{value} is listed twice")));
        } else {
            seen.push(value.to_owned());
        }
    }
    (errors.0.len() == before).then_some(seen)
}

/// Partner ids: each given once, none of them the lead.
fn partner_ids(ids: &[String], lead: &str, errors: &mut ValidationErrors) -> Option<Vec<String>> {
    if !errors.check_list_length("partner_organisation_ids", ids.len(), MAX_LIST_ITEMS) {
        return None;
    }
    let before = errors.0.len();
    let mut seen: Vec<String> = Vec::with_capacity(ids.len());
    for (index, id) in ids.iter().enumerate() {
        let field = format!("partner_organisation_ids[{index}]");
        let Some(id) = errors.check(&field, required_id(id, "a partner organisation")) else { continue };
        if id == lead.trim() {
            errors.push(field, Invalid::new(Rule::Duplicate, "the lead organisation is not also a partner"));
        } else if seen.contains(&id) {
            errors.push(field, Invalid::new(Rule::Duplicate, format!("{id} is listed twice")));
        } else {
            seen.push(id);
        }
    }
    (errors.0.len() == before).then_some(seen)
}

impl HubPatch {
    /// The fields this patch would change that only the Secretariat may change: the status and
    /// the lead organisation. Sending their current value is not a change.
    pub fn secretariat_fields(&self, current: &Hub) -> Vec<&'static str> {
        let mut fields = Vec::new();
        if self.status.is_some_and(|status| status != current.status) {
            fields.push("status");
        }
        if self.lead_organisation_id.as_ref().is_some_and(|lead| *lead != current.lead_organisation_id) {
            fields.push("lead_organisation_id");
        }
        fields
    }

    /// The whole hub as it would be after this patch, to be validated as one.
    pub fn apply_to(self, current: &Hub) -> NewHub {
        NewHub {
            slug: Some(self.slug.unwrap_or_else(|| current.slug.clone())),
            name: self.name.unwrap_or_else(|| current.name.clone()),
            summary: self.summary.unwrap_or_else(|| current.summary.clone()),
            description: self.description.unwrap_or_else(|| current.description.clone()),
            resources: self.resources.unwrap_or_else(|| current.resources.clone()),
            lead_organisation_id: self.lead_organisation_id.unwrap_or_else(|| current.lead_organisation_id.clone()),
            partner_organisation_ids: self
                .partner_organisation_ids
                .unwrap_or_else(|| current.partner_organisation_ids.clone()),
            country: self.country.unwrap_or_else(|| current.country.clone()),
            city: self.city.unwrap_or_else(|| current.city.clone()),
            sdgs: self.sdgs.unwrap_or_else(|| current.sdgs.iter().map(|&g| i64::from(g)).collect()),
            sdg_targets: self.sdg_targets.unwrap_or_else(|| current.sdg_targets.clone()),
            manifestos: self.manifestos.unwrap_or_else(|| current.manifestos.clone()),
            policy_council_ids: self.policy_council_ids.unwrap_or_else(|| current.policy_council_ids.clone()),
            modality: self.modality.unwrap_or(current.modality),
            status: Some(self.status.unwrap_or(current.status)),
            start_date: self.start_date.unwrap_or(current.start_date),
            end_date: self.end_date.unwrap_or(current.end_date),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomy() -> SdgTaxonomy {
        serde_json::from_str(include_str!("../data/sdgs.json")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn new_hub() -> NewHub {
        serde_json::from_value(serde_json::json!({
            "name": "Eko-Bil",
            "summary": "Climate awareness and social entrepreneurship in Avcılar.",
            "lead_organisation_id": "org-avcilar",
            "partner_organisation_ids": ["org-uclg-mewa"],
            "country": "tr",
            "sdgs": [13, 4],
            "modality": "hybrid",
            "start_date": "2025-01-01",
            "end_date": "2027-01-01"
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_valid_hub_is_normalised() {
        let hub = new_hub().validate(&taxonomy()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(hub.country.as_str(), "TR");
        assert_eq!(hub.sdgs.as_slice(), &[4, 13]);
        assert_eq!(hub.status, HubStatus::Active);
        assert!(hub.slug.is_none());
    }

    #[test]
    fn every_broken_rule_is_reported_with_its_field() {
        let mut hub = new_hub();
        hub.name = "ab".into();
        hub.country = "XX".into();
        hub.lead_organisation_id = "".into();
        hub.partner_organisation_ids = vec!["org-x".into(), "org-x".into(), "org-avcilar".into()];
        hub.sdgs = vec![18];
        hub.end_date = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default();
        let errors = hub.validate(&taxonomy()).err().unwrap_or_default();
        let found: Vec<(&str, Rule)> = errors.0.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(
            found,
            vec![
                ("name", Rule::Length),
                ("lead_organisation_id", Rule::Required),
                ("partner_organisation_ids[1]", Rule::Duplicate),
                ("country", Rule::CountryCode),
                ("sdgs[0]", Rule::SdgGoal),
                ("end_date", Rule::HubPeriod),
            ]
        );
    }

    #[test]
    fn targets_belong_to_the_hubs_goals_and_tags_are_listed_once() {
        let mut hub = new_hub();
        hub.sdg_targets = vec!["13.3".into(), "11.1".into(), "13.3".into()];
        hub.manifestos = vec!["ecology".into(), "not a key".into()];
        let errors = hub.validate(&taxonomy()).err().unwrap_or_default();
        let found: Vec<(&str, Rule)> = errors.0.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(found, vec![("sdg_targets[2]", Rule::Duplicate), ("manifestos[1]", Rule::Format)]);
        hub.sdg_targets = vec!["13.3".into(), "11.1".into(), "13.99".into()];
        hub.manifestos = vec!["ecology".into()];
        let errors = hub.validate(&taxonomy()).err().unwrap_or_default();
        let found: Vec<(&str, Rule)> = errors.0.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(found, vec![("sdg_targets[1]", Rule::Consistent), ("sdg_targets[2]", Rule::OneOf)]);
    }

    #[test]
    fn the_lead_is_not_also_a_partner() {
        let mut hub = new_hub();
        hub.partner_organisation_ids = vec!["org-avcilar".into()];
        let errors = hub.validate(&taxonomy()).err().unwrap_or_default();
        assert_eq!(errors.0[0].field, "partner_organisation_ids[0]");
        assert_eq!(errors.0[0].rule, Rule::Duplicate);
    }

    #[test]
    fn unknown_fields_are_refused_by_deserialisation() {
        let mut body = serde_json::to_value(new_hub()).unwrap_or_default();
        body["colour"] = "red".into();
        let error = serde_json::from_value::<NewHub>(body).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("unknown field `colour`"), "{error}");
    }

    #[test]
    fn a_patch_keeps_what_it_leaves_out_and_null_clears_the_city() {
        let valid = new_hub().validate(&taxonomy()).unwrap_or_else(|e| panic!("{e}"));
        let now = Utc::now();
        let current = Hub {
            id: "h".into(),
            slug: "eko-bil".into(),
            name: valid.name.as_str().into(),
            summary: valid.summary.as_str().into(),
            description: String::new(),
            resources: String::new(),
            lead_organisation_id: "org-avcilar".into(),
            lead_organisation: OrganisationSummary {
                id: "org-avcilar".into(),
                name: "Avcılar Municipality".into(),
                kind: crate::organisation::OrganisationKind::LocalGovernment,
                country: "TR".into(),
                region: crate::organisation::WorldRegion::MiddleEastWestAsia,
            },
            partner_organisation_ids: vec!["org-uclg-mewa".into()],
            partner_organisations: vec![],
            country: "TR".into(),
            city: Some("Istanbul".into()),
            sdgs: vec![4, 13],
            sdg_targets: vec!["13.3".into()],
            manifestos: vec![],
            policy_council_ids: vec![],
            modality: Modality::Hybrid,
            status: HubStatus::Active,
            start_date: valid.period.start(),
            end_date: valid.period.end(),
            figures: crate::figures::HubFigures {
                deliverables_total: 0,
                deliverables_delivered: 0,
                deliverables_late: 0,
                indicators_total: 0,
                indicators_on_track: 0,
                synchronization_degree: 0,
                reporting_status: crate::figures::ReportingStatus::Green,
            },
            label_granted_on: None,
            proposal_id: None,
            created_at: now,
            updated_at: now,
        };
        let patch: HubPatch = serde_json::from_str(r#"{"name": "Eko-Bil II", "city": null}"#).unwrap_or_default();
        let patched = patch.apply_to(&current);
        assert_eq!(patched.name, "Eko-Bil II");
        assert_eq!(patched.city, None);
        assert_eq!(patched.slug.as_deref(), Some("eko-bil"));
        assert_eq!(patched.sdgs, vec![4, 13]);
        assert_eq!(patched.lead_organisation_id, "org-avcilar");
        assert_eq!(patched.partner_organisation_ids, vec!["org-uclg-mewa".to_owned()]);

        let untouched: HubPatch = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!(untouched.apply_to(&current).city.as_deref(), Some("Istanbul"));
    }

    #[test]
    fn enums_parse_only_their_wire_forms() {
        assert_eq!("hybrid".parse::<Modality>(), Ok(Modality::Hybrid));
        assert_eq!("Hybrid".parse::<Modality>().map_err(|e| e.rule), Err(Rule::OneOf));
        for status in HubStatus::ALL {
            assert_eq!(status.as_str().parse::<HubStatus>(), Ok(*status));
        }
    }
}
