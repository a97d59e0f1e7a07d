//! Small, pure text helpers shared by the ingest stages and the search layer: accent folding,
//! word tokens, letter case tests and sentence-case conversion for all-caps print.
//!
//! ```
//! use dimensies::text::{fold_to_ascii, readable_case};
//! assert_eq!(fold_to_ascii("Bèta coöperaties"), "Beta cooperaties");
//! assert_eq!(readable_case("ELKAAR VINDEN EN NIET MEER LOSLATEN"), "Elkaar vinden en niet meer loslaten");
//! ```

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Returns `text` with accents removed and typographic apostrophes made ASCII (`’` → `'`).
pub fn fold_to_ascii(text: &str) -> String {
    // ASCII text is its own decomposition and has no marks: only the backtick changes. Most
    // words are ASCII, and ingest folds every word several times.
    if text.is_ascii() {
        return text.replace('`', "'");
    }
    let mut folded = String::with_capacity(text.len());
    for ch in text.nfd() {
        if is_combining_mark(ch) {
            continue;
        }
        match ch {
            '’' | '‘' | '`' | '´' => folded.push('\''),
            '“' | '”' | '„' => folded.push('"'),
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'Æ' => folded.push_str("AE"),
            'ø' => folded.push('o'),
            'Ø' => folded.push('O'),
            'ĳ' => folded.push_str("ij"),
            'Ĳ' => folded.push_str("IJ"),
            _ => folded.push(ch),
        }
    }
    folded
}

/// Returns the key used to compare words and names: folded to ASCII and lowercased.
pub fn fold_key(text: &str) -> String {
    let mut folded = fold_to_ascii(text);
    if folded.is_ascii() {
        folded.make_ascii_lowercase();
        folded
    } else {
        folded.to_lowercase()
    }
}

/// Returns [`fold_key`] of `text`, borrowing `text` when it is its own key (lowercase ASCII, as
/// most words are), so comparing words by key allocates only for the others.
pub fn fold_key_cow(text: &str) -> std::borrow::Cow<'_, str> {
    let own_key = text
        .bytes()
        .all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase() && byte != b'`');
    if own_key {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(fold_key(text))
    }
}

/// A word of a text with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordToken<'a> {
    /// The word itself (letters and digits, inner hyphens and apostrophes kept).
    pub text: &'a str,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
}

/// Splits `text` into words: runs of letters and digits, keeping hyphens and apostrophes that
/// sit between two letters ("vmbo-scholen", "regio’s").
pub fn words(text: &str) -> Vec<WordToken<'_>> {
    // One pass over the characters, looking one ahead (ingest splits every text several times).
    let mut tokens = Vec::with_capacity(text.len() / 6);
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        if !first.is_alphanumeric() {
            continue;
        }
        let mut end = text.len();
        while let Some(&(offset, ch)) = chars.peek() {
            if ch.is_alphanumeric() {
                chars.next();
                continue;
            }
            // The character before is a letter or digit here: a joiner counts when one follows.
            let joins_two_letters = matches!(ch, '-' | '’' | '\'')
                && text[offset + ch.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if joins_two_letters {
                chars.next();
                continue;
            }
            end = offset;
            break;
        }
        tokens.push(WordToken {
            text: &text[start..end],
            start,
            end,
        });
    }
    tokens
}

/// Counts the upper- and lowercase letters of `text`.
pub fn letter_case_counts(text: &str) -> (usize, usize) {
    let mut upper = 0;
    let mut lower = 0;
    for ch in text.chars() {
        if ch.is_uppercase() {
            upper += 1;
        } else if ch.is_lowercase() {
            lower += 1;
        }
    }
    (upper, lower)
}

/// Returns whether `text` is set in capitals: at least three letters, nearly all uppercase.
pub fn is_all_caps(text: &str) -> bool {
    let (upper, lower) = letter_case_counts(text);
    upper >= 3 && lower * 10 <= upper
}

/// Returns whether the word starts with an uppercase letter.
pub fn starts_uppercase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Returns whether the word starts with a lowercase letter.
pub fn starts_lowercase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

