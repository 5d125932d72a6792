# shellcheck shell=bash
# `./build.sh apk [--debug]`: a signed, installable APK from android/app/src/main, without an
# Android SDK, NDK or Gradle. Sourced by build.sh; needs scripts/bridge.sh and scripts/sysroot.sh.
#
# Steps (each prints one line; any failure stops the run and says what failed):
#   tools      Debian: apksigner, dexdump, a JDK, Maven, python3;
#              Maven Central (scripts/apk/pom.xml): the Kotlin compiler of libs.versions.toml,
#              R8, android-all for compileSdk, the API signature of minSdk, ASM, Animal Sniffer,
#              and Apktool's library, whose aapt2 is extracted once its SHA-256 matches the pin
#              (aapt2.sha256 in android/app/pom.xml)
#   natives    libsmsguard.so for the four ABIs (bridge_android_libs: the NDK when
#              ANDROID_NDK_HOME is set, else the project's sysroot), each checked
#   resources  scripts/apk_resources.py, the Robolectric build's step too: the manifest stamped
#              as AGP would (scripts/apk_manifest.py), aapt2 compile + link against android-all:
#              resources.ap_, R.java, keep rules for what the manifest and layouts name
#   kotlin     kotlinc (through java) on every .kt under src/main/kotlin and src/main/java
#   java       ECJ (Eclipse's compiler: javac 17 cannot read android-all 36) on R.java and
#              every .java there
#   api lint   every framework and core-library class, method and field the app's code uses
#              exists at minSdk or sits behind an SDK_INT check / @TargetApi (scripts/apk/ApiLint.java)
#   dex        release: R8 with scripts/apk/proguard-defaults.pro, app/proguard-rules.pro and
#              aapt2's rules; debug: D8, nothing removed
#   zip        scripts/apk_zip.py: sorted, fixed timestamps, .so stored and 16 KB aligned
#   sign       apksigner, v2 + v3 (minSdk 26 needs no v1)
#   checks     scripts/apk_check.py on the signed APK
#   reproducible  resources to signature once more from the same inputs: the unsigned APKs must be
#              byte-identical, and the signed ones too when the key is RSA (EC and DSA signatures
#              take a random nonce, so they differ each time)
# Output: target/apk/smsguard-<version>[-debug].apk, its path printed last.
#
# The key: SMSGUARD_KEYSTORE (a keystore file) with SMSGUARD_KEYSTORE_PASS, and optionally
# SMSGUARD_KEY_ALIAS (when it holds several keys) and SMSGUARD_KEY_PASS (when the key's password
# differs), opened with keytool before anything is built. Without SMSGUARD_KEYSTORE: an RSA debug
# key made once with keytool and kept outside the repository in
# ${XDG_CONFIG_HOME:-~/.config}/smsguard/debug.keystore (password "android").

_apk_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd); }

_APK_STEPS=11
_APK_STEP=0
_apk_step() {
    [ -z "${_APK_QUIET:-}" ] || return 0
    _APK_STEP=$((_APK_STEP + 1))
    printf '==> apk [%d/%d] %s\n' "$_APK_STEP" "$_APK_STEPS" "$*"
}

_apk_fail() { printf 'apk: %s\n' "$*" >&2; return 1; }

_apk_say() { printf '==> apk: %s\n' "$*"; }

# What the build reads from the project's files: SDK levels and Kotlin from libs.versions.toml,
# the package from app/build.gradle.kts, the version from the workspace's Cargo.toml.
_apk_env() {
    local root
    root="$(_apk_root)"
    APK_TOOLS="$(_bridge_target_dir)/apk/tools"
    APK_AAPT2="$APK_TOOLS/aapt2"
    APK_MIN_SDK="$(_apk_toml_version minSdk)"
    APK_TARGET_SDK="$(_apk_toml_version targetSdk)"
    APK_COMPILE_SDK="$(_apk_toml_version compileSdk)"
    APK_KOTLIN="$(_apk_toml_version kotlin)"
    APK_PACKAGE="$(sed -n 's/^ *applicationId *= *"\(.*\)".*/\1/p' "$root/android/app/build.gradle.kts")"
    APK_VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)".*/\1/p' "$root/Cargo.toml")"
}

