//! Parsed GraphQL documents by query text: clients send the same few queries over and over
//! (with other variables), and parsing one was a twentieth of a search request's CPU. A hit
//! hands execution a copy of the parsed document; validation still runs on every request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::parser::types::ExecutableDocument;

/// Most documents kept.
const CAPACITY: usize = 256;

/// Longest query text kept (longer ones are parsed every time).
const MAX_QUERY_BYTES: usize = 16 * 1024;

/// A bounded cache of parsed documents, least recently used out first.
#[derive(Debug, Default)]
pub struct ParsedQueries {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    clock: u64,
    documents: HashMap<String, (Arc<ExecutableDocument>, u64)>,
}

impl ParsedQueries {
    /// Gives `request` its parsed document: a copy of the one kept for its query text, or
    /// the one parsed now (which is kept). A query that does not parse is left for execution to
    /// report.
    pub fn prepare(&self, request: &mut async_graphql::Request) {
        if request.query.len() > MAX_QUERY_BYTES {
            return;
        }
        let known = {
            let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            inner.clock += 1;
            let clock = inner.clock;
            inner
                .documents
                .get_mut(&request.query)
                .map(|(document, used)| {
                    *used = clock;
                    Arc::clone(document)
                })
        };
        if let Some(document) = known {
            request.set_parsed_query(ExecutableDocument::clone(&document));
            return;
        }
        let Ok(document) = request.parsed_query() else {
            return;
        };
        let document = Arc::new(document.clone());
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.documents.len() >= CAPACITY
            && let Some(oldest) = inner
                .documents
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(query, _)| query.clone())
        {
            inner.documents.remove(&oldest);
        }
        let clock = inner.clock;
        inner
            .documents
            .insert(request.query.clone(), (document, clock));
    }

    /// Number of documents kept.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .documents
            .len()
    }

    /// Whether no document is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_parsed_once_and_its_copy_is_the_same_document() {
        let cache = ParsedQueries::default();
        let text = "query Q($q: String!) { search(query: $q) { totalCount } }";
        let mut first = async_graphql::Request::new(text);
        cache.prepare(&mut first);
        assert_eq!(cache.len(), 1);
        let mut second = async_graphql::Request::new(text);
        cache.prepare(&mut second);
        assert_eq!(cache.len(), 1);
        let parsed = format!("{:?}", first.parsed_query().unwrap());
        assert_eq!(format!("{:?}", second.parsed_query().unwrap()), parsed);
        assert!(parsed.contains("search"));
    }

    #[test]
    fn a_broken_query_is_not_kept_and_the_oldest_goes_first() {
        let cache = ParsedQueries::default();
        let mut broken = async_graphql::Request::new("{ search(query: ");
        cache.prepare(&mut broken);
        assert!(cache.is_empty());
        for number in 0..=CAPACITY {
            let mut request = async_graphql::Request::new(format!("{{ q{number}: __typename }}"));
            cache.prepare(&mut request);
        }
        assert_eq!(cache.len(), CAPACITY);
        let inner = cache.inner.lock().unwrap();
        assert!(!inner.documents.contains_key("{ q0: __typename }"));
        assert!(
            inner
                .documents
                .contains_key(&format!("{{ q{CAPACITY}: __typename }}"))
        );
    }
}
