//! Typography stage: styled lines (a PDF's, or any reader's that knows positions and fonts)
//! become lines with the roles a reader sees on the page, so that segmentation never needs to
//! know the format.
//!
//! The rules are those of layout analysis (GROBID's cascade of header, body, footnote and page
//! labels over layout tokens; pdfminer's lines and boxes), decided from the page itself:
//!
//! - the **body style** is the size and family most characters are set in;
//! - **page furniture** (running headers and footers, "Pagina 2 van 7", a letter's reference
//!   column) is a line repeated at the same place on many pages, a page number at the top or the
//!   foot, or small type beside the text column; a page without body text (a cover, a contents
//!   page) is furniture as a whole;
//! - **footnotes** are small type below the page's last body line, starting with their number;
//!   they are moved after the running text, so a note never interrupts a sentence that runs on
//!   over the page;
//! - **titles** are far larger than the body; a short capitalised line just above a title is its
//!   **label**; larger or italic running text right under a title is the **standfirst**; a line
//!   "Tekst: …" or "Door …" is the **byline**;
//! - **pull quotes** are display lines (larger than the body, below title size) that open with a
//!   quote mark, and the dash line under them ("— Jan, projectleider") is their credit;
//! - **subheadings** are short lines wholly bold, or set in another family than the body;
//! - **captions** are small type in another face between the columns: set apart, not body;
//! - a **letter** (a salutation such as "Geachte voorzitter,") has its letterhead above the
//!   salutation; "Betreft" gives its title; its closing ("Hoogachtend,") is followed by the
//!   signatory's role and name, which become a signature;
//! - a body line starts a **paragraph** after a wider gap than the column's leading, or when it
//!   is indented, or when it starts a list item.

use std::collections::{HashMap, HashSet};

use crate::ingest::read::{LineRole, LineStyle, SourceDocument, SourceLine};
use crate::text;

/// Returns whether the document has lines whose structure is still to be read from their
/// typography (laid-out lines with a style).
pub fn has_layout(document: &SourceDocument) -> bool {
    document
        .lines
        .iter()
        .any(|line| line.style.is_some() && line.role == LineRole::Layout)
}

/// Returns the document with structure read from its typography. Lines without a style (plain
/// text, HTML) pass through unchanged.
pub fn structure(document: SourceDocument) -> SourceDocument {
    if !has_layout(&document) {
        return document;
    }
    let lines = structure_lines(document.lines);
    SourceDocument { lines, ..document }
}

/// The size and family most characters are set in.
#[derive(Debug, Clone, PartialEq)]
struct BodyStyle {
    size: f32,
    family: Option<String>,
}

fn style_of(line: &SourceLine) -> Option<&LineStyle> {
    line.style.as_ref()
}

fn chars(line: &SourceLine) -> usize {
    line.text.chars().filter(|ch| !ch.is_whitespace()).count()
}

/// Returns the body style: the half-point size bucket, then the family, holding most characters.
fn body_style(lines: &[SourceLine]) -> Option<BodyStyle> {
    let mut by_size: HashMap<i32, usize> = HashMap::new();
    for line in lines {
        if let Some(style) = style_of(line) {
            *by_size
                .entry((style.size * 2.0).round() as i32)
                .or_default() += chars(line);
        }
    }
    let (&bucket, _) = by_size
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    // Sizes within the bucket and its neighbours (font expansion varies sizes slightly).
    let mut families: HashMap<Option<String>, usize> = HashMap::new();
    let mut weighted = 0.0f32;
    let mut count = 0usize;
    for line in lines {
        if let Some(style) = style_of(line)
            && ((style.size * 2.0).round() as i32 - bucket).abs() <= 1
        {
            *families.entry(style.family.clone()).or_default() += chars(line);
            weighted += style.size * chars(line) as f32;
            count += chars(line);
        }
    }
    let family = families
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1))
        .and_then(|(family, _)| family);
    Some(BodyStyle {
        size: if count > 0 {
            weighted / count as f32
        } else {
            bucket as f32 / 2.0
        },
        family,
    })
}

fn is_body_sized(style: &LineStyle, body: &BodyStyle) -> bool {
    (style.size - body.size).abs() <= body.size * 0.05
}

fn is_body_line(line: &SourceLine, body: &BodyStyle) -> bool {
    style_of(line).is_some_and(|style| {
        is_body_sized(style, body) && (body.family.is_none() || style.family == body.family)
    })
}

/// A key under which a running header or footer repeats: digits folded (page numbers), spaces
/// and case dropped (letter-spaced furniture).
fn furniture_key(text: &str) -> String {
    text.chars()
        .filter(|ch| !ch.is_whitespace())
        .map(|ch| {
            if ch.is_ascii_digit() {
                '#'
            } else {
                ch.to_lowercase().next().unwrap_or(ch)
            }
        })
        .collect()
}

/// Returns whether the text is a page number: "7", "- 7 -", "pagina 7", "Pagina 2 van 7",
/// "page 3 of 9", "blz. 4".
fn is_page_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|ch: char| ch.is_whitespace() || ch == '-' || ch == '|')
        .filter(|word| !word.is_empty())
        .collect();
    match words.as_slice() {
        [number] => number.chars().all(|ch| ch.is_ascii_digit()) && number.len() <= 4,
        [label, number] => {
            matches!(*label, "pagina" | "page" | "blz." | "blz" | "p." | "pag.")
                && number.chars().all(|ch| ch.is_ascii_digit())
        }
        [label, number, of, total] => {
            matches!(*label, "pagina" | "page" | "blz.")
                && matches!(*of, "van" | "of" | "/")
                && number.chars().all(|ch| ch.is_ascii_digit())
                && total.chars().all(|ch| ch.is_ascii_digit())
        }
        _ => false,
    }
}

