//! HTML reader: a web page, or an issue in our own markup, becomes [`SourceLine`]s with roles.
//!
//! Two kinds of page:
//!
//! - **Web pages as publishers serve them** (navigation, cookie banners, comments, related links,
//!   share buttons around one article). The main content is found by Readability's algorithm
//!   (the `dom_smoothie` port); when it finds nothing, by [`own_main_content`], a smaller
//!   scorer of our own. A web page is one article: a byline, the title, then the content's
//!   headings, paragraphs, pull quotes and footnotes.
//! - **Issues in our own markup**, marked by `<meta name="dimensies:series">` (or `:number`,
//!   `:year`, `:month`, `:title`): every `<article>` is an article, classes `label`,
//!   `standfirst`, `byline`, `subtitle` give the header parts.
//!
//! In both, a `<blockquote>` with a `<cite>` (or a `<figure>` with a `<figcaption>`) is a pull
//! quote with its speaker; a list of notes (`<ol class="footnotes">`, items with back links)
//! gives footnotes numbered from `start` and `value`; `<sup>` markers are glued to their word
//! ("regio<sup>6</sup>" → "regio6") as printed footnote markers are; an `<aside>` and what it
//! holds (a "Nieuwsbrief" box) is not part of the article.
//!
//! Metadata comes from what the page states: JSON-LD (`Article`, `NewsArticle`, ...:
//! `headline`, `author`, `datePublished`), `OpenGraph` and `article:*` meta, `<time datetime>`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use regex::Regex;
use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use tracing::{debug, warn};

use super::{
    IssueMetadata, LineRole, SourceDocument, SourceLine, clean_line, metadata_from_name,
    stated_metadata,
};
use crate::model::SourceFormat;

/// Which main-content finder reads web pages. `DIMENSIES_HTML_READER=own` selects our own
/// scorer, to measure the two against each other (see `BENCHMARKS.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MainContentReader {
    /// Readability's algorithm (`dom_smoothie`), our own scorer when it finds nothing.
    Readability,
    /// Our own scorer alone.
    Own,
}

fn main_content_reader() -> MainContentReader {
    match std::env::var("DIMENSIES_HTML_READER").as_deref() {
        Ok("own") => MainContentReader::Own,
        _ => MainContentReader::Readability,
    }
}

/// Reads an HTML page into lines with roles, with the metadata the page states.
pub fn read_html(label: &str, html: &str) -> SourceDocument {
    let page = Html::parse_document(html);
    let facts = page_facts(&page);
    let mut lines = if facts.issue_markup {
        issue_markup_lines(&page)
    } else {
        web_page_lines(label, html, &page, &facts, main_content_reader())
    };
    if lines.iter().all(|line| line.text.is_empty()) {
        // Article breaks alone: the page holds no text.
        lines.clear();
    }
    let stated_in_text = stated_metadata(lines.iter().map(|line| line.text.as_str()));
    let mut metadata = facts.issue_metadata().or(stated_in_text);
    if !facts.issue_markup {
        // A web page is one article of its site: the site is the series, the article titles
        // the issue.
        metadata.series = metadata.series.or_else(|| facts.site_name.clone());
        metadata.title = metadata.title.or_else(|| {
            lines
                .iter()
                .find(|line| line.role == LineRole::Title)
                .map(|line| line.text.clone())
        });
    }
    SourceDocument {
        path: label.to_string(),
        format: SourceFormat::Html,
        metadata: metadata.or(metadata_from_name(label)),
        lines,
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector is valid")
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));
static BYLINE_ELEMENT: LazyLock<Selector> = LazyLock::new(|| {
    selector(r#"[rel="author"], [itemprop="author"], .byline, .author, .author-name"#)
});

/// What a page states about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct PageFacts {
    /// The page carries `dimensies:*` meta: our own issue markup.
    issue_markup: bool,
    /// Metadata from `dimensies:*` meta.
    stated: IssueMetadata,
    /// `headline` of the JSON-LD article.
    headline: Option<String>,
    /// Authors of the JSON-LD article.
    authors: Vec<String>,
    /// `og:title`.
    og_title: Option<String>,
    /// `og:site_name`: the publication, the series of a web page.
    site_name: Option<String>,
    /// `<meta name="author">` (or `article:author` when it is a name, not a link).
    meta_author: Option<String>,
    /// Publication date as stated (ISO 8601 as a rule).
    published: Option<String>,
}

impl PageFacts {
    fn issue_metadata(&self) -> IssueMetadata {
        let (year, month) = self
            .published
            .as_deref()
            .and_then(year_month)
            .map_or((None, None), |(year, month)| (Some(year), Some(month)));
        self.stated.clone().or(IssueMetadata {
            year,
            month,
            ..IssueMetadata::default()
        })
    }
}

/// Returns year and month of a date written `2016-10-05` (the start of ISO 8601).
fn year_month(date: &str) -> Option<(i32, u32)> {
    static ISO_DATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(\d{4})-(\d{2})").expect("static regex is valid"));
    let captures = ISO_DATE.captures(date)?;
    let year: i32 = captures[1].parse().ok()?;
    let month: u32 = captures[2].parse().ok()?;
    ((1900..2100).contains(&year) && (1..=12).contains(&month)).then_some((year, month))
}

fn element_text(element: ElementRef<'_>) -> String {
    crate::text::squash_whitespace(&clean_line(&element.text().collect::<String>()))
}

fn non_empty(text: &str) -> Option<String> {
    let text = crate::text::squash_whitespace(&clean_line(text));
    (!text.is_empty()).then_some(text)
}

