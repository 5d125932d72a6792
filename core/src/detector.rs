//! Is this SMS a one-time code, which code, and what does it unlock?
//!
//! The detector folds the text (see [`crate::text`]), sets aside whole-message notices
//! ("код истёк", receipts), blanks the spans that are never codes (amounts, card tails,
//! dates, phone numbers…), finds the code-shaped tokens that remain, pairs each with the
//! label in front of it, and keeps the one a code keyword names. The purpose comes from the
//! words outside "never tell anyone" sentences, then from the sender. README's "The
//! detector" section walks through the steps. Every pattern comes from the rule pack and is
//! compiled once, here.
//!
//! Every step is linear in the length of the body: each rule category is one pass over
//! the text, and what a token needs from the hits (its keyword, its label, a caution's
//! sentence) is found by binary search among them.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{meta, Input};
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
/// The furthest a letter code (`HX4R`, `MWZB`) may stand after its keyword: further off,
/// a capitalised word is a name ("code for KASPI GOLD").
const MAX_GAP_LETTERS: usize = 20;
/// The furthest an official service number ("1414", "9999") may stand after a keyword and
/// still be the code; anywhere else it is the number to call.
const MAX_GAP_OFFICIAL: usize = 2;
/// How close (in characters) a stale marker must be to the code or its keyword.
const STALE_REACH: usize = 24;
/// How close (in characters) a label ("заказ №", "txn code", "карты") must be to a number
/// to be that number's label.
const LABEL_REACH: usize = 4;

/// A code-shaped token: digits in dash groups (`54-234-3`), in space groups (`482 913`,
/// `48 29 13`) or one by one (`5 0 7 3`), nine digits, letters and digits in dash groups
/// (`KT-745`), or 4–8 letters and digits, with an optional `G-` / `FB-` service prefix.
/// [`token_shape`] decides what it may be.
static CODE_TOKEN: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(
        r"(?:G-|FB-)?(?:[0-9]{1,4}(?:-[0-9]{1,4}){1,3}|[0-9](?: [0-9]){3,8}|[0-9]{2,4}(?: [0-9]{2,4}){1,3}|[0-9]{9}|[0-9A-Za-z]{1,4}(?:-[0-9A-Za-z]{1,4}){1,3}|[0-9A-Za-z]{4,8})",
    )
    .expect("fixed pattern")
});

/// The WebOTP line: `@domain #code`, alone on the last line.
static WEB_OTP: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(r"(?m)^@[A-Za-z0-9.-]+ #[A-Za-z0-9]{4,8} *\n*\z").expect("fixed pattern")
});

/// The app hash that ends an SMS Retriever message (`<#> … FA+9qCX9VSu`).
static RETRIEVER_HASH: LazyLock<meta::Regex> =
    LazyLock::new(|| meta::Regex::new(r"[A-Za-z0-9+/]{11}[ \n]*\z").expect("fixed pattern"));

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

impl Classification {
    /// Whether the SMS is a one-time code the guard acts on: an OTP with its purpose.
    pub fn is_code(&self) -> bool {
        self.is_otp && self.purpose.is_some()
    }
}

