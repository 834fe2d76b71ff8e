//! Organisations: the local and regional governments that lead hubs, and their partners.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::{CountryCode, Invalid, OrganisationName, Rule, ValidationErrors, WebUrl};

wire_enum!(
    /// What an organisation is. Only the first three may lead a hub (the label's first rule).
    OrganisationKind {
        /// A city, municipality or other local government.
        LocalGovernment => "local_government",
        /// A region, province or other regional government.
        RegionalGovernment => "regional_government",
        /// An association of local or regional governments.
        LrgAssociation => "lrg_association",
        /// A civil-society organisation.
        CivilSociety => "civil_society",
        /// A university or research body.
        Academia => "academia",
        /// A company.
        PrivateSector => "private_sector",
        /// A national government or one of its agencies.
        NationalGovernment => "national_government",
        /// An international organisation.
        InternationalOrganisation => "international_organisation",
    }
);

impl OrganisationKind {
    /// Whether an organisation of this kind may lead a hub: it is a local or regional government
    /// or an association of them.
    pub fn can_lead(self) -> bool {
        matches!(
            self,
            OrganisationKind::LocalGovernment | OrganisationKind::RegionalGovernment | OrganisationKind::LrgAssociation
        )
    }

    /// Checks the label's first rule for a hub's lead organisation.
    pub fn check_can_lead(self) -> Result<(), Invalid> {
        if self.can_lead() {
            Ok(())
        } else {
            Err(Invalid::new(
                Rule::LedLocally,
                format!(
                    "a hub is led by a local government, a regional government or an association of them, not by a {} organisation",
                    self.as_str()
                ),
            ))
        }
    }
}

wire_enum!(
    /// UCLG's world regions, and Metropolis, its section for metropolitan members.
    WorldRegion {
        /// Africa.
        Africa => "africa",
        /// Asia-Pacific.
        AsiaPacific => "asia_pacific",
        /// Eurasia.
        Eurasia => "eurasia",
        /// Europe.
        Europe => "europe",
        /// Latin America.
        LatinAmerica => "latin_america",
        /// Middle East and West Asia.
        MiddleEastWestAsia => "middle_east_west_asia",
        /// North America.
        NorthAmerica => "north_america",
        /// Metropolis, the metropolitan section.
        Metropolis => "metropolis",
    }
);

include!("region_list.rs");

impl WorldRegion {
    /// The region a country's local governments usually belong to, when there is one.
    pub fn default_for(country: &CountryCode) -> Option<WorldRegion> {
        DEFAULT_REGIONS.iter().find(|(code, _)| *code == country.as_str()).map(|(_, region)| *region)
    }
}

/// An organisation as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    /// The public id, a UUIDv7.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: OrganisationKind,
    /// Its country, ISO 3166-1 alpha-2.
    pub country: String,
    /// Its UCLG world region.
    pub region: WorldRegion,
    /// Its website.
    pub website: Option<String>,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// What a hub shows of an organisation it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationSummary {
    /// The organisation's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: OrganisationKind,
    /// Its country.
    pub country: String,
    /// Its UCLG world region.
    pub region: WorldRegion,
}

/// The body of `POST /api/v1/organisations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOrganisation {
    /// 2 to 200 characters.
    pub name: String,
    /// What it is.
    pub kind: OrganisationKind,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Defaults to the country's usual UCLG region; required for a country that has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<WorldRegion>,
    /// `https://…` or `http://…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// The body of `PATCH /api/v1/organisations/{id}`: a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganisationPatch {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrganisationKind>,
    /// A new country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// A new region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<WorldRegion>,
    /// A new website; `null` removes it.
    #[serde(default, deserialize_with = "crate::hub::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub website: Option<Option<String>>,
}

/// An organisation that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidOrganisation {
    /// The name.
    pub name: OrganisationName,
    /// The kind.
    pub kind: OrganisationKind,
    /// The country.
    pub country: CountryCode,
    /// The region.
    pub region: WorldRegion,
    /// The website.
    pub website: Option<WebUrl>,
}

