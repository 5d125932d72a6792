//! The warning a person reads: composed from `rules/warnings.json`, never holding the code.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::rules::Texts;
use crate::types::{Channel, Level, Purpose, UiLang};

/// `warnings.json`: sentences per language, with `{placeholders}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningTexts {
    pub format: u32,
    /// What the screen calls each level ("Danger"), in its badge.
    pub level_name: HashMap<Level, Texts>,
    pub headline: HashMap<Level, Texts>,
    pub situation: HashMap<Situation, Texts>,
    /// Who is on the line; `{channel}` names how the call came.
    pub caller: HashMap<CallerKind, Texts>,
    pub channel: HashMap<Channel, Texts>,
    /// What a code unlocks when the sender has no sentence of its own; `{sender}`.
    pub unlocks_by_purpose: HashMap<Purpose, Texts>,
    /// What a code unlocks when Android hid its sender (a redacted notification).
    pub unlocks_unknown_sender: Texts,
    /// The sender's place in a sentence when Android hid it ("an unknown sender"), worded to
    /// fit `{sender}` in `trusted_code` and `report_note`.
    pub sender_unknown: Texts,
    /// What to do; `{official}` is a number the person can call themselves.
    pub advice_official: Texts,
    pub advice: Texts,
    /// A second-stage call has no code of its own: its headline (instead of the level's,
    /// which speaks of a code)…
    pub second_stage_headline: Texts,
    /// …and what to do.
    pub second_stage_advice: Texts,
    /// The SMS the app prepares for the person's trusted contact on a high or critical code
    /// warning: `{name}` is left for the app (the person's own name, which only the phone
    /// knows), `{sender}` is the code's sender. Never the code itself.
    pub trusted_code: Texts,
    /// The same for a second-stage call (`{name}` only).
    pub trusted_second_stage: Texts,
    /// The note a report gets from the question after a stranger's call; `{sender}`.
    pub report_note: Texts,
}

/// Where the code fell relative to the call that raised the warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    Ringing,
    Connected,
    AfterCall,
    AfterMissed,
    BeforeAnswer,
    SecondCode,
    Outgoing,
    /// The SMS was sent long before it arrived (held back, or delivered late).
    Late,
    /// A stranger's call after a risky code moment (no code of its own).
    SecondStage,
}

/// Who the risky caller is, as far as the person can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallerKind {
    Unknown,
    Hidden,
    Reported,
    /// Android did not say who is calling (no call-screening role, Android 9 without
    /// READ_CALL_LOG): maybe a contact, maybe not.
    IdentityUnknown,
}

/// The warning in the three languages: a short headline the screen shows in large type, the
/// explanation under it (`kk`, `ru`, `en`: what happened, who called, what the code unlocks, what
/// to do), and how long the screen holds its "I understand" button.
///
/// JSON: `{"level_name": {"kk","ru","en"}, "headline": {"kk","ru","en"}, "kk", "ru", "en",
/// "hold_s"}`, and for high and critical `"trusted": {"kk","ru","en"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The level's name for the screen's badge, from `warnings.json` `level_name`.
    pub level_name: Texts,
    /// One line from `warnings.json` `headline` for the level ("Stop! Do not tell this code to
    /// anyone."); not repeated in the explanation.
    pub headline: Texts,
    pub kk: String,
    pub ru: String,
    pub en: String,
    /// Seconds the "I understand" button stays locked after the warning appears
    /// (`policy.json` `understood_hold_s` for the level); 0 = at once.
    pub hold_s: u32,
    /// For high and critical: the SMS to the person's trusted contact, with `{name}` for the app
    /// to fill with the person's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted: Option<Texts>,
}

impl Warning {
    /// The explanation in `lang` (without the headline).
    pub fn text(&self, lang: UiLang) -> &str {
        match lang {
            UiLang::Kk => &self.kk,
            UiLang::Ru => &self.ru,
            UiLang::En => &self.en,
        }
    }

    /// Headline and explanation as one paragraph, for plain-text reports (`smsguard scan`).
    pub fn full_text(&self, lang: UiLang) -> String {
        format!("{} {}", self.headline.get(lang), self.text(lang))
    }
}

