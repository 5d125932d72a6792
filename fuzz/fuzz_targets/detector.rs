//! Arbitrary sender and body through the real detector: it must never panic, and what it
//! answers must hang together (see `core/tests/properties.rs` for the same checks as
//! property tests).
//!
//! Input: the sender up to the first `\n`, the body after it; no `\n` at all means a
//! hidden body (`None`), as Android 15+ gives for some code messages.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use smsguard_core::text::fold;
use smsguard_core::{Detector, RulePack};

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::new(&RulePack::embedded()).expect("the embedded rules compile"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (sender, body) = match text.split_once('\n') {
        Some((sender, body)) => (sender, Some(body)),
        None => (text, None),
    };
    let c = DETECTOR.classify(sender, body);
    assert_eq!(c.purpose.is_some(), c.is_otp);
    match body {
        None => assert!(c.is_otp && c.code.is_none()),
        Some(body) => {
            assert_eq!(c.is_otp, c.code.is_some());
            if let Some(code) = &c.code {
                let code = code.expose();
                assert!(
                    (4..=9).contains(&code.len())
                        && code.chars().all(|ch| ch.is_ascii_alphanumeric())
                );
                let squeezed: String = fold(body)
                    .cased
                    .chars()
                    .filter(|ch| !matches!(ch, ' ' | '-'))
                    .collect();
                assert!(
                    squeezed.contains(code.as_str()),
                    "the code is not in the text"
                );
            }
        }
    }
});
