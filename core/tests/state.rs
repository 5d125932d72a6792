//! The guard's state directory: what survives a restart, what a damaged file costs (as
//! little as possible, and never the reports), that it stays small, that threads do not
//! tear it, and that no SMS text or code is ever written to it.
//!
//! State directories are made on tmpfs when there is one: every event is synced before its
//! verdict, which costs milliseconds per event on a disk, and nothing checked here depends on
//! the medium (the real-disk path is covered by the CLI's kill test).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use smsguard_core::{
    CallEvent, CallPhase, Channel, Direction, Event, Guard, Level, ReportEvent, RulePack, SmsEvent,
    Verdict,
};

const T: i64 = 1_764_064_800_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;

const EGOV_4821: &str = "Код для входа на портал eGov: 4821. Никому не сообщайте этот код.";
const EGOV_5531: &str = "Код для входа на портал eGov: 5531. Никому не сообщайте этот код.";
const KASPI_7712: &str =
    "Kaspi.kz: код для входа 7712. Никому не говорите код, даже сотрудникам банка.";
const KASPI_2290: &str = "Kaspi.kz: код для входа 2290. Никому не сообщайте код.";

fn state_dir() -> tempfile::TempDir {
    let mut b = tempfile::Builder::new();
    b.prefix("smsguard-state-");
    b.tempdir_in("/dev/shm")
        .or_else(|_| b.tempdir())
        .expect("temp dir")
}

fn open(dir: &Path) -> Guard {
    Guard::open(dir, RulePack::embedded()).expect("the state directory opens")
}

fn call(ts: i64, phase: CallPhase, number: Option<&str>, contact: bool) -> Event {
    Event::Call(CallEvent {
        ts,
        phase,
        number: number.map(str::to_string),
        direction: Direction::Incoming,
        contact: Some(contact),
        channel: Channel::Cellular,
    })
}

fn sms(ts: i64, sender: &str, body: Option<&str>) -> Event {
    Event::Sms(SmsEvent {
        ts,
        sender: Some(sender.into()),
        body: body.map(str::to_string),
        sent_ts: None,
    })
}

fn handle(guard: &Guard, event: Event) -> Verdict {
    guard.handle(event).expect("a valid event is handled")
}

/// Starts and answers an incoming call from a stranger.
fn stranger_on_the_line(guard: &Guard, ts: i64, number: &str) {
    handle(guard, call(ts, CallPhase::Start, Some(number), false));
    handle(
        guard,
        call(ts + 5_000, CallPhase::Answered, Some(number), false),
    );
}

/// The code arrived while the stranger was on the line: high or critical.
fn assert_warns_high(v: &Verdict) {
    assert!(
        matches!(v.level, Level::High | Level::Critical),
        "{:?} {:?}",
        v.level,
        v.reasons
    );
}

fn log_path(dir: &Path) -> PathBuf {
    dir.join("events.log")
}

fn log_lines(dir: &Path) -> Vec<Vec<u8>> {
    let bytes = fs::read(log_path(dir)).unwrap_or_default();
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn numbers(guard: &Guard) -> Vec<String> {
    guard.reports().into_iter().map(|r| r.number).collect()
}

fn damaged_copies(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .expect("state dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("reports.csv.damaged-"))
        })
        .collect();
    found.sort();
    found
}

// --- Reports ---------------------------------------------------------------------------

#[test]
fn reports_survive_reopen_and_override_contacts() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        g.add_report("+7 701 555 01 01", Some("курьер «Kaspi» 📦"), T - HOUR)
            .expect("report");
        g.add_report("87775550177", None, T - HOUR + 1)
            .expect("report");
        g.add_report("+77051112233", Some("Temu"), T - HOUR + 2)
            .expect("report");
        assert!(
            g.remove_report("8 705 111 22 33").expect("remove"),
            "the report is found in another form"
        );
    }
    let g = open(dir.path());
    assert!(g.recovery_notes().is_empty(), "{:?}", g.recovery_notes());
    let reports = g.reports();
    assert_eq!(numbers(&g), ["+77015550101", "+77775550177"]);
    assert_eq!(reports[0].note, "курьер «Kaspi» 📦");
    assert_eq!(reports[0].reported_at, T - HOUR);

    // A reported number warns even when it is saved in the contacts.
    handle(&g, call(T, CallPhase::Start, Some("8 701 555 01 01"), true));
    handle(
        &g,
        call(
            T + 5_000,
            CallPhase::Answered,
            Some("8 701 555 01 01"),
            true,
        ),
    );
    let v = handle(&g, sms(T + MIN, "1414", Some(EGOV_4821)));
    assert_eq!(v.level, Level::Critical, "{:?}", v.reasons);
    assert!(
        v.reasons.iter().any(|r| r == "caller:reported"),
        "{:?}",
        v.reasons
    );
    drop(g);
    assert_eq!(
        numbers(&open(dir.path())),
        ["+77015550101", "+77775550177"],
        "the removed report stays removed"
    );
}

