package kz.smsguard

import android.graphics.Bitmap
import android.graphics.Canvas
import android.graphics.Color
import android.view.View
import java.io.File
import kz.smsguard.calls.CallLedger
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Verdict
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.warn.Warning
import kz.smsguard.warn.WarningView
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * Draws the warning a person sees, with the core's real words for the fake-courier story, into
 * docs/overlay-{kk,ru,en}.png (Robolectric's native graphics: the platform's own renderer).
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

    private fun render(lang: String) {
        val phone = Phone()
        val verdict = Verdict.parse(
            Phone.coreVerdict { core ->
                core.onCall("start", CALLER, "incoming", false, "cellular", T0)
                core.onCall("answered", CALLER, "incoming", false, "cellular", T0 + 8_000)
                core.onSms("1414", EGOV_SMS, T0 + 90_000)
            }.toString(),
        )!!
        CallLedger(phone.app).rememberCaller(CALLER, Channel.CELLULAR)
        val warning = Warning.of(verdict, CallLedger(phone.app))!!
        val view = WarningView.create(phone.app, warning) {}
        val width = 720
        view.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED))
        view.layout(0, 0, view.measuredWidth, view.measuredHeight)
        val bitmap = Bitmap.createBitmap(view.measuredWidth, view.measuredHeight, Bitmap.Config.ARGB_8888)
        view.draw(Canvas(bitmap))

        assertEquals(width, bitmap.width)
        assertTrue("the whole warning fits: ${bitmap.height}px", bitmap.height in 600..2400)
        assertEquals(Color.parseColor("#B00020"), bitmap.getPixel(4, 4))

        val dir = File(System.getProperty("smsguard.docs.dir") ?: "target")
        dir.mkdirs()
        File(dir, "overlay-$lang.png").outputStream().use { bitmap.compress(Bitmap.CompressFormat.PNG, 100, it) }
    }
}
