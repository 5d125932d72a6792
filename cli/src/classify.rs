//! `smsguard classify`: JSON Lines of SMS in, one classification per line out.

use std::io::{BufRead, Write};

use serde::Deserialize;
use smsguard_core::Detector;

use crate::jsonl::{map_lines, parse_line, Flush, StreamError};

#[derive(Deserialize)]
struct Sms<'a> {
    #[serde(borrow)]
    sender: std::borrow::Cow<'a, str>,
    #[serde(borrow, default)]
    body: Option<std::borrow::Cow<'a, str>>,
}

/// Classifies every line; returns how many lines were malformed.
pub fn run<R: BufRead, W: Write>(
    detector: &Detector,
    input: R,
    output: W,
    flush: Flush,
) -> Result<usize, StreamError> {
    map_lines(input, output, flush, |line, _| {
        let sms: Sms<'_> = parse_line(line)?;
        let class = detector.classify(&sms.sender, sms.body.as_deref());
        serde_json::to_string(&class)
            .map(Some)
            .map_err(|e| e.to_string())
    })
}
