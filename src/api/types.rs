//! GraphQL object types: thin wrappers that resolve fields from a catalog snapshot.
//!
//! Each node holds the catalog it came from and its internal id, so every field of one request
//! reads the same snapshot of the archive even if an ingest lands meanwhile.

use std::sync::Arc;

use async_graphql::{ComplexObject, Context, Enum, ID, Interface, Object, SimpleObject};

use crate::api::relay::{self, Connection, NodeType, PageArgs, global_id, page_by_key};
use crate::catalog::{ArticleWithText, Catalog, PersonRecord};
use crate::cite::{self, CitationStyle};
use crate::model::{self, Article, Footnote, Issue, Quote};

/// What an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "ArticleKind")]
pub enum ArticleKindValue {
    /// The signed opening piece of an issue.
    Editorial,
    /// A report of an event.
    Report,
    /// An interview.
    Interview,
    /// A feature drawing on several sources.
    Feature,
    /// A bylined opinion column.
    Column,
    /// Any other article.
    Article,
}

impl From<ArticleKindValue> for model::ArticleKind {
    fn from(kind: ArticleKindValue) -> Self {
        match kind {
            ArticleKindValue::Editorial => model::ArticleKind::Editorial,
            ArticleKindValue::Report => model::ArticleKind::Report,
            ArticleKindValue::Interview => model::ArticleKind::Interview,
            ArticleKindValue::Feature => model::ArticleKind::Feature,
            ArticleKindValue::Column => model::ArticleKind::Column,
            ArticleKindValue::Article => model::ArticleKind::Article,
        }
    }
}

impl From<model::ArticleKind> for ArticleKindValue {
    fn from(kind: model::ArticleKind) -> Self {
        match kind {
            model::ArticleKind::Editorial => ArticleKindValue::Editorial,
            model::ArticleKind::Report => ArticleKindValue::Report,
            model::ArticleKind::Interview => ArticleKindValue::Interview,
            model::ArticleKind::Feature => ArticleKindValue::Feature,
            model::ArticleKind::Column => ArticleKindValue::Column,
            model::ArticleKind::Article => ArticleKindValue::Article,
        }
    }
}

/// How a quote is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "QuoteKind")]
pub enum QuoteKindValue {
    /// Quoted speech in the running text.
    Inline,
    /// A display quote set apart in large type.
    Pull,
}

/// The sieve that attributed a quote to its speaker, most precise first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "AttributionMethod")]
pub enum AttributionMethodValue {
    /// A speech verb next to the quote names the speaker ("”, zegt Jansen.").
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

impl From<model::AttributionMethod> for AttributionMethodValue {
    fn from(method: model::AttributionMethod) -> Self {
        match method {
            model::AttributionMethod::SpeechVerb => AttributionMethodValue::SpeechVerb,
            model::AttributionMethod::Label => AttributionMethodValue::Label,
            model::AttributionMethod::CreditLine => AttributionMethodValue::CreditLine,
            model::AttributionMethod::Continuation => AttributionMethodValue::Continuation,
            model::AttributionMethod::Pronoun => AttributionMethodValue::Pronoun,
            model::AttributionMethod::RoleNoun => AttributionMethodValue::RoleNoun,
            model::AttributionMethod::Mention => AttributionMethodValue::Mention,
            model::AttributionMethod::Interviewee => AttributionMethodValue::Interviewee,
            model::AttributionMethod::OnlyPerson => AttributionMethodValue::OnlyPerson,
            model::AttributionMethod::Repeated => AttributionMethodValue::Repeated,
        }
    }
}

/// How a quote was attributed and how sure that is.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(name = "Attribution")]
pub struct AttributionValue {
    /// The sieve that decided.
    pub method: AttributionMethodValue,
    /// How often that sieve is right (0–1), measured on the development set; filter with
    /// `quotes(minConfidence:)` to cite only what is certain.
    pub confidence: f64,
}

/// A citation style for `cite(style:)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "CitationStyle")]
pub enum CitationStyleValue {
    /// APA, 7th edition: a reference-list entry.
    Apa,
    /// The Chicago Manual of Style, 17th edition: a bibliography entry.
    Chicago,
    /// A BibTeX `@article` entry.
    Bibtex,
    /// A RIS record (`TY  - MGZN` … `ER  - `, CRLF line ends), for reference managers (Zotero, Mendeley).
    Ris,
    /// CSL-JSON: an array with one item, for citeproc, Zotero and Pandoc.
    CslJson,
}

impl From<CitationStyleValue> for CitationStyle {
    fn from(style: CitationStyleValue) -> Self {
        match style {
            CitationStyleValue::Apa => CitationStyle::Apa,
            CitationStyleValue::Chicago => CitationStyle::Chicago,
            CitationStyleValue::Bibtex => CitationStyle::Bibtex,
            CitationStyleValue::Ris => CitationStyle::Ris,
            CitationStyleValue::CslJson => CitationStyle::CslJson,
        }
    }
}

/// The base URL of permalinks (`serve --public-url`), as request data.
#[derive(Debug, Clone)]
pub struct PublicUrl(pub String);

fn public_url<'a>(ctx: &Context<'a>) -> Option<&'a str> {
    ctx.data_opt::<PublicUrl>().map(|url| url.0.as_str())
}

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "HitKind")]
pub enum HitKindValue {
    /// A whole article.
    Article,
    /// One paragraph of an article.
    Paragraph,
    /// A quote.
    Quote,
    /// A footnote.
    Footnote,
    /// A person.
    Person,
}

