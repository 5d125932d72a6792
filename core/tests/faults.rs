//! The faults of issue #11, each replayed as the exact scenario that once made the guard
//! silent or lossy, followed by a full scam sequence that must still warn.
//!
//! Numbered as in the issue: 1 a timestamp from the future or the past, 2 and 5 a full disk
//! (here an injected short write; the real full tmpfs is in `cli/tests/faults.rs`), 3 a state
//! directory that cannot be written, 4 a second guard on the same directory, 6 codes at rest,
//! 8 numbers written in other forms.

use std::fs;
use std::path::Path;

use smsguard_core::{
    CallEvent, CallPhase, Channel, Direction, Event, Guard, Level, ReportEvent, RulePack, SmsEvent,
    Verdict,
};

const T: i64 = 1_764_064_800_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;
const STRANGER: &str = "+77015550142";
const EGOV_4821: &str = "Код для входа на портал eGov: 4821. Никому не сообщайте этот код.";
const KASPI_7712: &str =
    "Kaspi.kz: код для входа 7712. Никому не говорите код, даже сотрудникам банка.";

fn state_dir() -> tempfile::TempDir {
    let mut b = tempfile::Builder::new();
    b.prefix("smsguard-faults-");
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
        sent_ts: None,
        body: Some(body.into()),
    })
}

fn handle(guard: &Guard, event: Event) -> Verdict {
    guard.handle(event).expect("a valid event is handled")
}

/// A stranger calls at `ts`, the person answers, and a 1414 code arrives a minute later:
/// the level of that code.
fn scam(guard: &Guard, ts: i64, number: &str) -> Verdict {
    handle(guard, call(ts, CallPhase::Start, number));
    handle(guard, call(ts + 5_000, CallPhase::Answered, number));
    handle(guard, sms(ts + MIN, "1414", EGOV_4821))
}

fn assert_level(v: &Verdict, level: Level) {
    assert_eq!(v.level, level, "{:?}", v.reasons);
}

// --- 1. Time -------------------------------------------------------------------------------

/// A code stamped a day ahead (the phone clock was wrong, then the network corrected it),
/// then a stranger's call and a 1414 code: high, and again after the state is reopened.
#[test]
fn fault_1_a_code_stamped_a_day_ahead_does_not_silence_the_next_scam() {
    let dir = state_dir();
    let g = open(dir.path());
    handle(&g, sms(T + DAY, "Kaspi.kz", KASPI_7712));
    assert_level(&scam(&g, T, STRANGER), Level::High);

    // The state directory must not bring the wrong "now" back, on this open or the next.
    let dir = state_dir();
    handle(&open(dir.path()), sms(T + DAY, "Kaspi.kz", KASPI_7712));
    let g = open(dir.path());
    assert_level(&scam(&g, T, STRANGER), Level::High);
    drop(g);
    let g = open(dir.path());
    assert_level(&scam(&g, T + 10 * MIN, "+77015550143"), Level::High);
}

/// The phone opens the guard with its clock: a record written while the clock was a day ahead
/// is restamped to the clock on open, with a note, in memory and in the log; records within the
/// tolerance stay as they were, and the next scam warns.
#[test]
fn fault_1_records_stamped_after_the_clock_are_repaired_on_open() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        handle(&g, sms(T + DAY, "Kaspi.kz", KASPI_7712));
        handle(&g, call(T - MIN, CallPhase::Start, STRANGER));
        handle(&g, sms(T + 20 * MIN, "1414", EGOV_4821));
    }
    let g = Guard::open_at(dir.path(), RulePack::embedded(), T).expect("open");
    let notes = g.recovery_notes().join("\n");
    assert!(
        notes.contains("1 record(s) stamped more than 30 minutes after the clock were restamped"),
        "{notes}"
    );
    let log = fs::read_to_string(dir.path().join("events.log")).expect("log");
    assert_eq!(log.lines().count(), 3, "every record is kept: {log}");
    assert!(!log.contains(&(T + DAY).to_string()), "{log}");
    assert!(
        log.contains(&format!("\"ts\":{T}")),
        "restamped to the clock: {log}"
    );
    assert!(log.contains(&(T + 20 * MIN).to_string()), "{log}");
    drop(g);
    let g = Guard::open_at(dir.path(), RulePack::embedded(), T).expect("open");
    assert!(
        g.recovery_notes().is_empty(),
        "repaired once: {:?}",
        g.recovery_notes()
    );
    assert_level(&scam(&g, T + MIN, "+77015550143"), Level::High);
}