/// Everything a warning may say; none of it is the code.
pub struct WarningFacts<'a> {
    pub level: Level,
    pub situation: Situation,
    pub caller: CallerKind,
    pub channel: Channel,
    /// What the code unlocks; unused for a second stage.
    pub purpose: Purpose,
    /// How the person knows the sender ("1414 (eGov)", "Kaspi.kz"); `None` when Android hid it,
    /// and for a second stage (which has no code).
    pub sender: Option<&'a Texts>,
    /// The registry's own sentence on what this sender's code unlocks.
    pub sender_unlocks: Option<&'a Texts>,
    pub official_number: Option<&'a str>,
    /// Seconds the screen holds "I understand" (from the policy, by level).
    pub hold_s: u32,
}

/// The longest headline, in characters: about two lines in 30 sp type on a 360 dp screen.
const MAX_HEADLINE_CHARS: usize = 80;

const LEVELS: [Level; 4] = [Level::Low, Level::Medium, Level::High, Level::Critical];
const SITUATIONS: [Situation; 9] = [
    Situation::Ringing,
    Situation::Connected,
    Situation::AfterCall,
    Situation::AfterMissed,
    Situation::BeforeAnswer,
    Situation::SecondCode,
    Situation::Outgoing,
    Situation::Late,
    Situation::SecondStage,
];
const CALLERS: [CallerKind; 4] = [
    CallerKind::Unknown,
    CallerKind::Hidden,
    CallerKind::Reported,
    CallerKind::IdentityUnknown,
];
const CHANNELS: [Channel; 4] = [
    Channel::Cellular,
    Channel::Whatsapp,
    Channel::Telegram,
    Channel::Other,
];
const PURPOSES: [Purpose; 9] = [
    Purpose::Login,
    Purpose::Payment,
    Purpose::Transfer,
    Purpose::GovSignin,
    Purpose::Delivery,
    Purpose::Registration,
    Purpose::PasswordReset,
    Purpose::SimChange,
    Purpose::Other,
];

impl WarningTexts {
    /// Composes the warning: the headline apart, then what happened, who called, what the
    /// code unlocks, what to do. A second stage has its own headline and advice and no code.
    pub fn compose(&self, f: &WarningFacts<'_>) -> Warning {
        let second_stage = f.situation == Situation::SecondStage;
        let text = |lang: UiLang| {
            let mut parts: Vec<String> = Vec::with_capacity(4);
            parts.push(self.what_happened(f.situation, f.caller, f.channel, lang));
            let generic = matches!(
                f.purpose,
                Purpose::Login | Purpose::GovSignin | Purpose::Other
            );
            if !second_stage {
                match (
                    f.sender,
                    f.sender_unlocks,
                    self.unlocks_by_purpose.get(&f.purpose),
                ) {
                    (None, ..) => parts.push(self.unlocks_unknown_sender.get(lang).to_string()),
                    (_, Some(own), _) if generic => parts.push(own.get(lang).to_string()),
                    (Some(sender), _, Some(by_purpose)) => {
                        parts.push(by_purpose.get(lang).replace("{sender}", sender.get(lang)))
                    }
                    (_, Some(own), None) => parts.push(own.get(lang).to_string()),
                    (_, None, None) => {}
                }
            }
            parts.push(match (second_stage, f.official_number) {
                (true, _) => self.second_stage_advice.get(lang).to_string(),
                (false, Some(n)) => self.advice_official.get(lang).replace("{official}", n),
                (false, None) => self.advice.get(lang).to_string(),
            });
            parts.retain(|p| !p.is_empty());
            parts.join(" ")
        };
        // Validation guarantees a name and a headline per level; `none` never gets a warning.
        let of_level = |texts: &HashMap<Level, Texts>| {
            texts.get(&f.level).cloned().unwrap_or_else(Texts::empty)
        };
        let headline = if second_stage {
            self.second_stage_headline.clone()
        } else {
            of_level(&self.headline)
        };
        let trusted = (f.level >= Level::High).then(|| match (second_stage, f.sender) {
            (true, _) => self.trusted_second_stage.clone(),
            (false, Some(sender)) => fill(&self.trusted_code, "{sender}", sender),
            (false, None) => fill(&self.trusted_code, "{sender}", &self.sender_unknown),
        });
        Warning {
            level_name: of_level(&self.level_name),
            headline,
            kk: text(UiLang::Kk),
            ru: text(UiLang::Ru),
            en: text(UiLang::En),
            hold_s: f.hold_s,
            trusted,
        }
    }