impl NewOrganisation {
    /// Checks every rule at once.
    pub fn validate(&self) -> Result<ValidOrganisation, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check("name", OrganisationName::parse(&self.name));
        let country = errors.check("country", CountryCode::parse(&self.country));
        let region = match (self.region, &country) {
            (Some(region), _) => Some(region),
            (None, Some(country)) => {
                let region = WorldRegion::default_for(country);
                if region.is_none() {
                    let message = format!("{} has no usual UCLG region: say which one", country.as_str());
                    errors.push("region", Invalid::new(Rule::Required, message));
                }
                region
            }
            (None, None) => None,
        };
        let website = match self.website.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            Some(website) => errors.check("website", WebUrl::parse(website)).map(Some),
            None => Some(None),
        };
        errors.finish(|| {
            Some(ValidOrganisation {
                name: name?,
                kind: self.kind,
                country: country?,
                region: region?,
                website: website?,
            })
        })
    }
}

impl OrganisationPatch {
    /// The whole organisation as it would be after this patch.
    pub fn apply_to(self, current: &Organisation) -> NewOrganisation {
        let country_changed = self.country.as_ref().is_some_and(|c| !c.eq_ignore_ascii_case(&current.country));
        NewOrganisation {
            name: self.name.unwrap_or_else(|| current.name.clone()),
            kind: self.kind.unwrap_or(current.kind),
            country: self.country.unwrap_or_else(|| current.country.clone()),
            // A new country without a region takes that country's usual region.
            region: self.region.or((!country_changed).then_some(current.region)),
            website: self.website.unwrap_or_else(|| current.website.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(kind: OrganisationKind, country: &str) -> NewOrganisation {
        NewOrganisation { name: "Somewhere".into(), kind, country: country.into(), region: None, website: None }
    }

    #[test]
    fn only_local_and_regional_governments_and_their_associations_can_lead() {
        let leaders: Vec<_> = OrganisationKind::ALL.iter().filter(|k| k.can_lead()).collect();
        assert_eq!(
            leaders,
            [
                &OrganisationKind::LocalGovernment,
                &OrganisationKind::RegionalGovernment,
                &OrganisationKind::LrgAssociation
            ]
        );
        assert_eq!(OrganisationKind::Academia.check_can_lead().map_err(|e| e.rule), Err(Rule::LedLocally));
    }

    #[test]
    fn the_region_defaults_to_the_countrys_usual_one() {
        let cases = [
            ("IT", WorldRegion::Europe),
            ("TR", WorldRegion::MiddleEastWestAsia),
            ("KZ", WorldRegion::Eurasia),
            ("SN", WorldRegion::Africa),
            ("MX", WorldRegion::LatinAmerica),
            ("CA", WorldRegion::NorthAmerica),
            ("KR", WorldRegion::AsiaPacific),
        ];
        for (country, region) in cases {
            let valid = new(OrganisationKind::LocalGovernment, country).validate().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(valid.region, region, "{country}");
        }
    }

    #[test]
    fn a_country_without_a_usual_region_needs_one_given() {
        let errors = new(OrganisationKind::Academia, "AQ").validate().err().unwrap_or_default();
        assert_eq!(errors.0[0].field, "region");
        let given = NewOrganisation { region: Some(WorldRegion::Europe), ..new(OrganisationKind::Academia, "AQ") };
        assert!(given.validate().is_ok());
    }

    #[test]
    fn a_patch_moving_the_country_moves_the_default_region_too() {
        let now = Utc::now();
        let current = Organisation {
            id: "o".into(),
            name: "City".into(),
            kind: OrganisationKind::LocalGovernment,
            country: "IT".into(),
            region: WorldRegion::Metropolis,
            website: Some("https://city.example".into()),
            created_at: now,
            updated_at: now,
        };
        let kept = OrganisationPatch { name: Some("New".into()), ..Default::default() }.apply_to(&current);
        assert_eq!(kept.region, Some(WorldRegion::Metropolis));
        assert_eq!(kept.website.as_deref(), Some("https://city.example"));
        let moved = OrganisationPatch { country: Some("SN".into()), ..Default::default() }.apply_to(&current);
        assert_eq!(moved.validate().map(|o| o.region), Ok(WorldRegion::Africa));
        let cleared: OrganisationPatch = serde_json::from_str(r#"{"website": null}"#).unwrap_or_default();
        assert_eq!(cleared.apply_to(&current).website, None);
    }
}
