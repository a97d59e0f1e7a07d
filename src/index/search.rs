//! Search: what a person types in a search box becomes a ranked list of hits with highlighted
//! snippets and facet counts.
//!
//! The query language is forgiving, like a search engine's box: words, "exact phrases", `-word`
//! to exclude. Nothing a user types is a syntax error: an unclosed quote runs to the end, stray
//! operators are ignored. Every word must match (in any field), through its Dutch stem
//! ("samenwerken" finds "samenwerking"), its exact form, or — for words of five letters or more —
//! a spelling one or two edits away ("samenwerkng"). Name particles ("van", "der") never decide a
//! match on their own, but a full name in order ranks its person first.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, Score, Searcher, TantivyDocument, Term};

use crate::index::analyzer::{analyze, dutch_analyzer, exact_analyzer};
use crate::index::schema::{self, Fields};
use crate::index::snippet::{self, MatchTerms};

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

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchResults {
    /// Number of hits in all.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<SearchHit>,
    /// Facet counts over all hits.
    pub facets: Facets,
}

/// The query built from a parsed user query, with the terms to highlight.
pub struct BuiltQuery {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// What to mark in snippets.
    pub terms: MatchTerms,
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

fn term_query(field: tantivy::schema::Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
    let query = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqsAndPositions,
    );
    (
        Occur::Should,
        Box::new(BoostQuery::new(Box::new(query), boost)),
    )
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

/// Builds the query for one word: stem, exact form, name, or a near spelling.
fn word_query(
    fields: &Fields,
    analyzers: &mut Analyzers,
    word: &str,
    rare_words: &HashSet<String>,
    terms: &mut MatchTerms,
) -> Option<Box<dyn Query>> {
    let exact = analyze(&mut analyzers.exact, word);
    if exact.is_empty() {
        return None;
    }
    if exact.len() > 1 {
        // "HR-interventie", "regio’s": the parts in order.
        terms.exact.extend(exact.iter().cloned());
        return Some(phrase_or_term(fields.exact, &exact, 0));
    }
    let stems = analyze(&mut analyzers.dutch, word);
    if stems.is_empty() {
        // A function word or name particle: it may rank, but never decides a match.
        return None;
    }
    let token = &exact[0];
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for stem in &stems {
        should.push(term_query(fields.text, stem, 1.0));
        should.push(term_query(fields.title, stem, 2.0));
        terms.stems.insert(stem.clone());
    }
    should.push(term_query(fields.exact, token, 0.5));
    should.push(term_query(fields.names, token, 3.0));
    terms.exact.insert(token.clone());
    // Near spellings are only worth their cost for rare words: a common word has its matches.
    let distance = if rare_words.contains(token) {
        fuzzy_distance(token.chars().count())
    } else {
        0
    };
    if distance > 0 {
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(fields.exact, token), distance, true);
        should.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(fuzzy), 0.3)),
        ));
        terms.fuzzy.push((token.clone(), distance));
    }
    Some(Box::new(BooleanQuery::new(should)))
}

