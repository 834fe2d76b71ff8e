//! Serving the web app: from the copy embedded in the binary at build time (precompressed, see
//! `api/build.rs`), or from `STATIC_DIR` when it is set (development); `index.html` for every
//! client-side route, while unknown `/api/…` paths stay 404 problems.
//!
//! Files whose names carry a content hash (`l4a_web.3f2a…c1.js`) never change, so browsers keep
//! them for a year; everything else, `index.html` first, is revalidated by its ETag.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;

/// One file of the embedded web app, with its precompressed forms (when they are smaller).
#[derive(Debug)]
pub struct EmbeddedFile {
    /// Its path under the root, `pkg/l4a_web.….js`.
    pub path: &'static str,
    /// Its bytes.
    pub raw: &'static [u8],
    /// Gzipped, best compression.
    pub gzip: Option<&'static [u8]>,
    /// Brotli, quality 11.
    pub brotli: Option<&'static [u8]>,
    /// Its strong entity tag, from its bytes.
    pub etag: &'static str,
}

/// The web app as built when the binary was (empty when `web/dist` was not built).
pub static EMBEDDED: &[EmbeddedFile] = include!(concat!(env!("OUT_DIR"), "/web_files.rs"));

/// `Cache-Control` for a path of the web app: a year for content-hashed names, revalidation for
/// the rest.
pub fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.split('.').rev();
    let hashed = matches!((parts.next(), parts.next(), parts.next()), (Some(_), Some(hash), Some(_))
        if hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    if hashed { "public, max-age=31536000, immutable" } else { "no-cache" }
}

/// Whether `dir` holds a built web app.
pub fn is_built(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

/// Where the web app comes from: `STATIC_DIR` when set, else the embedded copy, else `web/dist`.
pub fn source(static_dir: Option<&Path>) -> String {
    match static_dir {
        Some(dir) => dir.display().to_string(),
        None if !EMBEDDED.is_empty() => "embedded".to_owned(),
        None => "web/dist".to_owned(),
    }
}

/// Mounts the web app at `/`; call last, as it answers every path no other service took.
pub fn configure(config: &mut web::ServiceConfig, static_dir: Option<PathBuf>) {
    match static_dir {
        None if !EMBEDDED.is_empty() => {
            config.service(web::resource("/{tail:.*}").route(web::get().to(embedded)).route(web::head().to(embedded)));
        }
        dir => from_disk(config, dir.unwrap_or_else(|| PathBuf::from("web/dist"))),
    }
}

fn from_disk(config: &mut web::ServiceConfig, dir: PathBuf) {
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

/// The encodings a request accepts, by name, with `q=0` meaning refused.
fn accepts(request: &HttpRequest, encoding: &str) -> bool {
    let Some(accepted) = request.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    accepted.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
        name.eq_ignore_ascii_case(encoding) && !refused
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Serves a file of the embedded web app in the best encoding the client accepts, or
/// `index.html` for a client-side route. `HEAD` gets the same headers without the body.
async fn embedded(request: HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = request.path().trim_start_matches('/');
    let no_route = || ApiError::NoRoute { method: request.method().to_string(), path: request.path().to_owned() };
    if request.path().starts_with("/api/") {
        return Err(no_route());
    }
    let find = |wanted: &str| EMBEDDED.iter().find(|file| file.path == wanted);
    let file = match find(path) {
        Some(file) => file,
        // A missing file (an old hashed name) is a 404, not the page: a script must not get HTML.
        None if path.rsplit('/').next().is_some_and(|name| name.contains('.')) => return Err(no_route()),
        None => find("index.html").ok_or_else(no_route)?,
    };
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, content_type(file.path)))
        .insert_header((header::CACHE_CONTROL, cache_control(file.path)))
        .insert_header((header::ETAG, file.etag))
        .insert_header((header::VARY, "Accept-Encoding"));
    let unchanged = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == file.etag || tag.trim() == "*"));
    if unchanged {
        return Ok(response.status(actix_web::http::StatusCode::NOT_MODIFIED).finish());
    }
    let (body, encoding) = match (file.brotli, file.gzip) {
        (Some(brotli), _) if accepts(&request, "br") => (brotli, Some("br")),
        (_, Some(gzip)) if accepts(&request, "gzip") => (gzip, Some("gzip")),
        _ => (file.raw, None),
    };
    if let Some(encoding) = encoding {
        response.insert_header((header::CONTENT_ENCODING, encoding));
    }
    Ok(response.body(body))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_hashed_names_are_kept_for_a_year() {
        assert_eq!(cache_control("pkg/l4a_web_bg.0123456789ab.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("style.a1b2c3d4e5f6.css"), "public, max-age=31536000, immutable");
        for revalidated in ["index.html", "favicon.svg", "pkg/l4a_web.js", "style.a1b2c3.css", "x.0123456789zz.js"] {
            assert_eq!(cache_control(revalidated), "no-cache", "{revalidated}");
        }
    }
}
