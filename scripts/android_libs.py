#!/usr/bin/env python3
"""The Android system libraries libsmsguard.so links against, and the checks every built library
passes before it goes into an APK.

    android_libs.py stubs --abi arm64-v8a --api 26 --out DIR
        Builds stub libc.so, libm.so, libdl.so and liblog.so for one ABI from
        android/sysroot/symbols.txt: real shared objects with their SONAMEs that define every
        listed symbol available at --api, so the linker records NEEDED entries and binds imports
        as the NDK's stubs would. They only exist to be linked against; the phone has the real ones.

    android_libs.py check --abi arm64-v8a --api 26 --kotlin DIR LIB
        Fails, naming each problem, unless LIB: is an ELF shared object for that ABI; has the
        SONAME libsmsguard.so; NEEDs only the four system libraries, and each library that one of
        its imports comes from; has every LOAD segment aligned to 16 KB; has no text relocations;
        carries the .note.android.ident note with API level --api; imports only symbols bionic
        exports at --api (a weak import may be newer: it is null on older phones); and exports
        exactly one Java_... function per `external fun` found in the Kotlin sources under DIR.
        Also what bionic's loader refuses, or gets silently wrong, on a phone at --api (see
        LOADER_RULES): section headers and a .dynamic section that match the program headers, no
        segment both writable and executable, no ELF TLS below API 29, no RELR below API 28/30,
        only the four relocation types every release applies, symbol versions that are bionic's
        (LIBC, LIBC_N, ..., never glibc's GLIBC_2.x). And no absolute path of the machine that
        built it (HOME, CARGO_HOME, RUSTUP_HOME, the checkout): the APK would differ from one
        machine to the next, and tell everyone who built it, where.

ELF facts are read with llvm-readelf (Debian package `llvm`).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYMBOLS = ROOT / "android" / "sysroot" / "symbols.txt"
SYSTEM_LIBS = ("libc", "libm", "libdl", "liblog")
PAGE_16K = 16384
SONAME = "libsmsguard.so"

# ABI -> (clang target triple without API level, ELF machine as llvm-readelf prints it)
ABIS = {
    "arm64-v8a": ("aarch64-linux-android", "AArch64"),
    "armeabi-v7a": ("armv7a-linux-androideabi", "ARM"),
    "x86": ("i686-linux-android", "Intel 80386"),
    "x86_64": ("x86_64-linux-android", "Advanced Micro Devices X86-64"),
}


# LOADER_RULES: what AOSP bionic's dynamic linker does with a library an app loads, read in
# platform/bionic at commit 731631f3 (2025-03) and its android-changes-for-ndk-developers.md:
# - linker_phdr.cpp ElfReader::VerifyElfHeader: e_shentsize must be sizeof(Elf_Shdr) and
#   e_shstrndx non-zero ("Enforced for API level >= 26"); ReadSectionHeaders: no section headers is
#   an error; ReadDynamicSection: a SHT_DYNAMIC section whose offset and size match PT_DYNAMIC and
#   whose sh_link is a SHT_STRTAB section.
# - linker_phdr.cpp LoadSegments: a LOAD segment both writable and executable is refused from 26.
# - linker.cpp soinfo::prelink_image: DT_RELR is read from API 30, DT_ANDROID_RELR from 28,
#   DT_ANDROID_REL(A) (packed relocations) from 23; an older linker skips such a tag as "unused"
#   and leaves those relocations unapplied. ELF TLS (PT_TLS) from 29, before which arm64 quietly
#   ignores R_AARCH64_TLSDESC (docs/elf-tls.md).
# - linker_relocate.cpp / linker_relocs.h: R_GENERIC_{RELATIVE,GLOB_DAT,JUMP_SLOT,ABSOLUTE} are
#   what every release applies; COPY is refused, IRELATIVE and TLS types depend on the release.
# - linker.cpp VersionTracker / soinfo_do_lookup: an import bound to a version is only found in a
#   library that defines that version; bionic's are LIBC, LIBC_N ... and LIBLOG, LIBLOG_M ...
ELF_TLS_API = 29
# Dynamic tag -> (its name, the first API level whose loader reads it).
TAG_API = {0x24: ("DT_RELR", 30), 0x6FFFE000: ("DT_ANDROID_RELR", 28), 0x6000000F: ("DT_ANDROID_REL", 23),
           0x60000011: ("DT_ANDROID_RELA", 23)}
RELOCATIONS = {
    "arm64-v8a": {"R_AARCH64_RELATIVE", "R_AARCH64_GLOB_DAT", "R_AARCH64_JUMP_SLOT", "R_AARCH64_ABS64"},
    "armeabi-v7a": {"R_ARM_RELATIVE", "R_ARM_GLOB_DAT", "R_ARM_JUMP_SLOT", "R_ARM_ABS32"},
    "x86": {"R_386_RELATIVE", "R_386_GLOB_DAT", "R_386_JUMP_SLOT", "R_386_32"},
    "x86_64": {"R_X86_64_RELATIVE", "R_X86_64_GLOB_DAT", "R_X86_64_JUMP_SLOT", "R_X86_64_64"},
}
BIONIC_VERSION = re.compile(r"(LIBC|LIBLOG)(_[A-Z0-9]+)?")
NOT_FOR_APPS = {"LIBC_PRIVATE", "LIBC_PLATFORM", "LIBC_DEPRECATED"}


class Symbol:
    def __init__(self, lib, name, api, data, abis):
        self.lib, self.name, self.api, self.data, self.abis = lib, name, api, data, abis


def read_symbols(path=SYMBOLS):
    """symbols.txt as {name: Symbol}; raises ValueError naming the line on a malformed one."""
    symbols = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        where = f"{path.name}:{number}"
        if len(words) < 3 or words[0] not in SYSTEM_LIBS or not words[2].isdigit():
            raise ValueError(f"{where}: expected `library symbol api [data] [arch=...]`, got {line!r}")
        data, abis = False, set(ABIS)
        for word in words[3:]:
            if word == "data":
                data = True
            elif word.startswith("arch="):
                abis = set(word[5:].split(","))
                unknown = abis - set(ABIS)
                if unknown:
                    raise ValueError(f"{where}: unknown ABI {', '.join(sorted(unknown))}")
            else:
                raise ValueError(f"{where}: unknown word {word!r}")
        if words[1] in symbols:
            raise ValueError(f"{where}: {words[1]} is listed twice")
        symbols[words[1]] = Symbol(words[0], words[1], int(words[2]), data, abis)
    return symbols


def cmd_stubs(args):
    triple, _ = ABIS[args.abi]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    symbols = read_symbols()
    with tempfile.TemporaryDirectory() as tmp:
        for lib in SYSTEM_LIBS:
            lines = [f"/* {lib}.so stub for {args.abi}, API {args.api}: generated from {SYMBOLS.name} */"]
            for s in sorted(symbols.values(), key=lambda s: s.name):
                if s.lib != lib or args.abi not in s.abis or s.api > args.api:
                    continue
                if s.data:
                    lines.append(f"void* {s.name} = 0;")
                else:
                    lines.append(f"void {s.name}(void) {{}}")
            source = Path(tmp) / f"{lib}.c"
            source.write_text("\n".join(lines) + "\n")
            subprocess.run(
                ["clang", f"--target={triple}{args.api}", "-shared", "-nostdlib", "-fPIC", "-fno-builtin",
                 "-w", "-fuse-ld=lld", f"-Wl,-soname,{lib}.so", "-Wl,--build-id=none",
                 "-o", str(out / f"{lib}.so"), str(source)],
                check=True,
            )


def readelf(lib, *options):
    result = subprocess.run(["llvm-readelf", "-W", *options, lib], capture_output=True, text=True)
    if result.returncode != 0:
        raise ValueError(f"{lib}: llvm-readelf {' '.join(options)} cannot read it: {result.stderr.strip()}")
    return result.stdout


def header_problems(header):
    """What bionic refuses in the ELF header's section header fields (LOADER_RULES), as sentences."""
    def field(name):
        match = re.search(rf"{name}:\s+(\d+)", header)
        return int(match.group(1)) if match else None

    problems = []
    elf64 = "ELF64" in header
    if not field("Number of section headers"):
        problems.append("has no section headers: bionic refuses it")
    elif field("Size of section headers") != (64 if elf64 else 40):
        problems.append(f"e_shentsize is {field('Size of section headers')}: bionic refuses it from API 26")
    if field("Section header string table index") == 0:
        problems.append("e_shstrndx is 0: bionic refuses it from API 26")
    return problems