fn page_facts(page: &Html) -> PageFacts {
    let mut facts = PageFacts::default();
    for meta in page.select(&META) {
        let value = meta.value();
        let key = value
            .attr("name")
            .or_else(|| value.attr("property"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(content) = value.attr("content").and_then(non_empty) else {
            continue;
        };
        if let Some(field) = key.strip_prefix("dimensies:") {
            facts.issue_markup = true;
            match field {
                "series" => facts.stated.series = Some(content),
                "number" => facts.stated.number = content.parse().ok(),
                "year" => facts.stated.year = content.parse().ok(),
                "month" => facts.stated.month = content.parse().ok(),
                "title" => facts.stated.title = Some(content),
                _ => {}
            }
            continue;
        }
        match key.as_str() {
            "og:title" => {
                facts.og_title.get_or_insert(content);
            }
            "og:site_name" | "application-name" => {
                facts.site_name.get_or_insert(content);
            }
            "author" | "article:author" | "dc.creator" | "parsely-author"
                if !content.contains("://") =>
            {
                facts.meta_author.get_or_insert(content);
            }
            "article:published_time"
            | "date"
            | "dc.date"
            | "dc.date.issued"
            | "parsely-pub-date" => {
                facts.published.get_or_insert(content);
            }
            _ => {}
        }
    }
    for script in page.select(&JSON_LD) {
        let raw: String = script.text().collect();
        let Some(article) = json_ld_article(&raw) else {
            continue;
        };
        if facts.headline.is_none() {
            facts.headline = article.headline;
        }
        if facts.authors.is_empty() {
            facts.authors = article.authors;
        }
        if let Some(published) = article.published {
            // The JSON-LD date comes first: meta tags are more often the site's defaults.
            facts.published = Some(published);
        }
    }
    if facts.published.is_none() {
        facts.published = page
            .select(&TIME)
            .find_map(|time| time.value().attr("datetime").and_then(non_empty));
    }
    facts
}

/// The article described by a page's JSON-LD.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct JsonLdArticle {
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
}

/// The `@type`s that describe an article (schema.org's `Article` and its common subtypes).
const ARTICLE_TYPES: [&str; 10] = [
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ScholarlyArticle",
    "TechArticle",
    "Report",
    "SocialMediaPosting",
];

/// Finds the first article in a JSON-LD script (an object, an array, or a `@graph`).
fn json_ld_article(raw: &str) -> Option<JsonLdArticle> {
    let trimmed = raw
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    let value: Value = match serde_json::from_str(trimmed) {
        Ok(value) => value,
        Err(error) => {
            debug!(%error, "JSON-LD that is not valid JSON is ignored");
            return None;
        }
    };
    let mut pending = vec![&value];
    while let Some(node) = pending.pop() {
        match node {
            Value::Array(items) => pending.extend(items.iter().rev()),
            Value::Object(object) => {
                if let Some(graph) = object.get("@graph") {
                    pending.push(graph);
                }
                let is_article = match object.get("@type") {
                    Some(Value::String(kind)) => ARTICLE_TYPES.contains(&kind.as_str()),
                    Some(Value::Array(kinds)) => kinds
                        .iter()
                        .filter_map(Value::as_str)
                        .any(|kind| ARTICLE_TYPES.contains(&kind)),
                    _ => false,
                };
                if is_article {
                    let text =
                        |key: &str| object.get(key).and_then(Value::as_str).and_then(non_empty);
                    return Some(JsonLdArticle {
                        headline: text("headline").or_else(|| text("name")),
                        authors: object.get("author").map(json_ld_names).unwrap_or_default(),
                        published: text("datePublished"),
                    });
                }
            }
            _ => {}
        }
    }
    None
}

/// Names in a JSON-LD `author`: a string, a `Person` with a `name`, or a list of them.
fn json_ld_names(value: &Value) -> Vec<String> {
    match value {
        Value::String(name) => non_empty(name).into_iter().collect(),
        Value::Object(object) => object
            .get("name")
            .and_then(Value::as_str)
            .and_then(non_empty)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().flat_map(json_ld_names).collect(),
        _ => Vec::new(),
    }
}

static BYLINE_CUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s+(?:[|•·—–-]|and|&|en|und|et|y|e|updated|published|posted|gepubliceerd|bijgewerkt)\s+|[,;/|()\d\n]|\s+(?:on|op|am|le)\s+\d|\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:maan|dins|woens|donder|vrij|zater|zon)dag|january|february|march|april|june|july|august|september|october|november|december|januari|februari|maart|mei|juni|juli|augustus|oktober)\b",
    )
    .expect("static regex is valid")
});
static BYLINE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:written|posted|tekst|text|interview|door|by|von|par|por)\b\s*:?\s*)+")
        .expect("static regex is valid")
});

/// Returns the first author's name from a byline as printed ("By Jane Doe and John Roe |
/// 3 March 2015" → "Jane Doe"), or `None` when it holds no name (a link, a date).
fn first_author(byline: &str) -> Option<String> {
    let byline = crate::text::squash_whitespace(&clean_line(byline));
    if byline.contains("://") {
        return None;
    }
    let without_prefix = BYLINE_PREFIX.replace(&byline, "");
    let name = BYLINE_CUT
        .split(&without_prefix)
        .map(|part| part.trim_matches(|ch: char| !ch.is_alphanumeric()))
        .find(|part| !part.is_empty())?;
    let words = name.split_whitespace().count();
    let letters = name.chars().filter(|ch| ch.is_alphabetic()).count();
    (words <= 6 && letters >= 2 && name.chars().count() <= 60).then(|| name.to_string())
}

/// The main content found by Readability's algorithm, with its title and byline.
struct Readable {
    title: String,
    byline: Option<String>,
    content: String,
}

