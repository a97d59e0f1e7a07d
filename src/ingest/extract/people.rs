//! People: full names in running text, in capitals, in name lines, in contributor lists and in
//! bibliographic notes; the roles and organisations stated with them.
//!
//! A capitalised pair of words is not yet a person ("Common Eye", "Sterk Techniekonderwijs"). A
//! name is accepted on evidence: a known given name or initials, an academic title, a role in
//! apposition ("Pieter Moerman, domeinleider ..."), a role or speech verb right before it
//! ("organisator Jorick Scheerens", "vertelt Scilla van Cuijlenborg"), a contributor list, or
//! the author slot of a reference ("Tomme, N. van der (2011)").

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::names;
use crate::text;
use crate::vocabulary::is_stopword;
use crate::vocabulary::{is_speech_verb, is_speech_verb_key};

/// A name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// Byte offset of the name (after any academic title).
    pub start: usize,
    /// Byte offset after the name.
    pub end: usize,
    /// The name in readable case ("Jorick Scheerens", "N. van der Tomme").
    pub name: String,
    /// Academic titles before the name ("Prof. dr.").
    pub honorific: Option<String>,
    /// Whether only the name's shape speaks for it (an unknown given name, a particle, a
    /// surname: "Sander van Thillo"); such a name needs its given name or surname used alone
    /// by a speaker elsewhere in the issue ([`used_as_speaker`]).
    pub shape_only: bool,
}

/// A role phrase stated with a name, with the organisations it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePhrase {
    /// The role as written ("adviseur bij Common Eye").
    pub text: String,
    /// Organisations named in it ("Common Eye").
    pub organisations: Vec<String>,
}

/// Words heading a role phrase ("projectleider", "lector", "lid").
/// [`ROLE_WORDS`] for look-ups (asked of nearly every word).
static ROLE_WORD_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| ROLE_WORDS.iter().copied().collect());

const ROLE_WORDS: &[&str] = &[
    "adviseur",
    "ambtenaar",
    "auteur",
    "begeleider",
    "beleidsadviseur",
    "beleidsmedewerker",
    "bestuurder",
    "bestuurslid",
    "bestuursvoorzitter",
    "burgemeester",
    "coach",
    "consultant",
    "coördinator",
    "coordinator",
    "conrector",
    "decaan",
    "directeur",
    "directeur-bestuurder",
    "directielid",
    "docent",
    "docente",
    "domeinleider",
    "econoom",
    "eigenaar",
    "expert",
    "gedeputeerde",
    "hoofd",
    "hoogleraar",
    "initiatiefnemer",
    "inspecteur",
    "journalist",
    "kamerlid",
    "kwartiermaker",
    "leerling",
    "leraar",
    "lerares",
    "lector",
    "lid",
    "manager",
    "medewerker",
    "mentor",
    "minister",
    "onderwijskundige",
    "onderzoeker",
    "onderzoekster",
    "ondernemer",
    "oprichter",
    "opleider",
    "organisator",
    "pedagoog",
    "practor",
    "praktijkopleider",
    "premier",
    "professor",
    "programmaleider",
    "programmamanager",
    "projectleider",
    "projectmanager",
    "promovendus",
    "psycholoog",
    "rector",
    "redacteur",
    "regisseur",
    "schrijver",
    "secretaris",
    "socioloog",
    "specialist",
    "staatssecretaris",
    "scholier",
    "senator",
    "student",
    "studente",
    "teamleider",
    "trainer",
    "voorzitter",
    "wethouder",
    "woordvoerder",
];

/// Endings of compound role words ("CvB-voorzitter", "opleidingsmanager", "D66-Kamerlid",
/// "biologiedocent", "onderwijsminister", "pestprofessor").
const ROLE_ENDINGS: &[&str] = &[
    "leider",
    "kamerlid",
    "minister",
    "professor",
    "rector",
    "engineer",
    "developer",
    "architect",
    "manager",
    "voorzitter",
    "adviseur",
    "directeur",
    "coördinator",
    "medewerker",
    "onderzoeker",
    "docent",
    "lector",
    "bestuurder",
    "secretaris",
    "specialist",
    "consultant",
    "regisseur",
    "opleider",
    "coach",
];

/// Returns whether `word` heads a role ("projectleider", "CvB-voorzitter").
pub fn is_role_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    is_party_member(word)
        || ROLE_WORD_SET.contains(lower.as_str())
        || ROLE_ENDINGS
            .iter()
            .any(|ending| lower.ends_with(ending) && lower.len() > ending.len() + 1)
}

/// Returns whether `word` names a member of a party or group by its initials ("VVD'er",
/// "CDA’er", "`PvdA'er`").
pub fn is_party_member(word: &str) -> bool {
    let Some(stem) = word
        .strip_suffix("'er")
        .or_else(|| word.strip_suffix("’er"))
    else {
        return false;
    };
    let (upper, _) = text::letter_case_counts(stem);
    stem.chars().count() >= 2 && upper >= 2 && stem.chars().all(char::is_alphanumeric)
}

/// Words that may precede a role word in a role phrase ("voormalig projectleider").
const ROLE_MODIFIERS: &[&str] = &[
    "voormalig",
    "voormalige",
    "oud",
    "senior",
    "junior",
    "interim",
    "waarnemend",
];

/// Words that open an affiliation ("verbonden aan", "werkzaam bij").
const AFFILIATION_WORDS: &[&str] = &["verbonden", "werkzaam", "werkt"];

/// Head nouns of organisation names, alone or ending a compound ("Raad", "Onderwijsraad",
/// "Kiesraad", "Regieorgaan", "Zorgacademie", "Hogeschool", "Kenniscentrum").
const ORGANISATION_HEADS: &[&str] = &[
    "raad",
    "hogeschool",
    "universiteit",
    "school",
    "college",
    "roc",
    "academie",
    "platform",
    "ministerie",
    "stichting",
    "instituut",
    "centrum",
    "bureau",
    "fonds",
    "vereniging",
    "inspectie",
    "gemeente",
    "provincie",
    "orgaan",
    "groep",
    "kamer",
    "bond",
    "partij",
    "bank",
    "omroep",
];

/// Returns whether a capitalised sequence names an organisation by one of its words: a word
/// that is, or ends in, an organisation head noun.
pub fn has_organisation_word(name: &str) -> bool {
    text::words(name).iter().any(|word| {
        let lower = word.text.to_lowercase();
        ORGANISATION_HEADS
            .iter()
            .any(|head| lower == *head || (lower.len() > head.len() + 2 && lower.ends_with(head)))
    })
}

