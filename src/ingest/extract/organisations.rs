//! Organisations named in running text: capitalised names that carry an organisation word
//! ("MBO Raad", "Stenden Hogeschool", "Ministerie van Heimat"), names introduced by an
//! organisation noun ("zorgverzekeraar Menzis", "Common Eye, een bureau"), names after
//! "onderdeel van" / "in opdracht van", with the abbreviation printed after them ("(NSOB)").

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::extract::people::{has_organisation_word, is_role_word};
use crate::vocabulary::is_stopword;

/// An organisation name found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationMatch {
    /// The name without a trailing abbreviation.
    pub name: String,
    /// The abbreviation printed in parentheses after it.
    pub acronym: Option<String>,
}

/// A capitalised name; connectors between its words, but no articles ("van de" separates a person
/// from the organisation after them: "Scilla van Cuijlenborg van de MBO Raad").
const NAME: &str =
    r"[\p{Lu}][\p{L}\p{N}&’'-]*(?:\s+(?:(?:van|voor|op|&)\s+)*[\p{Lu}&][\p{L}\p{N}&’'-]*)*";

static CAPITALISED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<name>{NAME})(?:\s+\((?P<acronym>[\p{{Lu}}][\p{{L}}]+)\))?"
    ))
    .expect("name regex is valid")
});

static INTRODUCED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:zorgverzekeraar|verzekeraar|uitgeverij|adviesbureau|onderzoeksbureau|bureau|organisatie|stichting|onderdeel van|in opdracht van|werkzaam bij)\s+(?:de\s+|het\s+)?(?P<name>{NAME})(?:\s+\((?P<acronym>[\p{{Lu}}][\p{{L}}]+)\))?"
    ))
    .expect("introduced name regex is valid")
});

static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<name>{NAME}),\s+(?:een|het|de)\s+(?:\p{{Ll}}+\s+)?(?:bureau|organisatie|bedrijf|adviesbureau|stichting|instelling|netwerk|vereniging|platform|kenniscentrum|onderzoeksbureau|school|hogeschool)\b"
    ))
    .expect("apposition regex is valid")
});

/// Strips sentence-initial function words and role words from a capitalised run
/// ("Ook Common Eye" → "Common Eye", "CvB-voorzitter van ROC van Twente" → "ROC van Twente").
fn strip_leading_function_words(name: &str) -> &str {
    let mut rest = name;
    while let Some((first, tail)) = rest.split_once(' ') {
        if is_stopword(first) || is_role_word(first) {
            rest = tail;
        } else {
            break;
        }
    }
    rest
}

/// Returns the organisations named in `text`.
pub fn find_organisations(text: &str) -> Vec<OrganisationMatch> {
    let mut found: Vec<OrganisationMatch> = Vec::new();
    let mut push = |name: &str, acronym: Option<&str>| {
        let name = strip_leading_function_words(name.trim());
        let words = name.split_whitespace().count();
        // Words set in capitals belong to headings, not names ("EXPERTISECENTRUM ...").
        let heading_words = name
            .split_whitespace()
            .any(|word| word.chars().count() >= 6 && crate::text::is_all_caps(word));
        if name.is_empty() || words > 7 || is_stopword(name) || heading_words {
            return;
        }
        if !found.iter().any(|known| known.name == name) {
            found.push(OrganisationMatch {
                name: name.to_string(),
                acronym: acronym.map(str::to_string),
            });
        }
    };
    for found_name in CAPITALISED_NAME.find_iter(text) {
        // Only a name with an organisation word counts, and the whole match holds the name's
        // words (an abbreviation may follow them): a match without one needs no groups, which
        // cost more than the search itself.
        if !has_organisation_word(found_name.as_str()) {
            continue;
        }
        let Some(captures) = CAPITALISED_NAME.captures_at(text, found_name.start()) else {
            continue;
        };
        debug_assert_eq!(
            captures.get(0).map(|whole| whole.range()),
            Some(found_name.range())
        );
        let name = &captures["name"];
        if has_organisation_word(name) && name.chars().count() > 3 {
            push(
                name,
                captures.name("acronym").map(|acronym| acronym.as_str()),
            );
        }
    }
    for regex in [&*INTRODUCED_NAME, &*APPOSITION] {
        for captures in regex.captures_iter(text) {
            push(
                &captures["name"],
                captures.name("acronym").map(|acronym| acronym.as_str()),
            );
        }
    }
    found
}

/// Splits a trailing abbreviation off a name: "Nederlandse School voor Openbaar Bestuur (NSOB)".
pub fn split_acronym(name: &str) -> (String, Option<String>) {
    if let Some(open) = name.rfind(" (")
        && name.ends_with(')')
    {
        let acronym = &name[open + 2..name.len() - 1];
        if acronym.chars().any(char::is_uppercase) && !acronym.contains(' ') {
            return (name[..open].to_string(), Some(acronym.to_string()));
        }
    }
    (name.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        find_organisations(text)
            .into_iter()
            .map(|found| found.name)
            .collect()
    }

    #[test]
    fn organisations_by_their_words() {
        assert_eq!(
            names("vertelt Scilla van Cuijlenborg van de MBO Raad over het plan"),
            ["MBO Raad"]
        );
        assert_eq!(
            names("verbonden aan de Nederlandse School voor Openbaar Bestuur (NSOB), na een"),
            ["Nederlandse School voor Openbaar Bestuur"]
        );
        assert_eq!(
            find_organisations("de Nederlandse School voor Openbaar Bestuur (NSOB)")[0]
                .acronym
                .as_deref(),
            Some("NSOB")
        );
    }

    #[test]
    fn organisations_by_context() {
        assert_eq!(
            names("En als dan zorgverzekeraar Menzis ook initiatieven stimuleert"),
            ["Menzis"]
        );
        assert_eq!(
            names("Ook Common Eye, een bureau dat zich heeft gespecialiseerd"),
            ["Common Eye"]
        );
        assert_eq!(names("Ecbo is onderdeel van CINOP."), ["CINOP"]);
    }

    #[test]
    fn acronyms_split_off() {
        assert_eq!(
            split_acronym("Nederlandse School voor Openbaar Bestuur (NSOB)"),
            (
                "Nederlandse School voor Openbaar Bestuur".to_string(),
                Some("NSOB".to_string())
            )
        );
        assert_eq!(
            split_acronym("Common Eye"),
            ("Common Eye".to_string(), None)
        );
    }
}
