//! The warning history (`history.log`): every warning moment is kept, with when, how strong,
//! why, the sender and the caller, never a body or a code; it survives restarts and a process
//! killed mid-write, stays bounded, and a damaged file costs nothing else.
//!
//! State directories are on tmpfs when there is one, as in `state.rs`.

use std::fs;
use std::path::Path;

use serde_json::Value;
use smsguard_core::history::{MAX_AGE_MS, MAX_MOMENTS};
use smsguard_core::{
    CallEvent, CallPhase, Channel, Direction, Event, Guard, Level, RulePack, SmsEvent, Verdict,
};

const T: i64 = 1_764_064_800_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;
const STRANGER: &str = "+77015550142";
const SECOND: &str = "+77475550202";
const EGOV_4821: &str = "Код для входа на портал eGov: 4821. Никому не сообщайте этот код.";

fn state_dir() -> tempfile::TempDir {
    let mut b = tempfile::Builder::new();
    b.prefix("smsguard-history-");
    b.tempdir_in("/dev/shm")
        .or_else(|_| b.tempdir())
        .expect("temp dir")
}

fn open(dir: &Path) -> Guard {
    Guard::open(dir, RulePack::embedded()).expect("the state directory opens")
}

fn call(ts: i64, phase: CallPhase, number: &str) -> Event {
    Event::Call(CallEvent {
        ts,
        phase,
        number: Some(number.to_string()),
        direction: Direction::Incoming,
        contact: Some(false),
        channel: Channel::Cellular,
    })
}

fn sms(ts: i64, sender: &str, body: &str) -> Event {
    Event::Sms(SmsEvent {
        ts,
        sender: Some(sender.into()),
        body: Some(body.into()),
        sent_ts: None,
    })
}

fn handle(guard: &Guard, event: Event) -> Verdict {
    guard.handle(event).expect("a valid event is handled")
}

/// A stranger's call at `ts` with a 1414 code a minute in (high), then its end.
fn scam(guard: &Guard, ts: i64, number: &str) -> Verdict {
    handle(guard, call(ts, CallPhase::Start, number));
    handle(guard, call(ts + 5_000, CallPhase::Answered, number));
    let v = handle(guard, sms(ts + MIN, "1414", EGOV_4821));
    handle(guard, call(ts + 2 * MIN, CallPhase::Ended, number));
    v
}

/// The history as the app reads it.
fn history(guard: &Guard) -> Value {
    serde_json::from_str(&guard.history_json()).expect("the history is JSON")
}

/// The moments, oldest first.
fn moments(guard: &Guard) -> Vec<Value> {
    let mut m = history(guard)["moments"]
        .as_array()
        .expect("moments")
        .clone();
    m.reverse();
    m
}

/// The times of the moments, oldest first.
fn times(guard: &Guard) -> Vec<i64> {
    moments(guard)
        .iter()
        .map(|m| m["ts"].as_i64().expect("ts"))
        .collect()
}

/// What of the history could not be read.
fn damage_notes(guard: &Guard) -> Vec<String> {
    history(guard)["damaged"]
        .as_array()
        .expect("damaged")
        .iter()
        .map(|d| d.as_str().expect("text").to_string())
        .collect()
}

fn history_path(dir: &Path) -> std::path::PathBuf {
    dir.join("history.log")
}