/// A span of matched text, in bytes of the folded body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// What a keyword rule says about the text where it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NotCodeKeyword,
    Otp,
    OtpContext,
    CodeFollows,
    Caution,
    CautionEnd,
    CautionVerdict,
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
/// `not_code_keyword` phrase ("pin-код") takes a code keyword out of play, and a one-time
/// PIN ("временный PIN-код") the voiding phrase.
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
        patterns: &[Cow<'_, Hir>],
        ids: Vec<String>,
        kinds: Vec<Kind>,
    ) -> Result<Category, RulesError> {
        let regex = automaton(name, patterns, &ids)?;
        Ok(Category { regex, ids, kinds })
    }

    /// Every match that starts at a word start, in text order, with the word-edge
    /// character the pattern's end consumed trimmed off.
    fn hits(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some(m) = self.regex.search(&Input::new(text).range(at..)) else {
                break;
            };
            let start = m.start();
            if starts_inside_word(text, start) {
                // "промокод" holds "код", but not as a word. No match can start inside
                // this word, so look on from its end: restarting one character later
                // would read a long word again for every character of it.
                at = word_end(text, start);
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

/// Whole-message notices ("код истёк", "wrong code", a receipt).
///
/// Only whether one matches, and which, matters: the search runs forward only and stops at
/// the first match, so a gap as long as a line (`[^\n]*`) costs one pass over the text.
#[derive(Debug)]
struct Notices {
    regex: meta::Regex,
    ids: Vec<String>,
}

/// How many matches a notice search skips (glued inside a word, about another sentence or an
/// old code) before it gives up and keeps the code: enough for any SMS, and it keeps a
/// pathological text linear.
const MAX_GLUED_NOTICES: usize = 8;

impl Notices {
    fn compile(rules: &[KeywordRule]) -> Result<Notices, RulesError> {
        let patterns: Vec<Cow<'_, Hir>> = rules
            .iter()
            .map(|r| with_word_end(&r.parsed, r.prefix))
            .collect();
        let ids: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
        let regex = automaton("not_otp", &patterns, &ids)?;
        Ok(Notices { regex, ids })
    }

    /// The id of a notice that speaks of the code: one that starts at a word start, reaches
    /// into `sentence` (the sentences holding the code and its keyword: "Срок действия кода
    /// истёк. Новый код: 4821" keeps its code) and is not said of an old code (`old_before`
    /// tells whether a stale marker stands right before an offset: "предыдущий код истёк").
    fn find(
        &self,
        text: &str,
        sentence: Span,
        mut old_before: impl FnMut(usize) -> bool,
    ) -> Option<&str> {
        let mut at = 0;
        for _ in 0..=MAX_GLUED_NOTICES {
            let m = self.regex.search(&Input::new(text).range(at..))?;
            let span = Span {
                start: m.start(),
                end: m.end(),
            };
            if !starts_inside_word(text, span.start)
                && span.overlaps(sentence)
                && !old_before(span.start)
            {
                return self.ids.get(m.pattern().as_usize()).map(String::as_str);
            }
            at = word_end(text, span.start);
            if at > text.len() {
                return None;
            }
        }
        None
    }
}

/// One multi-pattern automaton over lazy DFAs; an error names the rule that failed.
fn automaton(
    name: &str,
    patterns: &[Cow<'_, Hir>],
    ids: &[String],
) -> Result<meta::Regex, RulesError> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .which_captures(WhichCaptures::Implicit)
                .nfa_size_limit(Some(64 << 20))
                .hybrid_cache_capacity(8 << 20)
                // Literal prefilters for ~50 patterns a category cost more to build (the app
                // builds the detector on every cold start) than they save on SMS-sized texts.
                .auto_prefilter(false),
        )
        .build_many_from_hir(patterns)
        .map_err(|e| RulesError {
            file: "keywords.json".into(),
            rule: e.pattern().and_then(|p| ids.get(p.as_usize())).cloned(),
            message: format!("rules `{name}` do not compile: {e}"),
        })
}

fn next_char_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

/// Whether a match at `start` would begin inside a word ("код" in "промокод").
fn starts_inside_word(text: &str, start: usize) -> bool {
    text[..start].chars().next_back().is_some_and(is_word_char)
        && text[start..].chars().next().is_some_and(is_word_char)
}

/// Where the word holding `at` ends (at least one character on).
fn word_end(text: &str, at: usize) -> usize {
    let next = next_char_boundary(text, at);
    if next > text.len() {
        return next;
    }
    text[next..]
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(text.len(), |(i, _)| next + i)
}

/// A character that continues a word: a digit or a (lower-case) Latin or Cyrillic letter,
/// the ranges of the rules' `\p{L}` (see `rules::LETTER`).
fn is_word_char(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_ascii_lowercase()
        || ('\u{00C0}'..='\u{02FF}').contains(&c)
        || ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// What may follow a whole word: the end of the text or a character that is not a
/// word character (see [`is_word_char`]).
static WORD_END: LazyLock<Hir> = LazyLock::new(|| {
    regex_syntax::Parser::new()
        .parse(r"$|[^0-9a-z\x{00C0}-\x{02FF}\x{0400}-\x{04FF}]")
        .expect("fixed pattern")
});

/// Word edges are checked here and in [`Category::hits`] rather than with `\b`:
/// Unicode `\b` makes the regex crate leave its fast DFA on Cyrillic text, and it needs
/// Unicode tables the app is built without.
fn with_word_end(parsed: &Parsed, prefix: bool) -> Cow<'_, Hir> {
    if prefix {
        Cow::Borrowed(&parsed.0)
    } else {
        Cow::Owned(Hir::concat(vec![Hir::clone(&parsed.0), WORD_END.clone()]))
    }
}

/// The compiled, immutable detector. Cheap to share between threads.
#[derive(Debug)]
pub struct Detector {
    senders: SenderRegistry,
    /// Whole messages about codes that carry none ("код истёк", "wrong code", receipts).
    notices: Notices,
    /// Everything about words: voiding phrases, code keywords, cautions.
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
    /// A word about signing in ("вход", "login"): a number after it is a code, a letter
    /// code only right after it ("Login from device Samsung A515F" names a phone; "логин
    /// ученика 41550219, вход через…" is an id).
    context: bool,
    /// The rule that matched, for the reasons.
    id: &'a str,
}

/// A code token and the keyword it pairs with.
#[derive(Debug, Clone, Copy)]
struct Pairing<'a> {
    /// Characters between the keyword and the code.
    distance: usize,
    keyword: Keyword<'a>,
    /// Whether the code comes after the keyword.
    after: bool,
}

/// What a token may be, by its characters alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Digits, possibly in groups: 4–9 of them.
    Digits,
    /// Letters with at least two digits ("A7K9Q2", "G-3d523").
    Mixed,
    /// Capital letters with at most one digit ("HX4R", "MWZB"), one-digit lower-case
    /// codes ("abd3") and 8-character mixed ones: a code only where a code stands.
    Letters,
}

