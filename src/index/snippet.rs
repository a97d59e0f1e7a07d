//! Snippets: a fragment of a hit's text, HTML-escaped, with the words that matched the query
//! wrapped in `<mark>…</mark>`, safe to inject into a page.
//!
//! Matching here mirrors the query: a word matches through its Dutch stem, its exact form, or a
//! spelling within the edit distance a fuzzy query allowed, so a typo's hits are marked too.
//!
//! ```
//! use dimensies::index::snippet::{highlight, MatchTerms};
//! let mut terms = MatchTerms::default();
//! terms.exact.insert("konijnenhok".to_string());
//! assert_eq!(
//!     highlight("Dat klinkt als een <konijnenhok>!", &terms, 200),
//!     "Dat klinkt als een &lt;<mark>konijnenhok</mark>&gt;!"
//! );
//! ```

use std::collections::HashSet;
use std::sync::{LazyLock, RwLock};

use rustc_hash::FxHashMap;

use tantivy::tokenizer::TextAnalyzer;

use crate::index::analyzer::{exact_analyzer, stem_of_exact_token};

/// Default snippet length in characters.
pub const DEFAULT_LENGTH: usize = 240;

/// What to mark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchTerms {
    /// Dutch stems.
    pub stems: HashSet<String>,
    /// Exact (folded, lowercase) forms.
    pub exact: HashSet<String>,
    /// Folded words with the edit distance allowed.
    pub fuzzy: Vec<(String, u8)>,
    /// Exact phrases (folded tokens).
    pub phrases: Vec<Vec<String>>,
}

/// Returns the edit distance of two words, a swap of two neighbouring letters counting as one
/// edit (as in the fuzzy queries: "techniekonderwjis" is one edit from "techniekonderwijs"),
/// or `limit + 1` when it exceeds `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    // Three rows of the optimal-string-alignment table.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()].min(limit + 1)
}

/// The most words whose stems [`REMEMBERED_STEMS`] keeps (about 8 MB): more than the distinct
/// words of a large archive's texts, which are what snippets stem.
const MAX_REMEMBERED_STEMS: usize = 100_000;

/// The Dutch stems of words met in snippets (`None` for a function word), shared by every
/// search: a long text has thousands of distinct words, and stemming them was a quarter of a
/// search's CPU.
static REMEMBERED_STEMS: LazyLock<RwLock<StemMemory>> = LazyLock::new(RwLock::default);

/// Word → its stem (`None`: a function word, which has none).
type StemMemory = FxHashMap<Box<str>, Option<Box<str>>>;

/// Stems words, remembering across searches.
struct Stems {
    analyzer: TextAnalyzer,
    /// Stems found in this text that were not yet remembered.
    learned: Vec<(Box<str>, Option<Box<str>>)>,
}

impl Stems {
    fn new() -> Stems {
        Stems {
            analyzer: stem_of_exact_token(),
            learned: Vec::new(),
        }
    }

    /// Whether the stem of `word` is one of `stems`.
    fn stem_in(&mut self, word: &str, remembered: &StemMemory, stems: &HashSet<String>) -> bool {
        if let Some(stem) = remembered.get(word) {
            return stem.as_deref().is_some_and(|stem| stems.contains(stem));
        }
        let stem: Option<Box<str>> = {
            let mut stream = self.analyzer.token_stream(word);
            stream.next().map(|stem| stem.text.as_str().into())
        };
        let found = stem.as_deref().is_some_and(|stem| stems.contains(stem));
        self.learned.push((word.into(), stem));
        found
    }

    /// Remembers what was learned, up to [`MAX_REMEMBERED_STEMS`] words.
    fn remember(self) {
        if self.learned.is_empty() {
            return;
        }
        let mut remembered = match REMEMBERED_STEMS.write() {
            Ok(remembered) => remembered,
            Err(poisoned) => poisoned.into_inner(),
        };
        for (word, stem) in self.learned {
            if remembered.len() >= MAX_REMEMBERED_STEMS {
                break;
            }
            remembered.insert(word, stem);
        }
    }
}

