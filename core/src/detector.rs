//! Is this SMS a one-time code, which code, and what does it unlock?
//!
//! The detector folds the text (see [`crate::text`]), blanks the spans that are never
//! codes (amounts, card tails, dates, phone numbers…), finds the code-shaped tokens that
//! remain, and keeps the one a code keyword points at. Every pattern comes from the rule
//! pack and is compiled once, here.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Serialize;

use crate::redact::Redacted;
use crate::rules::{KeywordRule, RulePack, RulesError};
use crate::senders::{SenderInfo, SenderRegistry};
use crate::text::{fold, Folded};
use crate::types::{Purpose, SenderKind};

/// The furthest (in characters) a code may stand from the keyword that names it.
const MAX_GAP_BEFORE: usize = 60;
const MAX_GAP_AFTER: usize = 40;
/// The furthest a code may stand after a verb such as "введите" or "use".
const MAX_GAP_FOLLOWS: usize = 3;
/// How close (in characters) a stale marker must be to the code or its keyword.
const STALE_REACH: usize = 24;
/// How close (in characters) a reference noun ("заказ №") must be to a number.
const REFERENCE_REACH: usize = 4;

/// A code-shaped token: digit groups with separators, or 4–8 letters and digits,
/// with an optional `G-` / `FB-` service prefix.
static CODE_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:G-|FB-)?(?:[0-9]{2,4}(?:[- ][0-9]{2,4}){1,3}|[0-9A-Za-z]{4,8})")
        .expect("fixed pattern")
});

/// The WebOTP line: `@domain #code`, alone on the last line.
static WEB_OTP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^@[A-Za-z0-9.-]+ #([A-Za-z0-9]{4,8}) *\n*\z").expect("fixed pattern")
});

/// The app hash that ends an SMS Retriever message (`<#> … FA+9qCX9VSu`).
static RETRIEVER_HASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/]{11}[ \n]*\z").expect("fixed pattern"));

/// The answer for one SMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    pub is_otp: bool,
    /// The code as a person would type it; `None` when there is none or it is hidden.
    pub code: Option<Redacted<String>>,
    pub purpose: Option<Purpose>,
    pub sender_kind: SenderKind,
    /// Machine-readable reasons: rule ids and facts, never text from the SMS.
    pub reasons: Vec<String>,
}

/// A span of matched text, in bytes of the folded body.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

/// One category of keyword rules, compiled together.
#[derive(Debug)]
struct Category {
    /// All patterns as one alternation, for positions.
    union: Regex,
    /// The same patterns one by one, to name the rule that matched.
    set: RegexSet,
    ids: Vec<String>,
}

impl Category {
    fn compile<'a>(
        name: &str,
        rules: impl Iterator<Item = (&'a str, &'a str, bool)>,
    ) -> Result<Category, RulesError> {
        let mut ids = Vec::new();
        let mut patterns = Vec::new();
        for (id, pattern, prefix) in rules {
            ids.push(id.to_string());
            patterns.push(with_word_edges(pattern, prefix));
        }
        let compile_error = |e: regex::Error| RulesError {
            file: "keywords.json".into(),
            rule: None,
            message: format!("category `{name}` does not compile: {e}"),
        };
        let union = RegexBuilder::new(&patterns.join("|"))
            .case_insensitive(true)
            .size_limit(64 << 20)
            .dfa_size_limit(16 << 20)
            .build()
            .map_err(compile_error)?;
        let set = RegexSetBuilder::new(&patterns)
            .case_insensitive(true)
            .size_limit(64 << 20)
            .dfa_size_limit(16 << 20)
            .build()
            .map_err(compile_error)?;
        Ok(Category { union, set, ids })
    }

    fn keywords(name: &str, rules: &[KeywordRule]) -> Result<Category, RulesError> {
        Self::compile(
            name,
            rules.iter().map(|r| (r.id.as_str(), r.pattern.as_str(), r.prefix)),
        )
    }

    /// Every match, with the word-edge characters the wrapper consumed trimmed off.
    fn find_all(&self, text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some(m) = self.union.find_at(text, at) else {
                break;
            };
            let (mut start, mut end) = (m.start(), m.end());
            // Trim the edge characters the wrapper consumed. A pattern's own leading or
            // trailing punctuation ("№", "т.") may go with them; spans only ever cover
            // codes' surroundings, so a lost punctuation mark changes nothing.
            if let Some(c) = text[start..end].chars().next() {
                if !c.is_alphanumeric() && end - start > c.len_utf8() {
                    start += c.len_utf8();
                }
            }
            if let Some(c) = text[start..end].chars().next_back() {
                if !c.is_alphanumeric() && end - start > c.len_utf8() {
                    end -= c.len_utf8();
                }
            }
            spans.push(Span { start, end });
            // The next match may begin with the edge character this one consumed.
            at = if end > m.start() { end } else { m.end() };
            if at == m.start() {
                at = next_char_boundary(text, at);
            }
        }
        spans
    }

    /// The id of the first rule matching `text`.
    fn rule_id(&self, text: &str) -> &str {
        self.set
            .matches(text)
            .iter()
            .next()
            .map_or("?", |i| self.ids[i].as_str())
    }
}

