package kz.smsguard

import android.Manifest
import android.app.Notification
import android.content.Intent
import android.os.VibratorManager
import android.widget.Button
import android.widget.TextView
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Verdict
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.WarningActivity
import kz.smsguard.warn.WarningOverlay
import kz.smsguard.warn.WarningPresenter
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.shadows.ShadowSettings

/**
 * What happens around a warning on a real phone: a second one right behind it, the process
 * killed, the screen rotated, the phone locked and unlocked, permissions taken away, no vibrator,
 * the app's language changed. The warning must still reach the person and nothing may crash.
 */
@RunWith(SmsGuardTestRunner::class)
class WarningLifecycleTest {
    private fun warnDuringCall(phone: Phone) {
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
    }

    private fun present(phone: Phone, level: String, text: String, hold: Int) {
        WarningPresenter.present(
            phone.app,
            Verdict.parse("""{"level":"$level","warning":{"headline":{"en":"$level"},"en":"$text","ru":"$text","kk":"$text","hold_s":$hold}}""")!!,
        )
        phone.settle()
    }

    private fun overlayText(phone: Phone) = phone.overlayText()

    /** Two warnings back to back: one window (the newer), one notification, nothing leaked. */
    @Test
    @Config(qualifiers = "en")
    fun twoWarningsBackToBackLeaveOneWindowAndOneNotification() {
        val phone = Phone()
        present(phone, "high", "first", 8)
        present(phone, "high", "second", 8)
        assertEquals(1, phone.overlays().size)
        assertEquals("second", overlayText(phone))
        assertEquals(1, phone.notifications().count { it.channelId == "warnings" })
    }

    /**
     * A weaker warning arriving while a stronger one is still on screen (a delivery code during
     * the countdown of a critical one) must not replace it with a quieter one that can be waved
     * away at once.
     */
    @Test
    @Config(qualifiers = "en")
    fun aWeakerWarningDuringTheCountdownDoesNotDowngradeTheStrongerOne() {
        val phone = Phone()
        present(phone, "critical", "stronger", 15)
        phone.waitSeconds(3)
        present(phone, "low", "weaker", 0)
        assertEquals("the stronger warning stays", "stronger", overlayText(phone))
        val understood = phone.overlays().single().findViewById<Button>(R.id.warning_understood)!!
        assertFalse("its hold is not bypassed", understood.isEnabled)
        val title = phone.warningNotification()!!.extras.getCharSequence(Notification.EXTRA_TITLE).toString()
        assertEquals("critical", title)
    }

    /** A second warning of the same or a higher level during the countdown replaces the first. */
    @Test
    @Config(qualifiers = "en")
    fun aStrongerWarningDuringTheCountdownReplacesTheWeakerOne() {
        val phone = Phone()
        present(phone, "high", "first", 8)
        phone.waitSeconds(3)
        present(phone, "critical", "second", 15)
        assertEquals("second", overlayText(phone))
        val understood = phone.overlays().single().findViewById<Button>(R.id.warning_understood)!!
        assertEquals("I understand (15)", understood.text.toString())
        phone.waitSeconds(5)
        assertFalse("the first warning's countdown does not unlock the second", understood.isEnabled)
    }

    /**
     * Only a stronger warning in front of the person holds a weaker one back: a warning screen
     * left in the background (Home pressed) or a notification left in the shade does not, or the
     * newer code would get no window at all.
     */
    @Test
    @Config(qualifiers = "en")
    fun aStrongerWarningOutOfSightDoesNotHoldBackTheNextOne() {
        val phone = Phone()
        ShadowSettings.setCanDrawOverlays(false)
        present(phone, "critical", "stronger", 15)
        val intent = shadowOf(phone.warningNotification()!!.fullScreenIntent).savedIntent
        val screen = Robolectric.buildActivity(WarningActivity::class.java, intent).setup()
        screen.pause().stop() // Home: the screen is out of sight, its task in the background
        ShadowSettings.setCanDrawOverlays(true)
        phone.waitSeconds(30)
        present(phone, "low", "weaker", 0)
        assertEquals("the newer warning gets its window", "weaker", overlayText(phone))
    }

