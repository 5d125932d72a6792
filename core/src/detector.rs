//! Is this SMS a one-time code, which code, and what does it unlock?
//!
//! The detector folds the text (see [`crate::text`]), blanks the spans that are never
//! codes (amounts, card tails, dates, phone numbers…), finds the code-shaped tokens that
//! remain, and keeps the one a code keyword points at. Every pattern comes from the rule
//! pack and is compiled once, here.

use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::Input;
use regex_syntax::hir::Hir;
use serde::Serialize;

use crate::redact::Redacted;
use crate::rules::{KeywordRule, Parsed, PurposeRule, RulePack, RulesError};
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

/// What a keyword rule says about the text where it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NotOtp,
    NotCodeKeyword,
    Otp,
    CodeFollows,
    Caution,
    StaleBefore,
    StaleAfter,
    NotCodeBefore,
    NotCodeSpan,
    Purpose(Purpose),
}

/// Rules compiled together into one multi-pattern automaton, so one pass over the text
/// finds them all; each match says which rule (and so which kind) it is.
///
/// Where two rules match at the same place the earlier one wins, which is how a
/// `not_code_keyword` phrase ("pin-код") or a `not_otp` notice ("код истёк") takes a
/// code keyword out of play.
#[derive(Debug)]
struct Category {
    regex: meta::Regex,
    ids: Vec<String>,
    kinds: Vec<Kind>,
}

/// A match of a category: where, and which rule.
#[derive(Debug, Clone, Copy)]
struct Hit {
    span: Span,
    rule: usize,
}

impl Category {
    fn compile(name: &str, rules: &[(Kind, &[KeywordRule])]) -> Result<Category, RulesError> {
        let mut ids = Vec::new();
        let mut kinds = Vec::new();
        let mut patterns = Vec::new();
        for (kind, list) in rules {
            for r in *list {
                ids.push(r.id.clone());
                kinds.push(*kind);
                patterns.push(with_word_end(&r.parsed, r.prefix));
            }
        }
        Self::build(name, &patterns, ids, kinds)
    }

    fn purposes(rules: &[PurposeRule]) -> Result<Category, RulesError> {
        Self::build(
            "purposes",
            &rules
                .iter()
                .map(|r| with_word_end(&r.parsed, r.prefix))
                .collect::<Vec<_>>(),
            rules.iter().map(|r| r.id.clone()).collect(),
            rules.iter().map(|r| Kind::Purpose(r.purpose)).collect(),
        )
    }

    fn build(
        name: &str,
        patterns: &[Hir],
        ids: Vec<String>,
        kinds: Vec<Kind>,
    ) -> Result<Category, RulesError> {
        let regex = meta::Builder::new()
            .configure(
                meta::Config::new()
                    .which_captures(WhichCaptures::Implicit)
                    .nfa_size_limit(Some(64 << 20))
                    .hybrid_cache_capacity(8 << 20)
                    // Literal prefilters for ~50 patterns a category cost more to build
                    // (the app builds the detector on every cold start) than they save on
                    // SMS-sized texts.
                    .auto_prefilter(false),
            )
            .build_many_from_hir(patterns)
            .map_err(|e| RulesError {
                file: "keywords.json".into(),
                rule: e.pattern().and_then(|p| ids.get(p.as_usize())).cloned(),
                message: format!("rules `{name}` do not compile: {e}"),
            })?;
        Ok(Category { regex, ids, kinds })
    }

    /// Every match that starts at a word start, with the word-edge character the
    /// pattern's end consumed trimmed off.
    fn hits(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some(m) = self.regex.search(&Input::new(text).range(at..)) else {
                break;
            };
            let start = m.start();
            let glued = text[..start].chars().next_back().is_some_and(is_word_char)
                && text[start..].chars().next().is_some_and(is_word_char);
            if glued {
                // "промокод" holds "код", but not as a word: look further on.
                at = next_char_boundary(text, start);
                continue;
            }
            let mut end = m.end();
            if let Some(c) = text[start..end].chars().next_back() {
                if !is_word_char(c) && end - start > c.len_utf8() {
                    end -= c.len_utf8();
                }
            }
            hits.push(Hit {
                span: Span { start, end },
                rule: m.pattern().as_usize(),
            });
            // The next match may begin with the edge character this one consumed.
            at = if end > start {
                end
            } else {
                next_char_boundary(text, start)
            };
        }
        hits
    }

    fn id(&self, hit: Hit) -> &str {
        &self.ids[hit.rule]
    }

    fn kind(&self, hit: Hit) -> Kind {
        self.kinds[hit.rule]
    }
}

