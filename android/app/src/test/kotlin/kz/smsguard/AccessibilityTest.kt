package kz.smsguard

import android.view.View
import android.view.WindowManager
import android.widget.TextView
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import android.view.accessibility.AccessibilityEvent
import android.view.accessibility.AccessibilityManager
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
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

    /** With TalkBack on, the window's appearance reaches the accessibility service as an event. */
    @Test @Config(qualifiers = "kk")
    fun theAppearingWarningIsSentToTalkBack() {
        val manager = RuntimeEnvironment.getApplication().getSystemService(AccessibilityManager::class.java)
        shadowOf(manager).setEnabled(true)
        shadowOf(manager).setTouchExplorationEnabled(true)
        warn()
        val events = shadowOf(manager).sentAccessibilityEvents
        // The pane (the window's root, which carries the pane title) reports its new content.
        val fromPane = events.filter { e ->
            (e.eventType == AccessibilityEvent.TYPE_WINDOW_STATE_CHANGED || e.eventType == AccessibilityEvent.TYPE_WINDOW_CONTENT_CHANGED) &&
                e.className == android.widget.ScrollView::class.java.name
        }
        assertTrue(events.map { AccessibilityEvent.eventTypeToString(it.eventType) }.toString(), fromPane.isNotEmpty())
    }

    @Test @Config(qualifiers = "kk")
    fun kazakh() = announced(warn(), "SMS Guard ескертуі")

    @Test @Config(qualifiers = "ru")
    fun russian() = announced(warn(), "Предупреждение SMS Guard")

    @Test @Config(qualifiers = "en")
    fun english() = announced(warn(), "Warning from SMS Guard")
}
