//! The article page (`/artikel/{issue}/a{n}`): title, section, authors, the text with its
//! quotes marked and its footnote markers linked to the notes, the notes with their links, the
//! quotes as cards, and the people named.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::api::AppState;
use crate::catalog::Catalog;
use crate::model::{Article, ArticleKind, Issue};
use crate::web::html::{self, MarkerAt, QuoteSpan};
use crate::web::quote::{Citation, QuoteCard, anchor_of, card, citations};
use crate::web::{PageError, href, issue_date, issue_label, render};

/// A link with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The text.
    pub text: String,
    /// The address.
    pub href: String,
}

/// A paragraph ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphView {
    /// Its element id (`alinea-3`, as search hits link to it).
    pub anchor: String,
    /// The subheading to print above it, when a new section starts here.
    pub heading: Option<String>,
    /// Its HTML (escaped text, quotes marked, markers linked).
    pub html: String,
}

/// A footnote ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteView {
    /// The printed number.
    pub number: u32,
    /// Its HTML (escaped text, web addresses linked).
    pub html: String,
    /// Whether the text has a marker to go back to.
    pub has_marker: bool,
    /// The issue it cites, when that is in the archive.
    pub cited_issue: Option<Link>,
}

/// Returns an article kind in Dutch.
pub fn kind_in_dutch(kind: ArticleKind) -> &'static str {
    match kind {
        ArticleKind::Editorial => "redactioneel",
        ArticleKind::Report => "verslag",
        ArticleKind::Interview => "interview",
        ArticleKind::Feature => "achtergrond",
        ArticleKind::Column => "column",
        ArticleKind::Article => "artikel",
    }
}

/// Returns the kind to print beside a section label: empty when the label already says it
/// ("INTERVIEW" over an interview).
pub fn kind_beside_section(kind: ArticleKind, section: Option<&str>) -> &'static str {
    let name = kind_in_dutch(kind);
    match section {
        Some(section) if crate::text::fold_key(section) == name => "",
        _ => name,
    }
}

/// Returns links to people's pages (people the catalog does not know are left out).
pub fn people_links(catalog: &Catalog, ids: &[crate::model::PersonId]) -> Vec<Link> {
    ids.iter()
        .filter_map(|id| catalog.person(id.as_str()))
        .map(|person| Link {
            text: person.name.clone(),
            href: href::person(person.id.as_str()),
        })
        .collect()
}

/// Returns the standfirst and paragraphs of an article as HTML, quotes marked and markers
/// linked.
pub fn body(issue: &Issue, article: &Article) -> (Option<String>, Vec<ParagraphView>) {
    let speaker_name = |quote: &crate::model::Quote| {
        quote
            .speaker
            .as_ref()
            .and_then(|id| issue.person(id))
            .map(|person| person.name.clone())
    };
    let standfirst_markers: Vec<MarkerAt> = article
        .footnotes
        .iter()
        .filter_map(|note| {
            let marker = note.marker.as_ref()?;
            marker.paragraph.is_none().then_some(MarkerAt {
                offset: marker.offset,
                number: note.number,
            })
        })
        .collect();
    let standfirst = article
        .standfirst
        .as_ref()
        .map(|text| html::paragraph_html(text, &[], &standfirst_markers));
    let mut paragraphs = Vec::with_capacity(article.paragraphs.len());
    let mut current_heading = None;
    for (index, paragraph) in article.paragraphs.iter().enumerate() {
        let quotes: Vec<QuoteSpan> = article
            .quotes
            .iter()
            .filter(|quote| quote.paragraph == Some(index))
            .filter_map(|quote| {
                let (start, end) = html::find_quote(&paragraph.text, &quote.text)?;
                Some(QuoteSpan {
                    start,
                    end,
                    anchor: anchor_of(quote.id.as_str()),
                    speaker: speaker_name(quote),
                })
            })
            .collect();
        let markers: Vec<MarkerAt> = article
            .footnotes
            .iter()
            .filter_map(|note| {
                let marker = note.marker.as_ref()?;
                (marker.paragraph == Some(index)).then_some(MarkerAt {
                    offset: marker.offset,
                    number: note.number,
                })
            })
            .collect();
        let heading = if paragraph.subheading != current_heading {
            current_heading = paragraph.subheading;
            paragraph
                .subheading
                .and_then(|heading| article.subheadings.get(heading).cloned())
        } else {
            None
        };
        paragraphs.push(ParagraphView {
            anchor: format!("alinea-{}", index + 1),
            heading,
            html: html::paragraph_html(&paragraph.text, &quotes, &markers),
        });
    }
    (standfirst, paragraphs)
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    query: String,
    title: String,
    section: Option<String>,
    kind: &'static str,
    subtitle: Option<String>,
    authors: Vec<Link>,
    issue: Link,
    issue_date: String,
    standfirst_html: Option<String>,
    paragraphs: Vec<ParagraphView>,
    pull_quotes: Vec<QuoteCard>,
    quotes: Vec<QuoteCard>,
    notes: Vec<NoteView>,
    people: Vec<Link>,
    organisations: Vec<String>,
    themes: Vec<Link>,
    previous: Option<Link>,
    next: Option<Link>,
    citations: Vec<Citation>,
    permalink: String,
}

