//! The detector's kinds of misses (issue 10), one group per kind: every example the issue
//! gives, with the value it gives, and more of the same family worded differently in
//! Kazakh (Cyrillic and Latin), Russian and English. Each group runs its whole table
//! and reports every message that fails, not just the first.
//!
//! A row is `(sender, body, expected)`, where `expected` is `Some((code, purpose))` for a
//! one-time code and `None` for a message that carries none.

use std::sync::LazyLock;

use smsguard_core::{Detector, RulePack};

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::new(&RulePack::embedded()).expect("the embedded rules compile"));

type Row = (
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

/// Classifies every row and fails with the list of rows that came out differently.
fn check(rows: &[Row]) {
    let mut failures = Vec::new();
    for (sender, body, expected) in rows {
        let got = DETECTOR.classify(sender, Some(body));
        let code = got.code.as_ref().map(|c| c.expose().as_str());
        let purpose = got.purpose.map(|p| p.as_str());
        let ok = match expected {
            Some((c, p)) => got.is_otp && code == Some(*c) && purpose == Some(*p),
            None => !got.is_otp,
        };
        if !ok {
            failures.push(format!(
                "{sender}: {body:?}\n    expected {expected:?}, got otp={} code={code:?} purpose={purpose:?} {:?}",
                got.is_otp, got.reasons
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// Kind 1: a caution names who must not get the code; it never makes it a parcel code.
mod cautions {
    use super::check;

    #[test]
    fn courier_cautions_never_make_a_code_a_parcel_code() {
        check(&[
            // The issue's examples.
            ("1414", "Код: 3957. Курьеры и сотрудники почты никогда не спрашивают этот код.", Some(("3957", "gov_signin"))),
            ("Halyk", "Код 4471 для входа в Homebank. Сотрудники банка и курьеры никогда не просят назвать код.", Some(("4471", "login"))),
            // Russian: the people before or after the marker, negations, "даже", conditionals.
            ("Kaspi.kz", "Код 6624. Курьеры Kaspi никогда не звонят и не просят продиктовать код.", Some(("6624", "other"))),
            ("1414", "Ваш код 5012. Если курьер или сотрудник почты просит этот код — это мошенник.", Some(("5012", "gov_signin"))),
            ("Halyk", "Код подтверждения 7390. Даже курьеру и службе доставки его не называйте.", Some(("7390", "other"))),
            ("Jusan", "Никому не называйте код 2208, ни курьеру, ни сотруднику банка.", Some(("2208", "other"))),
            ("ForteBank", "Код 8841 для входа. Курьерам и сотрудникам почты код не сообщайте.", Some(("8841", "login"))),
            ("Kaspi.kz", "3301 — ваш код. Курьер, сотрудник почты или банка никогда не попросит его.", Some(("3301", "other"))),
            ("1414", "Код для входа в eGov: 7120. Его не спрашивают ни курьеры, ни почта, ни постаматы.", Some(("7120", "gov_signin"))),
            // Kazakh.
            ("1414", "Код: 3957. Курьерлер мен пошта қызметкерлері бұл кодты ешқашан сұрамайды.", Some(("3957", "gov_signin"))),
            ("Kaspi.kz", "Растау коды 4410. Кодты курьерге де, банк қызметкеріне де айтпаңыз.", Some(("4410", "other"))),
            ("Halyk", "Homebank-ке кіру коды 7723. Курьер немесе пошта қызметкері бұл кодты сұраса — бұл алаяқтар.", Some(("7723", "login"))),
            ("1414", "Код 6190. Оны ешкімге, тіпті курьерге де айтпаңыз.", Some(("6190", "gov_signin"))),
            ("Kazpost", "Қазпошта: қосымшаға кіру коды 5521. Курьерлер бұл кодты ешқашан сұрамайды.", Some(("5521", "login"))),
            ("Freedom", "Сәлемдеме туралы қоңырау шалып, кодты сұраса, айтпаңыз. Код: 8830", Some(("8830", "other"))),
            // Kazakh in Latin letters (2018, 2021 and informal).
            ("1414", "Kod: 3957. Kurerler men pochta qyzmetkerleri bul kodty eshqashan suramaıdy.", Some(("3957", "gov_signin"))),
            ("Kaspi.kz", "Rastaý kody 4410. Kodty kurerge de, bank qyzmetkerine de aıtpańyz.", Some(("4410", "other"))),
            ("Halyk", "Kiru kody 7723. Kodty eşkimge, tipti kurerge de aitpañyz.", Some(("7723", "login"))),
            // English.
            ("Halyk", "Your Homebank login code is 4471. Bank staff and couriers will never ask you for it.", Some(("4471", "login"))),
            ("1414", "Code: 3957. Couriers and post office staff never ask for this code.", Some(("3957", "gov_signin"))),
            ("Kaspi.kz", "Code 6624. If a courier asks you for this code, it is a scam.", Some(("6624", "other"))),
            ("Freedom", "7812 is your code. Do not give it to anyone, not even a courier or a delivery driver.", Some(("7812", "other"))),
            ("BCC", "Your OTP is 5530. No courier, parcel service or bank employee will ever ask for it.", Some(("5530", "other"))),
            ("Jusan", "Couriers, parcel lockers and post offices never need this code: 2291.", Some(("2291", "other"))),
        ]);
    }

    /// Which wins when both appear: a positive delivery statement outside every caution.
    #[test]
    fn a_positive_delivery_statement_outside_the_caution_still_makes_a_parcel_code() {
        check(&[
            ("Kaspi.kz", "Код для получения посылки в постамате: 4821. Никому его не сообщайте.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Назовите курьеру код 2945 при получении заказа. Никому другому его не сообщайте.", Some(("2945", "delivery"))),
            ("Kaspi.kz", "Никому не сообщайте код 5520, кроме курьера при получении заказа.", Some(("5520", "delivery"))),
            ("Kaspi.kz", "Сәлемдемені постаматтан алу коды: 4821. Оны ешкімге айтпаңыз.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "5520 кодын ешкімге айтпаңыз, тек курьерге тапсырысты алған кезде айтыңыз.", Some(("5520", "delivery"))),
            ("OZON", "Your parcel locker pick-up code is 4821. Do not share it with anyone.", Some(("4821", "delivery"))),
            ("OZON", "Do not share code 5520 with anyone except the courier when you receive your order.", Some(("5520", "delivery"))),
            ("Wildberries", "Pochtomat: posylka v yacheike 12, kod polucheniya 3318. Nikomu ne soobshaite.", Some(("3318", "delivery"))),
        ]);
    }

    /// A delivery service's code stays a parcel code when only its caution mentions
    /// couriers; a text that names another purpose wins over the sender.
    #[test]
    fn delivery_senders_keep_their_purpose_unless_the_text_says_otherwise() {
        check(&[
            (
                "Kazpost",
                "Ваш код 3186. Не сообщайте его никому, кроме курьера.",
                Some(("3186", "delivery")),
            ),
            (
                "Kazpost",
                "Код для входа в приложение Казпочты: 3186. Курьеры его никогда не спрашивают.",
                Some(("3186", "login")),
            ),
            (
                "CDEK",
                "Your CDEK code is 7702. Never tell it to anyone on the phone.",
                Some(("7702", "delivery")),
            ),
        ]);
    }

    /// The family in other words: warnings about fraud, staff who never ask, people named
    /// before or after the marker, in Cyrillic and Latin Kazakh, Russian and English.
    #[test]
    fn cautions_in_other_words_never_make_a_parcel_code() {
        check(&[
            ("1414", "Код для входа: 4821. Внимание! Мошенники представляются курьерами и просят код из SMS.", Some(("4821", "gov_signin"))),
            ("1414", "4821 — код для входа в eGov. Курьерам, сотрудникам Казпочты и банков этот код не нужен.", Some(("4821", "gov_signin"))),
            ("Kaspi.kz", "Kaspi.kz: код 4821. Курьер Kaspi не спрашивает коды из SMS. Не сообщайте его.", Some(("4821", "other"))),
            ("Halyk", "Ни в коем случае не сообщайте код 4821 курьерам и службе доставки.", Some(("4821", "other"))),
            ("Halyk", "Код 4821. Если вам звонят от имени службы доставки и просят код — положите трубку.", Some(("4821", "other"))),
            ("Halyk", "Код 4821. Служба доставки не запрашивает коды по телефону.", Some(("4821", "other"))),
            ("1414", "eGov: код 4821. Курьерлерге және пошта қызметкерлеріне бұл кодты айтуға болмайды.", Some(("4821", "gov_signin"))),
            ("1414", "Код: 4821. Курьер немесе сәлемдеме туралы қоңырау шалса, кодты айтпаңыз.", Some(("4821", "gov_signin"))),
            ("Kaspi.kz", "Код: 4821. Тапсырысты жеткізу үшін курьерге код керек емес.", Some(("4821", "other"))),
            ("Halyk", "Your code: 4821. Delivery services will never ask for it.", Some(("4821", "other"))),
            ("Halyk", "Code 4821. Scammers pose as couriers and ask for codes — hang up.", Some(("4821", "other"))),
            ("Halyk", "Code 4821. Do not read it out to a courier or anyone who calls you.", Some(("4821", "other"))),
            ("1414", "4821 is your eGov code. A courier does not need it to deliver a parcel.", Some(("4821", "gov_signin"))),
            ("Kaspi.kz", "Kaspi.kz: kod 4821. Kurerler bul kodty suramaidy.", Some(("4821", "other"))),
            ("Kaspi.kz", "Kod 4821. Kurer ili sotrudnik pochty nikogda ne sprosit etot kod.", Some(("4821", "other"))),
        ]);
    }

    /// A sentence that says the code is not for a parcel is a caution too.
    #[test]
    fn negated_delivery_statements_never_make_a_parcel_code() {
        check(&[
            (
                "1414",
                "Код 4821. Для получения посылки этот код не нужен.",
                Some(("4821", "gov_signin")),
            ),
            (
                "1414",
                "Код 4821. Для получения посылки этот код не требуется.",
                Some(("4821", "gov_signin")),
            ),
            (
                "1414",
                "Код 4821. Сәлемдемені алу үшін бұл код керек емес.",
                Some(("4821", "gov_signin")),
            ),
            (
                "1414",
                "Code 4821. You do not need this code to receive a parcel.",
                Some(("4821", "gov_signin")),
            ),
            (
                "1414",
                "Code 4821. This code is not needed for parcel pickup.",
                Some(("4821", "gov_signin")),
            ),
            (
                "Halyk",
                "Код 4821. Если вас просят назвать код для получения посылки — это обман.",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Код 4821. Постаматы и курьеры не работают с кодами банка.",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Code 4821. It is not a delivery or parcel locker code.",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Код 4821 — это не код для получения заказа.",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "4821 коды сәлемдеме алу коды емес.",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Code 4821. Parcel lockers never ask for bank codes.",
                Some(("4821", "other")),
            ),
        ]);
    }

    #[test]
    fn parcel_codes_said_in_other_words_stay_parcel_codes() {
        check(&[
            ("Kazpost", "Казпочта: код для получения посылки 4821. Никому, кроме почтальона, его не сообщайте.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Заказ в постамате. Код 4821 — никому не сообщайте.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Ваш заказ доставлен в постамат Kaspi. Код для открытия: 4821. Не сообщайте его посторонним.", Some(("4821", "delivery"))),
            ("OZON", "Ozon: заказ у курьера. Назовите код 4821 только курьеру при вручении.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Тапсырысыңыз постаматта. Ұяшықты ашу коды: 4821. Оны ешкімге айтпаңыз.", Some(("4821", "delivery"))),
            ("Glovo", "Glovo: tell the courier code 4821 when your order arrives. Never share it in chat.", Some(("4821", "delivery"))),
            ("Wildberries", "Код для получения заказа в пункте выдачи: 4821", Some(("4821", "delivery"))),
            ("OZON", "Ozon: Заказ 12345678-0001 доставлен в постамат. Код для открытия ячейки: 482913", Some(("482913", "delivery"))),
            ("DHL", "Your DHL delivery PIN is 4821. Give it to the courier to receive your parcel.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Курьер Kaspi приедет с 10 до 12. Код для курьера: 4821", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Сіздің тапсырысыңызды курьер әкеледі. Курьерге 4821 кодын айтыңыз.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Код 4821 сообщите курьеру при получении.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Сообщите код 4821 курьеру", Some(("4821", "delivery"))),
            ("OZON", "Give code 4821 to the courier", Some(("4821", "delivery"))),
            ("Kazpost", "ҚАЗПОШТА: Сәлемдемеңізді алу үшін 4821 кодын пошта қызметкеріне айтыңыз.", Some(("4821", "delivery"))),
            ("Glovo", "Курьерлік қызмет: 4821 коды арқылы тапсырысты алыңыз", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Kaspi.kz: Код 4821. Сообщите его курьеру только при получении заказа.", Some(("4821", "delivery"))),
        ]);
    }

    /// Sentences that describe the scam without "never tell": fake couriers, people who
    /// pretend, "hang up", "beware", "without a code", "не код для…".
    #[test]
    fn scam_descriptions_never_make_a_parcel_code() {
        check(&[
            // Russian.
            ("Kaspi.kz", "Код 4821. Если курьер просит код для получения посылки, положите трубку.", Some(("4821", "other"))),
            ("Kaspi.kz", "Код 4821. Осторожно: лжекурьеры просят код для получения посылки.", Some(("4821", "other"))),
            ("Kaspi.kz", "Код 4821. Курьер может представиться сотрудником Kaspi и попросить код для получения заказа.", Some(("4821", "other"))),
            ("Kaspi.kz", "Код 4821 — не код для получения посылки.", Some(("4821", "other"))),
            ("1414", "Код 4821. Посылки выдают без кода из SMS, назовите курьеру только своё имя.", Some(("4821", "gov_signin"))),
            ("1414", "Код 4821. Мошенники под видом курьера просят назвать код при вручении заказа.", Some(("4821", "gov_signin"))),
            // Kazakh, Cyrillic and Latin.
            ("Kaspi.kz", "Код 4821. Курьер сәлемдеме алу үшін кодты сұраса, тұтқаны қойыңыз.", Some(("4821", "other"))),
            ("Kaspi.kz", "Код 4821. Абай болыңыз: жалған курьерлер сәлемдеме алу үшін код сұрайды.", Some(("4821", "other"))),
            ("Kaspi.kz", "Код 4821. Курьер болып таныстырып, тапсырысты алу үшін код сұрауы мүмкін.", Some(("4821", "other"))),
            ("Kaspi.kz", "Код 4821. Сәлемдемені кодсыз алуға болады.", Some(("4821", "other"))),
            ("Kaspi.kz", "Kod 4821. Zhalgan kurerler salemdeme alu ushin kod suraidy.", Some(("4821", "other"))),
            // English.
            ("Kaspi.kz", "Code 4821. If a courier asks for it to deliver your parcel, hang up.", Some(("4821", "other"))),
            ("Kaspi.kz", "Code 4821. Beware: fake couriers ask for codes to 'deliver' a parcel.", Some(("4821", "other"))),
            ("Kaspi.kz", "Code 4821. A caller may pretend to be a courier and ask for a code to deliver your order.", Some(("4821", "other"))),
            ("Kaspi.kz", "Code 4821. Parcels are delivered without codes.", Some(("4821", "other"))),
            ("1414", "Code 4821. Someone claiming to be a courier may ask you to read it out to receive a parcel.", Some(("4821", "gov_signin"))),
        ]);
    }

    /// A verdict sentence ("Это обман.") condemns the sentence before it: what that
    /// sentence describes is the scam, not what the code is for.
    #[test]
    fn a_verdict_sentence_makes_the_sentence_before_a_caution() {
        check(&[
            ("Kaspi.kz", "Код: 2290. Курьер говорит, что это код для получения посылки? Это обман.", Some(("2290", "other"))),
            ("1414", "Код 2290. Курьер просит код для получения посылки. Это мошенничество.", Some(("2290", "gov_signin"))),
            ("1414", "Код 2290. Вас просят назвать код курьеру при вручении заказа? Это — мошенники!", Some(("2290", "gov_signin"))),
            ("Kaspi.kz", "Код: 2290. Курьер бұл сәлемдеме алу коды дейді ме? Бұл алаяқтық.", Some(("2290", "other"))),
            ("1414", "Код 2290. Курьер тапсырысты беру үшін код сұрайды. Бұл — алаяқтар.", Some(("2290", "gov_signin"))),
            ("1414", "Kod 2290. Kurer salemdemeni alu ushin kod suraidy. Bul alaiaqtyq.", Some(("2290", "gov_signin"))),
            ("Kaspi.kz", "Code: 2290. A courier says you need it to receive your parcel? That's a scam.", Some(("2290", "other"))),
            ("1414", "Code 2290. Someone asks you to give the code to a courier to collect your parcel. This is fraud.", Some(("2290", "gov_signin"))),
            // The code's own statement before a verdict stays its own.
            ("Kaspi.kz", "Код для получения посылки: 2290. Это не мошенники, это ваш заказ.", Some(("2290", "delivery"))),
        ]);
    }

    /// An exception word before the marker ("только для входа, не для курьера") opens a
    /// statement of what the code is for, and that statement stands outside the caution.
    #[test]
    fn what_only_says_before_a_caution_is_the_purpose() {
        check(&[
            (
                "Kaspi.kz",
                "Код 6043 — только для входа в приложение, не для курьера",
                Some(("6043", "login")),
            ),
            (
                "Kaspi.kz",
                "Код 6043 нужен только для подтверждения перевода, курьеру он не нужен",
                Some(("6043", "transfer")),
            ),
            (
                "Kaspi.kz",
                "6043 коды тек қосымшаға кіру үшін, курьерге емес",
                Some(("6043", "login")),
            ),
            (
                "Kaspi.kz",
                "Kod 6043 tek kiru ushin, kurerge emes",
                Some(("6043", "login")),
            ),
            (
                "Kaspi.kz",
                "Code 6043 is only for signing in to the app, not for a courier",
                Some(("6043", "login")),
            ),
            (
                "Kaspi.kz",
                "Only you may use code 6043 to log in, never tell it to a courier",
                Some(("6043", "login")),
            ),
            // "Только мошенники…" opens no clause of its own: still a caution.
            (
                "Kaspi.kz",
                "Код 4821. Только мошенники просят назвать код для получения посылки.",
                Some(("4821", "other")),
            ),
            (
                "Kaspi.kz",
                "Code 4821. Only scammers ask you to tell the courier a code to receive a parcel.",
                Some(("4821", "other")),
            ),
            (
                "Kaspi.kz",
                "Код 4821. Сәлемдеме алу үшін курьерге код айтуды тек алаяқтар сұрайды.",
                Some(("4821", "other")),
            ),
        ]);
    }

    /// The new caution words leave real parcel codes alone.
    #[test]
    fn parcel_codes_that_mention_a_code_being_required_stay_parcel_codes() {
        check(&[
            ("Kaspi.kz", "Код для получения заказа: 4821. Без кода заказ не выдаётся.", Some(("4821", "delivery"))),
            ("OZON", "Your order can't be handed over without a code. Pickup code: 4821", Some(("4821", "delivery"))),
            ("Kazpost", "Сәлемдемені кодсыз алу мүмкін емес. Алу коды: 4821", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Код 4821 только для курьера при получении заказа, никому больше не сообщайте.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Код 4821 тек курьерге, тапсырысты алғанда. Басқа ешкімге айтпаңыз.", Some(("4821", "delivery"))),
            ("OZON", "Code 4821 is only for the courier when you receive your order, do not share it with anyone else.", Some(("4821", "delivery"))),
            ("Kaspi.kz", "Код для постамата: 4821. Осторожно, не сообщайте его посторонним.", Some(("4821", "delivery"))),
            ("Kazpost", "Posylka v postamate. Kod 4821. Nikomu ne soobshchaite.", Some(("4821", "delivery"))),
        ]);
    }

    #[test]
    fn a_caution_with_no_code_is_not_a_code() {
        check(&[
            (
                "Kaspi.kz",
                "Курьеры и сотрудники почты никогда не спрашивают код из SMS.",
                None,
            ),
            ("1414", "Кодты ешкімге, тіпті курьерге де айтпаңыз.", None),
            (
                "Halyk",
                "Couriers never ask for codes. If someone does, hang up.",
                None,
            ),
        ]);
    }
}

/// Kind 2: of several numbers, the one labelled as the code wins over numbers labelled as
/// operations, orders, cards, accounts or references, in either order.
mod labelled_numbers {
    use super::check;

    #[test]
    fn the_code_label_wins_over_reference_labels() {
        check(&[
            // The issue's examples.
            ("BCC", "Код операции 2864, код подтверждения 930417. Сумма 18 400 KZT, магазин SHOP.KZ. Никому не сообщайте код.", Some(("930417", "payment"))),
            ("BCC", "Online txn, txn code 2864, OTP code 930417, amount 18400 KZT at SHOP.KZ. Never share the OTP.", Some(("930417", "payment"))),
            ("Halyk", "Код для карты 40917 — 5830261", Some(("5830261", "other"))),
            ("Halyk", "Код для карты 4412: 604917. Никому не сообщайте.", Some(("604917", "other"))),
            ("Halyk", "Номер операции 2864, код подтверждения 930417.", Some(("930417", "other"))),
            // Russian.
            ("Kaspi.kz", "Номер заказа 4829137, код для подтверждения оплаты 6603.", Some(("6603", "payment"))),
            ("Jusan", "Операция 77120, код 4419", Some(("4419", "other"))),
            ("ForteBank", "Код транзакции 48213, одноразовый пароль 7730", Some(("7730", "other"))),
            ("Eurasian", "Счёт 40917, код 5830", Some(("5830", "other"))),
            ("Halyk", "Код для карты 5169 4412: 604917", Some(("604917", "other"))),
            ("Halyk", "Карта 5169 4412, код 604917", Some(("604917", "other"))),
            ("Halyk", "Код подтверждения операции: 4821", Some(("4821", "other"))),
            // Kazakh.
            ("Halyk", "Операция коды 2864, растау коды 930417.", Some(("930417", "other"))),
            ("Halyk", "4412 картасы үшін код: 604917", Some(("604917", "other"))),
            ("Kaspi.kz", "Тапсырыс нөмірі 482913, растау коды 5521", Some(("5521", "other"))),
            ("1414", "Өтінім 7741, растау коды 3390", Some(("3390", "gov_signin"))),
            ("Jusan", "Шот 40917, кіру коды 6620", Some(("6620", "login"))),
            // Kazakh in Latin letters.
            ("Halyk", "Operaciia kody 2864, rastaý kody 930417.", Some(("930417", "other"))),
            // English.
            ("Arbuz", "Order 482913: your confirmation code is 5521", Some(("5521", "other"))),
            ("Halyk", "Card 5169 4412, OTP 604917", Some(("604917", "other"))),
            ("Freedom", "Transaction ID 77120. OTP: 4419", Some(("4419", "payment"))),
            ("Freedom", "Ref 88231, verification code 551204", Some(("551204", "other"))),
            ("Jusan", "Account 40917 code 5830", Some(("5830", "other"))),
            ("1414", "Application 7741 - your one-time code is 3390", Some(("3390", "gov_signin"))),
            ("BCC", "Your txn code is 2864 and your OTP is 930417", Some(("930417", "payment"))),
        ]);
    }

    #[test]
    fn references_orders_cards_and_accounts_in_other_words() {
        check(&[
            (
                "Halyk",
                "Halyk: по заявке №48213 код подтверждения 7730",
                Some(("7730", "other")),
            ),
            (
                "Kaspi.kz",
                "Код 7730 для оплаты заказа 482913715",
                Some(("7730", "payment")),
            ),
            (
                "Jusan",
                "Оплата по счёту 40917: код 5521",
                Some(("5521", "payment")),
            ),
            (
                "BCC",
                "BCC: ID операции 88231. Код: 4419",
                Some(("4419", "other")),
            ),
            (
                "Freedom",
                "Freedom: транзакция 77120 на сумму 5 000 KZT, код подтверждения 604917",
                Some(("604917", "payment")),
            ),
            (
                "Halyk",
                "Карта **** 4412. Код: 604917",
                Some(("604917", "other")),
            ),
            (
                "Halyk",
                "Для карты 5169 4412 0000 1234 код: 604917",
                Some(("604917", "other")),
            ),
            (
                "Halyk",
                "Картаңыз 5169 4412, растау коды 604917",
                Some(("604917", "other")),
            ),
            (
                "Halyk",
                "Your card 5169 4412 OTP: 604917",
                Some(("604917", "other")),
            ),
            (
                "Kaspi.kz",
                "Өтінім №48213 бойынша растау коды: 7730",
                Some(("7730", "other")),
            ),
            (
                "Arbuz",
                "Order 482913. Code 7730 to confirm the payment",
                Some(("7730", "payment")),
            ),
            (
                "Freedom",
                "Reference number 88231. Use code 4419 to continue.",
                Some(("4419", "other")),
            ),
        ]);
    }

    /// A labelled number is still the code when nothing else is: a wrong guess there
    /// would be silence.
    #[test]
    fn a_labelled_number_alone_is_still_the_code() {
        check(&[
            (
                "Halyk",
                "Код операции 2864. Никому не сообщайте.",
                Some(("2864", "other")),
            ),
            (
                "Halyk",
                "Код для получения карты: 4821",
                Some(("4821", "other")),
            ),
            (
                "BCC",
                "Your transaction code: 2864. Do not share it.",
                Some(("2864", "payment")),
            ),
            ("Halyk", "Операция коды: 2864", Some(("2864", "other"))),
        ]);
    }
}

/// Kind 3: letter codes where a code stands; words, names and promo codes are not codes.
mod letter_codes {
    use super::check;

    #[test]
    fn letter_codes_after_a_code_keyword_are_found() {
        check(&[
            // The issue's example.
            ("Freedom", "Введите код HX4R для подтверждения операции. Если это были не вы, позвоните в банк.", Some(("HX4R", "other"))),
            // Russian.
            ("Kaspi.kz", "Ваш код: MWZB", Some(("MWZB", "other"))),
            ("Halyk", "Код подтверждения 7QPL. Никому не сообщайте.", Some(("7QPL", "other"))),
            ("Jusan", "Код для входа: k7qp", Some(("k7qp", "login"))),
            ("ForteBank", "Одноразовый пароль: ZX4KQ9PT", Some(("ZX4KQ9PT", "other"))),
            // Kazakh.
            ("Kaspi.kz", "Растау коды: HX4R. Оны ешкімге айтпаңыз.", Some(("HX4R", "other"))),
            ("Halyk", "Кіру коды MWZB", Some(("MWZB", "login"))),
            ("Jusan", "Бір реттік код: qk7m", Some(("qk7m", "other"))),
            ("Kaspi.kz", "Rastaý kody: PQRT", Some(("PQRT", "other"))),
            // English.
            ("Google", "Your code is MWZB.", Some(("MWZB", "login"))),
            ("Freedom", "Enter HX4R to confirm the payment", Some(("HX4R", "payment"))),
            ("Kolesa", "Your verification code: 7QPL", Some(("7QPL", "other"))),
            ("Jusan", "<#> PQRT is your code FA+9qCX9VSu", Some(("PQRT", "other"))),
            ("Yandex", "Use code mx8k to sign in", Some(("mx8k", "login"))),
            ("Microsoft", "Your one-time code: aBcD3eFg", Some(("aBcD3eFg", "login"))),
        ]);
    }

    #[test]
    fn letter_codes_in_other_words() {
        check(&[
            ("Freedom", "Введите код QX7M", Some(("QX7M", "other"))),
            ("Kaspi.kz", "Your code: QXMK", Some(("QXMK", "other"))),
            ("Yandex", "Yandex: ваш код — PK4Z", Some(("PK4Z", "login"))),
            ("Halyk", "Kiru kody: BX7R", Some(("BX7R", "login"))),
            (
                "Steam",
                "Steam: код доступа 7JKQ2",
                Some(("7JKQ2", "login")),
            ),
            ("Kolesa", "Код: a7bq", Some(("a7bq", "other"))),
            (
                "Google",
                "G-482913 — код подтверждения",
                Some(("482913", "login")),
            ),
        ]);
    }

    /// A letter code before its keyword, after a dash or "is".
    #[test]
    fn letter_codes_before_their_keyword() {
        check(&[
            ("Freedom", "KQ7M — ваш код", Some(("KQ7M", "other"))),
            ("Freedom", "MWZB - код для входа", Some(("MWZB", "login"))),
            ("Freedom", "KQ7M – сіздің кодыңыз", Some(("KQ7M", "other"))),
            ("Freedom", "KQ7M - sizdin kodynyz", Some(("KQ7M", "other"))),
            ("Freedom", "KQ7M is your code", Some(("KQ7M", "other"))),
            (
                "Freedom",
                "MWZB is your verification code",
                Some(("MWZB", "other")),
            ),
        ]);
    }

    /// A name in capitals where a code could stand, with no code in the message: an app or
    /// bank named a few words after the keyword, or a registered sender's name anywhere.
    #[test]
    fn names_in_capitals_after_a_code_keyword_are_not_codes() {
        check(&[
            ("Freedom", "Код для входа в HOMEBANK", None),
            ("Freedom", "Введите код в приложении HALYK", None),
            (
                "Freedom",
                "Никому не сообщайте коды из SMS, даже сотрудникам JUSAN",
                None,
            ),
            ("Kaspi.kz", "Код: JUSAN. Введите его", None),
            ("Freedom", "Кодты KASPI қосымшасына енгізіңіз", None),
            ("Freedom", "Кодты HOMEBANK қосымшасында енгізіңіз", None),
            ("Freedom", "Kodty KASPI qosymshasyna engiziniz", None),
            ("Freedom", "Enter the code in the KASPI app", None),
            ("Freedom", "Your code is in the HALYK APP", None),
            ("Tele2", "Код для входа в TELE2", None),
            ("Beeline", "Код 0611 - номер абонентской службы", None),
            // The code beside the name is still found.
            (
                "Freedom",
                "Код для входа в HOMEBANK: MWZB",
                Some(("MWZB", "login")),
            ),
            (
                "Tele2",
                "Код для входа в TELE2: QX7M",
                Some(("QX7M", "login")),
            ),
        ]);
    }

    #[test]
    fn words_names_and_promo_codes_are_not_codes() {
        check(&[
            (
                "Kaspi.kz",
                "Код для входа в KASPI GOLD: 4821",
                Some(("4821", "login")),
            ),
            (
                "Halyk",
                "Оплата в магазине SULPAK. Код: 4821",
                Some(("4821", "payment")),
            ),
            ("Freedom", "Your code will arrive soon", None),
            ("Freedom", "YOUR CODE WILL ARRIVE SOON", None),
            ("Temu", "Use code SALE for 20% off your first order", None),
            ("Arbuz", "Промокод WINTER: скидка 10% до 30.11", None),
            ("Kaspi.kz", "Your Kaspi Gold code is ready in the app", None),
            ("Glovo", "Промокод GLOVO жеңілдік береді", None),
            ("Kcell", "Tele2 и Kcell: код региона не нужен", None),
            (
                "Temu",
                "Your code for NETFLIX is 4821",
                Some(("4821", "other")),
            ),
        ]);
    }
}

/// Kind 4: the same message in Kazakh, Russian or English gets the same purpose.
mod purpose_vocabulary {
    use super::check;

    #[test]
    fn the_issues_examples() {
        check(&[
            ("GitHub", "380215 is your GitHub authentication code.\n\n@github.com #380215", Some(("380215", "login"))),
            ("Halyk", "Halyk debit card ending 6035 txn for KZT 7,850.00 at SMALL, OTP is 264190 (Ref: WEB). OTP valid for 5 mins, do not share for security reasons.", Some(("264190", "payment"))),
            ("Halyk", "Подтвердите операцию на сумму 12 000 KZT в магазине SULPAK. Код: 4821.", Some(("4821", "payment"))),
            ("Halyk", "4821 is your Homebank authentication code.", Some(("4821", "login"))),
        ]);
    }

    /// A name that holds a purpose word ("Kaspi Магазин", "Kaspi Pay") says nothing of the
    /// code: what the rest of the text says decides.
    #[test]
    fn brand_names_with_purpose_words_set_no_purpose() {
        check(&[
            (
                "Kaspi.kz",
                "Kaspi Магазин: код для получения заказа 4410",
                Some(("4410", "delivery")),
            ),
            (
                "Kaspi.kz",
                "Kaspi Магазин: код для входа 4410",
                Some(("4410", "login")),
            ),
            (
                "Kaspi.kz",
                "Код 4410 для входа в Kaspi Магазин",
                Some(("4410", "login")),
            ),
            (
                "Kaspi.kz",
                "Kaspi Магазин: код 4410 курьерге тек тапсырысты алған кезде айтыңыз.",
                Some(("4410", "delivery")),
            ),
            (
                "Kaspi.kz",
                "Kaspi Дүкен: тапсырысты алу коды 4410",
                Some(("4410", "delivery")),
            ),
            (
                "Kaspi.kz",
                "Kaspi Магазин: kiru kody 4410",
                Some(("4410", "login")),
            ),
            (
                "Kaspi.kz",
                "Kaspi Pay: код для входа 4410",
                Some(("4410", "login")),
            ),
            (
                "Kaspi.kz",
                "Kaspi Shop: your pickup code 4410",
                Some(("4410", "delivery")),
            ),
            (
                "Kaspi.kz",
                "Kaspi Магазин: код 4410 для оплаты заказа",
                Some(("4410", "payment")),
            ),
            ("Kaspi.kz", "Kaspi Магазин", None),
        ]);
    }

    /// "Получение", "выдача", "алу", "pick up" of money, a loan or a card is not a parcel:
    /// a loan code must never get the parcel code's low cap.
    #[test]
    fn receiving_money_a_loan_or_a_card_is_not_a_parcel() {
        check(&[
            (
                "Halyk",
                "Код получения кредита: 4821",
                Some(("4821", "other")),
            ),
            ("Halyk", "Код выдачи займа: 4821", Some(("4821", "other"))),
            (
                "Halyk",
                "Код получения карты: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Код для получения наличных в банкомате: 4821",
                Some(("4821", "other")),
            ),
            ("Halyk", "Несие алу коды: 4821", Some(("4821", "other"))),
            (
                "Halyk",
                "Банкоматтан қолма-қол ақша алу коды: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Kod dlya polucheniya kredita: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Code to pick up your new card at the branch: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Code to receive your loan: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Код получения денежного перевода: 4821",
                Some(("4821", "transfer")),
            ),
            // A parcel code said so still is one.
            (
                "Kaspi.kz",
                "Заказ №552918. Код для получения: 4417",
                Some(("4417", "delivery")),
            ),
            (
                "Kaspi.kz",
                "Код выдачи 4417 в пункте Ozon",
                Some(("4417", "delivery")),
            ),
            (
                "Kaspi.kz",
                "Тапсырыс 552918 алу коды 4417",
                Some(("4417", "delivery")),
            ),
            (
                "OZON",
                "Pick-up code 4417 for order 552918",
                Some(("4417", "delivery")),
            ),
            (
                "OZON",
                "Use 4417 to pick up your parcel",
                Some(("4417", "delivery")),
            ),
        ]);
    }

    /// More wordings of a SIM reissue and a transfer.
    #[test]
    fn sim_reissue_and_sending_money_in_other_words() {
        check(&[
            (
                "Beeline",
                "Code to reissue your SIM card: 4471",
                Some(("4471", "sim_change")),
            ),
            (
                "Beeline",
                "Код для перевыпуска SIM-карты: 4471",
                Some(("4471", "sim_change")),
            ),
            (
                "Beeline",
                "SIM-картаны қайта шығару коды: 4471",
                Some(("4471", "sim_change")),
            ),
            (
                "Kaspi.kz",
                "Code to send 50,000 KZT to card 4400 43** **** 1234: 4471",
                Some(("4471", "transfer")),
            ),
            (
                "Kaspi.kz",
                "Код для перевода 50 000 ₸ на карту 4400 43** **** 1234: 4471",
                Some(("4471", "transfer")),
            ),
            (
                "Kaspi.kz",
                "4400 43** **** 1234 картасына 50 000 ₸ аудару коды: 4471",
                Some(("4471", "transfer")),
            ),
        ]);
    }

    #[test]
    fn purposes_in_other_words() {
        check(&[
            (
                "Halyk",
                "Код подтверждения: 4821. Код действует 5 минут. Не сообщайте код.",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Ваш одноразовый код 048213 (действителен 3 мин)",
                Some(("048213", "other")),
            ),
            (
                "Kaspi.kz",
                "Код 4821 (не сообщайте его никому)",
                Some(("4821", "other")),
            ),
            (
                "Kaspi.kz",
                "«4821» — ваш код для входа",
                Some(("4821", "login")),
            ),
            ("Halyk", "Код: \"4821\"", Some(("4821", "other"))),
            ("Halyk", "Код:4821.", Some(("4821", "other"))),
            ("Halyk", "Код - 4821", Some(("4821", "other"))),
            (
                "Jusan",
                "Код подтверждения перевода: 4821",
                Some(("4821", "transfer")),
            ),
            (
                "Kaspi.kz",
                "Для подтверждения перевода на сумму 5 000 ₸ используйте код 4821",
                Some(("4821", "transfer")),
            ),
            (
                "Kaspi.kz",
                "Аударымды растаңыз: 4821",
                Some(("4821", "transfer")),
            ),
            (
                "Halyk",
                "Authorize transfer of KZT 50,000 to Aidar K.: OTP 482913",
                Some(("482913", "transfer")),
            ),
            (
                "Beeline",
                "Beeline: для переоформления SIM-карты на новый номер введите код 4821",
                Some(("4821", "sim_change")),
            ),
            (
                "Kcell",
                "Kcell: eSIM-ді белсендіру коды: 4821",
                Some(("4821", "sim_change")),
            ),
            (
                "Tele2",
                "Tele2: SIM-картаны қалпына келтіру коды 4821",
                Some(("4821", "sim_change")),
            ),
            (
                "Google",
                "482913 is your Google password reset code",
                Some(("482913", "password_reset")),
            ),
            (
                "Kaspi.kz",
                "Код для сброса PIN-кода: 4821",
                Some(("4821", "password_reset")),
            ),
            (
                "Krisha",
                "Құпия сөзді өзгерту коды: 4821",
                Some(("4821", "password_reset")),
            ),
            (
                "Kolesa",
                "Kolesa.kz: подтвердите номер телефона кодом 4821",
                Some(("4821", "registration")),
            ),
            (
                "Kolesa",
                "Kolesa.kz: телефон нөмірін растау коды 4821",
                Some(("4821", "registration")),
            ),
            (
                "Kolesa",
                "Kolesa.kz: confirm your phone number with code 4821",
                Some(("4821", "registration")),
            ),
        ]);
    }

    #[test]
    fn payment() {
        check(&[
            (
                "Halyk",
                "Покупка на сумму 5 400 ₸ в магазине MECHTA. Код 3D Secure: 771204",
                Some(("771204", "payment")),
            ),
            (
                "Halyk",
                "MECHTA дүкенінде 5 400 ₸ сатып алу. 3D Secure коды: 771204",
                Some(("771204", "payment")),
            ),
            (
                "Halyk",
                "Purchase of 5,400 KZT at MECHTA. 3D Secure code: 771204",
                Some(("771204", "payment")),
            ),
            (
                "Halyk",
                "MECHTA dukeninde 5 400 T satyp alu. Kod: 771204",
                Some(("771204", "payment")),
            ),
            (
                "Jusan",
                "SMALL дүкенінде 2 100 ₸ операцияны растау коды: 5510",
                Some(("5510", "payment")),
            ),
            (
                "Freedom",
                "Card *0912 txn of KZT 2,100.00 at SMALL. OTP: 5510",
                Some(("5510", "payment")),
            ),
            (
                "ForteBank",
                "Списание 2 100 ₸ в SMALL. Код: 5510",
                Some(("5510", "payment")),
            ),
        ]);
    }

    #[test]
    fn login() {
        check(&[
            (
                "Jusan",
                "Код для авторизации в приложении: 5521",
                Some(("5521", "login")),
            ),
            (
                "Jusan",
                "Қосымшаға кіру коды: 5521",
                Some(("5521", "login")),
            ),
            (
                "Jusan",
                "Your sign-in code for the app: 5521",
                Some(("5521", "login")),
            ),
            (
                "Jusan",
                "Qosymshaga kirý kody: 5521",
                Some(("5521", "login")),
            ),
            ("Jusan", "2FA code: 5521", Some(("5521", "login"))),
            (
                "Jusan",
                "Two-factor authentication code 5521",
                Some(("5521", "login")),
            ),
            (
                "Jusan",
                "Код двухфакторной аутентификации: 5521",
                Some(("5521", "login")),
            ),
            (
                "Jusan",
                "Екі факторлы аутентификация коды: 5521",
                Some(("5521", "login")),
            ),
            ("Jusan", "Use 5521 to log in", Some(("5521", "login"))),
        ]);
    }

    #[test]
    fn sim_change() {
        check(&[
            (
                "Kcell",
                "Код для смены SIM-карты: 4821",
                Some(("4821", "sim_change")),
            ),
            (
                "Kcell",
                "SIM-картаны ауыстыруға арналған код: 4821",
                Some(("4821", "sim_change")),
            ),
            (
                "Kcell",
                "Code to swap your SIM card: 4821",
                Some(("4821", "sim_change")),
            ),
            (
                "Kcell",
                "SIM-kartany aýystyrý kody: 4821",
                Some(("4821", "sim_change")),
            ),
            (
                "Beeline",
                "Код для перевыпуска SIM: 4821",
                Some(("4821", "sim_change")),
            ),
            (
                "Tele2",
                "Code to replace your SIM: 4821",
                Some(("4821", "sim_change")),
            ),
        ]);
    }

    #[test]
    fn transfer() {
        check(&[
            (
                "Kaspi.kz",
                "Код для перевода 20 000 ₸ на карту *4417: 6601",
                Some(("6601", "transfer")),
            ),
            (
                "Kaspi.kz",
                "*4417 картасына 20 000 ₸ аударымды растау коды: 6601",
                Some(("6601", "transfer")),
            ),
            (
                "Kaspi.kz",
                "Code to confirm the transfer of 20,000 KZT to card *4417: 6601",
                Some(("6601", "transfer")),
            ),
            (
                "Kaspi.kz",
                "Aýdarymdy rastaý kody: 6601",
                Some(("6601", "transfer")),
            ),
        ]);
    }

    #[test]
    fn registration() {
        check(&[
            (
                "Kolesa",
                "Код для регистрации в приложении: 3308",
                Some(("3308", "registration")),
            ),
            (
                "Kolesa",
                "Қосымшада тіркелу коды: 3308",
                Some(("3308", "registration")),
            ),
            (
                "Kolesa",
                "Code to register in the app: 3308",
                Some(("3308", "registration")),
            ),
            (
                "Kolesa",
                "Tirkelý kody: 3308",
                Some(("3308", "registration")),
            ),
        ]);
    }

    #[test]
    fn password_reset() {
        check(&[
            (
                "Krisha",
                "Код для восстановления пароля: 2290",
                Some(("2290", "password_reset")),
            ),
            (
                "Krisha",
                "Құпиясөзді қалпына келтіру коды: 2290",
                Some(("2290", "password_reset")),
            ),
            (
                "Krisha",
                "Code to reset your password: 2290",
                Some(("2290", "password_reset")),
            ),
            (
                "Krisha",
                "Qupıasózdi qalpyna keltirý kody: 2290",
                Some(("2290", "password_reset")),
            ),
        ]);
    }
}

/// Kind 5: English context words as broad as Android's own detector, and the same words
/// in Russian and Kazakh.
mod context_words {
    use super::check;

    #[test]
    fn each_context_word_makes_a_number_a_code() {
        check(&[
            ("Steam", "Your Steam login: 48213", Some(("48213", "login"))),
            ("Steam", "Log in with 48213", Some(("48213", "login"))),
            ("Steam", "48213 - 2FA", Some(("48213", "login"))),
            ("Steam", "Authenticate with 48213", Some(("48213", "login"))),
            ("Steam", "Auth: 48213", Some(("48213", "login"))),
            (
                "Steam",
                "Authentication number 48213",
                Some(("48213", "login")),
            ),
            ("Freedom", "Your TAN is 482913", Some(("482913", "other"))),
            ("Freedom", "Password: 482913", Some(("482913", "other"))),
            ("Freedom", "Your passcode 482913", Some(("482913", "other"))),
            ("Freedom", "Two factor 482913", Some(("482913", "login"))),
            (
                "Freedom",
                "482913 for two-factor sign in",
                Some(("482913", "login")),
            ),
            (
                "Freedom",
                "Your 2 factor: 482913",
                Some(("482913", "login")),
            ),
            ("Freedom", "One-time PIN 482913", Some(("482913", "other"))),
            (
                "Freedom",
                "One time password 482913",
                Some(("482913", "other")),
            ),
            ("Freedom", "Verification: 482913", Some(("482913", "other"))),
            ("Freedom", "LOGIN 482913", Some(("482913", "login"))),
        ]);
    }

    /// The same context words in Russian and Kazakh: "Вход: 6630" is "Login: 6630".
    #[test]
    fn sign_in_and_verification_words_in_every_language_make_a_number_a_code() {
        check(&[
            (
                "Kaspi.kz",
                "Вход: 6630. Если курьер звонит и просит код, это мошенник.",
                Some(("6630", "login")),
            ),
            (
                "Kaspi.kz",
                "Вход в Kaspi.kz: 6630. Если звонит курьер и просит код — это мошенник.",
                Some(("6630", "login")),
            ),
            (
                "Kaspi.kz",
                "Код только для вас — не для курьера. Вход: 1208",
                Some(("1208", "login")),
            ),
            ("Halyk", "Аутентификация: 6630", Some(("6630", "login"))),
            (
                "Halyk",
                "Авторизация в Homebank 6630",
                Some(("6630", "login")),
            ),
            ("Halyk", "Верификация 6630", Some(("6630", "other"))),
            (
                "Halyk",
                "Двухфакторная аутентификация: 6630",
                Some(("6630", "login")),
            ),
            (
                "Kaspi.kz",
                "Кіру: 6630. Курьер қоңырау шалып код сұраса, бұл алаяқ.",
                Some(("6630", "login")),
            ),
            ("Kaspi.kz", "Kaspi.kz-ке кіру 6630", Some(("6630", "login"))),
            ("Halyk", "Екі факторлы: 6630", Some(("6630", "login"))),
            ("Kaspi.kz", "Kiru: 6630", Some(("6630", "login"))),
            ("Kaspi.kz", "Vhod: 6630", Some(("6630", "login"))),
            (
                "Kaspi.kz",
                "Login: 6630. If a courier calls and asks for the code, it is a scam.",
                Some(("6630", "login")),
            ),
            ("Kaspi.kz", "Вход: MWZB", Some(("MWZB", "login"))),
        ]);
    }

    /// A sign-in word names no code: a device model or an id near it is not one.
    #[test]
    fn sign_in_words_do_not_make_a_device_or_an_id_a_code() {
        check(&[
            (
                "Halyk",
                "Login from new device Samsung A515F. If it wasn't you, call 7111",
                None,
            ),
            (
                "Halyk",
                "Вход с нового устройства Samsung SM-A515F. Если это не вы, позвоните 7111",
                None,
            ),
            ("Halyk", "Жаңа құрылғыдан кіру: Samsung A515F", None),
            (
                "Halyk",
                "Выполнен вход в Homebank 12.05 в 14:32. Если это не вы, звоните 7111",
                None,
            ),
            ("Kundelik", "Ваш логин для входа: 41550219", None),
            (
                "Kundelik",
                "Логин ученика 41550219, вход через kundelik.kz",
                None,
            ),
            (
                "Kundelik",
                "Student login 41550219, sign in at kundelik.kz",
                None,
            ),
            // With a code beside it, the code is found.
            (
                "Halyk",
                "Вход с устройства Samsung A515F. Код: 4821",
                Some(("4821", "login")),
            ),
        ]);
    }

    #[test]
    fn words_that_only_contain_a_context_word_do_not() {
        check(&[
            ("Freedom", "Bowling lane 4821 has new pins", None),
            ("Freedom", "A gaping 4821", None),
            ("Freedom", "Backspin 4821", None),
            ("Freedom", "Tango 4821", None),
            ("Freedom", "Just a number 4821", None),
        ]);
    }
}

/// Kind 6: numbers that are never codes.
mod never_codes {
    use super::check;

    #[test]
    fn the_services_own_numbers_are_not_its_codes() {
        check(&[
            (
                "Kaspi.kz",
                "Никому не сообщайте код из SMS, вопросы по номеру 9999",
                None,
            ),
            (
                "1414",
                "Напоминаем: код из SMS нужен только вам, справки 1414",
                None,
            ),
            ("1414", "Если вам звонят и просят код, позвоните 1414", None),
            (
                "1414",
                "Кодты ешкімге айтпаңыз, сұрақтар бойынша 1414 нөміріне хабарласыңыз",
                None,
            ),
            ("Halyk", "Never share your code, questions: 7111", None),
            (
                "Kaspi.kz",
                "If anyone asks for your code, call us on 9999",
                None,
            ),
            ("Beeline", "Если код запрашивали не вы, позвоните 611", None),
            // The number is the code only right after its keyword.
            ("Halyk", "Код 7111", Some(("7111", "other"))),
        ]);
    }

    #[test]
    fn a_receipt_after_a_completed_payment_is_not_a_code() {
        check(&[
            (
                "Halyk",
                "Оплата 5 000 ₸ прошла успешно. Код операции 482913",
                None,
            ),
            ("Halyk", "5 000 ₸ төленді. Операция коды 482913", None),
            (
                "Halyk",
                "Payment of 5,000 KZT successful. Transaction code 482913",
                None,
            ),
            (
                "Kaspi.kz",
                "Покупка 3 200 ₸ выполнена успешно, код операции: 55120",
                None,
            ),
            ("Jusan", "Төлем сәтті өтті. Түбіртек коды: 55120", None),
            ("Freedom", "Purchase completed. Operation code 55120.", None),
        ]);
    }

    /// More receipts: transfers, "проведён" with ё, completions in other word orders.
    #[test]
    fn receipts_in_other_words_are_not_codes() {
        check(&[
            (
                "Kaspi.kz",
                "Transfer of 5,000 KZT completed. Transaction code 448120",
                None,
            ),
            (
                "Halyk",
                "Платёж 12 000 ₸ проведён. Код транзакции: 448120",
                None,
            ),
            (
                "Halyk",
                "Покупка 12 000 ₸ успешно совершена. Код авторизации 448120",
                None,
            ),
            (
                "Kaspi.kz",
                "Аударым 5 000 ₸ орындалды. Операция коды 448120",
                None,
            ),
            (
                "Halyk",
                "Oplata 12 000 KZT proshla uspeshno. Kod operacii 448120",
                None,
            ),
        ]);
    }

    /// A receipt's words in a message that asks for a code do not take the code away: a
    /// payment that "will" go through, a completed one followed by the code for the next.
    #[test]
    fn a_completed_or_future_payment_beside_a_new_code_keeps_the_code() {
        check(&[
            (
                "Halyk",
                "Код 448120. Оплата пройдет успешно только после ввода кода.",
                Some(("448120", "payment")),
            ),
            (
                "Halyk",
                "Предыдущая операция выполнена успешно. Код для новой операции: 448120",
                Some(("448120", "other")),
            ),
            (
                "Halyk",
                "Previous payment successful. Code for your next payment: 448120",
                Some(("448120", "payment")),
            ),
            (
                "Halyk",
                "Алдыңғы төлем сәтті өтті. Келесі төлемнің коды: 448120",
                Some(("448120", "payment")),
            ),
            (
                "Halyk",
                "Aldyngy tolem satti otti. Kelesi tolemnin kody: 448120",
                Some(("448120", "payment")),
            ),
            (
                "Halyk",
                "Төлем сәтті өтуі үшін кодты енгізіңіз: 448120",
                Some(("448120", "payment")),
            ),
            // The code after a receipt is its own only when labelled as one or bare.
            (
                "Halyk",
                "Оплата прошла успешно. Код для следующей оплаты: 448120",
                Some(("448120", "payment")),
            ),
            (
                "Halyk",
                "Payment successful. Code for the next payment: 448120",
                Some(("448120", "payment")),
            ),
        ]);
    }

    #[test]
    fn gift_and_promo_codes_are_not_codes() {
        check(&[
            (
                "Chocofamily",
                "Ваш подарочный сертификат на 10 000 ₸: код 5821 9931",
                None,
            ),
            ("Chocofamily", "Сыйлық сертификатының коды: 58219931", None),
            ("Chocofamily", "Your gift card code: 58219931", None),
            ("Arbuz", "Your promo code is WINTER24", None),
            ("Arbuz", "Промокод на скидку: 2024", None),
            ("Temu", "Coupon code 4821 gives 500 KZT off", None),
        ]);
    }

    #[test]
    fn exam_student_and_login_ids_are_not_codes() {
        check(&[
            ("Kolesa", "Your login ID is 48213", None),
            ("1414", "Код тестируемого: 482913. Приходите к 9:00", None),
            ("1414", "Емтихан коды 4821, аудитория 12", None),
            ("1414", "Student ID: 48213. Exam on 25.11", None),
            ("1414", "Exam code 4821, room 12", None),
            ("Kolesa", "Ваш логин: 482913", None),
        ]);
    }
}

/// A notice or a stale marker speaks of the code it stands by, not of every code in the
/// message: "the previous code is invalid, the new code is 4821" is a code.
mod old_codes_beside_a_new_one {
    use super::check;

    #[test]
    fn a_notice_about_an_earlier_code_keeps_the_new_code() {
        check(&[
            // Russian: in another sentence, and in the same sentence after "предыдущий".
            (
                "Halyk",
                "Старый код аннулирован. Код: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Предыдущий код недействителен. Новый код: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Срок действия кода истёк. Новый код: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Код 4821. Старые коды больше не действуют.",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Предыдущий код истёк, новый код: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Неверный код. Новый код: 4821",
                Some(("4821", "other")),
            ),
            // Kazakh, Cyrillic and Latin.
            (
                "Halyk",
                "Ескі код жарамсыз. Код: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Бұрынғы код жарамсыз. Жаңа код: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Код 4821. Алдыңғы кодтар жарамсыз.",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Алдыңғы код жарамсыз, жаңа код: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Kodtyn merzimi otti. Jana kod: 4821",
                Some(("4821", "other")),
            ),
            // English.
            (
                "Halyk",
                "Old code cancelled. Code: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Previous code is invalid. New code: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Last login failed. Code: 4821",
                Some(("4821", "login")),
            ),
            (
                "Halyk",
                "Your code has expired. New code: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Previous code has expired, new code: 4821",
                Some(("4821", "other")),
            ),
            (
                "Halyk",
                "Wrong code entered. Your new code is 4821",
                Some(("4821", "other")),
            ),
        ]);
    }

    #[test]
    fn a_notice_about_the_code_itself_still_takes_it_away() {
        check(&[
            ("Halyk", "Код 4821 истёк.", None),
            ("Halyk", "Код истёк: 4821", None),
            ("Halyk", "4821 коды жарамсыз.", None),
            ("Halyk", "Код 4821 мерзімі өтті.", None),
            ("Halyk", "Code expired: 4821", None),
            ("Halyk", "Too many attempts. Code 4821 is blocked", None),
            ("Halyk", "Неверный код. Осталось 2 попытки.", None),
        ]);
    }
}

/// Whole messages of every kind as services send them: codes with the purpose they name,
/// and notices, receipts, promos and chat that carry none.
mod realistic_messages {
    use super::check;

    #[test]
    fn codes() {
        check(&[
            ("Kaspi.kz", "Kaspi.kz: Никому не говорите код 4821. Его спрашивают только мошенники.", Some(("4821", "other"))),
            ("Halyk", "Halyk: 5813 - код для входа в Homebank. Не сообщайте его никому.", Some(("5813", "login"))),
            ("1414", "Ваш код подтверждения для eGov mobile: 8812. Код действителен 3 минуты.", Some(("8812", "gov_signin"))),
            ("Halyk", "Kod podtverzhdeniya: 4821. Nikomu ne soobshchayte etot kod.", Some(("4821", "other"))),
            ("Beeline", "Код для входа в Мой Beeline: 5512. Срок действия 5 мин.", Some(("5512", "login"))),
            ("Jusan", "Ваш пароль для входа: 8812", Some(("8812", "login"))),
            ("Kaspi.kz", "Қымбатты клиент! Сіздің растау кодыңыз 4821. Бұл кодты ешкімге бермеңіз.", Some(("4821", "other"))),
            ("OLX", "OLX: ваш код подтверждения 4821. Не сообщайте его продавцу или покупателю.", Some(("4821", "other"))),
            ("Tele2", "Tele2: Для замены SIM-карты сообщите код 4821 сотруднику салона.", Some(("4821", "sim_change"))),
            ("Halyk", "Код 4821. Если вы не запрашивали код, проигнорируйте это сообщение.", Some(("4821", "other"))),
            ("Kaspi.kz", "4821 - ваш код. Никому не сообщайте его.", Some(("4821", "other"))),
            ("Jusan", "Jusan: 25 000 ₸ аударымды растау үшін 4821 кодын енгізіңіз. Кодты ешкімге айтпаңыз.", Some(("4821", "transfer"))),
            ("BerekeBank", "Bereke Bank: Ваш одноразовый код 482913 для подтверждения платежа на сумму 10 000 KZT", Some(("482913", "payment"))),
            ("Freedom", "Freedom: Никому не сообщайте этот код: 4821, даже сотрудникам банка.", Some(("4821", "other"))),
            ("Kaspi.kz", "Never share this code: 4821. Kaspi will never call you to ask for it.", Some(("4821", "other"))),
            ("Kaspi.kz", "KASPI.KZ: KOD 4821. NIKOMU NE SOOBSHCHAITE", Some(("4821", "other"))),
            ("Kaspi.kz", "Vash kod: 4821. Ego sprashivayut tolko moshenniki", Some(("4821", "other"))),
            ("Halyk", "SMS-код: 4821", Some(("4821", "other"))),
            ("Halyk", "SMS kod 4821", Some(("4821", "other"))),
            ("Uber", "Your Uber code: 4821. Never share this code.", Some(("4821", "other"))),
            ("Binance", "Use 482913 as your verification code for Binance. Do not share this code with anyone, including Binance staff.", Some(("482913", "other"))),
            ("Kaspi.kz", "Ваш код: 4821\nНикому его не сообщайте.\nKaspi.kz", Some(("4821", "other"))),
            ("Kaspi.kz", "Kod: 4821. Bul kodty eshkimge aitpanyz, tipti Kaspi qyzmetkerine de.", Some(("4821", "other"))),
            ("Kaspi.kz", "Код для оплаты по QR: 4821", Some(("4821", "payment"))),
            ("Kaspi.kz", "Подтвердите вход в Kaspi Business кодом 4821", Some(("4821", "login"))),
            ("Kaspi.kz", "Код для получения кредита: 4821", Some(("4821", "other"))),
            ("Halyk", "Halyk Bank. Код: 4821. Сотрудники банка никогда не запрашивают коды из SMS. Будьте бдительны!", Some(("4821", "other"))),
            ("Halyk", "Kod 4821. Kurerlerge aitpañyz!", Some(("4821", "other"))),
            ("1414", "eGov: 4821 - sizdin bir rettik kodynyz. Ony eshkimge aitpanyz", Some(("4821", "gov_signin"))),
            ("Kaspi.kz", "Kaspi: Вы запросили код для входа. Код: 4821. Если это были не вы, срочно позвоните 9999", Some(("4821", "login"))),
            ("Kcell", "Kcell: Ваш код для доступа в личный кабинет: 4821", Some(("4821", "other"))),
            ("Kaspi.kz", "Код подтверждения: 4821. Никому не сообщайте, даже если звонят из Kaspi, службы доставки или полиции.", Some(("4821", "other"))),
            ("Halyk", "Homebank: перевод 50 000 ₸ Айдару К. Подтвердите кодом 4821", Some(("4821", "transfer"))),
            ("Halyk", "Homebank: қосымшаға кіру. Код 4821. Кодты ешкімге айтпаңыз: банк қызметкерлері оны ешқашан сұрамайды.", Some(("4821", "login"))),
            ("Jusan", "Jusan: Vvedite kod 4821 dlya podtverzhdeniya operatsii", Some(("4821", "other"))),
            ("Freedom", "Freedom Bank: card *1234 purchase 12.50 USD at AMAZON. Code: 482913", Some(("482913", "payment"))),
            ("Apple", "Your Apple ID Code is: 482913. Don't share it with anyone.", Some(("482913", "login"))),
            ("Microsoft", "Microsoft account security code: 4821", Some(("4821", "login"))),
            ("Kaspi.kz", "Сіздің кодыңыз 4821. Курьер, пошта немесе банк қызметкері сұраса да, айтпаңыз.", Some(("4821", "other"))),
            ("Kaspi.kz", "Your code 4821. Couriers will never ask for it. Delivery staff never need your SMS codes.", Some(("4821", "other"))),
            ("Amazon", "Your Amazon OTP is 123-456. Do not share it with anyone.", Some(("123456", "other"))),
            ("HDFC", "Dear Customer, use 482913 as OTP to login to NetBanking. Do not share. -HDFC Bank", Some(("482913", "login"))),
            ("ICICI", "OTP for txn of INR 500.00 at FLIPKART on card XX1234 is 782913. Valid for 10 mins.", Some(("782913", "payment"))),
            ("Swiggy", "Order #482913 delivery OTP: 4821", Some(("4821", "delivery"))),
            ("Zomato", "OTP for delivery of your order 48291371 is 4821. Share it with the delivery partner only.", Some(("4821", "delivery"))),
            ("Paytm", "482913 is your OTP. Valid for 10 min. For help call 1800-123-4567", Some(("482913", "other"))),
            ("Bolt", "Bolt: your code is 4821. Reply STOP to 1234 to unsubscribe.", Some(("4821", "other"))),
            ("Steam", "Steam Guard code: 4R7KQ", Some(("4R7KQ", "login"))),
            ("Telegram", "Telegram code: 48213\n\nYou can also tap on this link to log in:\nhttps://t.me/login/48213", Some(("48213", "login"))),
        ]);
    }

    #[test]
    fn not_codes() {
        check(&[
            (
                "Halyk",
                "Halyk: Пополнение 5 000 KZT. Баланс 12 345 KZT",
                None,
            ),
            (
                "Halyk",
                "Halyk: Ваша карта *4417 заблокирована. Разблокировка: 7111",
                None,
            ),
            (
                "Kaspi.kz",
                "Kaspi Red: до 20 000 ₸ на 3 месяца без переплат. Оформите в приложении.",
                None,
            ),
            (
                "Beeline",
                "Beeline: Ваш баланс 150 тг. Пополните на 1000 тг и получите 5 ГБ.",
                None,
            ),
            (
                "1414",
                "Ваша заявка на получение справки 002241583265 принята. Код услуги 4012.",
                None,
            ),
            (
                "Kaspi.kz",
                "Ваш заказ 482913 оформлен. Код заказа: 7712",
                None,
            ),
            ("Kolesa", "Объявление 4829137 снято с публикации.", None),
            (
                "Yandex",
                "Водитель приедет через 5 минут. Номер авто 123ABC02",
                None,
            ),
            (
                "Kaspi.kz",
                "Kaspi Пэй: покупка 3 500 ₸ в SMALL одобрена. Код авторизации 048213",
                None,
            ),
            (
                "Halyk",
                "Напоминаем: никогда не сообщайте коды из SMS третьим лицам. Halyk Bank",
                None,
            ),
            (
                "+77015550101",
                "Привет, код от домофона 4821, квартира 12",
                None,
            ),
            ("Kcell", "Kcell: Ваш PUK1: 48291376, PUK2: 12345678", None),
            (
                "Freedom",
                "Freedom: Ваш вклад пополнен на 100 000 ₸. Номер договора 4829137.",
                None,
            ),
            (
                "Tele2",
                "Tele2: Ваш номер 87475550101 успешно перенесён.",
                None,
            ),
            (
                "Arbuz",
                "Промокод ARBUZ500 даёт скидку 500 ₸ на первый заказ",
                None,
            ),
            (
                "Kaspi.kz",
                "Сегодня в 18:00 вебинар о безопасности. Ссылка: kaspi.kz/webinar/4821",
                None,
            ),
            (
                "Google",
                "Google: 2-Step Verification is now on for your account",
                None,
            ),
            (
                "Halyk",
                "Код 4821 больше не действителен. Запросите новый.",
                None,
            ),
            (
                "Halyk",
                "Вы ввели неверный код 3 раза. Вход заблокирован.",
                None,
            ),
        ]);
    }
}

/// Kind 7: the forms people really see.
mod forms {
    use super::check;

    #[test]
    fn kazakh_in_latin_letters_and_transliteration() {
        check(&[
            (
                "Kaspi.kz",
                "Rastaý kody: 4821. Ony eshkimge aıtpańyz.",
                Some(("4821", "other")),
            ),
            (
                "Kaspi.kz",
                "Kiru kody: 4821. Kodty eşkimge aitpañyz.",
                Some(("4821", "login")),
            ),
            (
                "1414",
                "egov.kz portalyna kirý úshin bir rettik qupıa sóz: 584201",
                Some(("584201", "gov_signin")),
            ),
            (
                "1414",
                "Bir rettik qūpia söz: 584201",
                Some(("584201", "gov_signin")),
            ),
            ("Halyk", "Kod dlya vkhoda 4821", Some(("4821", "login"))),
            (
                "Halyk",
                "Vash odnorazovyi parol: 4821",
                Some(("4821", "other")),
            ),
        ]);
    }

    #[test]
    fn caps_messages() {
        check(&[
            (
                "Halyk",
                "КОД ПОДТВЕРЖДЕНИЯ: 4821. НИКОМУ НЕ СООБЩАЙТЕ",
                Some(("4821", "other")),
            ),
            (
                "Google",
                "YOUR VERIFICATION CODE IS 482913",
                Some(("482913", "login")),
            ),
            ("Kaspi.kz", "РАСТАУ КОДЫ: 4821", Some(("4821", "other"))),
            ("Halyk", "КОД ДЛЯ ВХОДА: HX4R", Some(("HX4R", "login"))),
        ]);
    }

    #[test]
    fn codes_in_groups_of_any_split_and_nine_digits() {
        check(&[
            ("Halyk", "Код: 48-291-3", Some(("482913", "other"))),
            ("Halyk", "Code: 482 913", Some(("482913", "other"))),
            ("Halyk", "Код 48 29 13", Some(("482913", "other"))),
            ("Halyk", "Code 48-29-13", Some(("482913", "other"))),
            ("Halyk", "Код: 4829-13", Some(("482913", "other"))),
            ("Halyk", "Растау коды: 4-8-2-1", Some(("4821", "other"))),
            (
                "Halyk",
                "Код подтверждения: 482913705",
                Some(("482913705", "other")),
            ),
            (
                "Halyk",
                "Your code is 123 456 789",
                Some(("123456789", "other")),
            ),
        ]);
    }

    /// What phones and keyboards put into text: digits of other scripts, stress and keycap
    /// marks, hyphens and minus signs between digit groups, invisible characters inside
    /// words, look-alike letters.
    #[test]
    fn odd_unicode_in_codes_and_keywords() {
        check(&[
            ("Halyk", "Код: ٤٨٢١", Some(("4821", "other"))),
            (
                "Halyk",
                "Ваш код: ४८२१. Никому не сообщайте.",
                Some(("4821", "other")),
            ),
            ("Halyk", "Your code is ۴۸۲۱", Some(("4821", "other"))),
            ("Halyk", "Растау коды: ๔๘๒๑", Some(("4821", "other"))),
            (
                "Halyk",
                "Ко\u{301}д для вхо\u{301}да: 4\u{301}8\u{301}2\u{301}1",
                Some(("4821", "login")),
            ),
            (
                "Halyk",
                "Код: 4\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}2\u{FE0F}\u{20E3}1\u{FE0F}\u{20E3}",
                Some(("4821", "other")),
            ),
            ("Halyk", "Код: 482\u{2011}913", Some(("482913", "other"))),
            ("Halyk", "Code: 482\u{2212}913", Some(("482913", "other"))),
            (
                "Halyk",
                "Kiru kody: 482\u{2010}913",
                Some(("482913", "login")),
            ),
            (
                "Halyk",
                "Кіру коды: 48\u{2012}29\u{2012}13",
                Some(("482913", "login")),
            ),
            (
                "1414",
                "Кодты ешкімге айтпаңыз, курьер\u{200D}ге де: 4821",
                Some(("4821", "gov_signin")),
            ),
            (
                "Kaspi.kz",
                "Kaspi: c\u{043E}de 4821. Never share it, not even with a c\u{043E}urier.",
                Some(("4821", "other")),
            ),
            (
                "Kaspi.kz",
                "Код для получ\u{AD}ения посылки: 4821",
                Some(("4821", "delivery")),
            ),
        ]);
    }

    #[test]
    fn one_time_pins() {
        check(&[
            ("Halyk", "Ваш временный ePIN: 4821", Some(("4821", "other"))),
            ("Halyk", "One-time PIN: 482913", Some(("482913", "other"))),
            ("Halyk", "Бір реттік PIN-код: 4821", Some(("4821", "other"))),
            (
                "Halyk",
                "Одноразовый PIN-код для входа: 4821",
                Some(("4821", "login")),
            ),
            (
                "Halyk",
                "Your temporary PIN is 4821",
                Some(("4821", "other")),
            ),
            ("Halyk", "Уақытша PIN-код: 4821", Some(("4821", "other"))),
            // A card's PIN is not a one-time code.
            ("Halyk", "PIN-код для карты *4417 успешно установлен.", None),
            ("Halyk", "Ваш PIN-код: 4821", None),
        ]);
    }

    #[test]
    fn a_bare_number_from_a_service_is_a_code() {
        check(&[
            ("7111", "482913", Some(("482913", "other"))),
            ("Kaspi.kz", "4821", Some(("4821", "other"))),
            ("1414", " 5917 ", Some(("5917", "gov_signin"))),
            ("Halyk", "48 29 13", Some(("482913", "other"))),
            ("Steam", "48213.", Some(("48213", "login"))),
            // From a person it is not; too short or too long it is not.
            ("+77015550101", "4821", None),
            ("Kaspi.kz", "482", None),
            ("Kaspi.kz", "4829137100124", None),
        ]);
    }

    /// Google's and Facebook's prefixes label digits: letters glued to a prefix are no code
    /// (these once panicked: the prefix lies inside the token it labels), in any language and
    /// wherever a keyword stands.
    #[test]
    fn a_service_prefix_labels_digits_only() {
        check(&[
            (
                "Google",
                "G-418203 is your Google verification code.",
                Some(("418203", "login")),
            ),
            (
                "Google",
                "G-418203 — ваш код подтверждения Google.",
                Some(("418203", "login")),
            ),
            (
                "Google",
                "G-418203 — Google растау коды.",
                Some(("418203", "login")),
            ),
            ("1414", "G-0order #Ваш", None),
            ("Google", "G-xyzw is your code", None),
            ("Facebook", "FB-abcd — ваш код", None),
            ("Facebook", "FB-pin растау коды", None),
        ]);
    }

    /// A code of letters and digits has four to eight characters, as every code, counted
    /// without a service prefix: "G-i19" gave the code "i19" (found by the property test, from
    /// "G-ⁱ¹٩" folded).
    #[test]
    fn letters_and_digits_need_four_characters() {
        check(&[
            ("Google", "G-i19", None),
            ("Google", "Код: G-a19", None),
            ("Google", "G-a19 is your code", None),
            ("Google", "G-ⁱ¹٩ растау коды", None),
            ("Facebook", "FB-x7z — ваш код", None),
            ("Kaspi.kz", "Ваш код A19K", Some(("A19K", "other"))),
            ("Halyk", "Your code is 4B2X", Some(("4B2X", "other"))),
        ]);
    }
}

/// Kind 8: a hidden body is the platform saying "this is a code".
mod hidden_body {
    use super::DETECTOR;

    #[test]
    fn a_hidden_body_is_a_code_whatever_the_sender() {
        let rows = [
            ("Kaspi.kz", "other"),
            ("Halyk", "other"),
            ("1414", "gov_signin"),
            ("eGov", "gov_signin"),
            // A contact name holding a registered short number is that sender.
            ("ЦОН 1414", "gov_signin"),
            ("Мой банк", "other"),
            ("Beeline", "other"),
            ("Telegram", "login"),
            ("Kazpost", "delivery"),
            ("+77015550101", "other"),
            ("", "other"),
        ];
        for (sender, purpose) in rows {
            let c = DETECTOR.classify(sender, None);
            assert!(c.is_otp, "{sender}: {c:?}");
            assert!(c.code.is_none(), "{sender}: {c:?}");
            assert_eq!(
                c.purpose.map(|p| p.as_str()),
                Some(purpose),
                "{sender}: {c:?}"
            );
            assert!(
                c.reasons.iter().any(|r| r == "body_hidden"),
                "{sender}: {c:?}"
            );
        }
    }
}

/// Invisible characters inside a code or a keyword: every kind of them, in each language.
/// The directional isolates (`U+2066…U+2069`, what Android's `BidiFormatter` wraps numbers in)
/// and the Arabic letter mark were kept in the text, so `48\u{2066}21` was no code and the
/// warning never came; later the rest of Unicode's default-ignorable characters (Hangul
/// fillers, tag characters, Mongolian variation selectors, the deprecated format characters)
/// and control characters (a NUL from Java, an escape) did the same.
#[test]
fn invisible_characters_inside_a_code_or_a_keyword_are_no_part_of_it() {
    const INVISIBLE: [char; 33] = [
        '\u{00AD}',
        '\u{061C}',
        '\u{200B}',
        '\u{200E}',
        '\u{202A}',
        '\u{202E}',
        '\u{2060}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{FEFF}',
        '\u{034F}',
        '\u{115F}',
        '\u{1160}',
        '\u{17B4}',
        '\u{180B}',
        '\u{180F}',
        '\u{206A}',
        '\u{3164}',
        '\u{FFA0}',
        '\u{FFF0}',
        '\u{1BCA0}',
        '\u{1D173}',
        '\u{E0001}',
        '\u{E0041}',
        '\u{E0100}',
        '\u{0}',
        '\u{7}',
        '\u{1B}',
        '\u{7F}',
        '\u{9B}',
        '\u{8}',
    ];
    let templates: [(&str, &str, &str); 3] = [
        (
            "1414",
            "Код для входа на портал eGov: 48{x}21. Никому не сообщайте этот код.",
            "gov_signin",
        ),
        (
            "1414",
            "eGov: порталға кіру ко{x}ды 48{x}21. Кодты ешкімге айтпаңыз.",
            "gov_signin",
        ),
        (
            "Kaspi.kz",
            "Your Kaspi.kz sign-in co{x}de is 48{x}21. Do not share it.",
            "login",
        ),
    ];
    let mut failures = Vec::new();
    for x in INVISIBLE {
        for (sender, template, purpose) in templates {
            let body = template.replace("{x}", &x.to_string());
            let got = DETECTOR.classify(sender, Some(&body));
            let code = got.code.as_ref().map(|c| c.expose().clone());
            if !got.is_otp
                || code.as_deref() != Some("4821")
                || got.purpose.map(|p| p.as_str()) != Some(purpose)
            {
                failures.push(format!("U+{:04X} in {body:?}: {got:?}", x as u32));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A person whose number holds a registered short number (1414, 7111, 1499) as one of its
/// groups, written with any separator a phone or a person uses — underscores, en or em dashes,
/// thin spaces, brackets — is a person: the digits of their message are no eGov, Halyk or
/// Kazpost code. Underscores and dashes other than `-` split the number once, and
/// "+7_701_555_1414" was 1414. The services' own senders, and contact names that hold their
/// short number, still are.
#[test]
fn a_short_number_inside_a_persons_number_written_any_way_is_no_service() {
    let people = [
        "+7_701_555_1414",
        "+7\u{2013}701\u{2013}555\u{2013}1414",
        "8\u{2014}701\u{2014}555\u{2014}7111",
        "+7 701 555\u{2009}1499",
        "(+7) 701 555 7111",
    ];
    let bodies = ["Код 4821", "Кодың: 4821", "Code 4821"];
    let mut rows: Vec<Row> = Vec::new();
    for sender in people {
        for body in bodies {
            rows.push((sender, body, None));
        }
    }
    for (sender, purpose) in [
        ("eGov_1414", "gov_signin"),
        ("ЦОН\u{2013}1414", "gov_signin"),
        ("1414 eGov", "gov_signin"),
    ] {
        for body in bodies {
            rows.push((sender, body, Some(("4821", purpose))));
        }
    }
    check(&rows);
}
