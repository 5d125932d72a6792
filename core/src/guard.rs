//! The guard: phone events in, verdicts out.
//!
//! It orchestrates the parts and decides nothing itself: [`crate::calls`] remembers recent calls,
//! codes and risky moments, [`crate::assess`] applies the policy of `rules/policy.json`,
//! [`crate::warning`] words the warning, [`crate::reports`] holds the reported numbers,
//! [`crate::history`] the warning moments, and [`crate::store`] keeps it all on disk, so the app
//! may be killed between the call and the SMS.
//!
//! Fail towards warning: every verdict is worked out from memory first and only then saved.
//! When saving fails (a full disk, a read-only directory, another process holding the lock too
//! long) the verdict still comes, with `state_error` saying what went wrong; memory keeps the
//! event for the rest of the process, and every later event tries to save it again.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;

use crate::assess::{self, Context, Finding};
use crate::calls::{
    code_tag, restamp_future, CallRecord, CodeRecord, Recent, Record, RiskRecord, TIME_TOLERANCE_MS,
};
use crate::detector::{Classification, Detector};
use crate::event::{CallEvent, CallPhase, Direction, Event, ReportEvent, SmsEvent};
use crate::history::{self, Entry, Moment};
use crate::phone_number;
use crate::policy::Policy;
use crate::reports::{ImportSummary, ReportChange, ReportError, ReportOp, ReportedNumber, Reports};
use crate::rules::{RulePack, RulesError, Texts};
use crate::store::{self, random_id, CatchUp, Loaded, StateError, StateErrorKind, Store};
use crate::types::{Channel, Level, Purpose, SenderKind, UiLang};
use crate::warning::{CallerKind, Warning, WarningFacts, WarningTexts};

#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    #[error("{0}")]
    InvalidInput(String),
    #[error("rules: {0}")]
    Rules(#[from] RulesError),
    /// The change was made in memory (it counts for the rest of the process) but could not be
    /// saved to the state directory.
    #[error("not saved: {0}")]
    NotSaved(StateError),
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
    /// How the call the warning is about came (for a call event: that call); `None` when there
    /// is no such call.
    pub channel: Option<Channel>,
    /// Whether that call's number is one the person reported (the shell may block it).
    pub caller_reported: bool,
    /// For SMS events: what the detector found.
    pub otp: Option<OtpFacts>,
    pub warning: Option<Warning>,
    /// Set when this event could not be saved, or the state is not being kept at all:
    /// `"<kind>: <what failed>"`, kind one of `no_space`, `read_only`, `permission`,
    /// `not_a_directory`, `busy`, `io`. The verdict itself is whole either way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_error: Option<String>,
    /// On the end of an answered call from a stranger during which a code arrived: the app asks
    /// "Did this caller ask for a code?" and reports the number with this note on one tap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ask_report: Option<AskReport>,
}

/// What the question after a stranger's call needs: the number to report (normalised) and the
/// report's note in each language ("Asked for a code from 1414 (eGov) during a call").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AskReport {
    pub number: String,
    pub note: Texts,
}

impl Verdict {
    fn quiet(reasons: Vec<String>, otp: Option<OtpFacts>) -> Verdict {
        Verdict {
            level: Level::None,
            reasons,
            about: None,
            about_ts: None,
            caller: None,
            channel: None,
            caller_reported: false,
            otp,
            warning: None,
            state_error: None,
            ask_report: None,
        }
    }

    /// The JSON line `smsguard replay` prints and the bridge returns.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| r#"{"level":"none"}"#.to_string())
    }
}

/// Where the guard keeps its state.
enum Storage {
    /// Nowhere: a guard made with [`Guard::in_memory`].
    Memory,
    Disk(Store),
    /// The directory could not be opened for writing; every event tries again.
    Unavailable {
        dir: PathBuf,
        error: StateError,
    },
}

/// What an event asks the store to save.
enum Save {
    Nothing,
    Records(Vec<Record>),
    Reports(Vec<ReportOp>),
}

