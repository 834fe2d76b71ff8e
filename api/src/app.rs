//! The one boot path, used by `main` and by the tests: the route table, the middleware and
//! the HTTP server.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpRequest, HttpServer, web};
use anyhow::Context as _;
use utoipa_actix_web::AppExt as _;
use utoipa_swagger_ui::SwaggerUi;

use crate::answers::Answers;
use crate::auth::AuthState;
use crate::config::Config;
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{BodyDeadline, BodyLimit};
use crate::prometheus::Scraping;
use crate::routes::{self, sdgs::Taxonomy};
use crate::routing::KnownRoutes;
use crate::{openapi, routing, security, spa, telemetry};

/// The table of contents of the API: every documented route, by resource.
pub fn api_routes(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(
            utoipa_actix_web::scope("/api/v1")
                .configure(routes::hubs::configure)
                .configure(routes::organisations::configure)
                .configure(routes::deliverables::configure)
                .configure(routes::stakeholders::configure)
                .configure(routes::indicators::configure)
                .configure(routes::connections::configure)
                .configure(routes::activities::configure)
                .configure(routes::sdgs::configure)
                .configure(routes::reference::configure)
                .configure(routes::auth::configure)
                .configure(routes::users::configure)
                .configure(routes::api_keys::configure)
                .configure(routes::webhooks::configure)
                .configure(routes::audit::configure)
                .configure(routes::calls::configure)
                .configure(routes::proposals::configure)
                .configure(routes::reports::configure)
                .configure(routes::recommendations::configure)
                .configure(routes::metrics::configure)
                .configure(routes::export::configure),
        )
        .configure(routes::health::configure);
}

/// Makes actix's own extractor errors (path, query, JSON, form, payload) problem documents too.
fn extractor_configs(config: &mut web::ServiceConfig, limit: usize, deadline: Duration) {
    fn bad_request(code: &'static str, detail: String) -> actix_web::Error {
        ApiError::BadRequest { code, detail, errors: Vec::new() }.into()
    }
    config
        .app_data(BodyLimit(limit))
        .app_data(BodyDeadline(deadline))
        .app_data(web::PathConfig::default().error_handler(|e, _| bad_request("invalid_path", e.to_string())))
        .app_data(web::QueryConfig::default().error_handler(|e, _| bad_request("invalid_query", e.to_string())))
        .app_data(web::JsonConfig::default().limit(limit).error_handler(move |e, _| match e {
            actix_web::error::JsonPayloadError::Overflow { .. }
            | actix_web::error::JsonPayloadError::OverflowKnownLength { .. } => {
                ApiError::PayloadTooLarge { limit }.into()
            }
            other => bad_request("malformed_json", other.to_string()),
        }))
        .app_data(
            web::FormConfig::default().limit(limit).error_handler(|e, _| bad_request("malformed_form", e.to_string())),
        )
        .app_data(web::PayloadConfig::new(limit));
}

async fn no_route(req: HttpRequest, known: web::Data<KnownRoutes>) -> Result<actix_web::HttpResponse, ApiError> {
    let (method, path) = (req.method().to_string(), req.path().to_owned());
    match known.methods_at(req.path()) {
        Some(allowed) => {
            Err(ApiError::MethodNotAllowed { method, path, allowed: allowed.iter().map(ToString::to_string).collect() })
        }
        None => Err(ApiError::NoRoute { method, path }),
    }
}

async fn query_count() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(serde_json::json!({ "queries": crate::db::queries_run() }))
}

async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/api/docs/"))
        .finish()
}

/// A bound, not yet running server.
pub struct Application {
    server: actix_web::dev::Server,
    address: SocketAddr,
    /// The `METRICS_BIND` listener, when configured.
    metrics: Option<actix_web::dev::Server>,
}

