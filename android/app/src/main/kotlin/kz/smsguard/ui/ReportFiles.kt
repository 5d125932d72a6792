package kz.smsguard.ui

import android.content.Context
import android.net.Uri
import java.io.IOException

/** Reads and writes the CSV files the person picks in the system file picker. */
internal object ReportFiles {
    /** A list of reported numbers is small; anything bigger is not ours and is refused. */
    private const val MAX_BYTES = 1 shl 20

    fun write(context: Context, uri: Uri, csv: String): Boolean = try {
        context.contentResolver.openOutputStream(uri, "wt")?.use { it.write(csv.toByteArray(Charsets.UTF_8)) } != null
    } catch (e: IOException) {
        false
    } catch (e: SecurityException) {
        false
    }

    fun read(context: Context, uri: Uri): String? = try {
        context.contentResolver.openInputStream(uri)?.use { input ->
            val bytes = input.readNBytesCompat(MAX_BYTES + 1)
            if (bytes.size > MAX_BYTES) null else String(bytes, Charsets.UTF_8).removePrefix("\uFEFF")
        }
    } catch (e: IOException) {
        null
    } catch (e: SecurityException) {
        null
    }

    private fun java.io.InputStream.readNBytesCompat(limit: Int): ByteArray {
        val out = java.io.ByteArrayOutputStream()
        val buffer = ByteArray(8192)
        while (out.size() < limit) {
            val n = read(buffer, 0, minOf(buffer.size, limit - out.size()))
            if (n < 0) break
            out.write(buffer, 0, n)
        }
        return out.toByteArray()
    }
}
