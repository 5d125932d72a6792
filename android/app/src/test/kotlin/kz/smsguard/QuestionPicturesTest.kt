package kz.smsguard

import android.app.Notification
import android.app.NotificationManager
import android.telephony.TelephonyManager
import kz.smsguard.report.ReportQuestion
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_CODE
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.Pictures
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * Draws the question a person finds right after the stranger's call during which the 1414 code
 * arrived — "Did this caller ask for a code?" with "Yes, report the number" — into
 * docs/question-{kk,ru,en}.png for README: the notification the app really posted, drawn through
 * the platform's own notification template (see [Pictures.drawNotification]).
 */
@RunWith(SmsGuardTestRunner::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class QuestionPicturesTest {
    @Test @Config(qualifiers = "kk-w360dp-h720dp-hdpi")
    fun kazakh() = render("kk")

    @Test @Config(qualifiers = "ru-w360dp-h720dp-hdpi")
    fun russian() = render("ru")

    @Test @Config(qualifiers = "en-w360dp-h720dp-hdpi")
    fun english() = render("en")

    private fun render(lang: String) {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        phone.now = T0 + 180_000
        phone.phoneState(TelephonyManager.EXTRA_STATE_IDLE)

        val question = shadowOf(phone.app.getSystemService(NotificationManager::class.java)).getNotification(CALLER, ReportQuestion.NOTIFICATION_ID)
        assertNotNull("the question after the call", question)
        val text = question!!.extras.getCharSequence(Notification.EXTRA_BIG_TEXT).toString()
        assertFalse(text.contains(EGOV_CODE))
        Pictures.save(Pictures.drawNotification(phone.app, question), "question-$lang.png")
    }
}
