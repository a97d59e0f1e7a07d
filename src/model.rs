//! The archive's data model: what the ingester extracts from one magazine issue.
//!
//! Plain serde data, no I/O and no search engine types: `ingest` produces an [`Issue`], `index`
//! stores it, `api` serves it. Every extracted item records where in the source it came from
//! ([`SourceSpan`]) so that a researcher can check it against the printed text.
//!
//! Identifiers are newtypes over readable strings. They are stable: ingesting the same file again
//! yields the same ids, and a person keeps one id across issues (the id is derived from the name).

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Returns the id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(
    /// Identifies an issue, e.g. `dimensies-2019-regio` (from the manifest, series and number, or
    /// the file name).
    IssueId
);
string_id!(
    /// Identifies an article within the archive: `{issue}/a{ordinal}`.
    ArticleId
);
string_id!(
    /// Identifies a quote within the archive: `{issue}/q{ordinal}`.
    QuoteId
);
string_id!(
    /// Identifies a footnote within the archive: `{issue}/n{number}`.
    FootnoteId
);
string_id!(
    /// Identifies a person across the whole archive: a slug of the name, e.g. `han-van-helmond`.
    PersonId
);

impl ArticleId {
    /// Returns the id of the article with this ordinal (1-based) in `issue`.
    pub fn new(issue: &IssueId, ordinal: usize) -> Self {
        ArticleId(format!("{issue}/a{ordinal}"))
    }
}

impl QuoteId {
    /// Returns the id of the quote with this ordinal (1-based, in issue order) in `issue`.
    pub fn new(issue: &IssueId, ordinal: usize) -> Self {
        QuoteId(format!("{issue}/q{ordinal}"))
    }
}

impl FootnoteId {
    /// Returns the id of the footnote with this ordinal (1-based, in issue order) in `issue`.
    pub fn new(issue: &IssueId, ordinal: usize) -> Self {
        FootnoteId(format!("{issue}/n{ordinal}"))
    }
}

impl PersonId {
    /// Returns the archive-wide id of the person called `name` (academic titles already removed).
    ///
    /// ```
    /// use dimensies::model::PersonId;
    /// assert_eq!(PersonId::from_name("Han van Helmond").as_str(), "han-van-helmond");
    /// assert_eq!(PersonId::from_name("N. van der Tomme").as_str(), "n-van-der-tomme");
    /// ```
    pub fn from_name(name: &str) -> Self {
        PersonId(slug(name))
    }
}

/// Returns a lowercase ASCII slug of `text`: letters and digits, runs of anything else as `-`.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for ch in crate::text::fold_to_ascii(text).chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if ch.is_alphanumeric() {
            // Letters with no ASCII form (肖春芳, Вася) stay, or such a name would have no slug.
            slug.extend(ch.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Where in the source file an item was found (1-based, inclusive line numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    /// First line of the item in the source file.
    pub first_line: u32,
    /// Last line of the item in the source file.
    pub last_line: u32,
    /// Page number when the source has pages (form feeds, PDF pages).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
}

impl SourceSpan {
    /// Returns a span covering one line.
    pub fn line(line: u32, page: Option<u32>) -> Self {
        SourceSpan {
            first_line: line,
            last_line: line,
            page,
        }
    }

    /// Returns the smallest span covering both spans.
    pub fn union(self, other: SourceSpan) -> Self {
        SourceSpan {
            first_line: self.first_line.min(other.first_line),
            last_line: self.last_line.max(other.last_line),
            page: self.page.or(other.page),
        }
    }
}

/// The format an issue was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain text, typically extracted from a PDF.
    Text,
    /// An HTML page.
    Html,
    /// A PDF file.
    Pdf,
}

/// One issue of a series, with everything extracted from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Stable identity; re-ingesting the same issue replaces the stored one.
    pub id: IssueId,
    /// The series, e.g. "Dimensies".
    pub series: Option<String>,
    /// The issue number within the series.
    pub number: Option<u32>,
    /// Year of publication.
    pub year: Option<i32>,
    /// Month of publication (1-12) when known.
    pub month: Option<u32>,
    /// Title or theme of the issue.
    pub title: String,
    /// The file the issue was read from.
    pub source_path: String,
    /// The format of that file.
    pub source_format: SourceFormat,
    /// The articles, in reading order. The colophon is not an article.
    pub articles: Vec<Article>,
    /// Everyone named in the issue, with roles and organisations as stated.
    pub people: Vec<Person>,
    /// Organisations named in the issue.
    pub organisations: Vec<Organisation>,
    /// The people the colophon lists as contributors.
    pub contributors: Vec<PersonId>,
    /// The key phrases of the whole issue, most salient first.
    pub key_phrases: Vec<KeyPhrase>,
}

