//! What the guard remembers between events: the recent calls (started, answered, ended), the
//! one-time codes that arrived and the risky code moments a later stranger's call may follow up
//! on — and when it may forget them.
//!
//! Pure: no files and no clock. Times are the events' own, in milliseconds since the epoch; no
//! single timestamp, however far in the future or the past, decides what is forgotten (see
//! [`Recent::reference`]).

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;

use serde::{Deserialize, Serialize};
use siphasher::sip::SipHasher24;

use crate::event::{CallEvent, CallPhase, Direction};
use crate::types::{Channel, Purpose};

/// A call never seen to end is over this long after its latest phase (the phone may miss
/// `ended`). Measured from the latest phase, not the ringing: an answer is proof the call was
/// still on, whatever the clock did in between.
pub(crate) const MAX_OPEN_CALL_MS: i64 = 4 * 3600 * 1000;

/// How far ahead of the guard's other records a timestamp may be before it is treated as a
/// wrong clock: an event stamped later than that counts for its own windows, but never decides
/// what else is forgotten, and on open a record that far ahead of the process clock is moved
/// back (see [`restamp_future`]).
pub const TIME_TOLERANCE_MS: i64 = 30 * 60 * 1000;

/// Records kept in memory after a trim; a trim comes when there are twice as many, and keeps
/// the ones nearest the present. A day of a busy phone is a few hundred live records; this only
/// bounds a hostile replay file whose stamps jump about so that nothing ages out.
pub(crate) const MAX_LIVE_RECORDS: usize = 20_000;

/// How far apart, in milliseconds, the two sightings of one SMS can be: its redacted notification
/// in the SMS app and the SMS itself. The SMS app posts the notification within seconds of the
/// SMS reaching the phone, and the SMS centre's clock may be a few minutes off the phone's.
pub(crate) const SAME_SMS_MS: i64 = 5 * 60 * 1000;

/// Bits of a code kept at rest, to tell "another code" from the same one resent. Four bits leave
/// any stored code one of 625 (4 digits) or 62,500 (6 digits) candidates; README has the numbers.
pub(crate) const CODE_TAG_BITS: u32 = 4;

/// The domain key of the code tag. It is fixed (not a secret): with only four bits kept, a key
/// would protect nothing, and a fixed one lets a guard in memory and one on disk agree.
const CODE_TAG_KEY: [u8; 16] = *b"smsguard-otp-tag";

/// The few bits of a code the "another code" rule compares (see [`CODE_TAG_BITS`]).
pub(crate) fn code_tag(code: &str) -> u8 {
    let mut h = SipHasher24::new_with_key(&CODE_TAG_KEY);
    h.write(code.as_bytes());
    (h.finish() & ((1 << CODE_TAG_BITS) - 1)) as u8
}

/// A call as the policy needs it; the log holds its latest state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CallRecord {
    /// Random, so that two processes on one state directory never share one.
    pub id: u64,
    /// Normalised; `None` for a hidden number.
    pub number: Option<String>,
    pub direction: Direction,
    /// `None` when Android did not say (identity unknown).
    pub contact: Option<bool>,
    pub channel: Channel,
    pub start: i64,
    pub answered: Option<i64>,
    pub ended: Option<i64>,
    /// Where the answer stands in the order events were handled (see [`Recent::take_order`]).
    /// Stamps can be wrong; that order cannot. `None` in records of earlier releases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_order: Option<u64>,
}

impl CallRecord {
    /// The time of the latest phase seen.
    pub fn latest(&self) -> i64 {
        self.ended.or(self.answered).unwrap_or(self.start)
    }

    /// The last moment this call can still raise a warning: the far edge of the windows after
    /// its end, or the open-call limit.
    fn reach(&self, horizon_ms: i64) -> i64 {
        match self.ended {
            Some(e) => e.saturating_add(horizon_ms),
            None => self.open_until(),
        }
    }

    /// When a call never seen to end counts as over (see [`MAX_OPEN_CALL_MS`]).
    pub fn open_until(&self) -> i64 {
        self.latest().saturating_add(MAX_OPEN_CALL_MS)
    }

