//! What the core's benchmarks share: the labelled corpus, criterion's command line, and the
//! printing of distributions. `mod support;` in each bench; each uses part of it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One line of `tests/corpus/sms.jsonl`, as the benchmarks use it.
#[derive(Clone)]
pub struct CorpusSms {
    pub id: String,
    pub sender: String,
    pub body: Option<String>,
    pub is_otp: bool,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The labelled development corpus, in file order.
pub fn corpus() -> Vec<CorpusSms> {
    let path = repo_root().join("tests/corpus/sms.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("corpus line {}: {e}", i + 1));
            CorpusSms {
                id: v["id"].as_str().unwrap_or_default().to_string(),
                sender: v["sender"]
                    .as_str()
                    .unwrap_or_else(|| panic!("corpus line {}: no sender", i + 1))
                    .to_string(),
                body: v["body"].as_str().map(str::to_string),
                is_otp: v["is_otp"].as_bool().unwrap_or(false),
            }
        })
        .collect()
}

/// Whether this run is a real measurement (`cargo bench`) rather than criterion's test mode
/// (`cargo test --benches`), where every bench runs once.
pub fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Whether the command line's filter (if any) selects a bench called `name`.
pub fn selected(name: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
}

/// The `q` quantile of sorted values (nearest rank).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Nanoseconds, printed in µs (or ms from a millisecond up).
pub fn micros(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} µs", ns / 1000.0)
    }
}