impl From<HitKindValue> for crate::index::search::HitKind {
    fn from(kind: HitKindValue) -> Self {
        use crate::index::search::HitKind;
        match kind {
            HitKindValue::Article => HitKind::Article,
            HitKindValue::Paragraph => HitKind::Paragraph,
            HitKindValue::Quote => HitKind::Quote,
            HitKindValue::Footnote => HitKind::Footnote,
            HitKindValue::Person => HitKind::Person,
        }
    }
}

impl From<crate::index::search::HitKind> for HitKindValue {
    fn from(kind: crate::index::search::HitKind) -> Self {
        use crate::index::search::HitKind;
        match kind {
            HitKind::Article => HitKindValue::Article,
            HitKind::Paragraph => HitKindValue::Paragraph,
            HitKind::Quote => HitKindValue::Quote,
            HitKind::Footnote => HitKindValue::Footnote,
            HitKind::Person => HitKindValue::Person,
        }
    }
}

/// Where in the source file something was printed, so it can be checked.
#[derive(Debug, Clone, SimpleObject)]
pub struct SourceLines {
    /// First line (1-based) in the source file.
    pub first_line: i32,
    /// Last line in the source file.
    pub last_line: i32,
    /// Page, when the source has pages.
    pub page: Option<i32>,
}

fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

impl From<model::SourceSpan> for SourceLines {
    fn from(span: model::SourceSpan) -> Self {
        SourceLines {
            first_line: to_i32(span.first_line),
            last_line: to_i32(span.last_line),
            page: span.page.map(to_i32),
        }
    }
}

/// A calendar date in ISO 8601 at the precision known: `2019-10-01`, `2019-10` or `2019`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsoDate(pub String);

impl IsoDate {
    /// Returns the date of a year and an optional month (1-12).
    pub fn of(year: Option<i32>, month: Option<u32>) -> Option<IsoDate> {
        let year = year?;
        Some(IsoDate(
            match month.filter(|month| (1..=12).contains(month)) {
                Some(month) => format!("{year:04}-{month:02}"),
                None => format!("{year:04}"),
            },
        ))
    }

    /// Whether `text` is an ISO 8601 calendar date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn is_valid(text: &str) -> bool {
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |part: &str, length: usize| {
            part.len() == length && part.bytes().all(|byte| byte.is_ascii_digit())
        };
        let in_range =
            |part: &str, high: u32| part.parse::<u32>().is_ok_and(|n| (1..=high).contains(&n));
        match parts.as_slice() {
            [year] => digits(year, 4),
            [year, month] => digits(year, 4) && digits(month, 2) && in_range(month, 12),
            [year, month, day] => {
                digits(year, 4)
                    && digits(month, 2)
                    && in_range(month, 12)
                    && digits(day, 2)
                    && in_range(day, 31)
            }
            _ => false,
        }
    }
}

/// A calendar date in ISO 8601 at the precision known: `2019-10-01`, `2019-10` (a month) or
/// `2019` (a year).
#[async_graphql::Scalar(name = "Date")]
impl async_graphql::ScalarType for IsoDate {
    fn parse(value: async_graphql::Value) -> async_graphql::InputValueResult<Self> {
        match &value {
            async_graphql::Value::String(text) if IsoDate::is_valid(text) => {
                Ok(IsoDate(text.clone()))
            }
            _ => Err(async_graphql::InputValueError::custom(
                "a Date is written YYYY, YYYY-MM or YYYY-MM-DD",
            )),
        }
    }

    fn to_value(&self) -> async_graphql::Value {
        async_graphql::Value::String(self.0.clone())
    }
}

/// A paragraph of an article.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(name = "Paragraph")]
pub struct ParagraphValue {
    /// The text, hyphenation undone, footnote markers removed.
    pub text: String,
    /// The subheading the paragraph falls under, if any.
    pub subheading: Option<String>,
    /// Where it was printed.
    pub source_lines: SourceLines,
}