/// A whitespace token with its byte range and its core (surrounding punctuation stripped).
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    raw: &'a str,
    core: &'a str,
    start: usize,
    core_start: usize,
    core_end: usize,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += raw.len();
        let raw_trimmed = raw.trim_end();
        if raw_trimmed.is_empty() {
            continue;
        }
        let leading = raw_trimmed.len()
            - raw_trimmed
                .trim_start_matches(|ch: char| !ch.is_alphanumeric())
                .len();
        let without_leading = &raw_trimmed[leading..];
        let core = without_leading.trim_end_matches(|ch: char| !ch.is_alphanumeric() && ch != '.');
        // Keep the dot of an initial ("N.") but not a sentence's full stop.
        let core = if core.ends_with('.') && !names::is_initial(core) && !names::is_honorific(core)
        {
            core.trim_end_matches('.')
        } else {
            core
        };
        tokens.push(Token {
            raw: raw_trimmed,
            core,
            start,
            core_start: start + leading,
            core_end: start + leading + core.len(),
        });
    }
    tokens
}

fn has_trailing_punctuation(token: &Token<'_>) -> bool {
    let after_core = &token.raw[token.core_end - token.start..];
    !after_core.is_empty()
}

fn is_surname(word: &str) -> bool {
    names::is_name_word(word)
        && !is_stopword(word)
        && !has_organisation_word(word)
        && !is_role_word(word)
}

/// Finds full names in mixed-case text.
pub fn find_full_names(text: &str) -> Vec<NameMatch> {
    full_names_in_tokens(&tokens(text))
}

/// The texts of an issue split into tokens once, for the questions asked of all of them: the
/// names in each ([`find_full_names`]) and whether a word is used alone as a speaker
/// ([`used_as_speaker`]).
pub struct TokenizedTexts<'a> {
    texts: Vec<Vec<Token<'a>>>,
}

impl<'a> TokenizedTexts<'a> {
    /// Splits each of `texts` into tokens.
    pub fn new(texts: &[&'a str]) -> Self {
        TokenizedTexts {
            texts: texts.iter().map(|text| tokens(text)).collect(),
        }
    }

    /// Returns the full names of the text at `index` (as [`find_full_names`] of that text).
    pub fn full_names(&self, index: usize) -> Vec<NameMatch> {
        self.texts
            .get(index)
            .map(|tokens| full_names_in_tokens(tokens))
            .unwrap_or_default()
    }

    /// Returns whether `word` is used alone as a speaker in any of the texts (as
    /// [`used_as_speaker`] of them).
    pub fn used_as_speaker(&self, word: &str, verb_after: bool) -> bool {
        self.texts
            .iter()
            .any(|tokens| used_as_speaker_in_tokens(word, tokens, verb_after))
    }
}

fn full_names_in_tokens(tokens: &[Token<'_>]) -> Vec<NameMatch> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        match name_at(tokens, index) {
            Some((name, next)) => {
                found.push(name);
                index = next;
            }
            None => index += 1,
        }
    }
    found
}

/// Tries to read a name starting at token `index`; returns it and the index after it.
///
/// A full name ("Fer Otten", "Sander van Thillo") is tried first; a surname alone ("Slob",
/// "Van der Hul", "Korhan") only where the text announces a person right before or after it.
fn name_at(tokens: &[Token<'_>], index: usize) -> Option<(NameMatch, usize)> {
    full_name_at(tokens, index).or_else(|| announced_single_name_at(tokens, index))
}

/// Returns whether `word` gives an age before a name ("18-jarige" in "de 18-jarige Laurens").
fn is_age_word(word: &str) -> bool {
    word.strip_suffix("-jarige")
        .or_else(|| word.strip_suffix("jarige"))
        .is_some_and(|number| !number.is_empty() && number.chars().all(|ch| ch.is_ascii_digit()))
}

/// Returns whether `raw` gives an age in brackets right after a name ("Korhan (13)").
fn is_bracketed_age(raw: &str) -> bool {
    let inner = raw.trim_end_matches([',', '.', ':', ';']);
    inner
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|number| {
            (1..=3).contains(&number.len()) && number.chars().all(|ch| ch.is_ascii_digit())
        })
}

