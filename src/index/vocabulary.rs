//! The archive's own vocabulary, read from the term dictionaries of the index: how often a word
//! occurs, which words are near spellings of it, which words of the archive belong to its word
//! family, and how a compound splits into words the archive knows.
//!
//! Nothing here is a hand-made list: a compound splits only into parts the archive uses as
//! words of their own ("samenwerkingsverband" → "samenwerking" + "verband"), and a derivation is
//! joined to a word only when both are in the archive and differ by a short ending after a long
//! common beginning ("reanimatie" ↔ "reanimeren"). Dutch morphology enters only through the
//! linking sounds of compounds ("s", "e", "en": "samenwerking·s·verband").
//!
//! Every lookup walks the term dictionary of each segment; the walks are bounded (a prefix
//! range, a Levenshtein automaton), so their cost does not grow with the number of documents.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::index::analyzer::{analyze, dutch_analyzer};
use crate::index::snippet;

/// Letters Dutch puts between the parts of a compound ("samenwerking·s·verband",
/// "pann·en·koek", "ziekt·e·verzuim").
const LINKING: &[&str] = &["s", "en", "e"];

/// Shortest part a compound is split into: shorter "words" of an archive are mostly
/// abbreviations and fragments ("ka", "ter"), which would split anything.
const MIN_PART_CHARS: usize = 4;

/// Shortest word that is split at all (two parts of [`MIN_PART_CHARS`]).
const MIN_COMPOUND_CHARS: usize = 2 * MIN_PART_CHARS;

/// Most parts a compound is split into.
const MAX_PARTS: usize = 3;

/// Shortest common beginning of two members of a word family, in characters.
const MIN_FAMILY_PREFIX: usize = 5;

/// Longest ending in which two members of a word family may differ ("-atie" / "-er").
const MAX_FAMILY_ENDING: usize = 4;

/// Most terms a word is expanded to (family members, or compounds it begins).
pub const MAX_EXPANSIONS: usize = 8;

/// Most dictionary terms walked for one prefix lookup.
const MAX_PREFIX_WALK: usize = 20_000;

/// Read access to the vocabulary of an index at one commit.
pub struct Vocabulary<'a> {
    searcher: &'a Searcher,
    memo: Option<&'a ExpansionMemo>,
}

/// A kind of word expansion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Expansion {
    Family,
    CompoundsBeginning,
    CompoundParts,
}

/// An expansion of a word in a field (and the field its parts are checked in).
type ExpansionKey = (Expansion, Field, Field, String);

/// Most expansions an [`ExpansionMemo`] keeps (a few MB at most).
const MAX_REMEMBERED_EXPANSIONS: usize = 20_000;

/// The expansions of words (families, compounds, compound parts) at one commit, remembered
/// from one search to the next: they walk the term dictionaries, a fifth of a search's CPU,
/// and the dictionaries only change with a commit. Kept with the search tables of a searcher
/// generation ([`crate::index::tables::SearchTables`]).
#[derive(Debug, Default)]
pub struct ExpansionMemo {
    known: Mutex<HashMap<ExpansionKey, Option<Vec<String>>>>,
}

impl ExpansionMemo {
    fn get(&self, key: &ExpansionKey) -> Option<Option<Vec<String>>> {
        let known = match self.known.lock() {
            Ok(known) => known,
            Err(poisoned) => poisoned.into_inner(),
        };
        known.get(key).cloned()
    }

    fn put(&self, key: ExpansionKey, value: Option<Vec<String>>) {
        let mut known = match self.known.lock() {
            Ok(known) => known,
            Err(poisoned) => poisoned.into_inner(),
        };
        if known.len() < MAX_REMEMBERED_EXPANSIONS {
            known.insert(key, value);
        }
    }
}

impl<'a> Vocabulary<'a> {
    /// Returns the vocabulary of what `searcher` sees.
    pub fn new(searcher: &'a Searcher) -> Vocabulary<'a> {
        Vocabulary {
            searcher,
            memo: None,
        }
    }

    /// Returns the vocabulary of what `searcher` sees, remembering expansions in `memo` (which
    /// must belong to the searcher's generation).
    pub fn with_memo(searcher: &'a Searcher, memo: &'a ExpansionMemo) -> Vocabulary<'a> {
        Vocabulary {
            searcher,
            memo: Some(memo),
        }
    }