#[test]
fn damaged_reports_csv_keeps_every_readable_report_and_the_file() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        for (i, n) in ["+77010000001", "+77020000002", "+77030000003"]
            .iter()
            .enumerate()
        {
            g.add_report(n, Some("scam"), T + i as i64).expect("report");
        }
    }
    let csv = dir.path().join("reports.csv");
    let text = fs::read(&csv).expect("reports.csv");
    // The second report's row (line 3) becomes garbage, invalid UTF-8 included.
    let mut lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
    assert!(
        lines[2].starts_with(b"+77020000002"),
        "{:?}",
        String::from_utf8_lossy(&text)
    );
    let garbage: &[u8] = b"+77\xff\xfe0\x00\x00,\xd0,??";
    lines[2] = garbage;
    let damaged = lines.join(&b'\n');
    fs::write(&csv, &damaged).expect("damage reports.csv");

    let g = open(dir.path());
    assert_eq!(
        numbers(&g),
        ["+77010000001", "+77030000003"],
        "every readable report is kept"
    );
    let copies = damaged_copies(dir.path());
    assert_eq!(copies.len(), 1, "the damaged file is saved aside once");
    assert_eq!(
        fs::read(&copies[0]).expect("copy"),
        damaged,
        "the copy is the file as it was"
    );
    let notes = g.recovery_notes().join("\n");
    assert!(notes.contains("reports.csv"), "{notes}");
    let copy_name = copies[0]
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert!(
        notes.contains(&copy_name),
        "the note says where the old file is: {notes}"
    );
    assert!(
        notes.contains("line 3"),
        "the note names the damaged line: {notes}"
    );

    // The kept reports still work, and the next save does not lose them either.
    stranger_on_the_line(&g, T + HOUR, "+77030000003");
    assert_eq!(
        handle(&g, sms(T + HOUR + MIN, "1414", Some(EGOV_4821))).level,
        Level::Critical
    );
    g.add_report("+77040000004", None, T + 2 * HOUR)
        .expect("report");
    drop(g);
    let g = open(dir.path());
    assert_eq!(
        numbers(&g),
        ["+77010000001", "+77030000003", "+77040000004"]
    );
    assert!(g.recovery_notes().is_empty(), "{:?}", g.recovery_notes());
    assert_eq!(
        damaged_copies(dir.path()),
        copies,
        "the saved copy is never removed"
    );
}

/// A single stray quote (one flipped byte) must not turn every later row into one long
/// note: those rows are readable, so they are kept — or at the very least the damage is
/// noticed and the file saved aside before it is overwritten.
#[test]
fn a_stray_quote_in_reports_csv_does_not_swallow_the_rows_after_it() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        for (i, n) in ["+77010000001", "+77020000002", "+77030000003"]
            .iter()
            .enumerate()
        {
            g.add_report(n, None, T + i as i64).expect("report");
        }
    }
    let csv = dir.path().join("reports.csv");
    let text = fs::read_to_string(&csv).expect("reports.csv");
    assert!(text.contains("+77010000001,1764064800000,\n"), "{text}");
    let damaged = text.replacen(
        "+77010000001,1764064800000,\n",
        "+77010000001,1764064800000,\"\n",
        1,
    );
    fs::write(&csv, &damaged).expect("damage reports.csv");

    let g = open(dir.path());
    let kept = numbers(&g);
    let noticed = !g.recovery_notes().is_empty() && !damaged_copies(dir.path()).is_empty();
    assert!(
        kept == ["+77010000001", "+77020000002", "+77030000003"] || noticed,
        "reports silently lost: kept {kept:?}, notes {:?}, reports {:?}",
        g.recovery_notes(),
        g.reports()
    );
    // Whatever was kept, saving again must not make the loss permanent without a copy.
    g.add_report("+77040000004", None, T + HOUR)
        .expect("report");
    drop(g);
    let after = numbers(&open(dir.path()));
    let recoverable = damaged_copies(dir.path()).iter().any(|p| {
        fs::read_to_string(p)
            .is_ok_and(|t| t.contains("+77020000002") && t.contains("+77030000003"))
    });
    assert!(
        (after.contains(&"+77020000002".to_string())
            && after.contains(&"+77030000003".to_string()))
            || recoverable,
        "reports wiped: {after:?}"
    );
}

