//! Property tests: the detector and the guard never panic on what the phone may hand them,
//! and what they answer hangs together — a code comes from the text, a hidden body is a code
//! with none to show, and a guard that was stopped and reopened on its state
//! directory answers exactly like one that never stopped.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use smsguard_core::text::fold;
use smsguard_core::{
    CallEvent, CallPhase, Channel, Detector, Direction, Event, Guard, GuardError, ReportEvent,
    RulePack, SmsEvent, Verdict,
};

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::new(&RulePack::embedded()).expect("the embedded rules compile"));

// --- Text strategies ------------------------------------------------------------------

/// Words and signs SMS here are made of, tricky ones included: keywords in every language
/// and transliteration, look-alike letters, the phrases that void a code, money and dates.
const WORDS: &[&str] = &[
    "Код",
    "код",
    "КОД",
    "кoд",
    "kod",
    "KOD",
    "code",
    "Code",
    "codes",
    "passcode",
    "OTP",
    "пароль",
    "Parol",
    "құпиясөз",
    "құпия сөз",
    "коды",
    "кодыңыз",
    "Vash kod",
    "Sizdin kodynyz",
    "бір реттік",
    "одноразовый",
    "Ваш",
    "для входа",
    "подтверждения",
    "перевода",
    "Kaspi.kz",
    "eGov",
    "1414",
    "Никому не сообщайте",
    "ешкімге айтпаңыз",
    "do not share",
    "is",
    "your",
    "verification",
    "введите",
    "use",
    "enter",
    "промокод",
    "promo code",
    "заказ №",
    "order #",
    "трек",
    "PIN-код",
    "PUK",
    "домофон",
    "Wi-Fi",
    "новый код",
    "предыдущий код",
    "недействителен",
    "истёк",
    "expired",
    "wrong code",
    "₸",
    "тг",
    "KZT",
    "т",
    "сумма",
    "карта *",
    "4**",
    "до 12:30",
    "01.12.2024",
    "+7 701 555 01 01",
    "8 (701) 555-01-01",
    "<#>",
    "[#]",
    "@kaspi.kz #",
    "kod=",
    "код:",
    "G-",
    "FB-",
    "№",
    "#",
    "\n",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "'",
    ":",
    "=",
    ".",
    ",",
    ";",
    "!",
    "?",
    "*",
    "/",
    "+",
    "_",
    "&",
    "%",
    "@",
];

/// Everything that may stand between two words.
const SEPARATORS: &[&str] = &[
    " ", "  ", "-", "\u{00A0}", "\u{202F}", "\u{2009}", "\u{200B}", "\u{200C}", "\u{200D}",
    "\u{2060}", "\u{FEFF}", "\u{00AD}", "\u{202E}", "\n", "\r\n", "\r", "\t", "—", "–", " - ",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(WORDS).prop_map(str::to_string),
        5 => "[0-9]{1,9}",
        1 => "[0-9]{2,4}[- ][0-9]{2,4}([- ][0-9]{2,4})?",
        1 => "[A-Za-z0-9]{4,8}",
        4 => prop::sample::select(SEPARATORS).prop_map(str::to_string),
        // Full-width digits and letters, which NFKC folds into plain ones.
        1 => "[\u{FF10}-\u{FF19}]{1,8}",
        1 => "[\u{FF21}-\u{FF3A}\u{FF41}-\u{FF5A}]{1,4}",
        // Other digit systems, circled and superscript digits, ligatures.
        1 => "[\u{0660}-\u{0669}\u{2460}-\u{2473}\u{00B2}\u{00B3}\u{00B9}\u{2070}-\u{2079}\u{FB00}-\u{FB06}]{1,4}",
        1 => "[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}\u{1F1E6}-\u{1F1FF}\u{FE0F}]{1,3}",
        2 => "[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]{1,10}",
        1 => "[a-zA-Z]{1,10}",
        // Anything at all, combining marks and unpaired directional marks included.
        2 => prop::collection::vec(any::<char>(), 0..6).prop_map(|v| v.into_iter().collect()),
    ]
}

