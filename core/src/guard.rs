//! The guard: phone events in, verdicts out.
//!
//! It remembers recent calls and codes (on disk when opened on a directory, so the app
//! may be killed between the call and the SMS), and the numbers the person reported.
//! A one-time code near a call from a stranger gets a warning whose level comes from
//! the policy in `rules/policy.json`.

use std::hash::Hasher;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use siphasher::sip::SipHasher24;

use crate::detector::{Classification, Detector};
use crate::event::{CallEvent, CallPhase, Direction, Event, ReportEvent, SmsEvent};
use crate::phone_number;
use crate::policy::{CallerLevels, Policy};
use crate::reports::{ImportSummary, ReportError, ReportedNumber, Reports};
use crate::rules::{RulePack, RulesError, Texts};
use crate::senders::SenderInfo;
use crate::store::{CallRecord, CodeRecord, Record, Store, KEY_LEN};
use crate::types::{Level, Purpose, SenderKind};
use crate::warning::{CallerKind, Situation, Warning, WarningFacts, WarningTexts};

/// A call not seen to end is forgotten after this long (the phone may miss `ended`).
const MAX_OPEN_CALL_MS: i64 = 4 * 3600 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    #[error("{0}")]
    InvalidInput(String),
    #[error("rules: {0}")]
    Rules(#[from] RulesError),
    #[error("state directory: {0}")]
    Io(#[from] std::io::Error),
}

impl GuardError {
    /// The caller passed something wrong (as opposed to the disk failing).
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, GuardError::InvalidInput(_))
    }
}

impl From<ReportError> for GuardError {
    fn from(e: ReportError) -> Self {
        GuardError::InvalidInput(e.to_string())
    }
}

impl From<crate::event::BadWord> for GuardError {
    fn from(e: crate::event::BadWord) -> Self {
        GuardError::InvalidInput(e.to_string())
    }
}

/// The detector's facts about an SMS, without the code itself: nothing downstream
/// needs it, so it never leaves the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtpFacts {
    pub is_otp: bool,
    pub code_seen: bool,
    pub purpose: Option<Purpose>,
    pub sender_kind: SenderKind,
    pub reasons: Vec<String>,
}

impl From<&Classification> for OtpFacts {
    fn from(c: &Classification) -> Self {
        OtpFacts {
            is_otp: c.is_otp,
            code_seen: c.code.is_some(),
            purpose: c.purpose,
            sender_kind: c.sender_kind,
            reasons: c.reasons.clone(),
        }
    }
}

/// The answer to one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub level: Level,
    /// Machine-readable: where the code fell, who called, what capped the level.
    pub reasons: Vec<String>,
    /// Index (since this guard was opened) of the SMS event the warning is about.
    pub about: Option<u64>,
    /// Time of that SMS, known even when it arrived before a restart.
    pub about_ts: Option<i64>,
    /// The number of the call that raised the warning, so the person can report it;
    /// `None` for a hidden number or no warning.
    pub caller: Option<String>,
    /// For SMS events: what the detector found.
    pub otp: Option<OtpFacts>,
    pub warning: Option<Warning>,
}

impl Verdict {
    fn quiet(reasons: Vec<String>, otp: Option<OtpFacts>) -> Verdict {
        Verdict {
            level: Level::None,
            reasons,
            about: None,
            about_ts: None,
            caller: None,
            otp,
            warning: None,
        }
    }

    /// The JSON line `smsguard replay` prints and the bridge returns.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| r#"{"level":"none"}"#.to_string())
    }
}

/// The level one call gives one code, and why.
#[derive(Debug, Clone, Copy)]
struct Finding<'a> {
    level: Level,
    situation: Situation,
    call: &'a CallRecord,
    reported: bool,
    capped: Option<&'static str>,
    window: &'static str,
}

struct State {
    calls: Vec<CallRecord>,
    codes: Vec<CodeRecord>,
    reports: Reports,
    next_call_id: u64,
    /// Events handled since the guard was opened.
    seq: u64,
    /// The latest event time seen: pruning is relative to the events, not the clock.
    now: i64,
    store: Option<Store>,
}

/// The guard. `Send + Sync`: SMS and call events may come from different threads.
pub struct Guard {
    detector: Detector,
    policy: Policy,
    warnings: WarningTexts,
    rules_version: String,
    key: [u8; KEY_LEN],
    notes: Vec<String>,
    state: Mutex<State>,
}