/// Builds the tantivy query for parsed user input, restricted to `kinds` (all when empty).
/// Words in `rare_words` (folded) also match their near spellings.
pub fn build_query(
    fields: &Fields,
    parts: &[QueryPart],
    kinds: &[HitKind],
    rare_words: &HashSet<String>,
) -> Result<BuiltQuery, QueryError> {
    let mut analyzers = Analyzers {
        dutch: dutch_analyzer(),
        exact: exact_analyzer(),
    };
    let mut terms = MatchTerms::default();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut ordered_tokens: Vec<String> = Vec::new();
    let mut required = 0;
    let mut dropped_words: Vec<String> = Vec::new();
    for part in parts {
        match part {
            QueryPart::Word(word) => {
                ordered_tokens.extend(analyze(&mut analyzers.exact, word));
                match word_query(fields, &mut analyzers, word, rare_words, &mut terms) {
                    Some(query) => {
                        clauses.push((Occur::Must, query));
                        required += 1;
                    }
                    None => dropped_words.push(word.clone()),
                }
            }
            QueryPart::Phrase(phrase) => {
                let tokens = analyze(&mut analyzers.exact, phrase);
                if tokens.is_empty() {
                    continue;
                }
                terms.exact.extend(tokens.iter().cloned());
                terms.phrases.push(tokens.clone());
                let in_text = phrase_or_term(fields.exact, &tokens, 0);
                let in_names = phrase_or_term(fields.names, &tokens, 0);
                let either: Vec<(Occur, Box<dyn Query>)> = vec![
                    (Occur::Should, in_text),
                    (Occur::Should, Box::new(BoostQuery::new(in_names, 3.0))),
                ];
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
                required += 1;
            }
            QueryPart::Exclude(text) => {
                let tokens = analyze(&mut analyzers.exact, text);
                if !tokens.is_empty() {
                    clauses.push((Occur::MustNot, phrase_or_term(fields.exact, &tokens, 0)));
                }
            }
        }
    }
    if required == 0 {
        // Only function words ("van der"): search them exactly rather than not at all.
        let tokens: Vec<String> = dropped_words
            .iter()
            .flat_map(|word| analyze(&mut analyzers.exact, word))
            .collect();
        if tokens.is_empty() {
            return Err(QueryError::Empty);
        }
        terms.exact.extend(tokens.iter().cloned());
        clauses.push((Occur::Must, phrase_or_term(fields.exact, &tokens, 0)));
    }
    if ordered_tokens.len() > 1 {
        // Words next to each other, in order, rank higher; a full name ranks its person first.
        let near = phrase_or_term(fields.exact, &ordered_tokens, 2);
        clauses.push((Occur::Should, Box::new(BoostQuery::new(near, 2.0))));
        let name = phrase_or_term(fields.names, &ordered_tokens, 0);
        clauses.push((Occur::Should, Box::new(BoostQuery::new(name, 6.0))));
    }
    let wanted: Vec<HitKind> = if kinds.is_empty() {
        HitKind::ALL.to_vec()
    } else {
        kinds.to_vec()
    };
    let kind_filter: Vec<(Occur, Box<dyn Query>)> = wanted
        .iter()
        .map(|kind| {
            let query: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(fields.kind, kind.as_str()),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, query)
        })
        .collect();
    clauses.push((
        Occur::Must,
        Box::new(BoostQuery::new(
            Box::new(BooleanQuery::new(kind_filter)),
            0.0,
        )),
    ));
    Ok(BuiltQuery {
        query: Box::new(BooleanQuery::new(clauses)),
        terms,
    })
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

/// Returns the word of the index closest to a word that occurs nowhere ("samenwerkng" →
/// "samenwerking"): within the fuzzy edit distance, the most frequent among the nearest.
pub fn correct_spelling(
    searcher: &Searcher,
    field: tantivy::schema::Field,
    word: &str,
) -> crate::index::Result<Option<String>> {
    let distance = usize::from(fuzzy_distance(word.chars().count()));
    if distance == 0 || searcher.doc_freq(&Term::from_field_text(field, word))? > 0 {
        return Ok(None);
    }
    // The Levenshtein automaton walks only the dictionary terms within the distance.
    let fuzzy = FuzzyTermQuery::new(
        Term::from_field_text(field, word),
        fuzzy_distance(word.chars().count()),
        true,
    );
    let mut best: Option<(usize, u32, String)> = None;
    for segment in searcher.segment_readers() {
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
            let found = snippet::edit_distance(word, candidate, distance);
            let frequency = terms.value().doc_freq;
            let better = match &best {
                None => true,
                Some((best_distance, best_frequency, _)) => {
                    found < *best_distance
                        || (found == *best_distance && frequency > *best_frequency)
                }
            };
            if better {
                best = Some((found, frequency, candidate.to_string()));
            }
        }
    }
    Ok(best.map(|(_, _, word)| word))
}

