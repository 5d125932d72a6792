package kz.smsguard

import android.app.Activity
import android.content.Intent
import android.net.Uri
import android.widget.Button
import android.widget.EditText
import android.widget.LinearLayout
import android.widget.Switch
import android.widget.TextView
import java.io.File
import kz.smsguard.guard.Guard
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.ReportsActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf

/** The reported-numbers screen: pre-filled from a warning, add, remove, export and import via the file picker. */
@RunWith(SmsGuardTestRunner::class)
class ReportsActivityTest {
    @Test
    fun addsThePrefilledNumberAndRemovesIt() {
        val phone = Phone()
        val controller = Robolectric.buildActivity(ReportsActivity::class.java, ReportsActivity.intent(phone.app, CALLER)).setup()
        val activity = controller.get()
        assertEquals(CALLER, activity.findViewById<EditText>(R.id.reports_number)!!.text.toString())
        activity.findViewById<Button>(R.id.reports_add)!!.performClick()
        phone.settle()
        val list = activity.findViewById<LinearLayout>(R.id.reports_list)!!
        assertEquals(1, list.childCount)
        assertEquals(1, Guard.reports(phone.app).size)

        list.getChildAt(0).findViewById<Button>(R.id.report_remove)!!.performClick()
        phone.settle()
        assertEquals(0, list.childCount)
        assertTrue(Guard.reports(phone.app).isEmpty())
    }

    @Test
    fun blockSwitchIsThePersonsChoice() {
        val phone = Phone()
        val activity = Robolectric.buildActivity(ReportsActivity::class.java, ReportsActivity.intent(phone.app, null)).setup().get()
        val switch = activity.findViewById<Switch>(R.id.reports_block)!!
        assertEquals(false, switch.isChecked)
        switch.performClick()
        assertTrue(Preferences.blockReported(phone.app))
    }

    @Test
    fun exportsAndImportsThroughTheFilePicker() {
        val phone = Phone()
        Guard.reportAdd(phone.app, CALLER, "courier")
        val activity = Robolectric.buildActivity(ReportsActivity::class.java, ReportsActivity.intent(phone.app, null)).setup().get()
        phone.settle()

        activity.findViewById<Button>(R.id.reports_export)!!.performClick()
        val create = shadowOf(activity).nextStartedActivityForResult
        assertEquals(Intent.ACTION_CREATE_DOCUMENT, create.intent.action)
        val out = File.createTempFile("reports", ".csv")
        shadowOf(activity).receiveResult(create.intent, Activity.RESULT_OK, Intent().setData(Uri.fromFile(out)))
        phone.settle()
        assertTrue(out.readText().lines().first().startsWith("number"))
        assertTrue(out.readText().contains("courier"))
        // The person is told it worked (and no worker thread died on the way).
        assertEquals(activity.getString(R.string.reports_saved), activity.findViewById<TextView>(R.id.reports_message)!!.text.toString())

        val incoming = File.createTempFile("import", ".csv")
        incoming.writeText("number,reported_at,note\n+77025550202,1732526400000,Temu\nnot a number,,\n")
        activity.findViewById<Button>(R.id.reports_import)!!.performClick()
        val open = shadowOf(activity).nextStartedActivityForResult
        assertEquals(Intent.ACTION_OPEN_DOCUMENT, open.intent.action)
        shadowOf(activity).receiveResult(open.intent, Activity.RESULT_OK, Intent().setData(Uri.fromFile(incoming)))
        phone.settle()
        assertEquals(2, Guard.reports(phone.app).size)
        val message = activity.findViewById<TextView>(R.id.reports_message)!!.text.toString()
        assertEquals(activity.getString(R.string.reports_imported, 1, 0, 1), message)
    }
}
