//! Key phrases: the recurring content phrases of a text ("regionale samenwerking",
//! "Sterk Techniekonderwijs"), so themes can be listed and followed across issues.
//!
//! Candidates are runs of content words between punctuation and function words (the RAKE idea);
//! phrases of two or three words that recur rank above single words, and single words must recur
//! often to count. Names of people are left out: they are listed as people.

use std::collections::{HashMap, HashSet};

use crate::model::KeyPhrase;
use crate::text::{self, fold_key};
use crate::vocabulary::is_stopword;
use crate::vocabulary::{WordSet, is_speech_verb_key, word_set};

/// Returns up to `limit` key phrases of `texts`, most salient first. Words in `excluded` (folded
/// lowercase, e.g. people's names) do not take part in phrases.
pub fn key_phrases(texts: &[&str], excluded: &[String], limit: usize) -> Vec<KeyPhrase> {
    let mut counts = PhraseCounts::default();
    counts.count_texts(texts, excluded);
    counts.top(limit)
}

/// How often each candidate phrase occurs, with its spellings: counted once per text, so the
/// counts of an issue are the sum of its articles' ([`PhraseCounts::add`]) instead of a second
/// pass over the same texts.
#[derive(Debug, Clone, Default)]
pub struct PhraseCounts {
    /// Folded phrase → (occurrences, occurrences per spelling). A phrase has one or two
    /// spellings ("Regionale samenwerking", "regionale samenwerking"): a list, not a second
    /// hash per occurrence.
    counts: HashMap<String, (u32, Spellings)>,
}

/// The spellings of a phrase with their occurrences.
type Spellings = Vec<(String, u32)>;

impl PhraseCounts {
    /// Counts the candidate phrases of `texts`; words in `excluded` (folded lowercase) do not
    /// take part in phrases.
    pub fn count_texts(&mut self, texts: &[&str], excluded: &[String]) {
        let excluded: HashSet<&str> = excluded.iter().map(String::as_str).collect();
        // One buffer for every window's phrase: most are counted before, and need no new string.
        let mut phrase = String::new();
        for text in texts {
            for run in content_runs(text, &excluded) {
                for length in 1..=3.min(run.len()) {
                    for window in run.windows(length) {
                        phrase.clear();
                        for (position, word) in window.iter().enumerate() {
                            if position > 0 {
                                phrase.push(' ');
                            }
                            phrase.push_str(word);
                        }
                        self.count(&phrase);
                    }
                }
            }
            // Names of projects and programmes are often quoted whole:
            // ‘Toptechniek in bedrijf Noordoost-Brabant’.
            for name in quoted_names(text) {
                self.count(&name);
            }
        }
    }

    fn count(&mut self, surface: &str) {
        let key = text::fold_key_cow(surface);
        match self.counts.get_mut(key.as_ref()) {
            Some((count, spellings)) => {
                *count += 1;
                add_spelling(spellings, surface, 1);
            }
            None => {
                let spellings = vec![(surface.to_string(), 1)];
                self.counts.insert(key.into_owned(), (1, spellings));
            }
        }
    }

    /// Adds the counts of `other` (texts counted apart) to these.
    pub fn add(&mut self, other: PhraseCounts) {
        if self.counts.is_empty() {
            self.counts = other.counts;
            return;
        }
        for (key, (count, spellings)) in other.counts {
            let entry = self.counts.entry(key).or_default();
            entry.0 += count;
            for (spelling, times) in spellings {
                add_spelling(&mut entry.1, &spelling, times);
            }
        }
    }

    /// Returns up to `limit` key phrases, most salient first.
    pub fn top(&self, limit: usize) -> Vec<KeyPhrase> {
        top_phrases(&self.counts, limit)
    }
}

/// Counts `times` more of `spelling` in `spellings`.
fn add_spelling(spellings: &mut Spellings, spelling: &str, times: u32) {
    match spellings.iter_mut().find(|(known, _)| known == spelling) {
        Some((_, count)) => *count += times,
        None => spellings.push((spelling.to_string(), times)),
    }
}

fn top_phrases(counts: &HashMap<String, (u32, Spellings)>, limit: usize) -> Vec<KeyPhrase> {
    let mut scored: Vec<(f64, KeyPhrase)> = counts
        .iter()
        .filter_map(|(key, (count, spellings))| {
            let count = *count;
            let words = key.split(' ').count();
            let enough = if words == 1 {
                count >= 4 && key.chars().count() >= 6
            } else {
                count >= 2
            };
            if !enough {
                return None;
            }
            let weight = match words {
                1 => 0.6,
                2 => 2.0,
                _ => 2.5,
            };
            // Sentence-initial capitals are not part of a phrase's spelling: prefer a lowercase
            // spelling when the text has one ("regionale samenwerking", not "Regionale ...").
            let phrase = spellings
                .iter()
                .max_by(|a, b| {
                    text::starts_lowercase(&a.0)
                        .cmp(&text::starts_lowercase(&b.0))
                        .then_with(|| a.1.cmp(&b.1))
                        .then_with(|| b.0.cmp(&a.0))
                })
                .map(|(spelling, _)| spelling.clone())?;
            Some((f64::from(count) * weight, KeyPhrase { phrase, count }))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.phrase.cmp(&b.1.phrase))
    });
    let mut chosen: Vec<KeyPhrase> = Vec::new();
    for (_, candidate) in scored {
        // A word already inside a chosen phrase adds little on its own.
        let candidate_key = fold_key(&candidate.phrase);
        let candidate_words: Vec<&str> = candidate_key.split(' ').collect();
        let covered = chosen.iter().any(|phrase| {
            let key = fold_key(&phrase.phrase);
            let words: Vec<&str> = key.split(' ').collect();
            words
                .windows(candidate_words.len())
                .any(|window| window == candidate_words.as_slice())
        });
        if covered {
            continue;
        }
        chosen.push(candidate);
        if chosen.len() == limit {
            break;
        }
    }
    chosen
}

