//! The policy applied: what a one-time code arriving near recent calls is worth, and why.
//!
//! Pure: the calls and codes come in as records, the answer goes out as a [`Finding`]; nothing
//! here reads a file or a clock. Every window is measured from the events' own times.
//!
//! One rule sits beside the policy table: a code handled after a phase of a call (the call was
//! already answered, or had already ended, when the SMS came in) is never placed before that
//! phase, even when its timestamp says so — a clock corrected between the two must not move
//! the code out of the call, however far it went back. It is judged at the later of its stamp
//! and just after that phase, whichever warns more. (Events reach the guard in the order they
//! happen, so a stamp behind an earlier event's is a clock that went back.)

use crate::calls::{CallRecord, CodeRecord, RiskRecord};
use crate::event::Direction;
use crate::policy::{CallerLevels, Policy};
use crate::reports::Reports;
use crate::senders::SenderRegistry;
use crate::types::{Level, Purpose};
use crate::warning::Situation;

/// What the policy needs to know besides the records.
pub(crate) struct Context<'a> {
    pub policy: &'a Policy,
    /// The numbers the person reported.
    pub reports: &'a Reports,
    /// The sender registry, for official numbers (calls to them never warn).
    pub senders: &'a SenderRegistry,
}

/// The level one call gives one code, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Finding<'a> {
    pub level: Level,
    pub situation: Situation,
    pub call: &'a CallRecord,
    pub reported: bool,
    /// What held the level down (`capped:delivery`, `capped:outgoing`).
    pub capped: Option<&'static str>,
    /// Where the code fell (`connected`, `after_answered_near`, …).
    pub window: &'static str,
    /// When the code counts as arrived for this call.
    pub at: i64,
    /// The code's stamp was behind a phase of this call handled before it.
    pub late_stamp: bool,
    /// A second stage raised by the report of the earlier caller, not of this one.
    pub earlier_reported: bool,
}

impl Finding<'_> {
    /// The machine-readable reasons of a warning, after `otp` or `call:answered`.
    pub fn reasons(&self) -> Vec<String> {
        let mut reasons = vec![format!("window:{}", self.window)];
        if self.situation == Situation::SecondCode {
            reasons.push("second_code".into());
        }
        if self.earlier_reported {
            reasons.push("earlier_caller:reported".into());
        }
        reasons.push(
            match (self.reported, self.call.contact, self.call.number.is_none()) {
                (true, ..) => "caller:reported",
                (false, None, _) => "caller:identity_unknown",
                (false, _, true) => "caller:hidden",
                (false, _, false) => "caller:unknown",
            }
            .into(),
        );
        reasons.push(format!("direction:{}", self.call.direction.as_str()));
        reasons.push(format!("channel:{}", self.call.channel.as_str()));
        if let Some(c) = self.capped {
            reasons.push(c.into());
        }
        if self.late_stamp {
            reasons.push("time:late_stamp".into());
        }
        reasons
    }
}

/// The warning a code gets from the calls around it: the highest level any call gives (among
/// equals, the latest call), with the delivery cap and, for a late SMS, the late cap applied.
/// `None` when no call makes it risky.
///
/// `calls` are the calls as handled before the code; `earlier` the codes before it.
pub(crate) fn assess<'a>(
    ctx: &Context<'_>,
    calls: &'a [CallRecord],
    earlier: &[CodeRecord],
    code: &CodeRecord,
) -> Option<Finding<'a>> {
    let mut best: Option<Finding<'a>> = None;
    for call in calls {
        let Some(f) = finding_for_call(ctx, call, earlier, code) else {
            continue;
        };
        if best.is_none_or(|b| {
            f.level > b.level || (f.level == b.level && f.call.start >= b.call.start)
        }) {
            best = Some(f);
        }
    }
    let mut f = best?;
    let (level, capped) = cap(f.level, code.purpose, ctx.policy);
    f.level = level;
    f.capped = capped.or(f.capped);
    // Sent long before it arrived: the call it came with is over, whoever is calling now.
    if code.late {
        f.situation = Situation::Late;
        if f.level > ctx.policy.late_sms_cap {
            f.level = ctx.policy.late_sms_cap;
            f.capped = Some("capped:late_sms");
        }
    }
    (f.level > Level::None).then_some(f)
}

