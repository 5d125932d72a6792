//! Phone numbers in one form, so that "+7 701 555 01 01", "87015550101" and the same number as
//! Android's call log or a contact app writes it compare equal.

/// The canonical form of a number or sender id:
/// - Kazakh/Russian national forms (`8 701 …`, `7015550101`) and international ones become
///   E.164 (`+77015550101`);
/// - whatever a phone may wrap a number in is taken off first: bidi marks (`U+202A…U+202C`,
///   `U+200E`), zero-width characters, a `tel:` prefix, the caller-ID prefixes `*31#` and `#31#`,
///   an extension or dial pause (`;ext=12`, `,12`, ` ext. 12`, `p12`), and any separator
///   (spaces of every width, tabs, dashes, dots, brackets, `/`, `_`); fullwidth digits and other
///   scripts' digits count as digits;
/// - short codes (`1414`) and alphanumeric sender ids (`Kaspi.kz`) stay as they are, trimmed and
///   without invisible marks.
pub fn normalise(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .filter(|&c| !crate::text::is_invisible(c))
        .map(fold_width_and_digits)
        .collect();
    let cleaned = cleaned.trim();
    let Some(dialled) = dialled_part(cleaned) else {
        return cleaned.to_string();
    };
    let digits: String = dialled.chars().filter(char::is_ascii_digit).collect();
    if dialled.contains('+') {
        return format!("+{digits}");
    }
    // International access codes: 00, and 8~10 as Kazakhstan and Russia dial it (no national
    // number in +7 starts with 10).
    if let Some(rest) = digits
        .strip_prefix("00")
        .or_else(|| digits.strip_prefix("810"))
    {
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

/// A full phone number (E.164: `+`, a country code, which never starts with 0, and 8 to 15
/// digits in all), as opposed to a short code or an alphanumeric sender id.
pub fn is_full_number(normalised: &str) -> bool {
    normalised.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

/// The number a string dials, without prefixes and extensions, when it is one: digits and
/// separators with at most a leading `+`. `None` for a name or anything else.
fn dialled_part(text: &str) -> Option<&str> {
    let mut rest = text;
    if rest
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("tel:"))
    {
        rest = rest[4..].trim_start();
    }
    // Hide (*31#) or show (#31#) the caller's own number for one call: not part of the number.
    while let Some(r) = rest
        .strip_prefix("*31#")
        .or_else(|| rest.strip_prefix("#31#"))
    {
        rest = r.trim_start();
    }
    let end = extension_start(rest).unwrap_or(rest.len());
    let number = rest[..end].trim_end();
    // A `+` may follow an opening bracket or a space ("(+7) 701 …"), but no digit.
    let mut digit_seen = false;
    let mut plus_seen = false;
    let well_formed = number.chars().all(|c| {
        if c.is_ascii_digit() {
            digit_seen = true;
            true
        } else if c == '+' {
            let first = !digit_seen && !plus_seen;
            plus_seen = true;
            first
        } else {
            is_separator(c)
        }
    }) && digit_seen;
    well_formed.then_some(number)
}

/// Where an extension or a dial pause begins, after a digit: `;` (tel: parameters such as
/// `;ext=`); `,`, `p`, `w`, `x`, `ext` or `доб` followed by digits (`p12`, `ext. 12`), so that
/// the letters of a sender id ("…Winner") never make one.
fn extension_start(text: &str) -> Option<usize> {
    let mut seen_digit = false;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            seen_digit = true;
            continue;
        }
        if !seen_digit {
            continue;
        }
        if c == ';' {
            return Some(i);
        }
        let head: String = text[i..]
            .chars()
            .take(3)
            .flat_map(char::to_lowercase)
            .collect();
        let marker = if head == "ext" || head == "доб" {
            text[i..]
                .char_indices()
                .nth(3)
                .map_or(text.len() - i, |(n, _)| n)
        } else if matches!(c, ',' | 'p' | 'P' | 'w' | 'W' | 'x' | 'X') {
            c.len_utf8()
        } else {
            continue;
        };
        // What follows the marker: dial pauses, separators and digits, at least one digit.
        let rest = &text[i + marker..];
        let digits_follow = rest.chars().any(|c| c.is_ascii_digit())
            && rest.chars().all(|c| {
                c.is_ascii_digit()
                    || is_separator(c)
                    || matches!(c, ',' | ';' | '#' | '*' | 'p' | 'P' | 'w' | 'W' | ':' | '=')
            });
        if digits_follow {
            return Some(i);
        }
    }
    None
}

/// Separators people and phones put between digits.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '(' | ')' | '[' | ']' | '/' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}'
        )
}