# A [versions] entry of android/gradle/libs.versions.toml.
_apk_toml_version() {
    sed -n "s/^$1 *= *\"\\([^\"]*\\)\".*/\\1/p" "$(_apk_root)/android/gradle/libs.versions.toml"
}

# A <property> of the pom $2.
_apk_pom_property() {
    sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$2"
}

# Debian's Android tools and the JVM toolchain, installed when missing.
_apk_debian_tools() {
    local missing=()
    command -v apksigner >/dev/null 2>&1 || missing+=(apksigner)
    command -v dexdump >/dev/null 2>&1 || missing+=(dexdump)
    command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null 2>&1 || missing+=(maven)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    if [ "${#missing[@]}" -gt 0 ]; then
        _bridge_apt_install "${missing[@]}" || _apk_fail "missing ${missing[*]}, and apt-get could not install them"
    fi
}

# The Maven Central tools: classpath files in $APK_TOOLS (see scripts/apk/pom.xml), and aapt2 out
# of Apktool's library, checked against the pin in android/app/pom.xml, as $APK_AAPT2.
_apk_maven_tools() {
    local root app_pom android_all apktool lint_api
    root="$(_apk_root)"
    app_pom="$root/android/app/pom.xml"
    android_all="$(_apk_pom_property android.all.version "$app_pom")"
    apktool="$(_apk_pom_property apktool.version "$app_pom")"
    lint_api="$(_apk_pom_property android.lint.api "$root/scripts/apk/pom.xml")"
    [ "$lint_api" = "$APK_MIN_SDK" ] ||
        _apk_fail "scripts/apk/pom.xml lints against API $lint_api but minSdk is $APK_MIN_SDK: set android.lint.api and android.lint.signature.version there" || return 1
    mkdir -p "$APK_TOOLS"
    mvn -B -ntp -f "$root/scripts/apk/pom.xml" -Dkotlin.version="$APK_KOTLIN" -Dandroid.all.version="$android_all" \
        -Dapktool.version="$apktool" -Dapk.tools="$APK_TOOLS" validate >"$APK_TOOLS/mvn.log" 2>&1 || {
        cat "$APK_TOOLS/mvn.log" >&2
        _apk_fail "Maven could not fetch the Kotlin compiler $APK_KOTLIN, R8, android-all $android_all, ASM and apktool-lib $apktool (scripts/apk/pom.xml)"
        return 1
    }
    python3 "$root/scripts/apk_resources.py" aapt2 --jar "$APK_TOOLS/apktool-lib-$apktool.jar" \
        --sha256 "$(_apk_pom_property aapt2.sha256 "$app_pom")" --out "$APK_AAPT2" ||
        _apk_fail "no aapt2 to compile the resources with (above)"
}

# Java sources $3… compiled against classpath $1 into $2 by ECJ (scripts/apk/pom.xml says why not
# javac), at the Java 8 language level over the running JDK's class library: at 9 and above ECJ
# refuses android-all, whose libcore classes in java.lang (Daemons, StringFactory…) clash with the
# JDK's java.base module. R.java and the lint fixtures need nothing newer.
_apk_javac() {
    local cp="$1" out="$2"
    shift 2
    java -cp "$(cat "$APK_TOOLS/ecj.classpath")" org.eclipse.jdt.internal.compiler.batch.Main \
        -nowarn -8 -encoding UTF-8 -cp "$cp" -d "$out" "$@"
}

