package kz.smsguard

import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import android.telephony.TelephonyManager
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith

/**
 * Android kills the app between the call and the SMS: the new process knows nothing in memory,
 * reopens the core on the same state directory, and must still warn.
 */
@RunWith(SmsGuardTestRunner::class)
class ProcessDeathTest {
    @Test
    fun warnsAfterTheProcessWasRecreatedBetweenCallAndSms() {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.newProcess()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals(1, phone.overlays().size)
    }

    @Test
    fun callEndedInANewProcessStillWarnsForTheMinutesAfter() {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.newProcess()
        phone.now = T0 + 120_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_IDLE)
        phone.newProcess()
        phone.now = T0 + 300_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals(1, phone.overlays().size)
    }
}
