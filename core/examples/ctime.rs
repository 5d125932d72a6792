fn main() {
    let p = smsguard_core::RulePack::embedded();
    let mut best = std::time::Duration::MAX;
    for _ in 0..std::env::var("N").map(|v| v.parse().unwrap()).unwrap_or(20) { let t = std::time::Instant::now(); let _d = smsguard_core::Detector::new(&p).unwrap(); best = best.min(t.elapsed()); }
    let d = smsguard_core::Detector::new(&p).unwrap();
    let corpus = std::fs::read_to_string("tests/corpus/sms.jsonl").unwrap();
    let msgs: Vec<(String, Option<String>)> = corpus.lines().map(|l| { let v: serde_json::Value = serde_json::from_str(l).unwrap(); (v["sender"].as_str().unwrap().to_string(), v["body"].as_str().map(str::to_string)) }).collect();
    for (s, b) in &msgs { d.classify(s, b.as_deref()); }
    let t = std::time::Instant::now();
    for _ in 0..std::env::var("R").map(|v| v.parse().unwrap()).unwrap_or(20) { for (s, b) in &msgs { d.classify(s, b.as_deref()); } }
    let per = t.elapsed() / (std::env::var("R").map(|v| v.parse().unwrap()).unwrap_or(20) * msgs.len() as u32);
    println!("detector new min {best:?}; classify mean {per:?}");
}
