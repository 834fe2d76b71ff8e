//! The typed client of the API: each call takes and returns the `shared` DTOs, and a failure
//! keeps the server's problem document so the interface can say what went wrong.

use std::cell::RefCell;
use std::fmt;

use gloo_net::http::{Request, RequestBuilder, Response};
use l4a_shared::account::{
    ApiKey, CreatedApiKey, CreatedUser, Login, Me, NewApiKey, NewUser, PasswordChange, PasswordReset, TokenPair, User,
    UserPatch,
};
use l4a_shared::activity::{Activity, ActivityPatch, NewActivity};
use l4a_shared::call::{Call, CallState, NewCall};
use l4a_shared::connection::{Connection, ConnectionDecision, NewConnection};
use l4a_shared::deliverable::{Deliverable, DeliverablePatch, NewDeliverable};
use l4a_shared::hub::{Hub, HubPatch};
use l4a_shared::indicator::{Indicator, IndicatorPatch, Measurement, NewIndicator, NewMeasurement};
use l4a_shared::metrics::{MetricsSummary, NetworkGraph, Timeseries};
use l4a_shared::organisation::Organisation;
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::proposal::{
    Decision, NewProposal, NewReview, Proposal, ProposalAction, ProposalPatch, ProposalState, Review,
    ReviewerAssignment,
};
use l4a_shared::query::DeliveryQuery;
use l4a_shared::query::{HubQuery, MetricsQuery, percent_encode};
use l4a_shared::recommendation::{NewRecommendation, PolicyRecommendation, RecommendationAction, RecommendationState};
use l4a_shared::reference::{Manifesto, PolicyCouncil};
use l4a_shared::report::{NewReport, Report, ReportAction, ReportDecision, ReportPatch, ReportState};
use l4a_shared::sdg::SdgGoal;
use l4a_shared::stakeholder::{NewStakeholder, StakeholderPatch, StakeholderView};
use l4a_shared::webhook::{CreatedWebhook, NewWebhook, RotatedSecret, Webhook, WebhookDelivery, WebhookPatch};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The server answered with a problem document.
    Problem(Problem),
    /// The server could not be reached.
    Network(String),
    /// The server answered something that is not what the contract says.
    Unexpected(String),
}

impl ApiFailure {
    /// Whether the server said the resource does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiFailure::Problem(problem) if problem.status == 404)
    }

    /// What the server (or the broken answer) said went wrong; `None` when the network failed,
    /// which the interface says in its own words.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ApiFailure::Problem(problem) => Some(&problem.detail),
            ApiFailure::Unexpected(message) => Some(message),
            ApiFailure::Network(_) => None,
        }
    }
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiFailure::Problem(problem) => write!(f, "{} ({})", problem.detail, problem.status),
            ApiFailure::Network(message) | ApiFailure::Unexpected(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ApiFailure {}

/// A resource with the version it was read at, to send back in `If-Match` when changing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    /// The resource.
    pub value: T,
    /// Its `ETag`.
    pub etag: Option<String>,
}

thread_local! {
    /// The signed-in account's access token, sent with every call (the app runs on one thread).
    static ACCESS_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets (or clears) the access token every later call sends.
pub fn set_access_token(token: Option<String>) {
    ACCESS_TOKEN.with(|cell| *cell.borrow_mut() = token);
}

fn authorised(request: RequestBuilder) -> RequestBuilder {
    match ACCESS_TOKEN.with(|cell| cell.borrow().clone()) {
        Some(token) => request.header("Authorization", &format!("Bearer {token}")),
        None => request,
    }
}

async fn send(request: RequestBuilder) -> Result<Response, ApiFailure> {
    authorised(request)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| ApiFailure::Network(e.to_string()))
}