impl Guard {
    /// A guard whose state lives only in memory.
    pub fn in_memory(rules: RulePack) -> Result<Guard, GuardError> {
        let mut key = [0; KEY_LEN];
        getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
        Self::build(rules, key, Vec::new(), Reports::default(), None, Vec::new())
    }

    /// A guard whose state is kept in `dir` (created if missing). Damage found there is
    /// recovered as far as it goes and described in [`Guard::recovery_notes`].
    pub fn open(dir: &Path, rules: RulePack) -> Result<Guard, GuardError> {
        let (store, loaded) = Store::open(dir)?;
        for note in &loaded.notes {
            log::warn!("state recovered: {note}");
        }
        Self::build(
            rules,
            loaded.key,
            loaded.records,
            loaded.reports,
            Some(store),
            loaded.notes,
        )
    }

    fn build(
        rules: RulePack,
        key: [u8; KEY_LEN],
        records: Vec<Record>,
        reports: Reports,
        store: Option<Store>,
        notes: Vec<String>,
    ) -> Result<Guard, GuardError> {
        let detector = Detector::new(&rules)?;
        let mut state = State {
            calls: Vec::new(),
            codes: Vec::new(),
            reports,
            next_call_id: 0,
            seq: 0,
            now: i64::MIN,
            store,
        };
        for r in records {
            match r {
                Record::Call(c) => {
                    state.now = state.now.max(c.ended.or(c.answered).unwrap_or(c.start));
                    state.next_call_id = state.next_call_id.max(c.id + 1);
                    match state.calls.iter_mut().find(|x| x.id == c.id) {
                        Some(existing) => *existing = c,
                        None => state.calls.push(c),
                    }
                }
                Record::Code(c) => {
                    state.now = state.now.max(c.ts);
                    state.codes.push(c);
                }
            }
        }
        let guard = Guard {
            detector,
            policy: rules.policy,
            warnings: rules.warnings,
            rules_version: rules.version,
            key,
            notes,
            state: Mutex::new(state),
        };
        {
            let mut st = guard.lock();
            guard.prune(&mut st)?;
        }
        Ok(guard)
    }