/// Runs `dom_smoothie` on the page; its panics and failures become `None` (and a warning).
fn readability_content(label: &str, html: &str) -> Option<Readable> {
    let config = dom_smoothie::Config {
        // Classes tell footnote lists from other lists.
        keep_classes: true,
        ..dom_smoothie::Config::default()
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut readability = dom_smoothie::Readability::new(html, None, Some(config))?;
        readability.parse()
    }));
    match outcome {
        Ok(Ok(article)) => Some(Readable {
            title: article.title,
            byline: article.byline,
            content: article.content.to_string(),
        }),
        Ok(Err(error)) => {
            debug!(file = label, %error, "readability found no main content");
            None
        }
        Err(_) => {
            warn!(
                file = label,
                "readability panicked on the page; using our own reader"
            );
            None
        }
    }
}

/// Readability's scoring walks the ancestors of every paragraph: its time grows with the
/// square of the nesting depth (20 000 nested `<div>`s take 15 s). Real pages nest a few dozen
/// levels; deeper ones are read by our own scorer.
const MAX_READABILITY_DEPTH: usize = 1_000;

/// Returns how deep the page's elements nest.
fn nesting_depth(page: &Html) -> usize {
    let mut depth: usize = 0;
    let mut deepest = 0;
    for edge in page.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ego_tree::iter::Edge::Close(_) => depth = depth.saturating_sub(1),
        }
    }
    deepest
}

/// Text shorter than this is no article: the page's own reader is asked instead.
const MIN_CONTENT_CHARS: usize = 140;

fn web_page_lines(
    label: &str,
    html: &str,
    page: &Html,
    facts: &PageFacts,
    reader: MainContentReader,
) -> Vec<SourceLine> {
    let depth = nesting_depth(page);
    let readable = match reader {
        MainContentReader::Readability if depth <= MAX_READABILITY_DEPTH => {
            readability_content(label, html)
        }
        MainContentReader::Readability => {
            warn!(
                file = label,
                depth, "the page nests its elements too deep for readability; using our own reader"
            );
            None
        }
        MainContentReader::Own => None,
    };
    let heading = page
        .select(&H1)
        .map(element_text)
        .find(|text| !text.is_empty());
    let page_title = page
        .select(&TITLE)
        .map(element_text)
        .find(|text| !text.is_empty());
    let title = readable
        .as_ref()
        .and_then(|readable| non_empty(&readable.title))
        .or_else(|| facts.headline.clone())
        .or_else(|| facts.og_title.clone())
        .or(heading)
        .or(page_title);
    let byline_element = || {
        page.select(&BYLINE_ELEMENT)
            .map(element_text)
            .find_map(|text| first_author(&text))
    };
    let author = readable
        .as_ref()
        .and_then(|readable| readable.byline.as_deref())
        .and_then(first_author)
        .or_else(|| facts.authors.iter().find_map(|name| first_author(name)))
        .or_else(|| facts.meta_author.as_deref().and_then(first_author))
        .or_else(byline_element);

    let mut lines = Lines::default();
    lines.push(LineRole::ArticleBreak, String::new());
    if let Some(author) = author {
        lines.push(LineRole::Byline, author);
    }
    if let Some(title) = &title {
        lines.push(LineRole::Title, title.clone());
    }
    let header_lines = lines.lines.len();
    let mut context = Context {
        mode: Mode::WebPage,
        skip_boilerplate: false,
        depth: std::cell::Cell::new(0),
        title: title.as_deref().map(crate::text::fold_key),
    };
    if let Some(readable) = &readable {
        let fragment = Html::parse_fragment(&readable.content);
        read_blocks(fragment.root_element(), &mut lines, &context);
    }
    let content_chars: usize = lines.lines[header_lines..]
        .iter()
        .map(|line| line.text.chars().count())
        .sum();
    if content_chars < MIN_CONTENT_CHARS {
        lines.lines.truncate(header_lines);
        context.skip_boilerplate = true;
        if let Some(content) = own_main_content(page) {
            read_blocks(content, &mut lines, &context);
        }
    }
    lines.lines
}

/// Reads a page in our own issue markup: every `<article>` starts an article.
fn issue_markup_lines(page: &Html) -> Vec<SourceLine> {
    let mut lines = Lines::default();
    let context = Context {
        mode: Mode::IssueMarkup,
        skip_boilerplate: false,
        depth: std::cell::Cell::new(0),
        title: None,
    };
    if let Some(body) = page.select(&BODY).next() {
        read_blocks(body, &mut lines, &context);
    }
    lines.lines
}

/// Lines being built, numbered in order.
#[derive(Debug, Default)]
struct Lines {
    lines: Vec<SourceLine>,
}

impl Lines {
    fn push(&mut self, role: LineRole, text: String) {
        if text.is_empty() && role != LineRole::ArticleBreak {
            return;
        }
        self.lines.push(SourceLine {
            number: u32::try_from(self.lines.len() + 1).unwrap_or(u32::MAX),
            page: None,
            text,
            frame_start: true,
            blank_before: true,
            role,
            style: None,
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A web page: one article; headings are subheadings.
    WebPage,
    /// Our own markup: `<article>` starts an article, `<h1>` is its title, classes give roles.
    IssueMarkup,
}

#[derive(Debug, Clone)]
struct Context {
    mode: Mode,
    /// How deep [`read_blocks`] is in the tree.
    depth: std::cell::Cell<usize>,
    /// Leave out blocks whose class or id names boilerplate (our own reader; Readability has
    /// cleaned its content already).
    skip_boilerplate: bool,
    /// The article's title folded, so a heading repeating it is not a subheading.
    title: Option<String>,
}

/// Elements whose content is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "svg"
            | "iframe"
            | "head"
            | "input"
            | "textarea"
    )
}

fn is_hidden(element: ElementRef<'_>) -> bool {
    let value = element.value();
    value.attr("hidden").is_some()
        || value.attr("aria-hidden") == Some("true")
        || value.attr("style").is_some_and(|style| {
            let style: String = style.chars().filter(|ch| !ch.is_whitespace()).collect();
            style.contains("display:none") || style.contains("visibility:hidden")
        })
}

/// Elements that break the flow of text into blocks.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "ul"
            | "summary"
    )
}

