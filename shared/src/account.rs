//! Identity and access: accounts and their roles, sessions, API keys for third-party systems,
//! and the audit trail of every change.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::hub::HubParties;
use crate::organisation::OrganisationSummary;
use crate::sdg::Lang;
use crate::validation::{Email, Invalid, MAX_LIST_ITEMS, Rule, ValidationErrors, no_control_characters};

wire_enum!(
    /// What an account may do, beside reading public data.
    Role {
        /// UCLG World Secretariat: everything, including users, organisations and the label.
        Admin => "admin",
        /// Advisory board: reads everything and reviews proposals.
        Reviewer => "reviewer",
        /// Staff of member organisations: edits the hubs their organisations lead or partner.
        Manager => "manager",
    }
);

wire_enum!(
    /// What an API key may do: `read`, `write` (its organisation's hubs), `read:metrics` (the
    /// dashboards' figures over every hub).
    Scope {
        /// Read what the key's organisation could read.
        Read => "read",
        /// Read the dashboards' metrics (`/api/v1/metrics/…`) over every hub, whatever its
        /// status; nothing else.
        ReadMetrics => "read:metrics",
        /// Change the hubs of the key's organisation.
        Write => "write",
    }
);

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted (hashing longer ones would only cost time).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// The most common passwords long enough to pass the length rule (see `data/common-passwords.LICENSE`).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// Whether `password` is one of the most common passwords, whatever its case and surrounding spaces.
pub fn is_common_password(password: &str) -> bool {
    let candidate = password.trim().to_lowercase();
    COMMON_PASSWORDS.lines().any(|common| common == candidate)
}

/// Checks a new password: 12 to 256 characters, not only spaces, no control characters, and not
/// one of the most common passwords.
pub fn check_password(password: &str) -> Result<(), Invalid> {
    no_control_characters(password, false)?;
    let length = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length) {
        return Err(Invalid::new(
            Rule::Length,
            format!("a password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters (got {length})"),
        ));
    }
    if password.trim().is_empty() {
        return Err(Invalid::new(Rule::Required, "a password is more than spaces"));
    }
    if is_common_password(password) {
        return Err(Invalid::new(Rule::Format, "this is one of the most common passwords: choose another"));
    }
    Ok(())
}

/// Checks a display name: 1 to 100 characters on one line.
pub fn check_display_name(name: &str) -> Result<String, Invalid> {
    no_control_characters(name, false)?;
    let name = name.trim();
    match name.chars().count() {
        0 => Err(Invalid::new(Rule::Required, "the display name is required")),
        1..=100 => Ok(name.to_owned()),
        length => Err(Invalid::new(Rule::Length, format!("the display name has 1 to 100 characters (got {length})"))),
    }
}

/// An account as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// The public id, a UUIDv7.
    pub id: String,
    /// The sign-in address, unique whatever its case.
    pub email: String,
    /// The name shown to others.
    pub display_name: String,
    /// The preferred interface language.
    pub language: Lang,
    /// What the account may do.
    pub roles: Vec<Role>,
    /// The organisations it belongs to (what a manager manages).
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub organisation_ids: Vec<String>,
    /// Whether it may sign in; deactivating ends its sessions at once.
    pub active: bool,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl User {
    /// Whether the account has `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Whether an account with these roles and organisations may change `hub` and what belongs to
/// it: the Secretariat always, a manager when one of their organisations leads or partners in it.
/// The server enforces it; the web app uses it to show only the controls the server would accept.
pub fn may_manage_hub(roles: &[Role], organisation_ids: &[String], hub: &impl HubParties) -> bool {
    roles.contains(&Role::Admin) || (roles.contains(&Role::Manager) && acts_for(organisation_ids, hub))
}

/// Whether an account with these roles and organisations may issue (and so keep alive) an API
/// key acting for `organisation` (none: a Secretariat key): the Secretariat any key, a manager
/// the keys of their own organisations. A key lives only while its creator still may.
pub fn may_issue_key(roles: &[Role], organisation_ids: &[String], organisation: Option<&str>) -> bool {
    roles.contains(&Role::Admin)
        || (roles.contains(&Role::Manager)
            && organisation.is_some_and(|id| organisation_ids.iter().any(|own| own == id)))
}

/// Whether one of these organisations leads or partners in `hub`.
pub fn acts_for(organisation_ids: &[String], hub: &impl HubParties) -> bool {
    organisation_ids.iter().any(|organisation| {
        organisation == hub.lead_organisation_id() || hub.partner_organisation_ids().contains(organisation)
    })
}

/// `GET /api/v1/auth/me`: the signed-in account with its organisations by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The account.
    #[serde(flatten)]
    pub user: User,
    /// Its organisations, by name.
    pub organisations: Vec<OrganisationSummary>,
}

