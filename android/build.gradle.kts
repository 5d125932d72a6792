// Plugin versions live in gradle/libs.versions.toml; android/app/pom.xml repeats them for the
// JVM test build, and VersionsMatchTest fails when the two disagree.
plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.kotlin.android) apply false
}