/// Words found in at most this many documents are rare: they also match near spellings.
const RARE_DOCUMENT_FREQUENCY: u64 = 3;

/// Replaces words that occur nowhere in the index by their nearest spelling that does, and
/// returns the words that are rare.
fn correct_parts(
    searcher: &Searcher,
    fields: &Fields,
    parts: Vec<QueryPart>,
) -> crate::index::Result<(Vec<QueryPart>, HashSet<String>)> {
    let mut exact = exact_analyzer();
    let mut corrected = Vec::with_capacity(parts.len());
    let mut rare = HashSet::new();
    for part in parts {
        let QueryPart::Word(word) = &part else {
            corrected.push(part);
            continue;
        };
        let tokens = analyze(&mut exact, word);
        if let [token] = tokens.as_slice() {
            let frequency = searcher.doc_freq(&Term::from_field_text(fields.exact, token))?;
            if (1..=RARE_DOCUMENT_FREQUENCY).contains(&frequency) {
                rare.insert(token.clone());
            }
        }
        let replacement = match tokens.as_slice() {
            [token] => correct_spelling(searcher, fields.exact, token)?,
            _ => None,
        };
        match replacement {
            Some(spelling) => {
                tracing::debug!(word = %word, %spelling, "corrected a query word that is not in the index");
                corrected.push(QueryPart::Word(spelling));
            }
            None => corrected.push(part),
        }
    }
    Ok((corrected, rare))
}

/// Runs a search on `searcher`.
pub fn search(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
) -> crate::index::Result<SearchResults> {
    let (parts, rare_words) = correct_parts(searcher, fields, parse_user_query(&request.query)?)?;
    let built = build_query(fields, &parts, &request.kinds, &rare_words)?;
    // Deep pages cost memory per segment: bound the window whatever the caller asks.
    let limit = request.limit.clamp(1, MAX_RESULT_WINDOW);
    let offset = request.offset.min(MAX_RESULT_WINDOW);
    let top = TopDocs::with_limit(limit).and_offset(offset).tweak_score(
        move |segment: &tantivy::SegmentReader| {
            let kinds = segment.fast_fields().str(schema::KIND).ok().flatten();
            let weights: Vec<Score> = kinds.as_ref().map_or_else(Vec::new, |column| {
                let mut value = String::new();
                (0..column.num_terms() as u64)
                    .map(|ord| {
                        value.clear();
                        let known = column.ord_to_str(ord, &mut value).unwrap_or(false);
                        if known { kind_weight(&value) } else { 1.0 }
                    })
                    .collect()
            });
            move |doc: DocId, score: Score| {
                let weight = kinds
                    .as_ref()
                    .and_then(|column| column.term_ords(doc).next())
                    .and_then(|ord| weights.get(usize::try_from(ord).ok()?).copied())
                    .unwrap_or(1.0);
                score * weight
            }
        },
    );
    let (top_docs, total, facets) = searcher.search(&built.query, &(top, Count, FacetCollector))?;
    let mut hits = Vec::with_capacity(top_docs.len());
    for (score, address) in top_docs.into_iter().take(request.limit) {
        let document: TantivyDocument = searcher.doc(address)?;
        let terms = request.snippets.then_some(&built.terms);
        hits.push(hit_from_document(fields, &document, score, terms));
    }
    Ok(SearchResults {
        total,
        hits,
        facets,
    })
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
) -> SearchHit {
    let kind = first_text(document, fields.kind)
        .as_deref()
        .and_then(HitKind::parse)
        .unwrap_or(HitKind::Paragraph);
    let text = first_text(document, fields.text).unwrap_or_default();
    let title = first_text(document, fields.title).unwrap_or_default();
    let snippet_source = match kind {
        HitKind::Person => format!("{title}: {text}"),
        _ if text.is_empty() => title,
        _ => text,
    };
    SearchHit {
        kind,
        id: first_text(document, fields.id).unwrap_or_default(),
        score,
        snippet: terms.map_or_else(String::new, |terms| {
            snippet::highlight(&snippet_source, terms, snippet::DEFAULT_LENGTH)
        }),
        article_id: first_text(document, fields.article_id),
        issue_ids: all_texts(document, fields.issue_id),
        person_ids: all_texts(document, fields.person_ids),
    }
}

