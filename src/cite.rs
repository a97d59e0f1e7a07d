//! Citations of articles and quotes in five styles: APA, Chicago, BibTeX, RIS and CSL-JSON.
//!
//! Pure functions over the model: `(issue, article[, quote], style, public URL) -> String`, so the
//! GraphQL API (`Article.cite`, `Quote.cite`) and the web pages print the same text.
//!
//! An article is cited as a magazine article: its authors, title, the series as container, the
//! issue number, year and month, the pages when the source has pages, and its permalink. A
//! quote is cited as the article it appears in, with the quote's own page and permalink and the
//! quoted words and speaker in front (APA, Chicago) or in the entry's note (BibTeX `note`, RIS
//! `N1`, CSL-JSON `note`).
//!
//! Permalinks are `{public_url}/id/{global id}`, where the global id is the one `node(id:)`
//! accepts (`base64url("Quote:dimensies-2019-regio/q12")`).
//!
//! ```
//! # use dimensies::cite::{permalink, global_id};
//! assert_eq!(
//!     permalink("https://archief.example/", &global_id("Article", "x/a1")),
//!     "https://archief.example/id/QXJ0aWNsZTp4L2Ex"
//! );
//! ```
//!
//! Month names are Dutch ("oktober"), as in the archive; the rest follows each style's
//! conventions (APA 7 and Chicago 17 bibliography entries, `@article` in BibTeX, `MGZN` in RIS,
//! `article-magazine` in CSL-JSON).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

use crate::model::{Article, Issue, PersonId, Quote};
use crate::vocabulary::PARTICLES;

/// A citation style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitationStyle {
    /// APA, 7th edition: reference-list entry.
    Apa,
    /// The Chicago Manual of Style, 17th edition: bibliography entry.
    Chicago,
    /// A BibTeX `@article` entry.
    Bibtex,
    /// A RIS record (`TY  - MGZN` … `ER  - `), lines ending in CRLF.
    Ris,
    /// CSL-JSON: an array with one item, as citeproc and Zotero read it.
    CslJson,
}

/// Returns the global id of an object: `base64url("Type:key")` without padding, as the GraphQL
/// API's `node(id:)` reads it.
pub fn global_id(type_name: &str, key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{type_name}:{key}"))
}

/// Returns the permalink of an object: `{public_url}/id/{global id}`.
pub fn permalink(public_url: &str, global_id: &str) -> String {
    format!("{}/id/{global_id}", public_url.trim_end_matches('/'))
}

/// Returns the citation of an article.
pub fn cite_article(
    issue: &Issue,
    article: &Article,
    style: CitationStyle,
    public_url: Option<&str>,
) -> String {
    let reference = Reference::of_article(issue, article, public_url);
    render(&reference, style)
}

/// Returns the citation of a quote: the article it is in, with the quote's page and permalink,
/// the quoted words and the speaker.
pub fn cite_quote(
    issue: &Issue,
    article: &Article,
    quote: &Quote,
    style: CitationStyle,
    public_url: Option<&str>,
) -> String {
    let reference = Reference::of_quote(issue, article, quote, public_url);
    render(&reference, style)
}

fn render(reference: &Reference, style: CitationStyle) -> String {
    match style {
        CitationStyle::Apa => apa(reference),
        CitationStyle::Chicago => chicago(reference),
        CitationStyle::Bibtex => bibtex(reference),
        CitationStyle::Ris => ris(reference),
        CitationStyle::CslJson => csl_json(reference),
    }
}

/// A person's name in the parts citation styles need.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PersonName {
    /// Given names ("Jan-Willem"), empty when only a surname is known.
    given: String,
    /// Lowercase particles before the surname ("van der").
    particle: String,
    /// The surname ("Helmond").
    family: String,
}