/// Page geometry read from the body lines of one page.
#[derive(Debug, Clone, Copy)]
struct PageFrame {
    /// Top of the body text (smallest baseline).
    body_top: f32,
    /// Last body baseline.
    body_bottom: f32,
    /// Right edge of the widest body lines.
    body_right: f32,
    /// The page's height as far as the text reaches.
    text_bottom: f32,
}

fn page_frames(lines: &[SourceLine], body: &BodyStyle) -> HashMap<u32, PageFrame> {
    let mut frames: HashMap<u32, PageFrame> = HashMap::new();
    for line in lines {
        let (Some(page), Some(style)) = (line.page, style_of(line)) else {
            continue;
        };
        let entry = frames.entry(page).or_insert(PageFrame {
            body_top: f32::MAX,
            body_bottom: f32::MIN,
            body_right: f32::MIN,
            text_bottom: f32::MIN,
        });
        entry.text_bottom = entry.text_bottom.max(style.y);
        if is_body_line(line, body) && chars(line) > 3 && !is_page_number(&line.text) {
            entry.body_top = entry.body_top.min(style.y);
            entry.body_bottom = entry.body_bottom.max(style.y);
            entry.body_right = entry.body_right.max(style.x + style.width);
        }
    }
    frames
}

/// Returns the indexes of page furniture: lines repeated at the same place on many pages, page
/// numbers at the top or foot, small type beside the body column, and every line of a page that
/// has no body text.
fn furniture(
    lines: &[SourceLine],
    body: &BodyStyle,
    frames: &HashMap<u32, PageFrame>,
) -> HashSet<usize> {
    let pages: HashSet<u32> = lines.iter().filter_map(|line| line.page).collect();
    let mut places: HashMap<String, Vec<(u32, f32, f32)>> = HashMap::new();
    for line in lines {
        if let (Some(page), Some(style)) = (line.page, style_of(line)) {
            places
                .entry(furniture_key(&line.text))
                .or_default()
                .push((page, style.x, style.y));
        }
    }
    let min_pages = if pages.len() <= 2 {
        2
    } else {
        (pages.len() * 2).div_ceil(5).max(3)
    };
    let mut out = HashSet::new();
    for (index, line) in lines.iter().enumerate() {
        let (Some(page), Some(style)) = (line.page, style_of(line)) else {
            continue;
        };
        let Some(frame) = frames.get(&page) else {
            continue;
        };
        if frame.body_bottom == f32::MIN {
            // No body text on the page: a cover or a contents page.
            out.insert(index);
            continue;
        }
        let repeated_pages: HashSet<u32> = places
            .get(&furniture_key(&line.text))
            .into_iter()
            .flatten()
            .filter(|(_, x, y)| (x - style.x).abs() < 20.0 && (y - style.y).abs() < 20.0)
            .map(|(page, _, _)| *page)
            .collect();
        let outside_body = style.y < frame.body_top - 1.0 || style.y > frame.body_bottom + 1.0;
        let small = style.size < body.size * 0.92;
        if repeated_pages.len() >= min_pages && (outside_body || small || !is_body_line(line, body))
        {
            out.insert(index);
            continue;
        }
        if is_page_number(&line.text) && (outside_body || small) {
            out.insert(index);
            continue;
        }
        // Small type in the margin beside the text column (a letter's reference column), unless
        // it credits the display text just above it (a pull quote set in the margin).
        let credits_display = index > 0
            && style_of(&lines[index - 1]).is_some_and(|previous| previous.size >= body.size * 1.1);
        if small && style.x > frame.body_right - 2.0 && !credits_display {
            out.insert(index);
        }
    }
    out
}

/// Returns the note number a footnote line starts with ("5https://…", "6 HUF: …", "12. Zie").
fn note_start(text: &str) -> Option<(u32, &str)> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 || digits.starts_with('0') {
        return None;
    }
    let rest = text[digits.len()..]
        .trim_start_matches(['.', ')'])
        .trim_start();
    if rest.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, rest))
}

/// Returns whether the line is a salutation that opens a letter.
fn is_salutation(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["geachte ", "beste ", "lieve ", "dear ", "hooggeachte "]
        .iter()
        .any(|opening| lower.starts_with(opening))
        && text.trim_end().ends_with(',')
}

/// Returns whether the line is a letter's closing formula.
fn is_closing(text: &str) -> bool {
    let lower = text.trim().trim_end_matches(',').to_lowercase();
    matches!(
        lower.as_str(),
        "hoogachtend"
            | "met vriendelijke groet"
            | "met vriendelijke groeten"
            | "met de meeste hoogachting"
            | "met hartelijke groet"
            | "met hartelijke groeten"
            | "vriendelijke groet"
            | "groet"
    )
}

/// Rewrites a role printed in capitals above a signature ("DE MINISTER VAN ONDERWIJS, CULTUUR
/// EN WETENSCHAP,") as it is written in running text: "minister van Onderwijs, Cultuur en
/// Wetenschap" (the office lower-case, the names of ministries capitalised).
pub fn role_from_capitals(text: &str) -> String {
    let trimmed = text.trim().trim_end_matches([',', '.']).trim();
    if !text::is_all_caps(trimmed) {
        return trimmed.to_string();
    }
    let lower = trimmed.to_lowercase();
    let mut words: Vec<String> = lower.split_whitespace().map(str::to_string).collect();
    if matches!(words.first().map(String::as_str), Some("de" | "het")) {
        words.remove(0);
    }
    let mut after_preposition = false;
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let function_word = matches!(
            word.as_str(),
            "en" | "van" | "voor" | "de" | "het" | "der" | "in" | "op"
        );
        if after_preposition && !function_word {
            out.push(text::capitalize_first(&word));
        } else {
            out.push(word.clone());
        }
        if matches!(word.as_str(), "van" | "voor") {
            after_preposition = true;
        }
    }
    out.join(" ")
}

