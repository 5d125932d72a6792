//! `smsguard`: classify SMS, replay event timelines, scan a phone backup, manage
//! reported numbers, and show the demo — all on the engine the phone runs.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use smsguard::jsonl::{self, Flush};
use smsguard::{classify, demo, history, replay, scan};
use smsguard_core::{
    Detector, Guard, GuardError, ReportChange, Reports, RulePack, StateErrorKind, UiLang,
};

#[derive(Parser)]
#[command(
    name = "smsguard",
    version,
    about = "Warns when a one-time code arrives during a call from a stranger"
)]
struct Cli {
    /// Use the rule pack in this directory instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    rules: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify SMS: JSON Lines {"sender", "body"}, one answer per line on stdout.
    Classify {
        /// The SMS file, or `-` for stdin (the default).
        #[arg(default_value = "-")]
        file: PathBuf,
    },
    /// Replay a timeline of call/SMS/report events (JSON Lines) and print one verdict per event.
    /// A first line that describes the timeline (`{"timeline": …}`, as in tests/timelines/) is
    /// skipped.
    Replay {
        /// The timeline, or `-` for stdin.
        file: PathBuf,
        /// Keep state in this directory between runs (default: in memory).
        #[arg(long, value_name = "DIR")]
        state: Option<PathBuf>,
    },
    /// Scan an "SMS Backup & Restore" export for moments the guard would have warned about.
    Scan {
        /// The SMS backup (sms-*.xml).
        #[arg(long, value_name = "FILE")]
        sms: PathBuf,
        /// The call-log backup (calls-*.xml).
        #[arg(long, value_name = "FILE")]
        calls: Option<PathBuf>,
        /// Print JSON Lines, one risky moment per line, instead of the readable report.
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, help = LANG_HELP)]
        lang: Option<Lang>,
        /// Hours from UTC for the times in the report (Kazakhstan: 5).
        #[arg(long, default_value_t = 5, allow_hyphen_values = true, value_parser = clap::value_parser!(i32).range(-12..=14))]
        utc_offset: i32,
    },
    /// Manage the numbers reported as scammers.
    Report {
        /// The state directory (default: $SMSGUARD_STATE, or ~/.local/state/smsguard); may
        /// come before or after the action.
        #[arg(long, value_name = "DIR", global = true)]
        state: Option<PathBuf>,
        #[command(subcommand)]
        action: ReportAction,
    },
    /// Show the warning history kept in the state directory, newest first: when, how strong,
    /// who sent the code and who called, and why (never an SMS text or a code).
    History {
        /// The state directory (default: $SMSGUARD_STATE, or ~/.local/state/smsguard).
        #[arg(long, value_name = "DIR")]
        state: Option<PathBuf>,
        /// Print the JSON document the app reads instead of the readable list.
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, help = LANG_HELP)]
        lang: Option<Lang>,
        /// Hours from UTC for the times shown (Kazakhstan: 5).
        #[arg(long, default_value_t = 5, allow_hyphen_values = true, value_parser = clap::value_parser!(i32).range(-12..=14))]
        utc_offset: i32,
    },
    /// Check a rule-pack directory; exits non-zero with every problem listed.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
    /// Replay the bundled scam stories and show the warnings.
    Demo {
        #[arg(long, value_enum, help = LANG_HELP)]
        lang: Option<Lang>,
    },
}