    /// How far along the call is: a later state of the same call replaces an earlier one.
    fn progress(&self) -> (u8, i64) {
        let phases = 1 + u8::from(self.answered.is_some()) + u8::from(self.ended.is_some());
        (phases, self.latest())
    }
}

/// A one-time code that arrived: when, from whom, for what — never the code or the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CodeRecord {
    /// Random, so that merging two processes' logs keeps each code once.
    #[serde(default)]
    pub id: u64,
    /// When the code counts as arrived (its stamp, or just after a call phase handled before it
    /// when the stamp says otherwise; see `assess`).
    pub ts: i64,
    /// Empty for a code seen only in a redacted notification (sender and text hidden).
    pub sender: String,
    pub purpose: Purpose,
    /// [`code_tag`] of the code; `None` when the text was hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_tag: Option<u8>,
    /// Received more than the policy's `late_sms_after_s` after it was sent: kept for the
    /// record, but no "second code" and no "code before the answer".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
    /// Both sightings of this SMS (the redacted notification and the SMS) have been seen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub joined: bool,
    /// The 64-bit keyed hash earlier releases kept; read only to rewrite the log without it.
    #[serde(default, rename = "code_hash", skip_serializing)]
    pub legacy_hash: Option<u64>,
    /// This process's index of the SMS event, for verdicts that point back at it.
    #[serde(skip)]
    pub seq: Option<u64>,
    /// Where the code stands in the order events were handled (see [`Recent::take_order`]);
    /// `None` in records of earlier releases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u64>,
}

impl CodeRecord {
    /// Seen only in a redacted notification so far: sender and text unknown.
    pub fn is_hidden(&self) -> bool {
        self.sender.is_empty()
    }

    /// Codes matter to later answers (the minutes before) and to later codes in the same call.
    fn reach(&self, horizon_ms: i64) -> i64 {
        self.ts.saturating_add(horizon_ms.max(MAX_OPEN_CALL_MS))
    }
}

/// A risky code moment: a code warned at the policy's `second_stage_after` level or above. A
/// stranger's call in the window after it may be the scam's second stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RiskRecord {
    /// Random, like the others, so that merging keeps each moment once.
    pub id: u64,
    /// When the risky code arrived (the window is measured from here).
    pub ts: i64,
    /// The number of the call the code came in (normalised), checked against the reports when a
    /// later call rings; `None` when hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<String>,
    /// The id of that call: its own later phases are not a second stage.
    pub call: u64,
    /// This process's index of the SMS event the moment is about, for verdicts that point back.
    #[serde(skip)]
    pub seq: Option<u64>,
}

/// One line of the state log: `{"t": "call", …}`, `{"t": "code", …}` or `{"t": "risk", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase", try_from = "Line")]
pub(crate) enum Record {
    Call(CallRecord),
    Code(CodeRecord),
    Risk(RiskRecord),
}

/// A log line read as one flat object, then made a [`Record`]. Reading the tagged enum directly
/// would buffer every line through serde's generic content tree, which costs the Android library
/// ~9 KB for nothing.
#[derive(Deserialize)]
struct Line {
    t: Kind,
    #[serde(default)]
    id: u64,
    #[serde(default)]
    number: Option<String>,
    direction: Option<Direction>,
    #[serde(default = "not_a_contact")]
    contact: Option<bool>,
    channel: Option<Channel>,
    start: Option<i64>,
    #[serde(default)]
    answered: Option<i64>,
    #[serde(default)]
    ended: Option<i64>,
    ts: Option<i64>,
    sender: Option<String>,
    purpose: Option<Purpose>,
    #[serde(default)]
    code_tag: Option<u8>,
    #[serde(default)]
    code_hash: Option<u64>,
    #[serde(default)]
    late: bool,
    #[serde(default)]
    joined: bool,
    caller: Option<String>,
    call: Option<u64>,
    #[serde(default)]
    order: Option<u64>,
    #[serde(default)]
    answered_order: Option<u64>,
}

fn not_a_contact() -> Option<bool> {
    Some(false)
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Call,
    Code,
    Risk,
    /// A line of `history.log` (see [`read_moment`]).
    Moment,
}

