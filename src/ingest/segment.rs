//! Segment stage: a [`NormalizedDocument`] becomes article drafts, the colophon, the footnote
//! blocks and the standalone link lines.
//!
//! Text extracted from a PDF comes in an imperfect reading order, so the segmenter reads layout
//! the way a person skimming the page would:
//!
//! - runs of capitals are headers (label, title, subtitle, standfirst) or subheadings;
//! - a name on its own line followed by short role lines is a signature (ends an article), a
//!   byline (starts one, when a title follows) or a caption (when a pull quote follows);
//! - a run of very short lines in quote marks is a pull quote, lifted out of the running text;
//! - numbered note blocks and lines holding only a URL are lifted out too;
//! - a header that interrupts a sentence ("... maar eentje" | header | "van snel leren ...") is
//!   the late-printed header of the article being read, not the start of a new one;
//! - the block holding a contributor list ("werkten mee") is the colophon, not an article.
//!
//! Body lines are reflowed into paragraphs: a paragraph ends at a short line that ends a sentence,
//! at a subheading, or where a new text frame starts with a new sentence.

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::names;
use crate::ingest::normalize::{
    JoinedText, Lexicon, Line, LineClass, NormalizedDocument, join_lines,
};
use crate::ingest::read::LineRole;
use crate::model::SourceFormat;
use crate::text;

/// The segmented issue.
#[derive(Debug, Clone, Default)]
pub struct SegmentedIssue {
    /// Article drafts in reading order.
    pub articles: Vec<ArticleDraft>,
    /// The colophon, when found.
    pub colophon: Option<JoinedText>,
    /// Numbered note blocks, in order.
    pub footnotes: Vec<FootnoteDraft>,
    /// Lines holding nothing but a URL (PDF link annotations), in order.
    pub links: Vec<LinkLine>,
}

/// An article before extraction: its parts as printed.
#[derive(Debug, Clone, Default)]
pub struct ArticleDraft {
    /// Section label as printed ("HET MOMENT").
    pub section: Option<String>,
    /// Title as printed (possibly in capitals), hyphenation undone.
    pub title: Option<String>,
    /// Subtitle as printed.
    pub subtitle: Option<String>,
    /// Standfirst as printed.
    pub standfirst: Option<JoinedText>,
    /// Byline before the article.
    pub byline: Option<NameBlock>,
    /// Signature after the article.
    pub signature: Option<NameBlock>,
    /// Subheadings as printed.
    pub subheadings: Vec<String>,
    /// Body paragraphs.
    pub paragraphs: Vec<ParagraphDraft>,
    /// Pull quotes with their captions.
    pub pull_quotes: Vec<PullQuoteDraft>,
    /// First source line.
    pub first_line: u32,
    /// Last source line.
    pub last_line: u32,
}

impl ArticleDraft {
    fn has_header(&self) -> bool {
        self.title.is_some() || self.standfirst.is_some() || self.section.is_some()
    }

    fn cover(&mut self, first: u32, last: u32) {
        if self.first_line == 0 || first < self.first_line {
            self.first_line = first;
        }
        self.last_line = self.last_line.max(last);
    }
}

/// A paragraph of body text.
#[derive(Debug, Clone)]
pub struct ParagraphDraft {
    /// The reflowed text.
    pub text: JoinedText,
    /// Index of the subheading the paragraph falls under.
    pub subheading: Option<usize>,
}

/// A pull quote and the caption printed with it.
#[derive(Debug, Clone)]
pub struct PullQuoteDraft {
    /// The quote as printed, quote marks included.
    pub text: JoinedText,
    /// The caption naming the speaker.
    pub caption: Option<NameBlock>,
}

/// A name printed on its own line with role lines under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameBlock {
    /// The name line as printed ("Prof. dr. Rob Martens").
    pub name: String,
    /// The role lines joined ("Adviseur onderzoek ecbo").
    pub role: Option<String>,
    /// Line of the name.
    pub first_line: u32,
    /// Last role line.
    pub last_line: u32,
}

/// A numbered note block.
#[derive(Debug, Clone)]
pub struct FootnoteDraft {
    /// The printed number.
    pub number: u32,
    /// The note text after the number, joined.
    pub text: JoinedText,
}

/// A line holding only a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkLine {
    /// The URL.
    pub url: String,
    /// Its source line.
    pub line: u32,
}

/// How a name block functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameRole {
    Signature,
    Byline,
    Caption,
}

/// A header made from a run of capitals (or from HTML headings).
#[derive(Debug, Clone, Default)]
struct Header {
    label: Option<String>,
    title: Option<String>,
    subtitle: Option<String>,
    standfirst: Option<JoinedText>,
    first_line: u32,
    last_line: u32,
}

