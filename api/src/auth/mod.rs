//! Who is calling and what they may do.
//!
//! Every handler takes a [`Principal`], read from `Authorization: Bearer <JWT>` (a signed-in
//! account), `Authorization: Bearer l4a_…` or `X-API-Key: l4a_…` (a third-party system), or
//! nothing (anonymous). Credentials that are sent but not valid are a 401, never a silent
//! downgrade to anonymous. Handlers then ask the principal about the object they touch, not just
//! the caller's role: a manager may change a hub only if one of their organisations leads it or
//! partners in it.

pub mod guards;
pub mod limiter;
pub mod tokens;

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use l4a_shared::account::{self, ActorKind, Role, Scope};
use l4a_shared::hub::HubParties;
use l4a_shared::validation::{FieldError, Rule};

use crate::config::Config;
use crate::db::Db;
use crate::error::ApiError;
use crate::models::audit::Actor;
use crate::models::hub::Visibility;
use crate::models::{api_key, user};
use crate::secrets::Passwords;
use limiter::{RateLimiter, SignInLimits};
use tokens::TokenKeys;

/// What signing in needs, shared by the workers.
pub struct AuthState {
    /// Signs and checks access tokens.
    pub keys: TokenKeys,
    /// Hashes and checks passwords.
    pub passwords: Passwords,
    /// How long an unused refresh token stays valid.
    pub refresh_lifetime: chrono::Duration,
    /// Failed sign-ins per client address, per account from an address, and per account.
    pub sign_in: SignInLimits,
    /// Wrong current passwords per account, when changing it.
    pub password_change: RateLimiter,
    /// The longest an API key may live (`API_KEY_MAX_DAYS`).
    pub api_key_max_lifetime: Option<chrono::Duration>,
}

impl AuthState {
    /// Reads the signing key and prepares the limits.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let window = Duration::from_secs(config.auth_limit_window_seconds);
        let threads = config
            .password_hash_threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get));
        let keys = TokenKeys::from_config(config)?;
        crate::models::set_etag_key(keys.etag_key());
        Ok(Self {
            keys,
            passwords: Passwords::new(threads, config.password_hash_queue)?,
            refresh_lifetime: chrono::Duration::days(i64::from(config.refresh_token_days)),
            sign_in: SignInLimits::new(config.auth_limit_per_account, config.auth_limit_per_address, window),
            password_change: RateLimiter::new("password_change", config.auth_limit_per_account, window),
            api_key_max_lifetime: config.api_key_max_days.map(|days| chrono::Duration::days(i64::from(days))),
        })
    }
}

/// Who a principal is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// No credentials.
    Anonymous,
    /// A signed-in account.
    User {
        /// Its id.
        id: String,
        /// Its address.
        email: String,
    },
    /// A third-party system.
    ApiKey {
        /// The key's id.
        id: String,
        /// The key's name.
        name: String,
        /// What it may do.
        scopes: Vec<Scope>,
        /// Its public prefix (`l4a_…`), which names it in logs.
        prefix: String,
    },
}

/// The caller of a request and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Who it is.
    pub identity: Identity,
    /// Its roles (none for anonymous callers and API keys).
    pub roles: Vec<Role>,
    /// The organisations it acts for.
    pub organisation_ids: Vec<String>,
}

impl Principal {
    /// A caller without credentials.
    pub fn anonymous() -> Self {
        Self { identity: Identity::Anonymous, roles: Vec::new(), organisation_ids: Vec::new() }
    }

    /// Whether the caller has `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The account's id, for a signed-in caller.
    pub fn user_id(&self) -> Option<&str> {
        match &self.identity {
            Identity::User { id, .. } => Some(id),
            Identity::Anonymous | Identity::ApiKey { .. } => None,
        }
    }