/// The warning a call's answer gets from a code that came shortly before it: the caller may be
/// about to ask for it. The highest level any such code gets; among equals, the latest code.
pub(crate) fn assess_answer<'a, 'c>(
    ctx: &Context<'_>,
    call: &'a CallRecord,
    codes: &'c [CodeRecord],
) -> Option<(Finding<'a>, &'c CodeRecord)> {
    let answered = call.answered?;
    let f = risk_of(
        ctx,
        call,
        ctx.policy.before_answer,
        Situation::BeforeAnswer,
        "before_answer",
        answered,
    )?;
    let reach = i64::from(ctx.policy.before_answer_s) * 1000;
    let (level, code) = codes
        .iter()
        .filter(|k| !k.late && k.ts < answered && answered.saturating_sub(k.ts) <= reach)
        .map(|k| (cap(f.level, k.purpose, ctx.policy).0, k))
        .filter(|(level, _)| *level > Level::None)
        .max_by_key(|(level, k)| (*level, k.ts))?;
    let capped = cap(f.level, code.purpose, ctx.policy).1.or(f.capped);
    Some((
        Finding {
            level,
            capped,
            at: code.ts,
            ..f
        },
        code,
    ))
}

/// The second stage: a call from a stranger ringing or answered at `t`, within the policy's
/// window after a risky code moment of another call, may be the scam's follow-up. `levels` are
/// the policy's for that phase; the earlier caller's report raises them as this caller's would.
/// Among several moments, one whose caller is reported wins, then the latest.
pub(crate) fn assess_second_stage<'a, 'r>(
    ctx: &Context<'_>,
    call: &'a CallRecord,
    t: i64,
    levels: CallerLevels,
    risks: &'r [RiskRecord],
) -> Option<(Finding<'a>, &'r RiskRecord)> {
    if call.direction != Direction::Incoming {
        return None;
    }
    let reach = ctx.policy.second_stage_ms();
    let reported = |n: &Option<String>| n.as_deref().is_some_and(|n| ctx.reports.contains(n));
    let risk = risks
        .iter()
        // Every risky moment held was handled before this call's phase, so a stamp of the
        // moment after `t` is a clock set back in between, not a call that came first: the
        // window bounds the distance either way.
        .filter(|r| r.call != call.id && r.ts.abs_diff(t) <= reach.unsigned_abs())
        .max_by_key(|r| (reported(&r.caller), r.ts))?;
    let mut f = risk_of(
        ctx,
        call,
        levels,
        Situation::SecondStage,
        "second_stage",
        risk.ts,
    )?;
    if reported(&risk.caller) && !f.reported {
        f.level = levels.reported;
        f.earlier_reported = true;
    }
    (f.level > Level::None).then_some((f, risk))
}

/// What one call makes of one code: by its stamp, and — when the stamp is behind a phase of
/// the call handled before the code — just after that phase; the higher of the two.
fn finding_for_call<'a>(
    ctx: &Context<'_>,
    call: &'a CallRecord,
    earlier: &[CodeRecord],
    code: &CodeRecord,
) -> Option<Finding<'a>> {
    let by_stamp = finding_at(ctx, call, earlier, code, code.ts);
    let latest = call.latest();
    if latest <= code.ts {
        return by_stamp;
    }
    // After an end the code came after the call; before it, during the latest phase.
    let after = if call.ended.is_some() {
        latest.saturating_add(1)
    } else {
        latest
    };
    let by_order = finding_at(ctx, call, earlier, code, after).map(|f| Finding {
        late_stamp: true,
        ..f
    });
    match (by_stamp, by_order) {
        (Some(s), Some(o)) if o.level > s.level => Some(o),
        (None, o) => o,
        (s, _) => s,
    }
}

