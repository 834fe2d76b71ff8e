//! Stakeholders: the people and bodies involved in a hub, who set its success criteria with it
//! (the label's participatory rule). Their contact details are private to the hub's managers,
//! so the public and the private views are two types and the public one cannot carry them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::hub::present;
use crate::validation::{Email, OrganisationName, Phone, ValidationErrors};

wire_enum!(
    /// What a stakeholder is.
    StakeholderKind {
        /// A group of citizens or residents.
        CitizensGroup => "citizens_group",
        /// A civil-society organisation.
        CivilSociety => "civil_society",
        /// A university or research body.
        Academia => "academia",
        /// A company.
        PrivateSector => "private_sector",
        /// A local or regional government.
        LocalRegionalGovernment => "local_regional_government",
        /// A national government or one of its agencies.
        NationalGovernment => "national_government",
        /// An international organisation.
        InternationalOrganisation => "international_organisation",
        /// A body of UCLG.
        UclgBody => "uclg_body",
    }
);

wire_enum!(
    /// The part a stakeholder plays in the hub.
    StakeholderRole {
        /// Works with the hub on its actions.
        Partner => "partner",
        /// Takes part in its activities.
        Participant => "participant",
        /// Funds it.
        Funder => "funder",
        /// Brings expertise.
        Expert => "expert",
    }
);

/// A stakeholder as anyone may see it: no contact details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stakeholder {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The hub it is involved in.
    pub hub_id: String,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: StakeholderKind,
    /// The part it plays.
    pub role: StakeholderRole,
    /// Whether it took part in setting the hub's success criteria.
    pub took_part_in_criteria: bool,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// A stakeholder as the hub's managers see it, with its private contact details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StakeholderWithContact {
    /// Everything public.
    #[serde(flatten)]
    pub stakeholder: Stakeholder,
    /// Private: an email address.
    pub contact_email: Option<String>,
    /// Private: a phone number.
    pub contact_phone: Option<String>,
}

/// What a caller is shown of a stakeholder: the private view only where they may manage the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StakeholderView {
    /// For the hub's managers: with contact details.
    Private(StakeholderWithContact),
    /// For everyone else.
    Public(Stakeholder),
}

/// Documented as one object: the public fields, and the contact details that only those who may
/// read them receive. (Two `oneOf` branches would both match every private answer, since the
/// public one allows more members.)
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for StakeholderView {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::Ref;
        use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, SchemaType, Type};
        let contact = |description: &str| {
            ObjectBuilder::new()
                .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                .description(Some(description))
        };
        AllOfBuilder::new()
            .item(Ref::from_schema_name("Stakeholder"))
            .item(
                ObjectBuilder::new()
                    .property("contact_email", contact("Private: present only for admins, reviewers, the hub's managers and its organisations' write keys"))
                    .property("contact_phone", contact("Private: present only for admins, reviewers, the hub's managers and its organisations' write keys")),
            )
            .description(Some("A stakeholder as the caller may see it: with contact details only where the caller may read them."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for StakeholderView {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        schemas.push(("Stakeholder".into(), <Stakeholder as utoipa::PartialSchema>::schema()));
        <Stakeholder as utoipa::ToSchema>::schemas(schemas);
    }
}

impl StakeholderView {
    /// The public part, whichever the view.
    pub fn public(&self) -> &Stakeholder {
        match self {
            StakeholderView::Private(private) => &private.stakeholder,
            StakeholderView::Public(public) => public,
        }
    }
}

impl StakeholderWithContact {
    /// The view a caller gets: everything when `private` is allowed, the public part otherwise.
    pub fn view(self, private: bool) -> StakeholderView {
        if private { StakeholderView::Private(self) } else { StakeholderView::Public(self.stakeholder) }
    }
}

/// The body of `POST /api/v1/hubs/{hub}/stakeholders`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStakeholder {
    /// 2 to 200 characters.
    pub name: String,
    /// What it is.
    pub kind: StakeholderKind,
    /// The part it plays.
    pub role: StakeholderRole,
    /// Whether it took part in setting the hub's success criteria; `false` when left out.
    #[serde(default)]
    pub took_part_in_criteria: bool,
    /// Private: an email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// Private: a phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
}

