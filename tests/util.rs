//! Shared helpers: the fixture, its extracted issue, an index and a router over it.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use dimensies::api::{AppState, ServerOptions};
use dimensies::index::ArchiveIndex;
use dimensies::ingest::read::IssueMetadata;
use dimensies::model::Issue;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Path of a file in the project.
pub fn project_path(relative: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The fixture's text.
pub fn fixture_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(project_path("fixtures/dimensies-2019-regio.txt"))
            .expect("fixture exists")
    })
}

/// The fixture's extracted issue.
pub fn fixture_issue() -> &'static Issue {
    static ISSUE: OnceLock<Issue> = OnceLock::new();
    ISSUE.get_or_init(|| {
        dimensies::ingest::extract_file(
            &project_path("fixtures/dimensies-2019-regio.txt"),
            &IssueMetadata::default(),
        )
        .expect("fixture extracts")
    })
}

/// An in-memory index holding the fixture (shared by tests that only read).
pub fn fixture_index() -> Arc<ArchiveIndex> {
    static INDEX: OnceLock<Arc<ArchiveIndex>> = OnceLock::new();
    Arc::clone(INDEX.get_or_init(|| {
        let index = ArchiveIndex::create_in_ram().expect("index in memory");
        index
            .ingest(std::slice::from_ref(fixture_issue()))
            .expect("fixture ingests");
        Arc::new(index)
    }))
}

/// A router over the fixture index.
pub fn router() -> Router {
    let state = AppState::new(fixture_index()).expect("state");
    dimensies::api::router(state, &ServerOptions::default())
}

/// Sends a request through the router and returns status, content type and body.
pub async fn send(router: Router, request: Request<Body>) -> (u16, String, String) {
    let response = router.oneshot(request).await.expect("router answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        content_type,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// POSTs a GraphQL request and returns the JSON response; panics on a non-200 status.
pub async fn graphql(query: &str, variables: serde_json::Value) -> serde_json::Value {
    let body = serde_json::json!({ "query": query, "variables": variables });
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let (status, _, body) = send(router(), request).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("JSON response")
}

/// The operations of the client contract (tests/contract/operations.graphql).
pub fn contract() -> &'static str {
    include_str!("contract/operations.graphql")
}

/// Runs one named operation of the contract.
pub async fn run_operation(name: &str, variables: serde_json::Value) -> serde_json::Value {
    let body =
        serde_json::json!({ "query": contract(), "operationName": name, "variables": variables });
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let (status, _, body) = send(router(), request).await;
    assert_eq!(status, 200, "{body}");
    let response: serde_json::Value = serde_json::from_str(&body).expect("JSON response");
    assert!(response.get("errors").is_none(), "{name}: {response:#}");
    response
}
