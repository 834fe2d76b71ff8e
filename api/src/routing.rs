//! What the route table answers for a path it does not route with this method: `405 Method Not
//! Allowed` with `Allow` when another method is routed there, `404` otherwise; and `HEAD`
//! served as the `GET` it mirrors.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// The methods routed at each path template of the API, read from the OpenAPI document (which is
/// generated from the same route table).
#[derive(Debug, Clone, Default)]
pub struct KnownRoutes(Vec<(Vec<String>, Vec<Method>)>);

impl KnownRoutes {
    /// Reads the templates and their methods from the document.
    pub fn from_document(document: &utoipa::openapi::OpenApi) -> Self {
        let routes = document
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = template.split('/').map(str::to_owned).collect();
                let mut methods: Vec<Method> = [
                    (item.get.is_some(), Method::GET),
                    (item.post.is_some(), Method::POST),
                    (item.put.is_some(), Method::PUT),
                    (item.patch.is_some(), Method::PATCH),
                    (item.delete.is_some(), Method::DELETE),
                ]
                .into_iter()
                .filter_map(|(routed, method)| routed.then_some(method))
                .collect();
                if methods.contains(&Method::GET) {
                    methods.push(Method::HEAD);
                }
                (segments, methods)
            })
            .collect();
        Self(routes)
    }

    /// The methods routed at `path`, when a template matches it.
    pub fn methods_at(&self, path: &str) -> Option<Vec<Method>> {
        let segments: Vec<&str> = path.split('/').collect();
        let mut found: Vec<Method> = Vec::new();
        for (template, methods) in &self.0 {
            let matches = template.len() == segments.len()
                && template.iter().zip(&segments).all(|(expected, actual)| {
                    (expected.starts_with('{') && expected.ends_with('}') && !actual.is_empty()) || expected == actual
                });
            if matches {
                found.extend(methods.iter().filter(|m| !found.contains(m)).cloned().collect::<Vec<_>>());
            }
        }
        (!found.is_empty()).then_some(found)
    }

    /// Whether `method` is routed at `path`.
    pub fn routes(&self, method: &Method, path: &str) -> bool {
        self.methods_at(path).is_some_and(|methods| methods.contains(method))
    }
}

/// Serves `HEAD` on the API and the probes as the `GET` it mirrors; the server sends the headers
/// of the answer without its body.
pub async fn head_as_get(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let path = request.path();
    let api = path.starts_with("/api/v1/") || path == "/healthz" || path == "/readyz";
    if api && request.method() == Method::HEAD {
        request.head_mut().method = Method::GET;
    }
    Ok(next.call(request).await?.map_into_boxed_body())
}
