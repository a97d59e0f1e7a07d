//! Text analyzers. Registered on every index opened or created ([`register_analyzers`]): the
//! schema stores only their names, and without them queries fail with `UnknownTokenizer`.
//!
//! - [`DUTCH`]: words, lowercased, accents folded, Dutch function words and name particles
//!   dropped, Snowball-stemmed ("samenwerken", "samenwerking" and "samengewerkt" meet).
//! - [`EXACT`]: words, lowercased, accents folded, nothing dropped: for "exact phrases", names
//!   with particles ("van der Vegt") and typo-tolerant (fuzzy) matching.

use std::collections::HashMap;
use std::sync::LazyLock;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name of the stemming Dutch analyzer.
pub const DUTCH: &str = "dutch_stemmed";
/// Name of the exact (unstemmed) analyzer.
pub const EXACT: &str = "dutch_exact";

/// Words longer than this (in bytes) are dropped: they are URLs or garbage, not words.
const MAX_TOKEN_LENGTH: usize = 60;

use crate::vocabulary::search_stop_words as stop_words;

static DUTCH_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(build_dutch_analyzer);
static EXACT_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(build_exact_analyzer);
static STEM_OF_EXACT_TOKEN: LazyLock<TextAnalyzer> = LazyLock::new(build_stem_of_exact_token);

/// Returns the stemming Dutch analyzer (a clone of one built once).
pub fn dutch_analyzer() -> TextAnalyzer {
    DUTCH_ANALYZER.clone()
}

/// Returns the exact analyzer (a clone of one built once).
pub fn exact_analyzer() -> TextAnalyzer {
    EXACT_ANALYZER.clone()
}

fn build_dutch_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(stop_words()))
        .filter(RememberingDutchStemmer)
        .build()
}

/// The Dutch Snowball stemmer ([`Stemmer`]), remembering the stem of each word it stemmed:
/// indexing stems every word of every text, and most words recur, so a look-up replaces most
/// of the stemming (a tenth of an ingest's CPU). The stems are the stemmer's own. Each copy of
/// the analyzer (tantivy clones one per segment writer and per query) remembers on its own,
/// up to [`REMEMBERED_STEMS`] words.
#[derive(Clone)]
struct RememberingDutchStemmer;

/// The most words one analyzer remembers the stem of (a few MB).
const REMEMBERED_STEMS: usize = 100_000;

impl TokenFilter for RememberingDutchStemmer {
    type Tokenizer<T: Tokenizer> = RememberingStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberingStemmerFilter<T> {
        RememberingStemmerFilter {
            inner: tokenizer,
            stem_one_word: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::Dutch))
                .build(),
            stems: HashMap::new(),
        }
    }
}

#[derive(Clone)]
struct RememberingStemmerFilter<T> {
    inner: T,
    /// The stemmer itself, on one word at a time.
    stem_one_word: TextAnalyzer,
    /// Word → stem.
    stems: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for RememberingStemmerFilter<T> {
    type TokenStream<'a> = RememberingStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberingStemmerStream {
            tail: self.inner.token_stream(text),
            stem_one_word: &mut self.stem_one_word,
            stems: &mut self.stems,
        }
    }
}

struct RememberingStemmerStream<'a, T> {
    tail: T,
    stem_one_word: &'a mut TextAnalyzer,
    stems: &'a mut HashMap<String, String>,
}

impl<T: TokenStream> TokenStream for RememberingStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = {
            let mut stemmed = self.stem_one_word.token_stream(&token.text);
            stemmed.next().map(|stemmed| stemmed.text.clone())
        };
        // The raw tokenizer gives every word back as one token.
        let Some(stem) = stem else {
            return true;
        };
        if self.stems.len() < REMEMBERED_STEMS {
            self.stems.insert(token.text.clone(), stem.clone());
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Returns the rest of the Dutch analyzer after the exact one: applied to one token of the
/// exact analyzer, it gives that word's Dutch stem, or nothing for a function word. The Dutch
/// analyzer is the exact one followed by these filters, so a word's stem can be had once per
/// distinct word instead of once per occurrence (snippets of long texts).
pub fn stem_of_exact_token() -> TextAnalyzer {
    STEM_OF_EXACT_TOKEN.clone()
}

fn build_stem_of_exact_token() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(StopWordFilter::remove(stop_words()))
        .filter(Stemmer::new(Language::Dutch))
        .build()
}

