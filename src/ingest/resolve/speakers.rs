//! Quote attribution: the sieves run over each article's quotes, most precise first, and the
//! speaker phrases they find resolved to people (names by name forms, pronouns by gender to the
//! nearest compatible person, role nouns by role) or kept as descriptions.

use std::collections::HashMap;

use crate::ingest::extract::{attribution, people, quotes};
use crate::ingest::resolve::WorkArticle;
use crate::ingest::resolve::book::{PeopleBook, mentions_in, resolve_written};
use crate::model::{AttributionMethod, QuoteKind, SourceSpan};
use crate::text::{self, fold_key};

/// A quote before ids are assigned.
pub(crate) struct QuoteDraft {
    pub(crate) text: String,
    pub(crate) kind: QuoteKind,
    pub(crate) speaker: Option<usize>,
    pub(crate) description: Option<String>,
    pub(crate) method: Option<AttributionMethod>,
    pub(crate) paragraph: Option<usize>,
    pub(crate) span: SourceSpan,
    pub(crate) lead_words: usize,
}

/// Counts the content words (not function words) of a lead-in.
pub(crate) fn content_word_count(text: &str) -> usize {
    text::words(text)
        .iter()
        .filter(|word| {
            !crate::vocabulary::is_stopword(word.text)
                && !word.text.chars().all(|ch| ch.is_ascii_digit())
        })
        .count()
}

/// Who a sieve decided on: a person, or a description of an unnamed speaker.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Decision {
    pub(crate) speaker: Option<usize>,
    pub(crate) description: Option<String>,
}

impl Decision {
    pub(crate) fn is_some(&self) -> bool {
        self.speaker.is_some() || self.description.is_some()
    }
}

/// The mentions of people in an article's paragraphs, the genders the text shows and the
/// roles of the people: what the sieves resolve speaker phrases against.
pub(crate) struct ArticleMentions<'a> {
    pub(crate) forms: &'a [(usize, Vec<String>, bool)],
    pub(crate) book: &'a PeopleBook,
    pub(crate) genders: &'a HashMap<usize, attribution::Gender>,
    /// Per paragraph: (person, byte start, byte end), in reading order.
    pub(crate) mentions: Vec<Vec<(usize, usize, usize)>>,
}

impl ArticleMentions<'_> {
    /// Resolves a speaker phrase. `before` is where the search for a pronoun's or a role noun's
    /// person starts going back; mentions from `skip_from` to `before` (the reporting sentence
    /// itself) are not candidates.
    pub(crate) fn resolve(
        &self,
        phrase: &attribution::SpeakerPhrase,
        before: quotes::Position,
        skip_from: quotes::Position,
    ) -> Decision {
        use attribution::SpeakerPhrase;
        match phrase {
            SpeakerPhrase::Name(written) => {
                let words: Vec<&str> = written.split_whitespace().collect();
                // "Rust Mark": a name run may start with a word that is no part of the name.
                let by_suffix = || {
                    (1..words.len())
                        .find_map(|skip| resolve_written(self.forms, &words[skip..].join(" ")))
                };
                let person = mentions_in(self.forms, written)
                    .first()
                    .map(|(person, _, _)| *person)
                    .or_else(|| resolve_written(self.forms, written))
                    .or_else(by_suffix);
                Decision {
                    speaker: person,
                    description: person.is_none().then(|| written.clone()),
                }
            }
            SpeakerPhrase::Pronoun(gender) => Decision {
                speaker: self.nearest_before(before, skip_from, |person| {
                    self.genders
                        .get(&person)
                        .is_none_or(|known| known == gender)
                }),
                description: None,
            },
            SpeakerPhrase::RoleNoun(noun) => {
                let holds_role = |person: usize| {
                    self.book.entries[person].roles.iter().any(|role| {
                        text::words(role)
                            .iter()
                            .any(|word| word.text.to_lowercase().ends_with(noun.as_str()))
                    })
                };
                let person = self.nearest_before(before, skip_from, holds_role);
                Decision {
                    speaker: person,
                    description: person.is_none().then(|| format!("de {noun}")),
                }
            }
            SpeakerPhrase::Description(description) => Decision {
                speaker: None,
                description: Some(description.clone()),
            },
        }
    }

    /// The person mentioned nearest before `before` (within three paragraphs) that `fits`,
    /// skipping mentions from `skip_from` on.
    pub(crate) fn nearest_before(
        &self,
        before: quotes::Position,
        skip_from: quotes::Position,
        fits: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let limit = skip_from.min(before);
        let lowest = limit.0.saturating_sub(3);
        for paragraph in (lowest..=limit.0).rev() {
            let Some(mentions) = self.mentions.get(paragraph) else {
                continue;
            };
            for (person, start, _) in mentions.iter().rev() {
                if paragraph == limit.0 && *start >= limit.1 {
                    continue;
                }
                if fits(*person) {
                    return Some(*person);
                }
            }
        }
        None
    }

    /// The distinct people mentioned in a piece of text.
    pub(crate) fn people_in(&self, text: &str) -> Vec<usize> {
        let mut people: Vec<usize> = Vec::new();
        for (person, _, _) in mentions_in(self.forms, text) {
            if !people.contains(&person) {
                people.push(person);
            }
        }
        people
    }
}