/// An issue of a series.
#[derive(Clone)]
pub struct IssueNode {
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) id: String,
}

impl IssueNode {
    /// Returns the node of an issue in `catalog`.
    pub fn new(catalog: &Arc<Catalog>, id: &str) -> Self {
        IssueNode {
            catalog: Arc::clone(catalog),
            id: id.to_string(),
        }
    }

    fn issue(&self) -> &Issue {
        self.catalog
            .issue(&self.id)
            .expect("nodes are made from ids in their own catalog")
    }
}

/// An issue of a series (e.g. one issue of Dimensies).
#[Object(name = "Issue")]
impl IssueNode {
    /// Global id.
    async fn id(&self) -> ID {
        global_id(NodeType::Issue, &self.id)
    }
    /// The archive's stable key of the issue, e.g. `dimensies-2019-regio`.
    async fn key(&self) -> String {
        self.id.clone()
    }
    /// The series, e.g. "Dimensies".
    async fn series(&self) -> Option<String> {
        self.issue().series.clone()
    }
    /// The issue number within the series.
    async fn number(&self) -> Option<i32> {
        self.issue().number.map(to_i32)
    }
    /// Year of publication.
    async fn year(&self) -> Option<i32> {
        self.issue().year
    }
    /// Month of publication (1-12).
    async fn month(&self) -> Option<i32> {
        self.issue().month.map(to_i32)
    }
    /// Date of publication in ISO 8601, as precise as known: `2019-10` (year and month) or
    /// `2019` (year only); null when the year is not known.
    async fn date(&self) -> Option<IsoDate> {
        IsoDate::of(self.issue().year, self.issue().month)
    }
    /// Title or theme of the issue.
    async fn title(&self) -> String {
        self.issue().title.clone()
    }
    /// The articles, in reading order.
    async fn articles(&self) -> Vec<ArticleNode> {
        self.issue()
            .articles
            .iter()
            .map(|article| ArticleNode::new(&self.catalog, article.id.as_str()))
            .collect()
    }
    /// The people the colophon lists as contributors.
    async fn contributors(&self) -> Vec<PersonNode> {
        people_nodes(&self.catalog, &self.issue().contributors)
    }
    /// Everyone named in the issue.
    async fn people(&self) -> Vec<PersonNode> {
        let ids: Vec<model::PersonId> = self
            .issue()
            .people
            .iter()
            .map(|person| person.id.clone())
            .collect();
        people_nodes(&self.catalog, &ids)
    }
    /// Key phrases of the issue, most salient first.
    async fn key_phrases(&self) -> Vec<String> {
        self.issue()
            .key_phrases
            .iter()
            .map(|phrase| phrase.phrase.clone())
            .collect()
    }
    /// Organisations named in the issue.
    async fn organisations(&self) -> Vec<String> {
        self.issue()
            .organisations
            .iter()
            .map(|organisation| organisation.name.clone())
            .collect()
    }
    /// The file the issue was read from.
    async fn source_path(&self) -> String {
        self.issue().source_path.clone()
    }
}

fn people_nodes(catalog: &Arc<Catalog>, ids: &[model::PersonId]) -> Vec<PersonNode> {
    ids.iter()
        .filter(|id| catalog.person(id.as_str()).is_some())
        .map(|id| PersonNode::new(catalog, id.as_str()))
        .collect()
}

/// An article of an issue.
#[derive(Clone)]
pub struct ArticleNode {
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) id: String,
}

impl ArticleNode {
    /// Returns the node of an article in `catalog`.
    pub fn new(catalog: &Arc<Catalog>, id: &str) -> Self {
        ArticleNode {
            catalog: Arc::clone(catalog),
            id: id.to_string(),
        }
    }

    fn parts(&self) -> (&Issue, &Article) {
        self.catalog
            .article(&self.id)
            .expect("nodes are made from ids in their own catalog")
    }

    /// The article with its paragraphs (which the catalog may read from the index).
    fn with_text(&self) -> async_graphql::Result<ArticleWithText<'_>> {
        let article = self
            .catalog
            .article_with_text(&self.id)
            .map_err(|error| async_graphql::Error::new(error.to_string()))?;
        Ok(article.expect("nodes are made from ids in their own catalog"))
    }
}

