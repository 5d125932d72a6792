package kz.smsguard

import android.content.Context

/**
 * The person's own choices, and the few facts the self-check must remember between processes.
 * Blocking is off by default (the app never blocks a call unless asked to); the warning's
 * vibration and in-call sound are on by default, because a silent warning over a call held to the
 * ear is never seen. This file (shared_prefs/settings.xml) moves to a new phone with the reported
 * numbers (res/xml/data_extraction_rules.xml); nothing in it is about a call or a code.
 */
internal object Preferences {
    /** shared_prefs/settings.xml: also the trusted person's choices ([kz.smsguard.trusted.TrustedPerson]). */
    const val FILE = "settings"
    private const val BLOCK_REPORTED = "block_reported"
    private const val VIBRATE = "warning_vibrate"
    private const val SOUND = "warning_sound"
    private const val SETUP_DONE = "setup_done"
    private const val SMS_APPS = "sms_apps"

    private fun prefs(context: Context) = context.getSharedPreferences(FILE, Context.MODE_PRIVATE)

    fun blockReported(context: Context): Boolean = prefs(context).getBoolean(BLOCK_REPORTED, false)

    fun setBlockReported(context: Context, on: Boolean) {
        prefs(context).edit().putBoolean(BLOCK_REPORTED, on).apply()
    }

    /** Whether high and critical warnings vibrate. */
    fun vibrate(context: Context): Boolean = prefs(context).getBoolean(VIBRATE, true)

    fun setVibrate(context: Context, on: Boolean) {
        prefs(context).edit().putBoolean(VIBRATE, on).apply()
    }

    /** Whether a critical warning also sounds a short cue in the call's earpiece. */
    fun sound(context: Context): Boolean = prefs(context).getBoolean(SOUND, true)

    fun setSound(context: Context, on: Boolean) {
        prefs(context).edit().putBoolean(SOUND, on).apply()
    }

    /**
     * Package names of the apps the person marked as their SMS apps (a vendor's Messages, Google
     * Messages while another app is the default…): their redacted notifications are hidden codes
     * as the default SMS app's are ([kz.smsguard.notify.NotificationWatcher]). Empty by default.
     */
    fun smsApps(context: Context): Set<String> = prefs(context).getStringSet(SMS_APPS, null)?.toSet().orEmpty()

    /** Marks [pkg] as an SMS app ([on]) or unmarks it; committed at once, as the next code may be seconds away. */
    fun setSmsApp(context: Context, pkg: String, on: Boolean) {
        val apps = smsApps(context).let { if (on) it + pkg else it - pkg }
        prefs(context).edit().putStringSet(SMS_APPS, apps).commit()
    }

    /**
     * Whether protection was complete once. Until then the status screen's checklist is the guide;
     * from then on, anything that breaks is announced by the "not protecting" notification.
     */
    fun setupDone(context: Context): Boolean = prefs(context).getBoolean(SETUP_DONE, false)

    fun setSetupDone(context: Context) {
        prefs(context).edit().putBoolean(SETUP_DONE, true).commit()
    }
}
