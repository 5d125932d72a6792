//! The warning history: every moment the guard warned, so that a person who was nearly fooled
//! can look back ("What happened") and report the number afterwards.
//!
//! A moment holds when, how strong, why (the verdict's reasons), who sent the code, who called,
//! and what happened in words — never a body or a code. The store keeps each as one line of
//! `history.log` (see [`crate::store`]), bounded by [`MAX_MOMENTS`] and [`MAX_AGE_MS`]. Only the
//! id, the time and the caller are read back; the rest of a line is handed on as it was written,
//! which keeps the Android library small (a typed reader and writer of every field cost ~7 KB).

use serde::Serialize;

use crate::rules::Texts;
use crate::types::{Channel, Level, SenderKind};
use crate::warning::{CallerKind, Situation};

/// The most moments kept: months of an ordinary phone's warnings, and a few screens to scroll.
pub const MAX_MOMENTS: usize = 200;

/// The oldest moment kept, in milliseconds (90 days): long enough to report a number when the
/// bank or the police ask, short enough that the phone does not keep callers' numbers for ever.
pub const MAX_AGE_MS: i64 = 90 * 24 * 3600 * 1000;

/// One warning moment, as written: `{"t": "moment", "id", "ts", "level", "situation", "reasons",
/// "sender", "sender_kind", "caller", "caller_kind", "channel", "summary": {"kk","ru","en"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "t", rename = "moment")]
pub(crate) struct Moment {
    /// Random, below 2^53 (a JSON number any reader keeps exact), so that merging two
    /// processes' histories keeps each moment once.
    pub id: u64,
    /// When the warning came, in milliseconds since the epoch.
    pub ts: i64,
    pub level: Level,
    /// Where the code fell (or `second_stage`: a stranger's call after a risky code).
    pub situation: Situation,
    /// The verdict's machine-readable reasons (`window:connected`, `caller:unknown`, …).
    pub reasons: Vec<String>,
    /// The SMS sender as the warning named it ("1414", "Kaspi.kz"; an unregistered name made
    /// one short line of visible text, [`crate::senders::shown_sender`]); `None` for a
    /// second-stage call and for a code whose sender Android hid (`situation` tells them apart).
    pub sender: Option<String>,
    pub sender_kind: Option<SenderKind>,
    /// The caller's number (normalised); `None` when hidden.
    pub caller: Option<String>,
    pub caller_kind: CallerKind,
    pub channel: Channel,
    /// What happened, in each language: the first sentences of the warning.
    pub summary: Texts,
}

/// A moment as kept: what bounding and merging need, and its line as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub id: u64,
    pub ts: i64,
    pub caller: Option<String>,
    /// The moment's JSON object, one line.
    pub json: String,
}

impl From<&Moment> for Entry {
    fn from(m: &Moment) -> Entry {
        Entry {
            id: m.id,
            ts: m.ts,
            caller: m.caller.clone(),
            // Serialising plain fields cannot fail.
            json: serde_json::to_string(m).unwrap_or_default(),
        }
    }
}

/// Keeps each moment once, at most [`MAX_MOMENTS`] of them (the latest by time) and none older
/// than [`MAX_AGE_MS`] before the older of the last two in `entries` — the two written last:
/// the entries stay in the order they were written (callers append new moments, and the file
/// keeps that order), which no clock can disturb. So a single moment stamped by a wrong clock,
/// years ahead, cannot make the rest look old; and once a clock that ran ahead is put right,
/// the moments after it are kept (counting from the two latest stamps dropped every new moment
/// until the wrong date came round).
pub(crate) fn bound(entries: &mut Vec<Entry>) {
    let mut seen = std::collections::HashSet::new();
    entries.retain(|e| seen.insert(e.id));
    if let Some(i) = entries.len().checked_sub(2) {
        let oldest = entries[i]
            .ts
            .min(entries[i + 1].ts)
            .saturating_sub(MAX_AGE_MS);
        entries.retain(|e| e.ts >= oldest);
    }
    if let Some(extra) = entries.len().checked_sub(MAX_MOMENTS).filter(|&n| n > 0) {
        let mut keys: Vec<(i64, u64)> = entries.iter().map(|e| (e.ts, e.id)).collect();
        keys.sort_unstable();
        let first_kept = keys[extra];
        entries.retain(|e| (e.ts, e.id) >= first_kept);
    }
}