    /// How the audit trail names the caller.
    pub fn actor(&self) -> Actor {
        match &self.identity {
            Identity::Anonymous => Actor { kind: ActorKind::System, id: None, name: "anonymous".into() },
            Identity::User { id, email } => Actor { kind: ActorKind::User, id: Some(id.clone()), name: email.clone() },
            Identity::ApiKey { id, name, .. } => {
                Actor { kind: ActorKind::ApiKey, id: Some(id.clone()), name: name.clone() }
            }
        }
    }

    /// How log lines name the caller: `user:<id>`, `key:<prefix>` or `anonymous`.
    fn log_name(&self) -> String {
        match &self.identity {
            Identity::Anonymous => "anonymous".into(),
            Identity::User { id, .. } => format!("user:{id}"),
            Identity::ApiKey { prefix, .. } => format!("key:{prefix}"),
        }
    }

    /// 401 for an anonymous caller.
    pub fn signed_in(&self) -> Result<(), ApiError> {
        match self.identity {
            Identity::Anonymous => Err(ApiError::Unauthorized { detail: "sign in, or send an API key".into() }),
            Identity::User { .. } | Identity::ApiKey { .. } => Ok(()),
        }
    }

    /// 401 for an anonymous caller, 403 for anyone but an admin.
    pub fn admin(&self) -> Result<(), ApiError> {
        self.signed_in()?;
        if self.has(Role::Admin) { Ok(()) } else { Err(forbidden("only the Secretariat's administrators may do this")) }
    }

    /// The organisations whose integrations (`what`: API keys, webhooks) the caller manages:
    /// every one (`None`) for an admin, their own for a manager. 401 when anonymous, 403 for
    /// anyone else, an API key included: integrations are managed by people.
    pub fn integration_scope(&self, what: &str) -> Result<Option<Vec<String>>, ApiError> {
        self.signed_in()?;
        if self.user_id().is_none() {
            Err(forbidden(&format!("{what} are managed by people signed in, not by API keys")))
        } else if self.has(Role::Admin) {
            Ok(None)
        } else if self.has(Role::Manager) {
            Ok(Some(self.organisation_ids.clone()))
        } else {
            Err(forbidden(&format!("only administrators and managers manage {what}")))
        }
    }

    /// 401 when anonymous, 403 unless the caller manages the integrations (`what`) that act
    /// for `organisation_id`: an admin, or a manager of that organisation. `None` (every
    /// organisation) is the admins' alone.
    pub fn manage_integration(&self, organisation_id: Option<&str>, what: &str) -> Result<(), ApiError> {
        self.integration_scope(what)?;
        if account::may_issue_key(&self.roles, &self.organisation_ids, organisation_id) {
            Ok(())
        } else {
            Err(forbidden(&format!("a manager manages the {what} of their own organisations only")))
        }
    }

    /// Whether one of the caller's organisations leads or partners in `hub`.
    fn acts_for(&self, hub: &impl HubParties) -> bool {
        account::acts_for(&self.organisation_ids, hub)
    }

    /// Whether the caller may change `hub` and what belongs to it.
    pub fn may_manage(&self, hub: &impl HubParties) -> bool {
        match &self.identity {
            Identity::Anonymous => false,
            Identity::User { .. } => account::may_manage_hub(&self.roles, &self.organisation_ids, hub),
            Identity::ApiKey { scopes, .. } => scopes.contains(&Scope::Write) && self.acts_for(hub),
        }
    }

    /// 401 for an anonymous caller, 403 unless the caller may change `hub`.
    pub fn manage(&self, hub: &impl HubParties) -> Result<(), ApiError> {
        self.signed_in()?;
        if self.may_manage(hub) {
            Ok(())
        } else {
            Err(forbidden(&format!(
                "you may not change the hub {}: none of your organisations leads it or partners in it",
                hub.slug()
            )))
        }
    }

    /// Whether the caller reads every hub and every private field (the Secretariat, the board,
    /// and Secretariat keys, which act for no organisation).
    pub fn reads_everything(&self) -> bool {
        match &self.identity {
            Identity::Anonymous => false,
            Identity::User { .. } => self.has(Role::Admin) || self.has(Role::Reviewer),
            Identity::ApiKey { .. } => self.organisation_ids.is_empty(),
        }
    }

