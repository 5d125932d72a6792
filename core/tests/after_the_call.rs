//! What the guard says after the code moment itself: the second stage while a later stranger's
//! call rings (beyond the timeline corpus: call waiting, the caller's own call, reports made in
//! between), the question after a stranger's call (`ask_report`), and the message for the
//! person's trusted contact (`warning.trusted`). None of them ever holds the code.

use smsguard_core::{
    CallEvent, CallPhase, Channel, Direction, Event, Guard, Level, RulePack, SmsEvent, Verdict,
};

const T: i64 = 1_764_064_800_000;
const S: i64 = 1_000;
const MIN: i64 = 60 * S;
const HOUR: i64 = 60 * MIN;
const STRANGER: &str = "+77015550142";
const SECOND: &str = "+77475550202";
const EGOV_4821: &str = "Код для входа на портал eGov: 4821. Никому не сообщайте этот код.";
const KASPI_7712: &str = "Kaspi.kz: код для входа 7712. Никому не говорите код.";
const PARCEL_3390: &str = "Kazpost: код для получения посылки 3390. Назовите его курьеру.";

fn guard() -> Guard {
    Guard::in_memory(RulePack::embedded()).expect("guard")
}

fn call_with(
    ts: i64,
    phase: CallPhase,
    number: Option<&str>,
    direction: Direction,
    contact: bool,
) -> Event {
    Event::Call(CallEvent {
        ts,
        phase,
        number: number.map(str::to_string),
        direction,
        contact: Some(contact),
        channel: Channel::Cellular,
    })
}

fn call(ts: i64, phase: CallPhase, number: &str) -> Event {
    call_with(ts, phase, Some(number), Direction::Incoming, false)
}

fn sms(ts: i64, sender: &str, body: &str) -> Event {
    Event::Sms(SmsEvent {
        ts,
        sender: Some(sender.into()),
        body: Some(body.into()),
        sent_ts: None,
    })
}

fn handle(g: &Guard, e: Event) -> Verdict {
    g.handle(e).expect("handled")
}

// --- The second stage ----------------------------------------------------------------------

/// A second call waiting while the first stranger talks: it rang before the code (nothing to
/// say then), and is answered after it — the follow-up, high.
#[test]
fn a_waiting_call_answered_after_the_risky_code_is_the_second_stage() {
    let g = guard();
    handle(&g, call(T, CallPhase::Start, STRANGER));
    handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
    let v = handle(&g, call(T + 30 * S, CallPhase::Start, SECOND));
    assert_eq!(v.level, Level::None, "no risky moment yet: {:?}", v.reasons);
    assert_eq!(
        handle(&g, sms(T + MIN, "1414", EGOV_4821)).level,
        Level::High
    );
    handle(&g, call(T + 2 * MIN, CallPhase::Ended, STRANGER));
    let v = handle(&g, call(T + 2 * MIN + S, CallPhase::Answered, SECOND));
    assert_eq!(v.level, Level::High, "{:?}", v.reasons);
    assert_eq!(
        v.caller.as_deref(),
        Some(SECOND),
        "the number to report is this call's"
    );
    assert_eq!(v.about_ts, Some(T + MIN), "about the earlier code");
}

/// The caller whose call carried the risky code is not their own second stage; a report of the
/// first caller made after the code raises the next stranger's call to high.
#[test]
fn the_earlier_callers_report_counts_when_the_next_call_rings() {
    let g = guard();
    handle(&g, call(T, CallPhase::Start, STRANGER));
    handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
    handle(&g, sms(T + MIN, "1414", EGOV_4821));
    let v = handle(&g, sms(T + 2 * MIN, "Kaspi.kz", KASPI_7712));
    assert_eq!(v.level, Level::Critical, "a second code in the same call");
    let v = handle(&g, call(T + 3 * MIN, CallPhase::Ended, STRANGER));
    assert_eq!(v.level, Level::None, "{:?}", v.reasons);

    let v = handle(&g, call(T + HOUR, CallPhase::Start, SECOND));
    assert_eq!(v.level, Level::Medium);
    handle(&g, call(T + HOUR + 10 * S, CallPhase::Ended, SECOND));
    g.add_report(STRANGER, Some("asked for the code"), T + 2 * HOUR)
        .expect("report");
    let v = handle(&g, call(T + 3 * HOUR, CallPhase::Start, "+77475550203"));
    assert_eq!(v.level, Level::High, "{:?}", v.reasons);
    assert!(
        v.reasons.iter().any(|r| r == "earlier_caller:reported"),
        "{:?}",
        v.reasons
    );
}

