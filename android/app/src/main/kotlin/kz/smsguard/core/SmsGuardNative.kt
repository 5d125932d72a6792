package kz.smsguard.core

/**
 * The whole native surface of `libsmsguard.so` (Rust: `android/bridge/src/lib.rs`, one export per
 * function here, marked `SYNC`). Only strings, primitives and JSON strings cross.
 *
 * Every function may throw:
 * - [IllegalArgumentException] for input the core rejects (an unknown phase, direction or channel,
 *   an invalid number, a rules override that does not load) or a `null` passed from Java;
 * - [IllegalStateException] before [open] has succeeded, or when a report change could not be
 *   saved (disk full, directory read-only; the change still counts until the process ends);
 * - a plain [RuntimeException] for a bug in the Rust code (a panic), after which the library
 *   keeps working.
 *
 * Thread-safe: SMS and call events may arrive on different threads at once.
 * Release builds need the keep rules in `proguard-rules.pro`, or R8 renames these methods.
 */
internal object SmsGuardNative {
    init {
        System.loadLibrary("smsguard")
    }

    /**
     * Opens the guard on [stateDir] (created if missing; state there survives the process), with
     * the rule pack from [rulesDir] or, when null, the one built into the library. Opening again
     * replaces the open guard: if the rules do not load, the open guard stays. A state directory
     * that cannot be written still gives a guard: it runs in memory, every verdict says so in
     * `state_error`, and it keeps trying to save.
     */
    external fun open(stateDir: String, rulesDir: String?)

    /**
     * An SMS arrived at [timestampMs]; [body] is null when Android hid it, and [sender] and [body]
     * both null for a redacted notification of the SMS app (a code from an unknown sender).
     * [sentMs] is the SMS centre's time (`SmsMessage.getTimestampMillis()`), 0 when unknown.
     * Returns the verdict JSON, worked out before anything is saved: a full or read-only disk
     * never costs the warning, it only adds `state_error` (`"<kind>: <what failed>"`).
     */
    external fun onSms(sender: String?, body: String?, sentMs: Long, timestampMs: Long): String

    /**
     * A call changed [phase] (`start`, `answered`, `ended`); [number] is null when hidden;
     * [direction] is `incoming` or `outgoing`; [contact] is `yes`, `no` or `unknown` (Android did
     * not say); [channel] is `cellular`, `whatsapp`, `telegram` or `other`. Returns the verdict
     * JSON (an `answered` can itself carry a warning).
     */
    external fun onCall(
        phase: String,
        number: String?,
        direction: String,
        contact: String,
        channel: String,
        timestampMs: Long,
    ): String

    /** The person marked [number] as a scammer. */
    external fun reportAdd(number: String, note: String?, timestampMs: Long)

    /** Returns whether [number] was reported. */
    external fun reportRemove(number: String): Boolean

    /** JSON array of `{number, reported_at, note}`. */
    external fun reportList(): String

    /** CSV with the header `number,reported_at,note`. */
    external fun reportExport(): String

    /** Merges [csv] into the reports; returns `{added, kept, errors: [{line, message}]}`. */
    external fun reportImport(csv: String): String

    /**
     * The warning history, newest first: `{"moments": [{ts, level, situation, reasons, sender,
     * sender_kind, caller, caller_kind, channel, summary: {kk, ru, en}, reported}], "damaged": [..]}`
     * (`damaged` says what of the history could not be read). Never a body or a code.
     */
    external fun historyList(): String

    /** The version of the rule pack the open guard uses. */
    external fun rulesVersion(): String

    /**
     * Why the guard is not keeping its state directory (it then warns from memory only, and a call
     * before the app is closed is forgotten): `no_space`, `read_only`, `permission`,
     * `not_a_directory`, `busy` or `io`; empty when the state is kept.
     */
    external fun stateProblem(): String
}
