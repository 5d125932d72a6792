# shellcheck shell=bash
# The JNI bridge (android/bridge, crate smsguard-jni, libsmsguard.so). Sourced by build.sh:
#   bridge_test     `./build.sh test`: clippy, cargo check + clippy for the four Android targets,
#                   the JVM tests (Maven, JUnit 5) against the host library, then the shipped
#                   build's checks: arm64 size budget, JVM tests again. Ends with Surefire's
#                   summary line.
#   bridge_android  `./build.sh android`: the release libraries for arm64-v8a, armeabi-v7a,
#                   x86_64 and x86 into android/app/src/main/jniLibs (needs an Android NDK).
#   bridge_bench    JMH benchmarks (round trip vs no-op, load + open) and library sizes.
#
# What it installs when missing, and says so: the four Android Rust targets (rustup), the pinned
# nightly toolchain with rust-src that builds the shipped library (rustup), a JDK 17 and Maven,
# clang and arm64 libc headers for the size estimate (apt-get), Kotlin/JUnit/Gson/JMH (Maven
# Central, cached in ~/.m2 after the first run), and cargo-ndk (crates.io) when an NDK is present.

_bridge_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd); }

_bridge_say() { printf '==> bridge: %s\n' "$*"; }

_bridge_target_dir() { printf '%s' "${CARGO_TARGET_DIR:-$(_bridge_root)/target}"; }

_bridge_pom() { printf '%s/android/bridge/jvm-tests/pom.xml' "$(_bridge_root)"; }

# Rust targets and the Android ABI directory names they build, in the same order.
BRIDGE_RUST_TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android)
BRIDGE_ABIS=(arm64-v8a armeabi-v7a x86_64 x86)
# Google Play requires 16 KB page alignment for Android 15+ devices. Android's packed
# relocations (API 23+; the app's minSdk is 26) shrink the relocation table from ~40 KB to ~3 KB.
# One list, as lld takes the options: the NDK's clang gets each behind -Wl, (bridge_android), the
# size estimate hands them to rust-lld as they are, so it measures what ships.
BRIDGE_LLD_FLAGS=(-zmax-page-size=16384 --pack-dyn-relocs=android)
# The app's minSdk: the NDK API level the libraries link against.
BRIDGE_API_LEVEL=26

# The shipped library (profile release-android) is built by this pinned nightly, which compiles
# the standard library along with it (-Zbuild-std, the only way to choose std's features):
# - without std's `backtrace` feature: its symboliser (gimli, addr2line, miniz_oxide,
#   rustc-demangle, ~150 KB on arm64) is what prints RUST_BACKTRACE, and it has nothing to
#   print from a stripped library inside an app;
# - with `optimize_for_size`: std's smaller sort, formatting and string routines (~25 KB);
# - with `panic-unwind`: a panic still unwinds to the export's wrapper and becomes a
#   RuntimeException.
# That takes arm64-v8a from 1.25 to 1.03 MB, under the 1 MiB budget (see
# android/bridge/README.md). Everything else — tests, checks, the CLI, debug libraries — is
# built by stable.
BRIDGE_RELEASE_TOOLCHAIN=nightly-2026-05-20
BRIDGE_BUILD_STD=(-Zbuild-std=std,panic_unwind -Zbuild-std-features=panic-unwind,optimize_for_size)
# Budget for the stripped arm64-v8a library: 1 MiB.
BRIDGE_SIZE_BUDGET=1048576

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

# The pinned nightly and its rust-src (the standard library's sources, for -Zbuild-std). Returns
# non-zero, having said why, when rustup cannot fetch them.
bridge_release_toolchain() {
    local tc="$BRIDGE_RELEASE_TOOLCHAIN"
    if rustup run "$tc" rustc -V >/dev/null 2>&1 &&
        rustup component list --installed --toolchain "$tc" 2>/dev/null | grep -q '^rust-src'; then
        return 0
    fi
    _bridge_say "rustup toolchain install $tc --profile minimal --component rust-src (builds the shipped library and its std)"
    rustup toolchain install "$tc" --profile minimal --component rust-src
}

