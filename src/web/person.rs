//! The person page (`/persoon/{id}`): name, the roles and organisations each issue states, the
//! quotes (as cards) and the articles naming, quoting or written by the person.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::api::AppState;
use crate::web::article::{Link, kind_in_dutch};
use crate::web::quote::{QuoteCard, card};
use crate::web::{PageError, href, issue_label, render};

/// What one issue says about a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRoles {
    /// The issue.
    pub issue: Link,
    /// Roles as stated there.
    pub roles: Vec<String>,
    /// Organisations as stated there.
    pub organisations: Vec<String>,
    /// Whether the colophon lists the person as a contributor.
    pub contributor: bool,
}

/// An article in the person's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleEntry {
    /// The article.
    pub article: Link,
    /// Its kind in Dutch.
    pub kind: &'static str,
    /// Its issue.
    pub issue: Link,
    /// Whether the person wrote it.
    pub author: bool,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    query: String,
    name: String,
    honorific: Option<String>,
    organisations: Vec<String>,
    per_issue: Vec<IssueRoles>,
    quotes: Vec<QuoteCard>,
    articles: Vec<ArticleEntry>,
}

/// `GET /persoon/{id}`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let catalog = crate::web::catalog(&state).await?;
    let Some(record) = catalog.person(&id) else {
        return Err(PageError::NotFound(format!(
            "Er is geen persoon met de sleutel “{id}”."
        )));
    };
    let per_issue = record
        .issues
        .iter()
        .filter_map(|issue_id| {
            let issue = catalog.issue(issue_id.as_str())?;
            let person = issue.person(&record.id)?;
            Some(IssueRoles {
                issue: Link {
                    text: format!("{} — {}", issue_label(issue), issue.title),
                    href: href::issue(issue.id.as_str()),
                },
                roles: person.roles.clone(),
                organisations: person.organisations.clone(),
                contributor: person.contributor,
            })
        })
        .collect();
    let quotes = catalog
        .quotes_of(record)
        .into_iter()
        .map(|(_, issue, article, quote)| {
            card(&catalog, (issue, article, quote), None, state.public_url())
        })
        .collect();
    let articles = record
        .articles
        .iter()
        .filter_map(|article_id| {
            let (issue, article) = catalog.article(article_id.as_str())?;
            Some(ArticleEntry {
                article: Link {
                    text: article.title.clone(),
                    href: href::article(article.id.as_str()),
                },
                kind: kind_in_dutch(article.kind),
                issue: Link {
                    text: issue_label(issue),
                    href: href::issue(issue.id.as_str()),
                },
                author: article.authors.contains(&record.id),
            })
        })
        .collect();
    Ok(render(&PersonPage {
        query: String::new(),
        name: record.name.clone(),
        honorific: record.honorific.clone(),
        organisations: record.organisations.clone(),
        per_issue,
        quotes,
        articles,
    }))
}
