//! Streaming readers for the XML files of the Android app "SMS Backup & Restore".
//!
//! It is the common way people in Kazakhstan keep their SMS and call log, so `smsguard scan`
//! reads it to find the moments the guard would have warned about. Files reach a million
//! messages, so the readers hold one element at a time and reuse their buffers.
//!
//! The app writes characters outside the Basic Multilingual Plane (emoji) as two
//! character references, one per UTF-16 surrogate (`&#55357;&#56832;` for 😀). A strict XML
//! parser rejects those, so attribute values go through [`decode_value`], which joins the
//! pairs; `quick-xml` only finds the structure.
//!
//! Errors name a byte offset and a line, and never carry a body, a phone number or a contact
//! name: the file is someone's private messages.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::marker::PhantomData;
use std::str::FromStr;
use std::sync::Arc;

use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A received SMS from the backup: what the guard's SMS event needs, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSms {
    /// When the phone received it, milliseconds since the epoch (the app's `date`).
    pub ts: i64,
    /// The sender as the phone stored it: a number in any local form, a short code or a name.
    pub address: String,
    /// `None` when the backup has no text for it (the app writes a missing value as `null`).
    pub body: Option<String>,
}

/// One entry of the call log backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupCall {
    /// When the call started ringing or dialling, milliseconds since the epoch.
    pub ts: i64,
    /// `None` for hidden, private, unknown or payphone callers.
    pub number: Option<String>,
    /// Connected time in seconds; 0 for calls that were never answered.
    pub duration_s: u64,
    pub kind: CallKind,
    /// Whether the phone showed a contact name for the number.
    pub contact: bool,
}

/// Android's `CallLog.Calls.TYPE`, kept as a closed set plus an escape hatch so a vendor's
/// extra type is reported rather than rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Incoming,
    Outgoing,
    Missed,
    Voicemail,
    Rejected,
    Blocked,
    AnsweredExternally,
    Other(u32),
}

impl From<u32> for CallKind {
    fn from(code: u32) -> Self {
        match code {
            1 => Self::Incoming,
            2 => Self::Outgoing,
            3 => Self::Missed,
            4 => Self::Voicemail,
            5 => Self::Rejected,
            6 => Self::Blocked,
            7 => Self::AnsweredExternally,
            other => Self::Other(other),
        }
    }
}

/// Reads the received SMS of an `<smses>` backup in file order.
///
/// Sent messages, drafts, the outbox and MMS are passed over (counted in
/// [`Records::passed`]): only what arrived on the phone can carry a code someone is tricked into
/// reading out. A bad `<sms>` element gives one error item and reading goes on — also one that
/// runs into the next element for want of its `>`, after which the next one is read; broken XML
/// gives one error item and ends the iterator.
pub fn read_sms<R: BufRead>(input: R) -> Records<R, BackupSms> {
    Records::<R, BackupSms>::new(input)
}

/// Reads every `<call>` of a `<calls>` backup in file order, with the same error behaviour
/// as [`read_sms`].
pub fn read_calls<R: BufRead>(input: R) -> Records<R, BackupCall> {
    Records::<R, BackupCall>::new(input)
}

/// What a reader passed over without an error, by why.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Passed {
    /// Sent SMS (`type` 2).
    pub sent: u64,
    /// Drafts, the outbox, failed and queued SMS (`type` 3 to 6).
    pub unsent: u64,
    /// MMS, whatever their box.
    pub mms: u64,
}

/// Why an element that is fine was not wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Sent,
    Unsent,
}

/// What went wrong, and where. Byte offsets count from 0 at the start of the file; lines
/// count from 1.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("cannot read the backup at byte {pos}: {source}")]
    Io {
        pos: u64,
        #[source]
        source: Arc<io::Error>,
    },
    /// The file's structure is broken; nothing after this point is read.
    #[error("bad XML at byte {pos} (line {line}): {reason}")]
    Xml { pos: u64, line: u64, reason: String },
    /// One element could not be used; reading goes on with the next one.
    #[error("<{element}> at byte {pos} (line {line}): {problem}")]
    Element {
        element: &'static str,
        pos: u64,
        line: u64,
        problem: ElementProblem,
    },
}

