//! Automatic persisted queries as Apollo clients speak them
//! (<https://www.apollographql.com/docs/apollo-server/performance/apq>).
//!
//! A client first sends only `extensions.persistedQuery.sha256Hash`; a server that does not
//! know the hash answers `PERSISTED_QUERY_NOT_FOUND`, and the client sends the query again with
//! the hash, which the server checks and keeps. Kept queries live in a bounded cache: the
//! least recently used goes when it is full.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// Most queries kept.
pub const CAPACITY: usize = 1_000;

/// Returns the SHA-256 of a query, in lowercase hex (as Apollo clients send it).
pub fn sha256_hex(query: &str) -> String {
    let digest = Sha256::digest(query.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// What a request's `persistedQuery` extension asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The query the hash names.
    Found(String),
    /// The hash is not known: the client is to send the query.
    NotFound,
    /// The query sent does not have the hash sent.
    HashMismatch,
    /// A version other than 1, or no hash.
    Unsupported(String),
}

/// A bounded cache of persisted queries by hash, least recently used out first.
#[derive(Debug)]
pub struct PersistedQueries {
    capacity: usize,
    clock: u64,
    queries: HashMap<String, (String, u64)>,
}

impl Default for PersistedQueries {
    fn default() -> Self {
        PersistedQueries::with_capacity(CAPACITY)
    }
}

impl PersistedQueries {
    /// An empty cache keeping at most `capacity` queries.
    pub fn with_capacity(capacity: usize) -> Self {
        PersistedQueries {
            capacity: capacity.max(1),
            clock: 0,
            queries: HashMap::new(),
        }
    }

    /// Number of queries kept.
    pub fn len(&self) -> usize {
        self.queries.len()
    }

    /// Whether no query is kept.
    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }

    /// Resolves a request's `persistedQuery` extension (`{"version": 1, "sha256Hash": …}`)
    /// with the request's query, if it sent one: a query sent is checked against the hash and
    /// kept; a hash alone is looked up.
    pub fn resolve(&mut self, extension: &serde_json::Value, query: Option<&str>) -> Lookup {
        if extension.get("version").and_then(serde_json::Value::as_i64) != Some(1) {
            return Lookup::Unsupported("only version 1 of persisted queries is supported".into());
        }
        let Some(hash) = extension
            .get("sha256Hash")
            .and_then(serde_json::Value::as_str)
        else {
            return Lookup::Unsupported("`persistedQuery` has no `sha256Hash`".into());
        };
        let hash = hash.to_ascii_lowercase();
        self.clock += 1;
        match query {
            Some(query) => {
                if sha256_hex(query) != hash {
                    return Lookup::HashMismatch;
                }
                self.insert(hash, query.to_string());
                Lookup::Found(query.to_string())
            }
            None => match self.queries.get_mut(&hash) {
                Some((query, used)) => {
                    *used = self.clock;
                    Lookup::Found(query.clone())
                }
                None => Lookup::NotFound,
            },
        }
    }

    fn insert(&mut self, hash: String, query: String) {
        if !self.queries.contains_key(&hash) && self.queries.len() >= self.capacity {
            let oldest = self
                .queries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(hash, _)| hash.clone());
            if let Some(oldest) = oldest {
                self.queries.remove(&oldest);
            }
        }
        self.queries.insert(hash, (query, self.clock));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn extension(hash: &str) -> serde_json::Value {
        json!({ "version": 1, "sha256Hash": hash })
    }

    #[test]
    fn hashes_as_apollo_does() {
        // `printf '{ __typename }' | sha256sum`
        assert_eq!(
            sha256_hex("{ __typename }"),
            "7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b"
        );
    }

    #[test]
    fn a_hash_is_unknown_until_its_query_is_sent() {
        let mut cache = PersistedQueries::default();
        let query = "{ issues { totalCount } }";
        let hash = sha256_hex(query);
        assert_eq!(cache.resolve(&extension(&hash), None), Lookup::NotFound);
        assert_eq!(
            cache.resolve(&extension(&hash), Some(query)),
            Lookup::Found(query.to_string())
        );
        assert_eq!(
            cache.resolve(&extension(&hash.to_uppercase()), None),
            Lookup::Found(query.to_string())
        );
        assert_eq!(
            cache.resolve(&extension(&hash), Some("{ people { totalCount } }")),
            Lookup::HashMismatch
        );
        assert!(matches!(
            cache.resolve(&json!({ "version": 2, "sha256Hash": hash }), None),
            Lookup::Unsupported(_)
        ));
    }

    #[test]
    fn the_least_recently_used_query_goes_first() {
        let mut cache = PersistedQueries::with_capacity(2);
        let queries = ["{ a }", "{ b }", "{ c }"];
        let hashes: Vec<String> = queries.iter().map(|query| sha256_hex(query)).collect();
        cache.resolve(&extension(&hashes[0]), Some(queries[0]));
        cache.resolve(&extension(&hashes[1]), Some(queries[1]));
        // Using "{ a }" makes "{ b }" the least recently used.
        cache.resolve(&extension(&hashes[0]), None);
        cache.resolve(&extension(&hashes[2]), Some(queries[2]));
        assert_eq!(cache.len(), 2);
        assert_eq!(
            cache.resolve(&extension(&hashes[1]), None),
            Lookup::NotFound
        );
        assert!(matches!(
            cache.resolve(&extension(&hashes[0]), None),
            Lookup::Found(_)
        ));
    }
}