/// The scam of the seed story and its second stage: three moments, each with its facts, in the
/// order they happened, on disk and after a restart; the JSON the app reads has the summary in
/// each language; no file and no export holds the code or the text.
#[test]
fn every_warning_moment_is_kept_with_its_facts_and_never_the_code() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        assert_eq!(scam(&g, T, STRANGER).level, Level::High);
        handle(&g, call(T + 3 * HOUR, CallPhase::Start, SECOND));
        handle(&g, call(T + 3 * HOUR + 5_000, CallPhase::Answered, SECOND));
        // An SMS without a code and a call with no second stage leave no moment.
        handle(
            &g,
            sms(
                T + 3 * HOUR + MIN,
                "Kaspi.kz",
                "Kaspi Red: рассрочка 0-0-12",
            ),
        );
    }
    let g = open(dir.path());
    assert!(g.recovery_notes().is_empty(), "{:?}", g.recovery_notes());
    assert!(damage_notes(&g).is_empty(), "{:?}", damage_notes(&g));
    let shown = moments(&g);
    let got: Vec<_> = shown
        .iter()
        .map(|m| {
            (
                m["ts"].as_i64(),
                m["level"].as_str(),
                m["caller"].as_str(),
                m["sender"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some(T + MIN), Some("high"), Some(STRANGER), Some("1414")),
            (Some(T + 3 * HOUR), Some("medium"), Some(SECOND), None),
            (Some(T + 3 * HOUR + 5_000), Some("high"), Some(SECOND), None),
        ]
    );
    let first = &shown[0];
    assert_eq!(first["sender_kind"], "gov", "{first}");
    assert_eq!(first["channel"], "cellular");
    assert_eq!(first["situation"], "connected");
    assert_eq!(first["caller_kind"], "unknown");
    assert!(
        first["reasons"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r == "window:connected")),
        "{first}"
    );
    assert_eq!(shown[1]["situation"], "second_stage");
    assert_eq!(first["reported"], false);
    for lang in ["kk", "ru", "en"] {
        let summary = first["summary"][lang].as_str().expect("summary");
        assert!(summary.len() > 20, "{lang}: {summary}");
    }
    assert_eq!(
        first["summary"]["en"],
        "The code arrived during the call. The caller is not in your contacts (phone call)."
    );
    let json = history(&g);
    assert_eq!(
        json["moments"][0]["ts"],
        T + 3 * HOUR + 5_000,
        "newest first"
    );
    let id = &json["moments"][0]["id"];
    assert!(
        id.as_u64().is_some_and(|id| id < 1 << 53),
        "an id any JSON reader keeps exact: {id}"
    );

    // Reporting the first caller shows in the history at once.
    g.add_report(STRANGER, None, T + 4 * HOUR).expect("report");
    assert_eq!(moments(&g)[0]["reported"], true);

    let text = fs::read_to_string(history_path(dir.path())).expect("history.log");
    assert!(!text.contains("4821"), "{text}");
    assert!(
        !text.contains("eGov:") && !text.contains("Никому"),
        "{text}"
    );
    assert!(!g.history_json().contains("4821"));
}

/// A second guard on the same directory (another process) adds its moments to the same
/// history; neither loses the other's, and the second stage sees the other's risky code.
#[test]
fn two_guards_on_one_directory_keep_each_others_moments() {
    let dir = state_dir();
    let a = open(dir.path());
    let b = open(dir.path());
    scam(&a, T, STRANGER);
    scam(&b, T + HOUR, "+77015550143");
    scam(&a, T + 26 * HOUR, "+77015550144");
    assert_eq!(
        times(&open(dir.path())),
        [
            T + MIN,
            T + HOUR,
            T + HOUR + 5_000,
            T + HOUR + MIN,
            T + 26 * HOUR + MIN
        ]
    );
}

/// At most 200 moments, the newest; none older than 90 days before the latest but one.
#[test]
fn the_history_keeps_the_newest_200_moments_and_90_days() {
    let dir = state_dir();
    let g = open(dir.path());
    // Each scam is more than a day after the last, so it has no second stage: one moment each.
    for i in 0..(MAX_MOMENTS as i64 + 20) {
        scam(&g, T + i * 2 * DAY, &format!("+7701555{:04}", i));
    }
    let kept = times(&g);
    assert!(kept.len() <= MAX_MOMENTS, "{}", kept.len());
    let newest = T + (MAX_MOMENTS as i64 + 19) * 2 * DAY + MIN;
    assert_eq!(kept.last(), Some(&newest));
    let reference = kept[kept.len() - 2];
    assert!(
        kept.iter().all(|&t| t >= reference - MAX_AGE_MS),
        "nothing older than 90 days: {:?}",
        kept.first()
    );
    assert_eq!(
        kept.len(),
        47,
        "two days apart: the latest, and 90 days back from the one before it"
    );
    let lines = fs::read_to_string(history_path(dir.path()))
        .expect("history.log")
        .lines()
        .count();
    assert_eq!(lines, kept.len(), "the file holds what is kept, no more");

    // In memory, the same bound.
    let m = Guard::in_memory(RulePack::embedded()).expect("guard");
    for i in 0..(MAX_MOMENTS as i64 + 20) {
        scam(&m, T + i * MIN * 3, STRANGER);
    }
    assert_eq!(times(&m).len(), MAX_MOMENTS);
}

