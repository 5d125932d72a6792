"""The manifest as AGP's manifest merger would make it: src/main/AndroidManifest.xml plus what the
Gradle build declares elsewhere (apk_resources.py stamps it before aapt2 links it, for the APK and
for the Robolectric tests alike).

stamp() adds to <manifest> the package (AGP's applicationId), android:versionCode and
android:versionName; a <uses-sdk> with minSdkVersion and targetSdkVersion as its first child;
and to <application> android:extractNativeLibs="false" (the libraries stay stored, 16 KB aligned
in the APK and are mapped from there, as AGP does when jniLibs.useLegacyPackaging is false), plus
android:debuggable="true" for a debug build. The version code is MAJOR*10000 + MINOR*100 + PATCH
(0.1.0 -> 100), the rule app/build.gradle.kts applies too. Refuses a manifest that already sets
any of these, rather than guess which one wins.
"""
import re


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
    """The app's identity as the builds pass it to apk_resources.py and apk_check.py."""
    parser.add_argument("--package", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--min-sdk", required=True, type=int)
    parser.add_argument("--target-sdk", required=True, type=int)

