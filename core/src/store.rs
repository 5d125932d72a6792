//! State on disk that survives the app being killed between the call and the SMS.
//!
//! - `events.log`: one line per call update or received code, `crc32 json`, appended and synced
//!   after the event's verdict is worked out. A torn or damaged line is skipped with a note; the
//!   valid lines around it still count. A write that fails (a full disk) is cut back to the last
//!   whole line, and the next write rewrites the log from memory, so no record is glued onto a
//!   fragment. Rewritten (atomically) without what the policy no longer needs.
//! - `reports.csv`: the reported numbers. Every change re-reads the file and applies itself to
//!   what is there, so a second process's reports survive; rewritten atomically (unique
//!   temporary file, fsync, rename, directory fsync). A damaged file is copied aside once
//!   (`reports.csv.damaged-<ms>`) before anything replaces it.
//! - `history.log`: the warning moments ([`crate::history`]), one `crc32 json` line each,
//!   rewritten atomically with every new moment from what is on disk and the new ones, bounded.
//!   A damaged file is copied aside once (`history.log.damaged-<ms>`) and its readable lines
//!   kept; it never touches the other files.
//! - `lock`: every write holds an exclusive advisory lock (`flock`) on it, so two processes on
//!   one directory take turns; reading needs no lock (writes are whole lines or renames).
//!
//! Files are created 0600 and the directory 0700. Codes are kept as a 4-bit tag only
//! ([`crate::calls::code_tag`]); earlier releases' 64-bit hashes and their `key` are removed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::calls::{read_moment, Recent, Record};
use crate::history::{self, Entry};
use crate::reports::{ReportOp, Reports};

pub(crate) const LOG: &str = "events.log";
pub(crate) const REPORTS: &str = "reports.csv";
pub(crate) const HISTORY: &str = "history.log";
const LOCK: &str = "lock";
/// The hash key earlier releases kept beside the log; removed on open.
const LEGACY_KEY: &str = "key";
/// How long a write waits for another process to release the lock before giving up (the
/// verdict does not wait for it: it is worked out before the write).
const LOCK_WAIT: Duration = Duration::from_secs(5);
/// The most of `events.log` that is read: its tail. This app rewrites the log once it holds over
/// twice the live records plus 256 lines (at most 2 × 2 × `MAX_LIVE_RECORDS` + 256 lines of
/// about 180 bytes: under 15 MiB), so a longer one was damaged or planted, and reading it all
/// would cost its size in memory (1 GiB took 1.8 GB and 43 s).
pub(crate) const MAX_LOG_READ: u64 = 32 << 20;
/// The most of `history.log` read from its end (and, when it is longer, from its head):
/// [`history::MAX_MOMENTS`] moments of under 2 KB
/// each are under 400 KB, so a longer file was damaged or planted.
const MAX_HISTORY_READ: u64 = 4 << 20;
/// The longest line read as a record; a record is about 180 bytes.
const MAX_LINE: usize = 64 << 10;
/// The largest `reports.csv` read; a bigger one is left untouched and the guard runs in memory.
const MAX_REPORTS_READ: u64 = 64 << 20;
/// The standard CRC-32 (zlib, PNG), so logs written by any earlier release still check out.
const CHECKSUM: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// Why the state could not be read or saved. The message names the file and the operation,
/// never a number, a code or a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    pub kind: StateErrorKind,
    pub message: String,
}

/// The kinds of [`StateError`], as they appear in a verdict's `state_error` and in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateErrorKind {
    /// The disk (or the app's quota) is full.
    NoSpace,
    /// The directory is on a read-only file system.
    ReadOnly,
    /// The process may not write there.
    Permission,
    /// The state path is not a directory.
    NotADirectory,
    /// Another process held the lock for longer than the wait.
    Busy,
    /// Any other I/O failure.
    Io,
}

impl StateErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StateErrorKind::NoSpace => "no_space",
            StateErrorKind::ReadOnly => "read_only",
            StateErrorKind::Permission => "permission",
            StateErrorKind::NotADirectory => "not_a_directory",
            StateErrorKind::Busy => "busy",
            StateErrorKind::Io => "io",
        }
    }
}

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for StateError {}

impl StateError {
    /// `what` names the file and the operation ("events.log: append").
    fn io(what: &str, e: &io::Error) -> StateError {
        let kind = match e.raw_os_error() {
            Some(libc::ENOSPC) | Some(libc::EDQUOT) => StateErrorKind::NoSpace,
            Some(libc::EROFS) => StateErrorKind::ReadOnly,
            Some(libc::EACCES) | Some(libc::EPERM) => StateErrorKind::Permission,
            Some(libc::ENOTDIR) | Some(libc::EEXIST) => StateErrorKind::NotADirectory,
            _ => StateErrorKind::Io,
        };
        // io::Error's text is the OS's description of the error; it holds no path or value.
        StateError {
            kind,
            message: format!("{what}: {e}"),
        }
    }
}

type Result<T> = std::result::Result<T, StateError>;

/// What reading a state directory found.
#[derive(Default)]
pub(crate) struct Loaded {
    pub records: Vec<Record>,
    pub reports: Reports,
    /// Why `reports.csv` could not be read, when it could not: `reports` is then not the list.
    pub reports_error: Option<String>,
    /// What was damaged and how it was recovered, for the log and the person.
    pub notes: Vec<String>,
}

/// Identifies a file across renames: a rewrite by another process replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
    len: u64,
    modified_ns: i128,
}

impl FileId {
    fn of(m: &fs::Metadata) -> FileId {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        let modified_ns = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        FileId {
            dev,
            ino,
            len: m.len(),
            modified_ns,
        }
    }

    fn same_file(&self, other: &FileId) -> bool {
        (self.dev, self.ino) == (other.dev, other.ino)
    }
}

