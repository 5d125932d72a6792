package kz.smsguard

import android.Manifest
import android.app.AppOpsManager
import android.content.pm.PackageManager
import android.os.Process
import android.provider.Settings
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import kz.smsguard.testing.Phone
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/**
 * Setup after installing the APK from a file: Android 13+ keeps "restricted settings" greyed out
 * (on Android 15+ also SMS and "display over other apps"), so the walkthrough to allow them comes
 * before anything else; a permission whose dialog no longer appears leads to App info; the overlay
 * screen opens for this app, not the list of all apps.
 */
@RunWith(SmsGuardTestRunner::class)
class SetupTest {
    private val packageInstaller = "com.google.android.packageinstaller"

    private fun installedBy(phone: Phone, installer: String) {
        shadowOf(phone.app.packageManager).setInstallSourceInfo(phone.app.packageName, installer, installer)
    }

    private fun rows(activity: MainActivity): List<android.view.View> {
        val list = activity.findViewById<LinearLayout>(R.id.checklist)!!
        return (0 until list.childCount).map { list.getChildAt(it) }
    }

    private fun title(row: android.view.View) = row.findViewById<TextView>(R.id.check_title)!!.text.toString()

    private fun why(row: android.view.View) = row.findViewById<TextView>(R.id.check_why)!!.text.toString()

    private fun walkthroughComesFirst(title: String, menu: String) {
        val phone = Phone()
        installedBy(phone, packageInstaller)
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        val first = rows(activity).first()
        assertEquals(title, title(first))
        assertTrue(why(first), why(first).contains("⋮") && why(first).contains(menu))
        first.findViewById<Button>(R.id.check_fix)!!.performClick()
        val opened = shadowOf(activity).nextStartedActivity
        assertEquals(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, opened.action)
        assertEquals("package:${phone.app.packageName}", opened.dataString)
    }

    @Test
    @Config(qualifiers = "en")
    fun sideloadedInstallGetsTheRestrictedSettingsWalkthroughFirstInEnglish() =
        walkthroughComesFirst("First: allow restricted settings", "Allow restricted settings")

    @Test
    @Config(qualifiers = "ru")
    fun inRussian() = walkthroughComesFirst("Сначала: разрешите ограниченные настройки", "Разрешить ограниченные настройки")

    @Test
    @Config(qualifiers = "kk")
    fun inKazakh() = walkthroughComesFirst("Алдымен: шектелген параметрлерге рұқсат беріңіз", "Шектелген параметрлерге рұқсат беру")

    @Test
    fun storeInstallHasNoWalkthrough() {
        val phone = Phone()
        installedBy(phone, "com.android.vending")
        val fromStore = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        assertFalse(rows(fromStore).map(::title).contains("First: allow restricted settings"))
    }

    /**
     * Android refuses apps the restricted-settings app op (read-restricted, MANAGE_APPOPS): the
     * query throws on a real phone. The walkthrough then depends on the install source alone, and
     * tells a person who already allowed restricted settings to go on with the items below.
     */
    @Test
    @Config(qualifiers = "en")
    fun walkthroughDoesNotDependOnTheUnreadableAppOp() {
        val phone = Phone()
        installedBy(phone, packageInstaller)
        // What Robolectric answers by default (MODE_ALLOWED) is what a real phone never says.
        shadowOf(phone.app.getSystemService(AppOpsManager::class.java)).setMode(
            "android:access_restricted_settings", Process.myUid(), phone.app.packageName, AppOpsManager.MODE_ALLOWED,
        )
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        val first = rows(activity).first()
        assertEquals("First: allow restricted settings", title(first))
        assertTrue(why(first), why(first).contains("Already done this? Then just allow the items below"))
    }

    @Test
    fun walkthroughGoesOnceTheRestrictedItemsAreOn() {
        val phone = Phone()
        installedBy(phone, packageInstaller)
        phone.setUpFully() // SMS, overlay and notification access all given
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        assertFalse(rows(activity).map(::title).contains("First: allow restricted settings"))
    }

    /** Android 11+: a permission refused for good comes back at once with no dialog; App info is the way. */
    @Test
    fun aPermissionWhoseDialogNoLongerAppearsOpensAppInfo() {
        val phone = Phone()
        phone.deny(Manifest.permission.READ_CONTACTS)
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        val row = rows(activity).single { title(it) == "Contacts" }
        row.findViewById<Button>(R.id.check_fix)!!.performClick()
        val request = shadowOf(activity).lastRequestedPermission
        assertEquals(listOf(Manifest.permission.READ_CONTACTS), request.requestedPermissions.toList())
        shadowOf(phone.app.packageManager).setShouldShowRequestPermissionRationale(Manifest.permission.READ_CONTACTS, false)
        activity.onRequestPermissionsResult(request.requestCode, request.requestedPermissions, intArrayOf(PackageManager.PERMISSION_DENIED))
        val opened = shadowOf(activity).nextStartedActivity
        assertNotNull("App info opened", opened)
        assertEquals(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, opened.action)
        assertEquals("package:${phone.app.packageName}", opened.dataString)
    }

    @Test
    fun aFirstRefusalWithARationaleOpensNothing() {
        val phone = Phone()
        phone.deny(Manifest.permission.READ_CONTACTS)
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        rows(activity).single { title(it) == "Contacts" }.findViewById<Button>(R.id.check_fix)!!.performClick()
        val request = shadowOf(activity).lastRequestedPermission
        shadowOf(phone.app.packageManager).setShouldShowRequestPermissionRationale(Manifest.permission.READ_CONTACTS, true)
        activity.onRequestPermissionsResult(request.requestCode, request.requestedPermissions, intArrayOf(PackageManager.PERMISSION_DENIED))
        val started = generateSequence { shadowOf(activity).nextStartedActivity }.map { it.action }.toList()
        assertFalse(started.toString(), Settings.ACTION_APPLICATION_DETAILS_SETTINGS in started)
    }

    @Test
    fun overlaySettingsNameOurPackageAndNotificationsAreOnTheList() {
        val phone = Phone()
        org.robolectric.shadows.ShadowSettings.setCanDrawOverlays(false)
        phone.deny(Manifest.permission.POST_NOTIFICATIONS)
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        rows(activity).single { title(it) == "Display over other apps" }.findViewById<Button>(R.id.check_fix)!!.performClick()
        val opened = shadowOf(activity).nextStartedActivity
        assertEquals(Settings.ACTION_MANAGE_OVERLAY_PERMISSION, opened.action)
        assertEquals("package:${phone.app.packageName}", opened.dataString)

        val notifications = rows(activity).single { title(it) == "Notifications" }
        assertEquals(android.view.View.VISIBLE, notifications.findViewById<Button>(R.id.check_fix)!!.visibility)
        phone.grant(Manifest.permission.POST_NOTIFICATIONS)
        val after = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        val granted = rows(after).single { title(it) == "Notifications" }
        assertEquals(android.view.View.VISIBLE, granted.findViewById<TextView>(R.id.check_state)!!.visibility)
    }

    @Test
    fun screeningRowSaysOnlyOneAppCanHoldTheRole() {
        Phone()
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        val row = rows(activity).single { title(it) == "Calls from unknown numbers" }
        assertTrue(why(row), why(row).contains("Truecaller") && why(row).contains("Getcontact"))
    }
}