fn next_char_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

/// A character that continues a word: a digit or a (lower-case) Latin or Cyrillic letter.
fn is_word_char(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_ascii_lowercase()
        || ('\u{00C0}'..='\u{024F}').contains(&c)
        || ('\u{0400}'..='\u{052F}').contains(&c)
}

/// What may follow a whole word: the end of the text or a character that is not a
/// word character (see [`is_word_char`]).
static WORD_END: LazyLock<Hir> = LazyLock::new(|| {
    regex_syntax::Parser::new()
        .parse(r"$|[^0-9a-z\x{00C0}-\x{024F}\x{0400}-\x{052F}]")
        .expect("fixed pattern")
});

/// Word edges are checked here and in [`Category::hits`] rather than with `\b`:
/// Unicode `\b` makes the regex crate leave its fast DFA on Cyrillic text, and it needs
/// Unicode tables the app is built without.
fn with_word_end(parsed: &Parsed, prefix: bool) -> Hir {
    let pattern = Hir::clone(&parsed.0);
    if prefix {
        pattern
    } else {
        Hir::concat(vec![pattern, WORD_END.clone()])
    }
}

/// The compiled, immutable detector. Cheap to share between threads.
#[derive(Debug)]
pub struct Detector {
    senders: SenderRegistry,
    /// Everything about words: notices, voiding phrases, code keywords, cautions.
    words: Category,
    /// Words that only matter next to a candidate code: stale markers, reference nouns.
    markers: Category,
    /// Spans that are never codes.
    spans: Category,
    purposes: Category,
}

/// A word that points at a code; `follows` ones only at a code right after them.
#[derive(Debug, Clone, Copy)]
struct Keyword<'a> {
    span: Span,
    follows: bool,
    /// The rule that matched, for the reasons.
    id: &'a str,
}

/// A code-shaped token that survived masking, with what its context says.
#[derive(Debug)]
struct Candidate<'a> {
    span: Span,
    /// Characters to the nearest code keyword, the keyword, and whether the code follows it.
    keyword: (usize, Keyword<'a>, bool),
    stale: bool,
}

