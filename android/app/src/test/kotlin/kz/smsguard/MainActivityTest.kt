package kz.smsguard

import android.Manifest
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import kz.smsguard.testing.Phone
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.annotation.Config

/** The status screen lists what is missing in the person's language and shows a test warning. */
@RunWith(SmsGuardTestRunner::class)
class MainActivityTest {
    @Test
    @Config(qualifiers = "kk")
    fun checklistAndTestWarning() {
        val phone = Phone()
        phone.deny(Manifest.permission.READ_CONTACTS)
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        phone.settle()
        val rows = activity.findViewById<LinearLayout>(R.id.checklist)!!
        assertTrue(rows.childCount >= 7)
        val titles = (0 until rows.childCount).map { rows.getChildAt(it).findViewById<TextView>(R.id.check_title)!!.text.toString() }
        assertTrue(titles.toString(), titles.contains("Контактілер"))
        assertEquals(activity.getString(R.string.status_incomplete), activity.findViewById<TextView>(R.id.main_status)!!.text.toString())

        activity.findViewById<Button>(R.id.main_test_warning)!!.performClick()
        phone.settle()
        assertEquals(activity.getString(R.string.test_warning_text), phone.overlayText())
    }
}
