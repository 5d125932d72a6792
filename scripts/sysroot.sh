# shellcheck shell=bash
# The project's own Android sysroot: what the NDK would give the linker, built from the project's
# sources in android/sysroot/ for one ABI at the app's minSdk. Sourced by build.sh (through
# scripts/bridge.sh, which links libsmsguard.so against it when no NDK is set):
#
#   sysroot_build ABI   prints the directory target/android-sysroot/<ABI>/ holding
#     libc.so libm.so libdl.so liblog.so   stubs from android/sysroot/symbols.txt with their
#                                          SONAMEs (scripts/android_libs.py stubs)
#     crtbegin_so.o crtend_so.o            __dso_handle, the .note.android.ident note, the
#                                          .eh_frame terminator (android/sysroot/crt*)
#     libunwind.a                          LLVM's libunwind from the pinned toolchain's rust-src,
#                                          compiled against android/sysroot/include (bionic's
#                                          errno, pthread and dl_iterate_phdr interfaces)
#
# Needs clang, lld and llvm (llvm-ar, llvm-readelf) from Debian, and python3; installs the
# Debian packages when missing.

_sysroot_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd); }

_sysroot_say() { printf '==> sysroot: %s\n' "$*" >&2; }

# Debian's clang, lld (ld.lld) and llvm (llvm-ar, llvm-readelf), installed when missing.
sysroot_tools() {
    local missing=()
    command -v clang >/dev/null 2>&1 || missing+=(clang)
    command -v ld.lld >/dev/null 2>&1 || missing+=(lld)
    { command -v llvm-ar >/dev/null 2>&1 && command -v llvm-readelf >/dev/null 2>&1; } || missing+=(llvm)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    if [ "${#missing[@]}" -gt 0 ]; then
        _sysroot_say "installing ${missing[*]} (compiler, linker and ELF tools for the Android sysroot)"
        _bridge_apt_install "${missing[@]}" >&2 || return 1
    fi
}

# The clang target for an Android ABI, without the API level.
_sysroot_triple() {
    case "$1" in
        arm64-v8a) echo aarch64-linux-android ;;
        armeabi-v7a) echo armv7a-linux-androideabi ;;
        x86) echo i686-linux-android ;;
        x86_64) echo x86_64-linux-android ;;
        *) echo "sysroot: unknown ABI $1" >&2; return 1 ;;
    esac
}

# LLVM's libunwind, as the NDK links it into every library: a panic unwinds through it to the
# export's wrapper. Compiled -Os from the sources the pinned toolchain's rust-src carries (the
# same LLVM the Rust standard library is built with), against the project's bionic headers only
# (-nostdinc: no glibc header can leak in). The armeabi-v7a build unwinds through .ARM.exidx
# (EHABI); the others through .eh_frame.
_sysroot_libunwind() {
    local abi="$1" out="$2" triple src res obj f flags
    triple="$(_sysroot_triple "$abi")$BRIDGE_API_LEVEL"
    src="$(rustc "+$BRIDGE_RELEASE_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/src/llvm-project/libunwind"
    [ -d "$src/src" ] || { echo "sysroot: no libunwind sources in $src (rust-src of $BRIDGE_RELEASE_TOOLCHAIN)" >&2; return 1; }
    res="$(clang -print-resource-dir)"
    obj="$out/libunwind-obj"
    rm -rf "$obj" && mkdir -p "$obj"
    for f in libunwind.cpp Unwind-EHABI.cpp UnwindLevel1.c UnwindLevel1-gcc-ext.c UnwindRegistersRestore.S UnwindRegistersSave.S; do
        case "$f" in
            *.cpp) flags=(-std=c++17 -fno-rtti -fno-exceptions -nostdinc++) ;;
            *.c) flags=(-std=c99) ;;
            *) flags=() ;;
        esac
        clang --target="$triple" -nostdinc -isystem "$res/include" -isystem "$(_sysroot_root)/android/sysroot/include" \
            -I"$src/include" -Os -fPIC -fvisibility=hidden -funwind-tables -ffunction-sections -fdata-sections \
            -ffile-prefix-map="$src=libunwind" \
            -D_LIBUNWIND_IS_NATIVE_ONLY -D_LIBUNWIND_HIDE_SYMBOLS -DNDEBUG "${flags[@]}" \
            -c "$src/src/$f" -o "$obj/${f%.*}.o" || return 1
    done
    rm -f "$out/libunwind.a" && llvm-ar rcsD "$out/libunwind.a" "$obj"/*.o
}

sysroot_build() {
    local abi="$1" root out triple
    root="$(_sysroot_root)"
    out="$(_bridge_target_dir)/android-sysroot/$abi"
    triple="$(_sysroot_triple "$abi")$BRIDGE_API_LEVEL" || return 1
    sysroot_tools || return 1
    mkdir -p "$out"
    _sysroot_say "$abi: stub libc/libm/libdl/liblog (API $BRIDGE_API_LEVEL), crtbegin_so/crtend_so, libunwind"
    python3 "$root/scripts/android_libs.py" stubs --abi "$abi" --api "$BRIDGE_API_LEVEL" --out "$out" || return 1
    clang --target="$triple" -ffreestanding -nostdinc -Os -fPIC -DSMSGUARD_ANDROID_API="$BRIDGE_API_LEVEL" \
        -c "$root/android/sysroot/crtbegin_so.c" -o "$out/crtbegin_so.o" || return 1
    clang --target="$triple" -c "$root/android/sysroot/crtend_so.S" -o "$out/crtend_so.o" || return 1
    _sysroot_libunwind "$abi" "$out" || return 1
    printf '%s' "$out"
}