struct State {
    recent: Recent,
    reports: Reports,
    /// Report changes made in memory that the store has not saved yet, in order.
    unsaved_reports: Vec<ReportOp>,
    /// Warning moments the store has not saved yet (all of them, bounded, for a guard in memory).
    unsaved_moments: Vec<Entry>,
    /// Why `reports.csv` could not be read, while it cannot: `reports` then holds only what
    /// this process added, not the person's list.
    reports_error: Option<String>,
    /// Events handled since the guard was opened.
    seq: u64,
    /// What forgetting was last measured from (see [`Recent::reference`]).
    reference: i64,
    storage: Storage,
    /// The kind of the last state error logged: a failing disk logs once, not per event.
    logged: Option<StateErrorKind>,
    /// Source of record ids (SplitMix64, seeded at random): unique here, and with
    /// overwhelming likelihood across processes.
    ids: u64,
}

impl State {
    fn next_id(&mut self) -> u64 {
        self.ids = self.ids.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.ids;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The guard. `Send + Sync`: SMS and call events may come from different threads.
pub struct Guard {
    detector: Detector,
    policy: Policy,
    warnings: WarningTexts,
    rules_version: String,
    notes: Vec<String>,
    /// The process's clock when the guard was opened ([`Guard::open_at`]): a state directory
    /// that could not be opened then is repaired by it when it can.
    clock_at_open: Option<i64>,
    state: Mutex<State>,
}

impl Guard {
    /// A guard whose state lives only in memory.
    pub fn in_memory(rules: RulePack) -> Result<Guard, GuardError> {
        Self::build(rules, Storage::Memory, Loaded::default(), None)
    }

    /// A guard whose state is kept in `dir` (created if missing). Damage found there is
    /// recovered as far as it goes and described in [`Guard::recovery_notes`].
    ///
    /// A directory that cannot be written (read-only, full, not a directory) still gives a
    /// guard: it starts from whatever can be read there, runs in memory, says so in every
    /// verdict's `state_error` and in [`Guard::state_error`], and keeps trying to save.
    pub fn open(dir: &Path, rules: RulePack) -> Result<Guard, GuardError> {
        Self::open_with_clock(dir, rules, None)
    }

    /// [`Guard::open`], given the process's clock (milliseconds since the epoch): records
    /// stamped more than [`TIME_TOLERANCE_MS`] after it were written while the phone's clock was
    /// wrong (or it is wrong now). They are moved back, all by the one offset that puts the
    /// latest of them at the clock's time, and kept, with a note: the call or code of a scam in
    /// progress when the clock was corrected and the app restarted must still count (dropping
    /// them once made the next code silent), what had aged out by then must stay out (moving each
    /// to the clock once made a call from days ago "just now"), and a future that is gone cannot
    /// hold records in memory long after their windows. The log is rewritten as repaired.
    pub fn open_at(dir: &Path, rules: RulePack, now_ms: i64) -> Result<Guard, GuardError> {
        Self::open_with_clock(dir, rules, Some(now_ms))
    }

    fn open_with_clock(
        dir: &Path,
        rules: RulePack,
        now_ms: Option<i64>,
    ) -> Result<Guard, GuardError> {
        let repair = move |records: &mut [Record]| repair_future_stamps(records, now_ms);
        let (storage, loaded) = match Store::open(dir, repair) {
            Ok((store, loaded)) => (Storage::Disk(store), loaded),
            Err(error) => {
                log::warn!("state: {error}; the guard runs in memory");
                let mut loaded = Store::read(dir);
                loaded.notes.extend(repair(&mut loaded.records));
                let storage = Storage::Unavailable {
                    dir: dir.to_path_buf(),
                    error,
                };
                (storage, loaded)
            }
        };
        for note in &loaded.notes {
            log::warn!("state recovered: {note}");
        }
        Self::build(rules, storage, loaded, now_ms)
    }

    fn build(
        rules: RulePack,
        storage: Storage,
        loaded: Loaded,
        clock_at_open: Option<i64>,
    ) -> Result<Guard, GuardError> {
        let detector = Detector::new(&rules)?;
        let mut recent = Recent::default();
        recent.merge(loaded.records);
        // An unusable directory was logged when it was found: not again at the first event.
        let logged = match &storage {
            Storage::Unavailable { error, .. } => Some(error.kind),
            _ => None,
        };
        let state = State {
            recent,
            reports: loaded.reports,
            unsaved_reports: Vec::new(),
            unsaved_moments: Vec::new(),
            reports_error: loaded.reports_error,
            seq: 0,
            reference: i64::MIN,
            storage,
            logged,
            ids: random_id(),
        };
        Ok(Guard {
            detector,
            policy: rules.policy,
            warnings: rules.warnings,
            rules_version: rules.version,
            notes: loaded.notes,
            clock_at_open,
            state: Mutex::new(state),
        })
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

    /// Why the state directory is not being kept, when it is not (the guard then runs in
    /// memory): the error of the last attempt to open it.
    pub fn state_error(&self) -> Option<StateError> {
        match &self.lock().storage {
            Storage::Unavailable { error, .. } => Some(error.clone()),
            _ => None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves the state consistent: every
        // change is a single push or field update. Keep going rather than poison forever.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Handles one event and returns its verdict, worked out from memory; the event is then
    /// saved (see [`Verdict::state_error`] for when that fails). Errors only for bad input.
    pub fn handle(&self, event: Event) -> Result<Verdict, GuardError> {
        // The detector needs no state, so an SMS is classified before the lock is taken; and
        // an SMS without a code leaves other processes' changes to the next event that needs
        // them (looking for them is two stats of the state directory, 3.7 µs of the 6 µs an
        // ordinary SMS took from the JVM and back).
        let class = match &event {
            Event::Sms(s) => Some(self.detector.classify(sms_sender(s), s.body.as_deref())),
            _ => None,
        };
        let mut st = self.lock();
        if class.as_ref().is_none_or(Classification::is_code) {
            self.take_in_other_processes_changes(&mut st);
        }
        let seq = st.seq;
        st.seq += 1;
        let (mut verdict, save) = match (event, class) {
            (Event::Call(c), _) => {
                self.forget_old(&mut st, c.ts);
                self.on_call(&mut st, c)
            }
            (Event::Sms(s), Some(class)) => {
                self.forget_old(&mut st, s.ts);
                self.on_sms(&mut st, s, class, seq)
            }
            (Event::Sms(_), None) => unreachable!("every SMS is classified above"),
            (Event::Report(r), _) => {
                let (verdict, op) = on_report(&mut st, r)?;
                (verdict, Save::Reports(vec![op]))
            }
        };
        verdict.state_error = self.save(&mut st, save).map(|e| e.to_string());
        Ok(verdict)
    }

    /// Parses a `smsguard replay` JSON line and handles it.
    pub fn handle_json(&self, line: &str) -> Result<Verdict, GuardError> {
        let event: Event =
            serde_json::from_str(line).map_err(|e| GuardError::InvalidInput(e.to_string()))?;
        self.handle(event)
    }

    /// Forgets calls and codes that no window reaches from an event at `t` on.
    fn forget_old(&self, st: &mut State, t: i64) {
        st.reference = st.recent.reference(t);
        st.recent.prune(st.reference, self.policy.horizon());
    }

    fn on_call(&self, st: &mut State, c: CallEvent) -> (Verdict, Save) {
        let number = c
            .number
            .as_deref()
            .map(phone_number::normalise)
            .filter(|n| !n.is_empty());
        let id = st.next_id();
        let index = st.recent.on_call(number.clone(), &c, id);
        let call = &st.recent.calls[index];
        let records = vec![Record::Call(call.clone())];
        let mut reasons = vec![format!("call:{}", c.phase.as_str())];
        // The shell may block a reported caller; it learns of the report here.
        let reported = number.as_deref().is_some_and(|n| st.reports.contains(n));
        if reported {
            reasons.push("caller:reported".into());
        }
        let quiet = |reasons| Verdict {
            channel: Some(c.channel),
            caller_reported: reported,
            ..Verdict::quiet(reasons, None)
        };
        let ctx = self.context(&st.reports);
        let policy = &self.policy;
        let second = |t, levels| {
            assess::assess_second_stage(&ctx, call, t, levels, &st.recent.risks)
                .map(|(f, r)| (f, About::Risk(r)))
        };
        let found = match (c.phase, call.answered) {
            // A stranger calling after a risky code moment: the scam's second stage.
            (CallPhase::Start, _) => second(call.start, policy.second_stage_ringing),
            // A code that came just before this answer (the caller may be about to ask for it),
            // or the second stage again: the stronger, the code on a tie.
            (CallPhase::Answered, Some(answered)) => {
                let code = assess::assess_answer(&ctx, call, &st.recent.codes)
                    .map(|(f, k)| (f, About::Code(k)));
                match (code, second(answered, policy.second_stage_answered)) {
                    (Some(c), Some(s)) if s.0.level > c.0.level => Some(s),
                    (c, s) => c.or(s),
                }
            }
            _ => None,
        };
        let Some((f, about)) = found else {
            let mut verdict = quiet(reasons);
            if c.phase == CallPhase::Ended {
                verdict.ask_report = self.ask_report(&ctx, call, &st.recent.codes);
            }
            return (verdict, Save::Records(records));
        };
        reasons.extend(f.reasons());
        let (code, about_seq, about_ts) = match about {
            About::Code(k) => (Some((k.sender.as_str(), k.purpose)), k.seq, k.ts),
            About::Risk(r) => (None, r.seq, r.ts),
        };
        let at = call.latest();
        let moment = self.moment(&f, &reasons, code.map(|(s, _)| s), at);
        let verdict = Verdict {
            level: f.level,
            reasons,
            about: about_seq,
            about_ts: Some(about_ts),
            caller: f.call.number.clone(),
            channel: Some(f.call.channel),
            caller_reported: f.reported,
            otp: None,
            warning: Some(self.warning(&f, code)),
            state_error: None,
            ask_report: None,
        };
        // A code warned on this answer is a risky moment of its own, from the code's arrival.
        let risk = (code.is_some() && f.level >= policy.second_stage_after).then(|| RiskRecord {
            id: 0,
            ts: about_ts,
            caller: f.call.number.clone(),
            call: f.call.id,
            seq: about_seq,
        });
        let save = self.remember(st, risk, moment, records);
        (verdict, save)
    }

    /// `class` is the detector's answer for `s`.
    fn on_sms(
        &self,
        st: &mut State,
        s: SmsEvent,
        class: Classification,
        seq: u64,
    ) -> (Verdict, Save) {
        // No sender and no text: a redacted notification of the SMS app, a code from anyone.
        let hidden = s.sender.is_none() && s.body.is_none();
        let sender = sms_sender(&s);
        let facts = OtpFacts::from(&class);
        let (Some(purpose), true) = (class.purpose, class.is_otp) else {
            return (
                Verdict::quiet(vec!["not_otp".into()], Some(facts)),
                Save::Nothing,
            );
        };
        let tag = class.code.as_ref().map(|c| code_tag(c.expose()));
        // The notification and the SMS are one message: the person hears of it once. The SMS
        // tells the notification's record who sent it and what it is for.
        let sent_ts = s.known_sent_ts();
        if let Some(other) = st.recent.same_sms(hidden, sent_ts, s.ts) {
            if !hidden {
                other.sender = sender.to_string();
                other.purpose = purpose;
                other.code_tag = tag;
            }
            other.joined = true;
            let record = Record::Code(other.clone());
            let verdict = Verdict::quiet(vec!["otp".into(), "same_sms".into()], Some(facts));
            return (verdict, Save::Records(vec![record]));
        }
        let late =
            sent_ts.is_some_and(|sent| s.ts.saturating_sub(sent) > self.policy.late_sms_after_ms());
        let mut code = CodeRecord {
            id: st.next_id(),
            ts: s.ts,
            sender: sender.to_string(),
            purpose,
            code_tag: tag,
            late,
            joined: false,
            legacy_hash: None,
            seq: Some(seq),
            order: Some(st.recent.take_order()),
        };
        let ctx = self.context(&st.reports);
        let finding = assess::assess(&ctx, &st.recent.calls, &st.recent.codes, &code);
        let mut reasons = vec!["otp".to_string()];
        if late {
            reasons.push("time:late_sms".into());
        }
        let Some(f) = finding else {
            reasons.push("no_risky_call".into());
            st.recent.codes.push(code.clone());
            let save = Save::Records(vec![Record::Code(code)]);
            return (Verdict::quiet(reasons, Some(facts)), save);
        };
        reasons.extend(f.reasons());
        let moment = self.moment(&f, &reasons, Some(&code.sender), s.ts);
        let verdict = Verdict {
            level: f.level,
            reasons,
            about: Some(seq),
            about_ts: Some(s.ts),
            caller: f.call.number.clone(),
            channel: Some(f.call.channel),
            caller_reported: f.reported,
            otp: Some(facts),
            warning: Some(self.warning(&f, Some((&code.sender, purpose)))),
            state_error: None,
            ask_report: None,
        };
        // A code stamped before a call phase handled earlier is kept where it was judged.
        code.ts = code.ts.max(f.at);
        let risk = (f.level >= self.policy.second_stage_after).then(|| RiskRecord {
            id: 0,
            ts: code.ts,
            caller: f.call.number.clone(),
            call: f.call.id,
            seq: Some(seq),
        });
        st.recent.codes.push(code.clone());
        let save = self.remember(st, risk, moment, vec![Record::Code(code)]);
        (verdict, save)
    }

    /// Keeps a warning's risky moment (if it is one) with the event's records, and its moment
    /// for the history; returns what to save.
    fn remember(
        &self,
        st: &mut State,
        risk: Option<RiskRecord>,
        mut moment: Moment,
        mut records: Vec<Record>,
    ) -> Save {
        if let Some(mut risk) = risk {
            risk.id = st.next_id();
            st.recent.risks.push(risk.clone());
            records.push(Record::Risk(risk));
        }
        // Below 2^53: the app's JSON reader keeps it exact.
        moment.id = st.next_id() >> 11;
        st.unsaved_moments.push(Entry::from(&moment));
        history::bound(&mut st.unsaved_moments);
        Save::Records(records)
    }

    /// The question after a stranger's call: an answered incoming call from a number that is
    /// neither a contact nor reported yet, during which (from its start to its end) a code
    /// arrived, not late. A parcel code alone does not ask: a real courier may ask for that one.
    fn ask_report(
        &self,
        ctx: &Context<'_>,
        call: &CallRecord,
        codes: &[CodeRecord],
    ) -> Option<AskReport> {
        let number = call.number.as_deref()?;
        let ended = call.ended?;
        call.answered?;
        // Only a known stranger: a caller of unknown identity may be in the person's contacts.
        if call.direction != Direction::Incoming
            || call.contact != Some(false)
            || ctx.reports.contains(number)
        {
            return None;
        }
        // A late code was sent before this call could have asked for it (#12: it counts for
        // nothing about the calls around its arrival).
        let code = codes
            .iter()
            .filter(|k| !k.late && k.purpose != Purpose::Delivery)
            .filter(|k| (call.start..=ended).contains(&k.ts))
            .max_by_key(|k| k.ts)?;
        Some(AskReport {
            number: number.to_string(),
            note: self
                .warnings
                .report_note(&self.sender_or_unknown(&code.sender)),
        })
    }

    fn context<'a>(&'a self, reports: &'a Reports) -> Context<'a> {
        Context {
            policy: &self.policy,
            reports,
            senders: self.detector.senders(),
        }
    }

    /// [`Self::display`], or `sender_unknown` when Android hid the sender.
    fn sender_or_unknown(&self, raw_sender: &str) -> Cow<'_, Texts> {
        self.named_sender(raw_sender)
            .unwrap_or(Cow::Borrowed(&self.warnings.sender_unknown))
    }

    /// [`Self::display`]; `None` when Android hid the sender (empty, and no registry rule).
    fn named_sender(&self, raw_sender: &str) -> Option<Cow<'_, Texts>> {
        let hidden =
            raw_sender.is_empty() && self.detector.senders().lookup(raw_sender).rule.is_none();
        (!hidden).then(|| self.display(raw_sender))
    }

    /// How the person knows a sender: the registry's name for it, or the sender as it arrived,
    /// made safe to show (see [`crate::senders::shown_sender`]).
    fn display(&self, raw_sender: &str) -> Cow<'_, Texts> {
        match self.detector.senders().lookup(raw_sender).rule {
            Some(r) => Cow::Borrowed(&r.display),
            None => {
                let shown = crate::senders::shown_sender(raw_sender);
                Cow::Owned(Texts {
                    kk: shown.clone(),
                    ru: shown.clone(),
                    en: shown,
                })
            }
        }
    }

    /// The warning for a finding; `code` is the sender and purpose of the code it is about, none
    /// for a second stage. The sender is empty when Android hid it: the warning names none.
    fn warning(&self, f: &Finding<'_>, code: Option<(&str, Purpose)>) -> Warning {
        let mut facts = WarningFacts {
            level: f.level,
            situation: f.situation,
            caller: caller_kind(f),
            channel: f.call.channel,
            purpose: Purpose::Other,
            sender: None,
            sender_unlocks: None,
            official_number: None,
            hold_s: self.policy.understood_hold_s(f.level),
        };
        let Some((raw_sender, purpose)) = code else {
            return self.warnings.compose(&facts);
        };
        let rule = self.detector.senders().lookup(raw_sender).rule;
        let display = self.named_sender(raw_sender);
        facts.purpose = purpose;
        facts.sender = display.as_deref();
        facts.sender_unlocks = rule.and_then(|r| r.unlocks.as_ref());
        facts.official_number = rule
            .and_then(|r| r.official_numbers.first())
            .map(String::as_str);
        self.warnings.compose(&facts)
    }

    /// The history's record of a warning at `at` (its id is given when it is kept).
    fn moment(&self, f: &Finding<'_>, reasons: &[String], sender: Option<&str>, at: i64) -> Moment {
        let caller = caller_kind(f);
        let say = |lang| {
            self.warnings
                .what_happened(f.situation, caller, f.call.channel, lang)
        };
        Moment {
            id: 0,
            ts: at,
            level: f.level,
            situation: f.situation,
            reasons: reasons.to_vec(),
            // As the warning named it: history.log is read on a terminal and a screen. A sender
            // Android hid (empty) is none, not an empty name.
            sender: sender
                .filter(|s| !s.is_empty())
                .map(crate::senders::shown_sender),
            sender_kind: sender.map(|s| self.detector.senders().lookup(s).kind),
            caller: f.call.number.clone(),
            caller_kind: caller,
            channel: f.call.channel,
            summary: Texts {
                kk: say(UiLang::Kk),
                ru: say(UiLang::Ru),
                en: say(UiLang::En),
            },
        }
    }

    // --- Saving -------------------------------------------------------------------------------

    /// Reads what another process on the same directory wrote since the last event. Failures
    /// only mean this process does not see them yet.
    fn take_in_other_processes_changes(&self, st: &mut State) {
        let Storage::Disk(store) = &mut st.storage else {
            return;
        };
        if let Ok(CatchUp::New(records)) = store.catch_up() {
            st.recent.merge(records);
        }
        if let Some(mut reports) = store.reports_if_changed() {
            for op in &st.unsaved_reports {
                reports.apply(op);
            }
            st.reports = reports;
        }
    }

    /// Saves what the event changed, and whatever earlier events could not save. Returns the
    /// error when the state is not fully saved after this event.
    fn save(&self, st: &mut State, save: Save) -> Option<StateError> {
        let horizon = self.policy.horizon();
        let reference = st.reference;
        let is_live = move |r: &Record| Recent::is_live(r, reference, horizon);
        if let Storage::Unavailable { dir, error } = &mut st.storage {
            let clock = self.clock_at_open;
            match Store::open(dir, |records| repair_future_stamps(records, clock)) {
                Ok((mut store, loaded)) => {
                    for note in &loaded.notes {
                        log::warn!("state recovered: {note}");
                    }
                    // Memory and what is on disk now, together.
                    st.recent.merge(loaded.records);
                    store.mark_dirty();
                    let mut reports = loaded.reports;
                    for op in &st.unsaved_reports {
                        reports.apply(op);
                    }
                    st.reports = reports;
                    st.reports_error = None;
                    st.storage = Storage::Disk(store);
                }
                Err(e) => {
                    *error = e.clone();
                    if let Save::Reports(ops) = save {
                        st.unsaved_reports.extend(ops);
                    }
                    return self.logged(st, Some(e));
                }
            }
        }
        let Storage::Disk(store) = &mut st.storage else {
            return None;
        };
        let mut failed = None;
        let records = match save {
            Save::Records(r) => r,
            Save::Reports(ops) => {
                st.unsaved_reports.extend(ops);
                Vec::new()
            }
            Save::Nothing => Vec::new(),
        };
        if !records.is_empty() || store.is_dirty() {
            let recent = &st.recent;
            match store.append(&records, || recent.records(), is_live) {
                Ok(on_disk) => st.recent.merge(on_disk),
                Err(e) => failed = Some(e),
            }
        }
        if !st.unsaved_reports.is_empty() {
            match store.save_reports(&st.reports, &st.unsaved_reports) {
                Ok(merged) => {
                    if let Some(reports) = merged {
                        st.reports = reports;
                    }
                    st.unsaved_reports.clear();
                }
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        if !st.unsaved_moments.is_empty() {
            match store.save_history(&st.unsaved_moments) {
                Ok(()) => st.unsaved_moments.clear(),
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        if failed.is_none() && store.wants_compaction(st.recent.len()) {
            match store.compact(&st.recent.records(), is_live) {
                Ok(on_disk) => st.recent.merge(on_disk),
                // Only size is at stake: the log is whole, just longer than it needs to be.
                Err(e) => log::warn!("state: {e}"),
            }
        }
        self.logged(st, failed)
    }

    /// Logs a state error once per kind (and the recovery), and passes it on.
    fn logged(&self, st: &mut State, error: Option<StateError>) -> Option<StateError> {
        let kind = error.as_ref().map(|e| e.kind);
        if kind != st.logged {
            match &error {
                Some(e) => log::warn!("state not saved: {e}; the guard goes on from memory"),
                None => log::info!("state saved again"),
            }
            st.logged = kind;
        }
        error
    }

    // --- History ------------------------------------------------------------------------------

    /// The warning history as the app and `smsguard history` read it: every moment kept,
    /// newest first, each with what happened in each language and whether its caller is
    /// reported now, and what of the history could not be read (see [`history::to_json`]).
    pub fn history_json(&self) -> String {
        let mut st = self.lock();
        self.take_in_other_processes_changes(&mut st);
        let (entries, damaged) = history_of(&st);
        history::to_json(&entries, &damaged, |n| st.reports.contains(n))
    }

    // --- Reported numbers -------------------------------------------------------------------

    /// Reports a number as a scammer. The report counts at once; `Err(NotSaved)` when it
    /// could not be saved (it still counts for the rest of this process).
    pub fn add_report(
        &self,
        number: &str,
        note: Option<&str>,
        reported_at_ms: i64,
    ) -> Result<ReportChange, GuardError> {
        let op = Reports::add_op(number, reported_at_ms, note.unwrap_or(""))?;
        let mut st = self.lock();
        self.take_in_other_processes_changes(&mut st);
        let change = match &op {
            ReportOp::Add { number, .. } => match st.reports.get(number) {
                Some(r) => ReportChange::AlreadyReported {
                    reported_at: r.reported_at,
                },
                None => ReportChange::Added,
            },
            ReportOp::Remove(_) => ReportChange::Added,
        };
        st.reports.apply(&op);
        match self.save(&mut st, Save::Reports(vec![op])) {
            Some(e) => Err(GuardError::NotSaved(e)),
            None => Ok(change),
        }
    }

    /// Removes a report; `false` if the number was not reported.
    pub fn remove_report(&self, number: &str) -> Result<bool, GuardError> {
        let mut st = self.lock();
        self.take_in_other_processes_changes(&mut st);
        let op = ReportOp::Remove(phone_number::normalise(number));
        if !st.reports.apply(&op) {
            return Ok(false);
        }
        match self.save(&mut st, Save::Reports(vec![op])) {
            Some(e) => Err(GuardError::NotSaved(e)),
            None => Ok(true),
        }
    }

    /// Why the reported numbers could not be read from the state directory, while they cannot
    /// (a file that is not a regular one, too large, not readable by this user): what
    /// [`Guard::reports`] and the export give is then not the person's list, and saying "no
    /// reported numbers" would be wrong.
    pub fn reports_error(&self) -> Option<String> {
        self.lock().reports_error.clone()
    }

    pub fn reports(&self) -> Vec<ReportedNumber> {
        let mut st = self.lock();
        self.take_in_other_processes_changes(&mut st);
        st.reports.list().cloned().collect()
    }

    pub fn reports_json(&self) -> String {
        serde_json::to_string(&self.reports()).unwrap_or_else(|_| "[]".into())
    }

    pub fn export_reports_csv(&self) -> String {
        let mut st = self.lock();
        self.take_in_other_processes_changes(&mut st);
        st.reports.to_csv()
    }

    /// Merges reports from CSV; existing ones are never lost.
    pub fn import_reports_csv(&self, csv: &str) -> Result<ImportSummary, GuardError> {
        let (mut summary, ops) = Reports::parse_csv(csv.as_bytes());
        let mut st = self.lock();
        self.take_in_other_processes_changes(&mut st);
        let mut changed = Vec::new();
        for op in ops {
            if st.reports.apply(&op) {
                summary.added += 1;
                changed.push(op);
            } else {
                summary.kept += 1;
                // An existing report may still gain a note.
                changed.push(op);
            }
        }
        if summary.added == 0 {
            return Ok(summary);
        }
        match self.save(&mut st, Save::Reports(changed)) {
            Some(e) => Err(GuardError::NotSaved(e)),
            None => Ok(summary),
        }
    }
}

/// What a warning's call or second stage is about: the code, or the earlier risky moment.
enum About<'r> {
    Code(&'r CodeRecord),
    Risk(&'r RiskRecord),
}

/// Who is on the line, for the warning's words.
fn caller_kind(f: &Finding<'_>) -> CallerKind {
    if f.reported {
        CallerKind::Reported
    } else if f.call.contact.is_none() {
        CallerKind::IdentityUnknown
    } else if f.call.number.is_none() {
        CallerKind::Hidden
    } else {
        CallerKind::Unknown
    }
}

/// The moments on disk (when there is a state directory) and those not saved yet, oldest
/// first, and what of `history.log` could not be read, including copies of a damaged one.
fn history_of(st: &State) -> (Vec<Entry>, Vec<String>) {
    let dir = match &st.storage {
        Storage::Memory => None,
        Storage::Disk(store) => Some(store.dir()),
        Storage::Unavailable { dir, .. } => Some(dir.as_path()),
    };
    let (mut entries, mut damaged) = (Vec::new(), Vec::new());
    if let Some(dir) = dir {
        match store::load_history(dir, false) {
            Ok((read, note)) => {
                entries = read;
                damaged.extend(note);
            }
            // A state path that is not a directory holds no history to miss.
            Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => {}
            Err(e) => damaged.push(format!("{}: cannot be read: {e}", store::HISTORY)),
        }
        for name in store::damaged_history_copies(dir) {
            damaged.push(format!(
                "{}: was damaged; the file as it was is kept as {name}",
                store::HISTORY
            ));
        }
    }
    entries.extend(st.unsaved_moments.iter().cloned());
    history::bound(&mut entries);
    (entries, damaged)
}

/// The sender an SMS event names, trimmed; empty when Android gave none.
fn sms_sender(s: &SmsEvent) -> &str {
    s.sender.as_deref().map_or("", str::trim)
}

/// [`restamp_future`] for a guard opened with the process clock `now` (none: nothing to
/// repair), and the note that says what it did.
fn repair_future_stamps(records: &mut [Record], now: Option<i64>) -> Option<String> {
    let moved = restamp_future(records, now?);
    (moved > 0).then(|| {
        format!(
            "{}: {moved} record(s) stamped more than {} minutes after the clock were restamped \
             (moved back together, the latest to the clock's time: the clock was wrong when they \
             were written, or is wrong now)",
            store::LOG,
            TIME_TOLERANCE_MS / 60_000
        )
    })
}

/// A report event from a replay: added or removed in memory first.
fn on_report(st: &mut State, r: ReportEvent) -> Result<(Verdict, ReportOp), GuardError> {
    let (op, reason) = if r.remove {
        (
            ReportOp::Remove(phone_number::normalise(&r.number)),
            "report:removed",
        )
    } else {
        (
            Reports::add_op(&r.number, r.ts, r.note.as_deref().unwrap_or(""))?,
            "report:added",
        )
    };
    st.reports.apply(&op);
    Ok((Verdict::quiet(vec![reason.into()], None), op))
}
