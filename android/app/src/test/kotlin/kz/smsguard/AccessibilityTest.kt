package kz.smsguard

import android.view.View
import android.view.WindowManager
import android.widget.TextView
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.annotation.Config

/**
 * TalkBack: the warning window is a pane with a title in the app's language (announced when it
 * appears) and its headline is an assertive live region; the window's own title is translated too.
 */
@RunWith(SmsGuardTestRunner::class)
class AccessibilityTest {
    private fun warn(): View {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        return phone.overlays().single()
    }

    private fun announced(window: View, title: String) {
        assertEquals(title, window.accessibilityPaneTitle.toString())
        assertEquals(title, (window.layoutParams as WindowManager.LayoutParams).title.toString())
        assertEquals(View.ACCESSIBILITY_LIVE_REGION_ASSERTIVE, window.findViewById<TextView>(R.id.warning_headline)!!.accessibilityLiveRegion)
    }

    @Test @Config(qualifiers = "kk")
    fun kazakh() = announced(warn(), "SMS Guard ескертуі")

    @Test @Config(qualifiers = "ru")
    fun russian() = announced(warn(), "Предупреждение SMS Guard")

    @Test @Config(qualifiers = "en")
    fun english() = announced(warn(), "Warning from SMS Guard")
}
