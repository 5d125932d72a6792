//! The guard: phone events in, verdicts out.
//!
//! It orchestrates the parts and decides nothing itself: [`crate::calls`] remembers recent calls
//! and codes, [`crate::assess`] applies the policy of `rules/policy.json`, [`crate::warning`]
//! words the warning, [`crate::reports`] holds the reported numbers and [`crate::store`] keeps it
//! all on disk, so the app may be killed between the call and the SMS.
//!
//! Fail towards warning: every verdict is worked out from memory first and only then saved.
//! When saving fails (a full disk, a read-only directory, another process holding the lock too
//! long) the verdict still comes, with `state_error` saying what went wrong; memory keeps the
//! event for the rest of the process, and every later event tries to save it again.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;

use crate::assess::{self, Context, Finding};
use crate::calls::{code_tag, CodeRecord, Recent, Record, TIME_TOLERANCE_MS};
use crate::detector::{Classification, Detector};
use crate::event::{CallEvent, CallPhase, Event, ReportEvent, SmsEvent};
use crate::phone_number;
use crate::policy::Policy;
use crate::reports::{ImportSummary, ReportChange, ReportError, ReportOp, ReportedNumber, Reports};
use crate::rules::{RulePack, RulesError, Texts};
use crate::store::{random_id, CatchUp, Loaded, StateError, StateErrorKind, Store};
use crate::types::{Level, Purpose, SenderKind};
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
    /// For SMS events: what the detector found.
    pub otp: Option<OtpFacts>,
    pub warning: Option<Warning>,
    /// Set when this event could not be saved, or the state is not being kept at all:
    /// `"<kind>: <what failed>"`, kind one of `no_space`, `read_only`, `permission`,
    /// `not_a_directory`, `busy`, `io`. The verdict itself is whole either way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_error: Option<String>,
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
            state_error: None,
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
    state: Mutex<State>,
}

