//! The labelled development corpora — every `tests/corpus/*.jsonl` file — run through the
//! real embedded rule pack.

use std::path::{Path, PathBuf};

use smsguard_core::{Detector, RulePack};

#[derive(serde::Deserialize)]
struct Labelled {
    id: String,
    sender: String,
    body: Option<String>,
    is_otp: bool,
    code: Option<String>,
    purpose: Option<String>,
}

/// Every corpus file, in name order.
fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_labelled_message_is_classified_as_labelled() {
    let detector = Detector::new(&RulePack::embedded()).expect("embedded rules compile");
    let files = corpus_files();
    assert!(files.len() >= 2, "corpus files: {files:?}");
    let mut mismatches = Vec::new();
    let mut count = 0;
    for file in &files {
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(file).expect("corpus file is readable");
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let m: Labelled = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("tests/corpus/{name} line {}: {e}", i + 1));
            count += 1;
            let got = detector.classify(&m.sender, m.body.as_deref());
            let code = got.code.as_ref().map(|c| c.expose().clone());
            let purpose = got.purpose.map(|p| p.as_str().to_string());
            if got.is_otp != m.is_otp || code != m.code || purpose != m.purpose {
                mismatches.push(format!(
                    "{name} {}: expected otp={} code={:?} purpose={:?}, got otp={} code={:?} purpose={:?} {:?}",
                    m.id, m.is_otp, m.code, m.purpose, got.is_otp, code, purpose, got.reasons
                ));
            }
        }
    }
    assert!(count >= 700, "the corpora have only {count} messages");
    assert!(
        mismatches.is_empty(),
        "{} of {count} messages misclassified:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