/// The phone's clock was corrected (by an hour, a day, a year, either way) while a stranger was
/// on the line, and the app was restarted before the code: the phone reopens the guard with
/// the corrected clock, and the answered call must still count (it was dropped from the log as
/// "from the future" once, and the code gave `none`). The risky moment must also survive for
/// the scam's second stage. (A correction forward by more than the open-call limit, 4 hours,
/// cannot be told from a call whose end was missed that long ago, and is not covered.)
#[test]
fn fault_1_a_call_before_a_clock_correction_and_a_restart_still_counts() {
    for correction in [-HOUR, -DAY, -365 * DAY, HOUR, 3 * HOUR] {
        let dir = state_dir();
        let g = open(dir.path());
        handle(&g, call(T, CallPhase::Start, STRANGER));
        handle(&g, call(T + 5_000, CallPhase::Answered, STRANGER));
        drop(g);
        let now = T + 10_000 + correction;
        let g = Guard::open_at(dir.path(), RulePack::embedded(), now).expect("open");
        let v = handle(&g, sms(now + MIN, "1414", EGOV_4821));
        let what = format!("correction {correction}: {:?}", v.reasons);
        assert_eq!(v.level, Level::High, "{what}");
        assert_eq!(v.caller.as_deref(), Some(STRANGER), "{what}");

        drop(g);
        let later = now + 2 * HOUR;
        let g = Guard::open_at(dir.path(), RulePack::embedded(), now - HOUR).expect("open");
        let ring = handle(&g, call(later, CallPhase::Start, "+77015550177"));
        assert_eq!(ring.level, Level::Medium, "{what}: {:?}", ring.reasons);
    }
}

/// What had aged out before a restart stays out after it, however wrong the clock was: records
/// stamped ahead of the clock at open are moved back by one offset, so their distances stay.
/// Moving each to the clock once made them all "just now": a stranger's call that ended days
/// before (not yet compacted out of the log), a call whose end the phone missed, a risky moment
/// of yesterday — and when the clock at open is the wrong one (behind by a year, or a phone that
/// boots in 1970), every record in the log. The next code then warned naming that old caller,
/// and every stranger's call for a day was a "second stage". (The latest record itself lands at
/// the clock: with a clock behind, nothing tells how long before the restart it was written.)
/// The repair is written back, so a
/// second restart finds nothing to repair (it once found the calls again, from the log, and
/// brought them back to "now" at every restart).
#[test]
fn fault_1_a_restart_with_a_clock_behind_the_records_makes_nothing_old_recent() {
    let old_caller = "+77015550177";
    for clock in [T - 365 * DAY, T - 30 * DAY, 1_000, 0, -T] {
        let dir = state_dir();
        {
            let g = open(dir.path());
            // Three days ago: a scam (answered, a 1414 code: a risky moment), its end never seen.
            let v = scam(&g, T - 3 * DAY, old_caller);
            assert_level(&v, Level::High);
            // Yesterday: a stranger's call that ended, and another code during it.
            handle(&g, call(T - DAY, CallPhase::Start, "+77015550188"));
            handle(
                &g,
                call(T - DAY + 5_000, CallPhase::Answered, "+77015550188"),
            );
            handle(&g, sms(T - DAY + MIN, "Kaspi.kz", KASPI_7712));
            handle(
                &g,
                call(T - DAY + 2 * MIN, CallPhase::Ended, "+77015550188"),
            );
            // Today, hours later: an ordinary SMS and a call from a contact (the last record).
            handle(&g, sms(T, "+77017654321", "Сәлем, кешке хабарлас"));
            for phase in [CallPhase::Start, CallPhase::Answered, CallPhase::Ended] {
                let mut contact = call(T + MIN, phase, "+77017654321");
                if let Event::Call(c) = &mut contact {
                    c.contact = Some(true);
                }
                handle(&g, contact);
            }
        }
        for reopen in 0..2 {
            let g = Guard::open_at(dir.path(), RulePack::embedded(), clock).expect("open");
            let what = format!("clock {clock}, restart {reopen}: {:?}", g.recovery_notes());
            assert_eq!(g.recovery_notes().is_empty(), reopen > 0, "{what}");
            let now = clock.saturating_add(MIN + reopen * HOUR);
            // A code a minute after the restart: no call is on, none just ended.
            let v = handle(&g, sms(now, "1414", EGOV_4821));
            assert_eq!(v.level, Level::None, "{what}: {:?}", v.reasons);
            // A stranger calling: no risky moment of the last day to follow up on.
            let ring = handle(&g, call(now, CallPhase::Start, "+77015550199"));
            assert_eq!(ring.level, Level::None, "{what}: {:?}", ring.reasons);
            handle(&g, call(now + 1_000, CallPhase::Ended, "+77015550199"));
        }
    }
}