/// The JSON the bridge and `smsguard history --json` give: `{"moments": [...], "damaged":
/// [...]}`, the moments newest first, each as written (see [`Moment`]) plus `"reported"`:
/// whether its caller is reported now. `damaged` says what of the history could not be read.
pub(crate) fn to_json(
    entries: &[Entry],
    damaged: &[String],
    reported: impl Fn(&str) -> bool,
) -> String {
    let mut newest_first: Vec<&Entry> = entries.iter().collect();
    newest_first.sort_by_key(|e| std::cmp::Reverse((e.ts, e.id)));
    let mut out = String::from(r#"{"moments":["#);
    for (i, e) in newest_first.into_iter().enumerate() {
        // Each line is a JSON object: it ends with its closing brace.
        let Some(open) = e.json.strip_suffix('}') else {
            continue;
        };
        if i > 0 {
            out.push(',');
        }
        out.push_str(open);
        let is_reported = e.caller.as_deref().is_some_and(&reported);
        out.push_str(if is_reported {
            r#","reported":true}"#
        } else {
            r#","reported":false}"#
        });
    }
    out.push_str(r#"],"damaged":"#);
    out.push_str(&serde_json::to_string(damaged).unwrap_or_else(|_| "[]".into()));
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 3600 * 1000;

    fn entry(id: u64, ts: i64) -> Entry {
        Entry {
            id,
            ts,
            caller: Some("+77015550142".into()),
            json: format!(r#"{{"t":"moment","id":{id},"ts":{ts}}}"#),
        }
    }

    fn ids(entries: &[Entry]) -> Vec<u64> {
        entries.iter().map(|m| m.id).collect()
    }

    #[test]
    fn keeps_the_newest_200_each_once() {
        let mut m: Vec<Entry> = (0..250).rev().map(|i| entry(i, i as i64)).collect();
        m.push(entry(249, 249));
        bound(&mut m);
        assert_eq!(
            ids(&m),
            (50..250).rev().collect::<Vec<_>>(),
            "in the order written"
        );
    }

    #[test]
    fn forgets_after_90_days_but_one_wild_stamp_forgets_nothing() {
        let mut m = vec![entry(1, 0), entry(2, 90 * DAY), entry(3, 91 * DAY)];
        bound(&mut m);
        assert_eq!(ids(&m), [1, 2, 3], "90 days before the second-latest: kept");
        let mut m = vec![entry(1, 0), entry(2, 90 * DAY + 1), entry(3, 91 * DAY)];
        bound(&mut m);
        assert_eq!(ids(&m), [2, 3], "a millisecond more: forgotten");

        let mut m = vec![entry(1, 0), entry(2, DAY), entry(3, 3650 * DAY)];
        bound(&mut m);
        assert_eq!(ids(&m), [1, 2, 3], "a clock ten years ahead is one moment");
        m.push(entry(4, 3650 * DAY + 1));
        bound(&mut m);
        assert_eq!(
            ids(&m),
            [3, 4],
            "two moments that far ahead: the clock moved"
        );
    }

    #[test]
    fn after_a_clock_put_right_the_next_moments_are_kept() {
        let mut m = vec![entry(1, 0), entry(2, 3650 * DAY), entry(3, 3650 * DAY + 1)];
        bound(&mut m);
        assert_eq!(ids(&m), [2, 3], "the clock moved ahead");
        m.push(entry(4, DAY));
        bound(&mut m);
        assert_eq!(ids(&m), [2, 3, 4], "put right: the new moment is kept");
        m.push(entry(5, 2 * DAY));
        bound(&mut m);
        assert_eq!(ids(&m), [2, 3, 4, 5]);
    }

    #[test]
    fn the_export_is_newest_first_with_the_report_status() {
        let mut second = entry(2, 20);
        second.caller = None;
        let json = to_json(&[entry(1, 10), second], &["x".into()], |n| {
            n == "+77015550142"
        });
        let v: serde_json::Value = serde_json::from_str(&json).expect(&json);
        assert_eq!(v["moments"][0]["id"], 2);
        assert_eq!(v["moments"][0]["reported"], false);
        assert_eq!(v["moments"][1]["reported"], true);
        assert_eq!(v["damaged"][0], "x");
    }
}
