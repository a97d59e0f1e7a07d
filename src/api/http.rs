//! GraphQL over HTTP, by the spec (<https://graphql.github.io/graphql-over-http/>):
//!
//! - `Accept: application/graphql-response+json` gets that media type, and status 400 when the
//!   request fails before execution (syntax, validation, variables); `application/json` (also for
//!   `*/*` or no `Accept`) always gets 200 once the request is well-formed; anything else 406.
//! - POST needs `Content-Type: application/json` (415 otherwise) and a JSON object with a string
//!   `query` (400 otherwise). GET takes `query`, `variables`, `operationName` and `extensions`
//!   as URL parameters and refuses mutations (405).
//! - A browser's GET without `query` gets GraphiQL, whose scripts the binary serves itself.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::parser::types::{
    DocumentOperations, FragmentDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, Name, Positioned, ServerError, Value};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::api::persisted::Lookup;
use crate::api::types::PublicUrl;
use crate::api::{AppState, MAX_COMPLEXITY, MAX_DEPTH};

/// The media types a GraphQL response can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/graphql-response+json`.
    GraphqlResponse,
    /// `application/json`.
    Json,
}

impl MediaType {
    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        })
    }
}

/// Picks the response media type from `Accept`: the first acceptable one listed.
pub fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    let Some(accept) = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
    else {
        return Some(MediaType::Json);
    };
    if accept.trim().is_empty() {
        return Some(MediaType::Json);
    }
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        // `q=0` means "not acceptable".
        let refused = parts.any(|parameter| {
            let parameter = parameter.trim().to_ascii_lowercase();
            parameter
                .strip_prefix("q=")
                .and_then(|quality| quality.parse::<f32>().ok())
                .is_some_and(|quality| quality <= 0.0)
        });
        if refused {
            continue;
        }
        match media.as_str() {
            "application/graphql-response+json" => return Some(MediaType::GraphqlResponse),
            "application/json" | "application/*" | "*/*" => return Some(MediaType::Json),
            _ => {}
        }
    }
    None
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// A response with GraphQL errors only, for requests refused before execution.
fn request_error(status: StatusCode, media: MediaType, message: &str) -> Response {
    let code = match status {
        StatusCode::METHOD_NOT_ALLOWED => "METHOD_NOT_ALLOWED",
        StatusCode::NOT_ACCEPTABLE => "NOT_ACCEPTABLE",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "UNSUPPORTED_MEDIA_TYPE",
        StatusCode::PAYLOAD_TOO_LARGE => "PAYLOAD_TOO_LARGE",
        status if status.is_server_error() => "INTERNAL_SERVER_ERROR",
        _ => "BAD_REQUEST",
    };
    error_response(status, media, message, code)
}

/// A response with one GraphQL error and its code.
fn error_response(status: StatusCode, media: MediaType, message: &str, code: &str) -> Response {
    let body =
        serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, media.content_type());
    response
}

/// Returns the one-line form of a parser error: async-graphql passes on pest's drawing
/// (`" --> 1:25\n  |\n1 | { issues …\n  |   ^---\n  |\n  = expected selection"`).
fn one_line_parse_message(message: &str, location: Option<(usize, usize)>) -> String {
    let expected = message
        .lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("= "))
        .unwrap_or("the query cannot be read");
    match location {
        Some((line, column)) => {
            format!("syntax error at line {line}, column {column}: {expected}")
        }
        None => format!("syntax error: {expected}"),
    }
}

/// Gives every error an `extensions.code` (the codes Apollo Server uses) and a one-line
/// message, and drops errors listed twice.
///
/// - a syntax error: `GRAPHQL_PARSE_FAILED`;
/// - a value that does not fit its type: `BAD_USER_INPUT`;
/// - an unknown `operationName`: `OPERATION_RESOLUTION_FAILURE`;
/// - any other error before execution (unknown field, a mutation, …):
///   `GRAPHQL_VALIDATION_FAILED`;
/// - an error of a field without a code of its own: `INTERNAL_SERVER_ERROR`.
fn assign_error_codes(errors: &mut Vec<ServerError>) {
    let mut seen: HashSet<String> = HashSet::new();
    errors.retain(|error| {
        let locations: Vec<(usize, usize)> = error
            .locations
            .iter()
            .map(|position| (position.line, position.column))
            .collect();
        seen.insert(format!(
            "{}\u{1}{locations:?}\u{1}{:?}",
            error.message, error.path
        ))
    });
    for error in errors.iter_mut() {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|extensions| extensions.get("code").is_some());
        if has_code {
            continue;
        }
        let message = error.message.as_str();
        let code = if message.trim_start().starts_with("-->") {
            let location = error
                .locations
                .first()
                .map(|position| (position.line, position.column));
            error.message = one_line_parse_message(message, location);
            "GRAPHQL_PARSE_FAILED"
        } else if !error.path.is_empty() {
            "INTERNAL_SERVER_ERROR"
        } else if message.starts_with("Invalid value for argument")
            || message.starts_with("Expected input type")
            || message.starts_with("Invalid value for variable")
            || message.starts_with("Variable \"")
        {
            "BAD_USER_INPUT"
        } else if message.starts_with("Unknown operation") {
            "OPERATION_RESOLUTION_FAILURE"
        } else {
            "GRAPHQL_VALIDATION_FAILED"
        };
        let mut extensions = error.extensions.take().unwrap_or_default();
        extensions.set("code", code);
        error.extensions = Some(extensions);
    }
}