/// The problem document of a failed response.
async fn failure(response: Response) -> ApiFailure {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiFailure::Problem(problem),
        Err(_) => ApiFailure::Unexpected(format!("the server answered {status} without a problem document")),
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<Versioned<T>, ApiFailure> {
    if !response.ok() {
        return Err(failure(response).await);
    }
    let etag = response.headers().get("etag");
    let value = response.json::<T>().await.map_err(|e| ApiFailure::Unexpected(e.to_string()))?;
    Ok(Versioned { value, etag })
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    Ok(read(send(Request::get(url)).await?).await?.value)
}

async fn get_versioned<T: DeserializeOwned>(url: &str) -> Result<Versioned<T>, ApiFailure> {
    read(send(Request::get(url)).await?).await
}

async fn send_json<B: Serialize>(
    request: RequestBuilder,
    body: &B,
    if_match: Option<&str>,
) -> Result<Response, ApiFailure> {
    let request = match if_match {
        Some(etag) => request.header("If-Match", etag),
        None => request,
    };
    let request = authorised(request)
        .header("Accept", "application/json")
        .json(body)
        .map_err(|e| ApiFailure::Unexpected(e.to_string()))?;
    request.send().await.map_err(|e| ApiFailure::Network(e.to_string()))
}

async fn write_json<B: Serialize, T: DeserializeOwned>(
    request: RequestBuilder,
    body: &B,
    if_match: Option<&str>,
) -> Result<T, ApiFailure> {
    Ok(read(send_json(request, body, if_match).await?).await?.value)
}

/// Sends a JSON body to an operation that answers without one (204).
async fn post_json_expecting_nothing<B: Serialize>(url: &str, body: &B) -> Result<(), ApiFailure> {
    let response = send_json(Request::post(url), body, None).await?;
    if response.ok() { Ok(()) } else { Err(failure(response).await) }
}

async fn delete(url: &str) -> Result<(), ApiFailure> {
    let response = send(Request::delete(url)).await?;
    if response.ok() { Ok(()) } else { Err(failure(response).await) }
}

/// `GET /api/v1/hubs`: one page of the catalogue.
pub async fn list_hubs(query: &HubQuery) -> Result<Page<Hub>, ApiFailure> {
    let query_string = query.to_query_string();
    let url = if query_string.is_empty() { "/api/v1/hubs".to_owned() } else { format!("/api/v1/hubs?{query_string}") };
    get_json(&url).await
}

/// `GET /api/v1/hubs/{id}`: one hub by id or slug.
pub async fn find_hub(id_or_slug: &str) -> Result<Hub, ApiFailure> {
    get_json(&format!("/api/v1/hubs/{}", percent_encode(id_or_slug))).await
}

/// `GET /api/v1/hubs/{hub}/deliverables`: a hub's deliverables, soonest due first (up to 100, the
/// most a hub announces within its period in practice).
pub async fn list_deliverables(hub_id: &str) -> Result<Page<Deliverable>, ApiFailure> {
    get_json(&format!("/api/v1/hubs/{}/deliverables?per_page=100", percent_encode(hub_id))).await
}

/// `GET /api/v1/hubs/{hub}/stakeholders`: a hub's stakeholders, by name (up to 100).
pub async fn list_stakeholders(hub_id: &str) -> Result<Page<StakeholderView>, ApiFailure> {
    get_json(&format!("/api/v1/hubs/{}/stakeholders?per_page=100", percent_encode(hub_id))).await
}

/// `GET /api/v1/hubs/{hub}/indicators`: a hub's indicators with their figures (up to 100).
pub async fn list_indicators(hub_id: &str) -> Result<Page<Indicator>, ApiFailure> {
    get_json(&format!("/api/v1/hubs/{}/indicators?per_page=100", percent_encode(hub_id))).await
}

/// `GET /api/v1/indicators/{id}/measurements?total=true`: the totals, oldest first (up to 100).
pub async fn list_total_measurements(indicator_id: &str) -> Result<Page<Measurement>, ApiFailure> {
    get_json(&format!("/api/v1/indicators/{}/measurements?total=true&per_page=100", percent_encode(indicator_id))).await
}

/// `GET /api/v1/hubs/{hub}/connections`: the hub's connections from both ends (up to 100).
pub async fn list_connections(hub_id: &str) -> Result<Page<Connection>, ApiFailure> {
    get_json(&format!("/api/v1/hubs/{}/connections?per_page=100", percent_encode(hub_id))).await
}

/// `GET /api/v1/hubs/{hub}/activities`: the hub's activities, newest first (up to 100).
pub async fn list_activities(hub_id: &str) -> Result<Page<Activity>, ApiFailure> {
    get_json(&format!("/api/v1/hubs/{}/activities?per_page=100", percent_encode(hub_id))).await
}

/// `GET /api/v1/manifestos`: UCLG's Congress manifestos.
pub async fn list_manifestos() -> Result<Vec<Manifesto>, ApiFailure> {
    get_json("/api/v1/manifestos").await
}

/// `GET /api/v1/policy-councils`: UCLG's policy councils.
pub async fn list_policy_councils() -> Result<Vec<PolicyCouncil>, ApiFailure> {
    get_json("/api/v1/policy-councils").await
}

/// `GET /api/v1/sdgs`: the 17 goals and their targets.
pub async fn list_sdgs() -> Result<Vec<SdgGoal>, ApiFailure> {
    get_json("/api/v1/sdgs").await
}

/// `POST /api/v1/hubs/{hub}/deliverables`.
pub async fn create_deliverable(hub_id: &str, new: &NewDeliverable) -> Result<Deliverable, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/hubs/{}/deliverables", percent_encode(hub_id))), new, None).await
}

