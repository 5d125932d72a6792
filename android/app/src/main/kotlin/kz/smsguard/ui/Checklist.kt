package kz.smsguard.ui

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

/** One thing SMS Guard needs from the person, whether they gave it, and how to ask for it. */
internal data class Check(val title: Int, val why: Int, val ok: Boolean, val fix: Fix, val required: Boolean = true)

/** How to ask: a runtime permission dialog, or a system screen (roles and special access). */
internal sealed interface Fix {
    class Permissions(val names: Array<String>) : Fix
    class Screen(val intent: Intent) : Fix
}

/** The status screen's checklist, computed from what Android says right now. */
internal object Checklist {
    fun items(context: Context): List<Check> = buildList {
        add(permission(context, R.string.check_sms, R.string.check_sms_why, Manifest.permission.RECEIVE_SMS))
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q) {
            val roles = context.getSystemService(RoleManager::class.java)
            val intent = roles?.createRequestRoleIntent(RoleManager.ROLE_CALL_SCREENING) ?: Intent(Settings.ACTION_SETTINGS)
            add(Check(R.string.check_screening, R.string.check_screening_why, Contacts.holdsScreeningRole(context), Fix.Screen(intent)))
        }
        add(permission(context, R.string.check_phone, R.string.check_phone_why, Manifest.permission.READ_PHONE_STATE))
        add(permission(context, R.string.check_contacts, R.string.check_contacts_why, Manifest.permission.READ_CONTACTS))
        add(
            Check(
                R.string.check_overlay, R.string.check_overlay_why, Settings.canDrawOverlays(context),
                Fix.Screen(Intent(Settings.ACTION_MANAGE_OVERLAY_PERMISSION, Uri.parse("package:${context.packageName}"))),
            ),
        )
        add(
            Check(
                R.string.check_listener, R.string.check_listener_why, listenerEnabled(context),
                Fix.Screen(Intent(Settings.ACTION_NOTIFICATION_LISTENER_SETTINGS)),
            ),
        )
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            add(permission(context, R.string.check_notifications, R.string.check_notifications_why, Manifest.permission.POST_NOTIFICATIONS))
        }
        val power = context.getSystemService(PowerManager::class.java)
        add(
            Check(
                R.string.check_battery, R.string.check_battery_why,
                power?.isIgnoringBatteryOptimizations(context.packageName) == true,
                Fix.Screen(Intent(Settings.ACTION_IGNORE_BATTERY_OPTIMIZATION_SETTINGS)),
            ),
        )
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
            add(permission(context, R.string.check_end_call, R.string.check_end_call_why, Manifest.permission.ANSWER_PHONE_CALLS).copy(required = false))
        }
    }

    private fun permission(context: Context, title: Int, why: Int, name: String) =
        Check(title, why, Contacts.granted(context, name), Fix.Permissions(arrayOf(name)))

    private fun listenerEnabled(context: Context): Boolean {
        val component = ComponentName(context, NotificationWatcher::class.java)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O_MR1) {
            return context.getSystemService(NotificationManager::class.java)?.isNotificationListenerAccessGranted(component) == true
        }
        val enabled = Settings.Secure.getString(context.contentResolver, "enabled_notification_listeners").orEmpty()
        return enabled.split(':').any { it == component.flattenToString() }
    }
}
