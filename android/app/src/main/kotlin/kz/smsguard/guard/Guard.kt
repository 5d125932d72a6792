package kz.smsguard.guard

import android.content.Context
import android.util.Log
import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kz.smsguard.core.SmsGuardNative
import org.json.JSONArray
import org.json.JSONException
import org.json.JSONObject

/** A call's phase, as the core names it. */
internal enum class Phase(val wire: String) { START("start"), ANSWERED("answered"), ENDED("ended") }

/** Who placed the call. */
internal enum class Direction(val wire: String) { INCOMING("incoming"), OUTGOING("outgoing") }

/** Which app carried the call. */
internal enum class Channel(val wire: String) {
    CELLULAR("cellular"), WHATSAPP("whatsapp"), TELEGRAM("telegram"), OTHER("other");

    companion object {
        fun ofWire(wire: String?): Channel? = values().firstOrNull { it.wire == wire }
    }
}

/**
 * Whether the caller is in the person's contacts, as far as Android told: [UNKNOWN] when it did not
 * (no call-screening role, Android 9 without the call log, contacts not allowed). The core gives an
 * unknown caller its own, milder level.
 */
internal enum class Contact(val wire: String) { YES("yes"), NO("no"), UNKNOWN("unknown") }

/** One reported number, as the core lists it. */
internal data class Report(val number: String, val reportedAt: Long, val note: String?)

/** What an import did: rows added, rows already present, rows skipped with their line numbers. */
internal data class ImportSummary(val added: Int, val kept: Int, val errors: Int)

/**
 * The app's only door to the Rust core ([SmsGuardNative]).
 *
 * - The core is opened once per process, on a directory of its own ([stateDir]), so the call
 *   that came before a process death is still known when the SMS arrives.
 * - Every core exception (bad input, not opened, a Rust panic turned into RuntimeException) and a
 *   missing library are logged by class name only and swallowed: a failed check must never crash
 *   the phone's SMS or call handling.
 * - Events go through one thread ([worker]) so they reach the core in the order Android delivered
 *   them, and never on the main thread.
 */
internal object Guard {
    private const val TAG = "SmsGuard"
    private val lock = Any()

    @Volatile
    private var opened = false

    /** One thread for every event: a call's start must reach the core before the SMS that follows it. */
    val worker: ExecutorService = Executors.newSingleThreadExecutor { task ->
        Thread(task, "smsguard-core").apply { isDaemon = true }
    }

    /** Milliseconds since the epoch, the clock Android stamps calls with; tests replace it. */
    @Volatile
    var clock: () -> Long = System::currentTimeMillis

    /**
     * Where the core keeps its state. Only `reports.csv` in it moves to a new phone (device-to-device
     * transfer, res/xml/data_extraction_rules.xml); the call and code log and the hashing key never
     * leave this phone. It used to live in noBackupFilesDir, which no transfer can reach; an old
     * directory is moved here once.
     */
    fun stateDir(context: Context): File {
        val dir = File(context.filesDir, "guard")
        val old = File(context.noBackupFilesDir, "guard")
        if (!dir.exists() && old.isDirectory) old.renameTo(dir)
        return dir
    }

    /**
     * An SMS received at [timestampMs], sent by its SMS centre at [sentMs] (0 when unknown). [sender]
     * and [body] are both null for a redacted notification of the SMS app: a code, sender unknown.
     */
    fun onSms(context: Context, sender: String?, body: String?, sentMs: Long, timestampMs: Long): Verdict? =
        call(context, "sms") { Verdict.parse(SmsGuardNative.onSms(sender, body, sentMs, timestampMs)) }

    fun onCall(
        context: Context,
        phase: Phase,
        number: String?,
        direction: Direction,
        contact: Contact,
        channel: Channel,
        timestampMs: Long,
    ): Verdict? = call(context, "call") {
        Verdict.parse(SmsGuardNative.onCall(phase.wire, number, direction.wire, contact.wire, channel.wire, timestampMs))
    }

    /** Adds a report; false when the core rejects the number or is unavailable. */
    fun reportAdd(context: Context, number: String, note: String?): Boolean =
        call(context, "report add") { SmsGuardNative.reportAdd(number, note, clock()); true } ?: false

    fun reportRemove(context: Context, number: String): Boolean =
        call(context, "report remove") { SmsGuardNative.reportRemove(number) } ?: false

    fun reports(context: Context): List<Report> = call(context, "report list") {
        val array = JSONArray(SmsGuardNative.reportList())
        (0 until array.length()).map { i ->
            val row = array.getJSONObject(i)
            Report(row.getString("number"), row.optLong("reported_at"), row.optString("note").takeIf { it.isNotEmpty() && !row.isNull("note") })
        }
    } ?: emptyList()

    fun exportReports(context: Context): String? = call(context, "report export") { SmsGuardNative.reportExport() }

    fun importReports(context: Context, csv: String): ImportSummary? = call(context, "report import") {
        val summary = JSONObject(SmsGuardNative.reportImport(csv))
        ImportSummary(summary.optInt("added"), summary.optInt("kept"), summary.optJSONArray("errors")?.length() ?: 0)
    }

    /** The core's warning history document (`SmsGuardNative.historyList`); null when the core is unavailable. */
    fun historyJson(context: Context): String? = call(context, "history") { SmsGuardNative.historyList() }

    fun rulesVersion(context: Context): String? = call(context, "rules version") { SmsGuardNative.rulesVersion() }

    /**
     * Why the core is not keeping its state (it then warns from memory only): a kind such as
     * `no_space` or `read_only`; null when the state is kept or the core is unavailable.
     */
    fun stateProblem(context: Context): String? =
        call(context, "state problem") { SmsGuardNative.stateProblem() }?.takeIf { it.isNotEmpty() }

    /** Whether the core can be used at all (the library loaded and the state directory opened). */
    fun available(context: Context): Boolean = ensureOpen(context)

    /**
     * Forgets that the core is open, as a new process would: the next call opens it again from
     * the state on disk. Also waits for queued events, so nothing of the old "process" is in flight.
     */
    fun forget() {
        drain()
        synchronized(lock) { opened = false }
    }

    /** Blocks until every event queued so far has been handled (tests, and [forget]). */
    fun drain() {
        worker.submit {}.get(30, TimeUnit.SECONDS)
    }

    private fun ensureOpen(context: Context): Boolean {
        if (opened) return true
        synchronized(lock) {
            if (opened) return true
            return try {
                SmsGuardNative.open(stateDir(context).absolutePath, null)
                opened = true
                true
            } catch (e: RuntimeException) {
                Log.e(TAG, "core open failed: ${e.javaClass.simpleName}")
                false
            } catch (e: LinkageError) {
                Log.e(TAG, "core library missing: ${e.javaClass.simpleName}")
                false
            }
        }
    }

    /** Runs [block] against the open core; any failure is logged by kind, never by content. */
    private fun <T> call(context: Context, what: String, block: () -> T): T? {
        if (!ensureOpen(context)) return null
        return try {
            block()
        } catch (e: IllegalArgumentException) {
            Log.w(TAG, "$what rejected by the core")
            null
        } catch (e: JSONException) {
            Log.e(TAG, "$what: the core returned malformed JSON")
            null
        } catch (e: RuntimeException) {
            Log.e(TAG, "$what failed: ${e.javaClass.simpleName}")
            null
        } catch (e: LinkageError) {
            Log.e(TAG, "$what: core library missing")
            null
        }
    }
}