fn next_char_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

/// Word edges are checked here rather than with `\b`: Unicode `\b` makes the regex crate
/// leave its fast DFA on Cyrillic text.
fn with_word_edges(pattern: &str, prefix: bool) -> String {
    const EDGE_BEFORE: &str = r"(?:^|[^\p{L}\p{N}])";
    const EDGE_AFTER: &str = r"(?:$|[^\p{L}\p{N}])";
    if prefix {
        format!("{EDGE_BEFORE}(?:{pattern})")
    } else {
        format!("{EDGE_BEFORE}(?:{pattern}){EDGE_AFTER}")
    }
}

/// The compiled, immutable detector. Cheap to share between threads.
#[derive(Debug)]
pub struct Detector {
    senders: SenderRegistry,
    otp: Category,
    code_follows: Category,
    caution: Category,
    stale_before: Category,
    stale_after: Category,
    not_code_keyword: Category,
    not_code_before: Category,
    not_code_span: Category,
    not_otp: Category,
    purposes: Category,
    purpose_of_rule: Vec<Purpose>,
}

/// A word that points at a code; `follows` ones only at a code right after them.
#[derive(Debug, Clone, Copy)]
struct Keyword {
    span: Span,
    follows: bool,
}

/// A code-shaped token that survived masking, with what its context says.
#[derive(Debug)]
struct Candidate {
    span: Span,
    /// Characters to the nearest code keyword, and that keyword's span.
    keyword: Option<(usize, Span, bool)>,
    stale: bool,
}

impl Detector {
    pub fn new(pack: &RulePack) -> Result<Detector, RulesError> {
        let k = &pack.keywords;
        Ok(Detector {
            senders: SenderRegistry::new(&pack.senders),
            otp: Category::keywords("otp", &k.otp)?,
            code_follows: Category::keywords("code_follows", &k.code_follows)?,
            caution: Category::keywords("caution", &k.caution)?,
            stale_before: Category::keywords("stale_before", &k.stale_before)?,
            stale_after: Category::keywords("stale_after", &k.stale_after)?,
            not_code_keyword: Category::keywords("not_code_keyword", &k.not_code_keyword)?,
            not_code_before: Category::keywords("not_code_before", &k.not_code_before)?,
            not_code_span: Category::keywords("not_code_span", &k.not_code_span)?,
            not_otp: Category::keywords("not_otp", &k.not_otp)?,
            purposes: Category::compile(
                "purposes",
                k.purposes
                    .iter()
                    .map(|r| (r.id.as_str(), r.pattern.as_str(), r.prefix)),
            )?,
            purpose_of_rule: k.purposes.iter().map(|r| r.purpose).collect(),
        })
    }

    pub fn senders(&self) -> &SenderRegistry {
        &self.senders
    }

