//! Numbers the person reported as scammers, and their CSV form (`number,reported_at,note`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::phone_number;

/// One reported number; `number` is normalised (E.164).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportedNumber {
    pub number: String,
    /// Milliseconds since the epoch.
    pub reported_at: i64,
    pub note: String,
}

/// A row that could not be read, by its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

/// What an import did: new numbers, numbers already known, and rows skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub added: usize,
    pub kept: usize,
    pub errors: Vec<RowError>,
}

/// Why a number cannot be reported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("not a phone number: a report needs a full number such as +77015550101")]
    NotAPhoneNumber,
    #[error("the note is longer than {MAX_NOTE} characters")]
    NoteTooLong,
}

pub const MAX_NOTE: usize = 200;
const HEADER: [&str; 3] = ["number", "reported_at", "note"];

/// One change to the reported numbers, as the store applies it to the file on disk (which may
/// hold another process's changes). `number` is normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReportOp {
    Add {
        number: String,
        reported_at: i64,
        note: String,
    },
    Remove(String),
}

/// What adding a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReportChange {
    Added,
    /// The number was reported before, at this time (milliseconds since the epoch).
    AlreadyReported {
        reported_at: i64,
    },
}

/// The reported numbers, keyed by normalised number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reports {
    by_number: BTreeMap<String, ReportedNumber>,
}

impl Reports {
    /// Normalises and checks a number for reporting.
    pub fn parse_number(raw: &str) -> Result<String, ReportError> {
        let n = phone_number::normalise(raw);
        if phone_number::is_full_number(&n) {
            Ok(n)
        } else {
            Err(ReportError::NotAPhoneNumber)
        }
    }

    /// Adds a report; an existing report of the same number keeps its date and gains
    /// the note if it had none. Returns whether the number is new.
    pub fn add(&mut self, number: &str, reported_at: i64, note: &str) -> Result<bool, ReportError> {
        let op = Self::add_op(number, reported_at, note)?;
        Ok(self.apply_owned(op))
    }

    /// The change that adds a report, checked: a full number and a short note.
    pub(crate) fn add_op(
        number: &str,
        reported_at: i64,
        note: &str,
    ) -> Result<ReportOp, ReportError> {
        let number = Self::parse_number(number)?;
        // One row per line in the CSV: a note keeps no line breaks.
        let note: String = note
            .trim()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if note.chars().count() > MAX_NOTE {
            return Err(ReportError::NoteTooLong);
        }
        Ok(ReportOp::Add {
            number,
            reported_at,
            note,
        })
    }

    /// Applies a change; returns whether anything changed (a new number, a removed one).
    pub(crate) fn apply(&mut self, op: &ReportOp) -> bool {
        match op {
            ReportOp::Add { number, note, .. } => match self.by_number.get_mut(number) {
                Some(existing) => {
                    if existing.note.is_empty() {
                        existing.note.clone_from(note);
                    }
                    false
                }
                None => self.apply_owned(op.clone()),
            },
            ReportOp::Remove(number) => self.by_number.remove(number).is_some(),
        }
    }

    /// [`Reports::apply`], taking the change: no copies of its strings (opening a state with
    /// 10,000 reports reads them all this way).
    fn apply_owned(&mut self, op: ReportOp) -> bool {
        use std::collections::btree_map::Entry;
        match op {
            ReportOp::Add {
                number,
                reported_at,
                note,
            } => match self.by_number.entry(number) {
                Entry::Occupied(mut existing) => {
                    if existing.get().note.is_empty() {
                        existing.get_mut().note = note;
                    }
                    false
                }
                Entry::Vacant(slot) => {
                    let number = slot.key().clone();
                    slot.insert(ReportedNumber {
                        number,
                        reported_at,
                        note,
                    });
                    true
                }
            },
            ReportOp::Remove(number) => self.by_number.remove(&number).is_some(),
        }
    }

    /// The report of a number in any written form, if it was reported.
    pub fn get(&self, number: &str) -> Option<&ReportedNumber> {
        self.by_number.get(&phone_number::normalise(number))
    }

    pub fn remove(&mut self, number: &str) -> bool {
        self.apply(&ReportOp::Remove(phone_number::normalise(number)))
    }

    /// Whether a normalised number is reported.
    pub fn contains(&self, normalised: &str) -> bool {
        self.by_number.contains_key(normalised)
    }

    pub fn list(&self) -> impl Iterator<Item = &ReportedNumber> {
        self.by_number.values()
    }

    pub fn len(&self) -> usize {
        self.by_number.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_number.is_empty()
    }

