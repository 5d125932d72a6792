package kz.smsguard

import android.graphics.Bitmap
import android.graphics.Canvas
import android.graphics.Color
import android.telephony.TelephonyManager
import android.view.View
import android.widget.LinearLayout
import android.widget.ScrollView
import java.io.File
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.HistoryActivity
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * Draws "What happened" the morning after a scam — the 1414 code during a stranger's call, then
 * the follow-up caller hours later — into docs/history-{kk,ru,en}.png for README.
 */
@RunWith(SmsGuardTestRunner::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class HistoryPicturesTest {
    @Test @Config(qualifiers = "kk-w360dp-h720dp-hdpi")
    fun kazakh() = render("kk")

    @Test @Config(qualifiers = "ru-w360dp-h720dp-hdpi")
    fun russian() = render("ru")

    @Test @Config(qualifiers = "en-w360dp-h720dp-hdpi")
    fun english() = render("en")

    private fun render(lang: String) {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        phone.now = T0 + 180_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_IDLE)
        phone.now = T0 + 3 * 3_600_000
        phone.screen("+77015550177")
        phone.phoneState(TelephonyManager.EXTRA_STATE_RINGING)

        val activity = Robolectric.buildActivity(HistoryActivity::class.java, HistoryActivity.intent(phone.app)).setup().get()
        phone.settle()
        assertEquals(2, activity.findViewById<LinearLayout>(R.id.history_list)!!.childCount)
        val content = activity.findViewById<ScrollView>(R.id.history_root)!!.getChildAt(0)
        val width = content.resources.displayMetrics.widthPixels
        content.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED))
        content.layout(0, 0, content.measuredWidth, content.measuredHeight)
        val bitmap = Bitmap.createBitmap(content.measuredWidth, content.measuredHeight, Bitmap.Config.ARGB_8888)
        bitmap.eraseColor(Color.WHITE)
        content.draw(Canvas(bitmap))
        val dir = File(System.getProperty("smsguard.docs.dir") ?: "target")
        dir.mkdirs()
        File(dir, "history-$lang.png").outputStream().use { bitmap.compress(Bitmap.CompressFormat.PNG, 100, it) }
    }
}
