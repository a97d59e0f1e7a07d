//! Search: what a person types in a search box becomes a ranked list of hits with highlighted
//! snippets and facet counts.
//!
//! The query language is forgiving, like a search engine's box: words, "exact phrases", `-word`
//! to exclude. Nothing a user types is a syntax error: an unclosed quote runs to the end, stray
//! operators are ignored.
//!
//! Ranking degrades gracefully, as Elasticsearch's `minimum_should_match` and Typesense's
//! dropped tokens do: a hit needs any word of the query (and every quoted phrase), texts with
//! all the words come first, then those with the most informative of them (see [`search`]);
//! the response names the words each hit matched and those the results do without. A word
//! matches through its Dutch stem ("samenwerken" finds "samenwerking"), its exact form, a name,
//! the members of its word family in the archive ("reanimatie" finds "reanimeren"), the
//! compound it forms with its neighbour ("techniek onderwijs" finds "techniekonderwijs") and,
//! more loosely, the parts of the compound it is or the compounds it begins
//! ([`crate::index::vocabulary`]). Hyphenated words match their parts. Function words ("hoe",
//! "je", "in de") and name particles ("van", "der") never decide a match, but words next to
//! each other rank higher next to each other, and a full name ranks its person first.
//!
//! Spelling help is honest: a word the archive does not know is replaced by the nearest one it
//! does and the correction is reported; a word it knows is never replaced.

use std::collections::HashSet;

use std::sync::Arc;

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentReader;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery, TermSetQuery, Weight,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{BitSet, DocAddress, DocId, Score, Searcher, TantivyDocument, Term};

use crate::index::analyzer::{analyze, dutch_analyzer, exact_analyzer};
use crate::index::schema::Fields;
use crate::index::snippet::{self, MatchTerms};
use crate::index::tables::SearchTables;
use crate::index::vocabulary::Vocabulary;

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
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

/// The `kind` of an issue's own record (its model), which is never a hit.
pub const ISSUE_KIND: &str = "issue";

impl HitKind {
    /// Every kind.
    pub const ALL: [HitKind; 5] = [
        HitKind::Article,
        HitKind::Paragraph,
        HitKind::Quote,
        HitKind::Footnote,
        HitKind::Person,
    ];

    /// The value stored in the `kind` field.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Article => "article",
            HitKind::Paragraph => "paragraph",
            HitKind::Quote => "quote",
            HitKind::Footnote => "footnote",
            HitKind::Person => "person",
        }
    }

    /// Parses a stored `kind` value.
    pub fn parse(value: &str) -> Option<HitKind> {
        HitKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// A malformed or unusable query: the user's to fix, never a server error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing to search for.
    #[error("the query is empty: type one or more words")]
    Empty,
    /// Only exclusions ("-foo").
    #[error("the query only excludes words: add a word to search for")]
    OnlyExclusions,
    /// Longer than the limit.
    #[error("the query is too long: at most {max} characters")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// More words than the limit.
    #[error("the query has too many words: at most {max}")]
    TooManyWords {
        /// The limit.
        max: usize,
    },
}

/// Deepest hit a search returns (offset plus limit are each capped at this).
pub const MAX_RESULT_WINDOW: usize = 10_000;

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most words in a query.
pub const MAX_QUERY_WORDS: usize = 32;

/// One part of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryPart {
    /// A word.
    Word(String),
    /// A quoted phrase.
    Phrase(String),
    /// A word or phrase the results must not contain.
    Exclude(String),
}

/// Parses what a user typed. Unclosed quotes run to the end; operators and field syntax are
/// read as words.
pub fn parse_user_query(input: &str) -> Result<Vec<QueryPart>, QueryError> {
    if input.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong {
            max: MAX_QUERY_CHARS,
        });
    }
    let normalized: String = input
        .chars()
        .map(|ch| match ch {
            '“' | '”' | '„' | '«' | '»' => '"',
            ch if ch.is_control() => ' ',
            ch => ch,
        })
        .collect();
    let mut parts = Vec::new();
    let mut rest = normalized.as_str();
    while let Some(start) = rest.find(|ch: char| !ch.is_whitespace()) {
        rest = &rest[start..];
        let excluded = rest.starts_with('-')
            && rest[1..].starts_with(|ch: char| ch.is_alphanumeric() || ch == '"');
        if excluded {
            rest = &rest[1..];
        }
        let (chunk, is_phrase, remainder) = if let Some(after_quote) = rest.strip_prefix('"') {
            match after_quote.find('"') {
                Some(end) => (&after_quote[..end], true, &after_quote[end + 1..]),
                None => (after_quote, true, ""),
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], false, &rest[end..])
        };
        rest = remainder;
        let cleaned = chunk.trim();
        let has_letters = cleaned.chars().any(char::is_alphanumeric);
        let operator = matches!(cleaned, "AND" | "OR" | "NOT" | "&&" | "||");
        if !has_letters || (operator && !is_phrase) {
            continue;
        }
        let part = match (excluded, is_phrase) {
            (true, _) => QueryPart::Exclude(cleaned.to_string()),
            (false, true) => QueryPart::Phrase(cleaned.to_string()),
            (false, false) => QueryPart::Word(cleaned.to_string()),
        };
        parts.push(part);
    }
    let word_count: usize = parts
        .iter()
        .map(|part| match part {
            QueryPart::Word(text) | QueryPart::Phrase(text) | QueryPart::Exclude(text) => {
                text.split_whitespace().count()
            }
        })
        .sum();
    if word_count > MAX_QUERY_WORDS {
        return Err(QueryError::TooManyWords {
            max: MAX_QUERY_WORDS,
        });
    }
    if parts.is_empty() {
        return Err(QueryError::Empty);
    }
    if parts
        .iter()
        .all(|part| matches!(part, QueryPart::Exclude(_)))
    {
        return Err(QueryError::OnlyExclusions);
    }
    Ok(parts)
}

/// A search to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// What the user typed.
    pub query: String,
    /// Kinds to return; empty means all.
    pub kinds: Vec<HitKind>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return.
    pub limit: usize,
    /// Whether to make snippets (listings that need only ids skip them).
    pub snippets: bool,
    /// Whether an article comes back once, as its best hit (a search box), rather than once
    /// per matching paragraph, quote and footnote (listings, themes).
    pub group_by_article: bool,
    /// Which facets to count (a caller that shows none asks for [`FacetSelection::NONE`]).
    pub facets: FacetSelection,
}

/// Which facet counts a search computes; the others come back empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FacetSelection {
    /// Counts per kind.
    pub kinds: bool,
    /// Counts per issue.
    pub issues: bool,
    /// Counts per year.
    pub years: bool,
    /// Counts per person.
    pub people: bool,
}

impl FacetSelection {
    /// Every facet.
    pub const ALL: FacetSelection = FacetSelection {
        kinds: true,
        issues: true,
        years: true,
        people: true,
    };
    /// No facet.
    pub const NONE: FacetSelection = FacetSelection {
        kinds: false,
        issues: false,
        years: false,
        people: false,
    };

    /// Returns whether any facet is asked for.
    pub fn any(self) -> bool {
        self.kinds || self.issues || self.years || self.people
    }
}

/// One hit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchHit {
    /// What was found.
    pub kind: HitKind,
    /// Its id (article, quote, footnote, person id; paragraphs: `{article}/p{n}`).
    pub id: String,
    /// Relevance score (higher is better).
    pub score: f32,
    /// Source text, HTML-escaped, hits in `<mark>`.
    pub snippet: String,
    /// The article it is in.
    pub article_id: Option<String>,
    /// The issues it is in.
    pub issue_ids: Vec<String>,
    /// People it is about.
    pub person_ids: Vec<String>,
    /// The query's words (and quoted phrases) this hit contains, in query order.
    pub matched_terms: Vec<String>,
}

/// A facet value and how many hits have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// The number of hits.
    pub count: u64,
}

/// Counts of all hits (not just the page) per kind, issue, year and person.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    /// Per kind.
    pub kinds: Vec<FacetCount>,
    /// Per issue id.
    pub issues: Vec<FacetCount>,
    /// Per year.
    pub years: Vec<FacetCount>,
    /// Per person id.
    pub people: Vec<FacetCount>,
}

