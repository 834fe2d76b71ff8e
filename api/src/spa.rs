//! Serving the web app: its files from `STATIC_DIR`, and `index.html` for every client-side
//! route, while unknown `/api/…` paths stay 404 problems.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

use crate::error::ApiError;

/// Whether `dir` holds a built web app.
pub fn is_built(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

/// Mounts the web app at `/`; call last, as it answers every path no other service took.
pub fn configure(config: &mut web::ServiceConfig, dir: PathBuf) {
    if is_built(&dir) {
        let index = dir.join("index.html");
        config.service(Files::new("/", &dir).index_file("index.html").prefer_utf8(true).default_handler(fn_service(
            move |req: ServiceRequest| {
                let index = index.clone();
                async move {
                    let (req, _) = req.into_parts();
                    if req.path().starts_with("/api/") {
                        let error = ApiError::NoRoute { method: req.method().to_string(), path: req.path().to_owned() };
                        return Ok(ServiceResponse::from_err(error, req));
                    }
                    let response = NamedFile::open(&index)?.into_response(&req);
                    Ok(ServiceResponse::new(req, response))
                }
            },
        )));
    } else {
        config.service(web::resource("/{tail:.*}").route(web::get().to(not_built)));
    }
}

/// What `/` shows when the web app has not been built.
async fn not_built(req: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    if req.path().starts_with("/api/") {
        return Err(ApiError::NoRoute { method: req.method().to_string(), path: req.path().to_owned() });
    }
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
        "<!doctype html><title>Local4Action HUBs</title><h1>The web app is not built</h1>\
         <p>Run <code>just build-web</code> (or <code>just run</code>), or point <code>STATIC_DIR</code> at a build. \
         The API is at <a href=\"/api/docs/\">/api/docs/</a>.</p>",
    ))
}