    /// The CSV form, header first: RFC 4180 quoting (a field with a comma, a quote or a line
    /// break is quoted, its quotes doubled). Written here rather than by `csv::Writer`, whose
    /// run-time quoting styles bring float parsing into the Android library (~16 KB); reading
    /// stays with the `csv` crate.
    pub fn to_csv(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(32 + 40 * self.by_number.len());
        out.push_str(&HEADER.join(","));
        out.push('\n');
        let field = |out: &mut String, text: &str| {
            if text.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(text);
            }
        };
        for r in self.by_number.values() {
            field(&mut out, &r.number);
            // Writing to a String cannot fail.
            let _ = write!(out, ",{},", r.reported_at);
            field(&mut out, &r.note);
            out.push('\n');
        }
        out
    }

    /// Merges rows from CSV: never removes or overwrites an entry; a bad row is
    /// reported by its line and skipped. The header row is optional.
    ///
    /// Each line is one row (notes never hold line breaks), so a stray quote damages
    /// only its own line and never swallows the rows after it. A UTF-8 byte-order mark and
    /// CRLF line ends (Excel's "CSV UTF-8") are accepted.
    pub fn merge_csv<R: std::io::Read>(&mut self, r: R) -> ImportSummary {
        let (summary, ops) = Self::parse_csv(r);
        let mut summary = summary;
        for op in ops {
            if self.apply_owned(op) {
                summary.added += 1;
            } else {
                summary.kept += 1;
            }
        }
        summary
    }

    /// The rows of a CSV as changes, with the rows that could not be read (`added` and `kept`
    /// are left for whoever applies them).
    pub(crate) fn parse_csv<R: std::io::Read>(mut r: R) -> (ImportSummary, Vec<ReportOp>) {
        let mut ops = Vec::new();
        let mut summary = ImportSummary::default();
        let mut bytes = Vec::new();
        if let Err(e) = r.read_to_end(&mut bytes) {
            summary.errors.push(RowError {
                line: 0,
                message: format!("cannot read: {e}"),
            });
            return (summary, ops);
        }
        let text = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
        for (i, raw) in text.split(|&b| b == b'\n').enumerate() {
            let line = i as u64 + 1;
            let mut fail = |message: &str| {
                summary.errors.push(RowError {
                    line,
                    message: message.to_string(),
                })
            };
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Bytes that are not UTF-8 (a note saved in another encoding) cost those
            // characters, not the report.
            let text = String::from_utf8_lossy(raw);
            let mut damage: Vec<String> = Vec::new();
            if matches!(text, std::borrow::Cow::Owned(_)) {
                damage.push("not valid UTF-8".to_string());
            }
            // Most rows have no quotes and split on commas; building a CSV parser per
            // line made opening a state with 10,000 reports ten times slower.
            let record;
            let fields: Vec<&str> = if text.contains('"') {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(text.as_bytes());
                record = match reader.records().next() {
                    Some(Ok(record)) => record,
                    _ => {
                        fail("not a CSV row");
                        continue;
                    }
                };
                record.iter().map(str::trim).collect()
            } else {
                // A note written by hand with commas and no quotes is one note.
                text.splitn(3, ',').map(str::trim).collect()
            };
            if i == 0 && fields.iter().map(|f| f.to_ascii_lowercase()).eq(HEADER) {
                continue;
            }
            // The number is what protects the person; a damaged date or note must not cost
            // it. A row with a full number is kept whatever else is wrong with it, and the
            // damage is reported as for a row that was skipped.
            let Ok(number) = Self::parse_number(fields.first().copied().unwrap_or_default()) else {
                if (2..=3).contains(&fields.len()) {
                    fail(&ReportError::NotAPhoneNumber.to_string());
                } else {
                    fail(&format!(
                        "expected 3 fields (number,reported_at,note), found {}",
                        fields.len()
                    ));
                }
                continue;
            };
            let reported_at = match fields.get(1).map(|t| t.parse::<i64>()) {
                Some(Ok(ms)) => ms,
                _ => {
                    damage.push(
                        "reported_at is not a time in milliseconds since 1970 (dated 1970-01-01)"
                            .to_string(),
                    );
                    0
                }
            };
            let mut note = fields
                .get(2..)
                .map(|rest| rest.join(","))
                .unwrap_or_default();
            if fields.len() > 3 {
                damage.push(format!(
                    "expected 3 fields (number,reported_at,note), found {}; the rest is the note",
                    fields.len()
                ));
            }
            if note.chars().count() > MAX_NOTE {
                note = note.chars().take(MAX_NOTE).collect();
                damage.push(format!(
                    "the note is longer than {MAX_NOTE} characters (cut)"
                ));
            }
            match Self::add_op(&number, reported_at, &note) {
                Ok(op) => ops.push(op),
                Err(e) => damage.push(e.to_string()),
            }
            if !damage.is_empty() {
                fail(&format!("{}; the number is kept", damage.join(", ")));
            }
        }
        (summary, ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_then_import_round_trips() {
        let mut r = Reports::default();
        assert_eq!(
            r.add("8 701 555 0101", 1000, "курьер Kaspi, \"срочно\" 📦"),
            Ok(true)
        );
        assert_eq!(r.add("+77015550101", 2000, ""), Ok(false));
        assert_eq!(r.add("1414", 1, ""), Err(ReportError::NotAPhoneNumber));
        let csv = r.to_csv();
        assert!(csv.starts_with("number,reported_at,note\n+77015550101,1000,"));
        let mut back = Reports::default();
        let s = back.merge_csv(csv.as_bytes());
        assert_eq!((s.added, s.kept, s.errors.len()), (1, 0, 0));
        assert_eq!(back, r);
    }

    #[test]
    fn import_merges_and_reports_bad_rows_by_line() {
        let mut r = Reports::default();
        r.add("+77015550101", 5, "first").unwrap();
        let csv = "number,reported_at,note\n\
                   87015550101,9,later note\n\
                   +77770000001,10,\n\
                   hello,11,x\n\
                   +77770000002,yesterday,x\n\
                   +77770000003,12,a,b,c\n\
                   7770000004,13\n";
        let s = r.merge_csv(csv.as_bytes());
        assert_eq!((s.added, s.kept), (4, 1));
        let lines: Vec<u64> = s.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![4, 5]);
        assert!(s.errors[0].message.contains("not a phone number"));
        assert!(s.errors[1].message.contains("the number is kept"), "{s:?}");
        // The existing entry keeps its date and note.
        let first = r.list().find(|x| x.number == "+77015550101").unwrap();
        assert_eq!((first.reported_at, first.note.as_str()), (5, "first"));
        assert_eq!(
            r.get("+77770000003").map(|x| x.note.as_str()),
            Some("a,b,c")
        );
        assert_eq!(r.len(), 5);
    }

    /// A row whose number is readable keeps its report whatever else is damaged — a date
    /// that is no time, a note too long, bytes that are not UTF-8, extra quoted fields, no
    /// date at all — and the damage is still reported by line. Before, each cost the report:
    /// the scammer's next call got an unknown caller's warning instead of a reported one's.
    #[test]
    fn a_damaged_date_or_note_never_costs_the_number() {
        let long = "я".repeat(MAX_NOTE + 50);
        let mut csv = format!(
            "number,reported_at,note\n\
             +77010000001,yesterday,курьер\n\
             +77010000002,1000,{long}\n\
             +77010000004,1000,\"Kaspi\",\"курьер\"\n\
             +77010000005\n\
             +77010000006,1000,курьер, Kaspi, Temu\n"
        )
        .into_bytes();
        csv.extend_from_slice(b"+77010000003,1000,caf\xe9 \xd0\n");
        let mut r = Reports::default();
        let s = r.merge_csv(&csv[..]);
        let kept: Vec<&str> = r.list().map(|x| x.number.as_str()).collect();
        assert_eq!(
            kept,
            [
                "+77010000001",
                "+77010000002",
                "+77010000003",
                "+77010000004",
                "+77010000005",
                "+77010000006"
            ],
            "{s:?}"
        );
        let lines: Vec<u64> = s.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 7], "{s:?}");
        assert!(s
            .errors
            .iter()
            .all(|e| e.message.ends_with("the number is kept")));
        assert!(s.errors[0].message.contains("reported_at"), "{s:?}");
        assert!(s.errors[1].message.contains("longer than"), "{s:?}");
        assert_eq!(r.get("+77010000001").map(|x| x.reported_at), Some(0));
        assert_eq!(
            r.get("+77010000002").map(|x| x.note.chars().count()),
            Some(MAX_NOTE)
        );
        assert_eq!(
            r.get("+77010000004").map(|x| x.note.as_str()),
            Some("Kaspi,курьер")
        );
        assert_eq!(
            r.get("+77010000006").map(|x| x.note.as_str()),
            Some("курьер, Kaspi, Temu")
        );
        assert!(r
            .get("+77010000003")
            .is_some_and(|x| x.note.starts_with("caf")));
    }

    /// Excel's "CSV UTF-8": a byte-order mark before the header and CRLF line ends.
    #[test]
    fn a_byte_order_mark_and_crlf_are_read() {
        let mut r = Reports::default();
        let csv =
            "\u{FEFF}number,reported_at,note\r\n+77010000001,1000,курьер\r\n87020000002,2000,\r\n";
        let s = r.merge_csv(csv.as_bytes());
        assert_eq!((s.added, s.kept, s.errors.len()), (2, 0, 0), "{s:?}");
        assert_eq!(
            r.get("+77010000001").map(|x| x.note.as_str()),
            Some("курьер")
        );
    }
}