/// `GET /api/v1/deliverables/{id}`, with its version.
pub async fn find_deliverable(id: &str) -> Result<Versioned<Deliverable>, ApiFailure> {
    get_versioned(&format!("/api/v1/deliverables/{}", percent_encode(id))).await
}

/// `PATCH /api/v1/deliverables/{id}`, refused with 412 if it changed since `etag` was read.
pub async fn update_deliverable(
    id: &str,
    patch: &DeliverablePatch,
    etag: Option<&str>,
) -> Result<Deliverable, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/deliverables/{}", percent_encode(id))), patch, etag).await
}

/// `DELETE /api/v1/deliverables/{id}`.
pub async fn delete_deliverable(id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/v1/deliverables/{}", percent_encode(id))).await
}

/// `POST /api/v1/hubs/{hub}/stakeholders`.
pub async fn create_stakeholder(hub_id: &str, new: &NewStakeholder) -> Result<StakeholderView, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/hubs/{}/stakeholders", percent_encode(hub_id))), new, None).await
}

/// `GET /api/v1/stakeholders/{id}`, with its version.
pub async fn find_stakeholder(id: &str) -> Result<Versioned<StakeholderView>, ApiFailure> {
    get_versioned(&format!("/api/v1/stakeholders/{}", percent_encode(id))).await
}

/// `PATCH /api/v1/stakeholders/{id}`.
pub async fn update_stakeholder(
    id: &str,
    patch: &StakeholderPatch,
    etag: Option<&str>,
) -> Result<StakeholderView, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/stakeholders/{}", percent_encode(id))), patch, etag).await
}

/// `DELETE /api/v1/stakeholders/{id}`.
pub async fn delete_stakeholder(id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/v1/stakeholders/{}", percent_encode(id))).await
}

/// `POST /api/v1/hubs/{hub}/indicators`.
pub async fn create_indicator(hub_id: &str, new: &NewIndicator) -> Result<Indicator, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/hubs/{}/indicators", percent_encode(hub_id))), new, None).await
}

/// `GET /api/v1/indicators/{id}`, with its version.
pub async fn find_indicator(id: &str) -> Result<Versioned<Indicator>, ApiFailure> {
    get_versioned(&format!("/api/v1/indicators/{}", percent_encode(id))).await
}

/// `PATCH /api/v1/indicators/{id}`.
pub async fn update_indicator(id: &str, patch: &IndicatorPatch, etag: Option<&str>) -> Result<Indicator, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/indicators/{}", percent_encode(id))), patch, etag).await
}

/// `DELETE /api/v1/indicators/{id}`.
pub async fn delete_indicator(id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/v1/indicators/{}", percent_encode(id))).await
}