/// How the token before a name announces a person: a role or an age ("conrector Fer Otten",
/// "D66-Kamerlid Van Meenen", "de 17-jarige Korhan") or a speech verb ("zegt Veenstra").
fn announcement_before(tokens: &[Token<'_>], index: usize) -> (bool, bool) {
    let Some(previous) = index.checked_sub(1).map(|previous| &tokens[previous]) else {
        return (false, false);
    };
    if has_trailing_punctuation(previous) {
        return (false, false);
    }
    let role_or_age = is_role_word(previous.core) || is_age_word(previous.core);
    let speech = is_speech_verb(previous.core);
    (role_or_age, speech)
}

/// Reads a surname alone where the text announces a person: a role or age before it
/// ("Minister Slob", "SP-Kamerlid Kwint", "PvdA-Kamerlid Van der Hul", "de 17-jarige Korhan"),
/// an age after it ("Korhan (13)"), or a speech verb before it that ends the clause
/// ("zegt Veenstra.").
fn announced_single_name_at(tokens: &[Token<'_>], index: usize) -> Option<(NameMatch, usize)> {
    let first = tokens.get(index)?;
    let capitalised_particle = names::is_particle(first.core) && text::starts_uppercase(first.core);
    let mut parts: Vec<&str> = vec![first.core];
    let mut cursor = index + 1;
    if capitalised_particle {
        // "Van der Hul": the particles of a surname written without a given name.
        while let Some(token) = tokens.get(cursor) {
            if has_trailing_punctuation(&tokens[cursor - 1]) {
                return None;
            }
            if names::is_particle(token.core) && text::starts_lowercase(token.core) {
                parts.push(token.core);
                cursor += 1;
                continue;
            }
            if !is_surname(token.core) {
                return None;
            }
            parts.push(token.core);
            cursor += 1;
            break;
        }
        if parts.len() < 2 {
            return None;
        }
    } else if !is_surname(first.core) || text::is_all_caps(first.core) {
        return None;
    }
    // Asked only of a word shaped as a surname: nearly every word is not one.
    let (role_or_age, speech) = announcement_before(tokens, index);
    let last = &tokens[cursor - 1];
    let age_after = !has_trailing_punctuation(last)
        && tokens
            .get(cursor)
            .is_some_and(|next| is_bracketed_age(next.raw));
    let ends_clause = has_trailing_punctuation(last) || tokens.get(cursor).is_none();
    let announced = role_or_age || age_after || (speech && ends_clause);
    if !announced || first.raw.starts_with(['‘', '“', '"', '\'', '„']) {
        return None;
    }
    // A role word alone before a capitalised word may head a project or a team
    // ("projectleider Techniekketen"): it counts when a speech verb comes before the role
    // ("zegt SP-Kamerlid Kwint"), or when the issue corroborates it ([`used_as_speaker`], or a
    // second announcement).
    let age = index
        .checked_sub(1)
        .is_some_and(|previous| is_age_word(tokens[previous].core));
    let speech_before_role = index.checked_sub(2).is_some_and(|verb| {
        is_speech_verb(tokens[verb].core) && !has_trailing_punctuation(&tokens[verb])
    });
    let strongly_announced = age || age_after || speech_before_role || (speech && ends_clause);
    let shape_only = role_or_age && !strongly_announced;
    Some((
        NameMatch {
            start: first.core_start,
            end: last.core_end,
            name: parts.join(" "),
            honorific: None,
            shape_only,
        },
        cursor,
    ))
}

/// Reads a full name (given name or initials, particles, surname) starting at token `index`.
fn full_name_at(tokens: &[Token<'_>], index: usize) -> Option<(NameMatch, usize)> {
    let mut cursor = index;
    let mut honorifics = Vec::new();
    while cursor < tokens.len()
        && tokens[cursor].raw.ends_with('.')
        && names::is_honorific(tokens[cursor].core)
    {
        honorifics.push(tokens[cursor].raw);
        cursor += 1;
    }
    let first = tokens.get(cursor)?;
    // The cheap shape first: most words are not capitalised.
    let given = names::is_name_word(first.core) && names::is_given_name(first.core);
    let initial = names::is_initial(first.core);
    let shaped =
        names::is_name_word(first.core) && !is_stopword(first.core) && !is_role_word(first.core);
    // Without a given name, an initial or the shape of a name there is no name here, whatever
    // comes before: skip asking the word before (nearly every word is no name).
    if !(given || initial || shaped) {
        return None;
    }
    let previous = index
        .checked_sub(1)
        .map(|previous| tokens[previous].core.to_lowercase());
    let (role_or_age, speech) = announcement_before(tokens, index);
    let announced = role_or_age
        || speech
        || previous
            .as_deref()
            .is_some_and(|word| is_role_word(word) || is_speech_verb_key(word));
    let anchored = given || initial || (!honorifics.is_empty() && shaped) || (announced && shaped);
    // "Volgens Marieke Dekker": when a known given name follows, the name starts there.
    let next_is_given = tokens
        .get(cursor + 1)
        .is_some_and(|next| names::is_given_name(next.core));
    if !given && !initial && next_is_given {
        return None;
    }
    if previous
        .as_deref()
        .is_some_and(|word| matches!(word, "de" | "het" | "een"))
        && !given
    {
        return None;
    }
    let name_start = first.core_start;
    let mut parts: Vec<&str> = vec![first.core];
    cursor += 1;
    if !has_trailing_punctuation(first) {
        // Middle names and initials.
        while let Some(token) = tokens.get(cursor) {
            let middle = (names::is_given_name(token.core) || names::is_initial(token.core))
                && tokens
                    .get(cursor + 1)
                    .is_some_and(|next| is_surname(next.core) || names::is_particle(next.core));
            if !middle || has_trailing_punctuation(&tokens[cursor - 1]) {
                break;
            }
            parts.push(token.core);
            cursor += 1;
            if has_trailing_punctuation(token) {
                break;
            }
        }
    }
    let mut particles = 0;
    while let Some(token) = tokens.get(cursor) {
        if has_trailing_punctuation(&tokens[cursor - 1]) {
            break;
        }
        let lowercase_particle =
            names::is_particle(token.core) && text::starts_lowercase(token.core);
        if !lowercase_particle {
            break;
        }
        parts.push(token.core);
        particles += 1;
        cursor += 1;
    }
    let surname = tokens.get(cursor)?;
    if has_trailing_punctuation(&tokens[cursor - 1])
        || !is_surname(surname.core)
        || surname.raw.ends_with('-')
    {
        return None;
    }
    let mut shape_only = false;
    // Without a known given name, the first word must not name an organisation or a role.
    let unknown_given = !given && !initial;
    if unknown_given && (has_organisation_word(first.core) || is_role_word(first.core)) {
        return None;
    }
    if !anchored {
        // An unknown given name needs more evidence: a role in apposition ("Quirijn Bolwerk,
        // lector ..."), a particle between given name and surname ("Sander van Thillo"), or an
        // age after it ("Laurens Woudenberg (18)").
        let next = tokens.get(cursor + 1);
        let role_follows = surname.raw.ends_with(',')
            && next.is_some_and(|next| {
                is_role_word(next.core)
                    || ROLE_MODIFIERS.contains(&next.core.to_lowercase().as_str())
            });
        let age_follows = !has_trailing_punctuation(surname)
            && next.is_some_and(|next| is_bracketed_age(next.raw));
        let particle_shaped = particles > 0 && parts.len() == 1 + particles;
        if !(role_follows || age_follows || particle_shaped) {
            return None;
        }
        shape_only = !(role_follows || age_follows);
    }
    if initial && parts.len() == 1 && particles == 0 && !names::is_name_word(surname.core) {
        return None;
    }
    parts.push(surname.core);
    let honorific = (!honorifics.is_empty()).then(|| honorifics.join(" "));
    Some((
        NameMatch {
            start: name_start,
            end: surname.core_end,
            name: parts.join(" "),
            honorific,
            shape_only,
        },
        cursor + 1,
    ))
}

/// Returns whether `word` (a given name or surname) is used alone as a speaker somewhere in
/// `texts`: next to a speech verb ("legt Sander uit", "Sander benadrukt", "aldus Sander") or as
/// a label opening a paragraph ("Sander: “…”").
///
/// With `verb_after` false a speech verb after the word does not count (a surname alone before
/// "stelt" is as often a thing as a person: "Rust stelt je in staat").
pub fn used_as_speaker(word: &str, texts: &[&str], verb_after: bool) -> bool {
    texts
        .iter()
        .any(|text| used_as_speaker_in_tokens(word, &tokens(text), verb_after))
}

fn used_as_speaker_in_tokens(word: &str, tokens: &[Token<'_>], verb_after: bool) -> bool {
    tokens.iter().enumerate().any(|(index, token)| {
        if token.core != word {
            return false;
        }
        let label = index == 0 && token.raw.ends_with(':');
        let verb_before = index.checked_sub(1).is_some_and(|previous| {
            is_speech_verb(tokens[previous].core) && !has_trailing_punctuation(&tokens[previous])
        });
        let verb_after = verb_after
            && !has_trailing_punctuation(token)
            && tokens
                .get(index + 1)
                .is_some_and(|next| is_speech_verb_key(next.core));
        label || verb_before || verb_after
    })
}

/// Finds names in text set in capitals, anchored by a known given name or a role word before
/// them ("ORGANISATOR JORICK SCHEERENS"); returns them in readable case.
pub fn find_caps_names(text: &str) -> Vec<NameMatch> {
    let tokens = tokens(text);
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        let previous_is_role = index > 0 && is_role_word(tokens[index - 1].core);
        let anchored =
            names::is_given_name(token.core) || (previous_is_role && !is_stopword(token.core));
        let opens_title = token.raw.starts_with(['‘', '“', '"', '\'']);
        if !anchored || opens_title || has_trailing_punctuation(token) || token.core.len() < 2 {
            index += 1;
            continue;
        }
        let mut cursor = index + 1;
        let mut parts = vec![title_case(token.core)];
        while let Some(candidate) = tokens.get(cursor) {
            if !names::is_particle(candidate.core) || has_trailing_punctuation(&tokens[cursor - 1])
            {
                break;
            }
            parts.push(candidate.core.to_lowercase());
            cursor += 1;
        }
        let Some(surname) = tokens.get(cursor) else {
            break;
        };
        let plausible = surname
            .core
            .chars()
            .all(|ch| ch.is_alphabetic() || ch == '-')
            && surname.core.chars().count() >= 2
            && !is_stopword(surname.core)
            && !has_organisation_word(surname.core)
            && !is_role_word(surname.core);
        if !plausible || has_trailing_punctuation(&tokens[cursor - 1]) {
            index += 1;
            continue;
        }
        parts.push(title_case(surname.core));
        found.push(NameMatch {
            start: token.core_start,
            end: surname.core_end,
            name: parts.join(" "),
            honorific: None,
            shape_only: false,
        });
        index = cursor + 1;
    }
    found
}

fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    lower
        .split('-')
        .map(text::capitalize_first)
        .collect::<Vec<_>>()
        .join("-")
}

/// Splits a name line ("Prof. dr. Rob Martens") into its academic titles and the name.
pub fn split_honorific(line: &str) -> (Option<String>, String) {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let count = tokens
        .iter()
        .take_while(|token| names::is_honorific(token))
        .count();
    let honorific = (count > 0).then(|| tokens[..count].join(" "));
    (honorific, tokens[count..].join(" "))
}

/// Returns the role printed right before a name, as written: a role word ("organisator",
/// "D66-Kamerlid", "VVD'er") or role words joined by "en" ("socioloog en pestprofessor").
pub fn role_before(text_before: &str) -> Option<String> {
    // Read from the end: only the last words before the name matter, and the text before a
    // name late in a long paragraph is long.
    let mut words_back = text_before.split_whitespace().rev();
    let core_of = |word: &str| -> String {
        word.trim_matches(|ch: char| !ch.is_alphanumeric() && !matches!(ch, '-' | '\'' | '’'))
            .to_string()
    };
    let ends_clause = |word: &str| word.ends_with([',', '.', ':', ';', '?', '!']);
    let last = words_back.next()?;
    if ends_clause(last) || !is_role_word(&core_of(last)) {
        return None;
    }
    let mut phrase_back = vec![last];
    // "coördinator en docent", "socioloog en pestprofessor".
    loop {
        let mut ahead = words_back.clone();
        let (Some(conjunction), Some(role)) = (ahead.next(), ahead.next()) else {
            break;
        };
        if conjunction != "en" || ends_clause(role) || !is_role_word(&core_of(role)) {
            break;
        }
        phrase_back.extend([conjunction, role]);
        words_back = ahead;
    }
    let phrase: Vec<String> = phrase_back.iter().rev().map(|word| core_of(word)).collect();
    let phrase = phrase.join(" ");
    let (upper, _) = text::letter_case_counts(&phrase);
    // A role capitalised only as a sentence start or set in capitals reads lowercase.
    Some(if upper == 1 || text::is_all_caps(&phrase) {
        phrase.to_lowercase()
    } else {
        phrase
    })
}

/// Verbs and function words that end a role phrase ("..., CvB-voorzitter van ROC van Twente
/// noemt een voorbeeld").
fn ends_role_phrase(word: &str) -> bool {
    let lower = word.to_lowercase();
    is_speech_verb_key(&lower)
        || matches!(
            lower.as_str(),
            "is" | "was"
                | "heeft"
                | "had"
                | "wordt"
                | "werd"
                | "die"
                | "dat"
                | "sinds"
                | "na"
                | "zegt"
                | "met"
                | "ook"
                | "al"
                | "nu"
                | "gaat"
                | "kan"
                | "moet"
                | "wil"
        )
        || lower.ends_with("eert")
}

/// Connectors allowed inside a role phrase after an organisation or title.
fn is_connector(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "van"
            | "voor"
            | "bij"
            | "aan"
            | "in"
            | "de"
            | "het"
            | "der"
            | "den"
            | "&"
            | "en"
            | "op"
            | "te"
    )
}

/// Parses the role phrases stated in apposition after a name: `after` starts right after the
/// name (", adviseur bij Common Eye: ...").
/// The text after a name with its age skipped: "Giel Kessels (32), docent" → ", docent".
pub fn after_age(after: &str) -> &str {
    let trimmed = after.trim_start();
    trimmed
        .strip_prefix('(')
        .and_then(|rest| {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            ((1..=3).contains(&digits))
                .then(|| rest[digits..].strip_prefix(')'))
                .flatten()
        })
        .unwrap_or(after)
}

pub fn parse_roles(after: &str) -> Vec<RolePhrase> {
    let trimmed = after.trim_start();
    let Some(rest) = trimmed.strip_prefix(',') else {
        return Vec::new();
    };
    let tokens = tokens(rest);
    let mut roles: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut after_name_or_title = false;
    let mut index = 0;
    let starts_role = |tokens: &[Token<'_>], at: usize| -> bool {
        let Some(token) = tokens.get(at) else {
            return false;
        };
        let lower = token.core.to_lowercase();
        // A modifier before the role word: a known one ("voormalig lector") or any lowercase
        // word that is no function word ("leading lector", "bijzonder hoogleraar").
        let modifier = ROLE_MODIFIERS.contains(&lower.as_str())
            || text::starts_lowercase(token.core) && !crate::vocabulary::is_stopword(token.core);
        is_role_word(token.core)
            || AFFILIATION_WORDS.contains(&lower.as_str())
            || (modifier
                && tokens
                    .get(at + 1)
                    .is_some_and(|next| is_role_word(next.core)))
    };
    if !starts_role(&tokens, 0) {
        return Vec::new();
    }
    while index < tokens.len() && index < 24 {
        let token = &tokens[index];
        if token.raw.starts_with(['“', '"', '„']) {
            break;
        }
        let lowercase = text::starts_lowercase(token.core);
        if token.core.to_lowercase() == "en" && starts_role(&tokens, index + 1) {
            if !current.is_empty() {
                roles.push(std::mem::take(&mut current));
            }
            after_name_or_title = false;
            index += 1;
            continue;
        }
        if token.raw.starts_with('‘') {
            // A quoted title is one unit: "lector ‘Duurzame innovatie in de regio’ bij ..."
            let closing = tokens[index..].iter().take(16).position(|candidate| {
                candidate
                    .raw
                    .trim_end_matches([',', ':', ';', '.'])
                    .ends_with('’')
            });
            if let Some(length) = closing {
                current.extend(
                    tokens[index..=index + length]
                        .iter()
                        .map(|candidate| candidate.raw),
                );
                after_name_or_title = true;
                let last = tokens[index + length].raw;
                index += length + 1;
                if last.ends_with([',', ':', ';', '.']) {
                    break;
                }
                continue;
            }
        }
        if !current.is_empty() && lowercase && ends_role_phrase(token.core) {
            break;
        }
        if after_name_or_title && lowercase && !is_connector(token.core) {
            break;
        }
        current.push(token.raw);
        if !current.is_empty() && current.len() > 1 && text::starts_uppercase(token.core) {
            after_name_or_title = true;
        }
        if token.raw.ends_with(['’', '”', ')']) {
            after_name_or_title = true;
        }
        let ends_clause =
            token.raw.ends_with([',', ':', ';', '.']) && !names::is_initial(token.core);
        if ends_clause {
            break;
        }
        index += 1;
    }
    if !current.is_empty() {
        roles.push(current);
    }
    roles
        .into_iter()
        .map(|words| {
            let text = words
                .join(" ")
                .trim_end_matches([',', ':', ';', '.'])
                .to_string();
            let organisations = organisations_in_role(&text);
            RolePhrase {
                text: normalize_role_case(&text),
                organisations,
            }
        })
        .filter(|role| !role.text.is_empty())
        .collect()
}

/// Returns the role a caption states after a name and a colon ("Mark Janssen: Lead Developer
/// (links) en ..."): a few words up to a bracket, an "en" or the end, in a short text without
/// quote marks (so that a Q&A label "Mark: “…”" is not read as one).
pub fn caption_role(text: &str, after: &str) -> Option<String> {
    let rest = after.strip_prefix(':')?.trim_start();
    let quoted = text.contains(['“', '”', '"', '‘', '„']);
    if quoted || text.split_whitespace().count() > 30 {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    for word in rest.split_whitespace() {
        if word.starts_with('(') || word == "en" || word == "|" {
            break;
        }
        words.push(word);
        if word.ends_with([',', '.', ';']) || words.len() > 6 {
            break;
        }
    }
    let role = words.join(" ");
    let role = role.trim_end_matches([',', '.', ';']);
    (!words.is_empty() && words.len() <= 6 && text::starts_uppercase(role))
        .then(|| role.to_string())
}

/// The characters that end a stated role ("Ze werkt als docent, …"): the role is the run of
/// other characters after the statement's head.
const ROLE_END: &[char] = &[',', '.', ';', ':', '(', ')', '“', '”', '"', '‘', '’'];

/// The head of a role statement up to the role's first character (`[^…]`, the characters of
/// [`ROLE_END`] excluded): with `head` a pattern ending before the role, the statement
/// `\b(?:head)` + `(?P<role>[^…]+)` (greedy) matches where this does at a word boundary, with
/// the same groups, and its role runs on to the next character of [`ROLE_END`].
/// [`role_statements`] checks the boundary and extends the role by hand: capture groups over a
/// whole role of legal prose, and a Unicode `\b` (which keeps the regex off its fast automaton
/// on any text that is not ASCII), were a tenth of the ingest.
fn role_head_regex(head: &str) -> Regex {
    let excluded: String = ROLE_END
        .iter()
        .map(|ch| regex::escape(&ch.to_string()))
        .collect();
    Regex::new(&format!("{head}(?P<role>[^{excluded}])")).expect("role statement regex is valid")
}

/// "Ze werkt als …", "werkte Pieter als …"; each alternative opens at a word boundary (`\b`),
/// which [`role_statements`] checks by hand.
const WORKS_AS_HEAD: &str = r#"(?:(?P<subject>hij|ze|zij|[\p{Lu}][\p{L}’'-]+)\s+(?:werkt|werkte)|(?:[Ww]erkt|[Ww]erkte)\s+(?P<inverted>hij|ze|zij|[\p{Lu}][\p{L}’'-]+))\s+(?:nu\s+|inmiddels\s+|al\s+jaren\s+)?als\s+"#;

static WORKS_AS: LazyLock<Regex> = LazyLock::new(|| role_head_regex(WORKS_AS_HEAD));

/// The statements a role regex ([`role_head_regex`]) finds: the subject as written (`subject`
/// or `inverted`), the byte offset of the statement, and the role's words up to the next clause
/// ("waar", "en", "om"). As the whole statement's regex would, each search starts where the
/// previous statement's role ended.
fn role_statements<'t>(regex: &Regex, text: &'t str) -> Vec<(&'t str, usize, Vec<&'t str>)> {
    let mut found = Vec::new();
    let mut search_from = 0;
    while search_from < text.len() {
        let Some(captures) = regex.captures_at(text, search_from) else {
            break;
        };
        let Some(whole) = captures.get(0) else {
            break;
        };
        // Every alternative opens with a letter: a word boundary there is a start of text or a
        // character before it that is no word character (`\w`, as the regex means it).
        let at_word_start = text[..whole.start()]
            .chars()
            .next_back()
            .is_none_or(|before| !is_word_character(before));
        if !at_word_start {
            let first_length = text[whole.start()..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            search_from = whole.start() + first_length;
            continue;
        }
        let subject = captures
            .name("subject")
            .or_else(|| captures.name("inverted"));
        let (Some(subject), Some(role_head)) = (subject, captures.name("role")) else {
            break;
        };
        let role_start = role_head.start();
        let role_end = text[role_start..]
            .find(ROLE_END)
            .map_or(text.len(), |offset| role_start + offset);
        debug_assert!(role_end >= role_head.end());
        search_from = role_end;
        let role = &text[role_start..role_end];
        let words: Vec<&str> = role
            .split_whitespace()
            .take_while(|word| {
                !matches!(
                    *word,
                    "waar" | "en" | "om" | "sinds" | "die" | "dat" | "omdat" | "maar"
                )
            })
            .collect();
        if !words.is_empty() && words.len() <= 10 {
            found.push((subject.as_str(), whole.start(), words));
        }
    }
    found
}

/// Returns whether `ch` is a word character as a regex's Unicode `\w` means it.
fn is_word_character(ch: char) -> bool {
    static WORD_CHARACTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\w$").expect("word character regex is valid"));
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric() || ch == '_';
    }
    let mut buffer = [0u8; 4];
    WORD_CHARACTER.is_match(ch.encode_utf8(&mut buffer))
}

/// A role stated as work ("Nu werkt ze als technisch product owner bij de gemeente Utrecht,
/// waar …"): the subject as written (a pronoun or a name word), the byte offset of the
/// statement, and the role. The role ends at a clause ("waar", "en", "om") and must hold a
/// role word or an organisation ("bij …").
pub fn works_as_roles(text: &str) -> Vec<(String, usize, String)> {
    role_statements(&WORKS_AS, text)
        .into_iter()
        .filter_map(|(subject, start, words)| {
            let role = words.join(" ");
            let stated = words.iter().any(|word| is_role_word(word)) || role.contains(" bij ");
            stated.then(|| (subject.to_string(), start, role))
        })
        .collect()
}

/// "Smit is …", "is ze nu …"; each alternative opens at a word boundary (`\b`), which
/// [`role_statements`] checks by hand.
const IS_A_ROLE_HEAD: &str = r#"(?:(?P<subject>hij|ze|zij|[\p{Lu}][\p{L}’'-]+)\s+(?:is|was)|(?:is|was)\s+(?P<inverted>hij|ze|zij))\s+(?:nu\s+|inmiddels\s+|sinds\s+\d{4}\s+)?(?:de\s+|een\s+)?"#;

static IS_A_ROLE: LazyLock<Regex> = LazyLock::new(|| role_head_regex(IS_A_ROLE_HEAD));

/// A role stated with "is" ("Karel Smit is vicevoorzitter van de bond", "Ze is nu docent
/// bij X"): as [`works_as_roles`], but the role must open with a role word (after at most one
/// modifier such as "voormalig"), since "is" also links a subject to anything else.
pub fn is_a_roles(text: &str) -> Vec<(String, usize, String)> {
    role_statements(&IS_A_ROLE, text)
        .into_iter()
        .filter_map(|(subject, start, words)| {
            let pronoun = matches!(subject, "hij" | "ze" | "zij");
            let named = text::starts_uppercase(subject) && !crate::vocabulary::is_stopword(subject);
            let opening = words
                .iter()
                .position(|word| !ROLE_MODIFIERS.contains(&word.to_lowercase().as_str()));
            let opens_with_role = opening.is_some_and(|at| at <= 1 && is_role_word(words[at]));
            ((pronoun || named) && opens_with_role)
                .then(|| (subject.to_string(), start, words.join(" ")))
        })
        .collect()
}

/// Lowercases the first letter of a role printed capitalised at the start of a caption line
/// ("Projectleider ..." → "projectleider ..."), keeping abbreviations ("CvB-voorzitter").
pub fn normalize_role_case(role: &str) -> String {
    let mut chars = role.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            let first_word = role.split_whitespace().next().unwrap_or("");
            let (upper, _) = text::letter_case_counts(first_word);
            if upper == 1 && is_role_word(first_word)
                || ROLE_MODIFIERS.contains(&first_word.to_lowercase().as_str())
            {
                first.to_lowercase().chain(role.chars().skip(1)).collect()
            } else {
                role.to_string()
            }
        }
        _ => role.to_string(),
    }
}

