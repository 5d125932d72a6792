//! The timeline corpus in `tests/timelines/`, run through the real `smsguard replay` binary
//! and the embedded rule pack, each file replayed as it is (its description line included).
//! `core/tests/timelines.rs` runs the same corpus against the core directly.

#[path = "../../tests/support/timelines.rs"]
mod timelines;

use std::process::Command;

use serde_json::Value;

#[test]
fn every_timeline_gets_the_expected_verdicts() {
    let mut failures = Vec::new();
    for timeline in timelines::corpus() {
        let out = Command::new(env!("CARGO_BIN_EXE_smsguard"))
            .arg("replay")
            .arg(&timeline.path)
            .output()
            .expect("smsguard runs");
        assert!(
            out.status.success(),
            "{}: replay failed: {}",
            timeline.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let verdicts: Vec<Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("verdict is JSON"))
            .collect();
        timelines::check(&timeline, &verdicts, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