/// Rewrites async-graphql's limit errors so they name the limit.
fn explain_limits(errors: &mut [ServerError]) {
    for error in errors {
        // The parser gives up at 64 nested selection sets ("recursion limit exceeded."), and
        // its grammar deeper still with "stack limit reached" under a copy of the whole query:
        // both are queries nested far over the limit.
        let nested_beyond_the_parser = error.message == "recursion limit exceeded."
            || error.message.ends_with("= stack limit reached");
        let message = if nested_beyond_the_parser {
            "Query is nested too deep."
        } else {
            error.message.as_str()
        };
        let (message, code) = match message {
            "Query is nested too deep." => (
                format!("the query is nested too deep: the limit is {MAX_DEPTH} levels of fields"),
                "QUERY_TOO_DEEP",
            ),
            "Query is too complex." => (
                format!(
                    "the query is too complex: the limit is {MAX_COMPLEXITY} (a list field counts its `first` times the fields inside it)"
                ),
                "QUERY_TOO_COMPLEX",
            ),
            _ => continue,
        };
        error.message = message;
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", code);
        error.extensions = Some(extensions);
    }
}

/// Keeps only the operation the request selects (and the fragments it uses).
///
/// async-graphql computes depth and complexity over every operation of a document, so a client
/// sending its whole operations file with `operationName` would be charged for all of them and
/// fail on the others' undefined variables.
fn keep_selected_operation(request: &mut async_graphql::Request) {
    let Some(name) = request.operation_name.clone() else {
        return;
    };
    let Ok(document) = request.parsed_query() else {
        return; // the parse error is reported by execution
    };
    let DocumentOperations::Multiple(operations) = &document.operations else {
        return;
    };
    let Some(selected) = operations.get(name.as_str()) else {
        return; // "unknown operation" is reported by execution
    };
    let mut used = HashSet::new();
    collect_fragments(
        &selected.node.selection_set.node,
        &document.fragments,
        &mut used,
    );
    let mut pruned = document.clone();
    if let DocumentOperations::Multiple(operations) = &mut pruned.operations {
        operations.retain(|operation, _| operation.as_str() == name);
    }
    pruned
        .fragments
        .retain(|fragment, _| used.contains(fragment.as_str()));
    request.set_parsed_query(pruned);
}

/// Returns whether every root field of the request's operations is an introspection field.
fn is_introspection_only(request: &mut async_graphql::Request) -> bool {
    let Ok(document) = request.parsed_query() else {
        return false;
    };
    let mut root_fields = Vec::new();
    for (_, operation) in document.operations.iter() {
        root_field_names(
            &operation.node.selection_set.node,
            &document.fragments,
            &mut root_fields,
            0,
        );
    }
    !root_fields.is_empty() && root_fields.iter().all(|name| name.starts_with("__"))
}

fn root_field_names(
    selection_set: &SelectionSet,
    fragments: &HashMap<Name, Positioned<FragmentDefinition>>,
    names: &mut Vec<String>,
    depth: usize,
) {
    // Fragment cycles are rejected by validation later; never follow one here.
    if depth > 8 {
        names.push("(fragment cycle)".to_string());
        return;
    }
    for selection in &selection_set.items {
        match &selection.node {
            Selection::Field(field) => names.push(field.node.name.node.to_string()),
            Selection::InlineFragment(inline) => {
                root_field_names(&inline.node.selection_set.node, fragments, names, depth + 1);
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = fragments.get(spread.node.fragment_name.node.as_str()) {
                    root_field_names(
                        &fragment.node.selection_set.node,
                        fragments,
                        names,
                        depth + 1,
                    );
                }
            }
        }
    }
}