fn has_class(element: ElementRef<'_>, wanted: &str) -> bool {
    element.value().classes().any(|class| class == wanted)
}

/// The role our own markup gives an element by its class.
fn class_role(element: ElementRef<'_>) -> Option<LineRole> {
    if has_class(element, "label") {
        Some(LineRole::Label)
    } else if has_class(element, "standfirst") || has_class(element, "lead") {
        Some(LineRole::Standfirst)
    } else if has_class(element, "byline") || has_class(element, "author") {
        Some(LineRole::Byline)
    } else if has_class(element, "subtitle") {
        Some(LineRole::Subtitle)
    } else {
        None
    }
}

/// How deep the readers below walk the tree; deeper content is read as flat text, so a page
/// nested thousands of levels deep cannot exhaust the stack.
const MAX_WALK_DEPTH: usize = 400;

/// Reads the blocks of `element` into lines.
fn read_blocks(element: ElementRef<'_>, lines: &mut Lines, context: &Context) {
    let name = element.value().name();
    if is_skipped(name) || is_hidden(element) {
        return;
    }
    if context.depth.get() >= MAX_WALK_DEPTH {
        lines.push(LineRole::Paragraph, element_text(element));
        return;
    }
    context.depth.set(context.depth.get() + 1);
    read_element_blocks(element, lines, context);
    context.depth.set(context.depth.get().saturating_sub(1));
}

fn read_element_blocks(element: ElementRef<'_>, lines: &mut Lines, context: &Context) {
    let name = element.value().name();
    if context.skip_boilerplate && is_boilerplate(element) {
        return;
    }
    if context.mode == Mode::IssueMarkup {
        if name == "article" {
            lines.push(LineRole::ArticleBreak, String::new());
            read_mixed(element, lines, context, LineRole::Paragraph);
            return;
        }
        if let Some(role) = class_role(element) {
            lines.push(role, inline_text(element, &|_| false));
            return;
        }
    }
    match name {
        "h1" if context.mode == Mode::IssueMarkup => {
            lines.push(LineRole::Title, inline_text(element, &|_| false));
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let text = inline_text(element, &|_| false);
            let repeats_title = context
                .title
                .as_ref()
                .is_some_and(|title| *title == crate::text::fold_key(&text));
            if repeats_title {
                return;
            }
            // Sites set a lead or a photo caption in a heading: a sentence is no subheading.
            let role = if reads_as_sentences(&text) {
                LineRole::Paragraph
            } else {
                LineRole::Subheading
            };
            lines.push(role, text);
        }
        "p" | "pre" | "dt" | "dd" | "figcaption" | "caption" | "address" | "summary" => {
            read_mixed(element, lines, context, LineRole::Paragraph);
        }
        "blockquote" => read_blockquote(element, None, lines, context),
        "figure" => read_figure(element, lines, context),
        "ol" | "ul" if is_note_list(element) => read_notes(element, lines),
        "hr" | "br" | "img" => {}
        _ => read_mixed(element, lines, context, LineRole::Paragraph),
    }
}

/// Returns whether a heading's text is running prose: long, or a whole sentence of some length.
fn reads_as_sentences(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words > 16 || (words > 8 && text.trim_end_matches(['”', '’', '"', ')']).ends_with('.'))
}

/// Reads an element holding both inline text and blocks: each run of inline text between blocks
/// (or between two `<br>`s in a row) becomes a line of `role`.
fn read_mixed(element: ElementRef<'_>, lines: &mut Lines, context: &Context, role: LineRole) {
    let mut run = InlineText::default();
    for child in element.children() {
        match child.value() {
            Node::Text(text) => run.push_text(text),
            Node::Element(child_element) => {
                let Some(child_ref) = ElementRef::wrap(child) else {
                    continue;
                };
                let child_name = child_element.name();
                if child_name == "br" {
                    if run.after_break {
                        lines.push(role, run.take());
                    } else {
                        run.push_break();
                    }
                } else if is_block(child_name) {
                    lines.push(role, run.take());
                    read_blocks(child_ref, lines, context);
                } else if !is_skipped(child_name) && !is_hidden(child_ref) {
                    run.push_inline(child_ref, &|_| false);
                }
            }
            _ => {}
        }
    }
    lines.push(role, run.take());
}

/// Inline text being gathered into one line.
#[derive(Debug, Default)]
struct InlineText {
    text: String,
    after_break: bool,
    /// How deep [`InlineText::push_inline`] is in the tree.
    depth: usize,
}

impl InlineText {
    fn push_text(&mut self, text: &str) {
        if !text.trim().is_empty() {
            self.after_break = false;
        }
        self.text.push_str(text);
    }

    fn push_break(&mut self) {
        self.text.push(' ');
        self.after_break = true;
    }