/// Strips the dash of a credit line ("— Jan, projectleider" → "Jan, projectleider").
fn credit_text(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix(['—', '–', '-', '―'])?;
    let rest = rest.trim();
    rest.chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then_some(rest)
}

fn opens_quote(text: &str) -> bool {
    text.trim_start()
        .starts_with(['"', '“', '„', '‘', '\'', '«', '‚'])
}

/// Returns whether a line is a byline ("Tekst: Tom Ootes", "Door Jan Jansen") and the names.
pub(crate) fn byline_names(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    for prefix in [
        "Tekst en foto's:",
        "Tekst en beeld:",
        "Tekst:",
        "Door:",
        "Auteur:",
        "Auteurs:",
        "Door ",
    ] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            let rest = rest.trim();
            let words = rest.split_whitespace().count();
            if (1..=8).contains(&words) && rest.chars().next().is_some_and(char::is_uppercase) {
                return Some(rest);
            }
        }
    }
    None
}

/// The role decided for each kept line, before lines are merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decided {
    Body,
    Title,
    Label,
    Standfirst,
    Subheading,
    PullQuote,
    Credit,
    Caption,
    Byline,
    Footnote,
    FootnoteContinued,
    Signature,
    Drop,
}

fn structure_lines(lines: Vec<SourceLine>) -> Vec<SourceLine> {
    let Some(body) = body_style(&lines) else {
        return lines;
    };
    let lines = reading_order(lines, &body);
    let frames = page_frames(&lines, &body);
    let dropped = furniture(&lines, &body, &frames);
    let mut decided: Vec<Decided> = vec![Decided::Body; lines.len()];
    for &index in &dropped {
        decided[index] = Decided::Drop;
    }
    mark_letter(&lines, &mut decided);
    mark_footnotes(&lines, &body, &frames, &mut decided);
    mark_display(&lines, &body, &mut decided);
    assemble(lines, &decided, &body)
}

/// A letter: lines above the salutation on its page are the letterhead (address, date,
/// reference), except "Betreft", the subject, which is the title; the closing formula is
/// followed by the signatory's role and name.
fn mark_letter(lines: &[SourceLine], decided: &mut [Decided]) {
    let Some(salutation) = lines
        .iter()
        .enumerate()
        .take(80)
        .find(|(index, line)| decided[*index] != Decided::Drop && is_salutation(&line.text))
        .map(|(index, _)| index)
    else {
        return;
    };
    let page = lines[salutation].page;
    let mut in_subject = false;
    for index in 0..salutation {
        if lines[index].page != page || decided[index] == Decided::Drop {
            continue;
        }
        let text = lines[index].text.trim();
        if text.starts_with("Betreft ") || text.starts_with("Onderwerp ") {
            decided[index] = Decided::Title;
            in_subject = true;
            continue;
        }
        // The subject runs on over lines indented to its value.
        let continues_subject = in_subject
            && index > 0
            && decided[index - 1] == Decided::Title
            && style_of(&lines[index])
                .zip(style_of(&lines[index - 1]))
                .is_some_and(|(this, previous)| {
                    this.x > previous.x + 10.0 && (this.y - previous.y) < this.size * 2.0
                });
        if continues_subject {
            decided[index] = Decided::Title;
        } else {
            in_subject = false;
            decided[index] = Decided::Drop;
        }
    }
    // The closing: role lines (often in capitals) and the name, within the next few lines.
    for index in salutation..lines.len() {
        if !is_closing(&lines[index].text) {
            continue;
        }
        let following: Vec<usize> = (index + 1..lines.len().min(index + 6))
            .filter(|&next| decided[next] != Decided::Drop && lines[next].page == lines[index].page)
            .collect();
        // The name is the last line of the block: the first line after which comes a gap or
        // body text again; here, the first line that is not in capitals.
        if let Some(position) = following
            .iter()
            .position(|&next| !text::is_all_caps(&lines[next].text))
        {
            for &role_line in &following[..position] {
                decided[role_line] = Decided::Signature;
            }
            decided[following[position]] = Decided::Signature;
        }
        break;
    }
}

/// Footnotes: lines in small type below the page's last body line, from a line that starts with
/// its number to the next.
fn mark_footnotes(
    lines: &[SourceLine],
    body: &BodyStyle,
    frames: &HashMap<u32, PageFrame>,
    decided: &mut [Decided],
) {
    let mut in_note = false;
    let mut previous_page = None;
    let mut last_note: Option<u32> = None;
    for (index, line) in lines.iter().enumerate() {
        if decided[index] == Decided::Drop {
            continue;
        }
        let (Some(page), Some(style)) = (line.page, style_of(line)) else {
            in_note = false;
            continue;
        };
        if previous_page != Some(page) {
            in_note = false;
            previous_page = Some(page);
        }
        let Some(frame) = frames.get(&page) else {
            continue;
        };
        let small = style.size < body.size * 0.95;
        let at_foot = style.y > frame.body_bottom + 0.5;
        if !(small && at_foot) {
            in_note = false;
            continue;
        }
        // Notes are numbered in sequence through a document, or again from 1 per article; a
        // number out of sequence is the start of a continued line ("49; hieruit").
        let in_sequence = note_start(&line.text).is_some_and(|(number, _)| {
            number == 1
                || last_note.is_none_or(|last| number == last + 1)
                    && number <= 3 + last_note.unwrap_or(0)
        });
        if in_sequence {
            decided[index] = Decided::Footnote;
            last_note = note_start(&line.text).map(|(number, _)| number);
            in_note = true;
        } else if in_note {
            decided[index] = Decided::FootnoteContinued;
        }
    }
}

