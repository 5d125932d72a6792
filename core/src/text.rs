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
/// - zero-width and other invisible format characters removed;
/// - every kind of space becomes a plain space (line breaks stay: "code on its own line");
/// - in a word that mixes Cyrillic and Latin letters, Latin look-alikes become Cyrillic
///   ("кoд" with a Latin o is "код").
pub fn fold(body: &str) -> Folded {
    let nfkc: std::borrow::Cow<'_, str> = match is_nfkc_quick(body.chars()) {
        IsNormalized::Yes => body.into(),
        _ => body.nfkc().collect::<String>().into(),
    };
    let mut cased = String::with_capacity(nfkc.len());
    for c in nfkc.chars() {
        match c {
            '\r' => cased.push('\n'),
            '\n' => cased.push('\n'),
            c if is_invisible(c) => {}
            c if c.is_whitespace() => cased.push(' '),
            c => cased.push(c),
        }
    }
    if has_mixed_script_word(&cased) {
        cased = fold_look_alikes(&cased);
    }
    let lower = cased
        .chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) if one.len_utf8() == c.len_utf8() => one,
                _ => c,
            }
        })
        .collect();
    Folded { cased, lower }
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

fn has_mixed_script_word(text: &str) -> bool {
    words(text).any(|w| w.chars().any(is_cyrillic) && w.chars().any(|c| c.is_ascii_alphabetic()))
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty())
}

/// The Latin letter a Cyrillic one passes for, if any.
fn latin_twin(c: char) -> Option<char> {
    LOOK_ALIKES.iter().find(|(_, cyr)| *cyr == c).map(|(lat, _)| *lat)
}

/// The Cyrillic letter a Latin one passes for, if any.
fn cyrillic_twin(c: char) -> Option<char> {
    LOOK_ALIKES.iter().find(|(lat, _)| *lat == c).map(|(_, cyr)| *cyr)
}

const LOOK_ALIKES: [(char, char); 24] = [
    ('a', 'а'), ('c', 'с'), ('e', 'е'), ('o', 'о'), ('p', 'р'), ('x', 'х'), ('y', 'у'),
    ('k', 'к'), ('h', 'һ'), ('i', 'і'),
    ('A', 'А'), ('B', 'В'), ('C', 'С'), ('E', 'Е'), ('H', 'Н'), ('K', 'К'), ('M', 'М'),
    ('O', 'О'), ('P', 'Р'), ('T', 'Т'), ('X', 'Х'), ('Y', 'У'), ('I', 'І'), ('S', 'Ѕ'),
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
        if c.is_alphabetic() {
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
    fn look_alikes_fold_only_in_mixed_words() {
        assert_eq!(fold("Ваш кoд 1234").lower, "ваш код 1234");
        assert_eq!(fold("KОД 1234").lower, "код 1234");
        assert_eq!(fold("Your code A7K9").cased, "Your code A7K9");
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