/// `POST /api/v1/indicators/{id}/measurements`.
pub async fn create_measurement(indicator_id: &str, new: &NewMeasurement) -> Result<Measurement, ApiFailure> {
    let url = format!("/api/v1/indicators/{}/measurements", percent_encode(indicator_id));
    write_json(Request::post(&url), new, None).await
}

/// `DELETE /api/v1/measurements/{id}`.
pub async fn delete_measurement(id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/v1/measurements/{}", percent_encode(id))).await
}

/// `POST /api/v1/hubs/{hub}/connections`.
pub async fn create_connection(hub_id: &str, new: &NewConnection) -> Result<Connection, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/hubs/{}/connections", percent_encode(hub_id))), new, None).await
}

/// `POST /api/v1/connections/{id}/decision`: the asked hub accepts or declines.
pub async fn decide_connection(id: &str, decision: &ConnectionDecision) -> Result<Connection, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/connections/{}/decision", percent_encode(id))), decision, None).await
}

/// `DELETE /api/v1/connections/{id}`.
pub async fn delete_connection(id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/v1/connections/{}", percent_encode(id))).await
}

/// `POST /api/v1/hubs/{hub}/activities`.
pub async fn create_activity(hub_id: &str, new: &NewActivity) -> Result<Activity, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/hubs/{}/activities", percent_encode(hub_id))), new, None).await
}

/// `GET /api/v1/activities/{id}`, with its version.
pub async fn find_activity(id: &str) -> Result<Versioned<Activity>, ApiFailure> {
    get_versioned(&format!("/api/v1/activities/{}", percent_encode(id))).await
}

/// `PATCH /api/v1/activities/{id}`.
pub async fn update_activity(id: &str, patch: &ActivityPatch, etag: Option<&str>) -> Result<Activity, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/activities/{}", percent_encode(id))), patch, etag).await
}

/// `DELETE /api/v1/activities/{id}`.
pub async fn delete_activity(id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/v1/activities/{}", percent_encode(id))).await
}

/// The header that asks the server to keep the refresh token in its `HttpOnly` cookie, out of
/// reach of any script on the page.
const COOKIE_MODE: (&str, &str) = ("X-Session-Cookie", "1");

/// `POST /api/v1/auth/login`; the refresh token goes to the cookie.
pub async fn login(login: &Login) -> Result<TokenPair, ApiFailure> {
    write_json(Request::post("/api/v1/auth/login").header(COOKIE_MODE.0, COOKIE_MODE.1), login, None).await
}

/// `POST /api/v1/auth/refresh` with the cookie: a new access token, and the next refresh token
/// in the cookie.
pub async fn refresh() -> Result<TokenPair, ApiFailure> {
    let response = send(Request::post("/api/v1/auth/refresh").header(COOKIE_MODE.0, COOKIE_MODE.1)).await?;
    Ok(read(response).await?.value)
}

/// `POST /api/v1/auth/logout` with the cookie, which the server clears.
pub async fn logout() -> Result<(), ApiFailure> {
    let response = send(Request::post("/api/v1/auth/logout").header(COOKIE_MODE.0, COOKIE_MODE.1)).await?;
    if response.ok() { Ok(()) } else { Err(failure(response).await) }
}

/// `GET /api/v1/auth/me`.
pub async fn me() -> Result<Me, ApiFailure> {
    get_json("/api/v1/auth/me").await
}

/// `GET /api/v1/organisations`: one page of organisations, by name (up to 100).
pub async fn list_organisations() -> Result<Page<Organisation>, ApiFailure> {
    get_json("/api/v1/organisations?per_page=100").await
}

/// `GET /api/v1/users`.
/// `GET /api/v1/users?q=…`: the first 100 accounts whose address or name has these words.
pub async fn search_users(words: &str) -> Result<Page<User>, ApiFailure> {
    let words = words.trim();
    if words.is_empty() {
        get_json("/api/v1/users?per_page=100").await
    } else {
        get_json(&format!("/api/v1/users?per_page=100&q={}", percent_encode(words))).await
    }
}

/// `GET /api/v1/users`, 50 to a page.
pub async fn list_users(page: u32) -> Result<Page<User>, ApiFailure> {
    get_json(&format!("/api/v1/users?page={page}&per_page=50")).await
}

