//! Streaming JSON Lines: one output line per input line, errors in place, constant memory.

use std::borrow::Cow;
use std::io::{self, BufRead, Read, Write};
use std::panic::{self, AssertUnwindSafe};

/// The error a line gets when handling it panicked (the panic hook in `main` says where).
pub const INTERNAL_ERROR: &str = "internal error, a bug in smsguard: this line was not handled";

/// When answers are written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    /// After every line: the input is a live stream (a pipe, a terminal, the phone's
    /// events) whose writer waits for each answer.
    EachLine,
    /// When the buffer fills and at the end: the input is a file.
    Buffered,
}

/// Why a stream stopped: its input could not be read, or its output not written (a closed
/// pipe, `| head`, is one the caller ends quietly on).
#[derive(Debug)]
pub enum StreamError {
    Read(io::Error),
    Write(io::Error),
}

/// Feeds each non-blank line to `f`, with the index (from 0) of the output line its answer will
/// be, and writes its answer (`Ok(None)`: no answer, for a line that only describes the
/// stream), or `{"error": "line N: …"}` — also for a line that is not UTF-8, which `f` never
/// sees, and for one whose `f` panicked ([`INTERNAL_ERROR`]). Returns how many lines failed.
///
/// `f` sees each line with its unpaired surrogate escapes made U+FFFD
/// ([`replace_lone_surrogates`]).
pub fn map_lines<R: BufRead, W: Write>(
    mut input: R,
    output: W,
    flush: Flush,
    mut f: impl FnMut(&str, u64) -> Result<Option<String>, String>,
) -> Result<usize, StreamError> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, output);
    let mut buf = Vec::with_capacity(1024);
    let mut line_no = 0u64;
    let mut answers = 0u64;
    let mut failed = 0;
    loop {
        buf.clear();
        let limit = MAX_LINE_BYTES as u64 + 1;
        if (&mut input)
            .take(limit)
            .read_until(b'\n', &mut buf)
            .map_err(StreamError::Read)?
            == 0
        {
            break;
        }
        line_no += 1;
        let too_long = buf.len() > MAX_LINE_BYTES && buf.last() != Some(&b'\n');
        if too_long {
            skip_line(&mut input).map_err(StreamError::Read)?;
        }
        // UTF-16 (Windows PowerShell's `>` and `Out-File` write it) read as UTF-8 gave one
        // puzzling error per line; say once what the file is.
        if line_no == 1 && (buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF])) {
            return Err(StreamError::Read(io::Error::new(
                io::ErrorKind::InvalidData,
                "the file is UTF-16 (as Windows PowerShell writes it); save it as UTF-8",
            )));
        }
        // A byte-order mark, as Notepad and Excel save "UTF-8" files, is not part of the
        // first line: it made that line "expected value at line 1 column 1" and lost it.
        let text = match buf.strip_prefix("\u{FEFF}".as_bytes()) {
            Some(rest) if line_no == 1 => rest,
            _ => &buf[..],
        };
        let answer = match std::str::from_utf8(text) {
            _ if too_long => Err(format!("longer than {} MiB, skipped", MAX_LINE_BYTES >> 20)),
            Ok(line) if line.trim().is_empty() => Ok(None),
            // A panic is our bug; it costs this line its answer, never the lines after it.
            Ok(line) => panic::catch_unwind(AssertUnwindSafe(|| {
                f(
                    &replace_lone_surrogates(line.trim_end_matches(['\n', '\r'])),
                    answers,
                )
            }))
            .unwrap_or_else(|_| Err(INTERNAL_ERROR.to_string())),
            Err(_) => Err("not valid UTF-8".to_string()),
        };
        if !matches!(answer, Ok(None)) {
            answers += 1;
        }
        let written = match answer {
            Ok(None) => Ok(()),
            Ok(Some(json)) => out
                .write_all(json.as_bytes())
                .and_then(|()| out.write_all(b"\n")),
            Err(message) => {
                failed += 1;
                let error = serde_json::json!({ "error": format!("line {line_no}: {message}") });
                writeln!(out, "{error}")
            }
        };
        written.map_err(StreamError::Write)?;
        if flush == Flush::EachLine {
            out.flush().map_err(StreamError::Write)?;
        }
    }
    out.flush().map_err(StreamError::Write)?;
    Ok(failed)
}

/// The longest line read, in bytes: 16 MiB, some 70 times the longest SMS Android sends
/// (255 parts) with every character escaped. A longer line is skipped with an error and never
/// held in memory whole: a file without line breaks (`/dev/zero`, a binary by mistake) used to
/// be read into memory until the process was killed, and the lines after it with it.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Reads past the rest of the current line without keeping it.
fn skip_line<R: BufRead>(input: &mut R) -> io::Result<()> {
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', available) {
            Some(end) => {
                input.consume(end + 1);
                return Ok(());
            }
            None => {
                let n = available.len();
                input.consume(n);
            }
        }
    }
}