/// Fullwidth ASCII (`＋７０１`) as plain ASCII, and the digits of other scripts
/// (Arabic-Indic `٧٠١`, Persian `۷۰۱`, Devanagari `७०१`) as ASCII ones, as an SMS body's
/// and a sender id's are ([`crate::text::fold`]).
fn fold_width_and_digits(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c if !c.is_ascii() => crate::text::ascii_digit(c).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
            "(+7) 701 555 01 01",
            "+ 7 701 555 01 01",
            "8 10 7 701 555 01 01",
        ] {
            assert_eq!(normalise(raw), "+77015550101", "{raw}");
        }
    }

    #[test]
    fn international_numbers_are_e164() {
        assert_eq!(normalise("+44 20 7946 0958"), "+442079460958");
        assert_eq!(normalise("00998 90 123 45 67"), "+998901234567");
        // 8~10 is how Kazakhstan and Russia dial abroad.
        assert_eq!(normalise("8 10 44 20 7946 0958"), "+442079460958");
        assert_eq!(normalise("(+998) 90 123 45 67"), "+998901234567");
    }

    /// The same ten digits after another country code are another number, in every form.
    #[test]
    fn other_countries_never_become_kazakh_numbers() {
        let kazakh = normalise("8 701 555 01 01");
        for raw in [
            "+1 701 555 0101",
            "001 701 555 0101",
            "8 10 1 701 555 0101",
            "+870 1555 0101",
            "+996 701 555 010",
            "+380 70 155 5010",
            "17015550101",
            "07015550101",
        ] {
            let n = normalise(raw);
            assert_ne!(n, kazakh, "{raw}");
        }
    }

    #[test]
    fn short_codes_and_names_stay() {
        assert_eq!(normalise(" 1414 "), "1414");
        assert_eq!(normalise("Kaspi.kz"), "Kaspi.kz");
        assert_eq!(normalise("\u{200e}Kaspi.kz\u{200b}"), "Kaspi.kz");
        assert_eq!(normalise("7111"), "7111");
        assert_eq!(normalise("Telegram"), "Telegram");
        assert_eq!(normalise("tele2"), "tele2");
        assert!(!is_full_number(&normalise("1414")));
        assert!(is_full_number(&normalise("8 701 555 0101")));
        assert!(!is_full_number(&normalise("Kaspi.kz")));
        assert!(!is_full_number(&normalise("+77\u{1}garbage")));
        assert!(!is_full_number("+7701555010199999"));
        // A sender id with digits and the letters of a dial pause or an extension is no number.
        for id in [
            "7015550101W",
            "77015550101WhatsApp",
            "87015550101Promo",
            "7015550101x",
        ] {
            assert!(!is_full_number(&normalise(id)), "{id}");
        }
        // No country code starts with 0.
        for raw in ["+0000000000", "+00000000", "+0 701 555 0101"] {
            assert!(!is_full_number(&normalise(raw)), "{raw}");
        }
    }

    #[test]
    fn what_phones_wrap_numbers_in_is_taken_off() {
        for raw in [
            "\u{202a}+7 701 555 01 01\u{202c}",
            "\u{2066}+77015550101\u{2069}",
            "\u{200e}+77015550101",
            "+7701\u{200b}5550101",
            "\u{feff}87015550101",
            "tel:+77015550101",
            "TEL:+7-701-555-01-01;phone-context=kz",
            "*31#+77015550101",
            "#31#87015550101",
            "*31#*31#+77015550101",
            "+77015550101;ext=12",
            "+7 701 555 01 01 ext. 12",
            "+7 701 555 01 01 доб. 12",
            "87015550101,12",
            "87015550101p12",
            "+77015550101 x12",
            "＋７７０１５５５０１０１",
            "８ ７０１ ５５５ ０１ ０１",
            "8/701/555/01/01",
            "8_701_555_01_01",
            "8\t701\t555\t01\t01",
            "8\u{2009}701\u{2009}555\u{202f}01\u{00a0}01",
            "8–701–555–01–01",
            "[8] 701.555.01.01",
            "+77015550101\u{0}",
            "+7 701 555 01 01\u{fe0f}",
            "\u{1b}+77015550101",
            "+7 701 555 01 01 ext 12",
            "8 701 555 01 01 w1234#",
        ] {
            assert_eq!(normalise(raw), "+77015550101", "{raw:?}");
        }
    }

    /// How a phone, a contact app or a person may write a number.
    fn written_form(digits: &'static str) -> impl Strategy<Value = String> {
        let prefix = prop::sample::select(&["+7", "8", "7", "007", "", "(+7) ", "8 10 7 "][..]);
        let separator = prop::sample::select(
            &[
                "", " ", "-", ".", "/", "_", "\t", "\u{a0}", "\u{2009}", "\u{202f}", "\u{200b}",
                "\u{200e}", "–",
            ][..],
        );
        let wrapper = prop::sample::select(
            &[
                ("", ""),
                ("\u{202a}", "\u{202c}"),
                ("\u{2066}", "\u{2069}"),
                ("\u{200e}", ""),
                ("tel:", ""),
                ("*31#", ""),
                ("#31#", ""),
                ("", ";ext=7"),
                ("", ",123"),
                (" ", " "),
            ][..],
        );
        (
            prefix,
            prop::collection::vec(separator, 11),
            wrapper,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                move |(prefix, seps, (before, after), fullwidth, brackets)| {
                    let mut body = String::new();
                    for (i, d) in digits.chars().enumerate() {
                        if brackets && i == 0 {
                            body.push('(');
                        }
                        body.push(d);
                        if brackets && i == 2 {
                            body.push(')');
                        }
                        body.push_str(seps[i]);
                    }
                    let mut text = format!("{before}{prefix}{body}{after}");
                    if fullwidth {
                        text = text
                            .chars()
                            .map(|c| match c {
                                '0'..='9' | '+' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                                _ => c,
                            })
                            .collect();
                    }
                    text
                },
            )
    }

    proptest! {
        #[test]
        fn every_written_form_of_a_number_is_that_number(
            form in prop_oneof![written_form("7015550101"), written_form("7775550177"), written_form("7470001122")]
        ) {
            let n = normalise(&form);
            prop_assert!(
                ["+77015550101", "+77775550177", "+77470001122"].contains(&n.as_str()),
                "{:?} became {:?}", form, n
            );
        }
    }
}