// --- events.log --------------------------------------------------------------------------

#[test]
fn torn_last_line_is_recovered_and_the_call_before_it_still_warns() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        stranger_on_the_line(&g, T, "+77015550142");
        // The app is killed while this code's record is being written.
        assert_eq!(
            handle(&g, sms(T + 30_000, "Kaspi.kz", Some(KASPI_7712))).level,
            Level::High
        );
    }
    let lines = log_lines(dir.path());
    assert_eq!(
        lines.len(),
        4,
        "start, answered, the code and its risky moment (one write)"
    );
    let full = fs::read(log_path(dir.path())).expect("log");
    let cut = lines[0].len() + 1 + lines[1].len() + 1 + lines[2].len() / 2;
    fs::write(log_path(dir.path()), &full[..cut]).expect("tear the last line");

    let g = open(dir.path());
    let notes = g.recovery_notes().join("\n");
    assert!(
        notes.contains("events.log") && notes.contains("damaged"),
        "a note says what was lost: {notes:?}"
    );
    let v = handle(&g, sms(T + MIN, "1414", Some(EGOV_4821)));
    assert_warns_high(&v);
    assert!(
        v.reasons.iter().any(|r| r == "window:connected"),
        "{:?}",
        v.reasons
    );
    assert_eq!(v.caller.as_deref(), Some("+77015550142"));
}

/// A log written by an earlier release (these two lines: a stranger's call, started and
/// answered) must still count after an update: its checksum is the standard CRC-32, whichever
/// crate computes it.
#[test]
fn a_log_from_an_earlier_release_still_warns() {
    let dir = state_dir();
    fs::write(
        log_path(dir.path()),
        concat!(
            r#"55644227 {"t":"call","id":0,"number":"+77015550101","direction":"incoming","contact":false,"channel":"cellular","start":1764064800000,"answered":null,"ended":null}"#,
            "\n",
            r#"91eab05a {"t":"call","id":0,"number":"+77015550101","direction":"incoming","contact":false,"channel":"cellular","start":1764064800000,"answered":1764064805000,"ended":null}"#,
            "\n",
        ),
    )
    .expect("write the old log");

    let g = open(dir.path());
    assert!(
        g.recovery_notes().iter().all(|n| !n.contains("events.log")),
        "{:?}",
        g.recovery_notes()
    );
    let v = handle(&g, sms(T + MIN, "1414", Some(EGOV_4821)));
    assert_warns_high(&v);
    assert_eq!(v.caller.as_deref(), Some("+77015550101"));
}

/// After a torn last line, the next record must start on a line of its own: glued to the
/// torn bytes it would be lost at the following restart.
#[test]
fn first_event_after_a_torn_line_survives_the_next_restart() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        handle(
            &g,
            call(T - HOUR, CallPhase::Start, Some("+77015550101"), true),
        );
    }
    let full = fs::read(log_path(dir.path())).expect("log");
    fs::write(log_path(dir.path()), &full[..full.len() / 2]).expect("tear the only line");
    {
        let g = open(dir.path());
        assert!(!g.recovery_notes().is_empty());
        // A stranger calls; the app is killed while it rings.
        handle(&g, call(T, CallPhase::Start, Some("+77015550142"), false));
    }
    let g = open(dir.path());
    let v = handle(&g, sms(T + 30_000, "1414", Some(EGOV_4821)));
    assert_eq!(
        v.level,
        Level::Medium,
        "the ringing stranger was forgotten: {:?} {:?}",
        v.reasons,
        g.recovery_notes()
    );
}