/// The second stage's words: its own headline (not the level's, which speaks of a code), what
/// happened earlier, who calls now, and the advice about money and loans; in three languages.
#[test]
fn the_second_stage_speaks_of_the_follow_up_not_of_a_code() {
    let g = guard();
    handle(&g, call(T, CallPhase::Start, STRANGER));
    handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
    let code = handle(&g, sms(T + MIN, "1414", EGOV_4821));
    let v = handle(&g, call(T + HOUR, CallPhase::Start, SECOND));
    let (w, first) = (
        v.warning.expect("a warning"),
        code.warning.expect("a warning"),
    );
    assert_ne!(w.headline, first.headline);
    assert!(w.en.contains("loan") && w.en.contains("police"), "{}", w.en);
    assert!(w.ru.contains("кредит"), "{}", w.ru);
    assert!(w.kk.contains("несие"), "{}", w.kk);
    assert!(
        w.en.contains("not in your contacts"),
        "who calls now: {}",
        w.en
    );
    assert_eq!(w.hold_s, 0, "medium holds nothing");
}

// --- The question after a stranger's call ------------------------------------------------

/// `ask_report` on the end of each call: only an answered stranger's call with a code during
/// it asks, with the number and the note in three languages, never the code.
#[test]
fn the_end_of_a_strangers_call_with_a_code_asks_to_report_it() {
    struct Case {
        what: &'static str,
        number: Option<&'static str>,
        direction: Direction,
        contact: bool,
        answered: bool,
        /// (offset from the start, sender, body)
        code: Option<(i64, &'static str, &'static str)>,
        asks: bool,
    }
    let stranger = Case {
        what: "a stranger, a 1414 code during the call",
        number: Some(STRANGER),
        direction: Direction::Incoming,
        contact: false,
        answered: true,
        code: Some((MIN, "1414", EGOV_4821)),
        asks: true,
    };
    let cases = [
        Case {
            what: "a code while it still rang, then answered",
            code: Some((2 * S, "Kaspi.kz", KASPI_7712)),
            ..stranger
        },
        Case {
            what: "a contact",
            contact: true,
            asks: false,
            ..stranger
        },
        Case {
            what: "a hidden number (nothing to report)",
            number: None,
            asks: false,
            ..stranger
        },
        Case {
            what: "a missed call",
            answered: false,
            asks: false,
            ..stranger
        },
        Case {
            what: "the person's own call",
            direction: Direction::Outgoing,
            asks: false,
            ..stranger
        },
        Case {
            what: "no code",
            code: None,
            asks: false,
            ..stranger
        },
        Case {
            what: "only a parcel code (a real courier asks for that)",
            code: Some((MIN, "Kazpost", PARCEL_3390)),
            asks: false,
            ..stranger
        },
        Case {
            what: "a code after the call ended",
            code: Some((10 * MIN, "1414", EGOV_4821)),
            asks: false,
            ..stranger
        },
        stranger,
    ];
    for c in cases {
        let g = guard();
        let ev = |ts, phase| call_with(ts, phase, c.number, c.direction, c.contact);
        handle(&g, ev(T, CallPhase::Start));
        let mut codes = c.code.into_iter().peekable();
        if let Some(&(at, sender, body)) = codes.peek() {
            if at < 5 * S {
                handle(&g, sms(T + at, sender, body));
                codes.next();
            }
        }
        if c.answered {
            handle(&g, ev(T + 5 * S, CallPhase::Answered));
        }
        if let Some(&(at, sender, body)) = codes.peek() {
            if at < 2 * MIN {
                handle(&g, sms(T + at, sender, body));
                codes.next();
            }
        }
        let end = handle(&g, ev(T + 2 * MIN, CallPhase::Ended));
        for (at, sender, body) in codes {
            handle(&g, sms(T + at, sender, body));
        }
        assert_eq!(end.ask_report.is_some(), c.asks, "{}", c.what);
        let json: serde_json::Value = serde_json::from_str(&end.to_json()).expect("JSON");
        assert_eq!(json.get("ask_report").is_some(), c.asks, "{}", c.what);
        if let Some(ask) = end.ask_report {
            assert_eq!(ask.number, STRANGER, "{}", c.what);
            for note in [&ask.note.kk, &ask.note.ru, &ask.note.en] {
                assert!(
                    !note.contains("4821") && !note.contains("7712") && note.len() > 10,
                    "{}: {note}",
                    c.what
                );
            }
        }
    }
}

