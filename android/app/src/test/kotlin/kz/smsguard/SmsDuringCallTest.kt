package kz.smsguard

import android.view.View
import android.view.WindowManager
import android.widget.Button
import android.widget.TextView
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_CODE
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.Config

/**
 * The product's main moment: a stranger is on the line and a 1414 code arrives as a two-part
 * UCS-2 SMS. The overlay window must appear with the core's words in the app's language.
 */
@RunWith(SmsGuardTestRunner::class)
class SmsDuringCallTest {
    @Test
    @Config(qualifiers = "kk")
    fun kazakh() = warnsDuringCall("kk", levelLabel = "Қауіпті")

    @Test
    @Config(qualifiers = "ru")
    fun russian() = warnsDuringCall("ru", levelLabel = "Опасно")

    @Test
    @Config(qualifiers = "en")
    fun english() = warnsDuringCall("en", levelLabel = "Danger")

    @Test
    @Config(qualifiers = "de")
    fun otherLanguagesFallBackToRussian() = warnsDuringCall("ru", levelLabel = "Опасно")

    private fun warnsDuringCall(lang: String, levelLabel: String) {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        val pdus = Pdus.ucs2("1414", EGOV_SMS)
        assertEquals("the SMS must arrive in parts", 2, pdus.size)
        phone.sms(pdus)

        val windows = phone.overlays()
        assertEquals(1, windows.size)
        val window = windows.single()
        assertEquals(WindowManager.LayoutParams.TYPE_APPLICATION_OVERLAY, (window.layoutParams as WindowManager.LayoutParams).type)
        val shown = phone.overlayText()!!

        val reference = Phone.coreVerdict { core ->
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 90_000)
        }
        assertEquals("high", reference.getString("level"))
        assertEquals(reference.getJSONObject("warning").getString(lang), shown)
        assertFalse("the code itself is never shown", shown.contains(EGOV_CODE))
        when (lang) {
            "kk" -> assertTrue("Kazakh letters expected: $shown", shown.any { it in "әғқңөұүһі" })
            "ru" -> assertTrue("Russian text expected: $shown", shown.any { it in 'а'..'я' } && shown.none { it in "әғқңөұүһі" })
            "en" -> assertTrue("English text expected: $shown", shown.none { it in 'а'..'я' })
        }
        assertEquals(levelLabel, window.findViewById<TextView>(R.id.warning_level)!!.text.toString())

        val report = window.findViewById<Button>(R.id.warning_report)!!
        assertEquals(View.VISIBLE, report.visibility)
        assertTrue(window.findViewById<TextView>(R.id.warning_caller)!!.text.contains(CALLER))
        assertNotNull("the notification is posted as well as the window", phone.warningNotification())
    }

    @Test
    fun understoodClosesTheWindow() {
        val phone = Phone()
        val window = warningForEgovCodeDuringCall(phone)
        phone.waitSeconds(30) // the hold of a high warning
        window.findViewById<Button>(R.id.warning_understood)!!.performClick()
        phone.settle()
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun reportButtonOpensTheReportScreenPrefilled() {
        val phone = Phone()
        warningForEgovCodeDuringCall(phone).findViewById<Button>(R.id.warning_report)!!.performClick()
        phone.settle()
        val started = org.robolectric.Shadows.shadowOf(phone.app).nextStartedActivity
        assertNotNull(started)
        assertEquals(kz.smsguard.ui.ReportsActivity::class.java.name, started.component!!.className)
        assertEquals(CALLER, started.getStringExtra(kz.smsguard.ui.ReportsActivity.EXTRA_NUMBER))
        assertTrue(phone.overlays().isEmpty())
    }

    /** The warning window over the eGov code arriving 90 s into an answered stranger's call. */
    private fun warningForEgovCodeDuringCall(phone: Phone): View {
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        return phone.overlays().single()
    }
}
