//! `smsguard history`: the warning moments kept in a state directory, as a person reads them
//! or as the JSON the app gets.

use std::io::{self, Write};

use serde_json::Value;
use smsguard_core::UiLang;

/// Writes the moments of `doc` (the guard's history JSON), newest first: when, how strong, who
/// sent the code and who called, why, and what happened in `lang`. Never a body or a code: the
/// history holds none.
pub fn write_readable<W: Write>(
    mut out: W,
    doc: &Value,
    lang: UiLang,
    utc_offset_h: i32,
) -> io::Result<()> {
    use chrono::Offset;
    let tz = chrono::FixedOffset::east_opt(utc_offset_h * 3600).unwrap_or(chrono::Utc.fix());
    let moments = doc["moments"].as_array().map_or(&[][..], Vec::as_slice);
    if moments.is_empty() {
        return writeln!(out, "no warnings");
    }
    let lang = match lang {
        UiLang::Kk => "kk",
        UiLang::Ru => "ru",
        UiLang::En => "en",
    };
    for (i, m) in moments.iter().enumerate() {
        let ts = m["ts"].as_i64().unwrap_or_default();
        let when = chrono::DateTime::from_timestamp_millis(ts)
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| ts.to_string());
        // The situation tells a second-stage call from a code whose sender Android hid: neither
        // has a sender.
        let what = match (m["situation"].as_str(), m["sender"].as_str()) {
            (Some("second_stage"), _) => "a stranger's call after a risky code".to_string(),
            (_, Some(sender)) => format!("code from {sender}"),
            (_, None) => "code from an unknown sender".to_string(),
        };
        let caller = match (m["caller"].as_str(), m["reported"].as_bool()) {
            (Some(n), Some(true)) => format!("{n} (reported)"),
            (Some(n), _) => n.to_string(),
            (None, _) => "hidden".to_string(),
        };
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{when} (UTC{utc_offset_h:+})  {:<8}  {what}  caller {caller}",
            m["level"].as_str().unwrap_or("?").to_uppercase(),
        )?;
        let reasons: Vec<&str> = m["reasons"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(Value::as_str)
            .collect();
        writeln!(out, "  why: {}", reasons.join(", "))?;
        writeln!(out, "  {}", m["summary"][lang].as_str().unwrap_or(""))?;
    }
    Ok(())
}