/// A damaged `history.log` (a flipped byte, a line of garbage, a torn end): the readable
/// moments are kept, the file is copied aside once before it is rewritten, the history says so
/// (naming the copy), and nothing else is lost — the reports, the calls in the event log and
/// the next warnings, the second stage included.
#[test]
fn a_damaged_history_file_loses_nothing_else_and_is_reported() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        g.add_report("+77775550177", Some("Temu"), T - HOUR)
            .expect("report");
        scam(&g, T, STRANGER);
        scam(&g, T + 2 * DAY, "+77015550143");
        scam(&g, T + 4 * DAY, "+77015550144");
        // A stranger on the line when the app is killed.
        handle(&g, call(T + 6 * DAY, CallPhase::Start, "+77015550145"));
        handle(
            &g,
            call(T + 6 * DAY + 5_000, CallPhase::Answered, "+77015550145"),
        );
    }
    let path = history_path(dir.path());
    let text = fs::read(&path).expect("history.log");
    let mut lines: Vec<Vec<u8>> = text
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect();
    assert_eq!(lines.len(), 3);
    let flip = lines[1].len() / 2;
    lines[1][flip] ^= 0x20;
    lines.insert(2, b"\xff\xfe garbage \x00".to_vec());
    let mut damaged = lines.join(&b'\n');
    damaged.extend_from_slice(b"\n0badf00d {\"id\":1,\"ts\":");
    fs::write(&path, &damaged).expect("damage history.log");

    let g = open(dir.path());
    assert_eq!(
        times(&g),
        [T + MIN, T + 4 * DAY + MIN],
        "every readable moment"
    );
    let note = damage_notes(&g).join("\n");
    assert!(
        note.contains("history.log")
            && note.contains("3 damaged line(s)")
            && note.contains("2 moment(s) kept"),
        "{note}"
    );

    // Nothing else was lost: the report, the call on the line, and the warnings to come.
    assert_eq!(g.reports().len(), 1);
    let v = handle(&g, sms(T + 6 * DAY + MIN, "1414", EGOV_4821));
    assert_eq!(v.level, Level::High, "{:?}", v.reasons);
    assert!(v.state_error.is_none(), "{:?}", v.state_error);
    handle(
        &g,
        call(T + 6 * DAY + 2 * MIN, CallPhase::Ended, "+77015550145"),
    );
    let v = handle(&g, call(T + 6 * DAY + HOUR, CallPhase::Start, SECOND));
    assert_eq!(v.level, Level::Medium, "the second stage: {:?}", v.reasons);

    // The damaged file was copied aside once, as it was, and the history names the copy.
    let copies: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("history.log.damaged-"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(
        fs::read(dir.path().join(&copies[0])).expect("copy"),
        damaged
    );
    let g = open(dir.path());
    assert_eq!(times(&g).len(), 4, "{}", g.history_json());
    let notes = damage_notes(&g);
    assert!(notes.iter().any(|d| d.contains(&copies[0])), "{notes:?}");
    assert!(
        !notes.iter().any(|d| d.contains("damaged line")),
        "the file itself is whole again: {notes:?}"
    );
}

/// The history cannot be written (here `history.log` is a directory): the warning comes whole,
/// says so in `state_error`, the event log is still kept, the moment stays in memory and is
/// written once the history can be written again.
#[test]
fn a_history_that_cannot_be_written_never_costs_the_warning() {
    let dir = state_dir();
    fs::create_dir(history_path(dir.path())).expect("a directory in the way");
    let g = open(dir.path());
    let v = scam(&g, T, STRANGER);
    assert_eq!(v.level, Level::High);
    let error = v.state_error.as_deref().unwrap_or_default();
    assert!(error.contains("history.log"), "{error}");
    assert_eq!(times(&g), [T + MIN], "kept in memory");
    // The call and the code are on disk: another guard warns on the second stage.
    let other = open(dir.path());
    let v = handle(&other, call(T + HOUR, CallPhase::Start, SECOND));
    assert_eq!(v.level, Level::Medium, "{:?}", v.reasons);

    fs::remove_dir(history_path(dir.path())).expect("out of the way");
    let v = handle(&g, call(T + 2 * HOUR, CallPhase::Start, "+77015550199"));
    assert!(v.state_error.is_none(), "{:?}", v.state_error);
    let written = times(&open(dir.path()));
    assert!(
        written.contains(&(T + MIN)) && written.contains(&(T + 2 * HOUR)),
        "the moment kept in memory was written with the next: {written:?}"
    );
}