/// The id, time and caller of a `history.log` line (`{"t": "moment", …}`). Read by the log's
/// flat reader, which ignores the other fields: one reader for both files costs the Android
/// library less than two.
pub(crate) fn read_moment(json: &str) -> Result<(u64, i64, Option<String>), &'static str> {
    let line: Line = serde_json::from_str(json).map_err(|_| "not a moment")?;
    match (line.t, line.ts) {
        (Kind::Moment, Some(ts)) => Ok((line.id, ts, line.caller)),
        _ => Err("not a moment"),
    }
}

impl TryFrom<Line> for Record {
    type Error = &'static str;

    fn try_from(l: Line) -> Result<Record, &'static str> {
        Ok(match l.t {
            Kind::Call => Record::Call(CallRecord {
                id: l.id,
                number: l.number,
                direction: l.direction.ok_or("a call without direction")?,
                contact: l.contact,
                channel: l.channel.ok_or("a call without channel")?,
                start: l.start.ok_or("a call without start")?,
                answered: l.answered,
                ended: l.ended,
                answered_order: l.answered_order,
            }),
            Kind::Code => Record::Code(CodeRecord {
                id: l.id,
                ts: l.ts.ok_or("a code without time")?,
                sender: l.sender.ok_or("a code without sender")?,
                purpose: l.purpose.ok_or("a code without purpose")?,
                code_tag: l.code_tag,
                late: l.late,
                joined: l.joined,
                legacy_hash: l.code_hash,
                seq: None,
                order: l.order,
            }),
            Kind::Moment => return Err("a history moment"),
            Kind::Risk => Record::Risk(RiskRecord {
                id: l.id,
                ts: l.ts.ok_or("a risk without time")?,
                caller: l.caller,
                call: l.call.ok_or("a risk without its call")?,
                seq: None,
            }),
        })
    }
}

impl Record {
    /// Moves each of the record's times later than `limit` back by `by` milliseconds (not below
    /// `i64::MIN`), keeping a call's phases in order; whether any moved. The handling order
    /// (`order`, `answered_order`) is kept, so the record still comes where it came.
    fn move_back_later_than(&mut self, limit: i64, by: i128) -> bool {
        let back = |t: &mut i64| {
            let later = *t > limit;
            if later {
                *t = (i128::from(*t) - by).max(i128::from(i64::MIN)) as i64;
            }
            later
        };
        match self {
            Record::Call(c) => {
                let mut moved = back(&mut c.start);
                if let Some(a) = &mut c.answered {
                    moved |= back(a);
                    *a = (*a).max(c.start);
                }
                if let Some(e) = &mut c.ended {
                    moved |= back(e);
                    *e = (*e).max(c.answered.unwrap_or(c.start));
                }
                moved
            }
            Record::Code(k) => back(&mut k.ts),
            Record::Risk(r) => back(&mut r.ts),
        }
    }

    /// Every time the record holds.
    fn times(&self) -> impl Iterator<Item = i64> {
        let (a, b, c) = match self {
            Record::Call(c) => (Some(c.start), c.answered, c.ended),
            Record::Code(k) => (Some(k.ts), None, None),
            Record::Risk(r) => (Some(r.ts), None, None),
        };
        a.into_iter().chain(b).chain(c)
    }
}

/// The repair of records a wrong clock stamped in the future, when a process opens the state
/// with its clock `now`: every time more than [`TIME_TOLERANCE_MS`] after `now` moves back by
/// one offset, the one that puts the latest of them at `now`. Returns how many records moved.
///
/// One offset, not "each to `now`": a clock that is off is off by the same amount for every
/// record it stamped, so their distances from one another are real — a call answered four
/// minutes before the latest of them is still four minutes before, and a call or risky moment
/// that no window reached any more by then stays forgotten. Moving every one to `now` once made
/// a call that ended days before (or a risky moment of yesterday) count as just now, and when the
/// clock at open is the wrong one (a phone that boots in 1970), every record in the log did.
/// The latest lands at `now` because it was written before the process started: the others
/// come out as recent as they can have been, never older.
pub(crate) fn restamp_future(records: &mut [Record], now: i64) -> usize {
    let limit = now.saturating_add(TIME_TOLERANCE_MS);
    let Some(latest) = records
        .iter()
        .flat_map(Record::times)
        .filter(|&t| t > limit)
        .max()
    else {
        return 0;
    };
    let by = i128::from(latest) - i128::from(now);
    records
        .iter_mut()
        .map(|r| r.move_back_later_than(limit, by))
        .filter(|&moved| moved)
        .count()
}

