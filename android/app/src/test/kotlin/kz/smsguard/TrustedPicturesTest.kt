package kz.smsguard

import android.app.Notification
import android.app.NotificationManager
import android.widget.Button
import android.widget.EditText
import android.widget.RadioButton
import android.widget.ScrollView
import android.widget.TextView
import kz.smsguard.guard.Guard
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_CODE
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.Pictures
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.trusted.TrustedPerson
import kz.smsguard.ui.TrustedPersonActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * Draws the trusted person for README, in each language:
 * - docs/trusted-{kk,ru,en}.png: the screen filled in and saved (a grandmother's number, the
 *   person's own name, the message in the app's language);
 * - docs/trusted-message-{kk,ru,en}.png: what follows a critical moment (a reported number calls
 *   and the 1414 code arrives): the notification the app really posted, "Tell …? The message is
 *   ready." with the core's message and "Open the message" (see [Pictures.drawNotification]).
 */
@RunWith(SmsGuardTestRunner::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class TrustedPicturesTest {
    @Test @Config(qualifiers = "kk-w360dp-h720dp-hdpi")
    fun kazakh() = render("kk", trusted = "Әже", own = "Дана")

    @Test @Config(qualifiers = "ru-w360dp-h720dp-hdpi")
    fun russian() = render("ru", trusted = "Бабушка", own = "Дана")

    @Test @Config(qualifiers = "en-w360dp-h720dp-hdpi")
    fun english() = render("en", trusted = "Grandma", own = "Dana")

    private fun render(lang: String, trusted: String, own: String) {
        val phone = Phone()
        val activity = Robolectric.buildActivity(TrustedPersonActivity::class.java, TrustedPersonActivity.intent(phone.app)).setup().get()
        activity.findViewById<EditText>(R.id.trusted_name)!!.setText(trusted)
        activity.findViewById<EditText>(R.id.trusted_number)!!.setText(NUMBER)
        activity.findViewById<EditText>(R.id.trusted_own_name)!!.setText(own)
        assertTrue("the app's language is picked for the message", activity.findViewById<RadioButton>(LANG_IDS.getValue(lang))!!.isChecked)
        activity.findViewById<Button>(R.id.trusted_save)!!.performClick()
        phone.settle()
        assertEquals(activity.getString(R.string.trusted_saved), activity.findViewById<TextView>(R.id.trusted_message)!!.text.toString())
        assertEquals(lang, TrustedPerson.choice(phone.app)!!.lang)
        Pictures.save(Pictures.drawWhole(activity.findViewById<ScrollView>(R.id.trusted_root)!!.getChildAt(0)), "trusted-$lang.png")

        // A reported number calls and the 1414 code arrives while it is on the line: critical.
        assertTrue(Guard.reportAdd(phone.app, CALLER, null))
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val told = shadowOf(phone.app.getSystemService(NotificationManager::class.java)).getNotification(TrustedPerson.NOTIFICATION_ID)!!
        assertEquals(activity.getString(R.string.trusted_prompt, trusted), told.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
        val message = told.extras.getCharSequence(Notification.EXTRA_BIG_TEXT).toString()
        assertTrue(message, message.contains(own) && message.contains("1414"))
        assertFalse("never the code: $message", message.contains(EGOV_CODE))
        Pictures.save(Pictures.drawNotification(phone.app, told), "trusted-message-$lang.png")
    }

    private companion object {
        const val NUMBER = "+77015550155"
        val LANG_IDS = mapOf("kk" to R.id.trusted_lang_kk, "ru" to R.id.trusted_lang_ru, "en" to R.id.trusted_lang_en)
    }
}
