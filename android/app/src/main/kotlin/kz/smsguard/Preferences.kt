package kz.smsguard

import android.content.Context

/** The person's own choices. Off by default: the app never blocks a call unless asked to. */
internal object Preferences {
    private const val FILE = "settings"
    private const val BLOCK_REPORTED = "block_reported"

    fun blockReported(context: Context): Boolean =
        context.getSharedPreferences(FILE, Context.MODE_PRIVATE).getBoolean(BLOCK_REPORTED, false)

    fun setBlockReported(context: Context, on: Boolean) {
        context.getSharedPreferences(FILE, Context.MODE_PRIVATE).edit().putBoolean(BLOCK_REPORTED, on).apply()
    }
}
