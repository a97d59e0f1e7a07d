//! Property tests (proptest): the normalizer, the query parser, cursors and ids, snippets, and
//! the readers on arbitrary input. Each property runs a few hundred generated cases (fewer for
//! the slow ones), so the suite stays fast; a failing case is shrunk and printed by proptest.

use dimensies::api::relay::{Cursor, NodeType, decode_global_id, global_id};
use dimensies::index::IndexError;
use dimensies::index::search::{
    FacetSelection, MAX_QUERY_CHARS, MAX_QUERY_WORDS, QueryError, QueryPart, SearchRequest,
    parse_user_query,
};
use dimensies::index::snippet::{MatchTerms, escape_html, highlight};
use dimensies::ingest::normalize::{HyphenJoin, Lexicon, join_lines};
use dimensies::ingest::read::{IssueMetadata, read_bytes, read_html, read_text};
use proptest::prelude::*;

use crate::util::fixture_index;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures are shrunk and printed; no files are written next to the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A word fragment as line ends break them: Dutch letters, capitals, digits, an apostrophe.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zéëïöü]{1,12}",
        "[A-Z][a-z]{1,8}",
        "[A-Z]{2,4}",
        "[0-9]{1,4}",
        "[a-z]{1,6}'[a-z]{1,2}",
        Just("en".to_string()),
        Just("of".to_string()),
    ]
}

/// A physical line: words and punctuation, often ending in a line-break hyphen.
fn physical_line() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(fragment(), 0..6),
        prop_oneof![
            Just(""),
            Just("-"),
            Just("-"),
            Just("."),
            Just(" -"),
            Just("/"),
        ],
        prop_oneof![Just(""), Just("https://www.")],
    )
        .prop_map(|(words, end, prefix)| format!("{prefix}{}{end}", words.join(" ")))
}

/// The letters and digits of a text, in order.
fn alphanumerics(text: &str) -> String {
    text.chars().filter(|ch| ch.is_alphanumeric()).collect()
}

