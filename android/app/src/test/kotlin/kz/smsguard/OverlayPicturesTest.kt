package kz.smsguard

import android.graphics.Bitmap
import android.graphics.Canvas
import android.graphics.Color
import android.view.View
import kz.smsguard.calls.CallLedger
import kz.smsguard.guard.Verdict
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Pictures
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.WarningActivity
import kz.smsguard.warn.Warning
import kz.smsguard.warn.WarningView
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * Draws the warning a person sees, with the core's real words for the fake-courier story
 * (Robolectric's native graphics: the platform's own renderer):
 * - docs/overlay-{kk,ru,en}.png: the window over the call screen;
 * - docs/lockscreen-{kk,ru,en}.png: the full-screen warning a locked phone shows (the
 *   notification's full-screen intent, WarningActivity over the keyguard), at the hold's start.
 */
@RunWith(SmsGuardTestRunner::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class OverlayPicturesTest {
    @Test @Config(qualifiers = "kk-w360dp-h720dp-xhdpi")
    fun kazakh() = render("kk")

    @Test @Config(qualifiers = "ru-w360dp-h720dp-xhdpi")
    fun russian() = render("ru")

    @Test @Config(qualifiers = "en-w360dp-h720dp-xhdpi")
    fun english() = render("en")

    @Test @Config(qualifiers = "kk-w360dp-h720dp-xhdpi")
    fun kazakhLockScreen() = renderLockScreen("kk")

    @Test @Config(qualifiers = "ru-w360dp-h720dp-xhdpi")
    fun russianLockScreen() = renderLockScreen("ru")

    @Test @Config(qualifiers = "en-w360dp-h720dp-xhdpi")
    fun englishLockScreen() = renderLockScreen("en")

    private fun renderLockScreen(lang: String) {
        val phone = Phone()
        phone.lock()
        phone.grant(android.Manifest.permission.ANSWER_PHONE_CALLS)
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val fullScreen = org.robolectric.Shadows.shadowOf(phone.warningNotification()!!.fullScreenIntent).savedIntent
        val activity = org.robolectric.Robolectric.buildActivity(WarningActivity::class.java, fullScreen).setup().get()
        assertTrue(org.robolectric.Shadows.shadowOf(activity).showWhenLocked)
        val root = activity.window.decorView
        val (width, height) = 720 to 1440
        root.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), View.MeasureSpec.makeMeasureSpec(height, View.MeasureSpec.EXACTLY))
        root.layout(0, 0, width, height)
        val bitmap = Bitmap.createBitmap(width, height, Bitmap.Config.ARGB_8888)
        root.draw(Canvas(bitmap))
        assertEquals("the whole screen is the warning", Color.parseColor("#B00020"), bitmap.getPixel(width / 2, height - 8))
        Pictures.save(bitmap, "lockscreen-$lang.png")
    }

    private fun render(lang: String) {
        val phone = Phone()
        val verdict = Verdict.parse(
            Phone.coreVerdict { core ->
                core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
                core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
                core.onSms("1414", EGOV_SMS, 0L, T0 + 90_000)
            }.toString(),
        )!!
        // A stranger's call is connected and "End call" is allowed, as in the story.
        phone.grant(android.Manifest.permission.ANSWER_PHONE_CALLS)
        CallLedger(phone.app).cellState = android.telephony.TelephonyManager.CALL_STATE_OFFHOOK
        val warning = Warning.of(verdict) { error("the core sent its own words") }!!
        val view = WarningView.create(phone.app, warning) {}
        val width = 720
        view.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED))
        view.layout(0, 0, view.measuredWidth, view.measuredHeight)
        val bitmap = Bitmap.createBitmap(view.measuredWidth, view.measuredHeight, Bitmap.Config.ARGB_8888)
        view.draw(Canvas(bitmap))

        assertEquals(width, bitmap.width)
        assertTrue("the whole warning fits: ${bitmap.height}px", bitmap.height in 600..2400)
        assertEquals(Color.parseColor("#B00020"), bitmap.getPixel(4, 4))

        Pictures.save(bitmap, "overlay-$lang.png")
    }
}
