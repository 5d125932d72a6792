// SMS Guard's Android shell. Open this folder (android/) in Android Studio.
// The Rust bridge (android/bridge) is built by `./build.sh android`, not by Gradle.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "smsguard"
include(":app")
