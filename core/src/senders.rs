//! The sender registry: who an SMS is from, and which numbers are official.

use std::collections::{HashMap, HashSet};

use crate::phone_number;
use crate::rules::{SenderRule, Senders};
use crate::types::SenderKind;

/// The lookup key of a sender id: case, spaces, punctuation, invisible characters and
/// character width do not matter ("Kaspi.kz", "KASPI KZ", "kaspikz" and the full-width
/// "ＫＡＳＰＩ.ｋｚ" are one sender), because the name is folded as an SMS body is
/// ([`crate::text::fold`]).
pub fn sender_key(name: &str) -> String {
    key_of_folded(&crate::text::fold(name).lower)
}

/// [`sender_key`] of a name already folded and in lower case.
fn key_of_folded(lower: &str) -> String {
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The most characters of an unregistered sender's name a warning shows.
pub const MAX_SHOWN_SENDER_CHARS: usize = 32;

/// An unregistered sender as a warning names it: without control characters (an escape
/// reached the terminal), invisible and directional characters (a right-to-left override
/// turned the rest of the warning around on the screen), with each run of white space one
/// space (a line break split the sentence), at most [`MAX_SHOWN_SENDER_CHARS`] characters
/// (then `…`), and `SMS` when nothing is left. What the person sees is the warning's own
/// sentence with a name in it, never text the sender laid out.
pub fn shown_sender(raw: &str) -> String {
    let mut out = String::new();
    let mut shown = 0;
    let mut space = false;
    for c in raw.chars() {
        if crate::text::is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if shown == MAX_SHOWN_SENDER_CHARS {
            out.push('…');
            return out;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        out.push(c);
        shown += 1;
    }
    if out.is_empty() {
        out.push_str("SMS");
    }
    out
}

/// What the registry knows of a sender.
#[derive(Debug, Clone, Copy)]
pub struct SenderInfo<'a> {
    pub kind: SenderKind,
    /// The registry entry, when the sender is registered.
    pub rule: Option<&'a SenderRule>,
}

#[derive(Debug)]
pub struct SenderRegistry {
    senders: Vec<SenderRule>,
    by_key: HashMap<String, usize>,
    official: HashSet<String>,
}

impl SenderRegistry {
    pub fn new(senders: &Senders) -> SenderRegistry {
        let mut by_key = HashMap::new();
        let mut official = HashSet::new();
        for (i, s) in senders.senders.iter().enumerate() {
            for name in &s.names {
                by_key.insert(sender_key(name), i);
            }
            for n in &s.official_numbers {
                official.insert(phone_number::normalise(n));
            }
        }
        SenderRegistry {
            senders: senders.senders.clone(),
            by_key,
            official,
        }
    }

    /// Who `sender` is: a registered sender by any of its names; a contact name that holds a
    /// registered short number as a word ("ЦОН 1414", "Halyk 7111" — what Android shows when
    /// the person saved the service's number); a personal number; or unknown.
    ///
    /// A short number inside a phone number is never the service's: "+7 701 555 1414" (as
    /// Android's notifications format a stranger's number) and "Айгуль 8 701 555 1414" are a
    /// person, whose visible codes are no one-time codes, not 1414.
    pub fn lookup(&self, sender: &str) -> SenderInfo<'_> {
        let folded = crate::text::fold(sender).lower;
        let found = self.by_key.get(&key_of_folded(&folded)).or_else(|| {
            number_runs(&folded)
                .filter(|run| !is_phone_number(run))
                .flat_map(|run| run.split(|c: char| !c.is_ascii_digit()))
                .filter(|word| word.len() >= 3)
                .find_map(|number| self.by_key.get(number))
        });
        if let Some(&i) = found {
            let rule = &self.senders[i];
            return SenderInfo {
                kind: rule.kind,
                rule: Some(rule),
            };
        }
        let kind = if phone_number::is_full_number(&phone_number::normalise(sender)) {
            SenderKind::Personal
        } else {
            SenderKind::Unknown
        };
        SenderInfo { kind, rule: None }
    }

    /// Whether `word` is one of a registered sender's names ("KASPI", "TELE2").
    pub fn is_name(&self, word: &str) -> bool {
        self.by_key.contains_key(&sender_key(word))
    }

    /// A number a person may call a service on (1414, 9999, 7111…).
    pub fn is_official_number(&self, normalised: &str) -> bool {
        self.official.contains(normalised)
    }
}

/// The stretches of a folded sender between letters that hold a digit: "ЦОН 1414" has " 1414",
/// "Айгуль +7 (701) 555-14-14" has " +7 (701) 555-14-14". Only a letter ends a number: people
/// and phones put spaces, dashes of every kind, dots, brackets, slashes, underscores or a middle
/// dot between its digits, and a list of separators missed some ("+7_701_555_1414" and
/// "+7–701–555–1414" were taken for 1414).
fn number_runs(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(char::is_alphabetic)
        .filter(|run| run.bytes().any(|b| b.is_ascii_digit()))
}

