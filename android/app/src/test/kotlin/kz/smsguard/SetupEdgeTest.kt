package kz.smsguard

import android.Manifest
import android.app.NotificationManager
import android.app.role.RoleManager
import android.content.ComponentName
import android.os.Build
import android.os.PowerManager
import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import kz.smsguard.guard.Guard
import kz.smsguard.notify.NotificationWatcher
import kz.smsguard.setup.Checklist
import kz.smsguard.setup.SelfCheck
import kz.smsguard.testing.Phone
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowBuild
import org.robolectric.shadows.ShadowSettings
import org.robolectric.util.ReflectionHelpers

/**
 * The status screen and the self-check at their edges: every Android version boundary of the
 * restricted-settings walkthrough, makers the app knows nothing about, everything revoked at once,
 * the largest font.
 */
@RunWith(SmsGuardTestRunner::class)
@Config(qualifiers = "en")
class SetupEdgeTest {
    private val realSdk = Build.VERSION.SDK_INT

    @After
    fun restoreSdk() = ReflectionHelpers.setStaticField(Build.VERSION::class.java, "SDK_INT", realSdk)

    private fun sideloaded(phone: Phone) {
        shadowOf(phone.app.packageManager).setInstallSourceInfo(phone.app.packageName, "com.google.android.packageinstaller", "com.google.android.packageinstaller")
    }

    private fun keys(phone: Phone): List<String> = Checklist.items(phone.app).map { it.key }

    /**
     * The walkthrough on each boundary (our code's branches; the framework underneath stays 16):
     * none on 12 (restricted settings came with 13), notification access only on 13 and 14,
     * SMS and "display over other apps" too from 15 (EnhancedConfirmationService).
     */
    @Test
    fun restrictedSettingsWalkthroughOnEachAndroidVersion() {
        val phone = Phone()
        sideloaded(phone)
        phone.setUpFully()
        ShadowSettings.setCanDrawOverlays(true)
        val listener = ComponentName(phone.app, NotificationWatcher::class.java)
        val notifications = shadowOf(phone.app.getSystemService(NotificationManager::class.java))
        for ((sdk, expected) in listOf(31 to false, 32 to false, 33 to true, 34 to true, 35 to true, 36 to true)) {
            ReflectionHelpers.setStaticField(Build.VERSION::class.java, "SDK_INT", sdk)
            notifications.setNotificationListenerAccessGranted(listener, false)
            assertEquals("Android API $sdk, notification access off", expected, keys(phone).first() == Checklist.RESTRICTED)
            notifications.setNotificationListenerAccessGranted(listener, true)
            assertFalse("API $sdk: all given", keys(phone).contains(Checklist.RESTRICTED))
        }
        phone.deny(Manifest.permission.RECEIVE_SMS)
        for ((sdk, expected) in listOf(32 to false, 33 to false, 34 to false, 35 to true, 36 to true)) {
            ReflectionHelpers.setStaticField(Build.VERSION::class.java, "SDK_INT", sdk)
            assertEquals("Android API $sdk, SMS off", expected, keys(phone).first() == Checklist.RESTRICTED)
        }
        phone.grant(Manifest.permission.RECEIVE_SMS)
        ShadowSettings.setCanDrawOverlays(false)
        for ((sdk, expected) in listOf(34 to false, 35 to true)) {
            ReflectionHelpers.setStaticField(Build.VERSION::class.java, "SDK_INT", sdk)
            assertEquals("Android API $sdk, overlay off", expected, keys(phone).first() == Checklist.RESTRICTED)
        }
    }

    /** A maker the app has no steps for: the generic battery step, no maker rows, no crash. */
    @Test
    fun unknownMakersGetTheGenericStepsOnly() {
        val phone = Phone()
        for ((manufacturer, brand) in listOf("HUAWEI" to "HONOR", "OPPO" to "realme", "vivo" to "iQOO", "" to "", "unknown" to "generic", "Xiaomi Inc." to "Mi")) {
            ShadowBuild.setManufacturer(manufacturer)
            ShadowBuild.setBrand(brand)
            val items = Checklist.items(phone.app)
            assertTrue("$manufacturer/$brand", items.any { it.key == Checklist.BATTERY })
            assertTrue("$manufacturer/$brand", items.none { it.key.startsWith("xiaomi_") || it.key.startsWith("samsung_") })
            Robolectric.buildActivity(MainActivity::class.java).setup()
        }
        ShadowBuild.setManufacturer("XIAOMI")
        ShadowBuild.setBrand("")
        assertTrue("the maker's name in capitals", keys(phone).contains(Checklist.XIAOMI_AUTOSTART))
    }