/// Records that were still live when the clock was wrong keep their distances to one another
/// after the restart: a call that ended 20 minutes before the last record written is 20 minutes
/// back after it (a code now is in the far window after that call, low), not just ended.
#[test]
fn fault_1_records_moved_back_on_open_keep_their_distances() {
    for ahead in [HOUR, DAY, 365 * DAY] {
        let dir = state_dir();
        {
            let g = open(dir.path());
            let at = T + ahead;
            handle(&g, call(at, CallPhase::Start, STRANGER));
            handle(&g, call(at + 5_000, CallPhase::Answered, STRANGER));
            handle(&g, call(at + MIN, CallPhase::Ended, STRANGER));
            // The last record the wrong clock stamped: a delivery code from Kazpost.
            let v = handle(
                &g,
                sms(at + 21 * MIN, "Kazpost", "Код для получения посылки: 7043"),
            );
            assert_eq!(v.level, Level::Low, "{:?}", v.reasons);
        }
        let g = Guard::open_at(dir.path(), RulePack::embedded(), T).expect("open");
        let v = handle(&g, sms(T + MIN, "1414", EGOV_4821));
        assert_eq!(v.level, Level::Low, "{ahead}: {:?}", v.reasons);
        assert!(
            v.reasons.contains(&"window:after_answered_far".to_string()),
            "{ahead}: {:?}",
            v.reasons
        );
        assert_eq!(v.caller.as_deref(), Some(STRANGER));
    }
}

/// The extremes of the clock and of the stamps: records at `i64::MAX`, a clock at `i64::MIN`,
/// zero or -1, and a clock at `i64::MAX` (nothing is ahead of it). Nothing overflows, the
/// repaired log reads back, and a scam on the clock that is right again warns high.
#[test]
fn fault_1_the_extremes_of_the_clock_on_open() {
    for clock in [i64::MIN, -1, 0, T, i64::MAX] {
        let dir = state_dir();
        {
            let g = open(dir.path());
            handle(&g, call(i64::MAX - 1, CallPhase::Start, STRANGER));
            handle(&g, call(i64::MAX, CallPhase::Answered, STRANGER));
            handle(&g, sms(i64::MAX, "1414", EGOV_4821));
        }
        let g = Guard::open_at(dir.path(), RulePack::embedded(), clock).expect("open");
        drop(g);
        let g = Guard::open_at(dir.path(), RulePack::embedded(), clock).expect("reopen");
        assert!(
            g.recovery_notes().is_empty(),
            "clock {clock}: {:?}",
            g.recovery_notes()
        );
        assert_level(&scam(&g, T, "+77015550143"), Level::High);
    }
}