/// Titles, labels, standfirsts, bylines, subheadings, pull quotes with credits, and captions.
fn mark_display(lines: &[SourceLine], body: &BodyStyle, decided: &mut [Decided]) {
    let title_size = body.size * 1.6;
    let mut after_title = false;
    let mut after_signature = false;
    for index in 0..lines.len() {
        if decided[index] != Decided::Body {
            if decided[index] == Decided::Signature {
                after_signature = true;
            }
            continue;
        }
        let line = &lines[index];
        let Some(style) = style_of(line) else {
            continue;
        };
        let text = line.text.trim();
        let words = text.split_whitespace().count();
        let other_family = body.family.is_some() && style.family != body.family;
        if style.size >= title_size {
            decided[index] = Decided::Title;
            after_title = true;
            // A short capitalised line just above is the title's label.
            if let Some(previous) = (0..index).rev().find(|&p| decided[p] != Decided::Drop)
                && matches!(decided[previous], Decided::Subheading | Decided::Body)
                && text::is_all_caps(&lines[previous].text)
                && lines[previous].text.split_whitespace().count() <= 4
            {
                decided[previous] = Decided::Label;
            }
            continue;
        }
        if let Some(_names) = byline_names(text) {
            decided[index] = Decided::Byline;
            continue;
        }
        let display = style.size >= body.size * 1.1;
        if display && opens_quote(text) {
            // A pull quote runs over the display lines in the same style that follow.
            decided[index] = Decided::PullQuote;
            let mut next = index + 1;
            while next < lines.len()
                && decided[next] == Decided::Body
                && style_of(&lines[next])
                    .is_some_and(|s| (s.size - style.size).abs() < 0.6 && s.family == style.family)
            {
                decided[next] = Decided::PullQuote;
                next += 1;
            }
            if next < lines.len()
                && decided[next] == Decided::Body
                && credit_text(&lines[next].text).is_some()
            {
                decided[next] = Decided::Credit;
                // A credit runs on over lines in its style, indented like it.
                let credit_style = style_of(&lines[next]).cloned();
                let mut more = next + 1;
                while more < lines.len()
                    && decided[more] == Decided::Body
                    && credit_style
                        .as_ref()
                        .zip(style_of(&lines[more]))
                        .is_some_and(|(c, s)| {
                            (c.size - s.size).abs() < 0.3
                                && c.family == s.family
                                && (s.y - c.y) < c.size * 3.0
                        })
                {
                    decided[more] = Decided::Credit;
                    more += 1;
                }
            }
            after_title = false;
            continue;
        }
        let continues_standfirst = index > 0
            && decided[index - 1] == Decided::Standfirst
            && style_of(&lines[index - 1]).is_some_and(|previous| {
                (previous.size - style.size).abs() < 0.3 && previous.italic == style.italic
            });
        if continues_standfirst
            || (after_title
                && (display || style.italic)
                && style.size >= body.size * 0.95
                && words >= 5
                && !style.bold)
        {
            decided[index] = Decided::Standfirst;
            continue;
        }
        let wholly_bold = style.bold;
        let heading_like = words <= 14
            && style.uniform
            && (wholly_bold
                || (other_family && style.size >= body.size * 0.8 && !style.italic)
                || (display && !style.italic))
            && !text.ends_with([',', ';']);
        if heading_like && (wholly_bold || other_family || display) {
            decided[index] = if after_signature {
                after_signature = false;
                Decided::Title
            } else {
                Decided::Subheading
            };
            after_title = false;
            continue;
        }
        // Captions: small type in another face, italic or not, that is not a note.
        if other_family && style.uniform && style.size < body.size * 0.9 && !text::is_all_caps(text)
        {
            decided[index] = Decided::Caption;
            continue;
        }
        if is_body_line(line, body) || style.size < body.size {
            after_title = false;
        }
    }
    // A heading that runs on over two lines in the same style is one heading.
    for index in 1..lines.len() {
        if decided[index] == Decided::Body
            && decided[index - 1] == Decided::Subheading
            && style_of(&lines[index])
                .zip(style_of(&lines[index - 1]))
                .is_some_and(|(a, b)| {
                    (a.size - b.size).abs() < 0.3
                        && a.family == b.family
                        && a.bold == b.bold
                        && (a.y - b.y).abs() < a.size * 1.6
                })
        {
            decided[index] = Decided::Subheading;
        }
    }
}

/// Returns whether the body lines of one page, in drawing order, read like a page: going down a
/// column, and up only when moving to a column on the right. A content stream written in some
/// other order (objects in the order they were edited) jumps up and down within a column.
fn page_in_reading_order(page: &[&SourceLine], body: &BodyStyle) -> bool {
    let body_lines: Vec<&LineStyle> = page
        .iter()
        .filter(|line| is_body_line(line, body))
        .filter_map(|line| style_of(line))
        .collect();
    if body_lines.len() < 6 {
        return true;
    }
    // Going up happens in reading order only at a new column or box: a few times a page.
    let mut upward = 0;
    let mut backwards = 0;
    for pair in body_lines.windows(2) {
        let (previous, next) = (pair[0], pair[1]);
        if next.y < previous.y - body.size * 0.5 {
            upward += 1;
        }
        let same_baseline = (next.y - previous.y).abs() < body.size * 0.5;
        if same_baseline && next.x + next.width <= previous.x {
            backwards += 1;
        }
    }
    upward <= (body_lines.len() / 8).max(4) && backwards * 20 <= body_lines.len()
}

