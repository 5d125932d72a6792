//! Rule packs: the data in `rules/`, parsed and validated before anything uses it.
//!
//! Every file carries `"format": 1`; every rule has an id. A bad file yields a
//! [`RulesError`] that names the file, the rule and what is wrong, and never echoes
//! SMS text (rules hold none).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use regex_syntax::ast::{self, Ast, ClassSetItem, Flag, GroupKind};
use regex_syntax::hir::{self, Hir};
use serde::{Deserialize, Serialize};

use crate::policy::Policy;
use crate::types::{Purpose, SenderKind};
use crate::warning::WarningTexts;

/// The only rule-file format this build understands.
pub const FORMAT: u32 = 1;

/// The largest rule file read: the shipped ones are under 25 KB. A bigger file (or a FIFO, a
/// device, a symlink to either) is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The longest pattern: the shipped ones are under 300 bytes.
pub const MAX_PATTERN_BYTES: usize = 1024;
/// The most rules (or entries) in one list of a file: the shipped lists hold under 50.
pub const MAX_RULES_PER_LIST: usize = 1000;
/// The most positions one pattern may expand to once counted repetitions (`{n}`) are spelled
/// out, and all of a file's patterns together: bounds what building the detector costs.
pub const MAX_PATTERN_POSITIONS: usize = 10_000;
pub const MAX_TOTAL_POSITIONS: usize = 200_000;
/// The longest rule id: ids go into the reasons of verdicts (the shipped ones are under 30).
pub const MAX_ID_BYTES: usize = 64;
/// Problems listed per file: past that, fix those first.
const MAX_PROBLEMS_PER_FILE: usize = 100;

/// The files of a pack, as built into the binary: `rules/*.json` without the whitespace
/// between tokens (see `build.rs`).
const EMBEDDED: [(&str, &str); 5] = [
    (
        "pack.json",
        include_str!(concat!(env!("OUT_DIR"), "/pack.json")),
    ),
    (
        "keywords.json",
        include_str!(concat!(env!("OUT_DIR"), "/keywords.json")),
    ),
    (
        "senders.json",
        include_str!(concat!(env!("OUT_DIR"), "/senders.json")),
    ),
    (
        "policy.json",
        include_str!(concat!(env!("OUT_DIR"), "/policy.json")),
    ),
    (
        "warnings.json",
        include_str!(concat!(env!("OUT_DIR"), "/warnings.json")),
    ),
];

/// What went wrong while loading a rule pack; `file` is the pack-relative name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesError {
    pub file: String,
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule {
            Some(rule) => write!(f, "{}: rule `{}`: {}", self.file, rule, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for RulesError {}

/// All the errors of one pack, so `rules check` can list every problem at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesErrors(pub Vec<RulesError>);

impl fmt::Display for RulesErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RulesErrors {}

/// One keyword pattern. Matches must start at a word start; unless `prefix` is set,
/// they must also end at a word end.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeywordRule {
    pub id: String,
    pub lang: Lang,
    pub pattern: String,
    #[serde(default)]
    pub prefix: bool,
    /// `pattern`, parsed once by validation (see [`Parsed`]).
    #[serde(skip)]
    pub(crate) parsed: Parsed,
}

/// A pattern as validation parsed it, with `\p{L}` expanded: the detector compiles it
/// without parsing it a second time (parsing was nearly half of building the detector,
/// which the app does on every cold start). Shared, so cloning a pack stays cheap.
///
/// Rules only reach the detector through [`RulePack`], whose loading validates (and so
/// parses) every pattern; before that the placeholder matches nothing.
#[derive(Debug, Clone)]
pub(crate) struct Parsed(pub(crate) Arc<Hir>);

impl Default for Parsed {
    fn default() -> Parsed {
        Parsed(Arc::new(Hir::fail()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
    En,
    Translit,
    Any,
}

/// A purpose keyword: the text says what the code is for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeRule {
    pub id: String,
    pub lang: Lang,
    pub purpose: Purpose,
    pub pattern: String,
    #[serde(default)]
    pub prefix: bool,
    /// `pattern`, parsed once by validation (see [`Parsed`]).
    #[serde(skip)]
    pub(crate) parsed: Parsed,
}

/// `keywords.json`: what names a one-time code, and what looks like one but is not.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    pub format: u32,
    /// Words that name a one-time code ("код", "code", "құпиясөз").
    pub otp: Vec<KeywordRule>,
    /// Words about signing in that make a number near them a code ("вход", "кіру", "login",
    /// "auth"): they name no code, so a letter code counts only right after them.
    pub otp_context: Vec<KeywordRule>,
    /// Phrases that make a PIN a one-time code ("временный PIN", "PIN … valid for 2
    /// hours"): code keywords that outrank the phrases voiding a card's PIN.
    pub one_time_pin: Vec<KeywordRule>,
    /// Verbs the code follows at once ("введите 4821", "use 307 194").
    pub code_follows: Vec<KeywordRule>,
    /// "Never tell anyone" markers: the sentence they stand in says who must not get the
    /// code, not what it is for (see the detector's caution scope).
    pub caution: Vec<KeywordRule>,
    /// Words that end a caution's reach within its sentence: "кроме", "except", "тек"
    /// ("tell no one except the courier" names the courier as the code's recipient).
    pub caution_end: Vec<KeywordRule>,
    /// Sentences that condemn what the sentence before them described ("Курьер просит код
    /// для получения посылки. Это мошенничество."): cautions whose scope takes in that
    /// sentence too.
    pub caution_verdict: Vec<KeywordRule>,
    /// Just before a code keyword or between it and the number: the code is an old one.
    pub stale_before: Vec<KeywordRule>,
    /// Just after a number: that code is no longer valid.
    pub stale_after: Vec<KeywordRule>,
    /// Phrases that turn a code keyword into something else ("промокод", "код домофона").
    pub not_code_keyword: Vec<KeywordRule>,
    /// Nouns directly before a number that make it a reference ("заказ №", "order").
    pub not_code_before: Vec<KeywordRule>,
    /// Spans that are never codes and are blanked before looking for one (amounts, dates).
    pub not_code_span: Vec<KeywordRule>,
    /// Whole messages about codes that carry none ("код истёк", "wrong code").
    pub not_otp: Vec<KeywordRule>,
    /// What the code unlocks, by the words of the text.
    pub purposes: Vec<PurposeRule>,
}

/// One registered sender.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SenderRule {
    pub id: String,
    /// Sender ids as they appear on the phone ("Kaspi.kz", "1414").
    pub names: Vec<String>,
    pub kind: SenderKind,
    /// The purpose of a code whose text does not say.
    pub default_purpose: Option<Purpose>,
    /// How a person knows the sender, per language.
    pub display: Texts,
    /// What its code unlocks, per language, for the warning.
    pub unlocks: Option<Texts>,
    /// Numbers a person may call this service on; calls to them never warn.
    #[serde(default)]
    pub official_numbers: Vec<String>,
}

/// A text in each of the app's languages.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub kk: String,
    pub ru: String,
    pub en: String,
}

