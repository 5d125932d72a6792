//! `smsguard replay`: a timeline of events in, one verdict per event out.

use std::io::{self, BufRead, Write};

use smsguard_core::{Event, Guard};

use crate::jsonl::{describe_json_error, map_lines, Flush};

/// Replays every line through the guard; returns how many lines were malformed.
///
/// `about` in the output is the index of the SMS among this input's events (the line
/// numbers of the output, counted from 0), or null for an SMS from an earlier run.
pub fn run<R: BufRead, W: Write>(
    guard: &Guard,
    input: R,
    output: W,
    flush: Flush,
) -> io::Result<usize> {
    // The guard counts only the events it was given; output lines also count errors.
    let mut output_index_of_event: Vec<u64> = Vec::new();
    let mut output_index = 0u64;
    map_lines(input, output, flush, |line| {
        let this = output_index;
        output_index += 1;
        let event: Event = serde_json::from_str(line).map_err(|e| describe_json_error(&e))?;
        let handled = guard.handle(event);
        output_index_of_event.push(this);
        let mut verdict = handled.map_err(|e| e.to_string())?;
        verdict.about = verdict
            .about
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| output_index_of_event.get(i).copied());
        Ok(verdict.to_json())
    })
}
