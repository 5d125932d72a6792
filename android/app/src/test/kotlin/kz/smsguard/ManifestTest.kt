package kz.smsguard

import android.Manifest
import android.content.pm.ApplicationInfo
import android.content.pm.PackageManager
import java.io.File
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RuntimeEnvironment
import org.xmlpull.v1.XmlPullParser
import javax.xml.parsers.DocumentBuilderFactory

/** The manifest's promises: no network, a receiver no app can fake, and nothing exported unprotected. */
@RunWith(SmsGuardTestRunner::class)
class ManifestTest {
    private val app = RuntimeEnvironment.getApplication()
    private val info = app.packageManager.getPackageInfo(
        app.packageName,
        PackageManager.GET_PERMISSIONS or PackageManager.GET_RECEIVERS or PackageManager.GET_SERVICES or PackageManager.GET_ACTIVITIES,
    )

    @Test
    fun noInternet() {
        val requested = info.requestedPermissions.orEmpty().toList()
        assertFalse(requested.contains(Manifest.permission.INTERNET))
        assertTrue(requested.contains(Manifest.permission.RECEIVE_SMS))
        // The source manifest too, so a later merge cannot hide it.
        val source = File(System.getProperty("smsguard.android.dir") ?: "..", "app/src/main/AndroidManifest.xml")
        if (source.exists()) assertFalse(source.readText().contains("android.permission.INTERNET\""))
    }

    /**
     * The warning screen opens in a task of its own (developer.android.com, "Start an Activity
     * from a Notification", special activity: taskAffinity "" with FLAG_ACTIVITY_NEW_TASK): in the
     * app's own task, opening it would bring the status screen along, and "I understand" would
     * leave the person on SMS Guard's status screen instead of back on the call.
     */
    @Test
    fun theWarningScreenDoesNotJoinTheAppsTask() {
        val warning = info.activities!!.single { it.name == "kz.smsguard.ui.WarningActivity" }
        assertTrue("affinity: ${warning.taskAffinity}", warning.taskAffinity.isNullOrEmpty())
        assertTrue(warning.flags and android.content.pm.ActivityInfo.FLAG_EXCLUDE_FROM_RECENTS != 0)
        val main = info.activities!!.single { it.name == "kz.smsguard.ui.MainActivity" }
        assertEquals(app.packageName, main.taskAffinity)
    }

    @Test
    fun smsReceiverOnlyHearsTheTelephonyStack() {
        val receiver = info.receivers!!.single { it.name == "kz.smsguard.sms.SmsReceiver" }
        assertTrue(receiver.exported)
        assertEquals(Manifest.permission.BROADCAST_SMS, receiver.permission)
    }

    @Test
    fun everyExportedComponentIsProtected() {
        val expected = mapOf(
            "kz.smsguard.sms.SmsReceiver" to Manifest.permission.BROADCAST_SMS,
            "kz.smsguard.calls.PhoneStateReceiver" to Manifest.permission.READ_PHONE_STATE,
            "kz.smsguard.calls.ScreeningService" to Manifest.permission.BIND_SCREENING_SERVICE,
            "kz.smsguard.notify.NotificationWatcher" to Manifest.permission.BIND_NOTIFICATION_LISTENER_SERVICE,
        )
        val components: List<Pair<android.content.pm.ComponentInfo, String?>> =
            (info.receivers.orEmpty().toList() + info.activities.orEmpty().toList()).map { it to it.permission } +
                info.services.orEmpty().map { it to it.permission }
        val exported = components.filter { it.first.exported }.associate { it.first.name to it.second }
        // The launcher activity is the one thing a person opens; the boot receiver listens only for
        // BOOT_COMPLETED, a protected broadcast no app but the system may send (and ignores any
        // other action); everything else Android reaches is guarded by a permission.
        assertEquals(expected + ("kz.smsguard.ui.MainActivity" to null) + ("kz.smsguard.calls.BootReceiver" to null), exported)
        assertNotNull(components.single { it.first.name == "kz.smsguard.ui.WarningActivity" })
        assertNotNull(components.single { it.first.name == "kz.smsguard.warn.WarningActionReceiver" })
        assertEquals(
            Manifest.permission.BIND_JOB_SERVICE,
            components.single { it.first.name == "kz.smsguard.setup.SelfCheckJob" }.second,
        )
    }