# Builds the shipped library (profile release-android, std rebuilt, see BRIDGE_BUILD_STD) for one
# Rust target into target/bridge-release, with any extra cargo arguments. The flags for that
# target's linker come from the caller's CARGO_TARGET_<TRIPLE>_* variables.
_bridge_release_build() {
    local t="$1"
    shift
    (cd "$(_bridge_root)" && CARGO_TARGET_DIR="$(_bridge_target_dir)/bridge-release" \
        cargo "+$BRIDGE_RELEASE_TOOLCHAIN" build --quiet --profile release-android -p smsguard-jni \
        --target "$t" "${BRIDGE_BUILD_STD[@]}" "$@")
}

# Where _bridge_release_build puts the library for one Rust target.
_bridge_release_lib() { printf '%s/bridge-release/%s/release-android/libsmsguard.so' "$(_bridge_target_dir)" "$1"; }

_bridge_host_triple() { rustc -vV | sed -n 's/^host: //p'; }

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
    local target
    target="$(_bridge_target_dir)"
    bridge_jvm_deps || return 1
    bridge_host_build || return 1
    bridge_android_check || return 1
    _bridge_say "JVM tests: mvn -f android/bridge/jvm-tests/pom.xml test (loads $target/bridge-test/libsmsguard.so)"
    _bridge_jvm_tests "$target/bridge-test" || return 1
    bridge_release_checks
}

# mvn test in jvm-tests/ against the library in $1, with any extra Maven arguments. The verdict
# comparison runs the CLI from bridge_host_build.
_bridge_jvm_tests() {
    local lib="$1"
    shift
    mvn -B -ntp -f "$(_bridge_pom)" \
        -Drepo.root="$(_bridge_root)" \
        -Dsmsguard.lib.dir="$lib" \
        -Dsmsguard.cli="$(_bridge_target_dir)/bridge-test/smsguard" \
        "$@" test
}

# The library as it ships is built unlike the one the JVM tests load (the pinned nightly, std
# rebuilt without its backtrace feature, profile release-android), so it gets its own checks:
# - the arm64-v8a estimate must stay within BRIDGE_SIZE_BUDGET;
# - its host build, with the test hooks, passes the JVM tests again: a panic still becomes a
#   RuntimeException, text still round-trips, a killed process's state still warns. Not
#   PrivacyLogTest, which reads trace logging that release builds compile out
#   (_bridge_check_log_cap checks they do), nor ConcurrencyTest, 30 s of fsyncs through locking
#   code the std rebuild does not change.
# When rustup cannot fetch the pinned toolchain, says so and skips only these.
bridge_release_checks() {
    local lib host
    if ! bridge_release_toolchain; then
        _bridge_say "SKIPPED: rustup could not fetch $BRIDGE_RELEASE_TOOLCHAIN with rust-src; the shipped build's size and JVM tests do not run"
        return 0
    fi
    lib="$(bridge_arm64_estimate)" || return 1
    _bridge_check_budget "arm64-v8a (estimate)" "$lib" || return 1
    host="$(_bridge_host_triple)"
    _bridge_say "cargo +$BRIDGE_RELEASE_TOOLCHAIN build --profile release-android -p smsguard-jni --features test-hooks --target $host (std rebuilt)"
    _bridge_release_build "$host" --features test-hooks || return 1
    lib="$(_bridge_release_lib "$host")"
    _bridge_check_log_cap "$lib" || return 1
    _bridge_say "JVM tests on the shipped build ($lib), all but PrivacyLogTest and ConcurrencyTest"
    _bridge_jvm_tests "$(dirname "$lib")" -Dtest='!PrivacyLogTest,!ConcurrencyTest'
}

