//! Text folding before matching: what looks the same to a person must match the same.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// An SMS body folded for matching.
///
/// `cased` keeps letter case (codes are typed as printed); `lower` is the same text in
/// lower case with every character at the same byte offset, so a match found in one can
/// be read in the other.
#[derive(Debug)]
pub struct Folded {
    pub cased: String,
    pub lower: String,
}

/// Folds a body:
/// - NFKC, so full-width digits and letter variants become plain ones;
/// - the digits of other scripts (Arabic-Indic `٤٨٢١`, Devanagari `४८२१`…) become ASCII
///   ones, hyphens and minus signs (`‐ ‑ ‒ −`) a `-`;
/// - zero-width and other invisible format characters, variation selectors and the
///   combining marks NFKC left alone (`4́`, the keycap of `4️⃣`) removed;
/// - every kind of space becomes a plain space (line breaks stay: "code on its own line");
/// - the letters of Kazakh's Latin alphabets (2018: á ǵ ı ń ó ú ý; 2021: ä ğ ñ ö ü ū ş)
///   become the ASCII of the informal transliteration people type ("aıtpańyz" and
///   "aitpañyz" are "aitpanyz", "eşkimge" is "eshkimge"), so one rule reads all three;
/// - in a word that mixes Cyrillic and Latin letters, Latin look-alikes become Cyrillic
///   ("кoд" with a Latin o is "код").
pub fn fold(body: &str) -> Folded {
    // Most SMS are plain: ASCII, Cyrillic and a few common signs, all already in NFKC,
    // with nothing invisible and no odd spaces. They are copied as they are.
    let plain = body.chars().all(|c| {
        (c.is_ascii() && (!c.is_ascii_control() || c == '\n'))
            || is_cyrillic(c)
            || is_nfkc_stable_sign(c)
    });
    let mut cased = if plain { body.to_owned() } else { clean(body) };
    if has_mixed_script_word(&cased) {
        cased = fold_look_alikes(&cased);
    }
    let lower = lowercase_same_offsets(&cased);
    Folded { cased, lower }
}

/// NFKC, invisible characters and leftover combining marks dropped, digits and hyphens
/// in ASCII, every space a plain space, `\r` a line break, Kazakh Latin letters in ASCII.
fn clean(body: &str) -> String {
    let nfkc: std::borrow::Cow<'_, str> = match is_nfkc_quick(body.chars()) {
        IsNormalized::Yes => body.into(),
        _ => body.nfkc().collect::<String>().into(),
    };
    let mut cased = String::with_capacity(nfkc.len());
    for c in nfkc.chars() {
        match c {
            '\r' | '\n' => cased.push('\n'),
            c if is_invisible(c) || is_combining_mark(c) => {}
            c if c.is_whitespace() => cased.push(' '),
            '\u{2010}' | '\u{2012}' | '\u{2212}' => cased.push('-'),
            c if !c.is_ascii() && c.is_numeric() => cased.push(ascii_digit(c).unwrap_or(c)),
            c => match kazakh_latin_ascii(c) {
                Some(ascii) => cased.push_str(ascii),
                None => cased.push(c),
            },
        }
    }
    cased
}

/// The informal ASCII spelling of a letter of Kazakh's Latin alphabets (the 2018 form with
/// acute accents, the 2021 form with umlauts, breves and cedillas): ә á ä → a, ғ ǵ ğ → g,
/// і/и ı → i, ң ń ñ → n, ө ó ö → o, ү ú ü and ұ ū → u, у ý → u, ш ş → sh, ч ç → ch.
/// Sources: the alphabet of Presidential Decree No. 569 (26 October 2017) as amended by
/// Decree No. 637 (19 February 2018), and the revised alphabet presented in January 2021.
fn kazakh_latin_ascii(c: char) -> Option<&'static str> {
    Some(match c {
        'á' | 'ä' => "a",
        'Á' | 'Ä' => "A",
        'ǵ' | 'ğ' => "g",
        'Ǵ' | 'Ğ' => "G",
        'ı' | 'í' => "i",
        'İ' | 'Í' => "I",
        'ń' | 'ñ' => "n",
        'Ń' | 'Ñ' => "N",
        'ó' | 'ö' => "o",
        'Ó' | 'Ö' => "O",
        'ú' | 'ü' | 'ū' | 'ý' => "u",
        'Ú' | 'Ü' | 'Ū' | 'Ý' => "U",
        'ş' => "sh",
        'Ş' => "Sh",
        'ç' => "ch",
        'Ç' => "Ch",
        _ => return None,
    })
}