    /// Whether the metrics count every hub for the caller, whatever its status: the
    /// Secretariat, the board, and keys with the `read:metrics` scope (UCLG's dashboards).
    pub fn reads_all_metrics(&self) -> bool {
        match &self.identity {
            Identity::Anonymous => false,
            Identity::User { .. } => self.has(Role::Admin) || self.has(Role::Reviewer),
            Identity::ApiKey { scopes, .. } => scopes.contains(&Scope::ReadMetrics),
        }
    }

    /// Whether the caller sent no credentials.
    pub fn is_anonymous(&self) -> bool {
        self.identity == Identity::Anonymous
    }

    /// Which hubs listings show the caller.
    pub fn hub_visibility(&self) -> Visibility {
        if self.reads_everything() {
            Visibility::Everything
        } else {
            Visibility::PublicAnd(self.organisation_ids.clone())
        }
    }

    /// Whether the caller sees `hub` while it is not public: those who read everything, and
    /// the accounts and keys of its organisations.
    fn may_read_unpublished(&self, hub: &impl HubParties) -> bool {
        self.reads_everything() || (!matches!(self.identity, Identity::Anonymous) && self.acts_for(hub))
    }

    /// Whether the caller may read `hub`'s stakeholders' contact details: the Secretariat's
    /// administrators, the advisory board, and those who may change the hub (its managers and
    /// the `write` keys of its organisations). A member without the manager role, a `read` key
    /// (the kind a public dashboard embeds) and a Secretariat key do not.
    pub fn may_read_contacts(&self, hub: &impl HubParties) -> bool {
        self.has(Role::Admin) || self.has(Role::Reviewer) || self.may_manage(hub)
    }

    /// A hub the caller may not read is a 404, as if it did not exist.
    pub fn read(&self, hub: &impl HubParties) -> Result<(), ApiError> {
        if hub.status().is_public() || self.may_read_unpublished(hub) {
            Ok(())
        } else {
            Err(ApiError::NotFound { resource: "hub", key: hub.slug().to_owned() })
        }
    }

    /// A hub the caller may not read is a 404; one they may read but not change, a 401 or 403.
    pub fn change(&self, hub: &impl HubParties) -> Result<(), ApiError> {
        self.read(hub)?;
        self.manage(hub)
    }

    /// 403 naming each field the caller may not set.
    pub fn refuse_fields(fields: &[&str], why: &str) -> Result<(), ApiError> {
        if fields.is_empty() {
            return Ok(());
        }
        Err(ApiError::Forbidden {
            detail: format!("you may not set {}: {why}", fields.join(", ")),
            errors: fields
                .iter()
                .map(|field| FieldError { field: (*field).to_owned(), rule: Rule::Consistent, message: why.to_owned() })
                .collect(),
        })
    }
}

/// A 403 with a reason.
pub fn forbidden(detail: &str) -> ApiError {
    ApiError::Forbidden { detail: detail.to_owned(), errors: Vec::new() }
}

/// The credentials a request carries.
enum Credential {
    None,
    Jwt(String),
    ApiKey(String),
}

fn credential(request: &HttpRequest) -> Result<Credential, ApiError> {
    let malformed = || ApiError::Unauthorized { detail: "the Authorization header is not `Bearer <token>`".into() };
    let key = request.headers().get("x-api-key");
    let authorization = request.headers().get(header::AUTHORIZATION);
    match (authorization, key) {
        (None, None) => Ok(Credential::None),
        (Some(_), Some(_)) => Err(ApiError::Unauthorized { detail: "send one credential, not two".into() }),
        (None, Some(key)) => Ok(Credential::ApiKey(key.to_str().map_err(|_| malformed())?.trim().to_owned())),
        (Some(value), None) => {
            let value = value.to_str().map_err(|_| malformed())?;
            let (scheme, token) = value.split_once(' ').ok_or_else(malformed)?;
            if !scheme.eq_ignore_ascii_case("bearer") {
                return Err(malformed());
            }
            let token = token.trim().to_owned();
            if token.starts_with(api_key::KEY_PREFIX) {
                Ok(Credential::ApiKey(token))
            } else {
                Ok(Credential::Jwt(token))
            }
        }
    }
}