impl PersonName {
    /// Splits a full name: the given names up to the first lowercase particle or the last word,
    /// the particles, the surname ("Han van Helmond" → Han / van / Helmond).
    fn parse(full: &str) -> PersonName {
        let words: Vec<&str> = full.split_whitespace().collect();
        let Some((last, before)) = words.split_last() else {
            return PersonName {
                given: String::new(),
                particle: String::new(),
                family: String::new(),
            };
        };
        // A surname alone may open with a capitalised particle ("Van Meenen"): no given name.
        let only_particles = before
            .iter()
            .all(|word| PARTICLES.contains(&word.to_lowercase().as_str()));
        let particle_start = if only_particles {
            0
        } else {
            before
                .iter()
                .position(|word| PARTICLES.contains(word))
                .filter(|&position| position > 0)
                .unwrap_or(before.len())
        };
        PersonName {
            given: before[..particle_start].join(" "),
            particle: before[particle_start..].join(" "),
            family: (*last).to_string(),
        }
    }

    /// "van Helmond".
    fn surname(&self) -> String {
        if self.particle.is_empty() {
            self.family.clone()
        } else {
            format!("{} {}", self.particle, self.family)
        }
    }

    /// "H." for "Han", "J.-W. P." for "Jan-Willem Pieter".
    fn initials(&self) -> String {
        self.given
            .split_whitespace()
            .map(|name| {
                name.split('-')
                    .filter_map(|part| part.chars().next())
                    .map(|first| format!("{first}."))
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// "Han van Helmond".
    fn natural(&self) -> String {
        if self.given.is_empty() {
            self.surname()
        } else {
            format!("{} {}", self.given, self.surname())
        }
    }

    /// "van Helmond, Han".
    fn inverted(&self) -> String {
        if self.given.is_empty() {
            self.surname()
        } else {
            format!("{}, {}", self.surname(), self.given)
        }
    }

    /// "van Helmond, H." (APA).
    fn apa(&self) -> String {
        let initials = self.initials();
        if initials.is_empty() {
            self.surname()
        } else {
            format!("{}, {initials}", self.surname())
        }
    }
}

/// The quoted words and who said them.
#[derive(Debug, Clone)]
struct QuotedWords {
    text: String,
    /// "Esther Klaster (adviseur bij Common Eye)", or the text's description of the speaker.
    speaker: Option<String>,
}

impl QuotedWords {
    /// "“…” — Esther Klaster (adviseur bij Common Eye)".
    fn line(&self) -> String {
        match &self.speaker {
            Some(speaker) => format!("“{}” — {speaker}", self.text),
            None => format!("“{}”", self.text),
        }
    }
}

/// Everything a citation says, whatever the style.
#[derive(Debug, Clone)]
struct Reference {
    /// Citation key: the article's or quote's key.
    key: String,
    authors: Vec<PersonName>,
    title: String,
    /// The series ("Dimensies"), else the issue's title.
    container: String,
    number: Option<u32>,
    year: Option<i32>,
    month: Option<u32>,
    /// First and last page.
    pages: Option<(u32, u32)>,
    url: Option<String>,
    quote: Option<QuotedWords>,
}

const BIBTEX_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_index(month: Option<u32>) -> Option<usize> {
    let month = usize::try_from(month?).ok()?;
    (1..=12).contains(&month).then(|| month - 1)
}

fn author_names(issue: &Issue, ids: &[PersonId]) -> Vec<PersonName> {
    ids.iter()
        .filter_map(|id| issue.person(id))
        .map(|person| PersonName::parse(&person.name))
        .collect()
}

/// The pages an article spans: the article's first line and every paragraph's.
fn article_pages(article: &Article) -> Option<(u32, u32)> {
    let pages = std::iter::once(article.span.page)
        .chain(
            article
                .paragraphs
                .iter()
                .map(|paragraph| paragraph.span.page),
        )
        .flatten();
    let mut range: Option<(u32, u32)> = None;
    for page in pages {
        range = Some(match range {
            None => (page, page),
            Some((first, last)) => (first.min(page), last.max(page)),
        });
    }
    range
}

impl Reference {
    fn of_article(issue: &Issue, article: &Article, public_url: Option<&str>) -> Reference {
        Reference {
            key: article.id.as_str().to_string(),
            authors: author_names(issue, &article.authors),
            title: article.title.clone(),
            container: issue.series.clone().unwrap_or_else(|| issue.title.clone()),
            number: issue.number,
            year: issue.year,
            month: issue.month,
            pages: article_pages(article),
            url: public_url.map(|base| permalink(base, &global_id("Article", article.id.as_str()))),
            quote: None,
        }
    }

    fn of_quote(
        issue: &Issue,
        article: &Article,
        quote: &Quote,
        public_url: Option<&str>,
    ) -> Reference {
        let speaker = quote
            .speaker
            .as_ref()
            .and_then(|id| issue.person(id))
            .map(|person| match person.roles.first() {
                Some(role) => format!("{} ({role})", person.name),
                None => person.name.clone(),
            })
            .or_else(|| quote.speaker_description.clone());
        let base = Reference::of_article(issue, article, None);
        Reference {
            key: quote.id.as_str().to_string(),
            pages: quote.span.page.map(|page| (page, page)),
            url: public_url.map(|base| permalink(base, &global_id("Quote", quote.id.as_str()))),
            quote: Some(QuotedWords {
                text: quote.text.clone(),
                speaker,
            }),
            ..base
        }
    }

    fn page_range(&self, dash: &str) -> Option<String> {
        self.pages.map(|(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}{dash}{last}")
            }
        })
    }
}

/// Ends a sentence with a period unless it already ends in punctuation that closes one.
fn with_period(text: &str) -> String {
    let trimmed = text.trim_end();
    if trimmed.ends_with(['.', '?', '!']) {
        trimmed.to_string()
    } else {
        format!("{trimmed}.")
    }
}

/// Joins names as "A, B, & C" (APA) or "A, B, and C" (Chicago); two names keep the comma, as
/// the first is inverted ("Jansen, J., & Klaas, E."; "Jansen, Jan, and Els Klaas").
fn join_names(names: &[String], conjunction: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [first, second] => format!("{first}, {conjunction} {second}"),
        [rest @ .., last] => format!("{}, {conjunction} {last}", rest.join(", ")),
    }
}

