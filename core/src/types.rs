//! Small shared vocabulary: purposes, sender kinds, levels, languages.

use serde::{Deserialize, Serialize};

/// What a one-time code unlocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Login,
    Payment,
    Transfer,
    GovSignin,
    Delivery,
    Registration,
    PasswordReset,
    SimChange,
    Other,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Login => "login",
            Purpose::Payment => "payment",
            Purpose::Transfer => "transfer",
            Purpose::GovSignin => "gov_signin",
            Purpose::Delivery => "delivery",
            Purpose::Registration => "registration",
            Purpose::PasswordReset => "password_reset",
            Purpose::SimChange => "sim_change",
            Purpose::Other => "other",
        }
    }

    /// When a text names several purposes, the one that costs the person most wins.
    /// A parcel code comes last: it caps the warning at low, so any other purpose the text
    /// names beats it ("code to sign in and collect your order" is a sign-in code).
    pub(crate) fn precedence(self) -> u8 {
        match self {
            Purpose::SimChange => 0,
            Purpose::PasswordReset => 1,
            Purpose::Transfer => 2,
            Purpose::Payment => 3,
            Purpose::Registration => 4,
            Purpose::GovSignin => 5,
            Purpose::Login => 6,
            Purpose::Delivery => 7,
            Purpose::Other => 8,
        }
    }
}

/// Who sent an SMS, as far as the sender registry and the number's shape tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SenderKind {
    Gov,
    Bank,
    Operator,
    Messenger,
    Marketplace,
    Delivery,
    Service,
    /// A personal phone number: services never send codes from one.
    Personal,
    /// A short code or alphanumeric id that is not in the registry.
    Unknown,
}

/// How urgent a warning is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

/// The languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    Kk,
    Ru,
    En,
}

impl UiLang {
    pub const ALL: [UiLang; 3] = [UiLang::Kk, UiLang::Ru, UiLang::En];

    /// Picks the language from a locale name such as `kk_KZ.UTF-8`; Russian otherwise,
    /// the language most people in Kazakhstan read.
    pub fn from_locale(locale: &str) -> UiLang {
        let lower = locale.to_ascii_lowercase();
        if lower.starts_with("kk") {
            UiLang::Kk
        } else if lower.starts_with("en") {
            UiLang::En
        } else {
            UiLang::Ru
        }
    }
}

/// How a call reached the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Cellular,
    Whatsapp,
    Telegram,
    /// Any other app's call; in JSON also a channel this build does not know (`"viber"`, or
    /// one a newer release wrote in `events.log`): a call is risky whatever app carried it,
    /// and refusing the event lost the call and the warning the code after it needed.
    #[serde(other)]
    Other,
}