/// The layout pieces of the document, in order.
#[derive(Debug, Clone)]
enum Piece<'a> {
    Body(&'a Line),
    Header(Header),
    Subheading(String, u32),
    Names(NameBlock, NameRole),
    PullQuote(Vec<&'a Line>),
    Footnote(Vec<&'a Line>),
    Links(Vec<&'a Line>),
    ArticleBreak,
}

/// Lines grouped by class before their function is decided.
#[derive(Debug, Clone)]
enum Item<'a> {
    Text(&'a Line),
    Caps(Vec<&'a Line>),
    Footnote(Vec<&'a Line>),
    Links(Vec<&'a Line>),
    Given(&'a Line),
}

/// Splits the document into articles, colophon, notes and links.
pub fn segment(document: &NormalizedDocument) -> SegmentedIssue {
    let items = group_items(&document.lines);
    let widths = local_widths(&document.lines);
    let unwrapped = is_unwrapped(&document.lines);
    let mut pieces = find_pieces(&items, &widths, &document.lexicon, unwrapped);
    // A web page's markup gives its structure: a paragraph "met bijdragen van ..." is text, and
    // a page is no issue with a colophon.
    let colophon = if document.format == SourceFormat::Html {
        None
    } else {
        take_colophon(&mut pieces, &document.lexicon)
    };
    let mut segmented = build_articles(&pieces, &widths, &document.lexicon, unwrapped);
    segmented.colophon = colophon;
    segmented
}

fn group_items(lines: &[Line]) -> Vec<Item<'_>> {
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        match line.class {
            LineClass::FootnoteStart(_) => {
                let mut block = vec![line];
                index += 1;
                // A note runs on over the lines that follow it without a blank line.
                while index < lines.len()
                    && !lines[index].source.blank_before
                    && lines[index].source.role == LineRole::Layout
                    && !matches!(lines[index].class, LineClass::FootnoteStart(_))
                {
                    block.push(&lines[index]);
                    index += 1;
                }
                items.push(Item::Footnote(block));
                continue;
            }
            LineClass::Url => {
                if let Some(Item::Links(block)) = items.last_mut() {
                    block.push(line);
                } else {
                    items.push(Item::Links(vec![line]));
                }
            }
            LineClass::Caps => {
                if let Some(Item::Caps(block)) = items.last_mut() {
                    block.push(line);
                } else {
                    items.push(Item::Caps(vec![line]));
                }
            }
            LineClass::Text => items.push(Item::Text(line)),
            LineClass::Given(_) => items.push(Item::Given(line)),
        }
        index += 1;
    }
    items
}

/// Estimates, for each line, the width of the text column it is set in: the 80th percentile
/// length of the mixed-case lines around it. Returns widths indexed by source line number.
fn local_widths(lines: &[Line]) -> std::collections::HashMap<u32, usize> {
    const WINDOW: usize = 12;
    let text_lines: Vec<&Line> = lines
        .iter()
        .filter(|line| line.class == LineClass::Text)
        .collect();
    let lengths: Vec<usize> = text_lines
        .iter()
        .map(|line| line.text().chars().count())
        .collect();
    let mut widths = std::collections::HashMap::new();
    for (index, line) in text_lines.iter().enumerate() {
        let from = index.saturating_sub(WINDOW);
        let to = (index + WINDOW + 1).min(lengths.len());
        let mut window: Vec<usize> = lengths[from..to].to_vec();
        window.sort_unstable();
        let percentile = window[(window.len() * 8 / 10).min(window.len() - 1)];
        widths.insert(line.number(), percentile.max(20));
    }
    widths
}

fn width_at(widths: &std::collections::HashMap<u32, usize>, line: &Line) -> usize {
    widths.get(&line.number()).copied().unwrap_or(60)
}

fn starts_with_opening_quote(text: &str) -> bool {
    text.starts_with(['“', '‘', '"', '„', '«'])
}

fn ends_with_closing_quote(text: &str) -> bool {
    text.trim_end().ends_with(['”', '’', '"', '“', '»'])
}

fn is_short(line: &Line, widths: &std::collections::HashMap<u32, usize>) -> bool {
    let length = line.text().chars().count();
    length <= 32 && length * 10 <= width_at(widths, line) * 6
}

/// Returns whether the text holds a paragraph per line, as text copied from a web page does:
/// some line is longer than any printed column or half the lines end a sentence, and hardly any
/// line breaks off a sentence that the next line goes on with in lowercase.
fn is_unwrapped(lines: &[Line]) -> bool {
    let text_lines: Vec<&Line> = lines
        .iter()
        .filter(|line| line.class == LineClass::Text && line.source.style.is_none())
        .collect();
    let longest = text_lines
        .iter()
        .map(|line| line.text().chars().count())
        .max()
        .unwrap_or(0);
    let broken = text_lines
        .windows(2)
        .filter(|pair| {
            !text::ends_sentence(pair[0].text())
                && !pair[0].text().trim_end().ends_with(':')
                && text::starts_lowercase(pair[1].text())
        })
        .count();
    let sentence_ends = text_lines
        .iter()
        .filter(|line| text::ends_sentence(line.text()))
        .count();
    // A column breaks most lines inside a sentence; so many lines ending one were not wrapped.
    let paragraph_lines = sentence_ends * 2 >= text_lines.len();
    // Lines read with their layout (a PDF) are no plain text at all.
    !text_lines.is_empty()
        && (longest > UNWRAPPED_DOCUMENT_LINE || paragraph_lines)
        && broken * 10 <= text_lines.len()
}

/// A line longer than a line of a page as wide as A4: no column was set here.
const UNWRAPPED_DOCUMENT_LINE: usize = 140;

/// The longest line read as a heading in unwrapped text.
const HEADING_MAX_WORDS: usize = 16;

/// In unwrapped text, a short line set apart by blank lines above a paragraph is a heading: the
/// article's title when no text came before it, else a subheading. A subheading is no question
/// (an interviewer's question is a paragraph), quote, label or caption ("Naam: functie").
fn unwrapped_heading<'a>(
    items: &[Item<'a>],
    index: usize,
    pieces: &[Piece<'a>],
) -> Option<Piece<'a>> {
    let Item::Text(line) = items[index] else {
        return None;
    };
    let Some(Item::Text(next)) = items.get(index + 1) else {
        return None;
    };
    // A name and the role under it are a profile's credit, read by the people stage.
    let after_name = index.checked_sub(1).is_some_and(
        |previous| matches!(items[previous], Item::Text(before) if is_name_line(before.text())),
    );
    if is_name_line(line.text()) || after_name {
        return None;
    }
    let set_apart = (index == 0 || line.source.blank_before) && next.source.blank_before;
    // "Door Anna de Groot" or "Tekst: A en B" above the text is its byline.
    if let Some(names) = crate::ingest::typography::byline_names(line.text())
        && set_apart
        && names
            .split([',', '&'])
            .flat_map(|part| part.split(" en "))
            .all(|name| is_name_line(name.trim()))
    {
        let block = NameBlock {
            name: names.to_string(),
            role: None,
            first_line: line.number(),
            last_line: line.number(),
        };
        return Some(Piece::Names(block, NameRole::Byline));
    }
    let text = line.text().trim();
    let words = text::words(text);
    let enumerated = text
        .trim_start_matches(|ch: char| ch.is_ascii_digit())
        .strip_prefix(['.', ')'])
        .filter(|_| text.starts_with(|ch: char| ch.is_ascii_digit()))
        .unwrap_or(text);
    let bare = enumerated.trim_end_matches(['”', '’', '"', '\'', '?', '!']);
    let heading_shape = set_apart
        && (1..=HEADING_MAX_WORDS).contains(&words.len())
        && !bare.ends_with(['.', ',', ';', ':', '-', '–'])
        && !bare.contains(". ")
        && text.starts_with(|ch: char| {
            ch.is_uppercase() || ch.is_ascii_digit() || "“‘\"„'".contains(ch)
        })
        && !is_dateline(text);
    if !heading_shape {
        return None;
    }
    let text_before = pieces
        .iter()
        .any(|piece| matches!(piece, Piece::Body(_) | Piece::Header(_)));
    if !text_before {
        return Some(Piece::Header(Header {
            title: Some(text.to_string()),
            first_line: line.number(),
            last_line: line.number(),
            ..Header::default()
        }));
    }
    let quoted = starts_with_opening_quote(text) || ends_with_closing_quote(text);
    let question = text.trim_end_matches(['”', '’', '"']).ends_with('?');
    // "Mark: …" is a label and "Mark Janssen: Lead Developer" a caption; "De compiler: eerder
    // bugs" is a heading.
    let labelled = text.split_once(':').is_some_and(|(before, _)| {
        let before = before.trim();
        is_name_line(before) || !before.contains(' ') && text::starts_uppercase(before)
    });
    (!quoted && !question && !labelled).then(|| Piece::Subheading(text.to_string(), line.number()))
}

/// Returns whether the line is only a date ("15 januari 2020", "3-2-2021").
fn is_dateline(text: &str) -> bool {
    let words = text::words(text);
    !words.is_empty()
        && words.len() <= 5
        && words.iter().all(|word| {
            word.text.chars().all(|ch| ch.is_ascii_digit())
                || crate::vocabulary::month_number(word.text).is_some()
                || crate::vocabulary::is_weekday(word.text)
        })
}

/// Returns the number of text items forming a pull quote starting at `start`, if one does.
fn pull_quote_length(
    items: &[Item<'_>],
    start: usize,
    widths: &std::collections::HashMap<u32, usize>,
) -> Option<usize> {
    let Item::Text(first) = items[start] else {
        return None;
    };
    if !starts_with_opening_quote(first.text()) || !is_short(first, widths) {
        return None;
    }
    for (offset, item) in items[start..].iter().enumerate().take(24) {
        let Item::Text(line) = item else {
            return None;
        };
        if !is_short(line, widths) {
            return None;
        }
        if ends_with_closing_quote(line.text()) && offset > 0 {
            return (offset >= 2).then_some(offset + 1);
        }
    }
    None
}

/// Returns whether the line is a person's name on its own ("Prof. dr. Rob Martens").
pub fn is_name_line(text: &str) -> bool {
    if text.chars().count() > 45 || text.contains(|ch: char| ch.is_ascii_digit()) {
        return false;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let honorifics = tokens
        .iter()
        .take_while(|token| names::is_honorific(token))
        .count();
    let name_tokens = &tokens[honorifics..];
    if name_tokens.len() < 2 || name_tokens.len() > 6 {
        return false;
    }
    let first = name_tokens[0];
    let last = name_tokens[name_tokens.len() - 1];
    let shape_ok = name_tokens.iter().enumerate().all(|(index, token)| {
        names::is_name_word(token)
            || names::is_initial(token)
            || (index > 0 && index + 1 < name_tokens.len() && names::is_particle(token))
    });
    let anchored = names::is_given_name(first) || names::is_initial(first) || honorifics > 0;
    shape_ok && anchored && names::is_name_word(last)
}

fn is_role_line(line: &Line) -> bool {
    let text = line.text();
    let words = text.split_whitespace().count();
    line.class == LineClass::Text
        && text.chars().count() <= 40
        && words <= 6
        && !text.ends_with(['.', ',', ':', ';'])
        && !is_name_line(text)
        && !starts_with_opening_quote(text)
}

fn previous_body_ends_sentence(pieces: &[Piece<'_>]) -> bool {
    match pieces.last() {
        Some(Piece::Body(line)) => text::ends_sentence(line.text()),
        _ => true,
    }
}

fn find_pieces<'a>(
    items: &[Item<'a>],
    widths: &std::collections::HashMap<u32, usize>,
    lexicon: &Lexicon,
    unwrapped: bool,
) -> Vec<Piece<'a>> {
    let mut pieces: Vec<Piece<'a>> = Vec::new();
    let mut index = 0;
    while index < items.len() {
        match &items[index] {
            // A line read with its layout has its role from typography already: body text.
            Item::Text(line) if line.source.style.is_some() => pieces.push(Piece::Body(line)),
            Item::Text(line) => {
                if let Some(length) = pull_quote_length(items, index, widths) {
                    let lines = items[index..index + length]
                        .iter()
                        .filter_map(|item| match item {
                            Item::Text(line) => Some(*line),
                            _ => None,
                        })
                        .collect();
                    pieces.push(Piece::PullQuote(lines));
                    index += length;
                    continue;
                }
                if is_name_line(line.text()) && previous_body_ends_sentence(&pieces) {
                    let mut role_lines: Vec<&Line> = Vec::new();
                    let mut next = index + 1;
                    while next < items.len() && role_lines.len() < 4 {
                        match &items[next] {
                            Item::Text(candidate)
                                if is_role_line(candidate)
                                    && pull_quote_length(items, next, widths).is_none() =>
                            {
                                role_lines.push(candidate);
                                next += 1;
                            }
                            _ => break,
                        }
                    }
                    let followed_by = items.get(next);
                    let name_role = match followed_by {
                        Some(Item::Caps(_)) => Some(NameRole::Byline),
                        Some(Item::Text(_)) if pull_quote_length(items, next, widths).is_some() => {
                            Some(NameRole::Caption)
                        }
                        Some(Item::Text(next_line))
                            if !role_lines.is_empty() || next_line.source.frame_start =>
                        {
                            Some(NameRole::Signature)
                        }
                        None if !role_lines.is_empty() => Some(NameRole::Signature),
                        Some(Item::Footnote(_) | Item::Links(_) | Item::Given(_)) => {
                            Some(NameRole::Signature)
                        }
                        _ => None,
                    };
                    if let Some(name_role) = name_role {
                        let role = (!role_lines.is_empty()).then(|| {
                            join_lines(
                                role_lines.iter().map(|line| (line.text(), line.number())),
                                lexicon,
                            )
                            .text
                        });
                        let last_line = role_lines.last().map_or(line.number(), |l| l.number());
                        pieces.push(Piece::Names(
                            NameBlock {
                                name: line.text().to_string(),
                                role,
                                first_line: line.number(),
                                last_line,
                            },
                            name_role,
                        ));
                        index = next;
                        continue;
                    }
                }
                if unwrapped && let Some(piece) = unwrapped_heading(items, index, &pieces) {
                    pieces.push(piece);
                    index += 1;
                    continue;
                }
                pieces.push(Piece::Body(line));
            }
            Item::Caps(lines) => {
                let next_is_body = matches!(items.get(index + 1), Some(Item::Text(_)));
                let after_byline = matches!(pieces.last(), Some(Piece::Names(_, NameRole::Byline)));
                if next_is_body && !after_byline && is_subheading(lines) {
                    let joined = join_lines(lines.iter().map(|l| (l.text(), l.number())), lexicon);
                    pieces.push(Piece::Subheading(joined.text, lines[0].number()));
                } else {
                    pieces.push(Piece::Header(parse_header(lines, lexicon)));
                }
            }
            Item::Footnote(lines) => pieces.push(Piece::Footnote(lines.clone())),
            Item::Links(lines) => pieces.push(Piece::Links(lines.clone())),
            Item::Given(line) => pieces.push(given_piece(line)),
        }
        index += 1;
    }
    merge_given_headers(pieces)
}

fn given_piece(line: &Line) -> Piece<'_> {
    let LineClass::Given(role) = line.class else {
        return Piece::Body(line);
    };
    let single = |text: &str| Some(text.to_string());
    let header = |mut header: Header| {
        header.first_line = line.number();
        header.last_line = line.number();
        Piece::Header(header)
    };
    match role {
        LineRole::ArticleBreak => Piece::ArticleBreak,
        LineRole::Label => header(Header {
            label: single(line.text()),
            ..Header::default()
        }),
        LineRole::Title => header(Header {
            title: single(line.text()),
            ..Header::default()
        }),
        LineRole::Subtitle => header(Header {
            subtitle: single(line.text()),
            ..Header::default()
        }),
        LineRole::Standfirst => header(Header {
            standfirst: Some(JoinedText {
                text: line.text().to_string(),
                line_starts: vec![(0, line.number())],
            }),
            ..Header::default()
        }),
        LineRole::Subheading => Piece::Subheading(line.text().to_string(), line.number()),
        LineRole::PullQuote => Piece::PullQuote(vec![line]),
        LineRole::Footnote => Piece::Footnote(vec![line]),
        LineRole::Byline => Piece::Names(
            NameBlock {
                name: line.text().to_string(),
                role: None,
                first_line: line.number(),
                last_line: line.number(),
            },
            NameRole::Byline,
        ),
        // A caption or signature given by markup or typography reads "Name, role".
        LineRole::Caption => Piece::Names(name_and_role(line), NameRole::Caption),
        LineRole::Signature => Piece::Names(name_and_role(line), NameRole::Signature),
        LineRole::Paragraph | LineRole::Layout => Piece::Body(line),
    }
}

/// Reads a given line "Name, role" ("Jan Jansen, projectleider") as a name block.
fn name_and_role(line: &Line) -> NameBlock {
    let (name, role) = match line.text().split_once(", ") {
        Some((name, role)) => (name, Some(role.to_string())),
        None => (line.text(), None),
    };
    NameBlock {
        name: name.to_string(),
        role,
        first_line: line.number(),
        last_line: line.number(),
    }
}

/// Merges consecutive header pieces given by markup (label, title, subtitle, standfirst).
fn merge_given_headers(pieces: Vec<Piece<'_>>) -> Vec<Piece<'_>> {
    let mut merged: Vec<Piece<'_>> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if let (Some(Piece::Header(previous)), Piece::Header(next)) = (merged.last_mut(), &piece) {
            let compatible = (previous.title.is_none() || next.title.is_none())
                && previous.standfirst.is_none()
                && next.label.is_none();
            if compatible {
                previous.title = previous.title.take().or(next.title.clone());
                previous.subtitle = previous.subtitle.take().or(next.subtitle.clone());
                previous.standfirst = next.standfirst.clone();
                previous.last_line = next.last_line;
                continue;
            }
        }
        merged.push(piece);
    }
    merged
}

fn word_count(lines: &[&Line]) -> usize {
    lines
        .iter()
        .map(|line| text::words(line.text()).len())
        .sum()
}

fn is_subheading(lines: &[&Line]) -> bool {
    if lines.len() > 2 || word_count(lines) > 10 {
        return false;
    }
    let joined: String = lines
        .iter()
        .map(|line| line.text())
        .collect::<Vec<_>>()
        .join(" ");
    let body = joined.trim_end_matches(['?', '!', '’', '”', '.']);
    !body.contains(['.', '?', '!'])
}

fn is_label_line(text: &str) -> bool {
    let word_count = text.split_whitespace().count();
    word_count <= 3
        && text.chars().count() <= 25
        && text.chars().all(|ch| ch.is_alphabetic() || ch == ' ')
}

/// Splits a run of capitals into label, title, subtitle and standfirst.
///
/// Evidence, in order: a short label line set in its own frame or right above a standfirst; a
/// title in short lines, ending at a blank line, a jump in line length or a question mark; a
/// subtitle that ends where a blank line separates it from the first sentence of the standfirst.
fn parse_header(lines: &[&Line], lexicon: &Lexicon) -> Header {
    let join = |lines: &[&Line]| join_lines(lines.iter().map(|l| (l.text(), l.number())), lexicon);
    let mut header = Header {
        first_line: lines[0].number(),
        last_line: lines[lines.len() - 1].number(),
        ..Header::default()
    };
    let mut rest = lines;
    if rest.len() > 1 && is_label_line(rest[0].text()) {
        let next_in_own_frame = rest[1].source.frame_start;
        let next_is_long = title_chunk_length(&rest[1..]).is_none();
        if next_in_own_frame || next_is_long {
            header.label = Some(rest[0].text().to_string());
            rest = &rest[1..];
        }
    }
    if let Some(length) = title_chunk_length(rest) {
        header.title = Some(join(&rest[..length]).text);
        rest = &rest[length..];
    }
    if rest.is_empty() {
        return header;
    }
    let rest_text = join(rest).text;
    if !rest_text.contains(['.', '?', '!']) {
        header.subtitle = Some(rest_text);
        return header;
    }
    let first_sentence_line = rest
        .iter()
        .position(|line| line.text().contains(['.', '?', '!']))
        .unwrap_or(rest.len() - 1);
    for boundary in 0..first_sentence_line {
        let line = rest[boundary];
        let next = rest[boundary + 1];
        if next.source.blank_before && !line.text().ends_with([',', '-', ';', '&', ':']) {
            header.subtitle = Some(join(&rest[..=boundary]).text);
            rest = &rest[boundary + 1..];
            break;
        }
    }
    header.standfirst = Some(join(rest));
    header
}

/// Returns how many lines at the start of `lines` form a title, if they do.
fn title_chunk_length(lines: &[&Line]) -> Option<usize> {
    let mut length = 0;
    let mut longest = 0;
    for (index, line) in lines.iter().enumerate() {
        let chars = line.text().chars().count();
        if index > 0 {
            let length_jump = chars > 25 && chars > 2 * longest;
            if line.source.blank_before || length_jump {
                break;
            }
        }
        length = index + 1;
        longest = longest.max(chars);
        if line
            .text()
            .trim_end_matches(['’', '”'])
            .ends_with(['?', '!'])
        {
            break;
        }
    }
    let chunk = &lines[..length];
    let chunk_text: String = chunk
        .iter()
        .map(|line| line.text())
        .collect::<Vec<_>>()
        .join(" ");
    let has_period = chunk_text.trim_end_matches(['’', '”']).contains('.');
    (length > 0 && word_count(chunk) <= 12 && !has_period).then_some(length)
}

static CONTRIBUTORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwerkten\s+(?:\w+\s+)?mee\b|^\s*colofon\s*:?\s*$|\bmedewerkers aan dit nummer\b|\bmet bijdragen van\b")
        .expect("static regex is valid")
});

/// A word every match of [`CONTRIBUTORS`] holds, in the same case-insensitive sense: a plain
/// search for these words is fast where the word boundaries of [`CONTRIBUTORS`] are slow, and
/// it is asked of every line.
static CONTRIBUTORS_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)werkten|colofon|medewerkers|bijdragen").expect("static regex is valid")
});

