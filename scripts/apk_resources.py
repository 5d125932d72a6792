#!/usr/bin/env python3
"""The app's resources, compiled as AGP compiles them: aapt2 compile, then aapt2 link against the
framework of compileSdk. Used by both builds: android/app/pom.xml (the Robolectric tests) and
scripts/apk.sh (the APK), so the tests run on the resources the phone gets.

    apk_resources.py aapt2 --jar APKTOOL_LIB.jar --sha256 HEX --out PATH
        aapt2 for Linux x86-64 from Apktool's library on Maven Central (org.apktool:apktool-lib
        carries it as prebuilt/linux/aapt2; Google publishes no Linux aapt2 on Maven Central),
        written to PATH and made executable once its SHA-256 is HEX (the pin in android/app/pom.xml).
        A PATH that already has that hash is kept. Any other hash fails: a changed binary is
        never run.

    apk_resources.py build --aapt2 PATH --android-jar JAR --package P --version V --min-sdk N
                           --target-sdk T [--debuggable] --manifest SRC --res DIR [--assets DIR] --out DIR
        OUT/AndroidManifest.xml  SRC stamped as AGP's manifest merger would (apk_manifest.py)
        OUT/flat/                aapt2 compile, one .flat per file of DIR, in sorted order
        OUT/resources.ap_        aapt2 link -I JAR (Robolectric's android-all: the framework's
                                 resources.arsc, so every attribute up to compileSdk resolves)
        OUT/gen/                 R.java (aapt2 link --java)
        OUT/aapt-rules.pro       keep rules for every class the manifest and layouts name
                                 (aapt2 link --proguard), for R8
        The same inputs give the same bytes: aapt2 writes fixed zip timestamps, and the inputs go
        in sorted.
"""
import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import apk_manifest  # noqa: E402

AAPT2_IN_JAR = "prebuilt/linux/aapt2"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def extract_aapt2(jar, expected, out):
    """Writes the aapt2 of Apktool's library `jar` to `out` (mode 755) if its SHA-256 is `expected`."""
    system, machine = platform.system(), platform.machine()
    if system != "Linux" or machine not in ("x86_64", "AMD64"):
        raise ValueError(f"Apktool's library has an aapt2 for Linux x86-64 only, not for {system} {machine}")
    out = Path(out)
    if out.is_file() and sha256(out.read_bytes()) == expected:
        return
    with zipfile.ZipFile(jar) as z:
        try:
            data = z.read(AAPT2_IN_JAR)
        except KeyError:
            raise ValueError(f"{jar} has no {AAPT2_IN_JAR}") from None
    found = sha256(data)
    if found != expected:
        raise ValueError(f"{AAPT2_IN_JAR} in {jar} has SHA-256 {found}, but aapt2.sha256 in android/app/pom.xml "
                         f"pins {expected}: run it only after checking where the new binary comes from, "
                         "then update the pin")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, delete=False) as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o755)
    os.replace(tmp.name, out)


def files(directory):
    """Every file under `directory`, sorted by path (a stable input order gives stable output),
    leaving out what AGP's resource merger ignores too: hidden names (.DS_Store, .git) and editor
    backups (name~)."""
    root = Path(directory)
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and not any(part.startswith(".") or part.endswith("~") for part in p.relative_to(root).parts))


def aapt2(binary, *args):
    result = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        raise ValueError(f"aapt2 {args[0]} failed:\n{(result.stdout + result.stderr).strip()}")


def build(args):
    out = Path(args.out)
    flat, gen = out / "flat", out / "gen"
    for stale in (flat, gen):
        shutil.rmtree(stale, ignore_errors=True)
        stale.mkdir(parents=True)
    manifest = out / "AndroidManifest.xml"
    text = Path(args.manifest).read_text(encoding="utf-8")
    manifest.write_text(apk_manifest.stamp(text, args.package, args.version, args.min_sdk, args.target_sdk,
                                           args.debuggable), encoding="utf-8")
    aapt2(args.aapt2, "compile", "-o", flat, *files(args.res))
    link = ["link", "-I", args.android_jar, "--manifest", manifest, "--java", gen,
            "--proguard", out / "aapt-rules.pro", "-o", out / "resources.ap_"]
    if args.assets:
        link += ["-A", args.assets]
    aapt2(args.aapt2, *link, *files(flat))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    tool = sub.add_parser("aapt2")
    tool.add_argument("--jar", required=True)
    tool.add_argument("--sha256", required=True)
    tool.add_argument("--out", required=True)
    b = sub.add_parser("build")
    b.add_argument("--aapt2", required=True)
    b.add_argument("--android-jar", required=True)
    apk_manifest.add_app_arguments(b)
    b.add_argument("--debuggable", action="store_true")
    b.add_argument("--manifest", required=True)
    b.add_argument("--res", required=True)
    b.add_argument("--assets")
    b.add_argument("--out", required=True)
    args = parser.parse_args()
    try:
        if args.command == "aapt2":
            extract_aapt2(args.jar, args.sha256, args.out)
        else:
            build(args)
    except (ValueError, OSError, zipfile.BadZipFile) as e:
        print(f"apk_resources: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
