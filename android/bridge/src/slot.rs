//! The one guard the library holds: opened by `SmsGuardNative.open`, shared by every thread.

use std::path::Path;
use std::sync::{PoisonError, RwLock};

use smsguard_core::{Guard, RulePack};

use crate::boundary::BridgeError;

/// Events hold the read side for the length of one core call, so `open` (the write side) never
/// drops a guard that another thread is still using, and no two guards share a state directory.
static GUARD: RwLock<Option<Guard>> = RwLock::new(None);

/// Replaces the open guard (if any) with one on `state_dir`.
///
/// The old guard is closed before the new one opens, so its files are released first. A state
/// directory that cannot be written still gives a guard (in memory, saying so in every
/// verdict's `state_error`); only a rule pack the core refuses leaves no guard open. The phone's
/// clock is handed over so that records stamped while it was wrong are moved back to it
/// (see `Guard::open_at`).
pub fn open(state_dir: &Path, rules: RulePack) -> Result<(), BridgeError> {
    // A panic while opening leaves `None` behind, which is a state this code handles anyway.
    let mut slot = GUARD.write().unwrap_or_else(PoisonError::into_inner);
    *slot = None;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let guard = Guard::open_at(state_dir, rules, now_ms)?;
    log::debug!("guard open, rules {}", guard.rules_version());
    *slot = Some(guard);
    Ok(())
}

/// Runs `f` on the open guard, or fails with [`BridgeError::NotOpen`].
pub fn with_guard<R>(f: impl FnOnce(&Guard) -> Result<R, BridgeError>) -> Result<R, BridgeError> {
    // Readers never leave the slot half-written, so a poisoned lock still holds a usable value.
    let slot = GUARD.read().unwrap_or_else(PoisonError::into_inner);
    f(slot.as_ref().ok_or(BridgeError::NotOpen)?)
}