/// Why a single element was rejected. Names the attribute, never echoes its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ElementProblem {
    #[error("attribute `{0}` is missing")]
    Missing(&'static str),
    #[error("attribute `{0}` is not a number")]
    NotANumber(&'static str),
    #[error("malformed attributes: {0}")]
    Malformed(AttrError),
    #[error("it has no `>` and runs into the next element, which is read on its own")]
    RunsOn,
}

/// A kind of backup element the generic reader can turn into a value.
trait Record: Sized {
    /// The root element the file must have, so a call log given as `--sms` is an error
    /// rather than an empty scan.
    const ROOT: &'static str;
    /// The element that holds one record, directly under the root.
    const ELEMENT: &'static str;
    /// `Ok(Err(why))` for an element that is valid but not wanted (a sent SMS).
    fn from_element(element: &BytesStart<'_>) -> Result<Result<Self, Pass>, ElementProblem>;
}

impl Record for BackupSms {
    const ROOT: &'static str = "smses";
    const ELEMENT: &'static str = "sms";

    fn from_element(element: &BytesStart<'_>) -> Result<Result<Self, Pass>, ElementProblem> {
        let [kind, date, address, body] = pick(element, [b"type", b"date", b"address", b"body"])?;
        // Android's `Telephony.Sms.MESSAGE_TYPE_INBOX` and `MESSAGE_TYPE_SENT`; decided first so
        // a sent message never costs a body decode.
        const RECEIVED: u32 = 1;
        const SENT: u32 = 2;
        match number::<u32>(kind, "type")? {
            RECEIVED => {}
            SENT => return Ok(Err(Pass::Sent)),
            _ => return Ok(Err(Pass::Unsent)),
        }
        let ts = number(date, "date")?;
        let address = address.ok_or(ElementProblem::Missing("address"))?;
        Ok(Ok(Self {
            ts,
            address: decode_value(&address).into_owned(),
            body: body
                .map(|raw| decode_value(&raw).into_owned())
                .filter(|text| text != NULL),
        }))
    }
}

impl Record for BackupCall {
    const ROOT: &'static str = "calls";
    const ELEMENT: &'static str = "call";

    fn from_element(element: &BytesStart<'_>) -> Result<Result<Self, Pass>, ElementProblem> {
        let [kind, date, duration, number_raw, presentation, contact_name] = pick(
            element,
            [
                b"type",
                b"date",
                b"duration",
                b"number",
                b"presentation",
                b"contact_name",
            ],
        )?;
        let kind = CallKind::from(number::<u32>(kind, "type")?);
        let ts = number(date, "date")?;
        let duration_s = number(duration, "duration")?;
        // Presentation is informative only; a value we cannot read must not cost the call.
        let presentation = presentation.and_then(|raw| decode_value(&raw).trim().parse().ok());
        let number = number_raw.and_then(|raw| shown_number(&decode_value(&raw), presentation));
        let contact = contact_name.is_some_and(|raw| is_contact_name(&decode_value(&raw)));
        Ok(Ok(Self {
            ts,
            number,
            duration_s,
            kind,
            contact,
        }))
    }
}

/// How the app writes a Java `null`.
const NULL: &str = "null";

/// The number as the guard should see it, or `None` when the caller was hidden.
///
/// Android blanks hidden callers in several ways: an empty number, a negative placeholder
/// (`-1` unknown, `-2` private, `-3` payphone) or a `CallLog.Calls.PRESENTATION_*` code
/// (2 restricted, 3 unknown, 4 payphone, 5 unavailable). Other presentation codes are left
/// alone, so a vendor's odd value cannot hide every caller in the log.
fn shown_number(raw: &str, presentation: Option<u32>) -> Option<String> {
    const HIDDEN_PRESENTATIONS: [u32; 4] = [2, 3, 4, 5];
    let number = raw.trim();
    let placeholder = number
        .strip_prefix('-')
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()));
    let hidden = number.is_empty()
        || number == NULL
        || placeholder
        || presentation.is_some_and(|p| HIDDEN_PRESENTATIONS.contains(&p));
    (!hidden).then(|| number.to_owned())
}

/// The app writes `(Unknown)` when the number matched no contact; older versions leave the
/// attribute empty or `null`.
fn is_contact_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty() && name != "(Unknown)" && name != NULL
}

/// The raw values of the named attributes, in the order asked, `None` where absent.
///
/// Stops at the last attribute it needs: parsing attributes is most of the reading time, and
/// an `<sms>` has a dozen after `body` that the guard never uses. So a repeated attribute
/// counts once (the first wins) and a malformed one after those needed goes unnoticed; neither
/// changes what the guard sees.
fn pick<'a, const N: usize>(
    element: &'a BytesStart<'_>,
    names: [&[u8]; N],
) -> Result<[Option<Cow<'a, [u8]>>; N], ElementProblem> {
    let mut values = [const { None }; N];
    let mut missing = N;
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.map_err(ElementProblem::Malformed)?;
        let Some(slot) = names
            .iter()
            .position(|name| *name == attribute.key.as_ref())
        else {
            continue;
        };
        if values[slot].is_none() {
            values[slot] = Some(attribute.value);
            missing -= 1;
            if missing == 0 {
                break;
            }
        }
    }
    Ok(values)
}

/// A required numeric attribute; surrounding spaces are forgiven, anything else is not.
fn number<T: FromStr>(raw: Option<Cow<'_, [u8]>>, name: &'static str) -> Result<T, ElementProblem> {
    let raw = raw.ok_or(ElementProblem::Missing(name))?;
    decode_value(&raw)
        .trim()
        .parse()
        .map_err(|_| ElementProblem::NotANumber(name))
}

/// Turns a raw attribute value into text, the way the app meant it.
///
/// Handles the five XML entities and decimal/hex character references, joins a high and a
/// low surrogate reference into one character, and turns a lone or invalid surrogate, an
/// out-of-range reference and invalid UTF-8 into U+FFFD. Something that only looks like a
/// reference (`&nbsp;`, a bare `&`) is kept as written: reading the message matters more
/// than rejecting it. Borrows when there is nothing to decode, which is most values.
fn decode_value(raw: &[u8]) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', raw) else {
        return String::from_utf8_lossy(raw);
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(&String::from_utf8_lossy(&raw[..first]));
    let mut rest = &raw[first..];
    // Invariant: `rest` starts with `&`. Splitting at `&` never cuts a UTF-8 sequence,
    // because no byte of a multi-byte sequence is ASCII.
    loop {
        let consumed = match reference(rest) {
            Some((Reference::Unit(high), len)) if is_high_surrogate(high) => {
                match reference(&rest[len..]) {
                    Some((Reference::Unit(low), next)) if is_low_surrogate(low) => {
                        out.push(join_surrogates(high, low));
                        len + next
                    }
                    _ => {
                        out.push(char::REPLACEMENT_CHARACTER);
                        len
                    }
                }
            }
            Some((Reference::Unit(code), len)) => {
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                len
            }
            Some((Reference::Named(c), len)) => {
                out.push(c);
                len
            }
            None => {
                out.push('&');
                1
            }
        };
        rest = &rest[consumed..];
        match memchr::memchr(b'&', rest) {
            Some(next) => {
                out.push_str(&String::from_utf8_lossy(&rest[..next]));
                rest = &rest[next..];
            }
            None => {
                out.push_str(&String::from_utf8_lossy(rest));
                return Cow::Owned(out);
            }
        }
    }
}