/// An article: an editorial, interview, report, feature or column.
#[Object(name = "Article")]
impl ArticleNode {
    /// Global id.
    async fn id(&self) -> ID {
        global_id(NodeType::Article, &self.id)
    }
    /// The archive's stable key of the article, e.g. `dimensies-2019-regio/a3`.
    async fn key(&self) -> String {
        self.id.clone()
    }
    /// Title in readable case.
    async fn title(&self) -> String {
        self.parts().1.title.clone()
    }
    /// What kind of article it is.
    async fn kind(&self) -> ArticleKindValue {
        self.parts().1.kind.into()
    }
    /// Section label printed with the article ("VOORAF", "HET MOMENT").
    async fn section(&self) -> Option<String> {
        self.parts().1.section.clone()
    }
    /// Subtitle.
    async fn subtitle(&self) -> Option<String> {
        self.parts().1.subtitle.clone()
    }
    /// Standfirst (lead) in readable case.
    async fn standfirst(&self) -> Option<String> {
        self.parts().1.standfirst.clone()
    }
    /// The full running text: standfirst and paragraphs.
    async fn text(&self) -> async_graphql::Result<String> {
        Ok(self.with_text()?.text())
    }
    /// Body paragraphs in reading order.
    async fn paragraphs(&self) -> async_graphql::Result<Vec<ParagraphValue>> {
        let article = self.with_text()?;
        Ok(article
            .paragraphs
            .iter()
            .map(|paragraph| ParagraphValue {
                text: paragraph.text.clone(),
                subheading: paragraph
                    .subheading
                    .and_then(|index| article.subheadings.get(index).cloned()),
                source_lines: paragraph.span.into(),
            })
            .collect())
    }
    /// Subheadings as printed.
    async fn subheadings(&self) -> Vec<String> {
        self.parts().1.subheadings.clone()
    }
    /// Authors (byline or signature).
    async fn authors(&self) -> Vec<PersonNode> {
        people_nodes(&self.catalog, &self.parts().1.authors)
    }
    /// Everyone named, quoted or writing in the article.
    async fn people(&self) -> Vec<PersonNode> {
        people_nodes(&self.catalog, &self.parts().1.people)
    }
    /// The issue the article is in.
    async fn issue(&self) -> IssueNode {
        IssueNode::new(&self.catalog, self.parts().0.id.as_str())
    }
    /// Quotes in the article, in reading order.
    async fn quotes(&self) -> Vec<QuoteNode> {
        self.parts()
            .1
            .quotes
            .iter()
            .map(|quote| QuoteNode::new(&self.catalog, quote.id.as_str()))
            .collect()
    }
    /// Footnotes whose marker is in the article.
    async fn footnotes(&self) -> Vec<FootnoteNode> {
        self.parts()
            .1
            .footnotes
            .iter()
            .map(|footnote| FootnoteNode::new(&self.catalog, footnote.id.as_str()))
            .collect()
    }
    /// Key phrases of the article, most salient first.
    async fn key_phrases(&self) -> Vec<String> {
        self.parts().1.key_phrases.clone()
    }
    /// Organisations named in the article.
    async fn organisations(&self) -> Vec<String> {
        self.parts().1.organisations.clone()
    }
    /// Where the article was printed in the source file.
    async fn source_lines(&self) -> SourceLines {
        self.parts().1.span.into()
    }
    /// The article cited in a style: authors, title, series, issue number, year and month,
    /// pages (when the source has pages) and the article's permalink (`{public URL}/id/{id}`).
    async fn cite(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation style.")] style: CitationStyleValue,
    ) -> async_graphql::Result<String> {
        // The pages of an article are those of its paragraphs.
        let issue = self.parts().0;
        let article = self.with_text()?;
        Ok(cite::cite_article(
            issue,
            &article,
            style.into(),
            public_url(ctx),
        ))
    }
}

/// A quote.
#[derive(Clone)]
pub struct QuoteNode {
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) id: String,
}

impl QuoteNode {
    /// Returns the node of a quote in `catalog`.
    pub fn new(catalog: &Arc<Catalog>, id: &str) -> Self {
        QuoteNode {
            catalog: Arc::clone(catalog),
            id: id.to_string(),
        }
    }

    fn parts(&self) -> (&Issue, &Article, &Quote) {
        self.catalog
            .quote(&self.id)
            .expect("nodes are made from ids in their own catalog")
    }
}

/// Returns a citation for a quote: speaker and role, article, issue, source lines.
pub fn citation(issue: &Issue, article: &Article, quote: &Quote) -> String {
    let speaker = quote.speaker.as_ref().and_then(|id| issue.person(id));
    let mut parts = Vec::new();
    if let Some(person) = speaker {
        match person.roles.first() {
            Some(role) => parts.push(format!("{} ({role})", person.name)),
            None => parts.push(person.name.clone()),
        }
    }
    let series = match (&issue.series, issue.number) {
        (Some(series), Some(number)) => format!("{series} {number}"),
        (Some(series), None) => series.clone(),
        (None, _) => issue.title.clone(),
    };
    let year = issue
        .year
        .map(|year| format!(" ({year})"))
        .unwrap_or_default();
    parts.push(format!("in “{}”, {series}{year}", article.title));
    let lines = if quote.span.first_line == quote.span.last_line {
        format!("line {}", quote.span.first_line)
    } else {
        format!("lines {}–{}", quote.span.first_line, quote.span.last_line)
    };
    format!("“{}” — {}, {lines}", quote.text, parts.join(", "))
}