/// A number reported already is not asked about again; the note names the sender.
#[test]
fn a_reported_caller_is_not_asked_about_and_the_note_names_the_sender() {
    let g = guard();
    handle(&g, call(T, CallPhase::Start, STRANGER));
    handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
    handle(&g, sms(T + MIN, "1414", EGOV_4821));
    let ask = handle(&g, call(T + 2 * MIN, CallPhase::Ended, STRANGER))
        .ask_report
        .expect("asks");
    assert_eq!(
        ask.note.en,
        "Asked for a code from 1414 (eGov) during a call"
    );
    assert!(ask.note.ru.contains("1414") && ask.note.kk.contains("1414"));

    g.add_report(&ask.number, Some(&ask.note.en), T + 3 * MIN)
        .expect("the one tap");
    handle(&g, call(T + HOUR, CallPhase::Start, STRANGER));
    handle(&g, call(T + HOUR + 5 * S, CallPhase::Answered, STRANGER));
    handle(&g, sms(T + HOUR + MIN, "Kaspi.kz", KASPI_7712));
    let end = handle(&g, call(T + HOUR + 2 * MIN, CallPhase::Ended, STRANGER));
    assert!(end.ask_report.is_none(), "reported already");
    let note = g.reports()[0].note.clone();
    assert_eq!(note, "Asked for a code from 1414 (eGov) during a call");
}

// --- The trusted person's message -----------------------------------------------------------

/// High and critical warnings carry the message for the trusted contact, in three languages,
/// with `{name}` for the app and the sender filled in; lower ones carry none; it never holds
/// the code.
#[test]
fn high_and_critical_warnings_carry_the_trusted_message_without_the_code() {
    let g = guard();
    handle(&g, sms(T - 2 * MIN, "Kaspi.kz", KASPI_7712));
    let medium = handle(&g, call(T, CallPhase::Start, STRANGER));
    assert!(medium.warning.is_none(), "nothing yet");
    let answered = handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
    assert_eq!(answered.level, Level::Medium);
    assert!(answered.warning.expect("warning").trusted.is_none());

    let high = handle(&g, sms(T + MIN, "1414", EGOV_4821));
    assert_eq!(high.level, Level::High);
    let trusted = high.warning.expect("warning").trusted.expect("trusted");
    for (lang, text) in [
        ("kk", &trusted.kk),
        ("ru", &trusted.ru),
        ("en", &trusted.en),
    ] {
        assert!(text.contains("{name}"), "{lang}: {text}");
        assert!(text.contains("1414"), "{lang}: the sender: {text}");
        assert!(
            !text.contains("4821") && !text.contains("7712"),
            "{lang}: {text}"
        );
    }
    assert!(trusted.kk.chars().any(|c| "әғқңөұүһі".contains(c)));
    assert!(trusted.ru.contains("мошенник"));
    assert!(trusted.en.contains("scammer"));

    let critical = handle(&g, sms(T + 2 * MIN, "Kaspi.kz", KASPI_7712));
    assert_eq!(critical.level, Level::Critical);
    assert!(critical.warning.expect("warning").trusted.is_some());

    // A second stage at high (the earlier caller reported) has its own message.
    handle(&g, call(T + 3 * MIN, CallPhase::Ended, STRANGER));
    g.add_report(STRANGER, None, T + 4 * MIN).expect("report");
    let v = handle(&g, call(T + HOUR, CallPhase::Start, SECOND));
    assert_eq!(v.level, Level::High);
    let trusted = v.warning.expect("warning").trusted.expect("trusted");
    assert!(
        trusted.en.contains("{name}") && !trusted.en.contains("1414"),
        "{}",
        trusted.en
    );
}

/// A code whose sender Android hid (a redacted notification: no sender, no text) still gets the
/// trusted person's message and the question after the call, naming "an unknown sender" in a
/// sentence that reads right in each language — never an empty name or a `{sender}` left in.
#[test]
fn a_hidden_senders_code_is_named_as_an_unknown_sender() {
    let g = guard();
    handle(&g, call(T, CallPhase::Start, STRANGER));
    handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
    let hidden = Event::Sms(SmsEvent {
        ts: T + MIN,
        sender: None,
        body: None,
        sent_ts: None,
    });
    let v = handle(&g, hidden);
    assert!(v.level >= Level::High, "{:?}", v.reasons);
    let trusted = v.warning.expect("warning").trusted.expect("trusted");
    assert!(
        trusted.kk.contains("белгісіз жіберушінің коды"),
        "{}",
        trusted.kk
    );
    assert!(
        trusted.ru.contains("код от неизвестного отправителя"),
        "{}",
        trusted.ru
    );
    assert!(
        trusted.en.contains("a code from an unknown sender"),
        "{}",
        trusted.en
    );
    let ask = handle(&g, call(T + 2 * MIN, CallPhase::Ended, STRANGER))
        .ask_report
        .expect("asks");
    assert_eq!(
        ask.note.en,
        "Asked for a code from an unknown sender during a call"
    );
    assert_eq!(
        ask.note.ru,
        "Просил код от неизвестного отправителя во время звонка"
    );
    assert_eq!(
        ask.note.kk,
        "Қоңырау кезінде белгісіз жіберушінің кодын сұрады"
    );
    for text in [&trusted.kk, &trusted.ru, &trusted.en, &ask.note.en] {
        assert!(!text.contains("{sender}"), "{text}");
    }
}