/// `POST /api/v1/users`.
pub async fn create_user(new: &NewUser) -> Result<CreatedUser, ApiFailure> {
    write_json(Request::post("/api/v1/users"), new, None).await
}

/// `PATCH /api/v1/users/{id}`.
pub async fn update_user(id: &str, patch: &UserPatch) -> Result<User, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/users/{}", percent_encode(id))), patch, None).await
}

/// `POST /api/v1/users/{id}/password-reset`.
pub async fn reset_password(id: &str) -> Result<PasswordReset, ApiFailure> {
    let url = format!("/api/v1/users/{}/password-reset", percent_encode(id));
    write_json(Request::post(&url), &serde_json::json!({}), None).await
}

/// `GET /api/v1/api-keys`.
pub async fn list_api_keys() -> Result<Page<ApiKey>, ApiFailure> {
    get_json("/api/v1/api-keys?per_page=100").await
}

/// `POST /api/v1/api-keys`.
pub async fn create_api_key(new: &NewApiKey) -> Result<CreatedApiKey, ApiFailure> {
    write_json(Request::post("/api/v1/api-keys"), new, None).await
}

/// `DELETE /api/v1/api-keys/{id}`.
pub async fn revoke_api_key(id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/v1/api-keys/{}", percent_encode(id))).await
}

/// `GET /api/v1/webhooks`.
pub async fn list_webhooks() -> Result<Page<Webhook>, ApiFailure> {
    get_json("/api/v1/webhooks?per_page=100").await
}

/// `POST /api/v1/webhooks`.
pub async fn create_webhook(new: &NewWebhook) -> Result<CreatedWebhook, ApiFailure> {
    write_json(Request::post("/api/v1/webhooks"), new, None).await
}

/// `PATCH /api/v1/webhooks/{id}`.
pub async fn update_webhook(id: &str, patch: &WebhookPatch) -> Result<Webhook, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/webhooks/{}", percent_encode(id))), patch, None).await
}

/// `DELETE /api/v1/webhooks/{id}`.
pub async fn delete_webhook(id: &str) -> Result<(), ApiFailure> {
    delete(&format!("/api/v1/webhooks/{}", percent_encode(id))).await
}

/// `POST /api/v1/webhooks/{id}/rotate-secret`.
pub async fn rotate_webhook_secret(id: &str) -> Result<RotatedSecret, ApiFailure> {
    let url = format!("/api/v1/webhooks/{}/rotate-secret", percent_encode(id));
    write_json(Request::post(&url), &serde_json::json!({}), None).await
}

/// `GET /api/v1/webhooks/{id}/deliveries`.
pub async fn list_webhook_deliveries(id: &str, query: &DeliveryQuery) -> Result<Page<WebhookDelivery>, ApiFailure> {
    let state = query.state.map(|s| format!("&state={}", s.as_str())).unwrap_or_default();
    let url = format!(
        "/api/v1/webhooks/{}/deliveries?page={}&per_page={}{state}",
        percent_encode(id),
        query.page,
        query.per_page
    );
    get_json(&url).await
}

/// `POST /api/v1/webhooks/{id}/deliveries/{delivery}/redeliver`.
pub async fn redeliver_webhook_event(id: &str, delivery: &str) -> Result<WebhookDelivery, ApiFailure> {
    let url = format!("/api/v1/webhooks/{}/deliveries/{}/redeliver", percent_encode(id), percent_encode(delivery));
    write_json(Request::post(&url), &serde_json::json!({}), None).await
}

/// `POST /api/v1/users/me/password`.
pub async fn change_password(change: &PasswordChange) -> Result<(), ApiFailure> {
    post_json_expecting_nothing("/api/v1/users/me/password", change).await
}

/// `GET /api/v1/calls`, optionally of one state.
pub async fn list_calls(state: Option<CallState>) -> Result<Page<Call>, ApiFailure> {
    let query = state.map(|s| format!("&state={}", s.as_str())).unwrap_or_default();
    get_json(&format!("/api/v1/calls?per_page=100{query}")).await
}

