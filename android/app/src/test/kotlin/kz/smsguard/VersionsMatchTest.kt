package kz.smsguard

import java.io.File
import javax.xml.parsers.DocumentBuilderFactory
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/**
 * The Gradle build (gradle/libs.versions.toml) and the Maven JVM build (app/pom.xml) compile the
 * same sources; they must use the same versions of everything, or the tests prove another app.
 */
class VersionsMatchTest {
    private val android = File(System.getProperty("smsguard.android.dir") ?: "..")

    private fun toml(): Map<String, String> {
        val versions = mutableMapOf<String, String>()
        var inVersions = false
        for (line in File(android, "gradle/libs.versions.toml").readLines().map { it.trim() }) {
            if (line.startsWith("[")) inVersions = line == "[versions]"
            val match = Regex("^([A-Za-z0-9_-]+)\\s*=\\s*\"([^\"]+)\"").find(line)
            if (inVersions && match != null) versions[match.groupValues[1]] = match.groupValues[2]
        }
        return versions
    }

    private fun pom(): Map<String, String> {
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(File(android, "app/pom.xml"))
        val properties = doc.getElementsByTagName("properties").item(0).childNodes
        return (0 until properties.length).map { properties.item(it) }
            .filter { it.nodeType == org.w3c.dom.Node.ELEMENT_NODE }
            .associate { it.nodeName to it.textContent.trim() }
    }

    @Test
    fun gradleAndMavenAgree() {
        val gradle = toml()
        val maven = pom()
        assertTrue("no versions found in libs.versions.toml", gradle.isNotEmpty())
        for ((key, version) in gradle) {
            val property = if (key.endsWith("Sdk")) "android.$key" else "$key.version"
            assertEquals("pom.xml <$property> vs libs.versions.toml $key", version, maven[property])
        }
        // Robolectric runs the framework of compileSdk.
        assertTrue(maven.getValue("android.all.version").startsWith(when (gradle.getValue("compileSdk")) {
            "35" -> "15-"
            "36" -> "16-"
            else -> "?"
        }))
    }

    @Test
    fun theBridgeTestsUseTheSameKotlin() {
        val bridgePom = File(android, "bridge/jvm-tests/pom.xml")
        if (!bridgePom.exists()) return
        val kotlin = Regex("<kotlin.version>([^<]+)</kotlin.version>").find(bridgePom.readText())?.groupValues?.get(1)
        assertEquals(toml()["kotlin"], kotlin)
    }
}