    /** After the person acknowledged the stronger warning, a weaker one is shown as usual. */
    @Test
    @Config(qualifiers = "en")
    fun aWeakerWarningAfterTheStrongerWasDismissedIsShown() {
        val phone = Phone()
        present(phone, "critical", "stronger", 15)
        WarningPresenter.dismiss(phone.app)
        present(phone, "low", "weaker", 0)
        assertEquals("weaker", overlayText(phone))
    }

    /**
     * The process dies during the countdown (the overlay goes with it); the notification stays,
     * and the next process's next warning is shown in full.
     */
    @Test
    @Config(qualifiers = "en")
    fun processDeathDuringTheCountdownKeepsTheNotificationAndTheNextWarningShows() {
        val phone = Phone()
        warnDuringCall(phone)
        phone.waitSeconds(3)
        assertNotNull(phone.warningNotification())
        phone.newProcess()
        assertNotNull("the system keeps the notification", phone.warningNotification())
        phone.now = T0 + 100_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS.replace("4821", "7730")))
        assertEquals(1, phone.overlays().size)
    }

    /** The warning screen rotated or recreated: same warning, hold still running, nothing lost. */
    @Test
    @Config(qualifiers = "en")
    fun theWarningScreenSurvivesRecreation() {
        val phone = Phone()
        phone.lock()
        warnDuringCall(phone)
        val intent = shadowOf(phone.warningNotification()!!.fullScreenIntent).savedIntent
        val controller = Robolectric.buildActivity(WarningActivity::class.java, intent).setup()
        val before = controller.get().findViewById<TextView>(R.id.warning_text)!!.text.toString()
        phone.waitSeconds(3)
        controller.recreate()
        val activity = controller.get()
        assertEquals(before, activity.findViewById<TextView>(R.id.warning_text)!!.text.toString())
        val understood = activity.findViewById<Button>(R.id.warning_understood)!!
        assertFalse(understood.isEnabled)
        phone.waitSeconds(8)
        assertTrue(understood.isEnabled)
        understood.performClick()
        phone.settle()
        assertTrue(activity.isFinishing)
        assertNull(phone.warningNotification())
    }

    /** Locked, then unlocked mid-warning: the window stays until the person acts on it. */
    @Test
    fun unlockingMidWarningKeepsTheWindow() {
        val phone = Phone()
        phone.lock()
        warnDuringCall(phone)
        assertEquals(1, phone.overlays().size)
        phone.lock(false)
        phone.waitSeconds(2)
        assertEquals(1, phone.overlays().size)
        assertNotNull(phone.warningNotification())
    }

    /** Notifications off: the window still warns, and on a locked phone the warning screen opens too. */
    @Test
    fun notificationsDisabledStillWarnsThroughTheWindowAndTheScreen() {
        val phone = Phone()
        shadowOf(phone.app.getSystemService(android.app.NotificationManager::class.java)).setNotificationsEnabled(false)
        phone.lock()
        warnDuringCall(phone)
        assertEquals(1, phone.overlays().size)
        assertEquals(WarningActivity::class.java.name, shadowOf(phone.app).nextStartedActivity?.component?.className)
    }

    /**
     * "Display over other apps" revoked between two warnings: the old window (hidden by Android,
     * shown again if the permission comes back) must not linger with the old warning's words.
     */
    @Test
    @Config(qualifiers = "en")
    fun overlayRevokedBetweenWarningsLeavesNoStaleWindow() {
        val phone = Phone()
        present(phone, "high", "first", 0)
        assertEquals(1, phone.overlays().size)
        ShadowSettings.setCanDrawOverlays(false)
        present(phone, "high", "second", 0)
        assertTrue("no window with the first warning's words", phone.overlays().none { it.findViewById<TextView>(R.id.warning_text)!!.text == "first" })
        val text = phone.warningNotification()!!.extras.getCharSequence(Notification.EXTRA_BIG_TEXT).toString()
        assertEquals("second", text)
    }

    /** Overlay revoked on a locked phone: the warning screen is still tried (and the full-screen intent is there). */
    @Test
    fun overlayRevokedOnALockedPhoneStillOpensTheWarningScreen() {
        val phone = Phone()
        ShadowSettings.setCanDrawOverlays(false)
        phone.lock()
        warnDuringCall(phone)
        assertTrue(phone.overlays().isEmpty())
        assertNotNull(phone.warningNotification()!!.fullScreenIntent)
        assertEquals(WarningActivity::class.java.name, shadowOf(phone.app).nextStartedActivity?.component?.className)
    }

    /** A tablet or a phone whose vibrator is gone: no crash, the warning still shows. */
    @Test
    fun noVibratorStillWarns() {
        val phone = Phone()
        val vibrator = shadowOf(phone.app.getSystemService(VibratorManager::class.java)!!.defaultVibrator)
        vibrator.setHasVibrator(false)
        assertTrue(Guard.reportAdd(phone.app, CALLER, null))
        warnDuringCall(phone)
        assertEquals(1, phone.overlays().size)
        assertNull(vibrator.pattern)
        WarningPresenter.dismiss(phone.app)
        assertTrue(phone.overlays().isEmpty())
    }

    /** The app's language switched while a warning is up: the next warning uses the new language. */
    @Test
    @Config(qualifiers = "en")
    fun languageSwitchedAtRunTimeIsUsedByTheNextWarning() {
        val phone = Phone()
        WarningPresenter.present(
            phone.app,
            Verdict.parse("""{"level":"high","warning":{"headline":{"kk":"Тоқтаңыз!","ru":"Стоп!","en":"Stop!"},"kk":"Мәтін","ru":"Текст","en":"Text","hold_s":8}}""")!!,
        )
        phone.settle()
        assertEquals("Text", overlayText(phone))
        RuntimeEnvironment.setQualifiers("kk")
        WarningPresenter.present(
            phone.app,
            Verdict.parse("""{"level":"high","warning":{"headline":{"kk":"Тоқтаңыз!","ru":"Стоп!","en":"Stop!"},"kk":"Мәтін","ru":"Текст","en":"Text","hold_s":8}}""")!!,
        )
        phone.settle()
        val window = phone.overlays().single()
        assertEquals("Мәтін", window.findViewById<TextView>(R.id.warning_text)!!.text.toString())
        assertEquals("Түсіндім (8)", window.findViewById<Button>(R.id.warning_understood)!!.text.toString())
        assertEquals("Тоқтаңыз!", phone.warningNotification()!!.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
    }

    /**
     * "End call" that Android does not carry out (TelecomManager.endCall returns false: the call
     * already moved on, or the platform refused): the call may still be on, so the warning stays.
     */
    @Test
    fun endCallThatDidNotEndTheCallKeepsTheWarning() {
        val phone = Phone()
        phone.grant(Manifest.permission.ANSWER_PHONE_CALLS)
        warnDuringCall(phone)
        val endCall = phone.overlays().single().findViewById<Button>(R.id.warning_end_call)!!
        assertEquals(android.view.View.VISIBLE, endCall.visibility)
        endCall.performClick() // Robolectric's TelecomManager.endCall returns false
        phone.settle()
        assertEquals("the warning is still there", 1, phone.overlays().size)
        assertNotNull(phone.warningNotification())
        assertEquals("a button that did nothing is not offered again", android.view.View.GONE, endCall.visibility)
    }

    /** "Report" on the notification after the process died: the screen opens with the number, nothing crashes. */
    @Test
    fun reportFromTheNotificationAfterProcessDeath() {
        val phone = Phone()
        phone.grant(Manifest.permission.READ_CONTACTS)
        warnDuringCall(phone)
        val report = phone.warningNotification()!!.actions.first { it.actionIntent.isActivity }
        phone.newProcess()
        WarningOverlay.forget()
        val intent: Intent = shadowOf(report.actionIntent).savedIntent
        val activity = Robolectric.buildActivity(kz.smsguard.ui.ReportsActivity::class.java, intent).setup().get()
        assertEquals(CALLER, activity.findViewById<TextView>(R.id.reports_number)!!.text.toString())
        assertNull("acting on the warning takes the notification down", phone.warningNotification())
    }
}
