//! Edits on a hub's page: one version counter that every section's listing reads, so that a
//! change anywhere (a measurement moves an indicator's progress and the hub's figures; deleting a
//! stakeholder changes an agreement) shows everywhere, and one polite notice saying what was done.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::form::Writes;
use crate::i18n::{t, use_i18n};

/// The edits context of a hub's page.
#[derive(Clone, Copy)]
pub struct HubEdits {
    version: RwSignal<u32>,
    notice: RwSignal<Option<String>>,
    can_edit: Signal<bool>,
    writes: Writes,
}

impl HubEdits {
    /// Provides a fresh context to the hub's page; `can_edit` says whether the signed-in account
    /// may change the hub, so that no control is shown that the server would refuse.
    pub fn provide(can_edit: Signal<bool>) -> Self {
        let edits = Self { version: RwSignal::new(0), notice: RwSignal::new(None), can_edit, writes: Writes::new() };
        provide_context(edits);
        edits
    }

    /// Whether the editing controls are shown.
    pub fn can_edit(self) -> bool {
        self.can_edit.get()
    }

    /// The context of the page being shown.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// How many changes were saved since the page opened; reading it subscribes to changes.
    pub fn version(self) -> u32 {
        self.version.get()
    }

    /// Announces `notice` without reloading anything, e.g. why a deletion was refused.
    pub fn notify(self, notice: String) {
        self.notice.set(Some(notice));
    }

    /// Sends a change made from a listing (a deletion, an answer to a request) through the page's
    /// action: on success the listings reload and `done` is announced; on failure, the problem.
    pub fn send<T: 'static>(self, request: impl Future<Output = Result<T, ApiFailure>> + 'static, done: String) {
        self.writes.send(async move {
            match request.await {
                Ok(_) => self.changed(done),
                Err(failure) => self.notify(failure.to_string()),
            }
        });
    }

    /// Whether a change sent from a listing is on its way.
    pub fn pending(self) -> bool {
        self.writes.pending()
    }

    /// Records that something changed: listings reload and `notice` is announced.
    pub fn changed(self, notice: String) {
        self.notice.set(Some(notice));
        self.version.update(|version| *version += 1);
    }
}

/// The notice of the last change, announced to screen readers and dismissible.
#[component]
pub fn EditNotice() -> impl IntoView {
    let i18n = use_i18n();
    let edits = HubEdits::get();
    view! {
        <div class="edit-notice-region" role="status" aria-live="polite">
            {move || {
                edits.notice.get().map(|notice| view! {
                    <p class="edit-notice">
                        <span>{notice}</span>
                        <button type="button" class="button small" on:click=move |_| edits.notice.set(None)>
                            {t!(i18n, form.dismiss)}
                        </button>
                    </p>
                })
            }}
        </div>
    }
}