/// Removes the `<mark>` tags of a snippet and undoes its escaping.
fn unmarked_text(snippet: &str) -> String {
    snippet
        .replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

proptest! {
    #![proptest_config(config(512))]

    /// De-hyphenation never loses (or adds) a letter: only hyphens and spaces change.
    #[test]
    fn joining_lines_keeps_every_letter_in_order(
        lines in prop::collection::vec(physical_line(), 1..8),
        context in prop::collection::vec(physical_line(), 0..8),
    ) {
        let lexicon = Lexicon::from_texts(lines.iter().chain(&context).map(String::as_str));
        let numbered = lines.iter().enumerate().map(|(index, line)| (line.as_str(), index as u32 + 1));
        let joined = join_lines(numbered, &lexicon);
        prop_assert_eq!(alphanumerics(&joined.text), alphanumerics(&lines.concat()));
        // Every recorded line start is a char boundary, ascending, inside the text.
        let mut previous = 0;
        for &(start, _) in &joined.line_starts {
            prop_assert!(start >= previous && start <= joined.text.len());
            prop_assert!(joined.text.is_char_boundary(start));
            previous = start;
        }
        for offset in 0..=joined.text.len() {
            let line = joined.line_at(offset);
            prop_assert!(line >= joined.first_line() && line <= joined.last_line());
        }
    }

    /// A hyphen before a conjunction is always kept, whatever the lexicon says.
    #[test]
    fn a_hyphen_before_a_conjunction_is_suspended(
        left in "[a-z]{2,10}",
        conjunction in prop_oneof![Just("en"), Just("of"), Just("tot")],
        context in prop::collection::vec(physical_line(), 0..6),
    ) {
        let mut texts = context.clone();
        texts.push(format!("{left}{conjunction}"));
        let lexicon = Lexicon::from_texts(texts.iter().map(String::as_str));
        prop_assert_eq!(lexicon.join_hyphenated(&left, conjunction), HyphenJoin::Suspended);
    }

    /// The text reader keeps every line trimmed, non-empty and free of control characters.
    #[test]
    fn text_reader_lines_are_clean(text in any::<String>()) {
        let document = read_text("willekeurig.txt", &text);
        for line in &document.lines {
            prop_assert!(!line.text.is_empty());
            prop_assert_eq!(line.text.trim(), line.text.as_str());
            prop_assert!(!line.text.chars().any(char::is_control), "{:?}", line.text);
        }
    }

    /// The query parser never panics; what it accepts has content and stays within the limits.
    #[test]
    fn query_parser_never_panics_and_respects_its_limits(input in any::<String>()) {
        match parse_user_query(&input) {
            Ok(parts) => {
                prop_assert!(!parts.is_empty());
                prop_assert!(parts.iter().any(|part| !matches!(part, QueryPart::Exclude(_))));
                let mut words = 0;
                for part in &parts {
                    let (QueryPart::Word(text) | QueryPart::Phrase(text) | QueryPart::Exclude(text)) = part;
                    prop_assert!(text.chars().any(char::is_alphanumeric), "{part:?}");
                    prop_assert_eq!(text.trim(), text.as_str());
                    if let QueryPart::Word(word) = part {
                        prop_assert!(!word.contains(char::is_whitespace), "{word:?}");
                    }
                    words += text.split_whitespace().count();
                }
                prop_assert!(words <= MAX_QUERY_WORDS);
            }
            Err(QueryError::TooLong { .. }) => {
                prop_assert!(input.chars().count() > MAX_QUERY_CHARS);
            }
            Err(_) => {}
        }
    }

    /// Query-like input (words, quotes, minus signs, operators, field syntax) parses into the
    /// words typed, each once.
    #[test]
    fn query_parser_keeps_the_words_typed(
        words in prop::collection::vec(
            "[a-zA-Zé]{1,10}".prop_filter("operators are not words", |word| !matches!(word.as_str(), "AND" | "OR" | "NOT")),
            1..10,
        ),
        noise in prop::collection::vec(prop_oneof![
            Just(" "), Just("  "), Just(" \""), Just("\" "), Just(" -"), Just(" -\""),
            Just(" ("), Just(") "), Just(":"), Just("\t"),
        ], 10),
    ) {
        let mut input = String::new();
        for (word, separator) in words.iter().zip(noise.iter().cycle()) {
            input.push_str(word);
            input.push_str(separator);
        }
        let Ok(parts) = parse_user_query(&input) else {
            return Ok(());
        };
        let parsed: String = parts
            .iter()
            .map(|part| match part {
                QueryPart::Word(text) | QueryPart::Phrase(text) | QueryPart::Exclude(text) => text.as_str(),
            })
            .collect();
        let typed: String = words.concat();
        prop_assert_eq!(alphanumerics(&parsed), alphanumerics(&typed));
    }

    /// Any string given as `after` decodes to a cursor or to a user error, never a panic.
    #[test]
    fn any_cursor_string_decodes_or_is_a_user_error(after in any::<String>()) {
        if let Err(error) = Cursor::decode(Some(&after)) {
            prop_assert!(error.message.contains("not a valid cursor"), "{}", error.message);
        }
        let _ = decode_global_id(&after);
    }

    /// Base64-looking strings (the likely tampering) decode or fail cleanly too.
    #[test]
    fn base64_like_cursors_decode_or_fail_cleanly(after in "[A-Za-z0-9_=+/-]{0,40}") {
        if let Ok(Some(Cursor::Offset(offset))) = Cursor::decode(Some(&after)) {
            prop_assert_eq!(Cursor::decode(Some(&Cursor::Offset(offset).encode())).ok(), Some(Some(Cursor::Offset(offset))));
        }
        let _ = decode_global_id(&after);
    }

    /// Cursors and global ids round-trip whatever their key.
    #[test]
    fn cursors_and_ids_round_trip(key in any::<String>(), offset in any::<usize>()) {
        let key_cursor = Cursor::Key(key.clone());
        prop_assert_eq!(Cursor::decode(Some(&key_cursor.encode())).ok(), Some(Some(key_cursor)));
        let offset_cursor = Cursor::Offset(offset);
        prop_assert_eq!(Cursor::decode(Some(&offset_cursor.encode())).ok(), Some(Some(offset_cursor)));
        let id = global_id(NodeType::Article, &key);
        prop_assert_eq!(decode_global_id(&id), Some((NodeType::Article, key)));
    }

    /// A snippet holds no markup but `<mark>`, balanced and never nested, and its text is the
    /// source text (a window of it), escaped.
    #[test]
    fn snippets_hold_only_mark_and_escaped_text(
        text in prop_oneof![
            any::<String>(),
            "([a-zé<>&\"' ]|<b>|</mark>|<mark>|&amp;|<script>){0,400}",
        ],
        marked in prop::collection::vec("[a-z]{1,6}", 0..4),
        max_chars in 1usize..300,
    ) {
        let mut terms = MatchTerms::default();
        for word in &marked {
            terms.exact.insert(word.clone());
            terms.stems.insert(word.clone());
            terms.fuzzy.push((word.clone(), 1));
        }
        terms.phrases.push(marked.clone());
        let snippet = highlight(&text, &terms, max_chars);
        let mut rest = snippet.as_str();
        let mut open = false;
        while let Some(position) = rest.find(['<', '>']) {
            let tail = &rest[position..];
            if let Some(after) = tail.strip_prefix("<mark>") {
                prop_assert!(!open, "nested <mark> in {snippet:?}");
                open = true;
                rest = after;
            } else if let Some(after) = tail.strip_prefix("</mark>") {
                prop_assert!(open, "unopened </mark> in {snippet:?}");
                open = false;
                rest = after;
            } else {
                prop_assert!(false, "markup other than <mark> in {snippet:?}");
            }
        }
        prop_assert!(!open, "unclosed <mark> in {snippet:?}");
        let plain = unmarked_text(&snippet);
        let window = plain.trim_start_matches('…').trim_end_matches('…');
        prop_assert!(text.contains(window), "{window:?} is not a part of {text:?}");
        // Escaping is complete: no bare '&' that does not start an entity we wrote.
        let stripped = snippet.replace("<mark>", "").replace("</mark>", "");
        prop_assert_eq!(escape_html(&plain), stripped);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// The HTML reader reads any markup without a panic, and its lines are clean text.
    #[test]
    fn html_reader_reads_any_markup(
        html in "(<(div|p|h1|blockquote|cite|ol|li|sup|aside|article|script|meta)( class=\"[a-z]{0,6}\")?>|</(div|p|h1|blockquote|ol|li|sup|article)>|[A-Za-zé.,“” ]{0,20}){0,60}",
    ) {
        let document = read_html("willekeurig.html", &html);
        for line in &document.lines {
            prop_assert!(!line.text.chars().any(char::is_control), "{:?}", line.text);
        }
    }

    /// Any bytes either read (and then extract into an issue that serialises) or give an error
    /// naming the file.
    #[test]
    fn any_bytes_extract_or_fail_by_name(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        match read_bytes("willekeurig-2021.txt", bytes) {
            Ok(document) => {
                let issue = dimensies::ingest::extract_issue(&document, &IssueMetadata::default());
                prop_assert!(serde_json::to_string(&issue).is_ok());
            }
            Err(error) => prop_assert!(error.to_string().contains("willekeurig-2021.txt"), "{error}"),
        }
    }

    /// A search of any string on the fixture index answers or fails as the user's error.
    #[test]
    fn any_search_string_answers_or_is_a_user_error(query in prop_oneof![
        any::<String>(),
        "([a-z]{1,12}|\"|-| |\\*|~|:|\\(|\\)|AND|OR){0,40}",
    ]) {
        let request = SearchRequest {
            query: query.clone(),
            kinds: Vec::new(),
            offset: 0,
            limit: 10,
            snippets: true,
            group_by_article: true,
            facets: FacetSelection::ALL,
        };
        match fixture_index().search(&request) {
            Ok(results) => prop_assert!(results.hits.len() <= 10),
            Err(IndexError::Query(_)) => {}
            Err(other) => prop_assert!(false, "{query:?}: {other}"),
        }
    }
}