    /// Looks an expansion up in the memo, or computes and remembers it.
    fn remembered(
        &self,
        expansion: Expansion,
        fields: (Field, Field),
        word: &str,
        compute: impl FnOnce() -> crate::index::Result<Option<Vec<String>>>,
    ) -> crate::index::Result<Option<Vec<String>>> {
        let Some(memo) = self.memo else {
            return compute();
        };
        let key = (expansion, fields.0, fields.1, word.to_string());
        if let Some(known) = memo.get(&key) {
            return Ok(known);
        }
        let value = compute()?;
        memo.put(key, value.clone());
        Ok(value)
    }

    /// Returns the searcher the vocabulary reads.
    pub fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// Returns the number of documents holding `text` in `field` (0 when unknown).
    pub fn doc_freq(&self, field: Field, text: &str) -> crate::index::Result<u64> {
        Ok(self
            .searcher
            .doc_freq(&Term::from_field_text(field, text))?)
    }

    /// Returns the terms of `field` that begin with `prefix`, with their document frequency,
    /// most frequent first.
    pub fn terms_with_prefix(
        &self,
        field: Field,
        prefix: &str,
    ) -> crate::index::Result<Vec<(String, u64)>> {
        let mut found: HashMap<String, u64> = HashMap::new();
        let start = Term::from_field_text(field, prefix);
        let start_bytes = start.serialized_value_bytes();
        for segment in self.searcher.segment_readers() {
            let inverted_index = segment.inverted_index(field)?;
            let mut stream = inverted_index
                .terms()
                .range()
                .ge(start_bytes)
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            let mut walked = 0;
            while stream.advance() && walked < MAX_PREFIX_WALK {
                walked += 1;
                let key = stream.key();
                if !key.starts_with(start_bytes) {
                    break;
                }
                let Ok(text) = std::str::from_utf8(key) else {
                    continue;
                };
                *found.entry(text.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        let mut terms: Vec<(String, u64)> = found.into_iter().collect();
        terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(terms)
    }

    /// Returns the members of the word family of `stem` in `field` (a stemmed field): terms
    /// sharing a beginning of at least [`MIN_FAMILY_PREFIX`] characters with it and differing
    /// from it by at most [`MAX_FAMILY_ENDING`] characters at the end, on both sides
    /// ("reanimatie" ↔ "reanimer", "cursuss" ↔ "cursus"). Most frequent first, at most
    /// [`MAX_EXPANSIONS`], the stem itself excluded.
    ///
    /// Whether what two stems differ by is a word is asked of both `field` and `words` (an
    /// exact field: "toets" is a word though its stem is "toet").
    pub fn family(
        &self,
        field: Field,
        words: Field,
        stem: &str,
    ) -> crate::index::Result<Vec<String>> {
        let family = self.remembered(Expansion::Family, (field, words), stem, || {
            self.compute_family(field, words, stem).map(Some)
        })?;
        Ok(family.unwrap_or_default())
    }

    fn compute_family(
        &self,
        field: Field,
        words: Field,
        stem: &str,
    ) -> crate::index::Result<Vec<String>> {
        let chars: Vec<char> = stem.chars().collect();
        if chars.len() < MIN_FAMILY_PREFIX {
            return Ok(Vec::new());
        }
        let shared = MIN_FAMILY_PREFIX.max(chars.len().saturating_sub(MAX_FAMILY_ENDING));
        let prefix: String = chars[..shared].iter().collect();
        let mut members = Vec::new();
        for (term, _) in self.terms_with_prefix(field, &prefix)? {
            if term != stem
                && is_family(stem, &term)
                && !self.are_compounds([field, words], stem, &term)?
            {
                members.push(term);
                if members.len() == MAX_EXPANSIONS {
                    break;
                }
            }
        }
        Ok(members)
    }

    /// Returns whether two words sharing a beginning are compounds rather than one family:
    /// one is the other plus a word of the archive ("toetsmoe" is "toets" + "moe"), or both
    /// go on from a word of the archive with heads that are no family ("toetsdruk" and
    /// "toetsdag" are two compounds of "toets"; "schoolverlater" and "schoolverlat" one).
    fn are_compounds(&self, fields: [Field; 2], a: &str, b: &str) -> crate::index::Result<bool> {
        // Function words ("ter" of "schoolverlater") make no compounds.
        let is_word = |text: &str| -> crate::index::Result<bool> {
            if is_function_word(text) {
                return Ok(false);
            }
            for field in fields {
                if self.doc_freq(field, text)? > 1 {
                    return Ok(true);
                }
            }
            Ok(false)
        };
        let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let rests: Vec<String> = [a, b]
            .iter()
            .map(|word| word.chars().skip(common).collect())
            .collect();
        for rest in &rests {
            if rest.chars().count() >= 3 && is_word(rest)? {
                return Ok(true);
            }
        }
        // A word both begin with, after which they go on with heads that are no family.
        let a_chars: Vec<char> = a.chars().collect();
        let b_chars: Vec<char> = b.chars().collect();
        for cut in MIN_PART_CHARS..=common {
            let a_head: String = a_chars[cut..].iter().collect();
            let b_head: String = b_chars[cut..].iter().collect();
            if a_head.is_empty() || b_head.is_empty() || is_family(&a_head, &b_head) {
                continue;
            }
            let modifier: String = a_chars[..cut].iter().collect();
            if is_word(&modifier)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Returns the compounds of `field` (a stemmed field) that begin with the word `stem` and
    /// go on, after an optional linking sound, with another word of the archive
    /// ("pest" → "pestprogramma", "pestless"). Most frequent first, at most
    /// [`MAX_EXPANSIONS`].
    pub fn compounds_beginning_with(
        &self,
        field: Field,
        stem: &str,
    ) -> crate::index::Result<Vec<String>> {
        let compounds =
            self.remembered(Expansion::CompoundsBeginning, (field, field), stem, || {
                self.compute_compounds_beginning_with(field, stem).map(Some)
            })?;
        Ok(compounds.unwrap_or_default())
    }

    fn compute_compounds_beginning_with(
        &self,
        field: Field,
        stem: &str,
    ) -> crate::index::Result<Vec<String>> {
        if stem.chars().count() < MIN_PART_CHARS {
            return Ok(Vec::new());
        }
        let mut compounds = Vec::new();
        // The most frequent candidates are enough, and bound the lookups of common modifiers.
        let candidates = self.terms_with_prefix(field, stem)?;
        for (term, _) in candidates.into_iter().take(8 * MAX_EXPANSIONS) {
            let Some(rest) = term.strip_prefix(stem) else {
                continue;
            };
            let mut heads = vec![rest];
            heads.extend(LINKING.iter().filter_map(|link| rest.strip_prefix(link)));
            let mut known = false;
            for head in heads {
                if head.chars().count() >= MIN_PART_CHARS - 1
                    && !is_function_word(head)
                    && self.doc_freq(field, head)? > 1
                {
                    known = true;
                    break;
                }
            }
            if known {
                compounds.push(term);
                if compounds.len() == MAX_EXPANSIONS {
                    break;
                }
            }
        }
        Ok(compounds)
    }

    /// Splits `word` (folded, no hyphen) into two or three words the archive knows in `field`
    /// (an exact field), allowing a linking sound between them: "samenwerkingsverband" →
    /// ["samenwerking", "verband"]. Function words ("over", "meer") are no parts. Fewest parts
    /// win, then the most frequent parts; and, as in Koehn and Knight's frequency-based
    /// splitting ("Empirical methods for compound splitting", EACL 2003), a word is split only
    /// when the geometric mean of its parts' frequencies exceeds its own frequency ("overheid"
    /// stays whole). `None` when no such split exists.
    pub fn split_compound(
        &self,
        field: Field,
        word: &str,
    ) -> crate::index::Result<Option<Vec<String>>> {
        self.remembered(Expansion::CompoundParts, (field, field), word, || {
            self.compute_split_compound(field, word)
        })
    }

    fn compute_split_compound(
        &self,
        field: Field,
        word: &str,
    ) -> crate::index::Result<Option<Vec<String>>> {
        if word.chars().count() < MIN_COMPOUND_CHARS || !word.chars().all(char::is_alphabetic) {
            return Ok(None);
        }
        let mut known: HashMap<String, u64> = HashMap::new();
        let Some((parts, log_frequencies)) = self.best_split(field, word, MAX_PARTS, &mut known)?
        else {
            return Ok(None);
        };
        let whole = self.doc_freq(field, word)? as f64;
        let geometric_mean = (log_frequencies / parts.len() as f64).exp();
        Ok((geometric_mean > whole).then_some(parts))
    }

    /// Best split of `word` into at most `max_parts` known words: (parts, score) where fewer
    /// parts beat more and, among equals, the sum of the parts' log frequencies decides.
    fn best_split(
        &self,
        field: Field,
        word: &str,
        max_parts: usize,
        known: &mut HashMap<String, u64>,
    ) -> crate::index::Result<Option<(Vec<String>, f64)>> {
        let boundaries: Vec<usize> = word.char_indices().map(|(index, _)| index).collect();
        let mut best: Option<(Vec<String>, f64)> = None;
        for &cut in boundaries.iter().skip(MIN_PART_CHARS) {
            let (modifier, rest) = word.split_at(cut);
            let modifier_frequency = self.cached_doc_freq(field, modifier, known)?;
            if modifier_frequency < 2 || is_function_word(modifier) {
                continue;
            }
            let mut heads = vec![rest];
            heads.extend(LINKING.iter().filter_map(|link| rest.strip_prefix(link)));
            for head in heads {
                if head.chars().count() < MIN_PART_CHARS {
                    continue;
                }
                let head_frequency = self.cached_doc_freq(field, head, known)?;
                let candidate = if head_frequency >= 2 && !is_function_word(head) {
                    Some((vec![head.to_string()], (head_frequency as f64).ln()))
                } else if max_parts > 2 {
                    self.best_split(field, head, max_parts - 1, known)?
                } else {
                    None
                };
                let Some((mut parts, score)) = candidate else {
                    continue;
                };
                parts.insert(0, modifier.to_string());
                let score = score + (modifier_frequency as f64).ln();
                let better = match &best {
                    None => true,
                    Some((best_parts, best_score)) => {
                        parts.len() < best_parts.len()
                            || (parts.len() == best_parts.len() && score > *best_score)
                    }
                };
                if better {
                    best = Some((parts, score));
                }
            }
        }
        Ok(best)
    }

    fn cached_doc_freq(
        &self,
        field: Field,
        text: &str,
        known: &mut HashMap<String, u64>,
    ) -> crate::index::Result<u64> {
        if let Some(frequency) = known.get(text) {
            return Ok(*frequency);
        }
        let frequency = self.doc_freq(field, text)?;
        known.insert(text.to_string(), frequency);
        Ok(frequency)
    }

    /// Returns the nearest spellings of `word` in `field` within `distance` edits (a
    /// transposition counts as one), with their edit distance and document frequency, nearest
    /// and then most frequent first. The word itself is not among them.
    pub fn near_spellings(
        &self,
        field: Field,
        word: &str,
        distance: u8,
    ) -> crate::index::Result<Vec<(String, usize, u64)>> {
        if distance == 0 {
            return Ok(Vec::new());
        }
        // The Levenshtein automaton walks only the dictionary terms within the distance.
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
        let mut found: HashMap<String, (usize, u64)> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let inverted_index = segment.inverted_index(field)?;
            let mut terms = inverted_index
                .terms()
                .search(fuzzy.automaton()?)
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while terms.advance() {
                let Ok(candidate) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                if candidate == word {
                    continue;
                }
                let edits = snippet::edit_distance(word, candidate, usize::from(distance));
                let entry = found.entry(candidate.to_string()).or_insert((edits, 0));
                entry.1 += u64::from(terms.value().doc_freq);
            }
        }
        let mut spellings: Vec<(String, usize, u64)> = found
            .into_iter()
            .map(|(text, (edits, frequency))| (text, edits, frequency))
            .collect();
        spellings.sort_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| b.2.cmp(&a.2))
                .then_with(|| a.0.cmp(&b.0))
        });
        Ok(spellings)
    }
}

/// Returns whether `word` is a Dutch function word (one the stemming analyzer drops).
fn is_function_word(word: &str) -> bool {
    analyze(&mut dutch_analyzer(), word).is_empty()
}

/// Returns whether two stems are one word family: a common beginning of at least
/// [`MIN_FAMILY_PREFIX`] characters, and each differs from it by at most [`MAX_FAMILY_ENDING`].
pub fn is_family(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= MIN_FAMILY_PREFIX
        && a.chars().count() - common <= MAX_FAMILY_ENDING
        && b.chars().count() - common <= MAX_FAMILY_ENDING
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_families_share_a_long_beginning_and_differ_in_a_short_ending() {
        assert!(is_family("reanimatie", "reanimer"));
        assert!(is_family("cursuss", "cursus"));
        assert!(is_family("schoolverlater", "schoolverlat"));
        // A compound is not a family member of its first part.
        assert!(!is_family("leraar", "lerarenopleiding"));
        assert!(!is_family("pest", "pestprogramma"));
        // Too short a common beginning.
        assert!(!is_family("school", "scholier"));
    }
}

#[cfg(test)]
mod archive_tests {
    use super::*;
    use crate::index::schema::{self, Fields};
    use tantivy::TantivyDocument;

