//! Guard benchmarks (issue 3, item 8): the cost of one event with 10,000 reported numbers and
//! a day of events already in state. Target: median ≤ 10 µs per event in memory; the on-disk
//! cost (every event that can matter later is fsynced before `handle` returns) is measured and
//! reported separately.
//!
//! The phone's day is synthetic but shaped like a real one: about 40 calls (contacts, strangers,
//! missed calls, outgoing calls, a reported number, hidden and WhatsApp callers) and about 200
//! SMS, of which about 30 carry a one-time code, spread over 24 hours; a few codes land during a
//! stranger's call, so warnings are composed too. SMS bodies and senders come from the labelled
//! corpus `tests/corpus/sms.jsonl`. The guard is fed day 0 untimed; the measured stream continues
//! with day 1, 2, … so time only moves forward and the state stays what a phone would hold.
//!
//! - `guard/in_memory/mixed_event`, `guard/on_disk/mixed_event`: mean time per event of the
//!   mixed stream (criterion; events are generated outside the timed part).
//! - `guard/*/per_event_distribution`: printed (stderr), each event timed on its own: median,
//!   p90, p99 and maximum overall and by kind of event. The "median per event" target is
//!   checked against the overall median here.
//! - `guard/reopen/open_existing_state`: `Guard::open` on that state directory (10,000
//!   reports, the log), as after Android killed the app.

use std::collections::{HashSet, VecDeque};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use smsguard_core::{
    CallEvent, CallPhase, Channel, Direction, Event, Guard, Level, RulePack, SmsEvent, Verdict,
};

mod support;
use support::{corpus, measuring, micros, quantile, selected, CorpusSms};

#[path = "../../tests/support/rng.rs"]
mod rng;
use rng::Rng;

const REPORTED_NUMBERS: usize = 10_000;
const CALLS_PER_DAY: usize = 40;
const SMS_PER_DAY: usize = 200;
const OTP_PER_DAY: usize = 30;
const DAY_MS: i64 = 86_400_000;
/// 2024-11-24 00:00 UTC.
const DAY0_MS: i64 = 1_732_406_400_000;
/// Events generated (untimed) per timed chunk.
const CHUNK: u64 = 4_096;

/// What a day is made of: the person's contacts, the reported numbers, and SMS to draw from.
struct World {
    rng: Rng,
    contacts: Vec<String>,
    reported: Vec<String>,
    otp: Vec<CorpusSms>,
    other: Vec<CorpusSms>,
}

/// A call as the day plans it.
struct PlannedCall {
    number: Option<String>,
    contact: bool,
    direction: Direction,
    channel: Channel,
    answered: bool,
    /// A stranger (or a reported or hidden number) calling in: codes may land during it.
    risky: bool,
}

impl World {
    fn new(seed: u64) -> World {
        let mut rng = Rng(seed);
        let mut seen = HashSet::new();
        let mut reported = Vec::with_capacity(REPORTED_NUMBERS);
        while reported.len() < REPORTED_NUMBERS {
            let n = format!("+77{:09}", rng.below(1_000_000_000));
            if seen.insert(n.clone()) {
                reported.push(n);
            }
        }
        let contacts = (0..60).map(|i| format!("+7701555{i:04}")).collect();
        let (otp, other): (Vec<_>, Vec<_>) = corpus().into_iter().partition(|s| s.is_otp);
        World {
            rng,
            contacts,
            reported,
            otp,
            other,
        }
    }

    /// The reported numbers as a CSV import, the way the app restores them.
    fn reports_csv(&self) -> String {
        let mut csv = String::from("number,reported_at,note\n");
        for (i, n) in self.reported.iter().enumerate() {
            csv.push_str(&format!("{n},{},\n", DAY0_MS - 86_400_000 * 30 + i as i64));
        }
        csv
    }

    fn stranger(&mut self) -> String {
        let prefix = self.rng.pick(&[
            "700", "701", "702", "705", "707", "747", "771", "775", "777", "778",
        ]);
        format!("+7{prefix}{:07}", self.rng.below(10_000_000))
    }