def dynamic_section_problems(sections, segments):
    """What bionic refuses in the .dynamic section header (LOADER_RULES), as sentences."""
    rows = {}
    for line in sections.splitlines():
        match = re.match(r"\s*\[\s*(\d+)\]\s(.*)$", line)
        if match:
            rows[int(match.group(1))] = match.group(2).split()
    dynamic = [fields for fields in rows.values() if len(fields) > 5 and fields[1] == "DYNAMIC"]
    if not dynamic:
        return [".dynamic section header not found: bionic refuses it"]
    fields = dynamic[0]
    offset, size, link = int(fields[3], 16), int(fields[4], 16), int(fields[-3])
    problems = []
    pt_dynamic = [line.split() for line in segments.splitlines() if line.split()[:1] == ["DYNAMIC"]]
    if not pt_dynamic or (int(pt_dynamic[0][1], 16), int(pt_dynamic[0][4], 16)) != (offset, size):
        problems.append(".dynamic section does not match PT_DYNAMIC: bionic refuses it from API 26")
    if "STRTAB" not in rows.get(link, []):
        problems.append(f".dynamic section's sh_link {link} is not a string table: bionic refuses it")
    return problems


def host_paths():
    """This machine's directories a build could leak into a library, each ending in '/', longest
    first (HOME, CARGO_HOME, RUSTUP_HOME, the checkout)."""
    home = os.environ.get("HOME", "")
    paths = {home, os.environ.get("CARGO_HOME", os.path.join(home, ".cargo")),
             os.environ.get("RUSTUP_HOME", os.path.join(home, ".rustup")), str(ROOT)}
    return sorted((p.rstrip("/") + "/" for p in paths if p.strip("/")), key=len, reverse=True)