    fn searcher_of(texts: &[&str]) -> (Searcher, Fields) {
        let index = tantivy::Index::create_in_ram(schema::build_schema());
        crate::index::analyzer::register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema()).unwrap();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for text in texts {
            let mut document = TantivyDocument::default();
            document.add_text(fields.text, *text);
            document.add_text(fields.exact, *text);
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        let reader = index.reader().unwrap();
        (reader.searcher(), fields)
    }

    fn vocabulary_family(searcher: &Searcher, fields: &Fields, stem: &str) -> Vec<String> {
        Vocabulary::new(searcher)
            .family(fields.text, fields.exact, stem)
            .unwrap()
    }

    #[test]
    fn two_compounds_of_one_word_are_no_family() {
        let (searcher, fields) = searcher_of(&[
            "Elke toets telt, de toetsdag is lang.",
            "Na de toets volgt een dag rust.",
            "Een dag zonder druk, geen druk meer.",
            "Leerlingen leren reanimeren.",
            "Voortijdig schoolverlaten bestrijden.",
            "Het school verlaten zonder diploma.",
        ]);
        assert_eq!(
            vocabulary_family(&searcher, &fields, "schoolverlater"),
            ["schoolverlaat"]
        );
        let vocabulary = Vocabulary::new(&searcher);
        assert!(
            vocabulary
                .family(fields.text, fields.exact, "toetsdruk")
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            vocabulary
                .family(fields.text, fields.exact, "reanimatie")
                .unwrap(),
            ["reanimer"]
        );
    }

