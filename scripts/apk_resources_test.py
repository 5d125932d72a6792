#!/usr/bin/env python3
"""Tests of apk_resources.py (run by ./build.sh test): aapt2 leaves Apktool's library only with
the pinned SHA-256, so a changed binary is never run; the resource files go to aapt2 in a stable
order, without the hidden files and editor backups AGP leaves out."""
import hashlib
import os
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import apk_resources  # noqa: E402

BINARY = b"\x7fELF pretend aapt2"
PIN = hashlib.sha256(BINARY).hexdigest()


def jar(directory, content=BINARY, entry=apk_resources.AAPT2_IN_JAR):
    path = Path(directory) / "apktool-lib.jar"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("brut/androlib/ApkDecoder.class", b"\xca\xfe\xba\xbe")
        z.writestr(entry, content)
    return path


class Aapt2Test(unittest.TestCase):
    def test_the_pinned_binary_is_written_executable(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "tools" / "aapt2"
            apk_resources.extract_aapt2(jar(tmp), PIN, out)
            self.assertEqual(out.read_bytes(), BINARY)
            self.assertTrue(os.access(out, os.X_OK))

    def test_another_binary_is_refused_and_not_written(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "aapt2"
            with self.assertRaisesRegex(ValueError, f"has SHA-256 [0-9a-f]{{64}}, but .* pins {PIN}"):
                apk_resources.extract_aapt2(jar(tmp, BINARY + b"\0"), PIN, out)
            self.assertFalse(out.exists())

    def test_a_stale_copy_is_replaced(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "aapt2"
            out.write_bytes(b"an older aapt2")
            apk_resources.extract_aapt2(jar(tmp), PIN, out)
            self.assertEqual(out.read_bytes(), BINARY)

    def test_a_jar_without_aapt2_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaisesRegex(ValueError, "has no prebuilt/linux/aapt2"):
                apk_resources.extract_aapt2(jar(tmp, entry="prebuilt/windows/aapt2.exe"), PIN, Path(tmp) / "aapt2")


class FilesTest(unittest.TestCase):
    def test_sorted_without_hidden_files_and_backups(self):
        with tempfile.TemporaryDirectory() as tmp:
            res = Path(tmp) / "res"
            for name in ("values/strings.xml", "layout/main.xml", "values-kk/strings.xml", "values/.DS_Store",
                         ".git/config", "layout/main.xml~", "drawable/icon.xml"):
                (res / name).parent.mkdir(parents=True, exist_ok=True)
                (res / name).write_text("<x/>")
            found = [p.relative_to(res).as_posix() for p in apk_resources.files(res)]
        self.assertEqual(found, ["drawable/icon.xml", "layout/main.xml", "values/strings.xml", "values-kk/strings.xml"])


if __name__ == "__main__":
    unittest.main(verbosity=1)
