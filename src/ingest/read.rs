//! Read stage: a source file (plain text extracted from PDF, or an HTML page) becomes a
//! [`SourceDocument`]: numbered lines with layout hints, plus the issue metadata the file, its
//! sidecar manifest or its name states.
//!
//! This is the only stage that knows input formats. Plain text keeps every physical line
//! (hyphenation and reflow are later stages); a line indented by the PDF extractor marks the start
//! of a new text frame. HTML block elements become lines that carry the role their tag gives them,
//! so later stages need not guess what the markup already says.
//!
//! A sidecar manifest `NAME.meta.json` next to `NAME.txt` may give `id`, `series`, `number`,
//! `year`, `month` and `title`.

use std::path::Path;

use serde::Deserialize;
use tracing::warn;
use unicode_normalization::UnicodeNormalization;

use crate::model::SourceFormat;

mod html;
pub mod pdf;
mod stated;

pub use html::read_html;
pub use stated::stated_metadata;

/// Errors reading a source file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is neither PDF, HTML nor text.
    #[error("{path}: unsupported file type (expected a PDF, an HTML page or a text file)")]
    UnsupportedFormat {
        /// The file.
        path: String,
    },
    /// The file is damaged or cannot be parsed in its format (a truncated or encrypted PDF).
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The file holds no text.
    #[error("{path}: the file contains no text")]
    Empty {
        /// The file.
        path: String,
    },
    /// The file is over a reader's budget of size, structure or time: it would make the
    /// parser eat memory or loop ([`HTML_BUDGET`], [`pdf::PDF_TIME_BUDGET`]).
    #[error("{path}: {message}")]
    OverBudget {
        /// The file.
        path: String,
        /// Which limit it is over, and what the file has.
        message: String,
    },
    /// The sidecar manifest is not valid.
    #[error("{path}: invalid issue manifest: {message}")]
    Manifest {
        /// The manifest file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// What a line is, when the source format says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// A physical line of laid-out text: its role is for later stages to find.
    Layout,
    /// A section label ("HET MOMENT").
    Label,
    /// An article title.
    Title,
    /// A subtitle.
    Subtitle,
    /// A standfirst (lead).
    Standfirst,
    /// A subheading within an article.
    Subheading,
    /// A whole paragraph of body text.
    Paragraph,
    /// A display quote.
    PullQuote,
    /// A footnote (its number leads the text).
    Footnote,
    /// A byline naming the author.
    Byline,
    /// The start of a new article (an HTML `<article>`), carrying no text.
    ArticleBreak,
    /// The speaker of the pull quote that follows ("Jan Jansen, projectleider"), as an HTML
    /// `<cite>` names them.
    Caption,
    /// A signature that closes a letter or an article: "Name, role" (the role as printed above
    /// or under the name).
    Signature,
}

/// The typography of a printed line, as far as the format gives it (PDF: all of it; text: none).
///
/// Positions are in points from the page's top-left corner; `y` is the baseline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineStyle {
    /// Left edge.
    pub x: f32,
    /// Baseline, from the top of the page.
    pub y: f32,
    /// Width of the printed text.
    pub width: f32,
    /// The dominant font size.
    pub size: f32,
    /// The line is set (nearly) wholly in a bold face.
    pub bold: bool,
    /// The line is set (nearly) wholly in an italic face.
    pub italic: bool,
    /// The dominant font family, when known (`TeXGyrePagella`).
    pub family: Option<String>,
    /// (Nearly) every letter is set in the line's size and family: a heading or a display line
    /// can be told by its style, which a body line with a run-in in another face cannot.
    pub uniform: bool,
}

/// One line of the source.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLine {
    /// 1-based line number in the file (for HTML: the element's ordinal).
    pub number: u32,
    /// Page, when the source has page breaks.
    pub page: Option<u32>,
    /// The text, NFC-normalised, whitespace-trimmed.
    pub text: String,
    /// The extractor indented the line: it starts a new text frame.
    pub frame_start: bool,
    /// One or more blank lines precede this line.
    pub blank_before: bool,
    /// The role the format gives the line.
    pub role: LineRole,
    /// Typography, when the format gives it.
    pub style: Option<LineStyle>,
}

/// Issue metadata as far as the source states it; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueMetadata {
    /// Explicit issue id.
    pub id: Option<String>,
    /// Series name ("Dimensies").
    pub series: Option<String>,
    /// Issue number.
    pub number: Option<u32>,
    /// Year.
    pub year: Option<i32>,
    /// Month, 1-12.
    pub month: Option<u32>,
    /// Title or theme.
    pub title: Option<String>,
}