/// Returns whether `text` names the contributors of the issue ([`CONTRIBUTORS`]).
fn names_contributors(text: &str) -> bool {
    CONTRIBUTORS_WORDS.is_match(text) && CONTRIBUTORS.is_match(text)
}

/// Finds the colophon (the block around the contributor list), removes its pieces and returns
/// its text.
fn take_colophon(pieces: &mut Vec<Piece<'_>>, lexicon: &Lexicon) -> Option<JoinedText> {
    let marker = pieces.iter().position(|piece| match piece {
        Piece::Body(line) => names_contributors(line.text()),
        Piece::Subheading(text, _) => names_contributors(text),
        _ => false,
    })?;
    // Back to where the colophon's frame starts: a new frame opening with a new sentence.
    let mut start = marker;
    let mut cursor = marker;
    loop {
        match &pieces[cursor] {
            Piece::Body(line) => {
                let previous_body = pieces[..cursor].iter().rev().find_map(|piece| match piece {
                    Piece::Body(line) => Some(*line),
                    _ => None,
                });
                start = cursor;
                let opens_frame = line.source.frame_start
                    && text::starts_uppercase(line.text())
                    && previous_body.is_none_or(|previous| text::ends_sentence(previous.text()));
                if opens_frame {
                    break;
                }
            }
            Piece::Subheading(..) | Piece::Links(_) => start = cursor,
            _ => break,
        }
        if cursor == 0 {
            break;
        }
        cursor -= 1;
    }
    let end = pieces[marker..]
        .iter()
        .position(|piece| {
            matches!(
                piece,
                Piece::Header(_) | Piece::Names(..) | Piece::PullQuote(_) | Piece::ArticleBreak
            )
        })
        .map_or(pieces.len(), |offset| marker + offset);
    let mut colophon_lines: Vec<(&str, u32)> = Vec::new();
    for piece in &pieces[start..end] {
        match piece {
            Piece::Body(line) => colophon_lines.push((line.text(), line.number())),
            Piece::Subheading(text, line) => colophon_lines.push((text.as_str(), *line)),
            Piece::Links(lines) => {
                colophon_lines.extend(lines.iter().map(|line| (line.text(), line.number())));
            }
            _ => {}
        }
    }
    let colophon = join_lines(colophon_lines, lexicon);
    // Notes printed beside the colophon still belong to the issue.
    let notes: Vec<Piece<'_>> = pieces[start..end]
        .iter()
        .filter(|piece| matches!(piece, Piece::Footnote(_)))
        .cloned()
        .collect();
    pieces.splice(
        start..end,
        std::iter::once(Piece::ArticleBreak).chain(notes),
    );
    Some(colophon)
}

