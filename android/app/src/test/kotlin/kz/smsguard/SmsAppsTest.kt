package kz.smsguard

import android.Manifest
import android.content.Intent
import android.content.pm.ActivityInfo
import android.content.pm.ApplicationInfo
import android.content.pm.ResolveInfo
import android.widget.Button
import android.widget.CheckBox
import android.widget.LinearLayout
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import kz.smsguard.ui.SmsAppsActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowTelephony

/**
 * "My SMS apps": many people read SMS in a second app (a vendor's Messages, Google Messages) while
 * another is the default. An app the person ticks there is watched as the default SMS app is: its
 * redacted notification (Android 15+) is a hidden code and warns during a stranger's call; an app
 * nobody ticked, or one unticked again, is not. Driven through the screen itself, with the real core.
 */
@RunWith(SmsGuardTestRunner::class)
class SmsAppsTest {
    private val defaultApp = "com.google.android.apps.messaging"
    private val vendorApp = "com.samsung.android.messaging"
    private val chatApp = "com.example.chat"

    /** A phone whose default SMS app is Google Messages, with these apps on the launcher. */
    private fun phone(): Phone {
        val phone = Phone()
        phone.deny(Manifest.permission.RECEIVE_SMS)
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(defaultApp)
        launcherApp(phone, defaultApp, "Messages")
        launcherApp(phone, vendorApp, "Samsung Messages")
        launcherApp(phone, chatApp, "Chat")
        return phone
    }

    /** An installed app with a launcher icon, as PackageManager resolves the launcher intent. */
    private fun launcherApp(phone: Phone, pkg: String, label: String) {
        val info = ResolveInfo().apply {
            activityInfo = ActivityInfo().apply {
                packageName = pkg
                name = "$pkg.MainActivity"
                applicationInfo = ApplicationInfo().apply {
                    packageName = pkg
                    nonLocalizedLabel = label
                }
            }
        }
        shadowOf(phone.app.packageManager).addResolveInfoForIntent(Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_LAUNCHER), info)
    }

    /** Opens "My SMS apps" and returns its check boxes, in the order shown. */
    private fun screen(phone: Phone): List<CheckBox> {
        val activity = Robolectric.buildActivity(SmsAppsActivity::class.java, SmsAppsActivity.intent(phone.app)).setup().get()
        val list = activity.findViewById<LinearLayout>(R.id.sms_apps_list)!!
        return (0 until list.childCount).map { list.getChildAt(it) as CheckBox }
    }

    private fun tick(phone: Phone, pkg: String, on: Boolean) {
        val box = screen(phone).single { it.tag == pkg }
        assertEquals("not already in the wanted state", !on, box.isChecked)
        box.performClick()
    }

    /** What the core says to a hidden code 60 s into a stranger's answered call. */
    private fun reference(at: Long) = Phone.coreVerdict { core ->
        core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
        core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
        core.onSms(null, null, 0L, at)
    }

    @Test
    fun theScreenListsLauncherAppsAndSavesTheChoice() {
        val phone = phone()
        val status = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        status.findViewById<Button>(R.id.main_sms_apps)!!.performClick()
        assertEquals(SmsAppsActivity::class.java.name, shadowOf(status).nextStartedActivity.component!!.className)
        val boxes = screen(phone)
        assertEquals("the default SMS app first, then by name; not SMS Guard itself", listOf(defaultApp, chatApp, vendorApp), boxes.map { it.tag })
        val default = boxes.first()
        assertTrue(default.isChecked)
        assertFalse("the default SMS app is always watched", default.isEnabled)
        assertEquals(phone.app.getString(R.string.sms_apps_default, "Messages"), default.text.toString())
        assertEquals(listOf("Chat", "Samsung Messages"), boxes.drop(1).map { it.text.toString() })
        assertTrue(boxes.drop(1).none { it.isChecked })

        boxes.single { it.tag == vendorApp }.performClick()
        assertEquals(setOf(vendorApp), Preferences.smsApps(phone.app))
        // Opened again (a new process, even): the tick is still there, and a ticked app comes first.
        phone.newProcess()
        val again = screen(phone)
        assertEquals(listOf(defaultApp, vendorApp, chatApp), again.map { it.tag })
        assertTrue(again[1].isChecked)
        assertFalse(again[2].isChecked)
    }

    @Test
    fun aTickedAppsHiddenCodeDuringAStrangersCallWarns() {
        val phone = phone()
        tick(phone, vendorApp, true)
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification(vendorApp, 7, phone.hiddenCodeNotification())
        val reference = reference(phone.now)
        assertEquals("high", reference.getString("level"))
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
    }

    @Test
    fun anUntickedAppThatIsNotTheDefaultIsIgnored() {
        val phone = phone()
        tick(phone, chatApp, true) // another app ticked: the vendor's is still not watched
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification(vendorApp, 7, phone.hiddenCodeNotification())
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun untickingStopsIt() {
        val phone = phone()
        tick(phone, vendorApp, true)
        tick(phone, vendorApp, false)
        assertEquals(emptySet<String>(), Preferences.smsApps(phone.app))
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification(vendorApp, 7, phone.hiddenCodeNotification())
        assertTrue(phone.overlays().isEmpty())
        // The default SMS app is still watched.
        phone.postNotification(defaultApp, 8, phone.hiddenCodeNotification())
        assertEquals(reference(phone.now).getJSONObject("warning").getString("en"), phone.overlayText())
    }
}