fn collect_fragments(
    selection_set: &SelectionSet,
    fragments: &HashMap<Name, Positioned<FragmentDefinition>>,
    used: &mut HashSet<String>,
) {
    for selection in &selection_set.items {
        match &selection.node {
            Selection::Field(field) => {
                collect_fragments(&field.node.selection_set.node, fragments, used)
            }
            Selection::InlineFragment(inline) => {
                collect_fragments(&inline.node.selection_set.node, fragments, used)
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.to_string();
                if used.insert(name.clone())
                    && let Some(fragment) = fragments.get(spread.node.fragment_name.node.as_str())
                {
                    collect_fragments(&fragment.node.selection_set.node, fragments, used);
                }
            }
        }
    }
}

async fn execute(state: &AppState, request: async_graphql::Request, media: MediaType) -> Response {
    execute_with_outcome(state, request, media).await.0
}

/// Moves async-graphql's `analyzer` extension to `extensions.cost`, with the limits beside
/// (GitHub reports a query's cost in `rateLimit { cost }`).
fn report_cost(response: &mut async_graphql::Response) {
    let Some(Value::Object(analyzer)) = response.extensions.remove("analyzer") else {
        return;
    };
    let mut cost = analyzer;
    cost.insert(Name::new("maxComplexity"), Value::from(MAX_COMPLEXITY));
    cost.insert(Name::new("maxDepth"), Value::from(MAX_DEPTH));
    response
        .extensions
        .insert("cost".to_string(), Value::Object(cost));
}

/// Executes a request; also says whether the answer is a success (200, no errors), which is
/// what HTTP caches may keep.
async fn execute_with_outcome(
    state: &AppState,
    mut request: async_graphql::Request,
    media: MediaType,
) -> (Response, bool) {
    state.parsed_queries().prepare(&mut request);
    keep_selected_operation(&mut request);
    let catalog = match state.catalog().await {
        Ok(catalog) => catalog,
        Err(error) => {
            tracing::error!(%error, "cannot read the archive");
            let response = request_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                media,
                "the archive cannot be read right now",
            );
            return (response, false);
        }
    };
    let introspection = is_introspection_only(&mut request);
    let mut request = request.data(catalog).data(Arc::clone(state.index()));
    if let Some(url) = state.public_url() {
        request = request.data(PublicUrl(url.to_string()));
    }
    let mut response = state.schema(introspection).execute(request).await;
    explain_limits(&mut response.errors);
    assign_error_codes(&mut response.errors);
    report_cost(&mut response);
    let succeeded = response.errors.is_empty();
    let failed_before_execution = response.data == Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty());
    let status = if media == MediaType::GraphqlResponse && failed_before_execution {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let body = if failed_before_execution {
        // The spec: no `data` entry when the request failed before execution.
        serde_json::json!({ "errors": response.errors })
    } else {
        match serde_json::to_value(&response) {
            Ok(body) => body,
            Err(error) => {
                tracing::error!(%error, "cannot serialise a response");
                let response = request_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    media,
                    "the response cannot be written",
                );
                return (response, false);
            }
        }
    };
    let mut http_response = (status, body.to_string()).into_response();
    http_response
        .headers_mut()
        .insert(header::CONTENT_TYPE, media.content_type());
    (http_response, succeeded)
}

/// Returns the strong `ETag` of a GET request's answer: a hash of what the answer depends on
/// (the index's content, this build, the permalink base, the media type and the request's
/// parameters), so it changes when the index changes and the query need not run to compare.
fn etag_of(state: &AppState, media: MediaType, parameters: &HashMap<String, String>) -> String {
    let mut keys: Vec<&String> = parameters.keys().collect();
    keys.sort();
    let mut identity = format!(
        "{}\u{1}{}\u{1}{}\u{1}{media:?}",
        state.index().content_version(),
        env!("CARGO_PKG_VERSION"),
        state.public_url().unwrap_or("")
    );
    for key in keys {
        identity.push_str(&format!("\u{1}{key}={}", parameters[key]));
    }
    let hash = crate::api::persisted::sha256_hex(&identity);
    format!("\"{}\"", &hash[..32])
}

