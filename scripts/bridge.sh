# shellcheck shell=bash
# The JNI bridge (android/bridge, crate smsguard-jni, libsmsguard.so). Sourced by build.sh:
#   bridge_test     `./build.sh test`: clippy, cargo check + clippy for the four Android targets,
#                   the JVM tests (Maven, JUnit 5) against the host library, then the shipped
#                   build's checks: arm64 size budget, JVM tests again. Ends with Surefire's
#                   summary line.
#   bridge_android  `./build.sh android`: the release libraries for arm64-v8a, armeabi-v7a,
#                   x86_64 and x86 into android/app/src/main/jniLibs, with the NDK when
#                   ANDROID_NDK_HOME is set, otherwise against the project's own sysroot
#                   (scripts/sysroot.sh); either way checked by bridge_check_lib.
#   bridge_android_libs DIR   the same four libraries into DIR/<abi>/ (./build.sh apk).
#   bridge_bench    JMH benchmarks (round trip vs no-op, load + open) and library sizes.
#
# What it installs when missing, and says so: the four Android Rust targets (rustup), the pinned
# nightly toolchain with rust-src that builds the shipped library (rustup), a JDK 17 and Maven,
# clang, lld and llvm for the sysroot (apt-get), Kotlin/JUnit/Gson/JMH (Maven Central, cached in
# ~/.m2 after the first run), and cargo-ndk (crates.io) when an NDK is used. What cannot be
# installed fails the run, naming it.

_bridge_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd); }

_bridge_say() { printf '==> bridge: %s\n' "$*"; }

_bridge_target_dir() { printf '%s' "${CARGO_TARGET_DIR:-$(_bridge_root)/target}"; }

_bridge_pom() { printf '%s/android/bridge/jvm-tests/pom.xml' "$(_bridge_root)"; }

# Rust targets and the Android ABI directory names they build, in the same order.
BRIDGE_RUST_TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android)
BRIDGE_ABIS=(arm64-v8a armeabi-v7a x86_64 x86)
# Google Play requires 16 KB page alignment for Android 15+ devices. Android's packed
# relocations (API 23+; the app's minSdk is 26) shrink the relocation table from ~40 KB to ~3 KB.
# The SONAME lets the platform (and tools) name the library; rustc sets none for a cdylib.
# One list, as lld takes the options: the NDK's clang gets each behind -Wl, (the NDK build),
# rust-lld takes them as they are (the build against scripts/sysroot.sh).
BRIDGE_LLD_FLAGS=(-zmax-page-size=16384 --pack-dyn-relocs=android -soname=libsmsguard.so)
# Extra rustc flags for _bridge_release_build: none for the host; set (in a subshell or as a local)
# by _bridge_link_rustflags for an Android target.
BRIDGE_LINK_RUSTFLAGS=()
# The app's minSdk (android/gradle/libs.versions.toml): the API level the libraries link against.
BRIDGE_API_LEVEL="$(sed -n 's/^minSdk *= *"\([0-9]*\)".*/\1/p' "$(_bridge_root)/android/gradle/libs.versions.toml")"

# The shipped library (profile release-android) is built by this pinned nightly, which compiles
# the standard library along with it (-Zbuild-std, the only way to choose std's features):
# - without std's `backtrace` feature: its symboliser (gimli, addr2line, miniz_oxide,
#   rustc-demangle, ~150 KB on arm64) is what prints RUST_BACKTRACE, and it has nothing to
#   print from a stripped library inside an app;
# - with `optimize_for_size`: std's smaller sort, formatting and string routines (~25 KB);
# - with `panic-unwind`: a panic still unwinds to the export's wrapper and becomes a
#   RuntimeException.
# That takes arm64-v8a from 1.25 to 1.03 MB, under the 1 MiB budget (see
# android/bridge/README.md). The pin lives in android/bridge/release-toolchain/rust-toolchain.toml.
# Everything else — tests, checks, the CLI, debug libraries — is built by the workspace's
# toolchain (rust-toolchain.toml).
BRIDGE_RELEASE_TOOLCHAIN="$(sed -n 's/^channel *= *"\(.*\)".*/\1/p' "$(_bridge_root)/android/bridge/release-toolchain/rust-toolchain.toml")"
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

# Adds the Android Rust targets that are missing; fails, naming it, when rustup cannot fetch one.
bridge_targets() {
    local installed t
    installed="$(rustup target list --installed 2>/dev/null)"
    for t in "${BRIDGE_RUST_TARGETS[@]}"; do
        grep -qx "$t" <<<"$installed" && continue
        _bridge_say "rustup target add $t (standard library for the Android check)"
        rustup target add "$t" || {
            echo "bridge: missing the Rust standard library for $t, and rustup could not fetch it" >&2
            return 1
        }
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
    rustup toolchain install "$tc" --profile minimal --component rust-src || {
        echo "bridge: missing the $tc toolchain with rust-src (android/bridge/release-toolchain/rust-toolchain.toml), and rustup could not fetch it" >&2
        return 1
    }
}