/// A state directory copied through a tool that turns line ends into CRLF (and so every
/// `reports.csv` row too) loses nothing: the stranger on the line before the copy still counts.
#[test]
fn crlf_line_ends_lose_nothing() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        stranger_on_the_line(&g, T, "+77015550142");
        g.add_report("+77770000666", None, T).expect("report");
    }
    for name in ["events.log", "reports.csv"] {
        let path = dir.path().join(name);
        let text = fs::read_to_string(&path).expect(name);
        fs::write(&path, text.replace('\n', "\r\n")).expect(name);
    }
    let g = open(dir.path());
    assert!(g.recovery_notes().is_empty(), "{:?}", g.recovery_notes());
    assert_eq!(numbers(&g), ["+77770000666"]);
    assert_warns_high(&handle(&g, sms(T + MIN, "1414", Some(EGOV_4821))));
}

#[test]
fn flipped_byte_in_a_middle_line_skips_only_that_line() {
    let dir = state_dir();
    let (a, b, c) = ("+77010000001", "+77020000002", "+77030000003");
    {
        let g = open(dir.path());
        g.add_report(a, None, T - HOUR).expect("report");
        // Three strangers ring at once (call waiting): one record each.
        for (i, n) in [a, b, c].iter().enumerate() {
            handle(
                &g,
                call(T + i as i64 * 1_000, CallPhase::Start, Some(n), false),
            );
        }
    }
    let mut bytes = fs::read(log_path(dir.path())).expect("log");
    let first_end = bytes.iter().position(|b| *b == b'\n').expect("line 1");
    let second_end = first_end
        + 1
        + bytes[first_end + 1..]
            .iter()
            .position(|b| *b == b'\n')
            .expect("line 2");
    let middle = (first_end + 1 + second_end) / 2;
    bytes[middle] ^= 0x01;
    fs::write(log_path(dir.path()), &bytes).expect("flip a byte");

    let g = open(dir.path());
    let notes = g.recovery_notes().join("\n");
    assert!(notes.contains("events.log"), "{notes}");
    assert!(
        notes.contains("1 damaged") && notes.contains("2 valid"),
        "only line 2 is skipped: {notes}"
    );
    // Line 1 was read: the reported caller still ringing gives the highest level.
    let v = handle(&g, sms(T + 10_000, "1414", Some(EGOV_4821)));
    assert_eq!(
        (v.level, v.caller.as_deref()),
        (Level::High, Some(a)),
        "{:?}",
        v.reasons
    );
    // Line 3 was read too: with the report taken back, the latest ringing stranger is C.
    assert!(g.remove_report(a).expect("remove"));
    let v = handle(&g, sms(T + 11_000, "Kaspi.kz", Some(KASPI_7712)));
    assert_eq!(
        (v.level, v.caller.as_deref()),
        (Level::Medium, Some(c)),
        "{:?}",
        v.reasons
    );
}

/// An earlier release kept a 64-bit keyed hash of each code and its key beside the log: both
/// could give the code back. Opening such a directory removes them, and its calls still warn.
#[test]
fn an_earlier_releases_code_hashes_and_key_are_removed() {
    let dir = state_dir();
    let code = r#"{"t":"code","ts":1764064830000,"sender":"Kaspi.kz","purpose":"login","code_hash":13061208410347227163}"#;
    let crc = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC).checksum(code.as_bytes());
    let crc = format!("{crc:08x}");
    fs::write(
        log_path(dir.path()),
        format!(
            "{}\n{}\n{crc} {code}\n",
            r#"55644227 {"t":"call","id":0,"number":"+77015550101","direction":"incoming","contact":false,"channel":"cellular","start":1764064800000,"answered":null,"ended":null}"#,
            r#"91eab05a {"t":"call","id":0,"number":"+77015550101","direction":"incoming","contact":false,"channel":"cellular","start":1764064800000,"answered":1764064805000,"ended":null}"#,
        ),
    )
    .expect("write the old log");
    fs::write(dir.path().join("key"), [7u8; 16]).expect("old key");

    let g = open(dir.path());
    assert!(g.recovery_notes().is_empty(), "{:?}", g.recovery_notes());
    assert!(!dir.path().join("key").exists(), "the old key is removed");
    let text = fs::read_to_string(log_path(dir.path())).expect("log");
    assert!(
        !text.contains("code_hash") && !text.contains("13061208410347227163"),
        "{text}"
    );
    assert_eq!(
        log_lines(dir.path()).len(),
        2,
        "the call and the code: {text}"
    );
    // The old code (from another sender) and this one: a second code during the call.
    let v = handle(&g, sms(T + MIN, "1414", Some(EGOV_4821)));
    assert_eq!(v.level, Level::Critical, "{:?}", v.reasons);
    assert_eq!(v.caller.as_deref(), Some("+77015550101"));
}

