package kz.smsguard.testing

import android.Manifest
import android.app.Application
import android.app.Notification
import android.app.KeyguardManager
import android.app.NotificationManager
import android.app.role.RoleManager
import android.content.ComponentName
import android.content.Intent
import android.content.res.Resources
import android.net.Uri
import android.os.Looper
import android.os.PowerManager
import android.provider.Telephony
import android.service.notification.StatusBarNotification
import android.telecom.Call
import android.telecom.CallScreeningService
import android.telephony.TelephonyManager
import android.view.View
import android.view.WindowManager
import android.widget.TextView
import java.io.File
import kz.smsguard.R
import kz.smsguard.calls.CallStateWatcher
import kz.smsguard.calls.ScreeningService
import kz.smsguard.core.SmsGuardNative
import kz.smsguard.guard.Guard
import kz.smsguard.notify.MessengerCalls
import kz.smsguard.notify.NotificationWatcher
import kz.smsguard.warn.WarningNotification
import kz.smsguard.warn.WarningOverlay
import kz.smsguard.warn.WarningPresenter
import org.json.JSONObject
import org.robolectric.Robolectric
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadow.api.Shadow
import org.robolectric.shadows.ShadowCallScreeningService
import org.robolectric.shadows.ShadowSettings
import org.robolectric.shadows.ShadowWindowManagerImpl

/**
 * A phone for the tests: delivers SMS, calls and notifications to the app the way Android does
 * (broadcasts through the manifest, services built by Robolectric), on a controllable clock, and
 * reads back what a person would see. The core behind it is the real libsmsguard.so.
 */
internal class Phone {
    val app: Application = RuntimeEnvironment.getApplication()

    /** The time every component reads through Guard.clock. */
    var now: Long = T0

    init {
        // An exception that escapes a worker thread (the core's, a file's) is a failure the
        // person would see as a screen that never answers: every test that settles fails on it.
        uncaught.clear()
        Thread.setDefaultUncaughtExceptionHandler { thread, e -> uncaught += "${thread.name}: $e" to e }
        // Each Robolectric test starts a new Application: for the app, a new process.
        newProcess()
        Guard.clock = { now }
        ShadowSettings.setCanDrawOverlays(true)
        grant(Manifest.permission.RECEIVE_SMS, Manifest.permission.READ_PHONE_STATE)
    }

    /**
     * What survives a process death is what is on disk (and what the system keeps, such as posted
     * notifications); everything in memory is dropped, and the process's windows go with it.
     */
    fun newProcess() {
        Guard.forget()
        CallStateWatcher.forget(app)
        MessengerCalls.forget()
        val windows = app.getSystemService(WindowManager::class.java)
        overlays().forEach { windows.removeView(it) }
        WarningOverlay.forget()
        WarningPresenter.forget()
    }

    fun grant(vararg permissions: String) = shadowOf(app).grantPermissions(*permissions)

    /** The keyguard is up (the phone is locked), as KeyguardManager reports it. */
    fun lock(locked: Boolean = true) {
        shadowOf(app.getSystemService(KeyguardManager::class.java)).setKeyguardLocked(locked)
    }

    /**
     * Everything on the checklist given, as after a complete setup: the permissions, the screening
     * role, notification access, notifications and the battery exemption.
     */
    @Suppress("DEPRECATION") // ShadowRoleManager.addHeldRole: a role held by this app
    fun setUpFully() {
        grant(
            Manifest.permission.RECEIVE_SMS, Manifest.permission.READ_PHONE_STATE, Manifest.permission.READ_CONTACTS,
            Manifest.permission.POST_NOTIFICATIONS, Manifest.permission.ANSWER_PHONE_CALLS,
        )
        shadowOf(app.getSystemService(RoleManager::class.java)).addHeldRole(RoleManager.ROLE_CALL_SCREENING)
        shadowOf(app.getSystemService(NotificationManager::class.java))
            .setNotificationListenerAccessGranted(ComponentName(app, NotificationWatcher::class.java), true)
        shadowOf(app.getSystemService(PowerManager::class.java)).setIgnoringBatteryOptimizations(app.packageName, true)
    }