/// APA 7: `Klaster, E., & Jansen, J. (2019, oktober). Titel. Dimensies, (26), 4–7. URL`.
fn apa(reference: &Reference) -> String {
    let date = match (reference.year, month_index(reference.month)) {
        (Some(year), Some(month)) => {
            format!("({year}, {})", crate::vocabulary::DUTCH_MONTHS[month])
        }
        (Some(year), None) => format!("({year})"),
        (None, _) => "(z.d.)".to_string(),
    };
    let names: Vec<String> = reference.authors.iter().map(PersonName::apa).collect();
    let title = with_period(&reference.title);
    let mut text = if names.is_empty() {
        // Without an author, the title takes the author's place.
        format!("{title} {date}.")
    } else {
        format!("{} {date}. {title}", with_period(&join_names(&names, "&")))
    };
    let mut container = reference.container.clone();
    if let Some(number) = reference.number {
        container.push_str(&format!(", ({number})"));
    }
    if let Some(pages) = reference.page_range("–") {
        container.push_str(&format!(", {pages}"));
    }
    text.push(' ');
    text.push_str(&with_period(&container));
    if let Some(url) = &reference.url {
        text.push(' ');
        text.push_str(url);
    }
    match &reference.quote {
        Some(quote) => format!("{}, geciteerd in {text}", quote.line()),
        None => text,
    }
}