static ORGANISATION_AFTER_PREPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:bij|van|aan|voor)\s+(?:(?:het|de|den)\s+)?(?P<org>[\p{Lu}][\p{L}\p{N}&’'-]*(?:\s+(?:(?:van|voor|de|der|het|op|en|&)\s+)*[\p{Lu}&][\p{L}\p{N}&’'-]*)*(?:\s+\([\p{L}]+\))?)",
    )
    .expect("organisation regex is valid")
});

static ORGANISATION_LIST_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+en\s+(?:(?:de|het)\s+)?").expect("split regex is valid"));

/// Returns the organisations named after a preposition in a role ("bij Common Eye",
/// "van ROC van Twente", "bij het Alfa-college en de Stenden Hogeschool").
pub fn organisations_in_role(role: &str) -> Vec<String> {
    let mut organisations = Vec::new();
    for captures in ORGANISATION_AFTER_PREPOSITION.captures_iter(role) {
        let Some(found) = captures.name("org") else {
            continue;
        };
        for part in ORGANISATION_LIST_SPLIT.split(found.as_str()) {
            let name = part.trim().trim_end_matches([',', '.', ':', ';']);
            let quoted = name.contains(['‘', '’', '“', '”']);
            if !name.is_empty() && !quoted && text::starts_uppercase(name) {
                organisations.push(name.to_string());
            }
        }
    }
    organisations
}