/// Whether `If-None-Match` names `etag` (or `*`); weak comparison, as RFC 9110 asks for it.
fn if_none_match_names(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

/// Adds the caching headers of a GET answer.
fn cache_headers(headers: &mut HeaderMap, etag: &str) {
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(&format!(
        "public, max-age={}",
        crate::api::GET_MAX_AGE_SECONDS
    )) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    headers.insert(
        header::VARY,
        HeaderValue::from_static("accept, accept-encoding"),
    );
}

/// Reads a JSON request body into a GraphQL request, with a message saying what is wrong.
#[cfg(test)]
fn parse_body(body: &[u8]) -> Result<async_graphql::Request, String> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|error| format!("the request body is not valid JSON: {error}"))?;
    request_of_value(value)
}

/// Reads a JSON object into a GraphQL request, with a message saying what is wrong.
fn request_of_value(value: serde_json::Value) -> Result<async_graphql::Request, String> {
    let Some(object) = value.as_object() else {
        return Err(
            "the request body must be a JSON object (batched requests are not supported)"
                .to_string(),
        );
    };
    match object.get("query") {
        Some(serde_json::Value::String(_)) => {}
        Some(_) => return Err("`query` must be a string".to_string()),
        None => return Err("the request has no `query`".to_string()),
    }
    for key in ["variables", "extensions"] {
        if let Some(entry) = object.get(key)
            && !(entry.is_object() || entry.is_null())
        {
            return Err(format!("`{key}` must be an object"));
        }
    }
    if let Some(entry) = object.get("operationName")
        && !(entry.is_string() || entry.is_null())
    {
        return Err("`operationName` must be a string".to_string());
    }
    serde_json::from_value(value)
        .map_err(|error| format!("the request is not a GraphQL request: {error}"))
}

/// The largest request body the router accepts (`ServerOptions::max_body_bytes`), for the
/// message that refuses a larger one.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// `POST /graphql`.
pub async fn graphql_post(
    State(state): State<Arc<AppState>>,
    limit: Option<axum::Extension<BodyLimit>>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let Some(media) = negotiate(&headers) else {
        return request_error(
            StatusCode::NOT_ACCEPTABLE,
            MediaType::Json,
            "cannot answer in any media type `Accept` allows: use application/graphql-response+json or application/json",
        );
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media_type != "application/json" && media_type != "application/graphql-response+json" {
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "send the request as JSON with `Content-Type: application/json`",
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let limit = limit.map_or_else(
                || "the limit".to_string(),
                |axum::Extension(BodyLimit(bytes))| format!("the limit of {bytes} bytes"),
            );
            return request_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                media,
                &format!("the request body is larger than {limit}"),
            );
        }
        Err(rejection) => {
            return request_error(
                rejection.status(),
                media,
                &format!("cannot read the request body: {}", rejection.body_text()),
            );
        }
    };
    let mut value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(error) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                &format!("the request body is not valid JSON: {error}"),
            );
        }
    };
    if let Some(object) = value.as_object_mut() {
        let extension = object
            .get("extensions")
            .and_then(|extensions| extensions.get("persistedQuery"))
            .cloned();
        let query = object
            .get("query")
            .and_then(serde_json::Value::as_str)
            .map(str::to_string);
        match persisted_query(&state, extension.as_ref(), query.as_deref(), media) {
            Ok(Some(query)) => {
                object.insert("query".to_string(), serde_json::Value::String(query));
            }
            Ok(None) => {}
            Err(response) => return *response,
        }
    }
    match request_of_value(value) {
        Ok(request) => execute(&state, request, media).await,
        Err(message) => request_error(StatusCode::BAD_REQUEST, media, &message),
    }
}

/// Resolves an automatic persisted query: `Ok(Some(query))` when the request has a
/// `persistedQuery` extension that names a known query (or sends one with the right hash),
/// `Ok(None)` without the extension, and the error to answer otherwise
/// (`PERSISTED_QUERY_NOT_FOUND`, so an Apollo client sends the query again).
fn persisted_query(
    state: &AppState,
    extension: Option<&serde_json::Value>,
    query: Option<&str>,
    media: MediaType,
) -> Result<Option<String>, Box<Response>> {
    let Some(extension) = extension.filter(|extension| !extension.is_null()) else {
        return Ok(None);
    };
    let status = match media {
        MediaType::GraphqlResponse => StatusCode::BAD_REQUEST,
        MediaType::Json => StatusCode::OK,
    };
    let lookup = state.persisted_queries(|cache| cache.resolve(extension, query));
    match lookup {
        Lookup::Found(query) => Ok(Some(query)),
        Lookup::NotFound => Err(Box::new(error_response(
            status,
            media,
            "PersistedQueryNotFound",
            "PERSISTED_QUERY_NOT_FOUND",
        ))),
        Lookup::HashMismatch => Err(Box::new(error_response(
            StatusCode::BAD_REQUEST,
            media,
            "provided sha does not match query",
            "BAD_REQUEST",
        ))),
        Lookup::Unsupported(message) => Err(Box::new(error_response(
            StatusCode::BAD_REQUEST,
            media,
            &message,
            "PERSISTED_QUERY_NOT_SUPPORTED",
        ))),
    }
}