#[derive(Subcommand)]
enum ReportAction {
    /// Report a number as a scammer.
    Add {
        number: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Take a report back.
    Remove { number: String },
    /// List reported numbers.
    List {
        #[arg(long)]
        json: bool,
        /// Hours from UTC for the dates shown (Kazakhstan: 5).
        #[arg(long, default_value_t = 5, allow_hyphen_values = true, value_parser = clap::value_parser!(i32).range(-12..=14))]
        utc_offset: i32,
    },
    /// Write the reports as CSV (number,reported_at,note) to a file or `-`.
    Export { file: PathBuf },
    /// Merge reports from CSV; existing reports are never lost.
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum RulesAction {
    Check { dir: PathBuf },
}

/// `--lang`'s help, for every command that takes it.
const LANG_HELP: &str =
    "The language of the warnings and texts (default: the locale's from LC_ALL, LC_MESSAGES or LANG, else Russian)";

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    /// The chosen language, or the system locale's, or Russian.
    fn resolve(chosen: Option<Lang>) -> UiLang {
        match chosen {
            Some(Lang::Kk) => UiLang::Kk,
            Some(Lang::Ru) => UiLang::Ru,
            Some(Lang::En) => UiLang::En,
            None => ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .map_or(UiLang::Ru, |l| UiLang::from_locale(&l)),
        }
    }
}

fn main() -> ExitCode {
    // Where a panic happened, never its message: that can quote the SMS text it choked on.
    std::panic::set_hook(Box::new(|info| match info.location() {
        Some(at) => eprintln!("smsguard: internal error at {}:{}", at.file(), at.line()),
        None => eprintln!("smsguard: internal error"),
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // The reader went away (`smsguard … | head`): what it wanted, it has.
        Err(Failure::ClosedOutput) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            eprintln!("smsguard: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Why a command stopped.
enum Failure {
    /// Standard output was closed by its reader.
    ClosedOutput,
    Message(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::Message(message.to_string())
    }
}

/// An error writing standard output: a closed pipe ends the program quietly.
fn output_error(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::ClosedOutput
    } else {
        Failure::Message(format!("standard output: {e}"))
    }
}

/// An error of a streaming command: reading names the input, writing is [`output_error`].
fn stream_error(input: &Path) -> impl Fn(jsonl::StreamError) -> Failure + '_ {
    move |e| match e {
        jsonl::StreamError::Read(e) => Failure::Message(format!("{}: {e}", shown(input))),
        jsonl::StreamError::Write(e) => output_error(e),
    }
}

/// A path as the person wrote it, `-` as "standard input".
fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let rules = match &cli.rules {
        Some(dir) => {
            pack_dir(dir)?;
            RulePack::check_dir(dir).map_err(|e| format!("rules in {}:\n{e}", dir.display()))?
        }
        None => RulePack::embedded(),
    };
    let guard_err = |e: smsguard_core::GuardError| Failure::Message(e.to_string());
    let status = |failed: usize| {
        if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    };
    match cli.command {
        Command::Classify { file } => {
            let detector = Detector::new(&rules).map_err(|e| e.to_string())?;
            let failed = classify::run(
                &detector,
                input(&file)?,
                io::stdout().lock(),
                flush_for(&file),
            )
            .map_err(stream_error(&file))?;
            Ok(status(failed))
        }
        Command::Replay { file, state } => {
            let source = input(&file)?;
            let guard = open_guard(rules, state.as_deref())?;
            let failed = replay::run(&guard, source, io::stdout().lock(), flush_for(&file))
                .map_err(stream_error(&file))?;
            Ok(status(failed))
        }
        Command::Scan {
            sms,
            calls,
            json,
            lang,
            utc_offset,
        } => {
            let sms_file = open_file(&sms)?;
            let size = sms_file.metadata().map(|m| m.len()).unwrap_or(0);
            let progress = if io::stderr().is_terminal() {
                indicatif::ProgressBar::new(size)
            } else {
                indicatif::ProgressBar::hidden()
            };
            let sms_reader = BufReader::with_capacity(256 * 1024, progress.wrap_read(sms_file));
            let calls_reader = match &calls {
                Some(path) => Some(BufReader::new(open_file(path)?)),
                None => None,
            };
            let summary = scan::scan(&rules, sms_reader, calls_reader, Lang::resolve(lang))
                .map_err(guard_err)?;
            progress.finish_and_clear();
            let file_of = |f: scan::BackupFile| match (f, &calls) {
                (scan::BackupFile::Calls, Some(path)) => path.display().to_string(),
                _ => sms.display().to_string(),
            };
            for (f, s) in &summary.skipped {
                eprintln!("smsguard: {}: skipped {s}", file_of(*f));
            }
            if let Some((f, e)) = &summary.fatal {
                eprintln!("smsguard: {}: {e}", file_of(*f));
            }
            let mut out = io::stdout().lock();
            if json {
                for m in &summary.moments {
                    serde_json::to_writer(&mut out, m).map_err(|e| output_error(e.into()))?;
                    writeln!(out).map_err(output_error)?;
                }
            } else {
                scan::write_report(&mut out, &summary, utc_offset).map_err(output_error)?;
            }
            out.flush().map_err(output_error)?;
            Ok(status(
                summary.skipped.len() + usize::from(summary.fatal.is_some()),
            ))
        }
        Command::Report { state, action } => report(rules, state, action),
        Command::History {
            state,
            json,
            lang,
            utc_offset,
        } => {
            let dir = match state {
                Some(d) => d,
                None => default_state_dir()?,
            };
            // A path that is not a directory holds no history, which is not "no warnings".
            let guard = open_to_read(rules, &dir)?;
            if let Some(e) = guard
                .state_error()
                .filter(|e| e.kind == StateErrorKind::NotADirectory)
            {
                return Err(format!(
                    "{}: the history cannot be read ({}: {e})",
                    dir.display(),
                    why_not_saved(e.kind)
                )
                .into());
            }
            let doc = guard.history_json();
            let parsed: serde_json::Value =
                serde_json::from_str(&doc).map_err(|e| format!("history: {e}"))?;
            for problem in parsed["damaged"].as_array().into_iter().flatten() {
                eprintln!(
                    "smsguard: warning: {}: {}",
                    dir.display(),
                    problem.as_str().unwrap_or_default()
                );
            }
            if json {
                println_or_quit(&doc)?;
            } else {
                let mut out = io::stdout().lock();
                history::write_readable(&mut out, &parsed, Lang::resolve(lang), utc_offset)
                    .and_then(|()| out.flush())
                    .map_err(output_error)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules {
            action: RulesAction::Check { dir },
        } => match pack_dir(&dir).map(|()| RulePack::check_dir(&dir))? {
            Err(errors) => {
                for e in &errors.0 {
                    eprintln!("{}: {e}", dir.display());
                }
                Ok(ExitCode::FAILURE)
            }
            Ok(pack) => {
                Detector::new(&pack).map_err(|e| format!("{}: {e}", dir.display()))?;
                println_or_quit(&format!(
                    "{}: rule pack {} is valid",
                    dir.display(),
                    pack.version()
                ))?;
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Demo { lang } => {
            let text = demo::render(&rules, Lang::resolve(lang)).map_err(guard_err)?;
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(output_error)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints one line to standard output; a closed pipe ends the program quietly.
fn println_or_quit(line: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(output_error)
}

fn report(
    rules: RulePack,
    state: Option<PathBuf>,
    action: ReportAction,
) -> Result<ExitCode, Failure> {
    let dir = match state {
        Some(d) => d,
        None => default_state_dir()?,
    };
    let guard = match action {
        ReportAction::List { .. } | ReportAction::Export { .. } => open_to_read(rules, &dir)?,
        _ => open_guard(rules, Some(&dir))?,
    };
    // A change that was not saved is no change for a command line: say so and fail.
    let not_saved = |e: GuardError| match e {
        GuardError::NotSaved(e) => Failure::Message(format!(
            "{}: {}: nothing was changed ({e})",
            dir.display(),
            why_not_saved(e.kind)
        )),
        other => Failure::Message(other.to_string()),
    };
    // A list that could not be read is not an empty list: say so rather than "no reported
    // numbers", or an export holding only the header.
    // A state path that is a file holds no reports: that is not "no reported numbers" either
    // (a mistyped --state).
    let readable = || match (guard.reports_error(), guard.state_error()) {
        (Some(e), _) => Err(Failure::Message(format!(
            "{}: the reported numbers cannot be read ({e})",
            dir.display()
        ))),
        (None, Some(e)) if e.kind == StateErrorKind::NotADirectory => {
            Err(Failure::Message(format!(
                "{}: the reported numbers cannot be read ({}: {e})",
                dir.display(),
                why_not_saved(e.kind)
            )))
        }
        _ => Ok(()),
    };
    match action {
        ReportAction::Add { number, note } => {
            let shown_number = Reports::parse_number(&number).map_err(|e| e.to_string())?;
            match guard
                .add_report(&number, note.as_deref(), now_ms())
                .map_err(not_saved)?
            {
                ReportChange::Added => println_or_quit(&format!("reported {shown_number}"))?,
                ReportChange::AlreadyReported { reported_at } => println_or_quit(&format!(
                    "{shown_number} was already reported on {}",
                    readable_date(reported_at, 5)
                ))?,
            }
        }
        ReportAction::Remove { number } => {
            // What cannot be reported cannot have been: say so rather than "was not
            // reported", which sent people looking for a report of a typo.
            let shown_number = Reports::parse_number(&number).map_err(|e| e.to_string())?;
            if !guard.remove_report(&number).map_err(not_saved)? {
                // An error line may end up in a log: the number is masked there.
                eprintln!(
                    "smsguard: {} was not reported",
                    demo::mask_number(&shown_number)
                );
                return Ok(ExitCode::FAILURE);
            }
            println_or_quit(&format!("removed {shown_number}"))?;
        }
        ReportAction::List { json, utc_offset } => {
            readable()?;
            let reports = guard.reports();
            if json {
                println_or_quit(&guard.reports_json())?;
            } else if reports.is_empty() {
                println_or_quit("no reported numbers")?;
            } else {
                let mut out = io::stdout().lock();
                for r in reports {
                    let when = readable_date(r.reported_at, utc_offset);
                    let line = if r.note.is_empty() {
                        format!("{}  reported {when}", r.number)
                    } else {
                        format!("{}  reported {when}  {}", r.number, r.note)
                    };
                    writeln!(out, "{line}").map_err(output_error)?;
                }
                out.flush().map_err(output_error)?;
            }
        }
        ReportAction::Export { file } => {
            readable()?;
            let csv = guard.export_reports_csv();
            if file == Path::new("-") {
                let mut out = io::stdout().lock();
                out.write_all(csv.as_bytes())
                    .and_then(|()| out.flush())
                    .map_err(output_error)?;
            } else {
                std::fs::write(&file, csv).map_err(|e| format!("{}: {e}", file.display()))?;
            }
        }
        ReportAction::Import { file } => {
            let mut csv = String::new();
            input(&file)?
                .read_to_string(&mut csv)
                .map_err(|e| format!("{}: {e}", shown(&file)))?;
            let summary = guard.import_reports_csv(&csv).map_err(not_saved)?;
            println_or_quit(&format!(
                "added {}, already reported {}",
                summary.added, summary.kept
            ))?;
            for e in &summary.errors {
                eprintln!("{}: line {}: {}", shown(&file), e.line, e.message);
            }
            if !summary.errors.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A state error in words a person acts on.
fn why_not_saved(kind: StateErrorKind) -> &'static str {
    match kind {
        StateErrorKind::NoSpace => "the disk is full",
        StateErrorKind::ReadOnly => "the state directory is read-only",
        StateErrorKind::Permission => "this user may not write to the state directory",
        StateErrorKind::NotADirectory => "the state path is not a directory",
        StateErrorKind::Busy => "another smsguard holds the state directory",
        StateErrorKind::Io => "the state directory could not be written",
    }
}

/// A date and time as a person reads it, in the given hours from UTC.
fn readable_date(ms: i64, utc_offset_h: i32) -> String {
    use chrono::Offset;
    let tz = chrono::FixedOffset::east_opt(utc_offset_h * 3600).unwrap_or(chrono::Utc.fix());
    chrono::DateTime::from_timestamp_millis(ms).map_or_else(
        || ms.to_string(),
        |t| {
            format!(
                "{} (UTC{utc_offset_h:+})",
                t.with_timezone(&tz).format("%Y-%m-%d %H:%M")
            )
        },
    )
}

fn open_guard(rules: RulePack, state: Option<&Path>) -> Result<Guard, String> {
    let guard = match state {
        Some(dir) => Guard::open(dir, rules).map_err(|e| format!("{}: {e}", dir.display()))?,
        None => Guard::in_memory(rules).map_err(|e| e.to_string())?,
    };
    for note in guard.recovery_notes() {
        eprintln!("smsguard: warning: {note}");
    }
    if let (Some(dir), Some(e)) = (state, guard.state_error()) {
        eprintln!(
            "smsguard: warning: {}: the state cannot be kept there ({}: {e}); events are \
             remembered only while this command runs",
            dir.display(),
            why_not_saved(e.kind)
        );
    }
    Ok(guard)
}

/// The guard for a command that only reads the state: a missing directory is not created (a
/// mistyped --state was made, and the answer was "no warnings" / "no reported numbers" as if
/// protection had been keeping state there); it is said on stderr and read as empty.
fn open_to_read(rules: RulePack, dir: &Path) -> Result<Guard, String> {
    if dir.exists() {
        return open_guard(rules, Some(dir));
    }
    eprintln!(
        "smsguard: warning: {}: no such directory: nothing was kept there",
        dir.display()
    );
    open_guard(rules, None)
}

fn default_state_dir() -> Result<PathBuf, String> {
    // Set but empty is unset, as for HOME and the XDG variables: an empty path was taken as
    // a state directory named "", which could never be opened.
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = set("SMSGUARD_STATE") {
        return Ok(dir.into());
    }
    let home = set("HOME").ok_or("no --state given and HOME is not set")?;
    Ok(Path::new(&home).join(".local/state/smsguard"))
}

/// A rule-pack directory that is there: one error for a missing or mistyped one, rather than
/// "cannot read" for each of its five files.
fn pack_dir(dir: &Path) -> Result<(), String> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(format!(
            "{}: not a directory (a rule pack is a directory)",
            dir.display()
        )),
        Err(e) => Err(format!("{}: {e}", dir.display())),
    }
}

/// Opens a file to read, with errors that name it (a directory is refused here: reading one
/// would fail later with no name attached).
fn open_file(path: &Path) -> Result<File, String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(format!("{}: is a directory", path.display()));
    }
    Ok(file)
}

fn input(path: &Path) -> Result<Box<dyn io::BufRead>, String> {
    if path == Path::new("-") {
        return Ok(Box::new(io::stdin().lock()));
    }
    Ok(Box::new(BufReader::with_capacity(
        64 * 1024,
        open_file(path)?,
    )))
}

/// Answers go out line by line when the input is live (stdin from a pipe or a terminal),
/// and in large writes when it is a file.
fn flush_for(path: &Path) -> Flush {
    let is_file = if path == Path::new("-") {
        stdin_is_file()
    } else {
        true
    };
    if is_file {
        Flush::Buffered
    } else {
        Flush::EachLine
    }
}

#[cfg(unix)]
fn stdin_is_file() -> bool {
    use std::os::fd::AsFd;
    io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .map(File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.is_file())
}

#[cfg(not(unix))]
fn stdin_is_file() -> bool {
    false
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
