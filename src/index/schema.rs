//! The index schema: field names as constants and typed handles ([`Fields`]).
//!
//! One index holds documents of several kinds (`kind`): `issue` (carrying the whole extracted
//! model as JSON in `model`), `article`, `paragraph`, `quote`, `footnote` and `person`. Text is
//! indexed twice: stemmed (`text`, `title`, `headings`) for recall, exact (`exact`) for phrases and typos.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::index::analyzer::{DUTCH, EXACT};

/// Document kind: `issue`, `article`, `paragraph`, `quote`, `footnote`, `person`.
pub const KIND: &str = "kind";
/// The record's own id (article, quote, ... id).
pub const ID: &str = "id";
/// Issues the record belongs to.
pub const ISSUE_ID: &str = "issue_id";
/// The article the record belongs to.
pub const ARTICLE_ID: &str = "article_id";
/// People the record is about: speaker, authors, people named.
pub const PERSON_IDS: &str = "person_ids";
/// Year of the issue.
pub const YEAR: &str = "year";
/// Title (stemmed, stored).
pub const TITLE: &str = "title";
/// Body text (stemmed, stored).
pub const TEXT: &str = "text";
/// What introduces the text, stemmed, not stored: an article's subtitle, standfirst and
/// subheadings; for a paragraph, quote or footnote, the title of its article. Weighs more than
/// body text and less than a title.
pub const HEADINGS: &str = "headings";
/// Title and body again, unstemmed: exact phrases and fuzzy matching.
pub const EXACT_TEXT: &str = "exact";
/// Names of the people involved, unstemmed.
pub const NAMES: &str = "names";
/// The issue model as JSON (issue documents only).
pub const MODEL: &str = "model";

/// Handles of the schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// See [`KIND`].
    pub kind: Field,
    /// See [`ID`].
    pub id: Field,
    /// See [`ISSUE_ID`].
    pub issue_id: Field,
    /// See [`ARTICLE_ID`].
    pub article_id: Field,
    /// See [`PERSON_IDS`].
    pub person_ids: Field,
    /// See [`YEAR`].
    pub year: Field,
    /// See [`TITLE`].
    pub title: Field,
    /// See [`TEXT`].
    pub text: Field,
    /// See [`HEADINGS`].
    pub headings: Field,
    /// See [`EXACT_TEXT`].
    pub exact: Field,
    /// See [`NAMES`].
    pub names: Field,
    /// See [`MODEL`].
    pub model: Field,
}

fn text_options(analyzer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field(KIND, STRING | STORED | FAST);
    builder.add_text_field(ID, STRING | STORED);
    builder.add_text_field(ISSUE_ID, STRING | STORED | FAST);
    // Fast, so that hits can be grouped by article without reading stored documents.
    builder.add_text_field(ARTICLE_ID, STRING | STORED | FAST);
    builder.add_text_field(PERSON_IDS, STRING | STORED | FAST);
    builder.add_u64_field(YEAR, INDEXED | STORED | FAST);
    builder.add_text_field(TITLE, text_options(DUTCH, true));
    builder.add_text_field(TEXT, text_options(DUTCH, true));
    builder.add_text_field(HEADINGS, text_options(DUTCH, false));
    builder.add_text_field(EXACT_TEXT, text_options(EXACT, false));
    builder.add_text_field(NAMES, text_options(EXACT, false));
    builder.add_text_field(MODEL, STORED);
    builder.build()
}

impl Fields {
    /// Looks the fields up in `schema`; fails when one is missing (an index of another version).
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            kind: schema.get_field(KIND)?,
            id: schema.get_field(ID)?,
            issue_id: schema.get_field(ISSUE_ID)?,
            article_id: schema.get_field(ARTICLE_ID)?,
            person_ids: schema.get_field(PERSON_IDS)?,
            year: schema.get_field(YEAR)?,
            title: schema.get_field(TITLE)?,
            text: schema.get_field(TEXT)?,
            headings: schema.get_field(HEADINGS)?,
            exact: schema.get_field(EXACT_TEXT)?,
            names: schema.get_field(NAMES)?,
            model: schema.get_field(MODEL)?,
        })
    }
}
