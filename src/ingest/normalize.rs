//! Normalize stage: a [`SourceDocument`] becomes a [`NormalizedDocument`] — every line classified
//! (capitals, body text, footnote start, link), and a [`Lexicon`] of the words the document uses
//! within lines, which is the evidence for undoing line-break hyphenation.
//!
//! The joining functions here ([`join_lines`]) reflow physical lines into running text:
//! "samen-\nwerking" becomes "samenwerking" while "vmbo-\nscholen" stays "vmbo-scholen",
//! "Noordoost-\nBrabant" keeps its hyphen, and "succes-\nen faalfactoren" keeps a suspended
//! hyphen. The rule of thumb: believe the document (if it writes the word whole elsewhere, write it
//! so here); failing that, Dutch spelling rules (hyphen after abbreviations, before a capital,
//! between colliding vowels); failing that, join.

use std::collections::{BTreeMap, HashMap};

use crate::ingest::read::{IssueMetadata, LineRole, SourceDocument, SourceLine};
use crate::model::SourceFormat;
use crate::text::{self, fold_key};

/// What a line is, as far as its own text and the format tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineClass {
    /// Body text (or any mixed-case line).
    Text,
    /// Set in capitals: headline, standfirst, label or subheading material.
    Caps,
    /// Starts a numbered footnote ("2  Zie https://...").
    FootnoteStart(u32),
    /// Nothing but a URL: a link annotation the PDF extractor printed.
    Url,
    /// The format gave the role; see [`SourceLine::role`].
    Given(LineRole),
}

/// A classified line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The source line.
    pub source: SourceLine,
    /// Its class.
    pub class: LineClass,
}

impl Line {
    /// The line's text.
    pub fn text(&self) -> &str {
        &self.source.text
    }

    /// The line's 1-based number in the source.
    pub fn number(&self) -> u32 {
        self.source.number
    }
}

/// The document with classified lines and its word evidence.
#[derive(Debug, Clone)]
pub struct NormalizedDocument {
    /// The source path.
    pub path: String,
    /// The source format.
    pub format: SourceFormat,
    /// Metadata stated by the source.
    pub metadata: IssueMetadata,
    /// The classified, non-blank lines.
    pub lines: Vec<Line>,
    /// Words used within lines.
    pub lexicon: Lexicon,
}

/// Classifies every line and gathers the document's word evidence.
pub fn normalize(document: &SourceDocument) -> NormalizedDocument {
    let lexicon = Lexicon::from_texts(document.lines.iter().map(|line| line.text.as_str()));
    let mut lines = Vec::with_capacity(document.lines.len());
    let mut next_footnote = 1;
    for source in &document.lines {
        let class = classify_line(source, next_footnote);
        if let LineClass::FootnoteStart(number) = class {
            next_footnote = number + 1;
        }
        lines.push(Line {
            source: source.clone(),
            class,
        });
    }
    NormalizedDocument {
        path: document.path.clone(),
        format: document.format,
        metadata: document.metadata.clone(),
        lines,
        lexicon,
    }
}

fn classify_line(line: &SourceLine, next_footnote: u32) -> LineClass {
    if line.role == LineRole::Footnote {
        return match footnote_number(&line.text) {
            Some(number) => LineClass::FootnoteStart(number),
            None => LineClass::Given(LineRole::Footnote),
        };
    }
    if line.role != LineRole::Layout {
        return LineClass::Given(line.role);
    }
    // A laid-out line with a style was read by the typography stage: what is left is body text
    // (its capitals are emphasis, its numbers are not notes, its URLs are running text).
    if line.style.is_some() {
        return LineClass::Text;
    }
    if let Some(number) = footnote_number(&line.text) {
        // Notes are numbered in sequence through an issue, or start again at 1 in each article;
        // a number out of sequence is a postcode, a phone number or a list item, not a note.
        let plausible_first = next_footnote == 1 && number <= 3;
        if number == next_footnote || number == 1 || plausible_first {
            return LineClass::FootnoteStart(number);
        }
    }
    if is_url_only(&line.text) {
        return LineClass::Url;
    }
    if text::is_all_caps(&line.text) {
        return LineClass::Caps;
    }
    LineClass::Text
}

