//! UCLG's reference lists in the database: the Congress manifestos and the policy councils.

use diesel::prelude::*;
use l4a_shared::reference::{Manifesto, PolicyCouncil};
use l4a_shared::sdg::Localized;

use crate::db::DbConnection;
use crate::schema::{manifestos, policy_councils};

/// Every manifesto, in the Congress's order.
pub fn manifestos(conn: &mut DbConnection) -> QueryResult<Vec<Manifesto>> {
    let rows: Vec<(String, String, String, String)> = manifestos::table
        .order(manifestos::position)
        .select((manifestos::key, manifestos::name_en, manifestos::name_fr, manifestos::name_es))
        .load(conn)?;
    Ok(rows.into_iter().map(|(key, en, fr, es)| Manifesto { key, name: Localized { en, fr, es } }).collect())
}

/// Every policy council, in order.
pub fn policy_councils(conn: &mut DbConnection) -> QueryResult<Vec<PolicyCouncil>> {
    let rows: Vec<(String, String, String, String, bool)> = policy_councils::table
        .order(policy_councils::position)
        .select((
            policy_councils::id,
            policy_councils::name_en,
            policy_councils::name_fr,
            policy_councils::name_es,
            policy_councils::active,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, en, fr, es, active)| PolicyCouncil { id, name: Localized { en, fr, es }, active })
        .collect())
}

/// Which of `keys` name a manifesto.
pub fn known_manifestos(conn: &mut DbConnection, keys: &[String]) -> QueryResult<Vec<String>> {
    manifestos::table.filter(manifestos::key.eq_any(keys)).select(manifestos::key).load(conn)
}

/// Which of `ids` name a policy council.
pub fn known_policy_councils(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<String>> {
    policy_councils::table.filter(policy_councils::id.eq_any(ids)).select(policy_councils::id).load(conn)
}