/// The state directory, open for reading and writing.
pub(crate) struct Store {
    dir: PathBuf,
    lock: Arc<File>,
    /// The log, opened for appending.
    log: File,
    log_id: FileId,
    /// Bytes of the log this process has taken in (read or written), always at a line end.
    known: u64,
    /// Lines in the log; compared with the live records to decide when to rewrite.
    lines: usize,
    /// `reports.csv` as last read or written, to notice another process's change.
    reports_seen: Option<Seen>,
    /// A write failed: memory holds records the log lacks, so the next write rewrites it.
    dirty: bool,
    /// Tests make the next write stop after this many bytes with "no space".
    #[cfg(test)]
    pub fail_after: Option<usize>,
}

/// Records another process added since this one last looked.
pub(crate) enum CatchUp {
    Nothing,
    /// Lines appended after ours: merge them.
    New(Vec<Record>),
}

impl Store {
    /// Opens (creating if needed) the state directory and reads what it holds. `repair` sees the
    /// records first, under the lock; when it returns a note (it changed them), the note is
    /// kept with the others and the log is written again as repaired, before any other process
    /// can append to it.
    pub fn open(
        dir: &Path,
        repair: impl FnOnce(&mut [Record]) -> Option<String>,
    ) -> Result<(Store, Loaded)> {
        make_private_dir(dir).map_err(|e| StateError::io("state directory", &e))?;
        let lock =
            Arc::new(private_file(&dir.join(LOCK), false).map_err(|e| StateError::io(LOCK, &e))?);
        let held = Held::take(&lock)?;
        let mut notes = Vec::new();
        remove_leftovers(dir);
        let LogRead {
            mut records,
            lines,
            mut clean,
        } = load_log(&dir.join(LOG), &mut notes)
            .map_err(|e| StateError::io(&format!("{LOG}: read"), &e))?;
        if let Some(note) = repair(&mut records) {
            notes.push(note);
            clean = false;
        }
        let (reports, reports_seen) = load_reports(dir, &mut notes, true)
            .map_err(|e| StateError::io(&format!("{REPORTS}: read"), &e))?;
        let log = private_file(&dir.join(LOG), true).map_err(|e| StateError::io(LOG, &e))?;
        let log_id = FileId::of(&log.metadata().map_err(|e| StateError::io(LOG, &e))?);
        tighten(dir);
        let mut store = Store {
            dir: dir.to_path_buf(),
            lock,
            log,
            known: log_id.len,
            log_id,
            lines,
            reports_seen,
            dirty: !clean,
            #[cfg(test)]
            fail_after: None,
        };
        if store.dirty {
            // A torn or damaged line, codes kept as 64-bit hashes, or repaired records: write
            // the log again, whole, from what was read.
            store.rewrite_locked(&records, false, |_| true)?;
        }
        drop(held);
        Ok((
            store,
            Loaded {
                records,
                reports,
                reports_error: None,
                notes,
            },
        ))
    }

    /// Reads a state directory without writing anything (it may be read-only): what a guard
    /// that cannot keep its state there still knows, and what `report list` shows.
    pub fn read(dir: &Path) -> Loaded {
        let mut notes = Vec::new();
        // No directory there at all: nothing to read, and nothing to say about it here.
        let absent = |e: &io::Error| e.raw_os_error() == Some(libc::ENOTDIR);
        let records = match load_log(&dir.join(LOG), &mut notes) {
            Ok(read) => read.records,
            Err(e) => {
                if !absent(&e) {
                    notes.push(format!("{LOG}: cannot be read: {e}"));
                }
                Vec::new()
            }
        };
        let mut reports_error = None;
        let reports = match load_reports(dir, &mut notes, false) {
            Ok((reports, _)) => reports,
            Err(e) => {
                if !absent(&e) {
                    notes.push(format!("{REPORTS}: cannot be read: {e}"));
                    reports_error = Some(format!("{REPORTS}: {e}"));
                }
                Reports::default()
            }
        };
        Loaded {
            records,
            reports,
            reports_error,
            notes,
        }
    }