    /// What happened and who called, in one language: the history's summary of a moment, and
    /// the start of its warning.
    pub fn what_happened(
        &self,
        situation: Situation,
        caller: CallerKind,
        channel: Channel,
        lang: UiLang,
    ) -> String {
        let mut out = self
            .situation
            .get(&situation)
            .map_or_else(String::new, |s| s.get(lang).to_string());
        if let (Some(c), Some(ch)) = (self.caller.get(&caller), self.channel.get(&channel)) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&c.get(lang).replace("{channel}", ch.get(lang)));
        }
        out
    }

    /// The note of a report made from the question after a stranger's call.
    pub fn report_note(&self, sender: &Texts) -> Texts {
        fill(&self.report_note, "{sender}", sender)
    }

    /// Problems as (rule, message) pairs: a missing entry or a placeholder a sentence
    /// may not use.
    pub(crate) fn validate(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        let mut check =
            |rule: &'static str, what: String, texts: Option<&Texts>, allowed: &[&str]| {
                let Some(t) = texts else {
                    problems.push((rule, format!("`{what}` is missing")));
                    return;
                };
                for (lang, s) in [("kk", &t.kk), ("ru", &t.ru), ("en", &t.en)] {
                    if s.trim().is_empty() {
                        problems.push((rule, format!("`{what}.{lang}` is empty")));
                    }
                    for p in placeholders(s) {
                        if !allowed.contains(&p) {
                            problems.push((
                                rule,
                                format!("`{what}.{lang}` uses unknown placeholder {{{p}}}"),
                            ));
                        }
                    }
                }
            };
        for l in LEVELS {
            check(
                "level_name",
                l.as_str().to_string(),
                self.level_name.get(&l),
                &[],
            );
            check(
                "headline",
                l.as_str().to_string(),
                self.headline.get(&l),
                &[],
            );
        }
        for s in SITUATIONS {
            check("situation", format!("{s:?}"), self.situation.get(&s), &[]);
        }
        for c in CALLERS {
            check(
                "caller",
                format!("{c:?}"),
                self.caller.get(&c),
                &["channel"],
            );
        }
        for c in CHANNELS {
            check("channel", format!("{c:?}"), self.channel.get(&c), &[]);
        }
        for p in PURPOSES {
            check(
                "unlocks_by_purpose",
                p.as_str().to_string(),
                self.unlocks_by_purpose.get(&p),
                &["sender"],
            );
        }
        check(
            "unlocks_unknown_sender",
            "unlocks_unknown_sender".into(),
            Some(&self.unlocks_unknown_sender),
            &[],
        );
        check(
            "advice_official",
            "advice_official".into(),
            Some(&self.advice_official),
            &["official"],
        );
        check("advice", "advice".into(), Some(&self.advice), &[]);
        for (name, texts, allowed) in [
            (
                "second_stage_headline",
                &self.second_stage_headline,
                &[][..],
            ),
            ("second_stage_advice", &self.second_stage_advice, &[]),
            ("sender_unknown", &self.sender_unknown, &[]),
            ("trusted_code", &self.trusted_code, &["name", "sender"]),
            (
                "trusted_second_stage",
                &self.trusted_second_stage,
                &["name"],
            ),
            ("report_note", &self.report_note, &["sender"]),
        ] {
            check(name, name.into(), Some(texts), allowed);
        }
        if self.headline.contains_key(&Level::None) {
            problems.push(("headline", "`none` never warns: remove its headline".into()));
        }
        if self.level_name.contains_key(&Level::None) {
            problems.push(("level_name", "`none` never warns: remove its name".into()));
        }
        let headlines = LEVELS
            .iter()
            .filter_map(|l| Some((l.as_str(), self.headline.get(l)?)))
            .chain([("second_stage", &self.second_stage_headline)]);
        for (name, t) in headlines {
            for (lang, h) in [("kk", &t.kk), ("ru", &t.ru), ("en", &t.en)] {
                let chars = h.chars().count();
                if h.contains(['\n', '\r']) || chars > MAX_HEADLINE_CHARS {
                    problems.push((
                        "headline",
                        format!(
                            "`{name}.{lang}` must be one line of at most {MAX_HEADLINE_CHARS} \
                             characters (the screen sets it in large type), is {chars} characters"
                        ),
                    ));
                }
            }
        }
        problems
    }
}

