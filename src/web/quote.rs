//! Quote cards: the quote, its speaker with the role stated in that issue, the article and the
//! issue, how the speaker was found and how sure that is, and citations to copy. The card is
//! shown in search results, on person and theme pages, and alone at its permalink
//! `/citaat/{issue}/q{n}`.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::api::AppState;
use crate::catalog::Catalog;
use crate::cite::{self, CitationStyle};
use crate::model::{Article, AttributionMethod, Issue, Quote, QuoteKind};
use crate::web::{PageError, href, html, issue_label, render};

/// A citation in one style, ready to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The style's name ("APA", "BibTeX").
    pub style: &'static str,
    /// The element id of the text (for the copy button).
    pub element_id: String,
    /// The citation as plain text.
    pub text: String,
}

/// Everything a quote card shows.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteCard {
    /// The quote's id (`issue/q5`).
    pub id: String,
    /// The quote's anchor in its article (`q5`).
    pub anchor: String,
    /// An element id unique on any page (`dimensies-2019-regio-q5`).
    pub dom_id: String,
    /// Its permalink.
    pub href: String,
    /// The quote as HTML: the search snippet (marks kept) or the escaped text.
    pub text_html: String,
    /// Whether it is a pull quote.
    pub pull: bool,
    /// The speaker's name and page, when a person.
    pub speaker: Option<(String, String)>,
    /// The speaker's role as stated in this issue.
    pub role: Option<String>,
    /// The speaker as the text describes them, when it names no person.
    pub description: Option<String>,
    /// The article's title.
    pub article_title: String,
    /// The quote in its article (`/artikel/…#q5`).
    pub context_href: String,
    /// The issue's name.
    pub issue_label: String,
    /// The issue's page.
    pub issue_href: String,
    /// How the speaker was found, in Dutch.
    pub method: Option<&'static str>,
    /// How sure that is, as a percentage.
    pub confidence: Option<u32>,
    /// Citations to copy.
    pub citations: Vec<Citation>,
}

/// Returns how a sieve found a speaker, in Dutch.
pub fn method_in_dutch(method: AttributionMethod) -> &'static str {
    match method {
        AttributionMethod::SpeechVerb => "een spreekwerkwoord bij het citaat (“zegt …”)",
        AttributionMethod::Label => "de naam vóór het citaat (vraag-en-antwoord)",
        AttributionMethod::CreditLine => "de regel onder het citaat",
        AttributionMethod::Continuation => "het vervolg van een eerder citaat",
        AttributionMethod::Pronoun => "een voornaamwoord (“zegt ze”)",
        AttributionMethod::RoleNoun => "een functie (“aldus de lector”)",
        AttributionMethod::Mention => "de enige persoon die in de zin genoemd wordt",
        AttributionMethod::Interviewee => "de geïnterviewde van het artikel",
        AttributionMethod::OnlyPerson => "de enige persoon die het artikel noemt",
        AttributionMethod::Repeated => "hetzelfde citaat elders in de tekst",
    }
}

/// Returns the anchor of an item from its id: the part after the last `/` (`q5`, `a3`).
pub fn anchor_of(id: &str) -> String {
    id.rsplit('/').next().unwrap_or(id).to_string()
}

/// Returns the citations the "Citeer" control offers (APA and BibTeX, from [`crate::cite`], as
/// the GraphQL `cite` fields give them); `dom_id` makes their element ids unique.
pub fn citations(dom_id: &str, text_of: impl Fn(CitationStyle) -> String) -> Vec<Citation> {
    [
        ("APA", "apa", CitationStyle::Apa),
        ("BibTeX", "bibtex", CitationStyle::Bibtex),
    ]
    .into_iter()
    .map(|(name, suffix, style)| Citation {
        style: name,
        element_id: format!("citeer-{dom_id}-{suffix}"),
        text: text_of(style),
    })
    .collect()
}