    /// Whether the last write failed, so memory holds more than the log.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Marks the log as lacking what memory holds (a store opened after memory had records).
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// What other processes appended to the log since this one last looked. Takes no lock: a
    /// line is complete once its newline is there, and a rewrite is a rename.
    pub fn catch_up(&mut self) -> Result<CatchUp> {
        let path = self.dir.join(LOG);
        let now = match fs::metadata(&path) {
            Ok(m) => FileId::of(&m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(CatchUp::Nothing),
            Err(e) => return Err(StateError::io(&format!("{LOG}: read"), &e)),
        };
        if !now.same_file(&self.log_id) {
            // Another process rewrote the log: read the new one from the start.
            self.log = private_file(&path, true).map_err(|e| StateError::io(LOG, &e))?;
            self.log_id = now;
            self.known = 0;
            self.lines = 0;
        }
        if now.len <= self.known {
            return Ok(CatchUp::Nothing);
        }
        let mut file = open_to_read(&path).map_err(|e| StateError::io(LOG, &e))?;
        let mut records = Vec::new();
        let mut lines = 0;
        let read = read_lines(&mut file, self.known, now.len, |line| {
            lines += 1;
            if let Some(Ok((r, _))) = line.map(decode) {
                records.push(r);
            }
        })
        .map_err(|e| StateError::io(&format!("{LOG}: read"), &e))?;
        self.lines += lines;
        // Only whole lines: a line still being written is read next time.
        self.known = read.end;
        Ok(CatchUp::New(records))
    }

    /// `reports.csv` again when another process changed it since this one read or wrote it.
    pub fn reports_if_changed(&mut self) -> Option<Reports> {
        if !self.reports_changed() {
            return None;
        }
        let mut notes = Vec::new();
        let (reports, seen) = load_reports(&self.dir, &mut notes, false).ok()?;
        for note in notes {
            log::warn!("state: {note}");
        }
        self.reports_seen = seen;
        Some(reports)
    }

    /// Whether `reports.csv` is not the file this process last read or wrote.
    fn reports_changed(&self) -> bool {
        let now = fs::metadata(self.dir.join(REPORTS))
            .ok()
            .map(|m| FileId::of(&m));
        now != self.reports_seen.as_ref().map(|s| s.id)
    }

    /// Appends records and syncs them. After a failed write (or when memory holds what the
    /// log lacks) the log is rewritten instead, from `memory` and what is on disk, keeping what
    /// `is_live` keeps; what the log held then is returned, for memory to take in (see
    /// [`Store::compact`]). Nothing is returned after a plain append.
    pub fn append(
        &mut self,
        records: &[Record],
        memory: impl FnOnce() -> Vec<Record>,
        is_live: impl Fn(&Record) -> bool,
    ) -> Result<Vec<Record>> {
        let held = Held::take(&self.lock)?;
        self.follow_rewrites()?;
        if self.dirty {
            let result = self.rewrite_locked(&memory(), true, is_live);
            drop(held);
            return result;
        }
        let mut bytes = Vec::new();
        for r in records {
            bytes.extend_from_slice(encode(r).as_bytes());
        }
        let before = self.cut_torn_tail()?;
        match self.write_log(&bytes) {
            Ok(()) => {
                if self.known == before {
                    self.known = before + bytes.len() as u64;
                }
                self.lines += records.len();
                if let Ok(m) = self.log.metadata() {
                    self.log_id = FileId::of(&m);
                }
                Ok(Vec::new())
            }
            Err(e) => {
                // Cut the fragment off now; if even that fails, the next write cuts it
                // (cut_torn_tail) and rewrites the log from memory.
                let _ = self.log.set_len(before);
                self.dirty = true;
                Err(StateError::io(&format!("{LOG}: append"), &e))
            }
        }
    }

    /// Whether the log has grown well past what is still live.
    pub fn wants_compaction(&self, live: usize) -> bool {
        self.lines > 2 * live + 256
    }

    /// Rewrites the log without what no window reaches any more, keeping other processes'
    /// live records too. Returns what the log held, for memory to take in: the rewritten log
    /// counts as read, so another process's records appended since this one last caught up
    /// would otherwise never reach it (a second guard's answered call was lost that way when
    /// an ordinary SMS, which does not catch up, set off the compaction).
    pub fn compact(
        &mut self,
        memory: &[Record],
        is_live: impl Fn(&Record) -> bool,
    ) -> Result<Vec<Record>> {
        let held = Held::take(&self.lock)?;
        self.follow_rewrites()?;
        let result = self.rewrite_locked(memory, true, is_live);
        drop(held);
        result
    }

    /// Applies report changes to `reports.csv` as it is on disk now (another process may have
    /// changed it). `memory` is this process's list with `ops` applied: when the file is still
    /// the one this process last read or wrote, `memory` is written as it is (and `None`
    /// returned); otherwise the file is read again, `ops` applied to it, and the result (which
    /// memory should then hold) written and returned.
    pub fn save_reports(&mut self, memory: &Reports, ops: &[ReportOp]) -> Result<Option<Reports>> {
        let held = Held::take(&self.lock)?;
        let merged = if !self.reports_changed() {
            None
        } else {
            let mut notes = Vec::new();
            let (mut reports, _) = load_reports(&self.dir, &mut notes, true)
                .map_err(|e| StateError::io(&format!("{REPORTS}: read"), &e))?;
            for note in notes {
                log::warn!("state: {note}");
            }
            for op in ops {
                reports.apply(op);
            }
            Some(reports)
        };
        let csv = merged.as_ref().unwrap_or(memory).to_csv();
        write_atomic(&self.dir, REPORTS, csv.as_bytes())
            .map_err(|e| StateError::io(&format!("{REPORTS}: write"), &e))?;
        // Not pinned (it could not be opened): the next change reads the file again.
        self.reports_seen = open_to_read(&self.dir.join(REPORTS))
            .and_then(Seen::of)
            .ok();
        drop(held);
        Ok(merged)
    }

    /// Adds moments to `history.log` as it is on disk now (another process may have added its
    /// own), bounded, and writes it whole again. A damaged file is copied aside first.
    pub fn save_history(&mut self, new: &[Entry]) -> Result<()> {
        let held = Held::take(&self.lock)?;
        let (mut moments, note) = load_history(&self.dir, true)
            .map_err(|e| StateError::io(&format!("{HISTORY}: read"), &e))?;
        if let Some(note) = note {
            log::warn!("state: {note}");
        }
        moments.extend_from_slice(new);
        history::bound(&mut moments);
        let mut text = String::new();
        for m in &moments {
            text.push_str(&checked_line(&m.json));
        }
        write_atomic(&self.dir, HISTORY, text.as_bytes())
            .map_err(|e| StateError::io(&format!("{HISTORY}: write"), &e))?;
        drop(held);
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Under the lock: when another process replaced the log, append to the new one.
    fn follow_rewrites(&mut self) -> Result<()> {
        let path = self.dir.join(LOG);
        let now = match fs::metadata(&path) {
            Ok(m) => FileId::of(&m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.dirty = true;
                return Ok(());
            }
            Err(e) => return Err(StateError::io(LOG, &e)),
        };
        if !now.same_file(&self.log_id) {
            self.log = private_file(&path, true).map_err(|e| StateError::io(LOG, &e))?;
            self.log_id = now;
            // Its lines are read (and merged) by the next catch-up.
            self.known = 0;
        }
        Ok(())
    }

    /// Under the lock: cuts a line left unfinished (by a failed write here or a process that
    /// died mid-write) back to the last whole line. Returns the length after.
    fn cut_torn_tail(&mut self) -> Result<u64> {
        let err = |e: io::Error| StateError::io(&format!("{LOG}: repair"), &e);
        let len = self.log.metadata().map_err(err)?.len();
        // Up to `known` the log is whole lines this process read or wrote: nothing to look at.
        if len == 0 || len == self.known {
            return Ok(len);
        }
        let mut file = open_to_read(&self.dir.join(LOG)).map_err(err)?;
        let mut end = len;
        let mut buf = [0u8; 4096];
        while end > 0 {
            let start = end.saturating_sub(buf.len() as u64);
            let chunk = &mut buf[..(end - start) as usize];
            file.seek(SeekFrom::Start(start)).map_err(err)?;
            file.read_exact(chunk).map_err(err)?;
            if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
                end = start + i as u64 + 1;
                break;
            }
            end = start;
        }
        if end < len {
            log::warn!(
                "state: {LOG}: cut an unfinished line of {} bytes",
                len - end
            );
            self.log.set_len(end).map_err(err)?;
            self.known = self.known.min(end);
        }
        Ok(end)
    }

    /// Writes to the log and syncs it.
    fn write_log(&mut self, bytes: &[u8]) -> io::Result<()> {
        #[cfg(test)]
        if let Some(n) = self.fail_after.take() {
            let n = n.min(bytes.len());
            self.log.write_all(&bytes[..n])?;
            return Err(io::Error::from_raw_os_error(libc::ENOSPC));
        }
        self.log.write_all(bytes)?;
        self.log.sync_data()
    }

    /// Under the lock: replaces the log by what memory (and, with `with_disk`, the log on disk)
    /// hold together, keeping what `is_live` keeps. Returns what it kept of the log on disk: the
    /// new log counts as read, so another process's records in it (appended since this one last
    /// caught up) reach memory only this way.
    fn rewrite_locked(
        &mut self,
        memory: &[Record],
        with_disk: bool,
        is_live: impl Fn(&Record) -> bool,
    ) -> Result<Vec<Record>> {
        let path = self.dir.join(LOG);
        let mut all = Recent::default();
        all.merge(memory.to_vec());
        let mut ignored = Vec::new();
        let mut on_disk = Vec::new();
        if let (true, Ok(read)) = (with_disk, load_log(&path, &mut ignored)) {
            on_disk = read.records;
            all.merge(on_disk.clone());
        }
        let keep: Vec<Record> = all.records().into_iter().filter(|r| is_live(r)).collect();
        let mut text = String::new();
        for r in &keep {
            text.push_str(&encode(r));
        }
        write_atomic(&self.dir, LOG, text.as_bytes())
            .map_err(|e| StateError::io(&format!("{LOG}: rewrite"), &e))?;
        self.log = private_file(&path, true).map_err(|e| StateError::io(LOG, &e))?;
        self.log_id = FileId::of(&self.log.metadata().map_err(|e| StateError::io(LOG, &e))?);
        self.known = self.log_id.len;
        self.lines = keep.len();
        self.dirty = false;
        on_disk.retain(is_live);
        Ok(on_disk)
    }
}

/// The exclusive lock on the `lock` file, released when dropped.
struct Held(Arc<File>);

impl Held {
    /// Waits up to [`LOCK_WAIT`] for the lock.
    fn take(lock: &Arc<File>) -> Result<Held> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match fs4::FileExt::try_lock(lock.as_ref()) {
                Ok(()) => return Ok(Held(Arc::clone(lock))),
                Err(fs4::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(StateError {
                        kind: StateErrorKind::Busy,
                        message: format!(
                            "{LOCK}: another process held it for over {} s",
                            LOCK_WAIT.as_secs()
                        ),
                    })
                }
                Err(fs4::TryLockError::Error(e)) => return Err(StateError::io(LOCK, &e)),
            }
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // Closing the file would release it too; unlocking here lets the next writer in now.
        let _ = fs4::FileExt::unlock(self.0.as_ref());
    }
}

