package kz.smsguard.testing

import java.io.ByteArrayOutputStream

/**
 * Real GSM 03.40 SMS-DELIVER PDUs, as a modem hands them to Android, so the tests exercise the
 * platform's own decoder (SmsMessage.createFromPdu via Telephony.Sms.Intents.getMessagesFromIntent).
 */
object Pdus {
    private const val UCS2 = 0x08
    private const val GSM7 = 0x00
    private const val UCS2_CHARS_PER_PART = 67 // 140 octets less the 6-octet concatenation header, / 2

    /** UCS-2 (Cyrillic, Kazakh letters); longer than 70 characters → concatenated parts with a shared [ref]. */
    fun ucs2(sender: String, text: String, ref: Int = 0x2A): Array<ByteArray> {
        if (text.length <= 70) return arrayOf(pdu(sender, UCS2, null, utf16be(text)))
        val parts = text.chunked(UCS2_CHARS_PER_PART)
        return parts.mapIndexed { i, part ->
            val udh = byteArrayOf(0x05, 0x00, 0x03, ref.toByte(), parts.size.toByte(), (i + 1).toByte())
            pdu(sender, UCS2, udh, utf16be(part))
        }.toTypedArray()
    }

    /** A single-part message in the GSM default alphabet (ASCII letters, digits and basic punctuation only). */
    fun gsm7(sender: String, text: String): Array<ByteArray> {
        require(text.length <= 160 && text.all { it.isLetterOrDigit() && it.code < 128 || it in " .,:-" })
        val septets = text.map { it.code }
        val ud = pack7(septets)
        return arrayOf(pdu(sender, GSM7, null, ud, udl = septets.size))
    }

    /**
     * The same PDUs with the SMS centre's timestamp (TP-SCTS) set to [sentMs], in UTC: what
     * SmsMessage.getTimestampMillis() then reads back, to the second.
     */
    fun sentAt(pdus: Array<ByteArray>, sentMs: Long): Array<ByteArray> {
        val t = java.time.Instant.ofEpochMilli(sentMs).atZone(java.time.ZoneOffset.UTC)
        val fields = listOf(t.year % 100, t.monthValue, t.dayOfMonth, t.hour, t.minute, t.second, 0)
        val scts = fields.map { v -> ((v % 10) shl 4 or (v / 10)).toByte() }
        return pdus.map { pdu ->
            val at = 6 + (pdu[2].toInt() + 1) / 2 // SMSC length, first octet, address length and type, address, PID, DCS
            pdu.copyOf().also { scts.forEachIndexed { i, b -> it[at + i] = b } }
        }.toTypedArray()
    }

    private fun pdu(sender: String, dcs: Int, udh: ByteArray?, ud: ByteArray, udl: Int? = null): ByteArray {
        val out = ByteArrayOutputStream()
        out.write(0x00) // no SMSC address
        out.write(0x04 or (if (udh != null) 0x40 else 0)) // SMS-DELIVER, no more messages, UDHI
        address(out, sender)
        out.write(0x00) // TP-PID
        out.write(dcs)
        out.write(byteArrayOf(0x42, 0x11, 0x52, 0x21, 0x00, 0x00, 0x02)) // 2024-11-25 12:00:00 +05:00
        val body = (udh ?: ByteArray(0)) + ud
        out.write(udl ?: body.size)
        out.write(body)
        return out.toByteArray()
    }

    private fun address(out: ByteArrayOutputStream, sender: String) {
        val digits = sender.removePrefix("+")
        if (digits.all { it.isDigit() }) {
            out.write(digits.length)
            out.write(if (sender.startsWith("+")) 0x91 else 0x81)
            for (i in digits.indices step 2) {
                val low = digits[i] - '0'
                val high = if (i + 1 < digits.length) digits[i + 1] - '0' else 0xF
                out.write((high shl 4) or low)
            }
        } else {
            val packed = pack7(sender.map { it.code })
            out.write((sender.length * 7 + 3) / 4) // useful semi-octets
            out.write(0xD0) // alphanumeric
            out.write(packed)
        }
    }

    private fun pack7(septets: List<Int>): ByteArray {
        val out = ByteArrayOutputStream()
        var acc = 0
        var bits = 0
        for (s in septets) {
            acc = acc or (s shl bits)
            bits += 7
            while (bits >= 8) {
                out.write(acc and 0xFF)
                acc = acc ushr 8
                bits -= 8
            }
        }
        if (bits > 0) out.write(acc and 0xFF)
        return out.toByteArray()
    }

    private fun utf16be(text: String): ByteArray = text.toByteArray(Charsets.UTF_16BE)
}