/// A word of the query spelt otherwise.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SpellingCorrection {
    /// The word as typed.
    pub original: String,
    /// The spelling the archive knows.
    pub correction: String,
    /// Whether the correction was searched instead of the original: only for a word the
    /// archive does not know. A word it knows is always searched as typed (its rare
    /// occurrences may be typos, so its near spellings are searched too).
    pub replaced: bool,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchResults {
    /// Number of hits in all (of articles, when hits are grouped by article).
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<SearchHit>,
    /// Facet counts over all hits.
    pub facets: Facets,
    /// Words (and quoted phrases) of the query that no hit could match together with the
    /// others, so the results do without them; function words ("hoe", "de") only rank and are
    /// not listed.
    pub dropped_terms: Vec<String>,
    /// Words spelt otherwise than the archive spells them.
    pub corrections: Vec<SpellingCorrection>,
    /// The query with every correction applied; `None` when nothing was corrected.
    pub corrected_query: Option<String>,
}

/// One word (or quoted phrase) of the query: hits are scored on it and counted against it.
pub struct QueryUnit {
    /// The word as the user typed it (after spelling correction), or the phrase in quotes.
    pub label: String,
    /// Matches of the word itself: its stem, its form, a name, a member of its word family, a
    /// near spelling of a rare word, a compound it forms with its neighbour in the query.
    pub strong: Box<dyn Query>,
    /// Looser matches: the parts of the compound it is, or compounds it begins. They count
    /// half as much towards the share of the query a hit covers.
    pub weak: Option<Box<dyn Query>>,
    /// Whether every hit must match it (a quoted phrase).
    pub required: bool,
}

/// The query built from a parsed user query, with the terms to highlight.
pub struct BuiltQuery {
    /// The tantivy query: any of the units (all required ones), ranked by BM25.
    pub query: Box<dyn Query>,
    /// The units, in query order.
    pub units: Vec<QueryUnit>,
    /// What to mark in snippets.
    pub terms: MatchTerms,
    /// Quoted phrases that occur nowhere and were searched as words instead.
    pub unmatched_phrases: Vec<String>,
}

struct Analyzers {
    dutch: TextAnalyzer,
    exact: TextAnalyzer,
}

/// Returns the allowed edit distance for fuzzy matching a word of `length` characters.
fn fuzzy_distance(length: usize) -> u8 {
    match length {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Weight of a match in the title, relative to the body text.
const TITLE_BOOST: Score = 3.0;
/// Weight of a match in the headings (subtitle, standfirst, subheadings; an article's title
/// for its paragraphs).
const HEADINGS_BOOST: Score = 1.5;
/// Weight of a match of a name of a person involved.
const NAMES_BOOST: Score = 3.0;
/// Weight of the exact form besides its stem.
const EXACT_BOOST: Score = 0.5;
/// Weight of another member of the word's family ("reanimeren" for "reanimatie").
const FAMILY_BOOST: Score = 0.6;
/// Weight of a compound formed with the next word ("techniekonderwijs" for "techniek
/// onderwijs").
const JOINED_BOOST: Score = 1.0;
/// Weight of a near spelling of a rare word.
const FUZZY_BOOST: Score = 0.3;
/// Weight of the parts of a compound ("samenwerking" and "verband" for
/// "samenwerkingsverband") and of compounds a word begins ("pestprogramma" for "pesten").
const COMPOUND_BOOST: Score = 0.4;

fn boosted(query: Box<dyn Query>, boost: Score) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn should(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses
            .into_iter()
            .map(|clause| (Occur::Should, clause))
            .collect(),
    ))
}

/// A stem in the body, the title and the headings, each with its weight.
fn stem_clauses(fields: &Fields, stem: &str, boost: Score) -> Vec<Box<dyn Query>> {
    vec![
        boosted(term(fields.text, stem), boost),
        boosted(term(fields.title, stem), boost * TITLE_BOOST),
        boosted(term(fields.headings, stem), boost * HEADINGS_BOOST),
    ]
}

