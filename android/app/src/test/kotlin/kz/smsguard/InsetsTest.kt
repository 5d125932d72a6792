package kz.smsguard

import android.graphics.Insets
import android.view.View
import android.view.WindowInsets
import kz.smsguard.testing.Phone
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import kz.smsguard.ui.ReportsActivity
import kz.smsguard.ui.WarningActivity
import kz.smsguard.warn.Warning
import kz.smsguard.guard.Channel
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric

/**
 * Target SDK 36 draws every screen edge to edge: each pads its content by the status bar, the
 * navigation bar, a display cutout and the keyboard, so no button sits under a system bar.
 */
@RunWith(SmsGuardTestRunner::class)
class InsetsTest {
    private val bars = Insets.of(0, 84, 0, 126)
    private val keyboard = Insets.of(0, 0, 0, 700)

    private fun padsBy(root: View, bottomExtra: Insets? = null) {
        // The layout's own padding, whatever insets the test window gave at start.
        root.dispatchApplyWindowInsets(WindowInsets.Builder().setInsets(WindowInsets.Type.systemBars(), Insets.NONE).build())
        val base = listOf(root.paddingLeft, root.paddingTop, root.paddingRight, root.paddingBottom)
        val builder = WindowInsets.Builder().setInsets(WindowInsets.Type.systemBars(), bars)
        bottomExtra?.let { builder.setInsets(WindowInsets.Type.ime(), it).setVisible(WindowInsets.Type.ime(), true) }
        root.dispatchApplyWindowInsets(builder.build())
        assertEquals(base[1] + bars.top, root.paddingTop)
        assertEquals(base[3] + maxOf(bars.bottom, bottomExtra?.bottom ?: 0), root.paddingBottom)
        assertEquals(base[0], root.paddingLeft)
        // Insets change (rotation, keyboard closed): the padding follows instead of adding up.
        root.dispatchApplyWindowInsets(WindowInsets.Builder().setInsets(WindowInsets.Type.systemBars(), Insets.NONE).build())
        assertEquals(base, listOf(root.paddingLeft, root.paddingTop, root.paddingRight, root.paddingBottom))
    }

    @Test
    fun statusScreen() {
        Phone()
        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        padsBy(activity.findViewById(R.id.main_root)!!)
    }

    @Test
    fun reportsScreenAlsoMakesRoomForTheKeyboard() {
        val phone = Phone()
        val activity = Robolectric.buildActivity(ReportsActivity::class.java, ReportsActivity.intent(phone.app, null)).setup().get()
        padsBy(activity.findViewById(R.id.reports_root)!!, keyboard)
    }

    @Test
    fun warningScreen() {
        val phone = Phone()
        val warning = Warning("high", mapOf("en" to "text"), caller = null, channel = Channel.CELLULAR, headlines = mapOf("en" to "Stop!"))
        val activity = Robolectric.buildActivity(WarningActivity::class.java, WarningActivity.intent(phone.app, warning)).setup().get()
        padsBy(activity.findViewById(R.id.warning_root)!!)
    }
}
