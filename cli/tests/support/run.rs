//! Running the real `smsguard` binary from the CLI tests, and the events they feed it.

#![allow(dead_code)] // each test file uses its own part

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::thread::JoinHandle;

use serde_json::{json, Value};

pub const T: i64 = 1_764_064_800_000;
pub const EGOV_4821: &str = "Код для входа на портал eGov: 4821. Никому не сообщайте этот код.";
pub const CALLER: &str = "+77015550142";

pub fn smsguard() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_smsguard"));
    // Nothing from the developer's machine leaks in: no default state, a known locale.
    c.env_remove("SMSGUARD_STATE").env("LC_ALL", "en_US.UTF-8");
    c
}

/// Starts the binary with every stream piped and `stdin` written from another thread, so a
/// large answer cannot block a large question.
pub fn start(args: &[&str], stdin: String) -> (Child, JoinHandle<()>) {
    let mut child = smsguard()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("smsguard starts");
    let mut input = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    (child, writer)
}

/// Runs the binary with `stdin` as its input and waits for it.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let (child, writer) = start(args, stdin.to_string());
    let out = child.wait_with_output().expect("smsguard finishes");
    writer.join().expect("writer");
    out
}

pub fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

pub fn stdout_lines(out: &Output) -> Vec<Value> {
    json_lines(&String::from_utf8_lossy(&out.stdout))
}

pub fn lines(values: &[Value]) -> String {
    values.iter().map(|v| format!("{v}\n")).collect()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An incoming cellular call from a stranger.
pub fn call(ts: i64, phase: &str, number: &str) -> Value {
    json!({"ts": ts, "kind": "call", "phase": phase, "number": number, "direction": "incoming", "contact": false, "channel": "cellular"})
}

pub fn sms(ts: i64, sender: &str, body: Option<&str>) -> Value {
    json!({"ts": ts, "kind": "sms", "sender": sender, "body": body})
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("smsguard-cli-")
        .tempdir()
        .expect("temp dir")
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}