fn phrase_or_term(field: tantivy::schema::Field, tokens: &[String], slop: u32) -> Box<dyn Query> {
    if tokens.len() == 1 {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, &tokens[0]),
            IndexRecordOption::WithFreqsAndPositions,
        ));
    }
    let terms: Vec<(usize, Term)> = tokens
        .iter()
        .enumerate()
        .map(|(position, token)| (position, Term::from_field_text(field, token)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

/// A content word of the query, before its query is built.
struct PlannedWord {
    label: String,
    token: String,
    stems: Vec<String>,
    /// Compounds of the archive this word forms with the next word of the query.
    joined: Vec<String>,
}

/// Builds the unit of one content word: its stem, exact form, name, family and spellings
/// (strong), and the compounds it is made of or begins (weak).
fn word_unit(
    fields: &Fields,
    vocabulary: &Vocabulary<'_>,
    analyzers: &mut Analyzers,
    word: &PlannedWord,
    joined_before: &[String],
    rare_words: &HashSet<String>,
    terms: &mut MatchTerms,
) -> crate::index::Result<QueryUnit> {
    let token = &word.token;
    let mut strong: Vec<Box<dyn Query>> = Vec::new();
    for stem in &word.stems {
        strong.extend(stem_clauses(fields, stem, 1.0));
        terms.stems.insert(stem.clone());
        let family = vocabulary.family(fields.text, fields.exact, stem)?;
        if !family.is_empty() {
            tracing::debug!(%stem, ?family, "word family of a query word");
        }
        for member in family {
            strong.extend(stem_clauses(fields, &member, FAMILY_BOOST));
            terms.stems.insert(member);
        }
    }
    strong.push(boosted(term(fields.exact, token), EXACT_BOOST));
    strong.push(boosted(term(fields.names, token), NAMES_BOOST));
    terms.exact.insert(token.clone());
    for compound in word.joined.iter().chain(joined_before) {
        strong.push(boosted(term(fields.exact, compound), JOINED_BOOST));
        terms.exact.insert(compound.clone());
    }
    // Near spellings are only worth their cost for rare words: a common word has its matches.
    let distance = if rare_words.contains(token) {
        fuzzy_distance(token.chars().count())
    } else {
        0
    };
    if distance > 0 {
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(fields.exact, token), distance, true);
        strong.push(boosted(Box::new(fuzzy), FUZZY_BOOST));
        terms.fuzzy.push((token.clone(), distance));
    }

    let mut weak: Vec<Box<dyn Query>> = Vec::new();
    if let Some(parts) = vocabulary.split_compound(fields.exact, token)? {
        let mut all_parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for part in &parts {
            let part_stems = analyze(&mut analyzers.dutch, part);
            let mut either: Vec<Box<dyn Query>> = vec![term(fields.exact, part)];
            for stem in &part_stems {
                either.push(term(fields.text, stem));
                either.push(term(fields.title, stem));
                terms.stems.insert(stem.clone());
            }
            terms.exact.insert(part.clone());
            all_parts.push((Occur::Must, should(either)));
        }
        tracing::debug!(word = %token, ?parts, "split a compound of the query");
        weak.push(boosted(
            Box::new(BooleanQuery::new(all_parts)),
            COMPOUND_BOOST,
        ));
    }
    for stem in &word.stems {
        for compound in vocabulary.compounds_beginning_with(fields.text, stem)? {
            weak.push(boosted(term(fields.text, &compound), COMPOUND_BOOST));
            weak.push(boosted(
                term(fields.title, &compound),
                COMPOUND_BOOST * TITLE_BOOST,
            ));
            terms.stems.insert(compound);
        }
    }
    Ok(QueryUnit {
        label: word.label.clone(),
        strong: should(strong),
        weak: (!weak.is_empty()).then(|| should(weak)),
        required: false,
    })
}

/// Returns the compounds of the archive two neighbouring words of a query form
/// ("techniek onderwijs" → "techniekonderwijs", "samenwerking verband" →
/// "samenwerkingsverband").
fn joined_compounds(
    fields: &Fields,
    vocabulary: &Vocabulary<'_>,
    first: &str,
    second: &str,
) -> crate::index::Result<Vec<String>> {
    let mut found = Vec::new();
    for link in ["", "s", "e", "en"] {
        let compound = format!("{first}{link}{second}");
        if vocabulary.doc_freq(fields.exact, &compound)? > 0 {
            found.push(compound);
        }
    }
    Ok(found)
}

/// Builds the tantivy query for parsed user input, restricted to `kinds` (all when empty).
/// Words in `rare_words` (folded) also match their near spellings.
///
/// Every content word is a [`QueryUnit`]; a hit needs any one of them (and every quoted
/// phrase), and [`search`] ranks hits by how much of the query they cover. Function words
/// ("hoe", "je", "in de") and name particles only rank: words next to each other in the
/// query rank higher next to each other in a text, and a full name ranks its person first.
pub fn build_query(
    fields: &Fields,
    vocabulary: &Vocabulary<'_>,
    parts: &[QueryPart],
    kinds: &[HitKind],
    rare_words: &HashSet<String>,
) -> crate::index::Result<BuiltQuery> {
    let mut analyzers = Analyzers {
        dutch: dutch_analyzer(),
        exact: exact_analyzer(),
    };
    let mut terms = MatchTerms::default();
    let mut units: Vec<QueryUnit> = Vec::new();
    let mut excluded: Vec<Box<dyn Query>> = Vec::new();
    let mut ordered_tokens: Vec<String> = Vec::new();
    let mut function_tokens: Vec<String> = Vec::new();
    let mut ranking: Vec<Box<dyn Query>> = Vec::new();
    let mut unmatched_phrases = Vec::new();
    // Words, with the phrases that occur nowhere read as words.
    let mut words: Vec<String> = Vec::new();
    for part in parts {
        match part {
            QueryPart::Word(word) => words.push(word.clone()),
            QueryPart::Phrase(phrase) => {
                let tokens = analyze(&mut analyzers.exact, phrase);
                if tokens.is_empty() {
                    continue;
                }
                let in_text = phrase_or_term(fields.exact, &tokens, 0);
                let in_names = phrase_or_term(fields.names, &tokens, 0);
                let either = should(vec![in_text, boosted(in_names, NAMES_BOOST)]);
                if either.count(vocabulary.searcher())? == 0 {
                    unmatched_phrases.push(format!("\"{phrase}\""));
                    words.extend(phrase.split_whitespace().map(str::to_string));
                    continue;
                }
                terms.exact.extend(tokens.iter().cloned());
                terms.phrases.push(tokens.clone());
                // The phrase in a title or heading ranks higher; stems, so that function words
                // the stemming analyzer drops leave room for themselves.
                let stems = analyze(&mut analyzers.dutch, phrase);
                if !stems.is_empty() {
                    let slop = u32::try_from(tokens.len().saturating_sub(stems.len())).unwrap_or(0);
                    ranking.push(boosted(
                        phrase_or_term(fields.title, &stems, slop),
                        TITLE_BOOST,
                    ));
                    ranking.push(boosted(
                        phrase_or_term(fields.headings, &stems, slop),
                        HEADINGS_BOOST,
                    ));
                }
                units.push(QueryUnit {
                    label: format!("\"{phrase}\""),
                    strong: either,
                    weak: None,
                    required: true,
                });
            }
            QueryPart::Exclude(text) => {
                let tokens = analyze(&mut analyzers.exact, text);
                if !tokens.is_empty() {
                    excluded.push(phrase_or_term(fields.exact, &tokens, 0));
                }
            }
        }
    }
    // Each word's parts ("ehbo-cursussen": "ehbo", "cursussen") are content words of their
    // own; the whole, in order, ranks higher.
    let mut planned: Vec<PlannedWord> = Vec::new();
    let mut whole_words: Vec<QueryUnit> = Vec::new();
    for word in &words {
        let tokens = analyze(&mut analyzers.exact, word);
        ordered_tokens.extend(tokens.iter().cloned());
        if tokens.len() > 1 {
            terms.exact.extend(tokens.iter().cloned());
            let whole = phrase_or_term(fields.exact, &tokens, 0);
            let has_function_part = tokens
                .iter()
                .any(|token| analyze(&mut analyzers.dutch, token).is_empty());
            if has_function_part && word.contains('-') {
                // "zij-instroom", "na-scholing": joined by a hyphen, a function word is part of
                // a term, which is a word of the query of its own.
                terms.phrases.push(tokens.clone());
                whole_words.push(QueryUnit {
                    label: word.clone(),
                    strong: whole,
                    weak: None,
                    required: false,
                });
            } else {
                ranking.push(boosted(whole, 2.0));
            }
        }
        for token in tokens {
            let stems = analyze(&mut analyzers.dutch, &token);
            if stems.is_empty() {
                function_tokens.push(token);
                continue;
            }
            let label = if words.len() == 1 && word.contains('-') {
                token.clone()
            } else if analyze(&mut analyzers.exact, word).len() == 1 {
                word.clone()
            } else {
                token.clone()
            };
            planned.push(PlannedWord {
                label,
                token,
                stems,
                joined: Vec::new(),
            });
        }
    }
    for index in 1..planned.len() {
        let joined = joined_compounds(
            fields,
            vocabulary,
            &planned[index - 1].token,
            &planned[index].token,
        )?;
        planned[index - 1].joined = joined;
    }
    units.append(&mut whole_words);
    for (index, word) in planned.iter().enumerate() {
        let joined_before: &[String] = match index.checked_sub(1) {
            Some(before) => &planned[before].joined,
            None => &[],
        };
        units.push(word_unit(
            fields,
            vocabulary,
            &mut analyzers,
            word,
            joined_before,
            rare_words,
            &mut terms,
        )?);
    }
    // Neighbouring content words close together in a text rank higher.
    for pair in planned.windows(2) {
        let tokens = [pair[0].token.clone(), pair[1].token.clone()];
        ranking.push(phrase_or_term(fields.exact, &tokens, 2));
    }
    if ordered_tokens.len() > 1 {
        // Words next to each other, in order, rank higher; a full name ranks its person first.
        let near = phrase_or_term(fields.exact, &ordered_tokens, 2);
        ranking.push(boosted(near, 2.0));
        let name = phrase_or_term(fields.names, &ordered_tokens, 0);
        ranking.push(boosted(name, 6.0));
    }

    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let optional: Vec<Box<dyn Query>> = units
        .iter()
        .filter(|unit| !unit.required)
        .map(unit_query)
        .collect();
    let any_required = units.iter().any(|unit| unit.required);
    for unit in units.iter().filter(|unit| unit.required) {
        clauses.push((Occur::Must, unit_query(unit)));
    }
    if !optional.is_empty() {
        let occur = if any_required {
            Occur::Should
        } else {
            Occur::Must
        };
        clauses.push((occur, should(optional)));
    }
    if units.is_empty() {
        // Only function words ("van der"): search them exactly rather than not at all.
        if function_tokens.is_empty() {
            return Err(QueryError::Empty.into());
        }
        terms.exact.extend(function_tokens.iter().cloned());
        let together = phrase_or_term(fields.exact, &function_tokens, 0);
        units.push(QueryUnit {
            label: function_tokens.join(" "),
            strong: together.box_clone(),
            weak: None,
            required: true,
        });
        clauses.push((Occur::Must, together));
    }
    for query in ranking {
        clauses.push((Occur::Should, query));
    }
    for query in excluded {
        clauses.push((Occur::MustNot, query));
    }
    let kind_term = |kind: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(fields.kind, kind),
            IndexRecordOption::Basic,
        ))
    };
    let every_kind = HitKind::ALL
        .iter()
        .all(|kind| kinds.is_empty() || kinds.contains(kind));
    if every_kind {
        // Only issue records are not hits: leaving out their few documents costs a fraction of
        // intersecting every hit with the union of all the other kinds.
        clauses.push((Occur::MustNot, kind_term(ISSUE_KIND)));
    } else {
        let wanted: Vec<Box<dyn Query>> =
            kinds.iter().map(|kind| kind_term(kind.as_str())).collect();
        clauses.push((Occur::Must, boosted(should(wanted), 0.0)));
    }
    Ok(BuiltQuery {
        query: Box::new(BooleanQuery::new(clauses)),
        units,
        terms,
        unmatched_phrases,
    })
}

fn unit_query(unit: &QueryUnit) -> Box<dyn Query> {
    match &unit.weak {
        Some(weak) => should(vec![unit.strong.box_clone(), weak.box_clone()]),
        None => unit.strong.box_clone(),
    }
}

/// How much a hit of each kind weighs in the ranking: a person whose name was asked for comes
/// first, a quote above the paragraph it is in, a whole article (which repeats its paragraphs)
/// and a footnote (short, often only a URL) below.
fn kind_weight(kind: &str) -> Score {
    match kind {
        "person" => 1.3,
        "quote" => 1.15,
        "article" => 0.8,
        "footnote" => 0.7,
        _ => 1.0,
    }
}

/// Words found in at most this many documents are rare: they also match near spellings.
const RARE_DOCUMENT_FREQUENCY: u64 = 3;

