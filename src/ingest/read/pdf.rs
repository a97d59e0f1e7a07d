//! PDF reader: a PDF file becomes styled lines ([`SourceLine`] with a [`LineStyle`]): the text of
//! each printed line with its page, position, font size, weight and slant, in the order the
//! content stream draws it (the order the typesetter wrote the columns in).
//!
//! Glyphs come from `pdf-extract` (its `OutputDev` callback gives each glyph's text matrix, size
//! and advance width); the font of each glyph from a parallel walk of the page's content stream
//! with `lopdf` (pdf-extract does not report fonts), matched string by string and dropped for a
//! page where the two walks disagree. Glyphs become lines by baseline ([`glyphs_to_lines`], a
//! pure function): a glyph smaller than its line and raised above the baseline is a footnote
//! marker and is glued to the word before it ("werking⁵" → "werking5"), as text extracted from a
//! PDF prints it; spaces come from the gaps between glyphs, measured against the glyph's own
//! advance, so letter-spaced headings do not break words apart.
//!
//! The third-party parser runs behind [`read_pdf`], which contains its panics and its time: a
//! malformed, truncated or encrypted file is an error naming the file, never a crash or a hang.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::time::Duration;

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, MediaBox, Object, OutputDev, OutputError, Transform};
use tracing::{debug, warn};
use unicode_normalization::UnicodeNormalization;

use super::{IssueMetadata, LineRole, LineStyle, ReadError, SourceDocument, SourceLine};
use crate::model::SourceFormat;

/// How long one PDF may take to parse before it is given up as a file that makes the parser loop.
pub const PDF_TIME_BUDGET: Duration = Duration::from_secs(60);

/// Most bytes the PDF's compressed streams (page contents, forms, fonts; images are not read)
/// may inflate to. A stream of a few hundred kilobytes can inflate to gigabytes (a
/// decompression bomb); the check inflates each stream into a counter, never into memory, so
/// it costs time but no memory. A 700-page book inflates to some tens of MiB.
pub const PDF_MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// Most glyphs one PDF may show: each costs about 150 bytes until lines are built, so this
/// bounds the reader's memory to about 300 MB. A 700-page book shows about 2 million.
pub const PDF_MAX_GLYPHS: usize = 2_000_000;

/// One glyph as drawn: position in points from the page's top-left corner, baseline `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// 1-based page number.
    pub page: u32,
    /// Left edge.
    pub x: f32,
    /// Baseline, from the top of the page.
    pub y: f32,
    /// Font size on the page (text matrix and CTM applied).
    pub size: f32,
    /// Advance width on the page, character spacing included.
    pub advance: f32,
    /// The text the glyph stands for (ligatures already NFKC-expanded).
    pub text: String,
    /// The font's style, when the content-stream walk could tell it.
    pub font: Option<FontStyle>,
    /// The glyph starts a new shown string (a `Tj` operand or a string of a `TJ` array). Within
    /// one string, gaps come from the font's widths and spacing, never from a word space.
    pub starts_string: bool,
}

/// What a font's name says about its face.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FontStyle {
    /// The family, subset prefix and style suffixes removed (`TeXGyrePagella`).
    pub family: String,
    /// A bold (or semibold, black, heavy) face.
    pub bold: bool,
    /// An italic or oblique face.
    pub italic: bool,
}

impl FontStyle {
    /// Reads the style from a PDF `BaseFont` name such as `ABCDEF+TeXGyrePagella-BoldItalic`,
    /// `Arial,Bold`, `RijksoverheidSansText-Bold` or `LMRoman10-Italic`.
    pub fn from_base_font(name: &str) -> FontStyle {
        let without_subset = match name.split_once('+') {
            Some((prefix, rest))
                if prefix.len() == 6 && prefix.chars().all(|c| c.is_ascii_uppercase()) =>
            {
                rest
            }
            _ => name,
        };
        let lower = without_subset.to_ascii_lowercase();
        let bold = ["bold", "black", "heavy", "semibold", "demi", "extrabold"]
            .iter()
            .any(|word| lower.contains(word))
            || lower.ends_with("-bd")
            || lower.ends_with("-b");
        let italic = ["italic", "oblique", "-it", "slanted"]
            .iter()
            .any(|word| lower.contains(word))
            || lower.ends_with("-i");
        let family = without_subset
            .split(['-', ','])
            .next()
            .unwrap_or(without_subset)
            .to_string();
        FontStyle {
            family,
            bold,
            italic,
        }
    }
}