/// Chicago 17, bibliography: `Klaster, Esther, and Jan Jansen. “Titel.” Dimensies, no. 26
/// (oktober 2019): 4–7. URL.`
fn chicago(reference: &Reference) -> String {
    let names: Vec<String> = reference
        .authors
        .iter()
        .enumerate()
        .map(|(index, name)| {
            if index == 0 {
                name.inverted()
            } else {
                name.natural()
            }
        })
        .collect();
    let mut parts = Vec::new();
    if !names.is_empty() {
        parts.push(with_period(&join_names(&names, "and")));
    }
    parts.push(format!("“{}”", with_period(&reference.title)));
    let mut container = reference.container.clone();
    if let Some(number) = reference.number {
        container.push_str(&format!(", no. {number}"));
    }
    let date = match (reference.year, month_index(reference.month)) {
        (Some(year), Some(month)) => {
            Some(format!("{} {year}", crate::vocabulary::DUTCH_MONTHS[month]))
        }
        (Some(year), None) => Some(year.to_string()),
        (None, _) => None,
    };
    if let Some(date) = date {
        container.push_str(&format!(" ({date})"));
    }
    if let Some(pages) = reference.page_range("–") {
        container.push_str(&format!(": {pages}"));
    }
    parts.push(with_period(&container));
    if let Some(url) = &reference.url {
        parts.push(with_period(url));
    }
    let text = parts.join(" ");
    match &reference.quote {
        Some(quote) => format!("{}, geciteerd in {text}", quote.line()),
        None => text,
    }
}

/// Escapes text for a braced BibTeX value: LaTeX's special characters get backslashes, so the
/// braces of the value stay balanced and `%`, `&`, `#` print as themselves.
fn bibtex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' => escaped.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '#' | '$' | '_' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '~' => escaped.push_str("\\textasciitilde{}"),
            '^' => escaped.push_str("\\textasciicircum{}"),
            '\n' | '\r' | '\t' => escaped.push(' '),
            _ => escaped.push(character),
        }
    }
    escaped
}

/// A URL in a BibTeX `url` field is read verbatim by biblatex and hyperref; only braces (which
/// would unbalance the value) are percent-encoded.
fn bibtex_url(url: &str) -> String {
    url.replace('{', "%7B").replace('}', "%7D")
}

/// A citation key of letters, digits and `-_:.` only (`dimensies-2019-regio/q12` →
/// `dimensies-2019-regio:q12`).
fn bibtex_key(key: &str) -> String {
    key.chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || "-_:.".contains(character) {
                character
            } else {
                ':'
            }
        })
        .collect()
}

/// A BibTeX name: "van Helmond, Han"; a name containing the word "and" is braced so BibTeX
/// does not split it.
fn bibtex_name(name: &PersonName) -> String {
    let inverted = bibtex_escape(&name.inverted());
    if inverted.split_whitespace().any(|word| word == "and") {
        format!("{{{inverted}}}")
    } else {
        inverted
    }
}

fn bibtex(reference: &Reference) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    if !reference.authors.is_empty() {
        let names: Vec<String> = reference.authors.iter().map(bibtex_name).collect();
        fields.push(("author", format!("{{{}}}", names.join(" and "))));
    }
    // Double braces keep the title's capitals as printed.
    fields.push((
        "title",
        format!("{{{{{}}}}}", bibtex_escape(&reference.title)),
    ));
    fields.push((
        "journal",
        format!("{{{}}}", bibtex_escape(&reference.container)),
    ));
    if let Some(number) = reference.number {
        fields.push(("number", format!("{{{number}}}")));
    }
    if let Some(year) = reference.year {
        fields.push(("year", format!("{{{year}}}")));
    }
    if let Some(month) = month_index(reference.month) {
        fields.push(("month", BIBTEX_MONTHS[month].to_string()));
    }
    if let Some(pages) = reference.page_range("--") {
        fields.push(("pages", format!("{{{pages}}}")));
    }
    if let Some(url) = &reference.url {
        fields.push(("url", format!("{{{}}}", bibtex_url(url))));
    }
    if let Some(quote) = &reference.quote {
        fields.push(("note", format!("{{{}}}", bibtex_escape(&quote.line()))));
    }
    fields.push(("language", "{dutch}".to_string()));
    let body: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("  {name} = {value}"))
        .collect();
    format!(
        "@article{{{},\n{}\n}}\n",
        bibtex_key(&reference.key),
        body.join(",\n")
    )
}

