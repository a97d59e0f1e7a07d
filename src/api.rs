//! The GraphQL API over HTTP: [`build_schema`] makes the schema, [`router`] the axum router.
//!
//! - `POST /graphql` and `GET /graphql?query=…`: GraphQL over HTTP, answering
//!   `application/graphql-response+json` (4xx when a request fails before execution) or
//!   `application/json` (always 200), as the client's `Accept` header asks.
//! - `GET /graphql` from a browser, and `GET /graphiql`: GraphiQL, served from assets built into
//!   the binary.
//! - `GET /` and the other web pages: [`crate::web`].
//! - `GET /healthz`: 200 while the archive can be read.
//! - `GET /id/{global id}`: a permalink of citations; answers what `node(id:)` knows of the
//!   object (404 when no object has that id).
//!
//! Each request gets a snapshot of the [`Catalog`]; when an ingest (by this or another process)
//! has committed, the next request sees it — no restart needed.

pub mod filter;
pub mod http;
pub mod order;
pub mod parsed;
pub mod persisted;
pub mod query;
pub mod relay;
pub mod types;

use std::sync::Arc;
use std::time::Duration;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::routing::get;
use tokio::sync::Mutex;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::catalog::Catalog;
use crate::index::{ArchiveIndex, IndexError};
use query::QueryRoot;

/// The GraphQL schema type.
pub type DimensiesSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Deepest nesting of fields a query may have. The contract's `DeepButValid` query nests 9 deep.
pub const MAX_DEPTH: usize = 12;
/// Highest complexity a query may have: each field counts 1, list fields count `first` times
/// the fields inside them.
pub const MAX_COMPLEXITY: usize = 20_000;

/// Deepest nesting of an introspection query (GraphiQL's nests `ofType` about 14 deep).
pub const MAX_INTROSPECTION_DEPTH: usize = 32;

/// Builds the schema with its limits.
pub fn build_schema() -> DimensiesSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .extension(async_graphql::extensions::Analyzer)
        .finish()
}

/// Builds the schema that answers introspection-only queries: the depth limit of data queries
/// does not fit the type references tools like GraphiQL ask for.
fn build_introspection_schema() -> DimensiesSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_INTROSPECTION_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// Returns the schema in SDL, fields and enum values sorted (the content of `schema.graphql`).
pub fn schema_sdl() -> String {
    build_schema().sdl_with_options(
        async_graphql::SDLExportOptions::new()
            .sorted_fields()
            .sorted_enum_items(),
    )
}

/// Shared state of the server: the index and the catalog snapshot built from it.
pub struct AppState {
    index: Arc<ArchiveIndex>,
    schema: DimensiesSchema,
    introspection_schema: DimensiesSchema,
    snapshot: Mutex<CatalogSnapshot>,
    public_url: Option<String>,
    persisted_queries: std::sync::Mutex<persisted::PersistedQueries>,
    parsed_queries: parsed::ParsedQueries,
}

impl AppState {
    /// Creates the state, building the first catalog snapshot; citations carry no permalinks.
    pub fn new(index: Arc<ArchiveIndex>) -> Result<Arc<AppState>, IndexError> {
        AppState::with_public_url(index, None)
    }

    /// Creates the state with the base URL of permalinks in citations (`serve --public-url`).
    pub fn with_public_url(
        index: Arc<ArchiveIndex>,
        public_url: Option<String>,
    ) -> Result<Arc<AppState>, IndexError> {
        let snapshot = CatalogSnapshot::of(&index)?;
        Ok(Arc::new(AppState {
            index,
            schema: build_schema(),
            introspection_schema: build_introspection_schema(),
            snapshot: Mutex::new(snapshot),
            public_url: public_url.map(|url| url.trim_end_matches('/').to_string()),
            persisted_queries: std::sync::Mutex::new(persisted::PersistedQueries::default()),
            parsed_queries: parsed::ParsedQueries::default(),
        }))
    }