enum Reference {
    /// A numeric reference; a surrogate here is one half of a character.
    Unit(u32),
    Named(char),
}

/// Parses the reference at the start of `text` (which starts with `&`), returning it and its
/// length including `&` and `;`.
fn reference(text: &[u8]) -> Option<(Reference, usize)> {
    // Longer than any reference worth reading (`#x10FFFF`, `#0055357`); bounds the search.
    const MAX_NAME: usize = 12;
    let window = text.get(1..text.len().min(MAX_NAME + 2))?;
    let end = window.iter().position(|&b| b == b';')?;
    let name = &window[..end];
    let len = end + 2;
    let named = |c| Some((Reference::Named(c), len));
    match name {
        b"amp" => named('&'),
        b"lt" => named('<'),
        b"gt" => named('>'),
        b"quot" => named('"'),
        b"apos" => named('\''),
        [b'#', b'x' | b'X', hex @ ..] => Some((Reference::Unit(radix(hex, 16)?), len)),
        [b'#', decimal @ ..] => Some((Reference::Unit(radix(decimal, 10)?), len)),
        _ => None,
    }
}

/// Digits only (no sign, unlike `from_str_radix`); a value too large for `u32` becomes one
/// that is not a character, so it decodes to U+FFFD like any other invalid reference.
fn radix(digits: &[u8], radix: u32) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(|&b| char::from(b).is_digit(radix)) {
        return None;
    }
    let text = std::str::from_utf8(digits).ok()?;
    Some(u32::from_str_radix(text, radix).unwrap_or(u32::MAX))
}

fn is_high_surrogate(unit: u32) -> bool {
    (0xD800..=0xDBFF).contains(&unit)
}

fn is_low_surrogate(unit: u32) -> bool {
    (0xDC00..=0xDFFF).contains(&unit)
}

fn join_surrogates(high: u32, low: u32) -> char {
    let units = [high, low].map(|unit| u16::try_from(unit).unwrap_or(0));
    char::decode_utf16(units)
        .next()
        .and_then(Result::ok)
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Where the tag's content holds a `<` outside quoted values — the tag lacked its `>` and ran
/// into the next element(s): the offsets of those `<`, or `None` for a whole tag.
fn run_on_parts(element: &BytesStart<'_>) -> Option<Vec<usize>> {
    let content: &[u8] = element;
    memchr::memchr(b'<', content)?;
    let mut quote = None;
    let mut starts = Vec::new();
    for (i, &b) in content.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'<') => starts.push(i),
            _ => {}
        }
    }
    (!starts.is_empty()).then_some(starts)
}

/// The shared engine of [`read_sms`] and [`read_calls`]: walks the events, keeps track of
/// depth so nested content (MMS parts) is skipped, and counts lines for error messages.
pub struct Records<R, T> {
    xml: Reader<R>,
    /// Holds the current event; reused so memory stays at the size of the largest element.
    buf: Vec<u8>,
    /// The line the next event starts on.
    line: u64,
    /// 0 before the root, 1 directly inside it, more inside anything nested.
    depth: usize,
    done: bool,
    /// Items found inside an element that ran into the next ones, not yet handed out.
    pending: VecDeque<Result<T, BackupError>>,
    passed: Passed,
    record: PhantomData<fn() -> T>,
}

/// What one event asks the iterator to do once the event's borrow of the buffer has ended.
enum Step<T> {
    Continue,
    Yield(Result<T, BackupError>),
    Finish(Option<BackupError>),
}

impl<R, T> Records<R, T> {
    /// What was passed over so far, and why.
    pub fn passed(&self) -> Passed {
        self.passed
    }
}

// `Record` stays private: the readers are the public way in, `Records` only their iterator.
#[allow(private_bounds)]
impl<R: BufRead, T: Record> Records<R, T> {
    fn new(input: R) -> Self {
        let mut xml = Reader::from_reader(input);
        // Text between elements is never used; a stray `&` there must not end the scan.
        xml.config_mut().allow_dangling_amp = true;
        Self {
            xml,
            buf: Vec::with_capacity(4096),
            line: 1,
            depth: 0,
            done: false,
            pending: VecDeque::new(),
            passed: Passed::default(),
            record: PhantomData,
        }
    }