fn encode(record: &Record) -> String {
    // Serialising plain fields (strings, numbers, words) cannot fail.
    checked_line(&serde_json::to_string(record).unwrap_or_default())
}

/// A line of `events.log` or `history.log`: the JSON's CRC-32, a space, the JSON, a newline.
fn checked_line(json: &str) -> String {
    format!("{:08x} {json}\n", CHECKSUM.checksum(json.as_bytes()))
}

/// The JSON of a line whose checksum matches.
fn checked_json(line: &[u8]) -> std::result::Result<&str, &'static str> {
    let line = std::str::from_utf8(line).map_err(|_| "not UTF-8")?;
    let (crc, json) = line.split_once(' ').ok_or("no checksum")?;
    let crc = u32::from_str_radix(crc, 16).map_err(|_| "no checksum")?;
    if crc != CHECKSUM.checksum(json.as_bytes()) {
        return Err("checksum mismatch");
    }
    Ok(json)
}

/// A record and whether it needs writing again (it held an earlier release's code hash).
fn decode(line: &[u8]) -> std::result::Result<(Record, bool), &'static str> {
    let json = checked_json(line)?;
    let mut record: Record = serde_json::from_str(json).map_err(|_| "not a record")?;
    let mut migrate = false;
    if let Record::Code(k) = &mut record {
        if k.legacy_hash.take().is_some() || k.id == 0 {
            // Earlier releases kept a 64-bit hash of the code, which can be brute-forced; the
            // code cannot be got back from it to make a tag, so it is compared as unknown.
            k.id = random_id();
            migrate = true;
        }
    }
    Ok((record, migrate))
}

/// A random 64-bit id for a record (ids must not collide between processes).
pub(crate) fn random_id() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // No entropy source: a time-based id still differs between processes in practice.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        return t ^ (u64::from(std::process::id()) << 32);
    }
    u64::from_le_bytes(bytes)
}

