# shellcheck shell=bash
# The JNI bridge (android/bridge, crate smsguard-jni, libsmsguard.so). Sourced by build.sh:
#   bridge_test     `./build.sh test`: clippy, cargo check + clippy for the four Android targets,
#                   then the JVM tests (Maven, JUnit 5) against the host library. Ends with
#                   Surefire's summary line.
#   bridge_android  `./build.sh android`: the release libraries for arm64-v8a, armeabi-v7a,
#                   x86_64 and x86 into android/app/src/main/jniLibs (needs an Android NDK).
#   bridge_bench    JMH benchmarks (round trip vs no-op, load + open) and library sizes.
#
# What it installs when missing, and says so: the four Android Rust targets (rustup), a JDK 17
# and Maven (apt-get), Kotlin/JUnit/Gson/JMH (Maven Central, cached in ~/.m2 after the first
# run), and cargo-ndk (crates.io) when an NDK is present.

_bridge_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd); }

_bridge_say() { printf '==> bridge: %s\n' "$*"; }

_bridge_target_dir() { printf '%s' "${CARGO_TARGET_DIR:-$(_bridge_root)/target}"; }

_bridge_pom() { printf '%s/android/bridge/jvm-tests/pom.xml' "$(_bridge_root)"; }

# Rust targets and the Android ABI directory names they build, in the same order.
BRIDGE_RUST_TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android)
BRIDGE_ABIS=(arm64-v8a armeabi-v7a x86_64 x86)
# Google Play requires 16 KB page alignment for Android 15+ devices. Android's packed
# relocations (API 23+; the app's minSdk is 26) shrink the relocation table from ~40 KB to ~3 KB.
BRIDGE_LINK_FLAGS="-C link-arg=-Wl,-z,max-page-size=16384 -C link-arg=-Wl,--pack-dyn-relocs=android"
# The app's minSdk: the NDK API level the libraries link against.
BRIDGE_API_LEVEL=26

# apt-get install, as root or through sudo.
_bridge_apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "bridge: need root or sudo to install: $*" >&2; return 1; }
        sudo="sudo"
    fi
    if [ -z "${_BRIDGE_APT_UPDATED:-}" ]; then
        _bridge_say "apt-get update"
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
        _BRIDGE_APT_UPDATED=1
    fi
    _bridge_say "apt-get install $*"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# A JDK (javac for the Java tests, JMH's annotation processor) and Maven.
bridge_jvm_deps() {
    local missing=()
    command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null 2>&1 || missing+=(maven)
    if [ "${#missing[@]}" -gt 0 ]; then
        _bridge_say "installing ${missing[*]} (the JVM tests run in a real JVM, built by Maven)"
        _bridge_apt_install "${missing[@]}" || return 1
    fi
}

# Adds the Android Rust targets that are missing. Sets BRIDGE_READY_TARGETS to those present;
# a target rustup cannot fetch is named and left out, never fatal.
bridge_targets() {
    local installed t
    BRIDGE_READY_TARGETS=()
    installed="$(rustup target list --installed 2>/dev/null)"
    for t in "${BRIDGE_RUST_TARGETS[@]}"; do
        if grep -qx "$t" <<<"$installed"; then
            BRIDGE_READY_TARGETS+=("$t")
        else
            _bridge_say "rustup target add $t (standard library for the Android check)"
            if rustup target add "$t"; then
                BRIDGE_READY_TARGETS+=("$t")
            else
                _bridge_say "SKIPPED: rustup could not fetch the $t standard library; its check does not run"
            fi
        fi
    done
}

# cargo check and clippy of the bridge for each Android target, so Android-only compile errors
# (android_logger, jni's Android paths, the core's dependencies) fail here. No NDK needed:
# checking compiles Rust only and links nothing.
bridge_android_check() {
    local root t
    root="$(_bridge_root)"
    bridge_targets
    for t in "${BRIDGE_READY_TARGETS[@]}"; do
        _bridge_say "cargo check + clippy -p smsguard-jni --target $t"
        (cd "$root" && cargo check --quiet -p smsguard-jni --target "$t") || return 1
        (cd "$root" && cargo clippy --quiet -p smsguard-jni --target "$t" -- -D warnings) || return 1
    done
}

# The host library with the test hooks, and the CLI the verdict comparison runs, in the
# workspace's bridge-test profile (optimised, debug assertions and trace logging kept) and its
# own directory, target/bridge-test, so the app's tests keep their plain target/debug library.
bridge_host_build() {
    local root
    root="$(_bridge_root)"
    _bridge_say "clippy (host, with test hooks)"
    (cd "$root" && cargo clippy --quiet -p smsguard-jni --all-targets --features test-hooks -- -D warnings) || return 1
    _bridge_say "cargo build --profile bridge-test -p smsguard-jni --features test-hooks -p smsguard"
    (cd "$root" && cargo build --quiet --profile bridge-test \
        -p smsguard-jni --features smsguard-jni/test-hooks -p smsguard) || return 1
}

