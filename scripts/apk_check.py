#!/usr/bin/env python3
"""Checks a signed APK the way Android will look at it, with the SDK's own tools (apksigner and
dexdump from Debian, aapt2 from Apktool's library: see apk_resources.py). Run by ./build.sh apk
(scripts/apk.sh) as its last step.

    apk_check.py --aapt2 BIN --package P --version V --min-sdk N --target-sdk T --compile-sdk C
                 --abis "A B C D" --kotlin DIR APK
    apk_check.py --aapt2 BIN --package P --version V --min-sdk N --target-sdk T --compile-sdk C
                 --resources-only RESOURCES.ap_

Fails, listing every problem, unless:
- apksigner verifies the v2 and v3 signatures for every API level from minSdk;
- every .so and resources.arsc is stored and aligned (16 KB / 4 bytes) after signing (apk_zip.py);
- `aapt2 dump badging` reads the package name, version code and name, minSdk, targetSdk,
  compileSdk, exactly the four ABIs, and a launchable activity;
- the manifest's <application> carries localeConfig (Android 13+ per-app languages) and
  dataExtractionRules (Android 12+ device-to-device transfer) as the framework's attributes
  (android.R.attr IDs, not just the names) naming xml resources of the package: an attribute
  the compiler strips or cannot resolve is one Android never reads;
- every class the manifest names for Android to instantiate (the application, its backup agent,
  each activity, activity-alias target, service, receiver and provider) is in the dex under that
  name: a missing one is a ClassNotFoundException when Android starts it, and for the SMS or call
  receiver that means no warning, ever;
- dexdump verifies each dex file's checksum;
- every `external fun` of the Kotlin sources under DIR is a native method of its class in the
  dex (R8 kept it, under its own name), and nothing else in the dex is native;
- each lib/<abi>/libsmsguard.so, as packaged, passes android_libs.py's checks.
--resources-only checks a resource package (aapt2 link's output, as the Robolectric build makes
it: ./build.sh test) for the manifest lines above: badging without ABIs, and the two attributes.
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
    code, out = run(args.aapt2, "dump", "badging", apk)
    if code != 0:
        problems.append(f"aapt2 dump badging failed: {out.strip()}")
        return None
    package = re.search(r"^package: name='([^']*)' versionCode='([^']*)' versionName='([^']*)'", out, re.M)
    want = (args.package, str(apk_manifest.version_code(args.version)), args.version)
    if not package or package.groups() != want:
        problems.append(f"package line is {package.groups() if package else None}, expected {want}")
    compile_sdk = re.search(r"^package: .* compileSdkVersion='([^']*)'", out, re.M)
    if not compile_sdk or compile_sdk.group(1) != str(args.compile_sdk):
        problems.append(f"compileSdkVersion is {compile_sdk.group(1) if compile_sdk else None}, expected "
                        f"{args.compile_sdk} (the framework aapt2 linked against)")
    for key, value in (("minSdkVersion", args.min_sdk), ("targetSdkVersion", args.target_sdk)):
        if not re.search(rf"^{key}:'{value}'$", out, re.M):
            problems.append(f"{key} is not {value}")
    if args.abis is not None:
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


# An android: attribute line of `aapt2 dump xmltree`: name, resource ID, then the value, either a
# string ("…" (Raw: "…")), a reference (@0x7f080001) or a number.
ANDROID_ATTRIBUTE = re.compile(r'\s*A: http://schemas.android.com/apk/res/android:(\w+)\((0x[0-9a-f]+)\)=(?:"([^"]*)"|(\S+))')


def android_attributes(xmltree):
    """(element, attribute name, resource ID, string value or None, other value or None) for
    every android: attribute of `aapt2 dump xmltree --file AndroidManifest.xml APK`, in order."""
    found, element = [], None
    for line in xmltree.splitlines():
        opened = re.match(r"\s*E: (\S+)", line)
        if opened:
            element = opened.group(1)
            continue
        attribute = ANDROID_ATTRIBUTE.match(line)
        if attribute:
            name, ident, string, other = attribute.groups()
            found.append((element, name, int(ident, 16), string, other))
    return found


def manifest_classes(xmltree, package):
    """{class name: element} for every class the manifest names (MANIFEST_CLASSES), from
    `aapt2 dump xmltree --file AndroidManifest.xml APK`, with ".Foo" and "Foo" resolved against the
    package as Android resolves them."""
    classes = {}
    for element, attribute, _, name, _ in android_attributes(xmltree):
        if (element, attribute) in MANIFEST_CLASSES and name is not None:
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


# <application> attributes Android 12+ and 13+ read, with their IDs in the framework (android.R.attr,
# public and fixed: dataExtractionRules added in API 31, localeConfig in API 33) and what each does.
PLATFORM_ATTRIBUTES = {
    "dataExtractionRules": (0x0101063E, "the device-to-device transfer rules (Android 12+)"),
    "localeConfig": (0x0101065B, "the languages of the per-app language setting (Android 13+)"),
}


def platform_attribute_problems(xmltree, resources, problems):
    """Adds a sentence to problems unless <application> has each PLATFORM_ATTRIBUTES entry under
    its framework ID, referencing an xml resource listed in `resources` ({ID: "type/name"}, from
    `aapt2 dump resources`); returns the summary."""
    on_application = {name: (ident, other) for element, name, ident, _, other in android_attributes(xmltree)
                      if element == "application"}
    found = []
    for name, (ident, purpose) in sorted(PLATFORM_ATTRIBUTES.items()):
        if name not in on_application:
            problems.append(f"<application> has no android:{name}: Android would not find {purpose}")
            continue
        got, value = on_application[name]
        if got != ident:
            problems.append(f"android:{name} is compiled as attribute 0x{got:08x}, not the framework's 0x{ident:08x}")
        target = resources.get(int(value[1:], 16)) if value and re.fullmatch(r"@0x[0-9a-f]+", value) else None
        if not target or not target.startswith("xml/"):
            problems.append(f"android:{name} is {value}, not a reference to an xml resource of the app")
            continue
        found.append(f"{name} @{target}")
    return "manifest: " + ", ".join(found)


def resource_names(dump):
    """{ID: "type/name"} from `aapt2 dump resources`."""
    return {int(ident, 16): name for ident, name in re.findall(r"^\s*resource (0x[0-9a-f]+) (\S+)", dump, re.M)}


def check_manifest(apk, args, dex, problems):
    """The compiled manifest: the platform attributes, and (given the dex's classes) every class it names."""
    code, xmltree = run(args.aapt2, "dump", "xmltree", "--file", "AndroidManifest.xml", apk)
    if code != 0:
        problems.append(f"aapt2 dump xmltree failed: {xmltree.strip()}")
        return []
    code, dump = run(args.aapt2, "dump", "resources", apk)
    if code != 0:
        problems.append(f"aapt2 dump resources failed: {dump.strip()}")
        return []
    report = [platform_attribute_problems(xmltree, resource_names(dump), problems)]
    if dex is not None:
        report.append(manifest_problems(xmltree, args.package, dex, problems))
    return report


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
    parser.add_argument("--aapt2", required=True)
    apk_manifest.add_app_arguments(parser)
    parser.add_argument("--compile-sdk", required=True, type=int)
    parser.add_argument("--resources-only", action="store_true")
    parser.add_argument("--abis")
    parser.add_argument("--kotlin")
    parser.add_argument("apk")
    args = parser.parse_args()
    if not args.resources_only and (args.abis is None or args.kotlin is None):
        parser.error("--abis and --kotlin are required unless --resources-only")
    problems, report = [], []
    try:
        if not args.resources_only:
            report.append(check_signature(args.apk, args.min_sdk, problems))
            problems.extend(apk_zip.verify(args.apk))
        launchable = check_badging(args.apk, args, problems)
        abis = f", ABIs {args.abis}" if args.abis is not None else ""
        report.append(f"aapt2: {args.package} {args.version}, minSdk {args.min_sdk}, targetSdk {args.target_sdk}, "
                      f"compileSdk {args.compile_sdk}{abis}, launchable {launchable}")
        if args.resources_only:
            report += check_manifest(args.apk, args, None, problems)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                summary, classes = check_dex(args.apk, tmp, args.kotlin, problems)
                report.append(summary)
                report += check_manifest(args.apk, args, classes, problems)
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
