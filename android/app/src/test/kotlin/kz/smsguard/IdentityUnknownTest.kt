package kz.smsguard

import android.Manifest
import android.app.role.RoleManager
import android.telephony.TelephonyManager.EXTRA_STATE_OFFHOOK
import android.telephony.TelephonyManager.EXTRA_STATE_RINGING
import android.view.View
import android.widget.TextView
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf

/**
 * Without the screening role (Android 10+) or the call log (Android 9), Android does not say
 * whether a caller is a contact: the call reaches the core as "identity unknown", the warning
 * is milder, and the status screen says protection is reduced and how to fix it.
 */
@RunWith(SmsGuardTestRunner::class)
class IdentityUnknownTest {
    @Suppress("DEPRECATION") // ShadowRoleManager.removeHeldRole: the way to drop a role held by this app
    private fun withoutTheRole(phone: Phone) {
        phone.setUpFully()
        shadowOf(phone.app.getSystemService(RoleManager::class.java)).removeHeldRole(RoleManager.ROLE_CALL_SCREENING)
    }

    @Test
    fun aCallAndroidDidNotIdentifyGivesTheMilderWarning() {
        val phone = Phone()
        withoutTheRole(phone)
        phone.phoneState(EXTRA_STATE_RINGING)
        phone.now += 5_000
        phone.phoneState(EXTRA_STATE_OFFHOOK)
        phone.now += 40_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", null, "incoming", "unknown", "cellular", T0)
            core.onCall("answered", null, "incoming", "unknown", "cellular", T0 + 5_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 45_000)
        }
        assertEquals("medium", reference.getString("level"))
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
        val window = phone.overlays().single()
        assertEquals(phone.app.getString(R.string.level_medium), window.findViewById<TextView>(R.id.warning_level)!!.text.toString())
        assertEquals(View.GONE, window.findViewById<TextView>(R.id.warning_caller)!!.visibility)
    }

    @Test
    fun statusScreenSaysProtectionIsReducedAndHowToFixIt() {
        val phone = Phone()
        withoutTheRole(phone)
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        phone.settle()
        val status = activity.findViewById<TextView>(R.id.main_status)!!.text.toString()
        assertEquals(activity.getString(R.string.status_reduced_identity, activity.getString(R.string.check_screening)), status)
    }

    /** Android 9's way (and 10+ for a person who granted the call log elsewhere): the number comes with the state. */
    @Test
    fun theNumberFromTheCallLogIdentifiesTheCaller() {
        val phone = Phone()
        withoutTheRole(phone)
        phone.grant(Manifest.permission.READ_CALL_LOG)
        phone.phoneState(EXTRA_STATE_RINGING, CALLER) // the number comes with the call log
        phone.now += 5_000
        phone.phoneState(EXTRA_STATE_OFFHOOK, CALLER)
        phone.now += 40_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 5_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 45_000)
        }
        assertEquals("high", reference.getString("level"))
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
    }

    /** With the call log, Android 9+ sends each state twice, with the number and without, in either order. */
    @Test
    fun theNumberedCopyOfABlankBroadcastNamesTheCaller() {
        val phone = Phone()
        withoutTheRole(phone)
        phone.grant(Manifest.permission.READ_CALL_LOG)
        phone.phoneState(EXTRA_STATE_RINGING)
        phone.phoneState(EXTRA_STATE_RINGING, CALLER)
        phone.now += 5_000
        phone.phoneState(EXTRA_STATE_OFFHOOK, CALLER)
        phone.phoneState(EXTRA_STATE_OFFHOOK)
        phone.now += 40_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val window = phone.overlays().single()
        assertEquals(phone.app.getString(R.string.level_high), window.findViewById<TextView>(R.id.warning_level)!!.text.toString())
        assertEquals(View.VISIBLE, window.findViewById<TextView>(R.id.warning_caller)!!.visibility)
        assertTrue(window.findViewById<TextView>(R.id.warning_caller)!!.text.contains(CALLER))
    }
}
