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

/// How long a warning's "I understand" button stays locked, per level, in seconds.
///
/// The pause is there to break the caller's pressure: the person reads the headline before the
/// warning can be waved away, while "End call" works at once. Android's own in-call protection
/// holds its warning 30 s when a banking app is opened during a call with an unknown number
/// (`MAX_HOLD_S` caps ours there); ours is shorter because it appears on top of a live call the
/// person may still need, and a longer lock teaches people to turn warnings off.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HoldLevels {
    pub low: u32,
    pub medium: u32,
    pub high: u32,
    pub critical: u32,
}

/// The longest "I understand" hold the policy may ask for, in seconds.
pub const MAX_HOLD_S: u32 = 30;

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
    /// The scam's second stage: after a code warned at this level or above (a risky code
    /// moment), the next stranger's call may be the follow-up ("bank security", "police")
    /// that pushes a loan or a "safe account" transfer…
    pub second_stage_after: Level,
    /// …so an incoming call from a stranger at most this long after it, in seconds…
    pub second_stage_s: u32,
    /// …is flagged at these levels while it rings (`reported`: this number or the earlier
    /// caller is reported)…
    pub second_stage_ringing: CallerLevels,
    /// …and at these when it is answered.
    pub second_stage_answered: CallerLevels,
    /// The most a parcel or pick-up code can raise.
    pub delivery_cap: Level,
    /// The most an outgoing call to an unknown number can raise.
    pub outgoing_unknown_cap: Level,
    /// The most a call can raise when Android did not say whether the caller is a contact
    /// (`contact: null`: no call-screening role, or Android 9 without READ_CALL_LOG): it may be
    /// family as well as a stranger.
    pub identity_unknown_cap: Level,
    /// An SMS received more than this many seconds after its SMS centre took it in (Android 17
    /// holds code SMS back from most apps for about 3 hours)…
    pub late_sms_after_s: u32,
    /// …raises at most this, whatever calls are around when it arrives: the call it came with
    /// is long over.
    pub late_sms_cap: Level,
    /// Seconds the warning holds "I understand", by level.
    pub understood_hold_s: HoldLevels,
}

impl Policy {
    /// How long each kind of record can still matter: older ones are pruned.
    pub(crate) fn horizon(&self) -> crate::calls::Horizon {
        crate::calls::Horizon {
            calls_ms: self.horizon_ms(),
            risks_ms: self.second_stage_ms(),
        }
    }

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

    /// [`Policy::late_sms_after_s`] in milliseconds.
    pub fn late_sms_after_ms(&self) -> i64 {
        i64::from(self.late_sms_after_s) * 1000
    }

    /// How long a risky code moment can still flag a call, in milliseconds.
    pub fn second_stage_ms(&self) -> i64 {
        i64::from(self.second_stage_s) * 1000
    }

    /// Seconds the warning for `level` holds "I understand" (0 for `none`).
    pub fn understood_hold_s(&self, level: Level) -> u32 {
        let h = &self.understood_hold_s;
        match level {
            Level::None => 0,
            Level::Low => h.low,
            Level::Medium => h.medium,
            Level::High => h.high,
            Level::Critical => h.critical,
        }
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
        if self.late_sms_after_s < 60 || self.late_sms_after_s > 24 * 3600 {
            problems.push((
                "late_sms_after_s",
                format!("must be 60 to 86400 seconds, is {}", self.late_sms_after_s),
            ));
        }
        if self.second_stage_s == 0 || self.second_stage_s > 7 * 24 * 3600 {
            problems.push((
                "second_stage_s",
                format!("must be 1 s to 7 days, is {} s", self.second_stage_s),
            ));
        }
        if self.second_stage_after == Level::None {
            problems.push(("second_stage_after", "must be a warning level".into()));
        }
        let h = &self.understood_hold_s;
        let holds = [
            ("low", h.low),
            ("medium", h.medium),
            ("high", h.high),
            ("critical", h.critical),
        ];
        for (name, s) in holds {
            if s > MAX_HOLD_S {
                problems.push((
                    "understood_hold_s",
                    format!("`{name}` holds {s} s, more than {MAX_HOLD_S} s"),
                ));
            }
        }
        for pair in holds.windows(2) {
            let ((lower, a), (higher, b)) = (pair[0], pair[1]);
            if b < a {
                problems.push((
                    "understood_hold_s",
                    format!("`{higher}` ({b} s) holds shorter than `{lower}` ({a} s)"),
                ));
            }
        }
        problems
    }
}

