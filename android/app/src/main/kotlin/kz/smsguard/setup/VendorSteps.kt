package kz.smsguard.setup

import android.content.ComponentName
import android.content.Context
import android.content.Intent
import android.os.Build
import kz.smsguard.R

/**
 * Settings that phone makers add on top of Android and that switch SMS Guard off in practice.
 * Android reports none of them to apps, so these rows cannot show a state: each opens the
 * maker's screen where an intent for it is known (the app's own page in Android's settings when
 * that screen does not open) and says in words what to switch on.
 *
 * - Xiaomi, Redmi, POCO (MIUI / HyperOS): Autostart is off for new apps, so broadcasts (SMS,
 *   call state) do not start a killed app; "Display pop-up windows while running in the
 *   background" blocks the overlay and the warning screen; "Show on lock screen" is MIUI's own
 *   permission for windows over the keyguard. Security app screens:
 *   `com.miui.securitycenter/com.miui.permcenter.autostart.AutoStartManagementActivity` and the
 *   per-app permission editor (`miui.intent.action.APP_PERM_EDITOR`,
 *   `com.miui.permcenter.permissions.PermissionsEditorActivity`, extra `extra_pkgname`).
 * - Samsung (One UI): apps unused for about 16 days go into "deep sleep" and stop receiving
 *   anything until opened (developer.samsung.com/mobile/app-management.html); the exception list
 *   is Settings → Device care → Battery → Background usage limits → Never sleeping apps, which
 *   has no public intent, so the row opens the battery screen and gives the path.
 */
internal object VendorSteps {
    fun of(context: Context): List<Check> = when {
        isXiaomi() -> listOf(
            step(Checklist.XIAOMI_AUTOSTART, R.string.check_xiaomi_autostart, R.string.check_xiaomi_autostart_why, miuiAutostart(), context),
            step(Checklist.XIAOMI_POPUP, R.string.check_xiaomi_popup, R.string.check_xiaomi_popup_why, miuiPermissions(context), context),
            step(Checklist.XIAOMI_LOCK_SCREEN, R.string.check_xiaomi_lock_screen, R.string.check_xiaomi_lock_screen_why, miuiPermissions(context), context),
        )
        isSamsung() -> listOf(
            step(Checklist.SAMSUNG_NEVER_SLEEPING, R.string.check_samsung_never_sleeping, R.string.check_samsung_never_sleeping_why, Intent(Intent.ACTION_POWER_USAGE_SUMMARY), context),
        )
        else -> emptyList()
    }

    /** Xiaomi sells Redmi and POCO under its own manufacturer name; the brand is checked too. */
    fun isXiaomi(): Boolean =
        Build.MANUFACTURER.equals("Xiaomi", ignoreCase = true) ||
            Build.BRAND.lowercase() in setOf("xiaomi", "redmi", "poco")

    fun isSamsung(): Boolean = Build.MANUFACTURER.equals("samsung", ignoreCase = true)

    private fun step(key: String, title: Int, why: Int, intent: Intent, context: Context) =
        Check(key, title, why, ok = false, fix = Fix.Screen(intent, Checklist.appDetails(context)), required = false, known = false)

    private fun miuiAutostart() = Intent().setComponent(
        ComponentName("com.miui.securitycenter", "com.miui.permcenter.autostart.AutoStartManagementActivity"),
    )

    private fun miuiPermissions(context: Context) = Intent("miui.intent.action.APP_PERM_EDITOR")
        .setClassName("com.miui.securitycenter", "com.miui.permcenter.permissions.PermissionsEditorActivity")
        .putExtra("extra_pkgname", context.packageName)
}
