#!/usr/bin/env python3
"""Tests of apk_check.py's reading of the manifest (run by ./build.sh test): which names are classes
Android instantiates, how a relative name resolves, and that a class missing from the dex is
refused. The input is `aapt dump xmltree` output in the shape Debian's aapt prints."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import apk_check  # noqa: E402

XMLTREE = """N: android=http://schemas.android.com/apk/res/android
  E: manifest (line=7)
    A: package="kz.example" (Raw: "kz.example")
    E: uses-permission (line=18)
      A: android:name(0x01010003)="android.permission.RECEIVE_SMS" (Raw: "android.permission.RECEIVE_SMS")
    E: application (line=31)
      A: android:label(0x01010001)=@0x7f060000
      A: android:name(0x01010003)=".App" (Raw: ".App")
      E: activity (line=39)
        A: android:name(0x01010003)=".ui.Main" (Raw: ".ui.Main")
        E: intent-filter (line=42)
          E: action (line=43)
            A: android:name(0x01010003)="android.intent.action.MAIN" (Raw: "android.intent.action.MAIN")
      E: activity-alias (line=50)
        A: android:name(0x01010003)=".Launcher" (Raw: ".Launcher")
        A: android:targetActivity(0x01010202)=".ui.Main" (Raw: ".ui.Main")
      E: receiver (line=60)
        A: android:name(0x01010003)="SmsReceiver" (Raw: "SmsReceiver")
        A: android:permission(0x01010006)="android.permission.BROADCAST_SMS" (Raw: "android.permission.BROADCAST_SMS")
      E: service (line=70)
        A: android:name(0x01010003)="kz.other.Screening" (Raw: "kz.other.Screening")
        E: meta-data (line=71)
          A: android:name(0x01010003)="android.app.role" (Raw: "android.app.role")
"""

NAMED = {"kz.example.App": "application", "kz.example.ui.Main": "activity-alias",
         "kz.example.SmsReceiver": "receiver", "kz.other.Screening": "service"}


class ManifestClassesTest(unittest.TestCase):
    def test_names_resolve_as_android_resolves_them(self):
        self.assertEqual(apk_check.manifest_classes(XMLTREE, "kz.example"), NAMED)

    def test_a_class_missing_from_the_dex_is_refused(self):
        problems = []
        dex = {name: {} for name in NAMED if name != "kz.example.SmsReceiver"}
        apk_check.manifest_problems(XMLTREE, "kz.example", dex, problems)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("<receiver> kz.example.SmsReceiver is not a class in the dex", problems[0])

    def test_all_present_passes(self):
        problems = []
        apk_check.manifest_problems(XMLTREE, "kz.example", {name: {} for name in NAMED}, problems)
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main(verbosity=1)