impl Policy {
    /// The order of the levels, which every pack keeps: a report never lowers a warning, a
    /// code during a risky connected call always warns, the warning fades (never grows) as
    /// the call lies further back, and a second code in the same call is no milder than the
    /// first. A pack that broke one of these loaded before, and silenced exactly the scam the
    /// app exists for (`connected.unknown: none`) or made reporting a number lower its
    /// warnings.
    ///
    /// Checked by `smsguard rules check` and `--rules` ([`crate::RulePack::check_dir`]) and on
    /// the embedded pack by the tests, not by the phone's loader: these messages cost the
    /// Android library 3 KB it does not have, and the phone runs the embedded pack.
    pub(crate) fn validate_levels(&self, problems: &mut Vec<(&'static str, String)>) {
        // Each pair is (rule, field that must be at least…, its level, …this field, its
        // level, why); one message shape keeps this small in the Android library.
        let mut at_least: Vec<(&'static str, String, Level, String, Level, &'static str)> =
            Vec::new();
        let mut rows: Vec<(&'static str, String, &CallerLevels)> = vec![
            ("ringing", "ringing".into(), &self.ringing),
            ("connected", "connected".into(), &self.connected),
            ("before_answer", "before_answer".into(), &self.before_answer),
        ];
        for (rule, list) in [
            ("after_answered", &self.after_answered),
            ("after_missed", &self.after_missed),
        ] {
            for (i, w) in list.iter().enumerate() {
                rows.push((rule, format!("{rule}[{i}].levels"), &w.levels));
                if let Some(nearer) = i.checked_sub(1).map(|n| &list[n].levels) {
                    for (caller, near, far) in [
                        ("unknown", nearer.unknown, w.levels.unknown),
                        ("reported", nearer.reported, w.levels.reported),
                    ] {
                        at_least.push((
                            rule,
                            format!("{rule}[{}].levels.{caller}", i - 1),
                            near,
                            format!("{rule}[{i}].levels.{caller}"),
                            far,
                            "a warning fades as the call lies further back",
                        ));
                    }
                }
            }
        }
        for (rule, name, levels) in &rows {
            at_least.push((
                rule,
                format!("{name}.reported"),
                levels.reported,
                format!("{name}.unknown"),
                levels.unknown,
                "a report must never lower a warning",
            ));
        }
        if let Some(first) = self.after_answered.first() {
            for (caller, during, after) in [
                ("unknown", self.connected.unknown, first.levels.unknown),
                ("reported", self.connected.reported, first.levels.reported),
            ] {
                at_least.push((
                    "after_answered",
                    format!("connected.{caller}"),
                    during,
                    format!("after_answered[0].levels.{caller}"),
                    after,
                    "a code after the call warns no more than one during it",
                ));
            }
        }
        at_least.push((
            "connected",
            "connected.unknown".into(),
            self.connected.unknown,
            "a code during a risky call".into(),
            Level::Low,
            "it must warn",
        ));
        at_least.push((
            "second_code",
            "second_code".into(),
            self.second_code,
            "connected.unknown".into(),
            self.connected.unknown,
            "a second code in the same call is no milder than the first",
        ));
        for (rule, high, high_level, low, low_level, why) in at_least {
            if high_level < low_level {
                problems.push((
                    rule,
                    format!(
                        "`{high}` ({}) is below `{low}` ({}): {why}",
                        high_level.as_str(),
                        low_level.as_str()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> serde_json::Value {
        serde_json::from_str(include_str!("../../rules/policy.json")).unwrap()
    }

    fn problems(v: &serde_json::Value) -> Vec<(&'static str, String)> {
        let p = serde_json::from_value::<Policy>(v.clone()).unwrap();
        let mut problems = p.validate();
        p.validate_levels(&mut problems);
        problems
    }

    #[test]
    fn embedded_holds_grow_with_the_level_and_stay_under_androids_30_s() {
        let p: Policy = serde_json::from_value(embedded()).unwrap();
        assert!(p.validate().is_empty());
        assert!(problems(&embedded()).is_empty());
        assert_eq!(p.understood_hold_s(Level::None), 0);
        assert_eq!(p.understood_hold_s(Level::Low), 0);
        assert_eq!(p.understood_hold_s(Level::Medium), 0);
        assert!(p.understood_hold_s(Level::High) > 0);
        assert!(p.understood_hold_s(Level::Critical) > p.understood_hold_s(Level::High));
        assert!(p.understood_hold_s(Level::Critical) <= MAX_HOLD_S);
    }

    #[test]
    fn a_hold_longer_than_30_s_or_shorter_for_a_higher_level_is_refused() {
        let mut v = embedded();
        v["understood_hold_s"]["critical"] = 45.into();
        let p = problems(&v);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "understood_hold_s");
        assert!(
            p[0].1.contains("`critical` holds 45 s, more than 30 s"),
            "{p:?}"
        );

        let mut v = embedded();
        v["understood_hold_s"]["high"] = 20.into();
        v["understood_hold_s"]["critical"] = 5.into();
        let p = problems(&v);
        assert!(
            p.iter()
                .any(|(_, m)| m.contains("`critical` (5 s) holds shorter than `high` (20 s)")),
            "{p:?}"
        );
    }

    /// Packs that silence or invert the policy, each refused with the field named.
    #[test]
    fn levels_that_silence_or_invert_the_policy_are_refused() {
        type Change = fn(&mut serde_json::Value);
        let cases: [(&str, Change, &str); 7] = [
            (
                "connected",
                |v| v["connected"]["unknown"] = "none".into(),
                "`connected.unknown` (none) is below `a code during a risky call` (low)",
            ),
            (
                "connected",
                |v| v["connected"]["reported"] = "medium".into(),
                "a report must never lower",
            ),
            (
                "ringing",
                |v| v["ringing"]["reported"] = "low".into(),
                "`ringing.reported` (low) is below `ringing.unknown` (medium)",
            ),
            (
                "after_missed",
                |v| v["after_missed"][0]["levels"]["reported"] = "none".into(),
                "`after_missed[0].levels.reported` (none) is below",
            ),
            (
                "after_answered",
                |v| v["after_answered"][1]["levels"]["unknown"] = "high".into(),
                "`after_answered[0].levels.unknown` (medium) is below `after_answered[1].levels.unknown` (high)",
            ),
            (
                "after_answered",
                |v| v["after_answered"][0]["levels"]["unknown"] = "critical".into(),
                "`connected.unknown` (high) is below `after_answered[0].levels.unknown` (critical)",
            ),
            (
                "second_code",
                |v| v["second_code"] = "low".into(),
                "`second_code` (low) is below `connected.unknown` (high)",
            ),
        ];
        for (rule, change, message) in cases {
            let mut v = embedded();
            change(&mut v);
            let p = problems(&v);
            assert!(
                p.iter().any(|(r, m)| *r == rule && m.contains(message)),
                "{message}: {p:?}"
            );
        }
    }

    #[test]
    fn a_missing_hold_is_a_parse_error_naming_the_field() {
        let mut v = embedded();
        v.as_object_mut().unwrap().remove("understood_hold_s");
        let e = serde_json::from_value::<Policy>(v).unwrap_err();
        assert!(e.to_string().contains("understood_hold_s"), "{e}");
    }
}
