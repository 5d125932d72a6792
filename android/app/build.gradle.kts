// The Android app. Versions come from gradle/libs.versions.toml; app/pom.xml runs the same
// src/main and src/test on the JVM (Robolectric) where no Android SDK is installed.
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
}

/** The cargo workspace root: `./build.sh android` puts libsmsguard.so under src/main/jniLibs. */
val repoRoot: File = rootDir.parentFile

/**
 * The app's version is the workspace's (Cargo.toml, [workspace.package] version, MAJOR.MINOR.PATCH);
 * the version code is MAJOR * 10000 + MINOR * 100 + PATCH. `./build.sh apk` stamps the same two
 * (scripts/apk_manifest.py), so both builds of one commit carry one version.
 */
val workspaceVersion: String = File(repoRoot, "Cargo.toml").readLines()
    .map { it.trim() }
    .dropWhile { it != "[workspace.package]" }
    .drop(1)
    .takeWhile { !it.startsWith("[") }
    .first { it.startsWith("version") }
    .substringAfter('"')
    .substringBefore('"')
val workspaceVersionCode: Int = workspaceVersion.split(".").map { it.toInt() }
    .let { (major, minor, patch) -> major * 10000 + minor * 100 + patch }

android {
    namespace = "kz.smsguard"
    compileSdk = libs.versions.compileSdk.get().toInt()

    defaultConfig {
        applicationId = "kz.smsguard"
        minSdk = libs.versions.minSdk.get().toInt()
        targetSdk = libs.versions.targetSdk.get().toInt()
        versionCode = workspaceVersionCode
        versionName = workspaceVersion
        // The four ABIs ./build.sh android builds (with the NDK, or against the project's sysroot).
        ndk { abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64", "x86") }
    }

    sourceSets["main"].java.srcDirs("src/main/kotlin")
    sourceSets["test"].java.srcDirs("src/test/kotlin")
    // jniLibs: the default src/main/jniLibs/<abi>/libsmsguard.so, filled by ./build.sh android.

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    packaging {
        // 16 KB page alignment for Android 15+ devices: keep .so files uncompressed and aligned.
        jniLibs.useLegacyPackaging = false
    }

    testOptions {
        unitTests.isIncludeAndroidResources = true
        unitTests.all { test ->
            // The Robolectric tests load the real host library built by `cargo build -p smsguard-jni`.
            test.systemProperty("java.library.path", File(repoRoot, "target/debug").absolutePath)
            test.systemProperty("smsguard.android.dir", rootDir.absolutePath)
            test.systemProperty("smsguard.docs.dir", File(repoRoot, "docs").absolutePath)
        }
    }
}

kotlin {
    compilerOptions { jvmTarget.set(org.jetbrains.kotlin.gradle.dsl.JvmTarget.JVM_17) }
}

dependencies {
    testImplementation(libs.junit)
    testImplementation(libs.robolectric)
}