def kotlin_natives(kotlin_dir):
    """{(class, method)} for every `external fun` in the Kotlin sources under kotlin_dir, the class
    fully qualified (the `object` or `class` declared last above it in its file)."""
    natives = set()
    for path in sorted(Path(kotlin_dir).rglob("*.kt")):
        text = path.read_text()
        if "external fun" not in text:
            continue
        package = re.search(r"^package\s+([\w.]+)", text, re.M)
        owner = None
        for line in text.splitlines():
            declared = re.search(r"\b(?:object|class)\s+(\w+)", line)
            if declared and not line.lstrip().startswith(("*", "/")):
                owner = declared.group(1)
            method = re.search(r"\bexternal\s+fun\s+(\w+)", line)
            if method:
                if owner is None:
                    raise ValueError(f"{path}: `external fun {method.group(1)}` outside a class or object")
                natives.add(((package.group(1) + "." if package else "") + owner, method.group(1)))
    return natives


def jni_name(qualified_class, method):
    """The JNI short name of a native method: Java_<class with _ for .>_<method>, `_` escaped as `_1`."""
    def mangle(s):
        return s.replace("_", "_1").replace(".", "_")

    return f"Java_{mangle(qualified_class)}_{mangle(method)}"


def check_library(lib, abi, api, kotlin_dir):
    """(problems, summary) for one built library; see the module's doc for what is checked."""
    problems = []
    symbols = read_symbols()
    _, machine = ABIS[abi]

    header = readelf(lib, "-h")
    if "DYN (Shared object file)" not in header:
        problems.append("not a shared object")
    if not re.search(rf"Machine:\s+{re.escape(machine)}\n", header):
        problems.append(f"not built for {abi} ({machine})")
    problems += header_problems(header)
    if problems:
        return problems, ""  # the rest cannot be read reliably
    segments = readelf(lib, "-l")
    problems += dynamic_section_problems(readelf(lib, "-S"), segments)

    dynamic = readelf(lib, "-d")
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    soname = re.findall(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", dynamic)
    if soname != [SONAME]:
        problems.append(f"SONAME is {soname or 'missing'}, not {SONAME}")
    unexpected = needed - {f"{name}.so" for name in SYSTEM_LIBS}
    if unexpected:
        problems.append(f"NEEDs libraries an app cannot count on: {', '.join(sorted(unexpected))}")
    if re.search(r"\(TEXTREL\)", dynamic) or re.search(r"\(FLAGS\)\s+.*\bTEXTREL\b", dynamic):
        problems.append("has text relocations (TEXTREL): Android refuses them from API 23")
    tags = {int(tag, 16) for tag in re.findall(r"^\s*0x([0-9a-f]+)\s", dynamic, re.M)}
    for tag in sorted(tags):
        name, needs = TAG_API.get(tag, ("", 0))
        if needs > api:
            problems.append(f"has {name}, which bionic reads only from API {needs} (minSdk is {api}): an older "
                            "loader skips it and leaves those relocations unapplied")

    for line in segments.splitlines():
        fields = line.split()
        if fields and fields[0] == "LOAD":
            align = int(fields[-1], 16)
            if align < PAGE_16K:
                problems.append(f"a LOAD segment is aligned to {align} bytes, not 16 KB")
            flags = "".join(fields[6:-1])
            if "W" in flags and "E" in flags:
                problems.append("a LOAD segment is both writable and executable: bionic refuses it from API 26")
        if fields and fields[0] == "TLS" and api < ELF_TLS_API:
            problems.append(f"has a PT_TLS segment (ELF TLS), which bionic supports only from API {ELF_TLS_API} "
                            f"(minSdk is {api}): build with emulated TLS")

    unusual = {}
    relocations = re.findall(r"^\s*[0-9a-f]+\s+[0-9a-f]+\s+(R_[A-Z0-9_]+)", readelf(lib, "-r"), re.M)
    for kind in relocations:
        if kind not in RELOCATIONS[abi]:
            unusual[kind] = unusual.get(kind, 0) + 1
    for kind, count in sorted(unusual.items()):
        problems.append(f"has {count} {kind} relocation(s): not one of {', '.join(sorted(RELOCATIONS[abi]))}, "
                        "which every Android release applies (look it up in bionic's linker_relocate.cpp)")

    notes = readelf(lib, "-n")
    ident = re.search(r"Android\s+0x0+4\s+\S.*\n\s+description data: ((?:[0-9a-f]{2} ?){4})", notes)
    if not ident:
        problems.append("no .note.android.ident note (crtbegin_so)")
    else:
        noted = int.from_bytes(bytes.fromhex(ident.group(1).replace(" ", "")), "little")
        if noted != api:
            problems.append(f".note.android.ident says API {noted}, not {api}")

    exports, imports = set(), []
    for line in readelf(lib, "--dyn-syms").splitlines():
        fields = line.split()
        # Num: Value Size Type Bind Vis Ndx Name
        if len(fields) < 8 or not fields[0].endswith(":") or fields[0] == "Num:":
            continue
        kind, bind, ndx = fields[3], fields[4], fields[6]
        name, _, version = fields[7].partition("@")
        version = version.lstrip("@")
        if ndx == "UND":
            if name:
                imports.append((name, bind == "WEAK"))
            if version and (not BIONIC_VERSION.fullmatch(version) or version in NOT_FOR_APPS):
                problems.append(f"imports {name}@{version}: no bionic library defines the symbol version "
                                f"{version} for apps (linked against another C library's stubs?)")
        elif kind == "FUNC" and name.startswith("Java_"):
            exports.add(name)

    used_libs = set()
    for name, weak in sorted(imports):
        s = symbols.get(name)
        if s is None or abi not in s.abis:
            problems.append(f"imports {name}, which android/sysroot/symbols.txt does not list for {abi} "
                            "(look it up in bionic's libc.map.txt and add it with its level)")
        elif s.api > api and not weak:
            problems.append(f"imports {name}, which bionic exports only from API {s.api} (minSdk is {api}): "
                            "a phone below that cannot load the library")
        elif s.api <= api:
            used_libs.add(f"{s.lib}.so")
    missing = used_libs - needed
    if missing:
        problems.append(f"imports symbols of {', '.join(sorted(missing))} without a NEEDED entry for it")

    data = Path(lib).read_bytes()
    leaked = [p for p in host_paths() if data.count(p.encode()) > sum(data.count(q.encode()) for q in host_paths()
                                                                      if q != p and q.startswith(p))]
    if leaked:
        problems.append(f"contains paths of the machine that built it ({', '.join(leaked)}; panic locations?): "
                        "remap them (--remap-path-prefix) so the library is the same wherever it is built")

    want = {jni_name(c, m) for c, m in kotlin_natives(kotlin_dir)}
    if not want:
        problems.append(f"no `external fun` found under {kotlin_dir}")
    for name in sorted(want - exports):
        problems.append(f"no export {name} for an `external fun` of the Kotlin shell")
    for name in sorted(exports - want):
        problems.append(f"exports {name}, which no `external fun` declares (a test hook in the app?)")

    summary = (f"SONAME {SONAME}, NEEDED {' '.join(sorted(needed))}, 16 KB LOAD alignment, no TEXTREL, "
               f"bionic's loader rules at API {api} ({len(relocations)} relocations), "
               f"{len(imports)} imports checked against API {api}, {len(exports)} JNI exports")
    return problems, summary


def cmd_check(args):
    problems, summary = check_library(args.lib, args.abi, args.api, args.kotlin)
    for p in problems:
        print(f"android_libs: {args.abi} {args.lib}: {p}", file=sys.stderr)
    if problems:
        return 1
    print(summary)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    stubs = sub.add_parser("stubs")
    check = sub.add_parser("check")
    for p in (stubs, check):
        p.add_argument("--abi", required=True, choices=sorted(ABIS))
        p.add_argument("--api", required=True, type=int)
    stubs.add_argument("--out", required=True)
    check.add_argument("--kotlin", required=True, help="the Kotlin sources declaring the natives")
    check.add_argument("lib")
    args = parser.parse_args()
    try:
        if args.command == "stubs":
            cmd_stubs(args)
            return 0
        return cmd_check(args)
    except (ValueError, subprocess.CalledProcessError) as e:
        print(f"android_libs: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
