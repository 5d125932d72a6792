package kz.smsguard.calls

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.os.SystemClock
import kz.smsguard.guard.Guard

/**
 * After a reboot no call is in progress, whatever the ledger last heard: a phone switched off
 * mid-call sends no IDLE. Every call the ledger still holds ends at the moment the phone started
 * (the clock now, less the time since boot), so the core does not count a call "in progress"
 * across the reboot, and the next RINGING or OFFHOOK is a change again.
 *
 * BOOT_COMPLETED only, not LOCKED_BOOT_COMPLETED: the ledger and the core's state are in
 * credential-encrypted storage, readable only after the first unlock, and this app is not
 * direct-boot aware (README, "Reboot and direct boot").
 */
class BootReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != Intent.ACTION_BOOT_COMPLETED) return
        val app = context.applicationContext
        val bootedAt = Guard.clock() - SystemClock.elapsedRealtime()
        val calls = CallLedger(app).takeAll()
        val pending = goAsync()
        CellularCalls.endAll(app, calls, bootedAt) { pending?.finish() }
        CallStateWatcher.register(app)
    }
}