    fn plan_call(&mut self) -> PlannedCall {
        let plan =
            |number: Option<String>, contact, direction, channel, answered, risky| PlannedCall {
                number,
                contact,
                direction,
                channel,
                answered,
                risky,
            };
        let roll = self.rng.below(100);
        match roll {
            // Family, friends, work: most calls.
            0..=44 => {
                let n = self.rng.pick(&self.contacts).clone();
                let answered = self.rng.percent(85);
                plan(
                    Some(n),
                    true,
                    Direction::Incoming,
                    Channel::Cellular,
                    answered,
                    false,
                )
            }
            45..=59 => {
                let n = self.rng.pick(&self.contacts).clone();
                plan(
                    Some(n),
                    true,
                    Direction::Outgoing,
                    Channel::Cellular,
                    true,
                    false,
                )
            }
            // A shop, a taxi, the bank's hotline.
            60..=64 => {
                let n = if self.rng.percent(50) {
                    "+77272588888".to_string()
                } else {
                    self.stranger()
                };
                plan(
                    Some(n),
                    false,
                    Direction::Outgoing,
                    Channel::Cellular,
                    true,
                    false,
                )
            }
            65..=79 => {
                let n = self.stranger();
                plan(
                    Some(n),
                    false,
                    Direction::Incoming,
                    Channel::Cellular,
                    true,
                    true,
                )
            }
            80..=89 => {
                let n = self.stranger();
                plan(
                    Some(n),
                    false,
                    Direction::Incoming,
                    Channel::Cellular,
                    false,
                    true,
                )
            }
            // A reported number, written the way the phone may give it ("8 7xx …").
            90..=94 => {
                let n = self.rng.pick(&self.reported).clone();
                let n = format!("8{}", &n[2..]);
                let answered = self.rng.percent(50);
                plan(
                    Some(n),
                    false,
                    Direction::Incoming,
                    Channel::Cellular,
                    answered,
                    true,
                )
            }
            95..=97 => plan(
                None,
                false,
                Direction::Incoming,
                Channel::Cellular,
                true,
                true,
            ),
            _ => {
                let n = self.stranger();
                plan(
                    Some(n),
                    false,
                    Direction::Incoming,
                    Channel::Whatsapp,
                    true,
                    true,
                )
            }
        }
    }

    /// The events of one day from `start`, in time order (a call's phase before an SMS at
    /// the same millisecond).
    fn day(&mut self, start: i64) -> Vec<Event> {
        let mut timed: Vec<(i64, bool, Event)> =
            Vec::with_capacity(CALLS_PER_DAY * 3 + SMS_PER_DAY);
        let mut otp_left = OTP_PER_DAY;
        let call = |ts, phase, c: &PlannedCall| {
            Event::Call(CallEvent {
                ts,
                phase,
                number: c.number.clone(),
                direction: c.direction,
                contact: Some(c.contact),
                channel: c.channel,
            })
        };
        let sms = |ts, s: &CorpusSms| {
            Event::Sms(SmsEvent {
                ts,
                sender: Some(s.sender.clone()),
                body: s.body.clone(),
                sent_ts: None,
            })
        };

        for _ in 0..CALLS_PER_DAY {
            let c = self.plan_call();
            // Awake hours mostly; the last hour is kept free so a day ends inside its 24 h.
            let t = start + self.rng.range(7 * 3_600_000, 23 * 3_600_000);
            let ring = self.rng.range(3_000, 25_000);
            timed.push((t, false, call(t, CallPhase::Start, &c)));
            if c.answered {
                let talk = self.rng.range(10_000, 600_000);
                timed.push((t + ring, false, call(t + ring, CallPhase::Answered, &c)));
                timed.push((
                    t + ring + talk,
                    false,
                    call(t + ring + talk, CallPhase::Ended, &c),
                ));
                // The scam: a code while the stranger is on the line.
                if c.risky && otp_left > 0 && self.rng.percent(30) {
                    otp_left -= 1;
                    let at = t + ring + self.rng.range(1_000, talk);
                    let s = self.rng.pick(&self.otp).clone();
                    timed.push((at, true, sms(at, &s)));
                }
            } else {
                timed.push((t + ring, false, call(t + ring, CallPhase::Ended, &c)));
            }
        }
        for i in 0..SMS_PER_DAY - (OTP_PER_DAY - otp_left) {
            let t = start + self.rng.range(0, DAY_MS - 3_600_000);
            let s = if i < otp_left {
                self.rng.pick(&self.otp)
            } else {
                self.rng.pick(&self.other)
            }
            .clone();
            timed.push((t, true, sms(t, &s)));
        }
        timed.sort_by_key(|(ts, is_sms, _)| (*ts, *is_sms));
        timed.into_iter().map(|(_, _, e)| e).collect()
    }
}

/// An endless stream of days after day 0.
struct Stream {
    world: World,
    next_day: i64,
    buffered: VecDeque<Event>,
}

impl Stream {
    fn next_event(&mut self) -> Event {
        loop {
            if let Some(e) = self.buffered.pop_front() {
                return e;
            }
            let day = self.world.day(DAY0_MS + self.next_day * DAY_MS);
            self.next_day += 1;
            self.buffered.extend(day);
        }
    }

    /// The events of the next day as a whole (what is left of the current one, if any).
    fn next_day_events(&mut self) -> Vec<Event> {
        if self.buffered.is_empty() {
            let day = self.world.day(DAY0_MS + self.next_day * DAY_MS);
            self.next_day += 1;
            return day;
        }
        self.buffered.drain(..).collect()
    }
}

/// A guard with 10,000 reports and day 0 in state, and the stream that continues the day.
fn prepared(guard: Guard, seed: u64) -> (Guard, Stream) {
    let mut world = World::new(seed);
    let summary = guard
        .import_reports_csv(&world.reports_csv())
        .expect("import reports");
    assert_eq!(
        summary.added,
        REPORTED_NUMBERS,
        "{:?}",
        summary.errors.first()
    );
    for event in world.day(DAY0_MS) {
        guard.handle(event).expect("day 0 event");
    }
    (
        guard,
        Stream {
            world,
            next_day: 1,
            buffered: VecDeque::new(),
        },
    )
}