    /// Classifies one SMS. `body` is `None` when Android hid it.
    pub fn classify(&self, sender: &str, body: Option<&str>) -> Classification {
        let info = self.senders.lookup(sender);
        let mut reasons = vec![match info.rule {
            Some(rule) => format!("sender:{}", rule.id),
            None => format!("sender:{}", kind_name(info.kind)),
        }];
        let not_otp = |mut reasons: Vec<String>, why: String| {
            reasons.push(why);
            Classification {
                is_otp: false,
                code: None,
                purpose: None,
                sender_kind: info.kind,
                reasons,
            }
        };
        if info.kind == SenderKind::Personal {
            return not_otp(reasons, "personal_sender".into());
        }
        let Some(body) = body else {
            return match info.rule {
                Some(rule) if rule.only_codes => {
                    reasons.extend(["body_hidden".to_string(), "code_only_sender".to_string()]);
                    Classification {
                        is_otp: true,
                        code: None,
                        purpose: Some(sender_purpose(&info, None)),
                        sender_kind: info.kind,
                        reasons,
                    }
                }
                _ => not_otp(reasons, "body_hidden".into()),
            };
        };
        let text = fold(body);
        if !text.cased.bytes().any(|b| b.is_ascii_digit()) {
            return not_otp(reasons, "no_code".into());
        }
        if let Some(span) = self.not_otp.find_all(&text.lower).first() {
            let id = self.not_otp.rule_id(&text.lower[span.start..span.end]);
            return not_otp(reasons, format!("not_otp:{id}"));
        }
        let Some((code, how)) = self.find_code(&text, &mut reasons) else {
            return not_otp(reasons, "no_code".into());
        };
        reasons.push(how);
        let purpose = self.purpose(&text, &info, &mut reasons);
        Classification {
            is_otp: true,
            code: Some(Redacted::new(code)),
            purpose: Some(purpose),
            sender_kind: info.kind,
            reasons,
        }
    }

    /// The current code, normalised, and how it was found.
    fn find_code(&self, text: &Folded, reasons: &mut Vec<String>) -> Option<(String, String)> {
        if text.cased.contains('@') {
            if let Some(c) = WEB_OTP.captures(&text.cased).and_then(|c| c.get(1)) {
                return Some((c.as_str().to_string(), "web_otp".into()));
            }
        }
        let mut masked = text.cased.clone().into_bytes();
        for span in self.not_code_span.find_all(&text.lower) {
            blank(&mut masked, span);
        }
        let trimmed = text.lower.trim_start();
        if trimmed.starts_with("<#>") || trimmed.starts_with("[#]") {
            if let Some(m) = RETRIEVER_HASH.find(&text.cased) {
                blank(&mut masked, Span { start: m.start(), end: m.end() });
            }
        }
        // Blanking replaced whole characters by ASCII spaces, so this cannot fail.
        let masked = String::from_utf8(masked).ok()?;

        let void: Vec<Span> = self.not_code_keyword.find_all(&text.lower);
        let overlaps_void = |k: &Span| void.iter().any(|v| v.start < k.end && k.start < v.end);
        let keywords: Vec<Keyword> = self
            .otp
            .find_all(&text.lower)
            .into_iter()
            .map(|span| Keyword { span, follows: false })
            .chain(
                self.code_follows
                    .find_all(&text.lower)
                    .into_iter()
                    .map(|span| Keyword { span, follows: true }),
            )
            .filter(|k| !overlaps_void(&k.span))
            .collect();
        if keywords.is_empty() {
            if let Some(v) = void.first() {
                let id = self.not_code_keyword.rule_id(&text.lower[v.start..v.end]);
                reasons.push(format!("not_code_keyword:{id}"));
            }
            return None;
        }
        let references = self.not_code_before.find_all(&text.lower);
        let stale_before = self.stale_before.find_all(&text.lower);
        let stale_after = self.stale_after.find_all(&text.lower);

        let mut best: Option<Candidate> = None;
        for m in CODE_TOKEN.find_iter(&masked) {
            let span = Span { start: m.start(), end: m.end() };
            if !is_code_shaped(&masked, span) {
                continue;
            }
            let keyword = nearest_keyword(&text.lower, &keywords, span);
            let Some((_, kw, _)) = keyword else {
                continue;
            };
            // "код для получения заказа: 7043" names the order inside the code's own
            // phrase; "Заказ 482913" with no code keyword before it is a reference.
            if let Some(r) = references.iter().find(|r| {
                r.end <= span.start
                    && is_reference_gap(&text.lower[r.end..span.start])
                    && !(kw.end <= r.start && kw.end <= span.start)
            }) {
                let id = self.not_code_before.rule_id(&text.lower[r.start..r.end]);
                reasons.push(format!("reference:{id}"));
                continue;
            }
            // "Use promo code 2024": a phrase that is not about a one-time code stands
            // between the keyword and the number.
            let (lo, hi) = (kw.end.min(span.end), kw.start.max(span.start));
            if void.iter().any(|v| v.start >= lo && v.end <= hi) {
                continue;
            }
            let from = kw.start.min(span.start);
            let stale = stale_before.iter().any(|s| {
                s.end <= span.start && (s.start >= from || chars_between(&text.lower, s.end, from) <= STALE_REACH)
            }) || stale_after.iter().any(|s| {
                s.start >= span.end
                    && chars_between(&text.lower, span.end, s.start) <= STALE_REACH
                    && !has_sentence_end(&text.lower[span.end..s.start])
            });
            let candidate = Candidate { span, keyword, stale };
            let better = match &best {
                None => true,
                Some(b) => {
                    (b.stale && !candidate.stale)
                        || (b.stale == candidate.stale && distance(&candidate) < distance(b))
                }
            };
            if better {
                best = Some(candidate);
            }
        }
        let best = best?;
        if best.stale {
            // The only code in sight is one the message itself calls old or invalid.
            reasons.push("stale_code".into());
            return None;
        }
        if let Some((_, kw, after)) = best.keyword {
            let kw_text = &text.lower[kw.start..kw.end];
            let id = match self.otp.rule_id(kw_text) {
                "?" => self.code_follows.rule_id(kw_text),
                id => id,
            };
            reasons.push(format!("keyword:{id}"));
            reasons.push(if after { "code_after_keyword" } else { "code_before_keyword" }.into());
        }
        let raw = &text.cased[best.span.start..best.span.end];
        let code: String = raw
            .strip_prefix("G-")
            .or_else(|| raw.strip_prefix("FB-"))
            .unwrap_or(raw)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let how = if trimmed.starts_with("<#>") || trimmed.starts_with("[#]") {
            "sms_retriever"
        } else {
            "keyword_context"
        };
        Some((code, how.into()))
    }