fn build_articles(
    pieces: &[Piece<'_>],
    widths: &std::collections::HashMap<u32, usize>,
    lexicon: &Lexicon,
    unwrapped: bool,
) -> SegmentedIssue {
    let mut segmented = SegmentedIssue::default();
    let mut articles: Vec<ArticleDraft> = Vec::new();
    // Body lines of the current article with the subheading index they fall under.
    let mut bodies: Vec<Vec<(&Line, Option<usize>)>> = Vec::new();
    let mut open = false;
    let mut pending_caption: Option<NameBlock> = None;

    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Body(line) => {
                if !open {
                    articles.push(ArticleDraft::default());
                    bodies.push(Vec::new());
                    open = true;
                }
                let article = articles.last_mut().expect("an article is open");
                let subheading = article.subheadings.len().checked_sub(1);
                article.cover(line.number(), line.number());
                bodies
                    .last_mut()
                    .expect("bodies follow articles")
                    .push((line, subheading));
            }
            Piece::Header(header) => {
                let attach = open
                    && articles.last().is_some_and(|article| !article.has_header())
                    && (bodies.last().is_some_and(Vec::is_empty)
                        || header_interrupts_sentence(pieces, index));
                if !attach {
                    articles.push(ArticleDraft::default());
                    bodies.push(Vec::new());
                    open = true;
                }
                let article = articles.last_mut().expect("an article is open");
                article.section = header.label.clone();
                article.title = header.title.clone();
                article.subtitle = header.subtitle.clone();
                article.standfirst = header.standfirst.clone();
                article.cover(header.first_line, header.last_line);
            }
            Piece::Subheading(text, line) => {
                if !open {
                    articles.push(ArticleDraft::default());
                    bodies.push(Vec::new());
                    open = true;
                }
                let article = articles.last_mut().expect("an article is open");
                article.subheadings.push(text.clone());
                article.cover(*line, *line);
            }
            Piece::Names(block, NameRole::Signature) if open => {
                let article = articles.last_mut().expect("an article is open");
                article.cover(block.first_line, block.last_line);
                article.signature = Some(block.clone());
                open = false;
            }
            Piece::Names(block, NameRole::Byline)
                if open
                    && bodies.last().is_some_and(Vec::is_empty)
                    && articles.last().is_some_and(|article| {
                        article.has_header() && article.byline.is_none()
                    }) =>
            {
                // A byline printed under the header of an article that has no text yet is that
                // article's byline ("Tekst: …" under a magazine title).
                let article = articles.last_mut().expect("an article is open");
                article.cover(block.first_line, block.last_line);
                article.byline = Some(block.clone());
            }
            Piece::Names(block, NameRole::Signature | NameRole::Byline) => {
                articles.push(ArticleDraft::default());
                bodies.push(Vec::new());
                open = true;
                let article = articles.last_mut().expect("an article is open");
                article.cover(block.first_line, block.last_line);
                article.byline = Some(block.clone());
            }
            Piece::Names(block, NameRole::Caption) => pending_caption = Some(block.clone()),
            Piece::PullQuote(lines) => {
                let text = join_lines(lines.iter().map(|l| (l.text(), l.number())), lexicon);
                let caption = pending_caption.take();
                if let Some(article) = articles.last_mut().filter(|_| open) {
                    article.cover(text.first_line(), text.last_line());
                    article.pull_quotes.push(PullQuoteDraft { text, caption });
                }
            }
            Piece::Footnote(lines) => {
                let number = match lines[0].class {
                    LineClass::FootnoteStart(number) => number,
                    _ => u32::try_from(segmented.footnotes.len() + 1).unwrap_or(u32::MAX),
                };
                let first_text = lines[0].text();
                let after_number = first_text
                    .trim_start_matches(|ch: char| ch.is_ascii_digit())
                    .trim_start();
                let note_lines = std::iter::once((after_number, lines[0].number()))
                    .chain(lines[1..].iter().map(|line| (line.text(), line.number())));
                segmented.footnotes.push(FootnoteDraft {
                    number,
                    text: join_lines(note_lines, lexicon),
                });
            }
            Piece::Links(lines) => {
                segmented.links.extend(lines.iter().map(|line| LinkLine {
                    url: line.text().to_string(),
                    line: line.number(),
                }));
            }
            Piece::ArticleBreak => open = false,
        }
    }

    for (article, body) in articles.iter_mut().zip(&bodies) {
        article.paragraphs = reflow_paragraphs(body, widths, lexicon, unwrapped);
    }
    segmented.articles = articles
        .into_iter()
        .filter(|article| !article.paragraphs.is_empty() || article.standfirst.is_some())
        .collect();
    segmented
}