/// Orders the lines of a page by recursive XY-cut: split at the widest vertical gutter no line
/// crosses (columns, left to right), else at the widest horizontal gap (blocks, top to bottom),
/// then each part again; a part that cannot be split is read top to bottom.
fn xy_cut(mut lines: Vec<SourceLine>, min_gap: f32) -> Vec<SourceLine> {
    if lines.len() <= 1 {
        return lines;
    }
    let extent = |line: &SourceLine| {
        style_of(line).map_or((0.0, 0.0, 0.0, 0.0), |style| {
            (
                style.x,
                style.x + style.width,
                style.y - style.size,
                style.y,
            )
        })
    };
    // The widest gap along one axis between the projections of the lines.
    let widest_gap = |spans: &mut Vec<(f32, f32)>| -> Option<(f32, f32)> {
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut best: Option<(f32, f32)> = None;
        let mut reach = spans.first()?.1;
        for span in spans.iter().skip(1) {
            let gap = span.0 - reach;
            if gap > best.map_or(0.0, |(width, _)| width) {
                best = Some((gap, reach + gap / 2.0));
            }
            reach = reach.max(span.1);
        }
        best
    };
    let mut columns: Vec<(f32, f32)> = lines
        .iter()
        .map(|line| (extent(line).0, extent(line).1))
        .collect();
    if let Some((gap, cut)) = widest_gap(&mut columns)
        && gap >= min_gap
    {
        let (left, right): (Vec<SourceLine>, Vec<SourceLine>) =
            lines.into_iter().partition(|line| extent(line).1 <= cut);
        let mut ordered = xy_cut(left, min_gap);
        ordered.extend(xy_cut(right, min_gap));
        return ordered;
    }
    let mut rows: Vec<(f32, f32)> = lines
        .iter()
        .map(|line| (extent(line).2, extent(line).3))
        .collect();
    if let Some((gap, cut)) = widest_gap(&mut rows)
        && gap >= min_gap * 0.5
    {
        let (top, bottom): (Vec<SourceLine>, Vec<SourceLine>) =
            lines.into_iter().partition(|line| extent(line).3 <= cut);
        let mut ordered = xy_cut(top, min_gap);
        ordered.extend(xy_cut(bottom, min_gap));
        return ordered;
    }
    lines.sort_by(|a, b| {
        extent(a)
            .3
            .total_cmp(&extent(b).3)
            .then(extent(a).0.total_cmp(&extent(b).0))
    });
    lines
}

/// Keeps the drawing order of each page that reads like a page (the typesetter's order is the
/// best evidence), and reorders the others by XY-cut.
fn reading_order(lines: Vec<SourceLine>, body: &BodyStyle) -> Vec<SourceLine> {
    let mut pages: Vec<(Option<u32>, Vec<SourceLine>)> = Vec::new();
    for line in lines {
        match pages.last_mut() {
            Some((page, page_lines)) if *page == line.page => page_lines.push(line),
            _ => pages.push((line.page, vec![line])),
        }
    }
    let mut out = Vec::new();
    for (page, page_lines) in pages {
        let refs: Vec<&SourceLine> = page_lines.iter().collect();
        if page.is_none() || page_in_reading_order(&refs, body) {
            out.extend(page_lines);
        } else {
            tracing::debug!(
                ?page,
                "drawing order jumps about, reading the page by XY-cut"
            );
            out.extend(xy_cut(page_lines, body.size));
        }
    }
    out
}

/// Joins the lines of one display element into one line of text, rejoining words broken at
/// line ends.
fn join_display(texts: &[&str]) -> String {
    let mut out = String::new();
    for text in texts {
        let text = text.trim();
        if out.is_empty() {
            out.push_str(text);
        } else if let Some(stem) = out.strip_suffix('-')
            && text.chars().next().is_some_and(char::is_lowercase)
            && stem.chars().next_back().is_some_and(char::is_alphabetic)
        {
            out.truncate(stem.len());
            out.push_str(text);
        } else {
            out.push(' ');
            out.push_str(text);
        }
    }
    out
}

