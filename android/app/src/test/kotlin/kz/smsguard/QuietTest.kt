package kz.smsguard

import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

/** A code the person asked for, with no call around, and ordinary SMS: nothing on screen. */
@RunWith(SmsGuardTestRunner::class)
class QuietTest {
    @Test
    fun codeWithNoCallShowsNothing() {
        val phone = Phone()
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertTrue(phone.overlays().isEmpty())
        assertTrue(phone.notifications().isEmpty())
    }

    @Test
    fun ordinarySmsDuringACallShowsNothing() {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now += 30_000
        phone.sms(Pdus.gsm7("+77771234567", "See you at 7 near the bus stop"))
        assertTrue(phone.overlays().isEmpty())
        assertTrue(phone.notifications().isEmpty())
    }
}