/// `GET /graphql`: GraphiQL for a browser, else a query from the URL parameters.
pub async fn graphql_get(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut parameters: HashMap<String, String> =
        match raw.as_deref().map(serde_urlencoded::from_str).transpose() {
            Ok(parameters) => parameters.unwrap_or_default(),
            Err(error) => {
                return request_error(
                    StatusCode::BAD_REQUEST,
                    MediaType::Json,
                    &format!("the URL parameters cannot be read: {error}"),
                );
            }
        };
    let extension = parameters
        .get("extensions")
        .and_then(|extensions| serde_json::from_str::<serde_json::Value>(extensions).ok())
        .and_then(|extensions| extensions.get("persistedQuery").cloned());
    if extension.is_some() {
        let media = negotiate(&headers).unwrap_or(MediaType::Json);
        let query = parameters.get("query").map(String::as_str);
        match persisted_query(&state, extension.as_ref(), query, media) {
            Ok(Some(query)) => {
                parameters.insert("query".to_string(), query);
            }
            Ok(None) => {}
            Err(response) => return *response,
        }
    }
    let Some(query) = parameters.get("query") else {
        if wants_html(&headers) {
            return graphiql_page();
        }
        let media = negotiate(&headers).unwrap_or(MediaType::Json);
        return request_error(
            StatusCode::BAD_REQUEST,
            media,
            "the request has no `query` parameter",
        );
    };
    let Some(media) = negotiate(&headers) else {
        return request_error(
            StatusCode::NOT_ACCEPTABLE,
            MediaType::Json,
            "cannot answer in any media type `Accept` allows: use application/graphql-response+json or application/json",
        );
    };
    if let Ok(document) = async_graphql::parser::parse_query(query) {
        let operation_name = parameters.get("operationName").map(String::as_str);
        let is_mutation = document.operations.iter().any(|(name, operation)| {
            let selected = operation_name
                .is_none_or(|wanted| name.is_some_and(|name| name.as_str() == wanted));
            selected && operation.node.ty != OperationType::Query
        });
        if is_mutation {
            let mut response = request_error(
                StatusCode::METHOD_NOT_ALLOWED,
                media,
                "mutations must be sent with POST",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
    }
    let mut request = async_graphql::Request::new(query.clone());
    if let Some(name) = parameters
        .get("operationName")
        .filter(|name| !name.is_empty())
    {
        request = request.operation_name(name.clone());
    }
    if let Some(variables) = parameters
        .get("variables")
        .filter(|variables| !variables.is_empty())
    {
        match serde_json::from_str::<async_graphql::Variables>(variables) {
            Ok(variables) => request = request.variables(variables),
            Err(error) => {
                return request_error(
                    StatusCode::BAD_REQUEST,
                    media,
                    &format!("`variables` is not a JSON object: {error}"),
                );
            }
        }
    }
    if let Some(extensions) = parameters
        .get("extensions")
        .filter(|extensions| !extensions.is_empty())
    {
        match serde_json::from_str(extensions) {
            Ok(extensions) => request.extensions = extensions,
            Err(error) => {
                return request_error(
                    StatusCode::BAD_REQUEST,
                    media,
                    &format!("`extensions` is not a JSON object: {error}"),
                );
            }
        }
    }
    // What the answer depends on, the persisted query resolved.
    let etag = etag_of(&state, media, &parameters);
    if if_none_match_names(&headers, &etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        cache_headers(response.headers_mut(), &etag);
        return response;
    }
    let (mut response, succeeded) = execute_with_outcome(&state, request, media).await;
    if succeeded {
        cache_headers(response.headers_mut(), &etag);
    } else {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// What a permalink answers: the object as `node(id:)` resolves it.
const PERMALINK_QUERY: &str = "query Permalink($id: ID!) { node(id: $id) { __typename id \
    ... on Issue { key title year } \
    ... on Article { key title issue { key title } } \
    ... on Quote { text speaker { key name } article { key title } issue { key title } } \
    ... on Footnote { number text article { key title } } \
    ... on Person { key name roles } } }";

/// `GET /id/{id}`: the permalink of a citation, resolved through `node(id:)`; 404 when no object
/// has that id. A browser (`Accept: text/html`) is sent on (303) to the object's web page.
pub async fn permalink(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if wants_html(&headers)
        && let Ok(catalog) = state.catalog().await
        && let Some(page) = crate::web::page_of_global_id(&catalog, &id)
    {
        return Redirect::to(&page).into_response();
    }
    let catalog = match state.catalog().await {
        Ok(catalog) => catalog,
        Err(error) => {
            tracing::error!(%error, "cannot read the archive");
            return request_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                MediaType::Json,
                "the archive cannot be read right now",
            );
        }
    };
    let mut variables = async_graphql::Variables::default();
    variables.insert(Name::new("id"), Value::String(id));
    let request = async_graphql::Request::new(PERMALINK_QUERY)
        .variables(variables)
        .data(catalog)
        .data(Arc::clone(state.index()));
    let response = state.schema(false).execute(request).await;
    let body = serde_json::to_value(&response).unwrap_or(serde_json::Value::Null);
    let status = if body["data"]["node"].is_object() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let mut http_response = (status, body.to_string()).into_response();
    http_response
        .headers_mut()
        .insert(header::CONTENT_TYPE, MediaType::Json.content_type());
    http_response
}

/// `GET /healthz`: 200 while the archive can be read.
pub async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    match state.catalog().await {
        Ok(catalog) => {
            let counts = catalog.counts();
            (
                StatusCode::OK,
                format!(
                    "ok: {} issues, {} articles, {} quotes\n",
                    counts.issues, counts.articles, counts.quotes
                ),
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(%error, "health check cannot read the archive");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the archive cannot be read\n",
            )
                .into_response()
        }
    }
}

/// `GET /graphiql`: GraphiQL, whatever the `Accept` header (the web pages link here).
pub async fn graphiql() -> Response {
    graphiql_page()
}

fn graphiql_page() -> Response {
    let mut response = Html(include_str!("../../assets/graphiql/index.html")).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `GET /graphiql/{file}`: GraphiQL's scripts and styles, built into the binary.
pub async fn graphiql_asset(Path(file): Path<String>) -> Response {
    let (bytes, content_type): (&'static [u8], &'static str) = match file.as_str() {
        "graphiql.min.js" => (
            include_bytes!("../../assets/graphiql/graphiql.min.js"),
            "text/javascript; charset=utf-8",
        ),
        "graphiql.min.css" => (
            include_bytes!("../../assets/graphiql/graphiql.min.css"),
            "text/css; charset=utf-8",
        ),
        "react.production.min.js" => (
            include_bytes!("../../assets/graphiql/react.production.min.js"),
            "text/javascript; charset=utf-8",
        ),
        "react-dom.production.min.js" => (
            include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return (StatusCode::NOT_FOUND, "no such file\n").into_response(),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn content_negotiation() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(MediaType::Json));
        assert_eq!(
            negotiate(&accept(
                "application/graphql-response+json, application/json;q=0.9"
            )),
            Some(MediaType::GraphqlResponse)
        );
        assert_eq!(
            negotiate(&accept("application/json, multipart/mixed")),
            Some(MediaType::Json)
        );
        assert_eq!(negotiate(&accept("*/*")), Some(MediaType::Json));
        assert_eq!(negotiate(&accept("text/plain")), None);
        assert_eq!(
            negotiate(&accept(
                "application/graphql-response+json;q=0, application/json"
            )),
            Some(MediaType::Json)
        );
    }

    #[test]
    fn request_bodies() {
        assert!(parse_body(br#"{"query":"{ __typename }","variables":null}"#).is_ok());
        assert_eq!(
            parse_body(b"{").unwrap_err().split(':').next(),
            Some("the request body is not valid JSON")
        );
        assert_eq!(
            parse_body(br#"[{"query":"{ a }"}]"#).unwrap_err(),
            "the request body must be a JSON object (batched requests are not supported)"
        );
        assert_eq!(
            parse_body(br#"{"variables":{}}"#).unwrap_err(),
            "the request has no `query`"
        );
        assert_eq!(
            parse_body(br#"{"query":1}"#).unwrap_err(),
            "`query` must be a string"
        );
    }
}