/// The sentences of a text with their byte starts: a sentence ends at ".", "?" or "!" followed
/// by a space and a capital or an opening quote mark.
pub(crate) fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = 0;
    // Only a sentence mark looks ahead, at the two characters after it.
    for (index, ch) in text.char_indices() {
        if !matches!(ch, '.' | '?' | '!') {
            continue;
        }
        let end = index + ch.len_utf8();
        let mut ahead = text[end..].char_indices();
        let next = ahead.next().map(|(_, next)| next);
        let after_next = ahead.next();
        let boundary = next.is_some_and(char::is_whitespace)
            && after_next
                .is_some_and(|(_, ch)| ch.is_uppercase() || matches!(ch, '“' | '‘' | '"' | '\''));
        if boundary {
            found.push((start, &text[start..end]));
            start = after_next.map_or(text.len(), |(offset, _)| end + offset);
        }
    }
    if start < text.len() {
        found.push((start, &text[start..]));
    }
    found
}

/// The gender the text shows for each person: a sentence naming one person followed by a
/// sentence that opens with "Hij" or "Ze"/"Zij" and names no one.
pub(crate) fn genders_shown(
    forms: &[(usize, Vec<String>, bool)],
    texts: &[&str],
) -> HashMap<usize, attribution::Gender> {
    let mut votes: HashMap<usize, (usize, usize)> = HashMap::new();
    for text in texts {
        let split = sentences(text);
        // Each sentence's people, found once (a sentence is the second of one pair and the
        // first of the next).
        let named_in: Vec<Vec<usize>> = split
            .iter()
            .map(|(_, sentence)| {
                let mut people: Vec<usize> = Vec::new();
                for (person, _, _) in mentions_in(forms, sentence) {
                    if !people.contains(&person) {
                        people.push(person);
                    }
                }
                people
            })
            .collect();
        for (pair, named) in split.windows(2).zip(named_in.windows(2)) {
            if named[0].len() != 1 || !named[1].is_empty() {
                continue;
            }
            let named = &named[0];
            let first_word = pair[1].1.split_whitespace().next().unwrap_or_default();
            if !text::starts_uppercase(first_word) {
                continue;
            }
            let entry = votes.entry(named[0]).or_default();
            match attribution::subject_pronoun(first_word) {
                Some(attribution::Gender::Male) => entry.0 += 1,
                Some(attribution::Gender::Female) => entry.1 += 1,
                None => {}
            }
        }
    }
    votes
        .into_iter()
        .filter_map(|(person, (male, female))| match male.cmp(&female) {
            std::cmp::Ordering::Greater => Some((person, attribution::Gender::Male)),
            std::cmp::Ordering::Less => Some((person, attribution::Gender::Female)),
            std::cmp::Ordering::Equal => None,
        })
        .collect()
}

/// The method a resolved phrase stands for: a pronoun or a role noun names its own method.
pub(crate) fn method_of(
    phrase: &attribution::SpeakerPhrase,
    otherwise: AttributionMethod,
) -> AttributionMethod {
    match phrase {
        attribution::SpeakerPhrase::Pronoun(_) => AttributionMethod::Pronoun,
        attribution::SpeakerPhrase::RoleNoun(_) => AttributionMethod::RoleNoun,
        _ => otherwise,
    }
}

