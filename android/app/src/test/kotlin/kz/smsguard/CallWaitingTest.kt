package kz.smsguard

import android.Manifest
import android.telephony.TelephonyManager.EXTRA_STATE_IDLE
import android.telephony.TelephonyManager.EXTRA_STATE_OFFHOOK
import android.telephony.TelephonyManager.EXTRA_STATE_RINGING
import android.view.View
import android.widget.Button
import android.widget.TextView
import kz.smsguard.calls.CallLedger
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

/**
 * Call waiting: a stranger rings while the person talks to family. Android's state only goes
 * OFFHOOK → RINGING → OFFHOOK → IDLE; each call must still reach the core as a call of its own.
 */
@RunWith(SmsGuardTestRunner::class)
class CallWaitingTest {
    /** Mum (a contact: the screening service is not shown her call) is on the line. */
    private fun familyCall(phone: Phone) {
        phone.setUpFully()
        phone.phoneState(EXTRA_STATE_RINGING)
        phone.now += 4_000
        phone.phoneState(EXTRA_STATE_OFFHOOK)
        phone.now += 20_000
    }

    /** The stranger's call rings as a second call. */
    private fun strangerWaiting(phone: Phone) {
        phone.screen(CALLER)
        phone.phoneState(EXTRA_STATE_RINGING)
    }

    private fun shownCaller(phone: Phone): String? =
        phone.overlays().single().findViewById<TextView>(R.id.warning_caller)!!.takeIf { it.visibility == View.VISIBLE }?.text?.toString()

    @Test
    fun ringWhileOffhookIsASecondCall() {
        val phone = Phone()
        familyCall(phone)
        strangerWaiting(phone)
        assertEquals(2, CallLedger(phone.app).cellCalls.size)
        phone.now += 10_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", null, "incoming", "yes", "cellular", T0)
            core.onCall("answered", null, "incoming", "yes", "cellular", T0 + 4_000)
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0 + 24_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 34_000)
        }
        val before = Phone.coreVerdict { core ->
            core.onCall("start", null, "incoming", "yes", "cellular", T0)
            core.onCall("answered", null, "incoming", "yes", "cellular", T0 + 4_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 34_000)
        }
        assertFalse("a code during Mum's call alone does not warn", before.has("warning") && !before.isNull("warning"))
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
        // The warning is about the stranger, never Mum's call.
        assertTrue(shownCaller(phone)!!.contains(CALLER))
    }

    @Test
    fun answerTheWaitingCall() {
        val phone = Phone()
        familyCall(phone)
        strangerWaiting(phone)
        phone.now += 6_000
        phone.phoneState(EXTRA_STATE_OFFHOOK) // the stranger is answered, Mum on hold
        phone.now += 30_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", null, "incoming", "yes", "cellular", T0)
            core.onCall("answered", null, "incoming", "yes", "cellular", T0 + 4_000)
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0 + 24_000)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 30_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 60_000)
        }
        assertEquals("high", reference.getString("level"))
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
        assertTrue(shownCaller(phone)!!.contains(CALLER))
        // Two calls are up: "End call" says which one Android will end.
        val endCall = phone.overlays().single().findViewById<Button>(R.id.warning_end_call)!!
        assertEquals(View.VISIBLE, endCall.visibility)
        assertEquals(phone.app.getString(R.string.action_end_active_call), endCall.text.toString())
    }

    @Test
    fun declineTheWaitingCallThenHangUpEndsBothCalls() {
        val phone = Phone()
        familyCall(phone)
        strangerWaiting(phone)
        phone.now += 3_000
        // Declined: Android goes back to OFFHOOK exactly as for an answer (counted as answered).
        phone.phoneState(EXTRA_STATE_OFFHOOK)
        phone.now += 60_000
        phone.phoneState(EXTRA_STATE_IDLE)
        assertTrue(CallLedger(phone.app).cellCalls.isEmpty())
        // Both calls ended at IDLE: hours later, a code is not about any call in progress.
        phone.now += 3 * 3_600_000L
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun withOneCallEndCallKeepsItsPlainLabel() {
        val phone = Phone()
        phone.grant(Manifest.permission.ANSWER_PHONE_CALLS)
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val endCall = phone.overlays().single().findViewById<Button>(R.id.warning_end_call)!!
        assertEquals(phone.app.getString(R.string.action_end_call), endCall.text.toString())
    }
}