/// What [`read_lines`] went through.
struct LinesRead {
    /// Where reading began: where it was asked to, or later when the stretch was longer than
    /// [`MAX_LOG_READ`].
    start: u64,
    /// The end of the last whole line; a line still being written is left for later.
    end: u64,
}

/// Feeds each whole line of `file` between `from` and `to` (without its LF or CRLF) to `line`, or
/// `None` for a line longer than [`MAX_LINE`], which is never held in memory. Of a stretch longer
/// than [`MAX_LOG_READ`] only the tail is read, from its first line start: a log that size was
/// not written by this app, and its newest records are at the end.
fn read_lines(
    file: &mut File,
    from: u64,
    to: u64,
    mut line: impl FnMut(Option<&[u8]>),
) -> io::Result<LinesRead> {
    use std::io::BufRead;
    // One byte before the tail, so that a tail starting on a line start keeps that line.
    let start = if to.saturating_sub(from) > MAX_LOG_READ {
        to - MAX_LOG_READ - 1
    } else {
        from
    };
    let mut skipping = start > from;
    file.seek(SeekFrom::Start(start))?;
    let mut reader = io::BufReader::with_capacity(64 << 10, (&*file).take(to - start));
    let mut buf: Vec<u8> = Vec::new();
    let mut too_long = false;
    let mut pos = start;
    let mut end = start;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        let newline = chunk.iter().position(|&b| b == b'\n');
        let used = newline.map_or(chunk.len(), |i| i + 1);
        if !skipping && !too_long {
            if buf.len() + used > MAX_LINE + 1 {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&chunk[..used]);
            }
        }
        reader.consume(used);
        pos += used as u64;
        if newline.is_some() {
            if skipping {
                skipping = false;
            } else if too_long {
                too_long = false;
                line(None);
            } else {
                buf.pop();
                // A log copied through a tool that writes CRLF line ends is still this log.
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
                line(Some(&buf));
                buf.clear();
            }
            end = pos;
        }
    }
    Ok(LinesRead { start, end })
}

/// What [`load_log`] read.
struct LogRead {
    records: Vec<Record>,
    /// Lines read, damaged ones included: compared with the live records for compaction.
    lines: usize,
    /// Whether the file needs no rewriting: read whole, every line valid and current, and the
    /// last one ended.
    clean: bool,
}

/// Reads the log (its first and last [`MAX_LOG_READ`] bytes at most), noting damage.
fn load_log(path: &Path, notes: &mut Vec<String>) -> io::Result<LogRead> {
    let mut file = match open_to_read(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(LogRead {
                records: Vec::new(),
                lines: 0,
                clean: true,
            })
        }
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let mut records = Vec::new();
    let mut lines = 0;
    let mut line_no = 0;
    let mut damaged = Listed::default();
    let mut migrate = false;
    let mut take = |line: Option<&[u8]>| {
        line_no += 1;
        if line != Some(&[]) {
            lines += 1;
        }
        match line {
            Some([]) => {}
            Some(bytes) => match decode(bytes) {
                Ok((r, m)) => {
                    migrate |= m;
                    records.push(r);
                }
                Err(why) => damaged.push(format!("{line_no} ({why})")),
            },
            None => damaged.push(format!("{line_no} (longer than {MAX_LINE} bytes)")),
        }
    };
    // Too long to be this app's: damage was added to it. Its head is read first (up to where
    // the tail read begins): damage appended to the end hid every record before it — the call
    // in progress, the risky code — and the code during that call did not warn.
    let tail_from = len.saturating_sub(MAX_LOG_READ + 1);
    if len > MAX_LOG_READ {
        read_lines(&mut file, 0, tail_from.min(MAX_LOG_READ), &mut take)?;
    }
    let read = read_lines(&mut file, 0, len, &mut take)?;
    if read.start > 0 {
        notes.push(format!(
            "{LOG}: is {len} bytes, far more than this app writes; only its first and last {} \
             MiB were read, and the log is rewritten from them",
            MAX_LOG_READ >> 20
        ));
    }
    let unended = read.end < len;
    if unended {
        damaged.push(format!("{} (not ended)", line_no + 1));
    }
    if damaged.count > 0 {
        let part = if read.start > 0 {
            " of the part read"
        } else {
            ""
        };
        notes.push(format!(
            "{LOG}: skipped {} damaged line(s){part}: {}; {} valid record(s) kept",
            damaged.count,
            damaged,
            records.len()
        ));
    }
    let clean = damaged.count == 0 && !migrate && read.start == 0;
    Ok(LogRead {
        records,
        lines,
        clean,
    })
}

/// Items for a note, the first few of them listed: a file of garbage damages every line, and a
/// note listing a million of them would be a damage of its own.
#[derive(Default)]
struct Listed {
    count: usize,
    first: Vec<String>,
}

impl Listed {
    const SHOWN: usize = 10;

    fn push(&mut self, item: String) {
        self.count += 1;
        if self.first.len() < Self::SHOWN {
            self.first.push(item);
        }
    }
}

impl std::fmt::Display for Listed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.first.join(", "))?;
        if self.count > self.first.len() {
            write!(f, " and {} more", self.count - self.first.len())?;
        }
        Ok(())
    }
}

/// The `reports.csv` this process last read or wrote, held open: while it is, its inode number
/// cannot be given to a file written after it (ext4 hands a freed one out again at once), so
/// another process's rewrite always shows as another file, however coarse the clock that
/// stamps files (one tick on Android kernels) and whatever the length.
struct Seen {
    id: FileId,
    _file: File,
}

impl Seen {
    fn of(file: File) -> io::Result<Seen> {
        Ok(Seen {
            id: FileId::of(&file.metadata()?),
            _file: file,
        })
    }
}

