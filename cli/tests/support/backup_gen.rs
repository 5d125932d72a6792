//! Deterministic writer of realistic "SMS Backup & Restore" files, for the `scan` tests and
//! the backup-reading benchmark.
//!
//! It writes what the app writes, quirks included: emoji as pairs of surrogate character
//! references, newlines as `&#10;`, `&amp;`/`&quot;`/`&lt;` in bodies, raw Cyrillic and
//! Kazakh letters, MMS elements with nested parts, sent messages and drafts, contacts,
//! hidden callers, and calls from strangers with one-time codes landing during or after them.
//!
//! Planted moments (a code near a call) happen in quiet time: no other risky call or code
//! within [`QUIET_MS`] on either side, so the level the guard should give each one depends on
//! that moment alone. Every other code arrives with no risky call in that range either, so a
//! correct scan reports exactly the planted moments that the policy warns about.
//!
//! Included with `#[path]` by the tests and benches that need it; each uses part of it.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

#[path = "../../../tests/support/rng.rs"]
mod rng;
use rng::Rng;

/// What to generate. Same config, same bytes.
#[derive(Debug, Clone, Copy)]
pub struct GenConfig {
    /// Elements in `<smses>` (received, sent, drafts and MMS alike), as in the app's `count`.
    pub sms: u64,
    /// Elements in `<calls>`.
    pub calls: u64,
    pub seed: u64,
}

/// What was written, so a test can check a reader or a scan against it.
#[derive(Debug, Clone, Default)]
pub struct GenSummary {
    /// `<sms>` elements of type 1: what `read_sms` yields.
    pub received_sms: u64,
    pub calls: u64,
    /// Codes that arrived with no call around (the guard must stay silent).
    pub lone_codes: u64,
    /// Each code planted near a call, in time order.
    pub planted: Vec<Planted>,
}

/// A one-time code placed near a call on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    pub scenario: Scenario,
    /// The call's `date` (start of ringing or dialling), ms.
    pub call_ts: i64,
    /// The code SMS's `date`, ms.
    pub sms_ts: i64,
    /// The code's sender as written in the backup.
    pub sender: &'static str,
    /// The caller's number as written, `None` for a hidden caller.
    pub caller: Option<String>,
}

/// Where the code lands relative to the call. The level is what policy v1 gives for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// While an answered call from an unknown number is connected: high.
    UnknownCallerOnTheLine,
    /// 1–9 minutes after an answered unknown call ended: medium.
    MinutesAfterUnknownCaller,
    /// 12–28 minutes after an answered unknown call ended: low.
    HalfHourAfterUnknownCaller,
    /// 1–8 minutes after a missed call from an unknown number: low.
    AfterMissedUnknownCaller,
    /// While an answered call from a hidden number is connected: high.
    HiddenCallerOnTheLine,
    /// While a contact is on the line: none.
    ContactOnTheLine,
    /// While connected on an outgoing call to an unknown number: at most low.
    OutgoingToUnknownOnTheLine,
}

/// How far apart unrelated risky calls and codes are kept: beyond the longest window (1800 s).
pub const QUIET_MS: i64 = 2_000_000;

/// Writes the SMS backup to `sms_out` and the call log backup to `calls_out`, both in
/// ascending time, with exactly `config.sms` and `config.calls` elements.
pub fn generate<S: Write, C: Write>(
    config: &GenConfig,
    sms_out: S,
    calls_out: C,
) -> io::Result<GenSummary> {
    let mut gen = Generator {
        rng: Rng(config.seed),
        now: START_MS,
        last_risky_call_end: i64::MIN / 2,
        last_code: i64::MIN / 2,
        sms_left: config.sms,
        calls_left: config.calls,
        sms_out,
        calls_out,
        line: String::with_capacity(4096),
        summary: GenSummary::default(),
    };
    gen.header(config)?;
    while gen.sms_left + gen.calls_left > 0 {
        gen.now += gen.rng.range(10_000, 360_000);
        if gen.rng.below(gen.sms_left + gen.calls_left) < gen.calls_left {
            gen.call_step()?;
        } else {
            gen.sms_step()?;
        }
    }
    gen.sms_out.write_all(b"</smses>\n")?;
    gen.calls_out.write_all(b"</calls>\n")?;
    gen.sms_out.flush()?;
    gen.calls_out.flush()?;
    Ok(gen.summary)
}

