use regex_automata::{meta, Input, nfa::thompson::WhichCaptures};
fn main() {
    let p = smsguard_core::RulePack::embedded();
    let k = &p.keywords;
    let letter = r"[a-z\x{00C0}-\x{024F}\x{0400}-\x{052F}]";
    let edge = r"(?:$|[^0-9a-z\x{00C0}-\x{024F}\x{0400}-\x{052F}])";
    let corpus = std::fs::read_to_string("tests/corpus/sms.jsonl").unwrap();
    let texts: Vec<String> = corpus.lines().filter_map(|l| { let v: serde_json::Value = serde_json::from_str(l).unwrap(); v["body"].as_str().map(|b| smsguard_core::text::fold(b).lower) }).collect();
    let mut cats: Vec<(&str, Vec<(String, bool)>)> = vec![];
    for (n, rules) in [("otp", &k.otp), ("follows", &k.code_follows), ("caution", &k.caution), ("nck", &k.not_code_keyword), ("ncb", &k.not_code_before), ("ncs", &k.not_code_span), ("notp", &k.not_otp), ("stb", &k.stale_before), ("sta", &k.stale_after)] {
        cats.push((n, rules.iter().map(|r| (r.pattern.clone(), r.prefix)).collect()));
    }
    cats.push(("purposes", k.purposes.iter().map(|r| (r.pattern.clone(), r.prefix)).collect()));
    let bodies: Vec<String> = corpus.lines().filter_map(|l| { let v: serde_json::Value = serde_json::from_str(l).unwrap(); v["body"].as_str().map(str::to_string) }).collect();
    let t0 = std::time::Instant::now();
    for _ in 0..10 { for b in &bodies { std::hint::black_box(smsguard_core::text::fold(b)); } }
    println!("fold/msg {:?}", t0.elapsed() / (10 * bodies.len() as u32));
    for (n, pats) in &cats {
        let pats: Vec<String> = pats.iter().map(|(p, pre)| { let b = p.replace(r"\p{L}", letter); if *pre { b } else { format!("(?:{b}){edge}") } }).collect();
        let t = std::time::Instant::now();
        let re = meta::Builder::new().configure(meta::Config::new().which_captures(WhichCaptures::Implicit)).build_many(&pats).unwrap();
        let build = t.elapsed();
        for t in &texts { let _ = re.find_iter(t.as_str()).count(); }
        let t0 = std::time::Instant::now();
        for _ in 0..10 { for t in &texts { let _ = re.find_iter(Input::new(t.as_str())).count(); } }
        println!("{n:10} build {build:>10.2?}  search/msg {:>8.2?}", t0.elapsed() / (10 * texts.len() as u32));
    }
}
#[allow(dead_code)]
fn unused() {}
