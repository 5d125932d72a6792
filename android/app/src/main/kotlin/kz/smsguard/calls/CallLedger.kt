package kz.smsguard.calls

import android.content.Context
import android.telephony.TelephonyManager
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Direction

/**
 * What the shell must remember about calls between two broadcasts, because Android may kill the
 * process in between and tells some facts only once: the number the screening service saw at
 * `start` is needed again at `answered` and `ended`, and the last caller pre-fills "Report this
 * number". Written with commit(): the next broadcast may come to a new process.
 */
internal class CallLedger(context: Context) {
    private val prefs = context.getSharedPreferences("calls", Context.MODE_PRIVATE)

    /** The last cellular call state seen (TelephonyManager.CALL_STATE_*). */
    var cellState: Int
        get() = prefs.getInt(CELL_STATE, TelephonyManager.CALL_STATE_IDLE)
        set(value) { prefs.edit().putInt(CELL_STATE, value).commit() }

    /** The current cellular call, as reported at its start. */
    val number: String? get() = prefs.getString(NUMBER, null)
    val contact: Boolean get() = prefs.getBoolean(CONTACT, false)
    val direction: Direction get() = if (prefs.getBoolean(OUTGOING, false)) Direction.OUTGOING else Direction.INCOMING

    /** When the screening service last reported an incoming call (0 if it has not). */
    val screenedAt: Long get() = prefs.getLong(SCREENED_AT, 0L)

    /** The most recent caller on any channel, kept after the call ends (for "Report this number"). */
    val lastCaller: String? get() = prefs.getString(LAST_CALLER, null)
    val lastChannel: Channel
        get() = prefs.getString(LAST_CHANNEL, null)?.let { name -> Channel.values().firstOrNull { it.name == name } } ?: Channel.CELLULAR

    fun startCellular(number: String?, contact: Boolean, direction: Direction, screenedAt: Long = 0L) {
        prefs.edit()
            .putString(NUMBER, number)
            .putBoolean(CONTACT, contact)
            .putBoolean(OUTGOING, direction == Direction.OUTGOING)
            .putLong(SCREENED_AT, screenedAt)
            .putString(LAST_CALLER, number ?: prefs.getString(LAST_CALLER, null))
            .putString(LAST_CHANNEL, Channel.CELLULAR.name)
            .commit()
    }

    fun endCellular() {
        prefs.edit().remove(NUMBER).remove(CONTACT).remove(OUTGOING).remove(SCREENED_AT).commit()
    }

    fun rememberCaller(number: String?, channel: Channel) {
        prefs.edit().putString(LAST_CALLER, number).putString(LAST_CHANNEL, channel.name).commit()
    }

    private companion object {
        const val CELL_STATE = "cell_state"
        const val NUMBER = "number"
        const val CONTACT = "contact"
        const val OUTGOING = "outgoing"
        const val SCREENED_AT = "screened_at"
        const val LAST_CALLER = "last_caller"
        const val LAST_CHANNEL = "last_channel"
    }
}