/// A quote: who said what, where.
#[Object(name = "Quote")]
impl QuoteNode {
    /// Global id.
    async fn id(&self) -> ID {
        global_id(NodeType::Quote, &self.id)
    }
    /// The quoted words, without the quote marks.
    async fn text(&self) -> String {
        self.parts().2.text.clone()
    }
    /// Inline or pull quote.
    async fn kind(&self) -> QuoteKindValue {
        match self.parts().2.kind {
            model::QuoteKind::Inline => QuoteKindValue::Inline,
            model::QuoteKind::Pull => QuoteKindValue::Pull,
        }
    }
    /// Who said it; null when the text does not make that clear.
    async fn speaker(&self) -> Option<PersonNode> {
        let speaker = self.parts().2.speaker.as_ref()?;
        self.catalog
            .person(speaker.as_str())
            .map(|_| PersonNode::new(&self.catalog, speaker.as_str()))
    }
    /// The speaker as the text describes them when it names no person ("een woordvoerder",
    /// "de SP"); null when a person is the speaker or the text says nothing.
    async fn speaker_description(&self) -> Option<String> {
        self.parts().2.speaker_description.clone()
    }
    /// How the speaker (or the description) was found and how sure that is; null when the
    /// text leaves the speaker open.
    async fn attribution(&self) -> Option<AttributionValue> {
        self.parts()
            .2
            .attribution
            .map(|attribution| AttributionValue {
                method: attribution.method.into(),
                confidence: f64::from(attribution.confidence),
            })
    }
    /// The speaker's roles as stated in this issue.
    async fn speaker_roles(&self) -> Vec<String> {
        let (issue, _, quote) = self.parts();
        quote
            .speaker
            .as_ref()
            .and_then(|id| issue.person(id))
            .map(|person| person.roles.clone())
            .unwrap_or_default()
    }
    /// The article the quote is in.
    async fn article(&self) -> ArticleNode {
        ArticleNode::new(&self.catalog, self.parts().1.id.as_str())
    }
    /// The issue the quote is in.
    async fn issue(&self) -> IssueNode {
        IssueNode::new(&self.catalog, self.parts().0.id.as_str())
    }
    /// A citation: the quote, speaker with role, article, issue and source lines.
    async fn citation(&self) -> String {
        let (issue, article, quote) = self.parts();
        citation(issue, article, quote)
    }
    /// Where the quote was printed in the source file.
    async fn source_lines(&self) -> SourceLines {
        self.parts().2.span.into()
    }
    /// The quote cited in a style: the article it is in with the quote's page and permalink
    /// (`{public URL}/id/{id}`, which `node(id:)` resolves), the quoted words and the speaker
    /// (in front in APA and Chicago, in the note in BibTeX, RIS and CSL-JSON).
    async fn cite(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation style.")] style: CitationStyleValue,
    ) -> String {
        let (issue, article, quote) = self.parts();
        cite::cite_quote(issue, article, quote, style.into(), public_url(ctx))
    }
}

/// A footnote.
#[derive(Clone)]
pub struct FootnoteNode {
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) id: String,
}

impl FootnoteNode {
    /// Returns the node of a footnote in `catalog`.
    pub fn new(catalog: &Arc<Catalog>, id: &str) -> Self {
        FootnoteNode {
            catalog: Arc::clone(catalog),
            id: id.to_string(),
        }
    }

    fn parts(&self) -> (&Issue, &Article, &Footnote) {
        self.catalog
            .footnote(&self.id)
            .expect("nodes are made from ids in their own catalog")
    }
}

/// Another issue cited by a footnote ("Dimensies 32, maart 2018").
#[derive(Clone, SimpleObject)]
#[graphql(complex)]
pub struct IssueReference {
    /// The series as written.
    pub series: String,
    /// The issue number.
    pub number: i32,
    /// The year, when given.
    pub year: Option<i32>,
    /// The citation as written.
    pub label: String,
    #[graphql(skip)]
    pub(crate) catalog: Arc<Catalog>,
}

#[ComplexObject]
impl IssueReference {
    /// The cited issue, when it is in the archive.
    async fn issue(&self) -> Option<IssueNode> {
        let number = u32::try_from(self.number).ok()?;
        self.catalog
            .issues()
            .iter()
            .find(|issue| {
                issue.number == Some(number)
                    && issue
                        .series
                        .as_deref()
                        .is_some_and(|series| series.eq_ignore_ascii_case(&self.series))
            })
            .map(|issue| IssueNode::new(&self.catalog, issue.id.as_str()))
    }
}

