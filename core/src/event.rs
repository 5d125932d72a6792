//! What the guard is fed: calls, SMS and reports, as Android (or a replay file) gives them.

use std::str::FromStr;

use serde::Deserialize;

use crate::types::Channel;

/// One event, stamped in milliseconds since the epoch.
///
/// The JSON form is the `smsguard replay` line: `{"ts": …, "kind": "call" | "sms" |
/// "report", …}`; fields it does not know are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Event {
    Call(CallEvent),
    Sms(SmsEvent),
    Report(ReportEvent),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CallEvent {
    pub ts: i64,
    pub phase: CallPhase,
    /// Missing for hidden numbers and some messenger calls.
    #[serde(default)]
    pub number: Option<String>,
    /// Missing or null: incoming, the cautious reading (outgoing calls warn less); refusing the
    /// event lost the call and the warning for the code during it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub direction: Direction,
    /// Whether the caller is in the person's contacts; `None` (JSON `null`) when Android did not
    /// say: "identity unknown" (no call-screening role, Android 9 without READ_CALL_LOG). A
    /// missing field is `Some(false)`.
    #[serde(default = "not_a_contact")]
    pub contact: Option<bool>,
    /// Missing or null: cellular.
    #[serde(default = "cellular", deserialize_with = "null_as_cellular")]
    pub channel: Channel,
}

fn not_a_contact() -> Option<bool> {
    Some(false)
}

fn cellular() -> Channel {
    Channel::Cellular
}

/// JSON null as the field's default, as a missing field is: Java and scripts write null for
/// "not known", and refusing the event for it lost the call and the warning after it. Only
/// for fields whose default is the cautious reading (not a contact, not a removal).
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

