package kz.smsguard

import android.view.View
import android.widget.Button
import android.widget.TextView
import kz.smsguard.guard.Verdict
import kz.smsguard.testing.Phone
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.warn.Alerting
import kz.smsguard.warn.WarningPresenter
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/**
 * A verdict from another core version, or a bug on the other side of the bridge: missing, null or
 * odd fields. The shell never crashes, never shows "null", and when the core asked for a warning
 * the warning still reaches the person (fail towards warning).
 */
@RunWith(SmsGuardTestRunner::class)
class OddVerdictTest {
    private fun present(phone: Phone, json: String): View? {
        val verdict = Verdict.parse(json)
        assertNotNull("a verdict with a warning object is a verdict: $json", verdict)
        WarningPresenter.present(phone.app, verdict!!)
        phone.settle()
        return phone.overlays().singleOrNull()
    }

    private fun text(window: View, id: Int) = window.findViewById<TextView>(id)!!.text.toString()

    private fun vibration(phone: Phone) =
        shadowOf(phone.app.getSystemService(android.os.VibratorManager::class.java)!!.defaultVibrator).pattern

    /** JSON null is not the text "null": the missing language falls back, the missing headline too. */
    @Test
    @Config(qualifiers = "en")
    fun nullTextsAndHeadlinesFallBackAndAreNeverShownAsNull() {
        val phone = Phone()
        val window = present(
            phone,
            """{"level":"high","warning":{"headline":{"kk":null,"ru":"Стоп!","en":null},"kk":null,"ru":"Код пришёл во время звонка.","en":null,"hold_s":null},"caller":null,"reasons":null}""",
        )!!
        assertEquals("Стоп!", text(window, R.id.warning_headline))
        assertEquals("Код пришёл во время звонка.", text(window, R.id.warning_text))
        val notification = phone.warningNotification()!!
        val title = notification.extras.getCharSequence(android.app.Notification.EXTRA_TITLE).toString()
        assertEquals("Стоп!", title)
        for (shown in listOf(text(window, R.id.warning_headline), text(window, R.id.warning_text), title)) {
            assertFalse(shown, shown.contains("null"))
        }
    }

    @Test
    @Config(qualifiers = "ru")
    fun noHeadlineAtAllShowsTheWarningsTitle() {
        val phone = Phone()
        val window = present(phone, """{"level":"high","warning":{"kk":"Мәтін","ru":"Текст","en":"Text","hold_s":8}}""")!!
        assertEquals("Предупреждение SMS Guard", text(window, R.id.warning_headline))
        assertEquals("Текст", text(window, R.id.warning_text))
    }

    /** The core asked for a warning but sent only its headline: the person still sees it. */
    @Test
    @Config(qualifiers = "kk")
    fun aWarningWithAHeadlineButNoExplanationIsStillShown() {
        val phone = Phone()
        val window = present(phone, """{"level":"high","warning":{"headline":{"kk":"Тоқтаңыз!","ru":"Стоп!","en":"Stop!"},"hold_s":8}}""")
        assertNotNull("the warning reaches the person", window)
        assertEquals("Тоқтаңыз!", text(window!!, R.id.warning_headline))
        assertNotNull(phone.warningNotification())
    }

    /** An empty warning object still means the core wanted a warning: our own words stand in. */
    @Test
    @Config(qualifiers = "en")
    fun anEmptyWarningObjectOnAHighVerdictStillWarns() {
        val phone = Phone()
        val window = present(phone, """{"level":"high","warning":{}}""")
        assertNotNull("the warning reaches the person", window)
        assertTrue(text(window!!, R.id.warning_text).isNotBlank())
        assertNotNull(phone.warningNotification())
    }

    @Test
    @Config(qualifiers = "en")
    fun holdOutOfRangeIsClampedNegativeToNoneHugeToTheCap() {
        val phone = Phone()
        val negative = present(phone, """{"level":"high","warning":{"en":"Text","hold_s":-5}}""")!!
        assertTrue(negative.findViewById<Button>(R.id.warning_understood)!!.isEnabled)

        for (huge in listOf("2147483648", "1e300", "\"forever\"")) {
            val window = present(phone, """{"level":"critical","warning":{"en":"Text","hold_s":$huge}}""")!!
            val understood = window.findViewById<Button>(R.id.warning_understood)!!
            if (huge == "\"forever\"") {
                // Not a number at all: no hold rather than a locked button forever.
                assertTrue(huge, understood.isEnabled)
                continue
            }
            assertFalse(huge, understood.isEnabled)
            assertEquals(huge, "I understand (30)", understood.text.toString())
            phone.waitSeconds(30)
            assertTrue("$huge: unlocked after the cap", understood.isEnabled)
        }
    }