impl Texts {
    /// No text in any language.
    pub fn empty() -> Texts {
        Texts {
            kk: String::new(),
            ru: String::new(),
            en: String::new(),
        }
    }

    pub fn get(&self, lang: crate::types::UiLang) -> &str {
        match lang {
            crate::types::UiLang::Kk => &self.kk,
            crate::types::UiLang::Ru => &self.ru,
            crate::types::UiLang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Senders {
    pub format: u32,
    pub senders: Vec<SenderRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackInfo {
    format: u32,
    version: String,
}

/// A validated rule pack. Cheap to clone; the detector compiles it once.
///
/// Only loading makes one, so every pattern in it has been validated and parsed.
#[derive(Debug, Clone)]
pub struct RulePack {
    pub(crate) version: String,
    pub(crate) keywords: Keywords,
    pub(crate) senders: Senders,
    pub(crate) policy: Policy,
    pub(crate) warnings: WarningTexts,
}

/// One file of the embedded pack.
fn embedded_source(name: &str) -> Result<String, String> {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| (*text).to_string())
        .ok_or_else(|| format!("{name} is not embedded"))
}

static EMBEDDED_PACK: LazyLock<RulePack> = LazyLock::new(|| {
    RulePack::from_sources::<false>(embedded_source)
        // The embedded pack is checked by `rules::tests` and by `smsguard rules check rules/`.
        .unwrap_or_else(|e| panic!("embedded rule pack is invalid: {e}"))
});

impl RulePack {
    /// The pack built into the binary from `rules/`.
    pub fn embedded() -> RulePack {
        EMBEDDED_PACK.clone()
    }

    /// Loads and validates a pack directory: `pack.json`, `keywords.json`, `senders.json`,
    /// `policy.json` and `warnings.json`. A file that is not a plain file of at most
    /// [`MAX_FILE_BYTES`] is not read. Each file's first structural problem (a missing or unknown
    /// field, a wrong type) is named, with every validation problem of the files that parse; see
    /// [`RulePack::check_dir`] for every problem of every file.
    pub fn from_dir(dir: &Path) -> Result<RulePack, RulesErrors> {
        let dir: PathBuf = dir.to_path_buf();
        Self::from_sources::<false>(|name| read_rule_file(&dir.join(name)))
    }

    /// [`RulePack::from_dir`], listing every problem of every file (up to 100 a file), each
    /// with the rule it is in: what `smsguard rules check` prints. Kept apart because the
    /// listing costs the Android library ~50 KB, and the app never needs it.
    pub fn check_dir(dir: &Path) -> Result<RulePack, RulesErrors> {
        let dir: PathBuf = dir.to_path_buf();
        Self::from_sources::<true>(|name| read_rule_file(&dir.join(name)))
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// Loads a pack from its five files; `EVERY_PROBLEM` as in [`RulePack::check_dir`].
    fn from_sources<const EVERY_PROBLEM: bool>(
        mut read: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<RulePack, RulesErrors> {
        let mut errors = Vec::new();
        let pack: Option<PackInfo> = load::<_, EVERY_PROBLEM>(&mut read, "pack.json", &mut errors);
        let mut keywords: Option<Keywords> =
            load::<_, EVERY_PROBLEM>(&mut read, "keywords.json", &mut errors);
        let senders: Option<Senders> =
            load::<_, EVERY_PROBLEM>(&mut read, "senders.json", &mut errors);
        let policy: Option<Policy> =
            load::<_, EVERY_PROBLEM>(&mut read, "policy.json", &mut errors);
        let warnings: Option<WarningTexts> =
            load::<_, EVERY_PROBLEM>(&mut read, "warnings.json", &mut errors);

        if let Some(p) = &pack {
            check_format("pack.json", p.format, &mut errors);
            if p.version.trim().is_empty() {
                errors.push(err("pack.json", None, "`version` is empty"));
            } else if EVERY_PROBLEM
                && (p.version.len() > MAX_ID_BYTES || p.version.chars().any(char::is_control))
            {
                // The version is shown on the status screen and in every `rules check`: a
                // page of text or a line break there was accepted. Checked by `rules check`
                // and `--rules` only: the phone runs the embedded pack, and the Android
                // library has no room for the message.
                errors.push(err(
                    "pack.json",
                    None,
                    &format!(
                        "`version` must be at most {MAX_ID_BYTES} bytes on one line, is {} bytes",
                        p.version.len()
                    ),
                ));
            }
        }
        if let Some(k) = &mut keywords {
            check_format("keywords.json", k.format, &mut errors);
            validate_keywords(k, &mut errors);
        }
        if let Some(s) = &senders {
            check_format("senders.json", s.format, &mut errors);
            validate_senders(s, &mut errors);
        }
        if let Some(p) = &policy {
            check_format("policy.json", p.format, &mut errors);
            let mut problems = p.validate();
            if EVERY_PROBLEM {
                p.validate_levels(&mut problems);
            }
            errors.extend(
                problems
                    .into_iter()
                    .map(|(rule, msg)| err("policy.json", Some(rule), &msg)),
            );
        }
        if let Some(w) = &warnings {
            check_format("warnings.json", w.format, &mut errors);
            errors.extend(
                w.validate()
                    .into_iter()
                    .map(|(rule, msg)| err("warnings.json", Some(rule), &msg)),
            );
        }
        match (pack, keywords, senders, policy, warnings) {
            (Some(pack), Some(keywords), Some(senders), Some(policy), Some(warnings))
                if errors.is_empty() =>
            {
                Ok(RulePack {
                    version: pack.version,
                    keywords,
                    senders,
                    policy,
                    warnings,
                })
            }
            _ => Err(RulesErrors(errors)),
        }
    }
}

fn err(file: &str, rule: Option<&str>, message: &str) -> RulesError {
    RulesError {
        file: file.to_string(),
        // An id over the limit is named by its start (see `check_id`).
        rule: rule.map(|r| r.chars().take(MAX_ID_BYTES).collect()),
        message: message.to_string(),
    }
}

/// Reads a rule file, refusing anything but a plain file of at most [`MAX_FILE_BYTES`]: a FIFO
/// would block, a device (or a symlink to `/dev/zero`) would never end.
fn read_rule_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    const NOT_PLAIN: &str = "not a regular file (a FIFO, a device or a directory): rule files \
                             are plain files";
    let too_big = |len: u64| {
        format!(
            "is {len} bytes; rule files are at most {} MiB",
            MAX_FILE_BYTES >> 20
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(NOT_PLAIN.into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Should the file be swapped for a FIFO after the check, opening it must not block.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options
        .open(path)
        .map_err(|e| format!("cannot read: {e}"))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(NOT_PLAIN.into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    // A byte-order mark, as editors on Windows write one, is not part of the JSON.
    let text = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    std::str::from_utf8(text)
        .map(str::to_string)
        .map_err(|e| format!("not UTF-8 (byte {})", e.valid_up_to()))
}

/// Parses a rule file. With `EVERY_PROBLEM`, lists every problem in it, each with the id of the
/// rule it is in: syntax errors stop at the first (with its line and column); otherwise the file
/// is deserialized again and again, each time without the rule (or the unknown field) the last
/// error was in, so one typo does not hide the next. Without it, the first problem only.
fn load<T: serde::de::DeserializeOwned, const EVERY_PROBLEM: bool>(
    read: &mut impl FnMut(&str) -> Result<String, String>,
    file: &str,
    errors: &mut Vec<RulesError>,
) -> Option<T> {
    let text = match read(file) {
        Ok(text) => text,
        Err(e) => {
            errors.push(err(file, None, &e));
            return None;
        }
    };
    if !EVERY_PROBLEM {
        return match serde_json::from_str(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                // serde_json reports the line and column and the field, never the input text.
                errors.push(err(file, None, &e.to_string()));
                None
            }
        };
    }
    let mut value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            // serde_json reports the line and column, never the input text.
            errors.push(err(file, None, &e.to_string()));
            return None;
        }
    };
    // A key given twice: serde_json keeps the last one silently, and the phone's loader
    // refuses the file (or, in a map, keeps the last too) — never what the author meant.
    let mut twice = Vec::new();
    let _ = serde::de::DeserializeSeed::deserialize(
        KeysTwice {
            path: Vec::new(),
            found: &mut twice,
        },
        &mut serde_json::Deserializer::from_str(&text),
    );
    for (mut path, key) in twice {
        let rule = rule_at(&value, &path);
        path.push(serde_path_to_error::Segment::Map { key: key.clone() });
        let at = path_text(&path).unwrap_or_default();
        let message = format!("`{at}`: `{key}` is given twice; only one may be");
        errors.push(err(file, rule.as_deref(), &message));
    }
    // Any list, at any depth, over the limit: checked before the file is read any further.
    let mut long = Vec::new();
    lists_over_limit(&value, &mut Vec::new(), &mut long);
    if !long.is_empty() {
        for (path, n) in long {
            let name = path_text(&path).unwrap_or_default();
            errors.push(err(
                file,
                rule_at(&value, &path).as_deref(),
                &too_many(&name, n),
            ));
        }
        return None;
    }
    // Entries taken out so far, by list (its path) and original index, so that the paths
    // named stay those of the file as written.
    let mut removed: Vec<(String, usize)> = Vec::new();
    // Fields taken out so far (their paths in the value as it is now): the "missing field"
    // that taking out a required one leads to is no problem of the file's.
    let mut removed_fields: Vec<String> = Vec::new();
    let mut problems = 0;
    loop {
        match serde_path_to_error::deserialize::<_, T>(&value) {
            // With problems, what is left still goes through validation, so that its
            // problems are listed too; the pack is refused either way.
            Ok(v) => return Some(v),
            Err(e) => {
                let mut path: Vec<serde_path_to_error::Segment> =
                    e.path().iter().cloned().collect();
                let rule = rule_at(&value, &path);
                as_written(&mut path, &removed);
                if !is_missing_removed(&e, &removed_fields) {
                    problems += 1;
                    if problems > MAX_PROBLEMS_PER_FILE {
                        errors.push(err(file, None, "more problems follow; fix these first"));
                        return None;
                    }
                    let message = match path_text(&path) {
                        Some(at) => format!("`{at}`: {}", e.inner()),
                        None => e.inner().to_string(),
                    };
                    errors.push(err(file, rule.as_deref(), &message));
                }
                match remove_at(&mut value, &e.path().iter().cloned().collect::<Vec<_>>()) {
                    Some(Some(depth)) => {
                        if let Some((list, index)) = entry_as_written(&path, Some(depth)) {
                            removed.push((list, index));
                        }
                    }
                    Some(None) => removed_fields.push(e.path().to_string()),
                    None => return None,
                }
            }
        }
    }
}

fn too_many(list: &str, n: usize) -> String {
    format!("`{list}` has {n} rules; at most {MAX_RULES_PER_LIST} rules per list")
}

/// Lists, at any depth, with more than [`MAX_RULES_PER_LIST`] entries: their paths and sizes.
fn lists_over_limit(
    value: &serde_json::Value,
    path: &mut Vec<serde_path_to_error::Segment>,
    found: &mut Vec<(Vec<serde_path_to_error::Segment>, usize)>,
) {
    use serde_path_to_error::Segment;
    match value {
        serde_json::Value::Array(items) => {
            if items.len() > MAX_RULES_PER_LIST {
                found.push((path.clone(), items.len()));
                return;
            }
            for (index, item) in items.iter().enumerate() {
                path.push(Segment::Seq { index });
                lists_over_limit(item, path, found);
                path.pop();
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                path.push(Segment::Map { key: key.clone() });
                lists_over_limit(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Walks a JSON document and collects the keys given twice in one object: the path of the
/// object and the key.
struct KeysTwice<'a> {
    path: Vec<serde_path_to_error::Segment>,
    found: &'a mut Vec<(Vec<serde_path_to_error::Segment>, String)>,
}

impl KeysTwice<'_> {
    fn at(&mut self, segment: serde_path_to_error::Segment) -> KeysTwice<'_> {
        let mut path = self.path.clone();
        path.push(segment);
        KeysTwice {
            path,
            found: self.found,
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for KeysTwice<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeysTwice<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq
            .next_element_seed(self.at(serde_path_to_error::Segment::Seq { index }))?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                self.found.push((self.path.clone(), key.clone()));
            }
            map.next_value_seed(self.at(serde_path_to_error::Segment::Map { key }))?;
        }
        Ok(())
    }
}

/// The path as text (`otp[3].patern`); `None` for the file itself.
fn path_text(path: &[serde_path_to_error::Segment]) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut text = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => text.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Segment::Enum { variant } => text.push_str(&format!("::{variant}")),
            Segment::Unknown => text.push_str(".?"),
        }
    }
    (!text.is_empty()).then_some(text)
}

/// Turns list indices of a path in the file with entries taken out into those of the file as
/// written.
fn as_written(path: &mut [serde_path_to_error::Segment], removed: &[(String, usize)]) {
    use serde_path_to_error::Segment;
    for i in 0..path.len() {
        if let Segment::Seq { index } = path[i] {
            let list = path_text(&path[..i]).unwrap_or_default();
            let mut gone: Vec<usize> = removed
                .iter()
                .filter(|(l, _)| *l == list)
                .map(|(_, n)| *n)
                .collect();
            gone.sort_unstable();
            let mut original = index;
            for g in gone {
                if g <= original {
                    original += 1;
                }
            }
            path[i] = Segment::Seq { index: original };
        }
    }
}

/// The list and original index of the entry [`remove_at`] took out (`Some(depth)` of its
/// segment), for [`as_written`].
fn entry_as_written(
    written: &[serde_path_to_error::Segment],
    depth: Option<usize>,
) -> Option<(String, usize)> {
    let depth = depth?;
    match written.get(depth)? {
        serde_path_to_error::Segment::Seq { index } => {
            Some((path_text(&written[..depth]).unwrap_or_default(), *index))
        }
        _ => None,
    }
}

/// The id of the rule a path leads into: the deepest list entry on it with an `id`.
fn rule_at(value: &serde_json::Value, path: &[serde_path_to_error::Segment]) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut rule = None;
    let mut here = Some(value);
    for segment in path {
        match segment {
            Segment::Seq { index } => {
                here = here.and_then(|v| v.get(*index));
                if let Some(id) = here.and_then(|v| v.get("id")).and_then(|id| id.as_str()) {
                    rule = Some(id.chars().take(64).collect());
                }
            }
            Segment::Map { key } => here = here.and_then(|v| v.get(key)),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    rule
}

/// Whether `e` is "missing field `k`" for a field this check took out itself.
fn is_missing_removed(
    e: &serde_path_to_error::Error<serde_json::Error>,
    removed_fields: &[String],
) -> bool {
    let message = e.inner().to_string();
    let Some(key) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    else {
        return false;
    };
    let parent = e.path().to_string();
    let field = if parent == "." {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    };
    removed_fields.contains(&field)
}

/// Takes out of `value` what a failing path leads into: the deepest list entry on it, or
/// else the last field (an unknown one). `None` when there is nothing left to take out;
/// `Some(Some(depth))` when a list entry (the path's segment at `depth`) was.
fn remove_at(
    value: &mut serde_json::Value,
    path: &[serde_path_to_error::Segment],
) -> Option<Option<usize>> {
    use serde_path_to_error::Segment;
    let last_entry = path.iter().rposition(|s| matches!(s, Segment::Seq { .. }));
    let (parent, last) = match last_entry {
        Some(i) => (&path[..i], &path[i]),
        None => match path.split_last() {
            Some((last @ Segment::Map { .. }, parent)) => (parent, last),
            _ => return None,
        },
    };
    let mut here = value;
    for segment in parent {
        let next = match segment {
            Segment::Seq { index } => here.get_mut(*index),
            Segment::Map { key } => here.get_mut(key),
            _ => None,
        };
        here = next?;
    }
    match (last, here) {
        (Segment::Seq { index }, serde_json::Value::Array(items)) if *index < items.len() => {
            items.remove(*index);
            Some(last_entry)
        }
        (Segment::Map { key }, serde_json::Value::Object(fields)) => {
            fields.remove(key).map(|_| None)
        }
        _ => None,
    }
}

fn check_format(file: &str, format: u32, errors: &mut Vec<RulesError>) {
    if format != FORMAT {
        errors.push(err(
            file,
            None,
            &format!(
                "format {format} is not supported: this build reads format {FORMAT}; \
                 update the app or convert the pack"
            ),
        ));
    }
}

fn check_id(file: &str, id: &str, seen: &mut HashSet<String>, errors: &mut Vec<RulesError>) {
    let well_formed = !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !well_formed {
        errors.push(err(
            file,
            Some(id),
            &format!(
                "id must be 1 to {MAX_ID_BYTES} lowercase ASCII letters, digits, '-' or '_' \
                 (it goes into every verdict's reasons)"
            ),
        ));
    }
    if !seen.insert(id.to_string()) {
        errors.push(err(file, Some(id), "id is used twice"));
    }
}

/// A letter of the texts we read: Latin (with accents) or Cyrillic (with Kazakh). The ranges
/// end where UTF-8 lead bytes do (U+02FF, U+04FF), which keeps each pattern's automaton small.
const LETTER: &str = r"[a-z\x{00C0}-\x{02FF}\x{0400}-\x{04FF}]";

/// Patterns run on lower-cased, folded text, where `\p{L}` may stand for [`LETTER`]:
/// full Unicode letter classes would make the detector many times slower to build.
fn expand_pattern(pattern: &str) -> String {
    pattern.replace(r"\p{L}", LETTER)
}

/// Checks a pattern and parses it for the detector, which compiles all of a category's
/// patterns together. `None` when there is something to say about it (in `errors`).
fn check_pattern(
    file: &str,
    id: &str,
    pattern: &str,
    errors: &mut Vec<RulesError>,
) -> Option<Parsed> {
    let mut problem = |message: &str| {
        errors.push(err(file, Some(id), message));
        None
    };
    if pattern.trim().is_empty() {
        return problem("pattern is empty");
    }
    if pattern.len() > MAX_PATTERN_BYTES {
        return problem(&format!(
            "pattern is {} bytes; patterns are at most {MAX_PATTERN_BYTES} bytes",
            pattern.len()
        ));
    }
    if pattern
        .replace(r"\p{L}", "")
        .chars()
        .any(char::is_uppercase)
    {
        return problem("pattern has an upper-case letter: texts are matched in lower case");
    }
    let expanded = expand_pattern(pattern);
    let does_not_parse = |e: regex_syntax::Error| {
        let text = e.to_string();
        let msg = text
            .lines()
            .last()
            .unwrap_or("syntax error")
            .trim()
            .to_string();
        format!("pattern does not parse: {msg}")
    };
    let ast = match ast::parse::Parser::new().parse(&expanded) {
        Ok(ast) => ast,
        Err(e) => return problem(&does_not_parse(e.into())),
    };
    if let Err(construct) = ast::visit(&ast, NeedsUnicodeTables) {
        return problem(&format!(
            "pattern uses {construct}, which needs Unicode tables this app leaves out: \
             list the characters instead (`[0-9]`, `[a-z]`, `\\p{{L}}` for a letter)"
        ));
    }
    let hir = match hir::translate::Translator::new().translate(&expanded, &ast) {
        Ok(hir) => hir,
        Err(e) => return problem(&does_not_parse(e.into())),
    };
    if hir.properties().minimum_len() == Some(0) {
        return problem("pattern can match empty text");
    }
    if positions(&hir) > MAX_PATTERN_POSITIONS {
        return problem(&format!(
            "pattern expands to more than {MAX_PATTERN_POSITIONS} positions (its counted \
             repetitions spelled out); write it shorter"
        ));
    }
    if hir.properties().look_set().contains_word() {
        return problem(
            "pattern uses \\b or \\B: word edges are checked by the detector \
             (set `prefix` for a stem)",
        );
    }
    Some(Parsed(Arc::new(hir)))
}

/// How many positions a pattern expands to once counted repetitions are spelled out: what its
/// automaton costs, roughly. Saturates rather than overflows.
fn positions(hir: &Hir) -> usize {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(_) => 1,
        HirKind::Literal(l) => l.0.len(),
        HirKind::Repetition(r) => {
            let times = r.max.unwrap_or(r.min).max(r.min).max(1) as usize;
            positions(&r.sub).saturating_mul(times)
        }
        HirKind::Capture(c) => positions(&c.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().map(positions).fold(0, usize::saturating_add)
        }
    }
}

/// Finds syntax that needs the regex crates' Unicode tables: Perl classes (`\d`, `\s`,
/// `\w`), Unicode classes (`\p{…}`; `\p{L}` is expanded before parsing) and case
/// folding (`(?i)`). The app is built without those tables (~500 KB of the Android
/// library), while test builds get them through `proptest`, so a pattern that needs them
/// is refused here, the same in every build.
struct NeedsUnicodeTables;

impl ast::Visitor for NeedsUnicodeTables {
    type Output = ();
    type Err = &'static str;

    fn finish(self) -> Result<(), &'static str> {
        Ok(())
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), &'static str> {
        let folds_case = |flags: &ast::Flags| flags.flag_state(Flag::CaseInsensitive) == Some(true);
        match ast {
            Ast::ClassPerl(_) => Err(r"\d, \s or \w"),
            Ast::ClassUnicode(_) => Err(r"a Unicode class (\p{…})"),
            Ast::Flags(set) if folds_case(&set.flags) => Err("(?i)"),
            Ast::Group(group) if matches!(&group.kind, GroupKind::NonCapturing(f) if folds_case(f)) => {
                Err("(?i)")
            }
            _ => Ok(()),
        }
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), &'static str> {
        match item {
            ClassSetItem::Perl(_) => Err(r"\d, \s or \w"),
            ClassSetItem::Unicode(_) => Err(r"a Unicode class (\p{…})"),
            _ => Ok(()),
        }
    }
}

