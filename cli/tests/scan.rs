//! `smsguard scan` on a realistic "SMS Backup & Restore" export: the generator plants calls
//! from strangers with codes landing during or after them (and contacts' calls, and lone
//! codes), with the app's quirks — emoji as surrogate pairs, MMS, hidden numbers, drafts.
//! Every planted moment must come out at the level policy v1 gives it, and nothing else.

#[allow(dead_code)]
#[path = "support/backup_gen.rs"]
mod backup_gen;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use backup_gen::{generate, GenConfig, GenSummary, Planted, Scenario};
use chrono::{DateTime, FixedOffset};
use serde_json::Value;
use smsguard_core::phone_number::normalise;

/// Big enough that the generator plants every scenario several times.
const CONFIG: GenConfig = GenConfig {
    sms: 12_000,
    calls: 2_500,
    seed: 0x5EED_2024,
};

struct Backup {
    _dir: tempfile::TempDir,
    sms: PathBuf,
    calls: PathBuf,
    summary: GenSummary,
}

fn backup() -> Backup {
    let dir = tempfile::Builder::new()
        .prefix("smsguard-scan-")
        .tempdir()
        .expect("temp dir");
    let sms = dir.path().join("sms-20240601.xml");
    let calls = dir.path().join("calls-20240601.xml");
    let summary = {
        let s = std::io::BufWriter::new(std::fs::File::create(&sms).expect("sms file"));
        let c = std::io::BufWriter::new(std::fs::File::create(&calls).expect("calls file"));
        generate(&CONFIG, s, c).expect("backup written")
    };
    Backup {
        _dir: dir,
        sms,
        calls,
        summary,
    }
}

fn scan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smsguard"))
        .arg("scan")
        .args(args)
        .output()
        .expect("smsguard runs")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// What policy v1 says for each planted scenario.
fn expected_level(s: Scenario) -> Option<&'static str> {
    match s {
        Scenario::UnknownCallerOnTheLine | Scenario::HiddenCallerOnTheLine => Some("high"),
        Scenario::MinutesAfterUnknownCaller => Some("medium"),
        Scenario::HalfHourAfterUnknownCaller
        | Scenario::AfterMissedUnknownCaller
        | Scenario::OutgoingToUnknownOnTheLine => Some("low"),
        Scenario::ContactOnTheLine => None,
    }
}

const ALL_SCENARIOS: [Scenario; 7] = [
    Scenario::UnknownCallerOnTheLine,
    Scenario::MinutesAfterUnknownCaller,
    Scenario::HalfHourAfterUnknownCaller,
    Scenario::AfterMissedUnknownCaller,
    Scenario::HiddenCallerOnTheLine,
    Scenario::ContactOnTheLine,
    Scenario::OutgoingToUnknownOnTheLine,
];

fn warned(planted: &[Planted]) -> Vec<&Planted> {
    planted
        .iter()
        .filter(|p| expected_level(p.scenario).is_some())
        .collect()
}