/// 2024-01-01 00:00:00 in Almaty (UTC+5).
const START_MS: i64 = 1_704_049_200_000;
const ALMATY_OFFSET_S: i32 = 5 * 3600;

struct Contact {
    name: &'static str,
    number: &'static str,
}

const CONTACTS: &[Contact] = &[
    Contact {
        name: "Мама",
        number: "+77015550101",
    },
    Contact {
        name: "Әке",
        number: "87017771234",
    },
    Contact {
        name: "Айгерім",
        number: "+77051234567",
    },
    Contact {
        name: "Данияр",
        number: "+77475550188",
    },
    Contact {
        name: "Серік аға",
        number: "+77772223344",
    },
    Contact {
        name: "Anna (work)",
        number: "+77089990011",
    },
    Contact {
        name: "Ержан & Co",
        number: "+77021112233",
    },
    Contact {
        name: "Бабушка 👵",
        number: "87273334455",
    },
    Contact {
        name: "Dr. \"Ali\" <clinic>",
        number: "+77761230000",
    },
];

const OPERATOR_PREFIXES: &[&str] = &[
    "700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778",
];

const EMOJI: &[&str] = &[
    "😀", "😂", "😊", "👍", "🙏", "🎉", "🎂", "❤️", "🔥", "💸", "📦", "👋", "😍", "🤣", "🇰🇿", "🥳",
];

/// Chat between people, in Kazakh, Russian and English; `{e}` is an emoji.
const CHAT: &[&str] = &[
    "Привет! Как дела? {e}",
    "Сәлем! Қалайсың? {e}",
    "Мама, я доеду к 7, не жди с ужином {e}",
    "Купи хлеб и молоко, пожалуйста",
    "Ok, see you at 6 {e}",
    "Туған күніңмен! {e}{e} Бақыт, денсаулық тілеймін!",
    "Список:\n- хлеб\n- сүт\n- жұмыртқа {e}",
    "Он сказал \"завтра\" & ушёл {e}",
    "<3 скучаю",
    "Қайда жүрсің? Хабарлас",
    "Can you call me back when you're free?",
    "Встречаемся у \"Меги\" в 15:00 {e}",
    "Жақсы, рахмет! {e}",
    "Скинь фото, пожалуйста",
    "Балалар үйде ме?",
    "Happy New Year! {e}{e}",
    "Tom & Jerry вечером по телеку {e}",
    "Ладно\n\nПотом поговорим",
];

/// Service notices that carry no code; `{amt}`, `{amt2}`, `{card}` are filled in.
const NOTICES: &[(&str, &str)] = &[
    ("Kaspi.kz", "Перевод {amt} ₸ от Айгерім Б. {e}"),
    (
        "Kaspi.kz",
        "Покупка {amt} ₸, MAGNUM CASH&CARRY. Доступно {amt2} ₸",
    ),
    ("Kaspi.kz", "Kaspi Red: платёж {amt} ₸ внесён. Спасибо!"),
    (
        "Halyk",
        "Halyk: Списание {amt} KZT, карта *{card}. Баланс {amt2} KZT",
    ),
    ("Halyk", "Halyk: Зачисление зарплаты {amt} KZT {e}"),
    (
        "Beeline",
        "Подключите «Безлимит» за {amt} тг/мес! Подробнее на beeline.kz {e}",
    ),
    (
        "Kcell",
        "Kcell: бонус 5 ГБ за пополнение от 2000 ₸ до конца недели {e}",
    ),
    (
        "Tele2",
        "Tele2: Баланс {amt} тг. Пополните счёт, чтобы оставаться на связи.",
    ),
    (
        "Technodom",
        "Technodom: скидки до 50% на смартфоны & ноутбуки! Только 3 дня {e}",
    ),
    (
        "Magnum",
        "Magnum: акция \"2 по цене 1\" на всё молочное {e}",
    ),
    (
        "Wildberries",
        "Заказ доставлен в пункт выдачи. Срок хранения 5 дней.",
    ),
    (
        "Kazpost",
        "Kazpost: Сәлемдемеңіз бөлімшеге келді / Your parcel has arrived {e}",
    ),
];