/// Returns whether the header at `index` sits inside a sentence: the body before it does not end
/// one and the body after it goes on in lowercase.
fn header_interrupts_sentence(pieces: &[Piece<'_>], index: usize) -> bool {
    let before = pieces[..index].iter().rev().find_map(|piece| match piece {
        Piece::Body(line) => Some(Some(*line)),
        Piece::Footnote(_) | Piece::Links(_) => None,
        _ => Some(None),
    });
    let after = pieces[index + 1..].iter().find_map(|piece| match piece {
        Piece::Body(line) => Some(Some(*line)),
        Piece::Footnote(_) | Piece::Links(_) => None,
        _ => Some(None),
    });
    match (before.flatten(), after.flatten()) {
        (Some(before), Some(after)) => {
            !text::ends_sentence(before.text()) && text::starts_lowercase(after.text())
        }
        _ => false,
    }
}

/// A line longer than any printed column: the text was not wrapped, a line is a paragraph.
const UNWRAPPED_LINE_LENGTH: usize = 200;

fn reflow_paragraphs(
    body: &[(&Line, Option<usize>)],
    widths: &std::collections::HashMap<u32, usize>,
    lexicon: &Lexicon,
    unwrapped: bool,
) -> Vec<ParagraphDraft> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&Line> = Vec::new();
    let mut current_subheading = None;
    let flush = |current: &mut Vec<&Line>, subheading, paragraphs: &mut Vec<ParagraphDraft>| {
        if !current.is_empty() {
            let text = join_lines(current.iter().map(|l| (l.text(), l.number())), lexicon);
            paragraphs.push(ParagraphDraft { text, subheading });
            current.clear();
        }
    };
    for (line, subheading) in body {
        if let Some(previous) = current.last() {
            let new_section = *subheading != current_subheading;
            let given_paragraph = previous.class == LineClass::Given(LineRole::Paragraph);
            let previous_length = previous.text().chars().count();
            let short_sentence_end = text::ends_sentence(previous.text())
                && previous_length * 100 < width_at(widths, previous) * 85;
            let new_frame_sentence = line.source.frame_start
                && text::starts_uppercase(line.text())
                && text::ends_sentence(previous.text());
            // Text not wrapped to a column holds a whole paragraph per line.
            let unwrapped_paragraph = (unwrapped || previous_length > UNWRAPPED_LINE_LENGTH)
                && text::ends_sentence(previous.text())
                || unwrapped && line.source.blank_before;
            if new_section
                || given_paragraph
                || short_sentence_end
                || new_frame_sentence
                || unwrapped_paragraph
            {
                flush(&mut current, current_subheading, &mut paragraphs);
            }
        }
        current_subheading = *subheading;
        current.push(line);
    }
    flush(&mut current, current_subheading, &mut paragraphs);
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::normalize::normalize;
    use crate::ingest::read::read_text;

    fn segment_text(text: &str) -> SegmentedIssue {
        segment(&normalize(&read_text("test.txt", text)))
    }

    #[test]
    fn contributor_lists_are_named_in_any_case() {
        assert!(names_contributors(
            "Aan dit nummer werkten ook mee: Jan Jansen"
        ));
        assert!(names_contributors("AAN DIT NUMMER WERKTEN MEE"));
        assert!(names_contributors("  Colofon:"));
        assert!(names_contributors("Met bijdragen van Eva Voncken"));
        assert!(!names_contributors(
            "De medewerkers van de school werkten samen."
        ));
        assert!(!names_contributors("Het colofon staat achterin."));
        assert!(
            !names_contributors("Zij werkten onder anderen mee aan het plan."),
            "one word at most between werkten and mee"
        );
    }

    #[test]
    fn header_splits_label_title_subtitle_standfirst() {
        // Lines 216-236 of the fixture, shortened.
        let segmented = segment_text(
            "HET MOMENT\n ELKAAR \nVINDEN EN \nNIET MEER \nLOSLATEN\n\
             REGIONALE SAMENWERKING TUSSEN ONDERWIJS, \n\nBEDRIJFSLEVEN EN OVERHEDEN ALS VLIEGWIEL\n\n\
             OP ZIJN ALLERLAATSTE WERKDAG, 28 JUNI 2019,  \nORGANISEERT HIJ EEN NETWERKBORREL. HET IS \n\
             TEKENEND VOOR JAN JANSEN.\n In de zomer van 2018 wordt bekend dat de \n\nsubsidieregeling is gevormd.",
        );
        let article = &segmented.articles[0];
        assert_eq!(article.section.as_deref(), Some("HET MOMENT"));
        assert_eq!(
            article.title.as_deref(),
            Some("ELKAAR VINDEN EN NIET MEER LOSLATEN")
        );
        assert_eq!(
            article.subtitle.as_deref(),
            Some(
                "REGIONALE SAMENWERKING TUSSEN ONDERWIJS, BEDRIJFSLEVEN EN OVERHEDEN ALS VLIEGWIEL"
            )
        );
        assert!(
            article
                .standfirst
                .as_ref()
                .unwrap()
                .text
                .starts_with("OP ZIJN ALLERLAATSTE")
        );
        assert_eq!(article.paragraphs.len(), 1);
    }

    #[test]
    fn signature_ends_an_article_and_late_header_joins_the_next() {
        // The editorial's signature, then a report whose header is printed after its first
        // column, interrupting a sentence (fixture lines 49-116).
        let segmented = segment_text(
            "bestemming. Maar onderweg zijn is minstens zo leuk. \n\nJoost Franssen\n\nProgrammamanager\n\n\
             Kennisverspreiding \n\nBeroepsonderwijs\n\nRudy Snippe1, inmiddels geen onbekende meer  \n\n\
             voor het mbo, verzorgt de keynote. Dat vraagt geen volgende houding, maar eentje \n\n\
             1  Zie ook Dimensies 32, maart 2018.\n\nVOORAF\n‘EEN VASTE PLEK VOOR ONDERZOEK IN EN DOOR \n\
             HET MBO, HOE REGEL JE DAT MET HRM?’ ZIE DAAR DE STREKKING VAN DE VRAAG.\n\n\
             https://ecbo.nl/a.pdf\n van snel leren en acteren. Dat geeft energie.",
        );
        assert_eq!(segmented.articles.len(), 2);
        let editorial = &segmented.articles[0];
        let signature = editorial.signature.as_ref().unwrap();
        assert_eq!(signature.name, "Joost Franssen");
        assert_eq!(
            signature.role.as_deref(),
            Some("Programmamanager Kennisverspreiding Beroepsonderwijs")
        );
        let report = &segmented.articles[1];
        assert_eq!(report.section.as_deref(), Some("VOORAF"));
        assert_eq!(report.title, None);
        assert_eq!(report.paragraphs.len(), 1);
        assert!(
            report.paragraphs[0]
                .text
                .text
                .contains("maar eentje van snel leren")
        );
        assert_eq!(segmented.footnotes[0].number, 1);
        assert_eq!(
            segmented.footnotes[0].text.text,
            "Zie ook Dimensies 32, maart 2018."
        );
        assert_eq!(segmented.links[0].url, "https://ecbo.nl/a.pdf");
    }

    #[test]
    fn pull_quote_with_caption_is_lifted_out_of_the_text() {
        let segmented = segment_text(
            "Een lange regel met tekst die de kolom vult, zegt hij vandaag.\n\n\
             De volgende lange regel met tekst die de kolom ook helemaal vult.\n\n\
             prima aan tafel zaten”, lacht Jansen.\n\nJan Jansen\n\nProjectleider ‘Toptechniek \n\n\
             in bedrijf Noordoost-\n\nBrabant’ (TiB)\n\n“Hoe breng je de \nleerling verder in plaats \n\n\
             van je concurrerend \nten opzichte van elkaar \n\nop te stellen?”\n AAN ELKAAR KNOPEN\n\
             Het besluit om als regionaal verband verder te gaan, is intrinsiek gemotiveerd.",
        );
        let article = &segmented.articles[0];
        assert_eq!(article.pull_quotes.len(), 1);
        let pull = &article.pull_quotes[0];
        assert_eq!(
            pull.text.text,
            "“Hoe breng je de leerling verder in plaats van je concurrerend ten opzichte van elkaar op te stellen?”"
        );
        let caption = pull.caption.as_ref().unwrap();
        assert_eq!(caption.name, "Jan Jansen");
        assert_eq!(
            caption.role.as_deref(),
            Some("Projectleider ‘Toptechniek in bedrijf Noordoost-Brabant’ (TiB)")
        );
        assert_eq!(article.subheadings, ["AAN ELKAAR KNOPEN"]);
        assert_eq!(segmented.articles.len(), 1);
    }

    #[test]
    fn byline_starts_a_column_and_colophon_is_set_apart() {
        let segmented = segment_text(
            "samen leren.”\n\nhttps://www.forachange.nl/podcast/\n Het Expertisecentrum Beroepsonderwijs (ecbo) \n\n\
             ontwikkelt kennis over het beroepsonderwijs.\n\nAan deze Dimensies werkten mee: \n\n\
             Joost Franssen, Han van Helmond en Eva Voncken.\n Prof. dr. Rob Martens\n\n\
             Adviseur onderzoek ecbo\n\nREGIO OF HEIMAT?\nIn deze Dimensies heeft u kunnen lezen over de regio.",
        );
        let colophon = segmented.colophon.as_ref().unwrap();
        assert!(colophon.text.starts_with("Het Expertisecentrum"));
        assert!(colophon.text.contains("Han van Helmond en Eva Voncken."));
        let column = segmented.articles.last().unwrap();
        assert_eq!(
            column.byline.as_ref().unwrap().name,
            "Prof. dr. Rob Martens"
        );
        assert_eq!(column.title.as_deref(), Some("REGIO OF HEIMAT?"));
        assert_eq!(column.paragraphs.len(), 1);
    }

    #[test]
    fn unwrapped_text_has_a_paragraph_per_line() {
        let first = "De regio is een ding. ".repeat(12);
        let second = "Samenwerking heeft tijd nodig om zich te ontwikkelen. ".repeat(5);
        let segmented = segment_text(&format!("{first}\n\n{second}\n\n{first}"));
        assert_eq!(segmented.articles[0].paragraphs.len(), 3);
    }

    #[test]
    fn unwrapped_text_has_a_title_and_subheadings() {
        let paragraph = "De school geeft sinds vorig jaar les in eerste hulp aan alle leerlingen \
                         van de bovenbouw, en dat blijkt een succes te zijn volgens de docenten. \
                         Ook de ouders zijn tevreden over de lessen en willen dat ze blijven.";
        let text = format!(
            "Eerste hulp op school\n\n12 maart 2024\n\n{paragraph}\n\nLessen in de gymzaal\n\n\
             {paragraph}\n\nWat vinden de leerlingen ervan?\n\n{paragraph}\n\n\
             1. De eerste stap\n\n{paragraph}\n\nDe lessen: wat ze kosten\n\n{paragraph}\n\n\
             Karel Smit: docent\n\n{paragraph}"
        );
        let segmented = segment_text(&text);
        let article = &segmented.articles[0];
        assert_eq!(article.title.as_deref(), Some("Eerste hulp op school"));
        // A question is the interviewer's, not a heading; a date is no heading.
        assert_eq!(
            article.subheadings,
            [
                "Lessen in de gymzaal",
                "1. De eerste stap",
                "De lessen: wat ze kosten"
            ]
        );
        assert_eq!(article.paragraphs[0].text.text, "12 maart 2024");
        assert!(
            article
                .paragraphs
                .iter()
                .any(|p| p.text.text == "Wat vinden de leerlingen ervan?")
        );
    }

    #[test]
    fn lines_read_with_their_layout_are_not_unwrapped_text() {
        assert!(!is_unwrapped(&[]));
    }

    #[test]
    fn wrapped_text_keeps_short_lines_in_its_paragraphs() {
        // Lines broken at a column: a short last line is the end of a paragraph, no heading.
        let text = "De school geeft sinds vorig jaar les in eerste hulp aan alle\n\n\
                    leerlingen van de bovenbouw en dat blijkt een succes te zijn, zo\n\n\
                    zeggen de docenten die de lessen geven aan de groepen van de\n\n\
                    school in de stad\n\n\
                    maar ook in de dorpen eromheen, waar de lessen ook lopen.";
        let segmented = segment_text(text);
        assert!(segmented.articles[0].subheadings.is_empty());
        assert_eq!(segmented.articles[0].title, None);
    }

    #[test]
    fn a_web_page_has_no_colophon() {
        let html = r#"<html><body><main><h1>Stages</h1>
            <p>Dit onderzoek kwam tot stand met bijdragen van studenten en docenten uit de hele regio.</p>
            <p>De werkplek is de plek waar het leren gebeurt, zeggen de onderzoekers.</p></main></body></html>"#;
        let document = crate::ingest::read::read_html("stages.html", html);
        let segmented = segment(&normalize(&document));
        assert!(segmented.colophon.is_none());
        assert_eq!(segmented.articles.len(), 1);
        assert_eq!(segmented.articles[0].paragraphs.len(), 2);
    }

    #[test]
    fn name_lines() {
        assert!(is_name_line("Jan Jansen"));
        assert!(is_name_line("Prof. dr. Rob Martens"));
        assert!(is_name_line("Han van Helmond"));
        assert!(!is_name_line("Kennisverspreiding"));
        assert!(!is_name_line("Sterk Techniekonderwijs"));
        assert!(!is_name_line("Postbus 1585"));
    }
}
