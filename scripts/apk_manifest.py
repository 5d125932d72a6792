#!/usr/bin/env python3
"""The manifest as AGP would merge it for the APK: src/main/AndroidManifest.xml plus what the
Gradle build declares elsewhere.

    apk_manifest.py --package kz.smsguard --version 0.1.0 --min-sdk 26 --target-sdk 35 [--debuggable] IN OUT

Adds to <manifest> the package (AGP's applicationId), android:versionCode and
android:versionName; a <uses-sdk> with minSdkVersion and targetSdkVersion as its first child;
and to <application> android:extractNativeLibs="false" (the libraries stay stored, 16 KB aligned
in the APK and are mapped from there, as AGP does when jniLibs.useLegacyPackaging is false), plus
android:debuggable="true" for a debug build. The version code is MAJOR*10000 + MINOR*100 + PATCH
(0.1.0 -> 100), the rule app/build.gradle.kts applies too. Refuses a manifest that already sets
any of these, rather than guess which one wins.
"""
import argparse
import re
import sys


def version_code(version):
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if not match or any(int(part) > 99 for part in match.groups()[1:]):
        raise ValueError(f"version {version!r} is not MAJOR.MINOR.PATCH with MINOR and PATCH below 100")
    major, minor, patch = (int(part) for part in match.groups())
    return major * 10000 + minor * 100 + patch


def stamp(text, package, version, min_sdk, target_sdk, debuggable):
    for attribute in ("package=", "android:versionCode", "android:versionName", "<uses-sdk",
                      "android:extractNativeLibs", "android:debuggable"):
        if attribute in text:
            raise ValueError(f"the manifest already has {attribute}; the build sets it")
    manifest = re.search(r"<manifest\b[^>]*>", text)
    application = re.search(r"<application\b", text)
    if not manifest or not application:
        raise ValueError("no <manifest> or <application> element")
    head = manifest.group(0)[:-1]
    stamped = (f'{head}\n    package="{package}"\n    android:versionCode="{version_code(version)}"\n'
               f'    android:versionName="{version}">\n\n'
               f'    <uses-sdk android:minSdkVersion="{min_sdk}" android:targetSdkVersion="{target_sdk}" />\n')
    text = text[:manifest.start()] + stamped + text[manifest.end():]
    extra = ' android:extractNativeLibs="false"' + (' android:debuggable="true"' if debuggable else "")
    return re.sub(r"<application\b", "<application" + extra, text, count=1)


def add_app_arguments(parser):
    """The app's identity as scripts/apk.sh passes it to this tool and to apk_check.py."""
    parser.add_argument("--package", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--min-sdk", required=True, type=int)
    parser.add_argument("--target-sdk", required=True, type=int)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_app_arguments(parser)
    parser.add_argument("--debuggable", action="store_true")
    parser.add_argument("input")
    parser.add_argument("output")
    args = parser.parse_args()
    try:
        with open(args.input, encoding="utf-8") as f:
            text = stamp(f.read(), args.package, args.version, args.min_sdk, args.target_sdk, args.debuggable)
    except (ValueError, OSError) as e:
        print(f"apk_manifest: {args.input}: {e}", file=sys.stderr)
        return 1
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