/// One-time codes from the senders people are robbed through; `{code}` is filled in.
const CODES: &[(&str, &str, usize)] = &[
    (
        "1414",
        "Код подтверждения: {code}. Никому не сообщайте этот код.",
        6,
    ),
    (
        "1414",
        "Растау коды: {code}. Бұл кодты ешкімге айтпаңыз.",
        6,
    ),
    (
        "1414",
        "eGov: ваш код для входа {code}. Не сообщайте его никому, даже сотрудникам ЦОН.",
        6,
    ),
    (
        "Kaspi.kz",
        "Код для входа в Kaspi.kz: {code}. Никому не сообщайте его, даже сотрудникам банка.",
        4,
    ),
    (
        "Kaspi.kz",
        "Kaspi.kz-ке кіру коды: {code}. Кодты ешкімге айтпаңыз!",
        4,
    ),
    (
        "Halyk",
        "Halyk: код подтверждения {code} для входа в Homebank. Никому не сообщайте.",
        6,
    ),
    (
        "Halyk",
        "Halyk: your confirmation code is {code}. Do not share it with anyone.",
        6,
    ),
    (
        "Beeline",
        "Beeline: код для входа в личный кабинет: {code}",
        4,
    ),
    ("Beeline", "Beeline: жеке кабинетке кіру коды: {code}", 4),
];

/// Where a call's number and name come from.
enum Caller {
    Contact(&'static Contact),
    Unknown(String),
    Hidden,
}

struct Generator<S, C> {
    rng: Rng,
    /// The clock; every element is written at or after it, so both files are in time order.
    now: i64,
    last_risky_call_end: i64,
    last_code: i64,
    sms_left: u64,
    calls_left: u64,
    sms_out: S,
    calls_out: C,
    /// One element at a time, reused.
    line: String,
    summary: GenSummary,
}

impl<S: Write, C: Write> Generator<S, C> {
    fn header(&mut self, config: &GenConfig) -> io::Result<()> {
        let created = readable_date(START_MS);
        for (out, root, count, xsl) in [
            (
                &mut self.sms_out as &mut dyn Write,
                "smses",
                config.sms,
                "sms.xsl",
            ),
            (
                &mut self.calls_out as &mut dyn Write,
                "calls",
                config.calls,
                "calls.xsl",
            ),
        ] {
            write!(
                out,
                "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n\
                 <!--File Created By SMS Backup & Restore v10.20.002 on {created}-->\n\
                 <?xml-stylesheet type=\"text/xsl\" href=\"{xsl}\"?>\n\
                 <{root} count=\"{count}\" backup_set=\"8f1c2a54-3b7e-4d0a-9a61-{seed:012x}\" \
                 backup_date=\"{START_MS}\" type=\"full\">\n",
                seed = config.seed & 0xFFFF_FFFF_FFFF,
            )?;
        }
        Ok(())
    }

    fn quiet_for_code(&self, at: i64) -> bool {
        at - self.last_risky_call_end > QUIET_MS
    }

    fn quiet_for_risky_call(&self, at: i64) -> bool {
        at - self.last_code > QUIET_MS
    }

    fn call_step(&mut self) -> io::Result<()> {
        let quiet = self.quiet_for_code(self.now) && self.quiet_for_risky_call(self.now);
        if self.sms_left > 0 && quiet && self.rng.percent(6) {
            return self.scenario();
        }
        let risky_ok = self.quiet_for_risky_call(self.now);
        let roll = self.rng.below(100);
        let (caller, kind, duration) = match roll {
            0..=11 if risky_ok => (self.unknown_caller(), 1, self.rng.range(5, 90)),
            12..=19 if risky_ok => (self.unknown_caller(), 3, 0),
            20..=22 if risky_ok => (Caller::Hidden, 1, self.rng.range(5, 120)),
            23..=25 if risky_ok => (self.unknown_caller(), *self.rng.pick(&[5, 6]), 0),
            26..=29 if risky_ok => (self.unknown_caller(), 2, self.rng.range(20, 300)),
            _ => {
                let contact = self.rng.pick(CONTACTS);
                let kind = *self.rng.pick(&[1, 1, 1, 2, 2, 2, 3, 4, 5, 7]);
                let duration = if matches!(kind, 1 | 2 | 7) {
                    self.rng.range(8, 1500)
                } else {
                    0
                };
                (Caller::Contact(contact), kind, duration)
            }
        };
        let ts = self.now;
        self.write_call(ts, &caller, kind, duration)?;
        if !matches!(caller, Caller::Contact(_)) {
            self.last_risky_call_end = ts + duration * 1000;
        }
        self.now = ts + duration * 1000;
        Ok(())
    }

