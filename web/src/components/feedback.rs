//! Loading and error states.

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{t, use_i18n};

/// A polite loading message with a spinner.
#[component]
pub fn Loading(children: Children) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {children()}
        </div>
    }
}

/// A failed call: what went wrong, from the server's problem document when there is one.
#[component]
pub fn ErrorPanel(failure: ApiFailure) -> impl IntoView {
    let i18n = use_i18n();
    let detail = match &failure {
        ApiFailure::Problem(problem) => Some(problem.detail.clone()),
        ApiFailure::Unexpected(message) => Some(message.clone()),
        ApiFailure::Network(_) => None,
    };
    let is_network = matches!(failure, ApiFailure::Network(_));
    view! {
        <div class="error-panel" role="alert">
            <h2>{t!(i18n, error.title)}</h2>
            <Show when=move || is_network>
                <p>{t!(i18n, error.network)}</p>
            </Show>
            {detail.map(|detail| view! { <p class="error-detail">{detail}</p> })}
            <button type="button" class="button" on:click=|_| reload()>{t!(i18n, error.retry)}</button>
        </div>
    }
}

fn reload() {
    let _ = window().location().reload();
}
