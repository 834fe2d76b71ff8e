//! Open data: every public hub with its public records, read a batch of hubs at a time, and the
//! formats it leaves in (the JSON document and NDJSON in `routes::export`, CSV tables in
//! [`tables`], IATI activity XML in [`iati`], UN SDG Actions records in [`sdg_actions`]).
//!
//! What is public is what the hub-resource kit shows an anonymous reader
//! ([`HubResource::visible`] and [`HubResource::view`] with `private = false`), so the export
//! cannot show more than the API does.

pub mod iati;
pub mod sdg_actions;
pub mod tables;

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use l4a_shared::export::{HubExport, Licence};
use l4a_shared::hub::Hub;
use l4a_shared::recommendation::PolicyRecommendation;
use l4a_shared::stakeholder::{StakeholderView, StakeholderWithContact};

use crate::config::Config;
use crate::db::DbConnection;
use crate::models::resource::HubResource;
use crate::models::{StoreError, hub, indicator, recommendation};

/// Who publishes the open data and under which licence, from the configuration.
#[derive(Debug, Clone)]
pub struct Publisher {
    /// The licence every export names.
    pub licence: Licence,
    /// The reporting organisation's IATI identifier (`reporting-org/@ref`), also the prefix of
    /// each hub's `iati-identifier`.
    pub reporting_org_ref: String,
    /// Its name.
    pub reporting_org_name: String,
    /// Its IATI organisation type code.
    pub reporting_org_type: String,
    /// The public address of the platform, for links back to each hub's page.
    pub public_url: String,
}

impl Publisher {
    /// The publisher the configuration describes.
    pub fn from_config(config: &Config) -> Self {
        Self {
            licence: Licence {
                id: config.export_licence_id.clone(),
                name: config.export_licence_name.clone(),
                url: config.export_licence_url.clone(),
                attribution: config.export_attribution.clone(),
            },
            reporting_org_ref: config.iati_publisher_prefix.trim_end_matches('-').to_owned(),
            reporting_org_name: config.iati_reporting_org_name.clone(),
            reporting_org_type: config.iati_reporting_org_type.clone(),
            public_url: config.public_url.trim_end_matches('/').to_owned(),
        }
    }
}

/// How many hubs one read of an export loads (few in debug builds, so that the tests' hubs
/// already take several batches).
pub const HUBS_PER_BATCH: i64 = if cfg!(debug_assertions) { 7 } else { 50 };

/// Walks every public hub with its public records, by id, a batch at a time: `visit` gets each
/// batch and answers whether to go on. Paging by id, no hub is missed or repeated whatever is
/// written meanwhile.
pub fn for_each_batch<E: From<StoreError>>(
    conn: &mut DbConnection,
    mut visit: impl FnMut(&[HubExport]) -> Result<bool, E>,
) -> Result<(), E> {
    let mut after: Option<String> = None;
    loop {
        let hubs = hub::public_after(conn, after.as_deref(), HUBS_PER_BATCH)?;
        let Some(last) = hubs.last() else { return Ok(()) };
        after = Some(last.id.clone());
        if !visit(&with_records(conn, hubs)?)? {
            return Ok(());
        }
    }
}

/// One hub with its public records, whoever asks: the exports never show private fields.
pub fn of_hub(conn: &mut DbConnection, hub: Hub) -> Result<HubExport, StoreError> {
    with_records(conn, vec![hub])?
        .pop()
        .ok_or_else(|| StoreError::Corrupt(anyhow::anyhow!("a hub exported as nothing")))
}

/// When an export is generated, to the second.
pub fn generated_at() -> chrono::DateTime<Utc> {
    chrono::SubsecRound::trunc_subsecs(Utc::now(), 0)
}

/// `hubs` with their public records: a few queries for the whole batch.
fn with_records(conn: &mut DbConnection, hubs: Vec<Hub>) -> Result<Vec<HubExport>, StoreError> {
    let ids: Vec<String> = hubs.iter().map(|hub| hub.id.clone()).collect();
    let mut deliverables = public_of::<l4a_shared::deliverable::Deliverable>(conn, &ids)?;
    let mut stakeholders = public_of::<StakeholderWithContact>(conn, &ids)?;
    let mut activities = public_of::<l4a_shared::activity::Activity>(conn, &ids)?;
    let mut indicators = public_of::<l4a_shared::indicator::Indicator>(conn, &ids)?;
    let mut reports = public_of::<l4a_shared::report::Report>(conn, &ids)?;
    let indicator_ids: Vec<&str> = indicators.values().flatten().map(|i| i.id.as_str()).collect();
    let mut measurements: HashMap<String, Vec<_>> = HashMap::new();
    for measurement in indicator::measurements_of(conn, &indicator_ids)? {
        measurements.entry(measurement.indicator_id.clone()).or_default().push(measurement);
    }
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let citing = recommendation::citing(conn, &id_refs)?;
    let wanted: BTreeSet<&str> = citing.iter().map(|(_, id, _, _)| id.as_str()).collect();
    let mut recommendations: HashMap<&str, PolicyRecommendation> = HashMap::new();
    for id in wanted {
        if let Some(found) = recommendation::find(conn, id)? {
            recommendations.insert(id, found.item);
        }
    }
    Ok(hubs
        .into_iter()
        .map(|hub| {
            let indicators = indicators.remove(&hub.id).unwrap_or_default();
            let measurements = indicators.iter().flat_map(|i| measurements.remove(&i.id).unwrap_or_default()).collect();
            let recommendations = citing
                .iter()
                .filter(|(citing_hub, ..)| *citing_hub == hub.id)
                .filter_map(|(_, id, _, _)| recommendations.get(id.as_str()).cloned())
                .collect();
            HubExport {
                deliverables: deliverables.remove(&hub.id).unwrap_or_default(),
                stakeholders: stakeholders
                    .remove(&hub.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|view| match view {
                        StakeholderView::Public(stakeholder) => stakeholder,
                        // Never the case with `private = false`; the contact details stay out regardless.
                        StakeholderView::Private(with_contact) => with_contact.stakeholder,
                    })
                    .collect(),
                activities: activities.remove(&hub.id).unwrap_or_default(),
                reports: reports.remove(&hub.id).unwrap_or_default(),
                indicators,
                measurements,
                recommendations,
                hub,
            }
        })
        .collect())
}

/// What an anonymous reader sees of the records of type `R` of `hub_ids`, by hub.
fn public_of<R: HubResource>(
    conn: &mut DbConnection,
    hub_ids: &[String],
) -> Result<HashMap<String, Vec<R::View>>, StoreError> {
    let mut by_hub: HashMap<String, Vec<R::View>> = HashMap::new();
    for record in R::of_hubs(conn, hub_ids)? {
        if record.visible(false) {
            by_hub.entry(record.hub_id().to_owned()).or_default().push(record.view(false));
        }
    }
    Ok(by_hub)
}