    /// Appends the text of an inline element; `skip` leaves out elements (a quote's `<cite>`).
    fn push_inline(&mut self, element: ElementRef<'_>, skip: &dyn Fn(ElementRef<'_>) -> bool) {
        let name = element.value().name();
        if skip(element) || is_skipped(name) || is_hidden(element) {
            return;
        }
        if self.depth >= MAX_WALK_DEPTH {
            self.push_text(&element.text().collect::<String>());
            return;
        }
        if name == "sup"
            && let Some(marker) = footnote_marker(element)
        {
            // Printed markers are glued to their word: "regio6".
            let kept = self.text.trim_end().len();
            self.text.truncate(kept);
            self.text.push_str(&marker);
            self.after_break = false;
            return;
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.push_text(text),
                Node::Element(child_element) => {
                    if child_element.name() == "br" {
                        self.push_break();
                    } else if let Some(child_ref) = ElementRef::wrap(child) {
                        if is_block(child_element.name()) {
                            self.text.push(' ');
                        }
                        self.depth += 1;
                        self.push_inline(child_ref, skip);
                        self.depth -= 1;
                        if is_block(child_element.name()) {
                            self.text.push(' ');
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn take(&mut self) -> String {
        let text = crate::text::squash_whitespace(&clean_line(&self.text));
        self.text.clear();
        self.after_break = false;
        text
    }
}

/// The inline text of an element on one line.
fn inline_text(element: ElementRef<'_>, skip: &dyn Fn(ElementRef<'_>) -> bool) -> String {
    let mut run = InlineText::default();
    run.push_inline(element, skip);
    run.take()
}

/// The number of a `<sup>` footnote marker ("6", "[6]"), if it is one.
fn footnote_marker(sup: ElementRef<'_>) -> Option<String> {
    let text = element_text(sup);
    let digits = text.trim_matches(|ch: char| matches!(ch, '[' | ']' | '(' | ')' | ' '));
    (!digits.is_empty() && digits.len() <= 3 && digits.chars().all(|ch| ch.is_ascii_digit()))
        .then(|| digits.to_string())
}

static CITE: LazyLock<Selector> = LazyLock::new(|| selector("cite, footer"));

/// A display quote is a sentence or three; a longer quote with a source is a quoted passage.
const PULL_QUOTE_MAX_WORDS: usize = 60;

/// A `<blockquote>` with a `<cite>` (or a caption from its `<figure>`) is a pull quote with its
/// speaker; one without is running text (a quoted passage).
fn read_blockquote(
    quote: ElementRef<'_>,
    caption: Option<ElementRef<'_>>,
    lines: &mut Lines,
    context: &Context,
) {
    let cite = caption.or_else(|| quote.select(&CITE).next());
    let speaker = cite.map(element_text).and_then(|text| speaker_of(&text));
    // In our own markup every block quote is a pull quote; on a web page one without an
    // attribution, or longer than a display quote runs, is a quoted passage of the running text.
    let cite_id = cite.map(|cite| cite.id());
    let text = inline_text(quote, &|element| Some(element.id()) == cite_id);
    let passage = speaker.is_none() || text.split_whitespace().count() > PULL_QUOTE_MAX_WORDS;
    if passage && context.mode == Mode::WebPage {
        read_mixed(quote, lines, context, LineRole::Paragraph);
        return;
    }
    if text.is_empty() {
        return;
    }
    if let Some((name, role)) = speaker {
        let caption = match role {
            Some(role) => format!("{name}, {role}"),
            None => name,
        };
        lines.push(LineRole::Caption, caption);
    }
    lines.push(LineRole::PullQuote, text);
}

/// A `<figure>` holding a `<blockquote>` and a `<figcaption>` is a pull quote; other figures
/// give their captions as text.
fn read_figure(figure: ElementRef<'_>, lines: &mut Lines, context: &Context) {
    let children: Vec<ElementRef<'_>> = figure.children().filter_map(ElementRef::wrap).collect();
    let quote = children
        .iter()
        .find(|child| child.value().name() == "blockquote");
    let caption = children
        .iter()
        .find(|child| child.value().name() == "figcaption");
    match (quote, caption) {
        (Some(quote), Some(caption)) => read_blockquote(*quote, Some(*caption), lines, context),
        _ => read_mixed(figure, lines, context, LineRole::Paragraph),
    }
}

/// Splits a quote's attribution ("— Jan Jansen, projectleider bij KW1C") into name and role.
fn speaker_of(cite: &str) -> Option<(String, Option<String>)> {
    let cite = cite.trim_start_matches(['—', '–', '-', '~', ' ']);
    let (name, role) = match cite.split_once(',') {
        Some((name, role)) => (name.trim(), non_empty(role)),
        None => (cite.trim(), None),
    };
    let words = name.split_whitespace().count();
    let has_letters = name.chars().any(char::is_alphabetic);
    (has_letters && (1..=6).contains(&words)).then(|| (name.to_string(), role))
}

static NOTE_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)footnote|endnote|voetnot|eindnot|\bnot(?:e|en)s?\b|references|reflist")
        .expect("static regex is valid")
});
static NOTE_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:fn|note|noot|cite_note|footnote|endnote)[-_:]?\d")
        .expect("static regex is valid")
});
static ANCHOR: LazyLock<Selector> = LazyLock::new(|| selector("a[href]"));

fn names_a_note_list(element: ElementRef<'_>) -> bool {
    let value = element.value();
    value.classes().any(|class| NOTE_CLASS.is_match(class))
        || value.id().is_some_and(|id| NOTE_CLASS.is_match(id))
}

/// Returns whether an anchor links back from a note to its marker ("↩", "^").
fn is_back_link(anchor: ElementRef<'_>) -> bool {
    let href = anchor.value().attr("href").unwrap_or_default();
    let text = element_text(anchor);
    href.starts_with('#')
        && (text.is_empty()
            || text
                .chars()
                .all(|ch| matches!(ch, '↩' | '↑' | '^' | '⤴' | '↵' | '\u{fe0e}' | ' ')))
}