/// Whether a folded word of a text is marked on its own (phrases aside): the same for every
/// occurrence of the word, so decided once per distinct word.
fn marks_word(word: &str, terms: &MatchTerms, stems: &mut Stems, remembered: &StemMemory) -> bool {
    let by_form = terms.exact.contains(word);
    let in_phrase_only = by_form
        && !terms.stems.contains(word)
        && terms
            .phrases
            .iter()
            .any(|phrase| phrase.iter().any(|part| part == word));
    if by_form && !in_phrase_only {
        return true;
    }
    let by_stem = !terms.stems.is_empty() && stems.stem_in(word, remembered, &terms.stems);
    by_stem
        || terms.fuzzy.iter().any(|(fuzzy, distance)| {
            let distance = usize::from(*distance);
            // Cheap bound first: the edit distance is at least the difference in length.
            word.chars().count().abs_diff(fuzzy.chars().count()) <= distance
                && edit_distance(word, fuzzy, distance) <= distance
        })
}

/// Longest token the exact analyzer keeps, in bytes (its `RemoveLongFilter` limit).
const MAX_TOKEN_BYTES: usize = 60;

/// Calls `each` with the byte range and the folded form of every token of `text`, exactly as
/// the exact analyzer makes them (words split at what is not alphanumeric, too long ones
/// dropped, lowercased, accents folded), but without it for words of plain ASCII letters and
/// digits, most of a Dutch text: those are only lowercased. A word with other characters goes
/// through the analyzer, so every word folds the way the index folded it.
fn exact_tokens(text: &str, analyzer: &mut TextAnalyzer, mut each: impl FnMut(usize, usize, &str)) {
    let bytes = text.as_bytes();
    let mut folded = String::new();
    let mut index = 0;
    while index < bytes.len() {
        // Skip to the start of a word.
        let Some(start) = next_word_start(text, index) else {
            break;
        };
        // The word runs while characters are alphanumeric.
        let mut end = start;
        let mut ascii = true;
        while end < bytes.len() {
            let byte = bytes[end];
            if byte.is_ascii() {
                if !byte.is_ascii_alphanumeric() {
                    break;
                }
                end += 1;
            } else {
                let Some(ch) = text[end..].chars().next() else {
                    break;
                };
                if !ch.is_alphanumeric() {
                    break;
                }
                ascii = false;
                end += ch.len_utf8();
            }
        }
        index = end;
        if end - start >= MAX_TOKEN_BYTES {
            continue;
        }
        let word = &text[start..end];
        if ascii {
            folded.clear();
            folded.push_str(word);
            folded.make_ascii_lowercase();
            each(start, end, &folded);
        } else {
            let mut stream = analyzer.token_stream(word);
            while let Some(token) = stream.next() {
                each(
                    start + token.offset_from,
                    start + token.offset_to,
                    &token.text,
                );
            }
        }
    }
}

/// The byte index of the first alphanumeric character of `text` at or after `from`.
fn next_word_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = from;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() {
                return Some(index);
            }
            index += 1;
        } else {
            let ch = text[index..].chars().next()?;
            if ch.is_alphanumeric() {
                return Some(index);
            }
            index += ch.len_utf8();
        }
    }
    None
}

