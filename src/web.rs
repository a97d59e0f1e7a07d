//! The web pages: a Dutch search site for practors and researchers, server-rendered at `/`.
//!
//! | path | page |
//! | --- | --- |
//! | `/?q=…&soort=…&pagina=…` | search, grouped by kind (artikelen, citaten, personen, voetnoten) |
//! | `/citaat/{issue}/q{n}` | a quote card: speaker and role, article, issue, attribution, citation |
//! | `/artikel/{issue}/a{n}` | an article: its text with the quotes marked, footnotes, people |
//! | `/persoon/{id}` | a person: roles per issue, organisations, quotes, articles |
//! | `/thema?q=…` | a theme across the issues: timeline (SVG), articles, quotes, people |
//! | `/nummer/{issue}` | an issue's table of contents |
//!
//! Every page reads the same [`Catalog`] snapshot and calls the same search
//! ([`ArchiveIndex::search_filtered`](crate::index::ArchiveIndex::search_filtered) with the
//! filters of [`crate::catalog::filter`], [`crate::theme`], [`crate::cite`]) as the GraphQL
//! resolvers; there is no second query path. Templates (askama, in
//! `src/web/templates/`) escape every value; the only HTML that is not escaped is built here,
//! by [`html`], from escaped text. The pages work without JavaScript; `citeer.js` only adds a
//! copy button to citations.

pub mod article;
pub mod chart;
pub mod html;
pub mod issue;
pub mod person;
pub mod quote;
pub mod search;
pub mod theme;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::api::AppState;
use crate::catalog::Catalog;
use crate::index::IndexError;
use crate::index::search::{SearchFilter, SearchRequest, SearchResults};
use crate::model::Issue;

/// Returns the routes of the web pages (merged into [`crate::api::router`]).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(search::page))
        .route("/thema", get(theme::page))
        .route("/artikel/{*id}", get(article::page))
        .route("/citaat/{*id}", get(quote::page))
        .route("/persoon/{id}", get(person::page))
        .route("/nummer/{id}", get(issue::page))
        .route("/static/{file}", get(static_file))
}

/// Why a page cannot be shown.
#[derive(Debug)]
pub enum PageError {
    /// Nothing has this address (the message says what was looked for).
    NotFound(String),
    /// What the user typed cannot be searched (the message says why, in Dutch).
    BadQuery(String),
    /// The archive cannot be read; logged, shown without details.
    Internal,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: &'static str,
    message: String,
    query: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            PageError::NotFound(message) => (StatusCode::NOT_FOUND, "Niet gevonden", message),
            PageError::BadQuery(message) => {
                (StatusCode::BAD_REQUEST, "Deze zoekvraag lukt niet", message)
            }
            PageError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Er ging iets mis",
                "Het archief kan nu niet gelezen worden. Probeer het zo nog eens.".to_string(),
            ),
        };
        let page = ErrorPage {
            title,
            message,
            query: String::new(),
        };
        (status, render(&page)).into_response()
    }
}

/// Renders a template as an HTML response (a template that fails to render is a 500).
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => {
            let mut response = Html(body).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Err(error) => {
            tracing::error!(%error, "cannot render a page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "de pagina kan niet worden gemaakt\n",
            )
                .into_response()
        }
    }
}

/// Returns the current catalog snapshot, or the error page.
pub async fn catalog(state: &AppState) -> Result<Arc<Catalog>, PageError> {
    state.catalog().await.map_err(|error| {
        tracing::error!(%error, "cannot read the archive");
        PageError::Internal
    })
}

/// Runs a search restricted by `filter` on the blocking pool (as the GraphQL resolvers do); a
/// query the index cannot run is the user's to fix.
pub async fn run_search(
    state: &AppState,
    request: SearchRequest,
    filter: SearchFilter,
) -> Result<SearchResults, PageError> {
    let index = Arc::clone(state.index());
    match tokio::task::spawn_blocking(move || index.search_filtered(&request, &filter)).await {
        Ok(Ok(results)) => Ok(results),
        Ok(Err(IndexError::Query(problem))) => {
            Err(PageError::BadQuery(dutch_query_error(&problem.to_string())))
        }
        Ok(Err(error)) => {
            tracing::error!(%error, "search failed");
            Err(PageError::Internal)
        }
        Err(error) => {
            tracing::error!(%error, "search task failed");
            Err(PageError::Internal)
        }
    }
}

/// Says in Dutch what is wrong with a query, from the index's English message.
fn dutch_query_error(message: &str) -> String {
    if message.contains("empty") {
        "Typ één of meer woorden.".to_string()
    } else if message.contains("only excludes") {
        "De zoekvraag sluit alleen woorden uit: voeg een woord toe om naar te zoeken.".to_string()
    } else if message.contains("too long") {
        format!(
            "De zoekvraag is te lang: hoogstens {} tekens.",
            crate::index::search::MAX_QUERY_CHARS
        )
    } else if message.contains("too many words") {
        format!(
            "De zoekvraag heeft te veel woorden: hoogstens {}.",
            crate::index::search::MAX_QUERY_WORDS
        )
    } else {
        format!("De zoekvraag kan niet worden uitgevoerd ({message}).")
    }
}

