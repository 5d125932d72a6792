package kz.smsguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kotlin cannot pass null where it declared {@code String}, but Java (and reflection) can; the
 * library answers with IllegalArgumentException naming the parameter, and keeps working.
 */
class NullArgumentsTest {
    private static final SmsGuardNative NATIVE = SmsGuardNative.INSTANCE;

    @TempDir
    Path stateDir;

    @BeforeEach
    void open() {
        NATIVE.open(stateDir.toString(), null);
    }

    @Test
    void everyNonNullParameterRejectsNull() {
        assertNullRejected("stateDir", () -> NATIVE.open(null, null));
        assertNullRejected("contact", () -> NATIVE.onCall("start", null, "incoming", null, "cellular", 0));
        assertNullRejected("phase", () -> NATIVE.onCall(null, null, "incoming", "no", "cellular", 0));
        assertNullRejected("direction", () -> NATIVE.onCall("start", null, null, "no", "cellular", 0));
        assertNullRejected("channel", () -> NATIVE.onCall("start", null, "incoming", "no", null, 0));
        assertNullRejected("number", () -> NATIVE.reportAdd(null, null, 0));
        assertNullRejected("number", () -> NATIVE.reportRemove(null));
        assertNullRejected("csv", () -> NATIVE.reportImport(null));
        // The guard opened before the null open is still the one answering.
        assertEquals("[]", NATIVE.reportList().replaceAll("\\s", ""));
    }

    @Test
    void nullWhereKotlinAllowsItIsAccepted() {
        NATIVE.onCall("start", null, "incoming", "no", "whatsapp", 1_732_440_000_000L);
        // A redacted notification's code: sender and text both null.
        assertTrue(NATIVE.onSms(null, null, 0, 1_732_440_000_000L).contains("\"is_otp\":true"));
        NATIVE.reportAdd("+77015550101", null, 1_732_440_000_000L);
        assertTrue(NATIVE.reportList().contains("7015550101"));
    }

    private static void assertNullRejected(String parameter, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter), e.getMessage());
    }
}