/// Reads a PDF held in memory into styled lines, with the metadata of its info dictionary.
/// `label` names the file in messages.
pub fn read_pdf(label: &str, bytes: Vec<u8>) -> Result<SourceDocument, ReadError> {
    quiet_parser_panics();
    let owned_label = label.to_string();
    let (sender, receiver) = mpsc::channel();
    // The parser runs on its own thread so that a file that makes it loop can be given up on;
    // its panics are caught there and come back as errors.
    let spawned = std::thread::Builder::new()
        .name(PARSER_THREAD.to_string())
        .spawn(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| parse_pdf(&bytes)));
            let _ = sender.send(result);
        });
    if let Err(error) = spawned {
        return Err(pdf_error(
            label,
            format!("cannot start the PDF reader: {error}"),
        ));
    }
    let parsed = match receiver.recv_timeout(PDF_TIME_BUDGET) {
        Ok(Ok(result)) => result.map_err(|message| pdf_error(label, message))?,
        Ok(Err(panic)) => {
            let reason = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_else(|| "unknown cause".to_string());
            warn!(file = %owned_label, %reason, "the PDF parser panicked");
            return Err(pdf_error(
                label,
                format!("the PDF is malformed (the parser failed: {reason})"),
            ));
        }
        Err(_) => {
            return Err(pdf_error(
                label,
                format!(
                    "reading the PDF took longer than {} s; the file may be malformed",
                    PDF_TIME_BUDGET.as_secs()
                ),
            ));
        }
    };
    let lines = glyphs_to_lines(&parsed.glyphs);
    Ok(SourceDocument {
        path: label.to_string(),
        format: SourceFormat::Pdf,
        metadata: parsed.metadata,
        lines,
    })
}

/// The name of the thread the third-party parser runs on.
const PARSER_THREAD: &str = "pdf-reader";

/// Keeps the default panic report (a message and a backtrace on stderr) off the parser's
/// thread: its panics are caught and reported as an error naming the file, with the cause.
/// Panics anywhere else are reported as before.
fn quiet_parser_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(PARSER_THREAD) {
                previous(info);
            }
        }));
    });
}

fn pdf_error(label: &str, message: String) -> ReadError {
    ReadError::Malformed {
        path: label.to_string(),
        message,
    }
}

/// What the parser thread hands back.
struct ParsedPdf {
    glyphs: Vec<Glyph>,
    metadata: IssueMetadata,
}

fn parse_pdf(bytes: &[u8]) -> Result<ParsedPdf, String> {
    if !bytes.starts_with(b"%PDF-") && !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err("not a PDF file (no %PDF- header)".to_string());
    }
    let document =
        Document::load_mem(bytes).map_err(|error| format!("cannot parse the PDF: {error}"))?;
    if document.is_encrypted() {
        return Err("the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt)".to_string());
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err("the PDF has no pages".to_string());
    }
    check_inflated_size(&document, PDF_MAX_INFLATED_BYTES)?;
    let mut collector = GlyphCollector {
        max_glyphs: PDF_MAX_GLYPHS,
        ..GlyphCollector::default()
    };
    let walked = pdf_extract::output_doc(&document, &mut collector);
    if collector.over_glyph_budget {
        return Err(format!(
            "the PDF shows more than {PDF_MAX_GLYPHS} glyphs, over the reader's budget"
        ));
    }
    walked.map_err(|error| format!("cannot read the text of the PDF: {error}"))?;
    let mut glyphs = collector.glyphs;
    // Attach fonts: the k-th shown string of a page in pdf-extract's walk is the k-th in ours.
    for (&page_number, &page_id) in &pages {
        let fonts = shown_string_fonts(&document, page_id);
        let strings_seen = collector
            .strings_per_page
            .get(&page_number)
            .copied()
            .unwrap_or(0);
        if fonts.len() != strings_seen {
            debug!(
                page = page_number,
                ours = fonts.len(),
                theirs = strings_seen,
                "font walk disagrees, page left without fonts"
            );
            continue;
        }
        for glyph_index in collector
            .glyph_pages
            .get(&page_number)
            .into_iter()
            .flatten()
        {
            let string_index = collector.glyph_strings[*glyph_index];
            if let Some(Some(name)) = fonts.get(string_index) {
                glyphs[*glyph_index].font = Some(FontStyle::from_base_font(name));
            }
        }
    }
    Ok(ParsedPdf {
        glyphs,
        metadata: info_metadata(&document),
    })
}