/// A process killed while rewriting the history leaves only its temporary file, which the
/// next open removes; the history is the one before the write.
#[test]
fn a_rewrite_cut_short_leaves_the_history_as_it_was() {
    let dir = state_dir();
    scam(&open(dir.path()), T, STRANGER);
    let before = fs::read(history_path(dir.path())).expect("history.log");
    let tmp = dir.path().join(".history.log.4242-00000000deadbeef.tmp");
    fs::write(&tmp, &before[..before.len() / 2]).expect("half a rewrite");
    let g = open(dir.path());
    assert!(!tmp.exists(), "the leftover is removed");
    assert_eq!(times(&g).len(), 1);
    assert!(damage_notes(&g).is_empty());
}

/// Runs `f` on its own thread and fails if it has not answered within 30 s: a FIFO that blocks
/// the guard would otherwise hang the test instead of failing it.
#[cfg(unix)]
fn within_30_s<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("{what}: no answer within 30 s"))
}

/// A FIFO or a device where `history.log` belongs: the moment is saved before the verdict
/// returns, so reading it must neither block nor go on for ever. The warning comes, says the
/// history is not kept, and the history still answers with the moment kept in memory.
#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_the_history_never_blocks_the_warning() {
    for what in ["fifo", "/dev/zero"] {
        let dir = state_dir();
        let at = history_path(dir.path());
        if what == "fifo" {
            let made = std::process::Command::new("mkfifo").arg(&at).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", at.display());
        } else {
            std::os::unix::fs::symlink(what, &at).expect("symlink");
        }
        let path = dir.path().to_path_buf();
        let (v, doc) = within_30_s(&format!("history.log as {what}"), move || {
            let g = open(&path);
            let v = scam(&g, T, STRANGER);
            (v, history(&g))
        });
        assert_eq!(v.level, Level::High, "{what}");
        let error = v.state_error.unwrap_or_default();
        assert!(
            error.contains("history.log") && error.contains("not a regular file"),
            "{what}: {error}"
        );
        assert_eq!(doc["moments"].as_array().map(Vec::len), Some(1), "{doc}");
        assert!(doc["damaged"][0].is_string(), "{what}: {doc}");
    }
}

/// A history file far bigger than 200 moments (planted, or grown by a bug) is read from its
/// end only: the moments there are kept, the note about the rest is short, and the file is
/// rewritten small with the next moment.
#[test]
fn a_huge_history_is_read_from_its_end() {
    let source = state_dir();
    scam(&open(source.path()), T, STRANGER);
    let kept = fs::read(history_path(source.path())).expect("one moment");

    let dir = state_dir();
    let mut huge = Vec::with_capacity(9 << 20);
    while huge.len() < 8 << 20 {
        huge.extend_from_slice(b"0badf00d {\"t\":\"moment\",\"garbage\":true}\n");
    }
    huge.extend_from_slice(&kept);
    fs::write(history_path(dir.path()), &huge).expect("huge history");
    drop(huge);

    let g = open(dir.path());
    assert_eq!(times(&g), [T + MIN], "the moment at the end");
    let notes = damage_notes(&g).join("\n");
    assert!(
        notes.contains("only its first and last 4 MiB were read"),
        "{notes}"
    );
    assert!(notes.len() < 2_000, "a short note: {} bytes", notes.len());
    scam(&g, T + HOUR, SECOND);
    let size = fs::metadata(history_path(dir.path()))
        .expect("history")
        .len();
    assert!(size < 8_192, "rewritten from what counts: {size} bytes");
    let written = times(&open(dir.path()));
    assert!(
        written.contains(&(T + MIN)) && written.contains(&(T + HOUR + MIN)),
        "{written:?}"
    );
}

