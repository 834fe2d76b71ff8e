//! A typed Rust client of the API (the `client` feature): one method per operation of the
//! OpenAPI document, over the same DTOs the server uses, so a third-party Rust system cannot send
//! a body the server does not read.
//!
//! - Credentials: [`Client::with_bearer`] (a user's access token) or [`Client::with_api_key`].
//! - A refusal is a [`ClientError::Problem`] holding the server's RFC 9457 [`Problem`], with the
//!   field and rule of each validation error.
//! - Reads of versioned records return [`Versioned`], whose `etag` an update sends back as
//!   `If-Match`: a change made meanwhile by someone else is a 412, never lost.
//! - [`Client::all_pages`] walks a paged listing.
//!
//! ```no_run
//! # async fn example() -> Result<(), l4a_shared::client::ClientError> {
//! use l4a_shared::client::Client;
//! use l4a_shared::hub::HubPatch;
//! use l4a_shared::query::HubQuery;
//!
//! let client = Client::new("https://hubs.example.org")?.with_api_key("l4a_…");
//! let hubs = client
//!     .all_pages(|page| client.list_hubs(&HubQuery { page, per_page: 100, ..HubQuery::default() }))
//!     .await?;
//! let hub = client.find_hub(&hubs[0].slug).await?;
//! let patch = HubPatch { summary: Some("A better summary of what we do.".into()), ..HubPatch::default() };
//! let updated = client.update_hub(&hub.value.id, &patch, hub.etag.as_deref()).await?;
//! println!("{} is at version {:?}", updated.value.name, updated.etag);
//! # Ok(()) }
//! ```

use std::future::Future;

use reqwest::header::{ACCEPT, ETAG, HeaderMap, HeaderValue, IF_MATCH};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::account::{
    ApiKey, AuditEntry, CreatedApiKey, CreatedUser, Login, Me, NewApiKey, NewUser, PasswordChange, PasswordReset,
    RefreshRequest, TokenPair, User, UserPatch,
};
use crate::activity::{Activity, ActivityPatch, NewActivity};
use crate::call::{Call, CallPatch, NewCall};
use crate::connection::{Connection, ConnectionDecision, NewConnection};
use crate::deliverable::{Deliverable, DeliverablePatch, NewDeliverable};
use crate::eligibility::RuleCheck;
use crate::export::{OpenDataExport, SdgActionsRecord};
use crate::hub::{Hub, HubPatch, NewHub};
use crate::indicator::{BatchResult, Indicator, IndicatorPatch, Measurement, NewIndicator, NewMeasurement};
use crate::metrics::{DataDictionary, HubMetricsRow, MetricsSummary, NetworkGraph, ObservationPage, Timeseries};
use crate::organisation::{NewOrganisation, Organisation, OrganisationPatch};
use crate::page::Page;
use crate::problem::Problem;
use crate::proposal::{Decision, Event, NewProposal, NewReview, Proposal, ProposalPatch, Review, ReviewerAssignment};
use crate::query::{
    AuditQuery, BreakdownQuery, CallQuery, DeliverableQuery, DeliveryQuery, EventQuery, HubQuery, MetricsPage,
    MetricsQuery, NetworkQuery, ObservationQuery, OrganisationQuery, PageQuery, ProposalQuery, RecommendationQuery,
    ReportQuery, StakeholderQuery, TimeseriesQuery, UserQuery, percent_encode,
};
use crate::recommendation::{NewRecommendation, PolicyRecommendation, RecommendationPatch};
use crate::reference::{Manifesto, PolicyCouncil};
use crate::report::{NewReport, Report, ReportDecision, ReportPatch};
use crate::sdg::SdgGoal;
use crate::stakeholder::{NewStakeholder, StakeholderPatch, StakeholderView};
use crate::webhook::{CreatedWebhook, NewWebhook, RotatedSecret, Webhook, WebhookDelivery, WebhookPatch};

/// What went wrong with a call.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server refused the request and said why (RFC 9457 problem details).
    #[error("{} {}: {}", .0.status, .0.code, .0.detail)]
    Problem(Box<Problem>),
    /// The server answered something this client cannot read.
    #[error("unexpected answer {status}: {body}")]
    Unexpected {
        /// The HTTP status.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// The request did not reach the server, or its answer did not arrive whole.
    #[error(transparent)]
    Transport(#[from] reqwest::Error),
    /// The base address is not a usable URL.
    #[error("not an http(s) base address: {0}")]
    BaseUrl(String),
}

impl ClientError {
    /// The problem's HTTP status, when the server refused.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Problem(problem) => Some(problem.status),
            ClientError::Unexpected { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The problem details, when the server refused.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Problem(problem) => Some(problem),
            _ => None,
        }
    }
}