/// `GET /api/v1/calls/{id}`.
pub async fn find_call(id: &str) -> Result<Call, ApiFailure> {
    get_json(&format!("/api/v1/calls/{}", percent_encode(id))).await
}

/// `POST /api/v1/calls/{call}/proposals`.
pub async fn create_proposal(call_id: &str, new: &NewProposal) -> Result<Proposal, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/calls/{}/proposals", percent_encode(call_id))), new, None).await
}

/// `GET /api/v1/proposals`, optionally of one state.
pub async fn list_proposals(state: Option<ProposalState>) -> Result<Page<Proposal>, ApiFailure> {
    let query = state.map(|s| format!("&state={}", s.as_str())).unwrap_or_default();
    get_json(&format!("/api/v1/proposals?per_page=100{query}")).await
}

/// `GET /api/v1/proposals/{id}`, with its version.
pub async fn find_proposal(id: &str) -> Result<Versioned<Proposal>, ApiFailure> {
    get_versioned(&format!("/api/v1/proposals/{}", percent_encode(id))).await
}

/// `PATCH /api/v1/proposals/{id}`.
pub async fn update_proposal(id: &str, patch: &ProposalPatch) -> Result<Proposal, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/proposals/{}", percent_encode(id))), patch, None).await
}

/// `POST /api/v1/proposals/{id}/{action}` for `submit`, `withdraw` and `start-review`.
pub async fn move_proposal(id: &str, action: ProposalAction) -> Result<Proposal, ApiFailure> {
    let url = format!("/api/v1/proposals/{}/{}", percent_encode(id), action.endpoint());
    write_json(Request::post(&url), &serde_json::json!({}), None).await
}

/// `POST /api/v1/proposals/{id}/decision`.
pub async fn decide(id: &str, decision: &Decision) -> Result<Proposal, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/proposals/{}/decision", percent_encode(id))), decision, None).await
}

/// `GET /api/v1/proposals/{id}/reviews`.
pub async fn list_reviews(id: &str) -> Result<Vec<Review>, ApiFailure> {
    get_json(&format!("/api/v1/proposals/{}/reviews", percent_encode(id))).await
}

/// `POST /api/v1/proposals/{id}/reviews`.
pub async fn create_review(id: &str, review: &NewReview) -> Result<Review, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/proposals/{}/reviews", percent_encode(id))), review, None).await
}

/// `POST /api/v1/proposals/{id}/reviewers`.
pub async fn assign_reviewer(id: &str, reviewer_id: &str) -> Result<(), ApiFailure> {
    let body = ReviewerAssignment { reviewer_id: reviewer_id.to_owned() };
    post_json_expecting_nothing(&format!("/api/v1/proposals/{}/reviewers", percent_encode(id)), &body).await
}

/// `POST /api/v1/calls`.
pub async fn create_call(new: &NewCall) -> Result<Call, ApiFailure> {
    write_json(Request::post("/api/v1/calls"), new, None).await
}

/// `GET /api/v1/hubs/{id}`, with its version.
pub async fn find_hub_versioned(id: &str) -> Result<Versioned<Hub>, ApiFailure> {
    get_versioned(&format!("/api/v1/hubs/{}", percent_encode(id))).await
}

/// `PATCH /api/v1/hubs/{id}`, refused with 412 if it changed since `etag` was read.
pub async fn update_hub(id: &str, patch: &HubPatch, etag: Option<&str>) -> Result<Hub, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/hubs/{}", percent_encode(id))), patch, etag).await
}

/// The URL of a metrics endpoint with `query`'s filters.
pub fn metrics_url(endpoint: &str, query: &MetricsQuery) -> String {
    let text = query.to_query_string();
    if text.is_empty() { format!("/api/v1/metrics/{endpoint}") } else { format!("/api/v1/metrics/{endpoint}?{text}") }
}

/// `GET /api/v1/metrics/summary`: the figures over the hubs matching `query`.
pub async fn metrics_summary(query: &MetricsQuery) -> Result<MetricsSummary, ApiFailure> {
    get_json(&metrics_url("summary", query)).await
}