/// Builds the output lines: runs of one role merged into one given line, body lines kept
/// physical with paragraph starts marked, captions kept apart at the end of their article,
/// footnotes moved after the running text.
fn assemble(lines: Vec<SourceLine>, decided: &[Decided], body: &BodyStyle) -> Vec<SourceLine> {
    let mut out: Vec<SourceLine> = Vec::with_capacity(lines.len());
    let mut notes: Vec<SourceLine> = Vec::new();
    let mut captions: Vec<SourceLine> = Vec::new();
    let mut previous_body: Option<usize> = None;
    let mut index = 0;
    let given = |template: &SourceLine, role: LineRole, text: String| SourceLine {
        text,
        role,
        frame_start: true,
        blank_before: true,
        ..template.clone()
    };
    while index < lines.len() {
        let role = decided[index];
        let run_end = (index + 1..lines.len())
            .find(|&next| decided[next] != role || (role == Decided::Footnote))
            .unwrap_or(lines.len());
        let run_end = if role == Decided::Body {
            index + 1
        } else {
            run_end
        };
        let texts: Vec<&str> = lines[index..run_end]
            .iter()
            .map(|line| line.text.as_str())
            .collect();
        let first = &lines[index];
        match role {
            Decided::Drop => {}
            Decided::Body => {
                let mut line = first.clone();
                line.text = line
                    .text
                    .trim_start_matches(is_bullet)
                    .trim_start()
                    .to_string();
                let bullet = first.text.starts_with(is_bullet);
                let starts_paragraph = match previous_body {
                    None => true,
                    Some(previous) => bullet || starts_paragraph(&lines[previous], first, body),
                };
                line.frame_start = starts_paragraph;
                line.blank_before = false;
                previous_body = Some(index);
                if !line.text.is_empty() {
                    out.push(line);
                }
            }
            Decided::Title
            | Decided::Label
            | Decided::Standfirst
            | Decided::Subheading
            | Decided::PullQuote => {
                // A heading or title flushes the captions of the article that ends.
                if matches!(role, Decided::Title | Decided::Label) {
                    out.append(&mut captions);
                }
                let line_role = match role {
                    Decided::Title => LineRole::Title,
                    Decided::Label => LineRole::Label,
                    Decided::Standfirst => LineRole::Standfirst,
                    Decided::Subheading => LineRole::Subheading,
                    _ => LineRole::PullQuote,
                };
                // A pull quote's credit is printed under it but read (as markup gives it) first.
                if role == Decided::PullQuote
                    && run_end < lines.len()
                    && decided[run_end] == Decided::Credit
                {
                    let credit_end = (run_end..lines.len())
                        .find(|&next| decided[next] != Decided::Credit)
                        .unwrap_or(lines.len());
                    let credit_lines: Vec<&str> = lines[run_end..credit_end]
                        .iter()
                        .map(|l| l.text.as_str())
                        .collect();
                    let credit = join_display(&credit_lines);
                    if let Some(credit) = credit_text(&credit) {
                        out.push(given(
                            &lines[run_end],
                            LineRole::Caption,
                            credit.to_string(),
                        ));
                    }
                }
                let mut joined = join_display(&texts);
                if role == Decided::Title {
                    for label in ["Betreft ", "Onderwerp "] {
                        if let Some(subject) = joined.strip_prefix(label) {
                            joined = subject.trim_start_matches(':').trim().to_string();
                        }
                    }
                }
                out.push(given(first, line_role, joined));
                if role != Decided::PullQuote {
                    previous_body = None;
                }
            }
            Decided::Credit => {}
            Decided::Byline => {
                if let Some(names) = byline_names(first.text.trim()) {
                    out.push(given(first, LineRole::Byline, names.to_string()));
                }
            }
            Decided::Caption => {
                captions.push(given(first, LineRole::Paragraph, join_display(&texts)));
            }
            Decided::Signature => {
                // Role lines first, the name last: "Name, role".
                let (name, roles) = texts
                    .split_last()
                    .map_or(("", &[][..]), |(name, roles)| (*name, roles));
                let role_text = role_from_capitals(&join_display(roles));
                let text = if role_text.is_empty() {
                    name.trim().to_string()
                } else {
                    format!("{}, {}", name.trim(), role_text)
                };
                out.push(given(first, LineRole::Signature, text));
                previous_body = None;
            }
            Decided::Footnote => {
                let note_end = (index + 1..lines.len())
                    .find(|&next| decided[next] != Decided::FootnoteContinued)
                    .unwrap_or(lines.len());
                if let Some((number, _)) = note_start(first.text.trim()) {
                    let joined = join_note_lines(&lines[index..note_end]);
                    let rest = note_start(&joined).map_or(joined.as_str(), |(_, rest)| rest);
                    notes.push(given(
                        first,
                        LineRole::Footnote,
                        format!("{number}  {rest}"),
                    ));
                }
                index = note_end;
                continue;
            }
            Decided::FootnoteContinued => {}
        }
        index = run_end;
    }
    out.append(&mut captions);
    out.append(&mut notes);
    out
}

/// Joins the lines of one footnote. A URL at the end of a line that fills the note's width was
/// broken there by the width alone, so the next line continues it without a space
/// ("…did=2022D222" + "49; hieruit" → "…did=2022D22249; hieruit"); other lines join as display
/// text does.
fn join_note_lines(lines: &[SourceLine]) -> String {
    let widest = lines
        .iter()
        .filter_map(|line| style_of(line).map(|style| style.width))
        .fold(0.0f32, f32::max);
    let mut out = String::new();
    for (index, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        if index == 0 {
            out.push_str(text);
            continue;
        }
        let previous = &lines[index - 1];
        let last_token = out.rsplit(char::is_whitespace).next().unwrap_or("");
        let url_at_end = last_token.contains("://") || last_token.starts_with("www.");
        let previous_full = style_of(previous).is_some_and(|style| style.width >= widest * 0.9);
        let continues_url = url_at_end
            && previous_full
            && !last_token.ends_with(['.', ',', ';', ')'])
            && text
                .chars()
                .next()
                .is_some_and(|ch| ch.is_alphanumeric() || "/?&=#%_-.".contains(ch));
        if continues_url {
            out.push_str(text);
        } else {
            out = join_display(&[out.as_str(), text]);
        }
    }
    out
}

fn is_bullet(ch: char) -> bool {
    matches!(
        ch,
        '•' | '▪' | '■' | '◦' | '●' | '–' | '\u{f0b7}' | '\u{f0a7}'
    ) || ('\u{e000}'..='\u{f8ff}').contains(&ch)
}

