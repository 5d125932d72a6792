//! The one wrapper every export runs in, and the conversions it needs.
//!
//! Kotlin sees three kinds of failure, as documented on `SmsGuardNative`:
//! `IllegalArgumentException` for input the core rejects (or a null where Kotlin promised a
//! value), `IllegalStateException` for a call before `open` or a guard whose state directory
//! fails it, and a plain `RuntimeException` for a Rust panic, which is always our bug. Nothing
//! unwinds into the JVM: that would abort the app's process.

use std::any::Any;
use std::fmt;
use std::time::Instant;

use jni::errors::{Error as JniError, ErrorPolicy};
use jni::objects::JString;
use jni::strings::{JNIStr, JNIString};
use jni::{jni_str, Env, EnvUnowned};
use log::{debug, log_enabled, trace, Level};
use smsguard_core::event::BadWord;
use smsguard_core::{GuardError, RulesErrors};

use crate::logging;

/// Everything an export can fail with, each mapped to the Java exception Kotlin documents.
#[derive(Debug)]
pub enum BridgeError {
    /// Kotlin promised a value but Java passed `null` (only possible from Java or reflection).
    NullArgument(&'static str),
    /// An export other than `open` was called before any guard was opened.
    NotOpen,
    /// The rules override given to `open` did not load.
    Rules(RulesErrors),
    /// The core refused the call: bad input, or its state directory failed it.
    Guard(GuardError),
    /// The JVM itself failed a call (usually an exception is already pending, e.g. out of memory).
    Jni(JniError),
}

impl fmt::Display for BridgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NullArgument(name) => write!(f, "{name} must not be null"),
            Self::NotOpen => f.write_str("the guard is not open: call SmsGuardNative.open first"),
            Self::Rules(e) => write!(f, "rules override rejected: {e}"),
            Self::Guard(e) => e.fmt(f),
            Self::Jni(e) => write!(f, "JNI call failed: {e}"),
        }
    }
}

impl BridgeError {
    /// The JNI name of the exception class Kotlin catches for this error.
    fn java_class(&self) -> &'static JNIStr {
        match self {
            Self::NullArgument(_) | Self::Rules(_) => {
                jni_str!("java/lang/IllegalArgumentException")
            }
            Self::Guard(e) if e.is_invalid_input() => {
                jni_str!("java/lang/IllegalArgumentException")
            }
            Self::NotOpen | Self::Guard(_) => jni_str!("java/lang/IllegalStateException"),
            Self::Jni(_) => jni_str!("java/lang/RuntimeException"),
        }
    }
}

impl From<JniError> for BridgeError {
    fn from(e: JniError) -> Self {
        Self::Jni(e)
    }
}

impl From<GuardError> for BridgeError {
    fn from(e: GuardError) -> Self {
        Self::Guard(e)
    }
}

/// A phase, direction or channel that is not one of the core's words: bad input.
impl From<BadWord> for BridgeError {
    fn from(e: BadWord) -> Self {
        Self::Guard(e.into())
    }
}

/// Runs one export: every `extern` function of this library is a single call to this.
///
/// `name` is the Kotlin method; it goes into logs and exception messages.
pub fn run<'l, T: Default>(
    name: &'static str,
    env: &mut EnvUnowned<'l>,
    f: impl FnOnce(&mut Env<'l>) -> Result<T, BridgeError>,
) -> T {
    logging::init();
    // Timings are trace-level; release builds compile this to nothing.
    let started = log_enabled!(Level::Trace).then(Instant::now);
    let result = env.with_env(f).resolve_with::<ThrowJava, _>(|| name);
    if let Some(started) = started {
        trace!("{name}: {} µs", started.elapsed().as_micros());
    }
    result
}

/// Throws the Java exception that matches the error, or a `RuntimeException` for a panic.
/// Its captures are the name of the export, for the message.
struct ThrowJava;

impl<T: Default> ErrorPolicy<T, BridgeError> for ThrowJava {
    type Captures<'unowned_env_local: 'native_method, 'native_method> = &'static str;

    fn on_error<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        name: &mut &'static str,
        err: BridgeError,
    ) -> jni::errors::Result<T> {
        // Kotlin gets the exception and decides what to log; this line is for tracing a session.
        debug!("{name}: {err}");
        // A JNI failure usually left its own exception pending (say, OutOfMemoryError): keep it.
        if !env.exception_check() {
            throw(env, err.java_class(), &format!("{name}: {err}"))?;
        }
        Ok(T::default())
    }

    fn on_panic<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        name: &mut &'static str,
        _payload: Box<dyn Any + Send + 'static>,
    ) -> jni::errors::Result<T> {
        // The panic hook (see `logging`) has logged where; the message stays out of the
        // exception for the same reason it stays out of the log.
        if !env.exception_check() {
            let message = format!("Rust panic in {name}: a bug in SMS Guard, see the SmsGuard log");
            throw(env, jni_str!("java/lang/RuntimeException"), &message)?;
        }
        Ok(T::default())
    }
}

/// Raises `class` in the calling Java thread; the exception surfaces when the export returns.
///
/// Through JNI's own `FindClass` and `ThrowNew` rather than `Env::throw_new`: that one looks the
/// class up through jni's class-loader fallbacks and exception matching, ~20 KB of the Android
/// library, which the `java/lang` exceptions thrown here never need (the bootstrap loader always
/// has them, from any thread).
fn throw(env: &mut Env<'_>, class: &JNIStr, message: &str) -> jni::errors::Result<()> {
    let message = JNIString::from(message);
    let raw = env.get_raw();
    // Safety: `raw` is the JNIEnv of this native call, non-null (checked when `env` was made);
    // FindClass, ThrowNew and DeleteLocalRef are JNI 1.1 functions, called with no exception
    // pending (the callers check) and NUL-terminated modified UTF-8 that outlives the calls.
    unsafe {
        let functions = *raw;
        let found = ((*functions).v1_1.FindClass)(raw, class.as_ptr());
        // Null: FindClass itself threw (out of memory), and that exception is pending now.
        if !found.is_null() {
            ((*functions).v1_1.ThrowNew)(raw, found, message.as_ptr());
            ((*functions).v1_1.DeleteLocalRef)(raw, found);
        }
    }
    Ok(())
}

/// A Kotlin `String` parameter; `name` is the Kotlin parameter named in the exception.
pub fn required(env: &Env<'_>, s: &JString<'_>, name: &'static str) -> Result<String, BridgeError> {
    if s.is_null() {
        return Err(BridgeError::NullArgument(name));
    }
    Ok(s.try_to_string(env)?)
}

/// A Kotlin `String?` parameter.
pub fn optional(env: &Env<'_>, s: &JString<'_>) -> Result<Option<String>, BridgeError> {
    if s.is_null() {
        return Ok(None);
    }
    Ok(Some(s.try_to_string(env)?))
}

/// A Rust string back into a `java.lang.String` (surrogate pairs for text outside the BMP).
pub fn to_java<'l>(env: &mut Env<'l>, s: impl AsRef<str>) -> Result<JString<'l>, BridgeError> {
    Ok(JString::from_str(env, s)?)
}
