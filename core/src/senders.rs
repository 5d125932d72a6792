//! The sender registry: who an SMS is from, and which numbers are official.

use std::collections::{HashMap, HashSet};

use crate::phone_number;
use crate::rules::{SenderRule, Senders};
use crate::types::SenderKind;

/// The lookup key of a sender id: case, spaces and punctuation do not matter
/// ("Kaspi.kz", "KASPI KZ" and "kaspikz" are one sender).
pub fn sender_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
        if crate::text::is_invisible(c) || (c.is_control() && !c.is_whitespace()) {
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
    pub fn lookup(&self, sender: &str) -> SenderInfo<'_> {
        let found = self.by_key.get(&sender_key(sender)).or_else(|| {
            sender
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| word.len() >= 3 && word.bytes().all(|b| b.is_ascii_digit()))
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
        let long = shown_sender(&"Ш".repeat(1000));
        assert_eq!(long.chars().count(), MAX_SHOWN_SENDER_CHARS + 1);
        assert!(long.ends_with('…'));
        assert_eq!(shown_sender(&"x".repeat(MAX_SHOWN_SENDER_CHARS)).len(), 32);
    }
}