    /// Runs `work` on the cache of automatic persisted queries.
    pub fn persisted_queries<T>(
        &self,
        work: impl FnOnce(&mut persisted::PersistedQueries) -> T,
    ) -> T {
        // A panic while holding the lock leaves the cache usable: it holds only queries.
        let mut cache = self
            .persisted_queries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut cache)
    }

    /// The cache of parsed GraphQL documents.
    pub fn parsed_queries(&self) -> &parsed::ParsedQueries {
        &self.parsed_queries
    }

    /// The base URL of permalinks, without a trailing slash.
    pub fn public_url(&self) -> Option<&str> {
        self.public_url.as_deref()
    }

    /// The index.
    pub fn index(&self) -> &Arc<ArchiveIndex> {
        &self.index
    }

    /// The schema; `introspection_only` selects the one for introspection queries.
    pub fn schema(&self, introspection_only: bool) -> &DimensiesSchema {
        if introspection_only {
            &self.introspection_schema
        } else {
            &self.schema
        }
    }

    /// Returns the current catalog, rebuilding it when the index has seen a commit that
    /// changed what it holds.
    pub async fn catalog(&self) -> Result<Arc<Catalog>, IndexError> {
        let mut snapshot = self.snapshot.lock().await;
        let generation = self.index.generation();
        if snapshot.generation == generation {
            return Ok(Arc::clone(&snapshot.catalog));
        }
        // A reader reloads without a commit too (the first check of `meta.json` after opening
        // does): the catalog stays when the segments and their deletions are the same.
        let content_version = self.index.content_version();
        if snapshot.content_version == content_version {
            snapshot.generation = generation;
            return Ok(Arc::clone(&snapshot.catalog));
        }
        let index = Arc::clone(&self.index);
        let rebuilt = tokio::task::spawn_blocking(move || CatalogSnapshot::of(&index))
            .await
            .map_err(|error| {
                IndexError::Tantivy(tantivy::TantivyError::InternalError(error.to_string()))
            })??;
        tracing::info!(
            generation = rebuilt.generation,
            issues = rebuilt.catalog.issues().len(),
            "picked up a new version of the archive"
        );
        *snapshot = rebuilt;
        Ok(Arc::clone(&snapshot.catalog))
    }
}

/// The catalog the server answers from, with the state of the index it was built for.
struct CatalogSnapshot {
    /// The reader's generation when it was built.
    generation: u64,
    /// The index content it was built for ([`ArchiveIndex::content_version`]).
    content_version: String,
    catalog: Arc<Catalog>,
}

impl CatalogSnapshot {
    /// Builds the catalog of what `index` holds now. The versions are read first: should a
    /// commit come in while building, the catalog is newer than they say and is rebuilt once
    /// more on the next request, never kept when stale.
    fn of(index: &ArchiveIndex) -> Result<CatalogSnapshot, IndexError> {
        let generation = index.generation();
        let content_version = index.content_version();
        let catalog = Arc::new(index.catalog()?);
        Ok(CatalogSnapshot {
            generation,
            content_version,
            catalog,
        })
    }
}

/// Request headers browsers may send cross-origin: those of `fetch` with JSON, caching
/// (`if-none-match`), credentials (`authorization`), Apollo Client
/// (`apollographql-client-name`, `-version`, `apollo-require-preflight`), Relay and
/// `graphql-ws` style clients (`x-request-id`, `x-graphql-client-name`, `-version`).
pub const CORS_ALLOWED_HEADERS: [&str; 11] = [
    "accept",
    "authorization",
    "content-type",
    "if-none-match",
    "apollographql-client-name",
    "apollographql-client-version",
    "apollo-require-preflight",
    "x-apollo-operation-name",
    "x-request-id",
    "x-graphql-client-name",
    "x-graphql-client-version",
];

/// How long shared caches may keep a GET answer, in seconds.
pub const GET_MAX_AGE_SECONDS: u32 = 60;

/// HTTP settings of the server.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Origins allowed by CORS; none means same-origin only.
    pub cors_origins: Vec<String>,
    /// Longest a request may take before the server answers 503.
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            cors_origins: Vec::new(),
            request_timeout: Duration::from_secs(10),
            max_body_bytes: 64 * 1024,
        }
    }
}

/// Builds the router.
pub fn router(state: Arc<AppState>, options: &ServerOptions) -> Router {
    let mut router = Router::new()
        .route("/graphql", get(http::graphql_get).post(http::graphql_post))
        .route("/graphiql/{file}", get(http::graphiql_asset))
        .route("/graphiql", get(http::graphiql))
        .route("/healthz", get(http::healthz))
        .route("/id/{id}", get(http::permalink))
        .merge(crate::web::routes())
        .fallback(crate::web::not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(options.max_body_bytes))
        .layer(axum::Extension(http::BodyLimit(options.max_body_bytes)))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            options.request_timeout,
        ));
    let origins: Vec<HeaderValue> = options
        .cors_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin.trim()).ok())
        .collect();
    if !origins.is_empty() {
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
                .allow_headers(CORS_ALLOWED_HEADERS.map(HeaderName::from_static))
                .expose_headers([header::ETAG, header::CACHE_CONTROL])
                .max_age(Duration::from_secs(3600)),
        );
    }
    router
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
}