    fn step(&mut self) -> Step<T> {
        self.buf.clear();
        let pos = self.xml.buffer_position();
        let line = self.line;
        let step = match self.xml.read_event_into(&mut self.buf) {
            Err(quick_xml::Error::Io(source)) => Step::Finish(Some(BackupError::Io {
                pos: self.xml.buffer_position(),
                source,
            })),
            Err(error) => Step::Finish(Some(BackupError::Xml {
                pos: self.xml.error_position(),
                line,
                reason: error.to_string(),
            })),
            Ok(Event::Start(element)) => {
                let step = Self::element(
                    self.depth,
                    &element,
                    pos,
                    line,
                    false,
                    &mut self.passed,
                    &mut self.pending,
                );
                self.depth += 1;
                step
            }
            Ok(Event::Empty(element)) => Self::element(
                self.depth,
                &element,
                pos,
                line,
                true,
                &mut self.passed,
                &mut self.pending,
            ),
            Ok(Event::End(_)) => {
                // quick-xml checks that end tags match, so depth is at least 1 here.
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    Step::Finish(None)
                } else {
                    Step::Continue
                }
            }
            Ok(Event::Eof) => Step::Finish(Some(BackupError::Xml {
                pos,
                line,
                reason: if self.depth == 0 {
                    format!("no <{}> element: is this the right backup file?", T::ROOT)
                } else {
                    format!("the file ends inside <{}>: it is cut short", T::ROOT)
                },
            })),
            Ok(_) => Step::Continue,
        };
        self.line += memchr::memchr_iter(b'\n', &self.buf).count() as u64;
        step
    }

    /// Decides what an opening (or self-closing, `empty`) tag at `depth` means.
    fn element(
        depth: usize,
        element: &BytesStart<'_>,
        pos: u64,
        line: u64,
        empty: bool,
        passed: &mut Passed,
        pending: &mut VecDeque<Result<T, BackupError>>,
    ) -> Step<T> {
        let name = element.name();
        match depth {
            0 if name.as_ref() == T::ROOT.as_bytes() => {
                if empty {
                    Step::Finish(None)
                } else {
                    Step::Continue
                }
            }
            0 => Step::Finish(Some(BackupError::Xml {
                pos,
                line,
                reason: format!(
                    "the file starts with <{}>, not <{}>: is this the right backup file?",
                    String::from_utf8_lossy(name.as_ref()),
                    T::ROOT
                ),
            })),
            1 if name.as_ref() == T::ELEMENT.as_bytes() => {
                if let Some(rest) = run_on_parts(element) {
                    // The tag has no `>`: it ran into the next element(s). Report it, and read
                    // each element it swallowed on its own.
                    pending.push_back(Err(BackupError::Element {
                        element: T::ELEMENT,
                        pos,
                        line,
                        problem: ElementProblem::RunsOn,
                    }));
                    let content: &[u8] = element;
                    for offset in rest {
                        let part = &content[offset + 1..];
                        let part_pos = pos + 1 + offset as u64;
                        let part_line =
                            line + memchr::memchr_iter(b'\n', &content[..offset]).count() as u64;
                        let part = part.strip_suffix(b"/").unwrap_or(part);
                        let name_len = part
                            .iter()
                            .position(|b| b.is_ascii_whitespace())
                            .unwrap_or(part.len());
                        if &part[..name_len] == b"mms" {
                            passed.mms += 1;
                        }
                        if &part[..name_len] != T::ELEMENT.as_bytes() {
                            continue;
                        }
                        let inner =
                            BytesStart::from_content(String::from_utf8_lossy(part), name_len);
                        if let Step::Yield(item) = Self::one(&inner, part_pos, part_line, passed) {
                            pending.push_back(item);
                        }
                    }
                    return Step::Continue;
                }
                Self::one(element, pos, line, passed)
            }
            1 if name.as_ref() == b"mms" => {
                passed.mms += 1;
                Step::Continue
            }
            _ => Step::Continue,
        }
    }

    /// One record element.
    fn one(element: &BytesStart<'_>, pos: u64, line: u64, passed: &mut Passed) -> Step<T> {
        match T::from_element(element) {
            Ok(Ok(record)) => Step::Yield(Ok(record)),
            Ok(Err(pass)) => {
                match pass {
                    Pass::Sent => passed.sent += 1,
                    Pass::Unsent => passed.unsent += 1,
                }
                Step::Continue
            }
            Err(problem) => Step::Yield(Err(BackupError::Element {
                element: T::ELEMENT,
                pos,
                line,
                problem,
            })),
        }
    }
}

#[allow(private_bounds)]
impl<R: BufRead, T: Record> Iterator for Records<R, T> {
    type Item = Result<T, BackupError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.pending.pop_front() {
            return Some(item);
        }
        while !self.done {
            match self.step() {
                Step::Continue => {
                    if let Some(item) = self.pending.pop_front() {
                        return Some(item);
                    }
                }
                Step::Yield(item) => return Some(item),
                Step::Finish(error) => {
                    self.done = true;
                    return error.map(Err);
                }
            }
        }
        None
    }
}

