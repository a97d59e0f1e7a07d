//! Attribution detectors: the phrases around a quote that say who speaks, before anyone is
//! resolved to a person.
//!
//! Each detector reads one shape real texts use (Muzny et al. 2017 call them sieves):
//!
//! - a speech verb right after the quote: "”, zegt Jansen.", "”, vertelt conrector Fer Otten
//!   tegen de NOS.", "”, legt Sander uit.", "”, aldus de lector.", "”, denkt hij."
//!   ([`clause_after`]);
//! - a lead-in before it: a Q&A label "Mark: “", a colon lead-in "Sander legt het helder uit: “",
//!   "Hierover zegt Pauline: “", "vermoedt hij: ‘" ([`lead_in_clause`]);
//! - a sentence of narration that reports speech: "Minister Slob moet de regie nemen, zegt ze."
//!   or opens with a pronoun ("Hij geeft de zesdejaars een herhalingscursus.")
//!   ([`reporting_clause`]);
//! - a credit line under a pull quote: "— Sander, DevOps Engineer Team Haven" ([`credit_line`]).
//!
//! The result is a [`SpeakerPhrase`]; the resolve stage links names to people, pronouns to the
//! nearest person of compatible gender, role nouns to the person holding that role, and keeps
//! descriptions ("een woordvoerder") as they are written.

use crate::ingest::extract::people::is_role_word;
use crate::ingest::names;
use crate::text;
use crate::vocabulary::is_speech_verb;
use crate::vocabulary::is_stopword;

/// Grammatical gender a pronoun or a role noun shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// "hij", "hem", "zijn".
    Male,
    /// "zij", "ze", "haar".
    Female,
}

/// Who a clause says is speaking, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerPhrase {
    /// Text holding a name ("conrector Fer Otten", "Sander"), to be resolved by name forms.
    Name(String),
    /// A personal pronoun with the gender it shows.
    Pronoun(Gender),
    /// A role noun with a definite article ("de lector" → "lector").
    RoleNoun(String),
    /// A speaker the text does not name ("een woordvoerder", "de SP").
    Description(String),
}

/// Returns the gender of a subject pronoun, if `word` is one.
pub fn subject_pronoun(word: &str) -> Option<Gender> {
    match word.to_lowercase().as_str() {
        "hij" => Some(Gender::Male),
        "zij" | "ze" => Some(Gender::Female),
        _ => None,
    }
}

/// Words that end the subject of a speech clause ("zegt Jansen tegen de NOS").
fn ends_subject(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "tegen"
            | "uit"
            | "daarbij"
            | "daarover"
            | "hierover"
            | "ook"
            | "nog"
            | "dan"
            | "toe"
            | "aan"
            | "op"
            | "in"
            | "over"
            | "met"
            | "dat"
            | "want"
            | "maar"
            | "en"
            | "verder"
            | "samen"
            | "terug"
            | "lachend"
            | "stellig"
    )
}

/// Words of a clause: whitespace tokens with surrounding punctuation removed.
fn clause_words(clause: &str) -> Vec<&str> {
    clause
        .split_whitespace()
        .map(|word| word.trim_matches(|ch: char| !ch.is_alphanumeric() && ch != '\'' && ch != '’'))
        .filter(|word| !word.is_empty())
        .collect()
}

/// The clause that follows a closing quote mark up to its sentence end (or the next quote).
fn first_clause(after: &str) -> &str {
    let end = after
        .char_indices()
        .find(|(index, ch)| {
            let opens = matches!(ch, '“' | '‘' | '„' | '"' | '\'')
                && after[..*index]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace);
            opens
                || matches!(ch, '?' | '!' | ':')
                || (*ch == '.' && !after[..*index].ends_with(|c: char| c.is_uppercase()))
        })
        .map_or(after.len(), |(index, _)| index);
    &after[..end]
}

/// Reads the subject written after a speech verb: `words` start right after the verb.
fn subject_after_verb(words: &[&str]) -> Option<SpeakerPhrase> {
    let first = *words.first()?;
    if let Some(gender) = subject_pronoun(first) {
        return Some(SpeakerPhrase::Pronoun(gender));
    }
    let lower = first.to_lowercase();
    let subject: Vec<&str> = words
        .iter()
        .take_while(|word| !ends_subject(word))
        .take(6)
        .copied()
        .collect();
    if subject.is_empty() {
        return None;
    }
    let named = subject
        .iter()
        .any(|word| names::is_name_word(word) && !is_stopword(word) && !is_role_word(word));
    if named && !matches!(lower.as_str(), "een" | "de" | "het") {
        return Some(SpeakerPhrase::Name(subject.join(" ")));
    }
    match lower.as_str() {
        "de" | "het" | "die" | "deze" => {
            let head = subject.get(1).copied().unwrap_or_default();
            if is_role_word(head) {
                Some(SpeakerPhrase::RoleNoun(head.to_lowercase()))
            } else {
                Some(SpeakerPhrase::Description(subject.join(" ")))
            }
        }
        "een" | "iemand" | "men" | "velen" => Some(SpeakerPhrase::Description(subject.join(" "))),
        _ if text::starts_uppercase(first) || first.chars().any(|ch| ch.is_ascii_digit()) => {
            // "zegt D66", "aldus het CBS": a party or an organisation speaks.
            Some(SpeakerPhrase::Description(subject.join(" ")))
        }
        _ => None,
    }
}