/// Returns the note number when `text` starts like a footnote: a number of one or two digits, then
/// two spaces (as PDF extractors print the gap) or one space and a capital.
pub fn footnote_number(text: &str) -> Option<u32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 || digits.starts_with('0') {
        return None;
    }
    let rest = &text[digits.len()..];
    let gap = rest.len() - rest.trim_start().len();
    let after_gap = rest.trim_start();
    let starts_note =
        gap >= 2 || (gap == 1 && (after_gap.starts_with("Zie") || after_gap.starts_with("Vgl")));
    if starts_note && !after_gap.is_empty() {
        digits.parse().ok()
    } else {
        None
    }
}

/// Returns whether the whole line is one URL.
pub fn is_url_only(text: &str) -> bool {
    let trimmed = text.trim();
    !trimmed.contains(char::is_whitespace)
        && (trimmed.starts_with("http://")
            || trimmed.starts_with("https://")
            || trimmed.starts_with("www."))
}

/// How a word broken at a line end with a hyphen is rejoined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HyphenJoin {
    /// The hyphen only marked the break: "samen-|werking" → "samenwerking".
    Closed,
    /// A real hyphen: "vmbo-|scholen" → "vmbo-scholen".
    Hyphen,
    /// A suspended hyphen before a conjunction: "succes-|en" → "succes- en".
    Suspended,
}

/// The words a document uses within lines, with their spellings: evidence for hyphenation and
/// for restoring the case of words printed in capitals.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Folded lowercase word → occurrences (words broken at a line end are not counted).
    words: BTreeMap<String, u32>,
    /// Folded lowercase word → spelling → occurrences, for words seen mid-sentence in
    /// mixed-case text.
    spellings: HashMap<String, HashMap<String, u32>>,
}

