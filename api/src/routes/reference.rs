//! UCLG's reference lists: `/api/v1/manifestos` and `/api/v1/policy-councils`.

use actix_web::{get, web};
use l4a_shared::reference::{Manifesto, PolicyCouncil};

use crate::db::Db;
use crate::error::ApiError;
use crate::extract::Principal;
use crate::models::reference;

/// The UCLG Congress political manifestos
///
/// The ten manifestos of the Durban 2019 Congress, in English, French and Spanish; hubs name them
/// by `key`.
#[utoipa::path(tag = "taxonomies", responses((status = 200, description = "The manifestos in order", body = Vec<Manifesto>),
        Principal,
    ))]
#[get("/manifestos")]
pub async fn list_manifestos(_who: Principal, db: web::Data<Db>) -> Result<web::Json<Vec<Manifesto>>, ApiError> {
    Ok(web::Json(db.read(|conn| Ok(reference::manifestos(conn)?)).await?))
}

/// UCLG's policy councils
///
/// In English, French and Spanish; hubs name the councils they feed by `id`.
#[utoipa::path(tag = "taxonomies", responses((status = 200, description = "The policy councils in order", body = Vec<PolicyCouncil>),
        Principal,
    ))]
#[get("/policy-councils")]
pub async fn list_policy_councils(
    _who: Principal,
    db: web::Data<Db>,
) -> Result<web::Json<Vec<PolicyCouncil>>, ApiError> {
    Ok(web::Json(db.read(|conn| Ok(reference::policy_councils(conn)?)).await?))
}

/// Registers the reference routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_manifestos).service(list_policy_councils);
}
