#!/usr/bin/env bash
# SMS Guard build entry point.
#   ./build.sh demo [--lang kk|ru|en]   replay the bundled scam stories and show the warnings
#   ./build.sh test                     every check: fmt, clippy, Rust tests, JNI bridge through a
#                                       real JVM, Android target checks, Robolectric shell tests
#   ./build.sh android                  libsmsguard.so for the four Android ABIs (needs an NDK)
#   ./build.sh bench                    the criterion and JVM benchmarks whose figures README quotes
# On a fresh machine it installs what it needs (Rust components and targets, Debian packages,
# Maven dependencies) and says so.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"

say() { printf '==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/bridge.sh
source scripts/bridge.sh
# shellcheck source=scripts/sysroot.sh
source scripts/sysroot.sh
# shellcheck source=scripts/android.sh
source scripts/android.sh

ensure_rust() {
    command -v cargo >/dev/null 2>&1 || die "cargo is not installed: install Rust with rustup (https://rustup.rs), then run again"
    if command -v rustup >/dev/null 2>&1; then
        local have
        have="$(rustup component list --installed 2>/dev/null || true)"
        for component in rustfmt clippy; do
            if ! grep -q "^$component" <<<"$have"; then
                say "installing the Rust component $component"
                rustup component add "$component"
            fi
        done
    fi
}

cmd_test() {
    ensure_rust
    say "cargo fmt --check"
    cargo fmt --all -- --check
    say "cargo clippy (all crates, all targets, warnings are errors)"
    cargo clippy --workspace --all-targets --quiet -- -D warnings
    say "Rust tests: core and CLI (corpora, properties, state, concurrency, scan)"
    cargo test --workspace --exclude smsguard-jni
    say "JNI bridge: host libsmsguard.so in a real JVM, and the Android targets"
    bridge_test
    say "Android shell: Robolectric on the JVM"
    android_shell_test
    say "all tests passed"
}

cmd_demo() {
    ensure_rust
    cargo build --release --quiet -p smsguard
    "$ROOT/target/release/smsguard" demo "$@"
}

cmd_android() {
    ensure_rust
    bridge_android
}

cmd_bench() {
    ensure_rust
    say "criterion benchmarks: detector, guard, classify and scan throughput"
    cargo bench -p smsguard-core -p smsguard
    say "JVM benchmarks: JNI round trip, library load, .so size"
    bridge_bench
}

case "${1:-}" in
    demo) shift; cmd_demo "$@" ;;
    test) shift; cmd_test "$@" ;;
    android) shift; cmd_android "$@" ;;
    bench) shift; cmd_bench "$@" ;;
    *) die "usage: ./build.sh demo [--lang kk|ru|en] | test | android | bench" ;;
esac
