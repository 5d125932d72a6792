package kz.smsguard

import java.io.File
import kz.smsguard.guard.Guard
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

/**
 * A device-to-device transfer (Android 12+) moves only what res/xml/data_extraction_rules.xml
 * includes: the core's reports.csv and the settings, never the event log, the key or the call
 * ledger. The new phone must open that state, keep the reports and still warn.
 */
@RunWith(SmsGuardTestRunner::class)
class TransferTest {
    @Test
    fun reportedNumbersAloneOpenOnTheNewPhoneAndStillRaiseTheWarning() {
        val phone = Phone()
        assertTrue(Guard.reportAdd(phone.app, CALLER, "fake courier"))
        phone.unknownCallAnswered()
        Guard.drain()
        val dir = Guard.stateDir(phone.app)
        assertEquals(File(phone.app.filesDir, "guard"), dir)
        assertTrue(File(dir, "reports.csv").isFile)

        // What arrives on the new phone: reports.csv only.
        phone.newProcess()
        dir.listFiles()!!.filter { it.name != "reports.csv" }.forEach { it.deleteRecursively() }
        phone.app.getSharedPreferences("calls", android.content.Context.MODE_PRIVATE).edit().clear().commit()

        assertEquals(listOf(CALLER), Guard.reports(phone.app).map { it.number })
        phone.now = T0 + 3_600_000
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals(1, phone.overlays().size)
    }

    @Test
    fun theOldStateDirectoryIsMovedOnce() {
        val phone = Phone()
        phone.newProcess()
        val dir = File(phone.app.filesDir, "guard")
        dir.deleteRecursively()
        val old = File(phone.app.noBackupFilesDir, "guard").apply { mkdirs() }
        File(old, "reports.csv").writeText("number,reported_at,note\n+77015550101,1732526400000,courier\n")
        assertEquals(dir, Guard.stateDir(phone.app))
        assertFalse(old.exists())
        assertEquals(listOf("+77015550101"), Guard.reports(phone.app).map { it.number })
    }
}