# The debug key outside the repository, made once (RSA: its signatures, like the APK, repeat).
_apk_debug_key() {
    local store="${XDG_CONFIG_HOME:-$HOME/.config}/smsguard/debug.keystore"
    if [ ! -f "$store" ]; then
        mkdir -p "$(dirname "$store")"
        keytool -genkeypair -keystore "$store" -storetype PKCS12 -storepass android -alias smsguard-debug \
            -keyalg RSA -keysize 3072 -validity 10000 -dname "CN=SMS Guard debug key" >/dev/null 2>&1 ||
            _apk_fail "keytool could not create the debug key $store; set XDG_CONFIG_HOME to a writable directory, or sign with your own key (SMSGUARD_KEYSTORE)" || return 1
    fi
    printf '%s' "$store"
}

# SMSGUARD_KEYSTORE opened with keytool before anything is built: the password, the alias (or a
# single key when no alias is given). apksigner would only find out at the signing step, minutes
# later, with a Java stack trace.
_apk_check_keystore() {
    local listing keys alias=()
    [ -z "${SMSGUARD_KEY_ALIAS:-}" ] || alias=(-alias "$SMSGUARD_KEY_ALIAS")
    if ! listing="$(keytool -list -v -keystore "$SMSGUARD_KEYSTORE" -storepass:env SMSGUARD_KEYSTORE_PASS "${alias[@]}" 2>&1)"; then
        _apk_fail "keytool cannot open the key in SMSGUARD_KEYSTORE=$SMSGUARD_KEYSTORE$([ -z "${SMSGUARD_KEY_ALIAS:-}" ] || printf ' (SMSGUARD_KEY_ALIAS=%s)' "$SMSGUARD_KEY_ALIAS"):" \
            "$(grep -m 1 '^keytool error' <<<"$listing" | sed 's/^keytool error: [A-Za-z.]*: //')"
        return 1
    fi
    keys="$(awk '/^Alias name: / { sub(/^Alias name: /, ""); name = $0 } /^Entry type: PrivateKeyEntry/ { print name }' <<<"$listing")"
    [ -n "$keys" ] || _apk_fail "SMSGUARD_KEYSTORE=$SMSGUARD_KEYSTORE holds no private key${SMSGUARD_KEY_ALIAS:+ under the alias $SMSGUARD_KEY_ALIAS}" || return 1
    if [ -z "${SMSGUARD_KEY_ALIAS:-}" ] && [ "$(wc -l <<<"$keys")" -gt 1 ]; then
        _apk_fail "SMSGUARD_KEYSTORE=$SMSGUARD_KEYSTORE holds several keys ($(paste -sd, - <<<"$keys" | sed 's/,/, /g')): set SMSGUARD_KEY_ALIAS to the one to sign with"
        return 1
    fi
}

# apksigner's key options, and APK_KEY_SAYS for the report.
_apk_key_args() {
    APK_KEY_ARGS=()
    if [ -n "${SMSGUARD_KEYSTORE:-}" ]; then
        [ -f "$SMSGUARD_KEYSTORE" ] || _apk_fail "SMSGUARD_KEYSTORE=$SMSGUARD_KEYSTORE is not a file" || return 1
        [ -n "${SMSGUARD_KEYSTORE_PASS:-}" ] || _apk_fail "SMSGUARD_KEYSTORE is set but SMSGUARD_KEYSTORE_PASS is not" || return 1
        _apk_check_keystore || return 1
        APK_KEY_ARGS=(--ks "$SMSGUARD_KEYSTORE" --ks-pass env:SMSGUARD_KEYSTORE_PASS)
        [ -z "${SMSGUARD_KEY_ALIAS:-}" ] || APK_KEY_ARGS+=(--ks-key-alias "$SMSGUARD_KEY_ALIAS")
        [ -z "${SMSGUARD_KEY_PASS:-}" ] || APK_KEY_ARGS+=(--key-pass env:SMSGUARD_KEY_PASS)
        APK_KEY_SAYS="the key in SMSGUARD_KEYSTORE ($SMSGUARD_KEYSTORE)"
    else
        local store
        store="$(_apk_debug_key)" || return 1
        APK_KEY_ARGS=(--ks "$store" --ks-pass pass:android)
        APK_KEY_SAYS="the debug key $store (SMSGUARD_KEYSTORE not set): fine for your own phone, not for publishing"
    fi
}

