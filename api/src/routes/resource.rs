//! The hub-resource kit, HTTP side: list, get, create, update (with `If-Match`) and delete for
//! any [`HubResource`]. Each resource's handlers keep their own signature and OpenAPI contract
//! and call these, so that reading a handler tells its contract and nothing else.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use futures_util::future::{Ready, ready};
use l4a_shared::page::Page;

use crate::auth::Principal;
use crate::auth::guards::{self, ManagedHub, ReadableHub};
use crate::db::{Db, DbConnection};
use crate::error::ApiError;
use crate::extract::IfMatch;
use crate::models::hub::{HubAccess, HubKey};
use crate::models::resource::{self, HubResource, Rules};
use crate::models::{Stored, Versioned as _, today};
use crate::routes::Tagged;
use crate::routes::change_if_current;
use crate::routes::sdgs::Taxonomy;

/// What the kit's handlers need from the application: the database and the rules' reference data.
pub struct Resources {
    db: web::Data<Db>,
    taxonomy: Taxonomy,
}

impl FromRequest for Resources {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let missing = || ApiError::Internal(anyhow::anyhow!("the database and the taxonomy are registered"));
        let db = request.app_data::<web::Data<Db>>().cloned();
        let taxonomy = request.app_data::<web::Data<Taxonomy>>().map(|t| t.get_ref().clone());
        ready(match (db, taxonomy) {
            (Some(db), Some(taxonomy)) => Ok(Resources { db, taxonomy }),
            _ => Err(missing()),
        })
    }
}

/// The record as a response, with its ETag, and its URL when it was just created.
pub fn tagged<R: HubResource>(stored: Stored<R>, private: bool, status: StatusCode) -> Tagged<R::View> {
    let location = (status == StatusCode::CREATED).then(|| format!("{}/{}", R::PATH, stored.item.audit_id()));
    Tagged { status, etag: stored.etag(), body: stored.item.view(private), location }
}

/// A record of a hub the caller may read, with its hub (404 otherwise).
pub fn readable<R: HubResource>(
    conn: &mut DbConnection,
    id: &str,
    who: &Principal,
) -> Result<(Stored<R>, HubAccess), ApiError> {
    let stored = resource::get::<R>(conn, id)?;
    let hub = guards::readable_hub(conn, HubKey::Id(stored.item.hub_id()), who)?;
    Ok((stored, hub))
}

/// A record of a hub the caller may change, with its hub.
pub fn managed<R: HubResource>(
    conn: &mut DbConnection,
    id: &str,
    who: &Principal,
) -> Result<(Stored<R>, HubAccess), ApiError> {
    let stored = resource::get::<R>(conn, id)?;
    let hub = guards::managed_hub(conn, HubKey::Id(stored.item.hub_id()), who)?;
    Ok((stored, hub))
}

impl Resources {
    /// One page of a hub's records, as the caller may see them.
    pub async fn list<R: HubResource>(
        &self,
        hub: ReadableHub,
        query: R::Query,
    ) -> Result<web::Json<Page<R::View>>, ApiError> {
        let (private, page) = self
            .db
            .read(move |conn| {
                let access = hub.resolve(conn)?;
                let private = hub.who.may_read_contacts(&access);
                Ok((private, R::list(conn, &access.id, &query, private)?))
            })
            .await?;
        Ok(web::Json(page.map(|record| record.view(private))))
    }

    /// One record, as the caller may see it.
    pub async fn find<R: HubResource>(&self, who: Principal, id: String) -> Result<Tagged<R::View>, ApiError> {
        let (stored, private) = self
            .db
            .read(move |conn| {
                let (stored, hub) = readable::<R>(conn, &id, &who)?;
                let private = who.may_read_contacts(&hub);
                // A record the caller may not see is not there, as far as they can tell.
                if !stored.item.visible(private) {
                    return Err(ApiError::NotFound { resource: R::ENTITY, key: id });
                }
                Ok((stored, private))
            })
            .await?;
        Ok(tagged(stored, private, StatusCode::OK))
    }

    /// Adds a record to a hub the caller may change.
    pub async fn create<R: HubResource>(&self, hub: ManagedHub, new: R::New) -> Result<Tagged<R::View>, ApiError> {
        let taxonomy = self.taxonomy.clone();
        let stored = self
            .db
            .write(move |conn| {
                let access = hub.resolve(conn)?;
                let valid = R::validate(&new, &Rules { hub: &access, today: today(), taxonomy: &taxonomy })?;
                Ok(resource::create::<R>(conn, &hub.who.actor(), &access.id, &valid)?)
            })
            .await?;
        // Whoever may add a record may read its private fields.
        Ok(tagged(stored, true, StatusCode::CREATED))
    }

    /// Applies a merge patch to a record of a hub the caller may change, if `If-Match` holds.
    pub async fn update<R: HubResource>(
        &self,
        who: Principal,
        id: String,
        if_match: IfMatch,
        patch: R::Patch,
    ) -> Result<Tagged<R::View>, ApiError> {
        let taxonomy = self.taxonomy.clone();
        let stored = self
            .db
            .write(move |conn| {
                change_if_current(
                    conn,
                    |conn| managed::<R>(conn, &id, &who),
                    &if_match,
                    |conn, (current, hub)| {
                        let rules = Rules { hub, today: today(), taxonomy: &taxonomy };
                        let valid = R::validate(&R::patched(patch.clone(), &current.item), &rules)?;
                        Ok(resource::update::<R>(conn, &who.actor(), current, &valid)?)
                    },
                )
            })
            .await?;
        Ok(tagged(stored, true, StatusCode::OK))
    }

    /// Deletes a record of a hub the caller may change, if `If-Match` holds.
    pub async fn delete<R: HubResource>(
        &self,
        who: Principal,
        id: String,
        if_match: IfMatch,
    ) -> Result<HttpResponse, ApiError> {
        self.db
            .write(move |conn| {
                change_if_current(
                    conn,
                    |conn| managed::<R>(conn, &id, &who),
                    &if_match,
                    |conn, (current, _)| Ok(resource::delete::<R>(conn, &who.actor(), current)?),
                )
            })
            .await?;
        Ok(HttpResponse::NoContent().finish())
    }
}
