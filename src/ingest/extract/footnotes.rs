//! Footnotes: markers in the running text ("Snippe1", "verbreed.7"), complete URLs, and
//! citations of other issues ("Zie ook Dimensies 32, maart 2018").
//!
//! A URL broken over lines has already been rejoined by the normalizer; where the PDF extractor
//! also printed the link annotation as a line of its own, that whole copy is the authority: a
//! note's URL that equals it up to hyphens takes its form, and a link line that matches no note's
//! URL belongs to the note right before it when that note has none of its own (footnote 1 cites
//! Dimensies 32 and its link to that issue's PDF stands alone further on).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::IssueRef;

/// A footnote marker found in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerMatch {
    /// Byte offset of the marker's digits.
    pub start: usize,
    /// Byte offset after the digits.
    pub end: usize,
    /// The word the marker is glued to.
    pub word: String,
}

/// Finds the marker of note `number` in `text`, at or after byte `from`: the number glued to the
/// end of a word, possibly after a full stop or comma ("Snippe1,", "verbreed.7", "doelen8:").
pub fn find_marker(text: &str, number: u32, from: usize) -> Option<MarkerMatch> {
    let digits = number.to_string();
    let mut offset = 0;
    for raw in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += raw.len();
        if start < from {
            continue;
        }
        let token = raw.trim_end();
        let core = token.trim_end_matches(|ch: char| {
            matches!(ch, ',' | '.' | ';' | ':' | '!' | '?' | ')' | '”' | '’')
        });
        let Some(before_digits) = core.strip_suffix(digits.as_str()) else {
            continue;
        };
        let word = before_digits.trim_end_matches(['.', ',', ':', ';', ')', '’', '”']);
        let glued_to_word = word.chars().next_back().is_some_and(char::is_alphabetic)
            && !before_digits
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_ascii_digit());
        let word_letters = word.chars().filter(|ch| ch.is_alphabetic()).count();
        if glued_to_word && word_letters >= 2 && !word.contains("://") {
            let digits_start = start + before_digits.len();
            // After the last character that is not part of the word, whatever its width
            // ("x¸regio2": the cedilla takes two bytes).
            let word_start = word
                .char_indices()
                .rev()
                .find(|&(_, ch)| !ch.is_alphanumeric() && ch != '-')
                .map_or(0, |(index, ch)| index + ch.len_utf8());
            return Some(MarkerMatch {
                start: digits_start,
                end: digits_start + digits.len(),
                word: word[word_start..].to_string(),
            });
        }
    }
    None
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:https?://|www\.)[^\s<>"“”‘’]+"#).expect("url regex is valid")
});

/// Returns the URLs in `text`, without trailing sentence punctuation.
pub fn urls_in(text: &str) -> Vec<String> {
    URL.find_iter(text)
        .map(|found| {
            found
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
                .to_string()
        })
        .filter(|url| url.len() > 8)
        .collect()
}

fn without_hyphens(url: &str) -> String {
    url.chars().filter(|&ch| ch != '-').collect()
}

/// Replaces each URL by the whole copy among `link_lines` that equals it up to hyphens (the copy
/// printed on one line is not broken, so its hyphens are the real ones).
pub fn confirm_urls(urls: &[String], link_lines: &[&str]) -> Vec<String> {
    urls.iter()
        .map(|url| {
            link_lines
                .iter()
                .find(|line| without_hyphens(line) == without_hyphens(url))
                .map_or_else(|| url.clone(), |line| (*line).to_string())
        })
        .collect()
}

/// For each note (given as its first source line and its URLs, in order), returns the link
/// lines it receives: a link line matching no note's URL goes to the nearest note before it, if
/// that note has no URL of its own.
pub fn assign_link_lines(notes: &[(u32, Vec<String>)], links: &[(u32, &str)]) -> Vec<Vec<String>> {
    let mut received: Vec<Vec<String>> = vec![Vec::new(); notes.len()];
    for (line, url) in links {
        let matches_a_note = notes.iter().any(|(_, urls)| {
            urls.iter()
                .any(|candidate| without_hyphens(candidate) == without_hyphens(url))
        });
        if matches_a_note {
            continue;
        }
        let nearest_before = notes
            .iter()
            .enumerate()
            .filter(|(_, (note_line, _))| note_line < line)
            .max_by_key(|(_, (note_line, _))| *note_line);
        if let Some((index, (_, urls))) = nearest_before
            && urls.is_empty()
            && !received[index].iter().any(|known| known == url)
        {
            received[index].push((*url).to_string());
        }
    }
    received
}

static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<series>[\p{Lu}][\p{L}]+)\s+(?:nr\.?\s*)?(?P<number>\d{1,3})\b(?P<date>,\s*(?:(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|voorjaar|zomer|najaar|winter)\s+)?(?P<year>(?:19|20)\d{2}))?",
    )
    .expect("citation regex is valid")
});