# Every source file with extension $1 under the app's source roots, sorted (stable order, stable output).
_apk_sources() {
    local main dir
    main="$(_apk_root)/android/app/src/main"
    for dir in "$main/kotlin" "$main/java"; do
        if [ -d "$dir" ]; then find "$dir" -type f -name "*.$1"; fi
    done | LC_ALL=C sort
}

cmd_apk() {
    local variant=release root main out apk algorithm suffix=""
    case "${1:-}" in
        "") ;;
        --debug) variant=debug suffix=-debug ;;
        *) die "usage: ./build.sh apk [--debug]" ;;
    esac
    root="$(_apk_root)"
    main="$root/android/app/src/main"
    out="$(_bridge_target_dir)/apk/$variant"
    _apk_env
    apk="$(_bridge_target_dir)/apk/smsguard-$APK_VERSION$suffix.apk"
    rm -rf "$out" "$out-again" && mkdir -p "$out"

    _apk_step "tools: apksigner, dexdump, JDK, Maven (Debian); Kotlin $APK_KOTLIN, R8, android-all, the API $APK_MIN_SDK signature, ASM, aapt2 (Maven Central)"
    _apk_debian_tools || return 1
    _apk_maven_tools || return 1
    _apk_key_args || return 1

    _apk_step "natives: libsmsguard.so for ${BRIDGE_ABIS[*]} (API $APK_MIN_SDK)"
    bridge_android_libs "$out/lib" || return 1

    _apk_assemble "$variant" "$out" "$out/lib" "$apk" || return 1

    _apk_step "checks: signature, alignment, badging and manifest (aapt2), dex checksum and natives, libraries"
    _apk_check --abis "${BRIDGE_ABIS[*]}" --kotlin "$main/kotlin" "$apk" || return 1

    _apk_step "reproducible: resources to signature again, into $(basename "$out")-again/; the APKs must be byte-identical (up to the signature with a non-RSA key)"
    _APK_QUIET=1 _apk_assemble "$variant" "$out-again" "$out/lib" "$out-again/smsguard.apk" || return 1
    cmp -s "$out/unsigned.apk" "$out-again/unsigned.apk" ||
        _apk_fail "a second build from the same inputs differs from the first before signing (cmp $out/unsigned.apk $out-again/unsigned.apk)" || return 1
    if ! cmp -s "$apk" "$out-again/smsguard.apk"; then
        # RSA signatures (PKCS#1 v1.5) repeat; EC and DSA ones take a random nonce each time.
        algorithm="$(apksigner verify --print-certs --verbose "$apk" | sed -n 's/^Signer #1 key algorithm: //p')"
        [ "$algorithm" != RSA ] ||
            _apk_fail "a second build from the same inputs and RSA key differs from the first (cmp $apk $out-again/smsguard.apk)" || return 1
        say "identical up to the signature: $algorithm signatures are randomised, so only an RSA key gives the same signed bytes"
    fi

    say "$(wc -c <"$apk" | tr -d ' ') bytes, signed with $APK_KEY_SAYS"
    say "APK: $apk"
}

