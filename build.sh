#!/usr/bin/env bash
# SMS Guard build entry point.
#   ./build.sh demo [--lang kk|ru|en]   replay the bundled scam stories and show the warnings
#   ./build.sh test                     every check: fmt, clippy, Rust tests, the crates on their
#                                       oldest Rust, JNI bridge through a real JVM, the shipped arm64
#                                       library's checks, Robolectric shell tests, their compiled
#                                       manifest, the API-level lint
#   ./build.sh apk [--debug]            a signed APK with the four ABIs, every check passed
#                                       (target/apk/smsguard-<version>.apk; see scripts/apk.sh)
#   ./build.sh android                  libsmsguard.so for the four Android ABIs into
#                                       android/app/src/main/jniLibs (the NDK if ANDROID_NDK_HOME
#                                       is set, else the project's own sysroot)
#   ./build.sh bench                    the criterion and JVM benchmarks whose figures README quotes
# On a fresh machine it installs what it needs (Rust components and targets, Debian packages,
# Maven dependencies) and says so; what it cannot install fails the run, naming it.
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
# shellcheck source=scripts/apk.sh
source scripts/apk.sh

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
    # A test run builds everything once, so Cargo's incremental caches (over a gigabyte in
    # target/debug/incremental) buy nothing and can fill a small CI disk; set CARGO_INCREMENTAL=1 to keep them.
    export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
    disk_space_check "$ROOT" 4
    say "cargo fmt --check"
    cargo fmt --all -- --check
    say "cargo clippy (all crates, all targets, warnings are errors)"
    cargo clippy --workspace --all-targets --quiet -- -D warnings
    say "Rust tests: core and CLI (corpora, properties, state, concurrency, scan)"
    cargo test --workspace --exclude smsguard-jni
    rust_version_floor
    say "APK tools: the API-level lint on its fixtures, the resource step, the zip writer, the APK check, the signing key checks"
    apk_quick_checks
    say "JNI bridge: host libsmsguard.so in a real JVM, and the Android targets"
    bridge_test
    say "Android shell: Robolectric on the JVM, then its compiled manifest and the API-level lint on its classes"
    android_shell_test
    apk_check_app
    say "all tests passed"
}

# Warns, before minutes of building, when the disk holding DIR has less than GB gigabytes free:
# a clean `./build.sh test` needs about 4 GB (README, under the build commands), and a full disk
# otherwise shows up late as a compiler's "No space left on device".
disk_space_check() {
    local dir="$1" need_gb="$2" free_kb
    free_kb="$(df -Pk "$dir" 2>/dev/null | awk 'NR == 2 { print $4 }')"
    [ -n "$free_kb" ] || return 0
    if [ "$free_kb" -lt $((need_gb * 1024 * 1024)) ]; then
        printf 'build.sh: warning: %s MB free on the disk of %s; a clean test run needs about %s GB (it may fail with "No space left on device")\n' \
            "$((free_kb / 1024))" "$dir" "$need_gb" >&2
    fi
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

cmd_apk_build() {
    ensure_rust
    cmd_apk "$@"
}

# The crates' declared `rust-version` (Cargo.toml) is true: `cargo check` of every crate's
# libraries and binaries with that toolchain (rustup fetches it, minimal profile). Tests and
# benchmarks are left out: their dev-dependencies (proptest, criterion) need newer Rust, and
# rust-version promises nothing for them.
rust_version_floor() {
    local floor
    floor="$(sed -n '/^\[workspace.package\]/,/^\[/s/^rust-version *= *"\(.*\)".*/\1/p' Cargo.toml)"
    [ -n "$floor" ] || die "no rust-version in Cargo.toml [workspace.package]"
    if ! rustup run "$floor" rustc -V >/dev/null 2>&1; then
        say "rustup toolchain install $floor --profile minimal (the declared oldest Rust)"
        rustup toolchain install "$floor" --profile minimal ||
            die "missing Rust $floor (rust-version in Cargo.toml), and rustup could not fetch it"
    fi
    say "cargo +$floor check --workspace (rust-version, the oldest Rust the crates promise to build with)"
    CARGO_TARGET_DIR="$ROOT/target/rust-version" cargo "+$floor" check --quiet --workspace
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
    apk) shift; cmd_apk_build "$@" ;;
    bench) shift; cmd_bench "$@" ;;
    *) die "usage: ./build.sh demo [--lang kk|ru|en] | test | apk [--debug] | android | bench" ;;
esac
