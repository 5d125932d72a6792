#!/usr/bin/env python3
"""Tests of apk_zip.py (run by ./build.sh test): same inputs give the same bytes whatever the files'
times and the order they were made in; libraries land stored on 16 KB boundaries and
resources.arsc stored on a 4-byte one; contents survive; non-ASCII names written as aapt2 writes
them keep their UTF-8 bytes; a zip without that alignment is refused."""
import os
import random
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import apk_zip  # noqa: E402

ABIS = ("arm64-v8a", "armeabi-v7a", "x86", "x86_64")


class Aapt2Name(zipfile.ZipInfo):
    """An entry named as aapt2 names it: the UTF-8 bytes, without the UTF-8 flag (bit 11)."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("utf-8"), self.flag_bits & ~apk_zip.UTF8_FLAG


ASSET = "assets/дерек/сәлем.txt"


def make_inputs(root, seed, mtime):
    """An aapt2-like resource package, a dex and four libraries, written in a seed-dependent order."""
    rng = random.Random(7)  # contents fixed; only order and times vary
    files = {
        "AndroidManifest.xml": (b"<manifest/>" * 50, zipfile.ZIP_DEFLATED),
        "resources.arsc": (bytes(rng.randrange(256) for _ in range(3001)), zipfile.ZIP_DEFLATED),
        "res/drawable/icon.png": (bytes(rng.randrange(256) for _ in range(777)), zipfile.ZIP_STORED),
        "res/layout/main.xml": (b"<LinearLayout/>" * 40, zipfile.ZIP_DEFLATED),
        ASSET: ("Сәлем!".encode(), zipfile.ZIP_DEFLATED),
    }
    order = list(files)
    random.Random(seed).shuffle(order)
    with zipfile.ZipFile(root / "resources.ap_", "w") as z:
        for name in order:
            data, method = files[name]
            info = Aapt2Name(name, (2020 + seed, 1 + seed, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    (root / "dex").mkdir()
    (root / "dex" / "classes.dex").write_bytes(b"dex\n035\0" + bytes(rng.randrange(256) for _ in range(5000)))
    abis = list(ABIS)
    random.Random(seed).shuffle(abis)
    for i, abi in enumerate(abis):
        (root / "lib" / abi).mkdir(parents=True)
        lib = root / "lib" / abi / "libsmsguard.so"
        lib.write_bytes(b"\x7fELF" + bytes([ABIS.index(abi)]) * (10000 + 333 * ABIS.index(abi)))
    for path in root.rglob("*"):
        os.utime(path, (mtime, mtime))


class ApkZipTest(unittest.TestCase):
    def build(self, tmp, seed, mtime):
        root = Path(tmp) / f"in{seed}"
        root.mkdir()
        make_inputs(root, seed, mtime)
        out = Path(tmp) / f"out{seed}.apk"
        apk_zip.build(out, root / "resources.ap_", root / "dex", root / "lib")
        return out

    def test_same_inputs_same_bytes(self):
        with tempfile.TemporaryDirectory() as tmp:
            first = self.build(tmp, 1, 1_000_000_000).read_bytes()
            second = self.build(tmp, 2, 1_700_000_000).read_bytes()
        self.assertEqual(first, second)

    def test_alignment_and_contents(self):
        with tempfile.TemporaryDirectory() as tmp:
            apk = self.build(tmp, 3, 1_600_000_000)
            self.assertEqual(apk_zip.verify(apk), [])
            with open(apk, "rb") as f, zipfile.ZipFile(f) as z:
                names = z.namelist()
                self.assertEqual(names, sorted(names))
                for abi in ABIS:
                    info = z.getinfo(f"lib/{abi}/libsmsguard.so")
                    self.assertEqual(info.compress_type, zipfile.ZIP_STORED)
                    f.seek(info.header_offset + 26)
                    name_len, extra_len = int.from_bytes(f.read(2), "little"), int.from_bytes(f.read(2), "little")
                    self.assertEqual((info.header_offset + 30 + name_len + extra_len) % 16384, 0, abi)
                    self.assertEqual(info.extra, b"", "padding must stay out of the central directory")
                    self.assertEqual(z.read(info)[:4], b"\x7fELF")
                self.assertEqual(z.getinfo("resources.arsc").compress_type, zipfile.ZIP_STORED)
                self.assertEqual(z.getinfo("res/layout/main.xml").compress_type, zipfile.ZIP_DEFLATED)
                self.assertEqual(z.getinfo("classes.dex").date_time, apk_zip.EPOCH)
                self.assertEqual(len(z.read("resources.arsc")), 3001)
            with open(apk, "rb") as f:
                self.assertIn(ASSET.encode(), f.read(), "the name's UTF-8 bytes, as Android looks them up")
            with zipfile.ZipFile(apk) as z:
                self.assertEqual(z.read(ASSET).decode(), "Сәлем!")

    def test_unaligned_zip_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "plain.apk"
            with zipfile.ZipFile(plain, "w") as z:
                z.writestr("AndroidManifest.xml", b"x")
                z.writestr("lib/x86/libsmsguard.so", b"\x7fELF" * 100)
                z.writestr(zipfile.ZipInfo("resources.arsc"), b"y" * 100, compress_type=zipfile.ZIP_DEFLATED)
            problems = apk_zip.verify(plain)
        self.assertTrue(any("lib/x86/libsmsguard.so starts at byte" in p for p in problems), problems)
        self.assertTrue(any("resources.arsc is compressed" in p for p in problems), problems)


if __name__ == "__main__":
    unittest.main(verbosity=1)
