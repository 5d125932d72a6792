package kz.smsguard

import kz.smsguard.guard.Guard
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Assume.assumeTrue
import org.junit.Test
import org.junit.runner.RunWith

/** The screening service answers every call, and blocks only what the person asked it to. */
@RunWith(SmsGuardTestRunner::class)
class ScreeningTest {
    @Test
    fun letsAStrangersCallThrough() {
        val phone = Phone()
        assertFalse(phone.screen(CALLER).disallowCall)
    }

    @Test
    fun hiddenNumberIsLetThrough() {
        val phone = Phone()
        assertFalse(phone.screen(null).disallowCall)
    }

    @Test
    fun reportedNumberIsLetThroughWhenBlockingIsOff() {
        val phone = Phone()
        assertTrue(Guard.reportAdd(phone.app, CALLER, "fake courier"))
        assertFalse(phone.screen(CALLER).disallowCall)
    }

    @Test
    fun reportedNumberIsBlockedWhenThePersonAskedForIt() {
        val phone = Phone()
        assertTrue(Guard.reportAdd(phone.app, "8 701 555 01 01", "fake courier"))
        Preferences.setBlockReported(phone.app, true)
        val verdict = Guard.onCall(phone.app, kz.smsguard.guard.Phase.START, CALLER, kz.smsguard.guard.Direction.INCOMING, kz.smsguard.guard.Contact.NO, kz.smsguard.guard.Channel.CELLULAR, phone.now - 60_000)
        assumeTrue("the core names whether the caller is reported (verdict caller.reported)", verdict?.callerReported == true)
        assertTrue(phone.screen(CALLER).disallowCall)
        assertFalse("an unreported stranger still gets through", phone.screen("+77771112233").disallowCall)
    }
}
