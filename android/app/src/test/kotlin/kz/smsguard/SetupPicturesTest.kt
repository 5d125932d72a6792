package kz.smsguard

import android.widget.ScrollView
import android.widget.TextView
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Pictures
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode
import org.robolectric.shadows.ShadowBuild

/**
 * Draws the status screen as a person meets it right after installing the APK from a file on a
 * Xiaomi phone with Android 16 (nothing allowed yet): the restricted-settings walkthrough first, the checklist, the maker's own steps — into
 * docs/setup-{kk,ru,en}.png for README.
 */
@RunWith(SmsGuardTestRunner::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class SetupPicturesTest {
    @Test @Config(qualifiers = "kk-w360dp-h720dp-hdpi")
    fun kazakh() = render("kk")

    @Test @Config(qualifiers = "ru-w360dp-h720dp-hdpi")
    fun russian() = render("ru")

    @Test @Config(qualifiers = "en-w360dp-h720dp-hdpi")
    fun english() = render("en")

    private fun render(lang: String) {
        val phone = Phone()
        ShadowBuild.setManufacturer("Xiaomi")
        ShadowBuild.setBrand("Redmi")
        shadowOf(phone.app.packageManager).setInstallSourceInfo(phone.app.packageName, "com.miui.packageinstaller", "com.miui.packageinstaller")
        // A fresh install: nothing given yet (on Android 15+ SMS and the overlay are restricted too).
        phone.deny(android.Manifest.permission.RECEIVE_SMS, android.Manifest.permission.READ_PHONE_STATE)
        org.robolectric.shadows.ShadowSettings.setCanDrawOverlays(false)
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        phone.settle()
        val bitmap = Pictures.drawWhole(activity.findViewById<ScrollView>(R.id.main_root)!!.getChildAt(0))
        val first = activity.findViewById<android.widget.LinearLayout>(R.id.checklist)!!.getChildAt(0)
        assertTrue(first.findViewById<TextView>(R.id.check_why)!!.text.contains("⋮"))
        Pictures.save(bitmap, "setup-$lang.png")
    }
}