    #[test]
    fn remembered_expansions_are_the_computed_ones() {
        let (searcher, fields) = searcher_of(&[
            "Het toetsprogramma en de toetsdag.",
            "Een toets, een toetsdag en nog een toets.",
            "Reanimeren en reanimatie leren.",
        ]);
        let plain = Vocabulary::new(&searcher);
        let memo = ExpansionMemo::default();
        let remembering = Vocabulary::with_memo(&searcher, &memo);
        for _ in 0..2 {
            assert_eq!(
                remembering
                    .compounds_beginning_with(fields.text, "toets")
                    .unwrap(),
                plain
                    .compounds_beginning_with(fields.text, "toets")
                    .unwrap()
            );
            assert_eq!(
                remembering
                    .family(fields.text, fields.exact, "reanimatie")
                    .unwrap(),
                ["reanimeer", "reanimer"]
            );
            assert_eq!(
                remembering
                    .split_compound(fields.exact, "toetsdag")
                    .unwrap(),
                plain.split_compound(fields.exact, "toetsdag").unwrap()
            );
        }
        let known = memo.known.lock().unwrap();
        assert_eq!(known.len(), 3);
        assert!(known.contains_key(&(
            Expansion::Family,
            fields.text,
            fields.exact,
            "reanimatie".to_string()
        )));
    }
}