impl Lexicon {
    /// Builds the lexicon from lines of text.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let mut lexicon = Lexicon::default();
        // Counted in a hash map, sorted once at the end (the sorted map serves prefix counts).
        let mut words: HashMap<String, u32> = HashMap::new();
        for line in texts {
            let caps_line = text::is_all_caps(line);
            let tokens = text::words(line);
            let last_index = tokens.len().saturating_sub(1);
            for (index, token) in tokens.iter().enumerate() {
                let broken_at_end =
                    index == last_index && line[token.end..].trim_start().starts_with('-');
                if broken_at_end {
                    continue;
                }
                // Most words are counted before: look them up by a borrowed key, and make a
                // string only for a new word or spelling.
                let key = text::fold_key_cow(token.text);
                match words.get_mut(key.as_ref()) {
                    Some(count) => *count += 1,
                    None => {
                        words.insert(key.clone().into_owned(), 1);
                    }
                }
                let before = line[..token.start].trim_end();
                let sentence_initial = before.is_empty()
                    || before.ends_with(['.', '?', '!', ':', '“', '‘', '"', '–'])
                    || (index == 0);
                if !caps_line && !sentence_initial {
                    let spellings = match lexicon.spellings.get_mut(key.as_ref()) {
                        Some(spellings) => spellings,
                        None => lexicon.spellings.entry(key.into_owned()).or_default(),
                    };
                    match spellings.get_mut(token.text) {
                        Some(count) => *count += 1,
                        None => {
                            spellings.insert(token.text.to_string(), 1);
                        }
                    }
                }
            }
        }
        lexicon.words = words.into_iter().collect();
        lexicon
    }

    /// Returns how often `word` occurs whole within a line.
    pub fn count(&self, word: &str) -> u32 {
        self.words.get(&fold_key(word)).copied().unwrap_or(0)
    }

    /// Counts occurrences of words that start with `prefix` (folded), excluding `prefix` itself
    /// when `strict` is set.
    fn count_prefixed(&self, prefix: &str, strict: bool) -> u32 {
        let key = fold_key(prefix);
        self.words
            .range(key.clone()..)
            .take_while(|(word, _)| word.starts_with(&key))
            .filter(|(word, _)| !strict || word.len() > key.len())
            .map(|(_, count)| count)
            .sum()
    }

    /// Returns the usual mid-sentence spelling of `word` when the document writes it with
    /// capitals (a name or acronym), e.g. "JANSEN" → "Jansen", "TIB" → "TiB".
    pub fn known_spelling(&self, word: &str) -> Option<String> {
        let spellings = self.spellings.get(&fold_key(word))?;
        let (spelling, _) = spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
        spelling
            .chars()
            .any(char::is_uppercase)
            .then(|| spelling.clone())
    }

    /// Decides how the word broken as `left-` | `right` is rejoined.
    ///
    /// `left` is the fragment before the hyphen, `right` the first word of the next line.
    pub fn join_hyphenated(&self, left: &str, right: &str) -> HyphenJoin {
        let right_word = right
            .split(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '’' || ch == '\''))
            .next()
            .unwrap_or("");
        let right_lower = right_word.to_lowercase();
        if matches!(
            right_lower.as_str(),
            "en" | "of" | "tot" | "noch" | "and" | "or"
        ) && right_word.chars().all(char::is_lowercase)
        {
            return HyphenJoin::Suspended;
        }
        if left.is_empty() || right_word.is_empty() {
            return HyphenJoin::Hyphen;
        }
        let left_is_digit = left.chars().last().is_some_and(|ch| ch.is_ascii_digit());
        let right_is_digit = right_word
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_digit());
        if left_is_digit || right_is_digit {
            return HyphenJoin::Hyphen;
        }
        // 1. The document writes the compound elsewhere (possibly as part of a longer word).
        let hyphenated = format!("{left}-{right_word}");
        let closed = format!("{left}{right_word}");
        let hyphenated_evidence = self.count_prefixed(&hyphenated, false);
        let closed_evidence = self.count_prefixed(&closed, false);
        if hyphenated_evidence != closed_evidence {
            return if hyphenated_evidence > closed_evidence {
                HyphenJoin::Hyphen
            } else {
                HyphenJoin::Closed
            };
        }
        // 2. Case: a capitalised second part is a name ("Noordoost-Brabant"); an abbreviation in
        //    capitals before lowercase text keeps its hyphen ("RIF-aanvragen", "CvB-voorzitter").
        let left_word = left.rsplit(['-', ' ']).next().unwrap_or(left);
        let (left_upper, left_lower) = text::letter_case_counts(left_word);
        let (right_upper, right_lower_count) = text::letter_case_counts(right_word);
        let right_all_caps = right_upper > 0 && right_lower_count == 0;
        let left_all_caps = left_upper > 0 && left_lower == 0;
        if text::starts_uppercase(right_word) && !right_all_caps {
            return HyphenJoin::Hyphen;
        }
        if left_upper >= 2 && !(left_all_caps && right_all_caps) {
            return HyphenJoin::Hyphen;
        }
        // 3. How the document uses the first part: as the head of hyphenated compounds only
        //    ("mbo-opleiding" → "mbo-school") or of closed ones ("samenwerking").
        let as_hyphenated_head = self.count_prefixed(&format!("{left}-"), false);
        let as_closed_head = self.count_prefixed(left, true) - as_hyphenated_head;
        if as_hyphenated_head > as_closed_head {
            return HyphenJoin::Hyphen;
        }
        if as_closed_head > 0 {
            return HyphenJoin::Closed;
        }
        // 4. Colliding vowels that would read as one sound keep the hyphen ("zee-egel").
        let last = left.chars().last().map(|ch| ch.to_ascii_lowercase());
        let first = right_word.chars().next().map(|ch| ch.to_ascii_lowercase());
        if let (Some(last), Some(first)) = (last, first) {
            let pair: String = [last, first].iter().collect();
            if matches!(
                pair.as_str(),
                "aa" | "ae"
                    | "ai"
                    | "au"
                    | "ee"
                    | "ei"
                    | "eu"
                    | "ie"
                    | "oe"
                    | "oo"
                    | "ou"
                    | "ui"
                    | "uu"
            ) {
                return HyphenJoin::Hyphen;
            }
        }
        HyphenJoin::Closed
    }
}

