package kz.smsguard.setup

import android.content.Context
import kz.smsguard.Preferences
import kz.smsguard.R
import kz.smsguard.guard.Guard
import kz.smsguard.notify.ListenerState

/**
 * Notices when protection breaks after it was set up: a permission revoked (by the person, or by
 * Android's hibernation of unused apps), the screening role taken by another app, notification
 * access lost or its service disconnected, notifications switched off, the core library failing
 * to load, the core unable to keep its state (it still warns, from memory, but forgets a call when
 * the app is closed). What is broken is shown by [ProtectionNotification] ("SMS Guard is not protecting
 * you: …", persistent) and on the status screen, each with its fix.
 *
 * Runs when something reports a change (the notification listener connects or disconnects, a
 * warning could not be posted, the status screen opens) and periodically ([SelfCheckJob]) for what
 * nothing reports: Android sends no broadcast when a permission or role is revoked.
 */
internal object SelfCheck {
    const val ENGINE = "engine"
    const val STORAGE = "storage"
    const val LISTENER_DISCONNECTED = "listener_disconnected"

    /**
     * What is broken now, the most important first: the engine, its storage, then the disconnected
     * listener, then the required checklist items that are off. Opens the core: not on the main thread.
     */
    fun problems(context: Context): List<Check> {
        val app = context.applicationContext
        val problems = mutableListOf<Check>()
        if (!Guard.available(app)) {
            problems += Check(ENGINE, R.string.problem_engine, R.string.status_engine_missing, ok = false, fix = Fix.Screen(Checklist.appDetails(app)))
        } else if (Guard.stateProblem(app) != null) {
            problems += Check(
                STORAGE, R.string.problem_storage, R.string.problem_storage_fix,
                ok = false, fix = Fix.Screen(android.content.Intent(android.provider.Settings.ACTION_INTERNAL_STORAGE_SETTINGS)),
            )
        }
        val checks = Checklist.items(app)
        val listenerGranted = checks.any { it.key == Checklist.LISTENER && it.ok }
        if (listenerGranted && !ListenerState.connected(app)) {
            problems += Check(
                LISTENER_DISCONNECTED, R.string.problem_listener_disconnected, R.string.problem_listener_disconnected_fix,
                ok = false, fix = Fix.Screen(android.content.Intent(android.provider.Settings.ACTION_NOTIFICATION_LISTENER_SETTINGS)),
            )
        }
        problems += checks.filter { it.required && it.known && !it.ok && it.key != Checklist.RESTRICTED }
        return problems
    }

    /**
     * Checks and tells: clears the "not protecting" notification when all is well (and remembers
     * that setup was complete once); posts it when something broke after that. Before setup was
     * ever complete, the status screen's checklist is the guide and nothing is posted.
     */
    fun run(context: Context): List<Check> {
        val app = context.applicationContext
        val problems = problems(app)
        if (problems.isEmpty()) {
            Preferences.setSetupDone(app)
            ProtectionNotification.cancel(app)
        } else if (Preferences.setupDone(app)) {
            ProtectionNotification.show(app, problems)
        }
        return problems
    }

    /** [run] on the core's worker thread, after any event already queued. */
    fun runSoon(context: Context) {
        val app = context.applicationContext
        Guard.worker.execute { run(app) }
    }
}
