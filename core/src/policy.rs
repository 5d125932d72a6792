//! The warning policy: window lengths and levels from `rules/policy.json`.

use serde::Deserialize;

use crate::types::Level;

/// A level for each kind of caller.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CallerLevels {
    pub unknown: Level,
    pub reported: Level,
}

impl CallerLevels {
    pub fn for_caller(&self, reported: bool) -> Level {
        if reported {
            self.reported
        } else {
            self.unknown
        }
    }
}

/// A window after a call and the levels inside it.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// The window's far edge in seconds (inclusive), counted from the call's end.
    pub until_s: u32,
    pub levels: CallerLevels,
}

/// `policy.json`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub format: u32,
    /// A code while a risky call rings.
    pub ringing: CallerLevels,
    /// A code while a risky call is connected.
    pub connected: CallerLevels,
    /// After an answered call ended, nearest window first.
    pub after_answered: Vec<Window>,
    /// After a missed or declined call stopped ringing, nearest window first.
    pub after_missed: Vec<Window>,
    /// A code that came at most this long before a risky call was answered…
    pub before_answer_s: u32,
    /// …is raised to this level when the call is answered.
    pub before_answer: CallerLevels,
    /// A second, different code during the same connected risky call.
    pub second_code: Level,
    /// The most a parcel or pick-up code can raise.
    pub delivery_cap: Level,
    /// The most an outgoing call to an unknown number can raise.
    pub outgoing_unknown_cap: Level,
}

impl Policy {
    /// How long a call or code can still matter, in milliseconds: older ones are pruned.
    pub fn horizon_ms(&self) -> i64 {
        let far = self
            .after_answered
            .iter()
            .chain(&self.after_missed)
            .map(|w| w.until_s)
            .chain([self.before_answer_s])
            .max()
            .unwrap_or(0);
        i64::from(far) * 1000
    }

    /// Problems as (rule, message) pairs; empty when the policy is usable.
    pub(crate) fn validate(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        for (name, windows) in [
            ("after_answered", &self.after_answered),
            ("after_missed", &self.after_missed),
        ] {
            if windows.is_empty() {
                problems.push((name, "needs at least one window".to_string()));
            }
            let mut last = 0;
            for w in windows.iter() {
                if w.until_s <= last {
                    problems.push((
                        name,
                        format!("window edges must grow: {} s after {} s", w.until_s, last),
                    ));
                }
                last = w.until_s;
            }
            if last > 24 * 3600 {
                problems.push((name, format!("a window of {last} s is longer than a day")));
            }
        }
        if self.before_answer_s == 0 || self.before_answer_s > 3600 {
            problems.push((
                "before_answer_s",
                format!("must be 1 to 3600 seconds, is {}", self.before_answer_s),
            ));
        }
        problems
    }
}