/// Whether the digits of `run` (with a `+` written before the first of them) make a full phone
/// number, whatever stands between them.
fn is_phone_number(run: &str) -> bool {
    let plus = run
        .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+')
        .starts_with('+');
    let number: String = plus
        .then_some('+')
        .into_iter()
        .chain(run.chars().filter(char::is_ascii_digit))
        .collect();
    phone_number::is_full_number(&phone_number::normalise(&number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_sender_is_one_short_line_of_visible_text() {
        assert_eq!(shown_sender("Kaspi.kz"), "Kaspi.kz");
        assert_eq!(shown_sender("\u{1b}[31mBank\u{202E}\nX"), "[31mBank X");
        assert_eq!(shown_sender("  Mega\u{2066}Shop\t \r\n "), "MegaShop");
        assert_eq!(shown_sender("\u{200B}\u{202E}\u{0}"), "SMS");
        assert_eq!(shown_sender(""), "SMS");
        // Every default-ignorable kind: Hangul fillers (a name that looks blank), tag
        // characters, the deprecated format characters.
        assert_eq!(shown_sender("\u{3164}\u{115F}\u{FFA0}"), "SMS");
        assert_eq!(shown_sender("Ba\u{E0041}nk\u{206E}\u{1D173}"), "Bank");
        let long = shown_sender(&"Ш".repeat(1000));
        assert_eq!(long.chars().count(), MAX_SHOWN_SENDER_CHARS + 1);
        assert!(long.ends_with('…'));
        assert_eq!(shown_sender(&"x".repeat(MAX_SHOWN_SENDER_CHARS)).len(), 32);
    }

    #[test]
    fn a_sender_is_found_whatever_its_width_case_or_invisible_characters() {
        let rules = crate::rules::RulePack::embedded();
        let registry = SenderRegistry::new(&rules.senders);
        let kind = |name: &str| registry.lookup(name).kind;
        for name in [
            "1414",
            "\u{FF11}\u{FF14}\u{FF11}\u{FF14}",
            "\u{202A}1414\u{202C}",
            "1\u{200B}414",
            "ЦОН \u{FF11}\u{FF14}\u{FF11}\u{FF14}",
            "eGov \u{0661}\u{0664}\u{0661}\u{0664}",
        ] {
            assert_eq!(kind(name), SenderKind::Gov, "{name:?}");
        }
        for name in [
            "Kaspi.kz",
            "\u{FF2B}\u{FF41}\u{FF53}\u{FF50}\u{FF49}.\u{FF4B}\u{FF5A}",
            "KASPI\u{3000}KZ",
            "Ka\u{00AD}spi.kz",
            "Halyk",
            "\u{FF28}\u{FF21}\u{FF2C}\u{FF39}\u{FF2B}",
        ] {
            assert_eq!(kind(name), SenderKind::Bank, "{name:?}");
        }
        assert_eq!(kind("Ｍａｒｋｅｔ"), SenderKind::Unknown);
    }

    #[test]
    fn a_registered_short_number_inside_a_phone_number_is_a_person() {
        let rules = crate::rules::RulePack::embedded();
        let registry = SenderRegistry::new(&rules.senders);
        let kind = |name: &str| registry.lookup(name).kind;
        // 1414 (eGov), 7111 (Halyk) and 1499 (Kazpost) as one group of a stranger's number,
        // written as Android, a contact app or a person writes it.
        for name in [
            "+7 701 555 1414",
            "8 701 555 1414",
            "+7 (701) 555-1414",
            "+7 777 1499 000",
            "+7_701_555_1414",
            "+7\u{2013}701\u{2013}555\u{2013}1414",
            "8\u{2014}701\u{2014}555\u{2014}7111",
            "+7 701 555\u{2009}1499",
            "(+7) 701 555 7111",
            "+7\u{00A0}701\u{00A0}555\u{00A0}7111",
            "\u{202A}+7 701 555 7111\u{202C}",
            "+７ ７０１ ５５５ １４１４",
        ] {
            assert_eq!(kind(name), SenderKind::Personal, "{name:?}");
        }
        for name in [
            "Айгуль +7 701 555 1414",
            "Mom 8-701-555-7111",
            "Асель (+7_701_555_1414)",
            "+7–701–555–1414 мама",
            // Not a number phone_number reads, and still no service.
            "+7\u{00B7}701\u{00B7}555\u{00B7}1414",
        ] {
            assert_eq!(kind(name), SenderKind::Unknown, "{name:?}");
        }
        for name in [
            "ЦОН 1414",
            "1414 (eGov)",
            "+7 1414",
            "eGov-1414",
            "eGov_1414",
            "eGov\u{2013}1414",
            "1414 eGov",
            "Halyk 7111",
            "Halyk Bank 7111",
            "7111 Halyk",
            "Kazpost 1499",
            "ЦОН 1414 / 8 800 080 7777",
        ] {
            assert_ne!(kind(name), SenderKind::Personal, "{name:?}");
            assert!(registry.lookup(name).rule.is_some(), "{name:?}");
        }
    }
}
