//! Where the library's log lines go: logcat (tag `SmsGuard`) on Android, stderr on the host.
//!
//! What may be logged is the core's rule, and this crate's too: rule ids, counts, levels,
//! timings; never a body, a code or a whole phone number. Release builds keep nothing below
//! info (the `release_max_level_info` feature of `log`).

use std::sync::Once;

/// Installs the logger and the panic hook once per process; every export calls this first.
pub fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        install_logger();
        // A sentinel, logged at trace level only so that scripts/bridge.sh can grep a library for
        // it: release builds must not contain it (every call below info compiled out), builds
        // with debug assertions must (the check can still see what it looks for).
        log::trace!("SMSGUARD-TRACE-LOGGING-COMPILED-IN");
        std::panic::set_hook(Box::new(|info| match info.location() {
            // The message is left out on purpose: a panic message can quote the text it choked
            // on (a str slice out of bounds prints the string), and that text may be an SMS.
            // The shipped library keeps no locations (-Zlocation-detail=none, scripts/bridge.sh)
            // and says `<redacted>:0`; a debug build of the same input says where.
            Some(at) => log::error!("panic at {}:{}", at.file(), at.line()),
            None => log::error!("panic at an unknown location"),
        }));
    });
}

#[cfg(target_os = "android")]
fn install_logger() {
    android_logger::init_once(
        android_logger::Config::default()
            .with_tag("SmsGuard")
            .with_max_level(log::LevelFilter::Trace),
    );
}

/// On the host (JVM tests, benchmarks) the level comes from `SMSGUARD_LOG`
/// (`off`, `error`, `warn`, `info`, `debug`, `trace`; default `warn`).
#[cfg(not(target_os = "android"))]
fn install_logger() {
    let level = std::env::var("SMSGUARD_LOG")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(log::LevelFilter::Warn);
    // Fails only if something in this library set a logger already; then that one stays.
    if log::set_logger(&Stderr).is_ok() {
        log::set_max_level(level);
    }
}

#[cfg(not(target_os = "android"))]
struct Stderr;

#[cfg(not(target_os = "android"))]
impl log::Log for Stderr {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!(
                "SmsGuard {} {}: {}",
                record.level(),
                record.target(),
                record.args()
            );
        }
    }

    fn flush(&self) {}
}
