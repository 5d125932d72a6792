#!/usr/bin/env python3
"""Tests of android_libs.py: small libraries, linked here with clang against the project's stubs,
that the check must pass or refuse. Run by ./build.sh test (scripts/bridge.sh); needs clang, lld,
llvm-readelf. Each case starts from one good library and breaks one thing."""
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOL = HERE / "android_libs.py"
CRTBEGIN = HERE.parent / "android" / "sysroot" / "crtbegin_so.c"
API = 26
ABI = "arm64-v8a"
TRIPLE = f"aarch64-linux-android{API}"

KOTLIN = """package kz.example
internal object Native_Bridge {
    external fun open(dir: String)
    external fun onSms(body: String?): String
}
"""
EXPORTS = ["Java_kz_example_Native_1Bridge_open", "Java_kz_example_Native_1Bridge_onSms"]
DEFAULT_FLAGS = ("-Wl,-soname=libsmsguard.so", "-Wl,-z,max-page-size=16384")


class CheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        subprocess.run([sys.executable, TOOL, "stubs", "--abi", ABI, "--api", str(API), "--out", cls.dir / "stubs"],
                       check=True)
        (cls.dir / "kotlin").mkdir()
        (cls.dir / "kotlin" / "Native.kt").write_text(KOTLIN)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def build(self, name, body, exports=EXPORTS, crt=True, flags=None):
        flags = DEFAULT_FLAGS if flags is None else flags
        source = self.dir / f"{name}.c"
        source.write_text("\n".join([body] + [f"void {e}(void) {{}}" for e in exports]) + "\n")
        out = self.dir / f"{name}.so"
        crt_args = [str(CRTBEGIN), f"-DSMSGUARD_ANDROID_API={API}"] if crt else []
        subprocess.run(["clang", f"--target={TRIPLE}", "-shared", "-nostdlib", "-fPIC", "-fuse-ld=lld", "-w",
                        "-o", out, *crt_args, str(source), *flags, "-L", self.dir / "stubs", "-lc", "-ldl", "-llog"],
                       check=True)
        return out

    def check(self, lib, env=None):
        result = subprocess.run([sys.executable, TOOL, "check", "--abi", ABI, "--api", str(API),
                                 "--kotlin", self.dir / "kotlin", lib], capture_output=True, text=True, env=env)
        return result.returncode, result.stderr

    def versioned_libc(self, version):
        """A stub libc.so whose __errno carries the symbol version `version`, in its own directory."""
        out = self.dir / f"libc-{version}"
        out.mkdir(exist_ok=True)
        (out / "v.map").write_text(f"{version} {{ global: __errno; local: *; }};\n")
        (out / "c.c").write_text("int* __errno(void) { return 0; }\n")
        subprocess.run(["clang", f"--target={TRIPLE}", "-shared", "-nostdlib", "-fPIC", "-fuse-ld=lld",
                        "-Wl,-soname,libc.so", f"-Wl,--version-script,{out / 'v.map'}", "-o", out / "libc.so",
                        out / "c.c"], check=True)
        return out

    def assert_refused(self, lib, reason, env=None):
        code, err = self.check(lib, env)
        self.assertEqual(code, 1, f"{lib.name} passed; expected a refusal mentioning {reason!r}")
        self.assertIn(reason, err)

    GOOD = "extern int* __errno(void); int* f(void) { return __errno(); }"

    def test_good_library_passes(self):
        code, err = self.check(self.build("good", self.GOOD))
        self.assertEqual(code, 0, err)

    def test_weak_import_newer_than_min_sdk_passes(self):
        body = self.GOOD + " extern long getrandom(void*, long, int) __attribute__((weak));" \
                           " long g(void) { return getrandom ? getrandom(0, 0, 0) : 0; }"
        code, err = self.check(self.build("weak", body))
        self.assertEqual(code, 0, err)

    def test_strong_import_newer_than_min_sdk_is_refused(self):
        body = self.GOOD + " extern long getrandom(void*, long, int); long g(void) { return getrandom(0, 0, 0); }"
        self.assert_refused(self.build("strong", body, flags=("-Wl,-soname=libsmsguard.so",
                                                               "-Wl,-z,max-page-size=16384",
                                                               "-Wl,--allow-shlib-undefined")),
                            "only from API 28")

    def test_glibc_symbol_is_refused(self):
        body = "extern int* __errno_location(void); int* f(void) { return __errno_location(); }"
        self.assert_refused(self.build("glibc", body), "__errno_location, which android/sysroot/symbols.txt does not list")

    def test_missing_soname_is_refused(self):
        self.assert_refused(self.build("nosoname", self.GOOD, flags=("-Wl,-z,max-page-size=16384",)), "SONAME")

    def test_4k_alignment_is_refused(self):
        lib = self.build("4k", self.GOOD, flags=("-Wl,-soname=libsmsguard.so", "-Wl,-z,max-page-size=4096"))
        self.assert_refused(lib, "not 16 KB")

    def test_text_relocation_is_refused(self):
        body = self.GOOD + ' __asm__(".section .text.pointer, \\"ax\\", %progbits\\n.quad __errno\\n.previous");'
        lib = self.build("textrel", body, flags=DEFAULT_FLAGS + ("-Wl,-z,notext",))
        self.assert_refused(lib, "text relocations (TEXTREL)")

    def test_missing_ident_note_is_refused(self):
        self.assert_refused(self.build("nonote", self.GOOD, crt=False), ".note.android.ident")

    def test_missing_jni_export_is_refused(self):
        self.assert_refused(self.build("noexport", self.GOOD, exports=EXPORTS[:1]),
                            "no export Java_kz_example_Native_1Bridge_onSms")

    def test_extra_jni_export_is_refused(self):
        lib = self.build("extra", self.GOOD, exports=EXPORTS + ["Java_kz_example_Native_1Bridge_panic"])
        self.assert_refused(lib, "exports Java_kz_example_Native_1Bridge_panic")

    # What bionic's loader refuses (linker/linker.cpp, linker/linker_phdr.cpp) or silently gets wrong.

    def test_glibc_versioned_import_is_refused(self):
        # Linked against a glibc libc.so: the import asks for __errno@GLIBC_2.17, which no bionic
        # defines, so the phone's linker cannot bind it even though the name is right.
        stubs = self.versioned_libc("GLIBC_2.17")
        lib = self.build("glibc-versioned", self.GOOD, flags=DEFAULT_FLAGS + (f"-L{stubs}",))
        self.assert_refused(lib, "__errno@GLIBC_2.17")

    def test_bionic_versioned_import_passes(self):
        # What an NDK build gives: the NDK's stubs carry bionic's version nodes (__errno@LIBC).
        stubs = self.versioned_libc("LIBC")
        code, err = self.check(self.build("bionic-versioned", self.GOOD, flags=DEFAULT_FLAGS + (f"-L{stubs}",)))
        self.assertEqual(code, 0, err)

    def test_writable_and_executable_segment_is_refused(self):
        body = self.GOOD + ' __asm__(".section .wx, \\"awx\\", %progbits\\n.byte 0\\n.previous");'
        self.assert_refused(self.build("wx", body), "both writable and executable")

    def test_elf_tls_below_api_29_is_refused(self):
        body = self.GOOD + " __thread int counter; int* t(void) { return &counter; }"
        self.assert_refused(self.build("tls", body, flags=DEFAULT_FLAGS + ("-fno-emulated-tls",)), "ELF TLS")

    def test_relr_below_api_30_is_refused(self):
        body = self.GOOD + " void* self_pointers[64] = {&self_pointers[1], &self_pointers[2], &self_pointers[3]};"
        lib = self.build("relr", body, flags=DEFAULT_FLAGS + ("-Wl,--pack-dyn-relocs=relr",))
        self.assert_refused(lib, "has DT_RELR, which bionic reads only from API 30")

    def test_unusual_relocation_type_is_refused(self):
        # An ifunc gives an R_AARCH64_IRELATIVE relocation: not one of the four every release applies.
        body = self.GOOD + (" static void impl(void) {} static void (*pick(void))(void) { return impl; }"
                            " __attribute__((visibility(\"hidden\"))) void chosen(void) __attribute__((ifunc(\"pick\")));"
                            " void (*chosen_ptr)(void) = chosen;")
        self.assert_refused(self.build("ifunc", body), "R_AARCH64_IRELATIVE")

    def test_invalid_section_header_string_index_is_refused(self):
        lib = self.build("shstrndx", self.GOOD)
        data = bytearray(lib.read_bytes())
        data[62:64] = (0).to_bytes(2, "little")  # e_shstrndx of an ELF64 header
        lib.write_bytes(data)
        self.assert_refused(lib, "e_shstrndx")


    def test_build_machine_path_is_refused(self):
        # A panic location such as /home/alice/.cargo/registry/src/...: the APK would differ from
        # one machine to the next and tell everyone who built it, and where.
        home = str(self.dir / "home-of-the-builder")
        body = self.GOOD + f' const char* where(void) {{ return "{home}/.cargo/registry/src/x.rs"; }}'
        self.assert_refused(self.build("path", body), f"{home}/.cargo/", env={**os.environ, "HOME": home})


if __name__ == "__main__":
    unittest.main(verbosity=1)