# BRIDGE_LLD_FLAGS as rustc flags, each option behind the prefix in $1 ("-Wl," for clang).
_bridge_link_rustflags() {
    local f out=""
    for f in "${BRIDGE_LLD_FLAGS[@]}"; do
        out+=" -C link-arg=$1$f"
    done
    printf '%s' "${out# }"
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
            echo "  Everything else is fetched by this step: the pinned $BRIDGE_RELEASE_TOOLCHAIN toolchain with rust-src (rustup) and cargo-ndk (crates.io)."
        } >&2
        return 1
    fi
    # The standard library is built from rust-src for each target, so no rustup target is needed.
    bridge_release_toolchain || return 1
    if ! command -v cargo-ndk >/dev/null 2>&1; then
        _bridge_say "cargo install --locked cargo-ndk (drives the NDK linker for each ABI)"
        cargo install --locked cargo-ndk || return 1
    fi
    for t in "${BRIDGE_RUST_TARGETS[@]}"; do
        export "$(_bridge_rustflags_var "$t")=$(_bridge_link_rustflags -Wl,)"
    done
    _bridge_say "cargo +$BRIDGE_RELEASE_TOOLCHAIN ndk: profile release-android, std rebuilt, API $BRIDGE_API_LEVEL, 16 KB pages, packed relocations, into $out"
    (cd "$root" && CARGO_TARGET_DIR="$(_bridge_target_dir)/bridge-release" \
        cargo "+$BRIDGE_RELEASE_TOOLCHAIN" ndk -P "$BRIDGE_API_LEVEL" \
        -t arm64-v8a -t armeabi-v7a -t x86_64 -t x86 \
        -o "$out" build -p smsguard-jni --profile release-android "${BRIDGE_BUILD_STD[@]}") || return 1
    for i in "${!BRIDGE_ABIS[@]}"; do
        _bridge_say "$(printf '%-12s %9d bytes' "${BRIDGE_ABIS[$i]}" "$(stat -c %s "$out/${BRIDGE_ABIS[$i]}/libsmsguard.so")")"
        _bridge_check_log_cap "$out/${BRIDGE_ABIS[$i]}/libsmsguard.so" || return 1
    done
    _bridge_check_alignment "$out" || return 1
    _bridge_check_budget arm64-v8a "$out/arm64-v8a/libsmsguard.so"
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
# library load + guard open, on the library as it ships (profile release-android, std rebuilt)
# plus the test hooks. Then the sizes of the shipped library (bridge_sizes). Results go to
# target/bridge-bench/: jmh.txt, jmh.json, sizes.txt.
bridge_bench() {
    local root out cp host
    root="$(_bridge_root)"
    out="$(_bridge_target_dir)/bridge-bench"
    host="$(_bridge_host_triple)"
    mkdir -p "$out"
    bridge_jvm_deps || return 1
    bridge_release_toolchain || return 1
    _bridge_say "cargo +$BRIDGE_RELEASE_TOOLCHAIN build --profile release-android -p smsguard-jni --features test-hooks (std rebuilt)"
    _bridge_release_build "$host" --features test-hooks || return 1
    rm -rf "$out/lib" && mkdir -p "$out/lib" && cp "$(_bridge_release_lib "$host")" "$out/lib/"
    _bridge_say "compiling the benchmarks (mvn test-compile) and writing their classpath"
    mvn -B -ntp -q -f "$(_bridge_pom)" -Drepo.root="$root" test-compile \
        dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" || return 1
    cp="$root/android/bridge/jvm-tests/target/test-classes:$root/android/bridge/jvm-tests/target/classes:$(cat "$out/classpath.txt")"
    _bridge_say "JMH (about 3 minutes on 2 cores; the forks inherit -Djava.library.path)"
    java -Djava.library.path="$out/lib" -cp "$cp" org.openjdk.jmh.Main \
        -rf json -rff "$out/jmh.json" kz.smsguard.bench | tee "$out/jmh.txt" || return 1
    bridge_sizes "$out"
}