/// The clock jumps in the middle of the scam — between the call's ringing and its answer
/// (forward or back), or back between the answer and the code, by hours, days, to zero, to a
/// negative time or to `i64::MIN` — with or without a restart before the code. Events reach the
/// guard in the order they happened, so the code came while the stranger was on the line:
/// high, whatever the stamps say. (It was `none` once the jump passed 4 hours: the open-call
/// limit ran from the ringing, and a stamp more than 4 hours behind was believed.)
#[test]
fn fault_1_a_clock_jump_in_the_middle_of_the_scam_still_warns_high() {
    let mut cases: Vec<(&str, [i64; 3])> = Vec::new();
    for jump in [5 * HOUR, DAY, 365 * DAY, -5 * HOUR, -DAY, -365 * DAY] {
        // Between ringing and answer: the answer and the code carry the jumped clock.
        cases.push((
            "between ringing and answer",
            [T, T + jump + 5_000, T + jump + MIN],
        ));
    }
    for to in [T - 5 * HOUR, T - DAY, T - 365 * DAY, 0, -T, i64::MIN] {
        cases.push(("back between answer and code", [T, T + 5_000, to]));
    }
    for (what, [start, answered, code]) in cases {
        for restart in [false, true] {
            let dir = state_dir();
            let mut g = open(dir.path());
            handle(&g, call(start, CallPhase::Start, STRANGER));
            handle(&g, call(answered, CallPhase::Answered, STRANGER));
            if restart {
                drop(g);
                g = open(dir.path());
            }
            let v = handle(&g, sms(code, "1414", EGOV_4821));
            assert_eq!(
                v.level,
                Level::High,
                "{what}: {start} → {answered} → {code}, restart {restart}: {:?}",
                v.reasons
            );
            assert_eq!(v.caller.as_deref(), Some(STRANGER));
            // And the next scam, on a clock that is right again, is not silenced either.
            assert_level(&scam(&g, T + 6 * HOUR, "+77015550143"), Level::High);
        }
    }
}

/// A call stamped a day ahead is one event too; it must not make the calls of today forgotten.
#[test]
fn fault_1_a_call_stamped_a_day_ahead_does_not_silence_the_next_scam() {
    let g = Guard::in_memory(RulePack::embedded()).expect("guard");
    handle(&g, call(T - MIN, CallPhase::Start, STRANGER));
    handle(&g, call(T + DAY, CallPhase::Ended, "+77770000001"));
    handle(&g, call(T + 5_000, CallPhase::Answered, STRANGER));
    assert_level(&handle(&g, sms(T + MIN, "1414", EGOV_4821)), Level::High);
}

/// The SMS clock is one hour behind the answered call (a time-zone correction between the
/// two): the code was handled while the stranger was on the line, so it arrived then.
#[test]
fn fault_1_an_sms_stamped_an_hour_behind_the_answered_call_still_warns_high() {
    let dir = state_dir();
    let g = open(dir.path());
    handle(&g, call(T, CallPhase::Start, STRANGER));
    handle(&g, call(T + 5_000, CallPhase::Answered, STRANGER));
    let v = handle(&g, sms(T + MIN - HOUR, "1414", EGOV_4821));
    assert_level(&v, Level::High);
    assert_eq!(v.caller.as_deref(), Some(STRANGER));
}

/// Two codes during one answered call are critical, by the order they were handled, even when a
/// wrongly stamped call (an hour ahead, from a reported number) came in between and the first
/// code was placed after it: the second code's true stamp is then before the first's place. And
/// the same when the app was restarted after the answer (the answer read back from disk).
#[test]
fn fault_1_a_second_code_after_a_call_stamped_ahead_is_still_critical() {
    for restart in [false, true] {
        let dir = state_dir();
        let mut g = open(dir.path());
        handle(
            &g,
            Event::Report(ReportEvent {
                ts: T,
                number: "+77770000001".into(),
                note: None,
                remove: false,
            }),
        );
        handle(&g, call(T, CallPhase::Start, STRANGER));
        handle(&g, call(T + 5_000, CallPhase::Answered, STRANGER));
        if restart {
            drop(g);
            g = open(dir.path());
        }
        handle(&g, call(T + HOUR, CallPhase::Start, "+77770000001"));
        assert_level(&handle(&g, sms(T + MIN, "1414", EGOV_4821)), Level::High);
        let second = handle(&g, sms(T + 2 * MIN, "Kaspi.kz", KASPI_7712));
        assert_level(&second, Level::Critical);
        assert!(
            second.reasons.iter().any(|r| r == "second_code"),
            "restart {restart}: {:?}",
            second.reasons
        );
    }
}

// --- 3. A state directory that cannot be written ---------------------------------------------

/// The state path is a file (as a wrong mount or a bad setting makes it): the guard still
/// runs, in memory, says so in every verdict, and warns.
#[test]
fn fault_3_a_state_directory_that_cannot_be_made_still_gives_a_guard() {
    let dir = state_dir();
    let not_a_dir = dir.path().join("state");
    fs::write(&not_a_dir, b"a file where the directory should be").expect("file");
    let g = Guard::open(&not_a_dir, RulePack::embedded()).expect("a guard, in memory");
    let v = scam(&g, T, STRANGER);
    assert_level(&v, Level::High);
    let json: serde_json::Value = serde_json::from_str(&v.to_json()).expect("verdict JSON");
    assert!(
        json["state_error"]
            .as_str()
            .is_some_and(|e| !e.contains(STRANGER) && !e.contains("4821")),
        "the verdict says the state is not kept, without values: {json}"
    );
}