fn build_exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers every analyzer the schema names on `index`.
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(DUTCH, dutch_analyzer());
    index.tokenizers().register(EXACT, exact_analyzer());
}

/// Returns the terms `analyzer` makes of `text`, in order.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push(token.text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyzers_are_registered() {
        let index = Index::create_in_ram(crate::index::schema::build_schema());
        register_analyzers(&index);
        for name in [DUTCH, EXACT] {
            assert!(
                index.tokenizers().get(name).is_some(),
                "{name} is registered"
            );
        }
    }

    #[test]
    fn stemming_joins_word_forms() {
        let mut analyzer = dutch_analyzer();
        let stems: Vec<Vec<String>> = [
            "samenwerken",
            "samenwerking",
            "samenwerkingen",
            "samengewerkt",
        ]
        .iter()
        .map(|word| analyze(&mut analyzer, word))
        .collect();
        assert!(stems.iter().all(|stem| *stem == stems[0]), "{stems:?}");
    }

    #[test]
    fn remembered_stems_are_the_stemmers_own() {
        let stemming_every_word = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LENGTH))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(StopWordFilter::remove(stop_words()))
            .filter(Stemmer::new(Language::Dutch))
            .build();
        let texts = [
            "Samenwerking en samenwerken: de samenwerking tussen scholen en bedrijven groeit.",
            "Scholen werken samen; samengewerkt werd er in regio’s, SAMENWERKING blijft.",
            "Bedrijven, scholen en de regio werken samen aan samenwerkingsverbanden.",
        ];
        // One analyzer over all texts, as a segment writer uses it: later texts hit what
        // earlier ones taught it.
        let mut remembering = dutch_analyzer();
        for text in texts {
            let mut every_word = stemming_every_word.clone();
            let mut stream = remembering.token_stream(text);
            let mut remembered = Vec::new();
            while let Some(token) = stream.next() {
                remembered.push((token.text.clone(), token.offset_from, token.position));
            }
            let mut stream = every_word.token_stream(text);
            let mut expected = Vec::new();
            while let Some(token) = stream.next() {
                expected.push((token.text.clone(), token.offset_from, token.position));
            }
            assert!(!expected.is_empty());
            assert_eq!(remembered, expected, "{text}");
        }
    }

    #[test]
    fn particles_and_apostrophes_are_dropped_but_kept_exactly() {
        let mut dutch = dutch_analyzer();
        assert_eq!(
            analyze(&mut dutch, "John van der Vegt over regio’s"),
            ["john", "vegt", "regio"]
        );
        let mut exact = exact_analyzer();
        assert_eq!(
            analyze(&mut exact, "Bèta coöperatie"),
            ["beta", "cooperatie"]
        );
    }

    #[test]
    fn the_stem_of_an_exact_token_is_the_dutch_analyzers_token_at_its_place() {
        let text = "De Coöperatieve scholen van Noordoost-Brabant werken samen; \
                    samengewerkt werd er aan de ééndaagse regio’s en HET-programma";
        let mut dutch = dutch_analyzer();
        let mut stream = dutch.token_stream(text);
        let mut by_offset = std::collections::HashMap::new();
        while let Some(token) = stream.next() {
            by_offset.insert(token.offset_from, token.text.clone());
        }
        let mut exact = exact_analyzer();
        let mut stream = exact.token_stream(text);
        let mut stem = stem_of_exact_token();
        let mut compared = 0;
        while let Some(token) = stream.next() {
            let stems = analyze(&mut stem, &token.text);
            assert_eq!(
                stems.first(),
                by_offset.get(&token.offset_from),
                "{}",
                token.text
            );
            compared += 1;
        }
        assert_eq!(compared, 19);
    }
}