    fn sms_step(&mut self) -> io::Result<()> {
        let ts = self.now;
        match self.rng.below(100) {
            0..=3 if self.quiet_for_code(ts) => {
                self.write_code(ts)?;
                self.summary.lone_codes += 1;
                Ok(())
            }
            4..=6 => self.write_mms(ts),
            7..=21 => {
                let contact = self.rng.pick(CONTACTS);
                let template = self.rng.pick(CHAT);
                let body = self.fill(template);
                self.write_sms(ts, contact.number, 2, &body, contact.name)
            }
            22 => {
                let contact = self.rng.pick(CONTACTS);
                let kind = *self.rng.pick(&[3, 4, 5, 6]);
                self.write_sms(ts, contact.number, kind, "Черновик…", contact.name)
            }
            23..=57 => {
                let contact = self.rng.pick(CONTACTS);
                let template = self.rng.pick(CHAT);
                let body = self.fill(template);
                self.write_sms(ts, contact.number, 1, &body, contact.name)
            }
            58..=61 => {
                let number = self.unknown_number();
                let template = self.rng.pick(CHAT);
                let body = self.fill(template);
                self.write_sms(ts, &number, 1, &body, "(Unknown)")
            }
            _ => {
                let &(sender, template) = self.rng.pick(NOTICES);
                let body = self.fill(template);
                self.write_sms(ts, sender, 1, &body, "(Unknown)")
            }
        }
    }

    /// A call and a code placed as `Scenario` says, then quiet before anything risky again.
    fn scenario(&mut self) -> io::Result<()> {
        let scenario = *self.rng.pick(&[
            Scenario::UnknownCallerOnTheLine,
            Scenario::UnknownCallerOnTheLine,
            Scenario::MinutesAfterUnknownCaller,
            Scenario::HalfHourAfterUnknownCaller,
            Scenario::AfterMissedUnknownCaller,
            Scenario::HiddenCallerOnTheLine,
            Scenario::ContactOnTheLine,
            Scenario::OutgoingToUnknownOnTheLine,
        ]);
        let call_ts = self.now;
        // Long enough that "during" holds whatever ringing time a reader assumes.
        let duration = self.rng.range(90, 600);
        let during = call_ts + duration * 1000 * self.rng.range(30, 80) / 100;
        let end = call_ts + duration * 1000;
        let (caller, kind, duration, sms_ts) = match scenario {
            Scenario::UnknownCallerOnTheLine => (self.unknown_caller(), 1, duration, during),
            Scenario::MinutesAfterUnknownCaller => (
                self.unknown_caller(),
                1,
                duration,
                end + self.rng.range(60_000, 540_000),
            ),
            Scenario::HalfHourAfterUnknownCaller => (
                self.unknown_caller(),
                1,
                duration,
                end + self.rng.range(720_000, 1_680_000),
            ),
            Scenario::AfterMissedUnknownCaller => (
                self.unknown_caller(),
                3,
                0,
                call_ts + self.rng.range(60_000, 480_000),
            ),
            Scenario::HiddenCallerOnTheLine => (Caller::Hidden, 1, duration, during),
            Scenario::ContactOnTheLine => (
                Caller::Contact(self.rng.pick(CONTACTS)),
                1,
                duration,
                during,
            ),
            Scenario::OutgoingToUnknownOnTheLine => (self.unknown_caller(), 2, duration, during),
        };
        self.write_call(call_ts, &caller, kind, duration)?;
        let sender = self.write_code(sms_ts)?;
        self.summary.planted.push(Planted {
            scenario,
            call_ts,
            sms_ts,
            sender,
            caller: match &caller {
                Caller::Contact(contact) => Some(contact.number.to_owned()),
                Caller::Unknown(number) => Some(number.clone()),
                Caller::Hidden => None,
            },
        });
        let call_end = call_ts + duration * 1000;
        if !matches!(caller, Caller::Contact(_)) {
            self.last_risky_call_end = call_end;
        }
        self.now = call_end.max(sms_ts);
        Ok(())
    }

    fn unknown_number(&mut self) -> String {
        let prefix = self.rng.pick(OPERATOR_PREFIXES);
        let rest = self.rng.below(10_000_000);
        // Android keeps whichever form the network delivered.
        if self.rng.percent(70) {
            format!("+7{prefix}{rest:07}")
        } else {
            format!("8{prefix}{rest:07}")
        }
    }