/// Returns whether a list is a list of notes: so named (by itself or its container), or its
/// items are note anchors or link back to their markers.
fn is_note_list(list: ElementRef<'_>) -> bool {
    let named = names_a_note_list(list)
        || list
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take(3)
            .any(names_a_note_list);
    if named {
        return true;
    }
    let items: Vec<ElementRef<'_>> = list
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|child| child.value().name() == "li")
        .collect();
    !items.is_empty()
        && items.iter().all(|item| {
            item.value().id().is_some_and(|id| NOTE_ID.is_match(id))
                || item.select(&ANCHOR).any(is_back_link)
        })
}

/// Reads a list of notes: each item is a footnote numbered from the list's `start` (or the
/// item's own `value`), its links' URLs added to its text.
fn read_notes(list: ElementRef<'_>, lines: &mut Lines) {
    let mut number: u32 = list
        .value()
        .attr("start")
        .and_then(|start| start.trim().parse().ok())
        .unwrap_or(1);
    for item in list.children().filter_map(ElementRef::wrap) {
        if item.value().name() != "li" {
            continue;
        }
        if let Some(value) = item
            .value()
            .attr("value")
            .and_then(|value| value.trim().parse().ok())
        {
            number = value;
        }
        let mut text = inline_text(item, &|element| {
            element.value().name() == "a" && is_back_link(element)
        });
        for anchor in item.select(&ANCHOR) {
            let href = anchor.value().attr("href").unwrap_or_default().trim();
            let is_web_link = href.starts_with("http://") || href.starts_with("https://");
            if is_web_link && !text.contains(href) {
                text.push(' ');
                text.push_str(href);
            }
        }
        if !text.is_empty() {
            lines.push(LineRole::Footnote, format!("{number}  {text}"));
        }
        number = number.saturating_add(1);
    }
}

static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)comment|disqus|respon[sd]|reacti|footer|masthead|header|menu|\bnav|breadcrumb|sidebar|share|sharing|social|related|recommend|promo|newsletter|nieuwsbrief|subscribe|cookie|consent|gdpr|banner|advert|sponsor|\bads?\b|-ad-|popup|modal|pagination|pager|widget|tag-?cloud|author-?bio|byline",
    )
    .expect("static regex is valid")
});
static CONTENT_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)article|content|entry|post|story|body|main|text|tekst")
        .expect("static regex is valid")
});
static SCORED_BLOCKS: LazyLock<Selector> = LazyLock::new(|| selector("p, pre, td, blockquote"));

fn is_boilerplate(element: ElementRef<'_>) -> bool {
    let value = element.value();
    if matches!(value.name(), "nav" | "aside" | "footer" | "header" | "form") {
        return true;
    }
    if matches!(value.name(), "body" | "html" | "main" | "article") {
        return false;
    }
    let names: String = value
        .classes()
        .chain(value.id())
        .collect::<Vec<_>>()
        .join(" ");
    BOILERPLATE.is_match(&names) && !CONTENT_HINT.is_match(&names)
}

fn text_chars(element: ElementRef<'_>) -> usize {
    element
        .text()
        .map(|text| text.split_whitespace().map(str::len).sum::<usize>())
        .sum()
}

static LINKS: LazyLock<Selector> = LazyLock::new(|| selector("a"));

fn link_density(element: ElementRef<'_>) -> f64 {
    let total = text_chars(element);
    if total == 0 {
        return 1.0;
    }
    let linked: usize = element.select(&LINKS).map(text_chars).sum();
    linked as f64 / total as f64
}