/// Whether some word has both Cyrillic and Latin letters ("кoд" with a Latin o).
fn has_mixed_script_word(text: &str) -> bool {
    let (mut cyrillic, mut latin) = (false, false);
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            latin = true;
        } else if is_cyrillic(c) {
            cyrillic = true;
        } else {
            if cyrillic && latin {
                return true;
            }
            (cyrillic, latin) = (false, false);
        }
    }
    cyrillic && latin
}

/// The text in lower case, character for character at the same byte offsets.
fn lowercase_same_offsets(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            bytes[i] = b.to_ascii_lowercase();
            i += 1;
            continue;
        }
        // The basic Russian alphabet, byte-wise: А–П and Р–Я, Ѐ–Џ in UTF-8.
        if b == 0xD0 && i + 1 < bytes.len() {
            match bytes[i + 1] {
                0x90..=0x9F => bytes[i + 1] += 0x20,
                0xA0..=0xAF => (bytes[i], bytes[i + 1]) = (0xD1, bytes[i + 1] - 0x20),
                0x80..=0x8F => (bytes[i], bytes[i + 1]) = (0xD1, bytes[i + 1] + 0x10),
                _ => {}
            }
            i += 2;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let lower = lowercase_in_place(c);
        if lower != c {
            lower.encode_utf8(&mut bytes[i..i + len]);
        }
        i += len;
    }
    // Every character was replaced by one of the same length, so the bytes stay UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// The lower-case letter when it has the same UTF-8 length (so offsets stay aligned),
/// with a fast path for the alphabets SMS here are written in.
fn lowercase_in_place(c: char) -> char {
    let u = c as u32;
    let shifted = match u {
        0x41..=0x5A => u + 0x20,
        0x00..=0x7F => u,
        0x0410..=0x042F => u + 0x20,
        0x0400..=0x040F => u + 0x50,
        0x0430..=0x045F => u,
        // Paired letters of the extended Cyrillic block (Kazakh ә ғ қ ң ө ұ ү һ among
        // them): upper case even, lower case odd.
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x052F => u | 1,
        _ => {
            let mut l = c.to_lowercase();
            return match (l.next(), l.next()) {
                (Some(one), None) if one.len_utf8() == c.len_utf8() => one,
                _ => c,
            };
        }
    };
    char::from_u32(shifted).unwrap_or(c)
}

/// Signs common in SMS that NFKC leaves as they are.
fn is_nfkc_stable_sign(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '—' | '–' | '“' | '”' | '‘' | '’' | '₸' | '₽' | '€' | '•' | '\u{1F300}'
            ..='\u{1FAFF}'
    )
}

/// The characters that show nothing: Unicode's Default_Ignorable_Code_Point (the soft hyphen,
/// the combining grapheme joiner, zero-width spaces and joiners, the directional marks,
/// embeddings, overrides and isolates — what Android's `BidiFormatter` wraps numbers and names
/// in — the Arabic letter mark, Mongolian and other variation selectors, invisible operators,
/// the Hangul fillers, tag characters, the byte-order mark; Unicode 16.0,
/// DerivedCoreProperties.txt), and the control characters other than white space (a NUL
/// from Java, an escape, a bell). One list for SMS text, sender ids and phone numbers: a hand
/// list missed some (`48\u{3164}21`, `48\u{E0041}21`, `48\u{0}21` were no code, and a sender
/// of Hangul fillers showed as a blank name).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    ) || (c.is_control() && !c.is_whitespace())
}

/// Combining marks for letters and for symbols (the stress mark of `ко́д`, the keycap
/// `U+20E3`).
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{20D0}'..='\u{20FF}')
}

/// The zeros of the Basic Multilingual Plane's decimal digit runs other than ASCII and
/// full-width (which NFKC folds): Arabic-Indic, Extended Arabic-Indic, N'Ko, the Indic
/// scripts, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian and others (Unicode category Nd,
/// each run ten code points from its zero).
const DIGIT_ZEROS: [u32; 34] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xAA50, 0xABF0,
];

/// The ASCII digit a decimal digit of another script stands for.
pub(crate) fn ascii_digit(c: char) -> Option<char> {
    let u = c as u32;
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&u))
        .and_then(|zero| char::from_digit(u - zero, 10))
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// The Latin letter a Cyrillic one passes for, if any.
fn latin_twin(c: char) -> Option<char> {
    LOOK_ALIKES
        .iter()
        .find(|(_, cyr)| *cyr == c)
        .map(|(lat, _)| *lat)
}

/// The Cyrillic letter a Latin one passes for, if any.
fn cyrillic_twin(c: char) -> Option<char> {
    LOOK_ALIKES
        .iter()
        .find(|(lat, _)| *lat == c)
        .map(|(_, cyr)| *cyr)
}

