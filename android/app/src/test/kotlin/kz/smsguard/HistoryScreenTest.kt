package kz.smsguard

import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import java.io.File
import kz.smsguard.guard.Guard
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_CODE
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.HistoryActivity
import kz.smsguard.ui.ReportsActivity
import org.json.JSONObject
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.android.controller.ActivityController
import org.robolectric.annotation.Config

/**
 * "What happened": the warnings the real core kept, as a person reads them after a scam — the
 * code moment and the follow-up caller the next morning, newest first, in the app's language, with
 * "Report this number" on each, and never the code.
 */
@RunWith(SmsGuardTestRunner::class)
class HistoryScreenTest {
    @Test
    @Config(qualifiers = "kk")
    fun kazakh() = showsWhatHappened("kk", high = "Қауіпті")

    @Test
    @Config(qualifiers = "ru")
    fun russian() = showsWhatHappened("ru", high = "Опасно")

    @Test
    @Config(qualifiers = "en")
    fun english() = showsWhatHappened("en", high = "Danger")

    private fun showsWhatHappened(lang: String, high: String) {
        val phone = Phone()
        scamThenFollowUp(phone)

        val controller = open(phone)
        val rows = rows(controller)
        assertEquals("the code moment and the follow-up call", 2, rows.size)
        val shown = rows.joinToString("\n") { text(it) }
        assertFalse("the code is never shown: $shown", shown.contains(EGOV_CODE))
        assertFalse("the SMS is never shown: $shown", shown.contains("eGov:"))

        // Newest first: the follow-up caller, then the code that arrived during the first call.
        val kept = JSONObject(Guard.historyJson(phone.app)!!).getJSONArray("moments")
        val (followUp, code) = rows
        assertEquals(kept.getJSONObject(0).getJSONObject("summary").getString(lang), summary(followUp))
        assertEquals(kept.getJSONObject(1).getJSONObject("summary").getString(lang), summary(code))
        assertTrue(text(code), text(code).contains(high))
        assertTrue(text(code), text(code).contains("1414") && text(code).contains(CALLER))
        assertTrue(text(followUp), text(followUp).contains(SECOND))
        when (lang) {
            "kk" -> assertTrue(shown, summary(code).any { it in "әғқңөұүһі" })
            "ru" -> assertTrue(shown, summary(code).any { it in 'а'..'я' } && summary(code).none { it in "әғқңөұүһі" })
            "en" -> assertTrue(shown, summary(code).none { it in 'а'..'я' })
        }

        // "Report this number" on the follow-up opens the report screen with its number.
        val report = followUp.findViewById<Button>(R.id.moment_report)!!
        assertEquals(View.VISIBLE, report.visibility)
        report.performClick()
        val started = shadowOf(controller.get()).nextStartedActivity
        assertEquals(ReportsActivity::class.java.name, started.component!!.className)
        assertEquals(SECOND, started.getStringExtra(ReportsActivity.EXTRA_NUMBER))

        // Back from reporting it: the moment says so, and its button is gone.
        Guard.reportAdd(phone.app, SECOND, null)
        controller.pause().resume()
        phone.settle()
        val again = rows(controller)
        assertEquals(View.GONE, again[0].findViewById<Button>(R.id.moment_report)!!.visibility)
        assertTrue(text(again[0]), text(again[0]).contains(controller.get().getString(R.string.history_reported)))
        assertEquals(View.VISIBLE, again[1].findViewById<Button>(R.id.moment_report)!!.visibility)
    }

    @Test
    @Config(qualifiers = "en")
    fun noWarningsYetIsSaid() {
        val phone = Phone()
        val activity = open(phone).get()
        assertEquals(View.VISIBLE, activity.findViewById<TextView>(R.id.history_empty)!!.visibility)
        assertEquals("No warnings yet.", activity.findViewById<TextView>(R.id.history_empty)!!.text.toString())
        assertEquals(View.GONE, activity.findViewById<TextView>(R.id.history_damaged)!!.visibility)
    }

    /** A history file damaged on disk: every readable moment is still listed, and the screen says part is missing. */
    @Test
    @Config(qualifiers = "ru")
    fun aDamagedHistoryShowsWhatCouldBeRead() {
        val phone = Phone()
        scamThenFollowUp(phone)
        phone.newProcess()
        val file = File(Guard.stateDir(phone.app), "history.log")
        assertTrue(file.exists())
        file.appendBytes("{\"t\":\"moment\",\"ts\":1\u00ff and garbage\n".toByteArray())

        val controller = open(phone)
        assertEquals(2, rows(controller).size)
        val damaged = controller.get().findViewById<TextView>(R.id.history_damaged)!!
        assertEquals(View.VISIBLE, damaged.visibility)
        assertEquals("Часть истории не удалось прочитать. Ниже показано всё, что удалось прочитать.", damaged.text.toString())
    }

    private fun scamThenFollowUp(phone: Phone) {
        phone.codeThenFollowUp(SECOND)
        assertTrue("the follow-up call is flagged while it rings", phone.overlays().isNotEmpty())
    }

    private fun open(phone: Phone): ActivityController<HistoryActivity> {
        val controller = Robolectric.buildActivity(HistoryActivity::class.java, HistoryActivity.intent(phone.app)).setup()
        phone.settle()
        return controller
    }

    private fun rows(controller: ActivityController<HistoryActivity>): List<View> {
        val list = controller.get().findViewById<LinearLayout>(R.id.history_list)!!
        return (0 until list.childCount).map { list.getChildAt(it) }
    }

    private fun summary(row: View) = row.findViewById<TextView>(R.id.moment_summary)!!.text.toString()

    private fun text(row: View) = listOf(R.id.moment_when, R.id.moment_summary, R.id.moment_who)
        .joinToString("\n") { row.findViewById<TextView>(it)!!.text.toString() }

    private companion object {
        const val SECOND = "+77015550177"
    }
}