# LLVM's libunwind for arm64, as the NDK links it into every library (its unwinder: a panic
# unwinds through it). Compiled with clang, -Os, from the sources the pinned toolchain's rust-src
# carries, against Debian's arm64 libc headers; the archive goes to $1/libunwind.a.
_bridge_arm64_libunwind() {
    local out="$1" src res o f flags
    if ! command -v clang >/dev/null 2>&1 || [ ! -d /usr/aarch64-linux-gnu/include ]; then
        _bridge_say "installing clang and libc6-dev-arm64-cross (to compile libunwind for the arm64 size estimate)"
        _bridge_apt_install clang libc6-dev-arm64-cross || return 1
    fi
    src="$(rustc "+$BRIDGE_RELEASE_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/src/llvm-project/libunwind"
    [ -d "$src/src" ] || { echo "bridge: no libunwind sources in $src" >&2; return 1; }
    res="$(clang -print-resource-dir)"
    o="$out/libunwind-obj"
    rm -rf "$o" && mkdir -p "$o"
    for f in libunwind.cpp UnwindLevel1.c UnwindLevel1-gcc-ext.c UnwindRegistersRestore.S UnwindRegistersSave.S; do
        case "$f" in
            *.cpp) flags=(-std=c++17 -fno-rtti -fno-exceptions -nostdinc++) ;;
            *.c) flags=(-std=c99) ;;
            *) flags=() ;;
        esac
        clang --target=aarch64-linux-gnu -nostdinc -isystem "$res/include" \
            -isystem /usr/aarch64-linux-gnu/include -I"$src/include" \
            -Os -fPIC -fvisibility=hidden -funwind-tables -ffunction-sections -fdata-sections \
            -D_LIBUNWIND_IS_NATIVE_ONLY -D_LIBUNWIND_HIDE_SYMBOLS -DNDEBUG "${flags[@]}" \
            -c "$src/src/$f" -o "$o/${f%.*}.o" || return 1
    done
    rm -f "$out/libunwind.a" && ar rcs "$out/libunwind.a" "$o"/*.o
}

# The stripped arm64-v8a library as it ships, without an NDK: built by _bridge_release_build and
# linked by rust-lld against the real libunwind (above) and empty stand-ins for libc, libm,
# libdl and liblog, which the device provides. It cannot be loaded, only measured; the NDK's own
# link differs by its crt objects and its build of libunwind (some KB). Prints its path.
bridge_arm64_estimate() {
    local stub lld
    stub="$(_bridge_target_dir)/bridge-size/ndk-stand-in"
    mkdir -p "$stub"
    for l in libc.so libm.so libdl.so liblog.so; do
        echo "/* stand-in: resolved on the device */" >"$stub/$l"
    done
    _bridge_arm64_libunwind "$stub" >&2 || return 1
    lld="$(ls "$(rustc "+$BRIDGE_RELEASE_TOOLCHAIN" --print sysroot)"/lib/rustlib/*/bin/rust-lld 2>/dev/null | head -n 1)"
    [ -n "$lld" ] || { echo "bridge: no rust-lld in $BRIDGE_RELEASE_TOOLCHAIN" >&2; return 1; }
    _bridge_say "arm64-v8a estimate: cargo +$BRIDGE_RELEASE_TOOLCHAIN build --profile release-android --target aarch64-linux-android (std rebuilt; rust-lld, real libunwind, stand-ins for the system libraries)" >&2
    CARGO_TARGET_AARCH64_LINUX_ANDROID_LINKER="$lld" \
        CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS="-C linker-flavor=ld.lld -C link-arg=-L$stub $(_bridge_link_rustflags "")" \
        _bridge_release_build aarch64-linux-android >&2 || return 1
    _bridge_check_log_cap "$(_bridge_release_lib aarch64-linux-android)" || return 1
    _bridge_release_lib aarch64-linux-android
}

# Fails when a library is over BRIDGE_SIZE_BUDGET, saying by how much.
_bridge_check_budget() {
    local abi="$1" lib="$2" size
    size="$(stat -c %s "$lib")"
    if [ "$size" -gt "$BRIDGE_SIZE_BUDGET" ]; then
        echo "bridge: $abi libsmsguard.so is $size bytes, $((size - BRIDGE_SIZE_BUDGET)) over the budget of $BRIDGE_SIZE_BUDGET (1 MiB); where the bytes go: android/bridge/README.md" >&2
        return 1
    fi
    _bridge_say "$abi libsmsguard.so: $size bytes, within the budget of $BRIDGE_SIZE_BUDGET by $((BRIDGE_SIZE_BUDGET - size))"
}

# Sizes of the shipped library (profile release-android, std rebuilt, no test hooks, stripped):
# for the host, and the arm64-v8a estimate (bridge_arm64_estimate; with an NDK,
# bridge_android reports the real ones). Written to $1/sizes.txt.
bridge_sizes() {
    local out host arm64
    out="${1:-$(_bridge_target_dir)/bridge-bench}"
    host="$(_bridge_host_triple)"
    mkdir -p "$out"
    bridge_release_toolchain || return 1
    _bridge_say "cargo +$BRIDGE_RELEASE_TOOLCHAIN build --profile release-android -p smsguard-jni --target $host (std rebuilt)"
    _bridge_release_build "$host" || return 1
    _bridge_check_log_cap "$(_bridge_release_lib "$host")" || return 1
    printf '%-22s %9d bytes\n' "$host" "$(stat -c %s "$(_bridge_release_lib "$host")")" | tee "$out/sizes.txt"
    arm64="$(bridge_arm64_estimate)" || return 1
    printf '%-22s %9d bytes (budget %d)\n' "arm64-v8a (estimate)" "$(stat -c %s "$arm64")" "$BRIDGE_SIZE_BUDGET" | tee -a "$out/sizes.txt"
}
