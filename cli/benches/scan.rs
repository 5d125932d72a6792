//! `smsguard scan` throughput (issue 3, item 8: at least 200,000 messages/s on a
//! 1,000,000-message backup): reading both XML files, classifying every received SMS,
//! merging the timeline and running the guard, through the same `scan::scan` the binary calls.
//!
//! The backup (1,000,000 `<smses>` elements and 200,000 calls, as in `backup_read`) is generated
//! once, outside the timed loop, into a temporary directory, so the figure is scanning from the
//! page cache. Set `SMSGUARD_BENCH_BACKUP_DIR=DIR` to write it to `DIR/sms.xml` and
//! `DIR/calls.xml` instead and keep it, e.g. to measure the binary's peak memory on the same
//! files: `/usr/bin/time -v smsguard scan --sms DIR/sms.xml --calls DIR/calls.xml --json`.

use std::fs::File;
use std::hint::black_box;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use smsguard::scan;
use smsguard_core::{RulePack, UiLang};

// Shared with the tests, which use the parts this bench does not (the planted moments).
#[allow(dead_code)]
#[path = "../tests/support/backup_gen.rs"]
mod backup_gen;

const MESSAGES: u64 = 1_000_000;
const CALLS: u64 = 200_000;

/// Where the backup lives: a kept directory, or a temporary one removed at the end.
enum Dir {
    Kept(PathBuf),
    Temp(tempfile::TempDir),
}

impl Dir {
    fn path(&self) -> &Path {
        match self {
            Dir::Kept(p) => p,
            Dir::Temp(t) => t.path(),
        }
    }
}

fn scan_throughput(c: &mut Criterion) {
    let dir = match std::env::var_os("SMSGUARD_BENCH_BACKUP_DIR") {
        Some(p) => {
            std::fs::create_dir_all(&p).expect("backup directory");
            Dir::Kept(PathBuf::from(p))
        }
        None => Dir::Temp(tempfile::tempdir().expect("temporary directory")),
    };
    let sms_path = dir.path().join("sms.xml");
    let calls_path = dir.path().join("calls.xml");
    let config = backup_gen::GenConfig {
        sms: MESSAGES,
        calls: CALLS,
        seed: 2024,
    };
    let summary = backup_gen::generate(
        &config,
        BufWriter::new(File::create(&sms_path).expect("create sms.xml")),
        BufWriter::new(File::create(&calls_path).expect("create calls.xml")),
    )
    .expect("write the backup");

    let rules = RulePack::embedded();
    // As `smsguard scan` opens them.
    let run = || {
        let sms =
            BufReader::with_capacity(256 * 1024, File::open(&sms_path).expect("open sms.xml"));
        let calls = BufReader::new(File::open(&calls_path).expect("open calls.xml"));
        scan::scan(&rules, sms, Some(calls), UiLang::En).expect("scan")
    };

    let mut group = c.benchmark_group("scan");
    group
        .throughput(Throughput::Elements(MESSAGES))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(3))
        .measurement_time(Duration::from_secs(40));
    group.bench_function("scan_1m_messages_200k_calls", |b| {
        b.iter(|| black_box(run().moments.len()))
    });
    group.finish();

    // Checked after timing so a wrong count cannot pass unnoticed behind a fast figure.
    let result = run();
    assert_eq!(result.messages, summary.received_sms);
    assert_eq!(result.calls, summary.calls);
    assert!(result.fatal.is_none(), "{:?}", result.fatal);
    eprintln!(
        "scan: {} received messages, {} codes, {} calls, {} risky moments, {} skipped",
        result.messages,
        result.codes,
        result.calls,
        result.moments.len(),
        result.skipped.len()
    );
}

criterion_group!(benches, scan_throughput);
criterion_main!(benches);