/// Codes are compared by a 4-bit tag that survives restarts, so the same code sent again is
/// still recognised as the same code (high), and a different one during the same call as
/// another code (critical; two codes share a tag one time in 16, these two do not).
#[test]
fn codes_compare_across_a_restart() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        stranger_on_the_line(&g, T, "+77015550142");
        assert_eq!(
            handle(&g, sms(T + MIN, "Kaspi.kz", Some(KASPI_7712))).level,
            Level::High
        );
    }
    let g = open(dir.path());
    let again = handle(&g, sms(T + 2 * MIN, "Kaspi.kz", Some(KASPI_7712)));
    assert_eq!(
        again.level,
        Level::High,
        "the same code resent is not a second code: {:?}",
        again.reasons
    );
    let other = handle(&g, sms(T + 3 * MIN, "Kaspi.kz", Some(KASPI_2290)));
    assert_eq!(other.level, Level::Critical, "{:?}", other.reasons);
    assert!(
        other.reasons.iter().any(|r| r == "second_code"),
        "{:?}",
        other.reasons
    );
}

// --- Bounded state --------------------------------------------------------------------------

/// A day of calls from family: the log is rewritten instead of growing, a stranger's call
/// whose end the phone never reported is forgotten, and reports are kept.
#[test]
fn a_day_of_events_keeps_the_log_small_and_old_calls_quiet() {
    let dir = state_dir();
    let appended;
    {
        let g = open(dir.path());
        g.add_report("+77775550177", Some("Temu"), T - HOUR)
            .expect("report");
        // Morning: a stranger calls; the app never hears the call end.
        stranger_on_the_line(&g, T, "+77015550142");
        assert_eq!(
            handle(&g, sms(T + MIN, "1414", Some(EGOV_4821))).level,
            Level::High
        );
        let mut records = 3;
        let mut ts = T + 2 * MIN;
        while ts < T + 24 * HOUR {
            for (dt, phase) in [
                (0, CallPhase::Start),
                (3_000, CallPhase::Answered),
                (60_000, CallPhase::Ended),
            ] {
                handle(&g, call(ts + dt, phase, Some("+77015550101"), true));
                records += 1;
            }
            if (ts - T) % HOUR < 2 * MIN && ts > T + 5 * HOUR {
                // The person signs in to Kaspi now and then; nobody risky has called for hours.
                let v = handle(&g, sms(ts + 90_000, "Kaspi.kz", Some(KASPI_2290)));
                assert_eq!(
                    v.level,
                    Level::None,
                    "at +{} min: {:?}",
                    (ts - T) / MIN,
                    v.reasons
                );
                records += 1;
            }
            ts += 2 * MIN;
        }
        appended = records;
    }
    let lines = log_lines(dir.path());
    let size = fs::metadata(log_path(dir.path()))
        .map(|m| m.len())
        .unwrap_or(0);
    assert!(appended > 2_000, "{appended}");
    assert!(
        lines.len() < 400 && size < 128 * 1024,
        "{} lines, {size} bytes after {appended} records",
        lines.len()
    );

    let g = open(dir.path());
    assert!(g.recovery_notes().is_empty(), "{:?}", g.recovery_notes());
    assert_eq!(numbers(&g), ["+77775550177"], "reports are never pruned");
    let v = handle(&g, sms(T + 24 * HOUR + 5 * MIN, "1414", Some(EGOV_5531)));
    assert_eq!(v.level, Level::None, "{:?}", v.reasons);
}

