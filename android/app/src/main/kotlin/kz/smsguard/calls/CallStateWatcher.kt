package kz.smsguard.calls

import android.Manifest
import android.annotation.TargetApi
import android.content.Context
import android.os.Build
import android.telephony.PhoneStateListener
import android.telephony.TelephonyCallback
import android.telephony.TelephonyManager
import android.util.Log

/**
 * Listens to cellular call state inside the running process: [TelephonyCallback] on API 31+,
 * the older [PhoneStateListener] below. It hears changes the moment they happen; the manifest's
 * [PhoneStateReceiver] covers the times the process is not running.
 */
internal object CallStateWatcher {
    private var registered: Any? = null

    /** Registers once per process, and only when READ_PHONE_STATE is granted. */
    @Synchronized
    fun register(context: Context) {
        if (registered != null || !Contacts.granted(context, Manifest.permission.READ_PHONE_STATE)) return
        val app = context.applicationContext
        val telephony = app.getSystemService(TelephonyManager::class.java) ?: return
        registered = try {
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
                CallStateCallback(app).also { telephony.registerTelephonyCallback(app.mainExecutor, it) }
            } else {
                LegacyCallStateListener(app).also {
                    @Suppress("DEPRECATION")
                    telephony.listen(it, PhoneStateListener.LISTEN_CALL_STATE)
                }
            }
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "call state not available: permission revoked")
            null
        }
    }

    /**
     * Drops the registration as the death of the process would, callback included (tests): a
     * dead process hears no more call states.
     */
    @Synchronized
    fun forget(context: Context) {
        val callback = registered ?: return
        registered = null
        val telephony = context.applicationContext.getSystemService(TelephonyManager::class.java) ?: return
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S && callback is TelephonyCallback) {
            telephony.unregisterTelephonyCallback(callback)
        } else if (callback is PhoneStateListener) {
            @Suppress("DEPRECATION")
            telephony.listen(callback, PhoneStateListener.LISTEN_NONE)
        }
    }

    @TargetApi(Build.VERSION_CODES.S)
    private class CallStateCallback(private val app: Context) : TelephonyCallback(), TelephonyCallback.CallStateListener {
        override fun onCallStateChanged(state: Int) = CellularCalls.onState(app, state, null)
    }

    @Suppress("DEPRECATION")
    private class LegacyCallStateListener(private val app: Context) : PhoneStateListener() {
        @Deprecated("Replaced by TelephonyCallback on API 31+")
        override fun onCallStateChanged(state: Int, phoneNumber: String?) = CellularCalls.onState(app, state, phoneNumber)
    }
}