/// How long records can still matter, in milliseconds: calls and codes by the windows around a
/// call, risky code moments by the second stage's window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Horizon {
    pub calls_ms: i64,
    pub risks_ms: i64,
}

/// The calls, codes and risky moments that can still matter.
#[derive(Debug, Clone, Default)]
pub(crate) struct Recent {
    pub calls: Vec<CallRecord>,
    pub codes: Vec<CodeRecord>,
    pub risks: Vec<RiskRecord>,
    /// The next place in the order events were handled: past every record's, so a guard
    /// reopened on the log (or reading another process's records) continues it.
    next_order: u64,
}

impl Recent {
    /// The next place in the order of answers and codes.
    pub fn take_order(&mut self) -> u64 {
        let order = self.next_order;
        self.next_order += 1;
        order
    }

    fn follow_order(&mut self, order: Option<u64>) {
        if let Some(o) = order {
            self.next_order = self.next_order.max(o.saturating_add(1));
        }
    }

    /// Applies one call phase and returns the index of the call it belongs to.
    ///
    /// A start is always a new call. An answer or hang-up goes to the latest live call with the
    /// same number, direction and channel (not yet answered, for an answer); one whose start was
    /// never seen (the app was not running) starts the call there. A phase stamped before the
    /// call's earlier one is taken at that earlier time.
    pub fn on_call(&mut self, number: Option<String>, c: &CallEvent, new_id: u64) -> usize {
        let same_call = |r: &CallRecord| {
            r.number == number
                && r.direction == c.direction
                && r.channel == c.channel
                && r.ended.is_none()
        };
        let found = match c.phase {
            CallPhase::Start => None,
            CallPhase::Answered => self
                .calls
                .iter()
                .rposition(|r| same_call(r) && r.answered.is_none()),
            CallPhase::Ended => self.calls.iter().rposition(same_call),
        };
        let index = found.unwrap_or_else(|| {
            self.calls.push(CallRecord {
                id: new_id,
                number: number.clone(),
                direction: c.direction,
                contact: c.contact,
                channel: c.channel,
                start: c.ts,
                answered: None,
                ended: None,
                answered_order: None,
            });
            self.calls.len() - 1
        });
        let answer_order = (c.phase == CallPhase::Answered).then(|| self.take_order());
        let call = &mut self.calls[index];
        call.contact = c.contact;
        match c.phase {
            CallPhase::Start => {}
            CallPhase::Answered => {
                call.answered = Some(c.ts.max(call.start));
                call.answered_order = answer_order;
            }
            CallPhase::Ended => call.ended = Some(c.ts.max(call.answered.unwrap_or(call.start))),
        }
        index
    }

