package kz.smsguard

import android.Manifest
import android.view.View
import android.view.ViewGroup
import android.widget.Button
import android.widget.TextView
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import org.json.JSONObject
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.Config

/**
 * Read in one glance and hard to wave away: the core's headline leads in large type, the why
 * follows in smaller text, "End call" is the first and largest button, and "I understand" unlocks
 * only after the core's hold (rules/policy.json) — on the window and on the notification alike.
 */
@RunWith(SmsGuardTestRunner::class)
class WarningScreenTest {
    private fun reference(): JSONObject = Phone.coreVerdict { core ->
        core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
        core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
        core.onSms("1414", EGOV_SMS, 0L, T0 + 90_000)
    }.getJSONObject("warning")

    private fun warn(phone: Phone): View {
        phone.grant(Manifest.permission.ANSWER_PHONE_CALLS)
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        return phone.overlays().single()
    }

    @Test
    @Config(qualifiers = "kk")
    fun headlineLeadsInLargeTypeAndEndCallIsTheFirstLargestButton() {
        val phone = Phone()
        val window = warn(phone)
        val warning = reference()
        val headline = window.findViewById<TextView>(R.id.warning_headline)!!
        val text = window.findViewById<TextView>(R.id.warning_text)!!
        assertEquals(warning.getJSONObject("headline").getString("kk"), headline.text.toString())
        assertEquals(warning.getString("kk"), text.text.toString())
        assertFalse("the headline is not repeated in the text", text.text.contains(headline.text))
        assertTrue("headline larger than the text", headline.textSize > text.textSize * 1.4f)
        assertTrue("fits a glance: at most ten words", headline.text.split(' ').size <= 10)

        val endCall = window.findViewById<Button>(R.id.warning_end_call)!!
        val report = window.findViewById<Button>(R.id.warning_report)!!
        val understood = window.findViewById<Button>(R.id.warning_understood)!!
        assertEquals(View.VISIBLE, endCall.visibility)
        val parent = endCall.parent as ViewGroup
        val order = listOf(endCall, report, understood).map { parent.indexOfChild(it) }
        assertEquals("End call, then Report, then I understand", order.sorted(), order)
        assertTrue(endCall.textSize > understood.textSize)
        assertTrue(endCall.minimumHeight > understood.minimumHeight)
    }

    @Test
    @Config(qualifiers = "en")
    fun understoodUnlocksOnlyAfterTheHoldOnWindowAndNotification() {
        val phone = Phone()
        val window = warn(phone)
        val hold = reference().getInt("hold_s")
        assertTrue("high warnings hold (rules/policy.json understood_hold_s)", hold in 1..30)

        val understood = window.findViewById<Button>(R.id.warning_understood)!!
        assertFalse(understood.isEnabled)
        assertEquals("I understand ($hold)", understood.text.toString())
        understood.performClick()
        assertEquals("a locked button does nothing", 1, phone.overlays().size)
        fun actions(): List<String> = phone.warningNotification()!!.actions.orEmpty().map { it.title.toString() }
        assertFalse(actions().contains("I understand"))

        phone.waitSeconds(hold - 1L)
        assertEquals("I understand (1)", understood.text.toString())
        assertFalse(understood.isEnabled)
        phone.waitSeconds(1)
        assertTrue(understood.isEnabled)
        assertEquals("I understand", understood.text.toString())
        assertTrue(actions().toString(), actions().contains("I understand"))

        understood.performClick()
        phone.settle()
        assertTrue(phone.overlays().isEmpty())
        assertEquals(null, phone.warningNotification())
    }

    @Test
    fun theNotificationsUnderstoodActionTakesDownTheWindow() {
        val phone = Phone()
        warn(phone)
        phone.waitSeconds(30)
        val action = phone.warningNotification()!!.actions.single { it.title.toString() == "I understand" }
        val intent = org.robolectric.Shadows.shadowOf(action.actionIntent).savedIntent
        phone.app.sendBroadcast(intent)
        phone.settle()
        assertTrue(phone.overlays().isEmpty())
        assertEquals(null, phone.warningNotification())
    }

    /** With the largest system font nothing is cut off: every line is laid out, none ellipsized. */
    @Test
    @Config(qualifiers = "ru-w360dp-h720dp", fontScale = 2.0f)
    fun largeTextGrowsInsteadOfCuttingWords() {
        val phone = Phone()
        val window = warn(phone)
        val width = window.resources.displayMetrics.widthPixels
        window.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED))
        window.layout(0, 0, window.measuredWidth, window.measuredHeight)
        val headline = window.findViewById<TextView>(R.id.warning_headline)!!
        // Android 14+ scales large text non-linearly: 30 sp at 200 % grows, but by less than double.
        assertTrue(headline.textSize / headline.resources.displayMetrics.density > 30f * 1.2f)
        for (id in listOf(R.id.warning_headline, R.id.warning_text, R.id.warning_end_call, R.id.warning_understood)) {
            val view = window.findViewById<TextView>(id)!!
            val layout = view.layout!!
            for (line in 0 until layout.lineCount) assertEquals("${view.text}: line $line", 0, layout.getEllipsisCount(line))
            assertTrue("${view.text} is taller than its text", view.measuredHeight >= layout.height)
        }
    }
}