/// The line with every `\uD800`–`\uDFFF` escape that is not half of a pair replaced by
/// `\uFFFD` (�); borrowed when there is none.
///
/// Java and JavaScript strings are UTF-16 and may hold half a pair — an SMS split between
/// two parts in the middle of an emoji, a note cut at a length — and Python's `json.dumps`,
/// JavaScript's `JSON.stringify` and others write it as such an escape. serde_json refuses
/// the whole line for it ("unexpected end of hex escape"): the SMS, and its warning, were lost
/// for one broken emoji. A pair stays as it is; an escaped backslash (`\\ud83d`) is no escape.
pub fn replace_lone_surrogates(line: &str) -> Cow<'_, str> {
    /// The value of the `\uXXXX` escape at `at` (which holds the backslash), if it is one.
    fn escape_at(b: &[u8], at: usize) -> Option<u16> {
        let hex = b.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    }
    let high = 0xD800..=0xDBFF;
    let low = 0xDC00..=0xDFFF;
    let b = line.as_bytes();
    let mut lone = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'\\', &b[i..]).map(|p| p + i) {
        match escape_at(b, at) {
            Some(u) if high.contains(&u) => match escape_at(b, at + 6) {
                Some(next) if low.contains(&next) => i = at + 12,
                _ => {
                    lone.push(at);
                    i = at + 6;
                }
            },
            Some(u) if low.contains(&u) => {
                lone.push(at);
                i = at + 6;
            }
            Some(_) => i = at + 6,
            // `\\`, `\"` and the other escapes of two characters; a backslash that ends a
            // (malformed) line has none after it.
            None => i = (at + 2).min(b.len()),
        }
    }
    if lone.is_empty() {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut from = 0;
    for at in lone {
        out.push_str(&line[from..at]);
        out.push_str("\\uFFFD");
        from = at + 6;
    }
    out.push_str(&line[from..]);
    Cow::Owned(out)
}

/// One line as `T`, the error naming the field it is about (`` `ts`: invalid type: null,
/// expected i64 ``; serde_json alone names only the column) and never quoting a value. A
/// line that fails is read again to find the field, so good lines cost nothing extra.
pub fn parse_line<'de, T: serde::Deserialize<'de>>(line: &'de str) -> Result<T, String> {
    serde_json::from_str(line).map_err(|e| {
        let mut de = serde_json::Deserializer::from_str(line);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(at) => described_at(&at),
            Ok(_) => describe_json_error(&e),
        }
    })
}

/// A path-tracked error as `` `field`: what `` (no path: what alone).
pub fn described_at(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let what = describe_json_error(e.inner());
    match e.path().to_string().as_str() {
        "." | "" => what,
        path => format!("`{path}`: {what}"),
    }
}

