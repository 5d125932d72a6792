package kz.smsguard

import android.widget.LinearLayout
import android.widget.ScrollView
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Pictures
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.HistoryActivity
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.annotation.Config
import org.robolectric.annotation.GraphicsMode

/**
 * Draws "What happened" the morning after a scam — the 1414 code during a stranger's call, then
 * the follow-up caller hours later — into docs/history-{kk,ru,en}.png for README.
 */
@RunWith(SmsGuardTestRunner::class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
class HistoryPicturesTest {
    @Test @Config(qualifiers = "kk-w360dp-h720dp-hdpi")
    fun kazakh() = render("kk")

    @Test @Config(qualifiers = "ru-w360dp-h720dp-hdpi")
    fun russian() = render("ru")

    @Test @Config(qualifiers = "en-w360dp-h720dp-hdpi")
    fun english() = render("en")

    private fun render(lang: String) {
        val phone = Phone()
        phone.codeThenFollowUp("+77015550177")

        val activity = Robolectric.buildActivity(HistoryActivity::class.java, HistoryActivity.intent(phone.app)).setup().get()
        phone.settle()
        assertEquals(2, activity.findViewById<LinearLayout>(R.id.history_list)!!.childCount)
        Pictures.save(Pictures.drawWhole(activity.findViewById<ScrollView>(R.id.history_root)!!.getChildAt(0)), "history-$lang.png")
    }
}