/// `GET /api/v1/metrics/timeseries`: the last twelve months over the hubs matching `query`.
pub async fn metrics_timeseries(query: &MetricsQuery) -> Result<Timeseries, ApiFailure> {
    get_json(&metrics_url("timeseries", query)).await
}

/// `GET /api/v1/metrics/network`: the hubs matching `query`, their connections, and the policy
/// councils and published recommendations they feed.
pub async fn metrics_network(query: &MetricsQuery) -> Result<NetworkGraph, ApiFailure> {
    let url = metrics_url("network", query);
    let joiner = if url.contains('?') { '&' } else { '?' };
    get_json(&format!("{url}{joiner}with=policy_councils,recommendations")).await
}

/// `GET /api/v1/hubs/{hub}/reports`: the reports of a hub the caller may read.
pub async fn list_hub_reports(hub_id: &str) -> Result<Page<Report>, ApiFailure> {
    get_json(&format!("/api/v1/hubs/{}/reports?per_page=100", percent_encode(hub_id))).await
}

/// `GET /api/v1/reports`: every hub's reports (the Secretariat and the board), optionally of one state.
pub async fn list_reports(state: Option<ReportState>) -> Result<Page<Report>, ApiFailure> {
    let query = state.map(|s| format!("&state={}", s.as_str())).unwrap_or_default();
    get_json(&format!("/api/v1/reports?per_page=100{query}")).await
}

/// `GET /api/v1/reports/{id}`, with its version.
pub async fn find_report(id: &str) -> Result<Versioned<Report>, ApiFailure> {
    get_versioned(&format!("/api/v1/reports/{}", percent_encode(id))).await
}

/// `POST /api/v1/hubs/{hub}/reports`.
pub async fn create_report(hub_id: &str, new: &NewReport) -> Result<Report, ApiFailure> {
    write_json(Request::post(&format!("/api/v1/hubs/{}/reports", percent_encode(hub_id))), new, None).await
}

/// `PATCH /api/v1/reports/{id}`.
pub async fn update_report(id: &str, patch: &ReportPatch, etag: Option<&str>) -> Result<Report, ApiFailure> {
    write_json(Request::patch(&format!("/api/v1/reports/{}", percent_encode(id))), patch, etag).await
}

/// `POST /api/v1/reports/{id}/{submit|approve|return}`.
pub async fn move_report(id: &str, action: ReportAction, decision: &ReportDecision) -> Result<Report, ApiFailure> {
    let url = format!("/api/v1/reports/{}/{}", percent_encode(id), action.endpoint());
    write_json(Request::post(&url), decision, None).await
}

/// `GET /api/v1/recommendations`: the published ones, and for the Secretariat and the board also
/// drafts and withdrawn ones; optionally of one state.
pub async fn list_recommendations(
    state: Option<RecommendationState>,
) -> Result<Page<PolicyRecommendation>, ApiFailure> {
    let query = state.map(|s| format!("&state={}", s.as_str())).unwrap_or_default();
    get_json(&format!("/api/v1/recommendations?per_page=100{query}")).await
}

/// `POST /api/v1/recommendations`: a draft.
pub async fn create_recommendation(new: &NewRecommendation) -> Result<PolicyRecommendation, ApiFailure> {
    write_json(Request::post("/api/v1/recommendations"), new, None).await
}

/// `POST /api/v1/recommendations/{id}/{publish|withdraw}`.
pub async fn move_recommendation(id: &str, action: RecommendationAction) -> Result<PolicyRecommendation, ApiFailure> {
    let url = format!("/api/v1/recommendations/{}/{}", percent_encode(id), action.as_str());
    write_json(Request::post(&url), &serde_json::json!({}), None).await
}

/// `GET /api/v1/hubs/{hub}/recommendations`: the published recommendations citing a hub.
pub async fn list_hub_recommendations(hub_id: &str) -> Result<Page<PolicyRecommendation>, ApiFailure> {
    get_json(&format!("/api/v1/hubs/{}/recommendations?per_page=100", percent_encode(hub_id))).await
}