#[cfg(test)]
#[path = "../tests/support/backup_gen.rs"]
mod backup_gen;

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET_BODY: &str = "Kod 482913 nikomu";
    const SECRET_NUMBER: &str = "+77015550101";

    fn sms_file(elements: &str) -> String {
        format!(
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n\
             <!--File Created By SMS Backup & Restore v10.20.002 on 24/11/2024 12:00:00-->\n\
             <?xml-stylesheet type=\"text/xsl\" href=\"sms.xsl\"?>\n\
             <smses count=\"9\">\n{elements}</smses>\n"
        )
    }

    fn calls_file(elements: &str) -> String {
        format!(
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"9\">\n{elements}</calls>\n"
        )
    }

    fn sms(address: &str, ts: i64, kind: u32, body: &str) -> String {
        format!(
            "  <sms protocol=\"0\" address=\"{address}\" date=\"{ts}\" type=\"{kind}\" subject=\"null\" \
             body=\"{body}\" toa=\"null\" sc_toa=\"null\" service_center=\"+77019000000\" read=\"1\" \
             status=\"-1\" locked=\"0\" date_sent=\"{ts}\" readable_date=\"24 нояб. 2024 г. 12:00:00\" \
             contact_name=\"(Unknown)\" />\n"
        )
    }

    fn all_sms(xml: &str) -> Vec<Result<BackupSms, BackupError>> {
        read_sms(xml.as_bytes()).collect()
    }

    fn ok_sms(xml: &str) -> Vec<BackupSms> {
        all_sms(xml)
            .into_iter()
            .collect::<Result<_, _>>()
            .expect("every element is valid")
    }

    fn ok_calls(xml: &str) -> Vec<BackupCall> {
        read_calls(xml.as_bytes())
            .collect::<Result<_, _>>()
            .expect("every element is valid")
    }

    fn body_of(escaped: &str) -> Option<String> {
        let xml = sms_file(&sms("1414", 1, 1, escaped));
        ok_sms(&xml).pop().and_then(|s| s.body)
    }

    #[test]
    fn surrogate_pair_references_become_one_emoji() {
        assert_eq!(body_of("Hi &#55357;&#56832;!").as_deref(), Some("Hi 😀!"));
        assert_eq!(
            body_of("&#xD83C;&#xDF89;&#55357;&#56832;").as_deref(),
            Some("🎉😀")
        );
        assert_eq!(body_of("&#128512; direct").as_deref(), Some("😀 direct"));
    }

    #[test]
    fn lone_or_invalid_surrogates_become_replacement_characters() {
        assert_eq!(body_of("a&#55357;b").as_deref(), Some("a\u{FFFD}b"));
        assert_eq!(body_of("a&#56832;b").as_deref(), Some("a\u{FFFD}b"));
        // A high surrogate followed by another high one: each is alone.
        assert_eq!(
            body_of("&#55357;&#55357;").as_deref(),
            Some("\u{FFFD}\u{FFFD}")
        );
        // Two halves in the wrong order.
        assert_eq!(
            body_of("&#56832;&#55357;").as_deref(),
            Some("\u{FFFD}\u{FFFD}")
        );
        // Still a pair at the very end of the value, and a cut-off one.
        assert_eq!(body_of("end &#55357;").as_deref(), Some("end \u{FFFD}"));
        assert_eq!(
            body_of("&#1114112;&#99999999999;").as_deref(),
            Some("\u{FFFD}\u{FFFD}")
        );
    }

    #[test]
    fn entities_and_character_references_decode() {
        assert_eq!(
            body_of("&quot;A&amp;B&quot; &lt;3 &gt; it&apos;s&#10;line&#x41;&#65;").as_deref(),
            Some("\"A&B\" <3 > it's\nlineAA")
        );
    }

    #[test]
    fn text_that_only_looks_like_a_reference_is_kept() {
        assert_eq!(decode_value(b"AT&T"), "AT&T");
        assert_eq!(decode_value(b"a &nbsp; b"), "a &nbsp; b");
        assert_eq!(
            decode_value(b"&#; &#x; &#+65; &#12a;"),
            "&#; &#x; &#+65; &#12a;"
        );
        assert_eq!(decode_value(b"trailing &"), "trailing &");
        assert_eq!(decode_value(b"&amp"), "&amp");
    }

    #[test]
    fn plain_values_borrow_and_bad_utf8_is_replaced() {
        assert!(matches!(decode_value(b"plain"), Cow::Borrowed("plain")));
        assert_eq!(decode_value(b"a\xffb&amp;\xfe"), "a\u{FFFD}b&\u{FFFD}");
        assert_eq!(decode_value("Сәлем &amp; 😀".as_bytes()), "Сәлем & 😀");
    }

    proptest::proptest! {
        #[test]
        fn whatever_the_app_writes_decodes_back(text in "\\PC*|[&;#x0-9a-fA-F😀\n\"<>]{0,40}") {
            let mut escaped = String::new();
            backup_gen::escape_into(&mut escaped, &text);
            proptest::prop_assert_eq!(decode_value(escaped.as_bytes()), text);
        }

        #[test]
        fn any_bytes_decode_without_panicking(raw in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(b"&#x;0123456789DdCcFf".to_vec()),
                proptest::num::u8::ANY,
            ],
            0..64,
        )) {
            let _ = decode_value(&raw);
        }

        #[test]
        fn references_to_any_code_unit_decode_without_panicking(units in proptest::collection::vec(
            proptest::prop_oneof![0xD800u32..0xE000, 0u32..0x11_0000],
            0..6,
        ), hex: bool) {
            let raw: String = units
                .iter()
                .map(|u| if hex { format!("&#x{u:X};") } else { format!("&#{u};") })
                .collect();
            let decoded = decode_value(raw.as_bytes());
            proptest::prop_assert!(decoded.chars().count() <= units.len());
        }
    }

    #[test]
    fn only_received_sms_are_read() {
        let elements = [1, 2, 3, 4, 5, 6]
            .map(|kind| sms("Kaspi.kz", 1000 + i64::from(kind), kind, "x"))
            .concat();
        let read = ok_sms(&sms_file(&elements));
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].ts, 1001);
        assert_eq!(read[0].address, "Kaspi.kz");
    }

    #[test]
    fn a_missing_or_null_body_is_none() {
        let no_body = "<sms address=\"1414\" date=\"5\" type=\"1\" />\n";
        let xml = sms_file(&[no_body, &sms("1414", 6, 1, "null")].concat());
        let read = ok_sms(&xml);
        assert_eq!(read.len(), 2);
        assert!(read.iter().all(|s| s.body.is_none()));
    }

    #[test]
    fn mms_and_their_parts_are_skipped() {
        let mms = "  <mms date=\"7\" msg_box=\"1\" address=\"+77011112233\">\n    <parts>\n      \
                   <part seq=\"0\" ct=\"text/plain\" text=\"hi &#55357;&#56832;\" />\n    </parts>\n    \
                   <addrs>\n      <addr address=\"+77011112233\" type=\"137\" />\n      \
                   <sms address=\"nested\" date=\"1\" type=\"1\" />\n    </addrs>\n  </mms>\n  <mms date=\"8\" />\n";
        let xml = sms_file(
            &[
                sms("1414", 1, 1, "a"),
                mms.to_owned(),
                sms("1414", 9, 1, "b"),
            ]
            .concat(),
        );
        let read = ok_sms(&xml);
        assert_eq!(read.iter().map(|s| s.ts).collect::<Vec<_>>(), [1, 9]);
    }

    #[test]
    fn what_is_passed_over_is_counted_by_why() {
        let mms = "<mms date=\"7\" msg_box=\"1\"><parts><part text=\"x\" /></parts></mms>\n";
        let elements = [
            sms("1414", 1, 1, "a"),
            sms("1414", 2, 2, "sent"),
            sms("1414", 3, 3, "draft"),
            sms("1414", 4, 4, "outbox"),
            mms.to_owned(),
            mms.to_owned(),
        ]
        .concat();
        let xml = sms_file(&elements);
        let mut reader = read_sms(xml.as_bytes());
        assert_eq!(reader.by_ref().filter(Result::is_ok).count(), 1);
        assert_eq!(
            reader.passed(),
            Passed {
                sent: 1,
                unsent: 2,
                mms: 2
            }
        );
    }

    /// A tag missing its `>` swallows the next elements: it is reported, and each element it
    /// swallowed is read on its own, with its own position.
    #[test]
    fn a_tag_without_its_closing_bracket_is_reported_and_the_next_ones_are_read() {
        let first = sms(SECRET_NUMBER, 1, 1, SECRET_BODY).replace(" />", "");
        let elements = [
            first,
            sms("1414", 2, 1, "b"),
            "<mms date=\"3\" />\n".to_owned(),
            sms("1414", 4, 1, "c"),
        ]
        .concat();
        let xml = sms_file(&elements);
        let items = all_sms(&xml);
        let ts: Vec<i64> = items
            .iter()
            .filter_map(|i| i.as_ref().ok())
            .map(|s| s.ts)
            .collect();
        assert_eq!(ts, [2, 4], "{items:?}");
        let Some(Err(BackupError::Element {
            pos, line, problem, ..
        })) = items.first()
        else {
            panic!("{items:?}")
        };
        assert_eq!(*problem, ElementProblem::RunsOn);
        assert_eq!((*pos, *line), (xml.find("<sms ").unwrap() as u64, 5));
        // Quotes keep a `<` in a value from looking like a new element.
        let quoted = sms_file(&sms("1414", 5, 1, "a<b").replace("&lt;", "<"));
        assert_eq!(all_sms(&quoted).len(), 1);
    }

    #[test]
    fn an_sms_written_with_an_end_tag_is_read() {
        let xml = sms_file("<sms address=\"1414\" date=\"3\" type=\"1\" body=\"x\"></sms>\n");
        assert_eq!(ok_sms(&xml).len(), 1);
    }

    #[test]
    fn a_bad_element_gives_one_positioned_error_and_reading_goes_on() {
        let bad = sms(SECRET_NUMBER, 0, 1, SECRET_BODY).replace("date=\"0\"", "date=\"24 nov\"");
        let elements = [sms("1414", 1, 1, "a"), bad, sms("1414", 3, 1, "c")].concat();
        let xml = sms_file(&elements);
        let items = all_sms(&xml);
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().map(|s| s.ts).ok(), Some(1));
        assert_eq!(items[2].as_ref().map(|s| s.ts).ok(), Some(3));
        let Err(error) = &items[1] else {
            panic!("the bad element must be an error")
        };
        let expected_pos = xml
            .find(&format!("<sms protocol=\"0\" address=\"{SECRET_NUMBER}\""))
            .unwrap();
        assert!(
            matches!(
                error,
                BackupError::Element { element: "sms", pos, line: 6, problem: ElementProblem::NotANumber("date") }
                    if *pos == expected_pos as u64
            ),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!("<sms> at byte {expected_pos} (line 6): attribute `date` is not a number")
        );
    }

    #[test]
    fn missing_attributes_and_malformed_attribute_syntax_are_element_errors() {
        let elements = [
            "<sms address=\"1414\" type=\"1\" body=\"no date\" />\n",
            "<sms date=\"1\" type=\"1\" body=\"no address\" />\n",
            "<sms address=\"1414\" date=\"2\" body=\"no type\" />\n",
            "<sms address=1414 date=\"3\" type=\"1\" />\n",
            "<sms address=\"1414\" date=\"4\" type=\"1\" />\n",
        ]
        .concat();
        let items = all_sms(&sms_file(&elements));
        let problems: Vec<_> = items
            .iter()
            .map(|item| match item {
                Err(BackupError::Element { problem, .. }) => Some(problem.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(problems[0], Some(ElementProblem::Missing("date")));
        assert_eq!(problems[1], Some(ElementProblem::Missing("address")));
        assert_eq!(problems[2], Some(ElementProblem::Missing("type")));
        assert!(matches!(problems[3], Some(ElementProblem::Malformed(_))));
        assert_eq!(items[4].as_ref().map(|s| s.ts).ok(), Some(4));
    }

    #[test]
    fn truncated_xml_gives_a_positioned_error_and_ends() {
        let full = sms_file(
            &[
                sms("1414", 1, 1, "a"),
                sms(SECRET_NUMBER, 2, 1, SECRET_BODY),
            ]
            .concat(),
        );
        let cut_at = full.find(SECRET_BODY).unwrap() + 4;
        let items = all_sms(&full[..cut_at]);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].is_ok());
        let Err(error @ BackupError::Xml { pos, line, .. }) = &items[1] else {
            panic!("expected an XML error, got {:?}", items[1])
        };
        let second = full.rfind("<sms").unwrap() as u64;
        assert_eq!((*pos, *line), (second, 6));
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("bad XML at byte {second} (line 6): ")),
            "{message}"
        );

        // Cut between elements: the root is never closed.
        let cut_at = full.find("</smses>").unwrap();
        let items = all_sms(&full[..cut_at]);
        assert_eq!(items.len(), 3);
        let Err(error) = &items[2] else {
            panic!("expected an error")
        };
        assert!(error.to_string().contains("cut short"), "{error}");
    }

    #[test]
    fn broken_structure_ends_reading() {
        let xml = sms_file(
            &[
                sms("1414", 1, 1, "a"),
                "<sms address=\"1\" date=\"2\" type=\"1\">\n</smses>\n".into(),
                sms("1414", 3, 1, "c"),
            ]
            .concat(),
        );
        let items = all_sms(&xml);
        // The unclosed <sms> itself is read; its parent's end tag then breaks the structure.
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(items[1].as_ref().map(|s| s.ts).ok(), Some(2));
        let Err(error @ BackupError::Xml { line: 7, .. }) = &items[2] else {
            panic!("{:?}", items[2])
        };
        assert!(error.to_string().contains("smses"), "{error}");
    }

    #[test]
    fn the_wrong_file_or_an_empty_one_is_an_error() {
        let calls = calls_file("<call number=\"1\" duration=\"0\" date=\"1\" type=\"1\" />\n");
        let items = all_sms(&calls);
        assert_eq!(items.len(), 1);
        assert!(items[0]
            .as_ref()
            .is_err_and(|e| e.to_string().contains("starts with <calls>, not <smses>")));
        let items = all_sms("");
        assert!(
            items.len() == 1
                && items[0]
                    .as_ref()
                    .is_err_and(|e| e.to_string().contains("no <smses>"))
        );
        assert!(all_sms("<smses count=\"0\"/>").is_empty());
    }

    #[test]
    fn errors_never_contain_bodies_or_numbers() {
        let cases = [
            sms(SECRET_NUMBER, 0, 1, SECRET_BODY)
                .replace("date=\"0\"", &format!("date=\"{SECRET_BODY}\"")),
            sms(SECRET_NUMBER, 0, 1, SECRET_BODY)
                .replace("type=\"1\"", &format!("type=\"{SECRET_NUMBER}\"")),
            sms(SECRET_NUMBER, 0, 1, SECRET_BODY).replace("subject=\"null\"", "oops"),
            sms(SECRET_NUMBER, 0, 1, SECRET_BODY).replace(" />", ""),
        ];
        for case in cases {
            let xml = sms_file(&case);
            for cut in [xml.len(), xml.find(SECRET_BODY).unwrap() + 3] {
                let errors: Vec<_> = all_sms(&xml[..cut])
                    .into_iter()
                    .filter_map(Result::err)
                    .collect();
                assert!(!errors.is_empty(), "{case} cut at {cut} must fail");
                for error in errors {
                    let text = format!("{error} {error:?}");
                    assert!(!text.contains("482913") && !text.contains("Kod"), "{text}");
                    assert!(!text.contains("5550101"), "{text}");
                }
            }
        }
    }

    #[test]
    fn calls_are_read_with_kind_duration_and_contact_rules() {
        let xml = calls_file(
            "<call number=\"+77015550101\" duration=\"35\" date=\"10\" type=\"1\" presentation=\"1\" contact_name=\"Mama\" />\n\
             <call number=\"87021234567\" duration=\"0\" date=\"20\" type=\"3\" presentation=\"1\" contact_name=\"(Unknown)\" />\n\
             <call number=\"+77770001122\" duration=\"12\" date=\"30\" type=\"2\" presentation=\"1\" />\n\
             <call number=\"+77770001122\" duration=\"0\" date=\"40\" type=\"5\" contact_name=\"\" />\n\
             <call number=\"+77770001122\" duration=\"0\" date=\"50\" type=\"6\" contact_name=\"null\" />\n\
             <call number=\"+77770001122\" duration=\"0\" date=\"60\" type=\"4\" contact_name=\"Ержан &amp; Co\" />\n\
             <call number=\"+77770001122\" duration=\"9\" date=\"70\" type=\"7\" />\n\
             <call number=\"+77770001122\" duration=\"9\" date=\"80\" type=\"100\" />\n",
        );
        let calls = ok_calls(&xml);
        let kinds: Vec<_> = calls.iter().map(|c| c.kind).collect();
        use CallKind::*;
        assert_eq!(
            kinds,
            [
                Incoming,
                Missed,
                Outgoing,
                Rejected,
                Blocked,
                Voicemail,
                AnsweredExternally,
                Other(100)
            ]
        );
        let contacts: Vec<_> = calls.iter().map(|c| c.contact).collect();
        assert_eq!(
            contacts,
            [true, false, false, false, false, true, false, false]
        );
        assert_eq!(calls[0].duration_s, 35);
        assert_eq!(calls[0].ts, 10);
        assert_eq!(calls[1].number.as_deref(), Some("87021234567"));
    }

    #[test]
    fn hidden_numbers_are_none() {
        let xml = calls_file(
            "<call number=\"\" duration=\"5\" date=\"1\" type=\"1\" presentation=\"2\" />\n\
             <call number=\"-1\" duration=\"5\" date=\"2\" type=\"1\" presentation=\"1\" />\n\
             <call number=\"-2\" duration=\"5\" date=\"3\" type=\"1\" />\n\
             <call number=\"null\" duration=\"5\" date=\"4\" type=\"1\" />\n\
             <call duration=\"5\" date=\"5\" type=\"1\" />\n\
             <call number=\"+77015550101\" duration=\"5\" date=\"6\" type=\"1\" presentation=\"3\" />\n\
             <call number=\" 1414 \" duration=\"5\" date=\"7\" type=\"2\" presentation=\"x\" />\n\
             <call number=\"+77015550101\" duration=\"5\" date=\"8\" type=\"1\" presentation=\"4\" />\n\
             <call number=\"+77015550101\" duration=\"5\" date=\"9\" type=\"1\" presentation=\"0\" />\n",
        );
        let numbers: Vec<_> = ok_calls(&xml).into_iter().map(|c| c.number).collect();
        let shown = |n: &str| Some(n.to_owned());
        assert_eq!(
            numbers,
            [
                None,
                None,
                None,
                None,
                None,
                None,
                shown("1414"),
                None,
                shown("+77015550101")
            ]
        );
    }

    #[test]
    fn a_bad_call_is_an_error_and_the_next_one_comes_through() {
        let xml = calls_file(
            "<call number=\"+77015550101\" duration=\"-3\" date=\"10\" type=\"1\" />\n\
             <call number=\"+77015550101\" date=\"10\" type=\"1\" />\n\
             <call number=\"+77015550101\" duration=\"3\" date=\"11\" type=\"1\" />\n",
        );
        let items: Vec<_> = read_calls(xml.as_bytes()).collect();
        assert!(matches!(
            &items[0],
            Err(BackupError::Element {
                element: "call",
                line: 3,
                problem: ElementProblem::NotANumber("duration"),
                ..
            })
        ));
        assert!(matches!(
            &items[1],
            Err(BackupError::Element {
                line: 4,
                problem: ElementProblem::Missing("duration"),
                ..
            })
        ));
        assert_eq!(items[2].as_ref().map(|c| c.ts).ok(), Some(11));
        assert!(!format!("{:?}", items[0]).contains("5550101"));
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
        let xml = format!(
            "\u{FEFF}{}",
            sms_file(&sms("1414", 1, 1, "a")).replace('\n', "\r\n")
        );
        assert_eq!(ok_sms(&xml).len(), 1);
    }

    #[test]
    fn a_generated_backup_reads_back_completely() {
        let config = backup_gen::GenConfig {
            sms: 3000,
            calls: 800,
            seed: 7,
        };
        let (mut sms_xml, mut calls_xml) = (Vec::new(), Vec::new());
        let summary =
            backup_gen::generate(&config, &mut sms_xml, &mut calls_xml).expect("writing to memory");

        let received: Vec<BackupSms> = read_sms(&sms_xml[..])
            .collect::<Result<_, _>>()
            .expect("valid");
        assert_eq!(received.len() as u64, summary.received_sms);
        assert!(
            received.windows(2).all(|w| w[0].ts <= w[1].ts),
            "file order is time order"
        );
        let bodies: Vec<&str> = received.iter().filter_map(|s| s.body.as_deref()).collect();
        assert!(bodies
            .iter()
            .all(|b| !b.contains('\u{FFFD}') && !b.contains("&#")));
        for quirk in ["😀", "\n", "&", "\"", "Сәлем", "<3"] {
            assert!(
                bodies.iter().any(|b| b.contains(quirk)),
                "no body contains {quirk:?}"
            );
        }

        let calls: Vec<BackupCall> = read_calls(&calls_xml[..])
            .collect::<Result<_, _>>()
            .expect("valid");
        assert_eq!(calls.len() as u64, summary.calls);
        assert!(calls.iter().any(|c| c.number.is_none()));
        assert!(calls.iter().any(|c| c.contact) && calls.iter().any(|c| !c.contact));

        assert!(summary.lone_codes > 0);
        let scenarios: std::collections::HashSet<_> =
            summary.planted.iter().map(|p| p.scenario).collect();
        assert_eq!(
            scenarios.len(),
            7,
            "every scenario is planted: {scenarios:?}"
        );
        for planted in &summary.planted {
            let code = received
                .iter()
                .find(|s| s.ts == planted.sms_ts)
                .expect("planted code is read");
            assert_eq!(code.address, planted.sender);
            let call = calls
                .iter()
                .find(|c| c.ts == planted.call_ts)
                .expect("planted call is read");
            assert_eq!(call.number, planted.caller);
        }
    }
}
