//! Embeds the rule pack (`rules/*.json`) without the whitespace between JSON tokens. The
//! files stay pretty-printed for people; the binary carries them compact, since the Android
//! library has a size budget (1 MiB, see `android/bridge/README.md`) and the indentation
//! alone was ~8 KB of it.

use std::path::Path;

const FILES: [&str; 5] = [
    "pack.json",
    "keywords.json",
    "senders.json",
    "policy.json",
    "warnings.json",
];

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let rules = Path::new(&manifest).join("../rules");
    for file in FILES {
        let path = rules.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        std::fs::write(Path::new(&out).join(file), compact(&text))
            .unwrap_or_else(|e| panic!("cannot write {file} to OUT_DIR: {e}"));
    }
}

/// The JSON text without whitespace outside strings. Invalid JSON stays invalid, so loading
/// still reports it (the files on disk are checked by `rules::tests` and `smsguard rules check`).
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}