/// Running text made from physical lines, with a map from byte offsets back to source lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinedText {
    /// The reflowed text.
    pub text: String,
    /// `(byte offset, source line)` where each source line's text begins, ascending.
    pub line_starts: Vec<(usize, u32)>,
}

impl JoinedText {
    /// Returns the source line holding byte `offset` of the text.
    pub fn line_at(&self, offset: usize) -> u32 {
        let index = self
            .line_starts
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1);
        self.line_starts.get(index).map_or(0, |(_, line)| *line)
    }

    /// The first source line.
    pub fn first_line(&self) -> u32 {
        self.line_starts.first().map_or(0, |(_, line)| *line)
    }

    /// The last source line.
    pub fn last_line(&self) -> u32 {
        self.line_starts.last().map_or(0, |(_, line)| *line)
    }
}

/// Joins physical lines into running text, undoing line-break hyphenation with `lexicon`'s
/// evidence and rejoining URLs broken over lines.
pub fn join_lines<'a>(
    lines: impl IntoIterator<Item = (&'a str, u32)>,
    lexicon: &Lexicon,
) -> JoinedText {
    let mut joined = JoinedText::default();
    for (line, number) in lines {
        let squashed = text::squash_whitespace(line);
        let line = squashed.as_str();
        if line.is_empty() {
            continue;
        }
        if joined.text.is_empty() {
            joined.line_starts.push((0, number));
            joined.text.push_str(line);
            continue;
        }
        let separator = line_separator(&joined.text, line, lexicon);
        match separator {
            Separator::Space => joined.text.push(' '),
            Separator::None => {}
            Separator::DropHyphen => {
                joined.text.pop();
            }
            Separator::SuspendedHyphen => joined.text.push(' '),
        }
        joined.line_starts.push((joined.text.len(), number));
        joined.text.push_str(line);
    }
    joined
}

enum Separator {
    Space,
    None,
    DropHyphen,
    SuspendedHyphen,
}