# The rustc flags of every shipped build: the arguments given (linker flags), -Zlocation-detail=none
# (panic locations are not kept: 45 KB of file names, lines and columns on arm64, for a log line
# that a debug build of the same code gives back) and -Zfmt-debug=none (`{:?}` prints nothing:
# 48 KB of Debug code that only tests and panic messages read; see android/bridge/README.md),
# then the remapping of
# this machine's directories in the paths the library keeps (panic locations): the rebuilt std's
# sources to /rustc/<commit> (what a prebuilt std says), the crates under CARGO_HOME to /cargo, the
# checkout to `.`. Without it the library holds /home/<user>/.cargo/..., so the APK differs from one
# machine to the next and names who built it (scripts/android_libs.py check refuses it). Printed as
# CARGO_ENCODED_RUSTFLAGS wants them (separated by 0x1f), so a path may hold spaces; cargo applies
# them to the --target build only, not to build scripts.
_bridge_release_rustflags() {
    local sysroot commit flags
    sysroot="$(rustc "+$BRIDGE_RELEASE_TOOLCHAIN" --print sysroot)" || return 1
    commit="$(rustc "+$BRIDGE_RELEASE_TOOLCHAIN" -vV | sed -n 's/^commit-hash: //p')"
    flags=("$@" -Zlocation-detail=none -Zfmt-debug=none "--remap-path-prefix=$sysroot/lib/rustlib/src/rust=/rustc/$commit"
        "--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo" "--remap-path-prefix=$(_bridge_root)=.")
    (IFS=$'\x1f' && printf '%s' "${flags[*]}")
}