// --- 4. Two guards on one directory ----------------------------------------------------------

/// Two guards (as two processes would) add reports to one directory in turns: every report
/// either of them confirmed is on disk afterwards.
#[test]
fn fault_4_two_guards_on_one_directory_lose_no_confirmed_report() {
    let dir = state_dir();
    let a = open(dir.path());
    let b = open(dir.path());
    let mut confirmed = Vec::new();
    for i in 0..40 {
        let number = format!("+7701{:07}", i);
        let guard = if i % 2 == 0 { &a } else { &b };
        guard.add_report(&number, None, T + i).expect("report");
        confirmed.push(number);
    }
    drop((a, b));
    let mut kept: Vec<String> = open(dir.path())
        .reports()
        .into_iter()
        .map(|r| r.number)
        .collect();
    kept.sort();
    confirmed.sort();
    assert_eq!(kept, confirmed, "confirmed reports were lost");
}

/// A second guard learns of the first one's call and report when it needs them, however many
/// SMS without a code came in between (those do not look at the directory): the code after
/// the first guard's answered call is high, and the call from the number it reported critical.
#[test]
fn fault_4_a_second_guard_sees_the_first_ones_call_and_report_after_ordinary_sms() {
    let dir = state_dir();
    let a = open(dir.path());
    let b = open(dir.path());
    let ordinary = |guard: &Guard, ts: i64| {
        for (i, body) in [
            "Привет! Завтра в 18:00 у бабушки",
            "Сәлем, кешке хабарлас",
            "See you at 6",
        ]
        .into_iter()
        .enumerate()
        {
            let v = handle(guard, sms(ts + i as i64, "+77017654321", body));
            assert_level(&v, Level::None);
        }
    };
    ordinary(&b, T - MIN);
    handle(&a, call(T, CallPhase::Start, STRANGER));
    handle(&a, call(T + 5_000, CallPhase::Answered, STRANGER));
    ordinary(&b, T + 10_000);
    assert_level(&handle(&b, sms(T + MIN, "1414", EGOV_4821)), Level::High);

    let reported = "+77015550199";
    a.add_report(reported, None, T + 2 * MIN).expect("report");
    ordinary(&b, T + 3 * MIN);
    handle(&b, call(T + 4 * MIN, CallPhase::Start, reported));
    handle(&b, call(T + 4 * MIN + 5_000, CallPhase::Answered, reported));
    assert_level(
        &handle(&b, sms(T + 5 * MIN, "Kaspi.kz", KASPI_7712)),
        Level::Critical,
    );
}

/// A guard that rewrites the log (its compaction, here set off by an ordinary SMS, which does
/// not look for other processes' changes) takes in what it found there: the second guard's
/// answered call, appended since, was written into the new log but never reached the first
/// guard's memory — the new log counted as read — and the 1414 code during that call gave no
/// warning. For ordinary SMS in each language.
#[test]
fn fault_4_a_compaction_takes_in_the_other_guards_call() {
    for ordinary in [
        "Сәлем, кешке хабарлас",
        "Привет! Завтра в 18:00 у бабушки",
        "See you at 6",
    ] {
        let dir = state_dir();
        let a = open(dir.path());
        let b = open(dir.path());
        // Enough calls of its own, ended hours ago, for the log to want compacting…
        for i in 0..200 {
            let number = format!("+7701555{i:04}");
            handle(&a, call(T + i * 2_000, CallPhase::Start, &number));
            handle(&a, call(T + i * 2_000 + 1_000, CallPhase::Ended, &number));
        }
        // …once a call from a contact five hours later moves the guard's present on.
        let mut contact = call(T + 5 * HOUR, CallPhase::Start, "+77017654321");
        if let Event::Call(c) = &mut contact {
            c.contact = Some(true);
        }
        handle(&a, contact);
        handle(&b, call(T + 5 * HOUR + MIN, CallPhase::Start, STRANGER));
        handle(
            &b,
            call(T + 5 * HOUR + MIN + 5_000, CallPhase::Answered, STRANGER),
        );
        assert_level(
            &handle(&a, sms(T + 5 * HOUR + 2 * MIN, "+77017654321", ordinary)),
            Level::None,
        );
        let v = handle(&a, sms(T + 5 * HOUR + 3 * MIN, "1414", EGOV_4821));
        assert_level(&v, Level::High);
        assert_eq!(v.caller.as_deref(), Some(STRANGER));
    }
}