/// Reads the speech clause right after a quote: `after` starts after the closing mark.
///
/// "”, zegt D66-Kamerlid Van Meenen." gives `Name("D66-Kamerlid Van Meenen")`; "”, denkt hij"
/// gives `Pronoun(Male)`; "”, aldus een woordvoerder" a description.
pub fn clause_after(after: &str) -> Option<SpeakerPhrase> {
    let trimmed = after.trim_start_matches(|ch: char| {
        ch.is_whitespace() || matches!(ch, ',' | ';' | '–' | '—' | '-' | '”' | '’' | '"' | '\'')
    });
    let clause = first_clause(trimmed);
    let words = clause_words(clause);
    let mut cursor = 0;
    if words
        .first()
        .is_some_and(|word| word.eq_ignore_ascii_case("zo"))
    {
        cursor += 1;
    }
    let verb = words.get(cursor)?;
    if !is_speech_verb(verb) {
        return None;
    }
    subject_after_verb(&words[cursor + 1..])
}

/// Reads who a lead-in names ("Mark:", "Sander legt het helder uit:", "Hierover zegt Pauline:",
/// "vermoedt hij:"); `lead` is the sentence before the opening mark. Returns the readings to
/// try in order, each with whether it is a bare label: a label may follow a heading the text
/// glued to it ("Over de taal Mark:"), so the name run before the colon is read first.
pub fn lead_in_clause(lead: &str) -> Vec<(SpeakerPhrase, bool)> {
    let lead = lead.trim();
    let words = clause_words(lead);
    let mut readings = Vec::new();
    if words.is_empty() {
        return readings;
    }
    let name_like = |word: &&str| {
        names::is_name_word(word)
            || names::is_initial(word)
            || names::is_particle(word)
            || word.chars().all(|ch| ch.is_ascii_digit())
    };
    if lead.ends_with(':') {
        let run = words
            .iter()
            .rev()
            .take_while(|word| name_like(word))
            .count();
        let run_words = &words[words.len() - run..];
        let only_particles = run_words.iter().all(|word| names::is_particle(word));
        if run > 0 && run <= 5 && !only_particles {
            readings.push((SpeakerPhrase::Name(run_words.join(" ")), run == words.len()));
        }
    }
    if let Some(verb_at) = words.iter().position(|word| is_speech_verb(word)) {
        let after_verb = subject_after_verb(&words[verb_at + 1..]);
        match after_verb {
            Some(SpeakerPhrase::Description(_)) | None if verb_at > 0 => {
                let before = &words[..verb_at];
                let unnamed = before
                    .first()
                    .is_some_and(|word| matches!(word.to_lowercase().as_str(), "een" | "iemand"));
                match before.last().and_then(|word| subject_pronoun(word)) {
                    Some(gender) => readings.push((SpeakerPhrase::Pronoun(gender), false)),
                    None if unnamed => {
                        readings.push((SpeakerPhrase::Description(before.join(" ")), false));
                    }
                    None => readings.push((SpeakerPhrase::Name(before.join(" ")), false)),
                }
            }
            Some(subject) => readings.push((subject, false)),
            None => {}
        }
    } else if lead.ends_with(':') && !readings.iter().any(|(_, label)| *label) {
        // "Esther Klaster, adviseur bij Common Eye:": the name may open the lead-in.
        readings.push((SpeakerPhrase::Name(words.join(" ")), false));
    }
    readings
}

/// Reads the speaker of a sentence of narration before a quote: a speech verb with its subject
/// ("Minister Slob moet de regie nemen, zegt ze.") or a sentence that opens with a subject
/// pronoun ("Hij geeft de zesdejaars een herhalingscursus.").
pub fn reporting_clause(sentence: &str) -> Option<SpeakerPhrase> {
    let words = clause_words(sentence);
    for (index, word) in words.iter().enumerate().skip(1) {
        if is_speech_verb(word)
            && let Some(subject) = subject_after_verb(&words[index + 1..])
            && !matches!(subject, SpeakerPhrase::Description(_))
        {
            return Some(subject);
        }
    }
    let first = words.first()?;
    subject_pronoun(first).map(SpeakerPhrase::Pronoun)
}