/// A RIS value on one line: line breaks become spaces (a line starting with `XX  - ` would be
/// read as a new tag).
fn ris_value(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ris(reference: &Reference) -> String {
    let mut lines: Vec<(&str, String)> = vec![("TY", "MGZN".to_string())];
    for name in &reference.authors {
        lines.push(("AU", ris_value(&name.inverted())));
    }
    lines.push(("TI", ris_value(&reference.title)));
    lines.push(("T2", ris_value(&reference.container)));
    if let Some(number) = reference.number {
        lines.push(("IS", number.to_string()));
    }
    if let Some(year) = reference.year {
        lines.push(("PY", year.to_string()));
        let month = reference
            .month
            .filter(|month| (1..=12).contains(month))
            .map(|month| format!("{month:02}"))
            .unwrap_or_default();
        lines.push(("DA", format!("{year}/{month}//")));
    }
    if let Some((first, last)) = reference.pages {
        lines.push(("SP", first.to_string()));
        if last != first {
            lines.push(("EP", last.to_string()));
        }
    }
    if let Some(url) = &reference.url {
        lines.push(("UR", ris_value(url)));
    }
    if let Some(quote) = &reference.quote {
        lines.push(("N1", ris_value(&quote.line())));
    }
    lines.push(("LA", "nl".to_string()));
    lines.push(("ID", ris_value(&reference.key)));
    let mut text = String::new();
    for (tag, value) in lines {
        text.push_str(&format!("{tag}  - {value}\r\n"));
    }
    text.push_str("ER  - \r\n");
    text
}

/// A CSL-JSON name.
#[derive(Serialize)]
struct CslName {
    family: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    given: String,
    #[serde(
        rename = "non-dropping-particle",
        skip_serializing_if = "String::is_empty"
    )]
    particle: String,
}

#[derive(Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: Vec<Vec<i64>>,
}

/// A CSL-JSON item (<https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html>).
#[derive(Serialize)]
struct CslItem {
    id: String,
    #[serde(rename = "type")]
    item_type: &'static str,
    title: String,
    #[serde(rename = "container-title")]
    container_title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<CslName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<CslDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<String>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    language: &'static str,
}

