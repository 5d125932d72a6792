//! State on disk that survives the app being killed between the call and the SMS.
//!
//! - `events.log`: one line per call update or received code, `crc32 json`, appended and
//!   synced before the event's verdict is returned. A torn or damaged line is skipped
//!   with a note; the valid lines around it still count. Rewritten (atomically) without
//!   what the policy no longer needs.
//! - `reports.csv`: the reported numbers, rewritten atomically (temporary file, fsync,
//!   rename). A damaged file is kept aside before anything replaces it.
//! - `key`: the random key for hashing codes; codes themselves are never written.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::event::Direction;
use crate::reports::Reports;
use crate::types::{Channel, Purpose};

const LOG: &str = "events.log";
const REPORTS: &str = "reports.csv";
const KEY: &str = "key";
/// The standard CRC-32 (zlib, PNG), so logs written by any earlier release still check out.
const CHECKSUM: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
pub(crate) const KEY_LEN: usize = 16;

/// A call as the policy needs it; the log holds its latest state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CallRecord {
    pub id: u64,
    /// Normalised; `None` for a hidden number.
    pub number: Option<String>,
    pub direction: Direction,
    pub contact: bool,
    pub channel: Channel,
    pub start: i64,
    pub answered: Option<i64>,
    pub ended: Option<i64>,
}

/// A one-time code that arrived: when, from whom, for what — never the code or the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CodeRecord {
    pub ts: i64,
    pub sender: String,
    pub purpose: Purpose,
    /// Keyed hash of the code, to tell "another code" from the same one; `None` if hidden.
    pub code_hash: Option<u64>,
    /// This process's index of the SMS event, for verdicts that point back at it.
    #[serde(skip)]
    pub seq: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub(crate) enum Record {
    Call(CallRecord),
    Code(CodeRecord),
}

/// What opening a state directory found.
pub(crate) struct Loaded {
    pub key: [u8; KEY_LEN],
    pub records: Vec<Record>,
    pub reports: Reports,
    /// What was damaged and how it was recovered, for the log and the person.
    pub notes: Vec<String>,
}

pub(crate) struct Store {
    dir: PathBuf,
    log: File,
    /// Lines in the log; compared with the live records to decide when to rewrite.
    lines: usize,
}

impl Store {
    pub fn open(dir: &Path) -> io::Result<(Store, Loaded)> {
        fs::create_dir_all(dir)?;
        let mut notes = Vec::new();
        let key = load_key(dir, &mut notes)?;
        let (records, lines, clean) = load_log(&dir.join(LOG), &mut notes)?;
        let reports = load_reports(dir, &mut notes)?;
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(LOG))?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            log,
            lines,
        };
        if !clean {
            // A torn last line would swallow the next record appended after it.
            store.rewrite(&records)?;
        }
        Ok((
            store,
            Loaded {
                key,
                records,
                reports,
                notes,
            },
        ))
    }

    /// Appends one record and syncs it to disk before returning.
    pub fn append(&mut self, record: &Record) -> io::Result<()> {
        let line = encode(record)?;
        self.log.write_all(line.as_bytes())?;
        self.log.sync_data()?;
        self.lines += 1;
        Ok(())
    }

    /// Whether the log has grown well past what is still live.
    pub fn wants_rewrite(&self, live: usize) -> bool {
        self.lines > 2 * live + 256
    }

    /// Replaces the log by exactly `live`, atomically.
    pub fn rewrite(&mut self, live: &[Record]) -> io::Result<()> {
        let mut text = String::new();
        for r in live {
            text.push_str(&encode(r)?);
        }
        write_atomic(&self.dir, LOG, text.as_bytes())?;
        self.log = OpenOptions::new().append(true).open(self.dir.join(LOG))?;
        self.lines = live.len();
        Ok(())
    }

    pub fn save_reports(&self, reports: &Reports) -> io::Result<()> {
        write_atomic(&self.dir, REPORTS, reports.to_csv().as_bytes())
    }
}

fn encode(record: &Record) -> io::Result<String> {
    let json = serde_json::to_string(record).map_err(io::Error::other)?;
    Ok(format!(
        "{:08x} {json}\n",
        CHECKSUM.checksum(json.as_bytes())
    ))
}

fn decode(line: &str) -> Result<Record, &'static str> {
    let (crc, json) = line.split_once(' ').ok_or("no checksum")?;
    let crc = u32::from_str_radix(crc, 16).map_err(|_| "no checksum")?;
    if crc != CHECKSUM.checksum(json.as_bytes()) {
        return Err("checksum mismatch");
    }
    serde_json::from_str(json).map_err(|_| "not a record")
}

/// The valid records, the number of lines, and whether the file was whole (every line
/// valid and the last one ended).
fn load_log(path: &Path, notes: &mut Vec<String>) -> io::Result<(Vec<Record>, usize, bool)> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), 0, true)),
        Err(e) => return Err(e),
    };
    let mut records = Vec::new();
    let mut lines = 0;
    let mut damaged = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        lines += 1;
        match std::str::from_utf8(line)
            .map_err(|_| "not UTF-8")
            .and_then(decode)
        {
            Ok(r) => records.push(r),
            Err(why) => damaged.push(format!("{} ({why})", i + 1)),
        }
    }
    if !damaged.is_empty() {
        notes.push(format!(
            "{LOG}: skipped {} damaged line(s): {}; {} valid record(s) kept",
            damaged.len(),
            damaged.join(", "),
            records.len()
        ));
    }
    let clean = damaged.is_empty() && bytes.last().is_none_or(|&b| b == b'\n');
    Ok((records, lines, clean))
}

fn load_reports(dir: &Path, notes: &mut Vec<String>) -> io::Result<Reports> {
    let path = dir.join(REPORTS);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Reports::default()),
        Err(e) => return Err(e),
    };
    let mut reports = Reports::default();
    let summary = reports.merge_csv(bytes.as_slice());
    if !summary.errors.is_empty() {
        // Keep the damaged file as it was: a report is never lost silently.
        let aside = dir.join(format!("{REPORTS}.damaged-{}", unix_ms()));
        fs::copy(&path, &aside)?;
        let lines: Vec<String> = summary
            .errors
            .iter()
            .map(|e| format!("line {}: {}", e.line, e.message))
            .collect();
        notes.push(format!(
            "{REPORTS}: {} row(s) could not be read ({}); {} report(s) kept; the file as it was is saved as {}",
            summary.errors.len(),
            lines.join("; "),
            reports.len(),
            aside.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ));
    }
    Ok(reports)
}

fn load_key(dir: &Path, notes: &mut Vec<String>) -> io::Result<[u8; KEY_LEN]> {
    match fs::read(dir.join(KEY)) {
        Ok(bytes) if bytes.len() == KEY_LEN => {
            let mut key = [0; KEY_LEN];
            key.copy_from_slice(&bytes);
            return Ok(key);
        }
        Ok(_) => notes.push(format!(
            "{KEY}: damaged; a new key was made (earlier codes no longer compare)"
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut key = [0; KEY_LEN];
    getrandom::fill(&mut key).map_err(|e| io::Error::other(e.to_string()))?;
    write_atomic(dir, KEY, &key)?;
    Ok(key)
}

/// Writes a file so that a crash leaves either the old or the new content, never a mix.
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = dir.join(format!("{name}.tmp"));
    {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, dir.join(name))?;
    // The rename itself is durable only once the directory is synced.
    File::open(dir)?.sync_all()
}

fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}