/// A code held back for hours (Android 17's OTP hold, or a late network) that lands during a
/// stranger's call was sent before that call began: the caller cannot have asked for it, and the
/// person must not be asked to report them "for a code from 1414" (found replaying a 1414 SMS
/// with a `sent_ts` three hours back during a stranger's call: the warning was capped at low as
/// it should be, but the end of the call asked to report the caller). A code sent 30 minutes
/// before its arrival is no late code and still asks.
#[test]
fn a_late_code_during_a_call_does_not_ask_to_report_the_caller() {
    for (sender, body) in [
        ("1414", EGOV_4821),
        ("Kaspi.kz", KASPI_7712),
        (
            "1414",
            "eGov порталына кіру коды: 4821. Кодты ешкімге айтпаңыз.",
        ),
        (
            "1414",
            "Your eGov sign-in code is 4821. Do not share it with anyone.",
        ),
    ] {
        for (delay, asks) in [(3 * HOUR, false), (31 * MIN, false), (30 * MIN, true)] {
            let g = guard();
            handle(&g, call(T, CallPhase::Start, STRANGER));
            handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
            let at = T + MIN;
            let v = handle(
                &g,
                Event::Sms(SmsEvent {
                    ts: at,
                    sender: Some(sender.into()),
                    body: Some(body.into()),
                    sent_ts: Some(at - delay),
                }),
            );
            assert_eq!(v.level > Level::Low, asks, "{delay} ms late, {body}: {v:?}");
            let end = handle(&g, call(T + 2 * MIN, CallPhase::Ended, STRANGER));
            assert_eq!(
                end.ask_report.is_some(),
                asks,
                "{delay} ms late, {body}: {end:?}"
            );
        }
    }
}

/// The clock set back after the risky code (a network time correction, a person fixing a clock
/// that ran ahead): the next stranger's call is stamped before the code, yet it was handled
/// after it, so it is the second stage all the same — it was let through silently because its
/// stamp came first (found replaying a ring stamped two hours before the code that preceded
/// it). Every risky moment the guard holds was handled before the call at hand; the window
/// still bounds how far apart the stamps may be.
#[test]
fn a_clock_set_back_after_the_code_still_flags_the_next_strangers_call() {
    for (sender, body) in [
        ("1414", EGOV_4821),
        ("Kaspi.kz", KASPI_7712),
        (
            "1414",
            "eGov порталына кіру коды: 4821. Кодты ешкімге айтпаңыз.",
        ),
        (
            "1414",
            "Your eGov sign-in code is 4821. Do not share it with anyone.",
        ),
    ] {
        for back in [MIN, 2 * HOUR, 20 * HOUR] {
            let g = guard();
            handle(&g, call(T, CallPhase::Start, STRANGER));
            handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
            assert_eq!(handle(&g, sms(T + MIN, sender, body)).level, Level::High);
            handle(&g, call(T + 2 * MIN, CallPhase::Ended, STRANGER));
            // The clock goes back by `back`; ten minutes later a new stranger rings.
            let ring = T + 12 * MIN - back;
            let v = handle(&g, call(ring, CallPhase::Start, SECOND));
            assert_eq!(
                v.level,
                Level::Medium,
                "{back} ms back, {body}: {:?}",
                v.reasons
            );
            let v = handle(&g, call(ring + 5 * S, CallPhase::Answered, SECOND));
            assert_eq!(v.level, Level::High, "{back} ms back: {:?}", v.reasons);
        }
        // Beyond the window either way: nothing.
        let g = guard();
        handle(&g, call(T, CallPhase::Start, STRANGER));
        handle(&g, call(T + 5 * S, CallPhase::Answered, STRANGER));
        handle(&g, sms(T + MIN, sender, body));
        let v = handle(&g, call(T + MIN - 25 * HOUR, CallPhase::Start, SECOND));
        assert_eq!(v.level, Level::None, "{:?}", v.reasons);
    }
}
