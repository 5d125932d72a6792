//! The external suite rebuilt from Android's own OTP-detector tests (AOSP ExtServices
//! `NotificationOtpDetectionHelperTest.kt`, branch main; see `tests/external/README.md`), run
//! through the real embedded rule pack. Each line holds our own sentence with the shape of one
//! AOSP case, Android's answer and ours; `differs` says why ours is deliberately not Android's.

use std::collections::BTreeMap;

use smsguard_core::{Detector, RulePack};

const SUITE: &str = include_str!("../../tests/external/aosp-otp-en.jsonl");

/// The share of cases the detector must agree with our expectation on.
const REQUIRED_AGREEMENT: f64 = 0.90;

#[derive(serde::Deserialize)]
struct Case {
    id: String,
    sender: String,
    body: Option<String>,
    android_is_otp: bool,
    expect_is_otp: bool,
    expect_code: Option<String>,
    differs: Option<String>,
    aosp_test: String,
}

fn cases() -> Vec<Case> {
    SUITE
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("tests/external/aosp-otp-en.jsonl line {}: {e}", i + 1))
        })
        .collect()
}

#[test]
fn each_case_says_why_it_differs_from_android_exactly_when_it_does() {
    let cases = cases();
    assert!(
        cases.len() >= 28,
        "the suite has only {} cases",
        cases.len()
    );
    for case in &cases {
        let differs = case.expect_is_otp != case.android_is_otp;
        assert_eq!(
            differs,
            case.differs.is_some(),
            "{}: `differs` must be set exactly when expect_is_otp ({}) is not Android's ({})",
            case.id,
            case.expect_is_otp,
            case.android_is_otp
        );
        assert!(
            case.expect_is_otp || case.expect_code.is_none(),
            "{}: a message that is not a code cannot expect one",
            case.id
        );
    }
}

#[test]
fn detector_agrees_with_the_expectations_built_from_android_tests() {
    let detector = Detector::new(&RulePack::embedded()).expect("embedded rules compile");
    let cases = cases();
    let mut disagreements = Vec::new();
    // Per AOSP test function: (agreeing cases, cases).
    let mut per_test: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for case in &cases {
        let got = detector.classify(&case.sender, case.body.as_deref());
        let code = got.code.as_ref().map(|c| c.expose().clone());
        let agrees = got.is_otp == case.expect_is_otp
            && (case.expect_code.is_none() || code == case.expect_code);
        let tally = per_test.entry(case.aosp_test.as_str()).or_default();
        tally.1 += 1;
        if agrees {
            tally.0 += 1;
        } else {
            disagreements.push(format!(
                "{} ({}): expected otp={} code={:?}, got otp={} code={:?} {:?}",
                case.id,
                case.aosp_test,
                case.expect_is_otp,
                case.expect_code,
                got.is_otp,
                code,
                got.reasons
            ));
        }
    }
    let agreeing = cases.len() - disagreements.len();
    let share = agreeing as f64 / cases.len() as f64;
    println!(
        "agreement with our expectation: {agreeing} of {} ({:.1} %)",
        cases.len(),
        share * 100.0
    );
    for (test, (ok, all)) in &per_test {
        println!("  {test}: {ok} of {all}");
    }
    for line in &disagreements {
        println!("  disagrees: {line}");
    }
    assert!(
        share >= REQUIRED_AGREEMENT,
        "the detector agrees on {agreeing} of {} cases ({:.1} %), below {:.0} %:\n{}",
        cases.len(),
        share * 100.0,
        REQUIRED_AGREEMENT * 100.0,
        disagreements.join("\n")
    );
}
