#!/usr/bin/env python3
"""Checks a signed APK the way Android will look at it, with the SDK's own tools where Debian has
them (apksigner, aapt, dexdump). Run by ./build.sh apk (scripts/apk.sh) as its last step.

    apk_check.py --package P --version V --min-sdk N --target-sdk T --abis "A B C D" --kotlin DIR APK

Fails, listing every problem, unless:
- apksigner verifies the v2 and v3 signatures for every API level from minSdk;
- every .so and resources.arsc is stored and aligned (16 KB / 4 bytes) after signing (apk_zip.py);
- aapt reads the package name, version code and name, minSdk, targetSdk, exactly the four ABIs,
  and a launchable activity;
- every class the manifest names for Android to instantiate (the application, its backup agent,
  each activity, activity-alias target, service, receiver and provider) is in the dex under that
  name: a missing one is a ClassNotFoundException when Android starts it, and for the SMS or call
  receiver that means no warning, ever;
- dexdump verifies each dex file's checksum;
- every `external fun` of the Kotlin sources under DIR is a native method of its class in the
  dex (R8 kept it, under its own name), and nothing else in the dex is native;
- each lib/<abi>/libsmsguard.so, as packaged, passes android_libs.py's checks.
"""
import argparse
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import android_libs  # noqa: E402
import apk_manifest  # noqa: E402
import apk_zip  # noqa: E402


