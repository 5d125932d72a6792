package kz.smsguard.setup

import android.Manifest
import android.app.NotificationManager
import android.app.role.RoleManager
import android.content.ComponentName
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.os.Build
import android.os.PowerManager
import android.provider.Settings
import kz.smsguard.R
import kz.smsguard.calls.Contacts
import kz.smsguard.notify.NotificationWatcher
import kz.smsguard.warn.WarningNotification

/**
 * One thing SMS Guard needs from the person, whether they gave it, and how to ask for it.
 * [known] is false for a phone maker's setting Android does not report: [ok] is then meaningless
 * and the row only explains and opens the screen.
 */
internal data class Check(
    val key: String,
    val title: Int,
    val why: Int,
    val ok: Boolean,
    val fix: Fix,
    val required: Boolean = true,
    val known: Boolean = true,
)

/** How to ask: a runtime permission dialog, or a system screen (roles and special access). */
internal sealed interface Fix {
    /**
     * The permission dialog; [fallback] (the app's page in settings) when Android no longer shows
     * it: from Android 11 a permission denied twice is denied at once, without a dialog.
     */
    class Permissions(val names: Array<String>, val fallback: Intent) : Fix

    /** A settings screen; [fallback] when this phone has no such screen. */
    class Screen(val intent: Intent, val fallback: Intent? = null) : Fix
}

/** The status screen's checklist, computed from what Android says right now. */
internal object Checklist {
    const val RESTRICTED = "restricted"
    const val SMS = "sms"
    const val SCREENING = "screening"
    const val CALL_LOG = "call_log"
    const val PHONE = "phone"
    const val CONTACTS = "contacts"
    const val OVERLAY = "overlay"
    const val LISTENER = "listener"
    const val NOTIFICATIONS = "notifications"
    const val FULL_SCREEN = "full_screen"
    const val BATTERY = "battery"
    const val END_CALL = "end_call"
    const val XIAOMI_AUTOSTART = "xiaomi_autostart"
    const val XIAOMI_POPUP = "xiaomi_popup"
    const val XIAOMI_LOCK_SCREEN = "xiaomi_lock_screen"
    const val SAMSUNG_NEVER_SLEEPING = "samsung_never_sleeping"

    /**
     * The items without which Android does not say whether a caller is a contact: the screening
     * role (API 29+), the call log (Android 9: the only way to the caller's number). Without them
     * every cellular call reaches the core as "identity unknown", and its warnings are milder.
     */
    val IDENTITY = setOf(SCREENING, CALL_LOG)