impl Guard {
    /// A guard whose state lives only in memory.
    pub fn in_memory(rules: RulePack) -> Result<Guard, GuardError> {
        Self::build(rules, Storage::Memory, Loaded::default())
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
    /// wrong; they are dropped, with a note.
    pub fn open_at(dir: &Path, rules: RulePack, now_ms: i64) -> Result<Guard, GuardError> {
        Self::open_with_clock(dir, rules, Some(now_ms))
    }

    fn open_with_clock(
        dir: &Path,
        rules: RulePack,
        now_ms: Option<i64>,
    ) -> Result<Guard, GuardError> {
        let (storage, mut loaded) = match Store::open(dir) {
            Ok((store, loaded)) => (Storage::Disk(store), loaded),
            Err(error) => {
                log::warn!("state: {error}; the guard runs in memory");
                let loaded = Store::read(dir);
                let storage = Storage::Unavailable {
                    dir: dir.to_path_buf(),
                    error,
                };
                (storage, loaded)
            }
        };
        let mut notes = std::mem::take(&mut loaded.notes);
        let mut records = std::mem::take(&mut loaded.records);
        let mut storage = storage;
        if let Some(now) = now_ms {
            let limit = now.saturating_add(TIME_TOLERANCE_MS);
            let before = records.len();
            records.retain(|r| r.time() <= limit);
            let dropped = before - records.len();
            if dropped > 0 {
                notes.push(format!(
                    "events.log: {dropped} record(s) stamped more than {} minutes after the \
                     clock were dropped (the clock was wrong when they were written)",
                    TIME_TOLERANCE_MS / 60_000
                ));
                if let Storage::Disk(store) = &mut storage {
                    if let Err(e) = store.compact(&records, |r| r.time() <= limit) {
                        log::warn!("state: {e}");
                    }
                }
            }
        }
        for note in &notes {
            log::warn!("state recovered: {note}");
        }
        loaded.records = records;
        loaded.notes = notes;
        Self::build(rules, storage, loaded)
    }

    fn build(rules: RulePack, storage: Storage, loaded: Loaded) -> Result<Guard, GuardError> {
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
        let mut st = self.lock();
        self.take_in_other_processes_changes(&mut st);
        let seq = st.seq;
        st.seq += 1;
        let (mut verdict, save) = match event {
            Event::Call(c) => {
                self.forget_old(&mut st, c.ts);
                self.on_call(&mut st, c, seq)
            }
            Event::Sms(s) => {
                self.forget_old(&mut st, s.ts);
                self.on_sms(&mut st, s, seq)
            }
            Event::Report(r) => {
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
        st.recent.prune(st.reference, self.policy.horizon_ms());
    }

    fn on_call(&self, st: &mut State, c: CallEvent, seq: u64) -> (Verdict, Save) {
        let number = c
            .number
            .as_deref()
            .map(phone_number::normalise)
            .filter(|n| !n.is_empty());
        let id = st.next_id();
        let index = st.recent.on_call(number.clone(), &c, id, seq);
        let call = &st.recent.calls[index];
        let save = Save::Records(vec![Record::Call(call.clone())]);
        let mut reasons = vec![format!("call:{}", c.phase.as_str())];
        // The shell may block a reported caller; it learns of the report here.
        if number.as_deref().is_some_and(|n| st.reports.contains(n)) {
            reasons.push("caller:reported".into());
        }
        if c.phase != CallPhase::Answered {
            return (Verdict::quiet(reasons, None), save);
        }
        // A code that came just before this answer: the caller may be about to ask for it.
        let ctx = self.context(&st.reports);
        let Some((f, code)) = assess::assess_answer(&ctx, call, &st.recent.codes) else {
            return (Verdict::quiet(reasons, None), save);
        };
        reasons.extend(f.reasons());
        let warning = self.warning(&f, &code.sender, code.purpose);
        let verdict = Verdict {
            level: f.level,
            reasons,
            about: code.seq,
            about_ts: Some(code.ts),
            caller: f.call.number.clone(),
            otp: None,
            warning: Some(warning),
            state_error: None,
        };
        (verdict, save)
    }

    fn on_sms(&self, st: &mut State, s: SmsEvent, seq: u64) -> (Verdict, Save) {
        let class = self.detector.classify(&s.sender, s.body.as_deref());
        let facts = OtpFacts::from(&class);
        let (Some(purpose), true) = (class.purpose, class.is_otp) else {
            return (
                Verdict::quiet(vec!["not_otp".into()], Some(facts)),
                Save::Nothing,
            );
        };
        let mut code = CodeRecord {
            id: st.next_id(),
            ts: s.ts,
            sender: s.sender.trim().to_string(),
            purpose,
            code_tag: class.code.as_ref().map(|c| code_tag(c.expose())),
            legacy_hash: None,
            seq: Some(seq),
        };
        let ctx = self.context(&st.reports);
        let finding = assess::assess(&ctx, &st.recent.calls, &st.recent.codes, &code);
        let mut reasons = vec!["otp".to_string()];
        let verdict = match &finding {
            Some(f) => {
                reasons.extend(f.reasons());
                Verdict {
                    level: f.level,
                    reasons,
                    about: Some(seq),
                    about_ts: Some(s.ts),
                    caller: f.call.number.clone(),
                    otp: Some(facts),
                    warning: Some(self.warning(f, &code.sender, purpose)),
                    state_error: None,
                }
            }
            None => {
                reasons.push("no_risky_call".into());
                Verdict::quiet(reasons, Some(facts))
            }
        };
        // A code stamped before a call phase handled earlier is kept where it was judged.
        if let Some(f) = finding {
            code.ts = code.ts.max(f.at);
        }
        st.recent.codes.push(code.clone());
        (verdict, Save::Records(vec![Record::Code(code)]))
    }

    fn context<'a>(&'a self, reports: &'a Reports) -> Context<'a> {
        Context {
            policy: &self.policy,
            reports,
            senders: self.detector.senders(),
        }
    }

    fn warning(&self, f: &Finding<'_>, raw_sender: &str, purpose: Purpose) -> Warning {
        let sender = self.detector.senders().lookup(raw_sender);
        let plain;
        let display = match sender.rule {
            Some(r) => &r.display,
            None => {
                let shown = crate::senders::shown_sender(raw_sender);
                plain = Texts {
                    kk: shown.clone(),
                    ru: shown.clone(),
                    en: shown,
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
            level: f.level,
            situation: f.situation,
            caller,
            channel: f.call.channel,
            purpose,
            sender: display,
            sender_unlocks: sender.rule.and_then(|r| r.unlocks.as_ref()),
            official_number: sender
                .rule
                .and_then(|r| r.official_numbers.first())
                .map(String::as_str),
            hold_s: self.policy.understood_hold_s(f.level),
        })
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
        let horizon = self.policy.horizon_ms();
        let reference = st.reference;
        let is_live = move |r: &Record| Recent::is_live(r, reference, horizon);
        if let Storage::Unavailable { dir, error } = &mut st.storage {
            match Store::open(dir) {
                Ok((mut store, loaded)) => {
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
            if let Err(e) = store.append(&records, || recent.records(), is_live) {
                failed = Some(e);
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
        if failed.is_none() && store.wants_compaction(st.recent.len()) {
            let recent = &st.recent;
            if let Err(e) = store.compact(&recent.records(), is_live) {
                // Only size is at stake: the log is whole, just longer than it needs to be.
                log::warn!("state: {e}");
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