# Resources to signature (steps 3 to 9) for variant $1 in the work directory $2, with the libraries
# in $3/<abi>/, signed into $4. Prints no step lines when _APK_QUIET is set (the second build).
_apk_assemble() {
    local variant="$1" out="$2" libs="$3" apk="$4" root main tools android_jar runtime_cp jdk classes
    local kt=() java=() class_files=() runtime=() debuggable=() assets=()
    root="$(_apk_root)"
    main="$root/android/app/src/main"
    tools="$APK_TOOLS"
    android_jar="$(cat "$tools/android.classpath")"
    runtime_cp="$(cat "$tools/runtime.classpath")"
    IFS=: read -r -a runtime <<<"$runtime_cp"
    # Robolectric's android-all has no java.*: R8 reads the core library from the JDK instead
    # (JAVA_HOME, or the JDK whose javac is on PATH).
    jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
    [ "$variant" = debug ] && debuggable=(--debuggable)
    [ -d "$main/assets" ] && assets=(--assets "$main/assets")
    mkdir -p "$out/gen" "$out/classes" "$out/dex"
    classes="$out/classes"

    _apk_step "resources: manifest ($APK_PACKAGE $APK_VERSION, minSdk $APK_MIN_SDK, targetSdk $APK_TARGET_SDK), aapt2 compile + link against android-all (API $APK_COMPILE_SDK)"
    python3 "$root/scripts/apk_resources.py" build --aapt2 "$APK_AAPT2" --android-jar "$android_jar" \
        --package "$APK_PACKAGE" --version "$APK_VERSION" --min-sdk "$APK_MIN_SDK" --target-sdk "$APK_TARGET_SDK" \
        "${debuggable[@]}" --manifest "$main/AndroidManifest.xml" --res "$main/res" "${assets[@]}" --out "$out" ||
        _apk_fail "aapt2 refused the manifest, res/ or assets/ of $main (above)" || return 1

    mapfile -t kt < <(_apk_sources kt)
    mapfile -t java < <( (_apk_sources java; find "$out/gen" -name '*.java') | LC_ALL=C sort)
    _apk_step "kotlin: kotlinc $APK_KOTLIN, ${#kt[@]} files, JVM 17, against android-all for compileSdk"
    java -cp "$(cat "$tools/kotlinc.classpath")" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler \
        -no-stdlib -no-reflect -jvm-target 17 -module-name app \
        -classpath "$android_jar:$runtime_cp" -d "$classes" "${kt[@]}" "${java[@]}" >"$out/kotlinc.log" 2>&1 ||
        { cat "$out/kotlinc.log" >&2; _apk_fail "kotlinc failed"; return 1; }
    [ -n "${_APK_QUIET:-}" ] || cat "$out/kotlinc.log"

    _apk_step "java: ECJ ${#java[@]} files (R.java and any Java sources)"
    _apk_javac "$android_jar:$runtime_cp:$classes" "$classes" "${java[@]}" ||
        _apk_fail "the Java compiler (ECJ) failed" || return 1

    if [ -z "${_APK_QUIET:-}" ]; then
        _apk_step "api lint: what the app calls exists at API $APK_MIN_SDK or is behind an SDK_INT check"
        apk_lint "$classes" || return 1
    fi

    mapfile -t class_files < <(find "$classes" -name '*.class' | LC_ALL=C sort)
    if [ "$variant" = release ]; then
        _apk_step "dex: R8 $(basename "$(cat "$tools/r8.classpath")" .jar | sed 's/^r8-//'), min API $APK_MIN_SDK, shrink + optimise + obfuscate"
        java -cp "$(cat "$tools/r8.classpath")" com.android.tools.r8.R8 --release --min-api "$APK_MIN_SDK" \
            --lib "$android_jar" --lib "$jdk" --no-data-resources \
            --pg-conf "$root/scripts/apk/proguard-defaults.pro" \
            --pg-conf "$root/android/app/proguard-rules.pro" \
            --pg-conf "$out/aapt-rules.pro" \
            --pg-map-output "$out/mapping.txt" \
            --output "$out/dex" "${class_files[@]}" "${runtime[@]}" >"$out/r8.log" 2>&1 ||
            { cat "$out/r8.log" >&2; _apk_fail "R8 failed"; return 1; }
        [ -n "${_APK_QUIET:-}" ] || grep -i '^warning' "$out/r8.log" || true
    else
        _apk_step "dex: D8, debug, min API $APK_MIN_SDK, nothing removed"
        java -cp "$(cat "$tools/r8.classpath")" com.android.tools.r8.D8 --debug --min-api "$APK_MIN_SDK" \
            --lib "$android_jar" --lib "$jdk" --output "$out/dex" "${class_files[@]}" "${runtime[@]}" ||
            _apk_fail "D8 failed" || return 1
    fi

    _apk_step "zip: sorted, fixed timestamps, .so stored + 16 KB aligned, resources.arsc stored + 4 aligned"
    python3 "$root/scripts/apk_zip.py" build --out "$out/unsigned.apk" --resources "$out/resources.ap_" \
        --dex "$out/dex" --lib "$libs" || return 1

    _apk_step "sign: apksigner v2 + v3 with $APK_KEY_SAYS"
    apksigner sign "${APK_KEY_ARGS[@]}" --v1-signing-enabled false --v2-signing-enabled true \
        --v3-signing-enabled true --v4-signing-enabled false --min-sdk-version "$APK_MIN_SDK" \
        --out "$apk" "$out/unsigned.apk" || _apk_fail "apksigner could not sign $out/unsigned.apk" || return 1
}

