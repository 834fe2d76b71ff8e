//! The demo data set: believable hubs across UCLG's world regions, for a newcomer's first look.
//!
//! The first three are real hubs known from UCLG's public pages; the others are invented and say so.

use anyhow::Context as _;
use l4a_shared::hub::NewHub;

use crate::db::Db;
use crate::models::hub;

/// Loads every demo hub whose slug is not yet taken, in one transaction; returns how many were added.
pub fn load_demo(db: &Db) -> anyhow::Result<usize> {
    let hubs: Vec<NewHub> = serde_json::from_str(include_str!("demo-hubs.json")).context("reading the demo hubs")?;
    let valid = hubs
        .iter()
        .map(|hub| hub.validate().map_err(|e| anyhow::anyhow!("demo hub {:?}: {e}", hub.name)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    db.write_blocking(|conn| {
        let mut added = 0;
        for hub in &valid {
            let slug = hub.slug.as_ref().map(|s| s.as_str()).unwrap_or_default();
            if hub::find(conn, slug)?.is_none() {
                hub::create(conn, hub)?;
                added += 1;
            }
        }
        Ok(added)
    })
    .map_err(|e| anyhow::anyhow!("loading the demo hubs: {e}"))
}

/// Loads the demo set only into a database that holds no hub yet.
pub fn load_demo_if_empty(db: &Db) -> anyhow::Result<usize> {
    let mut conn = db.conn()?;
    if hub::count(&mut conn)? > 0 {
        return Ok(0);
    }
    load_demo(db)
}
