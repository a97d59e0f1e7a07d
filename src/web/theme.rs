//! The theme page (`/thema?q=regionale+samenwerking`): how much each issue discusses the theme,
//! drawn as a timeline (SVG, one point per issue of the archive, with the same figures as a
//! table), then the articles, the quotes and the people and organisations who speak about it
//! most. The figures come from [`crate::theme`], as the GraphQL `theme` field's do.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use crate::api::AppState;
use crate::index::search::SearchFilter;
use crate::theme::{ThemeReport, theme_request};
use crate::web::article::{Link, kind_in_dutch};
use crate::web::chart::{self, Timeline};
use crate::web::quote::{QuoteCard, card};
use crate::web::search::parameters;
use crate::web::{PageError, href, issue_label, render};

/// How many articles, quotes, people and organisations the page lists.
const LISTED: usize = 10;

/// An article on the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeArticle {
    /// The article.
    pub article: Link,
    /// Its kind in Dutch.
    pub kind: &'static str,
    /// Its issue.
    pub issue: Link,
}

/// A name with its count (people and organisations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// The name.
    pub name: String,
    /// Its page, when it has one.
    pub href: Option<String>,
    /// The roles to show with it.
    pub detail: String,
    /// How many matching quotes and paragraphs.
    pub count: u64,
}

#[derive(Template)]
#[template(path = "theme.html")]
struct ThemePage {
    query: String,
    total: usize,
    chart: Timeline,
    chart_width: f32,
    chart_height: f32,
    articles: Vec<ThemeArticle>,
    quotes: Vec<QuoteCard>,
    quote_total: usize,
    people: Vec<Ranked>,
    organisations: Vec<Ranked>,
    search_href: String,
    quotes_href: String,
    suggestions: Vec<Link>,
}

/// `GET /thema?q=…`; without `q`, the page suggests themes from the archive's key phrases.
pub async fn page(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let parameters = parameters(raw.as_deref());
    let query = parameters
        .get("q")
        .map(|q| q.trim().to_string())
        .unwrap_or_default();
    let catalog = crate::web::catalog(&state).await?;
    let suggestions: Vec<Link> = suggested_themes(&catalog)
        .into_iter()
        .map(|phrase| Link {
            href: href::theme(&phrase),
            text: phrase,
        })
        .collect();
    if query.is_empty() {
        let page = ThemePage {
            query,
            total: 0,
            chart: chart::timeline(Vec::new()),
            chart_width: chart::WIDTH,
            chart_height: chart::HEIGHT,
            articles: Vec::new(),
            quotes: Vec::new(),
            quote_total: 0,
            people: Vec::new(),
            organisations: Vec::new(),
            search_href: String::new(),
            quotes_href: String::new(),
            suggestions,
        };
        return Ok(render(&page));
    }
    let results =
        crate::web::run_search(&state, theme_request(&query), SearchFilter::default()).await?;
    let report = ThemeReport::from_results(&query, &results, &catalog);
    let entries = report
        .timeline(&catalog)
        .into_iter()
        .filter_map(|(id, count)| {
            let issue = catalog.issue(&id)?;
            Some(chart::Entry {
                label: format!("{} — {}", issue_label(issue), issue.title),
                year: issue.year,
                count,
                href: href::issue(&id),
                id,
            })
        })
        .collect();
    let articles = report
        .articles
        .iter()
        .take(LISTED)
        .filter_map(|id| {
            let (issue, article) = catalog.article(id)?;
            Some(ThemeArticle {
                article: Link {
                    text: article.title.clone(),
                    href: href::article(id),
                },
                kind: kind_in_dutch(article.kind),
                issue: Link {
                    text: issue_label(issue),
                    href: href::issue(issue.id.as_str()),
                },
            })
        })
        .collect();
    let quotes = report
        .quotes
        .iter()
        .take(LISTED)
        .filter_map(|id| {
            let (issue, article, quote) = catalog.quote(id)?;
            Some(card(
                &catalog,
                (issue, article, quote),
                None,
                state.public_url(),
            ))
        })
        .collect();
    let people = report
        .people
        .iter()
        .take(LISTED)
        .filter_map(|(id, count)| {
            let person = catalog.person(id)?;
            Some(Ranked {
                name: person.name.clone(),
                href: Some(href::person(id)),
                detail: person.roles.first().cloned().unwrap_or_default(),
                count: *count,
            })
        })
        .collect();
    let organisations = report
        .organisations
        .iter()
        .take(LISTED)
        .map(|(name, count)| Ranked {
            name: name.clone(),
            href: None,
            detail: String::new(),
            count: *count,
        })
        .collect();
    let page = ThemePage {
        total: report.total,
        chart: chart::timeline(entries),
        chart_width: chart::WIDTH,
        chart_height: chart::HEIGHT,
        articles,
        quotes,
        quote_total: report.quotes.len(),
        people,
        organisations,
        search_href: href::search(&[("q", &query)]),
        quotes_href: href::search(&[("q", &query), ("soort", "citaten")]),
        suggestions,
        query,
    };
    Ok(render(&page))
}

/// Returns themes to suggest: the key phrases most issues share, then the most frequent.
fn suggested_themes(catalog: &crate::catalog::Catalog) -> Vec<String> {
    let mut counts: HashMap<String, (usize, u32, String)> = HashMap::new();
    for issue in catalog.issues() {
        for phrase in issue.key_phrases.iter().take(10) {
            let entry = counts
                .entry(crate::text::fold_key(&phrase.phrase))
                .or_insert((0, 0, phrase.phrase.clone()));
            entry.0 += 1;
            entry.1 += phrase.count;
        }
    }
    let mut ranked: Vec<(usize, u32, String)> = counts.into_values().collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    ranked
        .into_iter()
        .take(8)
        .map(|(_, _, phrase)| phrase)
        .collect()
}
