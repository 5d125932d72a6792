package kz.smsguard

import android.Manifest
import android.app.Activity
import android.app.Notification
import android.app.NotificationManager
import android.content.ContentProvider
import android.content.ContentValues
import android.content.Intent
import android.database.Cursor
import android.database.MatrixCursor
import android.net.Uri
import android.provider.ContactsContract
import android.telephony.SmsManager
import android.telephony.SubscriptionManager
import android.telephony.TelephonyManager
import android.widget.Button
import android.widget.RadioButton
import android.widget.Switch
import kz.smsguard.guard.Guard
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_CODE
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.trusted.TrustedPerson
import kz.smsguard.ui.TrustedPersonActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.shadows.ShadowSubscriptionManager

/**
 * The trusted person: chosen from the contacts app, told on a critical moment (or a high one, by
 * choice) with the real core's message in the language the person picked — never the code —
 * opened in the SMS app for one tap, or sent at once when the person turned that on and Android
 * granted SEND_SMS.
 */
@RunWith(SmsGuardTestRunner::class)
class TrustedPersonTest {
    @Test
    @Config(qualifiers = "ru")
    fun chosenFromContactsAndToldInTheirLanguageOnACriticalMoment() {
        val phone = Phone()
        Robolectric.buildContentProvider(PickedContact::class.java).create(ContactsContract.AUTHORITY)
        val activity = Robolectric.buildActivity(TrustedPersonActivity::class.java, TrustedPersonActivity.intent(phone.app)).setup().get()
        activity.findViewById<RadioButton>(R.id.trusted_lang_kk)!!.isChecked = true
        activity.findViewById<Button>(R.id.trusted_pick)!!.performClick()
        val pick = shadowOf(activity).nextStartedActivityForResult
        assertEquals(Intent.ACTION_PICK, pick.intent.action)
        assertEquals(ContactsContract.CommonDataKinds.Phone.CONTENT_URI, pick.intent.data)
        shadowOf(activity).receiveResult(pick.intent, Activity.RESULT_OK, Intent().setData(PICKED))
        val choice = TrustedPerson.choice(phone.app)!!
        assertEquals("Әже", choice.name)
        assertEquals(TRUSTED, choice.number)
        assertEquals("the message in the language the person picked, not the app's", "kk", choice.lang)

        criticalMoment(phone)
        val told = trustedNotification(phone)
        assertNotNull("the trusted person is one tap away", told)
        told!!
        assertEquals("Сообщить: Әже? Сообщение готово.", told.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
        val compose = shadowOf(told.contentIntent).savedIntent
        assertEquals(Intent.ACTION_SENDTO, compose.action)
        assertEquals(Uri.fromParts("smsto", TRUSTED, null), compose.data)
        val message = compose.getStringExtra("sms_body")!!
        assertEquals(coreMessage("kk").replace("{name}", "осы телефонның иесі"), message)
        assertTrue(message, message.contains("1414") && message.any { it in "әғқңөұүһі" })
        assertFalse("never the code: $message", message.contains(EGOV_CODE))
        assertNull("nothing sent without the person's choice", sentSms(phone))
    }

    @Test
    @Config(qualifiers = "en")
    fun sentAtOnceWhenChosenAndSendSmsGranted() {
        val phone = Phone()
        phone.grant(Manifest.permission.SEND_SMS)
        ShadowSubscriptionManager.setDefaultSmsSubscriptionId(SIM)
        TrustedPerson.save(phone.app, TrustedPerson.Choice("Aigerim", TRUSTED, ownName = "Dana", lang = "en", alsoHigh = false, autoSend = true))
        criticalMoment(phone)

        val sent = sentSms(phone)
        assertNotNull("sent without asking", sent)
        assertEquals(TRUSTED, sent!!.destinationAddress)
        val text = sent.parts.joinToString("")
        assertEquals(coreMessage("en").replace("{name}", "Dana"), text)
        assertTrue(text, text.startsWith("SMS Guard: Dana may be talking to a scammer right now"))
        assertFalse(text.contains(EGOV_CODE))
        assertEquals("Message sent to Aigerim", trustedNotification(phone)!!.extras.getCharSequence(Notification.EXTRA_TITLE).toString())

        // One scam is one alert: the next critical moment minutes later sends nothing more.
        val before = sent
        phone.now += 5 * 60_000
        phone.sms(Pdus.ucs2("Kaspi.kz", "Kaspi.kz: код подтверждения 7733. Никому не сообщайте."))
        assertTrue(before === sentSms(phone))
    }

    /** "Send without asking", but no default SIM for SMS ("ask every time"): opened in the SMS app, where the person picks one. */
    @Test
    @Config(qualifiers = "en")
    fun withoutADefaultSimTheMessageIsOpenedInstead() {
        val phone = Phone()
        phone.grant(Manifest.permission.SEND_SMS)
        ShadowSubscriptionManager.setDefaultSmsSubscriptionId(SubscriptionManager.INVALID_SUBSCRIPTION_ID)
        TrustedPerson.save(phone.app, TrustedPerson.Choice("Aigerim", TRUSTED, ownName = "Dana", lang = "en", alsoHigh = false, autoSend = true))
        criticalMoment(phone)
        assertNull(sentSms(phone))
        assertEquals("Tell Aigerim? The message is ready.", trustedNotification(phone)!!.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
    }

    /** "Send without asking" saved, but SEND_SMS revoked since: the message is opened instead, never lost. */
    @Test
    @Config(qualifiers = "en")
    fun withoutSendSmsTheMessageIsOpenedInstead() {
        val phone = Phone()
        phone.deny(Manifest.permission.SEND_SMS)
        ShadowSubscriptionManager.setDefaultSmsSubscriptionId(SIM)
        TrustedPerson.save(phone.app, TrustedPerson.Choice("Aigerim", TRUSTED, ownName = "", lang = "ru", alsoHigh = false, autoSend = true))
        criticalMoment(phone)
        assertNull(sentSms(phone))
        val told = trustedNotification(phone)!!
        assertEquals("Tell Aigerim? The message is ready.", told.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
        val message = shadowOf(told.contentIntent).savedIntent.getStringExtra("sms_body")!!
        assertEquals(coreMessage("ru").replace("{name}", "владелец этого телефона"), message)
    }

    /** A high moment (a stranger, not yet reported) tells the trusted person only when the person chose so. */
    @Test
    @Config(qualifiers = "ru")
    fun highMomentsOnlyByChoice() {
        val phone = Phone()
        TrustedPerson.save(phone.app, TrustedPerson.Choice("Аня", TRUSTED, ownName = "Дана", lang = "ru", alsoHigh = false, autoSend = false))
        codeDuringCall(phone)
        assertNull("high: not by default", trustedNotification(phone))

        val other = Phone()
        TrustedPerson.save(other.app, TrustedPerson.Choice("Аня", TRUSTED, ownName = "Дана", lang = "ru", alsoHigh = true, autoSend = false))
        other.now += 3_600_000
        codeDuringCall(other, start = other.now)
        val message = shadowOf(trustedNotification(other)!!.contentIntent).savedIntent.getStringExtra("sms_body")!!
        assertTrue(message, message.startsWith("SMS Guard: возможно, Дана прямо сейчас говорит с мошенником"))
        assertFalse(message.contains(EGOV_CODE))
    }

    /** The "send without asking" switch asks for SEND_SMS, and a refusal turns it off again. */
    @Test
    @Config(qualifiers = "en")
    fun refusingSendSmsLeavesTheSwitchOff() {
        val phone = Phone()
        val activity = Robolectric.buildActivity(TrustedPersonActivity::class.java, TrustedPersonActivity.intent(phone.app)).setup().get()
        val auto = activity.findViewById<Switch>(R.id.trusted_auto_send)!!
        auto.isChecked = true
        val asked = shadowOf(activity).lastRequestedPermission
        assertTrue(asked.requestedPermissions.contains(Manifest.permission.SEND_SMS))
        activity.onRequestPermissionsResult(asked.requestCode, asked.requestedPermissions, intArrayOf(android.content.pm.PackageManager.PERMISSION_DENIED))
        assertFalse(auto.isChecked)
    }

    /** A reported number calls and the 1414 code arrives while it is on the line: critical. */
    private fun criticalMoment(phone: Phone) {
        assertTrue(Guard.reportAdd(phone.app, CALLER, null))
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals("critical", lastLevel(phone))
    }

    private fun codeDuringCall(phone: Phone, start: Long = T0) {
        phone.now = start
        phone.unknownCallAnswered()
        phone.now = start + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        phone.now = start + 120_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_IDLE)
    }

    /** The level of the warning on screen, as the core's history recorded it. */
    private fun lastLevel(phone: Phone): String =
        org.json.JSONObject(Guard.historyJson(phone.app)!!).getJSONArray("moments").getJSONObject(0).getString("level")

    /** The trusted message the core wrote for the critical moment, in [lang], `{name}` still in it. */
    private fun coreMessage(lang: String): String = Phone.coreVerdict { core ->
        core.reportAdd(CALLER, null, T0 - 1_000)
        core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
        core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
        core.onSms("1414", EGOV_SMS, 0L, T0 + 90_000)
    }.getJSONObject("warning").getJSONObject("trusted").getString(lang)

    /** The last SMS the app handed to the default SMS SIM. */
    private fun sentSms(phone: Phone) =
        shadowOf(phone.app.getSystemService(SmsManager::class.java)!!.createForSubscriptionId(SIM)).lastSentMultipartTextMessageParams

    private fun trustedNotification(phone: Phone): Notification? =
        shadowOf(phone.app.getSystemService(NotificationManager::class.java)).getNotification(TrustedPerson.NOTIFICATION_ID)

    /** The contacts app's answer to the picker: the one phone row the person chose. */
    class PickedContact : ContentProvider() {
        override fun onCreate() = true
        override fun query(uri: Uri, projection: Array<out String>?, selection: String?, args: Array<out String>?, order: String?): Cursor? {
            if (uri != PICKED) return null
            val columns = projection ?: arrayOf(ContactsContract.CommonDataKinds.Phone.DISPLAY_NAME, ContactsContract.CommonDataKinds.Phone.NUMBER)
            return MatrixCursor(columns).apply {
                addRow(columns.map { if (it == ContactsContract.CommonDataKinds.Phone.NUMBER) TRUSTED else "Әже" })
            }
        }
        override fun getType(uri: Uri): String? = null
        override fun insert(uri: Uri, values: ContentValues?): Uri? = null
        override fun delete(uri: Uri, selection: String?, args: Array<out String>?) = 0
        override fun update(uri: Uri, values: ContentValues?, selection: String?, args: Array<out String>?) = 0
    }

    private companion object {
        const val TRUSTED = "+77015550155"
        const val SIM = 1
        val PICKED: Uri = Uri.withAppendedPath(ContactsContract.CommonDataKinds.Phone.CONTENT_URI, "42")
    }
}