/// Reads a credit line set under a pull quote: "— Sander, DevOps Engineer Team Haven" gives
/// ("Sander", Some("DevOps Engineer Team Haven")).
pub fn credit_line(paragraph: &str) -> Option<(String, Option<String>)> {
    let rest = paragraph
        .trim()
        .strip_prefix(['—', '–', '-', '―'])?
        .trim_start();
    if rest.is_empty() {
        return None;
    }
    // A credit line the text glued to the next heading or paragraph keeps its name; a role
    // is read only from a short line.
    let short = rest.split_whitespace().count() <= 12;
    let (name, role) = match rest.split_once(',') {
        Some((name, role)) => (
            name.trim(),
            short.then(|| role.trim().trim_end_matches('.')),
        ),
        None if short => (rest.trim_end_matches('.'), None),
        None => return None,
    };
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let shaped = !name_words.is_empty()
        && name_words.len() <= 5
        && name_words.iter().all(|word| {
            names::is_name_word(word) || names::is_particle(word) || names::is_initial(word)
        });
    shaped.then(|| {
        (
            name.to_string(),
            role.filter(|role| !role.is_empty()).map(str::to_string),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> SpeakerPhrase {
        SpeakerPhrase::Name(text.to_string())
    }

    #[test]
    fn speech_verb_after_the_quote() {
        assert_eq!(
            clause_after(", zegt wethouder Anna de Groot tegen de krant."),
            Some(name("wethouder Anna de Groot"))
        );
        assert_eq!(clause_after("”, aldus Bakker."), Some(name("Bakker")));
        assert_eq!(clause_after(", legt Joris uit."), Some(name("Joris")));
        assert_eq!(
            clause_after(", vervolgt ze. “Daarna"),
            Some(SpeakerPhrase::Pronoun(Gender::Female))
        );
        assert_eq!(
            clause_after(", denkt hij."),
            Some(SpeakerPhrase::Pronoun(Gender::Male))
        );
        assert_eq!(
            clause_after(", aldus de lector."),
            Some(SpeakerPhrase::RoleNoun("lector".to_string()))
        );
        assert_eq!(
            clause_after(", zegt een woordvoerder van de gemeente."),
            Some(SpeakerPhrase::Description(
                "een woordvoerder van de gemeente".to_string()
            ))
        );
        assert_eq!(clause_after(". Daarna gingen we naar huis."), None);
        assert_eq!(clause_after(" is de boodschap van het rapport."), None);
    }

    #[test]
    fn lead_ins_before_the_quote() {
        assert_eq!(lead_in_clause("Joris:"), [(name("Joris"), true)]);
        assert_eq!(
            lead_in_clause("Van der Berg:"),
            [(name("Van der Berg"), true)]
        );
        // A heading glued to a label: the name run before the colon is read first.
        assert_eq!(
            lead_in_clause("Werken met de taal Joris:"),
            [
                (name("Joris"), false),
                (name("Werken met de taal Joris"), false)
            ]
        );
        assert_eq!(
            lead_in_clause("Daarover zegt Mirjam:"),
            [(name("Mirjam"), false), (name("Mirjam"), false)]
        );
        assert_eq!(
            lead_in_clause("Kees legt het geduldig uit:"),
            [(name("Kees"), false)]
        );
        assert_eq!(
            lead_in_clause("Dat werkt niet, vermoedt ze:"),
            [(SpeakerPhrase::Pronoun(Gender::Female), false)]
        );
        assert!(lead_in_clause("Het gaat om de vraag").is_empty());
    }

    #[test]
    fn reporting_sentences_before_the_quote() {
        assert_eq!(
            reporting_clause("De wethouder moet nu ingrijpen, zegt ze."),
            Some(SpeakerPhrase::Pronoun(Gender::Female))
        );
        assert_eq!(
            reporting_clause("Hij geeft de derdejaars nog een les."),
            Some(SpeakerPhrase::Pronoun(Gender::Male))
        );
        assert_eq!(reporting_clause("De les begint om negen uur."), None);
        // A speech verb whose object is no speaker does not hide the opening pronoun.
        assert_eq!(
            reporting_clause("Ze geeft de klas een opdracht."),
            Some(SpeakerPhrase::Pronoun(Gender::Female))
        );
    }

    #[test]
    fn credit_lines_under_pull_quotes() {
        assert_eq!(
            credit_line("— Joris, Tester bij Team Brug"),
            Some((
                "Joris".to_string(),
                Some("Tester bij Team Brug".to_string())
            ))
        );
        assert_eq!(
            credit_line("– Anna de Groot"),
            Some(("Anna de Groot".to_string(), None))
        );
        assert_eq!(credit_line("— en toen ging het mis, want"), None);
        assert_eq!(
            credit_line(
                "— Joris, Tester bij Team Brug De volgende stap Het team werkt nu aan een tweede versie"
            ),
            Some(("Joris".to_string(), None))
        );
    }
}