bridge_test() {
    local root target
    root="$(_bridge_root)"
    target="$(_bridge_target_dir)"
    bridge_jvm_deps || return 1
    bridge_host_build || return 1
    bridge_android_check || return 1
    _bridge_say "JVM tests: mvn -f android/bridge/jvm-tests/pom.xml test (loads $target/bridge-test/libsmsguard.so)"
    mvn -B -ntp -f "$(_bridge_pom)" \
        -Drepo.root="$root" \
        -Dsmsguard.lib.dir="$target/bridge-test" \
        -Dsmsguard.cli="$target/bridge-test/smsguard" \
        test
}

# The env variable cargo reads for one target's rustflags, e.g. CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS.
_bridge_rustflags_var() { printf 'CARGO_TARGET_%s_RUSTFLAGS' "$(tr 'a-z-' 'A-Z_' <<<"$1")"; }

bridge_android() {
    local root out i t
    root="$(_bridge_root)"
    out="$root/android/app/src/main/jniLibs"
    if [ -z "${ANDROID_NDK_HOME:-}" ] || [ ! -d "${ANDROID_NDK_HOME:-}/toolchains/llvm/prebuilt" ]; then
        {
            echo "bridge: cannot build libsmsguard.so for Android: no Android NDK."
            if [ -z "${ANDROID_NDK_HOME:-}" ]; then
                echo "  ANDROID_NDK_HOME is not set."
            else
                echo "  ANDROID_NDK_HOME=$ANDROID_NDK_HOME has no toolchains/llvm/prebuilt (not an NDK)."
            fi
            echo "  Missing: the NDK's clang linker and Android sysroot (libc, liblog) for the four ABIs."
            echo "  Install NDK r27 or newer (Android Studio > SDK Manager > SDK Tools > NDK (Side by side),"
            echo "  or: sdkmanager 'ndk;28.2.13676358'), then:"
            echo "    export ANDROID_NDK_HOME=\$ANDROID_HOME/ndk/<version>"
            echo "    ./build.sh android"
            echo "  Everything else is fetched by this step: the Rust targets (rustup) and cargo-ndk (crates.io)."
        } >&2
        return 1
    fi
    bridge_targets
    if [ "${#BRIDGE_READY_TARGETS[@]}" -ne "${#BRIDGE_RUST_TARGETS[@]}" ]; then
        echo "bridge: not every Android Rust target is installed; see the SKIPPED lines above" >&2
        return 1
    fi
    if ! command -v cargo-ndk >/dev/null 2>&1; then
        _bridge_say "cargo install --locked cargo-ndk (drives the NDK linker for each ABI)"
        cargo install --locked cargo-ndk || return 1
    fi
    for t in "${BRIDGE_RUST_TARGETS[@]}"; do
        export "$(_bridge_rustflags_var "$t")=$BRIDGE_LINK_FLAGS"
    done
    _bridge_say "cargo ndk: profile release-android, API $BRIDGE_API_LEVEL, 16 KB pages, packed relocations, into $out"
    (cd "$root" && cargo ndk -P "$BRIDGE_API_LEVEL" \
        -t arm64-v8a -t armeabi-v7a -t x86_64 -t x86 \
        -o "$out" build -p smsguard-jni --profile release-android) || return 1
    for i in "${!BRIDGE_ABIS[@]}"; do
        _bridge_say "$(printf '%-12s %9d bytes' "${BRIDGE_ABIS[$i]}" "$(stat -c %s "$out/${BRIDGE_ABIS[$i]}/libsmsguard.so")")"
        _bridge_check_log_cap "$out/${BRIDGE_ABIS[$i]}/libsmsguard.so" || return 1
    done
    _bridge_check_alignment "$out" || return 1
}

# Release builds keep no log call below info: the bridge's trace-level timing line (" µs")
# must be compiled out of the library.
_bridge_check_log_cap() {
    if grep -q -a ' µs' "$1"; then
        echo "bridge: $1 still has trace-level logging; release builds must cap the level at info" >&2
        return 1
    fi
}

# Every LOAD segment of the 64-bit libraries must be aligned to 16 KB (0x4000) or more.
_bridge_check_alignment() {
    local readelf abi align
    readelf="$(ls "$ANDROID_NDK_HOME"/toolchains/llvm/prebuilt/*/bin/llvm-readelf 2>/dev/null | head -n 1)"
    [ -n "$readelf" ] || { _bridge_say "no llvm-readelf in the NDK; alignment not verified"; return 0; }
    for abi in arm64-v8a x86_64; do
        align="$("$readelf" -lW "$1/$abi/libsmsguard.so" | awk '$1 == "LOAD" { print $NF }' | sort -u)"
        for a in $align; do
            if [ $((a)) -lt 16384 ]; then
                echo "bridge: $abi/libsmsguard.so has a LOAD segment aligned to $a, not 16 KB" >&2
                return 1
            fi
        done
        _bridge_say "$abi: LOAD segments aligned to $(tr '\n' ' ' <<<"$align")"
    done
}