static AFFILIATION_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s+(?:van|bij)\s+(?:de|het)\s+(?P<org>[\p{Lu}][\p{L}\p{N}&’'-]*(?:\s+(?:(?:van|voor|de|der)\s+)*[\p{Lu}][\p{L}\p{N}&’'-]*)*)",
    )
    .expect("affiliation regex is valid")
});

/// Returns the organisation named right after a name without a role ("Scilla van Cuijlenborg
/// van de MBO Raad").
pub fn affiliation_after_name(after: &str) -> Option<String> {
    AFFILIATION_AFTER_NAME
        .captures(after)
        .and_then(|captures| captures.name("org"))
        .map(|org| org.as_str().to_string())
}

static CONTRIBUTOR_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:werkten\s+(?:\w+\s+)?mee|medewerkers aan dit nummer|met bijdragen van)\s*:?\s*(?P<list>[^.]+)")
        .expect("contributor regex is valid")
});

/// Returns the names in a colophon's contributor list ("Aan deze Dimensies werkten mee: A, B en C.").
pub fn contributor_names(colophon: &str) -> Vec<String> {
    let Some(list) = CONTRIBUTOR_LIST
        .captures(colophon)
        .and_then(|captures| captures.name("list"))
    else {
        return Vec::new();
    };
    let normalized = list.as_str().replace(" en ", ", ").replace(" & ", ", ");
    normalized
        .split(',')
        .map(text::squash_whitespace)
        .filter(|candidate| is_listed_name(candidate))
        .collect()
}

