//! `smsguard scan`: an "SMS Backup & Restore" export, replayed through the guard, to
//! find the moments it would have warned about.
//!
//! The SMS file is streamed: only one-time-code messages are kept (as events for the
//! guard), so memory grows with the codes, not the whole backup. The call log is read
//! whole — it is small next to the messages.

use std::io::{self, BufRead, Write};

use serde::Serialize;
use smsguard_core::{
    CallEvent, CallPhase, Channel, Direction, Event, Guard, GuardError, Level, RulePack, SmsEvent,
    UiLang,
};

use crate::backup::{read_calls, read_sms, BackupCall, BackupError, BackupSms, CallKind, Passed};

/// The reason of a verdict about a stranger's call after a risky code (no code of its own).
const SECOND_STAGE: &str = "window:second_stage";

/// SMS handed to the classifier thread at a time.
const BATCH: usize = 1024;

/// One moment the guard would have warned about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moment {
    /// When the code arrived, milliseconds since the epoch.
    pub ts: i64,
    /// The number of the call, `None` if hidden.
    pub caller: Option<String>,
    pub sender: String,
    pub level: Level,
    pub reasons: Vec<String>,
    pub warning: String,
}

/// Which of the two files a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BackupFile {
    Sms,
    Calls,
}

/// What a scan read and found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub messages: u64,
    pub codes: u64,
    pub calls: u64,
    pub moments: Vec<Moment>,
    /// Later calls from strangers the guard would have flagged as the scam's possible second
    /// stage (a call within the policy's window after a code warned high or critical). Counted,
    /// not listed: a moment here is a code, and these calls carry none of their own.
    pub second_stage_calls: u64,
    /// What the SMS reader passed over: sent and unsent SMS, MMS.
    pub passed: Passed,
    /// Elements that could not be read, with their position; reading went on.
    pub skipped: Vec<(BackupFile, String)>,
    /// Broken XML, or a file that is not a backup: reading stopped here.
    pub fatal: Option<(BackupFile, String)>,
}