/// A record with the entity tag it was read at: send `etag` back to change it.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    /// The record.
    pub value: T,
    /// Its entity tag (`ETag`), for `If-Match`.
    pub etag: Option<String>,
}

/// How the client identifies itself.
#[derive(Debug, Clone)]
enum Credentials {
    Anonymous,
    Bearer(String),
    ApiKey(String),
}

/// A client of one platform.
#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    credentials: Credentials,
}

impl Client {
    /// A client of the platform at `base_url` (`https://hubs.example.org`), anonymous until given
    /// credentials.
    pub fn new(base_url: &str) -> Result<Self, ClientError> {
        Self::with_http(base_url, reqwest::Client::new())
    }

    /// Like [`Client::new`], with a `reqwest` client configured by the caller (timeouts, TLS, proxy).
    pub fn with_http(base_url: &str, http: reqwest::Client) -> Result<Self, ClientError> {
        let base = base_url.trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::BaseUrl(base_url.to_owned()));
        }
        Ok(Self { base: base.to_owned(), http, credentials: Credentials::Anonymous })
    }

    /// The same client, sending a user's access token.
    #[must_use]
    pub fn with_bearer(&self, access_token: &str) -> Self {
        Self { credentials: Credentials::Bearer(access_token.to_owned()), ..self.clone() }
    }

    /// The same client, sending an API key.
    #[must_use]
    pub fn with_api_key(&self, key: &str) -> Self {
        Self { credentials: Credentials::ApiKey(key.to_owned()), ..self.clone() }
    }

    /// Every item of a paged listing: `page` is called with 1, 2, … until the last page.
    pub async fn all_pages<T, F, Fut>(&self, mut page: F) -> Result<Vec<T>, ClientError>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<Page<T>, ClientError>>,
    {
        let mut items = Vec::new();
        let mut number = 1;
        loop {
            let current = page(number).await?;
            let last = current.page_count();
            items.extend(current.items);
            if number >= last {
                return Ok(items);
            }
            number += 1;
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let builder = self.http.request(method, format!("{}{path}", self.base)).header(ACCEPT, "application/json");
        match &self.credentials {
            Credentials::Anonymous => builder,
            Credentials::Bearer(token) => builder.bearer_auth(token),
            Credentials::ApiKey(key) => builder.header("X-API-Key", key),
        }
    }

    /// Sends `request`; a 2xx answer's body and headers, else the problem.
    async fn send(request: RequestBuilder) -> Result<(StatusCode, HeaderMap, Vec<u8>), ClientError> {
        let response = request.send().await?;
        let (status, headers) = (response.status(), response.headers().clone());
        let body = response.bytes().await?.to_vec();
        if status.is_success() {
            return Ok((status, headers, body));
        }
        Err(match serde_json::from_slice::<Problem>(&body) {
            Ok(problem) => ClientError::Problem(Box::new(problem)),
            Err(_) => ClientError::Unexpected {
                status: status.as_u16(),
                body: String::from_utf8_lossy(&body).chars().take(500).collect(),
            },
        })
    }

    async fn json<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, ClientError> {
        Ok(Self::versioned(request).await?.value)
    }

    async fn versioned<T: DeserializeOwned>(request: RequestBuilder) -> Result<Versioned<T>, ClientError> {
        let (status, headers, body) = Self::send(request).await?;
        let value = serde_json::from_slice(&body).map_err(|e| ClientError::Unexpected {
            status: status.as_u16(),
            body: format!("{e}: {}", String::from_utf8_lossy(&body).chars().take(500).collect::<String>()),
        })?;
        let etag = headers.get(ETAG).and_then(|tag| tag.to_str().ok()).map(str::to_owned);
        Ok(Versioned { value, etag })
    }

    async fn nothing(request: RequestBuilder) -> Result<(), ClientError> {
        Self::send(request).await.map(|_| ())
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    fn get_with(&self, path: &str, query: &impl Serialize) -> RequestBuilder {
        self.request(Method::GET, path).query(query)
    }

    fn post(&self, path: &str, body: &impl Serialize) -> RequestBuilder {
        self.request(Method::POST, path).json(body)
    }

    fn post_empty(&self, path: &str) -> RequestBuilder {
        self.request(Method::POST, path)
    }

    fn if_match(builder: RequestBuilder, etag: Option<&str>) -> RequestBuilder {
        match etag.and_then(|tag| HeaderValue::from_str(tag).ok()) {
            Some(tag) => builder.header(IF_MATCH, tag),
            None => builder,
        }
    }

    /// A JSON merge patch (the server reads `application/json` and `application/merge-patch+json`
    /// alike).
    fn patch(&self, path: &str, body: &impl Serialize, etag: Option<&str>) -> RequestBuilder {
        Self::if_match(self.request(Method::PATCH, path).json(body), etag)
    }

    fn delete(&self, path: &str, etag: Option<&str>) -> RequestBuilder {
        Self::if_match(self.request(Method::DELETE, path), etag)
    }
}

fn at(prefix: &str, id: &str, suffix: &str) -> String {
    format!("{prefix}/{}{suffix}", percent_encode(id))
}

/// The operations, in the OpenAPI document's order; each names its method and path.
impl Client {
    /// `GET /api/v1/hubs`
    pub fn list_hubs(&self, query: &HubQuery) -> impl Future<Output = Result<Page<Hub>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/hubs", query))
    }
    /// `POST /api/v1/hubs`
    pub fn create_hub(&self, hub: &NewHub) -> impl Future<Output = Result<Versioned<Hub>, ClientError>> + use<> {
        Self::versioned(self.post("/api/v1/hubs", hub))
    }
    /// `GET /api/v1/hubs/{id}` (an id or a slug)
    pub fn find_hub(&self, id: &str) -> impl Future<Output = Result<Versioned<Hub>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/hubs", id, "")))
    }
    /// `DELETE /api/v1/hubs/{id}`
    pub fn archive_hub(&self, id: &str, etag: Option<&str>) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/hubs", id, ""), etag))
    }
    /// `PATCH /api/v1/hubs/{id}`
    pub fn update_hub(
        &self,
        id: &str,
        patch: &HubPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Hub>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/hubs", id, ""), patch, etag))
    }
    /// `GET /api/v1/hubs/{id}/eligibility`
    pub fn check_hub_eligibility(&self, id: &str) -> impl Future<Output = Result<Vec<RuleCheck>, ClientError>> + use<> {
        Self::json(self.get(&at("/api/v1/hubs", id, "/eligibility")))
    }
    /// `GET /api/v1/organisations`
    pub fn list_organisations(
        &self,
        query: &OrganisationQuery,
    ) -> impl Future<Output = Result<Page<Organisation>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/organisations", query))
    }
    /// `POST /api/v1/organisations`
    pub fn create_organisation(
        &self,
        body: &NewOrganisation,
    ) -> impl Future<Output = Result<Versioned<Organisation>, ClientError>> + use<> {
        Self::versioned(self.post("/api/v1/organisations", body))
    }
    /// `GET /api/v1/organisations/{id}`
    pub fn find_organisation(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Versioned<Organisation>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/organisations", id, "")))
    }
    /// `PATCH /api/v1/organisations/{id}`
    pub fn update_organisation(
        &self,
        id: &str,
        patch: &OrganisationPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Organisation>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/organisations", id, ""), patch, etag))
    }
    /// `GET /api/v1/hubs/{hub}/deliverables`
    pub fn list_deliverables(
        &self,
        hub: &str,
        query: &DeliverableQuery,
    ) -> impl Future<Output = Result<Page<Deliverable>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/hubs", hub, "/deliverables"), query))
    }
    /// `POST /api/v1/hubs/{hub}/deliverables`
    pub fn create_deliverable(
        &self,
        hub: &str,
        body: &NewDeliverable,
    ) -> impl Future<Output = Result<Versioned<Deliverable>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/hubs", hub, "/deliverables"), body))
    }
    /// `GET /api/v1/deliverables/{id}`
    pub fn find_deliverable(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Versioned<Deliverable>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/deliverables", id, "")))
    }
    /// `DELETE /api/v1/deliverables/{id}`
    pub fn delete_deliverable(
        &self,
        id: &str,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/deliverables", id, ""), etag))
    }
    /// `PATCH /api/v1/deliverables/{id}`
    pub fn update_deliverable(
        &self,
        id: &str,
        patch: &DeliverablePatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Deliverable>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/deliverables", id, ""), patch, etag))
    }
    /// `GET /api/v1/hubs/{hub}/stakeholders`
    pub fn list_stakeholders(
        &self,
        hub: &str,
        query: &StakeholderQuery,
    ) -> impl Future<Output = Result<Page<StakeholderView>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/hubs", hub, "/stakeholders"), query))
    }
    /// `POST /api/v1/hubs/{hub}/stakeholders`
    pub fn create_stakeholder(
        &self,
        hub: &str,
        body: &NewStakeholder,
    ) -> impl Future<Output = Result<Versioned<StakeholderView>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/hubs", hub, "/stakeholders"), body))
    }
    /// `GET /api/v1/stakeholders/{id}`
    pub fn find_stakeholder(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Versioned<StakeholderView>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/stakeholders", id, "")))
    }
    /// `DELETE /api/v1/stakeholders/{id}`
    pub fn delete_stakeholder(
        &self,
        id: &str,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/stakeholders", id, ""), etag))
    }
    /// `PATCH /api/v1/stakeholders/{id}`
    pub fn update_stakeholder(
        &self,
        id: &str,
        patch: &StakeholderPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<StakeholderView>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/stakeholders", id, ""), patch, etag))
    }
    /// `GET /api/v1/hubs/{hub}/indicators`
    pub fn list_indicators(
        &self,
        hub: &str,
        query: &PageQuery,
    ) -> impl Future<Output = Result<Page<Indicator>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/hubs", hub, "/indicators"), query))
    }
    /// `POST /api/v1/hubs/{hub}/indicators`
    pub fn create_indicator(
        &self,
        hub: &str,
        body: &NewIndicator,
    ) -> impl Future<Output = Result<Versioned<Indicator>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/hubs", hub, "/indicators"), body))
    }
    /// `GET /api/v1/indicators/{id}`
    pub fn find_indicator(
        &self,
        id: &str,
        query: &BreakdownQuery,
    ) -> impl Future<Output = Result<Versioned<Indicator>, ClientError>> + use<> {
        Self::versioned(self.get_with(&at("/api/v1/indicators", id, ""), query))
    }
    /// `DELETE /api/v1/indicators/{id}`
    pub fn delete_indicator(
        &self,
        id: &str,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/indicators", id, ""), etag))
    }
    /// `PATCH /api/v1/indicators/{id}`
    pub fn update_indicator(
        &self,
        id: &str,
        patch: &IndicatorPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Indicator>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/indicators", id, ""), patch, etag))
    }
    /// `GET /api/v1/indicators/{id}/measurements`
    pub fn list_measurements(
        &self,
        id: &str,
        page: &PageQuery,
        breakdown: &BreakdownQuery,
    ) -> impl Future<Output = Result<Page<Measurement>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/indicators", id, "/measurements"), page).query(breakdown))
    }
    /// `POST /api/v1/indicators/{id}/measurements`
    pub fn create_measurement(
        &self,
        id: &str,
        body: &NewMeasurement,
    ) -> impl Future<Output = Result<Measurement, ClientError>> + use<> {
        Self::json(self.post(&at("/api/v1/indicators", id, "/measurements"), body))
    }
    /// `POST /api/v1/indicators/{id}/measurements:batch`
    pub fn create_measurement_batch(
        &self,
        id: &str,
        body: &[NewMeasurement],
    ) -> impl Future<Output = Result<BatchResult, ClientError>> + use<> {
        Self::json(self.post(&at("/api/v1/indicators", id, "/measurements:batch"), &body))
    }
    /// `DELETE /api/v1/measurements/{id}`
    pub fn delete_measurement(&self, id: &str) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/measurements", id, ""), None))
    }
    /// `GET /api/v1/hubs/{hub}/connections`
    pub fn list_connections(
        &self,
        hub: &str,
        query: &PageQuery,
    ) -> impl Future<Output = Result<Page<Connection>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/hubs", hub, "/connections"), query))
    }
    /// `POST /api/v1/hubs/{hub}/connections`
    pub fn create_connection(
        &self,
        hub: &str,
        body: &NewConnection,
    ) -> impl Future<Output = Result<Connection, ClientError>> + use<> {
        Self::json(self.post(&at("/api/v1/hubs", hub, "/connections"), body))
    }
    /// `POST /api/v1/connections/{id}/decision`
    pub fn decide_connection(
        &self,
        id: &str,
        body: &ConnectionDecision,
    ) -> impl Future<Output = Result<Connection, ClientError>> + use<> {
        Self::json(self.post(&at("/api/v1/connections", id, "/decision"), body))
    }
    /// `DELETE /api/v1/connections/{id}`
    pub fn delete_connection(&self, id: &str) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/connections", id, ""), None))
    }
    /// `GET /api/v1/hubs/{hub}/activities`
    pub fn list_activities(
        &self,
        hub: &str,
        query: &PageQuery,
    ) -> impl Future<Output = Result<Page<Activity>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/hubs", hub, "/activities"), query))
    }
    /// `POST /api/v1/hubs/{hub}/activities`
    pub fn create_activity(
        &self,
        hub: &str,
        body: &NewActivity,
    ) -> impl Future<Output = Result<Versioned<Activity>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/hubs", hub, "/activities"), body))
    }
    /// `GET /api/v1/activities/{id}`
    pub fn find_activity(&self, id: &str) -> impl Future<Output = Result<Versioned<Activity>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/activities", id, "")))
    }
    /// `DELETE /api/v1/activities/{id}`
    pub fn delete_activity(
        &self,
        id: &str,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/activities", id, ""), etag))
    }
    /// `PATCH /api/v1/activities/{id}`
    pub fn update_activity(
        &self,
        id: &str,
        patch: &ActivityPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Activity>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/activities", id, ""), patch, etag))
    }
    /// `GET /api/v1/sdgs`
    pub fn list_sdgs(&self) -> impl Future<Output = Result<Vec<SdgGoal>, ClientError>> + use<> {
        Self::json(self.get("/api/v1/sdgs"))
    }
    /// `GET /api/v1/manifestos`
    pub fn list_manifestos(&self) -> impl Future<Output = Result<Vec<Manifesto>, ClientError>> + use<> {
        Self::json(self.get("/api/v1/manifestos"))
    }
    /// `GET /api/v1/policy-councils`
    pub fn list_policy_councils(&self) -> impl Future<Output = Result<Vec<PolicyCouncil>, ClientError>> + use<> {
        Self::json(self.get("/api/v1/policy-councils"))
    }
    /// `POST /api/v1/auth/login`: a session's tokens; pass the access token to [`Client::with_bearer`].
    pub fn login(&self, body: &Login) -> impl Future<Output = Result<TokenPair, ClientError>> + use<> {
        Self::json(self.post("/api/v1/auth/login", body))
    }
    /// `POST /api/v1/auth/refresh`
    pub fn refresh(&self, body: &RefreshRequest) -> impl Future<Output = Result<TokenPair, ClientError>> + use<> {
        Self::json(self.post("/api/v1/auth/refresh", body))
    }
    /// `POST /api/v1/auth/logout`
    pub fn logout(&self, body: &RefreshRequest) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.post("/api/v1/auth/logout", body))
    }
    /// `GET /api/v1/auth/me`
    pub fn me(&self) -> impl Future<Output = Result<Me, ClientError>> + use<> {
        Self::json(self.get("/api/v1/auth/me"))
    }
    /// `GET /api/v1/users`
    pub fn list_users(&self, query: &UserQuery) -> impl Future<Output = Result<Page<User>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/users", query))
    }
    /// `POST /api/v1/users`
    pub fn create_user(&self, body: &NewUser) -> impl Future<Output = Result<CreatedUser, ClientError>> + use<> {
        Self::json(self.post("/api/v1/users", body))
    }
    /// `POST /api/v1/users/me/password`
    pub fn change_password(&self, body: &PasswordChange) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.post("/api/v1/users/me/password", body))
    }
    /// `GET /api/v1/users/{id}`
    pub fn find_user(&self, id: &str) -> impl Future<Output = Result<Versioned<User>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/users", id, "")))
    }
    /// `PATCH /api/v1/users/{id}`
    pub fn update_user(
        &self,
        id: &str,
        patch: &UserPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<User>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/users", id, ""), patch, etag))
    }
    /// `POST /api/v1/users/{id}/password-reset`
    pub fn reset_password(&self, id: &str) -> impl Future<Output = Result<PasswordReset, ClientError>> + use<> {
        Self::json(self.post_empty(&at("/api/v1/users", id, "/password-reset")))
    }
    /// `GET /api/v1/api-keys`
    pub fn list_keys(&self, query: &PageQuery) -> impl Future<Output = Result<Page<ApiKey>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/api-keys", query))
    }
    /// `POST /api/v1/api-keys`: the secret is in the answer, once.
    pub fn create_key(&self, body: &NewApiKey) -> impl Future<Output = Result<CreatedApiKey, ClientError>> + use<> {
        Self::json(self.post("/api/v1/api-keys", body))
    }
    /// `DELETE /api/v1/api-keys/{id}`
    pub fn revoke_key(&self, id: &str) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/api-keys", id, ""), None))
    }
    /// `GET /api/v1/webhooks`
    pub fn list_webhooks(&self, query: &PageQuery) -> impl Future<Output = Result<Page<Webhook>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/webhooks", query))
    }
    /// `POST /api/v1/webhooks`: the secret is in the answer, once.
    pub fn create_webhook(
        &self,
        body: &NewWebhook,
    ) -> impl Future<Output = Result<CreatedWebhook, ClientError>> + use<> {
        Self::json(self.post("/api/v1/webhooks", body))
    }
    /// `GET /api/v1/webhooks/{id}`
    pub fn get_webhook(&self, id: &str) -> impl Future<Output = Result<Versioned<Webhook>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/webhooks", id, "")))
    }
    /// `PATCH /api/v1/webhooks/{id}`
    pub fn update_webhook(
        &self,
        id: &str,
        patch: &WebhookPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Webhook>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/webhooks", id, ""), patch, etag))
    }
    /// `DELETE /api/v1/webhooks/{id}`
    pub fn delete_webhook(
        &self,
        id: &str,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/webhooks", id, ""), etag))
    }
    /// `POST /api/v1/webhooks/{id}/rotate-secret`: the new secret is in the answer, once.
    pub fn rotate_webhook_secret(&self, id: &str) -> impl Future<Output = Result<RotatedSecret, ClientError>> + use<> {
        Self::json(self.post_empty(&at("/api/v1/webhooks", id, "/rotate-secret")))
    }
    /// `GET /api/v1/webhooks/{id}/deliveries`
    pub fn list_webhook_deliveries(
        &self,
        id: &str,
        query: &DeliveryQuery,
    ) -> impl Future<Output = Result<Page<WebhookDelivery>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/webhooks", id, "/deliveries"), query))
    }
    /// `POST /api/v1/webhooks/{id}/deliveries/{delivery}/redeliver`
    pub fn redeliver_webhook_event(
        &self,
        id: &str,
        delivery: &str,
    ) -> impl Future<Output = Result<WebhookDelivery, ClientError>> + use<> {
        let path = format!("{}/redeliver", at(&at("/api/v1/webhooks", id, "/deliveries"), delivery, ""));
        Self::json(self.post_empty(&path))
    }
    /// `GET /api/v1/audit`
    pub fn list_audit(
        &self,
        query: &AuditQuery,
    ) -> impl Future<Output = Result<Page<AuditEntry>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/audit", query))
    }
    /// `GET /api/v1/hubs/{hub}/history`
    pub fn hub_history(
        &self,
        hub: &str,
        query: &PageQuery,
    ) -> impl Future<Output = Result<Page<AuditEntry>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/hubs", hub, "/history"), query))
    }
    /// `GET /api/v1/calls`
    pub fn list_calls(&self, query: &CallQuery) -> impl Future<Output = Result<Page<Call>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/calls", query))
    }
    /// `POST /api/v1/calls`
    pub fn create_call(&self, body: &NewCall) -> impl Future<Output = Result<Versioned<Call>, ClientError>> + use<> {
        Self::versioned(self.post("/api/v1/calls", body))
    }
    /// `GET /api/v1/calls/{id}`
    pub fn find_call(&self, id: &str) -> impl Future<Output = Result<Versioned<Call>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/calls", id, "")))
    }
    /// `PATCH /api/v1/calls/{id}`
    pub fn update_call(
        &self,
        id: &str,
        patch: &CallPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Call>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/calls", id, ""), patch, etag))
    }
    /// `GET /api/v1/calls/{call}/proposals`
    pub fn list_call_proposals(
        &self,
        call: &str,
        query: &ProposalQuery,
    ) -> impl Future<Output = Result<Page<Proposal>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/calls", call, "/proposals"), query))
    }
    /// `POST /api/v1/calls/{call}/proposals`
    pub fn create_proposal(
        &self,
        call: &str,
        body: &NewProposal,
    ) -> impl Future<Output = Result<Versioned<Proposal>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/calls", call, "/proposals"), body))
    }
    /// `GET /api/v1/proposals`
    pub fn list_proposals(
        &self,
        query: &ProposalQuery,
    ) -> impl Future<Output = Result<Page<Proposal>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/proposals", query))
    }
    /// `GET /api/v1/proposals/{id}`
    pub fn find_proposal(&self, id: &str) -> impl Future<Output = Result<Versioned<Proposal>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/proposals", id, "")))
    }
    /// `PATCH /api/v1/proposals/{id}`
    pub fn update_proposal(
        &self,
        id: &str,
        patch: &ProposalPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Proposal>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/proposals", id, ""), patch, etag))
    }
    /// `GET /api/v1/proposals/{id}/eligibility`
    pub fn check_proposal_eligibility(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Vec<RuleCheck>, ClientError>> + use<> {
        Self::json(self.get(&at("/api/v1/proposals", id, "/eligibility")))
    }
    /// `POST /api/v1/proposals/{id}/submit`
    pub fn submit_proposal(&self, id: &str) -> impl Future<Output = Result<Versioned<Proposal>, ClientError>> + use<> {
        Self::versioned(self.post_empty(&at("/api/v1/proposals", id, "/submit")))
    }
    /// `POST /api/v1/proposals/{id}/withdraw`
    pub fn withdraw_proposal(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Versioned<Proposal>, ClientError>> + use<> {
        Self::versioned(self.post_empty(&at("/api/v1/proposals", id, "/withdraw")))
    }
    /// `POST /api/v1/proposals/{id}/start-review`
    pub fn start_review(&self, id: &str) -> impl Future<Output = Result<Versioned<Proposal>, ClientError>> + use<> {
        Self::versioned(self.post_empty(&at("/api/v1/proposals", id, "/start-review")))
    }
    /// `POST /api/v1/proposals/{id}/decision`
    pub fn decide(
        &self,
        id: &str,
        body: &Decision,
    ) -> impl Future<Output = Result<Versioned<Proposal>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/proposals", id, "/decision"), body))
    }
    /// `POST /api/v1/proposals/{id}/reviewers`
    pub fn assign_reviewer(
        &self,
        id: &str,
        body: &ReviewerAssignment,
    ) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.post(&at("/api/v1/proposals", id, "/reviewers"), body))
    }
    /// `GET /api/v1/proposals/{id}/reviews`
    pub fn list_reviews(&self, id: &str) -> impl Future<Output = Result<Vec<Review>, ClientError>> + use<> {
        Self::json(self.get(&at("/api/v1/proposals", id, "/reviews")))
    }
    /// `POST /api/v1/proposals/{id}/reviews`
    pub fn create_review(
        &self,
        id: &str,
        body: &NewReview,
    ) -> impl Future<Output = Result<Review, ClientError>> + use<> {
        Self::json(self.post(&at("/api/v1/proposals", id, "/reviews"), body))
    }
    /// `GET /api/v1/events`
    pub fn list_events(&self, query: &EventQuery) -> impl Future<Output = Result<Page<Event>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/events", query))
    }
    /// `GET /api/v1/hubs/{hub}/reports`
    pub fn list_reports(
        &self,
        hub: &str,
        query: &ReportQuery,
    ) -> impl Future<Output = Result<Page<Report>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/hubs", hub, "/reports"), query))
    }
    /// `POST /api/v1/hubs/{hub}/reports`
    pub fn create_report(
        &self,
        hub: &str,
        body: &NewReport,
    ) -> impl Future<Output = Result<Versioned<Report>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/hubs", hub, "/reports"), body))
    }
    /// `GET /api/v1/reports`: the Secretariat's queue (with `state=submitted`).
    pub fn report_queue(&self, query: &ReportQuery) -> impl Future<Output = Result<Page<Report>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/reports", query))
    }
    /// `GET /api/v1/reports/{id}`
    pub fn find_report(&self, id: &str) -> impl Future<Output = Result<Versioned<Report>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/reports", id, "")))
    }
    /// `DELETE /api/v1/reports/{id}`
    pub fn delete_report(&self, id: &str, etag: Option<&str>) -> impl Future<Output = Result<(), ClientError>> + use<> {
        Self::nothing(self.delete(&at("/api/v1/reports", id, ""), etag))
    }
    /// `PATCH /api/v1/reports/{id}`
    pub fn update_report(
        &self,
        id: &str,
        patch: &ReportPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<Report>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/reports", id, ""), patch, etag))
    }
    /// `POST /api/v1/reports/{id}/submit`
    pub fn submit_report(&self, id: &str) -> impl Future<Output = Result<Versioned<Report>, ClientError>> + use<> {
        Self::versioned(self.post_empty(&at("/api/v1/reports", id, "/submit")))
    }
    /// `POST /api/v1/reports/{id}/approve`
    pub fn approve_report(
        &self,
        id: &str,
        body: &ReportDecision,
    ) -> impl Future<Output = Result<Versioned<Report>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/reports", id, "/approve"), body))
    }
    /// `POST /api/v1/reports/{id}/return`
    pub fn return_report(
        &self,
        id: &str,
        body: &ReportDecision,
    ) -> impl Future<Output = Result<Versioned<Report>, ClientError>> + use<> {
        Self::versioned(self.post(&at("/api/v1/reports", id, "/return"), body))
    }
    /// `GET /api/v1/recommendations`
    pub fn list_recommendations(
        &self,
        query: &RecommendationQuery,
    ) -> impl Future<Output = Result<Page<PolicyRecommendation>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/recommendations", query))
    }
    /// `POST /api/v1/recommendations`
    pub fn create_recommendation(
        &self,
        body: &NewRecommendation,
    ) -> impl Future<Output = Result<Versioned<PolicyRecommendation>, ClientError>> + use<> {
        Self::versioned(self.post("/api/v1/recommendations", body))
    }
    /// `GET /api/v1/hubs/{hub}/recommendations`
    pub fn hub_recommendations(
        &self,
        hub: &str,
        query: &RecommendationQuery,
    ) -> impl Future<Output = Result<Page<PolicyRecommendation>, ClientError>> + use<> {
        Self::json(self.get_with(&at("/api/v1/hubs", hub, "/recommendations"), query))
    }
    /// `GET /api/v1/recommendations/{id}`
    pub fn find_recommendation(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Versioned<PolicyRecommendation>, ClientError>> + use<> {
        Self::versioned(self.get(&at("/api/v1/recommendations", id, "")))
    }
    /// `PATCH /api/v1/recommendations/{id}`
    pub fn update_recommendation(
        &self,
        id: &str,
        patch: &RecommendationPatch,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Versioned<PolicyRecommendation>, ClientError>> + use<> {
        Self::versioned(self.patch(&at("/api/v1/recommendations", id, ""), patch, etag))
    }
    /// `POST /api/v1/recommendations/{id}/publish`
    pub fn publish_recommendation(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Versioned<PolicyRecommendation>, ClientError>> + use<> {
        Self::versioned(self.post_empty(&at("/api/v1/recommendations", id, "/publish")))
    }
    /// `POST /api/v1/recommendations/{id}/withdraw`
    pub fn withdraw_recommendation(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Versioned<PolicyRecommendation>, ClientError>> + use<> {
        Self::versioned(self.post_empty(&at("/api/v1/recommendations", id, "/withdraw")))
    }
    /// `GET /api/v1/metrics/summary`
    pub fn summary(&self, query: &MetricsQuery) -> impl Future<Output = Result<MetricsSummary, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/metrics/summary", query))
    }
    /// `GET /api/v1/metrics/hubs`
    pub fn hub_rows(
        &self,
        query: &MetricsQuery,
        page: &MetricsPage,
    ) -> impl Future<Output = Result<Page<HubMetricsRow>, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/metrics/hubs", query).query(page))
    }
    /// `GET /api/v1/metrics/observations`: follow `next_cursor` while `has_more`.
    pub fn observations(
        &self,
        query: &MetricsQuery,
        selection: &ObservationQuery,
    ) -> impl Future<Output = Result<ObservationPage, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/metrics/observations", query).query(selection))
    }
    /// `GET /api/v1/metrics/timeseries`
    pub fn timeseries(
        &self,
        query: &MetricsQuery,
        series: &TimeseriesQuery,
    ) -> impl Future<Output = Result<Timeseries, ClientError>> + use<> {
        Self::json(self.get_with("/api/v1/metrics/timeseries", query).query(series))
    }
    /// `GET /api/v1/metrics/network`
    pub fn network(
        &self,
        query: &MetricsQuery,
        network: &NetworkQuery,
    ) -> impl Future<Output = Result<NetworkGraph, ClientError>> + use<> {
        // `with` is one comma-separated parameter, which a form encoder does not write.
        let with: Vec<&str> = network.with.iter().map(|kind| kind.as_str()).collect();
        let mut request = self.get_with("/api/v1/metrics/network", query);
        if !with.is_empty() {
            request = request.query(&[("with", with.join(","))]);
        }
        Self::json(request)
    }
    /// `GET /api/v1/metrics/dictionary`
    pub fn dictionary(&self) -> impl Future<Output = Result<DataDictionary, ClientError>> + use<> {
        Self::json(self.get("/api/v1/metrics/dictionary"))
    }
    /// `GET /api/v1/export/hubs`: read whole; for large networks prefer the NDJSON form with a
    /// streaming reader.
    pub fn export_hubs(&self) -> impl Future<Output = Result<OpenDataExport, ClientError>> + use<> {
        Self::json(self.get("/api/v1/export/hubs"))
    }
    /// `GET /api/v1/export/tables.zip`: the archive's bytes.
    pub fn export_tables(&self) -> impl Future<Output = Result<Vec<u8>, ClientError>> + use<> {
        Self::bytes(self.get("/api/v1/export/tables.zip"))
    }
    /// `GET /api/v1/export/iati.xml`
    pub fn export_iati(&self) -> impl Future<Output = Result<String, ClientError>> + use<> {
        Self::text(self.get("/api/v1/export/iati.xml"))
    }
    /// `GET /api/v1/hubs/{hub}/iati.xml`
    pub fn hub_iati(&self, hub: &str) -> impl Future<Output = Result<String, ClientError>> + use<> {
        Self::text(self.get(&at("/api/v1/hubs", hub, "/iati.xml")))
    }
    /// `GET /api/v1/hubs/{hub}/sdg-actions.json`
    pub fn hub_sdg_actions(&self, hub: &str) -> impl Future<Output = Result<SdgActionsRecord, ClientError>> + use<> {
        Self::json(self.get(&at("/api/v1/hubs", hub, "/sdg-actions.json")))
    }
    /// `GET /healthz`: whether the process answers.
    pub fn healthz(&self) -> impl Future<Output = Result<serde_json::Value, ClientError>> + use<> {
        Self::json(self.get("/healthz"))
    }
    /// `GET /readyz`: whether it can serve (its database answers).
    pub fn readyz(&self) -> impl Future<Output = Result<serde_json::Value, ClientError>> + use<> {
        Self::json(self.get("/readyz"))
    }

    async fn text(request: RequestBuilder) -> Result<String, ClientError> {
        Ok(String::from_utf8_lossy(&Self::bytes(request).await?).into_owned())
    }

    async fn bytes(request: RequestBuilder) -> Result<Vec<u8>, ClientError> {
        Ok(Self::send(request).await?.2)
    }
}
