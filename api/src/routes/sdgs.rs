//! The SDG taxonomy: 17 goals and 169 targets in English, French and Spanish.

use std::sync::Arc;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use l4a_shared::sdg::{SdgGoal, SdgTaxonomy};

use crate::extract::Principal;

/// The taxonomy served by the API, parsed once at start-up from the file kept in `shared/data`.
pub type Taxonomy = Arc<SdgTaxonomy>;

/// Parses the embedded data file; it is checked by the `shared` tests, so failing here is a build defect.
pub fn load_taxonomy() -> anyhow::Result<Taxonomy> {
    let taxonomy: SdgTaxonomy = serde_json::from_str(include_str!("../../../shared/data/sdgs.json"))?;
    Ok(Arc::new(taxonomy))
}

/// The 17 goals, each with its targets, titled in English, French and Spanish.
///
/// The texts are the United Nations'; the file names its source and licence.
#[utoipa::path(tag = "taxonomies", responses((status = 200, description = "The 17 goals in order", body = Vec<SdgGoal>),
        Principal,
    ))]
#[get("/sdgs")]
pub async fn list_sdgs(_who: Principal, taxonomy: web::Data<Taxonomy>) -> HttpResponse {
    HttpResponse::Ok()
        // Reference data that changes with a release, not with a request.
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .json(&taxonomy.goals)
}

/// Registers the taxonomy routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_sdgs);
}
