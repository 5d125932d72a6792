package kz.smsguard

import android.telephony.TelephonyManager
import kz.smsguard.calls.CallLedger
import kz.smsguard.calls.CallStateWatcher
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/** In a running process, TelephonyCallback (API 31+) carries the call from ringing to answered. */
@RunWith(SmsGuardTestRunner::class)
class CallStateWatcherTest {
    @Test
    fun telephonyCallbackAnswersTheScreenedCall() {
        val phone = Phone()
        CallStateWatcher.register(phone.app)
        val telephony = shadowOf(phone.app.getSystemService(TelephonyManager::class.java))
        phone.screen(CALLER)
        telephony.setCallState(TelephonyManager.CALL_STATE_RINGING)
        phone.now += 5_000
        telephony.setCallState(TelephonyManager.CALL_STATE_OFFHOOK)
        phone.settle()
        assertEquals(TelephonyManager.CALL_STATE_OFFHOOK, CallLedger(phone.app).cellState)

        // The broadcast of the same change afterwards is a repeat and changes nothing.
        phone.phoneState(TelephonyManager.EXTRA_STATE_OFFHOOK)
        phone.now += 40_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals(1, phone.overlays().size)

        telephony.setCallState(TelephonyManager.CALL_STATE_IDLE)
        phone.settle()
        assertEquals(emptyList<Any>(), CallLedger(phone.app).cellCalls)
    }
}
