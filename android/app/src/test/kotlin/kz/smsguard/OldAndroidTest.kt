package kz.smsguard

import android.Manifest
import android.app.NotificationManager
import android.content.ComponentName
import android.os.Build
import android.os.PowerManager
import android.provider.Settings
import android.telephony.TelephonyManager.EXTRA_STATE_IDLE
import android.telephony.TelephonyManager.EXTRA_STATE_OFFHOOK
import android.telephony.TelephonyManager.EXTRA_STATE_RINGING
import android.widget.TextView
import kz.smsguard.notify.NotificationWatcher
import kz.smsguard.setup.Checklist
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/**
 * The oldest Androids the app supports, on their own framework (every other shell test runs on
 * the target SDK's, some with SDK_INT changed): Android 8.0 (API 26, minSdk) and 9 (API 28).
 * There is no call-screening role before Android 10, so the caller's number comes with
 * PHONE_STATE: on Android 8 with READ_PHONE_STATE, on Android 9 only with READ_CALL_LOG
 * (developer.android.com, Android 9 behaviour changes, "Restricted access to call logs";
 * TelephonyManager.EXTRA_INCOMING_NUMBER). No POST_NOTIFICATIONS (33) and no full-screen
 * permission (34) to ask for either.
 */
@RunWith(SmsGuardTestRunner::class)
@Config(qualifiers = "en")
class OldAndroidTest {
    /** Everything the checklist asks for on these versions, granted. */
    private fun setUp(phone: Phone, vararg more: String) {
        phone.grant(Manifest.permission.READ_CONTACTS, *more)
        val listener = ComponentName(phone.app, NotificationWatcher::class.java)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O_MR1) {
            shadowOf(phone.app.getSystemService(NotificationManager::class.java)).setNotificationListenerAccessGranted(listener, true)
        } else {
            // Android 8.0 has no isNotificationListenerAccessGranted: the grant is this secure
            // setting, as Settings' notification-access screen writes it.
            Settings.Secure.putString(phone.app.contentResolver, "enabled_notification_listeners", listener.flattenToString())
        }
        shadowOf(phone.app.getSystemService(PowerManager::class.java)).setIgnoringBatteryOptimizations(phone.app.packageName, true)
    }

    /**
     * The seed story on the phone — a stranger rings, the person answers, the 1414 code comes —
     * shows the warning the core gives for the same events at [level], names the caller when
     * Android gave the number, and posts the notification too.
     */
    private fun assertTheScamWarns(phone: Phone, number: String?, contact: String, level: String) {
        phone.phoneState(EXTRA_STATE_RINGING, number)
        phone.now += 5_000
        phone.phoneState(EXTRA_STATE_OFFHOOK, number)
        phone.now += 40_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val expected = Phone.coreVerdict { core ->
            core.onCall("start", number, "incoming", contact, "cellular", T0)
            core.onCall("answered", number, "incoming", contact, "cellular", T0 + 5_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 45_000)
        }
        assertEquals(level, expected.getString("level"))
        assertEquals(expected.getJSONObject("warning").getString("en"), phone.overlayText())
        number?.let { assertTrue(phone.overlays().single().findViewById<TextView>(R.id.warning_caller)!!.text.contains(it)) }
        assertNotNull("the notification is posted as well", phone.warningNotification())
        phone.phoneState(EXTRA_STATE_IDLE)
    }

    private fun checklistKeys(phone: Phone) = Checklist.items(phone.app).map { it.key }

    /** The status line of the main screen, as the person opening the app reads it. */
    private fun statusShown(phone: Phone): String {
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        phone.settle()
        return activity.findViewById<TextView>(R.id.main_status)!!.text.toString()
    }

    @Test
    @Config(sdk = [Build.VERSION_CODES.O])
    fun android8WarnsOfACodeDuringAStrangersCallWithTheCallersNumber() {
        val phone = Phone()
        setUp(phone)
        assertTheScamWarns(phone, CALLER, "no", "high")
    }

    @Test
    @Config(sdk = [Build.VERSION_CODES.O])
    fun android8ChecklistAsksForNeitherTheRoleNorTheCallLog() {
        val phone = Phone()
        setUp(phone)
        val keys = checklistKeys(phone)
        assertFalse(keys.toString(), Checklist.SCREENING in keys)
        assertFalse(keys.toString(), Checklist.CALL_LOG in keys)
        assertTrue(keys.toString(), Checklist.PHONE in keys)
        val missing = Checklist.items(phone.app).filter { it.required && it.known && !it.ok }.map { it.key }
        assertEquals("everything is granted", emptyList<String>(), missing)
        assertEquals(phone.app.getString(R.string.status_ready), statusShown(phone))
    }

    @Test
    @Config(sdk = [Build.VERSION_CODES.P])
    fun android9AsksForTheCallLogAndSaysProtectionIsReducedWithoutIt() {
        val phone = Phone()
        setUp(phone)
        val keys = checklistKeys(phone)
        assertTrue(keys.toString(), Checklist.CALL_LOG in keys)
        assertFalse(keys.toString(), Checklist.SCREENING in keys)
        val callLog = Checklist.items(phone.app).single { it.key == Checklist.CALL_LOG }
        assertFalse(callLog.ok)
        assertEquals(
            phone.app.getString(R.string.status_reduced_identity, phone.app.getString(R.string.check_call_log)),
            statusShown(phone),
        )

        phone.grant(Manifest.permission.READ_CALL_LOG)
        assertTrue(Checklist.items(phone.app).single { it.key == Checklist.CALL_LOG }.ok)
    }

    /** Without the call log Android 9 gives no number: identity unknown, the milder warning. */
    @Test
    @Config(sdk = [Build.VERSION_CODES.P])
    fun android9WithoutTheCallLogStillWarnsMilder() {
        val phone = Phone()
        setUp(phone)
        assertTheScamWarns(phone, null, "unknown", "medium")
    }

    @Test
    @Config(sdk = [Build.VERSION_CODES.P])
    fun android9WithTheCallLogWarnsHighAndNamesTheCaller() {
        val phone = Phone()
        setUp(phone, Manifest.permission.READ_CALL_LOG)
        assertTheScamWarns(phone, CALLER, "no", "high")
    }
}
