//! The labelled development corpus, run through the real embedded rule pack.

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

#[test]
fn every_labelled_message_is_classified_as_labelled() {
    let detector = Detector::new(&RulePack::embedded()).expect("embedded rules compile");
    let corpus = include_str!("../../tests/corpus/sms.jsonl");
    let mut mismatches = Vec::new();
    let mut count = 0;
    for (i, line) in corpus.lines().enumerate() {
        let m: Labelled = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("tests/corpus/sms.jsonl line {}: {e}", i + 1));
        count += 1;
        let got = detector.classify(&m.sender, m.body.as_deref());
        let code = got.code.as_ref().map(|c| c.expose().clone());
        let purpose = got.purpose.map(|p| p.as_str().to_string());
        if got.is_otp != m.is_otp || code != m.code || purpose != m.purpose {
            mismatches.push(format!(
                "{}: expected otp={} code={:?} purpose={:?}, got otp={} code={:?} purpose={:?} {:?}",
                m.id, m.is_otp, m.code, m.purpose, got.is_otp, code, purpose, got.reasons
            ));
        }
    }
    assert!(count >= 400, "the corpus has only {count} messages");
    assert!(
        mismatches.is_empty(),
        "{} of {count} messages misclassified:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
