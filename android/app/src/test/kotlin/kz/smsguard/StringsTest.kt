package kz.smsguard

import java.io.File
import javax.xml.parsers.DocumentBuilderFactory
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** Every string exists in English, Russian and Kazakh, and the Kazakh file is written in Kazakh. */
class StringsTest {
    private val res = File(System.getProperty("smsguard.android.dir") ?: "..", "app/src/main/res")

    private fun strings(folder: String): Map<String, String> {
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(File(res, "$folder/strings.xml"))
        val nodes = doc.getElementsByTagName("string")
        return (0 until nodes.length).associate { i ->
            val node = nodes.item(i)
            node.attributes.getNamedItem("name").nodeValue to node.textContent
        }
    }

    @Test
    fun everyLanguageHasEveryString() {
        val en = strings("values")
        for (folder in listOf("values-ru", "values-kk")) {
            assertEquals("$folder must translate every string", en.keys, strings(folder).keys)
        }
    }

    @Test
    fun kazakhIsKazakh() {
        val kk = strings("values-kk")
        val ru = strings("values-ru")
        val kazakhLetters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
        val sentences = kk.filterKeys { it !in setOf("app_name", "lang_code", "warning_caller", "rules_version") }
        val withKazakhLetters = sentences.values.count { text -> text.any { it in kazakhLetters } }
        assertTrue("most Kazakh strings use Kazakh letters ($withKazakhLetters of ${sentences.size})", withKazakhLetters * 10 >= sentences.size * 7)
        val copiedFromRussian = sentences.filter { (name, text) -> ru[name] == text && text.length > 12 }
        assertTrue("copied from Russian: ${copiedFromRussian.keys}", copiedFromRussian.isEmpty())
    }

    @Test
    fun placeholdersMatch() {
        val en = strings("values")
        val placeholder = Regex("%\\d\\$[sd]")
        for (folder in listOf("values-ru", "values-kk")) {
            for ((name, text) in strings(folder)) {
                assertEquals("$folder/$name", placeholder.findAll(en.getValue(name)).map { it.value }.toSet(), placeholder.findAll(text).map { it.value }.toSet())
            }
        }
    }
}