/// Reads `reports.csv`. A damaged file is copied aside once (when `preserve`), and the note
/// names the copy.
fn load_reports(
    dir: &Path,
    notes: &mut Vec<String>,
    preserve: bool,
) -> io::Result<(Reports, Option<Seen>)> {
    let path = dir.join(REPORTS);
    let (bytes, seen) = match open_to_read(&path) {
        Ok(f) => {
            let meta = f.metadata()?;
            if meta.len() > MAX_REPORTS_READ {
                // Left as it is: read in part, it would be saved back without the rest.
                return Err(io::Error::other(format!(
                    "is {} bytes; at most {} MiB is read (a million reports take 40 MiB)",
                    meta.len(),
                    MAX_REPORTS_READ >> 20
                )));
            }
            let mut bytes = Vec::with_capacity(meta.len() as usize);
            (&f).take(MAX_REPORTS_READ).read_to_end(&mut bytes)?;
            (bytes, Some(Seen::of(f)?))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Reports::default(), None)),
        Err(e) => return Err(e),
    };
    let mut reports = Reports::default();
    let summary = reports.merge_csv(bytes.as_slice());
    if !summary.errors.is_empty() {
        let mut lines = Listed::default();
        for e in &summary.errors {
            lines.push(format!("line {}: {}", e.line, e.message));
        }
        let copy = if preserve {
            match preserve_damaged(dir, REPORTS, &bytes) {
                Ok(name) => format!("the file as it was is saved as {name}"),
                Err(e) => format!("the file could not be copied aside ({e}); it is left as it is"),
            }
        } else {
            "the file is left as it is".to_string()
        };
        notes.push(format!(
            "{REPORTS}: {} row(s) could not be read ({}); {} report(s) kept; {copy}",
            summary.errors.len(),
            lines,
            reports.len(),
        ));
    }
    Ok((reports, seen))
}

/// `history.log`'s moments, and what could not be read of it (its damaged lines, by number).
/// A damaged file is copied aside once (when `preserve`), and the note names the copy.
pub(crate) fn load_history(dir: &Path, preserve: bool) -> io::Result<(Vec<Entry>, Option<String>)> {
    // Opened as the log is: a FIFO or a device in its place must not block the guard (the
    // moment is saved before the verdict returns) or be read for ever.
    let mut file = match open_to_read(&dir.join(HISTORY)) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), None)),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let mut moments = Vec::new();
    let mut damaged = Listed::default();
    let mut line_no = 0;
    let read = read_lines(
        &mut file,
        len.saturating_sub(MAX_HISTORY_READ),
        len,
        |line| take_moment(line, &mut line_no, &mut moments, &mut damaged),
    )?;
    if read.end < len {
        damaged.push(format!("{} (not ended)", line_no + 1));
    }
    if read.start > 0 {
        // Too long to be this app's: damage added to it. Moments written before the damage
        // are at its head — the tail alone showed none of them, and the next save kept only
        // what was shown. The head is read too, its moments first (they were written first).
        let mut head = Vec::new();
        let mut head_no = 0;
        let mut head_damaged = Listed::default();
        read_lines(&mut file, 0, MAX_HISTORY_READ.min(read.start), |line| {
            take_moment(line, &mut head_no, &mut head, &mut head_damaged)
        })?;
        head.append(&mut moments);
        moments = head;
    }
    let cut = read.start > 0;
    if damaged.count == 0 && !cut {
        return Ok((moments, None));
    }
    // A file read whole (at most MAX_HISTORY_READ) is copied as it was; a longer one was not
    // this app's, and is not copied.
    let copy = if preserve && !cut {
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(0))?;
        (&mut file).take(MAX_HISTORY_READ).read_to_end(&mut bytes)?;
        match preserve_damaged(dir, HISTORY, &bytes) {
            Ok(name) => format!("the file as it was is saved as {name}"),
            Err(e) => format!("the file could not be copied aside ({e})"),
        }
    } else if cut {
        format!(
            "it is {len} bytes, far more than {} moments; only its first and last {} MiB were read",
            history::MAX_MOMENTS,
            MAX_HISTORY_READ >> 20
        )
    } else {
        "the file is left as it is".to_string()
    };
    let note = format!(
        "{HISTORY}: skipped {} damaged line(s): {damaged}; {} moment(s) kept; {copy}",
        damaged.count,
        moments.len()
    );
    Ok((moments, Some(note)))
}

/// Reads one line of `history.log` into `moments`, or names it in `damaged`.
fn take_moment(
    line: Option<&[u8]>,
    line_no: &mut usize,
    moments: &mut Vec<Entry>,
    damaged: &mut Listed,
) {
    *line_no += 1;
    let read = match line {
        Some([]) => return,
        Some(bytes) => checked_json(bytes).and_then(|json| Ok((read_moment(json)?, json))),
        None => Err("too long"),
    };
    match read {
        Ok(((id, ts, caller), json)) => moments.push(Entry {
            id,
            ts,
            caller,
            json: json.to_string(),
        }),
        Err(why) => damaged.push(format!("{line_no} ({why})")),
    }
}

/// The copies of a damaged `history.log` kept in `dir`, by file name.
pub(crate) fn damaged_history_copies(dir: &Path) -> Vec<String> {
    let prefix = format!("{HISTORY}.damaged-");
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) {
            names.push(name);
        }
    }
    names
}

/// Keeps a damaged state file `name` as `<name>.damaged-<ms>`, once: when a copy with the same
/// bytes is there already, that one is named. Returns the copy's file name.
fn preserve_damaged(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<String> {
    let prefix = format!("{name}.damaged-");
    for entry in fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let same_size = || {
            entry
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        };
        if name.starts_with(&prefix) && same_size() && same_bytes(&entry.path(), bytes) {
            return Ok(name);
        }
    }
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut name = format!("{prefix}{ms}");
    let mut n = 1;
    while dir.join(&name).exists() {
        n += 1;
        name = format!("{prefix}{ms}-{n}");
    }
    let mut f = new_private_file(&dir.join(&name))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(name)
}

