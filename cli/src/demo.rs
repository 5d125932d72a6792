//! `smsguard demo`: the bundled scam stories, replayed through the real guard and shown
//! as timelines with the warnings a person would see.

use std::fmt::Write as _;

use serde::Deserialize;
use smsguard_core::{
    CallPhase, Direction, Event, Guard, GuardError, Level, RulePack, UiLang, Verdict,
};

/// The stories, in the order they are told.
pub const STORIES: [(&str, &str); 5] = [
    (
        "1-fake-courier-1414",
        include_str!("../demo/1-fake-courier-1414.jsonl"),
    ),
    (
        "2-kaspi-code-after-call",
        include_str!("../demo/2-kaspi-code-after-call.jsonl"),
    ),
    (
        "3-whatsapp-kazpost",
        include_str!("../demo/3-whatsapp-kazpost.jsonl"),
    ),
    (
        "4-temu-employee",
        include_str!("../demo/4-temu-employee.jsonl"),
    ),
    (
        "5-harmless-code",
        include_str!("../demo/5-harmless-code.jsonl"),
    ),
];

#[derive(Deserialize)]
struct Title {
    story: Localised,
}

#[derive(Deserialize)]
struct Localised {
    kk: String,
    ru: String,
    en: String,
}

impl Localised {
    fn get(&self, lang: UiLang) -> &str {
        match lang {
            UiLang::Kk => &self.kk,
            UiLang::Ru => &self.ru,
            UiLang::En => &self.en,
        }
    }
}

/// The demo's own words (the warnings themselves come from the rule pack).
struct Labels {
    incoming: &'static str,
    outgoing: &'static str,
    ringing: &'static str,
    answered: &'static str,
    ended: &'static str,
    contact: &'static str,
    stranger: &'static str,
    /// Android did not say whether the caller is a contact.
    unidentified: &'static str,
    hidden: &'static str,
    sms_from: &'static str,
    reported: &'static str,
    silent: &'static str,
    level: [&'static str; 4],
}

fn labels(lang: UiLang) -> Labels {
    match lang {
        UiLang::Kk => Labels {
            incoming: "кіріс қоңырау",
            outgoing: "шығыс қоңырау",
            ringing: "шылдырлап тұр",
            answered: "жауап берілді",
            ended: "аяқталды",
            contact: "контакт",
            stranger: "контактілерде жоқ",
            unidentified: "белгісіз, контакт па",
            hidden: "жасырын нөмір",
            sms_from: "SMS",
            reported: "нөмір алаяқ деп белгіленді",
            silent: "ескерту жоқ — бәрі қалыпты",
            level: ["ТӨМЕН", "ОРТАША", "ЖОҒАРЫ", "ӨТЕ ҚАУІПТІ"],
        },
        UiLang::Ru => Labels {
            incoming: "входящий звонок",
            outgoing: "исходящий звонок",
            ringing: "звонит",
            answered: "ответили",
            ended: "завершён",
            contact: "контакт",
            stranger: "нет в контактах",
            unidentified: "неизвестно, контакт ли",
            hidden: "скрытый номер",
            sms_from: "SMS",
            reported: "номер отмечен как мошеннический",
            silent: "без предупреждения — всё в порядке",
            level: ["НИЗКИЙ", "СРЕДНИЙ", "ВЫСОКИЙ", "КРИТИЧЕСКИЙ"],
        },
        UiLang::En => Labels {
            incoming: "incoming call",
            outgoing: "outgoing call",
            ringing: "ringing",
            answered: "answered",
            ended: "ended",
            contact: "contact",
            stranger: "not in contacts",
            unidentified: "contact or not: unknown",
            hidden: "hidden number",
            sms_from: "SMS",
            reported: "number reported as a scammer",
            silent: "no warning — all is well",
            level: ["LOW", "MEDIUM", "HIGH", "CRITICAL"],
        },
    }
}

/// Shows a number the way the warning screen does: enough to recognise, not to copy.
pub fn mask_number(number: &str) -> String {
    let number = smsguard_core::phone_number::normalise(number);
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return number;
    }
    let tail: String = digits[digits.len() - 2..].iter().collect();
    let head: String = digits[..digits.len().min(4)].iter().collect();
    format!("+{head}•••••{tail}")
}

