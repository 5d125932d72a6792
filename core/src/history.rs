//! The warning history: every moment the guard warned, so that a person who was nearly fooled
//! can look back ("What happened") and report the number afterwards.
//!
//! A moment holds when, how strong, why (the verdict's reasons), who sent the code and who
//! called — never a body or a code. The store keeps it in `history.log` (see [`crate::store`]),
//! bounded by [`MAX_MOMENTS`] and [`MAX_AGE_MS`].

use serde::{Deserialize, Serialize};

use crate::rules::Texts;
use crate::types::{Channel, Level, SenderKind, UiLang};
use crate::warning::{CallerKind, Situation, WarningTexts};

/// The most moments kept: months of an ordinary phone's warnings, and a few screens to scroll.
pub const MAX_MOMENTS: usize = 200;

/// The oldest moment kept, in milliseconds (90 days): long enough to report a number when the
/// bank or the police ask, short enough that the phone does not keep callers' numbers for ever.
pub const MAX_AGE_MS: i64 = 90 * 24 * 3600 * 1000;

/// One warning moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// Random, so that merging two processes' histories keeps each moment once.
    pub id: u64,
    /// When the warning came, in milliseconds since the epoch.
    pub ts: i64,
    pub level: Level,
    /// Where the code fell (or `second_stage`: a stranger's call after a risky code).
    pub situation: Situation,
    /// The verdict's machine-readable reasons (`window:connected`, `caller:unknown`, …).
    pub reasons: Vec<String>,
    /// The SMS sender as it arrived ("1414", "Kaspi.kz"); `None` for a second-stage call.
    pub sender: Option<String>,
    pub sender_kind: Option<SenderKind>,
    /// The caller's number (normalised); `None` when hidden.
    pub caller: Option<String>,
    pub caller_kind: CallerKind,
    pub channel: Channel,
}

/// The history as the app and `smsguard history` read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Oldest first.
    pub moments: Vec<Moment>,
    /// What could not be read: a damaged `history.log` (and where its copy is), or a failure to
    /// read it at all. Empty when the whole history is here.
    pub damaged: Vec<String>,
}

/// Keeps each moment once, oldest first, at most [`MAX_MOMENTS`] of them and none older than
/// [`MAX_AGE_MS`] before the second-latest one: a single moment stamped by a wrong clock, years
/// ahead, cannot make the rest look old.
pub(crate) fn bound(moments: &mut Vec<Moment>) {
    let mut seen = std::collections::HashSet::new();
    moments.retain(|m| seen.insert(m.id));
    moments.sort_by_key(|m| m.ts);
    if let Some(reference) = moments.len().checked_sub(2).map(|i| moments[i].ts) {
        let oldest = reference.saturating_sub(MAX_AGE_MS);
        moments.retain(|m| m.ts >= oldest);
    }
    let extra = moments.len().saturating_sub(MAX_MOMENTS);
    moments.drain(..extra);
}

/// One moment as the app shows it: the stored facts but the id, what happened in each language,
/// and whether its caller is reported now.
#[derive(Serialize)]
struct Shown<'a> {
    ts: i64,
    level: Level,
    situation: Situation,
    reasons: &'a [String],
    sender: &'a Option<String>,
    sender_kind: Option<SenderKind>,
    caller: &'a Option<String>,
    caller_kind: CallerKind,
    channel: Channel,
    summary: Texts,
    reported: bool,
}

/// The JSON the bridge and `smsguard history --json` give, newest first: `{"moments": [{"ts",
/// "level", "situation", "reasons", "sender", "sender_kind", "caller", "caller_kind", "channel",
/// "summary": {"kk","ru","en"}, "reported"}], "damaged": [..]}`.
pub(crate) fn to_json(
    history: &History,
    texts: &WarningTexts,
    reported: impl Fn(&str) -> bool,
) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        moments: Vec<Shown<'a>>,
        damaged: &'a [String],
    }
    let moments = history
        .moments
        .iter()
        .rev()
        .map(|m| Shown {
            ts: m.ts,
            level: m.level,
            situation: m.situation,
            reasons: &m.reasons,
            sender: &m.sender,
            sender_kind: m.sender_kind,
            caller: &m.caller,
            caller_kind: m.caller_kind,
            channel: m.channel,
            summary: summary(m, texts),
            reported: m.caller.as_deref().is_some_and(&reported),
        })
        .collect();
    let doc = Doc {
        moments,
        damaged: &history.damaged,
    };
    serde_json::to_string(&doc).unwrap_or_else(|_| r#"{"moments":[],"damaged":[]}"#.into())
}

/// What happened at a moment, in each language (the first sentences of its warning).
pub fn summary(m: &Moment, texts: &WarningTexts) -> Texts {
    let say = |lang| texts.what_happened(m.situation, m.caller_kind, m.channel, lang);
    Texts {
        kk: say(UiLang::Kk),
        ru: say(UiLang::Ru),
        en: say(UiLang::En),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 3600 * 1000;

    fn moment(id: u64, ts: i64) -> Moment {
        Moment {
            id,
            ts,
            level: Level::High,
            situation: Situation::Connected,
            reasons: vec!["otp".into()],
            sender: Some("1414".into()),
            sender_kind: Some(SenderKind::Gov),
            caller: Some("+77015550142".into()),
            caller_kind: CallerKind::Unknown,
            channel: Channel::Cellular,
        }
    }

    fn ids(moments: &[Moment]) -> Vec<u64> {
        moments.iter().map(|m| m.id).collect()
    }

    #[test]
    fn keeps_the_newest_200_each_once_in_time_order() {
        let mut m: Vec<Moment> = (0..250).rev().map(|i| moment(i, i as i64)).collect();
        m.push(moment(249, 249));
        bound(&mut m);
        assert_eq!(ids(&m), (50..250).collect::<Vec<_>>());
    }

    #[test]
    fn forgets_after_90_days_but_one_wild_stamp_forgets_nothing() {
        let mut m = vec![moment(1, 0), moment(2, 90 * DAY), moment(3, 91 * DAY)];
        bound(&mut m);
        assert_eq!(ids(&m), [1, 2, 3], "90 days before the second-latest: kept");
        let mut m = vec![moment(1, 0), moment(2, 90 * DAY + 1), moment(3, 91 * DAY)];
        bound(&mut m);
        assert_eq!(ids(&m), [2, 3], "a millisecond more: forgotten");

        let mut m = vec![moment(1, 0), moment(2, DAY), moment(3, 3650 * DAY)];
        bound(&mut m);
        assert_eq!(ids(&m), [1, 2, 3], "a clock ten years ahead is one moment");
        m.push(moment(4, 3650 * DAY + 1));
        bound(&mut m);
        assert_eq!(
            ids(&m),
            [3, 4],
            "two moments that far ahead: the clock moved"
        );
    }
}
