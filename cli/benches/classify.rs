//! `smsguard classify` end to end (issue 2, item 7: at least 100,000 lines/s): JSON parsing,
//! classification and JSON output for 100,000 lines, through the same `classify::run` the
//! binary calls, from an in-memory input into `std::io::sink()`.
//!
//! The input is the labelled corpus `tests/corpus/sms.jsonl` repeated, each line reduced to
//! the `{"sender", "body"}` the command reads, so the figure is the realistic mix of OTPs and
//! hard negatives, not one message over and over.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use smsguard::classify;
use smsguard::jsonl::Flush;
use smsguard_core::{Detector, RulePack};

const LINES: usize = 100_000;

/// The corpus as `classify` input lines: `{"sender": …, "body": …}`.
fn corpus_lines() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/sms.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            serde_json::json!({ "sender": v["sender"], "body": v["body"] }).to_string()
        })
        .collect()
}

fn input(lines: usize) -> Vec<u8> {
    let corpus = corpus_lines();
    let mut out = Vec::new();
    for line in corpus.iter().cycle().take(lines) {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

fn classify_throughput(c: &mut Criterion) {
    let detector = Detector::new(&RulePack::embedded()).expect("embedded rules compile");
    let input = input(LINES);

    let mut group = c.benchmark_group("classify_cli");
    group
        .throughput(Throughput::Elements(LINES as u64))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(3))
        .measurement_time(Duration::from_secs(20));
    group.bench_function("run_100k_lines", |b| {
        b.iter(|| {
            let failed = classify::run(
                &detector,
                black_box(&input[..]),
                std::io::sink(),
                Flush::Buffered,
            )
            .expect("classify");
            assert_eq!(failed, 0);
        })
    });
    group.finish();

    // Checked after timing: exactly one output line per input line.
    let mut out = Vec::new();
    classify::run(&detector, &input[..], &mut out, Flush::Buffered).expect("classify");
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), LINES);
}

criterion_group!(benches, classify_throughput);
criterion_main!(benches);