/// A rare word's near spelling is offered as a correction when it is this many times as
/// frequent.
const SUGGESTION_FREQUENCY_RATIO: u64 = 20;

/// Returns whether the archive knows `token` through another form: its stem, its word family
/// or the parts of the compound it is.
fn known_through_other_forms(
    vocabulary: &Vocabulary<'_>,
    fields: &Fields,
    analyzers: &mut Analyzers,
    token: &str,
) -> crate::index::Result<bool> {
    for stem in analyze(&mut analyzers.dutch, token) {
        if vocabulary.doc_freq(fields.text, &stem)? > 0
            || vocabulary.doc_freq(fields.title, &stem)? > 0
            || !vocabulary
                .family(fields.text, fields.exact, &stem)?
                .is_empty()
        {
            return Ok(true);
        }
    }
    Ok(vocabulary.split_compound(fields.exact, token)?.is_some())
}

/// What spelling help makes of the query: the parts to search, the corrections to report and
/// the rare words (which also match their near spellings).
struct Corrected {
    parts: Vec<QueryPart>,
    corrections: Vec<SpellingCorrection>,
    rare: HashSet<String>,
}

/// Corrects the spelling of query words, honestly: a word the archive knows is never replaced
/// (when it is rare and a near spelling is far more frequent, that spelling is suggested and
/// searched besides it); a word it does not know is replaced by its nearest spelling, unless
/// the archive knows it through its stem, word family or compound parts and no spelling is one
/// edit away.
fn correct_parts(
    vocabulary: &Vocabulary<'_>,
    fields: &Fields,
    parts: Vec<QueryPart>,
) -> crate::index::Result<Corrected> {
    let mut analyzers = Analyzers {
        dutch: dutch_analyzer(),
        exact: exact_analyzer(),
    };
    let mut corrected = Vec::with_capacity(parts.len());
    let mut corrections = Vec::new();
    let mut rare = HashSet::new();
    for part in parts {
        let QueryPart::Word(word) = &part else {
            corrected.push(part);
            continue;
        };
        let tokens = analyze(&mut analyzers.exact, word);
        let mut spelt = Vec::with_capacity(tokens.len());
        let mut replaced_any = false;
        for token in &tokens {
            let distance = fuzzy_distance(token.chars().count());
            let is_function_word = analyze(&mut analyzers.dutch, token).is_empty();
            if distance == 0 || is_function_word {
                spelt.push(token.clone());
                continue;
            }
            let frequency = vocabulary.doc_freq(fields.exact, token)?;
            if frequency > 0 {
                if frequency <= RARE_DOCUMENT_FREQUENCY {
                    rare.insert(token.clone());
                    let nearest = vocabulary.near_spellings(fields.exact, token, distance)?;
                    if let Some((spelling, _, more)) = nearest
                        .into_iter()
                        .max_by_key(|(_, edits, frequency)| (usize::MAX - edits, *frequency))
                        && more >= frequency * SUGGESTION_FREQUENCY_RATIO
                    {
                        corrections.push(SpellingCorrection {
                            original: token.clone(),
                            correction: spelling,
                            replaced: false,
                        });
                    }
                }
                spelt.push(token.clone());
                continue;
            }
            let nearest = vocabulary.near_spellings(fields.exact, token, distance)?;
            let one_edit = nearest.iter().find(|(_, edits, _)| *edits <= 1).cloned();
            let choice = match one_edit {
                Some(found) => Some(found.0),
                None if known_through_other_forms(vocabulary, fields, &mut analyzers, token)? => {
                    None
                }
                None => nearest.first().map(|(spelling, _, _)| spelling.clone()),
            };
            match choice {
                Some(spelling) => {
                    tracing::debug!(word = %token, %spelling, "corrected a query word the archive does not know");
                    corrections.push(SpellingCorrection {
                        original: token.clone(),
                        correction: spelling.clone(),
                        replaced: true,
                    });
                    replaced_any = true;
                    spelt.push(spelling);
                }
                None => spelt.push(token.clone()),
            }
        }
        if replaced_any {
            corrected.push(QueryPart::Word(spelt.join("-")));
        } else {
            corrected.push(part);
        }
    }
    Ok(Corrected {
        parts: corrected,
        corrections,
        rare,
    })
}

/// Returns the query as typed with each correction applied, word by word.
fn corrected_query(query: &str, corrections: &[SpellingCorrection]) -> Option<String> {
    if corrections.is_empty() {
        return None;
    }
    let mut exact = exact_analyzer();
    let words: Vec<String> = query
        .split_whitespace()
        .map(|word| {
            let tokens = analyze(&mut exact, word);
            let mut changed = false;
            let spelt: Vec<String> = tokens
                .iter()
                .map(|token| {
                    match corrections
                        .iter()
                        .find(|correction| correction.original == *token)
                    {
                        Some(correction) => {
                            changed = true;
                            correction.correction.clone()
                        }
                        None => token.clone(),
                    }
                })
                .collect();
            if changed {
                spelt.join("-")
            } else {
                word.to_string()
            }
        })
        .collect();
    Some(words.join(" "))
}

/// Most units whose matches are tracked per hit (the rest only rank).
const MAX_TRACKED_UNITS: usize = 64;

/// A hit must cover at least this share of the best hit's coverage of the query (the
/// informativeness of the words it matches over that of all the query's words). Two words of
/// like weight are then both needed while some text has both; of three, the least informative
/// may be missing. Elasticsearch's `minimum_should_match` of 60%, weighted by idf.
const MIN_COVERAGE_SHARE: f32 = 0.6;

/// A weak match (compound parts, a compound the word begins) counts this much of a word.
const WEAK_MATCH_SHARE: f32 = 0.5;

/// A matching document, with the units it matched.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: Score,
    segment: u32,
    doc: DocId,
    strong: u64,
    weak: u64,
    /// The article's index-wide number ([`SearchTables::articles`]).
    article: Option<u32>,
    /// The kind's index-wide number ([`SearchTables::kinds`]).
    kind: Option<u32>,
}

/// Collects every matching document with its score (weighted by kind) and the units it
/// matches, which it learns from one pass over each unit's matches in the segment.
struct CandidateCollector {
    /// Per unit, the weights of its strong matches' union parts.
    strong: Vec<Vec<Box<dyn Weight>>>,
    /// Per unit, those of its weak matches.
    weak: Vec<Option<Vec<Box<dyn Weight>>>>,
    tables: Arc<SearchTables>,
    /// The weight of each kind, by its index-wide number.
    kind_weights: Vec<Score>,
    /// The query is one unit, which every hit matches: `strong` holds its strong matches' parts
    /// only when it has weak matches too (a hit outside them matches it weakly), and none when
    /// every hit matches it strongly; `weak` is empty.
    one_unit: bool,
}

struct CandidateSegmentCollector {
    segment: u32,
    one_unit: bool,
    tables: Arc<SearchTables>,
    kind_weights: Vec<Score>,
    strong: Vec<BitSet>,
    weak: Vec<Option<BitSet>>,
    candidates: Vec<Candidate>,
}

/// What one segment found: its candidates and, per unit, how many documents match it
/// (strongly, then at all).
struct SegmentCandidates {
    candidates: Vec<Candidate>,
    strong_counts: Vec<u64>,
    any_counts: Vec<u64>,
}

/// The documents of the segment matching any of `weights` (the parts of a unit's union).
fn matching_set(weights: &[Box<dyn Weight>], reader: &SegmentReader) -> tantivy::Result<BitSet> {
    let mut set = BitSet::with_max_value(reader.max_doc().max(1));
    for weight in weights {
        weight.for_each_no_score(reader, &mut |docs: &[DocId]| {
            for &doc in docs {
                set.insert(doc);
            }
        })?;
    }
    Ok(set)
}

/// The queries whose union `query` is: the clauses of a union of `Should` clauses (that one
/// of them suffices), each taken apart in turn; otherwise `query` itself. Which documents match
/// a unit is asked of each part alone, so the sets need no union scorer merging the parts.
fn union_parts(query: &dyn Query) -> Vec<&dyn Query> {
    if let Some(union) = query.downcast_ref::<BooleanQuery>() {
        let clauses = union.clauses();
        if !clauses.is_empty()
            && union.get_minimum_number_should_match() <= 1
            && clauses.iter().all(|(occur, _)| *occur == Occur::Should)
        {
            return clauses
                .iter()
                .flat_map(|(_, clause)| union_parts(clause.as_ref()))
                .collect();
        }
    }
    vec![query]
}

