package kz.smsguard.core

import java.io.File

/**
 * What a second JVM does for [ProcessDeathTest] and [PrivacyLogTest]; the first argument picks it.
 *
 * - `call STATE_DIR`: a stranger's call is answered, then `READY`, then it waits to be killed.
 * - `sms STATE_DIR`: the eGov code arrives 60 s after the call began; prints the verdict.
 * - `corpus STATE_DIR CORPUS`: every corpus SMS arrives during a stranger's call; prints
 *   `warned N of M`.
 * - `unwritable STATE_PATH`: the story on a state path that cannot be a directory; prints the
 *   verdict, then the class of what `reportAdd` threw (or `none`), then `stateProblem()`.
 * - `panic STATE_DIR`: ten deliberate panics, each caught as an exception; prints the exception
 *   classes seen, then the verdict of the story's code (for [PanicTest], whose log lines stay in
 *   this JVM's stderr rather than the build's output).
 */
object ChildMain {
    @JvmStatic
    fun main(args: Array<String>) {
        SmsGuardNative.open(args[1], null)
        when (args[0]) {
            "call" -> {
                Story.strangerAnswered()
                println("READY")
                System.out.flush()
                Thread.sleep(Long.MAX_VALUE)
            }
            "sms" -> println(SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, Story.T0 + 60_000))
            "corpus" -> println(runCorpus(File(args[2])))
            "unwritable" -> {
                Story.strangerAnswered()
                println(SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, Story.T0 + 60_000))
                println(
                    try {
                        SmsGuardNative.reportAdd(Story.CALLER, null, Story.T0)
                        "none"
                    } catch (e: RuntimeException) {
                        e.javaClass.name
                    },
                )
                println(SmsGuardNative.stateProblem())
            }
            "panic" -> {
                val seen = (1..10).map {
                    try {
                        BridgeTestHooks.panic()
                        "none"
                    } catch (e: RuntimeException) {
                        e.javaClass.name + (if (e.message!!.contains("panic")) "" else " without the word panic")
                    }
                }
                println(seen.toSet().joinToString())
                Story.strangerAnswered()
                println(SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, Story.T0 + 60_000))
            }
            else -> error("unknown mode ${args[0]}")
        }
    }

    private fun runCorpus(corpus: File): String {
        val messages = Corpus.read(corpus)
        var warned = 0
        messages.forEachIndexed { i, m ->
            // Each message gets its own stranger's call, well apart from the previous one.
            val t = Story.T0 + i * 3_600_000L
            val caller = Corpus.callers[i % Corpus.callers.size]
            SmsGuardNative.onCall("start", caller, "incoming", false, "cellular", t)
            SmsGuardNative.onCall("answered", caller, "incoming", false, "cellular", t + 5_000)
            val verdict = json(SmsGuardNative.onSms(m.sender, m.body, t + 30_000))
            if (verdict.level() != "none") warned++
            SmsGuardNative.onCall("ended", caller, "incoming", false, "cellular", t + 120_000)
            if (i % 10 == 0) SmsGuardNative.reportAdd(caller, "corpus", t)
        }
        return "warned $warned of ${messages.size}"
    }
}
