//! Person-name vocabulary shared by the segmenter (bylines, captions) and the people extractor:
//! Dutch surname particles, academic titles, and a lexicon of given names.
//!
//! Names are recognised from their shape (`Given [particles] Surname`, initials), anchored by
//! evidence a careful reader also uses: a known given name, an academic title, an apposition with a
//! role ("Esther Klaster, adviseur bij ..."), or a listing among contributors. No single signal is
//! trusted for organisations, which share the capitalised shape ("Common Eye", "ROC van Twente").

use std::sync::LazyLock;

use crate::vocabulary::{WordSet, word_set};

/// Returns whether `word` (any case) is a surname particle.
pub fn is_particle(word: &str) -> bool {
    static PARTICLE_SET: LazyLock<WordSet> =
        LazyLock::new(|| word_set(crate::vocabulary::PARTICLES));
    is_in_lowercase(word, &PARTICLE_SET)
}

/// Returns whether `word` ("Prof.", "dr.", "drs") is an academic or professional title.
pub fn is_honorific(word: &str) -> bool {
    static HONORIFIC_SET: LazyLock<WordSet> =
        LazyLock::new(|| word_set(crate::vocabulary::HONORIFICS));
    is_in_lowercase(word.trim_end_matches('.'), &HONORIFIC_SET)
}

/// Returns whether `word` in lowercase is one of the short `words`. An ASCII word is lowercased
/// on the stack, and one longer than every listed word is none of them: these are asked of
/// nearly every word of an issue.
fn is_in_lowercase(word: &str, words: &WordSet) -> bool {
    const SHORT: usize = 8;
    if word.is_ascii() {
        if word.len() > SHORT {
            // Lowercasing ASCII keeps the length: longer than every listed word.
            debug_assert!(words.iter().all(|listed| listed.len() <= SHORT));
            return false;
        }
        let mut buffer = [0u8; SHORT];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|lower| words.contains(lower));
    }
    let lower = word.to_lowercase();
    words.contains(lower.as_str())
}

/// Returns whether `word` is an initial such as "N." or "J.H.".
pub fn is_initial(word: &str) -> bool {
    let mut saw_letter = false;
    let mut expect_dot = false;
    for ch in word.chars() {
        if expect_dot {
            if ch != '.' {
                return false;
            }
            expect_dot = false;
        } else if ch.is_uppercase() {
            saw_letter = true;
            expect_dot = true;
        } else {
            return false;
        }
    }
    saw_letter && !expect_dot
}

/// Returns whether `word` has the shape of a name part: capitalised, then lowercase letters,
/// with inner hyphens or apostrophes ("Klaster", "Cuijlenborg", "Noord-Holland", "D’Hondt").
pub fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let mut rest_length = 0;
    let mut lowercase_letters = 0;
    for ch in chars {
        if !(ch.is_alphabetic() || matches!(ch, '-' | '\'' | '’')) {
            return false;
        }
        rest_length += 1;
        lowercase_letters += usize::from(ch.is_lowercase());
    }
    rest_length > 0 && lowercase_letters * 2 >= rest_length
}

/// Returns whether `word` is a known given name (case-insensitive, accents folded).
pub fn is_given_name(word: &str) -> bool {
    // A short ASCII word folds to its lowercase: make it on the stack (ingest asks this of
    // nearly every capitalised word).
    const SHORT: usize = 32;
    if word.is_ascii() && word.len() <= SHORT && !word.contains('`') {
        let mut buffer = [0u8; SHORT];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|lower| GIVEN_NAME_SET.contains(lower));
    }
    let key = crate::text::fold_key(word);
    GIVEN_NAME_SET.contains(key.as_str())
}

/// [`GIVEN_NAMES`] for look-ups (asked of nearly every capitalised word).
static GIVEN_NAME_SET: LazyLock<WordSet> = LazyLock::new(|| word_set(GIVEN_NAMES));