/// The sender a moment keeps is the one the warning named: one short line of visible text
/// (an escape sequence in the history reached the terminal of `smsguard history`, a
/// right-to-left override turned the "What happened" line around, a line break split it, and a
/// huge name made each moment as long as the name), and a sender Android hid is no sender
/// rather than an empty name ("code from " and nothing).
#[test]
fn a_moment_keeps_the_sender_as_the_warning_named_it() {
    let odd = [
        ("\u{1b}[31mKaspi\u{202E}evil", "[31mKaspievil"),
        ("Bank\r\nalert\u{2067}", "Bank alert"),
        ("\u{200F}\u{0}\u{202D}", "SMS"),
    ];
    for (i, (raw, shown)) in odd.iter().enumerate() {
        let dir = state_dir();
        let guard = open(dir.path());
        let at = T + i as i64 * HOUR;
        handle(&guard, call(at, CallPhase::Start, STRANGER));
        handle(&guard, call(at + 5_000, CallPhase::Answered, STRANGER));
        for (j, body) in [
            EGOV_4821,
            "Ваш код: 4821. Никому не говорите.",
            "Your code is 4821. Do not share it.",
        ]
        .iter()
        .enumerate()
        {
            let v = handle(&guard, sms(at + MIN + j as i64, raw, body));
            assert!(v.level >= Level::Medium, "{raw:?} {body}: {v:?}");
        }
        let m = moments(&guard);
        assert!(!m.is_empty(), "{raw:?}");
        for moment in &m {
            assert_eq!(moment["sender"], *shown, "{raw:?}: {moment}");
        }
    }
    let dir = state_dir();
    let guard = open(dir.path());
    handle(&guard, call(T, CallPhase::Start, STRANGER));
    handle(&guard, call(T + 5_000, CallPhase::Answered, STRANGER));
    let long = "Ш".repeat(100_000);
    let v = handle(
        &guard,
        sms(T + MIN, &long, "Код 4821. Никому не сообщайте."),
    );
    assert!(v.level >= Level::Medium, "{v:?}");
    let m = moments(&guard);
    assert_eq!(m.len(), 1, "a 100,000-character sender's moment is kept");
    assert!(m[0]["sender"].as_str().unwrap().chars().count() <= 33);
    assert!(fs::metadata(history_path(dir.path())).unwrap().len() < 4096);

    let dir = state_dir();
    let guard = open(dir.path());
    handle(&guard, call(T, CallPhase::Start, STRANGER));
    handle(&guard, call(T + 5_000, CallPhase::Answered, STRANGER));
    let hidden = Event::Sms(SmsEvent {
        ts: T + MIN,
        sender: None,
        body: None,
        sent_ts: None,
    });
    assert_eq!(handle(&guard, hidden).level, Level::High);
    let m = moments(&guard);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0]["sender"], Value::Null, "hidden sender: {}", m[0]);
    assert_eq!(m[0]["situation"], "connected");
}

/// A clock that ran years ahead for two warnings and was then put right: the history forgot the
/// real moments before it (by design: the clock moved), but then every moment after the fix was
/// older than 90 days before the two wild ones and was dropped as it was written — the history
/// stayed frozen until the wrong date came round (found writing two moments ten years ahead,
/// then one today, and reading `smsguard history`). The age bound now counts from the older of
/// the two moments written last, so the first moment after the fix is kept, across a restart.
#[test]
fn after_a_clock_put_right_new_moments_are_kept() {
    let dir = state_dir();
    let ahead = T + 3650 * DAY;
    {
        let guard = open(dir.path());
        scam(&guard, T, STRANGER);
        scam(&guard, ahead, SECOND);
        scam(&guard, ahead + HOUR, STRANGER);
        // The clock is put right: the next day, a scam again.
        scam(&guard, T + DAY, SECOND);
        let got = times(&guard);
        assert!(got.contains(&(T + DAY + MIN)), "{got:?}");
    }
    let guard = open(dir.path());
    let got = times(&guard);
    assert!(got.contains(&(T + DAY + MIN)), "after a restart: {got:?}");
    scam(&guard, T + 2 * DAY, STRANGER);
    let got = times(&guard);
    assert!(
        got.contains(&(T + DAY + MIN)) && got.contains(&(T + 2 * DAY + MIN)),
        "{got:?}"
    );
}

/// Damage added to the end of the history — a 50 MiB line of garbage, or a run of NUL bytes
/// after a crash: the tail read alone showed none of the moments written before it ("no
/// warnings"), and the next save rewrote the file with none of them, for good (found appending
/// 50 MiB to a history.log and running `smsguard history`). The head is read too.
#[test]
fn damage_appended_to_the_history_hides_no_moment_before_it() {
    for garbage in [vec![b'x'; 50 << 20], vec![0u8; 9 << 20]] {
        let dir = state_dir();
        let before = {
            let g = open(dir.path());
            scam(&g, T, STRANGER);
            scam(&g, T + DAY, SECOND);
            times(&g)
        };
        assert!(before.len() >= 2, "{before:?}");
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(history_path(dir.path()))
            .expect("history.log");
        std::io::Write::write_all(&mut file, &garbage).expect("damage");
        drop(file);
        let g = open(dir.path());
        assert_eq!(times(&g), before, "read through the damage");
        assert!(!damage_notes(&g).is_empty(), "the damage is named");
        scam(&g, T + 2 * DAY, STRANGER);
        let written = times(&open(dir.path()));
        assert!(
            before.iter().all(|t| written.contains(t)) && written.contains(&(T + 2 * DAY + MIN)),
            "kept by the next save: {written:?}"
        );
    }
}