/// Attributes the inline quotes of an article with the sieves, most precise first: a speech
/// verb after the quote, a lead-in (label, colon, speech verb), a credit line, the quote it
/// continues, the sentence before, and in an interview the interviewee.
pub(crate) fn attribute_quotes(
    article: &WorkArticle<'_>,
    book: &PeopleBook,
    forms: &[(usize, Vec<String>, bool)],
    genders: &HashMap<usize, attribution::Gender>,
) -> Vec<QuoteDraft> {
    let paragraphs: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let context = ArticleMentions {
        forms,
        book,
        genders,
        mentions: paragraphs
            .iter()
            .map(|paragraph| mentions_in(forms, paragraph))
            .collect(),
    };
    let mut drafts: Vec<QuoteDraft> = Vec::new();
    let mut previous: Option<(quotes::Position, Decision)> = None;
    for found in quotes::find_quotes(&paragraphs) {
        let lead = quotes::lead_in(&paragraphs, found.start);
        let after = quotes::text_after_quote(&paragraphs, found.end);
        let after_clause = attribution::clause_after(after);
        let lead_start = (found.start.0, found.start.1.saturating_sub(lead.len() + 1));
        // The first reading of the lead-in that names a person, else a speech verb's
        // description of an unnamed speaker ("Een docent die achteraan zat, riep:").
        let readings = attribution::lead_in_clause(lead);
        let lead_decision = readings
            .iter()
            .map(|(phrase, label)| {
                (
                    context.resolve(phrase, lead_start, lead_start),
                    phrase,
                    *label,
                )
            })
            .find(|(decision, _, _)| decision.speaker.is_some())
            .or_else(|| {
                readings
                    .iter()
                    .filter(|(phrase, _)| {
                        matches!(phrase, attribution::SpeakerPhrase::Description(_))
                    })
                    .map(|(phrase, label)| {
                        (
                            context.resolve(phrase, lead_start, lead_start),
                            phrase,
                            *label,
                        )
                    })
                    .next()
            });
        let attributed = after_clause.is_some()
            || lead_decision.as_ref().is_some_and(|(decision, _, label)| {
                *label
                    || decision.speaker.is_some()
                        && text::words(lead)
                            .iter()
                            .any(|word| crate::vocabulary::is_speech_verb(word.text))
            });
        if !quotes::is_speech(&found.text, lead, attributed) {
            continue;
        }
        // A lead-in with no colon, comma or speech verb before a quote that opens a sentence is
        // a heading the text glued to the paragraph, not narration introducing the quote.
        let glued_heading = !lead.trim_end().ends_with([':', ',', '—', '–'])
            && found.text.starts_with(char::is_uppercase);
        let lead_words = if glued_heading {
            0
        } else {
            content_word_count(lead)
        };
        let mut decision = Decision::default();
        let mut method = None;
        // 1. A speech verb right after the quote ("”, zegt Jansen.", "”, denkt hij.").
        if let Some(phrase) = &after_clause {
            decision = context.resolve(phrase, found.start, lead_start);
            method = Some(method_of(phrase, AttributionMethod::SpeechVerb));
        }
        // The person a credit line ("— Tessa, planner") names, when it names one we know.
        let credited = |line: &str| {
            let (name, _) = attribution::credit_line(line)?;
            let resolved = context.resolve(
                &attribution::SpeakerPhrase::Name(name),
                found.start,
                found.start,
            );
            resolved.speaker.is_some().then_some(resolved)
        };
        // 1a. A credit line right after the quote ("” — Tessa, planner").
        if !decision.is_some()
            && after.trim_start().starts_with(['—', '–'])
            && let Some(resolved) = credited(after)
        {
            decision = resolved;
            method = Some(AttributionMethod::CreditLine);
        }
        // 1b. The sentence the quote sits in goes on to name one person ("”, staat in het
        //     verslag dat Jansen schreef.").
        if !decision.is_some() && after.trim_start().starts_with([',', '”', '’']) {
            let clause_end = after.find(['.', '?', '!']).unwrap_or(after.len());
            let named = context.people_in(&after[..clause_end]);
            if named.len() == 1 {
                decision.speaker = Some(named[0]);
                method = Some(AttributionMethod::Mention);
            }
        }
        // 2. A lead-in: a label ("Mark:"), a colon or a speech verb before the quote.
        if !decision.is_some()
            && let Some((resolved, phrase, label)) = &lead_decision
        {
            decision = resolved.clone();
            method = Some(if *label {
                AttributionMethod::Label
            } else {
                method_of(phrase, AttributionMethod::SpeechVerb)
            });
        }
        // 3. A credit line under a quote printed as a paragraph of its own.
        let whole_paragraph = found.start.1 <= 3
            && found.start.0 == found.end.0
            && paragraphs[found.end.0].len() - found.end.1 <= 4;
        if !decision.is_some()
            && whole_paragraph
            && let Some(next) = paragraphs.get(found.end.0 + 1)
            && let Some(resolved) = credited(next)
        {
            decision = resolved;
            method = Some(AttributionMethod::CreditLine);
        }
        // 4. The quote goes on from the previous one, with no one else named in between.
        let introduced_by_other = lead_words >= 3;
        if !decision.is_some() && !introduced_by_other {
            let continued = previous.as_ref().filter(|(end, previous_decision)| {
                let close = found.start.0 <= end.0 + 1;
                let between = quotes::text_between(&paragraphs, *end, found.start);
                let others = context
                    .people_in(&between)
                    .into_iter()
                    .any(|person| Some(person) != previous_decision.speaker);
                close && !others && previous_decision.is_some()
            });
            if let Some((_, previous_decision)) = continued {
                decision = previous_decision.clone();
                method = Some(AttributionMethod::Continuation);
            }
        }
        // 5. The sentence before reports speech or opens with a pronoun ("…, zegt ze.",
        //    "Hij geeft les."), or names exactly one person.
        if !decision.is_some() && !introduced_by_other {
            let (sentence, sentence_start) = sentence_before(&paragraphs, found.start);
            if let Some(phrase) = attribution::reporting_clause(sentence) {
                let resolved = context.resolve(&phrase, sentence_start, sentence_start);
                if resolved.speaker.is_some() {
                    decision = resolved;
                    method = Some(method_of(&phrase, AttributionMethod::SpeechVerb));
                }
            }
            if !decision.is_some() {
                let before = context.people_in(sentence);
                if before.len() == 1 {
                    decision.speaker = Some(before[0]);
                    method = Some(AttributionMethod::Mention);
                }
            }
        }
        let first_line = article.paragraphs[found.start.0].line_at(found.start.1);
        let last_line = article.paragraphs[found.end.0].line_at(found.end.1.saturating_sub(1));
        drafts.push(QuoteDraft {
            text: found.text.clone(),
            kind: QuoteKind::Inline,
            speaker: decision.speaker,
            description: decision.description.clone(),
            method: decision.is_some().then_some(method).flatten(),
            paragraph: Some(found.start.0),
            span: SourceSpan {
                first_line,
                last_line: last_line.max(first_line),
                page: None,
            },
            lead_words,
        });
        if decision.is_some() {
            previous = Some((found.end, decision));
        }
    }
    // 6. In an interview one person does most of the talking: quotes that open without a
    //    lead-in naming someone else are theirs.
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for draft in &drafts {
        if let Some(speaker) = draft.speaker {
            *counts.entry(speaker).or_default() += 1;
        }
    }
    let attributed: usize = counts.values().sum();
    if let Some((&dominant, &count)) = counts.iter().max_by_key(|(_, count)| **count)
        && count >= 5
        && count * 10 >= attributed * 8
    {
        for draft in drafts.iter_mut().filter(|draft| {
            draft.speaker.is_none() && draft.description.is_none() && draft.lead_words == 0
        }) {
            draft.speaker = Some(dominant);
            draft.method = Some(AttributionMethod::Interviewee);
        }
    }
    // 7. A piece that names one person only (a portrait, a short interview) quotes that person
    //    unless the text says someone else speaks.
    let mut named: Vec<usize> = context
        .mentions
        .iter()
        .flatten()
        .map(|(person, _, _)| *person)
        .collect();
    named.sort_unstable();
    named.dedup();
    if let [only] = named[..] {
        for draft in drafts.iter_mut().filter(|draft| {
            draft.speaker.is_none() && draft.description.is_none() && draft.lead_words == 0
        }) {
            draft.speaker = Some(only);
            draft.method = Some(AttributionMethod::OnlyPerson);
        }
    }
    drafts
}