/// Given names common in Dutch-language education writing (sorted, lowercase, ASCII).
///
/// The list anchors recognition; names outside it are still found through roles, titles,
/// speech verbs and contributor lists.
const GIVEN_NAMES: &[&str] = &[
    "aad",
    "aafke",
    "aart",
    "abdel",
    "abdelkader",
    "abdul",
    "abe",
    "abel",
    "abraham",
    "ad",
    "adam",
    "adri",
    "adriaan",
    "adrie",
    "adrienne",
    "agnes",
    "ahmed",
    "aisha",
    "akke",
    "albert",
    "aletta",
    "alex",
    "alexander",
    "alexandra",
    "ali",
    "alice",
    "alida",
    "aline",
    "alma",
    "amber",
    "amy",
    "ana",
    "andre",
    "andrea",
    "andreas",
    "andries",
    "anita",
    "anja",
    "anje",
    "anke",
    "ankie",
    "ann",
    "anna",
    "anne",
    "anneke",
    "anneleen",
    "annelies",
    "annemarie",
    "annemieke",
    "annet",
    "annette",
    "anouk",
    "antoine",
    "anton",
    "antoon",
    "arend",
    "arie",
    "arjan",
    "arjen",
    "arno",
    "arnold",
    "arnoud",
    "aron",
    "arthur",
    "astrid",
    "auke",
    "barbara",
    "bart",
    "bas",
    "bastiaan",
    "bea",
    "beatrijs",
    "beatrix",
    "ben",
    "bengt",
    "benno",
    "berend",
    "bernadette",
    "bernard",
    "bert",
    "betty",
    "bianca",
    "bob",
    "boris",
    "bram",
    "bregje",
    "brenda",
    "carla",
    "carlo",
    "carolien",
    "caroline",
    "casper",
    "catharina",
    "cees",
    "charles",
    "charlotte",
    "chris",
    "christa",
    "christel",
    "christiaan",
    "christine",
    "cindy",
    "claire",
    "clara",
    "claudia",
    "cor",
    "corine",
    "cornelis",
    "corry",
    "daan",
    "daniel",
    "danielle",
    "david",
    "debby",
    "dennis",
    "desiree",
    "diana",
    "dick",
    "diederik",
    "dirk",
    "dolf",
    "dominique",
    "dorien",
    "dorothea",
    "douwe",
    "edith",
    "edwin",
    "eefje",
    "eelco",
    "egbert",
    "elbert",
    "eline",
    "elisabeth",
    "elise",
    "ella",
    "ellen",
    "els",
    "elsa",
    "elske",
    "emiel",
    "emma",
    "erik",
    "erika",
    "ernst",
    "esther",
    "eugene",
    "eva",
    "evelien",
    "ewout",
    "fatima",
    "femke",
    "ferdinand",
    "floor",
    "floris",
    "francien",
    "francisca",
    "frank",
    "frans",
    "fred",
    "frederik",
    "freek",
    "frits",
    "gea",
    "geert",
    "gemma",
    "gerard",
    "gerben",
    "gerda",
    "gerrie",
    "gerrit",
    "gert",
    "gijs",
    "gitte",
    "gonny",
    "greet",
    "gregor",
    "guido",
    "gus",
    "guus",
    "hajo",
    "han",
    "hanna",
    "hannah",
    "hanneke",
    "hans",
    "harm",
    "harrie",
    "harry",
    "hedy",
    "heleen",
    "helen",
    "helena",
    "helma",
    "hendrik",
    "henk",
    "henny",
    "henri",
    "henriette",
    "herman",
    "hester",
    "hetty",
    "hilde",
    "hugo",
    "huib",
    "ida",
    "ilona",
    "ineke",
    "inge",
    "ingrid",
    "irene",
    "iris",
    "isabel",
    "ivo",
    "jaap",
    "jacob",
    "jacqueline",
    "jacques",
    "jaime",
    "jan",
    "janine",
    "janneke",
    "jannie",
    "jasper",
    "jelle",
    "jelmer",
    "jeroen",
    "jesse",
    "jet",
    "jetske",
    "joan",
    "joanne",
    "jochem",
    "joep",
    "johan",
    "johanna",
    "johannes",
    "john",
    "joke",
    "jolanda",
    "jolien",
    "jon",
    "joop",
    "joost",
    "jop",
    "jorick",
    "jorik",
    "joris",
    "jos",
    "jose",
    "josephine",
    "josien",
    "joyce",
    "judith",
    "julia",
    "juliette",
    "jurgen",
    "justine",
    "karel",
    "karen",
    "karin",
    "kees",
    "kim",
    "klaas",
    "koen",
    "kristel",
    "lars",
    "laura",
    "leo",
    "leon",
    "lex",
    "lieke",
    "lies",
    "liesbeth",
    "lisa",
    "lisette",
    "loes",
    "lotte",
    "louis",
    "luc",
    "lucas",
    "lucia",
    "luuk",
    "lydia",
    "maaike",
    "maarten",
    "madelon",
    "manon",
    "marc",
    "marcel",
    "marco",
    "margreet",
    "margriet",
    "maria",
    "marian",
    "marianne",
    "marieke",
    "marijke",
    "marijn",
    "marinus",
    "mario",
    "marion",
    "marja",
    "marjan",
    "marjolein",
    "mark",
    "marleen",
    "marloes",
    "martijn",
    "martin",
    "martine",
    "mary",
    "mathijs",
    "matthijs",
    "max",
    "meike",
    "melanie",
    "merel",
    "michael",
    "michel",
    "michiel",
    "mieke",
    "mirjam",
    "mohamed",
    "mohammed",
    "monique",
    "myrthe",
    "nadia",
    "nancy",
    "natasja",
    "nathalie",
    "nicole",
    "niek",
    "niels",
    "nienke",
    "nina",
    "noor",
    "olga",
    "onno",
    "otto",
    "paul",
    "paula",
    "pauline",
    "peter",
    "petra",
    "piet",
    "pieter",
    "pim",
    "quinten",
    "rachel",
    "ralph",
    "ramon",
    "rebecca",
    "remco",
    "renate",
    "rene",
    "rens",
    "richard",
    "rick",
    "rik",
    "rinus",
    "rita",
    "rob",
    "robbert",
    "robert",
    "robin",
    "roel",
    "roelof",
    "rogier",
    "rolf",
    "ron",
    "ronald",
    "rosa",
    "roy",
    "rudi",
    "rudy",
    "ruud",
    "sabine",
    "sandra",
    "sanne",
    "sara",
    "sarah",
    "saskia",
    "scilla",
    "sebastiaan",
    "sem",
    "simon",
    "sjaak",
    "sjoerd",
    "sofie",
    "sonja",
    "stefan",
    "stephan",
    "steven",
    "suzanne",
    "sven",
    "tamara",
    "teun",
    "theo",
    "thijs",
    "thomas",
    "tijs",
    "tim",
    "tineke",
    "tjeerd",
    "tom",
    "ton",
    "tonny",
    "tosca",
    "trudy",
    "ulrike",
    "ursula",
    "valerie",
    "vera",
    "victor",
    "vincent",
    "walter",
    "wendy",
    "wil",
    "wilco",
    "willem",
    "willemijn",
    "willy",
    "wim",
    "wouter",
    "yasmina",
    "yvonne",
    "zoe",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_names_are_sorted_for_binary_search() {
        let mut sorted = GIVEN_NAMES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, GIVEN_NAMES);
        assert_eq!(GIVEN_NAME_SET.len(), GIVEN_NAMES.len());
        assert!(GIVEN_NAMES.iter().all(|name| is_given_name(name)));
    }

    #[test]
    fn name_parts() {
        assert!(is_given_name("Jorick"));
        assert!(is_given_name("JAN"));
        assert!(is_given_name("Ésther"), "accents folded on the long way");
        assert!(!is_given_name("Common"));
        assert!(is_initial("N."));
        assert!(is_initial("J.H."));
        assert!(!is_initial("Nu"));
        assert!(is_honorific("Prof."));
        assert!(is_honorific("dr."));
        assert!(is_name_word("Cuijlenborg"));
        assert!(!is_name_word("MBO"));
        assert!(!is_name_word("van"));
        assert!(is_particle("Van"));
    }

    #[test]
    fn particles_and_titles_in_any_case_and_not_beyond_the_list() {
        assert!(is_particle("DER"));
        assert!(is_particle("’T"), "a non-ASCII particle takes the long way");
        assert!(!is_particle("vanuit"));
        assert!(!is_particle("Vandenbroucke"), "longer than any particle");
        assert!(is_honorific("DRS."));
        assert!(!is_honorific("Drsmeester"));
        assert!(is_name_word("D’Hondt"));
        assert!(is_name_word("Noord-Holland"));
        assert!(!is_name_word("J"), "a capital alone is no name part");
        assert!(!is_name_word("Jansen2"));
        assert!(
            !is_name_word("HBOs"),
            "more capitals than lowercase letters after the first"
        );
    }
}
