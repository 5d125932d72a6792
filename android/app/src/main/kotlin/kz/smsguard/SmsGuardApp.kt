package kz.smsguard

import android.app.Application
import kz.smsguard.calls.CallStateWatcher
import kz.smsguard.setup.SelfCheckJob
import kz.smsguard.warn.WarningNotification

/**
 * Runs first in every process Android starts for us (an SMS, a call, a notification): the
 * warning channel must exist before the first warning, the in-process call-state callback only
 * hears calls while this process lives, so it is registered here each time, and the periodic
 * self-check is scheduled if it is not already (a no-op once it is).
 */
class SmsGuardApp : Application() {
    override fun onCreate() {
        super.onCreate()
        WarningNotification.ensureChannel(this)
        CallStateWatcher.register(this)
        SelfCheckJob.schedule(this)
    }
}
