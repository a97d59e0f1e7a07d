//! Lookup tables of a searcher's segments, built once per index generation and shared by every
//! search on it: the fast-field columns a search reads, and the values of its string columns
//! (kinds, articles, issues, people) numbered over the whole index.
//!
//! A segment numbers its values by ordinals of its own dictionary, and turning an ordinal back
//! into a string decodes a dictionary block. A search used to do that for every article and
//! facet value it met, on every request; with these tables it counts and groups on numbers and
//! only names the values it shows. Segments never change, so the tables hold until the next
//! commit: [`TablesCache`] rebuilds them when the searcher's generation changes.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentReader;
use tantivy::{DocId, Searcher};

use crate::index::schema;
use crate::index::vocabulary::ExpansionMemo;

/// Values of one string column numbered over the whole index.
#[derive(Debug, Default)]
pub struct Numbering {
    /// The values, by number.
    pub names: Vec<String>,
    numbers: FxHashMap<String, u32>,
}

impl Numbering {
    fn number(&mut self, value: &[u8]) -> u32 {
        let value = String::from_utf8_lossy(value);
        if let Some(&number) = self.numbers.get(value.as_ref()) {
            return number;
        }
        let number = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(value.to_string());
        self.numbers.insert(value.into_owned(), number);
        number
    }

    /// How many distinct values the index holds.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the index holds no value.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The number of `value`, if the index holds it.
    pub fn get(&self, value: &str) -> Option<u32> {
        self.numbers.get(value).copied()
    }
}

/// A string column of one segment with the index-wide number of each of its ordinals.
#[derive(Debug, Default)]
pub struct NumberedColumn {
    column: Option<StrColumn>,
    numbers: Vec<u32>,
}

impl NumberedColumn {
    fn open(
        reader: &SegmentReader,
        name: &str,
        numbering: &mut Numbering,
    ) -> crate::index::Result<NumberedColumn> {
        let Some(column) = reader.fast_fields().str(name)? else {
            return Ok(NumberedColumn::default());
        };
        let mut numbers = Vec::with_capacity(column.num_terms());
        let mut stream = column
            .dictionary()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            numbers.push(numbering.number(stream.key()));
        }
        Ok(NumberedColumn {
            column: Some(column),
            numbers,
        })
    }

    /// The index-wide numbers of the values of `doc` (in ordinal order).
    pub fn numbers(&self, doc: DocId) -> impl Iterator<Item = u32> + '_ {
        self.column
            .iter()
            .flat_map(move |column| column.term_ords(doc))
            .filter_map(|ord| self.numbers.get(usize::try_from(ord).ok()?).copied())
    }

    /// The number of the first value of `doc`.
    pub fn first(&self, doc: DocId) -> Option<u32> {
        self.numbers(doc).next()
    }
}

/// The tables of one segment.
#[derive(Debug, Default)]
pub struct SegmentTable {
    /// The record kind of each document.
    pub kinds: NumberedColumn,
    /// The article each document belongs to.
    pub articles: NumberedColumn,
    /// The issue(s) of each document.
    pub issues: NumberedColumn,
    /// The people each document is about.
    pub people: NumberedColumn,
    /// The publication year of each document (0 when unknown).
    pub years: Option<Column<u64>>,
}

/// The tables of every segment of one searcher generation.
#[derive(Debug, Default)]
pub struct SearchTables {
    generation: u64,
    /// By segment ordinal (the searcher's order).
    pub segments: Vec<SegmentTable>,
    /// Record kinds.
    pub kinds: Numbering,
    /// Article ids.
    pub articles: Numbering,
    /// Issue keys.
    pub issues: Numbering,
    /// Person keys.
    pub people: Numbering,
    /// Word expansions looked up at this generation.
    pub expansions: ExpansionMemo,
}

impl SearchTables {
    /// Builds the tables of `searcher`: one pass over the dictionary of each string column of
    /// each segment.
    pub fn build(searcher: &Searcher) -> crate::index::Result<SearchTables> {
        let mut tables = SearchTables {
            generation: searcher.generation().generation_id(),
            ..SearchTables::default()
        };
        for reader in searcher.segment_readers() {
            let table = SegmentTable {
                kinds: NumberedColumn::open(reader, schema::KIND, &mut tables.kinds)?,
                articles: NumberedColumn::open(reader, schema::ARTICLE_ID, &mut tables.articles)?,
                issues: NumberedColumn::open(reader, schema::ISSUE_ID, &mut tables.issues)?,
                people: NumberedColumn::open(reader, schema::PERSON_IDS, &mut tables.people)?,
                years: reader.fast_fields().u64(schema::YEAR).ok(),
            };
            tables.segments.push(table);
        }
        Ok(tables)
    }

