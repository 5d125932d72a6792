//! The timeline corpus in `tests/timelines/`, run against the core directly: one guard per
//! timeline, in memory and on a state directory reopened before every event (as if the app were
//! killed between any two), both with the embedded rule pack. `cli/tests/timelines.rs` runs the
//! same corpus through the `smsguard` binary.

#[allow(dead_code)] // `path`: the CLI test replays the file itself
#[path = "../../tests/support/timelines.rs"]
mod timelines;

use serde_json::Value;
use smsguard_core::{Guard, RulePack};

fn verdicts(timeline: &timelines::Timeline, reopen: Option<&std::path::Path>) -> Vec<Value> {
    let mut guard = match reopen {
        Some(dir) => Guard::open(dir, RulePack::embedded()).expect("open"),
        None => Guard::in_memory(RulePack::embedded()).expect("guard"),
    };
    let mut out = Vec::new();
    for (i, line) in timeline.events.iter().enumerate() {
        if let (Some(dir), true) = (reopen, i > 0) {
            drop(guard);
            guard = Guard::open(dir, RulePack::embedded()).expect("reopen");
        }
        let verdict = guard
            .handle_json(line)
            .unwrap_or_else(|e| panic!("{} event {i}: {e}", timeline.name));
        let mut json: Value = serde_json::from_str(&verdict.to_json()).expect("verdict JSON");
        if reopen.is_some() {
            // `about` counts events since the guard was opened: after a restart, the SMS it
            // points at is found by its time instead.
            json["about"] = timeline
                .events
                .iter()
                .position(|e| {
                    serde_json::from_str::<Value>(e)
                        .is_ok_and(|e| e["kind"] == "sms" && Some(&e["ts"]) == json.get("about_ts"))
                })
                .map_or(Value::Null, |p| p.into());
        }
        out.push(json);
    }
    out
}

#[test]
fn every_timeline_gets_the_expected_verdicts_in_memory() {
    let mut failures = Vec::new();
    for timeline in timelines::corpus() {
        timelines::check(&timeline, &verdicts(&timeline, None), &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_timeline_gets_the_expected_verdicts_across_restarts() {
    let mut failures = Vec::new();
    for timeline in timelines::corpus() {
        let mut b = tempfile::Builder::new();
        b.prefix("smsguard-timeline-");
        let dir = b
            .tempdir_in("/dev/shm")
            .or_else(|_| b.tempdir())
            .expect("dir");
        timelines::check(
            &timeline,
            &verdicts(&timeline, Some(dir.path())),
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
