package kz.smsguard

import android.Manifest
import android.app.Notification
import android.app.NotificationManager
import android.app.job.JobScheduler
import kz.smsguard.setup.ProtectionNotification
import kz.smsguard.setup.SelfCheck
import kz.smsguard.setup.SelfCheckJob
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.MainActivity
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.shadows.ShadowNotificationListenerService

/**
 * Protection that breaks after setup is noticed and announced: "SMS Guard is not protecting you:
 * …" as a persistent notification and on the status screen, with the fix; it goes away once fixed.
 */
@RunWith(SmsGuardTestRunner::class)
@Config(qualifiers = "en")
class SelfCheckTest {
    private fun protection(phone: Phone): Notification? =
        shadowOf(phone.app.getSystemService(NotificationManager::class.java)).getNotification(ProtectionNotification.NOTIFICATION_ID)

    private fun setUp(phone: Phone) {
        phone.setUpFully()
        assertTrue("a complete setup has no problems", SelfCheck.run(phone.app).isEmpty())
        assertTrue(Preferences.setupDone(phone.app))
    }

    @Test
    fun listenerDisconnectAsksForARebindAndTellsThePerson() {
        val phone = Phone()
        setUp(phone)
        val before = ShadowNotificationListenerService.getRebindRequestCount()
        phone.listener.onListenerDisconnected()
        phone.settle()
        assertEquals("requestRebind", before + 1, ShadowNotificationListenerService.getRebindRequestCount())
        val notification = protection(phone)!!
        assertEquals("SMS Guard is not protecting you: notification access was disconnected", notification.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
        assertTrue(notification.extras.getCharSequence(Notification.EXTRA_TEXT).toString().contains("switch SMS Guard off and on again"))
        assertTrue("persistent", notification.flags and Notification.FLAG_ONGOING_EVENT != 0)
        assertEquals(MainActivity::class.java.name, shadowOf(notification.contentIntent).savedIntent.component!!.className)

        phone.listener.onListenerConnected()
        phone.settle()
        assertNull("fixed: the notification goes", protection(phone))
    }

    @Test
    fun aRevokedPermissionIsFoundByThePeriodicCheckAndShownOnTheStatusScreen() {
        val phone = Phone()
        setUp(phone)
        phone.deny(Manifest.permission.RECEIVE_SMS) // Settings, or Android's hibernation of unused apps
        SelfCheck.run(phone.app) // what SelfCheckJob runs
        val notification = protection(phone)!!
        assertEquals("SMS Guard is not protecting you: Incoming SMS", notification.extras.getCharSequence(Notification.EXTRA_TITLE).toString())

        val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        phone.settle()
        val status = activity.findViewById<android.widget.TextView>(R.id.main_status)!!.text.toString()
        assertTrue(status, status.startsWith("SMS Guard is not protecting you: Incoming SMS"))
    }

    @Test
    @Suppress("DEPRECATION") // ShadowRoleManager.removeHeldRole: still the way to drop a role held by this app
    fun lostScreeningRoleAndDisabledNotificationsAreProblems() {
        val phone = Phone()
        setUp(phone)
        shadowOf(phone.app.getSystemService(android.app.role.RoleManager::class.java)).removeHeldRole(android.app.role.RoleManager.ROLE_CALL_SCREENING)
        shadowOf(phone.app.getSystemService(NotificationManager::class.java)).setNotificationsEnabled(false)
        val problems = SelfCheck.run(phone.app).map { it.key }
        assertTrue(problems.toString(), problems.containsAll(listOf("screening", "notifications")))
    }

    @Test
    fun aCoreThatCannotKeepItsStateStillWarnsAndSaysSo() {
        val phone = Phone()
        setUp(phone)
        phone.newProcess()
        val dir = kz.smsguard.guard.Guard.stateDir(phone.app)
        dir.deleteRecursively()
        dir.writeText("not a directory") // the core cannot keep its state there
        try {
            // Fail towards warning: the core runs from memory and the scam still warns.
            phone.unknownCallAnswered()
            phone.sms(Pdus.ucs2("1414", EGOV_SMS))
            assertNotNull("the warning still comes", phone.warningNotification())

            val problems = SelfCheck.run(phone.app)
            assertEquals(SelfCheck.STORAGE, problems.first().key)
            assertEquals(
                "SMS Guard is not protecting you: the protection engine cannot save its memory",
                protection(phone)!!.extras.getCharSequence(Notification.EXTRA_TITLE).toString(),
            )
            val activity = Robolectric.buildActivity(MainActivity::class.java).setup().get()
            phone.settle()
            val status = activity.findViewById<android.widget.TextView>(R.id.main_status)!!.text.toString()
            assertTrue(status, status.contains("the protection engine cannot save its memory"))
        } finally {
            dir.delete()
        }
    }

    @Test
    fun nothingIsPostedBeforeSetupWasEverComplete() {
        val phone = Phone()
        phone.deny(Manifest.permission.RECEIVE_SMS)
        assertTrue(SelfCheck.run(phone.app).isNotEmpty())
        assertNull(protection(phone))
    }

    @Test
    fun aWarningThatCouldNotBePostedRunsTheCheck() {
        val phone = Phone()
        setUp(phone)
        shadowOf(phone.app.getSystemService(NotificationManager::class.java)).setNotificationsEnabled(false)
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals("the window still warns", 1, phone.overlays().size)
        assertTrue(SelfCheck.problems(phone.app).any { it.key == "notifications" })
    }

    /**
     * The person blocked only the "Fraud warnings" channel: the app's notifications are still
     * "enabled", but the warning's notification is never seen. A warning that runs into it tells
     * the person at once (on the protection channel), not at the next periodic check.
     */
    @Test
    fun aWarningIntoABlockedWarningsChannelRunsTheCheck() {
        val phone = Phone()
        setUp(phone)
        val manager = phone.app.getSystemService(NotificationManager::class.java)!!
        manager.getNotificationChannel(kz.smsguard.warn.WarningNotification.CHANNEL_ID)!!.importance = NotificationManager.IMPORTANCE_NONE
        assertTrue("blocked as the person left it", !kz.smsguard.setup.Checklist.notificationsWork(phone.app))
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals("the window still warns", 1, phone.overlays().size)
        val notification = protection(phone)
        assertNotNull("the person is told at once", notification)
        assertEquals("SMS Guard is not protecting you: Notifications", notification!!.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
    }

    @Test
    fun thePeriodicCheckIsScheduledPersistedAcrossReboots() {
        val phone = Phone()
        val job = phone.app.getSystemService(JobScheduler::class.java)!!.getPendingJob(SelfCheckJob.JOB_ID)
        assertNotNull("scheduled when the app process starts", job)
        assertTrue(job!!.isPeriodic)
        assertEquals(SelfCheckJob.PERIOD_MS, job.intervalMillis)
        assertTrue(job.isPersisted)
        assertEquals(SelfCheckJob::class.java.name, job.service.className)
    }
}