    /** The notification listener service as Android bound it (the same instance every time). */
    val listener: NotificationWatcher get() = watcher

    fun deny(vararg permissions: String) = shadowOf(app).denyPermissions(*permissions)

    /** Lets queued core work and main-thread work run to the end; fails on an uncaught exception. */
    fun settle() {
        repeat(3) {
            Guard.drain()
            shadowOf(Looper.getMainLooper()).idle()
        }
        uncaught.firstOrNull()?.let { (what, e) -> throw AssertionError("uncaught on thread $what", e) }
    }

    /**
     * An SMS arrives as the telephony stack broadcasts it: real PDUs, in the format Android names,
     * sent by the SMS centre at [sentAt] (by default now; hours before for an SMS Android held back).
     */
    fun sms(pdus: Array<ByteArray>, sentAt: Long = now) {
        val intent = Intent(Telephony.Sms.Intents.SMS_RECEIVED_ACTION)
            .putExtra("pdus", Pdus.sentAt(pdus, sentAt))
            .putExtra("format", "3gpp")
        app.sendBroadcast(intent)
        settle()
    }

    /**
     * Android screens a call from (or, [outgoing], to) a number that is not a contact; returns the
     * response.
     */
    fun screen(number: String?, outgoing: Boolean = false): CallScreeningService.CallResponse {
        val service = Robolectric.setupService(ScreeningService::class.java)
        service.onScreenCall(callDetails(number, outgoing))
        settle()
        val shadow = Shadow.extract<ShadowCallScreeningService>(service)
        return shadow.lastRespondToCallInput.get().callResponse
    }

    /**
     * A new cellular call state, as Android reports it: to in-process callbacks (the shadow
     * TelephonyManager) and as the PHONE_STATE broadcast.
     */
    fun phoneState(state: String, number: String? = null) {
        val code = when (state) {
            TelephonyManager.EXTRA_STATE_RINGING -> TelephonyManager.CALL_STATE_RINGING
            TelephonyManager.EXTRA_STATE_OFFHOOK -> TelephonyManager.CALL_STATE_OFFHOOK
            else -> TelephonyManager.CALL_STATE_IDLE
        }
        shadowOf(app.getSystemService(TelephonyManager::class.java)).setCallState(code)
        val intent = Intent(TelephonyManager.ACTION_PHONE_STATE_CHANGED).putExtra(TelephonyManager.EXTRA_STATE, state)
        @Suppress("DEPRECATION")
        number?.let { intent.putExtra(TelephonyManager.EXTRA_INCOMING_NUMBER, it) }
        app.sendBroadcast(intent)
        settle()
    }

    /** A stranger's cellular call: screened, ringing, answered. */
    fun unknownCallAnswered(number: String? = CALLER) {
        screen(number)
        phoneState(TelephonyManager.EXTRA_STATE_RINGING)
        now += 8_000
        phoneState(TelephonyManager.EXTRA_STATE_OFFHOOK)
    }

    /**
     * The scam and its second stage: the 1414 code 90 s into a stranger's answered call, the
     * call ends, and three hours later another stranger, [followUp], rings.
     */
    fun codeThenFollowUp(followUp: String) {
        unknownCallAnswered()
        now = T0 + 90_000
        sms(Pdus.ucs2("1414", EGOV_SMS))
        now = T0 + 180_000
        phoneState(TelephonyManager.EXTRA_STATE_IDLE)
        now = T0 + 3 * 3_600_000
        screen(followUp)
        phoneState(TelephonyManager.EXTRA_STATE_RINGING)
    }

    private val watcher: NotificationWatcher by lazy { Robolectric.setupService(NotificationWatcher::class.java) }

    fun postNotification(pkg: String, id: Int, notification: Notification): StatusBarNotification {
        val sbn = StatusBarNotification(pkg, pkg, id, null, 10_000 + id, 0, notification, android.os.Process.myUserHandle(), null, now)
        watcher.onNotificationPosted(sbn)
        settle()
        return sbn
    }

