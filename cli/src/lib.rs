//! The `smsguard` command line: the same engine as the phone, on the host.

pub mod backup;
pub mod classify;
pub mod demo;
pub mod history;
pub mod jsonl;
pub mod replay;
pub mod scan;