/// `template` with `placeholder` replaced by `value`, in each language.
fn fill(template: &Texts, placeholder: &str, value: &Texts) -> Texts {
    Texts {
        kk: template.kk.replace(placeholder, &value.kk),
        ru: template.ru.replace(placeholder, &value.ru),
        en: template.en.replace(placeholder, &value.en),
    }
}

/// The `{name}`s in a template.
fn placeholders(s: &str) -> impl Iterator<Item = &str> {
    s.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RulePack;

    fn warnings_with(change: impl FnOnce(&mut serde_json::Value)) -> Vec<(&'static str, String)> {
        let mut v: serde_json::Value =
            serde_json::from_str(include_str!("../../rules/warnings.json")).unwrap();
        change(&mut v);
        serde_json::from_value::<WarningTexts>(v)
            .unwrap()
            .validate()
    }

    /// The headline is one glance: a single line, short; and there is none for `none`, which
    /// never warns (a headline there would be dead data that looks used).
    #[test]
    fn a_headline_is_one_short_line_and_none_has_none() {
        assert!(warnings_with(|_| {}).is_empty());
        let p = warnings_with(|v| v["headline"]["high"]["en"] = "Stop!\nDo not tell it.".into());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "headline");
        assert!(p[0].1.contains("`high.en` must be one line"), "{p:?}");

        let long = "Stop! ".repeat(20);
        let p = warnings_with(|v| v["headline"]["critical"]["kk"] = long.trim().into());
        assert!(
            p.iter().any(|(r, m)| *r == "headline"
                && m.contains("`critical.kk`")
                && m.contains("at most 80 characters")),
            "{p:?}"
        );

        let p = warnings_with(|v| v["headline"]["none"] = v["headline"]["low"].clone());
        assert!(
            p.iter()
                .any(|(r, m)| *r == "headline" && m.contains("`none` never warns")),
            "{p:?}"
        );
    }

    /// The headline travels on its own: the screen sets it in large type above the
    /// explanation, so the explanation must not start with it again.
    #[test]
    fn headline_is_its_own_field_and_not_repeated_in_the_text() {
        let pack = RulePack::embedded();
        let sender = Texts {
            kk: "1414 (eGov)".into(),
            ru: "1414 (eGov)".into(),
            en: "1414 (eGov)".into(),
        };
        for level in LEVELS {
            let w = pack.warnings.compose(&WarningFacts {
                level,
                situation: Situation::Connected,
                caller: CallerKind::Unknown,
                channel: Channel::Cellular,
                purpose: Purpose::GovSignin,
                sender: Some(&sender),
                sender_unlocks: None,
                official_number: None,
                hold_s: 7,
            });
            let expected = pack.warnings.headline.get(&level).unwrap();
            assert_eq!(&w.headline, expected);
            for lang in [UiLang::Kk, UiLang::Ru, UiLang::En] {
                let text = w.text(lang);
                assert!(
                    !text.contains(expected.get(lang)),
                    "{level:?} {lang:?}: {text}"
                );
                assert_eq!(
                    w.full_text(lang),
                    format!("{} {}", expected.get(lang), text)
                );
            }
            assert_eq!(w.hold_s, 7);
            let json = serde_json::to_value(&w).unwrap();
            assert_eq!(json["headline"]["kk"], expected.kk.as_str());
            assert_eq!(json["hold_s"], 7);
        }
    }
}
