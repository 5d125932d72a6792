package kz.smsguard.notify

import android.content.Context

/**
 * Whether Android has our notification listener connected. A listener can be granted and still
 * unbound (the system unbinds it when the process dies or is updated, and some phones do not
 * bind it again), so the connection itself is remembered: on disk, because the next check may
 * run in a new process. Unknown counts as connected: only a seen disconnect is reported.
 */
internal object ListenerState {
    private const val FILE = "listener"
    private const val CONNECTED = "connected"

    fun connected(context: Context): Boolean =
        context.getSharedPreferences(FILE, Context.MODE_PRIVATE).getBoolean(CONNECTED, true)

    fun set(context: Context, connected: Boolean) {
        context.getSharedPreferences(FILE, Context.MODE_PRIVATE).edit().putBoolean(CONNECTED, connected).commit()
    }
}
