package kz.smsguard

import android.telephony.TelephonyManager.EXTRA_STATE_OFFHOOK
import android.widget.Button
import android.widget.TextView
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.ReportsActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/**
 * The person calls the "courier" back. Android 10+ shows the screening service outgoing calls to
 * numbers not in the contacts, with the number: the call reaches the core with it, so the
 * warning names it and "Report this number" is filled in.
 */
@RunWith(SmsGuardTestRunner::class)
class OutgoingCallTest {
    private val courier = "+77475550188"

    private fun reference() = Phone.coreVerdict { core ->
        core.onCall("start", courier, "outgoing", "no", "cellular", T0)
        core.onCall("answered", courier, "outgoing", "no", "cellular", T0)
        core.onSms("1414", EGOV_SMS, 0L, T0 + 45_000)
    }

    private fun assertWarnsAboutTheCourier(phone: Phone) {
        val reference = reference()
        assertEquals(courier, reference.getString("caller"))
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
        val window = phone.overlays().single()
        assertTrue(window.findViewById<TextView>(R.id.warning_caller)!!.text.contains(courier))
        window.findViewById<Button>(R.id.warning_report)!!.performClick()
        phone.settle()
        assertEquals(courier, shadowOf(phone.app).nextStartedActivity.getStringExtra(ReportsActivity.EXTRA_NUMBER))
    }

    @Test
    fun callBackKeepsTheNumber() {
        val phone = Phone()
        phone.setUpFully()
        assertFalse("an outgoing call is never blocked", phone.screen(courier, outgoing = true).disallowCall)
        phone.phoneState(EXTRA_STATE_OFFHOOK)
        phone.now += 45_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertWarnsAboutTheCourier(phone)
    }

    @Test
    fun screeningAfterTheDiallingStillGivesTheNumber() {
        val phone = Phone()
        phone.setUpFully()
        phone.phoneState(EXTRA_STATE_OFFHOOK)
        phone.screen(courier, outgoing = true)
        phone.now += 45_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertWarnsAboutTheCourier(phone)
    }

    @Test
    fun anUnscreenedCallOutWithTheRoleIsAContact() {
        val phone = Phone()
        phone.setUpFully()
        phone.phoneState(EXTRA_STATE_OFFHOOK) // Android showed us nothing: the number is a contact's
        phone.now += 45_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", null, "outgoing", "yes", "cellular", T0)
            core.onCall("answered", null, "outgoing", "yes", "cellular", T0)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 45_000)
        }
        assertEquals(reference.optJSONObject("warning")?.getString("en"), phone.overlayText())
    }
}