    fn unknown_caller(&mut self) -> Caller {
        Caller::Unknown(self.unknown_number())
    }

    /// Fills the placeholders of a template.
    fn fill(&mut self, template: &str) -> String {
        let mut text = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            rest = &rest[open..];
            let Some(close) = rest.find('}') else { break };
            match &rest[1..close] {
                "e" => {
                    let emoji = self.rng.pick(EMOJI);
                    text.push_str(emoji);
                }
                "amt" | "amt2" => {
                    let amount = self.rng.range(100, 250_000);
                    let _ = match amount {
                        0..=999 => write!(text, "{amount}"),
                        _ => write!(text, "{} {:03}", amount / 1000, amount % 1000),
                    };
                }
                "card" => {
                    let _ = write!(text, "{:04}", self.rng.below(10_000));
                }
                other => text.push_str(other),
            }
            rest = &rest[close + 1..];
        }
        text.push_str(rest);
        text
    }

    fn write_code(&mut self, ts: i64) -> io::Result<&'static str> {
        let &(sender, template, digits) = self.rng.pick(CODES);
        let code = format!(
            "{:0width$}",
            self.rng.below(10u64.pow(digits as u32)),
            width = digits
        );
        let body = template.replace("{code}", &code);
        self.write_sms(ts, sender, 1, &body, "(Unknown)")?;
        self.last_code = ts;
        Ok(sender)
    }

    fn write_sms(
        &mut self,
        ts: i64,
        address: &str,
        kind: u32,
        body: &str,
        contact: &str,
    ) -> io::Result<()> {
        let received = kind == 1;
        let line = &mut self.line;
        line.clear();
        line.push_str("  <sms protocol=\"0\" address=\"");
        escape_into(line, address);
        let _ = write!(
            line,
            "\" date=\"{ts}\" type=\"{kind}\" subject=\"null\" body=\""
        );
        escape_into(line, body);
        let (center, sent) = if received {
            ("+77010000001", ts - 2_000)
        } else {
            ("null", 0)
        };
        let _ = write!(
            line,
            "\" toa=\"null\" sc_toa=\"null\" service_center=\"{center}\" read=\"1\" status=\"-1\" \
             locked=\"0\" date_sent=\"{sent}\" sub_id=\"1\" readable_date=\"{}\" contact_name=\"",
            readable_date(ts)
        );
        escape_into(line, contact);
        line.push_str("\" />\n");
        self.sms_out.write_all(line.as_bytes())?;
        self.sms_left -= 1;
        if received {
            self.summary.received_sms += 1;
        }
        Ok(())
    }

    fn write_mms(&mut self, ts: i64) -> io::Result<()> {
        let contact = self.rng.pick(CONTACTS);
        let template = self.rng.pick(CHAT);
        let text = self.fill(template);
        let image_len = 200 + self.rng.below(1300) as usize;
        let line = &mut self.line;
        line.clear();
        let _ = write!(
            line,
            "  <mms date=\"{ts}\" rr=\"null\" sub=\"null\" ct_t=\"application/vnd.wap.multipart.related\" \
             read_status=\"null\" seen=\"1\" msg_box=\"1\" address=\"{number}\" sub_cs=\"null\" resp_st=\"null\" \
             retr_st=\"null\" d_tm=\"null\" text_only=\"0\" exp=\"null\" locked=\"0\" m_id=\"null\" st=\"null\" \
             retr_txt_cs=\"null\" retr_txt=\"null\" creator=\"com.google.android.apps.messaging\" \
             date_sent=\"0\" read=\"1\" m_size=\"{size}\" rpt_a=\"null\" ct_cls=\"null\" pri=\"null\" sub_id=\"1\" \
             tr_id=\"null\" resp_txt=\"null\" ct_l=\"null\" m_cls=\"personal\" d_rpt=\"null\" v=\"18\" \
             m_type=\"132\" readable_date=\"{date}\" contact_name=\"",
            number = contact.number,
            size = image_len + 400,
            date = readable_date(ts),
        );
        escape_into(line, contact.name);
        line.push_str(
            "\">\n    <parts>\n      <part seq=\"-1\" ct=\"application/smil\" name=\"null\" chset=\"null\" \
             cd=\"null\" fn=\"null\" cid=\"&lt;smil&gt;\" cl=\"smil.xml\" ctt_s=\"null\" ctt_t=\"null\" \
             text=\"&lt;smil&gt;&lt;body&gt;&lt;par dur=&quot;5000ms&quot;&gt;&lt;img src=&quot;image000000.jpg&quot; \
             region=&quot;Image&quot; /&gt;&lt;/par&gt;&lt;/body&gt;&lt;/smil&gt;\" />\n      \
             <part seq=\"0\" ct=\"image/jpeg\" name=\"image000000.jpg\" chset=\"null\" cd=\"null\" fn=\"null\" \
             cid=\"&lt;image000000&gt;\" cl=\"image000000.jpg\" ctt_s=\"null\" ctt_t=\"null\" text=\"null\" data=\"/9j/",
        );
        const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for _ in 0..image_len {
            line.push(char::from(BASE64[self.rng.below(64) as usize]));
        }
        line.push_str(
            "\" />\n      <part seq=\"0\" ct=\"text/plain\" name=\"null\" chset=\"106\" cd=\"null\" fn=\"null\" \
             cid=\"&lt;text000001&gt;\" cl=\"text000001.txt\" ctt_s=\"null\" ctt_t=\"null\" text=\"",
        );
        escape_into(line, &text);
        let _ = write!(
            line,
            "\" />\n    </parts>\n    <addrs>\n      <addr address=\"{}\" type=\"137\" charset=\"106\" />\n      \
             <addr address=\"insert-address-token\" type=\"151\" charset=\"106\" />\n    </addrs>\n  </mms>\n",
            contact.number
        );
        self.sms_out.write_all(line.as_bytes())?;
        self.sms_left -= 1;
        Ok(())
    }

    fn write_call(&mut self, ts: i64, caller: &Caller, kind: u32, duration: i64) -> io::Result<()> {
        let (number, presentation, name) = match caller {
            Caller::Contact(contact) => (contact.number.to_owned(), 1, Some(contact.name)),
            Caller::Unknown(number) => {
                // Older versions of the app leave the name out instead of writing "(Unknown)".
                let name = if self.rng.percent(80) {
                    Some("(Unknown)")
                } else {
                    None
                };
                (number.clone(), 1, name)
            }
            Caller::Hidden => {
                let &(number, presentation) =
                    self.rng.pick(&[("", 2), ("-2", 2), ("-1", 3), ("", 3)]);
                (number.to_owned(), presentation, Some("(Unknown)"))
            }
        };
        let line = &mut self.line;
        line.clear();
        let _ = write!(
            line,
            "  <call number=\"{number}\" duration=\"{duration}\" date=\"{ts}\" type=\"{kind}\" \
             presentation=\"{presentation}\" subscription_id=\"89970000000000000001\" post_dial_digits=\"\" \
             subscription_component_name=\"com.android.phone/com.android.services.telephony.TelephonyConnectionService\" \
             readable_date=\"{}\"",
            readable_date(ts)
        );
        if let Some(name) = name {
            line.push_str(" contact_name=\"");
            escape_into(line, name);
            line.push('"');
        }
        line.push_str(" />\n");
        self.calls_out.write_all(line.as_bytes())?;
        self.calls_left -= 1;
        self.summary.calls += 1;
        Ok(())
    }
}

