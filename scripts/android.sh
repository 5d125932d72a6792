# shellcheck shell=bash
# The Android shell (android/app): its Robolectric tests on the JVM, through Maven.
# Sourced by build.sh; `./build.sh test` calls android_shell_test.
#
# No Android SDK, Gradle or emulator is needed. What it uses, and installs when missing:
#   - Debian packages: aapt + android-framework-res (compile res/ into a resource apk, make R.java),
#     and a JDK 17 + Maven if the machine has none;
#   - Maven Central (through mvn): Kotlin, JUnit, Robolectric and its Android 16 framework jars;
#   - a JDK 21 or newer to run them: Robolectric runs API 36 only on Java 21+ (the code still
#     compiles for Java 17); the newest one under /usr/lib/jvm is used;
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
    command -v aapt >/dev/null 2>&1 || missing+=(aapt)
    [ -f /usr/share/android-framework-res/framework-res.apk ] || missing+=(android-framework-res)
    command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null 2>&1 || missing+=(maven)
    if [ "${#missing[@]}" -gt 0 ]; then
        _android_say "installing ${missing[*]} (resource compiler, Android framework resources, JDK, Maven)"
        _android_apt_install "${missing[@]}" || return 1
    else
        _android_say "aapt, framework-res.apk, JDK and Maven present"
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

# The java of the newest JDK with a major version of 21 or more: $JAVA_HOME, then /usr/lib/jvm/*.
_android_test_java() {
    local home major best="" best_major=0
    for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
        major="$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
        if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$home/bin/java"
            best_major="$major"
        fi
    done
    [ -n "$best" ] || return 1
    printf '%s' "$best"
}

# The Robolectric suite: SMS, calls, messenger notifications, overlay, lock screen, alerting,
# setup, self-check, manifest, screens, languages; renders docs/overlay-{kk,ru,en}.png,
# docs/lockscreen-{kk,ru,en}.png and docs/setup-{kk,ru,en}.png. Ends with Surefire's summary.
android_shell_test() {
    local root java
    root="$(_android_root)"
    android_shell_deps || return 1
    android_shell_native || return 1
    if ! java="$(_android_test_java)"; then
        echo "android: Robolectric's Android 16 needs a JDK 21 or newer (none in \$JAVA_HOME or /usr/lib/jvm)" >&2
        return 1
    fi
    _android_say "Robolectric tests on $java: mvn -f android/app/pom.xml test (first run downloads ~400 MB from Maven Central)"
    mvn -B -ntp -f "$root/android/app/pom.xml" \
        -Dsmsguard.lib.dir="$(_android_lib_dir)" \
        -Drobolectric.jvm="$java" \
        test
}