/// The body of `POST /api/v1/users` (admin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// The sign-in address.
    pub email: String,
    /// 1 to 100 characters.
    pub display_name: String,
    /// Defaults to `en`.
    #[serde(default)]
    pub language: Lang,
    /// What the account may do; none means it reads what the public reads.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The organisations it belongs to.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub organisation_ids: Vec<String>,
    /// Defaults to `true`.
    #[serde(default = "yes")]
    pub active: bool,
    /// 12 to 256 characters; leave out to have one generated and returned once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

fn yes() -> bool {
    true
}

/// An account that passed every rule `shared` can check.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidUser {
    /// The address.
    pub email: Email,
    /// The display name.
    pub display_name: String,
    /// The language.
    pub language: Lang,
    /// The roles, without duplicates.
    pub roles: Vec<Role>,
    /// The organisations, without duplicates.
    pub organisation_ids: Vec<String>,
    /// Whether it may sign in.
    pub active: bool,
}

fn check_roles(roles: &[Role], errors: &mut ValidationErrors) -> Vec<Role> {
    let mut kept = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        if kept.contains(role) {
            errors.push(format!("roles[{index}]"), Invalid::new(Rule::Duplicate, format!("{role} is listed twice")));
        } else {
            kept.push(*role);
        }
    }
    kept
}

fn check_ids(field: &str, ids: &[String], errors: &mut ValidationErrors) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    if !errors.check_list_length(field, ids.len(), MAX_LIST_ITEMS) {
        return kept;
    }
    for (index, id) in ids.iter().enumerate() {
        if kept.contains(id) {
            errors.push(format!("{field}[{index}]"), Invalid::new(Rule::Duplicate, format!("{id} is listed twice")));
        } else {
            kept.push(id.clone());
        }
    }
    kept
}

impl NewUser {
    /// Checks every rule at once (that the organisations exist is the database's to say).
    pub fn validate(&self) -> Result<ValidUser, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let email = errors.check("email", Email::parse(&self.email));
        let display_name = errors.check("display_name", check_display_name(&self.display_name));
        if let Some(password) = &self.password {
            errors.check("password", check_password(password));
        }
        let roles = check_roles(&self.roles, &mut errors);
        let organisation_ids = check_ids("organisation_ids", &self.organisation_ids, &mut errors);
        errors.finish(|| {
            Some(ValidUser {
                email: email?,
                display_name: display_name?,
                language: self.language,
                roles,
                organisation_ids,
                active: self.active,
            })
        })
    }
}

/// `201` of `POST /api/v1/users`: the account, and the generated password when none was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedUser {
    /// The account.
    #[serde(flatten)]
    pub user: User,
    /// The generated password, shown this once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_password: Option<String>,
}

/// The body of `PATCH /api/v1/users/{id}`: a JSON merge patch. An account may change its own
/// display name and language; only an admin changes roles, organisations, activity or email.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// A new sign-in address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A new display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// A new language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    /// The new roles (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Role>>,
    /// The new organisations (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub organisation_ids: Option<Vec<String>>,
    /// Activate or deactivate; deactivating ends every session at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