fn null_as_cellular<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Channel, D::Error> {
    Option::<Channel>::deserialize(d).map(|c| c.unwrap_or(Channel::Cellular))
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SmsEvent {
    pub ts: i64,
    /// `None` together with a `None` body: the person's SMS app showed a message Android judged
    /// to hold a one-time code and hid both its sender and its text (a redacted notification).
    #[serde(default)]
    pub sender: Option<String>,
    /// Missing when Android hid the text of a one-time code.
    #[serde(default)]
    pub body: Option<String>,
    /// When the SMS centre took the message in (`SmsMessage.getTimestampMillis()`), in
    /// milliseconds since the epoch; `None` when unknown. Far behind `ts`, the SMS was held back
    /// (Android 17's OTP hold) or delivered late, and is too late for a live warning.
    #[serde(default)]
    pub sent_ts: Option<i64>,
}

/// The person marks a number as a scammer, or takes that back.
/// The longest an SMS centre keeps a message for delivery, in milliseconds: 63 weeks, the
/// largest relative validity period (3GPP TS 23.040 §9.2.3.12.1, TP-VP 255).
const MAX_SMS_CENTRE_HOLD_MS: i64 = 63 * 7 * 24 * 3600 * 1000;

impl SmsEvent {
    /// [`Self::sent_ts`] when it can be the SMS centre's time of this message: not 0 or below
    /// (Java's "no stamp") and not further before [`Self::ts`] than an SMS centre keeps a
    /// message. Any other stamp is unknown, so the SMS is judged at its arrival: taken as a
    /// delay, it capped a code read out during a stranger's call at `low`.
    pub fn known_sent_ts(&self) -> Option<i64> {
        self.sent_ts
            .filter(|&sent| sent > 0 && self.ts.saturating_sub(sent) <= MAX_SMS_CENTRE_HOLD_MS)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReportEvent {
    pub ts: i64,
    pub number: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub remove: bool,
}

impl Event {
    pub fn ts(&self) -> i64 {
        match self {
            Event::Call(c) => c.ts,
            Event::Sms(s) => s.ts,
            Event::Report(r) => r.ts,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallPhase {
    /// Ringing for an incoming call, dialling for an outgoing one.
    Start,
    Answered,
    /// Hung up; an `ended` without `answered` is a missed or declined call.
    Ended,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The default where a replay line does not say: the cautious reading.
    #[default]
    Incoming,
    Outgoing,
}

/// A word that is not one of the allowed values, for the bridge's string arguments.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {what}; expected one of: {allowed}")]
pub struct BadWord {
    pub what: &'static str,
    pub value: String,
    pub allowed: &'static str,
}

/// The words of an enum, once: parsing them (for the bridge) and naming them (for reasons).
macro_rules! from_word {
    ($ty:ty, $what:literal, $allowed:literal, { $($word:literal => $val:path),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($val => $word,)+
                }
            }
        }

        impl FromStr for $ty {
            type Err = BadWord;
            fn from_str(s: &str) -> Result<Self, BadWord> {
                match s {
                    $($word => Ok($val),)+
                    _ => Err(BadWord { what: $what, value: s.chars().take(32).collect(), allowed: $allowed }),
                }
            }
        }
    };
}

from_word!(CallPhase, "call phase", "start, answered, ended", {
    "start" => CallPhase::Start, "answered" => CallPhase::Answered, "ended" => CallPhase::Ended,
});
from_word!(Direction, "call direction", "incoming, outgoing", {
    "incoming" => Direction::Incoming, "outgoing" => Direction::Outgoing,
});
/// The bridge's word for [`CallEvent::contact`]: `yes`, `no` or `unknown`.
pub fn contact_from_word(word: &str) -> Result<Option<bool>, BadWord> {
    match word {
        "yes" => Ok(Some(true)),
        "no" => Ok(Some(false)),
        "unknown" => Ok(None),
        _ => Err(BadWord {
            what: "contact",
            value: word.chars().take(32).collect(),
            allowed: "yes, no, unknown",
        }),
    }
}

from_word!(Channel, "call channel", "cellular, whatsapp, telegram, other", {
    "cellular" => Channel::Cellular, "whatsapp" => Channel::Whatsapp,
    "telegram" => Channel::Telegram, "other" => Channel::Other,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_lines_parse_and_ignore_extra_fields() {
        let e: Event = serde_json::from_str(
            r#"{"ts": 5, "kind": "call", "phase": "start", "number": null, "direction": "incoming", "contact": false, "channel": "whatsapp", "expect": "none"}"#,
        )
        .unwrap();
        assert_eq!(
            e,
            Event::Call(CallEvent {
                ts: 5,
                phase: CallPhase::Start,
                number: None,
                direction: Direction::Incoming,
                contact: Some(false),
                channel: Channel::Whatsapp
            })
        );
        let e: Event =
            serde_json::from_str(r#"{"ts": 6, "kind": "sms", "sender": "1414", "body": null}"#)
                .unwrap();
        assert_eq!(e.ts(), 6);
    }

    /// `contact`: true, false, null (identity unknown), or missing (not a contact).
    #[test]
    fn contact_is_three_valued_and_defaults_to_not_a_contact() {
        let call = |contact: &str| -> Option<bool> {
            let line = format!(
                r#"{{"ts": 1, "kind": "call", "phase": "start", "number": "+77015550101", "direction": "incoming"{contact}}}"#
            );
            match serde_json::from_str::<Event>(&line).unwrap() {
                Event::Call(c) => c.contact,
                e => panic!("{e:?}"),
            }
        };
        assert_eq!(call(r#", "contact": true"#), Some(true));
        assert_eq!(call(r#", "contact": false"#), Some(false));
        assert_eq!(call(r#", "contact": null"#), None);
        assert_eq!(call(""), Some(false));
        assert_eq!(contact_from_word("unknown"), Ok(None));
        assert_eq!(contact_from_word("yes"), Ok(Some(true)));
        let e = contact_from_word("maybe").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`maybe` is not a valid contact; expected one of: yes, no, unknown"
        );
    }

    /// A redacted notification's code: no sender, no text; and the SMS centre's time.
    #[test]
    fn sms_sender_may_be_null_and_sent_ts_is_optional() {
        let e: Event =
            serde_json::from_str(r#"{"ts": 9, "kind": "sms", "sender": null, "body": null}"#)
                .unwrap();
        assert_eq!(
            e,
            Event::Sms(SmsEvent {
                ts: 9,
                sender: None,
                body: None,
                sent_ts: None
            })
        );
        let e: Event = serde_json::from_str(
            r#"{"ts": 10800000, "kind": "sms", "sender": "1414", "body": "x", "sent_ts": 0}"#,
        )
        .unwrap();
        let Event::Sms(s) = e else { panic!() };
        assert_eq!((s.sender.as_deref(), s.sent_ts), (Some("1414"), Some(0)));
        let e = serde_json::from_str::<Event>(r#"{"ts": 1, "kind": "sms", "sent_ts": "soon"}"#)
            .unwrap_err();
        assert!(e.to_string().contains("invalid type"), "{e}");
    }

    /// Null where a field has a cautious default, and a channel this build does not know,
    /// cost the whole event before: a stranger's call was lost, and the code during it got
    /// no warning. (A null `contact` is "identity unknown", above.)
    #[test]
    fn nulls_and_unknown_channels_read_as_the_cautious_default() {
        let e: Event = serde_json::from_str(
            r#"{"ts": 5, "kind": "call", "phase": "answered", "number": "+77015550142", "direction": "incoming", "contact": null, "channel": null}"#,
        )
        .unwrap();
        let Event::Call(c) = e else { panic!("{e:?}") };
        assert_eq!((c.contact, c.channel), (None, Channel::Cellular));
        for channel in ["viber", "signal", "IMO", ""] {
            let line = format!(
                r#"{{"ts": 5, "kind": "call", "phase": "start", "direction": "incoming", "channel": "{channel}"}}"#
            );
            let e: Event = serde_json::from_str(&line).unwrap();
            assert!(
                matches!(
                    e,
                    Event::Call(CallEvent {
                        channel: Channel::Other,
                        ..
                    })
                ),
                "{channel}: {e:?}"
            );
        }
        let e: Event = serde_json::from_str(
            r#"{"ts": 5, "kind": "report", "number": "+77015550142", "note": null, "remove": null}"#,
        )
        .unwrap();
        assert!(matches!(
            e,
            Event::Report(ReportEvent { remove: false, .. })
        ));
        // A null direction is incoming: more of the policy warns for it than for outgoing.
        let e: Event = serde_json::from_str(
            r#"{"ts": 5, "kind": "call", "phase": "start", "direction": null}"#,
        )
        .unwrap();
        assert!(matches!(
            e,
            Event::Call(CallEvent {
                direction: Direction::Incoming,
                ..
            })
        ));
        // What has no cautious default stays an error.
        for line in [
            r#"{"ts": null, "kind": "sms", "sender": "1414"}"#,
            r#"{"ts": 5, "kind": "call", "phase": null, "direction": "incoming"}"#,
        ] {
            assert!(serde_json::from_str::<Event>(line).is_err(), "{line}");
        }
    }

    #[test]
    fn bad_words_say_what_is_allowed() {
        let e = "ringing".parse::<CallPhase>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "`ringing` is not a valid call phase; expected one of: start, answered, ended"
        );
        assert!("telegram".parse::<Channel>().is_ok());
    }
}
