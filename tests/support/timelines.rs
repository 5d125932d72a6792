//! The timeline corpus in `tests/timelines/`, read and checked the same way whether the
//! verdicts come from the core (`core/tests/timelines.rs`) or the `smsguard replay` binary
//! (`cli/tests/timelines.rs`).
//!
//! Each file starts with a line that describes it; each later line is an event with the level
//! it must get (`expect`, `none` when absent) and, optionally, which event the warning is about
//! (`expect_about`).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One timeline: its file name, its path, and its event lines (the description left out).
pub struct Timeline {
    pub name: String,
    pub path: PathBuf,
    pub events: Vec<String>,
}

/// Every timeline of the corpus, in file-name order.
pub fn corpus() -> Vec<Timeline> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/timelines");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/timelines exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "only {} timelines", files.len());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("timeline is readable");
            Timeline {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                events: text.lines().skip(1).map(str::to_string).collect(),
                path,
            }
        })
        .collect()
}

/// Compares one timeline's verdicts with its expectations; mismatches go to `failures`.
pub fn check(timeline: &Timeline, verdicts: &[Value], failures: &mut Vec<String>) {
    let name = &timeline.name;
    if verdicts.len() != timeline.events.len() {
        failures.push(format!(
            "{name}: {} verdicts for {} events",
            verdicts.len(),
            timeline.events.len()
        ));
        return;
    }
    for (i, (event, verdict)) in timeline.events.iter().zip(verdicts).enumerate() {
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
            for lang in ["kk", "ru", "en"] {
                if verdict["warning"][lang].as_str().is_none_or(str::is_empty) {
                    failures.push(format!("{name} event {i}: no {lang} warning"));
                }
            }
        }
    }
}