def run(*command):
    result = subprocess.run(command, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def check_signature(apk, min_sdk, problems):
    code, out = run("apksigner", "verify", "--verbose", "--min-sdk-version", str(min_sdk), apk)
    if code != 0:
        problems.append(f"apksigner verify failed: {out.strip()}")
        return "unsigned"
    for scheme in ("v2", "v3"):
        if not re.search(rf"Verified using {scheme} scheme \(APK Signature Scheme {scheme}\): true", out):
            problems.append(f"not signed with the APK Signature Scheme {scheme}")
    return "v2 + v3 signatures verified"


def check_badging(apk, args, problems):
    code, out = run("aapt", "dump", "badging", apk)
    if code != 0:
        problems.append(f"aapt dump badging failed: {out.strip()}")
        return None
    package = re.search(r"^package: name='([^']*)' versionCode='([^']*)' versionName='([^']*)'", out, re.M)
    want = (args.package, str(apk_manifest.version_code(args.version)), args.version)
    if not package or package.groups() != want:
        problems.append(f"package line is {package.groups() if package else None}, expected {want}")
    for key, value in (("sdkVersion", args.min_sdk), ("targetSdkVersion", args.target_sdk)):
        if not re.search(rf"^{key}:'{value}'$", out, re.M):
            problems.append(f"{key} is not {value}")
    native = re.search(r"^native-code: (.*)$", out, re.M)
    abis = sorted(re.findall(r"'([^']*)'", native.group(1))) if native else []
    if abis != sorted(args.abis.split()):
        problems.append(f"native code for {abis}, expected {sorted(args.abis.split())}")
    launchable = re.search(r"^launchable-activity: name='([^']*)'", out, re.M)
    if not launchable:
        problems.append("no launchable activity: the app would have no icon")
        return None
    return launchable.group(1)


def dex_classes(dexes):
    """{class name: {method name: is native}} from dexdump's listing of every dex file."""
    classes, current, method = {}, None, None
    for dex in dexes:
        code, out = run("dexdump", str(dex))
        if code != 0:
            raise ValueError(f"dexdump {dex.name} failed: {out.strip()}")
        for line in out.splitlines():
            descriptor = re.match(r"\s*Class descriptor\s*:\s*'L([^;]+);'", line)
            if descriptor:
                current = descriptor.group(1).replace("/", ".")
                classes[current] = {}
                continue
            name = re.match(r"\s+name\s*:\s*'([^']+)'", line)
            if name:
                method = name.group(1)
                continue
            access = re.match(r"\s+access\s*:\s*0x[0-9a-f]+ \(([^)]*)\)", line)
            if access and current and method:
                classes[current][method] = classes[current].get(method, False) or "NATIVE" in access.group(1)
    return classes


# (element, attribute) pairs of the manifest whose value is a class Android instantiates.
MANIFEST_CLASSES = {("application", "name"), ("application", "backupAgent"), ("activity", "name"),
                    ("activity-alias", "targetActivity"), ("service", "name"), ("receiver", "name"),
                    ("provider", "name")}


def manifest_classes(xmltree, package):
    """{class name: element} for every class the manifest names (MANIFEST_CLASSES), from
    `aapt dump xmltree APK AndroidManifest.xml`, with ".Foo" and "Foo" resolved against the package
    as Android resolves them."""
    classes, element = {}, None
    for line in xmltree.splitlines():
        opened = re.match(r"\s*E: (\S+)", line)
        if opened:
            element = opened.group(1)
            continue
        attribute = re.match(r'\s*A: android:(\w+)\(0x[0-9a-f]+\)="([^"]*)"', line)
        if attribute and (element, attribute.group(1)) in MANIFEST_CLASSES:
            name = attribute.group(2)
            if name.startswith("."):
                name = package + name
            elif "." not in name:
                name = f"{package}.{name}"
            classes[name] = element
    return classes


def manifest_problems(xmltree, package, dex, problems):
    """Adds a sentence to problems for each class the manifest names that the dex lacks; returns the summary."""
    named = manifest_classes(xmltree, package)
    for name, element in sorted(named.items()):
        if name not in dex:
            problems.append(f"the manifest's <{element}> {name} is not a class in the dex: Android would "
                            "fail to start it (a typo, or R8 renamed or removed it)")
    return f"{len(named)} classes the manifest names, all in the dex"


def check_manifest_classes(apk, package, dex, problems):
    code, out = run("aapt", "dump", "xmltree", apk, "AndroidManifest.xml")
    if code != 0:
        problems.append(f"aapt dump xmltree failed: {out.strip()}")
        return ""
    return manifest_problems(out, package, dex, problems)


def check_dex(apk, tmp, kotlin_dir, problems):
    with zipfile.ZipFile(apk) as z:
        names = sorted(n for n in z.namelist() if re.fullmatch(r"classes\d*\.dex", n))
        z.extractall(tmp, names)
    dexes = [Path(tmp) / n for n in names]
    if not dexes:
        problems.append("no classes.dex")
        return "", {}
    for dex in dexes:
        code, out = run("dexdump", "-c", str(dex))
        if code != 0 or "Checksum verified" not in out:
            problems.append(f"dexdump -c: {dex.name} checksum not verified: {out.strip()}")
    classes = dex_classes(dexes)
    natives = android_libs.kotlin_natives(kotlin_dir)
    for cls, method in sorted(natives):
        if not classes.get(cls, {}).get(method):
            problems.append(f"{cls}.{method} is not a native method in the dex (renamed or removed by R8?)")
    in_dex = {(c, m) for c, methods in classes.items() for m, native in methods.items() if native}
    for cls, method in sorted(in_dex - natives):
        problems.append(f"{cls}.{method} is native in the dex but no `external fun` in the Kotlin sources")
    size = sum(d.stat().st_size for d in dexes)
    summary = f"{len(dexes)} dex file(s), {size} bytes, checksums verified, {len(classes)} classes, {len(natives)} natives kept"
    return summary, classes


def check_libraries(apk, tmp, args, problems):
    lines = []
    with zipfile.ZipFile(apk) as z:
        for abi in args.abis.split():
            name = f"lib/{abi}/libsmsguard.so"
            if name not in z.namelist():
                problems.append(f"no {name}")
                continue
            z.extract(name, tmp)
            lib = str(Path(tmp) / name)
            found, summary = android_libs.check_library(lib, abi, args.min_sdk, args.kotlin)
            problems.extend(f"{name}: {p}" for p in found)
            lines.append(f"{abi:12} {Path(lib).stat().st_size:9d} bytes  {summary}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    apk_manifest.add_app_arguments(parser)
    parser.add_argument("--abis", required=True)
    parser.add_argument("--kotlin", required=True)
    parser.add_argument("apk")
    args = parser.parse_args()
    problems = []
    try:
        report = [check_signature(args.apk, args.min_sdk, problems)]
        problems.extend(apk_zip.verify(args.apk))
        launchable = check_badging(args.apk, args, problems)
        report.append(f"aapt: {args.package} {args.version}, minSdk {args.min_sdk}, targetSdk {args.target_sdk}, "
                      f"ABIs {args.abis}, launchable {launchable}")
        with tempfile.TemporaryDirectory() as tmp:
            summary, classes = check_dex(args.apk, tmp, args.kotlin, problems)
            report += [summary, check_manifest_classes(args.apk, args.package, classes, problems)]
            report.extend(check_libraries(args.apk, tmp, args, problems))
    except (ValueError, OSError, zipfile.BadZipFile, subprocess.CalledProcessError) as e:
        problems.append(str(e))
    if problems:
        for p in problems:
            print(f"apk_check: {args.apk}: {p}", file=sys.stderr)
        return 1
    for line in report:
        print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