/// Fails when the compressed streams of `document` that the reader inflates (all but images)
/// inflate to more than `limit` bytes in all. Streams are inflated into a counter, so the check
/// needs no memory; a stream that does not inflate is left for the parser to report.
fn check_inflated_size(document: &Document, limit: u64) -> Result<(), String> {
    use std::io::Read;
    let mut total: u64 = 0;
    for object in document.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|name| name == b"Image");
        let deflated = stream
            .filters()
            .is_ok_and(|filters| filters.first() == Some(&&b"FlateDecode"[..]));
        if is_image || !deflated {
            continue;
        }
        let remaining = limit.saturating_sub(total) + 1;
        let inflater = flate2::read::ZlibDecoder::new(stream.content.as_slice());
        let inflated =
            std::io::copy(&mut inflater.take(remaining), &mut std::io::sink()).unwrap_or(0);
        total += inflated;
        if total > limit {
            return Err(format!(
                "the PDF's streams inflate to more than {} MiB, over the reader's budget (a decompression bomb?)",
                limit / (1024 * 1024)
            ));
        }
    }
    Ok(())
}

/// Collects glyphs from pdf-extract, remembering which shown string each came from.
#[derive(Default)]
struct GlyphCollector {
    /// Most glyphs to collect ([`PDF_MAX_GLYPHS`]).
    max_glyphs: usize,
    /// More than `max_glyphs` were shown: the walk was stopped.
    over_glyph_budget: bool,
    glyphs: Vec<Glyph>,
    /// For each glyph, the index of its string within its page.
    glyph_strings: Vec<usize>,
    /// Glyph indexes per page.
    glyph_pages: HashMap<u32, Vec<usize>>,
    strings_per_page: HashMap<u32, usize>,
    page: u32,
    page_height: f64,
    strings_on_page: usize,
    string_started: bool,
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = page_num;
        self.page_height = media_box.ury - media_box.lly;
        self.strings_on_page = 0;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.strings_per_page
            .insert(self.page, self.strings_on_page);
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The glyph's size on the page: the font size scaled by the text and graphics matrices.
        let scale_x = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let scale_y = (trm.m21 * trm.m21 + trm.m22 * trm.m22).sqrt();
        let size = font_size * (scale_x * scale_y).sqrt();
        let advance = (width * font_size + spacing) * scale_x;
        let x = trm.m31;
        let y = self.page_height - trm.m32;
        let normalized: String = text.nfkc().collect();
        if !(x.is_finite() && y.is_finite() && size.is_finite() && advance.is_finite()) {
            return Ok(());
        }
        let index = self.glyphs.len();
        if index >= self.max_glyphs {
            self.over_glyph_budget = true;
            return Err(OutputError::IoError(std::io::Error::other(
                "over the glyph budget",
            )));
        }
        self.glyphs.push(Glyph {
            page: self.page,
            x: x as f32,
            y: y as f32,
            size: size as f32,
            advance: advance as f32,
            text: normalized,
            font: None,
            starts_string: std::mem::take(&mut self.string_started),
        });
        self.glyph_strings
            .push(self.strings_on_page.saturating_sub(1));
        self.glyph_pages.entry(self.page).or_default().push(index);
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.strings_on_page += 1;
        self.string_started = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Returns, for each string a page shows (each `Tj` operand and each string in a `TJ` array, in
/// the order pdf-extract walks them, form `XObject`s included), the `BaseFont` of its font.
fn shown_string_fonts(document: &Document, page_id: pdf_extract::ObjectId) -> Vec<Option<String>> {
    let mut fonts = Vec::new();
    let Ok(content) = document.get_page_content(page_id) else {
        return fonts;
    };
    let resources = page_resources(document, page_id);
    walk_content(document, &content, resources, &mut fonts, 0);
    fonts
}

fn page_resources(document: &Document, page_id: pdf_extract::ObjectId) -> Option<&Dictionary> {
    let mut node = document.get_object(page_id).ok()?.as_dict().ok()?;
    // Resources may be inherited from the page tree.
    for _ in 0..32 {
        if let Ok(resources) = node.get(b"Resources") {
            return document.dereference(resources).ok()?.1.as_dict().ok();
        }
        let parent = node.get(b"Parent").ok()?;
        node = document.dereference(parent).ok()?.1.as_dict().ok()?;
    }
    None
}

fn dictionary_entry<'a>(
    document: &'a Document,
    dictionary: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    let object = dictionary.get(key).ok()?;
    Some(document.dereference(object).ok()?.1)
}

fn base_font_name(
    document: &Document,
    resources: Option<&Dictionary>,
    name: &[u8],
) -> Option<String> {
    let fonts = dictionary_entry(document, resources?, b"Font")?
        .as_dict()
        .ok()?;
    let font = dictionary_entry(document, fonts, name)?.as_dict().ok()?;
    let base = dictionary_entry(document, font, b"BaseFont")?
        .as_name()
        .ok()?;
    Some(String::from_utf8_lossy(base).into_owned())
}

fn walk_content(
    document: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    fonts: &mut Vec<Option<String>>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let mut current: Option<String> = None;
    let mut saved: Vec<Option<String>> = Vec::new();
    for operation in &content.operations {
        match operation.operator.as_str() {
            "q" => saved.push(current.clone()),
            "Q" => {
                if let Some(previous) = saved.pop() {
                    current = previous;
                }
            }
            "Tf" => {
                current = operation
                    .operands
                    .first()
                    .and_then(|operand| operand.as_name().ok())
                    .and_then(|name| base_font_name(document, resources, name));
            }
            "Tj" => fonts.push(current.clone()),
            "TJ" => {
                if let Some(Object::Array(items)) = operation.operands.first() {
                    for item in items {
                        if matches!(item, Object::String(..)) {
                            fonts.push(current.clone());
                        }
                    }
                }
            }
            "Do" => {
                let form = operation
                    .operands
                    .first()
                    .and_then(|operand| operand.as_name().ok())
                    .and_then(|name| {
                        let xobjects = dictionary_entry(document, resources?, b"XObject")?
                            .as_dict()
                            .ok()?;
                        dictionary_entry(document, xobjects, name)?.as_stream().ok()
                    });
                if let Some(stream) = form {
                    let inner_resources = dictionary_entry(document, &stream.dict, b"Resources")
                        .and_then(|object| object.as_dict().ok())
                        .or(resources);
                    let data = stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone());
                    // pdf-extract walks every XObject's content; an image's bytes decode to no
                    // text operations, so walking it here keeps the two walks in step.
                    walk_content(document, &data, inner_resources, fonts, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Metadata from the document information dictionary: `Title`, and the year and month of
/// `CreationDate` ("D:20230203…").
fn info_metadata(document: &Document) -> IssueMetadata {
    let mut metadata = IssueMetadata::default();
    let Some(info) = document
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|object| document.dereference(object).ok())
        .and_then(|(_, object)| object.as_dict().ok())
    else {
        return metadata;
    };
    let text = |key: &[u8]| -> Option<String> {
        let object = dictionary_entry(document, info, key)?;
        let value = pdf_extract::decode_text_string(object).ok()?;
        let trimmed = value.trim().to_string();
        (!trimmed.is_empty()).then_some(trimmed)
    };
    metadata.title = text(b"Title");
    if let Some(date) = text(b"CreationDate") {
        let digits: String = date
            .trim_start_matches("D:")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.len() >= 4
            && let Ok(year) = digits[..4].parse::<i32>()
            && (1900..2100).contains(&year)
        {
            metadata.year = Some(year);
            if digits.len() >= 6
                && let Ok(month) = digits[4..6].parse::<u32>()
                && (1..=12).contains(&month)
            {
                metadata.month = Some(month);
            }
        }
    }
    metadata
}

/// The glyphs of one printed line, before its spaces are placed.
struct LineGlyphs<'a> {
    page: u32,
    baseline: f32,
    /// Glyphs in drawing order, each flagged when it is a raised footnote marker.
    glyphs: Vec<(&'a Glyph, bool)>,
    /// An explicit space glyph was drawn before the glyph at this index.
    spaces_before: Vec<usize>,
    end: f32,
}

impl<'a> LineGlyphs<'a> {
    fn new(glyph: &'a Glyph) -> LineGlyphs<'a> {
        LineGlyphs {
            page: glyph.page,
            baseline: glyph.y,
            glyphs: vec![(glyph, false)],
            spaces_before: Vec::new(),
            end: glyph.x + glyph.advance,
        }
    }

    /// The size most characters of the line are set in.
    fn size(&self) -> f32 {
        let mut sizes: Vec<(f32, usize)> = Vec::new();
        for (glyph, marker) in &self.glyphs {
            if *marker {
                continue;
            }
            let rounded = (glyph.size * 10.0).round() / 10.0;
            let visible = glyph.text.chars().filter(|ch| !ch.is_whitespace()).count();
            match sizes
                .iter_mut()
                .find(|(size, _)| (*size - rounded).abs() < 0.05)
            {
                Some((_, count)) => *count += visible,
                None => sizes.push((rounded, visible)),
            }
        }
        sizes
            .iter()
            .max_by_key(|(_, count)| *count)
            .map_or(0.0, |(size, _)| *size)
    }

    fn push(&mut self, glyph: &'a Glyph, marker: bool) {
        self.end = self.end.max(glyph.x + glyph.advance);
        self.glyphs.push((glyph, marker));
    }

    /// Places spaces and reads the line's style. A gap is a word space when it is wider than a
    /// tenth of the size above the line's usual gap between letters: justified lines squeeze
    /// word spaces to a sixth of an em, letter-spaced headings widen every gap alike.
    fn finish(self, number: u32) -> Option<SourceLine> {
        let size = self.size();
        let mut gaps: Vec<f32> = Vec::new();
        for pair in self.glyphs.windows(2) {
            let (previous, _) = pair[0];
            let (next, _) = pair[1];
            gaps.push(next.x - (previous.x + previous.advance));
        }
        let mut sorted = gaps.clone();
        sorted.sort_by(f32::total_cmp);
        // The letter gap: the gap below which a third of all gaps fall (words have more letters
        // than spaces, so this is a gap inside a word).
        let letter_gap = sorted
            .get(sorted.len() / 3)
            .copied()
            .unwrap_or(0.0)
            .clamp(0.0, size * 0.3);
        // Glyphs placed one by one (each its own string, as some word processors write them)
        // carry the rounding of their positions in every gap: ask for a wider gap there.
        let placed_one_by_one = self
            .glyphs
            .iter()
            .filter(|(glyph, _)| glyph.starts_string)
            .count()
            * 2
            > self.glyphs.len();
        let threshold = letter_gap + size * if placed_one_by_one { 0.2 } else { 0.1 };
        let mut text = String::new();
        let mut bold_chars = 0;
        let mut italic_chars = 0;
        let mut styled_chars = 0;
        let mut families: HashMap<&str, usize> = HashMap::new();
        let x = self.glyphs.first().map_or(0.0, |(glyph, _)| glyph.x);
        for (index, (glyph, marker)) in self.glyphs.iter().enumerate() {
            if index > 0 {
                let explicit_space = self.spaces_before.contains(&index);
                let wide_gap = gaps[index - 1] > threshold && glyph.starts_string;
                if (explicit_space || (wide_gap && !marker)) && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            text.push_str(&glyph.text);
            if *marker {
                continue;
            }
            let letters = glyph.text.chars().filter(|ch| ch.is_alphanumeric()).count();
            if let Some(font) = &glyph.font {
                styled_chars += letters;
                if font.bold {
                    bold_chars += letters;
                }
                if font.italic {
                    italic_chars += letters;
                }
                *families.entry(font.family.as_str()).or_default() += letters;
            }
        }
        let text = crate::text::squash_whitespace(&super::clean_line(&text));
        if text.is_empty() {
            return None;
        }
        let dominant_family = families
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
        let family_letters = dominant_family.map_or(styled_chars, |(_, letters)| *letters);
        let family = dominant_family.map(|(family, _)| (*family).to_string());
        // Letters set in the line's own size and family: a run-in in another face ("Voor
        // inkopers:" in the headings' sans) leaves a line of body text mixed, not a heading.
        let mut letters_in_size = 0;
        let mut letters_all = 0;
        for (glyph, marker) in &self.glyphs {
            let letters = glyph.text.chars().filter(|ch| ch.is_alphanumeric()).count();
            if *marker {
                continue;
            }
            letters_all += letters;
            if (glyph.size - size).abs() <= size * 0.05 {
                letters_in_size += letters;
            }
        }
        let uniform =
            letters_in_size * 100 >= letters_all * 85 && family_letters * 100 >= styled_chars * 85;
        Some(SourceLine {
            number,
            page: Some(self.page),
            text,
            frame_start: false,
            blank_before: false,
            role: LineRole::Layout,
            style: Some(LineStyle {
                x,
                y: self.baseline,
                width: (self.end - x).max(0.0),
                size,
                // Wholly (nearly) bold or italic: a bold run-in ("Let op: …") does not make a
                // heading.
                bold: styled_chars > 0 && bold_chars * 100 >= styled_chars * 85,
                italic: styled_chars > 0 && italic_chars * 100 >= styled_chars * 85,
                family,
                uniform,
            }),
        })
    }
}

/// Returns whether `glyph` sits raised and smaller after the line being built: a footnote
/// marker ("werking⁵"), not a subscript ("CO₂", lowered) nor a new line.
fn is_superscript(glyph: &Glyph, line: &LineGlyphs<'_>) -> bool {
    let line_size = line.size();
    if line_size <= 0.0 {
        return false;
    }
    let raised = line.baseline - glyph.y;
    glyph.size < line_size * 0.85
        && raised > line_size * 0.15
        && raised < line_size * 0.8
        && glyph.x >= line.end - line_size * 0.3
        && glyph.x <= line.end + line_size * 0.6
        && glyph
            .text
            .chars()
            .all(|ch| ch.is_ascii_digit() || ch == ',' || ch == '*')
}

/// Groups glyphs, in drawing order, into lines: a new line starts on a new page, on a new
/// baseline, or after a jump left or a gap wider than three letters on the same baseline (the
/// next column, the other half of a footer). Raised smaller digits are glued to the word before.
pub fn glyphs_to_lines(glyphs: &[Glyph]) -> Vec<SourceLine> {
    let mut grouped: Vec<LineGlyphs<'_>> = Vec::new();
    let mut pending_space = false;
    for glyph in glyphs {
        if glyph.size <= 0.0 || !glyph.size.is_finite() {
            continue;
        }
        if glyph.text.chars().all(char::is_whitespace) {
            pending_space = true;
            continue;
        }
        let Some(line) = grouped.last_mut() else {
            grouped.push(LineGlyphs::new(glyph));
            pending_space = false;
            continue;
        };
        if glyph.page == line.page && is_superscript(glyph, line) {
            line.push(glyph, true);
            pending_space = false;
            continue;
        }
        let line_size = line.size().max(glyph.size);
        let same_baseline = (glyph.y - line.baseline).abs() <= line_size * 0.4;
        let gap = glyph.x - line.end;
        let new_line = glyph.page != line.page
            || !same_baseline
            || gap < -line_size * 0.5
            || gap > line_size * 3.0;
        if new_line {
            grouped.push(LineGlyphs::new(glyph));
        } else {
            if pending_space {
                let index = line.glyphs.len();
                line.spaces_before.push(index);
            }
            line.push(glyph, false);
        }
        pending_space = false;
    }
    let mut lines = Vec::with_capacity(grouped.len());
    for (index, line) in grouped.into_iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if let Some(finished) = line.finish(number) {
            lines.push(finished);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(page: u32, x: f32, y: f32, size: f32, text: &str) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut position = x;
        for ch in text.chars() {
            let advance = size * 0.5;
            out.push(Glyph {
                page,
                x: position,
                y,
                size,
                advance: if ch == ' ' { size * 0.25 } else { advance },
                text: ch.to_string(),
                font: None,
                starts_string: true,
            });
            position += if ch == ' ' { size * 0.25 } else { advance };
        }
        out
    }

    #[test]
    fn font_names_tell_weight_and_slant() {
        let bold = FontStyle::from_base_font("ABCDEF+TeXGyreAdventor-Bold");
        assert_eq!(
            (bold.family.as_str(), bold.bold, bold.italic),
            ("TeXGyreAdventor", true, false)
        );
        let italic = FontStyle::from_base_font("Arial,Italic");
        assert_eq!(
            (italic.family.as_str(), italic.bold, italic.italic),
            ("Arial", false, true)
        );
        let regular = FontStyle::from_base_font("QWERTY+Verdana");
        assert!(!regular.bold && !regular.italic);
    }

    #[test]
    fn raised_small_digits_are_glued_markers_and_baselines_split_lines() {
        let mut all = glyphs(1, 72.0, 100.0, 9.0, "samenwerking");
        let end = all.last().map_or(0.0, |g| g.x + g.advance);
        all.push(Glyph {
            page: 1,
            x: end + 0.2,
            y: 97.0,
            size: 6.0,
            advance: 3.0,
            text: "5".to_string(),
            font: None,
            starts_string: true,
        });
        all.extend(glyphs(1, end + 4.0, 100.0, 9.0, " in CO"));
        // A subscript 2 is small but lowered, not raised: it stays a digit of the word.
        let co_end = all.last().map_or(0.0, |g| g.x + g.advance);
        all.push(Glyph {
            page: 1,
            x: co_end,
            y: 101.5,
            size: 6.0,
            advance: 3.0,
            text: "2".to_string(),
            font: None,
            starts_string: true,
        });
        all.extend(glyphs(1, 72.0, 112.0, 9.0, "de regio"));
        let lines = glyphs_to_lines(&all);
        let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
        assert_eq!(texts, ["samenwerking5 in CO2", "de regio"]);
        let style = lines[0].style.as_ref().expect("pdf lines carry a style");
        assert_eq!(style.size, 9.0);
        assert_eq!(style.y, 100.0);
    }

    #[test]
    fn letter_spacing_does_not_split_words_but_word_gaps_do() {
        // Each letter of "Den Haag" set with a gap of 0.1 em; the word gap is 0.4 em.
        let mut all = Vec::new();
        let mut x = 50.0;
        for (index, ch) in "DenHaag".chars().enumerate() {
            if index == 3 {
                x += 4.0;
            }
            all.push(Glyph {
                page: 1,
                x,
                y: 50.0,
                size: 10.0,
                advance: 5.0,
                text: ch.to_string(),
                font: None,
                starts_string: true,
            });
            x += 6.0;
        }
        let lines = glyphs_to_lines(&all);
        assert_eq!(lines[0].text, "Den Haag");
    }

    #[test]
    fn a_wide_gap_on_one_baseline_starts_a_new_line() {
        let mut all = glyphs(2, 40.0, 800.0, 7.0, "MAGAZINE");
        all.extend(glyphs(2, 500.0, 800.0, 7.0, "pagina 2"));
        let texts: Vec<String> = glyphs_to_lines(&all)
            .into_iter()
            .map(|line| line.text)
            .collect();
        assert_eq!(texts, ["MAGAZINE", "pagina 2"]);
    }

    /// A one-page PDF whose page uses the font resource `font` (an indirect reference).
    fn one_page_pdf(font: &str, text: &str) -> Vec<u8> {
        let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 {font} >> >> >>"
            ),
            format!(
                "<< /Length {} >>\nstream\n{stream}\nendstream",
                stream.len()
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>".to_string(),
        ];
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::new();
        for (index, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", index + 1));
        }
        let xref = out.len();
        out.push_str(&format!(
            "xref\n0 {}\n0000000000 65535 f \n",
            objects.len() + 1
        ));
        for offset in offsets {
            out.push_str(&format!("{offset:010} 00000 n \n"));
        }
        out.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        ));
        out.into_bytes()
    }

    /// A one-page PDF whose content stream, deflated, shows "Een zin." `repeat` times.
    fn deflated_page_pdf(repeat: usize) -> Vec<u8> {
        use std::io::Write;
        let shown = "BT /F1 12 Tf 72 720 Td (Een zin.) Tj ET\n".repeat(repeat);
        let mut deflater = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        deflater.write_all(shown.as_bytes()).unwrap();
        let deflated = deflater.finish().unwrap();
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        let mut objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        ];
        let mut stream = format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            deflated.len()
        )
        .into_bytes();
        stream.extend_from_slice(&deflated);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
        objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
        for (index, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
            out.extend_from_slice(object);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_it_is_inflated() {
        // 40 000 shows inflate to 1.6 MB from a few kilobytes.
        let bytes = deflated_page_pdf(40_000);
        assert!(bytes.len() < 10_000, "{}", bytes.len());
        let document = Document::load_mem(&bytes).unwrap();
        let error = check_inflated_size(&document, 100 * 1024 * 1024).map(|()| "within");
        assert_eq!(error, Ok("within"));
        let error = check_inflated_size(&document, 1024 * 1024).unwrap_err();
        assert!(error.contains("inflate to more than 1 MiB"), "{error}");
        // Within the budget, the page reads.
        let read = read_pdf("zinnen.pdf", deflated_page_pdf(3)).unwrap();
        assert!(!read.lines.is_empty());
        assert!(read.lines.iter().all(|line| line.text.contains("Een zin.")));
    }

    #[test]
    fn the_glyph_walk_stops_at_its_budget() {
        let document = Document::load_mem(&deflated_page_pdf(10)).unwrap();
        let mut collector = GlyphCollector {
            max_glyphs: 20,
            ..GlyphCollector::default()
        };
        let walked = pdf_extract::output_doc(&document, &mut collector);
        assert!(walked.is_err());
        assert!(collector.over_glyph_budget);
        assert_eq!(collector.glyphs.len(), 20);
    }

    #[test]
    fn a_small_pdf_reads_with_its_font_style() {
        let document = read_pdf("klein.pdf", one_page_pdf("5 0 R", "Geheime brief"))
            .expect("a valid PDF reads");
        assert_eq!(document.lines.len(), 1);
        assert_eq!(document.lines[0].text, "Geheime brief");
        let style = document.lines[0].style.as_ref().expect("styled");
        assert_eq!(
            (style.size, style.bold, style.family.as_deref()),
            (12.0, true, Some("Helvetica"))
        );
        assert_eq!(document.lines[0].page, Some(1));
    }

    #[test]
    fn a_parser_panic_on_a_missing_object_is_an_error_naming_the_file() {
        // The font points at object 9, which does not exist: pdf-extract panics on it.
        let error = read_pdf("zonder-font.pdf", one_page_pdf("9 0 R", "Tekst")).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("zonder-font.pdf: the PDF is malformed"),
            "{message}"
        );
    }

    #[test]
    fn garbage_and_truncated_files_are_errors_naming_the_file() {
        let error = read_pdf("kapot.pdf", b"%PDF-1.7\n1 0 obj <<".to_vec()).unwrap_err();
        assert!(error.to_string().starts_with("kapot.pdf: "), "{error}");
        let error = read_pdf("leeg.pdf", b"geen pdf".to_vec()).unwrap_err();
        assert!(error.to_string().contains("not a PDF"), "{error}");
    }
}
