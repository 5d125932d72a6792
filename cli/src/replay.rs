//! `smsguard replay`: a timeline of events in, one verdict per event out.

use std::io::{BufRead, Write};

use smsguard_core::{CallEvent, Event, Guard, ReportEvent, SmsEvent};

use crate::jsonl::{describe_json_error, described_at, map_lines, Flush, StreamError};

/// Replays every line through the guard; returns how many lines were malformed.
///
/// `about` in the output is the index of the SMS among this input's events (the line
/// numbers of the output, counted from 0), or null for an SMS from an earlier run. A first line
/// that only describes the timeline (`{"timeline": …}` or `{"story": …}`, no `kind`), as the
/// files in `tests/timelines/` and `cli/demo/` start, is skipped without an answer.
pub fn run<R: BufRead, W: Write>(
    guard: &Guard,
    input: R,
    output: W,
    flush: Flush,
) -> Result<usize, StreamError> {
    // The guard counts only the events it was given; output lines also count errors.
    let mut output_index_of_event: Vec<u64> = Vec::new();
    let mut first = true;
    map_lines(input, output, flush, |line, this| {
        if std::mem::take(&mut first) && is_description(line) {
            return Ok(None);
        }
        let event: Event = serde_json::from_str(line).map_err(|e| event_error(line, &e))?;
        let handled = guard.handle(event);
        output_index_of_event.push(this);
        let mut verdict = handled.map_err(|e| e.to_string())?;
        verdict.about = verdict
            .about
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| output_index_of_event.get(i).copied());
        Ok(Some(verdict.to_json()))
    })
}

/// Why a line is no event, naming the field: serde reads the fields of a `kind`-tagged event
/// from a copy that has lost their names ("invalid type: null, expected i64" — which of them?),
/// so the line is read once more as the kind it says it is.
fn event_error(line: &str, e: &serde_json::Error) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
        return describe_json_error(e);
    };
    let at = match value.get("kind").and_then(serde_json::Value::as_str) {
        Some("call") => serde_path_to_error::deserialize::<_, CallEvent>(&value).err(),
        Some("sms") => serde_path_to_error::deserialize::<_, SmsEvent>(&value).err(),
        Some("report") => serde_path_to_error::deserialize::<_, ReportEvent>(&value).err(),
        _ => None,
    };
    at.map_or_else(|| describe_json_error(e), |at| described_at(&at))
}

/// A line that names or tells the timeline rather than being an event.
fn is_description(line: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line).is_ok_and(|o| {
        !o.contains_key("kind") && (o.contains_key("timeline") || o.contains_key("story"))
    })
}