/// Returns the issue a note cites: "Dimensies 32, maart 2018" (any series with a date), or
/// "Dimensies 32" when `series` names the issue's own series.
pub fn cited_issue(text: &str, series: Option<&str>) -> Option<IssueRef> {
    for captures in CITATION.captures_iter(text) {
        let name = &captures["series"];
        let own_series = series.is_some_and(|series| series.eq_ignore_ascii_case(name));
        let dated = captures.name("date").is_some();
        let part_of_a_document = matches!(
            name,
            "Zie"
                | "Pagina"
                | "Publicatie"
                | "Artikel"
                | "Hoofdstuk"
                | "Bijlage"
                | "Paragraaf"
                | "Tabel"
                | "Figuur"
                | "Deel"
                | "Lid"
                | "Nummer"
                | "Versie"
                | "Editie"
                | "Jaargang"
                | "Rapport"
        );
        if !(own_series || dated) || part_of_a_document {
            continue;
        }
        let number = captures["number"].parse().ok()?;
        let year = captures
            .name("year")
            .and_then(|year| year.as_str().parse().ok());
        return Some(IssueRef {
            series: name.to_string(),
            number,
            year,
            label: captures[0].to_string(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_glued_to_words() {
        let text = "Rudy Snippe1, inmiddels geen onbekende meer";
        let marker = find_marker(text, 1, 0).unwrap();
        assert_eq!(marker.word, "Snippe");
        assert_eq!(&text[marker.start..marker.end], "1");
        assert_eq!(
            find_marker("wordt verdiept of verbreed.7 Het model", 7, 0)
                .unwrap()
                .word,
            "verbreed"
        );
        assert_eq!(
            find_marker("dient meerdere doelen8: het vormt", 8, 0)
                .unwrap()
                .word,
            "doelen"
        );
        assert_eq!(
            find_marker("RECENT STERK TECHNIEKONDERWIJS2. SAMENWERKING", 2, 0)
                .unwrap()
                .word,
            "TECHNIEKONDERWIJS"
        );
    }

    /// Found by the `pipeline` fuzz target (issue 14): a marker's word after a character of
    /// two bytes that is not a letter sliced inside that character and panicked.
    #[test]
    fn issue_14_a_marker_after_a_wide_non_letter_keeps_its_word() {
        let text = "zie de x¸regio2 voor meer";
        let marker = find_marker(text, 2, 0).unwrap();
        assert_eq!(marker.word, "regio");
        assert_eq!(&text[marker.start..marker.end], "2");
        let marker = find_marker("het «verbond3 van", 3, 0).unwrap();
        assert_eq!(marker.word, "verbond");
    }

    #[test]
    fn numbers_that_are_not_markers() {
        assert_eq!(find_marker("op 27 maart 2019 in het stadion", 2, 0), None);
        assert_eq!(find_marker("de Academie van KW1C, verbinder", 1, 0), None);
        assert_eq!(find_marker("Dimensies 32, maart", 3, 0), None);
    }

    #[test]
    fn urls_lose_trailing_punctuation() {
        assert_eq!(
            urls_in(
                "Zie https://www.forachange.nl/podcast/. En http://pietermoerman.nl/a.html#more-106."
            ),
            [
                "https://www.forachange.nl/podcast/",
                "http://pietermoerman.nl/a.html#more-106"
            ]
        );
    }

    #[test]
    fn whole_copy_confirms_a_repaired_url() {
        let confirmed = confirm_urls(
            &["http://pietermoerman.nl/blog/lerendegovernance.html".to_string()],
            &["http://pietermoerman.nl/blog/lerende-governance.html"],
        );
        assert_eq!(
            confirmed,
            ["http://pietermoerman.nl/blog/lerende-governance.html"]
        );
    }

    #[test]
    fn url_broken_inside_its_domain_is_confirmed_by_its_copy() {
        let joined = crate::ingest::normalize::join_lines(
            [
                ("Zie https://www.canonberoeps-", 1),
                ("onderwijs.nl/Regionale-samenwerking", 2),
            ],
            &crate::ingest::normalize::Lexicon::default(),
        );
        let urls = urls_in(&joined.text);
        let confirmed = confirm_urls(
            &urls,
            &["https://www.canonberoepsonderwijs.nl/Regionale-samenwerking"],
        );
        assert_eq!(
            confirmed,
            ["https://www.canonberoepsonderwijs.nl/Regionale-samenwerking"]
        );
    }

    #[test]
    fn standalone_link_goes_to_the_note_before_it_without_url() {
        let notes = vec![
            (89, vec![]),
            (
                848,
                vec!["https://www.canonberoepsonderwijs.nl/Regionale-samenwerking".to_string()],
            ),
            (917, vec![]),
        ];
        let links = [
            (
                113,
                "https://ecbo.nl/a/Ecbo-dimensies-nr.-32-Maart-2018.pdf",
            ),
            (
                920,
                "https://www.canonberoepsonderwijs.nl/Regionale-samenwerking",
            ),
            (921, "https://ecbo.nl/b/Ecbo-Dimensies-26.pdf"),
        ];
        let received = assign_link_lines(&notes, &links);
        assert_eq!(
            received[0],
            ["https://ecbo.nl/a/Ecbo-dimensies-nr.-32-Maart-2018.pdf"]
        );
        assert!(received[1].is_empty());
        assert_eq!(received[2], ["https://ecbo.nl/b/Ecbo-Dimensies-26.pdf"]);
    }

    #[test]
    fn citations_of_other_issues() {
        // A year after the series name is no issue number: "Dimensies 2019" is not issue 201.
        assert_eq!(
            cited_issue(
                "Zo stond het in Dimensies 2019 over de regio.",
                Some("Dimensies")
            ),
            None
        );
        let cited = cited_issue("Zie ook Dimensies 32, maart 2018.", None).unwrap();
        assert_eq!(
            (cited.series.as_str(), cited.number, cited.year),
            ("Dimensies", 32, Some(2018))
        );
        let cited = cited_issue(
            "Zie Dimensies 26: Leren omgaan met dynamiek.",
            Some("Dimensies"),
        )
        .unwrap();
        assert_eq!(cited.number, 26);
        assert_eq!(
            cited_issue(
                "Publicatie nr. 2011/14 SWVG-Rapport 23 Leuven",
                Some("Dimensies")
            ),
            None
        );
        assert_eq!(
            cited_issue("Zie Hoofdstuk 3, 2019 en Bijlage 1, 2017.", None),
            None
        );
    }
}
