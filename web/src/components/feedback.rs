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
    let detail = failure.detail().map(str::to_owned);
    let is_network = detail.is_none();
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

/// A fetch that failed inside a page: the problem's detail, or that the network failed, and a
/// button that tries again. Nothing that failed is shown as if it were empty.
#[component]
pub fn FetchFailed(failure: ApiFailure, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    // The detail, then each rule broken ("q: the search text is at most 200 characters").
    let rules = match &failure {
        ApiFailure::Problem(problem) => problem.errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect(),
        ApiFailure::Network(_) | ApiFailure::Unexpected(_) => Vec::new(),
    };
    let detail =
        failure.detail().map(|detail| std::iter::once(detail.to_owned()).chain(rules).collect::<Vec<_>>().join(" · "));
    view! {
        <p class="fetch-failed" role="alert">
            <span class="error-detail">
                {match detail {
                    Some(detail) => detail.into_any(),
                    None => t!(i18n, error.network).into_any(),
                }}
            </span>
            " "
            <button type="button" class="button small retry" on:click=move |_| retry.run(())>{t!(i18n, error.retry)}</button>
        </p>
    }
}

fn reload() {
    let _ = window().location().reload();
}