/// The phone may never report the end of a call (the app was killed). Such a call must not
/// make every later code "during a call from a stranger" — not a day later, and not after
/// a restart — even when no other event came in between to prune it.
#[test]
fn a_call_whose_end_was_missed_does_not_warn_a_day_later() {
    let memory = Guard::in_memory(RulePack::embedded()).expect("guard");
    stranger_on_the_line(&memory, T, "+77015550142");
    let v = handle(&memory, sms(T + 24 * HOUR, "Kaspi.kz", Some(KASPI_2290)));
    assert_eq!(v.level, Level::None, "in memory: {:?}", v.reasons);

    let dir = state_dir();
    stranger_on_the_line(&open(dir.path()), T, "+77015550142");
    let g = open(dir.path());
    let v = handle(&g, sms(T + 24 * HOUR, "Kaspi.kz", Some(KASPI_2290)));
    assert_eq!(v.level, Level::None, "after a restart: {:?}", v.reasons);
}

// --- Hostile files ----------------------------------------------------------------------

/// Runs `f` on another thread and waits up to 30 s for it: a guard that blocks gives no
/// verdict at all, and a test that waits for ever would not say which case blocked.
fn within_30_s<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("{what}: no answer within 30 s"))
}

/// A FIFO or a device where a state file belongs (a mistake, a hostile app with access, a
/// restore gone wrong) must not block the guard or make it read for ever: the scam still warns,
/// the verdict says the state is not kept, and the reports can still be listed.
#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_in_the_state_directory_never_blocks_the_guard() {
    let cases = [
        ("events.log", "fifo"),
        ("reports.csv", "fifo"),
        ("lock", "fifo"),
        ("events.log", "/dev/zero"),
        ("reports.csv", "/dev/zero"),
    ];
    for (i, (name, what)) in cases.into_iter().enumerate() {
        let dir = state_dir();
        let at = dir.path().join(name);
        if what == "fifo" {
            let made = std::process::Command::new("mkfifo").arg(&at).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", at.display());
        } else {
            std::os::unix::fs::symlink(what, &at).expect("symlink");
        }
        let path = dir.path().to_path_buf();
        let (v, listed) = within_30_s(&format!("case {i}: {name} as {what}"), move || {
            let g = open(&path);
            stranger_on_the_line(&g, T, "+77015550142");
            let v = handle(&g, sms(T + MIN, "1414", Some(EGOV_4821)));
            (v, g.reports().len())
        });
        assert_warns_high(&v);
        let error = v.state_error.unwrap_or_default();
        assert!(
            error.contains("not a regular file"),
            "case {i}: {name} as {what}: {error}"
        );
        assert_eq!(listed, 0);
    }
}

/// A log far bigger than the app ever writes (planted, or grown by a bug) is read from its
/// tail only: the newest records — the stranger on the line — still count, the garbage before
/// them is described in a note of bounded size, and the log is rewritten small.
#[test]
fn a_huge_events_log_is_read_from_its_tail_and_its_garbage_noted_briefly() {
    let calls = state_dir();
    {
        let g = open(calls.path());
        stranger_on_the_line(&g, T, "+77015550142");
    }
    let records = fs::read(log_path(calls.path())).expect("the call's records");

    let dir = state_dir();
    let mut log = Vec::with_capacity(41 << 20);
    let mut x: u32 = 1;
    while log.len() < 40 << 20 {
        // Lines of garbage, as a random file or a bad write would leave.
        for _ in 0..60 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            log.push(b'!' + (x % 90) as u8);
        }
        log.push(b'\n');
    }
    // One line longer than any record, near the end.
    log.extend(std::iter::repeat_n(b'x', 1 << 20));
    log.push(b'\n');
    log.extend_from_slice(&records);
    fs::write(log_path(dir.path()), &log).expect("huge log");
    drop(log);

    let g = open(dir.path());
    let notes = g.recovery_notes().join("\n");
    assert!(notes.contains("only its first and last 32 MiB"), "{notes}");
    assert!(notes.contains("more; 2 valid record(s) kept"), "{notes}");
    assert!(
        notes.len() < 2_000,
        "a note listing every damaged line is damage of its own: {} bytes",
        notes.len()
    );
    let v = handle(&g, sms(T + MIN, "1414", Some(EGOV_4821)));
    assert_warns_high(&v);
    let size = fs::metadata(log_path(dir.path())).expect("log").len();
    assert!(
        size < 4096,
        "the log is rewritten from what counts: {size} bytes"
    );
}