/// What one call makes of a code that arrives at `t`.
fn finding_at<'a>(
    ctx: &Context<'_>,
    call: &'a CallRecord,
    earlier: &[CodeRecord],
    code: &CodeRecord,
    t: i64,
) -> Option<Finding<'a>> {
    if t < call.start {
        return None;
    }
    let p = ctx.policy;
    // A call never seen to end counts as over at the open-call limit.
    let open_until = call.open_until();
    let (levels, situation, window) = match (call.answered, call.ended) {
        (Some(a), end) if t >= a && end.is_none_or(|e| t <= e) => {
            if call.ended.is_none() && t > open_until {
                return None;
            }
            (p.connected, Situation::Connected, "connected")
        }
        (Some(a), _) if t < a => (p.ringing, Situation::Ringing, "ringing"),
        (None, end) if end.is_none_or(|e| t <= e) => {
            if call.ended.is_none() && t > open_until {
                return None;
            }
            (p.ringing, Situation::Ringing, "ringing")
        }
        (answered, Some(e)) => {
            let windows = if answered.is_some() {
                &p.after_answered
            } else {
                &p.after_missed
            };
            let w = windows
                .iter()
                .find(|w| t.saturating_sub(e) <= i64::from(w.until_s) * 1000)?;
            let situation = if answered.is_some() {
                Situation::AfterCall
            } else {
                Situation::AfterMissed
            };
            let window = match (answered.is_some(), w.until_s == windows[0].until_s) {
                (true, true) => "after_answered_near",
                (true, false) => "after_answered_far",
                (false, true) => "after_missed_near",
                (false, false) => "after_missed_far",
            };
            (w.levels, situation, window)
        }
        _ => return None,
    };
    let mut f = risk_of(ctx, call, levels, situation, window, t)?;
    // A second, different code while the same risky call is connected.
    if situation == Situation::Connected && f.capped.is_none() && code.purpose != Purpose::Delivery
    {
        let another = earlier.iter().any(|k| {
            !k.late
                && came_after_answer(k, call, t)
                && k.purpose != Purpose::Delivery
                && (k.sender != code.sender || k.code_tag != code.code_tag)
        });
        if another && p.second_code > f.level {
            f.level = p.second_code;
            f.situation = Situation::SecondCode;
        }
    }
    Some(f)
}

/// Whether `k`, a code handled before the one judged at `t`, came after `call`'s answer: by the
/// order they were handled in (a code placed after a wrongly stamped phase can carry a later
/// time than the code after it), else — records of earlier releases — by their stamps.
fn came_after_answer(k: &CodeRecord, call: &CallRecord, t: i64) -> bool {
    match (k.order, call.answered_order) {
        (Some(k), Some(answer)) => k > answer,
        _ => call.answered.is_some_and(|a| k.ts >= a && k.ts <= t),
    }
}

/// The level a call gives, if the call is risky: a stranger calling in, or a reported number
/// either way. Contacts and calls to official numbers never are; a caller Android did not
/// identify gives at most the policy's `identity_unknown_cap`.
fn risk_of<'a>(
    ctx: &Context<'_>,
    call: &'a CallRecord,
    levels: CallerLevels,
    situation: Situation,
    window: &'static str,
    at: i64,
) -> Option<Finding<'a>> {
    let reported = call
        .number
        .as_deref()
        .is_some_and(|n| ctx.reports.contains(n));
    let finding = |level, situation, capped| Finding {
        level,
        situation,
        call,
        reported,
        capped,
        window,
        at,
        late_stamp: false,
        earlier_reported: false,
    };
    if reported {
        return Some(finding(levels.reported, situation, None));
    }
    // A contact even without a number: the shell says "contact" only when Android vouched for it
    // (a number found in the contacts, or, with the screening role, a call Telecom did not screen
    // because its number is a contact's, which the app is not told without the call log). A
    // withheld number is never a contact: the screening service is shown it with no number.
    if call.contact == Some(true) {
        return None;
    }
    let (mut level, situation, mut capped) = match call.direction {
        Direction::Incoming => (levels.unknown, situation, None),
        Direction::Outgoing => {
            let number = call.number.as_deref()?;
            if ctx.senders.is_official_number(number) {
                return None;
            }
            let level = levels.unknown.min(ctx.policy.outgoing_unknown_cap);
            let capped = (level < levels.unknown).then_some("capped:outgoing");
            (level, Situation::Outgoing, capped)
        }
    };
    if call.contact.is_none() && level > ctx.policy.identity_unknown_cap {
        level = ctx.policy.identity_unknown_cap;
        capped = Some("capped:identity_unknown");
    }
    Some(finding(level, situation, capped))
}