    /**
     * A level this shell does not know (a newer core's) with a warning: shown as at least high —
     * labelled, vibrating and covering the lock screen — never as a quiet "Caution".
     */
    @Test
    @Config(qualifiers = "en")
    fun anUnknownLevelWithAWarningIsTreatedAsHigh() {
        val phone = Phone()
        val window = present(phone, """{"level":"severe","warning":{"headline":{"en":"Stop!"},"en":"Text","hold_s":8}}""")!!
        assertEquals("Danger", text(window, R.id.warning_level))
        assertArrayEquals(Alerting.PATTERN_HIGH, vibration(phone))
        assertNotNull("covers the lock screen", phone.warningNotification()!!.fullScreenIntent)
    }

    @Test
    @Config(qualifiers = "en")
    fun aNullLevelWithAWarningIsTreatedAsHigh() {
        val phone = Phone()
        val window = present(phone, """{"level":null,"warning":{"en":"Text"}}""")!!
        assertEquals("Danger", text(window, R.id.warning_level))
        assertFalse(text(window, R.id.warning_level).contains("null"))
    }

    /** Right-to-left text, emoji and a very long explanation: laid out, scrollable, nothing cut. */
    @Test
    @Config(qualifiers = "en-w360dp-h640dp")
    fun rtlEmojiAndVeryLongTextsAreShownWhole() {
        val phone = Phone()
        val long = "⚠️ שים לב! لا تخبر أحدا بالرمز 👮‍♂️📦 " + "Do not tell the code to anyone. ".repeat(400)
        val json = org.json.JSONObject()
            .put("level", "high")
            .put("caller", "+77015550101")
            .put(
                "warning",
                org.json.JSONObject()
                    .put("headline", org.json.JSONObject().put("en", "🛑 עצור! توقف! Stop!"))
                    .put("en", long)
                    .put("hold_s", 8),
            ).toString()
        val window = present(phone, json)!!
        assertEquals(long, text(window, R.id.warning_text))
        val width = window.resources.displayMetrics.widthPixels
        window.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED))
        window.layout(0, 0, window.measuredWidth, window.measuredHeight)
        val body = window.findViewById<TextView>(R.id.warning_text)!!
        for (line in 0 until body.layout.lineCount) assertEquals(0, body.layout.getEllipsisCount(line))
        assertTrue("the window scrolls", window is android.widget.ScrollView)
        // Android itself cuts a notification's text at 5 KB (Notification.safeCharSequence); the start is kept.
        val big = phone.warningNotification()!!.extras.getCharSequence(android.app.Notification.EXTRA_BIG_TEXT).toString()
        assertTrue(long.startsWith(big.take(1000)))
    }

    /**
     * The fields the screen reads from the verdict alone (#12): a wrong type counts as missing, a
     * missing level name falls back to the app's own, and a channel this shell does not know is no
     * call to end; "reported" is the verdict's boolean, never a string that looks like one.
     */
    @Test
    @Config(qualifiers = "ru")
    fun levelNameChannelAndReportedOfTheWrongTypeCountAsMissing() {
        val phone = Phone()
        phone.grant(android.Manifest.permission.ANSWER_PHONE_CALLS)
        kz.smsguard.calls.CallLedger(phone.app).cellState = android.telephony.TelephonyManager.CALL_STATE_OFFHOOK
        val json = """{"level":"medium","warning":{"ru":"Текст","level_name":{"ru":null,"kk":7}},"caller":42,"channel":"pigeon","caller_reported":"true"}"""
        val verdict = Verdict.parse(json)!!
        assertEquals(null, verdict.channel)
        assertFalse(verdict.callerReported)
        val window = present(phone, json)!!
        assertEquals(phone.app.getString(R.string.level_medium), text(window, R.id.warning_level))
        assertEquals(View.GONE, window.findViewById<TextView>(R.id.warning_caller)!!.visibility)
        assertEquals("no known call, nothing to end", View.GONE, window.findViewById<Button>(R.id.warning_end_call)!!.visibility)
    }

    /** The level's name is the verdict's, in the app's language. */
    @Test
    @Config(qualifiers = "kk")
    fun theLevelNameComesFromTheVerdict() {
        val phone = Phone()
        val window = present(phone, """{"level":"low","warning":{"kk":"Мәтін","level_name":{"kk":"Абайлаңыз","ru":"Осторожно","en":"Careful"}},"channel":"cellular"}""")!!
        assertEquals("Абайлаңыз", text(window, R.id.warning_level))
    }

    /** Not a verdict at all: nothing shown, nothing thrown. */
    @Test
    fun garbageIsNoVerdictAndNoCrash() {
        Phone()
        for (json in listOf("", "null", "[]", "{", "\"high\"", "{\"level\":\"high\",\"warning\":\"Stop\"}", "{\"level\":\"high\",\"warning\":[1,2]}")) {
            val verdict = Verdict.parse(json)
            if (verdict != null) WarningPresenter.present(org.robolectric.RuntimeEnvironment.getApplication(), verdict)
        }
    }
}