/// The writes anyone may send: signing in and out.
pub const OPEN_PATHS: [&str; 3] = ["/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout"];

/// The scope a request needs from an API key: reading or changing.
fn needed_scope(method: &Method) -> Scope {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) { Scope::Read } else { Scope::Write }
}

/// Works out who is calling from the request's headers (never its body), checking the key's
/// scope against the method, and records the caller for the request's log line.
async fn resolve(request: &HttpRequest) -> Result<Principal, ApiError> {
    let credential = credential(request);
    let (db, auth) =
        (request.app_data::<web::Data<Db>>().cloned(), request.app_data::<web::Data<AuthState>>().cloned());
    let method = request.method().clone();
    // Changes always need credentials: refusing before the body is read answers 401 rather than a
    // validation error to a caller who could not make the change anyway.
    let needs_credentials = needed_scope(&method) == Scope::Write && !OPEN_PATHS.contains(&request.path());
    let missing = || ApiError::Internal(anyhow::anyhow!("the database and auth state are registered"));
    let principal = match credential? {
        Credential::None if needs_credentials => {
            Err(ApiError::Unauthorized { detail: "sign in, or send an API key, to change anything".into() })
        }
        Credential::None => Ok(Principal::anonymous()),
        Credential::Jwt(token) => {
            let claims = auth.ok_or_else(missing)?.keys.verify(&token)?;
            let db = db.ok_or_else(missing)?;
            // A session ended by signing out or by a detected refresh reuse ends its access
            // tokens too, without waiting for them to expire.
            let stored = db
                .read(move |conn| {
                    let live = crate::models::session::is_live(conn, &claims.fam)?;
                    Ok((user::find(conn, &claims.sub)?.filter(|_| live), claims))
                })
                .await?;
            match stored {
                (Some(stored), claims) if stored.user.active && stored.session_epoch == claims.epoch => Ok(Principal {
                    identity: Identity::User { id: stored.user.id, email: stored.user.email },
                    roles: stored.user.roles,
                    organisation_ids: stored.user.organisation_ids,
                }),
                _ => Err(ApiError::Unauthorized { detail: "the session has ended; sign in again".into() }),
            }
        }
        Credential::ApiKey(secret) => {
            let db = db.ok_or_else(missing)?;
            let stored = db.read(move |conn| Ok(api_key::authenticate(conn, &secret)?)).await?;
            let needed = needed_scope(&method);
            // The dashboards' metrics are read with `read:metrics` as well as with `read`.
            let metrics = needed == Scope::Read && request.path().starts_with("/api/v1/metrics/");
            let granted =
                stored.key.scopes.contains(&needed) || (metrics && stored.key.scopes.contains(&Scope::ReadMetrics));
            if !granted {
                return Err(forbidden(&format!("this API key lacks the {needed} scope")));
            }
            // Recording every use would make each read a write; once a minute tells enough.
            let stale = stored.key.last_used_at.is_none_or(|at| chrono::Utc::now() - at > chrono::Duration::minutes(1));
            if stale {
                let id = stored.key.id.clone();
                if let Err(error) = db.write(move |conn| Ok(api_key::touch(conn, &id)?)).await {
                    tracing::warn!(%error, "could not record an API key's use");
                }
            }
            Ok(Principal {
                identity: Identity::ApiKey {
                    id: stored.key.id,
                    name: stored.key.name,
                    scopes: stored.key.scopes,
                    prefix: stored.key.prefix,
                },
                roles: Vec::new(),
                organisation_ids: stored.key.organisation_id.into_iter().collect(),
            })
        }
    };
    if let Ok(principal) = &principal {
        request.extensions_mut().insert(LoggedAs(principal.log_name()));
    }
    principal
}