    pub fn rules_version(&self) -> &str {
        &self.rules_version
    }

    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// What was damaged in the state directory when it was opened.
    pub fn recovery_notes(&self) -> &[String] {
        &self.notes
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves the state consistent: every
        // change is a single push or field update. Keep going rather than poison forever.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Handles one event and returns its verdict. Anything that can matter later is on
    /// disk before this returns.
    pub fn handle(&self, event: Event) -> Result<Verdict, GuardError> {
        let mut st = self.lock();
        let seq = st.seq;
        st.seq += 1;
        st.now = st.now.max(event.ts());
        // Forget what no window reaches before judging, so the answer depends only on
        // the events, not on when the process last restarted.
        self.prune(&mut st)?;
        match event {
            Event::Call(c) => self.on_call(&mut st, c),
            Event::Sms(s) => self.on_sms(&mut st, s, seq),
            Event::Report(r) => self.on_report(&mut st, r),
        }
    }

    /// Parses a `smsguard replay` JSON line and handles it.
    pub fn handle_json(&self, line: &str) -> Result<Verdict, GuardError> {
        let event: Event =
            serde_json::from_str(line).map_err(|e| GuardError::InvalidInput(e.to_string()))?;
        self.handle(event)
    }

    fn on_call(&self, st: &mut State, c: CallEvent) -> Result<Verdict, GuardError> {
        let number = c
            .number
            .as_deref()
            .map(phone_number::normalise)
            .filter(|n| !n.is_empty());
        let same_call = |r: &CallRecord| {
            r.number == number
                && r.direction == c.direction
                && r.channel == c.channel
                && r.ended.is_none()
        };
        let open = st
            .calls
            .iter()
            .rposition(|r| same_call(r) && r.answered.is_none());
        let live = st.calls.iter().rposition(same_call);
        let index = match (c.phase, open, live) {
            (CallPhase::Start, _, _) => None,
            (CallPhase::Answered, Some(i), _) => Some(i),
            (CallPhase::Ended, _, Some(i)) => Some(i),
            // An answer or hang-up whose start was never seen (the app was not running):
            // the call starts there.
            _ => None,
        };
        let index = match index {
            Some(i) => i,
            None => {
                let id = st.next_call_id;
                st.next_call_id += 1;
                st.calls.push(CallRecord {
                    id,
                    number: number.clone(),
                    direction: c.direction,
                    contact: c.contact,
                    channel: c.channel,
                    start: c.ts,
                    answered: None,
                    ended: None,
                });
                st.calls.len() - 1
            }
        };
        let call = &mut st.calls[index];
        call.contact = c.contact;
        match c.phase {
            CallPhase::Start => {}
            CallPhase::Answered => call.answered = Some(c.ts.max(call.start)),
            CallPhase::Ended => call.ended = Some(c.ts.max(call.answered.unwrap_or(call.start))),
        }
        let record = Record::Call(call.clone());
        if let Some(store) = st.store.as_mut() {
            store.append(&record)?;
        }
        let mut reasons = vec![format!("call:{}", c.phase.as_str())];
        // The shell may block a reported caller; it learns of the report here.
        if number.as_deref().is_some_and(|n| st.reports.contains(n)) {
            reasons.push("caller:reported".into());
        }
        if c.phase != CallPhase::Answered {
            return Ok(Verdict::quiet(reasons, None));
        }
        // A code that came just before this answer: the caller may be about to ask for it.
        let call = &st.calls[index];
        let Some(answered) = call.answered else {
            return Ok(Verdict::quiet(reasons, None));
        };
        let Some(f) = self.risk_of(
            st,
            call,
            self.policy.before_answer,
            Situation::BeforeAnswer,
            "before_answer",
        ) else {
            return Ok(Verdict::quiet(reasons, None));
        };
        let reach = i64::from(self.policy.before_answer_s) * 1000;
        // The highest level any such code gets; among equals, the latest code.
        let best = st
            .codes
            .iter()
            .filter(|k| k.ts < answered && answered.saturating_sub(k.ts) <= reach)
            .map(|k| (cap(f.level, k.purpose, &self.policy).0, k))
            .filter(|(level, _)| *level > Level::None)
            .max_by_key(|(level, k)| (*level, k.ts));
        let Some((level, code)) = best else {
            return Ok(Verdict::quiet(reasons, None));
        };
        let capped = cap(f.level, code.purpose, &self.policy).1.or(f.capped);
        describe(&mut reasons, &f, capped);
        let sender = self.detector.senders().lookup(&code.sender);
        let warning = self.warning(level, f.situation, &f, &sender, &code.sender, code.purpose);
        Ok(Verdict {
            level,
            reasons,
            about: code.seq,
            about_ts: Some(code.ts),
            caller: f.call.number.clone(),
            otp: None,
            warning: Some(warning),
        })
    }

    fn on_sms(&self, st: &mut State, s: SmsEvent, seq: u64) -> Result<Verdict, GuardError> {
        let class = self.detector.classify(&s.sender, s.body.as_deref());
        let facts = OtpFacts::from(&class);
        let (Some(purpose), true) = (class.purpose, class.is_otp) else {
            return Ok(Verdict::quiet(vec!["not_otp".into()], Some(facts)));
        };
        let code = CodeRecord {
            ts: s.ts,
            sender: s.sender.trim().to_string(),
            purpose,
            code_hash: class.code.as_ref().map(|c| self.hash(c.expose())),
            seq: Some(seq),
        };
        if let Some(store) = st.store.as_mut() {
            store.append(&Record::Code(code.clone()))?;
        }
        let mut best: Option<Finding<'_>> = None;
        for call in &st.calls {
            let Some(f) = self.finding(st, call, &code) else {
                continue;
            };
            if best.is_none_or(|b| {
                f.level > b.level || (f.level == b.level && f.call.start >= b.call.start)
            }) {
                best = Some(f);
            }
        }
        let mut reasons = vec!["otp".to_string()];
        let level_and_cap = best.map(|f| (f, cap(f.level, purpose, &self.policy)));
        let verdict = match level_and_cap {
            Some((f, (level, capped))) if level > Level::None => {
                describe(&mut reasons, &f, capped.or(f.capped));
                let sender = self.detector.senders().lookup(&code.sender);
                let warning = self.warning(level, f.situation, &f, &sender, &code.sender, purpose);
                Verdict {
                    level,
                    reasons,
                    about: Some(seq),
                    about_ts: Some(code.ts),
                    caller: f.call.number.clone(),
                    otp: Some(facts),
                    warning: Some(warning),
                }
            }
            _ => {
                reasons.push("no_risky_call".into());
                Verdict::quiet(reasons, Some(facts))
            }
        };
        st.codes.push(code);
        Ok(verdict)
    }

    fn on_report(&self, st: &mut State, r: ReportEvent) -> Result<Verdict, GuardError> {
        let reason = if r.remove {
            st.reports.remove(&r.number);
            "report:removed"
        } else {
            st.reports
                .add(&r.number, r.ts, r.note.as_deref().unwrap_or(""))?;
            "report:added"
        };
        if let Some(store) = &st.store {
            store.save_reports(&st.reports)?;
        }
        Ok(Verdict::quiet(vec![reason.into()], None))
    }

    /// What one call makes of one code that arrives at `code.ts`.
    fn finding<'a>(
        &self,
        st: &State,
        call: &'a CallRecord,
        code: &CodeRecord,
    ) -> Option<Finding<'a>> {
        let t = code.ts;
        if t < call.start {
            return None;
        }
        let p = &self.policy;
        let (levels, situation, window) = match (call.answered, call.ended) {
            (Some(a), end) if t >= a && end.is_none_or(|e| t <= e) => {
                (p.connected, Situation::Connected, "connected")
            }
            (Some(a), _) if t < a => (p.ringing, Situation::Ringing, "ringing"),
            (None, end) if end.is_none_or(|e| t <= e) => (p.ringing, Situation::Ringing, "ringing"),
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
        let mut f = self.risk_of(st, call, levels, situation, window)?;
        // A second, different code while the same risky call is connected.
        if situation == Situation::Connected
            && f.capped.is_none()
            && code.purpose != Purpose::Delivery
        {
            let answered = call.answered.unwrap_or(call.start);
            let another = st.codes.iter().any(|k| {
                k.ts >= answered
                    && k.ts <= t
                    && k.purpose != Purpose::Delivery
                    && (k.sender != code.sender || k.code_hash != code.code_hash)
            });
            if another && p.second_code > f.level {
                f.level = p.second_code;
                f.situation = Situation::SecondCode;
            }
        }
        Some(f)
    }