    /// The table of the segment `segment` (an empty one for an unknown segment).
    pub fn segment(&self, segment: u32) -> &SegmentTable {
        static EMPTY: SegmentTable = SegmentTable {
            kinds: NumberedColumn::EMPTY,
            articles: NumberedColumn::EMPTY,
            issues: NumberedColumn::EMPTY,
            people: NumberedColumn::EMPTY,
            years: None,
        };
        usize::try_from(segment)
            .ok()
            .and_then(|segment| self.segments.get(segment))
            .unwrap_or(&EMPTY)
    }
}

impl NumberedColumn {
    const EMPTY: NumberedColumn = NumberedColumn {
        column: None,
        numbers: Vec::new(),
    };
}

/// The tables of the latest searcher generation, rebuilt when a search brings a newer one.
#[derive(Debug, Default)]
pub struct TablesCache {
    latest: Mutex<Option<Arc<SearchTables>>>,
}

impl TablesCache {
    /// Returns the tables of `searcher`'s generation, building them when they are not cached.
    pub fn tables(&self, searcher: &Searcher) -> crate::index::Result<Arc<SearchTables>> {
        let generation = searcher.generation().generation_id();
        // A poisoned lock only means another search panicked while holding it: the cached
        // value is an Arc, whole or absent.
        let cached = match self.latest.lock() {
            Ok(latest) => latest.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        if let Some(tables) = cached.filter(|tables| tables.generation == generation) {
            return Ok(tables);
        }
        let tables = Arc::new(SearchTables::build(searcher)?);
        let mut latest = match self.latest.lock() {
            Ok(latest) => latest,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Keep the newest generation when two searches raced.
        if latest
            .as_ref()
            .is_none_or(|known| known.generation <= generation)
        {
            *latest = Some(Arc::clone(&tables));
        }
        Ok(tables)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{FAST, STRING, Schema};
    use tantivy::{Index, TantivyDocument};

    fn two_segments() -> Index {
        let mut builder = Schema::builder();
        let kind = builder.add_text_field(schema::KIND, STRING | FAST);
        let article = builder.add_text_field(schema::ARTICLE_ID, STRING | FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for batch in [
            [("paragraph", "b/a1"), ("article", "b/a1")],
            [("quote", "a/a2"), ("paragraph", "b/a1")],
        ] {
            for (kind_value, article_value) in batch {
                let mut document = TantivyDocument::default();
                document.add_text(kind, kind_value);
                document.add_text(article, article_value);
                writer.add_document(document).unwrap();
            }
            writer.commit().unwrap();
        }
        index
    }

    #[test]
    fn an_article_in_two_segments_has_one_number() {
        let index = two_segments();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let tables = SearchTables::build(&searcher).unwrap();
        assert_eq!(tables.articles.len(), 2);
        let b = tables.articles.get("b/a1").unwrap();
        let a = tables.articles.get("a/a2").unwrap();
        assert_ne!(a, b);
        let firsts: Vec<Vec<Option<u32>>> = (0..2)
            .map(|segment| {
                (0..2)
                    .map(|doc| tables.segment(segment).articles.first(doc))
                    .collect()
            })
            .collect();
        // Each segment's documents, in the order written (or the order tantivy keeps).
        let all: Vec<Option<u32>> = firsts.concat();
        assert_eq!(all.iter().filter(|number| **number == Some(b)).count(), 3);
        assert_eq!(all.iter().filter(|number| **number == Some(a)).count(), 1);
        assert_eq!(tables.kinds.len(), 3);
        assert_eq!(tables.articles.names[b as usize], "b/a1");
        assert!(tables.segment(7).articles.first(0).is_none());
    }

    #[test]
    fn the_cache_rebuilds_after_a_commit_only() {
        let index = two_segments();
        let reader = index.reader().unwrap();
        let cache = TablesCache::default();
        let first = cache.tables(&reader.searcher()).unwrap();
        let again = cache.tables(&reader.searcher()).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
            .unwrap();
        let kind = index.schema().get_field(schema::KIND).unwrap();
        let mut document = TantivyDocument::default();
        document.add_text(kind, "person");
        writer.add_document(document).unwrap();
        writer.commit().unwrap();
        reader.reload().unwrap();
        let after = cache.tables(&reader.searcher()).unwrap();
        assert!(!Arc::ptr_eq(&first, &after));
        assert_eq!(after.kinds.len(), 4);
    }
}