    /**
     * Every item, in the order to do them. When Android restricts settings for this install
     * (a sideloaded APK, see [RestrictedSettings]) and one of the restricted items is still off,
     * the walkthrough to allow restricted settings comes first: until then those switches are
     * greyed out and the person would meet them with no explanation.
     */
    fun items(context: Context): List<Check> {
        val checks = buildList {
            add(permission(context, SMS, R.string.check_sms, R.string.check_sms_why, Manifest.permission.RECEIVE_SMS))
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q) {
                val roles = context.getSystemService(RoleManager::class.java)
                val intent = roles?.createRequestRoleIntent(RoleManager.ROLE_CALL_SCREENING) ?: Intent(Settings.ACTION_SETTINGS)
                add(Check(SCREENING, R.string.check_screening, R.string.check_screening_why, Contacts.holdsScreeningRole(context), Fix.Screen(intent, appDetails(context))))
            } else if (Build.VERSION.SDK_INT == Build.VERSION_CODES.P) {
                // Android 9 gives PHONE_STATE's number only with READ_CALL_LOG (Android 8 with
                // READ_PHONE_STATE alone: Android 9 behaviour changes, "Restricted access to call
                // logs" and TelephonyManager.EXTRA_INCOMING_NUMBER).
                add(permission(context, CALL_LOG, R.string.check_call_log, R.string.check_call_log_why, Manifest.permission.READ_CALL_LOG))
            }
            add(permission(context, PHONE, R.string.check_phone, R.string.check_phone_why, Manifest.permission.READ_PHONE_STATE))
            add(permission(context, CONTACTS, R.string.check_contacts, R.string.check_contacts_why, Manifest.permission.READ_CONTACTS))
            add(Check(OVERLAY, R.string.check_overlay, R.string.check_overlay_why, Settings.canDrawOverlays(context), Fix.Screen(overlaySettings(context), appDetails(context))))
            add(
                Check(
                    LISTENER, R.string.check_listener, R.string.check_listener_why, listenerEnabled(context),
                    Fix.Screen(Intent(Settings.ACTION_NOTIFICATION_LISTENER_SETTINGS), appDetails(context)),
                ),
            )
            add(notifications(context))
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.UPSIDE_DOWN_CAKE) {
                val manager = context.getSystemService(NotificationManager::class.java)
                add(
                    Check(
                        FULL_SCREEN, R.string.check_full_screen, R.string.check_full_screen_why, manager?.canUseFullScreenIntent() == true,
                        Fix.Screen(Intent(Settings.ACTION_MANAGE_APP_USE_FULL_SCREEN_INTENT, packageUri(context)), appDetails(context)),
                        required = false,
                    ),
                )
            }
            add(battery(context))
            addAll(VendorSteps.of(context))
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
                add(permission(context, END_CALL, R.string.check_end_call, R.string.check_end_call_why, Manifest.permission.ANSWER_PHONE_CALLS).copy(required = false))
            }
        }
        val restrictedMissing = checks.any { it.key in RestrictedSettings.restrictedKeys() && !it.ok }
        return if (restrictedMissing && RestrictedSettings.active(context)) listOf(restrictedStep(context)) + checks else checks
    }

    /** Whether every required item is on. */
    fun complete(checks: List<Check>): Boolean = checks.all { it.ok || !it.required }

    /** The app's page in Android's settings (App info), where every permission can be switched. */
    fun appDetails(context: Context): Intent = Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, packageUri(context))

    /** "Display over other apps" for this app only: the intent names our package. */
    fun overlaySettings(context: Context): Intent = Intent(Settings.ACTION_MANAGE_OVERLAY_PERMISSION, packageUri(context))

    /**
     * Whether Android will show our notifications: the app's switch, POST_NOTIFICATIONS (API 33),
     * and the warnings channel not blocked.
     */
    fun notificationsWork(context: Context): Boolean {
        val manager = context.getSystemService(NotificationManager::class.java) ?: return false
        if (!manager.areNotificationsEnabled()) return false
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU && !Contacts.granted(context, Manifest.permission.POST_NOTIFICATIONS)) return false
        val channel = manager.getNotificationChannel(WarningNotification.CHANNEL_ID)
        return channel == null || channel.importance != NotificationManager.IMPORTANCE_NONE
    }

    fun listenerEnabled(context: Context): Boolean {
        val component = ComponentName(context, NotificationWatcher::class.java)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O_MR1) {
            return context.getSystemService(NotificationManager::class.java)?.isNotificationListenerAccessGranted(component) == true
        }
        val enabled = Settings.Secure.getString(context.contentResolver, "enabled_notification_listeners").orEmpty()
        return enabled.split(':').any { it == component.flattenToString() }
    }

    private fun restrictedStep(context: Context) =
        Check(RESTRICTED, R.string.check_restricted, R.string.check_restricted_why, ok = false, fix = Fix.Screen(appDetails(context)))

    private fun notifications(context: Context): Check {
        val ok = notificationsWork(context)
        val permissionMissing = Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
            !Contacts.granted(context, Manifest.permission.POST_NOTIFICATIONS)
        val settings = Intent(Settings.ACTION_APP_NOTIFICATION_SETTINGS).putExtra(Settings.EXTRA_APP_PACKAGE, context.packageName)
        val fix = if (permissionMissing) {
            Fix.Permissions(arrayOf(Manifest.permission.POST_NOTIFICATIONS), settings)
        } else {
            Fix.Screen(settings, appDetails(context))
        }
        return Check(NOTIFICATIONS, R.string.check_notifications, R.string.check_notifications_why, ok, fix)
    }

    /**
     * Exemption from battery optimisation (Doze and App Standby): asked for directly
     * (ACTION_REQUEST_IGNORE_BATTERY_OPTIMIZATIONS with our package, needs the normal permission
     * REQUEST_IGNORE_BATTERY_OPTIMIZATIONS), else the list of apps.
     */
    private fun battery(context: Context): Check {
        val power = context.getSystemService(PowerManager::class.java)
        return Check(
            BATTERY, R.string.check_battery, R.string.check_battery_why,
            power?.isIgnoringBatteryOptimizations(context.packageName) == true,
            Fix.Screen(
                Intent(Settings.ACTION_REQUEST_IGNORE_BATTERY_OPTIMIZATIONS, packageUri(context)),
                Intent(Settings.ACTION_IGNORE_BATTERY_OPTIMIZATION_SETTINGS),
            ),
        )
    }

    private fun permission(context: Context, key: String, title: Int, why: Int, name: String) =
        Check(key, title, why, Contacts.granted(context, name), Fix.Permissions(arrayOf(name), appDetails(context)))

    private fun packageUri(context: Context): Uri = Uri.fromParts("package", context.packageName, null)
}
