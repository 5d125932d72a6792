//! SMS Guard engine: rule packs → detector → guard.
//!
//! Pure Rust, no JNI: everything arrives as plain data and leaves as plain data, so the
//! command line and the Android bridge share one engine that is tested on the host.

mod assess;
mod calls;
pub mod detector;
pub mod event;
pub mod guard;
pub mod history;
pub mod phone_number;
pub mod policy;
pub mod redact;
pub mod reports;
pub mod rules;
pub mod senders;
mod store;
pub mod text;
pub mod types;
pub mod warning;

pub use calls::TIME_TOLERANCE_MS;
pub use detector::{Classification, Detector};
pub use event::{CallEvent, CallPhase, Direction, Event, ReportEvent, SmsEvent};
pub use guard::{AskReport, Guard, GuardError, OtpFacts, Verdict};
pub use redact::Redacted;
pub use reports::{ImportSummary, ReportChange, ReportedNumber, Reports};
pub use rules::{RulePack, RulesError, RulesErrors};
pub use store::{StateError, StateErrorKind};
pub use types::{Channel, Level, Purpose, SenderKind, UiLang};
pub use warning::Warning;