#[test]
fn every_planted_moment_comes_out_at_its_level_and_nothing_else() {
    let b = backup();
    for s in ALL_SCENARIOS {
        assert!(
            b.summary.planted.iter().any(|p| p.scenario == s),
            "the backup plants no {s:?}: pick another seed"
        );
    }
    assert!(b.summary.lone_codes > 20, "{}", b.summary.lone_codes);

    let out = scan(&["--sms", path(&b.sms), "--calls", path(&b.calls), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let moments: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let mut by_ts: HashMap<i64, Vec<&Value>> = HashMap::new();
    for m in &moments {
        by_ts
            .entry(m["ts"].as_i64().expect("ts"))
            .or_default()
            .push(m);
    }

    let mut wrong = Vec::new();
    for p in &b.summary.planted {
        let found = by_ts.get(&p.sms_ts).map(Vec::as_slice).unwrap_or_default();
        match (expected_level(p.scenario), found) {
            (None, []) => {}
            (None, found) => wrong.push(format!(
                "{:?} at {} warned: {:?}",
                p.scenario, p.sms_ts, found
            )),
            (Some(level), [m]) => {
                let caller = p.caller.as_deref().map(normalise);
                if m["level"] != level
                    || m["sender"] != p.sender
                    || m["caller"].as_str().map(str::to_string) != caller
                    || m["warning"].as_str().is_none_or(str::is_empty)
                {
                    wrong.push(format!(
                        "{:?} at {} (caller {caller:?}, sender {}): expected {level}, got {m}",
                        p.scenario, p.sms_ts, p.sender
                    ));
                }
            }
            (Some(level), found) => wrong.push(format!(
                "{:?} at {}: expected one {level} moment, got {:?}",
                p.scenario, p.sms_ts, found
            )),
        }
    }
    let expected = warned(&b.summary.planted).len();
    assert!(
        wrong.is_empty(),
        "{} of {} planted moments wrong:\n{}",
        wrong.len(),
        b.summary.planted.len(),
        wrong.join("\n")
    );
    // Lone codes and contacts' calls add nothing: the moments are exactly the planted ones.
    assert_eq!(moments.len(), expected, "extra moments: {moments:#?}");
    let mut times: Vec<i64> = moments.iter().filter_map(|m| m["ts"].as_i64()).collect();
    let sorted = {
        let mut t = times.clone();
        t.sort();
        t
    };
    assert_eq!(times, sorted, "moments in time order");
    times.dedup();
    assert_eq!(times.len(), moments.len());

    // Without the call log there is nobody to warn about.
    let out = scan(&["--sms", path(&b.sms), "--json"]);
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn human_report_lists_every_moment() {
    let b = backup();
    let out = scan(&[
        "--sms",
        path(&b.sms),
        "--calls",
        path(&b.calls),
        "--lang",
        "en",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let warned = warned(&b.summary.planted);
    let codes = b.summary.lone_codes + b.summary.planted.len() as u64;
    let header = format!(
        "Read {} messages ({codes} one-time codes) and {} calls: {} risky moment(s).",
        b.summary.received_sms,
        b.summary.calls,
        warned.len()
    );
    assert_eq!(
        text.lines().next(),
        Some(header.as_str()),
        "every received SMS and every code is counted"
    );

    let almaty = FixedOffset::east_opt(5 * 3600).expect("UTC+5");
    for p in warned {
        let when = DateTime::from_timestamp_millis(p.sms_ts)
            .expect("time")
            .with_timezone(&almaty);
        let when = when.format("%Y-%m-%d %H:%M:%S (UTC+5)").to_string();
        let level = expected_level(p.scenario)
            .unwrap_or_default()
            .to_uppercase();
        let caller = p.caller.as_deref().map_or("hidden".to_string(), normalise);
        let line = text
            .lines()
            .find(|l| l.starts_with(&when))
            .unwrap_or_else(|| panic!("no moment at {when}:\n{text}"));
        assert!(line.contains(&level), "{line}");
        assert!(line.contains(&format!("code from {}", p.sender)), "{line}");
        assert!(line.contains(&caller), "{line}");
    }
    assert!(
        text.contains("Do not say or type the code"),
        "the warnings are in English"
    );
    // Strangers' calls in the day after a risky code are the scam's possible second stage:
    // counted once each, not listed as code moments.
    assert!(
        text.lines().any(|l| l.starts_with("After those moments, ")
            && l.contains("call(s) from strangers would also have been flagged")),
        "{text}"
    );
    // The report names moments, never the codes' text.
    assert!(
        !text.contains("Никому не сообщайте"),
        "the report quotes an SMS"
    );

    // --utc-offset moves the clock.
    let out = scan(&[
        "--sms",
        path(&b.sms),
        "--calls",
        path(&b.calls),
        "--utc-offset",
        "0",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(UTC+0)"), "{text}");
}

#[test]
fn truncated_backup_is_an_error_with_a_byte_position() {
    let b = backup();
    let bytes = std::fs::read(&b.sms).expect("sms");
    // Cut inside an element in the middle of the file.
    let mut cut = bytes.len() * 3 / 5;
    while bytes[cut] != b'"' {
        cut += 1;
    }
    let truncated = b.sms.with_file_name("sms-truncated.xml");
    std::fs::write(&truncated, &bytes[..cut + 3]).expect("truncated");

    let out = scan(&[
        "--sms",
        path(&truncated),
        "--calls",
        path(&b.calls),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "a broken backup fails the run");
    let err = String::from_utf8_lossy(&out.stderr);
    let pos = err
        .split("byte ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no byte position in: {err}"));
    assert!(
        pos <= cut + 3,
        "position {pos} is past the end ({})",
        cut + 3
    );
    assert!(
        pos + 4096 >= cut,
        "position {pos} is far from where the file breaks ({cut})"
    );
    assert!(
        !err.contains("Код") && !err.contains("код"),
        "the error quotes an SMS: {err}"
    );

    // Not XML at all.
    let junk = b.sms.with_file_name("junk.xml");
    std::fs::write(
        &junk,
        "<smses count=\"1\"><sms address=\"1414\" date=\"1\" type=\"1\" body=\"Код 4821\"",
    )
    .expect("junk");
    let out = scan(&["--sms", path(&junk)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("byte "), "{err}");
    assert!(!err.contains("4821"), "{err}");
}
