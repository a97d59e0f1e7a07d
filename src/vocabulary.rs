//! The Dutch vocabulary the pipeline shares: function words (not names, not key phrases),
//! surname particles, academic titles, speech verbs, and the stop words of the search analyzer.
//! Ingest (names, quotes, key phrases) and index (the stemming analyzer) both read these lists,
//! so that a word is a particle or a function word in one place only.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a, for looking words up in the fixed word lists of the pipeline: a few nanoseconds for
/// a short word where the standard hasher (built to resist crafted keys) or a binary search
/// take several times that. The lists are ours, so no input can make their words collide;
/// ingest asks these of every word, several times.
#[derive(Debug, Clone, Copy)]
pub struct WordHasher(u64);

impl Default for WordHasher {
    fn default() -> Self {
        WordHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A fixed list of words as a set, hashed with [`WordHasher`].
pub type WordSet = HashSet<&'static str, BuildHasherDefault<WordHasher>>;

/// Returns `words` as a [`WordSet`].
pub fn word_set(words: &[&'static str]) -> WordSet {
    words.iter().copied().collect()
}

/// [`STOPWORDS`] for look-ups.
static STOPWORD_SET: LazyLock<WordSet> = LazyLock::new(|| word_set(STOPWORDS));

/// Dutch function words and very common verbs (lowercase, sorted).
const STOPWORDS: &[&str] = &[
    "aan",
    "al",
    "alle",
    "alleen",
    "allemaal",
    "alles",
    "als",
    "altijd",
    "andere",
    "anders",
    "ben",
    "bent",
    "best",
    "bij",
    "binnen",
    "boven",
    "bovendien",
    "daarbij",
    "daardoor",
    "daarin",
    "daarmee",
    "daarna",
    "daarom",
    "daarop",
    "daarvoor",
    "dan",
    "dat",
    "de",
    "deze",
    "die",
    "dit",
    "doen",
    "doet",
    "door",
    "dus",
    "echt",
    "een",
    "eens",
    "eigenlijk",
    "elk",
    "elkaar",
    "elke",
    "en",
    "er",
    "erg",
    "ergens",
    "even",
    "gaan",
    "gaat",
    "geen",
    "gewoon",
    "had",
    "hadden",
    "heb",
    "hebben",
    "heeft",
    "heel",
    "hem",
    "het",
    "hier",
    "hierbij",
    "hiervoor",
    "hij",
    "hoe",
    "hoewel",
    "hun",
    "ieder",
    "iedere",
    "iedereen",
    "iets",
    "ik",
    "immers",
    "in",
    "is",
    "ja",
    "je",
    "jij",
    "jou",
    "jouw",
    "juist",
    "kan",
    "kun",
    "kunnen",
    "maar",
    "mee",
    "meer",
    "men",
    "met",
    "mij",
    "mijn",
    "moet",
    "moeten",
    "na",
    "naar",
    "namelijk",
    "nee",
    "niet",
    "niets",
    "nog",
    "nou",
    "nu",
    "of",
    "om",
    "omdat",
    "onder",
    "ons",
    "onze",
    "ook",
    "op",
    "over",
    "sinds",
    "soms",
    "steeds",
    "te",
    "tegen",
    "tijdens",
    "toch",
    "toe",
    "toen",
    "tot",
    "tussen",
    "u",
    "uit",
    "uw",
    "vaak",
    "van",
    "vanuit",
    "veel",
    "verder",
    "voor",
    "vooral",
    "waar",
    "waarbij",
    "waardoor",
    "waarmee",
    "waarom",
    "wanneer",
    "want",
    "was",
    "wat",
    "we",
    "weer",
    "wel",
    "welk",
    "welke",
    "werd",
    "wie",
    "wij",
    "wil",
    "willen",
    "worden",
    "wordt",
    "zal",
    "ze",
    "zeker",
    "zelf",
    "zich",
    "zij",
    "zijn",
    "zo",
    "zoals",
    "zonder",
    "zou",
    "zouden",
    "zowel",
    "zullen",
];

/// Returns whether `word` (any case) is a Dutch function word.
pub fn is_stopword(word: &str) -> bool {
    // Every function word is short ASCII: lowercase a short ASCII word on the stack instead of
    // allocating (ingest asks this of every word, many times).
    if word.is_ascii() {
        if word.len() > LONGEST_STOPWORD_BYTES {
            return false;
        }
        let mut buffer = [0u8; LONGEST_STOPWORD_BYTES];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let Ok(lower) = std::str::from_utf8(lower) else {
            return false;
        };
        return STOPWORD_SET.contains(lower);
    }
    let lower = word.to_lowercase();
    STOPWORD_SET.contains(lower.as_str())
}

/// Bytes of the longest word in [`STOPWORDS`] (a test keeps it so).
const LONGEST_STOPWORD_BYTES: usize = 16;

/// Lowercase surname particles ("Han van Helmond", "John van der Vegt", "ten Dam").
pub const PARTICLES: &[&str] = &[
    "van", "der", "den", "de", "del", "della", "di", "da", "du", "des", "het", "'t", "’t", "ten",
    "ter", "te", "la", "le", "vande", "von", "zu", "dos", "el", "al",
];

/// Academic and professional titles printed before a name, lowercase without dots.
pub const HONORIFICS: &[&str] = &["prof", "dr", "drs", "ir", "ing", "mr", "msc", "phd", "mba"];

/// Verbs that attribute speech ("zegt Jansen", "blikt Jansen terug", "aldus de lector"), sorted:
/// one word each, looked up by binary search.
pub const SPEECH_VERBS: &[&str] = &[
    "adviseert",
    "aldus",
    "antwoordde",
    "antwoordt",
    "beaamt",
    "begint",
    "bekent",
    "benadrukt",
    "benadrukte",
    "benoemt",
    "besluit",
    "betoogt",
    "bevestigt",
    "blikt",
    "citeert",
    "concludeerde",
    "concludeert",
    "constateert",
    "denkt",
    "erkende",
    "erkent",
    "formuleert",
    "geeft",
    "glimlacht",
    "grapt",
    "herhaalt",
    "hoopt",
    "illustreert",
    "knikt",
    "lacht",
    "legde",
    "legt",
    "licht",
    "meent",
    "meldde",
    "meldt",
    "merkt",
    "noemde",
    "noemt",
    "onderstreept",
    "ontkent",
    "oppert",
    "pleit",
    "pleitte",
    "reageerde",
    "reageert",
    "riep",
    "roept",
    "schreef",
    "schrijft",
    "sprak",
    "spreekt",
    "stelde",
    "stelt",
    "suggereert",
    "vat",
    "verduidelijkt",
    "verklaarde",
    "verklaart",
    "vermoedt",
    "vertelde",
    "vertellen",
    "vertelt",
    "vervolgt",
    "verzucht",
    "vindt",
    "voegde",
    "voegt",
    "vraagt",
    "vroeg",
    "vulde",
    "vult",
    "waarschuwde",
    "waarschuwt",
    "weet",
    "wijst",
    "zegde",
    "zeggen",
    "zegt",
    "zei",
    "zeiden",
    "zucht",
];

/// Returns whether `word` (any case) attributes speech.
pub fn is_speech_verb(word: &str) -> bool {
    // As for function words: a short ASCII word is lowercased on the stack.
    const SHORT: usize = 32;
    if word.is_ascii() && word.len() <= SHORT {
        let mut buffer = [0u8; SHORT];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(is_speech_verb_key);
    }
    is_speech_verb_key(&word.to_lowercase())
}

/// Returns whether `lowercase` is one of [`SPEECH_VERBS`] as written (no case folding).
pub fn is_speech_verb_key(lowercase: &str) -> bool {
    static SPEECH_VERB_SET: LazyLock<WordSet> = LazyLock::new(|| word_set(SPEECH_VERBS));
    SPEECH_VERB_SET.contains(lowercase)
}

/// Words dropped by the stemming analyzer besides tantivy's Dutch list: name particles, and the
/// letters left by splitting "regio’s", "’t" and "zo’n".
const EXTRA_STOP_WORDS: &[&str] = &["der", "den", "ten", "ter", "s", "t", "n"];

/// Returns the words the stemming search analyzer drops (tantivy's Snowball list plus
/// particles and elision letters), folded.
pub fn search_stop_words() -> Vec<String> {
    let mut words: Vec<String> = SNOWBALL_STOP_WORDS
        .iter()
        .map(|word| crate::text::fold_key(word))
        .collect();
    words.extend(EXTRA_STOP_WORDS.iter().map(|word| (*word).to_string()));
    words.sort();
    words.dedup();
    words
}

/// The Snowball Dutch stop word list (as tantivy ships it), accents folded by [`search_stop_words`].
const SNOWBALL_STOP_WORDS: &[&str] = &[
    "aan", "al", "alles", "als", "altijd", "andere", "ben", "bij", "daar", "dan", "dat", "de",
    "der", "deze", "die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er", "ge",
    "geen", "geweest", "haar", "had", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe",
    "hun", "iemand", "iets", "ik", "in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me",
    "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet", "niets", "nog", "nu", "of",
    "om", "omdat", "onder", "ons", "ook", "op", "over", "reeds", "te", "tegen", "toch", "toen",
    "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "werd", "wezen",
    "wie", "wil", "worden", "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zonder",
    "zou",
];

/// Dutch month names, January first.
pub const DUTCH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// English month names, January first.
const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number of a month named in Dutch or English ("maart" → 3).
pub fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    [DUTCH_MONTHS, ENGLISH_MONTHS]
        .iter()
        .find_map(|months| months.iter().position(|month| *month == name))
        .and_then(|index| u32::try_from(index + 1).ok())
}

const WEEKDAYS: [&str; 14] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Returns whether the word names a day of the week, in Dutch or English.
pub fn is_weekday(word: &str) -> bool {
    WEEKDAYS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_fit_the_stack_buffer_and_match_in_any_case() {
        assert!(
            STOPWORDS
                .iter()
                .all(|word| word.len() <= LONGEST_STOPWORD_BYTES)
        );
        for word in ["het", "Het", "HET", "omdat", "Omdat"] {
            assert!(is_stopword(word), "{word}");
        }
        for word in ["school", "Hetty", "samenwerkingsverbanden", "hèt", ""] {
            assert!(!is_stopword(word), "{word}");
        }
    }

    #[test]
    fn list_is_sorted_and_lookups_ignore_case() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOPWORDS);
        assert!(is_stopword("Je"));
        assert!(!is_stopword("Jansen"));
        // The set holds the list, no more.
        assert_eq!(STOPWORD_SET.len(), STOPWORDS.len());
        assert!(STOPWORDS.iter().all(|word| is_stopword(word)));
        assert!(SPEECH_VERBS.iter().all(|verb| is_speech_verb_key(verb)));
        assert!(is_speech_verb("Zegt") && is_speech_verb("ZEGT") && !is_speech_verb("zeg"));
        assert!(!is_speech_verb_key("Zegt"), "the key is asked as written");
        let mut verbs = SPEECH_VERBS.to_vec();
        verbs.sort_unstable();
        verbs.dedup();
        assert_eq!(verbs, SPEECH_VERBS);
        assert!(is_speech_verb("Vertelt"));
        assert!(!is_speech_verb("loopt"));
    }
}