/// The sentence before the one a quote opens in, and where it starts: within the paragraph,
/// else the last sentence of the paragraph before.
pub(crate) fn sentence_before<'a>(
    paragraphs: &[&'a str],
    start: quotes::Position,
) -> (&'a str, quotes::Position) {
    let sentence = quotes::previous_sentence(paragraphs, start);
    if !sentence.is_empty() {
        let offset = paragraphs[start.0].find(sentence).unwrap_or(0);
        return (sentence, (start.0, offset));
    }
    let lead = quotes::lead_in(paragraphs, start);
    if !lead.is_empty() || start.0 == 0 {
        return ("", start);
    }
    let previous = paragraphs[start.0 - 1];
    match sentences(previous).last() {
        Some((offset, sentence)) => (sentence, (start.0 - 1, *offset)),
        None => ("", start),
    }
}

pub(crate) fn strip_quote_marks(text: &str) -> &str {
    text.trim()
        .trim_start_matches(['“', '‘', '"', '„', '«'])
        .trim_end_matches(['”', '’', '"', '“', '»'])
        .trim()
}

/// Pull quotes, attributed by their caption or by the inline quote they repeat.
pub(crate) fn pull_quotes(
    article: &WorkArticle<'_>,
    book: &PeopleBook,
    forms: &[(usize, Vec<String>, bool)],
    inline: &[QuoteDraft],
) -> Vec<QuoteDraft> {
    article
        .draft
        .pull_quotes
        .iter()
        .map(|pull| {
            let text = strip_quote_marks(&pull.text.text).to_string();
            let from_caption = pull.caption.as_ref().and_then(|caption| {
                let (_, name) = people::split_honorific(&caption.name);
                book.find(&name)
                    .or_else(|| resolve_written(forms, &name))
                    .or_else(|| {
                        mentions_in(forms, &name)
                            .first()
                            .map(|(person, _, _)| *person)
                    })
            });
            let from_inline = || {
                inline
                    .iter()
                    .map(|quote| (word_overlap(&text, &quote.text), quote.speaker))
                    .filter(|(overlap, speaker)| *overlap >= 0.5 && speaker.is_some())
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .and_then(|(_, speaker)| speaker)
            };
            let (speaker, method) = match from_caption {
                Some(person) => (Some(person), Some(AttributionMethod::CreditLine)),
                None => {
                    let repeated = from_inline();
                    (repeated, repeated.map(|_| AttributionMethod::Repeated))
                }
            };
            QuoteDraft {
                speaker,
                description: None,
                method,
                kind: QuoteKind::Pull,
                paragraph: None,
                span: SourceSpan {
                    first_line: pull.text.first_line(),
                    last_line: pull.text.last_line(),
                    page: None,
                },
                text,
                lead_words: 0,
            }
        })
        .collect()
}