// --- Threads ------------------------------------------------------------------------------

const THREADS: usize = 8;
const EVENTS_PER_THREAD: usize = 2_000;

fn reported_number(thread: usize, k: usize) -> String {
    format!("+770{thread}{k:07}")
}

/// Thread `t`'s `i`-th event: reports of its own numbers (every other one taken back),
/// calls from strangers (hidden ones too), codes, hidden codes and ordinary texts.
fn mixed_event(t: usize, i: usize) -> Event {
    let ts = T + (i as i64) * MIN + t as i64;
    let k = i / 16;
    let caller = format!("+771{t}{k:07}");
    let chat = || sms(ts, "+77015550101", Some("Сәлем! Қалайсың?"));
    match i % 16 {
        0 => Event::Report(ReportEvent {
            ts,
            number: reported_number(t, k),
            note: Some(format!("t{t}")),
            remove: false,
        }),
        8 if k & 1 == 1 => Event::Report(ReportEvent {
            ts,
            number: reported_number(t, k),
            note: None,
            remove: true,
        }),
        1 => call(ts, CallPhase::Start, Some(&caller), false),
        2 => call(ts, CallPhase::Answered, Some(&caller), false),
        3 => sms(ts, "1414", Some([EGOV_4821, EGOV_5531][k & 1])),
        5 | 13 => sms(ts, "Kaspi.kz", Some(KASPI_7712)),
        6 => call(ts, CallPhase::Ended, Some(&caller), false),
        9 => call(ts, CallPhase::Start, None, false),
        10 => call(ts, CallPhase::Ended, None, false),
        11 => sms(ts, "1414", None),
        _ => chat(),
    }
}

fn is_code(i: usize) -> bool {
    matches!(i % 16, 3 | 5 | 11 | 13)
}

fn expected_reports() -> BTreeSet<String> {
    (0..THREADS)
        .flat_map(|t| {
            (0..EVENTS_PER_THREAD.div_ceil(16))
                .filter(|k| k & 1 == 0)
                .map(move |k| reported_number(t, k))
        })
        .collect()
}

fn hammer(guard: &Guard) {
    std::thread::scope(|s| {
        for t in 0..THREADS {
            s.spawn(move || {
                for i in 0..EVENTS_PER_THREAD {
                    let v = guard
                        .handle(mixed_event(t, i))
                        .unwrap_or_else(|e| panic!("thread {t} event {i}: {e}"));
                    if is_code(i) {
                        assert!(
                            v.otp.as_ref().is_some_and(|o| o.is_otp),
                            "thread {t} event {i}"
                        );
                    }
                }
            });
        }
    });
}

#[test]
fn eight_threads_share_one_guard_in_memory() {
    let guard = Guard::in_memory(RulePack::embedded()).expect("guard");
    hammer(&guard);
    let got: BTreeSet<String> = numbers(&guard).into_iter().collect();
    assert_eq!(got, expected_reports());
    let csv = guard.export_reports_csv();
    assert_eq!(
        csv.lines().count(),
        expected_reports().len() + 1,
        "header and one row per report"
    );
}

#[test]
fn eight_threads_share_one_guard_on_disk() {
    let dir = state_dir();
    {
        let guard = open(dir.path());
        hammer(&guard);
        let got: BTreeSet<String> = numbers(&guard).into_iter().collect();
        assert_eq!(got, expected_reports());
    }
    let g = open(dir.path());
    assert!(
        g.recovery_notes().is_empty(),
        "threads tore the state: {:?}",
        g.recovery_notes()
    );
    let got: BTreeSet<String> = numbers(&g).into_iter().collect();
    assert_eq!(
        got,
        expected_reports(),
        "the reports on disk are the final ones"
    );
    // Still answers: a stranger's call and a code.
    let later = T + (EVENTS_PER_THREAD as i64 + 60) * MIN;
    stranger_on_the_line(&g, later, "+77015550142");
    assert_eq!(
        handle(&g, sms(later + MIN, "1414", Some(EGOV_4821))).level,
        Level::High
    );
}