/// Returns the byte ranges of `text` that match `terms`.
///
/// One pass over the text's words; each distinct word is judged once (a long text repeats its
/// words, and stemming was most of a snippet's cost), and phrases are matched on word numbers
/// rather than strings.
pub fn matches(text: &str, terms: &MatchTerms) -> Vec<(usize, usize)> {
    let mut analyzer = exact_analyzer();
    let mut stems = Stems::new();
    let remembered = match REMEMBERED_STEMS.read() {
        Ok(remembered) => remembered,
        Err(poisoned) => poisoned.into_inner(),
    };
    // Distinct words, numbered in order of appearance, with their verdict.
    let mut numbers: FxHashMap<String, u32> = FxHashMap::default();
    let mut marked_word: Vec<bool> = Vec::new();
    // Each token: its byte range and word number.
    let mut tokens: Vec<(usize, usize, u32)> = Vec::new();
    exact_tokens(text, &mut analyzer, |start, end, word| {
        let number = match numbers.get(word) {
            Some(&number) => number,
            None => {
                let number = u32::try_from(marked_word.len()).unwrap_or(u32::MAX);
                marked_word.push(marks_word(word, terms, &mut stems, &remembered));
                numbers.insert(word.to_string(), number);
                number
            }
        };
        tokens.push((start, end, number));
    });
    drop(remembered);
    stems.remember();
    let mut marked: Vec<bool> = tokens
        .iter()
        .map(|&(_, _, number)| marked_word.get(number as usize).copied().unwrap_or(false))
        .collect();
    // Phrase words are marked only where the whole phrase occurs.
    for phrase in &terms.phrases {
        // A phrase with a word the text lacks occurs nowhere in it.
        let Some(wanted) = phrase
            .iter()
            .map(|word| numbers.get(word.as_str()).copied())
            .collect::<Option<Vec<u32>>>()
        else {
            continue;
        };
        if wanted.is_empty() || wanted.len() > tokens.len() {
            continue;
        }
        for start in 0..=tokens.len() - wanted.len() {
            let fits = tokens[start..start + wanted.len()]
                .iter()
                .zip(&wanted)
                .all(|(token, number)| token.2 == *number);
            if fits {
                marked[start..start + wanted.len()].fill(true);
            }
        }
    }
    tokens
        .iter()
        .zip(marked)
        .filter(|(_, marked)| *marked)
        .map(|(&(start, end, _), _)| (start, end))
        .collect()
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            ch => escaped.push(ch),
        }
    }
    escaped
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Picks the fragment of about `max_chars` characters holding the most matches.
fn fragment(text: &str, ranges: &[(usize, usize)], max_chars: usize) -> (usize, usize) {
    let total_chars = text.chars().count();
    if total_chars <= max_chars {
        return (0, text.len());
    }
    // Work in bytes, approximating characters: Dutch text is mostly ASCII.
    let window = floor_char_boundary(
        text,
        text.char_indices()
            .nth(max_chars)
            .map_or(text.len(), |(i, _)| i),
    );
    let mut best = (0usize, 0usize);
    for (index, &(start, _)) in ranges.iter().enumerate() {
        let covered = ranges[index..]
            .iter()
            .take_while(|(_, end)| *end <= start + window)
            .count();
        if covered > best.1 {
            best = (start, covered);
        }
    }
    let first_match = best.0;
    // Start a little before the first match, at a word boundary.
    let lead = floor_char_boundary(text, first_match.saturating_sub(window / 5));
    let start = if lead == 0 {
        0
    } else {
        // After the space, whatever its width (a no-break or ideographic space is wider than a
        // byte: slicing at `offset + 1` panicked, found by the snippet property test).
        text[lead..first_match]
            .char_indices()
            .find(|(_, ch)| ch.is_whitespace())
            .map_or(lead, |(offset, space)| lead + offset + space.len_utf8())
    };
    let mut end = floor_char_boundary(text, start + window);
    if end < text.len()
        && let Some(space) = text[start..end].rfind(char::is_whitespace)
        && space > window / 2
    {
        end = start + space;
    }
    (start, end)
}

/// Longest stretch of a text (in bytes) searched for matches: a snippet of a long document (a
/// whole law) comes from its beginning rather than costing a pass over all of it.
const MAX_ANALYZED_BYTES: usize = 32 * 1024;