    /// Takes in records read back from disk (this process's or another's): a call replaces the
    /// one with its id when it is further along, a code is added once (its joined state wins).
    pub fn merge(&mut self, records: Vec<Record>) {
        let mut calls: HashMap<u64, usize> = self
            .calls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let mut codes: HashMap<u64, usize> = self
            .codes
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id, i))
            .collect();
        let mut risks: HashSet<u64> = self.risks.iter().map(|r| r.id).collect();
        for record in records {
            match &record {
                Record::Call(c) => self.follow_order(c.answered_order),
                Record::Code(k) => self.follow_order(k.order),
                Record::Risk(_) => {}
            }
            match record {
                Record::Call(c) => match calls.get(&c.id) {
                    Some(&i) if self.calls[i].progress() < c.progress() => self.calls[i] = c,
                    Some(_) => {}
                    None => {
                        calls.insert(c.id, self.calls.len());
                        self.calls.push(c);
                    }
                },
                Record::Code(k) => match codes.get(&k.id) {
                    Some(&i) if k.joined && !self.codes[i].joined => self.codes[i] = k,
                    Some(_) => {}
                    None => {
                        codes.insert(k.id, self.codes.len());
                        self.codes.push(k);
                    }
                },
                Record::Risk(r) => {
                    if risks.insert(r.id) {
                        self.risks.push(r);
                    }
                }
            }
        }
    }

    /// The code the other sighting of the same SMS left, not yet joined to one.
    ///
    /// For a redacted notification (`hidden`) received at `at`: an SMS code received within
    /// [`SAME_SMS_MS`] of it. For an SMS sent at `sent` (when known) and received at `at`: a
    /// notification code within [`SAME_SMS_MS`] of the sending time — the SMS app posts it when
    /// the SMS reaches the phone, hours before a held-back SMS reaches this app — or else of the
    /// arrival. Nearest first.
    pub fn same_sms(
        &mut self,
        hidden: bool,
        sent: Option<i64>,
        at: i64,
    ) -> Option<&mut CodeRecord> {
        let sent = sent.unwrap_or(at);
        let rank = |ts: i64| {
            let (by_sent, by_arrival) = (ts.abs_diff(sent), ts.abs_diff(at));
            let near = |d: u64| d <= SAME_SMS_MS as u64;
            if hidden {
                near(by_arrival).then_some((0, by_arrival))
            } else if near(by_sent) {
                Some((0, by_sent))
            } else {
                near(by_arrival).then_some((1, by_arrival))
            }
        };
        self.codes
            .iter_mut()
            .filter(|k| !k.joined && !k.late && k.is_hidden() != hidden)
            .filter_map(|k| Some((rank(k.ts)?, k)))
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, k)| k)
    }

    /// Every record, calls first, for rewriting the log.
    pub fn records(&self) -> Vec<Record> {
        self.calls
            .iter()
            .cloned()
            .map(Record::Call)
            .chain(self.codes.iter().cloned().map(Record::Code))
            .chain(self.risks.iter().cloned().map(Record::Risk))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.calls.len() + self.codes.len() + self.risks.len()
    }

    /// Every record's time (the latest phase of a call).
    fn times(&self) -> impl Iterator<Item = i64> + '_ {
        self.calls
            .iter()
            .map(CallRecord::latest)
            .chain(self.codes.iter().map(|k| k.ts))
            .chain(self.risks.iter().map(|r| r.ts))
    }

    /// The time forgetting is measured from when an event at `t` is handled: the second-latest
    /// time among the records and `t`, and never later than `t`.
    ///
    /// So what the event's own windows reach is never forgotten, and a single timestamp from the
    /// future (a wrong clock, a hostile file) cannot make the present forgotten: it takes a
    /// second event that far ahead to confirm the clock really moved. In order, this lags one
    /// event behind, which costs a few records of memory.
    pub fn reference(&self, t: i64) -> i64 {
        let mut top = [t, i64::MIN];
        for time in self.times() {
            if time > top[0] {
                top = [time, top[0]];
            } else if time > top[1] {
                top[1] = time;
            }
        }
        t.min(top[1])
    }

    /// Forgets what no window can reach from `reference` on; past twice [`MAX_LIVE_RECORDS`],
    /// keeps that many, the ones nearest to `reference`.
    pub fn prune(&mut self, reference: i64, horizon: Horizon) {
        self.calls
            .retain(|c| c.reach(horizon.calls_ms) >= reference);
        self.codes
            .retain(|k| k.reach(horizon.calls_ms) >= reference);
        self.risks
            .retain(|r| r.ts.saturating_add(horizon.risks_ms) >= reference);
        if self.len() > 2 * MAX_LIVE_RECORDS {
            let distance = |t: i64| t.abs_diff(reference);
            let mut times: Vec<u64> = self.times().map(distance).collect();
            times.sort_unstable();
            let cut = times[MAX_LIVE_RECORDS - 1];
            self.calls.retain(|c| distance(c.latest()) <= cut);
            self.codes.retain(|k| distance(k.ts) <= cut);
            self.risks.retain(|r| distance(r.ts) <= cut);
        }
    }

    /// Whether a record can still matter at `reference` (the same test as [`Recent::prune`]).
    pub fn is_live(record: &Record, reference: i64, horizon: Horizon) -> bool {
        match record {
            Record::Call(c) => c.reach(horizon.calls_ms) >= reference,
            Record::Code(k) => k.reach(horizon.calls_ms) >= reference,
            Record::Risk(r) => r.ts.saturating_add(horizon.risks_ms) >= reference,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_764_064_800_000;
    const MIN: i64 = 60_000;
    const HORIZON: Horizon = Horizon {
        calls_ms: 30 * MIN,
        risks_ms: 24 * 60 * MIN,
    };

    fn event(ts: i64, phase: CallPhase) -> CallEvent {
        CallEvent {
            ts,
            phase,
            number: Some("+77015550142".into()),
            direction: Direction::Incoming,
            contact: Some(false),
            channel: Channel::Cellular,
        }
    }

    fn number() -> Option<String> {
        Some("+77015550142".into())
    }

    fn code(ts: i64) -> CodeRecord {
        CodeRecord {
            id: ts as u64,
            ts,
            sender: "1414".into(),
            purpose: Purpose::GovSignin,
            code_tag: Some(3),
            late: false,
            joined: false,
            legacy_hash: None,
            seq: None,
            order: None,
        }
    }

    #[test]
    fn phases_join_their_call_and_an_answer_without_a_start_starts_one() {
        let mut r = Recent::default();
        let a = r.on_call(number(), &event(T, CallPhase::Start), 1);
        assert_eq!(
            r.on_call(number(), &event(T + 5_000, CallPhase::Answered), 2),
            a
        );
        assert_eq!(
            r.on_call(number(), &event(T + 9_000, CallPhase::Ended), 3),
            a
        );
        assert_eq!(
            (r.calls[a].answered, r.calls[a].ended),
            (Some(T + 5_000), Some(T + 9_000))
        );
        // A second answer for a number with no call waiting: a call of its own, from there.
        let b = r.on_call(number(), &event(T + 20_000, CallPhase::Answered), 4);
        assert_ne!(a, b);
        assert_eq!((r.calls[b].start, r.calls[b].id), (T + 20_000, 4));
        // A hang-up stamped before the answer is taken at the answer.
        r.on_call(number(), &event(T + 1_000, CallPhase::Ended), 5);
        assert_eq!(r.calls[b].ended, Some(T + 20_000));
    }

    /// The table of what is forgotten when: (records' times, event time, expected reference).
    #[test]
    fn one_far_timestamp_never_moves_the_reference() {
        let cases = [
            // In order: the event before.
            (vec![T, T + MIN], T + 2 * MIN, T + MIN),
            // One code a day ahead: the present still counts.
            (vec![T, T + 24 * 60 * MIN], T + MIN, T + MIN),
            // The event itself is a day ahead: it is measured from the latest other record.
            (vec![T, T + MIN], T + 24 * 60 * MIN, T + MIN),
            // Two records a day ahead: the clock really moved, and the event is in the past.
            (vec![T + 24 * 60 * MIN, T + 24 * 60 * MIN + 5], T, T),
            // Two a day ahead and the event with them.
            (
                vec![T + 24 * 60 * MIN, T + 24 * 60 * MIN + 5],
                T + 24 * 60 * MIN + 9,
                T + 24 * 60 * MIN + 5,
            ),
            // Nothing remembered yet: nothing to forget.
            (vec![], T, i64::MIN),
        ];
        for (times, t, want) in cases {
            let r = Recent {
                codes: times.iter().map(|&ts| code(ts)).collect(),
                ..Recent::default()
            };
            assert_eq!(r.reference(t), want, "{times:?} at {t}");
        }
    }

    #[test]
    fn prune_keeps_what_a_window_reaches() {
        let mut r = Recent::default();
        r.on_call(number(), &event(T, CallPhase::Start), 1);
        r.on_call(number(), &event(T + 60_000, CallPhase::Ended), 1);
        r.on_call(Some("+77770000001".into()), &event(T, CallPhase::Start), 2);
        r.codes.push(code(T));
        r.risks.push(RiskRecord {
            id: 9,
            ts: T,
            caller: number(),
            call: 1,
            seq: None,
        });
        r.prune(T + 60_000 + HORIZON.calls_ms, HORIZON);
        assert_eq!((r.calls.len(), r.codes.len()), (2, 1), "at the edge");
        r.prune(T + 60_001 + HORIZON.calls_ms, HORIZON);
        assert_eq!(r.calls.len(), 1, "the ended call goes first");
        r.prune(T + MAX_OPEN_CALL_MS + 1, HORIZON);
        assert_eq!((r.calls.len(), r.codes.len(), r.risks.len()), (0, 0, 1));
        r.prune(T + HORIZON.risks_ms, HORIZON);
        assert_eq!(r.risks.len(), 1, "a risky moment lasts its whole window");
        r.prune(T + HORIZON.risks_ms + 1, HORIZON);
        assert!(r.risks.is_empty());
    }

    #[test]
    fn merge_keeps_the_further_state_and_each_code_once() {
        let mut r = Recent::default();
        let i = r.on_call(number(), &event(T, CallPhase::Start), 7);
        let mut answered = r.calls[i].clone();
        answered.answered = Some(T + 1);
        r.merge(vec![Record::Call(answered.clone())]);
        r.merge(vec![Record::Call(CallRecord {
            answered: None,
            ..answered
        })]);
        assert_eq!(r.calls[i].answered, Some(T + 1));
        r.merge(vec![Record::Code(code(T)), Record::Code(code(T))]);
        assert_eq!(r.codes.len(), 1);
    }

    /// The two sightings of one SMS: a redacted notification (no sender) and the SMS itself.
    #[test]
    fn same_sms_finds_the_other_sighting_nearest_to_the_sending_time() {
        let hidden = |ts| CodeRecord {
            sender: String::new(),
            code_tag: None,
            ..code(ts)
        };
        let mut r = Recent {
            codes: vec![hidden(T), hidden(T + 2 * MIN), code(T + MIN)],
            ..Recent::default()
        };
        // A notification finds an SMS code near it, never another notification.
        let found = r.same_sms(true, None, T + MIN + 3_000).map(|k| k.ts);
        assert_eq!(found, Some(T + MIN));
        // An SMS finds the notification nearest to when it was sent…
        let found = r.same_sms(false, Some(T + 2 * MIN - 1_000), T + 2 * MIN + 500);
        assert_eq!(found.map(|k| k.ts), Some(T + 2 * MIN));
        // …also three hours later (Android 17's hold), by its sending time.
        let found = r.same_sms(false, Some(T + 10_000), T + 3 * 60 * MIN);
        assert_eq!(found.map(|k| k.ts), Some(T));
        // A joined one is taken; one further than SAME_SMS_MS is another message.
        r.codes[0].joined = true;
        let found = r.same_sms(false, Some(T), T + 3 * 60 * MIN).map(|k| k.ts);
        assert_eq!(found, Some(T + 2 * MIN));
        assert!(r.same_sms(true, None, T + MIN + SAME_SMS_MS + 1).is_none());
        // Between its sending and its arrival, far from both, is another message's notification.
        r.codes.push(hidden(T + 90 * MIN));
        let found = r
            .same_sms(false, Some(T + 60 * MIN), T + 4 * 60 * MIN)
            .map(|k| k.ts);
        assert_eq!(found, None);
        // A late SMS is never the other half of a notification posted now.
        r.codes.push(CodeRecord {
            late: true,
            ..code(T + 60 * MIN)
        });
        assert!(r.same_sms(true, None, T + 60 * MIN).is_none());
    }

    /// A code's joined state survives a merge with an older copy of it, in either order.
    #[test]
    fn merge_keeps_a_code_joined() {
        let joined = CodeRecord {
            joined: true,
            ..code(T)
        };
        let mut r = Recent::default();
        r.merge(vec![Record::Code(code(T)), Record::Code(joined.clone())]);
        r.merge(vec![Record::Code(code(T))]);
        assert_eq!(r.codes, vec![joined]);
    }

    #[test]
    fn code_tags_keep_four_bits() {
        let tags: std::collections::HashSet<u8> =
            (0..10_000).map(|c| code_tag(&format!("{c:04}"))).collect();
        assert_eq!(tags.len(), 16);
        assert!(tags.iter().all(|&t| t < 16));
        assert_eq!(code_tag("4821"), code_tag("4821"));
    }
}