fn csl_json(reference: &Reference) -> String {
    let issued = reference.year.map(|year| {
        let mut parts = vec![i64::from(year)];
        if let Some(month) = month_index(reference.month) {
            parts.push(i64::try_from(month + 1).unwrap_or(1));
        }
        CslDate {
            date_parts: vec![parts],
        }
    });
    let item = CslItem {
        id: reference.key.clone(),
        item_type: "article-magazine",
        title: reference.title.clone(),
        container_title: reference.container.clone(),
        author: reference
            .authors
            .iter()
            .map(|name| CslName {
                family: name.family.clone(),
                given: name.given.clone(),
                particle: name.particle.clone(),
            })
            .collect(),
        issue: reference.number.map(|number| number.to_string()),
        issued,
        page: reference.page_range("-"),
        url: reference.url.clone(),
        note: reference.quote.as_ref().map(QuotedWords::line),
        language: "nl",
    };
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string(&[item]).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ArticleId, ArticleKind, IssueId, Person, QuoteId, QuoteKind, SourceFormat, SourceSpan,
    };

    fn person(id: &str, name: &str, roles: &[&str]) -> Person {
        Person {
            id: PersonId(id.to_string()),
            name: name.to_string(),
            honorific: None,
            roles: roles.iter().map(|role| role.to_string()).collect(),
            organisations: Vec::new(),
            contributor: false,
            cited: false,
            mentions: Vec::new(),
        }
    }

    fn article(authors: &[&str], title: &str, page: Option<u32>) -> Article {
        Article {
            id: ArticleId("dimensies-26/a3".to_string()),
            ordinal: 3,
            kind: ArticleKind::Interview,
            title: title.to_string(),
            section: None,
            subtitle: None,
            standfirst: None,
            authors: authors.iter().map(|id| PersonId(id.to_string())).collect(),
            subheadings: Vec::new(),
            paragraphs: Vec::new(),
            quotes: Vec::new(),
            footnotes: Vec::new(),
            people: Vec::new(),
            organisations: Vec::new(),
            key_phrases: Vec::new(),
            span: SourceSpan {
                first_line: 10,
                last_line: 90,
                page,
            },
        }
    }

    fn issue(number: Option<u32>, month: Option<u32>) -> Issue {
        Issue {
            id: IssueId("dimensies-26".to_string()),
            series: Some("Dimensies".to_string()),
            number,
            year: Some(2019),
            month,
            title: "Samen in de regio".to_string(),
            source_path: "dimensies-26.pdf".to_string(),
            source_format: SourceFormat::Pdf,
            articles: Vec::new(),
            people: vec![
                person("jan-jansen", "Jan Jansen", &["projectleider"]),
                person("han-van-helmond", "Han van Helmond", &[]),
                person("an-de-wit", "Anne-Marie Joke de Wit", &[]),
                person("els-klaas", "Els Klaas", &["lector"]),
            ],
            organisations: Vec::new(),
            contributors: Vec::new(),
            key_phrases: Vec::new(),
        }
    }

    fn quote() -> Quote {
        Quote {
            id: QuoteId("dimensies-26/q7".to_string()),
            text: "We doen het samen, of we doen het niet.".to_string(),
            kind: QuoteKind::Inline,
            speaker: Some(PersonId("els-klaas".to_string())),
            speaker_description: None,
            attribution: None,
            paragraph: None,
            span: SourceSpan {
                first_line: 40,
                last_line: 41,
                page: Some(5),
            },
        }
    }

    const BASE: &str = "https://archief.example/";

    #[test]
    fn names_split_into_given_particle_and_surname() {
        let name = PersonName::parse("Han van Helmond");
        assert_eq!(name.apa(), "van Helmond, H.");
        assert_eq!(name.inverted(), "van Helmond, Han");
        assert_eq!(
            PersonName::parse("Anne-Marie Joke de Wit").apa(),
            "de Wit, A.-M. J."
        );
        assert_eq!(PersonName::parse("Van Meenen").apa(), "Van Meenen");
    }

    #[test]
    fn apa_of_an_article_with_two_authors() {
        let issue = issue(Some(26), Some(10));
        let article = article(
            &["jan-jansen", "han-van-helmond"],
            "Thuis in de regio",
            Some(4),
        );
        assert_eq!(
            cite_article(&issue, &article, CitationStyle::Apa, Some(BASE)),
            "Jansen, J., & van Helmond, H. (2019, oktober). Thuis in de regio. Dimensies, (26), 4. \
             https://archief.example/id/QXJ0aWNsZTpkaW1lbnNpZXMtMjYvYTM"
        );
    }

    #[test]
    fn apa_without_author_month_or_pages_puts_the_title_first() {
        let issue = issue(None, None);
        let article = article(&[], "Wat werkt?", None);
        assert_eq!(
            cite_article(&issue, &article, CitationStyle::Apa, None),
            "Wat werkt? (2019). Dimensies."
        );
    }

    #[test]
    fn apa_of_a_quote_names_the_speaker_and_the_quote_page() {
        let issue = issue(Some(26), Some(10));
        let article = article(&["jan-jansen"], "Thuis in de regio", Some(4));
        assert_eq!(
            cite_quote(&issue, &article, &quote(), CitationStyle::Apa, Some(BASE)),
            "“We doen het samen, of we doen het niet.” — Els Klaas (lector), geciteerd in \
             Jansen, J. (2019, oktober). Thuis in de regio. Dimensies, (26), 5. \
             https://archief.example/id/UXVvdGU6ZGltZW5zaWVzLTI2L3E3"
        );
    }

    #[test]
    fn chicago_with_three_authors() {
        let issue = issue(Some(26), Some(3));
        let three = article(
            &["jan-jansen", "han-van-helmond", "an-de-wit"],
            "Thuis in de regio",
            Some(4),
        );
        assert_eq!(
            cite_article(&issue, &three, CitationStyle::Chicago, None),
            "Jansen, Jan, Han van Helmond, and Anne-Marie Joke de Wit. “Thuis in de regio.” \
             Dimensies, no. 26 (maart 2019): 4."
        );
        let two = article(&["jan-jansen", "han-van-helmond"], "Wat werkt?", None);
        assert_eq!(
            cite_article(&issue, &two, CitationStyle::Chicago, Some(BASE)),
            "Jansen, Jan, and Han van Helmond. “Wat werkt?” Dimensies, no. 26 (maart 2019). \
             https://archief.example/id/QXJ0aWNsZTpkaW1lbnNpZXMtMjYvYTM."
        );
    }

    #[test]
    fn bibtex_escapes_specials_and_keeps_braces_balanced() {
        let issue = issue(Some(26), Some(10));
        let article = article(
            &["han-van-helmond"],
            "Kennis & kunde: 100% {regio}",
            Some(4),
        );
        assert_eq!(
            cite_article(&issue, &article, CitationStyle::Bibtex, Some(BASE)),
            "@article{dimensies-26:a3,\n  author = {van Helmond, Han},\n  \
             title = {{Kennis \\& kunde: 100\\% \\{regio\\}}},\n  journal = {Dimensies},\n  \
             number = {26},\n  year = {2019},\n  month = oct,\n  pages = {4},\n  \
             url = {https://archief.example/id/QXJ0aWNsZTpkaW1lbnNpZXMtMjYvYTM},\n  \
             language = {dutch}\n}\n"
        );
    }

    #[test]
    fn bibtex_of_a_quote_carries_it_in_the_note() {
        let issue = issue(None, None);
        let article = article(&[], "Thuis", None);
        let text = cite_quote(&issue, &article, &quote(), CitationStyle::Bibtex, None);
        assert_eq!(
            text,
            "@article{dimensies-26:q7,\n  title = {{Thuis}},\n  journal = {Dimensies},\n  \
             year = {2019},\n  pages = {5},\n  \
             note = {“We doen het samen, of we doen het niet.” — Els Klaas (lector)},\n  \
             language = {dutch}\n}\n"
        );
    }

    #[test]
    fn ris_has_one_tag_per_line_and_no_line_breaks_in_values() {
        let issue = issue(Some(26), Some(10));
        let mut article = article(
            &["jan-jansen", "han-van-helmond"],
            "Thuis\nin de regio",
            Some(4),
        );
        article.paragraphs.push(crate::model::Paragraph {
            text: "Tekst.".to_string(),
            subheading: None,
            span: SourceSpan {
                first_line: 20,
                last_line: 21,
                page: Some(6),
            },
        });
        assert_eq!(
            cite_article(&issue, &article, CitationStyle::Ris, None),
            "TY  - MGZN\r\nAU  - Jansen, Jan\r\nAU  - van Helmond, Han\r\nTI  - Thuis in de regio\r\n\
             T2  - Dimensies\r\nIS  - 26\r\nPY  - 2019\r\nDA  - 2019/10//\r\nSP  - 4\r\nEP  - 6\r\n\
             LA  - nl\r\nID  - dimensies-26/a3\r\nER  - \r\n"
        );
    }

    #[test]
    fn csl_json_is_one_item_with_particles_apart() {
        let issue = issue(Some(26), Some(10));
        let article = article(&["han-van-helmond"], "Thuis in de regio", Some(4));
        let text = cite_quote(
            &issue,
            &article,
            &quote(),
            CitationStyle::CslJson,
            Some(BASE),
        );
        assert_eq!(
            text,
            r#"[{"id":"dimensies-26/q7","type":"article-magazine","title":"Thuis in de regio","container-title":"Dimensies","author":[{"family":"Helmond","given":"Han","non-dropping-particle":"van"}],"issue":"26","issued":{"date-parts":[[2019,10]]},"page":"5","URL":"https://archief.example/id/UXVvdGU6ZGltZW5zaWVzLTI2L3E3","note":"“We doen het samen, of we doen het niet.” — Els Klaas (lector)","language":"nl"}]"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[0]["author"][0]["family"], "Helmond");
    }
}