# scripts/apk_check.py with the app's identity and the arguments given (_apk_env and
# _apk_maven_tools first: it reads the APK with $APK_AAPT2).
_apk_check() {
    python3 "$(_apk_root)/scripts/apk_check.py" --aapt2 "$APK_AAPT2" --package "$APK_PACKAGE" \
        --version "$APK_VERSION" --min-sdk "$APK_MIN_SDK" --target-sdk "$APK_TARGET_SDK" \
        --compile-sdk "$APK_COMPILE_SDK" "$@"
}

# The API-level lint (scripts/apk/ApiLint.java) on the class files in $1. Needs _apk_maven_tools.
apk_lint() {
    local tools="$APK_TOOLS"
    java -cp "$(cat "$tools/lint.classpath")" "$(_apk_root)/scripts/apk/ApiLint.java" --min-sdk "$APK_MIN_SDK" \
        --api "$tools/android-api-level-$APK_MIN_SDK.signature" --compile "$(cat "$tools/android.classpath")" "$1" ||
        _apk_fail "the API-level lint refused $1 (above)"
}

# `./build.sh test`: the lint refuses each unguarded use in scripts/apk/lint-fixtures/bad and
# accepts every guarded shape in .../ok; the tests of the resource step, the zip writer and the APK
# check (scripts/apk_resources_test.py, apk_zip_test.py, apk_check_test.py); apk_key_test.
apk_quick_checks() {
    local root fixtures out android_jar d expected errors
    root="$(_apk_root)"
    fixtures="$root/scripts/apk/lint-fixtures"
    out="$(_bridge_target_dir)/apk/lint-test"
    _apk_env
    _apk_debian_tools || return 1
    _apk_maven_tools || return 1
    android_jar="$(cat "$APK_TOOLS/android.classpath")"
    for d in ok bad; do
        rm -rf "${out:?}/$d" && mkdir -p "$out/$d"
        _apk_javac "$android_jar" "$out/$d" "$fixtures/$d"/*.java || return 1
    done
    _apk_say "API lint accepts the guarded shapes (lint-fixtures/ok)"
    apk_lint "$out/ok" || return 1
    _apk_say "API lint refuses each unguarded use (lint-fixtures/bad)"
    if errors="$(apk_lint "$out/bad" 2>&1)"; then
        _apk_fail "the API lint passed lint-fixtures/bad" || return 1
    fi
    for expected in plainCall classLiteral coreLibrary annotatedClassUnguarded wrongBranch 'Unannotated (Unguarded.java) extends'; do
        grep -qF "Unguarded.$expected" <<<"$errors" || grep -qF "Unguarded\$$expected" <<<"$errors" ||
            { printf '%s\n' "$errors" >&2; _apk_fail "the API lint did not refuse $expected"; return 1; }
    done
    # The lambda of lambdaOutsideGuard, by its line: compilers name lambda methods differently.
    grep -qE 'Unguarded\.lambda\$[^ ]* \(Unguarded\.java:21\)' <<<"$errors" ||
        { printf '%s\n' "$errors" >&2; _apk_fail "the API lint did not refuse the lambda of lambdaOutsideGuard"; return 1; }
    _apk_say "resources: aapt2 only with the pinned SHA-256, inputs in a stable order (scripts/apk_resources_test.py)"
    python3 "$root/scripts/apk_resources_test.py" || return 1
    _apk_say "zip writer: reproducible, aligned, UTF-8 names kept (scripts/apk_zip_test.py)"
    python3 "$root/scripts/apk_zip_test.py" || return 1
    _apk_say "APK check: every class the manifest names must be in the dex, localeConfig and dataExtractionRules compiled (scripts/apk_check_test.py)"
    python3 "$root/scripts/apk_check_test.py" || return 1
    _apk_say "signing key: SMSGUARD_KEYSTORE mistakes are refused at step 1, naming the mistake"
    apk_key_test "$out/keys"
}

# SMSGUARD_KEYSTORE with a wrong password, an alias it lacks, several keys and no alias, or no
# password: _apk_key_args fails with a message naming the mistake; with the alias, it passes.
apk_key_test() {
    local dir="$1" store case pass alias want errors
    rm -rf "$dir" && mkdir -p "$dir"
    store="$dir/two keys.p12"
    for alias in upload release; do
        keytool -genkeypair -keystore "$store" -storetype PKCS12 -storepass right-pass -alias "$alias" \
            -keyalg EC -validity 1 -dname "CN=$alias" >/dev/null 2>&1 || _apk_fail "keytool could not make $store" || return 1
    done
    for case in "wrong-pass::password was incorrect" "right-pass:nope:Alias <nope> does not exist" \
        "right-pass::holds several keys (" ":release:SMSGUARD_KEYSTORE_PASS is not"; do
        IFS=: read -r pass alias want <<<"$case"
        if errors="$(SMSGUARD_KEYSTORE="$store" SMSGUARD_KEYSTORE_PASS="$pass" SMSGUARD_KEY_ALIAS="$alias" _apk_key_args 2>&1)"; then
            _apk_fail "SMSGUARD_KEYSTORE_PASS=$pass SMSGUARD_KEY_ALIAS=$alias was accepted" || return 1
        fi
        grep -qF "$want" <<<"$errors" || _apk_fail "expected \"$want\" for SMSGUARD_KEYSTORE_PASS=$pass SMSGUARD_KEY_ALIAS=$alias, got: $errors" || return 1
    done
    SMSGUARD_KEYSTORE="$store" SMSGUARD_KEYSTORE_PASS=right-pass SMSGUARD_KEY_ALIAS=release _apk_key_args ||
        _apk_fail "the right password and alias were refused" || return 1
}

# `./build.sh test`, after the Robolectric build: the manifest the tests ran on as aapt2 compiled it
# (android/app/target/aapt/resources.ap_: package, version, SDK levels, compileSdk, localeConfig and
# dataExtractionRules resolved to the framework's attributes and naming xml resources), then the
# lint on the app's classes as that build compiled them (android/app/target/classes: the same
# sources, Kotlin and framework jar as the APK).
apk_check_app() {
    local app
    app="$(_apk_root)/android/app/target"
    _apk_env
    APK_AAPT2="$app/aapt2/aapt2"
    _apk_say "compiled manifest of the Robolectric build (android/app/target/aapt/resources.ap_)"
    _apk_check --resources-only "$app/aapt/resources.ap_" || return 1
    _apk_say "API lint on the app (android/app/target/classes)"
    apk_lint "$app/classes"
}
