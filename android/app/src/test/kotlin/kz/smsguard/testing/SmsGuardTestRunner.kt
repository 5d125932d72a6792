package kz.smsguard.testing

import org.junit.runners.model.FrameworkMethod
import org.robolectric.RobolectricTestRunner
import org.robolectric.internal.bytecode.InstrumentationConfiguration

/**
 * Robolectric, with one change: the native surface is loaded by the JVM's own class loader, not
 * by each Robolectric sandbox. A JVM lets only one class loader load a given native library, and
 * tests in different sandboxes (the PNG renderer runs in native-graphics mode) would otherwise
 * each try to load libsmsguard.so.
 */
class SmsGuardTestRunner(testClass: Class<*>) : RobolectricTestRunner(testClass) {
    override fun createClassLoaderConfig(method: FrameworkMethod): InstrumentationConfiguration =
        InstrumentationConfiguration.Builder(super.createClassLoaderConfig(method))
            .doNotAcquireClass("kz.smsguard.core.SmsGuardNative")
            .build()
}