/// Whether the file at `path` holds `bytes` (read no further than their length).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let mut on_disk = Vec::with_capacity(bytes.len());
    open_to_read(path)
        .and_then(|f| f.take(bytes.len() as u64 + 1).read_to_end(&mut on_disk))
        .is_ok_and(|_| on_disk == bytes)
}

/// Writes a file so that a crash leaves either the old or the new content, never a mix. The
/// temporary file's name is unique to this process and call.
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = dir.join(format!(
        ".{name}.{}-{:016x}.tmp",
        std::process::id(),
        random_id()
    ));
    let written = (|| {
        let mut f = new_private_file(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(name))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    // The rename itself is durable only once the directory is synced.
    File::open(dir)?.sync_all()
}

/// Temporary files left by a process that died mid-write (only ever there under the lock), and
/// the key of earlier releases.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = (name.starts_with('.') && name.ends_with(".tmp"))
            || name == LEGACY_KEY
            || name == format!("{LEGACY_KEY}.tmp")
            || name == format!("{LOG}.tmp")
            || name == format!("{REPORTS}.tmp");
        if ours {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn make_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    if !fs::metadata(dir)?.is_dir() {
        return Err(io::Error::from_raw_os_error(libc::ENOTDIR));
    }
    Ok(())
}

/// Opens (creating, 0600) a state file, for appending or for the lock. Only a regular file will
/// do (see [`regular`]).
fn private_file(path: &Path, append: bool) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true);
    if append {
        o.append(true);
    } else {
        o.read(true).write(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    regular(o, path)
}

/// Opens a state file to read. Only a regular file will do (see [`regular`]).
fn open_to_read(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    regular(o, path)
}

/// Opens `path` without blocking and refuses anything but a regular file: a FIFO in the state
/// directory would block the guard until something wrote to it (no verdict at all), a device
/// (or a symlink to `/dev/zero`) would never end or would swallow what is written, and a
/// directory cannot be read. `O_NONBLOCK` makes opening a FIFO return at once; it changes
/// nothing for a regular file.
fn regular(mut options: OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(
            "not a regular file (a FIFO, a device or a directory)",
        ));
    }
    Ok(file)
}

