//! `smsguard`: classify SMS, replay event timelines, scan a phone backup, manage
//! reported numbers, and show the demo — all on the engine the phone runs.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use smsguard::jsonl::Flush;
use smsguard::{classify, demo, replay, scan};
use smsguard_core::{Detector, Guard, RulePack, UiLang};

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
    /// Classify SMS: JSON Lines {"sender", "body"} on stdin, one answer per line on stdout.
    Classify,
    /// Replay a timeline of call/SMS/report events (JSON Lines) and print one verdict per event.
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
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Hours from UTC for the times in the report (Kazakhstan: 5).
        #[arg(long, default_value_t = 5, allow_hyphen_values = true, value_parser = clap::value_parser!(i32).range(-12..=14))]
        utc_offset: i32,
    },
    /// Manage the numbers reported as scammers.
    Report {
        /// The state directory (default: $SMSGUARD_STATE, or ~/.local/state/smsguard).
        #[arg(long, value_name = "DIR")]
        state: Option<PathBuf>,
        #[command(subcommand)]
        action: ReportAction,
    },
    /// Check a rule-pack directory; exits non-zero with every problem listed.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
    /// Replay the bundled scam stories and show the warnings.
    Demo {
        #[arg(long, value_enum)]
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
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("smsguard: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let rules = match &cli.rules {
        Some(dir) => {
            RulePack::from_dir(dir).map_err(|e| format!("rules in {}:\n{e}", dir.display()))?
        }
        None => RulePack::embedded(),
    };
    let io_err = |e: io::Error| e.to_string();
    let guard_err = |e: smsguard_core::GuardError| e.to_string();
    let status = |failed: usize| {
        if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    };
    match cli.command {
        Command::Classify => {
            let detector = Detector::new(&rules).map_err(|e| e.to_string())?;
            let flush = flush_for(Path::new("-"));
            let failed = classify::run(&detector, io::stdin().lock(), io::stdout().lock(), flush)
                .map_err(io_err)?;
            Ok(status(failed))
        }
        Command::Replay { file, state } => {
            let guard = open_guard(rules, state.as_deref())?;
            let failed = replay::run(&guard, input(&file)?, io::stdout().lock(), flush_for(&file))
                .map_err(io_err)?;
            Ok(status(failed))
        }
        Command::Scan {
            sms,
            calls,
            json,
            lang,
            utc_offset,
        } => {
            let sms_file = File::open(&sms).map_err(|e| format!("{}: {e}", sms.display()))?;
            let size = sms_file.metadata().map(|m| m.len()).unwrap_or(0);
            let progress = if io::stderr().is_terminal() {
                indicatif::ProgressBar::new(size)
            } else {
                indicatif::ProgressBar::hidden()
            };
            let sms_reader = BufReader::with_capacity(256 * 1024, progress.wrap_read(sms_file));
            let calls_reader = match &calls {
                Some(path) => Some(BufReader::new(
                    File::open(path).map_err(|e| format!("{}: {e}", path.display()))?,
                )),
                None => None,
            };
            let summary = scan::scan(&rules, sms_reader, calls_reader, Lang::resolve(lang))
                .map_err(guard_err)?;
            progress.finish_and_clear();
            let mut out = io::stdout().lock();
            if json {
                for m in &summary.moments {
                    serde_json::to_writer(&mut out, m).map_err(|e| e.to_string())?;
                    writeln!(out).map_err(io_err)?;
                }
            } else {
                scan::write_report(&mut out, &summary, utc_offset).map_err(io_err)?;
            }
            for s in &summary.skipped {
                eprintln!("smsguard: skipped {s}");
            }
            if let Some(f) = &summary.fatal {
                eprintln!("smsguard: {f}");
            }
            Ok(status(
                summary.skipped.len() + usize::from(summary.fatal.is_some()),
            ))
        }
        Command::Report { state, action } => report(rules, state, action),
        Command::Rules {
            action: RulesAction::Check { dir },
        } => match RulePack::from_dir(&dir) {
            Err(errors) => {
                for e in &errors.0 {
                    eprintln!("{}: {e}", dir.display());
                }
                Ok(ExitCode::FAILURE)
            }
            Ok(pack) => {
                Detector::new(&pack).map_err(|e| format!("{}: {e}", dir.display()))?;
                println!("{}: rule pack {} is valid", dir.display(), pack.version());
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Demo { lang } => {
            print!(
                "{}",
                demo::render(&rules, Lang::resolve(lang)).map_err(guard_err)?
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn report(
    rules: RulePack,
    state: Option<PathBuf>,
    action: ReportAction,
) -> Result<ExitCode, String> {
    let dir = match state {
        Some(d) => d,
        None => default_state_dir()?,
    };
    let guard = open_guard(rules, Some(&dir))?;
    let err = |e: smsguard_core::GuardError| e.to_string();
    match action {
        ReportAction::Add { number, note } => {
            guard
                .add_report(&number, note.as_deref(), now_ms())
                .map_err(err)?;
        }
        ReportAction::Remove { number } => {
            if !guard.remove_report(&number).map_err(err)? {
                eprintln!("smsguard: {number} was not reported");
                return Ok(ExitCode::FAILURE);
            }
        }
        ReportAction::List { json } => {
            if json {
                println!("{}", guard.reports_json());
            } else {
                for r in guard.reports() {
                    println!("{}\t{}\t{}", r.number, r.reported_at, r.note);
                }
            }
        }
        ReportAction::Export { file } => {
            let csv = guard.export_reports_csv();
            if file == Path::new("-") {
                print!("{csv}");
            } else {
                std::fs::write(&file, csv).map_err(|e| format!("{}: {e}", file.display()))?;
            }
        }
        ReportAction::Import { file } => {
            let mut csv = String::new();
            input(&file)?
                .read_to_string(&mut csv)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            let summary = guard.import_reports_csv(&csv).map_err(err)?;
            println!("added {}, already reported {}", summary.added, summary.kept);
            for e in &summary.errors {
                eprintln!("{}: line {}: {}", file.display(), e.line, e.message);
            }
            if !summary.errors.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn open_guard(rules: RulePack, state: Option<&Path>) -> Result<Guard, String> {
    let guard = match state {
        Some(dir) => Guard::open(dir, rules).map_err(|e| format!("{}: {e}", dir.display()))?,
        None => Guard::in_memory(rules).map_err(|e| e.to_string())?,
    };
    for note in guard.recovery_notes() {
        eprintln!("smsguard: warning: {note}");
    }
    Ok(guard)
}

fn default_state_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("SMSGUARD_STATE") {
        return Ok(dir.into());
    }
    let home = std::env::var_os("HOME").ok_or("no --state given and HOME is not set")?;
    Ok(Path::new(&home).join(".local/state/smsguard"))
}

fn input(path: &Path) -> Result<Box<dyn io::BufRead>, String> {
    if path == Path::new("-") {
        return Ok(Box::new(io::stdin().lock()));
    }
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(64 * 1024, file)))
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