/// Returns an HTML snippet of `text` with the matches of `terms` marked.
pub fn highlight(text: &str, terms: &MatchTerms, max_chars: usize) -> String {
    let text = &text[..floor_char_boundary(text, MAX_ANALYZED_BYTES)];
    let ranges = matches(text, terms);
    let (start, end) = fragment(text, &ranges, max_chars);
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    let mut cursor = start;
    for &(from, to) in ranges
        .iter()
        .filter(|(from, to)| *from >= start && *to <= end)
    {
        html.push_str(&escape_html(&text[cursor..from]));
        html.push_str("<mark>");
        html.push_str(&escape_html(&text[from..to]));
        html.push_str("</mark>");
        cursor = to;
    }
    html.push_str(&escape_html(&text[cursor..end]));
    if end < text.len() {
        html.push('…');
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast_words(text: &str) -> Vec<(usize, usize, String)> {
        let mut words = Vec::new();
        exact_tokens(text, &mut exact_analyzer(), |start, end, word| {
            words.push((start, end, word.to_string()));
        });
        words
    }

    fn analyzer_words(text: &str) -> Vec<(usize, usize, String)> {
        let mut analyzer = exact_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = stream.next() {
            words.push((token.offset_from, token.offset_to, token.text.clone()));
        }
        words
    }

    #[test]
    fn plain_words_are_lowercased_and_others_folded_by_the_analyzer() {
        let text = "Regionale samenwerking: coöperatie, ÉÉN mbo-4!";
        assert_eq!(
            fast_words(text),
            [
                (0, 9, "regionale".to_string()),
                (10, 22, "samenwerking".to_string()),
                (24, 35, "cooperatie".to_string()),
                (37, 42, "een".to_string()),
                (43, 46, "mbo".to_string()),
                (47, 48, "4".to_string()),
            ]
        );
        // A word of 60 bytes or more is dropped, as the index drops it.
        let long = format!("kort {} lang", "a".repeat(60));
        assert_eq!(fast_words(&long), analyzer_words(&long));
        assert_eq!(fast_words(&long).len(), 2);
    }

    #[test]
    fn the_fast_words_are_the_analyzers_words() {
        use proptest::prelude::*;
        let words = "([a-zA-Z0-9]{1,64}|[éèëïöüçñÉÖßæøå]{1,3}|[ .,;:!?'\"\\-–—\u{a0}\u{3000}]{1,3}|\\PC{1,2}){0,40}";
        proptest!(ProptestConfig::with_cases(512), |(text in words)| {
            prop_assert_eq!(fast_words(&text), analyzer_words(&text));
        });
    }

    /// Found by the snippet property test (issue 14): a fragment starting after a space wider
    /// than one byte began inside that space and panicked.
    #[test]
    fn issue_14_a_fragment_after_a_wide_space_starts_on_a_char_boundary() {
        let mut terms = MatchTerms::default();
        terms.exact.insert("regio".to_string());
        let text = format!("{}\u{3000}regio en verder", "a".repeat(30));
        let snippet = highlight(&text, &terms, 10);
        assert!(snippet.contains("<mark>regio</mark>"), "{snippet}");
    }
    use crate::index::analyzer::{analyze, dutch_analyzer};

    fn terms(stems: &[&str], exact: &[&str], fuzzy: &[(&str, u8)]) -> MatchTerms {
        MatchTerms {
            stems: stems.iter().map(|s| s.to_string()).collect(),
            exact: exact.iter().map(|s| s.to_string()).collect(),
            fuzzy: fuzzy.iter().map(|(s, d)| (s.to_string(), *d)).collect(),
            phrases: Vec::new(),
        }
    }

    #[test]
    fn stems_forms_and_typos_are_marked() {
        let mut dutch = dutch_analyzer();
        let stem = analyze(&mut dutch, "samenwerken").remove(0);
        let marked = highlight(
            "Regionale samenwerking tussen onderwijs en bedrijfsleven als vliegwiel.",
            &terms(&[&stem], &[], &[("vliegwiel", 1)]),
            200,
        );
        assert_eq!(
            marked,
            "Regionale <mark>samenwerking</mark> tussen onderwijs en bedrijfsleven als <mark>vliegwiel</mark>."
        );
        let typo = highlight(
            "zet de konijnenhok neer",
            &terms(&[], &[], &[("konijnehok", 1)]),
            200,
        );
        assert_eq!(typo, "zet de <mark>konijnenhok</mark> neer");
    }

    #[test]
    fn script_tags_come_back_escaped() {
        let marked = highlight(
            "<script>alert('regio')</script>",
            &terms(&[], &["regio"], &[]),
            200,
        );
        assert_eq!(
            marked,
            "&lt;script&gt;alert(&#39;<mark>regio</mark>&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn long_text_is_cut_around_the_matches() {
        let text = format!(
            "{} konijnenhok {}",
            "woord ".repeat(100),
            "eind ".repeat(100)
        );
        let marked = highlight(&text, &terms(&[], &["konijnenhok"], &[]), 80);
        assert!(marked.starts_with('…') && marked.ends_with('…'), "{marked}");
        assert!(marked.contains("<mark>konijnenhok</mark>"));
        assert!(marked.chars().count() < 110);
    }

    #[test]
    fn phrase_words_are_marked_only_together() {
        let mut phrase = MatchTerms::default();
        phrase
            .exact
            .extend(["sterk".to_string(), "techniekonderwijs".to_string()]);
        phrase
            .phrases
            .push(vec!["sterk".to_string(), "techniekonderwijs".to_string()]);
        assert_eq!(
            highlight("Sterk Techniekonderwijs is sterk.", &phrase, 200),
            "<mark>Sterk</mark> <mark>Techniekonderwijs</mark> is sterk."
        );
    }

    #[test]
    fn edit_distance_stops_early() {
        assert_eq!(edit_distance("samenwerkng", "samenwerking", 1), 1);
        assert_eq!(edit_distance("regio", "vliegwiel", 2), 3);
        assert_eq!(edit_distance("onderwjis", "onderwijs", 1), 1);
    }
}