# Builds the shipped library (profile release-android, std rebuilt, see BRIDGE_BUILD_STD) for one
# Rust target into target/bridge-release, with any extra cargo arguments, and the rustc flags in
# the caller's BRIDGE_LINK_RUSTFLAGS array (the linker's, for a target other than the host).
_bridge_release_build() {
    local t="$1" flags
    shift
    flags="$(_bridge_release_rustflags "${BRIDGE_LINK_RUSTFLAGS[@]}")" || return 1
    (cd "$(_bridge_root)" && CARGO_TARGET_DIR="$(_bridge_target_dir)/bridge-release" CARGO_ENCODED_RUSTFLAGS="$flags" \
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
    bridge_targets || return 1
    for t in "${BRIDGE_RUST_TARGETS[@]}"; do
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
    _bridge_check_log_cap "$target/bridge-test/libsmsguard.so" present || return 1
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
# - arm64-v8a, linked against the project's sysroot, passes every check a library in the APK
#   passes (bridge_check_lib: imports available at minSdk, NEEDED, SONAME, 16 KB alignment, no
#   TEXTREL, the JNI exports, no trace logging) and stays within BRIDGE_SIZE_BUDGET;
#   `./build.sh apk` builds and checks all four ABIs;
# - the sysroot's checker fails on what it must refuse (android_libs_test.py);
# - its host build, with the test hooks, passes the JVM tests again: a panic still becomes a
#   RuntimeException, text still round-trips, a killed process's state still warns. Not
#   PrivacyLogTest, which reads trace logging that release builds compile out
#   (_bridge_check_log_cap checks they do), nor ConcurrencyTest, 30 s of fsyncs through locking
#   code the std rebuild does not change.
bridge_release_checks() {
    local lib host
    bridge_release_toolchain || return 1
    sysroot_tools || return 1
    _bridge_say "the sysroot checker refuses what it must (scripts/android_libs_test.py)"
    python3 "$(_bridge_root)/scripts/android_libs_test.py" || return 1
    lib="$(bridge_sysroot_lib arm64-v8a)" || return 1
    bridge_check_lib arm64-v8a "$lib" || return 1
    _bridge_check_budget arm64-v8a "$lib" || return 1
    host="$(_bridge_host_triple)"
    _bridge_say "cargo +$BRIDGE_RELEASE_TOOLCHAIN build --profile release-android -p smsguard-jni --features test-hooks --target $host (std rebuilt)"
    _bridge_release_build "$host" --features test-hooks || return 1
    lib="$(_bridge_release_lib "$host")"
    _bridge_check_log_cap "$lib" || return 1
    _bridge_say "JVM tests on the shipped build ($lib), all but PrivacyLogTest and ConcurrencyTest"
    _bridge_jvm_tests "$(dirname "$lib")" -Dsmsguard.shipped=true -Dtest='!PrivacyLogTest,!ConcurrencyTest'
}

# BRIDGE_LLD_FLAGS as rustc flags in the array BRIDGE_LINK_RUSTFLAGS, each option behind the
# prefix in $1 ("-Wl," for clang), after the flags given next.
_bridge_link_rustflags() {
    local prefix="$1" f
    shift
    BRIDGE_LINK_RUSTFLAGS=("$@")
    for f in "${BRIDGE_LLD_FLAGS[@]}"; do
        BRIDGE_LINK_RUSTFLAGS+=("-Clink-arg=$prefix$f")
    done
}

# The env variable cargo reads for one target's settings, e.g. CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS.
_bridge_target_var() { printf 'CARGO_TARGET_%s_%s' "$(tr 'a-z-' 'A-Z_' <<<"$1")" "$2"; }

# The Rust target of an ABI (BRIDGE_ABIS and BRIDGE_RUST_TARGETS are in the same order).
_bridge_rust_target() {
    local i
    for i in "${!BRIDGE_ABIS[@]}"; do
        [ "${BRIDGE_ABIS[$i]}" = "$1" ] && { printf '%s' "${BRIDGE_RUST_TARGETS[$i]}"; return 0; }
    done
    echo "bridge: unknown ABI $1" >&2
    return 1
}

_bridge_size() { wc -c <"$1" | tr -d ' '; }

# The shipped library for one ABI without an NDK: built by _bridge_release_build and linked by
# the pinned toolchain's rust-lld against the project's sysroot (scripts/sysroot.sh) with
# BRIDGE_LLD_FLAGS, plus what the NDK's clang driver would add: crtbegin_so.o first, crtend_so.o
# last, a build id. Prints the library's path.
bridge_sysroot_lib() {
    local abi="$1" target sysroot lld
    target="$(_bridge_rust_target "$abi")" || return 1
    bridge_release_toolchain >&2 || return 1
    sysroot="$(sysroot_build "$abi")" || return 1
    lld="$(ls "$(rustc "+$BRIDGE_RELEASE_TOOLCHAIN" --print sysroot)"/lib/rustlib/*/bin/rust-lld 2>/dev/null | head -n 1)"
    [ -n "$lld" ] || { echo "bridge: no rust-lld in $BRIDGE_RELEASE_TOOLCHAIN" >&2; return 1; }
    _bridge_say "$abi: cargo +$BRIDGE_RELEASE_TOOLCHAIN build --profile release-android --target $target (std rebuilt; rust-lld against the project's sysroot, API $BRIDGE_API_LEVEL)" >&2
    (
        export "$(_bridge_target_var "$target" LINKER)=$lld"
        _bridge_link_rustflags "" -Clinker-flavor=ld.lld "-Clink-arg=-L$sysroot" "-Zpre-link-arg=$sysroot/crtbegin_so.o" \
            "-Clink-arg=$sysroot/crtend_so.o" -Clink-arg=--build-id=sha1
        _bridge_release_build "$target"
    ) >&2 || return 1
    _bridge_release_lib "$target"
}

# The four libraries with the NDK: cargo-ndk drives the NDK's clang for each ABI, at minSdk,
# with BRIDGE_LLD_FLAGS, into $1/<abi>/libsmsguard.so.
_bridge_ndk_libs() {
    local out="$1" flags BRIDGE_LINK_RUSTFLAGS
    if [ ! -d "$ANDROID_NDK_HOME/toolchains/llvm/prebuilt" ]; then
        echo "bridge: ANDROID_NDK_HOME=$ANDROID_NDK_HOME has no toolchains/llvm/prebuilt (not an NDK);" \
            "unset it to build against the project's own sysroot" >&2
        return 1
    fi
    if ! command -v cargo-ndk >/dev/null 2>&1; then
        _bridge_say "cargo install --locked cargo-ndk (drives the NDK linker for each ABI)"
        cargo install --locked cargo-ndk || return 1
    fi
    _bridge_link_rustflags -Wl,
    flags="$(_bridge_release_rustflags "${BRIDGE_LINK_RUSTFLAGS[@]}")" || return 1
    _bridge_say "cargo +$BRIDGE_RELEASE_TOOLCHAIN ndk: profile release-android, std rebuilt, API $BRIDGE_API_LEVEL, into $out"
    (cd "$(_bridge_root)" && CARGO_TARGET_DIR="$(_bridge_target_dir)/bridge-release" CARGO_ENCODED_RUSTFLAGS="$flags" \
        cargo "+$BRIDGE_RELEASE_TOOLCHAIN" ndk -P "$BRIDGE_API_LEVEL" \
        -t arm64-v8a -t armeabi-v7a -t x86_64 -t x86 \
        -o "$out" build -p smsguard-jni --profile release-android "${BRIDGE_BUILD_STD[@]}")
}

# The release libraries for the four ABIs into $1/<abi>/libsmsguard.so, each checked
# (bridge_check_lib) and arm64-v8a within the budget: with the NDK when ANDROID_NDK_HOME is set,
# otherwise against the project's sysroot.
bridge_android_libs() {
    local out="$1" abi lib
    bridge_release_toolchain || return 1
    if [ -n "${ANDROID_NDK_HOME:-}" ]; then
        _bridge_ndk_libs "$out" || return 1
    else
        _bridge_say "no ANDROID_NDK_HOME: linking against the project's sysroot (scripts/sysroot.sh)"
        for abi in "${BRIDGE_ABIS[@]}"; do
            lib="$(bridge_sysroot_lib "$abi")" || return 1
            mkdir -p "$out/$abi" && cp "$lib" "$out/$abi/libsmsguard.so"
        done
    fi
    for abi in "${BRIDGE_ABIS[@]}"; do
        bridge_check_lib "$abi" "$out/$abi/libsmsguard.so" || return 1
    done
    _bridge_check_budget arm64-v8a "$out/arm64-v8a/libsmsguard.so"
}

bridge_android() {
    bridge_android_libs "$(_bridge_root)/android/app/src/main/jniLibs"
}

# Every check a library in the APK passes (scripts/android_libs.py check: ABI, SONAME, NEEDED,
# 16 KB LOAD alignment, no TEXTREL, bionic's loader rules at minSdk, the Android ident note,
# imports available at minSdk, one JNI export per `external fun`), then no trace logging. Prints
# its size.
bridge_check_lib() {
    local abi="$1" lib="$2" root
    root="$(_bridge_root)"
    sysroot_tools || return 1
    _bridge_say "$(printf '%-12s %9d bytes  ' "$abi" "$(_bridge_size "$lib")")$(python3 "$root/scripts/android_libs.py" check \
        --abi "$abi" --api "$BRIDGE_API_LEVEL" --kotlin "$root/android/app/src/main/kotlin" "$lib")" || return 1
    _bridge_check_log_cap "$lib"
}

# Release builds keep no log call below info. logging.rs logs a sentinel at trace level that exists
# only to be found here: it must be absent from $1. With a second argument, it must be present
# (a build with debug assertions: proves the grep sees what it looks for).
BRIDGE_TRACE_SENTINEL="SMSGUARD-TRACE-LOGGING-COMPILED-IN"
_bridge_check_log_cap() {
    if [ "${2:-}" = present ]; then
        grep -q -a "$BRIDGE_TRACE_SENTINEL" "$1" || {
            echo "bridge: $1 should log at trace level but lacks $BRIDGE_TRACE_SENTINEL: the release check would prove nothing" >&2
            return 1
        }
    elif grep -q -a "$BRIDGE_TRACE_SENTINEL" "$1"; then
        echo "bridge: $1 still has trace-level logging ($BRIDGE_TRACE_SENTINEL); release builds must cap the level at info" >&2
        return 1
    fi
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


# Fails when a library is over BRIDGE_SIZE_BUDGET, saying by how much.
_bridge_check_budget() {
    local abi="$1" lib="$2" size
    size="$(_bridge_size "$lib")"
    if [ "$size" -gt "$BRIDGE_SIZE_BUDGET" ]; then
        echo "bridge: $abi libsmsguard.so is $size bytes, $((size - BRIDGE_SIZE_BUDGET)) over the budget of $BRIDGE_SIZE_BUDGET (1 MiB); where the bytes go: android/bridge/README.md" >&2
        return 1
    fi
    _bridge_say "$abi libsmsguard.so: $size bytes, within the budget of $BRIDGE_SIZE_BUDGET by $((BRIDGE_SIZE_BUDGET - size))"
}

# Sizes of the shipped library (profile release-android, std rebuilt, no test hooks, stripped):
# for the host, and the four ABIs as ./build.sh apk builds them (bridge_android_libs). Written to
# $1/sizes.txt.
bridge_sizes() {
    local out host abi
    out="${1:-$(_bridge_target_dir)/bridge-bench}"
    host="$(_bridge_host_triple)"
    mkdir -p "$out"
    bridge_release_toolchain || return 1
    _bridge_say "cargo +$BRIDGE_RELEASE_TOOLCHAIN build --profile release-android -p smsguard-jni --target $host (std rebuilt)"
    _bridge_release_build "$host" || return 1
    _bridge_check_log_cap "$(_bridge_release_lib "$host")" || return 1
    printf '%-22s %9d bytes\n' "$host" "$(_bridge_size "$(_bridge_release_lib "$host")")" | tee "$out/sizes.txt"
    bridge_android_libs "$out/lib-android" || return 1
    for abi in "${BRIDGE_ABIS[@]}"; do
        printf '%-22s %9d bytes\n' "$abi" "$(_bridge_size "$out/lib-android/$abi/libsmsguard.so")" | tee -a "$out/sizes.txt"
    done
}
