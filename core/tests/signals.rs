//! The signals a phone gives only partly, through the guard as the shell feeds it (replay JSON
//! lines, the same the bridge takes): a code whose sender and text Android hid, an SMS that
//! arrives hours after it was sent, the same SMS seen twice, callers Android did not identify,
//! and the verdict fields the screen reads without re-deriving anything.

use serde_json::{json, Value};
use smsguard_core::{Guard, RulePack};

const T: i64 = 1_764_064_800_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;

const STRANGER: &str = "+77015550142";
const EGOV: &str = "Код для входа на портал eGov: 4821. Никому не сообщайте этот код.";
const KASPI: &str = "Kaspi.kz: код для входа 7712. Никому не говорите код, даже сотрудникам банка.";

fn guard() -> Guard {
    Guard::in_memory(RulePack::embedded()).expect("the embedded pack loads")
}

fn handle(guard: &Guard, event: Value) -> Value {
    let verdict = guard
        .handle_json(&event.to_string())
        .expect("a valid event");
    serde_json::from_str(&verdict.to_json()).expect("the verdict is JSON")
}

fn call(guard: &Guard, ts: i64, phase: &str, number: Option<&str>, contact: Value) -> Value {
    handle(
        guard,
        json!({"ts": ts, "kind": "call", "phase": phase, "number": number,
               "direction": "incoming", "contact": contact}),
    )
}

/// A stranger's cellular call, answered at T + 5 s.
fn strangers_call(guard: &Guard) {
    call(guard, T, "start", Some(STRANGER), json!(false));
    call(guard, T + 5_000, "answered", Some(STRANGER), json!(false));
}

/// A code the SMS app's redacted notification showed: no sender, no text.
fn hidden_code(guard: &Guard, ts: i64) -> Value {
    handle(
        guard,
        json!({"ts": ts, "kind": "sms", "sender": null, "body": null}),
    )
}

fn sms(guard: &Guard, ts: i64, sender: &str, body: &str, sent: Option<i64>) -> Value {
    handle(
        guard,
        json!({"ts": ts, "kind": "sms", "sender": sender, "body": body, "sent_ts": sent}),
    )
}