/// Returns whether an item of a name list has a name's shape: capitalised words with
/// particles, two to five words, no digits.
fn is_listed_name(candidate: &str) -> bool {
    let words: Vec<&str> = candidate.split_whitespace().collect();
    if words.len() < 2 || words.len() > 5 || candidate.contains(|ch: char| ch.is_ascii_digit()) {
        return false;
    }
    let last = words[words.len() - 1];
    words.iter().all(|word| {
        names::is_name_word(word) || names::is_initial(word) || names::is_particle(word)
    }) && names::is_name_word(last)
        && !has_organisation_word(candidate)
}

static REFERENCE_AUTHORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Zie\s+(?:ook\s+)?)?(?P<authors>(?:[\p{Lu}][\p{L}’'-]+(?:\s+[\p{Lu}][\p{L}’'-]+)?,\s+(?:[\p{Lu}]\.\s*)+(?:(?:van|der|de|den|ter|ten|in\s+['’]t)\s+)*(?:e\.a\.\s*)?(?:&\s*|,\s*|en\s+)?)+)\(\d{4}",
    )
    .expect("reference regex is valid")
});

static REFERENCE_AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<surname>[\p{Lu}][\p{L}’'-]+(?:\s+[\p{Lu}][\p{L}’'-]+)?),\s+(?P<initials>(?:[\p{Lu}]\.\s*)+)(?P<particles>(?:(?:van|der|de|den|ter|ten|in\s+['’]t)\s+)*)",
    )
    .expect("reference author regex is valid")
});

/// Returns the authors of a bibliographic reference ("Kaats, E. & Opheij, W. (2012). ...") as
/// names ("E. Kaats", "W. Opheij"); "Tomme, N. van der" becomes "N. van der Tomme".
pub fn reference_authors(note: &str) -> Vec<String> {
    let Some(authors) = REFERENCE_AUTHORS
        .captures(note.trim())
        .and_then(|captures| captures.name("authors"))
    else {
        return Vec::new();
    };
    REFERENCE_AUTHOR
        .captures_iter(authors.as_str())
        .map(|captures| {
            let initials = captures["initials"]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let particles = captures["particles"].trim();
            let surname = &captures["surname"];
            if particles.is_empty() {
                format!("{initials} {surname}")
            } else {
                format!("{initials} {particles} {surname}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(text: &str) -> Vec<String> {
        find_full_names(text)
            .into_iter()
            .map(|found| found.name)
            .collect()
    }

    #[test]
    fn full_names_with_particles() {
        assert_eq!(
            names_in("Aan het slot vertelt Scilla van Cuijlenborg van de MBO Raad over het plan."),
            ["Scilla van Cuijlenborg"]
        );
        assert_eq!(
            names_in("John van der Vegt, CvB-voorzitter van ROC van Twente noemt een voorbeeld"),
            ["John van der Vegt"]
        );
        assert_eq!(
            names_in("Ook Common Eye, een bureau, en Sterk Techniekonderwijs."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn unknown_given_name_is_found_through_its_role() {
        assert_eq!(
            names_in("Zo stelt Quirijn Bolwerk, lector techniek bij Hogeschool Utrecht, dat"),
            ["Quirijn Bolwerk"]
        );
        assert_eq!(
            names_in("Zo stelt Quirijn Bolwerk dat"),
            ["Quirijn Bolwerk"]
        );
        assert!(names_in("Het Quirijn Bolwerk is dicht").is_empty());
    }

    #[test]
    fn sentence_start_words_are_not_surnames() {
        assert!(names_in("Ben je er klaar voor? Wil Je dat?").is_empty());
    }

    #[test]
    fn academic_titles_are_split_off() {
        let found = find_full_names("Volgens Prof. dr. Rob Martens is dat zo.");
        assert_eq!(found[0].name, "Rob Martens");
        assert_eq!(found[0].honorific.as_deref(), Some("Prof. dr."));
        assert_eq!(
            split_honorific("Prof. dr. Rob Martens"),
            (Some("Prof. dr.".to_string()), "Rob Martens".to_string())
        );
    }

    #[test]
    fn names_in_capitals() {
        let found = find_caps_names(
            "ZO BRACHT ORGANISATOR JORICK SCHEERENS IN HERINNERING. TEKENEND VOOR JAN JANSEN, PROJECTLEIDER",
        );
        let names: Vec<&str> = found.iter().map(|found| found.name.as_str()).collect();
        assert_eq!(names, ["Jorick Scheerens", "Jan Jansen"]);
        assert_eq!(
            role_before("ZO BRACHT ORGANISATOR"),
            Some("organisator".to_string())
        );
    }

    #[test]
    fn roles_right_before_a_name_joined_by_en() {
        assert_eq!(
            role_before("Vorige week sprak coördinator en docent"),
            Some("coördinator en docent".to_string())
        );
        assert_eq!(
            role_before("Zo zei de socioloog en pestprofessor en lector"),
            Some("socioloog en pestprofessor en lector".to_string())
        );
        assert_eq!(
            role_before("Dat vond de lector, en docent"),
            Some("docent".to_string()),
            "a clause ends before en"
        );
        assert_eq!(role_before("Dat vond de docent en"), None);
        assert_eq!(role_before("Docent"), Some("docent".to_string()));
        assert_eq!(role_before("  "), None);
    }

    #[test]
    fn a_role_after_an_age_and_after_a_modifier() {
        let roles = parse_roles(after_age(" (32), docent autotechniek"));
        assert_eq!(roles[0].text, "docent autotechniek");
        let roles = parse_roles(", leading lector Watertechniek bij Hogeschool Zeeland. Hij");
        assert_eq!(
            roles[0].text,
            "leading lector Watertechniek bij Hogeschool Zeeland"
        );
        assert_eq!(after_age(" (nu), docent"), " (nu), docent");
        assert!(parse_roles(", maar lector is hij niet").is_empty());
    }

    #[test]
    fn roles_in_apposition() {
        let roles = parse_roles(", adviseur bij Common Eye: “Leren met en van elkaar");
        assert_eq!(roles.len(), 1);
        assert_eq!(roles[0].text, "adviseur bij Common Eye");
        assert_eq!(roles[0].organisations, ["Common Eye"]);

        let roles = parse_roles(
            ", hoogleraar organisatieverandering en verbonden aan de Nederlandse School voor Openbaar Bestuur (NSOB), na een",
        );
        let texts: Vec<&str> = roles.iter().map(|role| role.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "hoogleraar organisatieverandering",
                "verbonden aan de Nederlandse School voor Openbaar Bestuur (NSOB)"
            ]
        );
        assert_eq!(
            roles[1].organisations,
            ["Nederlandse School voor Openbaar Bestuur (NSOB)"]
        );

        let roles = parse_roles(", CvB-voorzitter van ROC van Twente noemt een voorbeeld");
        assert_eq!(roles[0].text, "CvB-voorzitter van ROC van Twente");
        assert_eq!(roles[0].organisations, ["ROC van Twente"]);

        let roles =
            parse_roles(", projectleider ‘Toptechniek in bedrijf Noordoost-Brabant’ geeft dit");
        assert_eq!(
            roles[0].text,
            "projectleider ‘Toptechniek in bedrijf Noordoost-Brabant’"
        );
        assert!(roles[0].organisations.is_empty());

        let roles = parse_roles(
            ", adviseur bij Breuer& Intraval Onderzoek & Advies en voormalig projectleider van samenwerking vmbo-mbo beaamt de gedachte",
        );
        let texts: Vec<&str> = roles.iter().map(|role| role.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "adviseur bij Breuer& Intraval Onderzoek & Advies",
                "voormalig projectleider van samenwerking vmbo-mbo"
            ]
        );

        let roles = parse_roles(
            ", lector ‘Duurzame innovatie in de regionale kenniseconomie’ bij het Alfa-college en de Stenden Hogeschool, sinds jaar",
        );
        assert_eq!(
            roles[0].organisations,
            ["Alfa-college", "Stenden Hogeschool"]
        );
        assert!(parse_roles(", een bureau dat").is_empty());
    }

    #[test]
    fn roles_stated_as_work() {
        assert_eq!(
            works_as_roles(
                "Sinds maart werkt ze als adviseur bij de gemeente Zwolle, waar ze veel reist."
            ),
            [(
                "ze".to_string(),
                12,
                "adviseur bij de gemeente Zwolle".to_string()
            )]
        );
        assert_eq!(
            works_as_roles("Karel werkt als docent natuurkunde en hij coacht een team."),
            [("Karel".to_string(), 0, "docent natuurkunde".to_string())]
        );
        assert!(works_as_roles("Het werkt als een trein.").is_empty());
    }

    #[test]
    fn roles_stated_with_is() {
        assert_eq!(
            is_a_roles("Karel Smit is vicevoorzitter van de Lerarenbond (LB), en hij schrijft."),
            vec![(
                "Smit".to_string(),
                6,
                "vicevoorzitter van de Lerarenbond".to_string()
            )]
        );
        assert_eq!(
            is_a_roles("Sinds maart is ze docent bij het Noordercollege.")[0].2,
            "docent bij het Noordercollege"
        );
        assert!(is_a_roles("Het plan is een succes.").is_empty());
        assert!(is_a_roles("Karel is blij met de docent.").is_empty());
    }

    /// The regexes of whole role statements as they were before [`role_statements`] searched
    /// by the head: the reference it must agree with.
    const WHOLE_IS_A_ROLE: &str = r#"(?:\b(?P<subject>hij|ze|zij|[\p{Lu}][\p{L}’'-]+)\s+(?:is|was)|\b(?:is|was)\s+(?P<inverted>hij|ze|zij))\s+(?:nu\s+|inmiddels\s+|sinds\s+\d{4}\s+)?(?:de\s+|een\s+)?(?P<role>[^,.;:()“”"‘’]+)"#;
    const WHOLE_WORKS_AS: &str = r#"(?:\b(?P<subject>hij|ze|zij|[\p{Lu}][\p{L}’'-]+)\s+(?:werkt|werkte)|\b(?:[Ww]erkt|[Ww]erkte)\s+(?P<inverted>hij|ze|zij|[\p{Lu}][\p{L}’'-]+))\s+(?:nu\s+|inmiddels\s+|al\s+jaren\s+)?als\s+(?P<role>[^,.;:()“”"‘’]+)"#;

    /// The statements the whole statement's regex finds, as [`role_statements`] reports them.
    fn statements_of_whole_regex(pattern: &str, text: &str) -> Vec<(String, usize, Vec<String>)> {
        let whole = Regex::new(pattern).unwrap();
        whole
            .captures_iter(text)
            .filter_map(|captures| {
                let subject = captures
                    .name("subject")
                    .or_else(|| captures.name("inverted"))?;
                let words: Vec<String> = captures["role"]
                    .split_whitespace()
                    .take_while(|word| {
                        !matches!(
                            *word,
                            "waar" | "en" | "om" | "sinds" | "die" | "dat" | "omdat" | "maar"
                        )
                    })
                    .map(str::to_string)
                    .collect();
                (!words.is_empty() && words.len() <= 10).then(|| {
                    (
                        subject.as_str().to_string(),
                        captures.get(0).unwrap().start(),
                        words,
                    )
                })
            })
            .collect()
    }

    #[test]
    fn role_statements_find_what_the_whole_regex_finds() {
        let texts = [
            "Karel Smit is vicevoorzitter van de bond. Het is een zaak die Jansen is gaan regelen.",
            "Hij is  . Jansen is lector, en ze is nu docent; zij was sinds 2019 een coach",
            "Het plan is een succes en Karel is docent bij Roc Noord (Assen) terwijl D’Hondt is lector",
            "Nu werkt ze als adviseur bij de gemeente, werkte Pieter als docent en Anna werkt al jaren als coach",
            "Werkt hij als  ‘trainer’ of werkte zij inmiddels als leraar Engels die veel reist?",
            "Was hij de voorzitter? is ze   ",
            "Ze is: docent. Het is “lector” geweest. Jansen is",
            // Word boundaries: not inside a word ("Pakhuis is", "Ahij is"), also after letters
            // outside ASCII ("éHij is", "Ωze is"), but after a dash or a quote.
            "Het Pakhuis is een museum. Ahij is daar. éHij is docent, Ωze is lector",
            "Zo—Jansen is lector; ‘Hij werkt als coach’ en ‘zij is docent’ 3ze is x_Ze is y",
            "Hij werkte  als docent. Zijn zus werkt als lerares. Overwerkt Jansen als docent",
        ];
        for text in texts {
            for (regex, whole) in [(&*IS_A_ROLE, WHOLE_IS_A_ROLE), (&*WORKS_AS, WHOLE_WORKS_AS)] {
                let found: Vec<(String, usize, Vec<String>)> = role_statements(regex, text)
                    .into_iter()
                    .map(|(subject, start, words)| {
                        let words = words.into_iter().map(str::to_string).collect();
                        (subject.to_string(), start, words)
                    })
                    .collect();
                assert_eq!(found, statements_of_whole_regex(whole, text), "{text}");
            }
        }
        assert_eq!(role_statements(&IS_A_ROLE, texts[1]).len(), 3);
        // A role runs on to the next punctuation: "werkte Pieter als docent en Anna werkt …"
        // is one statement, and Anna's is inside it.
        assert_eq!(role_statements(&WORKS_AS, texts[3]).len(), 2);
    }

    #[test]
    fn affiliation_without_role() {
        assert_eq!(
            affiliation_after_name(" van de MBO Raad over het gezamenlijke plan"),
            Some("MBO Raad".to_string())
        );
    }

    #[test]
    fn contributors_from_the_colophon() {
        let colophon = "Aan deze Dimensies werkten mee: Joost Franssen, Han van Helmond, Jan Jansen, \
                        John van der Vegt en Eva Voncken. Reageren?";
        assert_eq!(
            contributor_names(colophon),
            [
                "Joost Franssen",
                "Han van Helmond",
                "Jan Jansen",
                "John van der Vegt",
                "Eva Voncken"
            ]
        );
    }

    #[test]
    fn authors_of_references() {
        assert_eq!(
            reference_authors("Tomme, N. van der (2011). Samenwerking in ketens"),
            ["N. van der Tomme"]
        );
        assert_eq!(
            reference_authors("Hooge, E. e.a. (2017). Krachtige koppels."),
            ["E. Hooge"]
        );
        assert_eq!(
            reference_authors("Kaats, E. & Opheij, W. (2012). Leren samenwerken."),
            ["E. Kaats", "W. Opheij"]
        );
        assert!(reference_authors("Zie ook Dimensies 32, maart 2018.").is_empty());
    }
}
