//! The app's shell: translations, the SDG taxonomy context, the route table and the layout.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::feedback::Loading;
use crate::components::layout::{Footer, Header};
use crate::components::references::provide_references;
use crate::components::sdg::provide_sdg_context;
use crate::i18n::{I18nContextProvider, t, use_i18n};
use crate::pages::account::Account;
use crate::pages::admin::{Accounts, ApiKeys, Webhooks};
use crate::pages::calls::{CallPage, Calls};
use crate::pages::catalogue::Catalogue;
use crate::pages::dashboard::Dashboard;
use crate::pages::hub::HubPage;
use crate::pages::my_hubs::MyHubs;
use crate::pages::not_found::NotFound;
use crate::pages::proposals::{ProposalPage, ProposalWizard, Proposals};
use crate::pages::recommendations::Recommendations;
use crate::pages::reports::{NewReportPage, ReportPage, Reports};
use crate::pages::sign_in::SignIn;
use crate::session::Session;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Shell />
        </I18nContextProvider>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    provide_sdg_context();
    provide_references();
    let session = Session::provide();
    view! {
        <Router>
            <a class="skip-link" href="#main">{t!(i18n, app.skip)}</a>
            <Header />
            <main id="main" tabindex="-1">
                // Pages load what their caller may see: they wait for a stored session to be restored.
                <Show when=move || !session.restoring() fallback=|| view! { <Loading>"…"</Loading> }>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Catalogue />
                    <Route path=path!("/hubs/:slug") view=HubPage />
                    <Route path=path!("/hubs/:slug/reports/new") view=NewReportPage />
                    <Route path=path!("/reports") view=Reports />
                    <Route path=path!("/reports/:id") view=ReportPage />
                    <Route path=path!("/recommendations") view=Recommendations />
                    <Route path=path!("/sign-in") view=SignIn />
                    <Route path=path!("/my-hubs") view=MyHubs />
                    <Route path=path!("/admin/users") view=Accounts />
                    <Route path=path!("/api-keys") view=ApiKeys />
                    <Route path=path!("/webhooks") view=Webhooks />
                    <Route path=path!("/account") view=Account />
                    <Route path=path!("/dashboard") view=Dashboard />
                    <Route path=path!("/calls") view=Calls />
                    <Route path=path!("/calls/:id") view=CallPage />
                    <Route path=path!("/proposals") view=Proposals />
                    <Route path=path!("/proposals/:id") view=ProposalPage />
                    <Route path=path!("/proposals/:id/edit") view=ProposalWizard />
                </Routes>
                </Show>
            </main>
            <Footer />
        </Router>
    }
}