impl Issue {
    /// Returns the person with this id, if named in the issue.
    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.people.iter().find(|person| &person.id == id)
    }

    /// Iterates over all quotes of the issue, in reading order.
    pub fn quotes(&self) -> impl Iterator<Item = (&Article, &Quote)> {
        self.articles
            .iter()
            .flat_map(|article| article.quotes.iter().map(move |quote| (article, quote)))
    }

    /// Iterates over all footnotes of the issue, in order.
    pub fn footnotes(&self) -> impl Iterator<Item = (&Article, &Footnote)> {
        self.articles.iter().flat_map(|article| {
            article
                .footnotes
                .iter()
                .map(move |footnote| (article, footnote))
        })
    }
}

/// What kind of piece an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleKind {
    /// The signed opening piece of the issue.
    Editorial,
    /// A report of an event (conference, meeting).
    Report,
    /// An interview: most quotes come from one person.
    Interview,
    /// A feature drawing on several sources.
    Feature,
    /// A column: a bylined opinion piece.
    Column,
    /// Anything else.
    Article,
}

/// One article of an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id, `{issue}/a{ordinal}`.
    pub id: ArticleId,
    /// Position in the issue, from 1.
    pub ordinal: u32,
    /// Editorial, interview, column, ...
    pub kind: ArticleKind,
    /// Title in readable case.
    pub title: String,
    /// Section label printed with the article ("VOORAF", "HET MOMENT").
    pub section: Option<String>,
    /// Subtitle printed under the title.
    pub subtitle: Option<String>,
    /// The standfirst (lead) in readable case.
    pub standfirst: Option<String>,
    /// Authors, from a byline or a signature.
    pub authors: Vec<PersonId>,
    /// Subheadings, in order, as printed.
    pub subheadings: Vec<String>,
    /// Body paragraphs, in reading order.
    pub paragraphs: Vec<Paragraph>,
    /// Quotes in this article, in reading order (inline and pull quotes).
    pub quotes: Vec<Quote>,
    /// Footnotes whose marker is in this article.
    pub footnotes: Vec<Footnote>,
    /// Everyone named in the article.
    pub people: Vec<PersonId>,
    /// Organisations named in the article.
    pub organisations: Vec<String>,
    /// Key phrases of the article, most salient first.
    pub key_phrases: Vec<String>,
    /// Lines of the source the article covers.
    pub span: SourceSpan,
}

impl Article {
    /// Returns the full running text: standfirst and paragraphs, separated by blank lines.
    pub fn text(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(standfirst) = &self.standfirst {
            parts.push(standfirst);
        }
        for paragraph in &self.paragraphs {
            parts.push(&paragraph.text);
        }
        parts.join("\n\n")
    }
}

/// A paragraph of body text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The reflowed text, hyphenation undone, footnote markers removed.
    pub text: String,
    /// Index into the article's `subheadings` of the section this paragraph is in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subheading: Option<usize>,
    /// Lines of the source.
    pub span: SourceSpan,
}

/// How a quote is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Quoted speech in the running text.
    Inline,
    /// A display (pull) quote set apart in large type.
    Pull,
}

/// The sieve that attributed a quote (after Muzny et al. 2017: the most precise sieve that
/// fires decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AttributionMethod {
    /// A speech verb next to the quote names the speaker ("”, zegt Jansen.", "Hierover zegt
    /// Jansen: “").
    SpeechVerb,
    /// A Q&A label before the quote ("Jansen: “…”").
    Label,
    /// A credit line under a pull quote ("— Jan Jansen, De Kiesraad") or its caption.
    CreditLine,
    /// The quote goes on from the previous quote of the same speaker.
    Continuation,
    /// A pronoun ("zegt ze"), resolved to the nearest person of compatible gender.
    Pronoun,
    /// A role noun ("aldus de lector"), resolved to the person holding that role.
    RoleNoun,
    /// The only person named in the sentence of the quote or the sentence before it.
    Mention,
    /// In an interview, the interviewee speaks unless the text says otherwise.
    Interviewee,
    /// The article names one person only: the quotes no one else is said to speak are theirs.
    OnlyPerson,
    /// A pull quote repeats an inline quote and takes its speaker.
    Repeated,
}

