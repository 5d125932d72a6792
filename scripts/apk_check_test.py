#!/usr/bin/env python3
"""Tests of apk_check.py's reading of the manifest (run by ./build.sh test): which names are classes
Android instantiates, how a relative name resolves, that a class missing from the dex is refused,
and that localeConfig and dataExtractionRules must be there as the framework's attributes naming
xml resources. The input is `aapt2 dump xmltree --file AndroidManifest.xml` output in the shape
aapt2 2.20 prints."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import apk_check  # noqa: E402

A = "A: http://schemas.android.com/apk/res/android:"
APPLICATION = f"""    E: application (line=31)
      {A}label(0x01010001)=@0x7f060000
      {A}name(0x01010003)=".App" (Raw: ".App")
      {A}allowBackup(0x01010280)=false
      {A}dataExtractionRules(0x0101063e)=@0x7f080000
      {A}localeConfig(0x0101065b)=@0x7f080001
"""
XMLTREE = f"""N: android=http://schemas.android.com/apk/res/android (line=7)
  E: manifest (line=7)
    {A}versionCode(0x0101021b)=100
    A: package="kz.example" (Raw: "kz.example")
    E: uses-permission (line=18)
      {A}name(0x01010003)="android.permission.RECEIVE_SMS" (Raw: "android.permission.RECEIVE_SMS")
{APPLICATION}      E: activity (line=39)
        {A}name(0x01010003)=".ui.Main" (Raw: ".ui.Main")
        E: intent-filter (line=42)
          E: action (line=43)
            {A}name(0x01010003)="android.intent.action.MAIN" (Raw: "android.intent.action.MAIN")
      E: activity-alias (line=50)
        {A}name(0x01010003)=".Launcher" (Raw: ".Launcher")
        {A}targetActivity(0x01010202)=".ui.Main" (Raw: ".ui.Main")
      E: receiver (line=60)
        {A}name(0x01010003)="SmsReceiver" (Raw: "SmsReceiver")
        {A}permission(0x01010006)="android.permission.BROADCAST_SMS" (Raw: "android.permission.BROADCAST_SMS")
      E: service (line=70)
        {A}name(0x01010003)="kz.other.Screening" (Raw: "kz.other.Screening")
        E: meta-data (line=71)
          {A}name(0x01010003)="android.app.role" (Raw: "android.app.role")
"""

NAMED = {"kz.example.App": "application", "kz.example.ui.Main": "activity-alias",
         "kz.example.SmsReceiver": "receiver", "kz.other.Screening": "service"}

# `aapt2 dump resources` lines for the two xml files and a string.
RESOURCES = apk_check.resource_names("""  type string id=06 entryCount=1
    resource 0x7f060000 string/app_name
  type xml id=08 entryCount=2
    resource 0x7f080000 xml/data_extraction_rules
      () (file) res/xml/data_extraction_rules.xml type=XML
    resource 0x7f080001 xml/locales_config
""")


def platform_problems(xmltree):
    problems = []
    summary = apk_check.platform_attribute_problems(xmltree, RESOURCES, problems)
    return summary, problems


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


class PlatformAttributesTest(unittest.TestCase):
    def test_both_present_pass(self):
        summary, problems = platform_problems(XMLTREE)
        self.assertEqual(problems, [])
        self.assertIn("localeConfig @xml/locales_config", summary)
        self.assertIn("dataExtractionRules @xml/data_extraction_rules", summary)

    def test_each_stripped_attribute_is_refused(self):
        for name in ("localeConfig", "dataExtractionRules"):
            stripped = "".join(line for line in XMLTREE.splitlines(keepends=True) if f":{name}(" not in line)
            _, problems = platform_problems(stripped)
            self.assertEqual(len(problems), 1, problems)
            self.assertIn(f"<application> has no android:{name}", problems[0])

    def test_on_another_element_does_not_count(self):
        moved = XMLTREE.replace(APPLICATION, APPLICATION.replace("E: application", "E: activity"))
        _, problems = platform_problems(moved)
        self.assertEqual(len(problems), 2, problems)

    def test_a_reference_to_no_xml_resource_is_refused(self):
        for value in ("@0x7f060000", "@0x7f089999", '"@xml/locales_config" (Raw: "@xml/locales_config")'):
            wrong = XMLTREE.replace("localeConfig(0x0101065b)=@0x7f080001", f"localeConfig(0x0101065b)={value}")
            _, problems = platform_problems(wrong)
            self.assertEqual(len(problems), 1, (value, problems))
            self.assertIn("not a reference to an xml resource", problems[0])

    def test_an_attribute_not_the_frameworks_is_refused(self):
        wrong = XMLTREE.replace("localeConfig(0x0101065b)", "localeConfig(0x7f010000)")
        _, problems = platform_problems(wrong)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("not the framework's 0x0101065b", problems[0])


if __name__ == "__main__":
    unittest.main(verbosity=1)