    /// What the code unlocks: the text first, the sender second.
    fn purpose(&self, text: &Folded, info: &SenderInfo<'_>, reasons: &mut Vec<String>) -> Purpose {
        let cautions = self.caution.find_all(&text.lower);
        let purpose_text: std::borrow::Cow<'_, str> = if cautions.is_empty() {
            text.lower.as_str().into()
        } else {
            reasons.push(format!(
                "caution:{}",
                self.caution.rule_id(&text.lower[cautions[0].start..cautions[0].end])
            ));
            // "Never tell anyone, not even a courier": the words after the warning say
            // nothing about what the code is for.
            let mut bytes = text.lower.clone().into_bytes();
            for c in &cautions {
                let end = text.lower[c.end..]
                    .find(['.', '!', '?', '\n', ';'])
                    .map_or(text.lower.len(), |i| c.end + i);
                blank(&mut bytes, Span { start: c.start, end });
            }
            String::from_utf8(bytes).unwrap_or_default().into()
        };
        let from_text = self
            .purposes
            .set
            .matches(&purpose_text)
            .iter()
            .map(|i| (self.purpose_of_rule[i], i))
            .min_by_key(|(p, _)| p.precedence());
        match from_text {
            Some((purpose, i)) => {
                reasons.push(format!("purpose:{}", self.purposes.ids[i]));
                sender_purpose(info, Some(purpose))
            }
            None => {
                reasons.push("purpose:sender".into());
                sender_purpose(info, None)
            }
        }
    }
}

/// A sign-in at a government sender is a government sign-in; a text that names no
/// purpose takes the sender's.
fn sender_purpose(info: &SenderInfo<'_>, from_text: Option<Purpose>) -> Purpose {
    let gov = info.kind == SenderKind::Gov;
    match from_text {
        Some(Purpose::Login | Purpose::Other) if gov => Purpose::GovSignin,
        Some(p) => p,
        None => info
            .rule
            .and_then(|r| r.default_purpose)
            .unwrap_or(if gov { Purpose::GovSignin } else { Purpose::Other }),
    }
}