/// Counts hits per kind, issue, year and person from fast fields.
struct FacetCollector;

struct FacetSegmentCollector {
    kind: Option<StrColumn>,
    issue: Option<StrColumn>,
    person: Option<StrColumn>,
    year: Column<u64>,
    kinds: HashMap<u64, u64>,
    issues: HashMap<u64, u64>,
    people: HashMap<u64, u64>,
    years: HashMap<u64, u64>,
}

#[derive(Default)]
struct FacetTally {
    kinds: HashMap<String, u64>,
    issues: HashMap<String, u64>,
    people: HashMap<String, u64>,
    years: HashMap<String, u64>,
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast = reader.fast_fields();
        Ok(FacetSegmentCollector {
            kind: fast.str(schema::KIND)?,
            issue: fast.str(schema::ISSUE_ID)?,
            person: fast.str(schema::PERSON_IDS)?,
            year: fast.u64(schema::YEAR)?,
            kinds: HashMap::new(),
            issues: HashMap::new(),
            people: HashMap::new(),
            years: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, tallies: Vec<FacetTally>) -> tantivy::Result<Facets> {
        let mut merged = FacetTally::default();
        for tally in tallies {
            for (target, source) in [
                (&mut merged.kinds, tally.kinds),
                (&mut merged.issues, tally.issues),
                (&mut merged.people, tally.people),
                (&mut merged.years, tally.years),
            ] {
                for (value, count) in source {
                    *target.entry(value).or_default() += count;
                }
            }
        }
        Ok(Facets {
            kinds: sorted_counts(merged.kinds),
            issues: sorted_counts(merged.issues),
            years: sorted_counts(merged.years),
            people: sorted_counts(merged.people),
        })
    }
}

fn sorted_counts(counts: HashMap<String, u64>) -> Vec<FacetCount> {
    let mut sorted: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    sorted.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    sorted
}

fn count_ords(column: Option<&StrColumn>, doc: DocId, counts: &mut HashMap<u64, u64>) {
    if let Some(column) = column {
        for ord in column.term_ords(doc) {
            *counts.entry(ord).or_default() += 1;
        }
    }
}

fn resolve_ords(column: Option<&StrColumn>, counts: HashMap<u64, u64>) -> HashMap<String, u64> {
    let mut resolved = HashMap::new();
    let Some(column) = column else {
        return resolved;
    };
    let mut value = String::new();
    for (ord, count) in counts {
        value.clear();
        if column.ord_to_str(ord, &mut value).unwrap_or(false) {
            resolved.insert(value.clone(), count);
        }
    }
    resolved
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = FacetTally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        count_ords(self.kind.as_ref(), doc, &mut self.kinds);
        count_ords(self.issue.as_ref(), doc, &mut self.issues);
        count_ords(self.person.as_ref(), doc, &mut self.people);
        for year in self.year.values_for_doc(doc) {
            if year > 0 {
                *self.years.entry(year).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> FacetTally {
        let years = self
            .years
            .into_iter()
            .map(|(year, count)| (year.to_string(), count))
            .collect();
        FacetTally {
            kinds: resolve_ords(self.kind.as_ref(), self.kinds),
            issues: resolve_ords(self.issue.as_ref(), self.issues),
            people: resolve_ords(self.person.as_ref(), self.people),
            years,
        }
    }
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
}
