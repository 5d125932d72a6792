package kz.smsguard.setup

import android.content.Context
import android.content.pm.PackageInstaller
import android.content.pm.PackageManager
import android.os.Build

/**
 * Android's "restricted settings" for apps installed from a file rather than a store.
 *
 * - Android 13–14: notification access (and accessibility, which we do not use) is greyed out
 *   until the person opens App info → ⋮ → "Allow restricted settings"; that menu item appears only
 *   after they have tried to switch the setting on once and seen the "Restricted setting" dialog.
 * - Android 15+: the same protection (EnhancedConfirmationService, packages/modules/Permission
 *   `service/java/com/android/ecm/EnhancedConfirmationService.java`, PER_PACKAGE_PROTECTED_SETTINGS)
 *   covers SEND_SMS, RECEIVE_SMS, READ_SMS, RECEIVE_MMS, RECEIVE_WAP_PUSH, READ_CELL_BROADCASTS,
 *   the SMS group, BIND_DEVICE_ADMIN, the app ops BIND_ACCESSIBILITY_SERVICE, ACCESS_NOTIFICATIONS,
 *   SYSTEM_ALERT_WINDOW, GET_USAGE_STATS, LOADER_USAGE_STATS, and the dialer and SMS roles.
 *   Of ours: RECEIVE_SMS, "display over other apps" and notification access. READ_PHONE_STATE,
 *   READ_CONTACTS, ANSWER_PHONE_CALLS, POST_NOTIFICATIONS and the call-screening role are not on
 *   the list.
 * - Who is guarded: an app whose install source is a local or downloaded file
 *   (InstallSourceInfo.getPackageSource, API 33; ECM `isPackageEcmGuarded` treats those two as
 *   always untrusted), otherwise one whose installer is not on the device's trusted list.
 *
 * Android does not tell the app itself whether the person has already allowed restricted
 * settings: the state is the app op `android:access_restricted_settings`, which AppOpsManager
 * marks `setRestrictRead(true)`, and AppOpsService.verifyIncomingOp refuses to read such an op
 * (even for the app's own uid) without MANAGE_APPOPS, a signature permission — the query throws
 * SecurityException on every phone. So the walkthrough is shown to a sideloaded install while one
 * of the restricted items is still off, and its text says to skip it when that step is done.
 */
internal object RestrictedSettings {
    /** Which checklist items Android restricts for a sideloaded app on [sdk]. */
    fun restrictedKeys(sdk: Int = Build.VERSION.SDK_INT): Set<String> = when {
        sdk >= Build.VERSION_CODES.VANILLA_ICE_CREAM -> setOf(Checklist.SMS, Checklist.OVERLAY, Checklist.LISTENER)
        sdk >= Build.VERSION_CODES.TIRAMISU -> setOf(Checklist.LISTENER)
        else -> emptySet()
    }

    /**
     * Whether Android may hold restricted settings back from this install: a version with
     * restricted settings, and installed from a file. Whether the person already allowed them
     * cannot be read (see above).
     */
    fun active(context: Context): Boolean = restrictedKeys().isNotEmpty() && sideloaded(context)

    /**
     * Installed from an APK file: the system's package installer (or another app acting on a
     * file) installed us, or the install session said the source was a local or downloaded file.
     * An install with no installer recorded (adb) is not counted: that is a developer's phone.
     */
    fun sideloaded(context: Context): Boolean {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.R) return false
        val info = try {
            context.packageManager.getInstallSourceInfo(context.packageName)
        } catch (e: PackageManager.NameNotFoundException) {
            return false
        } catch (e: RuntimeException) {
            return false
        }
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            when (info.packageSource) {
                PackageInstaller.PACKAGE_SOURCE_LOCAL_FILE, PackageInstaller.PACKAGE_SOURCE_DOWNLOADED_FILE -> return true
                PackageInstaller.PACKAGE_SOURCE_STORE -> return false
            }
        }
        return info.installingPackageName in FILE_INSTALLERS
    }

    /** The platform's and vendors' package installers: an app they install came from a file. */
    val FILE_INSTALLERS = setOf(
        "com.google.android.packageinstaller",
        "com.android.packageinstaller",
        "com.samsung.android.packageinstaller",
        "com.miui.packageinstaller",
    )
}