impl IssueMetadata {
    /// Returns `self` with the gaps filled from `fallback`.
    pub fn or(self, fallback: IssueMetadata) -> IssueMetadata {
        IssueMetadata {
            id: self.id.or(fallback.id),
            series: self.series.or(fallback.series),
            number: self.number.or(fallback.number),
            year: self.year.or(fallback.year),
            month: self.month.or(fallback.month),
            title: self.title.or(fallback.title),
        }
    }
}

/// A source file read into lines.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDocument {
    /// The path as given, for messages and provenance.
    pub path: String,
    /// The format the file was read as.
    pub format: SourceFormat,
    /// The non-blank lines, in file order.
    pub lines: Vec<SourceLine>,
    /// Metadata stated by the file, its manifest or its name.
    pub metadata: IssueMetadata,
}

/// Returns whether `path` names a file this reader can read (by its extension; folders are
/// walked for these).
pub fn is_supported_source(path: &Path) -> bool {
    format_of_name(path).is_some()
}

fn format_of_name(path: &Path) -> Option<SourceFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "txt" | "text" => Some(SourceFormat::Text),
        "html" | "htm" | "xhtml" => Some(SourceFormat::Html),
        "pdf" => Some(SourceFormat::Pdf),
        _ => None,
    }
}

/// Tells the format from the bytes themselves: the `%PDF-` signature (within the first KiB, as
/// readers allow), markup at the start of an HTML page, else text when the bytes are not binary.
/// The extension only breaks a tie between text and markup.
pub fn sniff_format(bytes: &[u8], path: &Path) -> Option<SourceFormat> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|window| window == b"%PDF-") {
        return Some(SourceFormat::Pdf);
    }
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let trimmed = start.trim_start_matches('\u{feff}').trim_start();
    let looks_like_html = trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || (trimmed.starts_with('<') && (start.contains("<body") || start.contains("<head")));
    if looks_like_html {
        return Some(SourceFormat::Html);
    }
    // Binary: NUL bytes or many control characters in the first KiB.
    let control = head
        .iter()
        .filter(|&&byte| byte == 0 || (byte < 0x09) || (0x0e..0x20).contains(&byte) && byte != 0x1b)
        .count();
    if head.contains(&0) || control * 20 > head.len().max(1) {
        return None;
    }
    match format_of_name(path) {
        Some(SourceFormat::Pdf) | None => Some(SourceFormat::Text),
        named => named,
    }
}

/// Reads the file at `path`, with its sidecar manifest when there is one. The format is told
/// from the content ([`sniff_format`]), so a PDF named `.txt` or a page without extension reads.
pub fn read_path(path: &Path) -> Result<SourceDocument, ReadError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: label.clone(),
        source,
    })?;
    let manifest = read_manifest(path)?;
    let document = read_bytes(&label, bytes)?;
    Ok(SourceDocument {
        metadata: manifest.or(document.metadata.clone()),
        ..document
    })
}

/// Reads a file's bytes, told apart by [`sniff_format`] (`label` is its path, for messages
/// and for the extension that breaks a tie): what [`read_path`] does after reading the file,
/// without the sidecar manifest. The fuzz targets call it on arbitrary bytes.
pub fn read_bytes(label: &str, bytes: Vec<u8>) -> Result<SourceDocument, ReadError> {
    let label = label.to_string();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty { path: label });
    }
    let format =
        sniff_format(&bytes, Path::new(&label)).ok_or_else(|| ReadError::UnsupportedFormat {
            path: label.clone(),
        })?;
    let document = match format {
        SourceFormat::Pdf => {
            let mut document = pdf::read_pdf(&label, bytes)?;
            let stated = stated_metadata(document.lines.iter().map(|line| line.text.as_str()));
            document.metadata = document.metadata.or(stated).or(metadata_from_name(&label));
            document
        }
        SourceFormat::Html => {
            read_html_within_budget(&label, decode(&label, &bytes), &HTML_BUDGET)?
        }
        SourceFormat::Text => read_text(&label, &decode(&label, &bytes)),
    };
    if document.lines.is_empty() {
        return Err(ReadError::Empty { path: label });
    }
    Ok(document)
}

/// What one HTML page may cost to read.
///
/// Memory is bounded before parsing, by the input: html5ever's tree takes a small multiple of
/// the page's size, and every node begins with a `<`, so the size and the count of `<` bound
/// the tree and all the walks over it. (A global allocator that counts would bound memory
/// exactly, but for the whole process, server included, and it cannot tell which file is to
/// blame; the two limits name the file and what is wrong with it before any memory is spent.)
/// Time is bounded by reading on a thread of its own that is given up after `time`.
#[derive(Debug, Clone)]
pub struct HtmlBudget {
    /// Largest page, in bytes (real pages, scripts included, stay under 5 MB).
    pub max_bytes: usize,
    /// Most tags (`<` characters): real pages have a few thousand elements.
    pub max_tags: usize,
    /// Longest read.
    pub time: std::time::Duration,
}