impl UserPatch {
    /// The fields only an admin may change, among those this patch sets.
    pub fn admin_fields(&self) -> Vec<&'static str> {
        let fields = [
            ("email", self.email.is_some()),
            ("roles", self.roles.is_some()),
            ("organisation_ids", self.organisation_ids.is_some()),
            ("active", self.active.is_some()),
        ];
        fields.into_iter().filter(|(_, set)| *set).map(|(field, _)| field).collect()
    }

    /// The whole account as it would be after this patch.
    pub fn apply_to(self, current: &User) -> NewUser {
        NewUser {
            email: self.email.unwrap_or_else(|| current.email.clone()),
            display_name: self.display_name.unwrap_or_else(|| current.display_name.clone()),
            language: self.language.unwrap_or(current.language),
            roles: self.roles.unwrap_or_else(|| current.roles.clone()),
            organisation_ids: self.organisation_ids.unwrap_or_else(|| current.organisation_ids.clone()),
            active: self.active.unwrap_or(current.active),
            password: None,
        }
    }
}

/// The body of `POST /api/v1/users/me/password`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password in use.
    pub current_password: String,
    /// 12 to 256 characters.
    pub new_password: String,
}

impl PasswordChange {
    /// Checks the new password's rules, and that it is not the current one.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        errors.check("new_password", check_password(&self.new_password));
        if errors.is_empty() && self.new_password == self.current_password {
            errors.push("new_password", Invalid::new(Rule::Consistent, "the new password is the current one"));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// `200` of `POST /api/v1/users/{id}/password-reset` (admin): the new password, shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    /// The generated password; the account's sessions have ended.
    pub initial_password: String,
}

/// The body of `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// The sign-in address, in any case.
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    /// The password.
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub password: String,
}

/// The longest sign-in address (RFC 5321's limit on a path).
pub const MAX_EMAIL_CHARS: usize = 254;

impl Login {
    /// Refuses, before any work is done, what no account could sign in with: an address or a
    /// password longer than any an account can have.
    pub fn check(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let too_long =
            |what: &str, max: usize| Invalid::new(Rule::Length, format!("{what} has at most {max} characters"));
        if self.email.chars().count() > MAX_EMAIL_CHARS {
            errors.push("email", too_long("an address", MAX_EMAIL_CHARS));
        }
        if self.password.chars().count() > MAX_PASSWORD_CHARS {
            errors.push("password", too_long("a password", MAX_PASSWORD_CHARS));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// The body of `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token last received.
    pub refresh_token: String,
}

/// A session's tokens: a short-lived access token to send as `Authorization: Bearer …`, and a
/// refresh token that buys the next pair once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    /// A JWT, valid for `expires_in` seconds.
    pub access_token: String,
    /// Single use: `POST /api/v1/auth/refresh` exchanges it for a new pair. Absent when the
    /// caller asked for it in the `HttpOnly` cookie (`X-Session-Cookie: 1`, the web app).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Always `Bearer`.
    pub token_type: String,
    /// The access token's lifetime, in seconds.
    pub expires_in: u64,
}

/// An API key as listed (never with its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    /// The public id, a UUIDv7.
    pub id: String,
    /// What the key is for.
    pub name: String,
    /// The first characters of its secret, to recognise it.
    pub prefix: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// The organisation it acts for; none for a Secretariat key, which reads everything but writes nothing.
    pub organisation_id: Option<String>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// The account that created it; the key is revoked when that account may no longer issue it.
    pub created_by: String,
}

/// The body of `POST /api/v1/api-keys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    /// 2 to 100 characters.
    pub name: String,
    /// At least one.
    pub scopes: Vec<Scope>,
    /// The organisation it acts for: one of the manager's own; an admin may leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    /// When it stops working; in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

