package kz.smsguard

import android.content.Intent
import android.provider.Settings
import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import kz.smsguard.testing.Phone
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.shadows.ShadowBuild

/**
 * Phone makers' own switches that turn protection off: the checklist adds them by
 * Build.MANUFACTURER, each opening the maker's screen (or App info) and saying what to do.
 */
@RunWith(SmsGuardTestRunner::class)
@Config(qualifiers = "en")
class VendorChecklistTest {
    private val xiaomiRows = listOf("Xiaomi: Autostart", "Xiaomi: pop-up windows", "Xiaomi: show on lock screen")
    private val samsungRow = "Samsung: never sleeping apps"

    private fun checklist(): Pair<MainActivity, Map<String, View>> {
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        val list = activity.findViewById<LinearLayout>(R.id.checklist)!!
        val rows = (0 until list.childCount).map { list.getChildAt(it) }
        return activity to rows.associateBy { it.findViewById<TextView>(R.id.check_title)!!.text.toString() }
    }

    private fun open(activity: MainActivity, row: View): Intent {
        row.findViewById<Button>(R.id.check_fix)!!.performClick()
        return shadowOf(activity).nextStartedActivity
    }

    @Test
    fun xiaomiRedmiPocoGetAutostartPopUpsAndLockScreen() {
        val phone = Phone()
        for ((manufacturer, brand) in listOf("Xiaomi" to "Redmi", "Xiaomi" to "POCO", "Xiaomi" to "Xiaomi")) {
            ShadowBuild.setManufacturer(manufacturer)
            ShadowBuild.setBrand(brand)
            val (activity, rows) = checklist()
            assertTrue("$brand: ${rows.keys}", rows.keys.containsAll(xiaomiRows))
            assertFalse(rows.keys.contains(samsungRow))
            for (title in xiaomiRows) {
                val row = rows.getValue(title)
                assertEquals("Android cannot report it: no ✓", View.GONE, row.findViewById<TextView>(R.id.check_state)!!.visibility)
                assertEquals("Open", row.findViewById<Button>(R.id.check_fix)!!.text.toString())
            }
            val autostart = open(activity, rows.getValue("Xiaomi: Autostart"))
            assertEquals("com.miui.securitycenter", autostart.component!!.packageName)
            assertEquals("com.miui.permcenter.autostart.AutoStartManagementActivity", autostart.component!!.className)
            val popups = open(activity, rows.getValue("Xiaomi: pop-up windows"))
            assertEquals("miui.intent.action.APP_PERM_EDITOR", popups.action)
            assertEquals(phone.app.packageName, popups.getStringExtra("extra_pkgname"))
            val why = rows.getValue("Xiaomi: pop-up windows").findViewById<TextView>(R.id.check_why)!!.text.toString()
            assertTrue(why, why.contains("Display pop-up windows while running in the background"))
        }
    }

    @Test
    fun samsungGetsNeverSleepingApps() {
        Phone()
        ShadowBuild.setManufacturer("samsung")
        ShadowBuild.setBrand("samsung")
        val (activity, rows) = checklist()
        assertTrue(rows.keys.toString(), rows.keys.contains(samsungRow))
        xiaomiRows.forEach { assertFalse(rows.keys.contains(it)) }
        val why = rows.getValue(samsungRow).findViewById<TextView>(R.id.check_why)!!.text.toString()
        assertTrue(why, why.contains("Never sleeping apps"))
        assertEquals(Intent.ACTION_POWER_USAGE_SUMMARY, open(activity, rows.getValue(samsungRow)).action)
    }

    @Test
    fun otherPhonesGetTheGenericBatteryExemptionOnly() {
        val phone = Phone()
        ShadowBuild.setManufacturer("Google")
        ShadowBuild.setBrand("google")
        val (activity, rows) = checklist()
        (xiaomiRows + samsungRow).forEach { assertFalse(rows.keys.contains(it)) }
        val battery = open(activity, rows.getValue("No battery restrictions"))
        assertEquals(Settings.ACTION_REQUEST_IGNORE_BATTERY_OPTIMIZATIONS, battery.action)
        assertEquals("package:${phone.app.packageName}", battery.dataString)
    }

    /** A maker's screen that is missing on this build: the row falls back to App info. */
    @Test
    @Suppress("DEPRECATION") // addResolveInfoForIntent: the simplest way to make one intent resolve
    fun aMissingVendorScreenFallsBackToAppInfo() {
        val phone = Phone()
        ShadowBuild.setManufacturer("Xiaomi")
        shadowOf(phone.app).checkActivities(true)
        val appInfo = Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, android.net.Uri.fromParts("package", phone.app.packageName, null))
        shadowOf(phone.app.packageManager).addResolveInfoForIntent(appInfo, android.content.pm.ResolveInfo().apply {
            activityInfo = android.content.pm.ActivityInfo().apply { packageName = "com.android.settings"; name = "AppInfo" }
        })
        val (activity, rows) = checklist()
        val opened = open(activity, rows.getValue("Xiaomi: Autostart"))
        assertEquals(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, opened.action)
    }
}