/// Decides who calls every API request before its handler runs, so that an extractor reading the
/// body can never answer first: a caller who may not write gets 401 or 403 whatever the body
/// holds, every time.
pub async fn authenticate(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // A method the path does not take is answered by the route table (405 or 404), whoever asks.
    let routed = request
        .app_data::<web::Data<crate::routing::KnownRoutes>>()
        .is_none_or(|known| known.routes(request.method(), request.path()));
    if routed && request.path().starts_with("/api/v1/") {
        match resolve(request.request()).await {
            Ok(principal) => {
                request.extensions_mut().insert(principal);
            }
            Err(refused) => return Ok(request.error_response(refused)),
        }
    }
    Ok(next.call(request).await?.map_into_boxed_body())
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Resolved by [`authenticate`] for every API request; anywhere else, from the headers now.
        if let Some(principal) = request.extensions().get::<Principal>().cloned() {
            return Box::pin(async move { Ok(principal) });
        }
        let request = request.clone();
        Box::pin(async move { resolve(&request).await })
    }
}

/// Who made a request, as its log line names them (an account id, `key:` and a key's prefix).
#[derive(Debug, Clone)]
pub struct LoggedAs(pub String);

#[cfg(test)]
mod tests {
    use super::*;
    use l4a_shared::hub::{Hub, HubStatus};

    fn hub(lead: &str, partners: &[&str], status: HubStatus) -> Hub {
        let json = serde_json::json!({
            "id": "h", "slug": "h", "name": "Hub", "summary": "A hub summary", "description": "", "resources": "",
            "lead_organisation_id": lead,
            "lead_organisation": {"id": lead, "name": "Lead", "kind": "local_government", "country": "FR", "region": "europe"},
            "partner_organisation_ids": partners, "partner_organisations": [],
            "country": "FR", "city": null, "sdgs": [11], "sdg_targets": [], "manifestos": [], "policy_council_ids": [],
            "modality": "hybrid", "status": status.as_str(), "start_date": "2025-01-01", "end_date": "2026-01-01",
            "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
            "deliverables_total": 0, "deliverables_delivered": 0, "deliverables_late": 0, "indicators_total": 0,
            "indicators_on_track": 0, "synchronization_degree": 0, "reporting_status": "red"
        });
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
    }

    fn user(roles: &[Role], organisations: &[&str]) -> Principal {
        Principal {
            identity: Identity::User { id: "u".into(), email: "u@example.org".into() },
            roles: roles.to_vec(),
            organisation_ids: organisations.iter().map(|o| (*o).to_owned()).collect(),
        }
    }

    #[test]
    fn a_manager_manages_the_hubs_their_organisations_lead_or_partner_in() {
        let led_by_a = hub("a", &["b"], HubStatus::Active);
        assert!(user(&[Role::Manager], &["a"]).may_manage(&led_by_a));
        assert!(user(&[Role::Manager], &["b"]).may_manage(&led_by_a), "a partner manages too");
        assert!(!user(&[Role::Manager], &["c"]).may_manage(&led_by_a));
        assert!(!user(&[], &["a"]).may_manage(&led_by_a), "membership without the manager role");
        assert!(!user(&[Role::Reviewer], &[]).may_manage(&led_by_a));
        assert!(user(&[Role::Admin], &[]).may_manage(&led_by_a));
        assert!(!Principal::anonymous().may_manage(&led_by_a));
    }

    #[test]
    fn hubs_that_are_not_public_are_missing_to_outsiders() {
        let suspended = hub("a", &[], HubStatus::Suspended);
        assert!(matches!(Principal::anonymous().read(&suspended), Err(ApiError::NotFound { .. })));
        assert!(user(&[Role::Manager], &["c"]).read(&suspended).is_err());
        assert!(user(&[Role::Manager], &["a"]).read(&suspended).is_ok());
        assert!(user(&[Role::Reviewer], &[]).read(&suspended).is_ok());
        assert!(Principal::anonymous().read(&hub("a", &[], HubStatus::Completed)).is_ok());
    }
}