/// How a candidate ranks, best first; the nearest to its keyword breaks ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Standing {
    Plain,
    /// A code of letters only: a number in the same place is likelier to be the code.
    Letters,
    /// A number whose own label names something else ("для карты 4412", "txn code
    /// 2864"): the code only when nothing else is.
    Labelled,
}

/// A code-shaped token that survived masking, with what its context says.
#[derive(Debug)]
struct Candidate<'a> {
    span: Span,
    pairing: Pairing<'a>,
    standing: Standing,
    stale: bool,
}

impl Candidate<'_> {
    fn rank(&self) -> (bool, Standing, usize) {
        (self.stale, self.standing, self.pairing.distance)
    }
}

/// The code found in a body, and where.
struct Found {
    code: String,
    /// Where it stands in the folded text.
    span: Span,
    /// The code with the keyword that named it: what a notice must reach to speak of it.
    about: Span,
    /// How it was found, for the reasons.
    how: &'static str,
}

impl Detector {
    pub fn new(pack: &RulePack) -> Result<Detector, RulesError> {
        let k = &pack.keywords;
        Ok(Detector {
            senders: SenderRegistry::new(&pack.senders),
            notices: Notices::compile(&k.not_otp)?,
            // Order matters where rules match at the same place: voiding phrases before
            // the code keywords they contain, a one-time PIN before the PIN they void.
            words: Category::compile(
                "words",
                &[
                    (Kind::Otp, &k.one_time_pin),
                    (Kind::NotCodeKeyword, &k.not_code_keyword),
                    (Kind::Otp, &k.otp),
                    (Kind::OtpContext, &k.otp_context),
                    (Kind::CodeFollows, &k.code_follows),
                    (Kind::Caution, &k.caution),
                    (Kind::CautionEnd, &k.caution_end),
                    (Kind::CautionVerdict, &k.caution_verdict),
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
        let Some(body) = body else {
            // Android 15+ hides a notification's text from untrusted listeners only when its
            // own OTP detector found a code in it (AOSP packages/modules/ExtServices,
            // java/src/android/ext/services/notification/NotificationOtpDetectionHelper.java,
            // whose matches make the assistant mark the notification sensitive), and a null
            // body reaches the core only from that path: the platform has said "this is a
            // code", whoever the sender is.
            reasons.extend(["body_hidden".to_string(), "purpose:sender".to_string()]);
            return Classification {
                is_otp: true,
                code: None,
                purpose: Some(sender_purpose(&info, None)),
                sender_kind: info.kind,
                reasons,
            };
        };
        if info.kind == SenderKind::Personal {
            return not_otp(reasons, "personal_sender".into());
        }
        // No digit of any script and no run of capitals (`MWZB`), no code: most chat ends
        // here, before any folding.
        if !body.chars().any(is_digit_of_any_script) && !has_capital_run(body) {
            return not_otp(reasons, "no_code".into());
        }
        let text = fold(body);
        if !text.cased.bytes().any(|b| b.is_ascii_digit()) && !has_capital_run(&text.cased) {
            return not_otp(reasons, "no_code".into());
        }
        if let Some(code) = bare_number(&text.cased) {
            // A service that sends nothing but a number sends a code.
            reasons.extend(["bare_number".to_string(), "purpose:sender".to_string()]);
            return Classification {
                is_otp: true,
                code: Some(Redacted::new(code)),
                purpose: Some(sender_purpose(&info, None)),
                sender_kind: info.kind,
                reasons,
            };
        }
        let words = self.words.hits(&text.lower);
        let sender_reason = reasons.len();
        let Some(found) = self.find_code(&text, &words, &mut reasons) else {
            return not_otp(reasons, "no_code".into());
        };
        // A notice ("код истёк", a receipt) only matters where there is a code to take back,
        // so most messages never pay for its pass.
        let mut markers: Option<Vec<Hit>> = None;
        let old_code_before = |at: usize| {
            let markers = markers.get_or_insert_with(|| self.markers.hits(&text.lower));
            let i = markers.partition_point(|h| h.span.end <= at);
            i.checked_sub(1).is_some_and(|j| {
                // A prefix rule ("предыдущ") ends inside its word.
                self.markers.kind(markers[j]) == Kind::StaleBefore
                    && text.lower[markers[j].span.end..at]
                        .trim_start_matches(is_word_char)
                        .trim_matches(' ')
                        .is_empty()
            })
        };
        let sentence = sentence_of(&text.lower, found.about);
        if let Some(id) = self.notices.find(&text.lower, sentence, old_code_before) {
            reasons.truncate(sender_reason);
            return not_otp(reasons, format!("not_otp:{id}"));
        }
        reasons.push(found.how.into());
        let purpose = self.purpose(&text, &words, found.span, &info, &mut reasons);
        Classification {
            is_otp: true,
            code: Some(Redacted::new(found.code)),
            purpose: Some(purpose),
            sender_kind: info.kind,
            reasons,
        }
    }

    /// The current code, normalised, where it stands and how it was found.
    fn find_code(&self, text: &Folded, words: &[Hit], reasons: &mut Vec<String>) -> Option<Found> {
        if text.cased.contains('@') {
            if let Some(line) = WEB_OTP.find(&text.cased) {
                // The code is what follows the `#`, up to the spaces and line breaks.
                let line_text = &text.cased[line.start()..line.end()];
                let start = line.start() + line_text.find('#').map_or(0, |i| i + 1);
                let end = start
                    + text.cased[start..]
                        .find([' ', '\n'])
                        .unwrap_or(text.cased.len() - start);
                return Some(Found {
                    code: text.cased[start..end].to_string(),
                    span: Span { start, end },
                    about: Span { start, end },
                    how: "web_otp",
                });
            }
        }
        let keywords: Vec<Keyword<'_>> = words
            .iter()
            .filter_map(|&h| match self.words.kind(h) {
                Kind::Otp | Kind::OtpContext => Some(Keyword {
                    span: h.span,
                    follows: false,
                    context: self.words.kind(h) == Kind::OtpContext,
                    id: self.words.id(h),
                }),
                Kind::CodeFollows => Some(Keyword {
                    span: h.span,
                    follows: true,
                    context: false,
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
        // `G-418203`: Google's and Facebook's codes carry their own label.
        let prefixed = text.cased.contains("G-") || text.cased.contains("FB-");
        if keywords.is_empty() && !prefixed {
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
        let retriever = trimmed.starts_with("<#>") || trimmed.starts_with("[#]");
        if retriever {
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
        let mut caps_message: Option<bool> = None;
        let mut best: Option<Candidate> = None;
        for m in CODE_TOKEN.find_iter(&masked) {
            let span = Span {
                start: m.start(),
                end: m.end(),
            };
            let Some(shape) = token_shape(&masked, span) else {
                continue;
            };
            // "CODE" or "PASSCODE" is the keyword, not the code.
            if shape == Shape::Letters && any_overlaps(words, span) {
                continue;
            }
            let Some(pairing) = nearest_keyword(&text.lower, &keywords, span, shape)
                .or_else(|| service_prefix(&masked, span))
            else {
                continue;
            };
            let kw = pairing.keyword;
            let mut standing = Standing::Plain;
            // "Код для входа в KASPI", "TELE2": a registered sender's name is a name.
            if shape != Shape::Digits && self.senders.is_name(&masked[span.start..span.end]) {
                continue;
            }
            if shape == Shape::Letters {
                // A letter code stands where a code stands (see `letters_placed`), and a
                // CAPS message's words are not codes.
                let letters_only = !text.cased[span.start..span.end]
                    .bytes()
                    .any(|b| b.is_ascii_digit());
                let placed = (retriever && pairing.distance <= MAX_GAP_LETTERS)
                    || letters_placed(&text.lower, pairing, span, letters_only);
                if !placed
                    || (letters_only
                        && *caps_message.get_or_insert_with(|| !has_lowercase_letter(text)))
                {
                    continue;
                }
                if letters_only {
                    standing = Standing::Letters;
                }
            }
            if shape == Shape::Digits && !(pairing.after && pairing.distance <= MAX_GAP_OFFICIAL) {
                let digits: String = text.cased[span.start..span.end]
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                if self.senders.is_official_number(&digits) {
                    // "Вопросы: 1414": the service's own number, not its code.
                    reasons.push("official_number".into());
                    continue;
                }
            }
            let markers = markers.get_or_insert_with(|| self.markers.hits(&text.lower));
            let reference = |h: Hit| self.markers.kind(h) == Kind::NotCodeBefore;
            // The number's own label: a reference noun ("заказ №", "карты") or a phrase
            // that voids a code keyword ("promo code") right before it.
            let own_label = label_before(&text.lower, markers, span, |h| {
                reference(h) && !any_overlaps_keyword(&keywords, h.span)
            })
            .map(|h| (h.span, self.markers.id(h)))
            .or_else(|| {
                label_before_spans(&text.lower, &void, span).map(|v| (v, "not_code_keyword"))
            });
            match own_label {
                // "Заказ 482913" with no code keyword in front is a reference.
                Some((label, id)) if kw.span.end > label.start => {
                    reasons.push(format!("reference:{id}"));
                    continue;
                }
                // In "код для карты 4412: 604917" the card is part of the code's phrase:
                // its number is the code only when there is no other.
                Some(_) => standing = Standing::Labelled,
                // "txn code 2864", "операция коды 2864": the keyword itself is qualified.
                None if pairing.after
                    && kw.span.end <= span.start
                    && is_label_gap(&text.lower[kw.span.end..span.start])
                    && label_before(&text.lower, markers, kw.span, reference).is_some() =>
                {
                    standing = Standing::Labelled;
                }
                None => {}
            }
            // "Use promo code 2024": a phrase that is not about a one-time code stands
            // between the keyword and the number.
            let (lo, hi) = (kw.span.end.min(span.end), kw.span.start.max(span.start));
            if contains_span(&void, lo, hi) {
                continue;
            }
            let stale = self.is_stale(&text.lower, markers, kw.span, span);
            let candidate = Candidate {
                span,
                pairing,
                standing,
                stale,
            };
            if best.as_ref().is_none_or(|b| candidate.rank() < b.rank()) {
                best = Some(candidate);
            }
        }
        let best = best?;
        if best.stale {
            // The only code in sight is one the message itself calls old or invalid.
            reasons.push("stale_code".into());
            return None;
        }
        let Pairing { keyword, after, .. } = best.pairing;
        reasons.push(format!("keyword:{}", keyword.id));
        reasons.push(
            if after {
                "code_after_keyword"
            } else {
                "code_before_keyword"
            }
            .into(),
        );
        if best.standing == Standing::Labelled {
            reasons.push("labelled_number".into());
        }
        let raw = &text.cased[best.span.start..best.span.end];
        let code: String = raw
            .strip_prefix("G-")
            .or_else(|| raw.strip_prefix("FB-"))
            .unwrap_or(raw)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        Some(Found {
            code,
            span: best.span,
            about: Span {
                start: best.span.start.min(keyword.span.start),
                end: best.span.end.max(keyword.span.end),
            },
            how: if retriever {
                "sms_retriever"
            } else {
                "keyword_context"
            },
        })
    }

    /// Whether a stale marker ("предыдущий", "expired") speaks of this code: between its
    /// keyword and it, just before the keyword in its clause, or just after the code in its
    /// sentence.
    fn is_stale(&self, text: &str, markers: &[Hit], keyword: Span, code: Span) -> bool {
        let from = keyword.start.min(code.start);
        let lo = from.saturating_sub(STALE_REACH * 4);
        let first = markers.partition_point(|h| h.span.end < lo);
        let before = markers[first..]
            .iter()
            .take_while(|h| h.span.start < code.start)
            .filter(|h| self.markers.kind(**h) == Kind::StaleBefore)
            .any(|h| {
                // "Старый код аннулирован, код: 4821": a marker in another clause speaks of
                // another code.
                h.span.end <= code.start
                    && (h.span.start >= from
                        || (within_chars(text, h.span.end, from, STALE_REACH)
                            && clause_end(text, h.span.end) >= from))
            });
        let first = markers.partition_point(|h| h.span.start < code.end);
        let after = markers[first..]
            .iter()
            .take_while(|h| h.span.start <= code.end + STALE_REACH * 4)
            .filter(|h| self.markers.kind(**h) == Kind::StaleAfter)
            .any(|h| {
                within_chars(text, code.end, h.span.start, STALE_REACH)
                    && !has_sentence_end(&text[code.end..h.span.start])
            });
        before || after
    }

    /// What the code unlocks: the text first, the sender second.
    ///
    /// Words inside a caution's scope (see [`Detector::caution_scopes`]) say who must not
    /// get the code, not what it is for, so they never set the purpose. A purpose named
    /// outside every scope wins over one inside: "Код для получения посылки: 4821. Никому не
    /// сообщайте его, кроме курьера" is a parcel code.
    fn purpose(
        &self,
        text: &Folded,
        words: &[Hit],
        code: Span,
        info: &SenderInfo<'_>,
        reasons: &mut Vec<String>,
    ) -> Purpose {
        let scopes = self.caution_scopes(&text.lower, words, code, reasons);
        let from_text = self
            .purposes
            .hits(&text.lower)
            .into_iter()
            .filter(|h| !inside_sorted(&scopes, h.span))
            .filter_map(|h| match self.purposes.kind(h) {
                // A name that holds purpose words ("Kaspi Магазин") says nothing of the code.
                Kind::Purpose(Purpose::Other) => None,
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

    /// The spans that cautions speak of, sorted and disjoint.
    ///
    /// A caution marker ("никому", "never ask", "айтпаңыз", "if a courier asks… fraud")
    /// makes its whole sentence a caution: the people it names ("Курьеры и сотрудники
    /// почты никогда не спрашивают этот код", "Кодты курьерге айтпаңыз") come before or
    /// after the marker depending on the language. Two things are not part of it:
    /// - the code's own statement: when the code stands in the same sentence before the
    ///   marker, the scope starts at the end of the code's clause ("Код 4821 для
    ///   получения посылки, никому не сообщайте"), or right after the code when no clause
    ///   break comes first;
    /// - what follows an exception word after the marker ("никому, кроме курьера").
    fn caution_scopes(
        &self,
        text: &str,
        words: &[Hit],
        code: Span,
        reasons: &mut Vec<String>,
    ) -> Vec<Span> {
        let mut cautions = words
            .iter()
            .filter(|h| matches!(self.words.kind(**h), Kind::Caution | Kind::CautionVerdict))
            .peekable();
        let Some(&&first) = cautions.peek() else {
            return Vec::new();
        };
        reasons.push(format!("caution:{}", self.words.id(first)));
        let stops: Vec<Span> = words
            .iter()
            .filter(|h| self.words.kind(**h) == Kind::CautionEnd)
            .map(|h| h.span)
            .collect();
        let ends = sentence_ends(text);
        let code_clause_end = clause_end(text, code.end);
        let mut scopes: Vec<Span> = Vec::new();
        for caution in cautions {
            let (mut from, to) = sentence_around(&ends, caution.span.start, text.len());
            if self.words.kind(*caution) == Kind::CautionVerdict
                && from > 0
                && !text[from..caution.span.start].chars().any(is_word_char)
            {
                // "Курьер просит код для получения посылки. Это мошенничество.": a verdict
                // that opens its sentence condemns the sentence before.
                from = sentence_around(&ends, from - 1, text.len()).0;
            }
            let mut start = if code.start >= from && code.end <= caution.span.start {
                if code_clause_end <= caution.span.start {
                    code_clause_end
                } else {
                    // No clause break between the code and the marker: in Kazakh the
                    // verb comes last ("4821 коды сәлемдеме алу коды емес"), so the
                    // caution reaches back to the code.
                    code.end
                }
            } else {
                from
            };
            // "Код только для входа, не для курьера": what an exception word before the
            // marker opens, up to the end of its clause, is said outside the caution.
            let before = stops.partition_point(|s| s.start < caution.span.start);
            if let Some(stop) = before.checked_sub(1).map(|i| stops[i]) {
                let opened = clause_end(text, stop.end);
                if stop.start >= start && opened <= caution.span.start {
                    start = opened;
                }
            }
            let next_stop = stops.partition_point(|s| s.start < caution.span.end);
            let end = stops
                .get(next_stop)
                .filter(|s| s.start < to)
                .map_or(to, |s| s.start);
            scopes.push(Span { start, end });
        }
        // A verdict's scope reaches back past the ones before it.
        scopes.sort_unstable_by_key(|s| s.start);
        let mut merged: Vec<Span> = Vec::with_capacity(scopes.len());
        for s in scopes {
            match merged.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        merged
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

/// A digit of any script (full-width `４`, Arabic-Indic…): the Latin and Cyrillic letters
/// most SMS are written in are skipped without a Unicode table lookup.
fn is_digit_of_any_script(c: char) -> bool {
    c.is_ascii_digit() || (c > '\u{052F}' && c.is_numeric())
}

/// Whether some letter is written in lower case (a message in capitals has none): a letter
/// that lower-casing left as it was. Latin and Cyrillic only, so no Unicode table is needed.
fn has_lowercase_letter(text: &Folded) -> bool {
    text.cased
        .chars()
        .zip(text.lower.chars())
        .any(|(c, l)| c == l && is_word_char(l) && !l.is_ascii_digit())
}

/// Whether four ASCII capitals stand together: the least a code without digits needs.
fn has_capital_run(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        run = if b.is_ascii_uppercase() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// A body that is nothing but one number of 4–9 digits (in groups or not, a final full
/// stop allowed): what some banks' short numbers send as a code.
fn bare_number(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.strip_suffix('.').unwrap_or(t);
    if t.len() > 24 {
        return None;
    }
    let mut digits = String::new();
    let mut last_was_digit = false;
    for c in t.chars() {
        match c {
            '0'..='9' => {
                digits.push(c);
                last_was_digit = true;
            }
            ' ' | '-' if last_was_digit => last_was_digit = false,
            _ => return None,
        }
    }
    (last_was_digit && (4..=9).contains(&digits.len())).then_some(digits)
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

/// Whether the byte at `i` ends a sentence: a line break, or `.`, `!`, `?`, `;` followed by a
/// space or the end ("egov.kz" is one word).
fn ends_sentence(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'.' | b'!' | b'?' | b';' => bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()),
        _ => false,
    }
}

/// Where each sentence ends (the offset just after its last character; see
/// [`ends_sentence`]).
fn sentence_ends(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| ends_sentence(bytes, i))
        .map(|i| i + 1)
        .collect()
}

/// The sentences `span` stands in, from the start of its first to the end of its last.
fn sentence_of(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let start = (0..span.start)
        .rev()
        .find(|&i| ends_sentence(bytes, i))
        .map_or(0, |i| i + 1);
    let end = (span.end..bytes.len())
        .find(|&i| ends_sentence(bytes, i))
        .map_or(bytes.len(), |i| i + 1);
    Span { start, end }
}

/// The sentence holding `at`, as (start, end) offsets.
fn sentence_around(ends: &[usize], at: usize, len: usize) -> (usize, usize) {
    let i = ends.partition_point(|&e| e <= at);
    let start = if i == 0 { 0 } else { ends[i - 1] };
    (start, ends.get(i).copied().unwrap_or(len))
}

/// Where the clause that goes on at `at` ends: at a comma, a dash between spaces, a colon,
/// a bracket, or the sentence's end.
fn clause_end(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let brk = match c {
            ',' | ':' | '(' | ')' | '—' | '–' | '\n' => true,
            '.' | '!' | '?' | ';' => next.is_none_or(char::is_whitespace),
            '-' => rest[..i].ends_with(' ') && next == Some(' '),
            _ => false,
        };
        if brk {
            return at + i;
        }
    }
    text.len()
}

/// Whether only spaces, a `№`/`#`/`:`/dash, or the word "is" stand between a label and
/// the number it labels.
fn is_label_gap(gap: &str) -> bool {
    if gap.len() > LABEL_REACH * 4 + 2 {
        return false;
    }
    let gap = gap.trim_matches(' ');
    let gap = gap
        .strip_prefix("is")
        .filter(|rest| rest.is_empty() || rest.starts_with(' '))
        .unwrap_or(gap);
    gap.chars().count() <= LABEL_REACH
        && gap
            .chars()
            .all(|c| matches!(c, ' ' | ':' | '№' | '#' | '-' | '—' | '.' | '='))
}

/// The label hit right before `span` (see [`is_label_gap`]) that `wanted` accepts.
fn label_before(text: &str, hits: &[Hit], span: Span, wanted: impl Fn(Hit) -> bool) -> Option<Hit> {
    let i = hits.partition_point(|h| h.span.end <= span.start);
    hits[..i]
        .iter()
        .rev()
        .take_while(|h| span.start - h.span.end <= LABEL_REACH * 4 + 2)
        .find(|h| wanted(**h) && is_label_gap(&text[h.span.end..span.start]))
        .copied()
}

/// The voiding phrase right before `span`, if any ("txn code 2864").
fn label_before_spans(text: &str, spans: &[Span], span: Span) -> Option<Span> {
    let i = spans.partition_point(|s| s.end <= span.start);
    i.checked_sub(1)
        .map(|j| spans[j])
        .filter(|s| is_label_gap(&text[s.end..span.start]))
}

/// Whether a sorted list of spans has one inside `lo..hi`.
fn contains_span(spans: &[Span], lo: usize, hi: usize) -> bool {
    let i = spans.partition_point(|s| s.start < lo);
    spans.get(i).is_some_and(|s| s.end <= hi)
}

/// Whether any hit (sorted, non-overlapping) overlaps `span`.
fn any_overlaps(hits: &[Hit], span: Span) -> bool {
    let i = hits.partition_point(|h| h.span.end <= span.start);
    hits.get(i).is_some_and(|h| h.span.overlaps(span))
}

fn any_overlaps_keyword(keywords: &[Keyword<'_>], span: Span) -> bool {
    let i = keywords.partition_point(|k| k.span.end <= span.start);
    keywords.get(i).is_some_and(|k| k.span.overlaps(span))
}

/// Whether `span` lies wholly inside one of `scopes` (sorted and disjoint). A phrase that
/// runs on past a caution's end ("курьерге ғана айтыңыз", ending after "ғана") is said
/// outside it.
fn inside_sorted(scopes: &[Span], span: Span) -> bool {
    let i = scopes.partition_point(|s| s.end <= span.start);
    scopes
        .get(i)
        .is_some_and(|s| s.start <= span.start && span.end <= s.end)
}

/// Whether a letter code (`HX4R`, `MWZB`) stands where a code stands: right after its
/// keyword ("Код: MWZB", "Введите код HX4R") or after the colon or dash that ends the
/// keyword's phrase ("Код для входа в HOMEBANK: MWZB"), a code with a digit also a few words
/// on ("Code for NETFLIX X7QP"); or right before the keyword after a dash or "is" ("MWZB — ваш
/// код", "HX4R is your code"). "Код для входа в HOMEBANK" and "the code in the HALYK app"
/// are names.
fn letters_placed(text: &str, pairing: Pairing<'_>, span: Span, letters_only: bool) -> bool {
    let kw = pairing.keyword.span;
    if span.start <= kw.start && kw.end <= span.end {
        // A service prefix (see `service_prefix`) labels digits only: "G-0order" is no code.
        return false;
    }
    if pairing.after {
        let gap = &text[kw.end..span.start];
        is_label_gap(gap)
            || gap.trim_end().ends_with([':', '-', '—', '–'])
            || (!letters_only && pairing.distance <= MAX_GAP_LETTERS)
    } else {
        let gap = text[span.end..kw.start].trim_start();
        pairing.distance <= MAX_GAP_LETTERS
            && (gap.starts_with(['-', '—', '–']) || gap.starts_with("is "))
    }
}

/// A token with Google's or Facebook's prefix (`G-418203`, `FB-58203`) is its own label:
/// those services print their codes so, and nothing else is written that way.
fn service_prefix(text: &str, span: Span) -> Option<Pairing<'static>> {
    let token = &text[span.start..span.end];
    let prefix = ["G-", "FB-"].into_iter().find(|p| token.starts_with(p))?;
    Some(Pairing {
        distance: 0,
        keyword: Keyword {
            span: Span {
                start: span.start,
                end: span.start + prefix.len(),
            },
            follows: false,
            context: false,
            id: "service_prefix",
        },
        after: true,
    })
}

/// What a token may be (see [`Shape`]), or `None` when it is part of a longer word or
/// number or looks like no code.
fn token_shape(text: &str, span: Span) -> Option<Shape> {
    let token = &text[span.start..span.end];
    let core = token
        .strip_prefix("G-")
        .or_else(|| token.strip_prefix("FB-"))
        .unwrap_or(token);
    let digits = core.bytes().filter(u8::is_ascii_digit).count();
    let upper = core.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = core.bytes().filter(u8::is_ascii_lowercase).count();
    let letters = upper + lower;
    // Letters in dash groups are a code only with digits ("KT-745", not "WI-FI").
    if letters > 0 && core.contains('-') && digits == 0 {
        return None;
    }
    let shape = match (letters, digits) {
        (0, 4..=9) => Shape::Digits,
        // Four to eight characters, as every code, without a service prefix: "G-i19" is none.
        (1.., 2..) if (4..=8).contains(&(letters + digits)) => Shape::Mixed,
        // "Tele2", "Kcell", "settings" are words: capitals, one case with a digit, or
        // eight characters with a digit.
        (1.., 0..=1)
            if (4..=8).contains(&(letters + digits))
                && (lower == 0 || (digits == 1 && (upper == 0 || letters + digits == 8))) =>
        {
            Shape::Letters
        }
        _ => return None,
    };
    let before: Vec<char> = text[..span.start].chars().rev().take(2).collect();
    let after: Vec<char> = text[span.end..].chars().take(2).collect();
    // Digits joined by punctuation are one number ("12.30", "1,500", "1-800"); letters and
    // digits joined by dashes are one key ("5X7QP-2MKR9-LD4TW"). A Chinese or Japanese
    // character is no part of a Latin word ("验证码G-582104").
    let (first, last) = (token.chars().next(), token.chars().next_back());
    let joins = |c: Option<&char>, sign: char, edge: Option<char>| {
        c.is_some_and(|c| {
            (c.is_ascii_digit() && edge.is_some_and(|e| e.is_ascii_digit()))
                || (sign == '-' && c.is_ascii_alphanumeric() && (letters > 0 || c.is_ascii_digit()))
        })
    };
    let in_word = |c: &char| c.is_alphanumeric() && !is_ideograph(*c);
    let glued_before = match before.first() {
        Some(c) if in_word(c) || matches!(c, '*' | '•' | '+' | '/' | '_' | '&') => true,
        Some(&sign @ ('.' | ',' | '-' | ':')) => joins(before.get(1), sign, first),
        _ => false,
    };
    let glued_after = match after.first() {
        Some(c) if in_word(c) || matches!(c, '*' | '%' | '_' | '@') => true,
        Some(&sign @ ('.' | ',' | '/' | ':' | '-')) => joins(after.get(1), sign, last),
        _ => false,
    };
    (!glued_before && !glued_after).then_some(shape)
}

/// A Han, kana or Hangul character: scripts written without spaces between words.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}')
}

/// The nearest unvoided code keyword on the same sentence (a context word only where it
/// may pair with a code of this `shape`; see [`Keyword::context`]).
///
/// Keywords are sorted and do not overlap, so the ones in reach are found by binary
/// search and only those are counted: a long body stays linear.
fn nearest_keyword<'a>(
    text: &str,
    keywords: &[Keyword<'a>],
    span: Span,
    shape: Shape,
) -> Option<Pairing<'a>> {
    let digits = shape == Shape::Digits;
    let mut best: Option<Pairing<'a>> = None;
    let mut consider = |p: Pairing<'a>| {
        if best.is_none_or(|b| p.distance < b.distance) {
            best = Some(p);
        }
    };
    // Keywords before the code, nearest first. A character is at most four bytes, so a
    // keyword further than `reach * 4` bytes is out of reach without counting.
    let i = keywords.partition_point(|k| k.span.end <= span.start);
    for &keyword in keywords[..i].iter().rev() {
        let gap_bytes = span.start - keyword.span.end;
        if gap_bytes > MAX_GAP_BEFORE * 4 {
            break;
        }
        let reach = if keyword.follows {
            MAX_GAP_FOLLOWS
        } else {
            MAX_GAP_BEFORE
        };
        let gap = &text[keyword.span.end..span.start];
        let n = gap.chars().count();
        let placed = digits || !keyword.context || is_label_gap(gap);
        if n <= reach && !has_sentence_end(gap) && placed {
            consider(Pairing {
                distance: n,
                keyword,
                after: true,
            });
        }
    }
    // Keywords after the code ("4821 — код для входа").
    let j = keywords.partition_point(|k| k.span.start < span.end);
    for &keyword in &keywords[j..] {
        let gap_bytes = keyword.span.start - span.end;
        if gap_bytes > MAX_GAP_AFTER * 4 {
            break;
        }
        if keyword.follows || keyword.context {
            continue;
        }
        let gap = &text[span.end..keyword.span.start];
        let n = gap.chars().count();
        if n <= MAX_GAP_AFTER && !has_sentence_end(gap) {
            consider(Pairing {
                distance: n,
                keyword,
                after: false,
            });
        }
    }
    best
}