/// The weights of the union parts of `query`.
fn part_weights(
    query: &dyn Query,
    scoring: EnableScoring<'_>,
) -> tantivy::Result<Vec<Box<dyn Weight>>> {
    union_parts(query)
        .into_iter()
        .map(|part| part.weight(scoring))
        .collect()
}

impl Collector for CandidateCollector {
    type Fruit = Vec<SegmentCandidates>;
    type Child = CandidateSegmentCollector;

    fn for_segment(
        &self,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<CandidateSegmentCollector> {
        let mut strong = Vec::with_capacity(self.strong.len());
        for weights in &self.strong {
            strong.push(matching_set(weights, reader)?);
        }
        let mut weak = Vec::with_capacity(self.weak.len());
        for weights in &self.weak {
            weak.push(match weights {
                Some(weights) => Some(matching_set(weights, reader)?),
                None => None,
            });
        }
        Ok(CandidateSegmentCollector {
            segment,
            one_unit: self.one_unit,
            tables: Arc::clone(&self.tables),
            kind_weights: self.kind_weights.clone(),
            strong,
            weak,
            candidates: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCandidates>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits)
    }
}

impl SegmentCollector for CandidateSegmentCollector {
    type Fruit = SegmentCandidates;

    fn collect(&mut self, doc: DocId, score: Score) {
        let table = self.tables.segment(self.segment);
        let kind = table.kinds.first(doc);
        let weight = kind
            .and_then(|number| self.kind_weights.get(number as usize).copied())
            .unwrap_or(1.0);
        let mut strong = 0u64;
        let mut weak = 0u64;
        for (index, set) in self.strong.iter().enumerate() {
            if set.contains(doc) {
                strong |= 1 << index;
            }
        }
        for (index, set) in self.weak.iter().enumerate() {
            if set.as_ref().is_some_and(|set| set.contains(doc)) {
                weak |= 1 << index;
            }
        }
        if self.one_unit {
            if self.strong.is_empty() {
                strong = 1;
            } else if strong == 0 {
                weak = 1;
            }
        }
        self.candidates.push(Candidate {
            score: score * weight,
            segment: self.segment,
            doc,
            strong,
            weak,
            article: table.articles.first(doc),
            kind,
        });
    }

    fn harvest(self) -> SegmentCandidates {
        let strong_counts = self.strong.iter().map(|set| set.len() as u64).collect();
        let any_counts = self
            .strong
            .iter()
            .zip(&self.weak)
            .map(|(strong, weak)| match weak {
                Some(weak) => {
                    // |strong ∪ weak|, 64 documents at a time.
                    let buckets = strong.max_value().div_ceil(64);
                    (0..buckets)
                        .map(|bucket| {
                            u64::from(strong.tinyset(bucket).union(weak.tinyset(bucket)).len())
                        })
                        .sum()
                }
                None => strong.len() as u64,
            })
            .collect();
        SegmentCandidates {
            candidates: self.candidates,
            strong_counts,
            any_counts,
        }
    }
}

/// Inverse document frequency, as BM25 weighs a term found in `matching` of `total` documents.
fn idf(matching: u64, total: u64) -> f32 {
    let matching = matching as f32;
    let total = total.max(1) as f32;
    (1.0 + (total - matching + 0.5) / (matching + 0.5)).ln()
}

/// The share of the query's informativeness a hit covers: the idf of the units it matches
/// (weak matches at [`WEAK_MATCH_SHARE`]) over that of all units.
fn coverage(candidate: &Candidate, weights: &[f32]) -> f32 {
    let total: f32 = weights.iter().sum();
    if total <= 0.0 {
        return 1.0;
    }
    let mut covered = 0.0;
    for (index, weight) in weights.iter().enumerate() {
        let bit = 1u64 << index;
        if candidate.strong & bit != 0 {
            covered += weight;
        } else if candidate.weak & bit != 0 {
            covered += weight * WEAK_MATCH_SHARE;
        }
    }
    covered / total
}

/// Runs a search on `searcher`.
///
/// Hits are the documents matching any word of the query (and every quoted phrase). Each
/// word weighs as much as it is informative (its idf over the archive); a hit's coverage is the
/// share of that weight it matches. Hits covering less than [`MIN_COVERAGE_SHARE`] of the best
/// coverage are left out, and the score is BM25 times the square of the coverage: texts with
/// all the words first, then those with the most informative of them, never nothing while
/// a text has some of them.
pub fn search(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
) -> crate::index::Result<SearchResults> {
    search_filtered(searcher, fields, request, &SearchFilter::default())
}

/// Runs a search on `searcher` restricted by `filter`: as [`search`], over the documents the
/// filter keeps only, so totals, facets and coverage are those of the restricted archive.
pub fn search_filtered(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
    filter: &SearchFilter,
) -> crate::index::Result<SearchResults> {
    let tables = Arc::new(SearchTables::build(searcher)?);
    search_with_tables(searcher, &tables, fields, request, filter)
}

/// Runs a search as [`search_filtered`] with the `tables` of the searcher's generation (which
/// [`crate::index::ArchiveIndex`] keeps from one search to the next).
pub fn search_with_tables(
    searcher: &Searcher,
    tables: &Arc<SearchTables>,
    fields: &Fields,
    request: &SearchRequest,
    filter: &SearchFilter,
) -> crate::index::Result<SearchResults> {
    let vocabulary = Vocabulary::with_memo(searcher, &tables.expansions);
    let corrected = correct_parts(&vocabulary, fields, parse_user_query(&request.query)?)?;
    let mut built = build_query(
        fields,
        &vocabulary,
        &corrected.parts,
        &request.kinds,
        &corrected.rare,
    )?;
    if let Some(restriction) = filter_query(fields, filter) {
        built.query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, built.query),
            (Occur::Must, restriction),
        ]));
    }
    let tracked = built.units.len().min(MAX_TRACKED_UNITS);
    let scoring = EnableScoring::disabled_from_searcher(searcher);
    let mut strong = Vec::with_capacity(tracked);
    let mut weak = Vec::with_capacity(tracked);
    // A query of one unit: every hit matches it (the query requires it), so the index is
    // asked only which hits match it strongly, and only when it has weak matches at all.
    let one_unit = built.units.len() == 1;
    if let [unit] = built.units.as_slice() {
        if unit.weak.is_some() {
            strong.push(part_weights(unit.strong.as_ref(), scoring)?);
        }
    } else {
        for unit in &built.units[..tracked] {
            strong.push(part_weights(unit.strong.as_ref(), scoring)?);
            weak.push(match &unit.weak {
                Some(query) => Some(part_weights(query.as_ref(), scoring)?),
                None => None,
            });
        }
    }
    let kind_weights = tables
        .kinds
        .names
        .iter()
        .map(|kind| kind_weight(kind))
        .collect();
    let collector = CandidateCollector {
        strong,
        weak,
        tables: Arc::clone(tables),
        kind_weights,
        one_unit,
    };
    let segments = searcher.search(&built.query, &collector)?;
    let mut strong_counts = vec![0u64; tracked];
    let mut any_counts = vec![0u64; tracked];
    let mut candidates = Vec::new();
    for segment in segments {
        for (index, count) in segment.strong_counts.iter().enumerate() {
            strong_counts[index] += count;
        }
        for (index, count) in segment.any_counts.iter().enumerate() {
            any_counts[index] += count;
        }
        candidates.extend(segment.candidates);
    }
    let documents = searcher.num_docs();
    // One unit: a hit covers all of the query or, matching it weakly, WEAK_MATCH_SHARE of it,
    // whatever the unit's weight.
    let weights: Vec<f32> = (0..tracked)
        .map(|index| {
            if one_unit {
                return 1.0;
            }
            let matching = if strong_counts[index] > 0 {
                strong_counts[index]
            } else {
                any_counts[index]
            };
            if matching == 0 {
                0.0
            } else {
                idf(matching, documents)
            }
        })
        .collect();

    let coverages: Vec<f32> = candidates
        .iter()
        .map(|candidate| coverage(candidate, &weights))
        .collect();
    let best_coverage = coverages.iter().copied().fold(0.0f32, f32::max);
    let floor = best_coverage * MIN_COVERAGE_SHARE - 1e-6;
    let mut retained: Vec<Candidate> = Vec::with_capacity(candidates.len());
    let mut best_covered: Option<(f32, Score, u64)> = None;
    for (candidate, share) in candidates.into_iter().zip(coverages) {
        if share < floor {
            continue;
        }
        let matched = candidate.strong | candidate.weak;
        let better = match best_covered {
            None => true,
            Some((best_share, best_score, _)) => {
                share > best_share + 1e-6
                    || ((share - best_share).abs() <= 1e-6 && candidate.score > best_score)
            }
        };
        if better {
            best_covered = Some((share, candidate.score, matched));
        }
        retained.push(Candidate {
            score: candidate.score * share * share,
            ..candidate
        });
    }

    let mut dropped_terms = built.unmatched_phrases.clone();
    let best_matched = best_covered.map_or(0, |(_, _, matched)| matched);
    for (index, unit) in built.units.iter().enumerate().take(tracked) {
        if best_matched & (1 << index) == 0 && !dropped_terms.contains(&unit.label) {
            dropped_terms.push(unit.label.clone());
        }
    }

    let facets = count_facets(tables, &retained, request.facets);
    // Deep pages cost memory: bound the window whatever the caller asks.
    let limit = request.limit.clamp(1, MAX_RESULT_WINDOW);
    let offset = request.offset.min(MAX_RESULT_WINDOW);
    let (total, page) = if request.group_by_article {
        group_by_article(tables, &retained, offset, limit)
    } else {
        let total = retained.len();
        // Only the hits up to the page's end need their order.
        let end = offset.saturating_add(limit).min(total);
        if end > 0 && end < total {
            retained.select_nth_unstable_by(end - 1, ranking_order);
            retained.truncate(end);
        }
        retained.sort_by(ranking_order);
        let page: Vec<PageEntry> = retained
            .iter()
            .skip(offset)
            .map(|candidate| (*candidate, None))
            .collect();
        (total, page)
    };
    let mut hits = Vec::with_capacity(page.len());
    for (candidate, passage) in page {
        let document: TantivyDocument =
            searcher.doc(DocAddress::new(candidate.segment, candidate.doc))?;
        let passage_text = match passage {
            Some(passage) if request.snippets => {
                let passage_document: TantivyDocument =
                    searcher.doc(DocAddress::new(passage.segment, passage.doc))?;
                first_text(&passage_document, fields.text)
            }
            _ => None,
        };
        let terms = request.snippets.then_some(&built.terms);
        let mut hit = hit_from_document(fields, &document, candidate.score, terms, passage_text);
        hit.matched_terms = built
            .units
            .iter()
            .enumerate()
            .take(tracked)
            .filter(|(index, _)| (candidate.strong | candidate.weak) & (1 << index) != 0)
            .map(|(_, unit)| unit.label.clone())
            .collect();
        hits.push(hit);
    }
    let corrected_query = corrected_query(&request.query, &corrected.corrections);
    Ok(SearchResults {
        total,
        hits,
        facets,
        dropped_terms,
        corrections: corrected.corrections,
        corrected_query,
    })
}