/// A short body: an SMS-sized mix of the pieces above.
fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..48).prop_map(|v| v.concat())
}

/// A body of several thousand characters, cut at 10,000.
fn long_body() -> impl Strategy<Value = String> {
    prop_oneof![
        // A realistic message repeated, as a flood or a long concatenated SMS.
        (prop::collection::vec(piece(), 4..24), 100usize..600)
            .prop_map(|(v, n)| v.concat().repeat(n)),
        prop::collection::vec(piece(), 1_000..2_500).prop_map(|v| v.concat()),
    ]
    .prop_map(|s| s.chars().take(10_000).collect())
}

fn sender() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(&[
            "1414", "eGov", "Kaspi.kz", "KASPI KZ", "Halyk", "7111", "Beeline", "Kazpost", "Google", "Telegram",
            "+77015550101", "87015550101", "Unknown", "", " ",
        ][..])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

/// The code as it stands in the folded text once separators are taken out.
fn squeezed(text: &str) -> String {
    fold(text)
        .cased
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect()
}

fn check_classification(sender: &str, body: Option<&str>) -> Result<(), TestCaseError> {
    let c = DETECTOR.classify(sender, body);
    match body {
        None => {
            // A hidden text is Android saying "this is a code": a code from every sender,
            // with none to show.
            prop_assert!(c.code.is_none());
            prop_assert!(c.is_otp, "hidden body from {:?}: {:?}", sender, c.reasons);
        }
        Some(body) => {
            prop_assert_eq!(
                c.is_otp,
                c.code.is_some(),
                "is_otp without a code (or a code without is_otp): {:?}",
                c
            );
            if let Some(code) = &c.code {
                let code = code.expose();
                prop_assert!(
                    (4..=9).contains(&code.chars().count())
                        && code.chars().all(|ch| ch.is_ascii_alphanumeric()),
                    "a code a person cannot type: {:?} from {:?}",
                    code,
                    body
                );
                prop_assert!(
                    squeezed(body).contains(code.as_str()),
                    "code {:?} does not occur in the folded body {:?}",
                    code,
                    body
                );
            }
        }
    }
    // A purpose exactly when there is a code (hidden or not), and the reasons never quote
    // the text.
    prop_assert_eq!(c.purpose.is_some(), c.is_otp);
    prop_assert!(!c.reasons.is_empty());
    if let Some(code) = &c.code {
        for r in &c.reasons {
            prop_assert!(
                !r.contains(code.expose().as_str()),
                "reason {:?} quotes the code",
                r
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn detector_never_panics_and_codes_come_from_the_text(sender in sender(), body in prop::option::weighted(0.9, body())) {
        check_classification(&sender, body.as_deref())?;
    }

    #[test]
    fn detector_never_panics_on_arbitrary_unicode(sender in any::<String>(), body in any::<String>()) {
        check_classification(&sender, Some(&body))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn detector_never_panics_on_bodies_up_to_10000_chars(sender in sender(), body in long_body()) {
        check_classification(&sender, Some(&body))?;
    }
}

/// Fixed worst cases: many keywords and many code-shaped numbers in one long body.
#[test]
fn detector_survives_long_adversarial_bodies() {
    let bodies = [
        "Код подтверждения: 4821. Никому не сообщайте этот код. ".repeat(180),
        "1".repeat(10_000),
        "12-34 ".repeat(1_600),
        "код".repeat(3_300),
        "\u{200B}".repeat(10_000),
        format!("<#> {} FA+9qCX9VSu", "Your code is 482913. ".repeat(450)),
        format!("{}\n@kaspi.kz #482913", "x".repeat(9_900)),
        "🎉".repeat(10_000),
    ];
    for body in &bodies {
        let body: String = body.chars().take(10_000).collect();
        for sender in ["1414", "Kaspi.kz", "Unknown"] {
            check_classification(sender, Some(&body)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

// --- Guard strategies -------------------------------------------------------------------

const BASE_TS: i64 = 1_764_064_800_000;

/// A few numbers, in several written forms of the same ones, an official number, an
/// empty one and a hidden one.
const NUMBERS: &[Option<&str>] = &[
    Some("+77015550101"),
    Some("8 701 555 01 01"),
    Some("87775550177"),
    Some("+7 777 555 01 77"),
    Some("+74951234567"),
    Some("1414"),
    Some(""),
    None,
];

const SENDERS: &[&str] = &[
    "1414",
    "Kaspi.kz",
    "Halyk",
    "Kazpost",
    "+77015550101",
    "Unknown",
];

const BODIES: &[Option<&str>] = &[
    Some("Код для входа на портал eGov: 4821. Никому не сообщайте этот код."),
    Some("Код для входа на портал eGov: 5531. Никому не сообщайте этот код."),
    Some("Kaspi.kz: код для входа 7712. Никому не говорите код, даже сотрудникам банка."),
    Some("Код для получения посылки в постамате: 7043"),
    Some("Покупка 3917т, доступно 25 000 ₸"),
    Some("Сәлем! Қалайсың?"),
    None,
];

const REPORTED: &[&str] = &[
    "+77015550101",
    "8 777 555 01 77",
    "87015550101",
    "1414",
    "+74951234567",
];

/// An event with its time as a step from the previous one.
#[derive(Debug, Clone)]
enum Step {
    Call {
        phase: CallPhase,
        number: Option<&'static str>,
        direction: Direction,
        contact: bool,
        channel: Channel,
    },
    Sms {
        sender: &'static str,
        body: Option<&'static str>,
    },
    Report {
        number: &'static str,
        remove: bool,
        note: Option<&'static str>,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let phase =
        prop::sample::select(&[CallPhase::Start, CallPhase::Answered, CallPhase::Ended][..]);
    let direction = prop::sample::select(&[Direction::Incoming, Direction::Outgoing][..]);
    let channel = prop::sample::select(
        &[
            Channel::Cellular,
            Channel::Whatsapp,
            Channel::Telegram,
            Channel::Other,
        ][..],
    );
    prop_oneof![
        5 => (phase, prop::sample::select(NUMBERS), direction, prop::bool::weighted(0.2), channel).prop_map(
            |(phase, number, direction, contact, channel)| Step::Call { phase, number, direction, contact, channel }
        ),
        4 => (prop::sample::select(SENDERS), prop::sample::select(BODIES))
            .prop_map(|(sender, body)| Step::Sms { sender, body }),
        1 => (prop::sample::select(REPORTED), prop::bool::weighted(0.3), prop::option::of(Just("курьер «Kaspi» 📦")))
            .prop_map(|(number, remove, note)| Step::Report { number, remove, note }),
    ]
}

/// The time from one event to the next: mostly seconds, sometimes the width of a window
/// or a whole afternoon, sometimes the same millisecond.
fn gap() -> impl Strategy<Value = i64> {
    prop_oneof![
        2 => Just(0i64),
        6 => 1i64..120_000,
        3 => 120_000i64..2_400_000,
        1 => Just(300_000i64),
        1 => Just(600_000i64),
        1 => Just(1_800_000i64),
        2 => 14_000_000i64..20_000_000,
    ]
}

fn event(step: &Step, ts: i64) -> Event {
    match step.clone() {
        Step::Call {
            phase,
            number,
            direction,
            contact,
            channel,
        } => Event::Call(CallEvent {
            ts,
            phase,
            number: number.map(str::to_string),
            direction,
            contact: Some(contact),
            channel,
        }),
        Step::Sms { sender, body } => Event::Sms(SmsEvent {
            ts,
            sender: Some(sender.into()),
            body: body.map(str::to_string),
            sent_ts: None,
        }),
        Step::Report {
            number,
            remove,
            note,
        } => Event::Report(ReportEvent {
            ts,
            number: number.into(),
            note: note.map(str::to_string),
            remove,
        }),
    }
}

/// Events in time order (equal times allowed).
fn timeline(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec((step(), gap()), len).prop_map(|steps| {
        let mut ts = BASE_TS;
        steps
            .iter()
            .map(|(s, g)| {
                ts += g;
                event(s, ts)
            })
            .collect()
    })
}

/// On tmpfs when there is one: every event is synced, which costs milliseconds on a disk.
fn state_dir() -> tempfile::TempDir {
    let mut b = tempfile::Builder::new();
    b.prefix("smsguard-prop-");
    b.tempdir_in("/dev/shm")
        .or_else(|_| b.tempdir())
        .expect("temp dir")
}

fn pack() -> RulePack {
    RulePack::embedded()
}

/// The parts of two answers a person sees. `about` is an index since the guard was opened,
/// so it differs after a restart; `about_ts` does not.
fn same_answer(
    i: usize,
    want: &Result<Verdict, GuardError>,
    got: &Result<Verdict, GuardError>,
) -> Result<(), TestCaseError> {
    match (want, got) {
        (Ok(w), Ok(g)) => {
            prop_assert_eq!(w.level, g.level, "event {}: level", i);
            prop_assert_eq!(&w.reasons, &g.reasons, "event {}: reasons", i);
            prop_assert_eq!(w.about_ts, g.about_ts, "event {}: about_ts", i);
            prop_assert_eq!(&w.caller, &g.caller, "event {}: caller", i);
            prop_assert_eq!(&w.otp, &g.otp, "event {}: otp facts", i);
            prop_assert_eq!(&w.warning, &g.warning, "event {}: warning", i);
        }
        (Err(w), Err(g)) => prop_assert_eq!(w.to_string(), g.to_string(), "event {}: error", i),
        _ => prop_assert!(
            false,
            "event {}: one guard answered {:?}, the other {:?}",
            i,
            want,
            got
        ),
    }
    Ok(())
}

proptest! {
    // Each case builds a guard (and so a detector): that, not the events, is the cost.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn guard_never_panics_on_event_sequences(events in timeline(0..80)) {
        let guard = Guard::in_memory(pack()).expect("guard");
        for e in events {
            if let Ok(v) = guard.handle(e) {
                // A warning always says what it is about and in every language.
                if v.level > smsguard_core::Level::None {
                    let w = v.warning.as_ref().expect("a warning has text");
                    prop_assert!(!w.kk.is_empty() && !w.ru.is_empty() && !w.en.is_empty());
                    prop_assert!(v.about_ts.is_some());
                } else {
                    prop_assert!(v.warning.is_none());
                }
            }
        }
    }

    /// Timestamps as a broken clock or a hostile replay file may give them: any order, any
    /// value, the extremes of i64 included.
    #[test]
    fn guard_never_panics_on_arbitrary_timestamps(
        steps in prop::collection::vec((step(), prop_oneof![
            4 => (BASE_TS - 10_000_000)..(BASE_TS + 10_000_000),
            1 => any::<i64>(),
            1 => prop::sample::select(&[i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX][..]),
        ]), 0..40)
    ) {
        let guard = Guard::in_memory(pack()).expect("guard");
        for (s, ts) in &steps {
            let _ = guard.handle(event(s, *ts));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, max_shrink_iters: 128, ..ProptestConfig::default() })]

    /// The phone kills the app between any two events: a guard reopened on its state
    /// directory answers every later event exactly as one that kept running.
    #[test]
    fn reopened_guard_answers_like_one_that_never_stopped(
        events in timeline(1..40),
        restarts in prop::collection::vec(prop::bool::weighted(0.1), 40),
    ) {
        let dir = state_dir();
        let memory = Guard::in_memory(pack()).expect("guard");
        let mut disk = Some(Guard::open(dir.path(), pack()).expect("open"));
        for (i, e) in events.into_iter().enumerate() {
            if restarts[i] {
                drop(disk.take());
                let reopened = Guard::open(dir.path(), pack()).expect("reopen");
                prop_assert!(reopened.recovery_notes().is_empty(), "{:?}", reopened.recovery_notes());
                disk = Some(reopened);
            }
            let Some(guard) = disk.as_ref() else { unreachable!() };
            let want = memory.handle(e.clone());
            let got = guard.handle(e);
            same_answer(i, &want, &got)?;
            prop_assert_eq!(memory.reports(), guard.reports(), "event {}: reports", i);
        }
    }
}

// --- Time that cannot be poisoned -------------------------------------------------------------

/// A stranger's scam after the timeline: the call, the answer and a 1414 code, or the same with
/// the call ended a few minutes before the code. The level of the code.
fn scam_level(guard: &Guard, at: i64, ended_before_code: bool) -> smsguard_core::Level {
    let number = "+77015550999";
    let call = |ts, phase| {
        Event::Call(CallEvent {
            ts,
            phase,
            number: Some(number.into()),
            direction: Direction::Incoming,
            contact: Some(false),
            channel: Channel::Cellular,
        })
    };
    let _ = guard.handle(call(at, CallPhase::Start));
    let _ = guard.handle(call(at + 5_000, CallPhase::Answered));
    if ended_before_code {
        let _ = guard.handle(call(at + 120_000, CallPhase::Ended));
    }
    let code = Event::Sms(SmsEvent {
        ts: at + 300_000,
        sender: Some("1414".into()),
        body: Some("Код для входа на портал eGov: 4821. Никому не сообщайте этот код.".into()),
        sent_ts: None,
    });
    guard
        .handle(code)
        .map(|v| v.level)
        .unwrap_or(smsguard_core::Level::None)
}

/// How wrong one timestamp may be: from just past the tolerance to years, either way.
fn wrong_offset() -> impl Strategy<Value = i64> {
    let tolerance = smsguard_core::TIME_TOLERANCE_MS;
    prop_oneof![
        3 => (tolerance + 1)..(3 * 24 * 3_600_000),
        1 => (3 * 24 * 3_600_000i64)..(5 * 365 * 24 * 3_600_000),
        3 => (-3 * 24 * 3_600_000i64)..(-tolerance - 1),
        1 => Just(-5 * 365 * 24 * 3_600_000i64),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, max_shrink_iters: 128, ..ProptestConfig::default() })]

    /// Any single event stamped far in the future or the past — a call, a code, any SMS, even
    /// from the scammer's own number — never lowers the level of a scam that comes after it,
    /// kept in memory or on disk across a restart right after the wrong event.
    #[test]
    fn one_wrong_timestamp_never_lowers_a_later_scam(
        events in timeline(0..30),
        wrong in (step().prop_filter("calls and SMS", |s| !matches!(s, Step::Report { .. })), wrong_offset(), any::<bool>()),
        position in any::<prop::sample::Index>(),
        gap in 1_000i64..7_200_000,
        ended_before_code in any::<bool>(),
        restart in any::<bool>(),
    ) {
        let (wrong_step, offset, scammer) = wrong;
        let wrong_step = match (wrong_step, scammer) {
            (Step::Call { phase, direction, channel, .. }, true) => Step::Call {
                phase, number: Some("+77015550999"), direction, contact: false, channel,
            },
            (s, _) => s,
        };
        let end = events.last().map_or(BASE_TS, Event::ts);
        let scam_at = end + gap;

        let clean = Guard::in_memory(pack()).expect("guard");
        for e in &events {
            let _ = clean.handle(e.clone());
        }
        let want = scam_level(&clean, scam_at, ended_before_code);

        let dir = state_dir();
        let mut guard = Some(Guard::open(dir.path(), pack()).expect("open"));
        let at = position.index(events.len() + 1);
        let near = events.get(at).or(events.last()).map_or(BASE_TS, Event::ts);
        let mut with_wrong = events.clone();
        with_wrong.insert(at, event(&wrong_step, near.saturating_add(offset)));
        for (i, e) in with_wrong.into_iter().enumerate() {
            let g = guard.as_ref().expect("open");
            let _ = g.handle(e);
            if restart && i == at {
                drop(guard.take());
                guard = Some(Guard::open(dir.path(), pack()).expect("reopen"));
            }
        }
        let got = scam_level(guard.as_ref().expect("open"), scam_at, ended_before_code);
        prop_assert!(got >= want, "the scam warned {:?} after one wrong timestamp, {:?} without it", got, want);
    }
}

/// Cases of the clock properties below: `PROPTEST_CASES` when set (to search harder), else 48.
fn clock_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: clock_cases(), max_shrink_iters: 256, ..ProptestConfig::default() })]

    /// The phone's clock is off by one amount (minutes past the tolerance to years, either way)
    /// for a stretch of the timeline — corrected afterwards, or still off at the end — and the
    /// app restarts at any point, opening the guard with the clock as it is then
    /// ([`Guard::open_at`]). A later scam never warns lower than both the same events with a
    /// right clock and the same wrong stamps without the restart. (Not lower than the latter
    /// alone would be wrong: without a restart a record stamped ahead counts as "just now"
    /// until the clock reaches it, which a right clock does not give either.)
    ///
    /// Not covered: a restart while the clock is behind, corrected before the scam. The records
    /// are then moved back to the wrong clock, and after the correction they are older than they
    /// were (README, "Time"): nothing in the stamps tells that clock from a right one.
    #[test]
    fn a_restart_with_the_clock_never_lowers_a_later_scam(
        events in timeline(0..30),
        offset in wrong_offset(),
        stretch in (any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()),
        restart in any::<prop::sample::Index>(),
        gap in 1_000i64..7_200_000,
        ended_before_code in any::<bool>(),
    ) {
        let len = events.len();
        let (from, to, to_the_end) = stretch;
        let from = from.index(len + 1);
        let to = if to_the_end { len + 1 } else { from + to.index(len + 1 - from) };
        // The clock's error at event `i` (`len`: the scam after the timeline).
        let off = |i: usize| if (from..to).contains(&i) { offset } else { 0 };
        let stamped = |e: &Event, i: usize| {
            let mut e = e.clone();
            let ts = e.ts().saturating_add(off(i));
            match &mut e {
                Event::Call(c) => c.ts = ts,
                Event::Sms(s) => s.ts = ts,
                Event::Report(r) => r.ts = ts,
            }
            e
        };
        let end = events.last().map_or(BASE_TS, Event::ts);
        let scam_at = end + gap;

        let clean = Guard::in_memory(pack()).expect("guard");
        for e in &events {
            let _ = clean.handle(e.clone());
        }
        let truth = scam_level(&clean, scam_at, ended_before_code);

        let kept = Guard::in_memory(pack()).expect("guard");
        for (i, e) in events.iter().enumerate() {
            let _ = kept.handle(stamped(e, i));
        }
        let without_restart = scam_level(&kept, scam_at + off(len), ended_before_code);

        let dir = state_dir();
        let mut guard = Some(Guard::open(dir.path(), pack()).expect("open"));
        let at = restart.index(len + 1);
        prop_assume!(off(at) == 0 || off(len) == offset);
        for (i, e) in events.iter().enumerate() {
            if i == at {
                drop(guard.take());
                let clock = e.ts().saturating_add(off(i));
                guard = Some(Guard::open_at(dir.path(), pack(), clock).expect("reopen"));
            }
            let _ = guard.as_ref().expect("open").handle(stamped(e, i));
        }
        if at == len {
            drop(guard.take());
            let clock = scam_at.saturating_add(off(len));
            guard = Some(Guard::open_at(dir.path(), pack(), clock).expect("reopen"));
        }
        let got = scam_level(guard.as_ref().expect("open"), scam_at + off(len), ended_before_code);
        prop_assert!(got >= truth.min(without_restart),
            "after a restart the scam warned {:?}; with a right clock {:?}, without the restart {:?}",
            got, truth, without_restart);
    }
}
