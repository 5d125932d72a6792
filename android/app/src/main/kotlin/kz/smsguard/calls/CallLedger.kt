package kz.smsguard.calls

import android.content.Context
import android.telephony.TelephonyManager
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Contact
import kz.smsguard.guard.Direction
import org.json.JSONArray
import org.json.JSONException
import org.json.JSONObject

/**
 * A call as Android told of it when it began, which it will not tell again: later broadcasts say
 * only "ringing", "off-hook" or "idle", and a messenger's notification is gone when its call ends.
 */
internal data class LedgerCall(
    val channel: Channel,
    /** As Android gave it; null when hidden or not given. */
    val number: String?,
    val contact: Contact,
    val direction: Direction,
    /** When it started (ringing or dialling), by [kz.smsguard.guard.Guard.clock]. */
    val startedAt: Long,
    val answered: Boolean = false,
    /** Messenger calls: the key of the notification that shows the call. */
    val key: String? = null,
    /** Messenger calls: when that notification was removed (its end waits for a replacement). */
    val removedAt: Long = 0,
) {
    fun toJson(): JSONObject = JSONObject()
        .put(CHANNEL, channel.wire)
        .put(NUMBER, number ?: JSONObject.NULL)
        .put(CONTACT, contact.wire)
        .put(DIRECTION, direction.wire)
        .put(STARTED_AT, startedAt)
        .put(ANSWERED, answered)
        .put(KEY, key ?: JSONObject.NULL)
        .put(REMOVED_AT, removedAt)

    companion object {
        private const val CHANNEL = "channel"
        private const val NUMBER = "number"
        private const val CONTACT = "contact"
        private const val DIRECTION = "direction"
        private const val STARTED_AT = "started_at"
        private const val ANSWERED = "answered"
        private const val KEY = "key"
        private const val REMOVED_AT = "removed_at"

        /** Null for anything this version did not write: a damaged ledger costs that call, not the app. */
        fun fromJson(o: JSONObject?): LedgerCall? {
            o ?: return null
            return LedgerCall(
                channel = Channel.ofWire(o.optString(CHANNEL)) ?: return null,
                number = (o.opt(NUMBER) as? String)?.takeIf { it.isNotEmpty() },
                contact = Contact.values().firstOrNull { it.wire == o.optString(CONTACT) } ?: Contact.UNKNOWN,
                direction = Direction.values().firstOrNull { it.wire == o.optString(DIRECTION) } ?: return null,
                startedAt = o.optLong(STARTED_AT),
                answered = o.optBoolean(ANSWERED),
                key = o.opt(KEY) as? String,
                removedAt = o.optLong(REMOVED_AT),
            )
        }
    }
}

/**
 * What the shell must remember about calls between two broadcasts, because Android may kill the
 * process in between and says some things only once: the last cellular call state (to tell a
 * change from a repeat), the cellular calls that state covers (a waiting call is a call of its
 * own), the call the screening service was just shown (its number, which the state broadcasts do
 * not carry), and each messenger's live call. Nothing here is what the core already knows: the
 * warning, its caller and its channel come in the verdict.
 *
 * Written with commit(): the next broadcast may come to a new process. Never leaves the phone
 * (res/xml/data_extraction_rules.xml moves only settings.xml).
 */
internal class CallLedger(context: Context) {
    private val prefs = context.getSharedPreferences("calls", Context.MODE_PRIVATE)

    /** The last cellular call state seen (TelephonyManager.CALL_STATE_*). */
    var cellState: Int
        get() = prefs.getInt(CELL_STATE, TelephonyManager.CALL_STATE_IDLE)
        set(value) {
            prefs.edit().putInt(CELL_STATE, value).commit()
        }

    /** The cellular calls up now, oldest first: the active one, then a waiting one. */
    var cellCalls: List<LedgerCall>
        get() = list(prefs.getString(CELL_CALLS, null))
        set(value) {
            prefs.edit().putString(CELL_CALLS, JSONArray(value.map { it.toJson() }).toString()).commit()
        }

    /** The last call the screening service was shown and no call state has taken yet. */
    var screened: LedgerCall?
        get() = one(prefs.getString(SCREENED, null))
        set(value) {
            prefs.edit().putString(SCREENED, value?.toJson()?.toString()).commit()
        }

    /** The live call of a messenger app ([pkg]), if any. */
    fun messengerCall(pkg: String): LedgerCall? = one(prefs.getString(MESSENGER + pkg, null))

    fun setMessengerCall(pkg: String, call: LedgerCall?) {
        prefs.edit().putString(MESSENGER + pkg, call?.toJson()?.toString()).commit()
    }

    /** Every call the ledger follows, cellular and messenger; then forgets them all (a reboot). */
    fun takeAll(): List<LedgerCall> {
        val all = cellCalls + prefs.all.keys.filter { it.startsWith(MESSENGER) }.mapNotNull { one(prefs.getString(it, null)) }
        prefs.edit().clear().putInt(CELL_STATE, TelephonyManager.CALL_STATE_IDLE).commit()
        return all
    }

    private fun one(text: String?): LedgerCall? = try {
        text?.let { LedgerCall.fromJson(JSONObject(it)) }
    } catch (e: JSONException) {
        null
    }

    private fun list(text: String?): List<LedgerCall> = try {
        val array = JSONArray(text ?: return emptyList())
        (0 until array.length()).mapNotNull { LedgerCall.fromJson(array.optJSONObject(it)) }
    } catch (e: JSONException) {
        emptyList()
    }

    private companion object {
        const val CELL_STATE = "cell_state"
        const val CELL_CALLS = "cell_calls"
        const val SCREENED = "screened"
        const val MESSENGER = "messenger:"
    }
}