    /**
     * Everything revoked at once after a complete setup: the engine's directory, every permission,
     * the role, notification access, the overlay, notifications, the battery exemption. Nothing
     * crashes, the engine's lost memory comes first, every broken item is listed, and the status
     * screen says so.
     */
    @Test
    @Suppress("DEPRECATION") // ShadowRoleManager.removeHeldRole
    fun everythingRevokedAtOnce() {
        val phone = Phone()
        phone.setUpFully()
        assertTrue(SelfCheck.run(phone.app).isEmpty())
        phone.deny(
            Manifest.permission.RECEIVE_SMS, Manifest.permission.READ_PHONE_STATE, Manifest.permission.READ_CONTACTS,
            Manifest.permission.POST_NOTIFICATIONS, Manifest.permission.ANSWER_PHONE_CALLS,
        )
        shadowOf(phone.app.getSystemService(RoleManager::class.java)).removeHeldRole(RoleManager.ROLE_CALL_SCREENING)
        val notifications = shadowOf(phone.app.getSystemService(NotificationManager::class.java))
        notifications.setNotificationListenerAccessGranted(ComponentName(phone.app, NotificationWatcher::class.java), false)
        notifications.setNotificationsEnabled(false)
        ShadowSettings.setCanDrawOverlays(false)
        shadowOf(phone.app.getSystemService(PowerManager::class.java)).setIgnoringBatteryOptimizations(phone.app.packageName, false)
        phone.newProcess()
        val dir = Guard.stateDir(phone.app)
        dir.deleteRecursively()
        dir.writeText("not a directory")
        try {
            val problems = SelfCheck.run(phone.app).map { it.key }
            // The core works from memory when its directory is unusable (the warning still
            // comes), so that is the first thing to say, and every other loss is listed too.
            assertEquals(SelfCheck.STORAGE, problems.first())
            assertTrue(
                problems.toString(),
                problems.containsAll(
                    listOf(Checklist.SMS, Checklist.SCREENING, Checklist.PHONE, Checklist.CONTACTS, Checklist.OVERLAY, Checklist.LISTENER, Checklist.NOTIFICATIONS, Checklist.BATTERY),
                ),
            )
            val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
            phone.settle()
            val status = activity.findViewById<TextView>(R.id.main_status)!!.text.toString()
            assertTrue(status, status.contains("the protection engine cannot save its memory"))
        } finally {
            dir.delete()
        }
    }

    /**
     * The status screen on a small phone, with the ordinary and the largest font, in each
     * language: every row's words get at least half the row, and no word is split across lines
     * (a wide button squeezed "ограниченные" into "ог / раниченные").
     */
    @Test
    @Config(qualifiers = "w320dp-h640dp-hdpi")
    @GraphicsMode(GraphicsMode.Mode.NATIVE) // the platform's own text measuring, as on a phone
    fun checklistWordsAreNeverSplitAcrossLines() {
        for (lang in listOf("kk", "ru", "en")) {
            for (scale in listOf(1.0f, 2.0f)) checklistReadable(lang, scale)
        }
    }

    private fun checklistReadable(lang: String, fontScale: Float) {
        org.robolectric.RuntimeEnvironment.setQualifiers(lang)
        org.robolectric.RuntimeEnvironment.setFontScale(fontScale)
        val phone = Phone()
        sideloaded(phone)
        ShadowBuild.setManufacturer("Xiaomi")
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        val list = activity.findViewById<LinearLayout>(R.id.checklist)!!
        val width = activity.resources.displayMetrics.widthPixels
        list.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED))
        list.layout(0, 0, list.measuredWidth, list.measuredHeight)
        for (i in 0 until list.childCount) {
            val row = list.getChildAt(i)
            val title = row.findViewById<TextView>(R.id.check_title)!!
            assertTrue("$lang ×$fontScale ${title.text}: words get at least half the row (${title.width} of ${row.width})", title.width * 2 >= row.width)
            for (text in listOf(title, row.findViewById<TextView>(R.id.check_why)!!, row.findViewById<Button>(R.id.check_fix)!!)) {
                if (text.visibility != View.VISIBLE) continue
                val layout = text.layout!!
                for (line in 0 until layout.lineCount - 1) {
                    val end = layout.getLineEnd(line)
                    val around = text.text.substring(end - 1, end + 1)
                    assertTrue("$lang ×$fontScale: a word split at line $line of \"${text.text}\": \"$around\"", around.any { !it.isLetterOrDigit() })
                }
                for (line in 0 until layout.lineCount) assertEquals("${text.text}", 0, layout.getEllipsisCount(line))
            }
        }
    }
}