fn validate_keywords(k: &mut Keywords, errors: &mut Vec<RulesError>) {
    const FILE: &str = "keywords.json";
    let mut seen = HashSet::new();
    let lists: [(&str, &mut Vec<KeywordRule>); 13] = [
        ("otp", &mut k.otp),
        ("otp_context", &mut k.otp_context),
        ("one_time_pin", &mut k.one_time_pin),
        ("code_follows", &mut k.code_follows),
        ("caution", &mut k.caution),
        ("caution_end", &mut k.caution_end),
        ("caution_verdict", &mut k.caution_verdict),
        ("stale_before", &mut k.stale_before),
        ("stale_after", &mut k.stale_after),
        ("not_code_keyword", &mut k.not_code_keyword),
        ("not_code_before", &mut k.not_code_before),
        ("not_code_span", &mut k.not_code_span),
        ("not_otp", &mut k.not_otp),
    ];
    let mut total = 0usize;
    for (name, list) in lists {
        if list.is_empty() {
            errors.push(err(FILE, None, &format!("`{name}` has no rules")));
        }
        if list.len() > MAX_RULES_PER_LIST {
            errors.push(err(FILE, None, &too_many(name, list.len())));
            continue;
        }
        for r in list {
            check_id(FILE, &r.id, &mut seen, errors);
            r.parsed = check_pattern(FILE, &r.id, &r.pattern, errors).unwrap_or_default();
            total = total.saturating_add(positions(&r.parsed.0));
        }
    }
    if k.purposes.is_empty() {
        errors.push(err(FILE, None, "`purposes` has no rules"));
    }
    if k.purposes.len() > MAX_RULES_PER_LIST {
        errors.push(err(FILE, None, &too_many("purposes", k.purposes.len())));
        k.purposes.clear();
    }
    for r in &mut k.purposes {
        check_id(FILE, &r.id, &mut seen, errors);
        r.parsed = check_pattern(FILE, &r.id, &r.pattern, errors).unwrap_or_default();
        total = total.saturating_add(positions(&r.parsed.0));
    }
    if total > MAX_TOTAL_POSITIONS {
        errors.push(err(
            FILE,
            None,
            &format!(
                "the patterns together expand to {total} positions; at most \
                 {MAX_TOTAL_POSITIONS}"
            ),
        ));
    }
}