/// Restricts a search to part of the archive. Every field given must hold; an empty field
/// restricts nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// Only records of one of these issues (issue keys).
    pub issue_ids: Vec<String>,
    /// Only records of issues published in these years (inclusive).
    pub years: Option<(i32, i32)>,
    /// Only records about one of these people (person keys): a quote they said, an article or
    /// paragraph naming them, the person themselves.
    pub person_ids: Vec<String>,
    /// Only records in these articles, and people among these: what the catalog resolves an
    /// organisation, an article kind or a person's role to. `None` restricts nothing.
    pub within: Option<SearchScope>,
}

/// A set of articles and people a search is restricted to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchScope {
    /// Article keys: an article, its paragraphs, quotes and footnotes.
    pub article_ids: Vec<String>,
    /// Person keys: person records.
    pub person_ids: Vec<String>,
}

impl SearchFilter {
    /// Returns whether the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self.issue_ids.is_empty()
            && self.years.is_none()
            && self.person_ids.is_empty()
            && self.within.is_none()
    }
}

fn any_term(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    Box::new(TermSetQuery::new(
        values
            .iter()
            .map(|value| Term::from_field_text(field, value)),
    ))
}

/// Returns the query keeping what `filter` keeps (scoring nothing), `None` when it keeps all.
fn filter_query(fields: &Fields, filter: &SearchFilter) -> Option<Box<dyn Query>> {
    if filter.is_empty() {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !filter.issue_ids.is_empty() {
        clauses.push((Occur::Must, any_term(fields.issue_id, &filter.issue_ids)));
    }
    if let Some((from, to)) = filter.years {
        let from = u64::try_from(from.max(0)).unwrap_or(0);
        let to = u64::try_from(to.max(0)).unwrap_or(0);
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(fields.year, from)),
                std::ops::Bound::Included(Term::from_field_u64(fields.year, to)),
            )),
        ));
    }
    if !filter.person_ids.is_empty() {
        clauses.push((Occur::Must, any_term(fields.person_ids, &filter.person_ids)));
    }
    if let Some(scope) = &filter.within {
        let person_kind: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(fields.kind, HitKind::Person.as_str()),
            IndexRecordOption::Basic,
        ));
        let people: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, person_kind),
            (Occur::Must, any_term(fields.id, &scope.person_ids)),
        ]));
        clauses.push((
            Occur::Must,
            Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    any_term(fields.article_id, &scope.article_ids),
                ),
                (Occur::Should, people),
            ])),
        ));
    }
    // Weight 0: the filter decides what is kept, never how it ranks.
    Some(Box::new(BoostQuery::new(
        Box::new(BooleanQuery::new(clauses)),
        0.0,
    )))
}

/// A hit of a page, with the hit its snippet comes from when that is another.
type PageEntry = (Candidate, Option<Candidate>);

/// The hits of one article: the best (the page shows it), the best that is not the whole
/// article (its snippet), and the score of the whole article's own document.
struct ArticleGroup {
    best: Candidate,
    passage: Option<Candidate>,
    article_score: Score,
}

/// The order of hits: best score first, then by address (so that equal scores keep one order).
fn ranking_order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.segment.cmp(&b.segment))
        .then_with(|| a.doc.cmp(&b.doc))
}

/// Keeps the best hit of each article (people, who belong to no article, stand alone), scored
/// by the article's best passage plus the article as a whole, and returns how many articles
/// there are and the page asked for. An article's own hit (its whole text) takes its snippet
/// from its best paragraph or quote.
///
/// One pass over the hits in any order: a hit carries its article's index-wide number (from
/// [`SearchTables`], so an article whose documents lie in several segments is one group), and
/// only the articles are sorted, not the hits.
fn group_by_article(
    tables: &SearchTables,
    hits: &[Candidate],
    offset: usize,
    limit: usize,
) -> (usize, Vec<PageEntry>) {
    let article_kind = tables.kinds.get(HitKind::Article.as_str());
    let is_article = |hit: &Candidate| hit.kind.is_some() && hit.kind == article_kind;
    let article_of = |hit: &Candidate| hit.article.map(|number| number as usize);
    // Per article (then per hit outside any article): the best hit, the best hit that is not
    // the whole article, and the score of the article's own document. "Best" is first in
    // [`ranking_order`], as if the hits were sorted.
    let mut groups: Vec<Option<ArticleGroup>> = (0..tables.articles.len()).map(|_| None).collect();
    let mut loose: Vec<ArticleGroup> = Vec::new();
    for hit in hits {
        let whole = is_article(hit);
        let slot = match article_of(hit) {
            Some(number) => groups.get_mut(number),
            None => None,
        };
        let Some(slot) = slot else {
            loose.push(ArticleGroup {
                best: *hit,
                passage: None,
                article_score: if whole { hit.score } else { 0.0 },
            });
            continue;
        };
        let group = slot.get_or_insert(ArticleGroup {
            best: *hit,
            passage: None,
            article_score: 0.0,
        });
        if ranking_order(hit, &group.best).is_lt() {
            group.best = *hit;
        }
        if whole {
            group.article_score = group.article_score.max(hit.score);
        } else if group
            .passage
            .is_none_or(|passage| ranking_order(hit, &passage).is_lt())
        {
            group.passage = Some(*hit);
        }
    }
    let mut groups: Vec<ArticleGroup> = groups.into_iter().flatten().chain(loose).collect();
    // An article ranks by its best passage and by the article as a whole (Callan, "Passage-level
    // evidence in document retrieval", SIGIR 1994): a text about the query throughout ranks
    // above one that touches it in a paragraph.
    // Equal weights; a hit that is the whole of its group (a person) is both.
    let firsts: Vec<Candidate> = groups.iter().map(|group| group.best).collect();
    for group in &mut groups {
        let best_passage = group.best.score;
        let whole = if group.best.article.is_some() {
            group.article_score
        } else {
            best_passage
        };
        group.best.score = 0.5 * (best_passage + whole);
    }
    // Equal scores keep the order of their best hits in the ranking.
    let mut groups: Vec<(ArticleGroup, Candidate)> = groups.into_iter().zip(firsts).collect();
    groups.sort_by(|(a, a_first), (b, b_first)| {
        b.best
            .score
            .total_cmp(&a.best.score)
            .then_with(|| ranking_order(a_first, b_first))
    });
    let total = groups.len();
    let page = groups
        .into_iter()
        .map(|(group, _)| group)
        .skip(offset)
        .take(limit)
        .map(|group| {
            let passage = group.passage.filter(|_| is_article(&group.best));
            (group.best, passage)
        })
        .collect();
    (total, page)
}