    /**
     * An SMS app's notification as NotificationManagerService redacts it for an untrusted listener
     * (Android 15+): the app's name as title, the platform's hidden-content text.
     */
    fun hiddenCodeNotification(): Notification {
        val id = Resources.getSystem().getIdentifier("redacted_notification_message", "string", "android")
        return Notification.Builder(app, "sms")
            .setSmallIcon(android.R.drawable.sym_action_chat)
            .setContentTitle("Messages")
            .setContentText(Resources.getSystem().getString(id))
            .setCategory(Notification.CATEGORY_MESSAGE)
            .build()
    }

    fun removeNotification(sbn: StatusBarNotification) {
        watcher.onNotificationRemoved(sbn)
        settle()
    }

    /** The warning windows on screen now (overlay windows only, not activities). */
    fun overlays(): List<View> {
        val windows = app.getSystemService(WindowManager::class.java)
        return Shadow.extract<ShadowWindowManagerImpl>(windows).views.filter {
            (it.layoutParams as? WindowManager.LayoutParams)?.type == WindowManager.LayoutParams.TYPE_APPLICATION_OVERLAY
        }
    }

    fun overlayText(): String? = overlays().singleOrNull()?.findViewById<TextView>(R.id.warning_text)?.text?.toString()

    fun notifications(): List<Notification> = shadowOf(app.getSystemService(NotificationManager::class.java)).allNotifications

    /** The warning notification now posted, if any. */
    fun warningNotification(): Notification? =
        shadowOf(app.getSystemService(NotificationManager::class.java)).getNotification(WarningNotification.NOTIFICATION_ID)

    /** Lets [seconds] of main-thread time pass (countdowns, delayed re-posts). */
    fun waitSeconds(seconds: Long) {
        shadowOf(Looper.getMainLooper()).idleFor(java.time.Duration.ofSeconds(seconds))
        settle()
    }

    companion object {
        /** 2024-11-25 09:20:00 UTC, the first seed story's morning. */
        const val T0 = 1_732_526_400_000L

        /** Exceptions no code caught, with the thread they ended. */
        private val uncaught = java.util.concurrent.CopyOnWriteArrayList<Pair<String, Throwable>>()
        const val CALLER = "+77015550101"

        /** A 1414 eGov code in Russian, long enough to arrive in two UCS-2 parts. */
        const val EGOV_CODE = "4821"
        const val EGOV_SMS = "Код для входа в eGov: $EGOV_CODE. Никому не сообщайте этот код, даже курьеру, сотруднику банка или полиции."

        /**
         * The same events through the core directly (another state directory), for the text the
         * shell must show. Leaves the app's guard closed, so it reopens its own state next time.
         */
        fun coreVerdict(events: (SmsGuardNative) -> String): JSONObject {
            Guard.drain()
            val dir = File.createTempFile("smsguard-ref", "").apply { delete(); mkdirs() }
            SmsGuardNative.open(dir.absolutePath, null)
            try {
                return JSONObject(events(SmsGuardNative))
            } finally {
                Guard.forget()
            }
        }

        /**
         * Call.Details has no public constructor: build one through the platform's own (hidden)
         * constructor, then set the caller's number, as Telecom would.
         */
        fun callDetails(number: String?, outgoing: Boolean = false): Call.Details {
            val constructor = Call.Details::class.java.declaredConstructors.maxByOrNull { it.parameterCount }!!
            constructor.isAccessible = true
            val args = constructor.parameterTypes.map { type ->
                when (type) {
                    Int::class.javaPrimitiveType -> 0
                    Long::class.javaPrimitiveType -> 0L
                    Boolean::class.javaPrimitiveType -> false
                    else -> null
                }
            }
            val details = constructor.newInstance(*args.toTypedArray()) as Call.Details
            val handle = Call.Details::class.java.getDeclaredField("mHandle")
            handle.isAccessible = true
            handle.set(details, number?.let { Uri.fromParts("tel", it, null) })
            val direction = Call.Details::class.java.getDeclaredField("mCallDirection")
            direction.isAccessible = true
            direction.setInt(details, if (outgoing) Call.Details.DIRECTION_OUTGOING else Call.Details.DIRECTION_INCOMING)
            return details
        }
    }
}