fn kind_name(kind: SenderKind) -> &'static str {
    match kind {
        SenderKind::Personal => "personal",
        _ => "unknown",
    }
}

/// Replaces a span by spaces, byte for byte, so offsets stay valid.
fn blank(bytes: &mut [u8], span: Span) {
    if let Some(s) = bytes.get_mut(span.start..span.end) {
        s.fill(b' ');
    }
}

fn chars_between(text: &str, from: usize, to: usize) -> usize {
    text.get(from.min(to)..to.max(from)).map_or(usize::MAX, |s| s.chars().count())
}

/// A sentence ends inside `gap` ("Код. Звоните 7111" — the number is not the code).
fn has_sentence_end(gap: &str) -> bool {
    let mut chars = gap.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?' | ';') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            return true;
        }
    }
    false
}

/// Only spaces and a `№`/`#`/`:` stand between a reference noun and the number.
fn is_reference_gap(gap: &str) -> bool {
    gap.chars().count() <= REFERENCE_REACH
        && gap.chars().all(|c| matches!(c, ' ' | ':' | '№' | '#' | '-' | '.' | '='))
}

/// The token stands alone (not part of a longer word or number) and looks like a code.
fn is_code_shaped(text: &str, span: Span) -> bool {
    let token = &text[span.start..span.end];
    let core = token
        .strip_prefix("G-")
        .or_else(|| token.strip_prefix("FB-"))
        .unwrap_or(token);
    let digits = core.chars().filter(char::is_ascii_digit).count();
    let letters = core.chars().filter(char::is_ascii_alphabetic).count();
    // A mixed token needs two digits: "Tele2" or "Kcell5" are names, not codes.
    if digits == 0 || (letters > 0 && digits < 2) || !(4..=8).contains(&(digits + letters)) {
        return false;
    }
    let before: Vec<char> = text[..span.start].chars().rev().take(2).collect();
    let after: Vec<char> = text[span.end..].chars().take(2).collect();
    let is_digit = |c: Option<&char>| c.is_some_and(char::is_ascii_digit);
    let glued_before = match before.first() {
        Some(c) if c.is_alphanumeric() || matches!(c, '*' | '•' | '+' | '/' | '_' | '&') => true,
        Some('.' | ',' | '-' | ':') => before.get(1).is_some_and(|c| c.is_alphanumeric() && *c != 'd' && c.is_ascii_digit()),
        _ => false,
    };
    let glued_after = match after.first() {
        Some(c) if c.is_alphanumeric() || matches!(c, '*' | '%' | '_' | '@') => true,
        Some('.' | ',' | '/' | ':' | '-') => is_digit(after.get(1)),
        _ => false,
    };
    !glued_before && !glued_after
}

/// The nearest unvoided code keyword on the same sentence: (distance in characters,
/// keyword, whether the code comes after it).
fn nearest_keyword(text: &str, keywords: &[Keyword], span: Span) -> Option<(usize, Span, bool)> {
    let mut best: Option<(usize, Span, bool)> = None;
    for &Keyword { span: k, follows } in keywords {
        let reach = if follows { MAX_GAP_FOLLOWS } else { MAX_GAP_BEFORE };
        let found = if k.end <= span.start {
            let gap = &text[k.end..span.start];
            let n = gap.chars().count();
            (n <= reach && !has_sentence_end(gap)).then_some((n, k, true))
        } else if follows {
            None
        } else if k.start >= span.end {
            let gap = &text[span.end..k.start];
            let n = gap.chars().count();
            (n <= MAX_GAP_AFTER && !has_sentence_end(gap)).then_some((n, k, false))
        } else {
            None
        };
        if let Some(f) = found {
            if best.is_none_or(|b| f.0 < b.0) {
                best = Some(f);
            }
        }
    }
    best
}

fn distance(c: &Candidate) -> usize {
    c.keyword.map_or(usize::MAX, |k| k.0)
}