/// Escapes an attribute value exactly as the app's serializer does: the XML specials as
/// entities, control characters as decimal references, and every character outside the
/// Basic Multilingual Plane as two decimal references, one per UTF-16 surrogate.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' | '\t' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c if u32::from(c) > 0xFFFF => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "&#{unit};");
                }
            }
            c => out.push(c),
        }
    }
}

/// The app's `readable_date` in a Russian locale, e.g. `24 нояб. 2024 г. 13:20:00`.
fn readable_date(ts_ms: i64) -> String {
    const MONTHS: [&str; 12] = [
        "янв.",
        "февр.",
        "мар.",
        "апр.",
        "мая",
        "июн.",
        "июл.",
        "авг.",
        "сент.",
        "окт.",
        "нояб.",
        "дек.",
    ];
    let offset = FixedOffset::east_opt(ALMATY_OFFSET_S);
    match (DateTime::from_timestamp_millis(ts_ms), offset) {
        (Some(utc), Some(offset)) => {
            let local = utc.with_timezone(&offset);
            format!(
                "{} {} {} г. {:02}:{:02}:{:02}",
                local.day(),
                MONTHS[local.month0() as usize],
                local.year(),
                local.hour(),
                local.minute(),
                local.second()
            )
        }
        _ => "null".to_owned(),
    }
}