/// `GET /artikel/{issue}/a{n}`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let catalog = crate::web::catalog(&state).await?;
    let Some((issue, _)) = catalog.article(&id) else {
        return Err(PageError::NotFound(format!(
            "Er is geen artikel met de sleutel “{id}”."
        )));
    };
    // The page shows the paragraphs, which the catalog may read from the index.
    let with_text = match catalog.article_with_text(&id) {
        Ok(Some(with_text)) => with_text,
        Ok(None) => return Err(PageError::Internal),
        Err(error) => {
            tracing::error!(%error, "cannot read the text of an article");
            return Err(PageError::Internal);
        }
    };
    let article: &Article = &with_text;
    let (standfirst_html, paragraphs) = body(issue, article);
    let (pull, inline): (Vec<_>, Vec<_>) = article
        .quotes
        .iter()
        .map(|quote| card(&catalog, (issue, article, quote), None, state.public_url()))
        .partition(|card| card.pull);
    let notes = article
        .footnotes
        .iter()
        .map(|note| NoteView {
            number: note.number,
            html: html::note_html(&note.text, &note.urls),
            has_marker: note.marker.is_some(),
            cited_issue: note.cites.as_ref().and_then(|cites| {
                let cited = catalog.issues().iter().find(|candidate| {
                    candidate.number == Some(cites.number)
                        && candidate
                            .series
                            .as_deref()
                            .is_some_and(|series| series.eq_ignore_ascii_case(&cites.series))
                })?;
                Some(Link {
                    text: issue_label(cited),
                    href: href::issue(cited.id.as_str()),
                })
            }),
        })
        .collect();
    let position = issue
        .articles
        .iter()
        .position(|candidate| candidate.id == article.id)
        .unwrap_or(0);
    let neighbour = |index: Option<usize>| {
        let other = issue.articles.get(index?)?;
        Some(Link {
            text: other.title.clone(),
            href: href::article(other.id.as_str()),
        })
    };
    let page = ArticlePage {
        query: String::new(),
        title: article.title.clone(),
        section: article.section.clone(),
        kind: kind_beside_section(article.kind, article.section.as_deref()),
        subtitle: article.subtitle.clone(),
        authors: people_links(&catalog, &article.authors),
        issue: Link {
            text: issue_label(issue),
            href: href::issue(issue.id.as_str()),
        },
        issue_date: issue_date(issue),
        standfirst_html,
        paragraphs,
        pull_quotes: pull,
        quotes: inline,
        notes,
        people: people_links(&catalog, &article.people),
        organisations: article.organisations.clone(),
        themes: article
            .key_phrases
            .iter()
            .take(8)
            .map(|phrase| Link {
                text: phrase.clone(),
                href: href::theme(phrase),
            })
            .collect(),
        previous: neighbour(position.checked_sub(1)),
        next: neighbour(Some(position + 1)),
        citations: citations(&crate::model::slug(article.id.as_str()), |style| {
            crate::cite::cite_article(issue, article, style, state.public_url())
        }),
        permalink: href::article(article.id.as_str()),
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read::IssueMetadata;

    #[test]
    fn a_section_label_that_names_the_kind_is_not_repeated() {
        assert_eq!(
            kind_beside_section(ArticleKind::Interview, Some("INTERVIEW")),
            ""
        );
        assert_eq!(
            kind_beside_section(ArticleKind::Interview, Some("HET MOMENT")),
            "interview"
        );
        assert_eq!(kind_beside_section(ArticleKind::Column, None), "column");
    }

    #[test]
    fn the_body_marks_quotes_in_their_paragraphs() {
        let text = "Het moment.\n\n\
            Dit is de inleiding van het stuk over de regio.\n\n\
            “Een regionaal verband groeit langzaam,” zegt Jan Jansen. Dat weet iedereen.";
        let issue = crate::ingest::extract_text("t.txt", text, &IssueMetadata::default());
        let article = issue
            .articles
            .iter()
            .find(|article| !article.quotes.is_empty())
            .expect("an article with a quote");
        let (_, paragraphs) = body(&issue, article);
        let marked: Vec<&ParagraphView> = paragraphs
            .iter()
            .filter(|paragraph| paragraph.html.contains("class=\"citaat\""))
            .collect();
        assert_eq!(marked.len(), 1, "{paragraphs:?}");
        assert!(
            marked[0].html.contains(
                "title=\"Citaat van Jan Jansen\">Een regionaal verband groeit langzaam,</span>"
            ),
            "{}",
            marked[0].html
        );
        assert!(paragraphs[0].anchor == "alinea-1");
    }
}