    @Test
    fun warningPathsHaveTheirPermissions() {
        val requested = info.requestedPermissions.orEmpty().toSet()
        for (permission in listOf(
            Manifest.permission.USE_FULL_SCREEN_INTENT, Manifest.permission.VIBRATE, Manifest.permission.POST_NOTIFICATIONS,
            Manifest.permission.RECEIVE_BOOT_COMPLETED, Manifest.permission.SYSTEM_ALERT_WINDOW,
        )) assertTrue(permission, permission in requested)
    }

    /**
     * localeConfig (Android 13+'s per-app language setting) and dataExtractionRules (Android 12+'s
     * device-to-device transfer) in the manifest as compiled: aapt2 links it against the API 36
     * framework for these tests as for the APK, and Android finds each by the framework's attribute
     * ID. Robolectric's package parser reads neither, so the compiled XML is read directly. Then
     * what the two files they name say.
     */
    @Test
    fun perAppLanguagesAndTransferRules() {
        val compiled = compiledApplicationAttributes()
        assertEquals("localeConfig", R.xml.locales_config, compiled[android.R.attr.localeConfig])
        assertEquals("dataExtractionRules", R.xml.data_extraction_rules, compiled[android.R.attr.dataExtractionRules])
        assertEquals("no cloud backup", 0, app.applicationInfo.flags and ApplicationInfo.FLAG_ALLOW_BACKUP)

        val android = File(System.getProperty("smsguard.android.dir") ?: "..")

        val xml = File(android, "app/src/main/res/xml")
        val locales = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(File(xml, "locales_config.xml"))
            .getElementsByTagName("locale").let { nodes -> (0 until nodes.length).map { nodes.item(it).attributes.getNamedItem("android:name").nodeValue } }
        val folders = File(android, "app/src/main/res").list()!!.filter { it.startsWith("values-") && File(android, "app/src/main/res/$it/strings.xml").exists() }
            .map { it.removePrefix("values-") } + "en"
        assertEquals("every translated language, and only those", folders.toSet(), locales.toSet())

        val rules = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(File(xml, "data_extraction_rules.xml"))
        assertEquals("nothing goes to a cloud backup", 0, rules.getElementsByTagName("cloud-backup").length)
        val transfer = rules.getElementsByTagName("device-transfer").item(0) as org.w3c.dom.Element
        val includes = transfer.getElementsByTagName("include").let { nodes ->
            (0 until nodes.length).map { val a = nodes.item(it).attributes; a.getNamedItem("domain").nodeValue + ":" + a.getNamedItem("path").nodeValue }
        }
        assertEquals(setOf("file:guard/reports.csv", "sharedpref:settings.xml"), includes.toSet())
        // The core's state directory is where the rules point.
        val app = RuntimeEnvironment.getApplication()
        assertEquals(File(app.filesDir, "guard"), kz.smsguard.guard.Guard.stateDir(app))
    }

    /**
     * "My SMS apps" lists launcher apps: from Android 11 the manifest must name that query in
     * <queries> (developer.android.com/training/package-visibility/declaring), read here from the
     * compiled manifest as Android reads it. And never QUERY_ALL_PACKAGES, which Play restricts.
     */
    @Test
    fun seesOnlyLauncherApps() {
        assertFalse(info.requestedPermissions.orEmpty().contains("android.permission.QUERY_ALL_PACKAGES"))
        val parser = app.assets.openXmlResourceParser("AndroidManifest.xml")
        val ns = "http://schemas.android.com/apk/res/android"
        val queried = mutableListOf<String>()
        var inQueries = false
        while (parser.next() != XmlPullParser.END_DOCUMENT) {
            when {
                parser.eventType == XmlPullParser.START_TAG && parser.name == "queries" -> inQueries = true
                parser.eventType == XmlPullParser.END_TAG && parser.name == "queries" -> inQueries = false
                parser.eventType == XmlPullParser.START_TAG && inQueries && parser.name != "intent" ->
                    queried += parser.name + ":" + parser.getAttributeValue(ns, "name")
            }
        }
        assertEquals(listOf("action:android.intent.action.MAIN", "category:android.intent.category.LAUNCHER"), queried)
    }

    /** {attribute resource ID: referenced resource ID} of <application> in the app's compiled AndroidManifest.xml. */
    private fun compiledApplicationAttributes(): Map<Int, Int> {
        val parser = app.assets.openXmlResourceParser("AndroidManifest.xml")
        while (parser.next() != XmlPullParser.END_DOCUMENT) {
            if (parser.eventType == XmlPullParser.START_TAG && parser.name == "application") {
                return (0 until parser.attributeCount).associate { parser.getAttributeNameResource(it) to parser.getAttributeResourceValue(it, 0) }
            }
        }
        throw AssertionError("no <application> in the compiled AndroidManifest.xml")
    }
}