    /// The level a call gives, if the call is risky: a stranger calling in, or a
    /// reported number either way. Contacts and calls to official numbers never are.
    fn risk_of<'a>(
        &self,
        st: &State,
        call: &'a CallRecord,
        levels: CallerLevels,
        situation: Situation,
        window: &'static str,
    ) -> Option<Finding<'a>> {
        let reported = call
            .number
            .as_deref()
            .is_some_and(|n| st.reports.contains(n));
        let finding = |level, situation, capped| Finding {
            level,
            situation,
            call,
            reported,
            capped,
            window,
        };
        if reported {
            return Some(finding(levels.reported, situation, None));
        }
        if call.contact && call.number.is_some() {
            return None;
        }
        match call.direction {
            Direction::Incoming => Some(finding(levels.unknown, situation, None)),
            Direction::Outgoing => {
                let number = call.number.as_deref()?;
                if self.detector.senders().is_official_number(number) {
                    return None;
                }
                let level = levels.unknown.min(self.policy.outgoing_unknown_cap);
                let capped = (level < levels.unknown).then_some("capped:outgoing");
                Some(finding(level, Situation::Outgoing, capped))
            }
        }
    }

    fn warning(
        &self,
        level: Level,
        situation: Situation,
        f: &Finding<'_>,
        sender: &SenderInfo<'_>,
        raw_sender: &str,
        purpose: Purpose,
    ) -> Warning {
        let plain;
        let display = match sender.rule {
            Some(r) => &r.display,
            None => {
                plain = Texts {
                    kk: raw_sender.into(),
                    ru: raw_sender.into(),
                    en: raw_sender.into(),
                };
                &plain
            }
        };
        let caller = if f.reported {
            CallerKind::Reported
        } else if f.call.number.is_none() {
            CallerKind::Hidden
        } else {
            CallerKind::Unknown
        };
        self.warnings.compose(&WarningFacts {
            level,
            situation,
            caller,
            channel: f.call.channel,
            purpose,
            sender: display,
            sender_unlocks: sender.rule.and_then(|r| r.unlocks.as_ref()),
            official_number: sender
                .rule
                .and_then(|r| r.official_numbers.first())
                .map(String::as_str),
            hold_s: self.policy.understood_hold_s(level),
        })
    }

    fn hash(&self, code: &str) -> u64 {
        let mut h = SipHasher24::new_with_key(&self.key);
        h.write(code.as_bytes());
        h.finish()
    }

    /// Forgets calls and codes no window can reach any more; rewrites the log when it
    /// has grown well past what is live.
    fn prune(&self, st: &mut State) -> Result<(), GuardError> {
        let horizon = self.policy.horizon_ms();
        let now = st.now;
        st.calls.retain(|c| match c.ended {
            Some(e) => now.saturating_sub(e) <= horizon,
            None => now.saturating_sub(c.start) <= MAX_OPEN_CALL_MS,
        });
        st.codes
            .retain(|k| now.saturating_sub(k.ts) <= horizon.max(MAX_OPEN_CALL_MS));
        let live = st.calls.len() + st.codes.len();
        if st.store.as_ref().is_some_and(|s| s.wants_rewrite(live)) {
            let records: Vec<Record> = st
                .calls
                .iter()
                .cloned()
                .map(Record::Call)
                .chain(st.codes.iter().cloned().map(Record::Code))
                .collect();
            if let Some(store) = st.store.as_mut() {
                store.rewrite(&records)?;
            }
        }
        Ok(())
    }

    // --- Reported numbers -------------------------------------------------------------

    pub fn add_report(
        &self,
        number: &str,
        note: Option<&str>,
        reported_at_ms: i64,
    ) -> Result<(), GuardError> {
        self.handle(Event::Report(ReportEvent {
            ts: reported_at_ms,
            number: number.to_string(),
            note: note.map(str::to_string),
            remove: false,
        }))
        .map(|_| ())
    }

    /// Removes a report; `false` if the number was not reported.
    pub fn remove_report(&self, number: &str) -> Result<bool, GuardError> {
        let mut st = self.lock();
        let removed = st.reports.remove(number);
        if removed {
            if let Some(store) = &st.store {
                store.save_reports(&st.reports)?;
            }
        }
        Ok(removed)
    }

    pub fn reports(&self) -> Vec<ReportedNumber> {
        self.lock().reports.list().cloned().collect()
    }

    pub fn reports_json(&self) -> String {
        serde_json::to_string(&self.reports()).unwrap_or_else(|_| "[]".into())
    }

    pub fn export_reports_csv(&self) -> String {
        self.lock().reports.to_csv()
    }

    /// Merges reports from CSV; existing ones are never lost.
    pub fn import_reports_csv(&self, csv: &str) -> Result<ImportSummary, GuardError> {
        let mut st = self.lock();
        let summary = st.reports.merge_csv(csv.as_bytes());
        if summary.added > 0 {
            if let Some(store) = &st.store {
                store.save_reports(&st.reports)?;
            }
        }
        Ok(summary)
    }
}

/// Applies the delivery cap: a parcel code is worth less to a scammer.
fn cap(level: Level, purpose: Purpose, policy: &Policy) -> (Level, Option<&'static str>) {
    if purpose == Purpose::Delivery && level > policy.delivery_cap {
        (policy.delivery_cap, Some("capped:delivery"))
    } else {
        (level, None)
    }
}

fn describe(reasons: &mut Vec<String>, f: &Finding<'_>, capped: Option<&'static str>) {
    reasons.push(format!("window:{}", f.window));
    if f.situation == Situation::SecondCode {
        reasons.push("second_code".into());
    }
    reasons.push(
        match (f.reported, f.call.number.is_none()) {
            (true, _) => "caller:reported",
            (false, true) => "caller:hidden",
            (false, false) => "caller:unknown",
        }
        .into(),
    );
    reasons.push(format!("direction:{}", f.call.direction.as_str()));
    reasons.push(format!("channel:{}", f.call.channel.as_str()));
    if let Some(c) = capped {
        reasons.push(c.into());
    }
}