impl AttributionMethod {
    /// How often this method gave the annotated speaker on the development set
    /// (`../shared/devset`, `python3 scripts/attribution-precision.py`), smoothed as
    /// (right + 1) / (fired + 2) so that a method seldom seen there is not called certain: a
    /// method that never fired there gets 0.5. Measured on 2026-12-01 (see `BENCHMARKS.md`).
    pub fn confidence(self) -> f32 {
        match self {
            // 56 of 56 right.
            AttributionMethod::SpeechVerb => 0.98,
            // 19 of 19.
            AttributionMethod::Label => 0.95,
            // 8 of 8.
            AttributionMethod::CreditLine => 0.9,
            // 23 of 24.
            AttributionMethod::Continuation => 0.92,
            // 7 of 7.
            AttributionMethod::Pronoun => 0.89,
            // 2 of 2.
            AttributionMethod::Mention => 0.75,
            // Did not fire on the development set.
            AttributionMethod::RoleNoun
            | AttributionMethod::Interviewee
            | AttributionMethod::OnlyPerson
            | AttributionMethod::Repeated => 0.5,
        }
    }
}

/// How a quote was attributed and how sure that is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// The sieve that decided.
    pub method: AttributionMethod,
    /// How often that sieve is right (0–1), measured on the development set.
    pub confidence: f32,
}

impl Attribution {
    /// Returns the attribution by `method` with that method's measured confidence.
    pub fn of(method: AttributionMethod) -> Self {
        Attribution {
            method,
            confidence: method.confidence(),
        }
    }
}

/// A stretch of quoted speech.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Stable id, `{issue}/q{ordinal}`.
    pub id: QuoteId,
    /// The quoted words, without the enclosing quote marks.
    pub text: String,
    /// Inline or pull quote.
    pub kind: QuoteKind,
    /// Who said it, when the text makes that clear.
    pub speaker: Option<PersonId>,
    /// The speaker as the text describes them when it names no person ("een woordvoerder",
    /// "de SP").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_description: Option<String>,
    /// How the speaker (or the description) was found, and how sure that is; `None` when the
    /// text leaves the speaker open.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub attribution: Option<Attribution>,
    /// The paragraph of the article the quote starts in (inline quotes).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub paragraph: Option<usize>,
    /// Lines of the source.
    pub span: SourceSpan,
}

/// A reference to another issue, as cited in a footnote ("Dimensies 32, maart 2018").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueRef {
    /// The series, as written.
    pub series: String,
    /// The issue number.
    pub number: u32,
    /// The year, when the citation gives it.
    pub year: Option<i32>,
    /// The citation as written.
    pub label: String,
}

/// Where a footnote's marker sits in the running text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FootnoteMarker {
    /// The word the marker number was glued to ("Snippe" in "Snippe1").
    pub word: String,
    /// Index of the paragraph in the article; `None` when the marker is in the standfirst.
    pub paragraph: Option<usize>,
    /// Byte offset in that paragraph's (or the standfirst's) text, right after the word.
    pub offset: usize,
    /// Source line of the marker.
    pub line: u32,
}

/// A numbered note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    /// Stable id, `{issue}/n{number}`.
    pub id: FootnoteId,
    /// The printed number.
    pub number: u32,
    /// The note's text, hyphenation undone and URLs repaired.
    pub text: String,
    /// Complete URLs the note links to.
    pub urls: Vec<String>,
    /// The issue the note cites, when it cites one of the series.
    pub cites: Option<IssueRef>,
    /// The marker in the running text that points at the note.
    pub marker: Option<FootnoteMarker>,
    /// Lines of the source holding the note.
    pub span: SourceSpan,
}

/// A person named in an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Archive-wide id derived from the name.
    pub id: PersonId,
    /// Full name with particles, without academic titles ("John van der Vegt").
    pub name: String,
    /// Academic or professional title printed before the name ("Prof. dr.").
    pub honorific: Option<String>,
    /// Roles as the text states them ("adviseur bij Common Eye").
    pub roles: Vec<String>,
    /// Organisations the person is affiliated with.
    pub organisations: Vec<String>,
    /// Listed as a contributor in the colophon.
    pub contributor: bool,
    /// Cited as an author in a footnote.
    pub cited: bool,
    /// Every place the person is named.
    pub mentions: Vec<Mention>,
}

/// One place a person or organisation is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The article, when the mention is in one (not the colophon).
    pub article: Option<ArticleId>,
    /// The words as written ("Van Helmond").
    pub text: String,
    /// Source line.
    pub line: u32,
}

/// An organisation named in an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// Name as written.
    pub name: String,
    /// Abbreviation given in parentheses after the name ("NSOB").
    pub acronym: Option<String>,
    /// Articles naming it.
    pub articles: Vec<ArticleId>,
}

/// A phrase that characterises an article or issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyPhrase {
    /// The phrase in its most common written form.
    pub phrase: String,
    /// How often it occurs.
    pub count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_keep_letters_without_ascii_form() {
        assert_eq!(slug("Ruud van ’t Hof-Jansen"), "ruud-van-t-hof-jansen");
        assert_eq!(slug("Aleš Vávra"), "ales-vavra");
        assert_eq!(slug("肖春芳"), "肖春芳");
        assert_eq!(slug("—"), "");
    }
}