/// Builds the card of a quote; `snippet` is the search snippet to show instead of the text,
/// `public_url` the base of the permalinks in its citations.
pub fn card(
    catalog: &Catalog,
    (issue, article, quote): (&Issue, &Article, &Quote),
    snippet: Option<&str>,
    public_url: Option<&str>,
) -> QuoteCard {
    let person = quote.speaker.as_ref().and_then(|id| issue.person(id));
    let speaker = person
        .filter(|person| catalog.person(person.id.as_str()).is_some())
        .map(|person| (person.name.clone(), href::person(person.id.as_str())));
    let anchor = anchor_of(quote.id.as_str());
    let dom_id = crate::model::slug(quote.id.as_str());
    QuoteCard {
        id: quote.id.to_string(),
        href: href::quote(quote.id.as_str()),
        text_html: match snippet {
            Some(snippet) => html::marked_snippet(snippet),
            None => html::escape(&quote.text),
        },
        pull: quote.kind == QuoteKind::Pull,
        speaker,
        role: person.and_then(|person| person.roles.first().cloned()),
        description: quote.speaker_description.clone(),
        article_title: article.title.clone(),
        context_href: format!("{}#{anchor}", href::article(article.id.as_str())),
        issue_label: issue_label(issue),
        issue_href: href::issue(issue.id.as_str()),
        method: quote
            .attribution
            .map(|attribution| method_in_dutch(attribution.method)),
        confidence: quote
            .attribution
            .map(|attribution| (attribution.confidence * 100.0).round() as u32),
        citations: citations(&dom_id, |style| {
            cite::cite_quote(issue, article, quote, style, public_url)
        }),
        anchor,
        dom_id,
    }
}

#[derive(Template)]
#[template(path = "quote.html")]
struct QuotePage {
    query: String,
    card: QuoteCard,
    others: Vec<QuoteCard>,
}

/// `GET /citaat/{issue}/q{n}`: one quote card, and the speaker's other quotes in the article.
pub async fn page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let catalog = crate::web::catalog(&state).await?;
    let Some((issue, article, quote)) = catalog.quote(&id) else {
        return Err(PageError::NotFound(format!(
            "Er is geen citaat met de sleutel “{id}”."
        )));
    };
    let others = article
        .quotes
        .iter()
        .filter(|other| other.id != quote.id && other.speaker.is_some())
        .filter(|other| other.speaker == quote.speaker)
        .map(|other| card(&catalog, (issue, article, other), None, state.public_url()))
        .collect();
    Ok(render(&QuotePage {
        query: String::new(),
        card: card(&catalog, (issue, article, quote), None, state.public_url()),
        others,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read::IssueMetadata;

    #[test]
    fn a_card_names_the_speaker_with_the_role_of_that_issue() {
        let metadata = IssueMetadata {
            year: Some(2019),
            series: Some("Dimensies".to_string()),
            ..IssueMetadata::default()
        };
        let text = "Over stages.\n\n\
            Esther Klaster, adviseur bij Common Eye: “Leren met en van elkaar is <waardevol>.”";
        let issue = crate::ingest::extract_text("regio-2019.txt", text, &metadata);
        let catalog = Catalog::build(vec![issue]);
        let (_, issue, article, quote) = catalog.quotes().next().expect("one quote");
        let card = card(
            &catalog,
            (issue, article, quote),
            None,
            Some("https://archief.example"),
        );
        assert_eq!(
            card.speaker,
            Some((
                "Esther Klaster".to_string(),
                "/persoon/esther-klaster".to_string()
            ))
        );
        assert_eq!(card.role.as_deref(), Some("adviseur bij Common Eye"));
        assert!(
            card.text_html.contains("&lt;waardevol&gt;"),
            "{}",
            card.text_html
        );
        assert_eq!(card.issue_label, "Dimensies (2019)");
        assert!(card.context_href.ends_with(&format!("#{}", card.anchor)));
        // "Name, role: “…”" is a colon lead-in, decided by the speech-verb sieve.
        assert_eq!(
            card.method,
            Some(method_in_dutch(AttributionMethod::SpeechVerb))
        );
        assert_eq!(card.confidence, Some(98));
        let styles: Vec<&str> = card.citations.iter().map(|c| c.style).collect();
        assert_eq!(styles, ["APA", "BibTeX"]);
        assert!(
            card.citations[0].text.contains("Esther Klaster"),
            "{}",
            card.citations[0].text
        );
        assert!(
            card.citations[0]
                .text
                .contains("https://archief.example/id/")
        );
        assert!(
            card.citations[1].text.starts_with("@article{"),
            "{}",
            card.citations[1].text
        );
        assert_ne!(card.citations[0].element_id, card.citations[1].element_id);
    }

    #[test]
    fn anchors_are_the_last_part_of_ids() {
        assert_eq!(anchor_of("dimensies-2019-regio/q12"), "q12");
        assert_eq!(anchor_of("q1"), "q1");
    }
}