/// Share of the pull quote's content words that the inline quote also has.
pub(crate) fn word_overlap(pull: &str, inline: &str) -> f64 {
    let content = |text: &str| -> Vec<String> {
        text::words(text)
            .iter()
            .filter(|word| !crate::vocabulary::is_stopword(word.text))
            .map(|word| fold_key(word.text))
            .collect()
    };
    let pull_words = content(pull);
    if pull_words.is_empty() {
        return 0.0;
    }
    let inline_words = content(inline);
    let shared = pull_words
        .iter()
        .filter(|word| inline_words.contains(word))
        .count();
    shared as f64 / pull_words.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`sentences`] as it was written before (over a vector of all characters): the
    /// reference it must agree with.
    fn sentences_over_all_characters(text: &str) -> Vec<(usize, &str)> {
        let mut found = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (position, (index, ch)) in chars.iter().enumerate() {
            if !matches!(ch, '.' | '?' | '!') {
                continue;
            }
            let next = chars.get(position + 1).map(|(_, next)| *next);
            let after_next = chars.get(position + 2).map(|(_, next)| *next);
            let boundary = next.is_some_and(char::is_whitespace)
                && after_next
                    .is_some_and(|ch| ch.is_uppercase() || matches!(ch, '“' | '‘' | '"' | '\''));
            if boundary {
                let end = index + ch.len_utf8();
                found.push((start, &text[start..end]));
                start = chars
                    .get(position + 2)
                    .map_or(text.len(), |(offset, _)| *offset);
            }
        }
        if start < text.len() {
            found.push((start, &text[start..]));
        }
        found
    }

    #[test]
    fn sentences_end_at_a_mark_a_space_and_a_capital_or_quote() {
        let text = "Het werkt. Ze zegt: “Goed zo!” ‘Echt?’ vroeg hij. Nee.\u{a0}Écht niet. 3.5 procent. Einde.";
        assert_eq!(
            sentences(text),
            [
                (0, "Het werkt."),
                (11, "Ze zegt: “Goed zo!” ‘Echt?’ vroeg hij."),
                (58, "Nee."),
                (64, "Écht niet. 3.5 procent."),
                (89, "Einde."),
            ]
        );
        let others = [
            "Geen einde",
            "Kort. ",
            "",
            "Eén.  Twee. ‘Drie’! \"Vier\"? 'Vijf'. zes. Zeven.\n\nAcht.",
            "…. É. ?! A",
        ];
        for other in others.into_iter().chain([text]) {
            assert_eq!(
                sentences(other),
                sentences_over_all_characters(other),
                "{other}"
            );
        }
    }
}
