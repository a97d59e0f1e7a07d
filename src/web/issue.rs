//! The issue page (`/nummer/{id}`): the table of contents (section, title, kind, authors,
//! number of quotes), the contributors, the issue's themes as links to theme pages.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::api::AppState;
use crate::web::article::{Link, kind_beside_section, people_links};
use crate::web::{PageError, href, issue_date, issue_label, render};

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsEntry {
    /// Position in the issue, from 1.
    pub ordinal: u32,
    /// The section label.
    pub section: Option<String>,
    /// The article.
    pub article: Link,
    /// Its kind in Dutch.
    pub kind: &'static str,
    /// Its authors.
    pub authors: Vec<Link>,
    /// How many quotes it has.
    pub quotes: usize,
}

#[derive(Template)]
#[template(path = "issue.html")]
struct IssuePage {
    query: String,
    label: String,
    title: String,
    date: String,
    contents: Vec<ContentsEntry>,
    contributors: Vec<Link>,
    themes: Vec<Link>,
    counts: (usize, usize, usize),
}

/// `GET /nummer/{id}`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let catalog = crate::web::catalog(&state).await?;
    let Some(issue) = catalog.issue(&id) else {
        return Err(PageError::NotFound(format!(
            "Er is geen nummer met de sleutel “{id}”."
        )));
    };
    let contents = issue
        .articles
        .iter()
        .map(|article| ContentsEntry {
            ordinal: article.ordinal,
            section: article.section.clone(),
            article: Link {
                text: article.title.clone(),
                href: href::article(article.id.as_str()),
            },
            kind: kind_beside_section(article.kind, article.section.as_deref()),
            authors: people_links(&catalog, &article.authors),
            quotes: article.quotes.len(),
        })
        .collect();
    let quotes = issue.quotes().count();
    let notes = issue.footnotes().count();
    Ok(render(&IssuePage {
        query: String::new(),
        label: issue_label(issue),
        title: issue.title.clone(),
        date: issue_date(issue),
        contents,
        contributors: people_links(&catalog, &issue.contributors),
        themes: issue
            .key_phrases
            .iter()
            .take(12)
            .map(|phrase| Link {
                text: phrase.phrase.clone(),
                href: href::theme(&phrase.phrase),
            })
            .collect(),
        counts: (issue.articles.len(), quotes, notes),
    }))
}