const LOOK_ALIKES: [(char, char); 24] = [
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('k', 'к'),
    ('h', 'һ'),
    ('i', 'і'),
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
    ('I', 'І'),
    ('S', 'Ѕ'),
];

fn fold_look_alikes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let cyrillic = word.chars().filter(|c| is_cyrillic(*c)).count();
        let latin = word.chars().filter(char::is_ascii_alphabetic).count();
        // The word's main script wins: "кoд" is Cyrillic, "cоde" is Latin.
        if cyrillic > 0 && latin > cyrillic {
            out.extend(word.chars().map(|c| latin_twin(c).unwrap_or(c)));
        } else if cyrillic > 0 && latin > 0 {
            out.extend(word.chars().map(|c| cyrillic_twin(c).unwrap_or(c)));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() || is_cyrillic(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_spaces_fold() {
        let f = fold("Код:\u{00A0}１２３\u{200B}４５６");
        assert_eq!(f.cased, "Код: 123456");
        assert_eq!(f.lower, "код: 123456");
    }

    #[test]
    fn digits_of_other_scripts_marks_and_hyphens_fold() {
        assert_eq!(fold("Код: ٤٨٢١").cased, "Код: 4821");
        assert_eq!(fold("Код: ۴۸۲۱").cased, "Код: 4821");
        assert_eq!(fold("Код: ४८२१").cased, "Код: 4821");
        assert_eq!(fold("Code: ๔๘๒๑").cased, "Code: 4821");
        assert_eq!(fold("Ко\u{301}д: 4\u{301}8\u{301}21").cased, "Код: 4821");
        assert_eq!(fold("4\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}").cased, "48");
        for dash in ['\u{2010}', '\u{2011}', '\u{2012}', '\u{2212}'] {
            assert_eq!(
                fold(&format!("48{dash}21")).cased,
                "48-21",
                "U+{:04X}",
                dash as u32
            );
        }
        // Other numerals are left as they are: `½`, `Ⅻ` are no digits.
        assert_eq!(fold("½ Ⅻ").cased, "1⁄2 XII");
    }

    #[test]
    fn kazakh_latin_alphabets_fold_to_one_ascii_spelling() {
        // 2018 (acute accents), 2021 (umlauts, breve, cedilla) and informal ASCII.
        for s in [
            "Kodty eshkimge aıtpańyz",
            "Kodty eşkimge aitpañyz",
            "Kodty eshkimge aitpanyz",
        ] {
            assert_eq!(fold(s).lower, "kodty eshkimge aitpanyz", "{s}");
        }
        assert_eq!(fold("Rastaý kody: 4821").cased, "Rastau kody: 4821");
        assert_eq!(fold("QUPIA SÓZ").lower, "qupia soz");
        // Decomposed accents compose under NFKC first.
        assert_eq!(fold("kiru kodyn\u{0301}yz").lower, "kiru kodynyz");
    }

    #[test]
    fn look_alikes_fold_only_in_mixed_words() {
        assert_eq!(fold("Ваш кoд 1234").lower, "ваш код 1234");
        assert_eq!(fold("KОД 1234").lower, "код 1234");
        assert_eq!(fold("Your code A7K9").cased, "Your code A7K9");
    }

    #[test]
    fn byte_wise_lowercase_agrees_with_unicode() {
        let all: String = (0x0400..=0x052F).filter_map(char::from_u32).collect();
        let expected: String = all.chars().map(lowercase_in_place).collect();
        assert_eq!(lowercase_same_offsets(&all), expected);
        assert_eq!(
            lowercase_same_offsets("ҚАЗАҚСТАН Ёлка ЖОЛ İ"),
            "қазақстан ёлка жол İ"
        );
    }

    #[test]
    fn fast_lowercase_agrees_with_unicode() {
        for u in 0x0400..=0x052F {
            let Some(c) = char::from_u32(u) else { continue };
            let expected: Vec<char> = c.to_lowercase().collect();
            let expected = if expected.len() == 1 && expected[0].len_utf8() == c.len_utf8() {
                expected[0]
            } else {
                c
            };
            assert_eq!(lowercase_in_place(c), expected, "U+{u:04X}");
        }
    }

    #[test]
    fn lower_keeps_byte_offsets() {
        for s in ["İstanbul КОД 12", "ẞ Ǆ Ⅻ ﬀ", "Әке ҒҚҢӨҰҮҺІ"] {
            let f = fold(s);
            assert_eq!(f.cased.len(), f.lower.len(), "{s}");
            for (a, b) in f.cased.char_indices().zip(f.lower.char_indices()) {
                assert_eq!(a.0, b.0, "{s}");
            }
        }
    }
}