fn reasons(v: &Value) -> Vec<&str> {
    v["reasons"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// A hidden code during a stranger's call is a code like any other: high, in all three
/// languages, and its words name no sender (there is none to name).
#[test]
fn a_hidden_code_warns_like_any_code_without_naming_a_sender() {
    let g = guard();
    strangers_call(&g);
    let v = hidden_code(&g, T + MIN);
    assert_eq!(v["level"], "high", "{v}");
    assert!(reasons(&v).contains(&"window:connected"), "{v}");
    assert_eq!(v["otp"]["is_otp"], true);
    assert!(v["otp"]["reasons"].to_string().contains("body_hidden"));
    let pack: Value = serde_json::from_str(include_str!("../../rules/warnings.json")).unwrap();
    for lang in ["kk", "ru", "en"] {
        let text = v["warning"][lang].as_str().unwrap();
        let unlocks = pack["unlocks_unknown_sender"][lang].as_str().unwrap();
        assert!(text.contains(unlocks), "{lang}: {text}");
        assert!(
            !text.contains("  ") && !text.contains("{"),
            "{lang}: {text}"
        );
        assert_eq!(
            v["warning"]["level_name"][lang],
            pack["level_name"]["high"][lang]
        );
    }
    // Ringing and after the call: the same windows as any code.
    let g = guard();
    call(&g, T, "start", Some(STRANGER), json!(false));
    assert_eq!(hidden_code(&g, T + 2_000)["level"], "medium");
    call(&g, T + 20_000, "ended", Some(STRANGER), json!(false));
    assert_eq!(hidden_code(&g, T + 11 * MIN)["level"], "none");
}

/// The notification and the SMS are one message, in whichever order they come: the person is
/// warned once, and a different code after them is still a second code.
#[test]
fn the_notification_and_the_sms_are_one_message_in_either_order() {
    for notification_first in [true, false] {
        let g = guard();
        strangers_call(&g);
        let (first, second) = if notification_first {
            let n = hidden_code(&g, T + MIN);
            (
                n,
                sms(&g, T + MIN + 2_000, "1414", EGOV, Some(T + MIN - 3_000)),
            )
        } else {
            let s = sms(&g, T + MIN, "1414", EGOV, Some(T + MIN - 3_000));
            (s, hidden_code(&g, T + MIN + 2_000))
        };
        assert_eq!(first["level"], "high", "{first}");
        assert_eq!(second["level"], "none", "{second}");
        assert!(reasons(&second).contains(&"same_sms"), "{second}");
        // Kaspi's code, by notification and SMS in the same order: another code in the call.
        let at = T + 3 * MIN;
        let (warned, quiet) = if notification_first {
            let n = hidden_code(&g, at);
            (n, sms(&g, at + 1_000, "Kaspi.kz", KASPI, None))
        } else {
            let s = sms(&g, at, "Kaspi.kz", KASPI, None);
            (s, hidden_code(&g, at + 1_000))
        };
        assert_eq!(warned["level"], "critical", "{warned}");
        assert_eq!(quiet["level"], "none", "{quiet}");
    }
}

/// Android 17 holds a code SMS back from apps that are not the SMS app for about 3 hours: the
/// notification warned at the time, and the SMS that comes hours later joins it silently, also
/// when the app was restarted in between.
#[test]
fn a_held_back_sms_joins_its_notification_hours_later_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let g = Guard::open(dir.path(), RulePack::embedded()).unwrap();
    strangers_call(&g);
    assert_eq!(hidden_code(&g, T + MIN)["level"], "high");
    call(&g, T + 4 * MIN, "ended", Some(STRANGER), json!(false));
    drop(g);
    let g = Guard::open(dir.path(), RulePack::embedded()).unwrap();
    // Three hours on, another stranger is calling when the held SMS finally arrives.
    let other = "+77017770000";
    call(&g, T + 3 * HOUR, "start", Some(other), json!(false));
    call(
        &g,
        T + 3 * HOUR + 5_000,
        "answered",
        Some(other),
        json!(false),
    );
    let v = sms(&g, T + 3 * HOUR + MIN, "1414", EGOV, Some(T + MIN - 2_000));
    assert_eq!(v["level"], "none", "{v}");
    assert!(reasons(&v).contains(&"same_sms"), "{v}");
    drop(g);
    // Joined on disk: the same SMS delivered again (a duplicate) finds nothing left to join.
    let g = Guard::open(dir.path(), RulePack::embedded()).unwrap();
    let again = sms(
        &g,
        T + 3 * HOUR + 2 * MIN,
        "1414",
        EGOV,
        Some(T + MIN - 2_000),
    );
    assert!(!reasons(&again).contains(&"same_sms"), "{again}");
}

/// Without its notification, an SMS received more than 30 minutes after it was sent is too
/// late for a live warning: at most low whoever calls now, and no "second code" either.
#[test]
fn a_late_sms_warns_at_most_low_and_is_no_second_code() {
    let g = guard();
    strangers_call(&g);
    let v = sms(&g, T + MIN, "1414", EGOV, Some(T + MIN - 3 * HOUR));
    assert_eq!(v["level"], "low", "{v}");
    for r in ["time:late_sms", "capped:late_sms", "window:connected"] {
        assert!(reasons(&v).contains(&r), "{r}: {v}");
    }
    let pack: Value = serde_json::from_str(include_str!("../../rules/warnings.json")).unwrap();
    let late = pack["situation"]["late"]["en"].as_str().unwrap();
    assert!(
        v["warning"]["en"].as_str().unwrap().starts_with(late),
        "{v}"
    );
    // The real code of this call, a minute later: high, not critical.
    let v = sms(
        &g,
        T + 2 * MIN,
        "Kaspi.kz",
        KASPI,
        Some(T + 2 * MIN - 4_000),
    );
    assert_eq!(v["level"], "high", "{v}");
}

/// Up to 30 minutes of delay (a slow network, a phone out of coverage) the SMS is judged as it
/// arrives; one minute more and it is late.
#[test]
fn the_thirty_minute_edge() {
    for (delay_s, level) in [(1800, "high"), (1801, "low")] {
        let g = guard();
        strangers_call(&g);
        let at = T + MIN;
        let v = sms(&g, at, "1414", EGOV, Some(at - delay_s * 1000));
        assert_eq!(v["level"], level, "{delay_s} s: {v}");
    }
    // An SMS centre clock ahead of the phone's is no delay at all.
    let g = guard();
    strangers_call(&g);
    assert_eq!(
        sms(&g, T + MIN, "1414", EGOV, Some(T + MIN + HOUR))["level"],
        "high"
    );
}

/// `"contact": null`: Android did not say who is calling. Its own column, at most medium, with
/// its own sentence; a reported number is reported whatever the contact state.
#[test]
fn identity_unknown_warns_medium_and_says_why() {
    let g = guard();
    call(&g, T, "start", None, Value::Null);
    call(&g, T + 5_000, "answered", None, Value::Null);
    let v = sms(&g, T + MIN, "1414", EGOV, None);
    assert_eq!(v["level"], "medium", "{v}");
    assert!(reasons(&v).contains(&"caller:identity_unknown"), "{v}");
    assert!(v["caller"].is_null());
    let pack: Value = serde_json::from_str(include_str!("../../rules/warnings.json")).unwrap();
    let said = pack["caller"]["identity_unknown"]["ru"]
        .as_str()
        .unwrap()
        .replace("{channel}", "телефонный звонок");
    assert!(v["warning"]["ru"].as_str().unwrap().contains(&said), "{v}");

    let g = guard();
    g.add_report(STRANGER, Some("courier"), T - HOUR).unwrap();
    let start = call(&g, T, "start", Some(STRANGER), Value::Null);
    assert_eq!(start["caller_reported"], true, "{start}");
    call(&g, T + 5_000, "answered", Some(STRANGER), Value::Null);
    assert_eq!(sms(&g, T + MIN, "1414", EGOV, None)["level"], "critical");
}

/// What the screen shows comes in the verdict: the call's channel, whether its number is
/// reported, the level's name; a hidden number gives no caller to show or report.
#[test]
fn the_verdict_carries_channel_reported_and_level_name() {
    let g = guard();
    let v = handle(
        &g,
        json!({"ts": T, "kind": "call", "phase": "start", "number": null,
               "direction": "incoming", "contact": false, "channel": "telegram"}),
    );
    assert_eq!(
        (v["channel"].as_str(), v["caller_reported"].as_bool()),
        (Some("telegram"), Some(false))
    );
    handle(
        &g,
        json!({"ts": T + 5_000, "kind": "call", "phase": "answered", "number": null,
               "direction": "incoming", "contact": false, "channel": "telegram"}),
    );
    let v = sms(&g, T + MIN, "1414", EGOV, None);
    assert_eq!(v["level"], "high");
    assert_eq!(v["channel"], "telegram");
    assert_eq!(v["caller_reported"], false);
    assert!(v["caller"].is_null(), "{v}");
    assert_eq!(v["warning"]["level_name"]["en"], "Danger");

    // A quiet SMS names no call.
    let v = sms(&guard(), T, "1414", EGOV, None);
    assert!(
        v["channel"].is_null() && v["caller_reported"] == false,
        "{v}"
    );
}

/// A `sent_ts` that cannot be an SMS centre's time of this message — 0 (what Java holds when
/// the PDU had no stamp), negative, or further back than an SMS centre keeps a message (63
/// weeks) — is unknown, so the code is judged at its arrival: it made a code read out during a
/// stranger's call "late" and capped it at low (found replaying `"sent_ts": 0`). A real delay
/// past 30 minutes is still capped, and no stamp breaks the arithmetic.
#[test]
fn an_impossible_sending_time_is_unknown_not_late() {
    const DAY: i64 = 24 * HOUR;
    let at = T + MIN;
    let bodies = [
        ("1414", EGOV),
        ("Kaspi.kz", KASPI),
        (
            "1414",
            "eGov порталына кіру коды: 4821. Кодты ешкімге айтпаңыз.",
        ),
        (
            "1414",
            "Your eGov sign-in code is 4821. Do not share it with anyone.",
        ),
    ];
    for (sender, body) in bodies {
        for sent in [0, -1, -3 * HOUR, i64::MIN, at - 442 * DAY] {
            let g = guard();
            strangers_call(&g);
            let v = sms(&g, at, sender, body, Some(sent));
            assert_eq!(v["level"], "high", "sent_ts {sent}, {body}: {v}");
            assert!(!reasons(&v).contains(&"time:late_sms"), "{sent}: {v}");
        }
        for sent in [at - 3 * HOUR, at - 5 * DAY, at - 440 * DAY] {
            let g = guard();
            strangers_call(&g);
            let v = sms(&g, at, sender, body, Some(sent));
            assert_eq!(v["level"], "low", "sent_ts {sent}: {v}");
            assert!(reasons(&v).contains(&"time:late_sms"), "{sent}: {v}");
        }
        let g = guard();
        strangers_call(&g);
        let v = sms(&g, at, sender, body, Some(i64::MAX));
        assert_eq!(v["level"], "high", "a stamp in the future is not late: {v}");
    }
}

/// A call line whose `direction` is null or missing (a script, or Java writing null for "not
/// known") was refused — the call was lost, and the code during it did not warn (found
/// replaying `"direction": null`). It is read as incoming, the cautious reading, as a null
/// `contact` or `channel` already is.
#[test]
fn a_call_without_a_direction_is_incoming_and_its_code_warns() {
    for direction in [Some(Value::Null), None] {
        for (sender, body) in [
            ("1414", EGOV),
            ("Kaspi.kz", KASPI),
            (
                "1414",
                "eGov порталына кіру коды: 4821. Кодты ешкімге айтпаңыз.",
            ),
            (
                "1414",
                "Your eGov sign-in code is 4821. Do not share it with anyone.",
            ),
        ] {
            let g = guard();
            for (ts, phase) in [(T, "start"), (T + 5_000, "answered")] {
                let mut event = json!({"ts": ts, "kind": "call", "phase": phase,
                                       "number": STRANGER, "contact": false});
                if let Some(d) = &direction {
                    event["direction"] = d.clone();
                }
                let v = g.handle_json(&event.to_string());
                assert!(v.is_ok(), "{event}: {v:?}");
            }
            let v = sms(&g, T + MIN, sender, body, None);
            assert_eq!(v["level"], "high", "{direction:?} {body}: {v}");
            assert!(reasons(&v).contains(&"direction:incoming"), "{v}");
        }
    }
}
