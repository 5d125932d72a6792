//! Arbitrary bytes as `keywords.json` or `senders.json` in an otherwise shipped rule pack:
//! loading must fail with errors or succeed, never panic, and a pack that loads must build a
//! detector (or fail to) and classify without panicking.
//!
//! Input: the first byte picks the file (even: keywords.json, odd: senders.json), the rest
//! is its content. There is no public in-memory loader, so the pack is written to a
//! directory and read with `RulePack::from_dir`, as `--rules DIR` does.

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use smsguard_core::{Detector, RulePack};

const SHIPPED: [(&str, &str); 5] = [
    ("pack.json", include_str!("../../rules/pack.json")),
    ("keywords.json", include_str!("../../rules/keywords.json")),
    ("senders.json", include_str!("../../rules/senders.json")),
    ("policy.json", include_str!("../../rules/policy.json")),
    ("warnings.json", include_str!("../../rules/warnings.json")),
];

/// One directory per fuzzing process, holding the shipped pack.
static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("smsguard-fuzz-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in SHIPPED {
        std::fs::write(dir.join(name), text).expect("write rule file");
    }
    dir
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let file = if selector & 1 == 0 {
        "keywords.json"
    } else {
        "senders.json"
    };
    let dir = &*DIR;
    std::fs::write(dir.join(file), content).expect("write fuzzed file");
    match RulePack::from_dir(dir) {
        Err(errors) => {
            // Every error names the file it is about.
            assert!(!errors.0.is_empty());
            let _ = errors.to_string();
        }
        Ok(pack) => {
            if let Ok(detector) = Detector::new(&pack) {
                for (sender, body) in [
                    (
                        "1414",
                        Some("Код для входа на портал eGov: 4821. Никому не сообщайте этот код."),
                    ),
                    ("Kaspi.kz", Some("Покупка 3917т, доступно 25 000 ₸")),
                    ("1414", None),
                ] {
                    let _ = detector.classify(sender, body);
                }
            }
        }
    }
    // Put the shipped file back for the next input.
    let shipped = SHIPPED
        .iter()
        .find(|(n, _)| *n == file)
        .map_or("", |(_, t)| t);
    std::fs::write(dir.join(file), shipped).expect("restore rule file");
});
