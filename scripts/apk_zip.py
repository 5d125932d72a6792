#!/usr/bin/env python3
"""Writes and checks the APK's zip: reproducible, with native libraries a phone can map in place.

    apk_zip.py build --out APK --resources RES.ap_ --dex DIR --lib DIR
        One zip from aapt2's resource package (manifest, resources.arsc, res/, assets/), the dex
        files in DIR (classes*.dex) and DIR/<abi>/*.so (as lib/<abi>/*.so). Entries sorted by
        name, every timestamp 1980-01-01 00:00, no host file attributes: the same inputs give the
        same bytes on any machine with the same zlib. Stored, not compressed, and aligned:
          lib/**.so        to 16 KB, so Android 15+ devices with 16 KB pages can mmap them from
                           the APK (the manifest says extractNativeLibs="false");
          resources.arsc   to 4 bytes: Android 11+ refuses to install a targetSdk 30+ APK whose
                           resources.arsc is compressed or unaligned;
          what aapt2 stored (already-compressed media) to 4 bytes, as zipalign would.
        Everything else is deflated (level 9). The padding goes in the local header's extra field
        0xD935 (Android's alignment field, as zipalign -p writes it), not in the central directory.
        Names keep their UTF-8 bytes (an asset may be called дерек/сәлем.txt): aapt2 writes them
        without the zip's UTF-8 flag, and they are written back with it.

    apk_zip.py verify APK
        Fails, naming the entry, unless every .so and resources.arsc is stored and aligned as
        above and every other stored entry is 4-byte aligned. Run on the signed APK too:
        apksigner must not have moved anything.
"""
import argparse
import struct
import sys
import zipfile
from pathlib import Path

EPOCH = (1980, 1, 1, 0, 0, 0)
ALIGN_SO = 16384
ALIGN_STORED = 4
ALIGNMENT_EXTRA_ID = 0xD935
LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature .. extra length: 30 bytes
UTF8_FLAG = 0x800  # general purpose bit 11: the name is UTF-8


def entry_name(info):
    """The entry's name as its bytes mean it. aapt2 writes UTF-8 names without bit 11, which
    Python's zipfile then decodes as cp437 (the zip default); Android's libziparchive compares
    the raw bytes, so they are UTF-8 whatever the flag says."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{info.filename!r}: an entry name that is not UTF-8") from None


def alignment(name, stored):
    if name.endswith(".so"):
        return ALIGN_SO
    if stored:
        return ALIGN_STORED
    return 1


def entries(resources, dex_dir, lib_dir):
    """{name: (bytes, stored)} from the three inputs; raises ValueError on a duplicate or a gap."""
    out = {}
    with zipfile.ZipFile(resources) as res:
        for info in res.infolist():
            if info.is_dir():
                continue
            name = entry_name(info)
            stored = info.compress_type == zipfile.ZIP_STORED or name == "resources.arsc"
            out[name] = (res.read(info), stored)
    if "AndroidManifest.xml" not in out or "resources.arsc" not in out:
        raise ValueError(f"{resources}: no AndroidManifest.xml or resources.arsc (not an aapt package)")
    dexes = sorted(Path(dex_dir).glob("classes*.dex"))
    if not dexes:
        raise ValueError(f"{dex_dir}: no classes.dex")
    for dex in dexes:
        out[dex.name] = (dex.read_bytes(), False)
    libs = sorted(p for p in Path(lib_dir).glob("*/*.so"))
    if not libs:
        raise ValueError(f"{lib_dir}: no <abi>/*.so")
    for lib in libs:
        name = f"lib/{lib.parent.name}/{lib.name}"
        if name in out:
            raise ValueError(f"{name} comes from both the resources and {lib_dir}")
        out[name] = (lib.read_bytes(), True)
    return out


def build(out, resources, dex_dir, lib_dir):
    files = entries(resources, dex_dir, lib_dir)
    with open(out, "wb") as f, zipfile.ZipFile(f, "w") as apk:
        for name in sorted(files):
            data, stored = files[name]
            info = zipfile.ZipInfo(name, EPOCH)
            info.create_system = 0
            info.external_attr = 0
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            align = alignment(name, stored)
            if align > 1:
                header = f.tell()
                unpadded = header + LOCAL_HEADER.size + len(name.encode()) + 6
                pad = (-unpadded) % align
                info.extra = struct.pack("<HHH", ALIGNMENT_EXTRA_ID, 2 + pad, align) + bytes(pad)
            apk.writestr(info, data, compresslevel=9)
            info.extra = b""  # the padding belongs to the local header only
    problems = verify(out)
    if problems:
        raise ValueError("; ".join(problems))


def verify(path):
    """Problems with the alignment of a zip's entries, as sentences; empty when it is right."""
    problems = []
    with open(path, "rb") as f, zipfile.ZipFile(f) as apk:
        for info in apk.infolist():
            f.seek(info.header_offset)
            fields = LOCAL_HEADER.unpack(f.read(LOCAL_HEADER.size))
            data = info.header_offset + LOCAL_HEADER.size + fields[-2] + fields[-1]
            stored = info.compress_type == zipfile.ZIP_STORED
            name = info.filename
            if (name.endswith(".so") or name == "resources.arsc") and not stored:
                problems.append(f"{name} is compressed; it must be stored")
            align = alignment(name, stored)
            if align > 1 and data % align:
                problems.append(f"{name} starts at byte {data}, not a multiple of {align}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--out", required=True)
    b.add_argument("--resources", required=True)
    b.add_argument("--dex", required=True)
    b.add_argument("--lib", required=True)
    v = sub.add_parser("verify")
    v.add_argument("apk")
    args = parser.parse_args()
    try:
        if args.command == "build":
            build(args.out, args.resources, args.dex, args.lib)
            return 0
        problems = verify(args.apk)
    except (ValueError, OSError, zipfile.BadZipFile) as e:
        print(f"apk_zip: {e}", file=sys.stderr)
        return 1
    for p in problems:
        print(f"apk_zip: {args.apk}: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