/// Returns whether `line` starts a new paragraph after `previous` in the running text: a wider
/// gap than the leading, an indented first line, or a new column or page after a line that ends
/// a sentence short of the column's edge.
fn starts_paragraph(previous: &SourceLine, line: &SourceLine, body: &BodyStyle) -> bool {
    let (Some(a), Some(b)) = (style_of(previous), style_of(line)) else {
        return false;
    };
    let same_column =
        previous.page == line.page && (b.x - a.x).abs() < body.size * 3.0 && b.y > a.y;
    if same_column {
        let leading = b.y - a.y;
        let gap = leading > a.size.max(b.size) * 1.7;
        let indented = b.x > a.x + body.size * 0.8 && text::ends_sentence(&previous.text);
        return gap || indented;
    }
    // A new column or page: a paragraph starts when the previous line ended a sentence well short
    // of its column's width.
    text::ends_sentence(&previous.text)
        && text::starts_uppercase(line.text.trim_start_matches(['"', '“', '‘', '\'']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: u32, x: f32, y: f32, size: f32, text: &str) -> SourceLine {
        SourceLine {
            number: 0,
            page: Some(page),
            text: text.to_string(),
            frame_start: false,
            blank_before: false,
            role: LineRole::Layout,
            style: Some(LineStyle {
                x,
                y,
                width: text.chars().count() as f32 * size * 0.5,
                size,
                bold: false,
                italic: false,
                family: Some("Serif".to_string()),
                uniform: true,
            }),
        }
    }

    fn bold(mut line: SourceLine) -> SourceLine {
        if let Some(style) = line.style.as_mut() {
            style.bold = true;
        }
        line
    }

    fn numbered(lines: Vec<SourceLine>) -> Vec<SourceLine> {
        lines
            .into_iter()
            .enumerate()
            .map(|(index, mut line)| {
                line.number = index as u32 + 1;
                line
            })
            .collect()
    }

    fn roles(lines: &[SourceLine]) -> Vec<(LineRole, &str)> {
        lines
            .iter()
            .map(|line| (line.role, line.text.as_str()))
            .collect()
    }

    fn body_page(page: u32, first_y: f32, texts: &[&str]) -> Vec<SourceLine> {
        texts
            .iter()
            .enumerate()
            .map(|(index, text)| line(page, 72.0, first_y + index as f32 * 12.0, 9.0, text))
            .collect()
    }

    #[test]
    fn running_footers_and_page_numbers_are_furniture() {
        let mut lines = Vec::new();
        for page in 1..=3 {
            lines.extend(body_page(
                page,
                100.0,
                &[
                    "De regio werkt samen met het mbo en",
                    "de gemeente aan een plan.",
                ],
            ));
            lines.push(line(page, 72.0, 800.0, 7.0, "MAGAZINE VOOR HET MBO"));
            lines.push(line(
                page,
                500.0,
                800.0,
                7.0,
                &format!("Pagina {page} van 3"),
            ));
        }
        let out = structure_lines(numbered(lines));
        assert!(
            out.iter()
                .all(|line| !line.text.contains("MAGAZINE") && !line.text.contains("Pagina")),
            "{:?}",
            roles(&out)
        );
        assert_eq!(out.len(), 6);
    }

    #[test]
    fn small_type_at_the_foot_is_a_footnote_moved_after_the_text() {
        let mut lines = body_page(
            1,
            100.0,
            &[
                "Het onderzoek van het lectoraat1 laat zien",
                "dat de regio met het bedrijfsleven en de",
                "gemeente een plan heeft en dat de regio",
            ],
        );
        lines.push(line(
            1,
            72.0,
            700.0,
            7.5,
            "1https://www.example.nl/rapporten/regio-",
        ));
        lines.push(line(1, 72.0, 709.0, 7.5, "samenwerking.pdf"));
        lines.push(line(
            1,
            72.0,
            718.0,
            7.5,
            "2 Zie ook het verslag van 2019 en 2020",
        ));
        lines.push(line(1, 72.0, 727.0, 7.5, "14 dagen later."));
        lines.extend(body_page(2, 100.0, &["sterker wordt door samenwerking."]));
        let out = structure_lines(numbered(lines));
        assert_eq!(
            roles(&out),
            [
                (
                    LineRole::Layout,
                    "Het onderzoek van het lectoraat1 laat zien"
                ),
                (LineRole::Layout, "dat de regio met het bedrijfsleven en de"),
                (LineRole::Layout, "gemeente een plan heeft en dat de regio"),
                (LineRole::Layout, "sterker wordt door samenwerking."),
                (
                    LineRole::Footnote,
                    "1  https://www.example.nl/rapporten/regio-samenwerking.pdf"
                ),
                (
                    LineRole::Footnote,
                    "2  Zie ook het verslag van 2019 en 2020 14 dagen later."
                ),
            ]
        );
    }

    #[test]
    fn title_label_standfirst_byline_and_subheading_from_size_and_weight() {
        let mut lines = vec![
            bold(line(1, 40.0, 50.0, 8.0, "INTERVIEW")),
            bold(line(1, 40.0, 90.0, 24.0, "Samen sterk in")),
            bold(line(1, 40.0, 120.0, 24.0, "de regio")),
        ];
        let mut standfirst = line(
            1,
            40.0,
            150.0,
            12.0,
            "Hoe werken school en bedrijf samen? Een gesprek met twee docenten.",
        );
        if let Some(style) = standfirst.style.as_mut() {
            style.italic = true;
        }
        lines.push(standfirst);
        lines.push(line(1, 40.0, 170.0, 7.5, "Tekst: Anna de Vries"));
        lines.extend(body_page(
            1,
            200.0,
            &["Het begon met een vraag van een bedrijf", "uit de buurt."],
        ));
        lines.push(bold(line(1, 40.0, 240.0, 9.0, "Een plek voor onderzoek")));
        lines.extend(body_page(
            1,
            254.0,
            &[
                "Daarna volgde een plan dat iedereen",
                "steunde in de regio.",
            ],
        ));
        let out = structure_lines(numbered(lines));
        assert_eq!(
            roles(&out),
            [
                (LineRole::Label, "INTERVIEW"),
                (LineRole::Title, "Samen sterk in de regio"),
                (
                    LineRole::Standfirst,
                    "Hoe werken school en bedrijf samen? Een gesprek met twee docenten."
                ),
                (LineRole::Byline, "Anna de Vries"),
                (LineRole::Layout, "Het begon met een vraag van een bedrijf"),
                (LineRole::Layout, "uit de buurt."),
                (LineRole::Subheading, "Een plek voor onderzoek"),
                (LineRole::Layout, "Daarna volgde een plan dat iedereen"),
                (LineRole::Layout, "steunde in de regio."),
            ]
        );
    }

    #[test]
    fn a_display_quote_with_its_dash_credit_becomes_a_pull_quote_with_caption() {
        let mut lines = body_page(
            1,
            100.0,
            &["Het project loopt al twee jaar en", "iedereen doet mee."],
        );
        lines.push(line(1, 300.0, 100.0, 12.0, "\"We leren het meest van"));
        lines.push(line(1, 300.0, 115.0, 12.0, "elkaar.\""));
        lines.push(line(1, 300.0, 130.0, 7.0, "— Ria Smit, docent"));
        lines.extend(body_page(1, 124.0, &["Daarna kwam de gemeente."]));
        let out = structure_lines(numbered(lines));
        assert_eq!(
            roles(&out)[2..4],
            [
                (LineRole::Caption, "Ria Smit, docent"),
                (LineRole::PullQuote, "\"We leren het meest van elkaar.\""),
            ]
        );
    }

    #[test]
    fn a_letter_keeps_its_subject_drops_its_letterhead_and_signs_with_the_role_above_the_name() {
        let lines = vec![
            line(1, 80.0, 160.0, 9.0, "De voorzitter van de Tweede Kamer"),
            line(1, 80.0, 172.0, 9.0, "Postbus 20018"),
            line(1, 85.0, 300.0, 9.0, "Datum 3 februari 2023"),
            line(1, 85.0, 312.0, 9.0, "Betreft Voortgang van het"),
            line(1, 140.0, 324.0, 9.0, "programma beroepsonderwijs"),
            line(1, 80.0, 350.0, 9.0, "Geachte voorzitter,"),
            line(
                1,
                80.0,
                374.0,
                9.0,
                "Met deze brief informeer ik u over de voortgang.",
            ),
            line(1, 80.0, 398.0, 9.0, "Hoogachtend,"),
            line(
                1,
                80.0,
                422.0,
                9.0,
                "DE MINISTER VAN ONDERWIJS, CULTUUR EN WETENSCHAP,",
            ),
            line(1, 80.0, 490.0, 9.0, "drs. A.B. de Vries"),
        ];
        let out = structure_lines(numbered(lines));
        assert_eq!(
            roles(&out),
            [
                (
                    LineRole::Title,
                    "Voortgang van het programma beroepsonderwijs"
                ),
                (LineRole::Layout, "Geachte voorzitter,"),
                (
                    LineRole::Layout,
                    "Met deze brief informeer ik u over de voortgang."
                ),
                (LineRole::Layout, "Hoogachtend,"),
                (
                    LineRole::Signature,
                    "drs. A.B. de Vries, minister van Onderwijs, Cultuur en Wetenschap"
                ),
            ]
        );
    }

    #[test]
    fn a_page_drawn_out_of_order_is_read_column_by_column() {
        let left = [
            "Links een eerste regel van",
            "de tekst die verder gaat",
            "en hier eindigt.",
            "Nog een regel links",
            "en de laatste links.",
        ];
        let right = [
            "Rechts begint de tweede",
            "kolom met meer tekst",
            "die ook doorloopt",
            "tot onderaan de pagina",
            "waar hij stopt.",
        ];
        let mut drawn = Vec::new();
        // Drawn interleaved: a line of the right column, then one of the left, bottom up.
        for index in (0..5).rev() {
            drawn.push(line(
                1,
                300.0,
                100.0 + index as f32 * 12.0,
                9.0,
                right[index],
            ));
            drawn.push(line(1, 72.0, 100.0 + index as f32 * 12.0, 9.0, left[index]));
        }
        let out = structure_lines(numbered(drawn));
        let texts: Vec<&str> = out.iter().map(|line| line.text.as_str()).collect();
        let expected: Vec<&str> = left.iter().chain(right.iter()).copied().collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn a_page_in_reading_order_keeps_its_drawing_order() {
        // Three columns, each top to bottom: going up only when moving right.
        let mut drawn = Vec::new();
        for column in 0..3 {
            for row in 0..4 {
                drawn.push(line(
                    1,
                    40.0 + column as f32 * 180.0,
                    100.0 + row as f32 * 12.0,
                    9.0,
                    &format!("kolom {column} regel {row} met tekst"),
                ));
            }
        }
        let refs: Vec<&SourceLine> = drawn.iter().collect();
        let body = body_style(&drawn).expect("a body style");
        assert!(page_in_reading_order(&refs, &body));
    }

    #[test]
    fn paragraphs_start_after_a_gap_or_an_indent() {
        let lines = vec![
            line(1, 72.0, 100.0, 9.0, "De eerste alinea eindigt hier."),
            line(1, 72.0, 124.0, 9.0, "Na een witregel begint een nieuwe"),
            line(1, 72.0, 136.0, 9.0, "alinea die doorloopt."),
            line(1, 82.0, 148.0, 9.0, "Ingesprongen: weer een nieuwe."),
        ];
        let out = structure_lines(numbered(lines));
        let starts: Vec<bool> = out.iter().map(|line| line.frame_start).collect();
        assert_eq!(starts, [true, true, false, true]);
    }

    #[test]
    fn plain_text_passes_through() {
        let document = crate::ingest::read::read_text("brief.txt", "Geachte voorzitter,\n\nTekst.");
        assert_eq!(structure(document.clone()), document);
    }

    #[test]
    fn capitals_roles_read_as_running_text() {
        assert_eq!(
            role_from_capitals("DE STAATSSECRETARIS VAN INFRASTRUCTUUR EN WATERSTAAT,"),
            "staatssecretaris van Infrastructuur en Waterstaat"
        );
        assert!(is_page_number(
            "P agina 2 van 7".replace("P a", "Pa").as_str()
        ));
        assert!(is_page_number("pagina 12"));
        assert!(!is_page_number("2 5 15 XP Den Haag"));
    }
}
