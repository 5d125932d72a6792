package kz.smsguard

import android.app.Notification
import android.app.NotificationManager
import android.telephony.TelephonyManager
import android.widget.EditText
import kz.smsguard.guard.Guard
import kz.smsguard.report.ReportQuestion
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_CODE
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.ReportsActivity
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

/**
 * After a stranger's call during which a code arrived, the phone asks "Did this caller ask for a
 * code?"; one tap reports the number with the real core's note, in the app's language.
 */
@RunWith(SmsGuardTestRunner::class)
class AfterCallQuestionTest {
    @Test
    @Config(qualifiers = "kk")
    fun kazakh() = asksAndReportsOnOneTap("kk", title = "Қоңырау шалушы сізден код сұрады ма?", tap = "Иә, нөмірді белгілеу")

    @Test
    @Config(qualifiers = "ru")
    fun russian() = asksAndReportsOnOneTap("ru", title = "Звонивший просил у вас код?", tap = "Да, отметить номер")

    @Test
    @Config(qualifiers = "en")
    fun english() = asksAndReportsOnOneTap("en", title = "Did this caller ask for a code?", tap = "Yes, report the number")

    private fun asksAndReportsOnOneTap(lang: String, title: String, tap: String) {
        val phone = Phone()
        codeDuringAStrangersCall(phone)
        assertNull("no question while the call is on", question(phone))
        phone.now = T0 + 180_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_IDLE)

        val asked = question(phone)
        assertNotNull("the question after the call", asked)
        asked!!
        assertEquals(ReportQuestion.CHANNEL_ID, asked.channelId)
        assertEquals(title, asked.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
        val text = asked.extras.getCharSequence(Notification.EXTRA_BIG_TEXT).toString()
        assertTrue(text, text.contains(CALLER))
        assertFalse("the code is never in the question: $text", text.contains(EGOV_CODE))
        assertEquals("the number is hidden on the lock screen", Notification.VISIBILITY_PRIVATE, asked.visibility)
        val channel = phone.app.getSystemService(NotificationManager::class.java)!!.getNotificationChannel(ReportQuestion.CHANNEL_ID)
        assertEquals(NotificationManager.IMPORTANCE_HIGH, channel.importance)

        // The note the core wrote for this moment, in the app's language.
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 90_000)
            core.onCall("ended", CALLER, "incoming", "no", "cellular", T0 + 180_000)
        }
        val note = reference.getJSONObject("ask_report").getJSONObject("note").getString(lang)
        assertTrue(note, note.contains("1414"))

        // One tap: reported, with the note filled in, and the question says so.
        val action = asked.actions.single()
        assertEquals(tap, action.title.toString())
        action.actionIntent.send()
        phone.settle()
        val reported = Guard.reports(phone.app).single()
        assertEquals(CALLER, reported.number)
        assertEquals(note, reported.note)
        val answer = question(phone)!!
        assertEquals(phone.app.getString(R.string.question_reported, CALLER), answer.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
        assertTrue("no second tap to report again", answer.actions.isNullOrEmpty())

        // The next call from that number is flagged as reported.
        phone.now = T0 + 3_600_000
        phone.screen(CALLER)
        phone.phoneState(TelephonyManager.EXTRA_STATE_RINGING)
        assertEquals(1, phone.overlays().size)
    }

    /** Tapping the question itself opens the report screen with the number and the note, to change the note first. */
    @Test
    @Config(qualifiers = "ru")
    fun tappingTheQuestionOpensTheReportScreenFilledIn() {
        val phone = Phone()
        codeDuringAStrangersCall(phone)
        phone.now = T0 + 180_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_IDLE)
        val opened = shadowOf(question(phone)!!.contentIntent).savedIntent
        assertEquals(ReportsActivity::class.java.name, opened.component!!.className)
        val screen = Robolectric.buildActivity(ReportsActivity::class.java, opened).setup().get()
        assertEquals(CALLER, screen.findViewById<EditText>(R.id.reports_number)!!.text.toString())
        val note = screen.findViewById<EditText>(R.id.reports_note)!!.text.toString()
        assertTrue(note, note.contains("1414") && !note.contains(EGOV_CODE))
        assertTrue("nothing reported before the person says so", Guard.reports(phone.app).isEmpty())
    }

    /** A stranger's call with no code during it, and a code during a contact's call: no question. */
    @Test
    fun noQuestionWithoutACodeOrFromAContact() {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now = T0 + 120_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_IDLE)
        assertNull("a stranger's call without a code", question(phone))

        // With the screening role, a call Android did not screen through us is a contact's.
        phone.setUpFully()
        phone.now = T0 + 600_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_RINGING)
        phone.now += 5_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_OFFHOOK)
        phone.now += 60_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        phone.now += 60_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_IDLE)
        assertTrue(phone.notifications().none { it.channelId == ReportQuestion.CHANNEL_ID })
    }

    private fun codeDuringAStrangersCall(phone: Phone) {
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals("warned during the call", 1, phone.overlays().size)
    }

    private fun question(phone: Phone): Notification? =
        shadowOf(phone.app.getSystemService(NotificationManager::class.java)).getNotification(CALLER, ReportQuestion.NOTIFICATION_ID)
}