/// The budget of every HTML page read from a file.
pub const HTML_BUDGET: HtmlBudget = HtmlBudget {
    max_bytes: 32 * 1024 * 1024,
    max_tags: 1_000_000,
    time: std::time::Duration::from_secs(30),
};

/// The name of the thread an HTML page is read on.
const HTML_READER_THREAD: &str = "html-reader";

/// Reads an HTML page within `budget`: a page over its size or tag count, or one whose reading
/// takes longer than its time, is an error naming the file and the limit.
pub fn read_html_within_budget(
    label: &str,
    html: String,
    budget: &HtmlBudget,
) -> Result<SourceDocument, ReadError> {
    let over_budget = |message: String| ReadError::OverBudget {
        path: label.to_string(),
        message,
    };
    if html.len() > budget.max_bytes {
        return Err(over_budget(format!(
            "the HTML page is {} bytes, over the limit of {} bytes",
            html.len(),
            budget.max_bytes
        )));
    }
    let tags = html.bytes().filter(|&byte| byte == b'<').count();
    if tags > budget.max_tags {
        return Err(over_budget(format!(
            "the HTML page has {tags} tags, over the limit of {}",
            budget.max_tags
        )));
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let owned_label = label.to_string();
    let spawned = std::thread::Builder::new()
        .name(HTML_READER_THREAD.to_string())
        .spawn(move || {
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read_html(&owned_label, &html)
            }));
            let _ = sender.send(read);
        });
    if let Err(error) = spawned {
        return Err(ReadError::Malformed {
            path: label.to_string(),
            message: format!("cannot start the HTML reader: {error}"),
        });
    }
    match receiver.recv_timeout(budget.time) {
        Ok(Ok(document)) => Ok(document),
        Ok(Err(_panic)) => Err(ReadError::Malformed {
            path: label.to_string(),
            message: "the HTML reader failed on this page".to_string(),
        }),
        Err(_) => Err(over_budget(format!(
            "reading the HTML page took longer than {} s",
            budget.time.as_secs_f32()
        ))),
    }
}

/// The characters Windows-1252 puts at 0x80-0x9F, where Latin-1 has control codes (`None`:
/// unassigned). Legacy Word and PDF exports use them for ‘ ’ “ ” – — € and friends.
const WINDOWS_1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Decodes one Windows-1252 byte.
fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(byte - 0x80)].unwrap_or('\u{fffd}'),
        _ => char::from(byte),
    }
}

/// Decodes UTF-8, falling back to Windows-1252 for legacy files (with a warning).
fn decode(label: &str, bytes: &[u8]) -> String {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(without_bom) {
        Ok(text) => text.to_string(),
        Err(error) => {
            warn!(file = label, %error, "file is not valid UTF-8, reading it as Windows-1252");
            without_bom.iter().map(|&byte| windows_1252(byte)).collect()
        }
    }
}

fn manifest_path(path: &Path) -> Option<std::path::PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    Some(path.with_file_name(format!("{stem}.meta.json")))
}

fn read_manifest(path: &Path) -> Result<IssueMetadata, ReadError> {
    let Some(manifest) = manifest_path(path) else {
        return Ok(IssueMetadata::default());
    };
    let label = manifest.display().to_string();
    let text = match std::fs::read_to_string(&manifest) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(IssueMetadata::default());
        }
        Err(source) => {
            return Err(ReadError::Io {
                path: label,
                source,
            });
        }
    };
    serde_json::from_str(&text).map_err(|error| ReadError::Manifest {
        path: label,
        message: error.to_string(),
    })
}

/// Reads plain text (as extracted from a PDF) into lines. `label` names the source.
pub fn read_text(label: &str, text: &str) -> SourceDocument {
    let mut lines = Vec::new();
    let mut page = 1;
    let mut saw_page_break = false;
    let mut blank_before = false;
    let mut page_break_before = false;
    for (index, raw_line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let mut raw = raw_line;
        while let Some(rest) = raw.strip_prefix('\u{c}') {
            page += 1;
            saw_page_break = true;
            page_break_before = true;
            raw = rest;
        }
        let cleaned = clean_line(raw);
        let trimmed = cleaned.trim();
        if trimmed.is_empty() {
            blank_before = true;
            continue;
        }
        let indented = cleaned.starts_with(char::is_whitespace);
        lines.push(SourceLine {
            number,
            page: Some(page),
            text: trimmed.to_string(),
            frame_start: indented || page_break_before,
            blank_before,
            role: LineRole::Layout,
            style: None,
        });
        blank_before = false;
        page_break_before = false;
    }
    if !saw_page_break {
        for line in &mut lines {
            line.page = None;
        }
    }
    let stated = stated_metadata(lines.iter().map(|line| line.text.as_str()));
    SourceDocument {
        path: label.to_string(),
        format: SourceFormat::Text,
        metadata: stated.or(metadata_from_name(label)),
        lines,
    }
}