fn first_text(document: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    document
        .get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_string)
}

fn all_texts(document: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    document
        .get_all(field)
        .filter_map(|value| value.as_str().map(str::to_string))
        .collect()
}

fn hit_from_document(
    fields: &Fields,
    document: &TantivyDocument,
    score: Score,
    terms: Option<&MatchTerms>,
    passage: Option<String>,
) -> SearchHit {
    let kind = first_text(document, fields.kind)
        .as_deref()
        .and_then(HitKind::parse)
        .unwrap_or(HitKind::Paragraph);
    // Borrowed: an article's text is the whole article, and most hits show another passage.
    let stored = |field| {
        document
            .get_first(field)
            .and_then(|value| value.as_str())
            .unwrap_or("")
    };
    let snippet = terms.map_or_else(String::new, |terms| {
        let text = stored(fields.text);
        let title = stored(fields.title);
        let source: std::borrow::Cow<'_, str> = match (kind, passage) {
            (HitKind::Person, _) => format!("{title}: {text}").into(),
            (_, Some(passage)) if !passage.is_empty() => passage.into(),
            _ if text.is_empty() => title.into(),
            _ => text.into(),
        };
        snippet::highlight(&source, terms, snippet::DEFAULT_LENGTH)
    });
    SearchHit {
        kind,
        id: first_text(document, fields.id).unwrap_or_default(),
        score,
        snippet,
        article_id: first_text(document, fields.article_id),
        issue_ids: all_texts(document, fields.issue_id),
        person_ids: all_texts(document, fields.person_ids),
        matched_terms: Vec::new(),
    }
}

/// Counts the hits per kind, issue, year and person from fast fields, for the facets selected:
/// on index-wide value numbers, naming only the values that occur.
fn count_facets(tables: &SearchTables, hits: &[Candidate], selection: FacetSelection) -> Facets {
    if !selection.any() {
        return Facets::default();
    }
    let mut kinds = vec![0u64; tables.kinds.len()];
    let mut issues = vec![
        0u64;
        if selection.issues {
            tables.issues.len()
        } else {
            0
        }
    ];
    let mut people = vec![
        0u64;
        if selection.people {
            tables.people.len()
        } else {
            0
        }
    ];
    let mut years: FxHashMap<u64, u64> = FxHashMap::default();
    for hit in hits {
        let table = tables.segment(hit.segment);
        if selection.kinds
            && let Some(count) = hit.kind.and_then(|number| kinds.get_mut(number as usize))
        {
            *count += 1;
        }
        if selection.issues {
            for number in table.issues.numbers(hit.doc) {
                if let Some(count) = issues.get_mut(number as usize) {
                    *count += 1;
                }
            }
        }
        if selection.people {
            for number in table.people.numbers(hit.doc) {
                if let Some(count) = people.get_mut(number as usize) {
                    *count += 1;
                }
            }
        }
        if selection.years
            && let Some(year) = &table.years
        {
            for value in year.values_for_doc(hit.doc) {
                if value > 0 {
                    *years.entry(value).or_default() += 1;
                }
            }
        }
    }
    let named = |counts: Vec<u64>, names: &[String]| -> Vec<FacetCount> {
        sorted_counts(
            counts
                .into_iter()
                .zip(names)
                .filter(|(count, _)| *count > 0)
                .map(|(count, name)| FacetCount {
                    value: name.clone(),
                    count,
                })
                .collect(),
        )
    };
    Facets {
        kinds: if selection.kinds {
            named(kinds, &tables.kinds.names)
        } else {
            Vec::new()
        },
        issues: named(issues, &tables.issues.names),
        years: sorted_counts(
            years
                .into_iter()
                .map(|(year, count)| FacetCount {
                    value: year.to_string(),
                    count,
                })
                .collect(),
        ),
        people: named(people, &tables.people.names),
    }
}

/// Most frequent first, equal counts by value.
fn sorted_counts(mut counts: Vec<FacetCount>) -> Vec<FacetCount> {
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    counts
}

