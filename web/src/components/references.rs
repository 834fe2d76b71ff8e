//! UCLG's manifestos and policy councils as app state: loaded once per visit and shared by the
//! catalogue's filters, the hub page's tags and the proposal wizard.

use l4a_shared::reference::{Manifesto, PolicyCouncil};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};

/// The two reference lists, or why they could not be loaded.
pub type Loaded = Result<(Vec<Manifesto>, Vec<PolicyCouncil>), ApiFailure>;

/// The reference lists, loading or loaded.
#[derive(Clone, Copy)]
pub struct References(pub LocalResource<Loaded>);

/// Starts loading the reference lists and makes them available to the components below.
pub fn provide_references() {
    provide_context(References(LocalResource::new(|| async {
        Ok((api::list_manifestos().await?, api::list_policy_councils().await?))
    })));
}

/// The reference lists provided by [`provide_references`].
pub fn use_references() -> References {
    expect_context::<References>()
}

impl References {
    /// The lists once loaded; `None` while loading.
    pub fn get(self) -> Option<Loaded> {
        self.0.get()
    }

    /// Loads them again, after a failure.
    pub fn retry(self) {
        self.0.refetch();
    }
}