fn line_separator(before: &str, next_line: &str, lexicon: &Lexicon) -> Separator {
    let last_chunk = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let is_url = last_chunk.starts_with("http") || last_chunk.starts_with("www.");
    let next_first = next_line.split_whitespace().next().unwrap_or("");
    if is_url && last_chunk.ends_with(['/', '_', '?', '=', '&', '#', '%']) && !next_first.is_empty()
    {
        // A URL broken after a separator: the next line continues it.
        return Separator::None;
    }
    if let Some(without_hyphen) = before.strip_suffix('-') {
        let ends_in_letter = without_hyphen
            .chars()
            .last()
            .is_some_and(char::is_alphanumeric);
        if !ends_in_letter {
            return Separator::Space;
        }
        let left = without_hyphen
            .rsplit(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '’' || ch == '\''))
            .next()
            .unwrap_or("");
        let left_fragment = left.rsplit('-').next().unwrap_or(left);
        let left_for_evidence = if is_url { left_fragment } else { left };
        return match lexicon.join_hyphenated(left_for_evidence, next_first) {
            HyphenJoin::Closed => Separator::DropHyphen,
            HyphenJoin::Hyphen => Separator::None,
            HyphenJoin::Suspended => Separator::SuspendedHyphen,
        };
    }
    Separator::Space
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIDENCE: &str = "samenwerking in de regio\nacht vmbo-scholen en twee roc’s\n\
        de regio Noordoost-Brabant\neen technische mbo-opleiding\nDe 75 pre-conferentiegangers\n\
        konijnenhokken bouwen\nhttp://pietermoerman.nl/blog/lerende-governance-in-het-beroepsonderwijs.html\n\
        wp-content/uploads/2018/06\neentje eens een-op-een eenmaal";

    fn lexicon() -> Lexicon {
        Lexicon::from_texts(EVIDENCE.lines())
    }

    fn join(text: &str) -> String {
        join_lines(text.lines().zip(1..), &lexicon()).text
    }

    #[test]
    fn line_break_hyphens_are_undone() {
        assert_eq!(
            join("Regionale samen-\nwerking tussen"),
            "Regionale samenwerking tussen"
        );
        assert_eq!(
            join("ik ben konijnenhok-\nbouwer"),
            "ik ben konijnenhokbouwer"
        );
        assert_eq!(join("zowel een-\npitters als"), "zowel eenpitters als");
        assert_eq!(
            join("zorg- en welzijns-\nsector"),
            "zorg- en welzijnssector"
        );
    }

    #[test]
    fn real_hyphens_are_kept() {
        assert_eq!(
            join("daartoe moeten vmbo-\nscholen"),
            "daartoe moeten vmbo-scholen"
        );
        assert_eq!(join("in de mbo-\nschool"), "in de mbo-school");
        assert_eq!(
            join("in bedrijf Noordoost-\nBrabant"),
            "in bedrijf Noordoost-Brabant"
        );
        assert_eq!(
            join("omschrijven RIF-\naanvragen"),
            "omschrijven RIF-aanvragen"
        );
        assert_eq!(
            join("VROEG DE PRE-\nCONFERENTIE"),
            "VROEG DE PRE-CONFERENTIE"
        );
        assert_eq!(join("tussen (2013-\n2018) en"), "tussen (2013-2018) en");
    }

    #[test]
    fn suspended_hyphen_before_conjunction_is_kept() {
        assert_eq!(
            join("randvoorwaarden, succes-\nen faalfactoren"),
            "randvoorwaarden, succes- en faalfactoren"
        );
    }

    #[test]
    fn all_caps_headline_with_hyphen_at_the_break() {
        assert_eq!(join("THUIS IN SAMEN-\nWERKING"), "THUIS IN SAMENWERKING");
        assert_eq!(
            join("DE REGIO NOORDOOST-\nBRABANT"),
            "DE REGIO NOORDOOST-BRABANT"
        );
    }

    #[test]
    fn broken_urls_are_rejoined() {
        assert_eq!(
            join("Zie http://www.jaapboonstra.nl/wp-content/up-\nloads/2013/01/Stoeien.pdf"),
            "Zie http://www.jaapboonstra.nl/wp-content/uploads/2013/01/Stoeien.pdf"
        );
        assert_eq!(
            join(
                "Zie http://pietermoerman.nl/blog/lerende-\ngovernance-in-het-beroepsonderwijs.html"
            ),
            "Zie http://pietermoerman.nl/blog/lerende-governance-in-het-beroepsonderwijs.html"
        );
        assert_eq!(
            join(
                "netwerken: https://commoneye.nl/wp-content/uploads/2019/02/\nBestuurswetenschappen-artikel.pdf."
            ),
            "netwerken: https://commoneye.nl/wp-content/uploads/2019/02/Bestuurswetenschappen-artikel.pdf."
        );
    }

    #[test]
    fn joined_text_maps_offsets_to_lines() {
        let joined = join_lines([("Jan Jansen,", 31), ("projectleider", 33)], &lexicon());
        assert_eq!(joined.text, "Jan Jansen, projectleider");
        assert_eq!(joined.line_at(0), 31);
        assert_eq!(joined.line_at(12), 33);
        assert_eq!(joined.last_line(), 33);
    }

    #[test]
    fn lines_are_classified() {
        let document = crate::ingest::read::read_text(
            "x.txt",
            "VOORAF\nRudy Snippe1, inmiddels\n1  Zie ook Dimensies 32, maart 2018.\n\
             https://ecbo.nl/a.pdf\n5200 BP ‘s-Hertogenbosch\n2  Zie https://www.canonberoepsonderwijs.nl/x",
        );
        let classes: Vec<LineClass> = normalize(&document)
            .lines
            .iter()
            .map(|line| line.class)
            .collect();
        assert_eq!(
            classes,
            [
                LineClass::Caps,
                LineClass::Text,
                LineClass::FootnoteStart(1),
                LineClass::Url,
                LineClass::Text,
                LineClass::FootnoteStart(2),
            ]
        );
    }

    #[test]
    fn known_spelling_restores_names_in_caps() {
        let lexicon = Lexicon::from_texts(["blikt Jansen terug", "zegt Jansen", "de regio"]);
        assert_eq!(lexicon.known_spelling("JANSEN").as_deref(), Some("Jansen"));
        assert_eq!(lexicon.known_spelling("REGIO"), None);
    }
}