/// A numbered note with its links.
#[Object(name = "Footnote")]
impl FootnoteNode {
    /// Global id.
    async fn id(&self) -> ID {
        global_id(NodeType::Footnote, &self.id)
    }
    /// The printed number.
    async fn number(&self) -> i32 {
        to_i32(self.parts().2.number)
    }
    /// The note's text, URLs repaired.
    async fn text(&self) -> String {
        self.parts().2.text.clone()
    }
    /// Complete URLs the note links to.
    async fn urls(&self) -> Vec<String> {
        self.parts().2.urls.clone()
    }
    /// The word in the running text the note's marker is attached to.
    async fn marker_word(&self) -> Option<String> {
        self.parts()
            .2
            .marker
            .as_ref()
            .map(|marker| marker.word.clone())
    }
    /// The issue of the series the note cites, when it cites one.
    async fn cited_issue(&self) -> Option<IssueReference> {
        let cites = self.parts().2.cites.as_ref()?;
        Some(IssueReference {
            series: cites.series.clone(),
            number: to_i32(cites.number),
            year: cites.year,
            label: cites.label.clone(),
            catalog: Arc::clone(&self.catalog),
        })
    }
    /// The article whose text carries the marker.
    async fn article(&self) -> ArticleNode {
        ArticleNode::new(&self.catalog, self.parts().1.id.as_str())
    }
    /// The issue the note is in.
    async fn issue(&self) -> IssueNode {
        IssueNode::new(&self.catalog, self.parts().0.id.as_str())
    }
    /// Where the note was printed in the source file.
    async fn source_lines(&self) -> SourceLines {
        self.parts().2.span.into()
    }
}

/// A person, merged over every issue that names them.
#[derive(Clone)]
pub struct PersonNode {
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) id: String,
}

impl PersonNode {
    /// Returns the node of a person in `catalog`.
    pub fn new(catalog: &Arc<Catalog>, id: &str) -> Self {
        PersonNode {
            catalog: Arc::clone(catalog),
            id: id.to_string(),
        }
    }

    fn record(&self) -> &PersonRecord {
        self.catalog
            .person(&self.id)
            .expect("nodes are made from ids in their own catalog")
    }
}

/// A person: name, roles, organisations, what they said and where they appear.
#[Object(name = "Person")]
impl PersonNode {
    /// Global id.
    async fn id(&self) -> ID {
        global_id(NodeType::Person, &self.id)
    }
    /// The archive's stable key of the person, e.g. `han-van-helmond`.
    async fn key(&self) -> String {
        self.id.clone()
    }
    /// Full name with particles, without academic titles.
    async fn name(&self) -> String {
        self.record().name.clone()
    }
    /// Academic title ("Prof. dr.").
    async fn honorific(&self) -> Option<String> {
        self.record().honorific.clone()
    }
    /// Roles as the texts state them.
    async fn roles(&self) -> Vec<String> {
        self.record().roles.clone()
    }
    /// Organisations the person is affiliated with.
    async fn organisations(&self) -> Vec<String> {
        self.record().organisations.clone()
    }
    /// What the person said, in archive order.
    #[graphql(
        complexity = "first.or(last).unwrap_or(relay::DEFAULT_FIRST).clamp(1, relay::MAX_FIRST) as usize * child_complexity"
    )]
    async fn quotes(
        &self,
        #[graphql(desc = "How many quotes to return (1-100, default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor to continue after.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (1-100), with `before`.")] last: Option<
            i32,
        >,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<Connection<QuoteNode>> {
        let page = PageArgs::new(first, after, last, before)?;
        let items = self
            .catalog
            .quotes_of(self.record())
            .into_iter()
            .map(|(key, _, _, quote)| (key, QuoteNode::new(&self.catalog, quote.id.as_str())))
            .collect();
        page_by_key(items, &page, false)
    }
    /// Articles naming, quoting or written by the person.
    async fn articles(&self) -> Vec<ArticleNode> {
        self.record()
            .articles
            .iter()
            .map(|id| ArticleNode::new(&self.catalog, id.as_str()))
            .collect()
    }
    /// Issues naming the person.
    async fn issues(&self) -> Vec<IssueNode> {
        self.record()
            .issues
            .iter()
            .map(|id| IssueNode::new(&self.catalog, id.as_str()))
            .collect()
    }
    /// Issues the person contributed to (colophon).
    async fn contributed_to(&self) -> Vec<IssueNode> {
        self.record()
            .contributed_to
            .iter()
            .map(|id| IssueNode::new(&self.catalog, id.as_str()))
            .collect()
    }
}