impl NewApiKey {
    /// Checks every rule at once; `now` bounds the expiry.
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        max_lifetime: Option<chrono::Duration>,
    ) -> Result<ValidKey, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = match no_control_characters(&self.name, false).map(|()| self.name.trim()) {
            Ok(name) if (2..=100).contains(&name.chars().count()) => Some(name.to_owned()),
            Ok(_) => {
                errors.push("name", Invalid::new(Rule::Length, "a key's name has 2 to 100 characters"));
                None
            }
            Err(invalid) => {
                errors.push("name", invalid);
                None
            }
        };
        let mut scopes: Vec<Scope> = Vec::new();
        for (index, scope) in self.scopes.iter().enumerate() {
            if scopes.contains(scope) {
                errors.push(
                    format!("scopes[{index}]"),
                    Invalid::new(Rule::Duplicate, format!("{scope} is listed twice")),
                );
            } else {
                scopes.push(*scope);
            }
        }
        if self.scopes.is_empty() {
            errors.push("scopes", Invalid::new(Rule::Required, "a key has at least one scope"));
        }
        if self.scopes.contains(&Scope::Write) && self.organisation_id.is_none() {
            errors.push("organisation_id", Invalid::new(Rule::Required, "a key that writes acts for one organisation"));
        }
        if let Some(expiry) = self.expires_at
            && expiry <= now
        {
            errors.push("expires_at", Invalid::new(Rule::Range, "the expiry is in the future"));
        }
        // Past the deployment's longest lifetime a key is refused; without an expiry it gets that lifetime.
        let latest = max_lifetime.map(|lifetime| now + lifetime);
        if let (Some(expiry), Some(latest)) = (self.expires_at, latest)
            && expiry > latest
        {
            let message =
                format!("a key lives at most until {} here (API_KEY_MAX_DAYS)", latest.format("%Y-%m-%d %H:%M UTC"));
            errors.push("expires_at", Invalid::new(Rule::Range, message));
        }
        let expires_at = self.expires_at.or(latest);
        errors.finish(|| Some(ValidKey { name: name?, scopes, expires_at }))
    }
}

/// A new key that passed its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidKey {
    /// The trimmed name.
    pub name: String,
    /// The scopes, without duplicates.
    pub scopes: Vec<Scope>,
    /// When it expires: as asked, or the deployment's longest lifetime.
    pub expires_at: Option<DateTime<Utc>>,
}

/// `201` of `POST /api/v1/api-keys`: the key and its secret, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// The key.
    #[serde(flatten)]
    pub key: ApiKey,
    /// Send it as `Authorization: Bearer l4a_…` or `X-API-Key: l4a_…`; it cannot be shown again.
    pub secret: String,
}

wire_enum!(
    /// Who made a change.
    ActorKind {
        /// A signed-in account.
        User => "user",
        /// A third-party system, with an API key.
        ApiKey => "api_key",
        /// The platform itself (a command, a migration).
        System => "system",
    }
);

/// One field's value before and after a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The value before (`null` for a creation).
    pub before: serde_json::Value,
    /// The value after (`null` for a deletion).
    pub after: serde_json::Value,
}

