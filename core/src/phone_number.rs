//! Phone numbers in one form, so that "+7 701 555 01 01" and "87015550101" compare equal.

/// The canonical form of a number or sender id:
/// - Kazakh/Russian national forms (`8 701 …`, `7015550101`) and international ones become
///   E.164 (`+77015550101`);
/// - short codes (`1414`) and alphanumeric sender ids (`Kaspi.kz`) stay as they are, trimmed.
pub fn normalise(raw: &str) -> String {
    let raw = raw.trim();
    let is_separator = |c: char| matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}');
    let number_like = !raw.is_empty()
        && raw
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || is_separator(c) || (c == '+' && i == 0));
    if !number_like {
        return raw.to_string();
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if raw.starts_with('+') {
        return format!("+{digits}");
    }
    if let Some(rest) = digits.strip_prefix("00") {
        if rest.len() >= 8 {
            return format!("+{rest}");
        }
    }
    match digits.len() {
        // Trunk prefix 8 or country code 7 before a 10-digit national number.
        11 if digits.starts_with('8') || digits.starts_with('7') => format!("+7{}", &digits[1..]),
        // A bare national number: Kazakh ones start with 6 or 7, Russian mobiles with 9.
        10 if matches!(digits.as_bytes()[0], b'6' | b'7' | b'9') => format!("+7{digits}"),
        _ => digits,
    }
}

/// A full phone number, as opposed to a short code or an alphanumeric sender id.
pub fn is_full_number(normalised: &str) -> bool {
    normalised.starts_with('+') && normalised.len() >= 9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_forms_are_one_number() {
        for raw in [
            "+7 701 555 01 01",
            "8 701 555 0101",
            "87015550101",
            "7015550101",
            "+7 (701) 555-01-01",
            "77015550101",
            "007 701 555 01 01",
        ] {
            assert_eq!(normalise(raw), "+77015550101", "{raw}");
        }
    }

    #[test]
    fn international_numbers_are_e164() {
        assert_eq!(normalise("+44 20 7946 0958"), "+442079460958");
        assert_eq!(normalise("00998 90 123 45 67"), "+998901234567");
    }

    #[test]
    fn short_codes_and_names_stay() {
        assert_eq!(normalise(" 1414 "), "1414");
        assert_eq!(normalise("Kaspi.kz"), "Kaspi.kz");
        assert_eq!(normalise("7111"), "7111");
        assert!(!is_full_number(&normalise("1414")));
        assert!(is_full_number(&normalise("8 701 555 0101")));
        assert!(!is_full_number(&normalise("Kaspi.kz")));
    }
}