/// Our own main-content finder: each paragraph scores its parent (and half its grandparent) by
/// its length and commas; the element with the best score, discounted by its share of link text,
/// holds the article. Paragraphs inside boilerplate (navigation, comments, related links, share
/// buttons, newsletter boxes) do not count.
fn own_main_content(page: &Html) -> Option<ElementRef<'_>> {
    let mut scores = std::collections::HashMap::new();
    let mut add = |element: ElementRef<'_>, score: f64| {
        *scores.entry(element.id()).or_insert(0.0) += score;
    };
    for block in page.select(&SCORED_BLOCKS) {
        let in_boilerplate = std::iter::once(block)
            .chain(block.ancestors().filter_map(ElementRef::wrap))
            .any(|element| is_boilerplate(element) || is_hidden(element));
        if in_boilerplate {
            continue;
        }
        let text = element_text(block);
        let length = text.chars().count();
        if length < 25 {
            continue;
        }
        let commas = text.matches([',', '，']).count();
        let score = 1.0 + commas as f64 + (length as f64 / 100.0).min(3.0);
        let mut ancestors = block.ancestors().filter_map(ElementRef::wrap);
        if let Some(parent) = ancestors.next() {
            add(parent, score);
        }
        if let Some(grandparent) = ancestors.next() {
            add(grandparent, score / 2.0);
        }
    }
    let best = scores
        .iter()
        .filter_map(|(id, score)| {
            let element = ElementRef::wrap(page.tree.get(*id)?)?;
            Some((element, score * (1.0 - link_density(element))))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    debug!(
        element = best.0.value().name(),
        score = best.1,
        "own reader chose the main content"
    );
    Some(best.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(document: &SourceDocument) -> Vec<(LineRole, &str)> {
        document
            .lines
            .iter()
            .map(|line| (line.role, line.text.as_str()))
            .collect()
    }

    #[test]
    fn issue_markup_elements_become_lines_with_roles() {
        let html = r#"<html><head><meta name="dimensies:number" content="33"></head><body><article>
            <div class="label">HET MOMENT</div><h1>Elkaar vinden</h1>
            <p>De regio is een <em>ding</em>.</p><h2>Muziekje erbij</h2>
            <aside><h2>Nieuwsbrief</h2><p>Schrijf je in.</p></aside>
            <blockquote>“Hoe breng je de leerling verder?”</blockquote>
            <ol class="footnotes"><li>Zie ook Dimensies 32, maart 2018.</li></ol></article></body></html>"#;
        let document = read_html("regio.html", html);
        assert_eq!(
            roles(&document),
            [
                (LineRole::ArticleBreak, ""),
                (LineRole::Label, "HET MOMENT"),
                (LineRole::Title, "Elkaar vinden"),
                (LineRole::Paragraph, "De regio is een ding."),
                (LineRole::Subheading, "Muziekje erbij"),
                (LineRole::PullQuote, "“Hoe breng je de leerling verder?”"),
                (LineRole::Footnote, "1  Zie ook Dimensies 32, maart 2018."),
            ]
        );
        assert_eq!(document.metadata.number, Some(33));
    }

    const WEB_PAGE: &str = r##"<!DOCTYPE html><html lang="nl"><head>
        <title>Stages in de zorg | Het Vakblad</title>
        <meta property="og:title" content="Stages in de zorg">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","name":"Het Vakblad"},
          {"@type":"NewsArticle","headline":"Stages in de zorg","datePublished":"2023-02-03T09:00:00+01:00",
           "author":[{"@type":"Person","name":"Petra de Wit"},{"@type":"Person","name":"Karim Bouali"}]}]}</script>
        </head><body>
        <header><nav><ul><li><a href="/">Voorpagina</a></li><li><a href="/archief">Archief</a></li></ul></nav></header>
        <div class="cookie-banner"><p>Wij gebruiken koekjes om deze website te verbeteren, accepteer ze alstublieft.</p></div>
        <main><article>
          <h1>Stages in de zorg</h1>
          <p class="byline">Door Petra de Wit en Karim Bouali</p>
          <p>Studenten in de zorg lopen vaker stage dan ooit, blijkt uit nieuw onderzoek van de hogeschool.
             Dat is goed nieuws voor de ziekenhuizen in de regio, die al jaren personeel zoeken.<sup><a href="#fn6">6</a></sup></p>
          <p>Het onderzoek volgde driehonderd studenten gedurende twee jaar, op vijf verschillende opleidingen,
             van verpleegkunde tot doktersassistent, in drie provincies.</p>
          <h2>Begeleiding telt</h2>
          <p>Wie goed begeleid wordt, maakt de opleiding vaker af, zo laten de cijfers zien, ook bij de kleinere instellingen.</p>
          <blockquote><p>“Een goede stagebegeleider maakt het verschil tussen stoppen en doorgaan.”</p>
            <cite>Anouk Smit, praktijkopleider</cite></blockquote>
          <aside class="newsletter"><h3>Nieuwsbrief</h3><p>Elke week het laatste nieuws in je mailbox, meld je nu aan.</p></aside>
          <p>De hogeschool wil de begeleiding nu verder uitbreiden, met extra uren voor de begeleiders op de werkvloer.</p>
          <ol class="footnotes"><li value="6" id="fn6">Zie het <a href="https://example.org/rapport-stages.pdf">rapport</a> van de hogeschool. <a href="#ref6">↩</a></li></ol>
        </article></main>
        <section class="comments"><h2>Reacties</h2><p>Wat een mooi artikel, dank voor het delen hiervan met ons allemaal!</p></section>
        <footer><p>Copyright Het Vakblad, alle rechten voorbehouden, lees ook onze privacyverklaring.</p></footer>
        </body></html>"##;

    fn texts_of(document: &SourceDocument, role: LineRole) -> Vec<&str> {
        document
            .lines
            .iter()
            .filter(|line| line.role == role)
            .map(|line| line.text.as_str())
            .collect()
    }

    fn assert_reads_the_web_page(document: &SourceDocument) {
        assert_eq!(texts_of(document, LineRole::Title), ["Stages in de zorg"]);
        assert_eq!(texts_of(document, LineRole::Byline), ["Petra de Wit"]);
        assert_eq!(
            texts_of(document, LineRole::Subheading),
            ["Begeleiding telt"]
        );
        assert_eq!(
            texts_of(document, LineRole::Caption),
            ["Anouk Smit, praktijkopleider"]
        );
        assert_eq!(
            texts_of(document, LineRole::PullQuote),
            ["“Een goede stagebegeleider maakt het verschil tussen stoppen en doorgaan.”"]
        );
        assert_eq!(
            texts_of(document, LineRole::Footnote),
            ["6  Zie het rapport van de hogeschool. https://example.org/rapport-stages.pdf"]
        );
        let paragraphs = texts_of(document, LineRole::Paragraph);
        assert_eq!(paragraphs.len(), 4, "{paragraphs:?}");
        assert!(
            paragraphs[0].ends_with("personeel zoeken.6"),
            "{paragraphs:?}"
        );
        let all_text: String = document
            .lines
            .iter()
            .map(|line| line.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for boilerplate in [
            "Voorpagina",
            "koekjes",
            "Nieuwsbrief",
            "mailbox",
            "Reacties",
            "Copyright",
        ] {
            assert!(
                !all_text.contains(boilerplate),
                "{boilerplate} in {all_text}"
            );
        }
        let articles = document
            .lines
            .iter()
            .filter(|line| line.role == LineRole::ArticleBreak)
            .count();
        assert_eq!(articles, 1);
    }

    #[test]
    fn a_web_page_is_one_article_without_its_boilerplate() {
        let document = read_html("vakblad.html", WEB_PAGE);
        assert_reads_the_web_page(&document);
        assert_eq!(
            (document.metadata.year, document.metadata.month),
            (Some(2023), Some(2))
        );
    }

    #[test]
    fn our_own_reader_finds_the_same_article() {
        let page = Html::parse_document(WEB_PAGE);
        let facts = page_facts(&page);
        let lines = web_page_lines(
            "vakblad.html",
            WEB_PAGE,
            &page,
            &facts,
            MainContentReader::Own,
        );
        let document = SourceDocument {
            path: "vakblad.html".to_string(),
            format: SourceFormat::Html,
            metadata: IssueMetadata::default(),
            lines,
        };
        assert_reads_the_web_page(&document);
    }

    #[test]
    fn a_heading_that_is_a_sentence_is_a_paragraph() {
        let lines = content_lines(
            "<h2>Wat nu?</h2><h2>De moeder van een studente vertelt hoe haar dochter de opleiding bijna opgaf.</h2>",
        );
        assert_eq!(
            lines,
            [
                (LineRole::Subheading, "Wat nu?".to_string()),
                (
                    LineRole::Paragraph,
                    "De moeder van een studente vertelt hoe haar dochter de opleiding bijna opgaf."
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_page_nested_too_deep_is_read_by_our_own_scorer_in_good_time() {
        let depth = 1_500;
        let html = format!(
            "<html><head><title>Diep</title></head><body>{}<p>{}</p>{}</body></html>",
            "<div>".repeat(depth),
            "Een alinea diep in de pagina, met een komma en nog wat tekst erachter. ".repeat(4),
            "</div>".repeat(depth)
        );
        assert!(nesting_depth(&Html::parse_document(&html)) > depth);
        let started = std::time::Instant::now();
        let document = read_html("diep.html", &html);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        assert_eq!(texts_of(&document, LineRole::Paragraph).len(), 1);
    }

    #[test]
    fn json_ld_gives_headline_authors_and_date() {
        let article = json_ld_article(
            r#"[{"@type":"Organization","name":"ecbo"},{"@type":["BlogPosting"],"name":"Leren op de werkplek",
               "author":"Jan Jansen","datePublished":"2016-10-01"}]"#,
        );
        assert_eq!(
            article,
            Some(JsonLdArticle {
                headline: Some("Leren op de werkplek".to_string()),
                authors: vec!["Jan Jansen".to_string()],
                published: Some("2016-10-01".to_string()),
            })
        );
        assert_eq!(json_ld_article("{ geen json"), None);
        assert_eq!(year_month("2016-10-01T12:00:00Z"), Some((2016, 10)));
        assert_eq!(year_month("oktober 2016"), None);
    }

    #[test]
    fn bylines_give_the_first_author() {
        assert_eq!(
            first_author("Door Petra de Wit en Karim Bouali").as_deref(),
            Some("Petra de Wit")
        );
        assert_eq!(
            first_author("By Jane Doe | 3 March 2015").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            first_author("Tekst: Anouk Smit, redacteur").as_deref(),
            Some("Anouk Smit")
        );
        assert_eq!(first_author("https://www.facebook.com/vakblad"), None);
        assert_eq!(first_author("12 maart 2021"), None);
        assert_eq!(
            first_author("By Jane Doe\n March 25, 2015").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            first_author("Jan de Vries Monday").as_deref(),
            Some("Jan de Vries")
        );
        assert_eq!(
            first_author("Van Dijk, Mirjam").as_deref(),
            Some("Van Dijk"),
            "a particle opening a name is no byline prefix"
        );
    }

    #[test]
    fn note_lists_number_from_start_and_value() {
        let html = r#"<html><head><meta name="dimensies:series" content="Dimensies"></head><body><article>
            <h1>Noten</h1><p>Tekst met een noot<sup>3</sup> en nog een.</p>
            <ol start="3" class="noten"><li>Eerste noot.</li><li>Tweede noot.</li><li value="9">Negende.</li></ol>
            </article></body></html>"#;
        let document = read_html("noten.html", html);
        assert_eq!(
            texts_of(&document, LineRole::Footnote),
            ["3  Eerste noot.", "4  Tweede noot.", "9  Negende."]
        );
        assert_eq!(
            texts_of(&document, LineRole::Paragraph),
            ["Tekst met een noot3 en nog een."]
        );
    }

    /// Reads a fragment of content as the web-page reader does.
    fn content_lines(fragment: &str) -> Vec<(LineRole, String)> {
        let fragment = Html::parse_fragment(fragment);
        let mut lines = Lines::default();
        let context = Context {
            mode: Mode::WebPage,
            skip_boilerplate: false,
            depth: std::cell::Cell::new(0),
            title: Some(crate::text::fold_key("Citaten")),
        };
        read_blocks(fragment.root_element(), &mut lines, &context);
        lines
            .lines
            .into_iter()
            .map(|line| (line.role, line.text))
            .collect()
    }

    #[test]
    fn on_a_web_page_a_quoted_passage_is_running_text() {
        let long_passage = "De stage is de plek waar studenten het vak leren kennen. ".repeat(6);
        let lines = content_lines(&format!(
            r#"<h2>Citaten</h2><blockquote><p>Een geciteerde passage uit het rapport.</p></blockquote>
            <figure><blockquote>“Samen leren werkt.”</blockquote><figcaption>— Jan Jansen</figcaption></figure>
            <blockquote><p>{long_passage}</p><cite>Onderwijsraad</cite></blockquote>
            <div>Losse tekst<br>op twee regels<br><br>en een nieuwe alinea</div>"#
        ));
        let expected: Vec<(LineRole, String)> = [
            (
                LineRole::Paragraph,
                "Een geciteerde passage uit het rapport.",
            ),
            (LineRole::Caption, "Jan Jansen"),
            (LineRole::PullQuote, "“Samen leren werkt.”"),
            (LineRole::Paragraph, long_passage.trim()),
            (LineRole::Paragraph, "Onderwijsraad"),
            (LineRole::Paragraph, "Losse tekst op twee regels"),
            (LineRole::Paragraph, "en een nieuwe alinea"),
        ]
        .into_iter()
        .map(|(role, text)| (role, text.to_string()))
        .collect();
        assert_eq!(lines, expected);
    }
}
