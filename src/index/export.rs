//! The archive for another engine: records as NDJSON, or as an Elasticsearch/OpenSearch `_bulk`
//! body with the index definition (settings with a Dutch analyzer, and mappings) to create first.
//!
//! One record is one JSON object with a `type` (`issue`, `article`, `quote`, `footnote`,
//! `person`) and an `id` unique within its type. In a `_bulk` body each record is preceded by
//! its action line, `{"index":{"_index":"dimensies","_id":"article:…"}}`, so loading it twice
//! replaces rather than duplicates, as re-ingesting does here. `OpenSearch`, Elasticsearch and
//! Quickwit's Elasticsearch-compatible `_bulk` endpoint ingest it:
//!
//! ```sh
//! dimensies export --format opensearch-mapping > mapping.json
//! curl -XPUT localhost:9200/dimensies -H 'Content-Type: application/json' -d @mapping.json
//! dimensies export --format opensearch-bulk > bulk.ndjson
//! curl -XPOST localhost:9200/_bulk -H 'Content-Type: application/x-ndjson' --data-binary @bulk.ndjson
//! ```

use serde_json::{Value, json};

/// How `export` writes the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One record per line.
    Ndjson,
    /// An Elasticsearch/OpenSearch `_bulk` body: an action line before every record (create
    /// the index with [`opensearch_index_definition`] first).
    OpensearchBulk,
}

/// The name of the Dutch analyzer in [`opensearch_index_definition`].
pub const DUTCH_ANALYZER: &str = "dimensies_dutch";

/// Returns the `_id` of a record in another engine: its type and id, which together are unique
/// (an article and its first quote may share a prefix, never a type).
pub fn document_id(record: &Value) -> Option<String> {
    let kind = record.get("type")?.as_str()?;
    let id = record.get("id")?.as_str()?;
    Some(format!("{kind}:{id}"))
}

/// Returns the `_bulk` action line that indexes `record` into `index_name`, or `None` for a
/// record without a type and id.
pub fn bulk_action(record: &Value, index_name: &str) -> Option<Value> {
    let id = document_id(record)?;
    Some(json!({ "index": { "_index": index_name, "_id": id } }))
}

/// Returns the body of `PUT /<index>`: a Dutch analyzer that folds case and accents, drops Dutch
/// stop words and stems (as our own analyzer does), and mappings for every field the records
/// carry. Identifiers and facets are `keyword`s; texts use the Dutch analyzer with an exact
/// sub-field for phrases and names; positions (`span`) are kept in `_source` only.
pub fn opensearch_index_definition() -> Value {
    let dutch_text = json!({
        "type": "text",
        "analyzer": DUTCH_ANALYZER,
        "fields": { "exact": { "type": "text", "analyzer": "dimensies_exact" } }
    });
    let keyword = json!({ "type": "keyword" });
    json!({
        "settings": {
            "analysis": {
                "filter": {
                    "dimensies_dutch_stop": { "type": "stop", "stopwords": "_dutch_" },
                    "dimensies_dutch_stemmer": { "type": "stemmer", "language": "dutch" }
                },
                "analyzer": {
                    DUTCH_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "dimensies_dutch_stop", "dimensies_dutch_stemmer"]
                    },
                    "dimensies_exact": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"]
                    }
                }
            }
        },
        "mappings": {
            "dynamic": false,
            "properties": {
                "type": keyword,
                "id": keyword,
                "issue": keyword,
                "issues": keyword,
                "article": keyword,
                "articles": keyword,
                "series": keyword,
                "number": { "type": "integer" },
                "year": { "type": "integer" },
                "kind": keyword,
                "title": dutch_text,
                "section": dutch_text,
                "subtitle": dutch_text,
                "text": dutch_text,
                "name": dutch_text,
                "honorific": keyword,
                "roles": dutch_text,
                "organisations": dutch_text,
                "authors": dutch_text,
                "contributors": dutch_text,
                "people": keyword,
                "key_phrases": keyword,
                "urls": keyword,
                "cites": keyword,
                "speaker": { "type": "object", "enabled": false },
                "span": { "type": "object", "enabled": false }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_indexed_under_its_type_and_id() {
        let record =
            json!({ "type": "quote", "id": "dim-2019/a3/q2", "text": "Samen leren werkt." });
        assert_eq!(
            bulk_action(&record, "archief"),
            Some(json!({ "index": { "_index": "archief", "_id": "quote:dim-2019/a3/q2" } }))
        );
        assert_eq!(
            bulk_action(&json!({ "text": "zonder id" }), "archief"),
            None
        );
    }

    #[test]
    fn texts_use_the_dutch_analyzer_that_the_settings_define() {
        let definition = opensearch_index_definition();
        let analyzers = &definition["settings"]["analysis"]["analyzer"];
        for field in ["title", "text", "roles"] {
            let mapping = &definition["mappings"]["properties"][field];
            assert_eq!(mapping["analyzer"], DUTCH_ANALYZER);
            let exact = mapping["fields"]["exact"]["analyzer"].as_str().unwrap();
            assert!(analyzers[exact].is_object(), "{exact} is not defined");
        }
        let filters = &definition["settings"]["analysis"]["filter"];
        for filter in analyzers[DUTCH_ANALYZER]["filter"].as_array().unwrap() {
            let name = filter.as_str().unwrap();
            assert!(
                ["lowercase", "asciifolding"].contains(&name) || filters[name].is_object(),
                "filter {name} is not defined"
            );
        }
        assert_eq!(
            definition["mappings"]["properties"]["issue"]["type"],
            "keyword"
        );
    }
}