/// [`NOISE`] for look-ups.
static NOISE_SET: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| word_set(NOISE));

/// Words that make poor phrases: fixed expressions, frequent verbs and participles, English.
const NOISE: &[&str] = &[
    "and", "brengen", "brengt", "dingen", "doen", "gaan", "gaat", "gedaan", "gegaan", "gegeven",
    "gekomen", "gemaakt", "geven", "geeft", "gezien", "keer", "komen", "komt", "maakt", "maken",
    "manier", "moment", "of", "staan", "staat", "ten", "ter", "the", "waarbij", "waarin", "waarop",
    "wilt", "zaken",
];

/// Returns short stretches in single quotes that read as names: two to six words starting with
/// a capital, no sentence inside.
fn quoted_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('‘') {
        let after = &rest[open + '‘'.len_utf8()..];
        let Some(close) = after.find('’') else {
            break;
        };
        let inside = after[..close].trim();
        let words = inside.split_whitespace().count();
        let sentence = inside.contains(['.', '?', '!', ',', ':', ';']);
        if (2..=6).contains(&words) && !sentence && text::starts_uppercase(inside) {
            names.push(inside.to_string());
        }
        rest = &after[close..];
    }
    names
}

/// Splits text into runs of content words: broken at punctuation, function words, digits and
/// speech verbs.
fn content_runs<'a>(text: &'a str, excluded: &HashSet<&str>) -> Vec<Vec<&'a str>> {
    let mut runs: Vec<Vec<&'a str>> = Vec::new();
    let mut current: Vec<&'a str> = Vec::new();
    let mut last_end = 0;
    for token in text::words(text) {
        let between = &text[last_end..token.start];
        let broken = between.chars().any(|ch| !ch.is_whitespace());
        if broken && !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
        last_end = token.end;
        let is_content = token.text.chars().count() >= 3
            && !token.text.chars().any(|ch| ch.is_ascii_digit())
            && !is_stopword(token.text)
            && {
                let key = text::fold_key_cow(token.text);
                !NOISE_SET.contains(key.as_ref())
                    && !is_speech_verb_key(&key)
                    && !excluded.contains(key.as_ref())
            }
            && !text::is_all_caps(token.text);
        if is_content {
            current.push(token.text);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_phrases_rank_first() {
        let texts = [
            "Regionale samenwerking tussen onderwijs en bedrijfsleven.",
            "Een goed lopende regionale samenwerking, zegt Jansen.",
            "Regionale samenwerking gaat niet vanzelf. De samenwerking moet ook georganiseerd worden.",
            "Samenwerking en complex: samenwerking is mensenwerk.",
        ];
        let phrases = key_phrases(&texts, &["jansen".to_string()], 3);
        assert_eq!(phrases[0].phrase, "regionale samenwerking");
        assert_eq!(phrases[0].count, 3);
        assert!(
            phrases
                .iter()
                .all(|phrase| !phrase.phrase.contains("Jansen"))
        );
    }

    #[test]
    fn counts_added_over_articles_equal_counts_over_their_texts_together() {
        let first = [
            "Regionale samenwerking in het beroepsonderwijs.",
            "De regionale samenwerking groeit, zegt Jansen.",
        ];
        let second = [
            "Regionale Samenwerking met werkgevers vraagt tijd.",
            "Werkgevers zoeken regionale samenwerking en stageplaatsen; stageplaatsen blijven schaars.",
            "Stageplaatsen, stageplaatsen: werkgevers praten over ‘Sterk Techniekonderwijs Noord’.",
        ];
        let excluded = ["jansen".to_string()];
        let mut added = PhraseCounts::default();
        for texts in [&first[..], &second[..]] {
            let mut article = PhraseCounts::default();
            article.count_texts(texts, &excluded);
            added.add(article);
        }
        let together: Vec<&str> = first.iter().chain(second.iter()).copied().collect();
        let expected = key_phrases(&together, &excluded, 15);
        assert_eq!(expected[0].phrase, "regionale samenwerking");
        assert_eq!(expected[0].count, 4);
        assert_eq!(added.top(15), expected);
    }
}