/// NFC-normalises a line and replaces control characters and odd spaces by plain spaces.
fn clean_line(raw: &str) -> String {
    let clean = |ch: char| match ch {
        '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' => ' ',
        '\u{ad}' => '\u{0}',
        ch if ch.is_control() => ' ',
        ch => ch,
    };
    // Nearly every line is in NFC already (all ASCII lines are): checking is cheaper than
    // composing.
    if unicode_normalization::is_nfc(raw) {
        return raw.chars().map(clean).filter(|&ch| ch != '\u{0}').collect();
    }
    raw.nfc().map(clean).filter(|&ch| ch != '\u{0}').collect()
}

/// Guesses series and year from a file name such as `dimensies-2019-regio.txt`.
fn metadata_from_name(label: &str) -> IssueMetadata {
    let stem = Path::new(label)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or(label);
    let mut metadata = IssueMetadata::default();
    let parts: Vec<&str> = stem.split(['-', '_', ' ', '.']).collect();
    if let Some(first) = parts.first()
        && first.chars().all(char::is_alphabetic)
        && first.len() > 2
    {
        metadata.series = Some(crate::text::capitalize_first(first));
    }
    for part in &parts {
        if part.len() == 4
            && let Ok(year) = part.parse::<i32>()
            && (1900..2100).contains(&year)
        {
            metadata.year = Some(year);
        }
    }
    metadata
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_keep_numbers_frames_and_blanks() {
        let document = read_text(
            "fixtures/dimensies-2019-regio.txt",
            "Jan Jansen, \n\n projectleider\n\u{c}Nieuwe pagina",
        );
        let lines: Vec<(u32, &str, bool, bool, Option<u32>)> = document
            .lines
            .iter()
            .map(|line| {
                (
                    line.number,
                    line.text.as_str(),
                    line.frame_start,
                    line.blank_before,
                    line.page,
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                (1, "Jan Jansen,", false, false, Some(1)),
                (3, "projectleider", true, true, Some(1)),
                (4, "Nieuwe pagina", true, false, Some(2)),
            ]
        );
        assert_eq!(document.metadata.series.as_deref(), Some("Dimensies"));
        assert_eq!(document.metadata.year, Some(2019));
    }

    #[test]
    fn windows_1252_files_keep_their_quote_marks() {
        let bytes = b"\x93Een citaat\x94, zegt Jansen. \x91Oplossing\x92 \xe9\x80";
        assert_eq!(
            decode("oud.txt", bytes),
            "“Een citaat”, zegt Jansen. ‘Oplossing’ é€"
        );
    }

    #[test]
    fn html_over_its_budget_is_an_error_naming_the_file_and_the_limit() {
        let page = format!(
            "<html><body>{}</body></html>",
            "<p>Een alinea.</p>".repeat(50)
        );
        let budget = HtmlBudget {
            max_bytes: 200,
            ..HTML_BUDGET
        };
        let error = read_html_within_budget("groot.html", page.clone(), &budget).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "groot.html: the HTML page is {} bytes, over the limit of 200 bytes",
                page.len()
            )
        );
        let budget = HtmlBudget {
            max_tags: 10,
            ..HTML_BUDGET
        };
        let error = read_html_within_budget("groot.html", page.clone(), &budget).unwrap_err();
        assert_eq!(
            error.to_string(),
            "groot.html: the HTML page has 104 tags, over the limit of 10"
        );
        let document = read_html_within_budget("groot.html", page, &HTML_BUDGET).unwrap();
        let paragraphs = document
            .lines
            .iter()
            .filter(|line| line.text == "Een alinea.")
            .count();
        assert_eq!(paragraphs, 50);
    }

    #[test]
    fn html_that_reads_too_long_is_given_up_by_name() {
        // 20 000 nested elements take far longer than a millisecond to parse and walk.
        let page = format!("{}Diep{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        let budget = HtmlBudget {
            time: std::time::Duration::from_millis(1),
            ..HTML_BUDGET
        };
        let error = read_html_within_budget("diep.html", page, &budget).unwrap_err();
        assert!(
            matches!(&error, ReadError::OverBudget { path, message }
                if path == "diep.html" && message.contains("took longer than 0.001 s")),
            "{error}"
        );
    }

    #[test]
    fn soft_hyphens_and_nbsp_are_cleaned() {
        assert_eq!(clean_line("samen\u{ad}werking\u{a0}in"), "samenwerking in");
        // A decomposed letter is composed, on the line's long way.
        assert_eq!(clean_line("coo\u{308}peratie\tnu"), "coöperatie nu");
        assert_eq!(clean_line("coöperatie\u{2009}nu"), "coöperatie nu");
    }
}