/// The body of `PATCH /api/v1/stakeholders/{id}`: a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StakeholderPatch {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<StakeholderKind>,
    /// A new role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<StakeholderRole>,
    /// Whether it took part in setting the criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub took_part_in_criteria: Option<bool>,
    /// A new email address; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub contact_email: Option<Option<String>>,
    /// A new phone number; `null` removes it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub contact_phone: Option<Option<String>>,
}

/// A stakeholder that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidStakeholder {
    /// The name.
    pub name: OrganisationName,
    /// The kind.
    pub kind: StakeholderKind,
    /// The role.
    pub role: StakeholderRole,
    /// Whether it took part in setting the criteria.
    pub took_part_in_criteria: bool,
    /// The email address.
    pub contact_email: Option<Email>,
    /// The phone number.
    pub contact_phone: Option<Phone>,
}

fn optional<T>(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, crate::validation::Invalid>,
) -> Option<Option<T>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => errors.check(field, parse(value)).map(Some),
        None => Some(None),
    }
}

impl NewStakeholder {
    /// Checks every rule at once.
    pub fn validate(&self) -> Result<ValidStakeholder, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check("name", OrganisationName::parse(&self.name));
        let email = optional(&mut errors, "contact_email", self.contact_email.as_deref(), Email::parse);
        let phone = optional(&mut errors, "contact_phone", self.contact_phone.as_deref(), Phone::parse);
        errors.finish(|| {
            Some(ValidStakeholder {
                name: name?,
                kind: self.kind,
                role: self.role,
                took_part_in_criteria: self.took_part_in_criteria,
                contact_email: email?,
                contact_phone: phone?,
            })
        })
    }
}

impl From<NewStakeholder> for StakeholderPatch {
    /// The patch that sets every field to the given stakeholder's (what an edit form sends).
    fn from(new: NewStakeholder) -> Self {
        Self {
            name: Some(new.name),
            kind: Some(new.kind),
            role: Some(new.role),
            took_part_in_criteria: Some(new.took_part_in_criteria),
            contact_email: Some(new.contact_email),
            contact_phone: Some(new.contact_phone),
        }
    }
}

impl StakeholderPatch {
    /// The whole stakeholder as it would be after this patch.
    pub fn apply_to(self, current: &StakeholderWithContact) -> NewStakeholder {
        NewStakeholder {
            name: self.name.unwrap_or_else(|| current.stakeholder.name.clone()),
            kind: self.kind.unwrap_or(current.stakeholder.kind),
            role: self.role.unwrap_or(current.stakeholder.role),
            took_part_in_criteria: self.took_part_in_criteria.unwrap_or(current.stakeholder.took_part_in_criteria),
            contact_email: self.contact_email.unwrap_or_else(|| current.contact_email.clone()),
            contact_phone: self.contact_phone.unwrap_or_else(|| current.contact_phone.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Rule;

    #[test]
    fn the_public_view_serialises_without_contact_details() {
        let now = Utc::now();
        let public = Stakeholder {
            id: "s".into(),
            hub_id: "h".into(),
            name: "Residents' council".into(),
            kind: StakeholderKind::CitizensGroup,
            role: StakeholderRole::Participant,
            took_part_in_criteria: true,
            created_at: now,
            updated_at: now,
        };
        let private = StakeholderWithContact {
            stakeholder: public.clone(),
            contact_email: Some("council@example.org".into()),
            contact_phone: None,
        };
        let public_json = serde_json::to_value(&public).unwrap_or_default();
        assert!(public_json.get("contact_email").is_none() && public_json.get("contact_phone").is_none());
        let private_json = serde_json::to_value(&private).unwrap_or_default();
        assert_eq!(private_json["contact_email"], "council@example.org");
        assert_eq!(private_json["name"], "Residents' council");
    }

    #[test]
    fn contact_details_are_checked_when_given() {
        let new = NewStakeholder {
            name: "Residents' council".into(),
            kind: StakeholderKind::CitizensGroup,
            role: StakeholderRole::Participant,
            took_part_in_criteria: true,
            contact_email: Some("not-an-email".into()),
            contact_phone: Some("  ".into()),
        };
        let errors = new.validate().err().unwrap_or_default();
        assert_eq!(errors.0.len(), 1);
        assert_eq!((errors.0[0].field.as_str(), errors.0[0].rule), ("contact_email", Rule::Format));
    }
}