// --- 6. Codes at rest --------------------------------------------------------------------------

/// Nothing in the state directory narrows a code down to fewer than 1/16 of its possible values,
/// files are readable by the app alone, and no key to a stronger hash lies beside them.
#[test]
fn fault_6_the_state_directory_cannot_give_the_code_back() {
    let dir = state_dir();
    {
        let g = open(dir.path());
        handle(&g, call(T, CallPhase::Start, STRANGER));
        handle(&g, call(T + 5_000, CallPhase::Answered, STRANGER));
        handle(&g, sms(T + MIN, "1414", EGOV_4821));
        handle(&g, sms(T + 2 * MIN, "Kaspi.kz", KASPI_7712));
    }
    assert!(
        !dir.path().join("key").exists(),
        "a key beside the log lets anyone rebuild the hash"
    );
    let log = fs::read_to_string(dir.path().join("events.log")).expect("events.log");
    let mut codes = 0;
    for line in log.lines() {
        let (_, json) = line.split_once(' ').expect("crc json");
        let record: serde_json::Value = serde_json::from_str(json).expect("record");
        if record["t"] != "code" {
            continue;
        }
        codes += 1;
        let object = record.as_object().expect("object");
        for (field, value) in object {
            match field.as_str() {
                "code_tag" => assert!(
                    value.as_u64().is_some_and(|t| t < 16),
                    "more than 4 bits of the code at rest: {value}"
                ),
                // `order` is a counter of events handled: nothing of the code.
                "t" | "id" | "ts" | "sender" | "purpose" | "order" => {}
                other => panic!("unexpected field `{other}` in a code record: {json}"),
            }
        }
    }
    assert_eq!(codes, 2, "{log}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(
            mode(dir.path()),
            0o700,
            "the state directory is the app's alone"
        );
        for entry in fs::read_dir(dir.path()).expect("dir").flatten() {
            assert_eq!(
                mode(&entry.path()),
                0o600,
                "{} is readable by others",
                entry.path().display()
            );
        }
    }
}

// --- 8. Numbers in other forms ---------------------------------------------------------------------

/// A reported number must match however the phone writes it.
#[test]
fn fault_8_a_reported_number_matches_in_every_written_form() {
    let forms = [
        "\u{202a}+7 701 555 01 42\u{202c}",
        "\u{200e}+77015550142",
        "+7701\u{200b}5550142",
        "tel:+77015550142",
        "*31#+77015550142",
        "#31#87015550142",
        "+77015550142;ext=12",
        "＋７７０１５５５０１４２",
        "8/701/555/01/42",
        "8_701_555_01_42",
        "8\t701\t555\t01\t42",
        // Other scripts' digits, as an SMS body's and a sender id's are read.
        "+\u{0667}\u{0667}\u{0660}\u{0661}\u{0665}\u{0665}\u{0665}\u{0660}\u{0661}\u{0664}\u{0662}",
        "+\u{06F7}\u{06F7}\u{06F0}\u{06F1} \u{06F5}\u{06F5}\u{06F5} \u{06F0}\u{06F1} \u{06F4}\u{06F2}",
        "8 \u{096D}\u{0966}\u{0967} 555 01 42",
        "+7701555014\u{0662}",
        "+7701\u{0}5550142",
        "+7701\u{3164}5550142",
    ];
    let mut wrong = Vec::new();
    for form in forms {
        let g = Guard::in_memory(RulePack::embedded()).expect("guard");
        g.add_report(STRANGER, None, T - HOUR).expect("report");
        let v = scam(&g, T, form);
        if v.level != Level::Critical {
            wrong.push(format!("{form:?}: {:?} {:?}", v.level, v.reasons));
        }
    }
    assert!(wrong.is_empty(), "not matched:\n{}", wrong.join("\n"));
}
