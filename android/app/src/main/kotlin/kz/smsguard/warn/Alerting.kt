package kz.smsguard.warn

import android.content.Context
import android.media.AudioAttributes
import android.media.AudioManager
import android.media.ToneGenerator
import android.os.Build
import android.os.Handler
import android.os.Looper
import android.os.VibrationAttributes
import android.os.VibrationEffect
import android.os.Vibrator
import android.os.VibratorManager
import android.util.Log
import kz.smsguard.Preferences
import kz.smsguard.calls.CellularCalls

/**
 * What a person at the phone's ear feels and hears when a high or critical warning appears: the
 * window alone is never noticed while the screen is against a cheek.
 *
 * - The notification cannot do it: during a cellular call the platform mutes every notification
 *   that is not itself a call (AOSP NotificationAttentionHelper.disableNotificationEffects returns
 *   "callState" while the call state is not idle) and never vibrates one in a call
 *   (buzzBeepBlinkLocked: `!isInCall() && hasValidVibrate`). So the app vibrates and sounds itself.
 * - Vibration: [PATTERN_HIGH] / [PATTERN_CRITICAL], played once, never repeating over the call.
 *   USAGE_ALARM, because vibrations from a background process are dropped unless their usage is
 *   ringtone, alarm, notification, communication request or hardware feedback, and alarm also
 *   passes battery saver and silent mode (AOSP VibrationSettings BACKGROUND_PROCESS_USAGE_ALLOWLIST,
 *   BATTERY_SAVER_USAGE_ALLOWLIST, shouldVibrateForRingerModeLocked). The person's alarm-vibration
 *   intensity setting still applies, and switching vibration off for the phone wins.
 * - Sound, critical only: a short tone on STREAM_VOICE_CALL, the earpiece path of the call, the way
 *   the platform itself plays its in-call notification cue (NotificationAttentionHelper plays
 *   config_inCallNotificationSound with USAGE_VOICE_COMMUNICATION during a call). Played only
 *   while a call is off-hook: outside a call the phone is not at the ear and the vibration is
 *   enough. Whether a given phone routes a third-party tone into the earpiece during a cellular
 *   call cannot be checked without a device.
 *
 * Each can be switched off on the status screen (Preferences.vibrate, Preferences.sound).
 */
internal object Alerting {
    /**
     * Three strong pulses, 1.4 s in all: unlike a message buzz (one short pulse) or a ringtone
     * (long even on/off), and over before the person can mistake it for an incoming call.
     * Off/on milliseconds, starting with the delay.
     */
    val PATTERN_HIGH = longArrayOf(0, 350, 150, 350, 150, 400)

    /** The high pattern twice with a short gap: 3.3 s, felt even through a pocket or a case. */
    val PATTERN_CRITICAL = longArrayOf(0, 350, 150, 350, 150, 400, 500, 350, 150, 350, 150, 400)

    /** The in-call cue: the platform's intercept tone (alternating 440/620 Hz), 1.2 s. */
    const val TONE = ToneGenerator.TONE_SUP_INTERCEPT
    const val TONE_MS = 1_200

    /** Loud enough to cut through a voice, below the earpiece's maximum (0–100). */
    private const val TONE_VOLUME = 80

    private val main = Handler(Looper.getMainLooper())
    private var tone: ToneGenerator? = null

    /** Vibrates and sounds for [warning] as its level and the person's settings ask. Main thread. */
    fun start(context: Context, warning: Warning) {
        if (!warning.urgent) return
        val app = context.applicationContext
        if (Preferences.vibrate(app)) vibrate(app, if (warning.critical) PATTERN_CRITICAL else PATTERN_HIGH)
        if (warning.critical && Preferences.sound(app) && inCall(app)) playTone()
    }

    /** Stops whatever is still playing (the person already acted on the warning). */
    fun stop(context: Context) {
        vibrator(context.applicationContext)?.cancel()
        releaseTone()
    }

    private fun vibrate(context: Context, pattern: LongArray) {
        val vibrator = vibrator(context)?.takeIf { it.hasVibrator() } ?: return
        val effect = VibrationEffect.createWaveform(pattern, -1)
        try {
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
                vibrator.vibrate(effect, VibrationAttributes.createForUsage(VibrationAttributes.USAGE_ALARM))
            } else {
                @Suppress("DEPRECATION")
                vibrator.vibrate(effect, AudioAttributes.Builder().setUsage(AudioAttributes.USAGE_ALARM).build())
            }
        } catch (e: RuntimeException) {
            Log.w("SmsGuard", "vibration refused: ${e.javaClass.simpleName}")
        }
    }

    /** The default vibrator: through VibratorManager on API 31+, where Vibrator service lookups are deprecated. */
    private fun vibrator(context: Context): Vibrator? =
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
            context.getSystemService(VibratorManager::class.java)?.defaultVibrator
        } else {
            @Suppress("DEPRECATION")
            context.getSystemService(Vibrator::class.java)
        }

    private fun inCall(context: Context): Boolean {
        val mode = context.getSystemService(AudioManager::class.java)?.mode
        return mode == AudioManager.MODE_IN_CALL || mode == AudioManager.MODE_IN_COMMUNICATION ||
            CellularCalls.inCall(context)
    }

    private fun playTone() {
        releaseTone()
        val generator = try {
            ToneGenerator(AudioManager.STREAM_VOICE_CALL, TONE_VOLUME)
        } catch (e: RuntimeException) {
            // The audio system has no room for another player right now.
            Log.w("SmsGuard", "in-call tone unavailable: ${e.javaClass.simpleName}")
            return
        }
        tone = generator
        generator.startTone(TONE, TONE_MS)
        main.postDelayed({ if (tone === generator) releaseTone() }, TONE_MS + 200L)
    }

    private fun releaseTone() {
        tone?.release()
        tone = null
    }
}
