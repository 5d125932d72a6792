//! `libsmsguard.so`: the one crossing between the Android shell and the Rust core.
//!
//! Every `extern` function here mirrors an `external fun` of
//! `android/app/src/main/kotlin/kz/smsguard/core/SmsGuardNative.kt`; keep the two in sync
//! (name, parameter order, types). Each export only converts its arguments, calls the core and
//! converts the answer back, inside [`boundary::run`], which turns errors and panics into Java
//! exceptions. Rules, words and state all live in `smsguard-core`.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod boundary;
mod logging;
mod slot;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use std::path::Path;

use jni::objects::{JObject, JString};
use jni::sys::{jboolean, jlong};
use jni::{jni_mangle, EnvUnowned};
use smsguard_core::event::contact_from_word;
use smsguard_core::{CallEvent, Event, RulePack, SmsEvent};

use boundary::{optional, required, run, to_java, BridgeError};

// SYNC: SmsGuardNative.open(stateDir: String, rulesDir: String?)
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn open<'l>(
    mut env: EnvUnowned<'l>,
    _this: JObject<'l>,
    state_dir: JString<'l>,
    rules_dir: JString<'l>,
) {
    run("open", &mut env, |env| {
        let state_dir = required(env, &state_dir, "stateDir")?;
        let rules = match optional(env, &rules_dir)? {
            Some(dir) => RulePack::from_dir(Path::new(&dir)).map_err(BridgeError::Rules)?,
            None => RulePack::embedded(),
        };
        slot::open(Path::new(&state_dir), rules)
    })
}

// SYNC: SmsGuardNative.onSms(sender: String?, body: String?, sentMs: Long, timestampMs: Long): String
// `sentMs` 0 or less: the SMS centre's time is unknown.
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn on_sms<'l>(
    mut env: EnvUnowned<'l>,
    _this: JObject<'l>,
    sender: JString<'l>,
    body: JString<'l>,
    sent_ms: jlong,
    timestamp_ms: jlong,
) -> JString<'l> {
    run("onSms", &mut env, |env| {
        let event = Event::Sms(SmsEvent {
            ts: timestamp_ms,
            sender: optional(env, &sender)?,
            body: optional(env, &body)?,
            sent_ts: (sent_ms > 0).then_some(sent_ms),
        });
        let verdict = slot::with_guard(|guard| Ok(guard.handle(event)?.to_json()))?;
        to_java(env, verdict)
    })
}

// SYNC: SmsGuardNative.onCall(phase: String, number: String?, direction: String, contact: String,
//       channel: String, timestampMs: Long): String
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
#[allow(clippy::too_many_arguments)] // one per Kotlin parameter, plus the two JNI always passes
pub fn on_call<'l>(
    mut env: EnvUnowned<'l>,
    _this: JObject<'l>,
    phase: JString<'l>,
    number: JString<'l>,
    direction: JString<'l>,
    contact: JString<'l>,
    channel: JString<'l>,
    timestamp_ms: jlong,
) -> JString<'l> {
    run("onCall", &mut env, |env| {
        let event = Event::Call(CallEvent {
            ts: timestamp_ms,
            phase: required(env, &phase, "phase")?.parse()?,
            number: optional(env, &number)?,
            direction: required(env, &direction, "direction")?.parse()?,
            contact: contact_from_word(&required(env, &contact, "contact")?)?,
            channel: required(env, &channel, "channel")?.parse()?,
        });
        let verdict = slot::with_guard(|guard| Ok(guard.handle(event)?.to_json()))?;
        to_java(env, verdict)
    })
}

// SYNC: SmsGuardNative.reportAdd(number: String, note: String?, timestampMs: Long)
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn report_add<'l>(
    mut env: EnvUnowned<'l>,
    _this: JObject<'l>,
    number: JString<'l>,
    note: JString<'l>,
    timestamp_ms: jlong,
) {
    run("reportAdd", &mut env, |env| {
        let number = required(env, &number, "number")?;
        let note = optional(env, &note)?;
        slot::with_guard(|guard| {
            guard.add_report(&number, note.as_deref(), timestamp_ms)?;
            Ok(())
        })
    })
}

// SYNC: SmsGuardNative.reportRemove(number: String): Boolean
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn report_remove<'l>(
    mut env: EnvUnowned<'l>,
    _this: JObject<'l>,
    number: JString<'l>,
) -> jboolean {
    run("reportRemove", &mut env, |env| {
        let number = required(env, &number, "number")?;
        slot::with_guard(|guard| Ok(guard.remove_report(&number)?))
    })
}

// SYNC: SmsGuardNative.reportList(): String
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn report_list<'l>(mut env: EnvUnowned<'l>, _this: JObject<'l>) -> JString<'l> {
    run("reportList", &mut env, |env| {
        let json = slot::with_guard(|guard| Ok(guard.reports_json()))?;
        to_java(env, json)
    })
}

// SYNC: SmsGuardNative.reportExport(): String
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn report_export<'l>(mut env: EnvUnowned<'l>, _this: JObject<'l>) -> JString<'l> {
    run("reportExport", &mut env, |env| {
        let csv = slot::with_guard(|guard| Ok(guard.export_reports_csv()))?;
        to_java(env, csv)
    })
}

// SYNC: SmsGuardNative.reportImport(csv: String): String
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn report_import<'l>(
    mut env: EnvUnowned<'l>,
    _this: JObject<'l>,
    csv: JString<'l>,
) -> JString<'l> {
    run("reportImport", &mut env, |env| {
        let csv = required(env, &csv, "csv")?;
        let summary = slot::with_guard(|guard| Ok(guard.import_reports_csv(&csv)?))?;
        // Serialising plain counts and line numbers cannot fail; an empty reply would be
        // Kotlin's JSONException, which it handles.
        let json = serde_json::to_string(&summary).unwrap_or_default();
        to_java(env, json)
    })
}

// SYNC: SmsGuardNative.historyList(): String
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn history_list<'l>(mut env: EnvUnowned<'l>, _this: JObject<'l>) -> JString<'l> {
    run("historyList", &mut env, |env| {
        let json = slot::with_guard(|guard| Ok(guard.history_json()))?;
        to_java(env, json)
    })
}

// SYNC: SmsGuardNative.rulesVersion(): String
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn rules_version<'l>(mut env: EnvUnowned<'l>, _this: JObject<'l>) -> JString<'l> {
    run("rulesVersion", &mut env, |env| {
        let version = slot::with_guard(|guard| Ok(guard.rules_version().to_owned()))?;
        to_java(env, version)
    })
}

// SYNC: SmsGuardNative.stateProblem(): String
#[jni_mangle("kz.smsguard.core.SmsGuardNative")]
pub fn state_problem<'l>(mut env: EnvUnowned<'l>, _this: JObject<'l>) -> JString<'l> {
    run("stateProblem", &mut env, |env| {
        let kind =
            slot::with_guard(|guard| Ok(guard.state_error().map_or("", |e| e.kind.as_str())))?;
        to_java(env, kind)
    })
}