/// `iter_custom` body: handles `iters` events of the stream, timing only `handle`.
fn timed_events(guard: &Guard, stream: &mut Stream, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    let mut done = 0;
    while done < iters {
        let n = CHUNK.min(iters - done);
        let chunk: Vec<Event> = (0..n).map(|_| stream.next_event()).collect();
        let start = Instant::now();
        for event in chunk {
            black_box(guard.handle(event).expect("event"));
        }
        total += start.elapsed();
        done += n;
    }
    total
}

/// What kind of event a timing belongs to.
fn kind_of(event: &Event, verdict: &Verdict) -> &'static str {
    match event {
        Event::Call(c) => match c.phase {
            CallPhase::Start => "call start",
            CallPhase::Answered => "call answered",
            CallPhase::Ended => "call ended",
        },
        Event::Sms(_) => match &verdict.otp {
            Some(o) if o.is_otp && verdict.level > Level::None => "sms otp, warned",
            Some(o) if o.is_otp => "sms otp, quiet",
            _ => "sms not otp",
        },
        Event::Report(_) => "report",
    }
}

/// Times `days` days of events one by one and prints the distribution, overall and by kind.
fn per_event_distribution(name: &str, guard: &Guard, stream: &mut Stream, days: usize) {
    let mut times: Vec<(f64, &'static str)> = Vec::new();
    for _ in 0..days {
        for event in stream.next_day_events() {
            let probe = event.clone();
            let start = Instant::now();
            let verdict = guard.handle(event).expect("event");
            let ns = start.elapsed().as_secs_f64() * 1e9;
            times.push((ns, kind_of(&probe, &verdict)));
            black_box(verdict);
        }
    }
    let kinds = [
        "call start",
        "call answered",
        "call ended",
        "sms not otp",
        "sms otp, quiet",
        "sms otp, warned",
    ];
    eprintln!();
    eprintln!(
        "{name}: {} events over {days} day(s), each timed on its own",
        times.len()
    );
    eprintln!(
        "  {:<16} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "events", "n", "median", "mean", "p90", "p99", "max"
    );
    let row = |label: &str, mut set: Vec<f64>| {
        if set.is_empty() {
            return;
        }
        set.sort_by(f64::total_cmp);
        let mean = set.iter().sum::<f64>() / set.len() as f64;
        eprintln!(
            "  {:<16} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10}",
            label,
            set.len(),
            micros(quantile(&set, 0.5)),
            micros(mean),
            micros(quantile(&set, 0.9)),
            micros(quantile(&set, 0.99)),
            micros(set[set.len() - 1]),
        );
    };
    row("all", times.iter().map(|t| t.0).collect());
    for kind in kinds {
        row(
            kind,
            times.iter().filter(|t| t.1 == kind).map(|t| t.0).collect(),
        );
    }
    eprintln!();
}

fn in_memory(c: &mut Criterion) {
    let guard = Guard::in_memory(RulePack::embedded()).expect("guard");
    let (guard, mut stream) = prepared(guard, 7);

    let mut group = c.benchmark_group("guard/in_memory");
    group
        .throughput(Throughput::Elements(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("mixed_event", |b| {
        b.iter_custom(|iters| timed_events(&guard, &mut stream, iters))
    });
    group.finish();

    if selected("guard/in_memory/per_event_distribution") {
        let days = if measuring() { 30 } else { 1 };
        per_event_distribution(
            "guard/in_memory/per_event_distribution",
            &guard,
            &mut stream,
            days,
        );
    }
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "smsguard-bench-guard-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn on_disk(c: &mut Criterion) {
    let dir = TempDir::new();
    let guard = Guard::open(&dir.0, RulePack::embedded()).expect("guard on disk");
    let (guard, mut stream) = prepared(guard, 7);

    let mut group = c.benchmark_group("guard/on_disk");
    group
        .throughput(Throughput::Elements(1))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(20));
    group.bench_function("mixed_event", |b| {
        b.iter_custom(|iters| timed_events(&guard, &mut stream, iters))
    });

    if selected("guard/on_disk/per_event_distribution") {
        let days = if measuring() { 3 } else { 1 };
        per_event_distribution(
            "guard/on_disk/per_event_distribution",
            &guard,
            &mut stream,
            days,
        );
    }
    group.finish();
    drop(guard);

    // Reopening: the detector is compiled again, 10,000 reports and the log are read back.
    // A group of its own: a time per open, not per event.
    let pack = RulePack::embedded();
    let mut group = c.benchmark_group("guard/reopen");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("open_existing_state", |b| {
        b.iter(|| Guard::open(black_box(&dir.0), pack.clone()).expect("reopen"))
    });
    group.finish();
}

criterion_group!(benches, in_memory, on_disk);
criterion_main!(benches);