impl Detector {
    pub fn new(pack: &RulePack) -> Result<Detector, RulesError> {
        let k = &pack.keywords;
        Ok(Detector {
            senders: SenderRegistry::new(&pack.senders),
            // Order matters where rules match at the same place: notices and voiding
            // phrases before the code keywords they contain.
            words: Category::compile(
                "words",
                &[
                    (Kind::NotOtp, &k.not_otp),
                    (Kind::NotCodeKeyword, &k.not_code_keyword),
                    (Kind::Otp, &k.otp),
                    (Kind::CodeFollows, &k.code_follows),
                    (Kind::Caution, &k.caution),
                ],
            )?,
            markers: Category::compile(
                "markers",
                &[
                    (Kind::StaleBefore, &k.stale_before),
                    (Kind::StaleAfter, &k.stale_after),
                    (Kind::NotCodeBefore, &k.not_code_before),
                ],
            )?,
            spans: Category::compile("not_code_span", &[(Kind::NotCodeSpan, &k.not_code_span)])?,
            purposes: Category::purposes(&k.purposes)?,
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
        // No digit of any script, no code: most chat ends here, before any folding.
        if !body.chars().any(char::is_numeric) {
            return not_otp(reasons, "no_code".into());
        }
        let text = fold(body);
        if !text.cased.bytes().any(|b| b.is_ascii_digit()) {
            return not_otp(reasons, "no_code".into());
        }
        let words = self.words.hits(&text.lower);
        if let Some(&hit) = words.iter().find(|h| self.words.kind(**h) == Kind::NotOtp) {
            return not_otp(reasons, format!("not_otp:{}", self.words.id(hit)));
        }
        let Some((code, how)) = self.find_code(&text, &words, &mut reasons) else {
            return not_otp(reasons, "no_code".into());
        };
        reasons.push(how);
        let purpose = self.purpose(&text, &words, &info, &mut reasons);
        Classification {
            is_otp: true,
            code: Some(Redacted::new(code)),
            purpose: Some(purpose),
            sender_kind: info.kind,
            reasons,
        }
    }

    /// The current code, normalised, and how it was found.
    fn find_code(
        &self,
        text: &Folded,
        words: &[Hit],
        reasons: &mut Vec<String>,
    ) -> Option<(String, String)> {
        if text.cased.contains('@') {
            if let Some(c) = WEB_OTP.captures(&text.cased).and_then(|c| c.get(1)) {
                return Some((c.as_str().to_string(), "web_otp".into()));
            }
        }
        let keywords: Vec<Keyword<'_>> = words
            .iter()
            .filter_map(|&h| match self.words.kind(h) {
                Kind::Otp => Some(Keyword {
                    span: h.span,
                    follows: false,
                    id: self.words.id(h),
                }),
                Kind::CodeFollows => Some(Keyword {
                    span: h.span,
                    follows: true,
                    id: self.words.id(h),
                }),
                _ => None,
            })
            .collect();
        let void: Vec<Span> = words
            .iter()
            .filter(|h| self.words.kind(**h) == Kind::NotCodeKeyword)
            .map(|h| h.span)
            .collect();
        if keywords.is_empty() {
            if let Some(&v) = words
                .iter()
                .find(|h| self.words.kind(**h) == Kind::NotCodeKeyword)
            {
                reasons.push(format!("not_code_keyword:{}", self.words.id(v)));
            }
            return None;
        }

        let mut masked = text.cased.clone().into_bytes();
        for hit in self.spans.hits(&text.lower) {
            blank(&mut masked, hit.span);
        }
        let trimmed = text.lower.trim_start();
        if trimmed.starts_with("<#>") || trimmed.starts_with("[#]") {
            if let Some(m) = RETRIEVER_HASH.find(&text.cased) {
                blank(
                    &mut masked,
                    Span {
                        start: m.start(),
                        end: m.end(),
                    },
                );
            }
        }
        // Blanking replaced whole characters by ASCII spaces, so this cannot fail.
        let masked = String::from_utf8(masked).ok()?;

        // Found on the first candidate that needs them.
        let mut markers: Option<Vec<Hit>> = None;
        let mut best: Option<Candidate> = None;
        for m in CODE_TOKEN.find_iter(&masked) {
            let span = Span {
                start: m.start(),
                end: m.end(),
            };
            if !is_code_shaped(&masked, span) {
                continue;
            }
            let Some(keyword) = nearest_keyword(&text.lower, &keywords, span) else {
                continue;
            };
            let kw = keyword.1;
            let markers = markers.get_or_insert_with(|| self.markers.hits(&text.lower));
            let of = |kind: Kind| {
                markers
                    .iter()
                    .filter(move |h| self.markers.kind(**h) == kind)
            };
            // "код для получения заказа: 7043" names the order inside the code's own
            // phrase; "Заказ 482913" with no code keyword before it is a reference.
            if let Some(&r) = of(Kind::NotCodeBefore).find(|r| {
                r.span.end <= span.start
                    && is_reference_gap(&text.lower[r.span.end..span.start])
                    && !(kw.span.end <= r.span.start && kw.span.end <= span.start)
            }) {
                reasons.push(format!("reference:{}", self.markers.id(r)));
                continue;
            }
            // "Use promo code 2024": a phrase that is not about a one-time code stands
            // between the keyword and the number.
            let (lo, hi) = (kw.span.end.min(span.end), kw.span.start.max(span.start));
            if void.iter().any(|v| v.start >= lo && v.end <= hi) {
                continue;
            }
            let from = kw.span.start.min(span.start);
            let stale = of(Kind::StaleBefore).map(|h| h.span).any(|s| {
                s.end <= span.start
                    && (s.start >= from || within_chars(&text.lower, s.end, from, STALE_REACH))
            }) || of(Kind::StaleAfter).map(|h| h.span).any(|s| {
                s.start >= span.end
                    && within_chars(&text.lower, span.end, s.start, STALE_REACH)
                    && !has_sentence_end(&text.lower[span.end..s.start])
            });
            let candidate = Candidate {
                span,
                keyword,
                stale,
            };
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
        let (_, kw, after) = best.keyword;
        reasons.push(format!("keyword:{}", kw.id));
        reasons.push(
            if after {
                "code_after_keyword"
            } else {
                "code_before_keyword"
            }
            .into(),
        );
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
    fn purpose(
        &self,
        text: &Folded,
        words: &[Hit],
        info: &SenderInfo<'_>,
        reasons: &mut Vec<String>,
    ) -> Purpose {
        let cautions: Vec<Hit> = words
            .iter()
            .copied()
            .filter(|h| self.words.kind(*h) == Kind::Caution)
            .collect();
        let purpose_text: std::borrow::Cow<'_, str> = if let Some(&first) = cautions.first() {
            reasons.push(format!("caution:{}", self.words.id(first)));
            // "Never tell anyone, not even a courier": the words after the warning say
            // nothing about what the code is for.
            let mut bytes = text.lower.clone().into_bytes();
            for c in &cautions {
                let end = text.lower[c.span.end..]
                    .find(['.', '!', '?', '\n', ';'])
                    .map_or(text.lower.len(), |i| c.span.end + i);
                blank(
                    &mut bytes,
                    Span {
                        start: c.span.start,
                        end,
                    },
                );
            }
            String::from_utf8(bytes).unwrap_or_default().into()
        } else {
            text.lower.as_str().into()
        };
        let from_text = self
            .purposes
            .hits(&purpose_text)
            .into_iter()
            .filter_map(|h| match self.purposes.kind(h) {
                Kind::Purpose(p) => Some((p, h)),
                _ => None,
            })
            .min_by_key(|(p, _)| p.precedence());
        match from_text {
            Some((purpose, hit)) => {
                reasons.push(format!("purpose:{}", self.purposes.id(hit)));
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
        None => info.rule.and_then(|r| r.default_purpose).unwrap_or(if gov {
            Purpose::GovSignin
        } else {
            Purpose::Other
        }),
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

/// Whether at most `limit` characters lie between two offsets.
fn within_chars(text: &str, from: usize, to: usize, limit: usize) -> bool {
    let (lo, hi) = (from.min(to), to.max(from));
    hi - lo <= limit * 4 && text.get(lo..hi).is_some_and(|s| s.chars().count() <= limit)
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
    gap.len() <= REFERENCE_REACH * 4
        && gap.chars().count() <= REFERENCE_REACH
        && gap
            .chars()
            .all(|c| matches!(c, ' ' | ':' | '№' | '#' | '-' | '.' | '='))
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
        Some('.' | ',' | '-' | ':') => before
            .get(1)
            .is_some_and(|c| c.is_alphanumeric() && *c != 'd' && c.is_ascii_digit()),
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
fn nearest_keyword<'a>(
    text: &str,
    keywords: &[Keyword<'a>],
    span: Span,
) -> Option<(usize, Keyword<'a>, bool)> {
    let mut best: Option<(usize, Keyword<'a>, bool)> = None;
    for &keyword in keywords {
        let (k, follows) = (keyword.span, keyword.follows);
        let reach = if follows {
            MAX_GAP_FOLLOWS
        } else {
            MAX_GAP_BEFORE
        };
        // A character is at most four bytes: keywords further than that are out of reach
        // without counting, which keeps long bodies linear.
        let far = |gap_bytes: usize, reach: usize| gap_bytes > reach * 4;
        let found = if k.end <= span.start {
            if far(span.start - k.end, reach) {
                continue;
            }
            let gap = &text[k.end..span.start];
            let n = gap.chars().count();
            (n <= reach && !has_sentence_end(gap)).then_some((n, keyword, true))
        } else if follows {
            None
        } else if k.start >= span.end {
            if far(k.start - span.end, MAX_GAP_AFTER) {
                continue;
            }
            let gap = &text[span.end..k.start];
            let n = gap.chars().count();
            (n <= MAX_GAP_AFTER && !has_sentence_end(gap)).then_some((n, keyword, false))
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

fn distance(c: &Candidate<'_>) -> usize {
    c.keyword.0
}