/// Reads the backups, replays them and returns the risky moments in time order.
pub fn scan<S: BufRead, C: BufRead>(
    rules: &RulePack,
    sms: S,
    calls: Option<C>,
    lang: UiLang,
) -> Result<Summary, GuardError> {
    let guard = Guard::in_memory(rules.clone())?;
    let mut summary = Summary::default();
    let note = |file: BackupFile, e: BackupError, summary: &mut Summary| match e {
        BackupError::Element { .. } => summary.skipped.push((file, e.to_string())),
        _ => {
            if summary.fatal.is_none() {
                summary.fatal = Some((file, e.to_string()));
            }
        }
    };

    let mut events: Vec<Event> = Vec::new();
    if let Some(calls) = calls {
        for call in read_calls(calls) {
            match call {
                Ok(c) => {
                    summary.calls += 1;
                    events.extend(call_events(&c));
                }
                Err(e) => note(BackupFile::Calls, e, &mut summary),
            }
        }
    }
    // Parsing and classifying share the two cores: this thread reads the XML, a second one
    // keeps the one-time codes (the only SMS the guard acts on). Batches keep memory bounded.
    let detector = guard.detector();
    let codes = std::thread::scope(|scope| {
        let (batches, received) = std::sync::mpsc::sync_channel::<Vec<BackupSms>>(4);
        let worker = scope.spawn(move || {
            let mut codes = Vec::new();
            for batch in received {
                codes.extend(
                    batch
                        .into_iter()
                        .filter(|s| detector.classify(&s.address, s.body.as_deref()).is_otp)
                        .map(|s| {
                            Event::Sms(SmsEvent {
                                ts: s.ts,
                                sender: Some(s.address),
                                body: s.body,
                                sent_ts: None,
                            })
                        }),
                );
            }
            codes
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut reader = read_sms(sms);
        for sms in &mut reader {
            match sms {
                Ok(s) => {
                    summary.messages += 1;
                    batch.push(s);
                    if batch.len() == BATCH && batches.send(std::mem::take(&mut batch)).is_err() {
                        break;
                    }
                }
                Err(e) => note(BackupFile::Sms, e, &mut summary),
            }
        }
        summary.passed = reader.passed();
        // A send fails only if the worker is gone, and then join reports why.
        let _ = batches.send(batch);
        drop(batches);
        worker.join()
    })
    .map_err(|_| GuardError::InvalidInput("the classifier thread stopped".into()))?;
    summary.codes = codes.len() as u64;
    events.extend(codes);
    // At the same millisecond a call's phase comes first: a code stamped at the exact
    // answer time counts as during the call.
    events.sort_by_key(|e| (e.ts(), matches!(e, Event::Sms(_))));

    let mut second_stage_calls = std::collections::HashSet::new();
    for event in &events {
        let verdict = guard.handle(event.clone())?;
        if verdict.level == Level::None {
            continue;
        }
        if verdict.otp.is_none() && verdict.reasons.iter().any(|r| r == SECOND_STAGE) {
            // Flagged while ringing and again on answer: one call. A backup call's phases all
            // carry its start time.
            if let Event::Call(c) = event {
                if second_stage_calls.insert((c.ts, c.number.as_deref())) {
                    summary.second_stage_calls += 1;
                }
            }
            continue;
        }
        let sender = verdict
            .about
            .and_then(|i| events.get(usize::try_from(i).ok()?))
            .and_then(|e| match e {
                Event::Sms(s) => s.sender.clone(),
                _ => None,
            })
            .unwrap_or_default();
        let warning = verdict.warning.map(|w| w.full_text(lang));
        summary.moments.push(Moment {
            ts: verdict.about_ts.unwrap_or(event.ts()),
            caller: verdict.caller,
            sender,
            level: verdict.level,
            reasons: verdict.reasons,
            warning: warning.unwrap_or_default(),
        });
    }
    Ok(summary)
}

/// A call-log entry as the phone would have reported it live.
fn call_events(c: &BackupCall) -> Vec<Event> {
    let direction = if c.kind == CallKind::Outgoing {
        Direction::Outgoing
    } else {
        Direction::Incoming
    };
    let event = |ts, phase| {
        Event::Call(CallEvent {
            ts,
            phase,
            number: c.number.clone(),
            direction,
            contact: Some(c.contact),
            channel: Channel::Cellular,
        })
    };
    let talked = matches!(
        c.kind,
        CallKind::Incoming | CallKind::Outgoing | CallKind::AnsweredExternally
    ) && c.duration_s > 0;
    let end = c.ts.saturating_add(
        i64::try_from(c.duration_s)
            .unwrap_or(0)
            .saturating_mul(1000),
    );
    if talked {
        vec![
            event(c.ts, CallPhase::Start),
            event(c.ts, CallPhase::Answered),
            event(end, CallPhase::Ended),
        ]
    } else {
        vec![event(c.ts, CallPhase::Start), event(c.ts, CallPhase::Ended)]
    }
}

/// The readable report: one block per moment, times in the given UTC offset.
///
/// The first line says what was read and what was passed over and why; a backup that could
/// not be read to the end says so instead of a count that would look like "all clear".
pub fn write_report<W: Write>(mut out: W, summary: &Summary, utc_offset_h: i32) -> io::Result<()> {
    use chrono::Offset;
    let tz = chrono::FixedOffset::east_opt(utc_offset_h * 3600).unwrap_or(chrono::Utc.fix());
    let read = format!(
        "{} messages ({} one-time codes) and {} calls",
        summary.messages, summary.codes, summary.calls
    );
    match &summary.fatal {
        None => writeln!(
            out,
            "Read {read}: {} risky moment(s).",
            summary.moments.len()
        )?,
        Some(_) if summary.messages == 0 && summary.calls == 0 => {
            writeln!(
                out,
                "Nothing could be read from the backup (see the error above)."
            )?;
            return Ok(());
        }
        Some(_) => writeln!(
            out,
            "The backup could not be read to the end (see the error above). Before the error: \
             {read}, with {} risky moment(s).",
            summary.moments.len()
        )?,
    }
    let malformed = summary.skipped.len();
    let Passed { sent, unsent, mms } = summary.passed;
    let parts: Vec<String> = [
        (sent, "sent"),
        (unsent, "drafts or unsent"),
        (mms, "MMS"),
        (malformed as u64, "malformed (named above)"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !parts.is_empty() {
        writeln!(out, "Not scanned: {}.", parts.join(", "))?;
    }
    if summary.second_stage_calls > 0 {
        writeln!(
            out,
            "After those moments, {} call(s) from strangers would also have been flagged as a \
             possible second call of the scam.",
            summary.second_stage_calls
        )?;
    }
    for m in &summary.moments {
        let when = chrono::DateTime::from_timestamp_millis(m.ts)
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| m.ts.to_string());
        writeln!(out)?;
        writeln!(
            out,
            "{when} (UTC{utc_offset_h:+})  {:<8}  code from {}  caller {}",
            m.level.as_str().to_uppercase(),
            smsguard_core::senders::shown_sender(&m.sender),
            m.caller.as_deref().unwrap_or("hidden")
        )?;
        writeln!(out, "  why: {}", m.reasons.join(", "))?;
        writeln!(out, "  {}", m.warning)?;
    }
    Ok(())
}
