//! Throughput of the "SMS Backup & Restore" readers behind `smsguard scan` (issue 3, item 8:
//! at least 200,000 messages/s on a 1,000,000-message backup).
//!
//! The backup is generated once into a temporary file, so the figure is reading and decoding
//! from the page cache, not generation or a cold disk.

use std::fs::File;
use std::hint::black_box;
use std::io::{BufReader, BufWriter};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use smsguard::backup;

// Shared with the tests, which use the parts this bench does not (the planted moments).
#[allow(dead_code)]
#[path = "../tests/support/backup_gen.rs"]
mod backup_gen;

const MESSAGES: u64 = 1_000_000;
const CALLS: u64 = 200_000;
/// As `scan` reads: a buffered file.
const READ_BUFFER: usize = 64 * 1024;

fn open(file: &File) -> BufReader<File> {
    let file = file.try_clone().expect("reopen the backup");
    let mut reader = BufReader::with_capacity(READ_BUFFER, file);
    std::io::Seek::rewind(&mut reader).expect("rewind the backup");
    reader
}

fn backup_read(c: &mut Criterion) {
    let mut sms_file = tempfile::tempfile().expect("temporary file");
    let mut calls_file = tempfile::tempfile().expect("temporary file");
    let config = backup_gen::GenConfig {
        sms: MESSAGES,
        calls: CALLS,
        seed: 2024,
    };
    let summary = backup_gen::generate(
        &config,
        BufWriter::new(&mut sms_file),
        BufWriter::new(&mut calls_file),
    )
    .expect("write the backup");

    let mut group = c.benchmark_group("backup_read");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(3))
        .measurement_time(Duration::from_secs(20));

    // Throughput counts every message in the file, as "a 1,000,000-message backup" does; the
    // received ones (about 81%) are the ones decoded and yielded.
    group.throughput(Throughput::Elements(MESSAGES));
    group.bench_function("read_sms_1m_messages", |b| {
        b.iter(|| {
            let mut digest = 0u64;
            for sms in backup::read_sms(open(&sms_file)) {
                let sms = sms.expect("the generated backup is valid");
                let body = sms.body.map_or(0, |body| body.len());
                digest = digest.wrapping_add(sms.ts as u64 ^ (sms.address.len() + body) as u64);
            }
            black_box(digest)
        })
    });

    group.throughput(Throughput::Elements(CALLS));
    group.bench_function("read_calls_200k", |b| {
        b.iter(|| {
            let mut digest = 0u64;
            for call in backup::read_calls(open(&calls_file)) {
                let call = call.expect("the generated backup is valid");
                let kind = match call.kind {
                    backup::CallKind::Other(code) => u64::from(code),
                    _ => 0,
                };
                digest = digest.wrapping_add(
                    call.ts as u64
                        ^ call.duration_s
                        ^ kind
                        ^ u64::from(call.contact)
                        ^ call.number.map_or(0, |n| n.len() as u64),
                );
            }
            black_box(digest)
        })
    });
    group.finish();

    // Checked after timing so a wrong count cannot pass unnoticed behind a fast figure.
    let received = backup::read_sms(open(&sms_file))
        .filter(Result::is_ok)
        .count() as u64;
    assert_eq!(received, summary.received_sms);
}

criterion_group!(benches, backup_read);
criterion_main!(benches);