/// Creates a new file, 0600, failing if it exists.
fn new_private_file(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// Makes an existing directory 0700 and its files 0600 (an earlier release made them 0644).
fn tighten(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
        if let Ok(entries) = fs::read_dir(dir) {
            for entry in entries.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_file()) {
                    let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(0o600));
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::{CallRecord, CodeRecord};
    use crate::event::Direction;
    use crate::types::{Channel, Purpose};

    fn call(id: u64, start: i64) -> Record {
        Record::Call(CallRecord {
            id,
            number: Some("+77015550142".into()),
            direction: Direction::Incoming,
            contact: Some(false),
            channel: Channel::Cellular,
            start,
            answered: None,
            ended: None,
            answered_order: None,
        })
    }

    fn code(id: u64, ts: i64) -> Record {
        Record::Code(CodeRecord {
            id,
            ts,
            sender: "1414".into(),
            purpose: Purpose::GovSignin,
            code_tag: Some(9),
            late: false,
            joined: false,
            legacy_hash: None,
            seq: None,
            order: None,
        })
    }

    fn ids(records: &[Record]) -> Vec<u64> {
        let mut ids: Vec<u64> = records
            .iter()
            .map(|r| match r {
                Record::Call(c) => c.id,
                Record::Code(k) => k.id,
                Record::Risk(r) => r.id,
            })
            .collect();
        ids.sort();
        ids
    }

    /// An injected short write ("no space" after half a line) leaves no fragment for the next
    /// record to be glued to, and the record that failed is written with the next one.
    #[test]
    fn a_short_write_is_cut_back_and_the_next_write_carries_the_lost_record() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut store, _) = Store::open(dir.path(), |_| None).expect("open");
        let mut memory = vec![call(1, 10)];
        store
            .append(&memory, || memory.clone(), |_| true)
            .expect("first");
        memory.push(call(2, 20));
        store.fail_after = Some(40);
        let e = store
            .append(&memory[1..], || memory.clone(), |_| true)
            .unwrap_err();
        assert_eq!(e.kind, StateErrorKind::NoSpace, "{e}");
        let text = fs::read_to_string(dir.path().join(LOG)).expect("log");
        assert!(
            text.ends_with('\n') && text.lines().count() == 1,
            "{text:?}"
        );

        memory.push(code(3, 30));
        store
            .append(&memory[2..], || memory.clone(), |_| true)
            .expect("third");
        drop(store);
        let (_, loaded) = Store::open(dir.path(), |_| None).expect("reopen");
        assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
        assert_eq!(ids(&loaded.records), [1, 2, 3]);
    }

    /// A fragment left by a process that died mid-write (no newline at the end) is cut before
    /// the next append.
    #[test]
    fn a_torn_tail_from_another_process_is_cut_before_appending() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut store, _) = Store::open(dir.path(), |_| None).expect("open");
        store
            .append(&[call(1, 10)], Vec::new, |_| true)
            .expect("first");
        let mut f = OpenOptions::new()
            .append(true)
            .open(dir.path().join(LOG))
            .expect("log");
        f.write_all(b"1234abcd {\"t\":\"ca").expect("fragment");
        store
            .append(&[call(2, 20)], Vec::new, |_| true)
            .expect("second");
        let (_, loaded) = Store::open(dir.path(), |_| None).expect("reopen");
        assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
        assert_eq!(ids(&loaded.records), [1, 2]);
    }

    /// Two stores on one directory: a rewrite by one keeps the other's records, and the other
    /// appends to the new file, not to the one that was replaced.
    #[test]
    fn two_stores_keep_each_others_records() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut a, _) = Store::open(dir.path(), |_| None).expect("a");
        let (mut b, _) = Store::open(dir.path(), |_| None).expect("b");
        a.append(&[call(1, 10)], Vec::new, |_| true).expect("a1");
        b.append(&[call(2, 20)], Vec::new, |_| true).expect("b2");
        a.compact(&[call(1, 10)], |_| true).expect("compact");
        b.append(&[code(3, 30)], Vec::new, |_| true).expect("b3");
        let seen = match b.catch_up().expect("catch up") {
            CatchUp::New(r) => ids(&r),
            CatchUp::Nothing => Vec::new(),
        };
        assert!(seen.contains(&1), "b sees a's record: {seen:?}");
        let (_, loaded) = Store::open(dir.path(), |_| None).expect("reopen");
        assert_eq!(ids(&loaded.records), [1, 2, 3]);
    }

    #[test]
    fn reports_saved_by_two_stores_are_merged() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut a, _) = Store::open(dir.path(), |_| None).expect("a");
        let (mut b, _) = Store::open(dir.path(), |_| None).expect("b");
        let add = |n: &str| ReportOp::Add {
            number: n.into(),
            reported_at: 1,
            note: String::new(),
        };
        let with = |ops: &[ReportOp]| {
            let mut r = Reports::default();
            for op in ops {
                r.apply(op);
            }
            r
        };
        let ops = [add("+77010000001")];
        assert!(
            a.save_reports(&with(&ops), &ops).expect("a").is_none(),
            "a wrote memory"
        );
        let ops = [add("+77010000002")];
        let merged = b.save_reports(&with(&ops), &ops).expect("b");
        assert_eq!(merged.map(|m| m.len()), Some(2), "b merged a's report");
        let ops = [ReportOp::Remove("+77010000001".into())];
        let removed = a.save_reports(&with(&[]), &ops).expect("remove");
        assert_eq!(removed.map(|m| m.len()), Some(1));
        assert!(b.reports_if_changed().is_some_and(|r| r.len() == 1));
        assert!(b.reports_if_changed().is_none());
    }

    /// Another process rewrites `reports.csv` twice; on a file system that reuses inode numbers
    /// (ext4) its new file may get the number of the one this process last wrote, with the same
    /// length and — on a coarse clock (Android kernels stamp files by the tick) — the same
    /// time. This process must still see the change and not write its stale list over it.
    #[test]
    fn a_rewrite_by_another_process_is_seen_even_when_the_file_looks_the_same() {
        let add = |n: &str| ReportOp::Add {
            number: n.into(),
            reported_at: 1,
            note: String::new(),
        };
        let with = |ops: &[ReportOp]| {
            let mut r = Reports::default();
            for op in ops {
                r.apply(op);
            }
            r
        };
        let mut reused = 0;
        for _ in 0..20 {
            // On disk (ext4 reuses inode numbers at once; tmpfs never does).
            let dir = tempfile::tempdir_in(std::env::temp_dir()).expect("dir");
            let (mut a, _) = Store::open(dir.path(), |_| None).expect("a");
            let (mut b, _) = Store::open(dir.path(), |_| None).expect("b");
            let ops = [add("+77010000001")];
            a.save_reports(&with(&ops), &ops).expect("a adds 1");
            let path = dir.path().join(REPORTS);
            let seen_by_a = fs::metadata(&path).expect("csv");
            let ops = [add("+77010000002")];
            b.save_reports(&with(&ops), &ops).expect("b adds 2");
            let ops = [ReportOp::Remove("+77010000001".into())];
            b.save_reports(&with(&[add("+77010000002")]), &ops)
                .expect("b removes 1");
            let now = fs::metadata(&path).expect("csv");
            // A coarse clock: both writes in one tick.
            File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(seen_by_a.modified().expect("mtime")))
                .expect("set mtime");
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                reused += usize::from(now.ino() == seen_by_a.ino() && now.len() == seen_by_a.len());
            }
            let ops = [add("+77010000003")];
            let mut mine = with(&[add("+77010000001")]);
            mine.apply(&ops[0]);
            a.save_reports(&mine, &ops).expect("a adds 3");
            let (_, loaded) = Store::open(dir.path(), |_| None).expect("reopen");
            let mut numbers: Vec<String> =
                loaded.reports.list().map(|r| r.number.clone()).collect();
            numbers.sort();
            assert_eq!(
                numbers,
                ["+77010000002", "+77010000003"],
                "b's report kept and its removal too"
            );
        }
        eprintln!("inode numbers reused in {reused} of 20 runs");
    }

    #[test]
    fn a_log_with_64_bit_code_hashes_is_rewritten_without_them() {
        let dir = tempfile::tempdir().expect("dir");
        let json = r#"{"t":"code","ts":5,"sender":"1414","purpose":"gov_signin","code_hash":1234567890123}"#;
        let line = format!("{:08x} {json}\n", CHECKSUM.checksum(json.as_bytes()));
        fs::write(dir.path().join(LOG), line).expect("old log");
        fs::write(dir.path().join(LEGACY_KEY), [7u8; 16]).expect("old key");
        let (_, loaded) = Store::open(dir.path(), |_| None).expect("open");
        assert_eq!(loaded.records.len(), 1);
        let text = fs::read_to_string(dir.path().join(LOG)).expect("log");
        assert!(
            !text.contains("code_hash") && !text.contains("1234567890123"),
            "{text}"
        );
        assert!(!dir.path().join(LEGACY_KEY).exists());
    }
}