fn validate_senders(s: &Senders, errors: &mut Vec<RulesError>) {
    const FILE: &str = "senders.json";
    if s.senders.len() > MAX_RULES_PER_LIST {
        errors.push(err(FILE, None, &too_many("senders", s.senders.len())));
        return;
    }
    let mut seen = HashSet::new();
    let mut names = HashSet::new();
    for r in &s.senders {
        check_id(FILE, &r.id, &mut seen, errors);
        if r.names.is_empty() {
            errors.push(err(FILE, Some(&r.id), "`names` is empty"));
        }
        for (list, n) in [
            ("names", r.names.len()),
            ("official_numbers", r.official_numbers.len()),
        ] {
            if n > MAX_RULES_PER_LIST {
                errors.push(err(FILE, Some(&r.id), &too_many(list, n)));
            }
        }
        for name in &r.names {
            let key = crate::senders::sender_key(name);
            if key.is_empty() {
                errors.push(err(FILE, Some(&r.id), "a name is empty"));
            } else if !names.insert(key) {
                errors.push(err(
                    FILE,
                    Some(&r.id),
                    &format!("name `{name}` belongs to another sender too"),
                ));
            }
        }
        for (lang, text) in [
            ("kk", &r.display.kk),
            ("ru", &r.display.ru),
            ("en", &r.display.en),
        ] {
            if text.trim().is_empty() {
                errors.push(err(
                    FILE,
                    Some(&r.id),
                    &format!("`display.{lang}` is empty"),
                ));
            }
        }
        if let Some(u) = &r.unlocks {
            for (lang, text) in [("kk", &u.kk), ("ru", &u.ru), ("en", &u.en)] {
                if text.trim().is_empty() {
                    errors.push(err(
                        FILE,
                        Some(&r.id),
                        &format!("`unlocks.{lang}` is empty"),
                    ));
                }
            }
        }
        for n in &r.official_numbers {
            if !n.chars().all(|c| c.is_ascii_digit() || c == '+') || n.is_empty() {
                errors.push(err(
                    FILE,
                    Some(&r.id),
                    &format!("official number `{n}` must be digits with an optional leading +"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded_with(file: &str, text: &str) -> Result<RulePack, RulesErrors> {
        RulePack::from_sources::<true>(|name| {
            if name == file {
                return Ok(text.to_string());
            }
            embedded_source(name)
        })
    }

    #[test]
    fn embedded_pack_is_valid() {
        let pack = RulePack::from_sources::<false>(embedded_source);
        assert!(
            pack.is_ok(),
            "{}",
            pack.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }

    #[test]
    fn wrong_format_says_what_to_do() {
        let e = embedded_with("pack.json", r#"{"format": 2, "version": "x"}"#).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].file, "pack.json");
        assert!(
            e.0[0].message.contains("format 2 is not supported"),
            "{}",
            e
        );
    }

    #[test]
    fn bad_pattern_names_file_and_rule() {
        let mut k: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/keywords.json")).unwrap();
        k["otp"][0]["pattern"] = "код(".into();
        let id = k["otp"][0]["id"].as_str().unwrap().to_string();
        let e = embedded_with("keywords.json", &k.to_string()).unwrap_err();
        assert_eq!(e.0[0].rule.as_deref(), Some(id.as_str()));
        assert!(
            e.to_string().starts_with(&format!(
                "keywords.json: rule `{id}`: pattern does not parse"
            )),
            "{e}"
        );
    }

    #[test]
    fn word_edges_and_empty_matches_are_rejected() {
        let mut k: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/keywords.json")).unwrap();
        k["otp"][0]["pattern"] = r"\bкод\b".into();
        k["otp"][1]["pattern"] = "x*".into();
        let e = embedded_with("keywords.json", &k.to_string()).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("\\b"), "{text}");
        assert!(text.contains("can match empty text"), "{text}");
    }

    /// Test builds have the regex Unicode tables (through proptest) and the app has not:
    /// these patterns compile here, so only the validator stands between them and a pack
    /// that loads in tests but not on the phone.
    #[test]
    fn patterns_needing_unicode_tables_are_refused_in_every_build() {
        let mut k: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/keywords.json")).unwrap();
        let cases = [
            (r"код \d{4}", r"\d, \s or \w"),
            (r"код[\s:]+", r"\d, \s or \w"),
            (r"\p{greek}+ код", r"a Unicode class (\p{…})"),
            (r"(?i)код", "(?i)"),
            (r"(?i:код)", "(?i)"),
        ];
        for (i, (pattern, _)) in cases.iter().enumerate() {
            k["otp"][i]["pattern"] = (*pattern).into();
        }
        let e = embedded_with("keywords.json", &k.to_string()).unwrap_err();
        assert_eq!(e.0.len(), cases.len(), "{e}");
        for (i, (_, construct)) in cases.iter().enumerate() {
            let id = k["otp"][i]["id"].as_str().unwrap();
            assert_eq!(e.0[i].rule.as_deref(), Some(id));
            assert!(
                e.0[i]
                    .message
                    .starts_with(&format!("pattern uses {construct}, which needs Unicode")),
                "{e}"
            );
        }
        // `\p{L}` is the one Unicode class a pattern may use: it is spelled out before parsing.
        k = serde_json::from_str(include_str!("../../rules/keywords.json")).unwrap();
        k["otp"][0]["pattern"] = r"код\p{L}*".into();
        assert!(embedded_with("keywords.json", &k.to_string()).is_ok());
    }

    #[test]
    fn unknown_field_and_duplicate_id_are_reported() {
        let e =
            embedded_with("pack.json", r#"{"format": 1, "version": "x", "extra": 1}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field `extra`"), "{e}");

        let mut s: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/senders.json")).unwrap();
        let first = s["senders"][0].clone();
        s["senders"].as_array_mut().unwrap().push(first);
        let e = embedded_with("senders.json", &s.to_string()).unwrap_err();
        assert!(e.to_string().contains("id is used twice"), "{e}");
    }

    /// `rules check` lists every problem: two typos in two rules, an unknown field in a third,
    /// a pattern over the limit in a fourth, each with its rule id — not only the first.
    #[test]
    fn a_version_is_one_short_line() {
        for version in ["x".repeat(10_000), "2026.11.25\nvalid".to_string()] {
            let pack = serde_json::json!({"format": 1, "version": version}).to_string();
            let e = embedded_with("pack.json", &pack).unwrap_err();
            assert!(
                e.to_string().contains("`version` must be at most 64 bytes"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_wrong_value_is_one_problem_not_also_a_missing_field() {
        let mut p: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/policy.json")).unwrap();
        p["before_answer_s"] = 1_000_000_000_000_u64.into();
        p["connected"]["unknown"] = "urgent".into();
        let e = embedded_with("policy.json", &p.to_string()).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("`before_answer_s`: invalid value"), "{text}");
        assert!(
            !text.contains("missing field"),
            "the field is there: {text}"
        );
        let mut k: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/keywords.json")).unwrap();
        k["format"] = "one".into();
        let e = embedded_with("keywords.json", &k.to_string()).unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
    }

    #[test]
    fn every_problem_is_listed_with_its_rule() {
        let mut k: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/keywords.json")).unwrap();
        let id = |k: &serde_json::Value, list: &str, i: usize| {
            k[list][i]["id"].as_str().unwrap().to_string()
        };
        let (a, b, c, d) = (
            id(&k, "otp", 0),
            id(&k, "otp", 2),
            id(&k, "caution", 1),
            id(&k, "purposes", 0),
        );
        k["otp"][0]["lang"] = "de".into();
        k["otp"][2]["patern"] = "x".into();
        k["caution"][1]["pattern"] = 7.into();
        k["purposes"][0]["pattern"] = "к".repeat(600).into();
        let e = embedded_with("keywords.json", &k.to_string()).unwrap_err();
        let text = e.to_string();
        for (rule, what) in [
            (&a, "unknown variant `de`"),
            (&b, "unknown field `patern`"),
            (&c, "invalid type"),
            (&d, "1024 bytes"),
        ] {
            assert!(
                e.0.iter()
                    .any(|x| x.rule.as_deref() == Some(rule.as_str()) && x.message.contains(what)),
                "no {what} for {rule}:\n{text}"
            );
        }
        assert!(text.contains("otp[2].patern"), "the path is named: {text}");
    }

    #[test]
    fn counted_repetitions_and_long_lists_are_bounded() {
        let mut k: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/keywords.json")).unwrap();
        k["otp"][0]["pattern"] = "(код[0-9]{100}){200}".into();
        let e = embedded_with("keywords.json", &k.to_string()).unwrap_err();
        assert!(e.to_string().contains("positions"), "{e}");

        let many: Vec<serde_json::Value> = (0..1001)
            .map(|i| serde_json::json!({"id": format!("r{i}"), "lang": "ru", "pattern": "к"}))
            .collect();
        k["otp"] = many.into();
        let e = embedded_with("keywords.json", &k.to_string()).unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
        assert!(e.to_string().contains("at most 1000 rules"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn only_plain_files_of_bounded_size_are_read() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in EMBEDDED {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        std::fs::remove_file(dir.path().join("senders.json")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("senders.json")).unwrap();
        std::fs::write(
            dir.path().join("warnings.json"),
            vec![b' '; MAX_FILE_BYTES as usize + 1],
        )
        .unwrap();
        let e = RulePack::from_dir(dir.path()).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("senders.json: not a regular file"), "{text}");
        assert_eq!(RulePack::check_dir(dir.path()).unwrap_err(), e);
        assert!(
            text.contains("warnings.json: is 4194305 bytes; rule files are at most 4 MiB"),
            "{text}"
        );
    }

    /// A key given twice is a problem `rules check` names, with its path and rule: serde_json
    /// keeps the last one silently, while the phone's loader refuses a struct's field given
    /// twice — so the check passed packs the phone would not load.
    #[test]
    fn a_key_given_twice_is_named_by_check_and_refused_like_the_phone_does() {
        let k = include_str!("../../rules/keywords.json");
        let id = "otp-ru-kk-kod";
        let twice = k.replacen(
            &format!("\"id\": \"{id}\""),
            &format!("\"id\": \"{id}\", \"lang\": \"ru\""),
            1,
        );
        assert_ne!(twice, k, "the rule is in the shipped pack");
        let p = include_str!("../../rules/policy.json").replacen('{', "{\"format\": 1, ", 1);
        let checked = RulePack::from_sources::<true>(|name| match name {
            "keywords.json" => Ok(twice.clone()),
            "policy.json" => Ok(p.clone()),
            _ => embedded_source(name),
        })
        .unwrap_err();
        let text = checked.to_string();
        assert!(
            checked.0.iter().any(|e| e.file == "keywords.json"
                && e.rule.as_deref() == Some(id)
                && e.message.contains("`lang` is given twice")),
            "{text}"
        );
        assert!(
            text.contains("policy.json: `format`: `format` is given twice"),
            "{text}"
        );
        // The phone's loader refuses it too, for its own reason.
        let phone = RulePack::from_sources::<false>(|name| match name {
            "keywords.json" => Ok(twice.clone()),
            _ => embedded_source(name),
        });
        assert!(phone.is_err());
    }

    /// Editors on Windows start a file with a byte-order mark: it is not part of the JSON.
    #[test]
    fn a_byte_order_mark_is_read_past() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in EMBEDDED {
            std::fs::write(dir.path().join(name), format!("\u{FEFF}{text}")).unwrap();
        }
        assert!(RulePack::check_dir(dir.path()).is_ok());
        assert!(RulePack::from_dir(dir.path()).is_ok());
    }

    /// Ids go into every verdict's reasons, and nested lists are lists too: both are bounded,
    /// and a problem names a long id by its start only.
    #[test]
    fn long_ids_and_long_nested_lists_are_refused() {
        let mut s: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/senders.json")).unwrap();
        let long = "x".repeat(100_000);
        s["senders"][0]["id"] = long.clone().into();
        s["senders"][1]["names"] = (0..1001)
            .map(|i| serde_json::Value::from(format!("name{i}")))
            .collect();
        let second = s["senders"][1]["id"].as_str().unwrap().to_string();
        let e = embedded_with("senders.json", &s.to_string()).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("`senders[1].names` has 1001 rules"), "{text}");
        assert!(
            e.0.iter()
                .any(|x| x.rule.as_deref() == Some(second.as_str())),
            "{text}"
        );
        s["senders"][1]["names"] = serde_json::json!(["Other"]);
        let e = embedded_with("senders.json", &s.to_string()).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("id must be 1 to 64"), "{text}");
        assert!(
            text.len() < 2_000,
            "the id is not repeated whole: {}",
            text.len()
        );
    }

    #[test]
    fn broken_json_gives_position() {
        let e = embedded_with("senders.json", "{\"format\": 1,\n \"senders\": [").unwrap_err();
        assert!(e.to_string().starts_with("senders.json: "), "{e}");
        assert!(e.to_string().contains("line 2"), "{e}");
    }
}
