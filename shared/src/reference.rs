//! UCLG's own reference lists beside the SDGs: the political manifestos of the Durban 2019
//! Congress and the policy councils. They are data the Secretariat edits, served by the API.

use serde::{Deserialize, Serialize};

use crate::sdg::Localized;

/// One of the UCLG Congress political manifestos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Manifesto {
    /// Its stable key (`local_finance`), used in hubs' `manifestos`.
    pub key: String,
    /// Its name in the three languages.
    pub name: Localized,
}

/// One of UCLG's policy councils.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyCouncil {
    /// Its id, used in hubs' `policy_council_ids`.
    pub id: String,
    /// Its name in the three languages.
    pub name: Localized,
    /// Whether it sits in the current term.
    pub active: bool,
}
