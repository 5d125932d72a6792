package kz.smsguard

import android.content.Intent
import android.telephony.TelephonyManager
import android.telephony.TelephonyManager.EXTRA_STATE_OFFHOOK
import android.widget.TextView
import java.time.Duration
import kz.smsguard.calls.CallLedger
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowSystemClock

/** A phone switched off mid-call sends no IDLE: after the reboot no call is still "in progress". */
@RunWith(SmsGuardTestRunner::class)
class RebootTest {
    private val courier = "+77475550188"

    /** The stranger's call is up when the battery dies; the phone is back [off] later. */
    private fun rebootDuringACall(phone: Phone, off: Duration) {
        phone.setUpFully()
        phone.unknownCallAnswered()
        phone.newProcess()
        // The phone is back on with no call: the state Android reports from now on is idle.
        shadowOf(phone.app.getSystemService(TelephonyManager::class.java)).setCallState(TelephonyManager.CALL_STATE_IDLE)
        phone.now += off.toMillis()
        ShadowSystemClock.advanceBy(Duration.ofMinutes(1)) // booted a minute ago
        phone.app.sendBroadcast(Intent(Intent.ACTION_BOOT_COMPLETED))
        phone.settle()
    }

    @Test
    fun theLedgerIsEmptyAfterABoot() {
        val phone = Phone()
        rebootDuringACall(phone, Duration.ofHours(2))
        val ledger = CallLedger(phone.app)
        assertTrue(ledger.cellCalls.isEmpty())
        assertEquals(TelephonyManager.CALL_STATE_IDLE, ledger.cellState)
        // The cut call ended when the phone started again (its real end is unknown: the side
        // that warns). Half an hour after that, a code is not about it any more.
        phone.now += 1_800_000L
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun aCallOutAfterTheRebootIsSeen() {
        val phone = Phone()
        rebootDuringACall(phone, Duration.ofHours(2))
        phone.now += 1_800_000L
        // Calling the courier back: OFFHOOK again, which the old ledger would have taken for a repeat.
        phone.screen(courier, outgoing = true)
        phone.phoneState(EXTRA_STATE_OFFHOOK)
        phone.now += 30_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val caller = phone.overlays().single().findViewById<TextView>(R.id.warning_caller)!!.text.toString()
        assertTrue(caller, caller.contains(courier))
        assertFalse(caller.contains(CALLER))
    }
}