/// The listener of `METRICS_BIND`: `/metrics` and nothing else, without a token.
fn metrics_server(bind: &str, db: &web::Data<Db>) -> anyhow::Result<actix_web::dev::Server> {
    let listener = TcpListener::bind(bind).with_context(|| format!("binding METRICS_BIND {bind}"))?;
    tracing::info!(address = %listener.local_addr()?, "serving /metrics");
    let (db, scraping) = (db.clone(), web::Data::new(Scraping { token: None, open: true }));
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(db.clone())
            .app_data(scraping.clone())
            .route("/metrics", web::get().to(crate::prometheus::scrape))
    })
    .workers(1)
    .listen(listener)?
    .shutdown_timeout(2)
    .run())
}

impl Application {
    /// Binds the listener and builds the server; nothing is served until [`Application::run`].
    pub fn build(config: &Config, db: Db, taxonomy: Taxonomy) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.bind).with_context(|| format!("binding {}", config.bind))?;
        let address = listener.local_addr()?;
        let document = openapi::document();
        let static_dir = config.static_dir.clone();
        let limit = config.max_body_bytes;
        let count_queries = config.count_queries;
        let deadline = Duration::from_secs(config.request_timeout_seconds);
        let hsts = web::Data::new(security::Hsts(config.hsts));
        let known = web::Data::new(KnownRoutes::from_document(&document));
        let auth = web::Data::new(AuthState::from_config(config)?);
        let db = web::Data::new(db);
        let metrics = config.metrics_bind.as_deref().map(|bind| metrics_server(bind, &db)).transpose()?;
        let taxonomy = web::Data::new(taxonomy);
        let answers = web::Data::new(Answers::default());
        let publisher = web::Data::new(crate::export::Publisher::from_config(config));
        let webhook_settings = web::Data::new(crate::webhooks::WebhookSettings::from_config(config));
        let proxies =
            crate::client_address::TrustedProxies::parse(&config.trusted_proxies).map_err(anyhow::Error::msg)?;
        let proxies = web::Data::new(proxies);
        let scraping =
            web::Data::new(Scraping { token: config.metrics_token.clone().filter(|t| !t.is_empty()), open: false });
        let mut server = HttpServer::new(move || {
            App::new()
                .into_utoipa_app()
                .app_data(db.clone())
                .app_data(taxonomy.clone())
                .app_data(answers.clone())
                .app_data(publisher.clone())
                .app_data(webhook_settings.clone())
                .app_data(proxies.clone())
                .app_data(auth.clone())
                .app_data(hsts.clone())
                .app_data(known.clone())
                .configure(api_routes)
                .into_app()
                .configure(|c| extractor_configs(c, limit, deadline))
                .configure(|c| {
                    // Not part of the API: only there when counting is asked for.
                    if count_queries {
                        c.route("/internal/query-count", web::get().to(query_count));
                    }
                })
                .service(
                    web::resource("/metrics")
                        .app_data(scraping.clone())
                        .route(web::get().to(crate::prometheus::scrape)),
                )
                .route("/api/docs", web::get().to(docs_redirect))
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", document.clone()))
                .configure(|c| spa::configure(c, static_dir.clone()))
                .default_service(web::to(no_route))
                .wrap(from_fn(crate::auth::authenticate))
                .wrap(from_fn(routing::head_as_get))
                .wrap(Compress::default())
                .wrap(from_fn(security::headers))
                .wrap(from_fn(telemetry::request_context))
        })
        // A client gets the same deadline for its headers as for its body, and a connection
        // that stops reading its answer is dropped rather than kept for ever.
        .client_request_timeout(deadline)
        .client_disconnect_timeout(Duration::from_secs(5))
        .keep_alive(Duration::from_secs(config.keep_alive_seconds))
        .max_connections(config.max_connections)
        .listen(listener)?
        .shutdown_timeout(10);
        if config.workers > 0 {
            server = server.workers(config.workers);
        }
        Ok(Self { server: server.run(), address, metrics })
    }

    /// The address actually bound (useful with port 0).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
    pub async fn run(self) -> std::io::Result<()> {
        let metrics = self.metrics.map(|server| {
            let handle = server.handle();
            actix_web::rt::spawn(server);
            handle
        });
        let served = self.server.await;
        if let Some(metrics) = metrics {
            metrics.stop(true).await;
        }
        served
    }
}