# JMH: one SMS round trip vs the no-op call carrying the same strings, and a fresh JVM's
# library load + guard open, on the library as it ships (profile release-android) plus the
# test hooks. Then the sizes of the shipped library (bridge_sizes). Results go to
# target/bridge-bench/: jmh.txt, jmh.json, sizes.txt.
bridge_bench() {
    local root target out cp
    root="$(_bridge_root)"
    target="$(_bridge_target_dir)"
    out="$target/bridge-bench"
    mkdir -p "$out"
    bridge_jvm_deps || return 1
    _bridge_say "cargo build --profile release-android -p smsguard-jni --features test-hooks"
    (cd "$root" && cargo build --quiet --profile release-android -p smsguard-jni --features test-hooks) || return 1
    rm -rf "$out/lib" && mkdir -p "$out/lib" && cp "$target/release-android/libsmsguard.so" "$out/lib/"
    _bridge_say "compiling the benchmarks (mvn test-compile) and writing their classpath"
    mvn -B -ntp -q -f "$(_bridge_pom)" -Drepo.root="$root" test-compile \
        dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" || return 1
    cp="$root/android/bridge/jvm-tests/target/test-classes:$root/android/bridge/jvm-tests/target/classes:$(cat "$out/classpath.txt")"
    _bridge_say "JMH (about 3 minutes on 2 cores; the forks inherit -Djava.library.path)"
    java -Djava.library.path="$out/lib" -cp "$cp" org.openjdk.jmh.Main \
        -rf json -rff "$out/jmh.json" kz.smsguard.bench | tee "$out/jmh.txt" || return 1
    bridge_sizes "$out"
}

# Sizes of the release library as it ships (profile release-android, no test hooks, stripped):
# for the host, and for arm64-v8a. Without an NDK the arm64 figure is an estimate: the library
# is linked by rust-lld against empty stand-ins for libc, libm, libdl, liblog and libunwind, so
# it lacks the NDK's libunwind (some tens of KB) and cannot be loaded; with an NDK, run
# bridge_android for the real ones.
bridge_sizes() {
    local root target out stub lld arm64
    root="$(_bridge_root)"
    target="$(_bridge_target_dir)"
    out="${1:-$target/bridge-bench}"
    mkdir -p "$out"
    _bridge_say "cargo build --profile release-android -p smsguard-jni (host)"
    (cd "$root" && cargo build --quiet --profile release-android -p smsguard-jni) || return 1
    _bridge_check_log_cap "$target/release-android/libsmsguard.so" || return 1
    printf 'x86_64 (host)          %9d bytes\n' "$(stat -c %s "$target/release-android/libsmsguard.so")" | tee "$out/sizes.txt"

    bridge_targets
    printf '%s\n' "${BRIDGE_READY_TARGETS[@]}" | grep -qx aarch64-linux-android || return 0
    lld="$(ls "$(rustc --print sysroot)"/lib/rustlib/*/bin/rust-lld 2>/dev/null | head -n 1)"
    [ -n "$lld" ] || { _bridge_say "no rust-lld in the toolchain: arm64 size not estimated"; return 0; }
    stub="$target/bridge-size/ndk-stub"
    mkdir -p "$stub"
    for l in libc.so libm.so libdl.so liblog.so libunwind.a; do
        echo "/* stand-in: resolved on the device */" >"$stub/$l"
    done
    _bridge_say "arm64-v8a estimate: cargo build --profile release-android --target aarch64-linux-android (rust-lld, stub libraries)"
    (cd "$root" && CARGO_TARGET_DIR="$target/bridge-size" \
        CARGO_TARGET_AARCH64_LINUX_ANDROID_LINKER="$lld" \
        CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS="-C linker-flavor=ld.lld -C link-arg=-L$stub -C link-arg=-zmax-page-size=16384 -C link-arg=--pack-dyn-relocs=android" \
        cargo build --quiet --profile release-android -p smsguard-jni --target aarch64-linux-android) || return 1
    arm64="$target/bridge-size/aarch64-linux-android/release-android/libsmsguard.so"
    _bridge_check_log_cap "$arm64" || return 1
    printf 'arm64-v8a (estimate)   %9d bytes (budget 1048576)\n' "$(stat -c %s "$arm64")" | tee -a "$out/sizes.txt"
}