/// Hides every run of digits long enough to be a code.
fn mask_codes(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut run = String::new();
    for c in body.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if run.len() >= 4 {
            out.extend(std::iter::repeat_n('•', run.len()));
        } else {
            out.push_str(&run);
        }
        run.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// Renders every story; the text is what `smsguard demo` prints.
pub fn render(rules: &RulePack, lang: UiLang) -> Result<String, GuardError> {
    let l = labels(lang);
    let mut out = String::new();
    for (i, (_, story)) in STORIES.iter().enumerate() {
        let guard = Guard::in_memory(rules.clone())?;
        let mut lines = story.lines();
        let title: Title = lines
            .next()
            .and_then(|t| serde_json::from_str(t).ok())
            .ok_or_else(|| GuardError::InvalidInput("demo story has no title".into()))?;
        let _ = writeln!(out, "\n━━ {}. {} ━━", i + 1, title.story.get(lang));
        let mut first_ts = None;
        for line in lines {
            let event: Event =
                serde_json::from_str(line).map_err(|e| GuardError::InvalidInput(e.to_string()))?;
            let ts = event.ts();
            let t0 = *first_ts.get_or_insert(ts);
            let clock = format!("{:>3}:{:02}", (ts - t0) / 60_000, (ts - t0) / 1000 % 60);
            let described = describe(&event, &l);
            let verdict = guard.handle(event)?;
            let _ = writeln!(out, " {clock}  {described}");
            show_verdict(&mut out, &verdict, lang, &l);
        }
    }
    Ok(out)
}

fn describe(event: &Event, l: &Labels) -> String {
    match event {
        Event::Call(c) => {
            let who = match &c.number {
                None => l.hidden.to_string(),
                Some(n) => format!(
                    "{} ({})",
                    mask_number(n),
                    match c.contact {
                        Some(true) => l.contact,
                        Some(false) => l.stranger,
                        None => l.unidentified,
                    }
                ),
            };
            let dir = if c.direction == Direction::Incoming {
                l.incoming
            } else {
                l.outgoing
            };
            let phase = match c.phase {
                CallPhase::Start => l.ringing,
                CallPhase::Answered => l.answered,
                CallPhase::Ended => l.ended,
            };
            let channel = match c.channel {
                smsguard_core::Channel::Cellular => "",
                smsguard_core::Channel::Whatsapp => " · WhatsApp",
                smsguard_core::Channel::Telegram => " · Telegram",
                smsguard_core::Channel::Other => " · VoIP",
            };
            format!("📞 {dir}{channel}: {who} — {phase}")
        }
        Event::Sms(s) => format!(
            "✉  {} {}: «{}»",
            l.sms_from,
            s.sender.as_deref().unwrap_or(l.hidden),
            s.body.as_deref().map(mask_codes).unwrap_or_default()
        ),
        Event::Report(r) => format!("🚩 {}: {}", l.reported, mask_number(&r.number)),
    }
}

fn show_verdict(out: &mut String, v: &Verdict, lang: UiLang, l: &Labels) {
    let Some(w) = &v.warning else {
        if matches!(&v.otp, Some(o) if o.is_otp) {
            let _ = writeln!(out, "         ✓ {}", l.silent);
        }
        return;
    };
    let name = match v.level {
        Level::None => return,
        Level::Low => l.level[0],
        Level::Medium => l.level[1],
        Level::High => l.level[2],
        Level::Critical => l.level[3],
    };
    let _ = writeln!(out, "         ⚠ {name}: {}", w.headline.get(lang));
    for line in wrap(w.text(lang), 76) {
        let _ = writeln!(out, "         │ {line}");
    }
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().map_or(0, |l| l.chars().count());
        if last > 0 && last + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_hide_codes_and_numbers() {
        assert_eq!(mask_codes("Код 4821, 12 мин"), "Код ••••, 12 мин");
        assert_eq!(mask_number("+77015550142"), "+7701•••••42");
        assert_eq!(mask_number("87775550177"), "+7777•••••77");
        assert_eq!(mask_number("1414"), "1414");
    }
}