/// Any object with a global id.
#[derive(Clone, Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Global id."))]
pub enum Node {
    /// An issue.
    Issue(IssueNode),
    /// An article.
    Article(ArticleNode),
    /// A quote.
    Quote(QuoteNode),
    /// A footnote.
    Footnote(FootnoteNode),
    /// A person.
    Person(PersonNode),
    /// A theme.
    Theme(crate::api::query::Theme),
}

/// Resolves a global id to its object in `catalog`; `None` when it is not (or no longer) there.
pub fn resolve_node(catalog: &Arc<Catalog>, node_type: NodeType, internal: &str) -> Option<Node> {
    let exists = match node_type {
        NodeType::Issue => catalog.issue(internal).is_some(),
        NodeType::Article => catalog.article(internal).is_some(),
        NodeType::Quote => catalog.quote(internal).is_some(),
        NodeType::Footnote => catalog.footnote(internal).is_some(),
        NodeType::Person => catalog.person(internal).is_some(),
        // A theme is a search: `Query.node` runs it.
        NodeType::Theme => false,
    };
    if !exists {
        return None;
    }
    let catalog = Arc::clone(catalog);
    let id = internal.to_string();
    Some(match node_type {
        NodeType::Issue => Node::Issue(IssueNode { catalog, id }),
        NodeType::Article => Node::Article(ArticleNode { catalog, id }),
        NodeType::Quote => Node::Quote(QuoteNode { catalog, id }),
        NodeType::Footnote => Node::Footnote(FootnoteNode { catalog, id }),
        NodeType::Person => Node::Person(PersonNode { catalog, id }),
        NodeType::Theme => return None,
    })
}

/// One search hit.
#[derive(Clone)]
pub struct SearchHitNode {
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) hit: crate::index::search::SearchHit,
    /// The query the hit answers (its snippet and score depend on it).
    pub(crate) query: Arc<str>,
}

/// One hit of a search: what was found, how well it matched, and a highlighted snippet.
#[Object(name = "SearchHit")]
impl SearchHitNode {
    /// An id of the hit for client caches: the same record found by the same query has the
    /// same id; another query's hit of it (with another snippet and score) has another.
    async fn id(&self) -> ID {
        ID(cite::global_id(
            "SearchHit",
            &format!("{}\u{1}{}", self.hit.id, self.query),
        ))
    }
    /// What was found.
    async fn kind(&self) -> HitKindValue {
        self.hit.kind.into()
    }
    /// Relevance score; higher is better.
    async fn score(&self) -> f64 {
        f64::from(self.hit.score)
    }
    /// The matching text, HTML-escaped, with hits wrapped in `<mark>…</mark>`: safe to insert
    /// into a page as HTML.
    async fn snippet(&self) -> String {
        self.hit.snippet.clone()
    }
    /// The article the hit is in (or is).
    async fn article(&self) -> Option<ArticleNode> {
        let id = self.hit.article_id.as_deref()?;
        self.catalog
            .article(id)
            .map(|_| ArticleNode::new(&self.catalog, id))
    }
    /// The issue the hit is in (for a person: the most recent issue naming them).
    async fn issue(&self) -> Option<IssueNode> {
        self.hit
            .issue_ids
            .iter()
            .find(|id| self.catalog.issue(id).is_some())
            .map(|id| IssueNode::new(&self.catalog, id))
    }
    /// The quote, for quote hits.
    async fn quote(&self) -> Option<QuoteNode> {
        (self.hit.kind == crate::index::search::HitKind::Quote
            && self.catalog.quote(&self.hit.id).is_some())
        .then(|| QuoteNode::new(&self.catalog, &self.hit.id))
    }
    /// The footnote, for footnote hits.
    async fn footnote(&self) -> Option<FootnoteNode> {
        (self.hit.kind == crate::index::search::HitKind::Footnote
            && self.catalog.footnote(&self.hit.id).is_some())
        .then(|| FootnoteNode::new(&self.catalog, &self.hit.id))
    }
    /// The words (and "quoted phrases") of the query this hit contains, in query order; the
    /// others it does without.
    async fn matched_terms(&self) -> Vec<String> {
        self.hit.matched_terms.clone()
    }
    /// The person, for person hits; the speaker, for quote hits.
    async fn person(&self) -> Option<PersonNode> {
        self.hit
            .person_ids
            .first()
            .filter(|_| {
                matches!(
                    self.hit.kind,
                    crate::index::search::HitKind::Person | crate::index::search::HitKind::Quote
                )
            })
            .filter(|id| self.catalog.person(id).is_some())
            .map(|id| PersonNode::new(&self.catalog, id))
    }
}

/// Number of search hits with a facet value.
#[derive(Clone, SimpleObject)]
#[graphql(name = "FacetCount")]
pub struct FacetCountValue {
    /// The value: a hit kind, an issue key, a year or a person key.
    pub value: String,
    /// How many hits have it.
    pub count: i32,
}