/// `GET /static/{file}`: the stylesheet and the copy script, built into the binary.
async fn static_file(Path(file): Path<String>) -> Response {
    let (body, content_type): (&'static str, &'static str) = match file.as_str() {
        "dimensies.css" => (
            include_str!("web/static/dimensies.css"),
            "text/css; charset=utf-8",
        ),
        "citeer.js" => (
            include_str!("web/static/citeer.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return PageError::NotFound(format!("Er is geen bestand {file:?}.")).into_response(),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// The fallback for addresses no route knows: a Dutch 404 page.
pub async fn not_found() -> Response {
    PageError::NotFound("Op dit adres staat niets. Zoek hieronder in het archief.".to_string())
        .into_response()
}

/// Returns how an issue is named in lists: series and number (or its title), and year.
pub fn issue_label(issue: &Issue) -> String {
    let name = match (&issue.series, issue.number) {
        (Some(series), Some(number)) => format!("{series} {number}"),
        (Some(series), None) => series.clone(),
        (None, _) => issue.title.clone(),
    };
    match issue.year {
        Some(year) => format!("{name} ({year})"),
        None => name,
    }
}

/// Returns an issue's month and year in Dutch ("oktober 2016"), or an empty string when the
/// month is not known (the year is in [`issue_label`]).
pub fn issue_date(issue: &Issue) -> String {
    let month = issue
        .month
        .and_then(|month| usize::try_from(month).ok())
        .and_then(|month| month.checked_sub(1))
        .and_then(|index| crate::vocabulary::DUTCH_MONTHS.get(index));
    match (month, issue.year) {
        (Some(month), Some(year)) => format!("{month} {year}"),
        _ => String::new(),
    }
}

/// Returns the web page of the object a global id (as in citations' permalinks, `/id/{id}`)
/// names; `None` when the id is not valid or names nothing in the catalog.
pub fn page_of_global_id(catalog: &Catalog, global_id: &str) -> Option<String> {
    use crate::api::relay::{NodeType, decode_global_id};
    let (node_type, key) = decode_global_id(global_id)?;
    match node_type {
        NodeType::Issue => catalog.issue(&key).map(|_| href::issue(&key)),
        NodeType::Article => catalog.article(&key).map(|_| href::article(&key)),
        NodeType::Quote => catalog.quote(&key).map(|_| href::quote(&key)),
        NodeType::Person => catalog.person(&key).map(|_| href::person(&key)),
        NodeType::Theme => Some(href::theme(&key)),
        NodeType::Footnote => catalog.footnote(&key).map(|(_, article, note)| {
            format!(
                "{}#noot-{}",
                href::article(article.id.as_str()),
                note.number
            )
        }),
    }
}

/// Links to the pages; ids are percent-encoded, their `/` kept (ids like `issue/a3`).
pub mod href {
    use super::html::encode_path;

    /// The article page.
    pub fn article(id: &str) -> String {
        format!("/artikel/{}", encode_path(id))
    }
    /// The quote card page.
    pub fn quote(id: &str) -> String {
        format!("/citaat/{}", encode_path(id))
    }
    /// The person page.
    pub fn person(id: &str) -> String {
        format!("/persoon/{}", encode_path(id))
    }
    /// The issue page.
    pub fn issue(id: &str) -> String {
        format!("/nummer/{}", encode_path(id))
    }
    /// The theme page.
    pub fn theme(query: &str) -> String {
        format!("/thema?{}", super::html::encode_query(&[("q", query)]))
    }
    /// The search page, with optional parameters (empty values are left out).
    pub fn search(parameters: &[(&str, &str)]) -> String {
        let kept: Vec<(&str, &str)> = parameters
            .iter()
            .copied()
            .filter(|(_, value)| !value.is_empty())
            .collect();
        if kept.is_empty() {
            "/".to_string()
        } else {
            format!("/?{}", super::html::encode_query(&kept))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_encode_ids_and_queries() {
        assert_eq!(
            href::article("dimensies-2019-regio/a3"),
            "/artikel/dimensies-2019-regio/a3"
        );
        assert_eq!(href::person("jan <b>"), "/persoon/jan%20%3Cb%3E");
        assert_eq!(
            href::theme("regionale samenwerking"),
            "/thema?q=regionale+samenwerking"
        );
        assert_eq!(
            href::search(&[("q", "a&b"), ("soort", ""), ("pagina", "2")]),
            "/?q=a%26b&pagina=2"
        );
        assert_eq!(href::search(&[("q", "")]), "/");
    }

    #[test]
    fn query_errors_are_said_in_dutch() {
        assert_eq!(
            dutch_query_error("the query is empty: type one or more words"),
            "Typ één of meer woorden."
        );
        assert!(dutch_query_error("the query is too long: at most 500 characters").contains("500"));
    }
}