/// Returns the distinct values of `values`, keeping order.
pub fn distinct(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    values
        .into_iter()
        .filter(|value| seen.insert(value.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_union_is_taken_apart_into_its_parts_and_nothing_else_is() {
        let fields = Fields::from_schema(&crate::index::schema::build_schema()).unwrap();
        let nested = should(vec![
            term(fields.text, "regio"),
            should(vec![
                boosted(term(fields.exact, "regio"), EXACT_BOOST),
                term(fields.title, "regio"),
            ]),
        ]);
        assert_eq!(union_parts(nested.as_ref()).len(), 3);
        let both: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, term(fields.text, "regio")),
            (Occur::Must, term(fields.text, "samenwerk")),
        ]));
        assert_eq!(union_parts(both.as_ref()).len(), 1);
        let two_of_three: Box<dyn Query> = Box::new(BooleanQuery::with_minimum_required_clauses(
            vec![
                (Occur::Should, term(fields.text, "regio")),
                (Occur::Should, term(fields.text, "samenwerk")),
                (Occur::Should, term(fields.text, "mbo")),
            ],
            2,
        ));
        assert_eq!(union_parts(two_of_three.as_ref()).len(), 1);
    }

    #[test]
    fn forgiving_parser() {
        assert_eq!(
            parse_user_query("regionale \"Sterk Techniekonderwijs\" -Brainport").unwrap(),
            [
                QueryPart::Word("regionale".into()),
                QueryPart::Phrase("Sterk Techniekonderwijs".into()),
                QueryPart::Exclude("Brainport".into())
            ]
        );
        assert_eq!(
            parse_user_query("“onderzoekscultuur versterken").unwrap(),
            [QueryPart::Phrase("onderzoekscultuur versterken".into())]
        );
        assert_eq!(
            parse_user_query("samenwerking AND ( regio ) +*").unwrap(),
            [
                QueryPart::Word("samenwerking".into()),
                QueryPart::Word("regio".into())
            ]
        );
        assert_eq!(parse_user_query("   \"\" && "), Err(QueryError::Empty));
        assert_eq!(parse_user_query("-regio"), Err(QueryError::OnlyExclusions));
        assert!(matches!(
            parse_user_query(&"a ".repeat(300)),
            Err(QueryError::TooLong { .. })
        ));
    }

    #[test]
    fn fuzzy_distance_grows_with_length() {
        assert_eq!(fuzzy_distance(4), 0);
        assert_eq!(fuzzy_distance(5), 1);
        assert_eq!(fuzzy_distance(12), 2);
    }

    /// An index of paragraphs `(article id, text)`, each its own document.
    fn paragraphs_index(paragraphs: &[(&str, &str)]) -> (tantivy::Index, Fields) {
        let index = tantivy::Index::create_in_ram(crate::index::schema::build_schema());
        crate::index::analyzer::register_analyzers(&index);
        let fields = Fields::from_schema(&index.schema()).unwrap();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for (number, (article, text)) in paragraphs.iter().enumerate() {
            let mut document = TantivyDocument::default();
            document.add_text(fields.kind, "paragraph");
            document.add_text(fields.id, format!("{article}/p{number}"));
            document.add_text(fields.issue_id, "test");
            document.add_text(fields.article_id, *article);
            document.add_text(fields.text, *text);
            document.add_text(fields.exact, *text);
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        (index, fields)
    }

    fn run(index: &tantivy::Index, fields: &Fields, query: &str, grouped: bool) -> SearchResults {
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .unwrap();
        let request = SearchRequest {
            query: query.to_string(),
            kinds: Vec::new(),
            offset: 0,
            limit: 10,
            snippets: true,
            facets: FacetSelection::ALL,
            group_by_article: grouped,
        };
        search(&reader.searcher(), fields, &request).unwrap()
    }

    const SCHOOL: &[(&str, &str)] = &[
        ("a1", "Leerlingen praten in de klas over pesten."),
        ("a2", "De gemeente regelt het leerlingenvervoer."),
        ("a3", "Elke leerling volgt een ehbo-cursus op school."),
        ("a4", "Leerlingen leren reanimeren bij de brandweer."),
        ("a5", "Het techniekonderwijs in de regio groeit."),
        (
            "a6",
            "De samenwerking met het bedrijfsleven is een hecht verband.",
        ),
        ("a7", "Samenwerking in de regio, zonder vast verband."),
        ("a8", "De kiesraad telt de stemmen."),
        ("a8", "Daarna stelt de kiesraad de uitslag vast."),
    ];

    #[test]
    fn a_question_finds_the_text_with_most_of_its_words_and_names_the_dropped_one() {
        let (index, fields) = paragraphs_index(SCHOOL);
        let results = run(&index, &fields, "hoe voorkom je pesten in de klas", true);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a1"));
        assert_eq!(results.hits[0].matched_terms, ["pesten", "klas"]);
        // "voorkom" occurs nowhere; function words only rank and are not listed.
        assert_eq!(results.dropped_terms, ["voorkom"]);
        // No text has both words: the more informative one decides, the other is dropped.
        let results = run(&index, &fields, "pesten klas leerlingenvervoer", true);
        assert_eq!(results.total, 1, "{:?}", results.hits);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a1"));
        assert_eq!(results.dropped_terms, ["leerlingenvervoer"]);
    }

    #[test]
    fn texts_with_all_the_words_come_first() {
        let (index, fields) = paragraphs_index(SCHOOL);
        let results = run(&index, &fields, "samenwerking regio", true);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a7"));
        assert_eq!(results.hits[0].matched_terms, ["samenwerking", "regio"]);
        assert!(results.dropped_terms.is_empty());
    }

    #[test]
    fn a_hyphenated_compound_matches_its_parts_in_another_inflection() {
        let (index, fields) = paragraphs_index(SCHOOL);
        let results = run(&index, &fields, "ehbo-cursussen", true);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a3"));
        assert_eq!(results.hits[0].matched_terms, ["ehbo", "cursussen"]);
        assert!(
            results.hits[0]
                .snippet
                .contains("<mark>ehbo</mark>-<mark>cursus</mark>"),
            "{}",
            results.hits[0].snippet
        );
    }

    #[test]
    fn a_hyphenated_term_with_a_function_word_is_a_word_of_its_own() {
        let (index, fields) = paragraphs_index(&[
            ("a1", "Zij kiezen de instroom van nieuwe leerlingen."),
            ("a2", "De zij-instroom van leraren groeit."),
        ]);
        let results = run(&index, &fields, "zij-instroom", true);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a2"));
        assert_eq!(results.hits[0].matched_terms, ["zij-instroom", "instroom"]);
        // "instroom" alone covers too little of the query: the whole term is more informative.
        assert_eq!(results.total, 1, "{:?}", results.hits);
    }

    #[test]
    fn compounds_meet_their_parts_and_words_their_compounds() {
        let (index, fields) = paragraphs_index(SCHOOL);
        // Split by the archive's own words: "samenwerking" + s + "verband".
        let results = run(&index, &fields, "samenwerkingsverband", true);
        let found: Vec<&str> = results
            .hits
            .iter()
            .filter_map(|hit| hit.article_id.as_deref())
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.contains(&"a6") && found.contains(&"a7"), "{found:?}");
        // Two words of the query that the archive writes as one.
        let results = run(&index, &fields, "techniek onderwijs", true);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a5"));
        assert_eq!(results.hits[0].matched_terms, ["techniek", "onderwijs"]);
    }

    #[test]
    fn a_one_word_query_keeps_its_strong_hits_over_its_parts() {
        let (index, fields) = paragraphs_index(&[
            ("a1", "Het beroepsonderwijs in de regio groeit."),
            ("a2", "Over beroeps en over onderwijs, twee woorden."),
            (
                "a3",
                "Onderwijs voor beroeps, en nog eens onderwijs voor beroeps.",
            ),
        ]);
        // The parts alone cover half the word: less than the 60 % of the best hit's.
        let results = run(&index, &fields, "beroepsonderwijs", false);
        let found: Vec<&str> = results
            .hits
            .iter()
            .filter_map(|hit| hit.article_id.as_deref())
            .collect();
        assert_eq!(found, ["a1"]);
        assert_eq!(results.hits[0].matched_terms, ["beroepsonderwijs"]);
        assert!(results.dropped_terms.is_empty());
    }

    #[test]
    fn a_derivation_meets_the_word_family_in_the_archive() {
        let (index, fields) = paragraphs_index(SCHOOL);
        let results = run(&index, &fields, "reanimatie", true);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a4"));
        // "reanimatie" is not in the archive, but its family is: nothing to correct.
        assert!(results.corrections.is_empty(), "{:?}", results.corrections);
    }

    #[test]
    fn a_word_the_archive_knows_is_never_replaced() {
        let (index, fields) = paragraphs_index(&[
            ("a1", "De kiesraad telt de stemmen."),
            ("a2", "Een kiesrad is een draaischijf met namen."),
        ]);
        let results = run(&index, &fields, "kiesrad namen", true);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a2"));
        assert!(
            results
                .corrections
                .iter()
                .all(|correction| !correction.replaced)
        );
        assert_eq!(results.hits[0].matched_terms, ["kiesrad", "namen"]);
        // A word it does not know is replaced, and the response says so.
        let results = run(&index, &fields, "kiesraadd stemmen", true);
        assert_eq!(results.hits[0].article_id.as_deref(), Some("a1"));
        assert_eq!(
            results.corrections,
            [SpellingCorrection {
                original: "kiesraadd".to_string(),
                correction: "kiesraad".to_string(),
                replaced: true
            }]
        );
        assert_eq!(results.corrected_query.as_deref(), Some("kiesraad stemmen"));
    }

    #[test]
    fn an_article_comes_back_once_when_hits_are_grouped() {
        let (index, fields) = paragraphs_index(SCHOOL);
        let grouped = run(&index, &fields, "kiesraad", true);
        assert_eq!(grouped.total, 1);
        assert_eq!(grouped.hits.len(), 1);
        let all = run(&index, &fields, "kiesraad", false);
        assert_eq!(all.total, 2);
        // Facets count every hit either way.
        assert_eq!(grouped.facets, all.facets);
    }

    #[test]
    fn a_phrase_that_occurs_nowhere_is_searched_as_words() {
        let (index, fields) = paragraphs_index(SCHOOL);
        let results = run(&index, &fields, "\"pesten in de gemeente\"", true);
        assert!(results.total >= 1);
        assert_eq!(results.dropped_terms[0], "\"pesten in de gemeente\"");
        let results = run(&index, &fields, "\"in de klas\"", true);
        assert_eq!(results.total, 1);
        assert!(results.dropped_terms.is_empty());
    }

    #[test]
    fn only_the_facets_asked_for_are_counted() {
        let (index, fields) = paragraphs_index(SCHOOL);
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .unwrap();
        let mut request = SearchRequest {
            query: "kiesraad".to_string(),
            kinds: Vec::new(),
            offset: 0,
            limit: 10,
            snippets: false,
            facets: FacetSelection::NONE,
            group_by_article: false,
        };
        let none = search(&reader.searcher(), &fields, &request).unwrap();
        assert_eq!(none.total, 2);
        assert_eq!(none.facets, Facets::default());
        assert!(none.hits.iter().all(|hit| hit.snippet.is_empty()));
        request.facets = FacetSelection {
            issues: true,
            ..FacetSelection::NONE
        };
        let issues = search(&reader.searcher(), &fields, &request).unwrap();
        assert_eq!(
            issues.facets.issues,
            [FacetCount {
                value: "test".to_string(),
                count: 2
            }]
        );
        assert!(issues.facets.kinds.is_empty() && issues.facets.people.is_empty());
        // The hits do not depend on what is counted.
        assert_eq!(issues.hits, none.hits);
    }
}