/// Counts of all hits per kind, issue, year and person (see the `Object` impl).
pub struct SearchFacets {
    pub kinds: Vec<FacetCountValue>,
    pub issues: Vec<FacetCountValue>,
    pub years: Vec<FacetCountValue>,
    pub people: Vec<FacetCountValue>,
}

/// The first `first` values of a facet (all when absent); `first` must not be negative.
fn facet_top(
    values: &[FacetCountValue],
    first: Option<i32>,
) -> async_graphql::Result<&[FacetCountValue]> {
    let Some(first) = first else {
        return Ok(values);
    };
    let first = usize::try_from(first).map_err(|_| {
        crate::api::relay::user_error(format!(
            "`first` of a facet must not be negative (got {first})"
        ))
    })?;
    Ok(&values[..first.min(values.len())])
}

/// Counts of all hits (not just this page) per kind, issue, year and person. Each list has the
/// most frequent value first (equal counts by value); `first` keeps that many of them (a page
/// shows the ten issues with the most hits), while the counts are always over every hit.
#[Object]
impl SearchFacets {
    /// Per kind (`article`, `paragraph`, `quote`, `footnote`, `person`).
    async fn kinds(
        &self,
        #[graphql(desc = "How many values to keep, the most frequent first; all when absent.")]
        first: Option<i32>,
    ) -> async_graphql::Result<&[FacetCountValue]> {
        facet_top(&self.kinds, first)
    }

    /// Per issue key.
    async fn issues(
        &self,
        #[graphql(desc = "How many values to keep, the most frequent first; all when absent.")]
        first: Option<i32>,
    ) -> async_graphql::Result<&[FacetCountValue]> {
        facet_top(&self.issues, first)
    }

    /// Per year.
    async fn years(
        &self,
        #[graphql(desc = "How many values to keep, the most frequent first; all when absent.")]
        first: Option<i32>,
    ) -> async_graphql::Result<&[FacetCountValue]> {
        facet_top(&self.years, first)
    }

    /// Per person key.
    async fn people(
        &self,
        #[graphql(desc = "How many values to keep, the most frequent first; all when absent.")]
        first: Option<i32>,
    ) -> async_graphql::Result<&[FacetCountValue]> {
        facet_top(&self.people, first)
    }
}

/// A word of the query spelt otherwise than the archive spells it.
#[derive(Clone, SimpleObject)]
#[graphql(name = "SpellingCorrection")]
pub struct SpellingCorrectionValue {
    /// The word as typed (lowercase, accents folded).
    pub original: String,
    /// The spelling the archive knows.
    pub correction: String,
    /// True when the correction was searched instead of the word, which the archive does not
    /// know ("Resultaten voor …; zoek in plaats daarvan naar …"); false when the word occurs
    /// in the archive and was searched as typed, the correction being far more frequent
    /// ("Bedoelde u …?").
    pub replaced: bool,
}

/// A page of search hits.
#[derive(SimpleObject)]
pub struct SearchConnection {
    /// Number of hits in all (of articles, when hits are grouped by article).
    pub total_count: usize,
    /// Words (and "quoted phrases") of the query that no text has together with the others,
    /// so the results do without them (least informative first to go); function words such as
    /// "hoe" and "de" only rank and are never listed.
    pub dropped_terms: Vec<String>,
    /// The query with every spelling correction applied, for "Bedoelde u …?"; null when every
    /// word is spelt as the archive spells it.
    pub corrected_query: Option<String>,
    /// The words corrected.
    pub corrections: Vec<SpellingCorrectionValue>,
    /// Counts over all hits.
    pub facets: SearchFacets,
    /// Where this page is.
    pub page_info: async_graphql::connection::PageInfo,
    /// Hits with cursors.
    pub edges: Vec<relay::Edge<SearchHitNode>>,
    /// Hits.
    pub nodes: Vec<SearchHitNode>,
}

/// The number of matches of a theme in one issue.
#[derive(Clone, SimpleObject)]
pub struct ThemeIssue {
    /// The issue.
    pub issue: IssueNode,
    /// Matching articles, paragraphs, quotes and footnotes in it.
    pub count: i32,
}

/// A person associated with a theme.
#[derive(Clone, SimpleObject)]
pub struct ThemePerson {
    /// The person.
    pub person: PersonNode,
    /// Matching quotes by the person plus matching paragraphs naming them.
    pub count: i32,
}

/// An organisation associated with a theme, through the people of it who speak about it.
#[derive(Clone, SimpleObject)]
pub struct ThemeOrganisation {
    /// The organisation's name as written.
    pub name: String,
    /// The sum of the counts of its people (see `ThemePerson.count`).
    pub count: i32,
}