/// Applies the delivery cap: a parcel code is worth less to a scammer.
fn cap(level: Level, purpose: Purpose, policy: &Policy) -> (Level, Option<&'static str>) {
    if purpose == Purpose::Delivery && level > policy.delivery_cap {
        (policy.delivery_cap, Some("capped:delivery"))
    } else {
        (level, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::MAX_OPEN_CALL_MS;
    use crate::rules::RulePack;
    use crate::types::Channel;
    use Level::{Critical, High, Low, Medium};

    const T: i64 = 1_764_064_800_000;
    const S: i64 = 1_000;
    const MIN: i64 = 60 * S;
    const REPORTED: &str = "+77770000666";
    const OFFICIAL: &str = "1414";

    /// A call in the table: who, which way, and when its phases were (offsets from T).
    #[derive(Clone, Copy)]
    struct Call {
        number: Option<&'static str>,
        /// `None`: Android did not say (identity unknown).
        contact: Option<bool>,
        direction: Direction,
        start: i64,
        answered: Option<i64>,
        ended: Option<i64>,
    }

    const STRANGER: Call = Call {
        number: Some("+77015550142"),
        contact: Some(false),
        direction: Direction::Incoming,
        start: 0,
        answered: Some(5 * S),
        ended: None,
    };

    impl Call {
        fn record(self, id: u64) -> CallRecord {
            CallRecord {
                id,
                number: self.number.map(str::to_string),
                direction: self.direction,
                contact: self.contact,
                channel: Channel::Cellular,
                start: T + self.start,
                answered: self.answered.map(|a| T + a),
                ended: self.ended.map(|e| T + e),
                answered_order: None,
            }
        }
    }

    fn code(at: i64, sender: &str, purpose: Purpose, tag: Option<u8>) -> CodeRecord {
        CodeRecord {
            id: at as u64,
            ts: T + at,
            sender: sender.into(),
            purpose,
            code_tag: tag,
            late: false,
            joined: false,
            legacy_hash: None,
            seq: None,
            order: None,
        }
    }

    fn gov(at: i64) -> CodeRecord {
        code(at, "1414", Purpose::GovSignin, Some(1))
    }

    fn with_context<R>(f: impl FnOnce(&Context<'_>) -> R) -> R {
        let pack = RulePack::embedded();
        let senders = SenderRegistry::new(&pack.senders);
        assert!(senders.is_official_number(OFFICIAL));
        let mut reports = Reports::default();
        reports.add(REPORTED, T, "").expect("a full number");
        f(&Context {
            policy: &pack.policy,
            reports: &reports,
            senders: &senders,
        })
    }

    /// Level and the reasons that matter, for one code among calls and earlier codes.
    fn judge(calls: &[Call], earlier: &[CodeRecord], code: &CodeRecord) -> (Level, Vec<String>) {
        let records: Vec<CallRecord> = calls
            .iter()
            .enumerate()
            .map(|(i, c)| c.record(i as u64))
            .collect();
        with_context(|ctx| match assess(ctx, &records, earlier, code) {
            Some(f) => (f.level, f.reasons()),
            None => (Level::None, Vec::new()),
        })
    }

    /// The policy table of README, row by row, from `rules/policy.json`.
    #[test]
    fn the_policy_table() {
        let reported = Call {
            number: Some(REPORTED),
            ..STRANGER
        };
        let ringing = Call {
            answered: None,
            ..STRANGER
        };
        let ended = |c: Call, at: i64| Call {
            ended: Some(at),
            ..c
        };
        let missed = ended(ringing, 20 * S);
        let rows: &[(&str, Call, i64, Level, &str)] = &[
            (
                "ringing, stranger",
                ringing,
                3 * S,
                Medium,
                "window:ringing",
            ),
            (
                "ringing, reported",
                Call {
                    answered: None,
                    ..reported
                },
                3 * S,
                High,
                "window:ringing",
            ),
            (
                "connected, stranger",
                STRANGER,
                MIN,
                High,
                "window:connected",
            ),
            (
                "connected at the answer ms",
                STRANGER,
                5 * S,
                High,
                "window:connected",
            ),
            (
                "connected, reported",
                reported,
                MIN,
                Critical,
                "caller:reported",
            ),
            (
                "connected at the end ms",
                ended(STRANGER, 2 * MIN),
                2 * MIN,
                High,
                "window:connected",
            ),
            (
                "600 s after the end",
                ended(STRANGER, 0),
                600 * S,
                Medium,
                "window:after_answered_near",
            ),
            (
                "601 s after the end",
                ended(STRANGER, 0),
                601 * S,
                Low,
                "window:after_answered_far",
            ),
            (
                "1800 s after the end",
                ended(STRANGER, 0),
                1800 * S,
                Low,
                "window:after_answered_far",
            ),
            (
                "1801 s after the end",
                ended(STRANGER, 0),
                1801 * S,
                Level::None,
                "",
            ),
            (
                "600 s after, reported",
                ended(reported, 0),
                600 * S,
                Critical,
                "caller:reported",
            ),
            (
                "1800 s after, reported",
                ended(reported, 0),
                1800 * S,
                Medium,
                "caller:reported",
            ),
            (
                "600 s after a missed call",
                missed,
                20 * S + 600 * S,
                Low,
                "window:after_missed_near",
            ),
            (
                "601 s after a missed call",
                missed,
                20 * S + 601 * S,
                Level::None,
                "",
            ),
            (
                "1800 s after missed, reported",
                Call {
                    ended: Some(20 * S),
                    ..Call {
                        answered: None,
                        ..reported
                    }
                },
                20 * S + 1800 * S,
                Low,
                "window:after_missed_far",
            ),
            (
                "a contact",
                Call {
                    contact: Some(true),
                    ..STRANGER
                },
                MIN,
                Level::None,
                "",
            ),
            (
                "a reported contact",
                Call {
                    contact: Some(true),
                    ..reported
                },
                MIN,
                Critical,
                "caller:reported",
            ),
            (
                "a hidden number",
                Call {
                    number: None,
                    ..STRANGER
                },
                MIN,
                High,
                "caller:hidden",
            ),
            (
                "a contact whose number Android did not give",
                Call {
                    number: None,
                    contact: Some(true),
                    ..STRANGER
                },
                MIN,
                Level::None,
                "",
            ),
            (
                "outgoing to a stranger",
                Call {
                    direction: Direction::Outgoing,
                    ..STRANGER
                },
                MIN,
                Low,
                "capped:outgoing",
            ),
            (
                "outgoing to an official number",
                Call {
                    direction: Direction::Outgoing,
                    number: Some(OFFICIAL),
                    ..STRANGER
                },
                MIN,
                Level::None,
                "",
            ),
            (
                "outgoing to a reported number",
                Call {
                    direction: Direction::Outgoing,
                    ..reported
                },
                MIN,
                Critical,
                "caller:reported",
            ),
            (
                "an open call over 4 h after its answer",
                STRANGER,
                5 * S + MAX_OPEN_CALL_MS + S,
                Level::None,
                "",
            ),
            (
                "an open call 4 h after its answer",
                STRANGER,
                5 * S + MAX_OPEN_CALL_MS,
                High,
                "window:connected",
            ),
        ];
        for (what, call, at, level, reason) in rows {
            let (got, reasons) = judge(&[*call], &[], &gov(*at));
            assert_eq!(got, *level, "{what}: {reasons:?}");
            assert!(
                reason.is_empty() || reasons.iter().any(|r| r == reason),
                "{what}: no {reason} in {reasons:?}"
            );
        }
    }

    /// README's "identity unknown" column: Android did not say whether the caller is a contact.
    /// A stranger's levels, at most `identity_unknown_cap` (medium); a reported number as ever.
    #[test]
    fn identity_unknown_is_its_own_column() {
        let unknown = Call {
            contact: None,
            ..STRANGER
        };
        let hidden_unknown = Call {
            number: None,
            ..unknown
        };
        let ringing = Call {
            answered: None,
            ..unknown
        };
        let ended = |c: Call, at: i64| Call {
            ended: Some(at),
            ..c
        };
        let missed = ended(ringing, 20 * S);
        let rows: &[(&str, Call, i64, Level, &str)] = &[
            ("ringing", ringing, 3 * S, Medium, "caller:identity_unknown"),
            ("connected", unknown, MIN, Medium, "capped:identity_unknown"),
            (
                "connected, no number either",
                hidden_unknown,
                MIN,
                Medium,
                "caller:identity_unknown",
            ),
            (
                "600 s after the end",
                ended(unknown, 0),
                600 * S,
                Medium,
                "window:after_answered_near",
            ),
            (
                "601 s after the end",
                ended(unknown, 0),
                601 * S,
                Low,
                "window:after_answered_far",
            ),
            (
                "600 s after a missed call",
                missed,
                20 * S + 600 * S,
                Low,
                "window:after_missed_near",
            ),
            (
                "601 s after a missed call",
                missed,
                20 * S + 601 * S,
                Level::None,
                "",
            ),
            (
                "a reported number, contact or not",
                Call {
                    number: Some(REPORTED),
                    ..unknown
                },
                MIN,
                Critical,
                "caller:reported",
            ),
            (
                "outgoing",
                Call {
                    direction: Direction::Outgoing,
                    ..unknown
                },
                MIN,
                Low,
                "capped:outgoing",
            ),
        ];
        for (what, call, at, level, reason) in rows {
            let (got, reasons) = judge(&[*call], &[], &gov(*at));
            assert_eq!(got, *level, "{what}: {reasons:?}");
            assert!(
                reason.is_empty() || reasons.iter().any(|r| r == reason),
                "{what}: no {reason} in {reasons:?}"
            );
        }
    }

    #[test]
    fn caps_second_codes_and_the_highest_call() {
        let parcel = code(MIN, "Kazpost", Purpose::Delivery, Some(2));
        let (level, reasons) = judge(&[STRANGER], &[], &parcel);
        assert_eq!(level, Low);
        assert!(
            reasons.contains(&"capped:delivery".to_string()),
            "{reasons:?}"
        );

        // Another code during the same connected call: critical; the same code resent: not.
        let first = code(30 * S, "Kaspi.kz", Purpose::Login, Some(4));
        let rows = [
            (
                "another sender",
                code(MIN, "1414", Purpose::GovSignin, Some(4)),
                Critical,
            ),
            (
                "another code",
                code(MIN, "Kaspi.kz", Purpose::Login, Some(5)),
                Critical,
            ),
            (
                "the same code resent",
                code(MIN, "Kaspi.kz", Purpose::Login, Some(4)),
                High,
            ),
            (
                "a hidden one",
                code(MIN, "Kaspi.kz", Purpose::Login, None),
                Critical,
            ),
        ];
        for (what, second, want) in rows {
            let (level, reasons) = judge(&[STRANGER], std::slice::from_ref(&first), &second);
            assert_eq!(level, want, "{what}: {reasons:?}");
        }
        // A code before the answer is not "during" the call.
        let before = code(2 * S, "Kaspi.kz", Purpose::Login, Some(4));
        let (level, _) = judge(&[STRANGER], &[before], &gov(MIN));
        assert_eq!(level, High);

        // Several calls: the highest level wins.
        let contact = Call {
            contact: Some(true),
            start: 10 * S,
            ..STRANGER
        };
        let missed = Call {
            answered: None,
            ended: Some(20 * S),
            start: 0,
            ..STRANGER
        };
        let (level, reasons) = judge(&[missed, contact, STRANGER], &[], &gov(MIN));
        assert_eq!(level, High, "{reasons:?}");
    }

    /// An SMS received more than 30 min after it was sent: at most low whoever calls now, and
    /// never the first of a "second code" or a code "before the answer".
    #[test]
    fn a_late_sms_is_capped_and_counts_for_nothing_else() {
        let late = |at| CodeRecord {
            late: true,
            ..gov(at)
        };
        let (level, reasons) = judge(&[STRANGER], &[], &late(MIN));
        assert_eq!(level, Low, "{reasons:?}");
        assert!(
            reasons.iter().any(|r| r == "capped:late_sms"),
            "{reasons:?}"
        );
        let reported = Call {
            number: Some(REPORTED),
            ..STRANGER
        };
        assert_eq!(judge(&[reported], &[], &late(MIN)).0, Low);
        // No call around: nothing, as for any code.
        let over = Call {
            ended: Some(10 * S),
            ..STRANGER
        };
        assert_eq!(judge(&[over], &[], &late(3 * 3600 * S)).0, Level::None);
        // A late code before the real one is not "another code" in the same call.
        let kaspi = code(2 * MIN, "Kaspi.kz", Purpose::Login, Some(7));
        assert_eq!(judge(&[STRANGER], &[late(MIN)], &kaspi).0, High);
        // Nor a code "just before the answer".
        let call = STRANGER.record(1);
        let got = with_context(|ctx| assess_answer(ctx, &call, &[late(-MIN)]).is_some());
        assert!(!got, "a late code does not warn on the answer");
    }

    /// The stamp of an SMS behind a call phase that was handled before it.
    #[test]
    fn a_late_stamp_is_judged_after_the_phase_handled_before_it() {
        let hour = 60 * MIN;
        let ended_call = Call {
            ended: Some(2 * MIN),
            ..STRANGER
        };
        let rows = [
            (
                "an hour behind the answer",
                STRANGER,
                MIN - hour,
                High,
                "window:connected",
            ),
            (
                "a minute before the call",
                STRANGER,
                -MIN,
                High,
                "window:connected",
            ),
            (
                "an hour behind the end",
                ended_call,
                MIN - hour,
                Medium,
                "window:after_answered_near",
            ),
            (
                "stamped during, handled after the end",
                ended_call,
                MIN,
                High,
                "window:connected",
            ),
            (
                "5 h behind: the clock went back, the code still came after the answer",
                STRANGER,
                -5 * hour,
                High,
                "window:connected",
            ),
            (
                "a year behind the end",
                ended_call,
                -365 * 24 * hour,
                Medium,
                "window:after_answered_near",
            ),
        ];
        for (what, call, at, level, reason) in rows {
            let (got, reasons) = judge(&[call], &[], &gov(at));
            assert_eq!(got, level, "{what}: {reasons:?}");
            assert!(
                reason.is_empty() || reasons.iter().any(|r| r == reason),
                "{what}: no {reason} in {reasons:?}"
            );
        }
        let (_, reasons) = judge(&[STRANGER], &[], &gov(MIN - hour));
        assert!(
            reasons.iter().any(|r| r == "time:late_stamp"),
            "{reasons:?}"
        );
    }

    #[test]
    fn before_the_answer() {
        let call = STRANGER.record(1);
        let rows = [
            ("300 s before", vec![gov(5 * S - 300 * S)], Some(Medium)),
            ("301 s before", vec![gov(5 * S - 301 * S)], None),
            (
                "a parcel code",
                vec![code(0, "Kazpost", Purpose::Delivery, Some(1))],
                Some(Low),
            ),
            (
                "the real code over the parcel",
                vec![gov(-MIN), code(0, "Kazpost", Purpose::Delivery, Some(1))],
                Some(Medium),
            ),
        ];
        for (what, codes, want) in rows {
            let got = with_context(|ctx| assess_answer(ctx, &call, &codes).map(|(f, _)| f.level));
            assert_eq!(got, want, "{what}");
        }
        let contact = Call {
            contact: Some(true),
            ..STRANGER
        }
        .record(2);
        let got = with_context(|ctx| assess_answer(ctx, &contact, &[gov(0)]).is_some());
        assert!(!got, "a contact's answer never warns");
    }
}
