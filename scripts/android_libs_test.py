#!/usr/bin/env python3
"""Tests of android_libs.py: small libraries, linked here with clang against the project's stubs,
that the check must pass or refuse. Run by ./build.sh test (scripts/bridge.sh); needs clang, lld,
llvm-readelf. Each case starts from one good library and breaks one thing."""
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

    def build(self, name, body, exports=EXPORTS, crt=True, flags=("-Wl,-soname=libsmsguard.so", "-Wl,-z,max-page-size=16384")):
        source = self.dir / f"{name}.c"
        source.write_text("\n".join([body] + [f"void {e}(void) {{}}" for e in exports]) + "\n")
        out = self.dir / f"{name}.so"
        crt_args = [str(CRTBEGIN), f"-DSMSGUARD_ANDROID_API={API}"] if crt else []
        subprocess.run(["clang", f"--target={TRIPLE}", "-shared", "-nostdlib", "-fPIC", "-fuse-ld=lld", "-w",
                        "-o", out, *crt_args, str(source), *flags, "-L", self.dir / "stubs", "-lc", "-ldl", "-llog"],
                       check=True)
        return out

    def check(self, lib):
        result = subprocess.run([sys.executable, TOOL, "check", "--abi", ABI, "--api", str(API),
                                 "--kotlin", self.dir / "kotlin", lib], capture_output=True, text=True)
        return result.returncode, result.stderr

    def assert_refused(self, lib, reason):
        code, err = self.check(lib)
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

    def test_missing_ident_note_is_refused(self):
        self.assert_refused(self.build("nonote", self.GOOD, crt=False), ".note.android.ident")

    def test_missing_jni_export_is_refused(self):
        self.assert_refused(self.build("noexport", self.GOOD, exports=EXPORTS[:1]),
                            "no export Java_kz_example_Native_1Bridge_onSms")

    def test_extra_jni_export_is_refused(self):
        lib = self.build("extra", self.GOOD, exports=EXPORTS + ["Java_kz_example_Native_1Bridge_panic"])
        self.assert_refused(lib, "exports Java_kz_example_Native_1Bridge_panic")


if __name__ == "__main__":
    unittest.main(verbosity=1)