// --- Privacy --------------------------------------------------------------------------------

#[derive(serde::Deserialize)]
struct Labelled {
    sender: String,
    body: Option<String>,
    code: Option<String>,
}

/// Whether `needle` occurs in `hay` as a whole token (no letter or digit on either side):
/// timestamps and hashes are long digit runs that contain every short code by chance.
fn has_token(hay: &str, needle: &str) -> bool {
    let bytes = hay.as_bytes();
    hay.match_indices(needle).any(|(i, _)| {
        (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes
                .get(i + needle.len())
                .is_none_or(|b| !b.is_ascii_alphanumeric())
    })
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn sms_bodies_and_codes_never_reach_the_state_directory() {
    let corpus: Vec<Labelled> = include_str!("../../tests/corpus/sms.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("corpus line"))
        .collect();
    let dir = state_dir();
    let mut verdicts = Vec::new();
    {
        let g = open(dir.path());
        g.add_report("+77775550177", Some("asked for the code"), T - HOUR)
            .expect("report");
        stranger_on_the_line(&g, T, "+77015550142");
        for (i, m) in corpus.iter().enumerate() {
            let v = handle(
                &g,
                sms(T + 10_000 + i as i64 * 1_000, &m.sender, m.body.as_deref()),
            );
            verdicts.push(v.to_json());
        }
    }
    let codes: Vec<&str> = corpus.iter().filter_map(|m| m.code.as_deref()).collect();
    assert!(codes.len() > 200, "the corpus has codes");
    assert!(
        log_lines(dir.path()).len() > 200,
        "the codes were recorded (as hashes)"
    );

    let files = files_under(dir.path());
    assert!(files.len() >= 3, "{files:?}");
    let mut leaks = Vec::new();
    for file in &files {
        let bytes = fs::read(file).expect("state file");
        // Binary files (the key) read as text with replacement characters, which are no
        // letters or digits: a code next to one still counts as a whole token.
        let text = String::from_utf8_lossy(&bytes);
        for code in &codes {
            if has_token(&text, code) {
                leaks.push(format!("code {code} in {}", file.display()));
            }
        }
        for body in corpus.iter().filter_map(|m| m.body.as_deref()) {
            let escaped = serde_json::to_string(body).expect("json");
            let escaped = &escaped[1..escaped.len() - 1];
            if text.contains(body) || text.contains(escaped) {
                leaks.push(format!(
                    "body {:?}… in {}",
                    body.chars().take(20).collect::<String>(),
                    file.display()
                ));
            }
        }
    }
    // The verdicts (what the phone shows, and the CLI prints) never carry the code either.
    for (v, m) in verdicts.iter().zip(&corpus) {
        if let Some(code) = &m.code {
            if has_token(v, code) {
                leaks.push(format!("code {code} in its verdict"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// Damage appended to the end of events.log — MiBs of NUL bytes (a file extended but never
/// written before a crash), or a huge line of garbage: only the last 32 MiB were read, so the
/// stranger's call in progress was forgotten, the code during it said `no_risky_call`, and the
/// rewrite lost the call for good (found appending 40 MiB of NULs to events.log and replaying
/// the code). The head is read too.
#[test]
fn damage_appended_to_the_events_log_hides_no_call_before_it() {
    for garbage in [vec![0u8; 40 << 20], vec![b'x'; 70 << 20]] {
        let dir = state_dir();
        {
            let g = open(dir.path());
            stranger_on_the_line(&g, T, "+77015550142");
        }
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(log_path(dir.path()))
            .expect("events.log");
        std::io::Write::write_all(&mut file, &garbage).expect("damage");
        drop(file);
        let g = open(dir.path());
        let notes = g.recovery_notes().join("\n");
        assert!(notes.contains("events.log"), "the damage is named: {notes}");
        for (sender, body) in [("1414", EGOV_4821), ("Kaspi.kz", KASPI_2290)] {
            let v = handle(&g, sms(T + MIN, sender, Some(body)));
            assert_warns_high(&v);
        }
        drop(g);
        let g = open(dir.path());
        let v = handle(&g, sms(T + 2 * MIN, "1414", Some(EGOV_5531)));
        assert!(v.level >= Level::High, "after the rewrite: {v:?}");
    }
}
