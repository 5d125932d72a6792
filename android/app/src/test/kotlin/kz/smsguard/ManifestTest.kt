package kz.smsguard

import android.Manifest
import android.content.pm.PackageManager
import java.io.File
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RuntimeEnvironment

/** The manifest's promises: no network, a receiver no app can fake, and nothing exported unprotected. */
@RunWith(SmsGuardTestRunner::class)
class ManifestTest {
    private val app = RuntimeEnvironment.getApplication()
    private val info = app.packageManager.getPackageInfo(
        app.packageName,
        PackageManager.GET_PERMISSIONS or PackageManager.GET_RECEIVERS or PackageManager.GET_SERVICES or PackageManager.GET_ACTIVITIES,
    )

    @Test
    fun noInternet() {
        val requested = info.requestedPermissions.orEmpty().toList()
        assertFalse(requested.contains(Manifest.permission.INTERNET))
        assertTrue(requested.contains(Manifest.permission.RECEIVE_SMS))
        // The source manifest too, so a later merge cannot hide it.
        val source = File(System.getProperty("smsguard.android.dir") ?: "..", "app/src/main/AndroidManifest.xml")
        if (source.exists()) assertFalse(source.readText().contains("android.permission.INTERNET\""))
    }

    @Test
    fun smsReceiverOnlyHearsTheTelephonyStack() {
        val receiver = info.receivers!!.single { it.name == "kz.smsguard.sms.SmsReceiver" }
        assertTrue(receiver.exported)
        assertEquals(Manifest.permission.BROADCAST_SMS, receiver.permission)
    }

    @Test
    fun everyExportedComponentIsProtected() {
        val expected = mapOf(
            "kz.smsguard.sms.SmsReceiver" to Manifest.permission.BROADCAST_SMS,
            "kz.smsguard.calls.PhoneStateReceiver" to Manifest.permission.READ_PHONE_STATE,
            "kz.smsguard.calls.ScreeningService" to Manifest.permission.BIND_SCREENING_SERVICE,
            "kz.smsguard.notify.NotificationWatcher" to Manifest.permission.BIND_NOTIFICATION_LISTENER_SERVICE,
        )
        val components: List<Pair<android.content.pm.ComponentInfo, String?>> =
            (info.receivers.orEmpty().toList() + info.activities.orEmpty().toList()).map { it to it.permission } +
                info.services.orEmpty().map { it to it.permission }
        val exported = components.filter { it.first.exported }.associate { it.first.name to it.second }
        // The launcher activity is the one thing a person opens; everything else Android reaches is guarded.
        assertEquals(expected + ("kz.smsguard.ui.MainActivity" to null), exported)
        assertNotNull(components.single { it.first.name == "kz.smsguard.ui.WarningActivity" })
    }
}