/// A JSON error message without the input's own text: serde quotes the values it
/// rejects (`"…"`, `` `…` ``), and those may be an SMS body or a code. Field and variant
/// names (short lower-case words) stay, so the message still says what is wrong.
pub fn describe_json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let mut out = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(open) = rest.find(['"', '`']) {
        out.push_str(&rest[..open]);
        let quote = &rest[open..open + 1];
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            out.push_str(quote);
            out.push('…');
            rest = "";
            break;
        };
        let inner = &after[..close];
        let is_name = quote == "`"
            && !inner.is_empty()
            && inner.len() <= 24
            && inner.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        out.push_str(quote);
        out.push_str(if is_name { inner } else { "…" });
        out.push_str(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_their_place_and_blank_lines_are_skipped() {
        let mut input = b"a\n\nbad\n".to_vec();
        input.extend_from_slice(&[0xFF, b'\n']);
        input.extend_from_slice(b"b\n");
        let mut out = Vec::new();
        let mut indices = Vec::new();
        let failed = map_lines(&input[..], &mut out, Flush::Buffered, |l, i| {
            indices.push(i);
            if l == "bad" {
                Err("nope".into())
            } else {
                Ok(Some(l.to_uppercase()))
            }
        })
        .unwrap();
        assert_eq!(failed, 2);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "A\n{\"error\":\"line 3: nope\"}\n{\"error\":\"line 4: not valid UTF-8\"}\nB\n"
        );
        // Each line is told where its answer goes, the UTF-8 error's line counted too.
        assert_eq!(indices, [0, 1, 3]);
    }

    /// A line whose handling panics gets an error in its place; the lines after it go through.
    #[test]
    fn a_panic_costs_one_line() {
        let mut out = Vec::new();
        let failed = map_lines(&b"a\nboom\nb\n"[..], &mut out, Flush::Buffered, |l, _| {
            assert_ne!(l, "boom", "a bug");
            Ok(Some(l.to_uppercase()))
        })
        .unwrap();
        assert_eq!(failed, 1);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            format!("A\n{{\"error\":\"line 2: {INTERNAL_ERROR}\"}}\nB\n")
        );
    }

    /// Half a UTF-16 pair, as Python, JavaScript and Java tools escape it, costs one
    /// character, never the line: high or low, at the start, the end, before another escape or
    /// another high half; pairs, escaped backslashes and other escapes stay as they are.
    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        let cases = [
            (r#"{"b": "\ud83d"}"#, "\u{FFFD}"),
            (r#"{"b": "a\ud83d b"}"#, "a\u{FFFD} b"),
            (r#"{"b": "\ude00x"}"#, "\u{FFFD}x"),
            (r#"{"b": "\ud83d\ud83d\ude00"}"#, "\u{FFFD}😀"),
            (r#"{"b": "\uD83D\n"}"#, "\u{FFFD}\n"),
            (r#"{"b": "\ud83d\u0041"}"#, "\u{FFFD}A"),
            (r#"{"b": "\ud83d\ude00"}"#, "😀"),
            (r#"{"b": "\\ud83d"}"#, "\\ud83d"),
            (r#"{"b": "\\\ud83d"}"#, "\\\u{FFFD}"),
            (r#"{"b": "\u0430\"\ud800"}"#, "а\"\u{FFFD}"),
        ];
        for (line, body) in cases {
            let fixed = replace_lone_surrogates(line);
            let v: serde_json::Value =
                serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert_eq!(v["b"], body, "{line}");
        }
        assert!(matches!(
            replace_lone_surrogates(r#"{"b": "\ud83d\ude00 \\ud800"}"#),
            Cow::Borrowed(_)
        ));
        // Malformed lines end anywhere: after a backslash, inside an escape.
        for line in [
            "\\",
            "x\\",
            r#"{"b": "\ud83"#,
            r#"{"b": "\ud83d\"#,
            r#"{"b": "\ud83d\u"#,
        ] {
            assert!(replace_lone_surrogates(line).len() >= line.len(), "{line}");
        }
    }

    /// A UTF-8 byte-order mark opens the first line only: it is read past there, and
    /// anywhere else it is the line's own text.
    #[test]
    fn a_byte_order_mark_is_read_past() {
        let input = "\u{FEFF}{\"a\": 1}\r\n\u{FEFF}b\n";
        let mut out = Vec::new();
        let mut seen = Vec::new();
        map_lines(input.as_bytes(), &mut out, Flush::Buffered, |l, _| {
            seen.push(l.to_string());
            Ok(None)
        })
        .unwrap();
        assert_eq!(seen, ["{\"a\": 1}", "\u{FEFF}b"]);
    }

    #[test]
    fn utf16_is_named_once() {
        for bom in [[0xFF, 0xFE], [0xFE, 0xFF]] {
            let mut input = bom.to_vec();
            input.extend_from_slice(b"{\0\"\0}\0\n\0");
            let e = map_lines(&input[..], Vec::new(), Flush::Buffered, |_, _| Ok(None));
            assert!(
                matches!(&e, Err(StreamError::Read(e)) if e.to_string().contains("UTF-16")),
                "{e:?}"
            );
        }
    }

    /// A line over the limit gets an error in its place and the lines after it go
    /// through; one exactly at the limit is read.
    #[test]
    fn an_overlong_line_is_skipped_not_held() {
        let mut input = b"a\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        input.extend_from_slice(b"\nb\n");
        input.extend(std::iter::repeat_n(b'y', MAX_LINE_BYTES - 1));
        input.extend_from_slice(b"\nc");
        let mut out = Vec::new();
        let failed = map_lines(&input[..], &mut out, Flush::Buffered, |l, _| {
            Ok(Some(format!("{}", l.len())))
        })
        .unwrap();
        assert_eq!(failed, 1);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            format!(
                "1\n{{\"error\":\"line 2: longer than 16 MiB, skipped\"}}\n1\n{}\n1\n",
                MAX_LINE_BYTES - 1
            )
        );
    }

    proptest::proptest! {
        /// Any line, however it is cut: no panic, and a line serde_json reads is read the
        /// same after the repair.
        #[test]
        fn surrogate_repair_never_panics_nor_changes_good_json(
            line in "[\\\\ud83cDEF0a\"{}: ]{0,40}"
        ) {
            let fixed = replace_lone_surrogates(&line);
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                proptest::prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&fixed).ok(), Some(v));
            }
        }
    }

    #[test]
    fn json_errors_keep_names_but_not_values() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Sms {
            sender: String,
            body: Option<String>,
        }
        let e = serde_json::from_str::<Sms>(r#"{"sender": "x", "body": 4821}"#).unwrap_err();
        let d = describe_json_error(&e);
        assert!(!d.contains("4821") && d.contains("invalid type"), "{d}");
        let e = serde_json::from_str::<Sms>(r#"{"body": "x"}"#).unwrap_err();
        assert!(describe_json_error(&e).contains("missing field `sender`"));
    }

    #[test]
    fn json_errors_do_not_echo_strings() {
        let e = serde_json::from_str::<i64>("\"secret 4821\"").unwrap_err();
        let d = describe_json_error(&e);
        assert!(!d.contains("4821"), "{d}");
        assert!(d.contains("invalid type"), "{d}");
    }
}