/// One entry of the audit trail: who changed what, when, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// The public id, a UUIDv7 (so entries sort by time).
    pub id: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// A user, an API key, or the platform.
    pub actor_kind: ActorKind,
    /// The user's or key's id.
    pub actor_id: Option<String>,
    /// The user's email or the key's name, as they were then.
    pub actor_name: String,
    /// What kind of record changed (`hub`, `deliverable`, `user`, …).
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// `create`, `update`, `delete`, or a named action (`revoke`, `password_reset`).
    pub action: String,
    /// The hub it belongs to, for a hub's history.
    pub hub_id: Option<String>,
    /// The changed fields, before and after (secrets never appear).
    pub changes: BTreeMap<String, FieldChange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_has_twelve_to_256_characters() {
        assert!(check_password("correct horse").is_ok());
        assert_eq!(check_password("short").map_err(|e| e.rule), Err(Rule::Length));
        assert_eq!(check_password(&"x".repeat(257)).map_err(|e| e.rule), Err(Rule::Length));
        assert_eq!(check_password("twelve chars\u{0}").map_err(|e| e.rule), Err(Rule::Format));
        assert_eq!(check_password(&" ".repeat(14)).map_err(|e| e.rule), Err(Rule::Required), "only spaces");
        for common in ["1qaz2wsx3edc", "LeaveMeAlone", " qwerty123456 "] {
            assert_eq!(check_password(common).map_err(|e| e.rule), Err(Rule::Format), "{common}");
        }
        let change = |current: &str, new: &str| {
            PasswordChange { current_password: current.into(), new_password: new.into() }.validate()
        };
        assert!(change("correct horse battery", "correct horse battery").is_err(), "the same password");
        assert!(change("correct horse battery", "a different long one").is_ok());
    }

    #[test]
    fn a_new_user_reports_every_broken_rule() {
        let new = NewUser {
            email: "not an address".into(),
            display_name: " ".into(),
            language: Lang::Fr,
            roles: vec![Role::Manager, Role::Manager],
            organisation_ids: vec!["a".into(), "a".into()],
            active: true,
            password: Some("short".into()),
        };
        let fields: Vec<String> = new.validate().err().unwrap_or_default().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["email", "display_name", "password", "roles[1]", "organisation_ids[1]"]);
    }

    #[test]
    fn only_an_admin_changes_roles_organisations_activity_or_email() {
        let own = UserPatch { display_name: Some("Ana".into()), language: Some(Lang::Es), ..Default::default() };
        assert!(own.admin_fields().is_empty());
        let escalation = UserPatch { roles: Some(vec![Role::Admin]), active: Some(true), ..Default::default() };
        assert_eq!(escalation.admin_fields(), ["roles", "active"]);
    }

    #[test]
    fn a_writing_key_acts_for_one_organisation_and_expires_in_the_future() {
        let now = Utc::now();
        let key = NewApiKey {
            name: "Dashboard".into(),
            scopes: vec![Scope::Write],
            organisation_id: None,
            expires_at: Some(now),
        };
        let fields: Vec<String> =
            key.validate(now, None).err().unwrap_or_default().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["organisation_id", "expires_at"]);
        let fine =
            NewApiKey { scopes: vec![Scope::Read, Scope::ReadMetrics], organisation_id: None, expires_at: None, ..key };
        assert_eq!(fine.validate(now, None).map(|key| key.expires_at), Ok(None));
        assert_eq!(Scope::ReadMetrics.as_str(), "read:metrics");
    }

    #[test]
    fn a_key_lives_no_longer_than_the_deployment_allows() {
        let now = Utc::now();
        let year = chrono::Duration::days(365);
        let forever =
            NewApiKey { name: "Dashboard".into(), scopes: vec![Scope::Read], organisation_id: None, expires_at: None };
        assert_eq!(forever.validate(now, Some(year)).map(|key| key.expires_at), Ok(Some(now + year)));
        let too_long = NewApiKey { expires_at: Some(now + year * 2), ..forever.clone() };
        let fields: Vec<String> =
            too_long.validate(now, Some(year)).err().unwrap_or_default().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["expires_at"]);
        let within = NewApiKey { expires_at: Some(now + chrono::Duration::days(30)), ..forever };
        assert!(within.validate(now, Some(year)).is_ok());
    }

    #[test]
    fn a_key_is_issued_by_the_secretariat_or_a_manager_of_its_organisation() {
        let own = vec!["a".to_owned()];
        assert!(may_issue_key(&[Role::Admin], &[], None));
        assert!(may_issue_key(&[Role::Manager], &own, Some("a")));
        assert!(!may_issue_key(&[Role::Manager], &own, Some("b")));
        assert!(!may_issue_key(&[Role::Manager], &own, None));
        assert!(!may_issue_key(&[], &own, Some("a")), "a member without the manager role");
        assert!(!may_issue_key(&[Role::Reviewer], &own, Some("a")));
    }
}
