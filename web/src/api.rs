//! The typed client of the API: each call takes and returns the `shared` DTOs, and a failure
//! keeps the server's problem document so the interface can say what went wrong.

use std::fmt;

use gloo_net::http::Request;
use l4a_shared::activity::Activity;
use l4a_shared::connection::Connection;
use l4a_shared::deliverable::Deliverable;
use l4a_shared::hub::Hub;
use l4a_shared::indicator::{Indicator, Measurement};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::{HubQuery, percent_encode};
use l4a_shared::reference::{Manifesto, PolicyCouncil};
use l4a_shared::sdg::SdgGoal;
use l4a_shared::stakeholder::StakeholderView;
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

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| ApiFailure::Network(e.to_string()))?;
    if response.ok() {
        return response.json::<T>().await.map_err(|e| ApiFailure::Unexpected(e.to_string()));
    }
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => Err(ApiFailure::Problem(problem)),
        Err(_) => Err(ApiFailure::Unexpected(format!("the server answered {status} without a problem document"))),
    }
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