/// Returns `text` with its first letter uppercased.
pub fn capitalize_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Converts all-caps print to sentence case, keeping the case of words that `known_case`
/// knows in another form (proper names and acronyms seen elsewhere in the text).
///
/// Each sentence starts with a capital; other words are lowercased unless `known_case` returns
/// their usual spelling.
pub fn sentence_case_with(text: &str, known_case: &dyn Fn(&str) -> Option<String>) -> String {
    let mut result = String::with_capacity(text.len());
    let mut last_end = 0;
    let mut sentence_start = true;
    for token in words(text) {
        let between = &text[last_end..token.start];
        if between.contains(['.', '?', '!']) {
            sentence_start = true;
        }
        result.push_str(between);
        let word = match known_case(token.text) {
            Some(spelling) => spelling,
            None => token.text.to_lowercase(),
        };
        if sentence_start {
            result.push_str(&capitalize_first(&word));
        } else {
            result.push_str(&word);
        }
        sentence_start = false;
        last_end = token.end;
    }
    result.push_str(&text[last_end..]);
    result
}

/// Converts all-caps print to sentence case without any knowledge of proper names.
pub fn readable_case(text: &str) -> String {
    sentence_case_with(text, &|_| None)
}

/// Collapses runs of whitespace into single spaces and trims the ends.
pub fn squash_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Returns whether the character ends a sentence.
pub fn is_terminal_punctuation(ch: char) -> bool {
    matches!(ch, '.' | '?' | '!' | '…')
}

/// Returns whether `text` ends a sentence, looking through closing quote marks and brackets.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|ch: char| {
        ch.is_whitespace() || matches!(ch, '”' | '’' | '"' | '\'' | ')' | '“')
    });
    trimmed.chars().last().is_some_and(is_terminal_punctuation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ascii_takes_the_short_way_to_the_same_key() {
        assert_eq!(fold_key("Samenwerking `t Gooi"), "samenwerking 't gooi");
        assert_eq!(fold_to_ascii("Regio's"), "Regio's");
        assert_eq!(fold_key("Coöperatie ’t Één"), "cooperatie 't een");
        assert_eq!(fold_key("Straße ĲSSEL"), "strasse ijssel");
    }

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        let tokens: Vec<&str> = words("acht vmbo-scholen en twéé roc’s, zo’n (promotie)gebied")
            .iter()
            .map(|token| token.text)
            .collect();
        assert_eq!(
            tokens,
            [
                "acht",
                "vmbo-scholen",
                "en",
                "twéé",
                "roc’s",
                "zo’n",
                "promotie",
                "gebied"
            ]
        );
    }

    #[test]
    fn a_lowercase_ascii_word_is_its_own_key() {
        for word in [
            "samenwerking",
            "vmbo-scholen",
            "Jansen",
            "roc’s",
            "coöperatie",
            "it`s",
            "",
        ] {
            assert_eq!(fold_key_cow(word), fold_key(word), "{word}");
        }
        assert!(matches!(
            fold_key_cow("samenwerking"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(fold_key_cow("Jansen"), std::borrow::Cow::Owned(_)));
    }

    #[test]
    fn trailing_hyphen_is_not_part_of_the_word() {
        let tokens: Vec<&str> = words("succes- en faalfactoren")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(tokens, ["succes", "en", "faalfactoren"]);
        let tokens: Vec<(&str, usize, usize)> = words("Jansens' KPN&Co mbo--hbo é-")
            .iter()
            .map(|t| (t.text, t.start, t.end))
            .collect();
        assert_eq!(
            tokens,
            [
                ("Jansens", 0, 7),
                ("KPN", 9, 12),
                ("Co", 13, 15),
                ("mbo", 16, 19),
                ("hbo", 21, 24),
                ("é", 25, 27)
            ]
        );
    }

    #[test]
    fn caps_detection() {
        assert!(is_all_caps("HET MOMENT"));
        assert!(is_all_caps("RECENT STERK TECHNIEKONDERWIJS2. SAMENWERKING"));
        assert!(!is_all_caps("Jan Jansen"));
        assert!(!is_all_caps("073 687 25 00"));
        assert!(!is_all_caps("KW"));
    }

    #[test]
    fn sentence_case_keeps_known_spellings() {
        let known = |word: &str| match word {
            "JANSEN" => Some("Jansen".to_string()),
            "JAN" => Some("Jan".to_string()),
            _ => None,
        };
        assert_eq!(
            sentence_case_with("HET IS TEKENEND VOOR JAN JANSEN. EN ZO", &known),
            "Het is tekenend voor Jan Jansen. En zo"
        );
    }

    #[test]
    fn sentence_end_looks_through_quote_marks() {
        assert!(ends_sentence("prima aan tafel zaten”, lacht Jansen."));
        assert!(ends_sentence("samengewerkt.” "));
        assert!(!ends_sentence("vraagt geen volgende houding, maar eentje"));
    }
}
