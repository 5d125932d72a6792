//! Exports for the JVM tests and benchmarks only (cargo feature `test-hooks`); the app's
//! library never has them. They mirror `kz.smsguard.core.BridgeTestHooks` in
//! `android/bridge/jvm-tests/src/test/kotlin`.

use jni::objects::{JObject, JString};
use jni::sys::jlong;
use jni::{jni_mangle, EnvUnowned};

use crate::boundary::{optional, run, to_java};

/// Proves the wrapper: a panic must reach Java as a `RuntimeException`, not abort the JVM.
// SYNC: BridgeTestHooks.panic()
#[jni_mangle("kz.smsguard.core.BridgeTestHooks")]
pub fn panic<'l>(mut env: EnvUnowned<'l>, _this: JObject<'l>) {
    run("panic", &mut env, |_| -> Result<(), _> {
        #[allow(clippy::panic)]
        {
            panic!("deliberate panic from BridgeTestHooks.panic")
        }
    })
}

/// The baseline for the round-trip benchmark: the same arguments, the same wrapper and
/// conversions as `onSms`, the same reply as its no-warning verdict, and no core call.
// SYNC: BridgeTestHooks.noopSms(sender: String?, body: String?, sentMs: Long, timestampMs: Long): String
#[jni_mangle("kz.smsguard.core.BridgeTestHooks")]
pub fn noop_sms<'l>(
    mut env: EnvUnowned<'l>,
    _this: JObject<'l>,
    sender: JString<'l>,
    body: JString<'l>,
    _sent_ms: jlong,
    _timestamp_ms: jlong,
) -> JString<'l> {
    run("noopSms", &mut env, |env| {
        let _sender = optional(env, &sender)?;
        let _body = optional(env, &body)?;
        to_java(env, NOOP_REPLY)
    })
}

/// Stands in for a verdict: the one the benchmark's ordinary SMS gets, so both calls hand Java
/// the same reply to convert (`kz.smsguard.bench.BaselineTest` keeps them equal).
const NOOP_REPLY: &str = concat!(
    r#"{"level":"none","reasons":["not_otp"],"about":null,"about_ts":null,"caller":null,"#,
    r#""channel":null,"caller_reported":false,"#,
    r#""otp":{"is_otp":false,"code_seen":false,"purpose":null,"sender_kind":"personal","#,
    r#""reasons":["sender:personal","personal_sender"]},"warning":null}"#
);
