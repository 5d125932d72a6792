//! The timeline corpus in `tests/timelines/`, run through the real `smsguard replay`
//! binary and the embedded rule pack.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[test]
fn every_timeline_gets_the_expected_verdicts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/timelines");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/timelines exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "only {} timelines", files.len());

    let mut failures = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(file).expect("timeline is readable");
        // The first line describes the timeline; the rest are events with expectations.
        let events: Vec<&str> = text.lines().skip(1).collect();
        let input = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(input.path(), events.join("\n")).expect("write timeline");
        let out = Command::new(env!("CARGO_BIN_EXE_smsguard"))
            .arg("replay")
            .arg(input.path())
            .output()
            .expect("smsguard runs");
        assert!(
            out.status.success(),
            "{name}: replay failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let verdicts: Vec<Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("verdict is JSON"))
            .collect();
        assert_eq!(
            verdicts.len(),
            events.len(),
            "{name}: one verdict per event"
        );
        for (i, (event, verdict)) in events.iter().zip(&verdicts).enumerate() {
            let event: Value = serde_json::from_str(event).expect("event is JSON");
            let expected = event["expect"].as_str().unwrap_or("none");
            let got = verdict["level"].as_str().unwrap_or("?");
            let about_ok = match event.get("expect_about") {
                Some(a) => verdict["about"] == *a,
                None => true,
            };
            if got != expected || !about_ok {
                failures.push(format!(
                    "{name} event {i}: expected {expected} about {}, got {got} about {} {}",
                    event.get("expect_about").unwrap_or(&Value::Null),
                    verdict["about"],
                    verdict["reasons"]
                ));
            }
            if expected != "none" {
                let warning = &verdict["warning"];
                for lang in ["kk", "ru", "en"] {
                    assert!(
                        warning[lang].as_str().is_some_and(|t| !t.is_empty()),
                        "{name} event {i}: no {lang} warning"
                    );
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
