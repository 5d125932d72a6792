package kz.smsguard.ui

import android.app.Activity
import android.content.Context
import android.content.Intent
import android.os.Bundle
import android.provider.Telephony
import android.widget.CheckBox
import android.widget.LinearLayout
import android.widget.TextView
import kz.smsguard.Preferences
import kz.smsguard.R

/**
 * "My SMS apps": the person ticks the apps they read SMS in besides the default SMS app, so that
 * their redacted notifications count as hidden codes too ([Preferences.smsApps]). Lists the apps
 * with a launcher icon — the only ones the manifest's `<queries>` lets Android 11+ show us — by
 * name; the default SMS app is shown ticked and fixed, as it is always watched. A tick is saved
 * at once.
 */
class SmsAppsActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        SystemBars.edgeToEdge(this)
        setContentView(R.layout.activity_sms_apps)
        SystemBars.pad(findViewById(R.id.sms_apps_root)!!)
        render()
    }

    private fun render() {
        val list = findViewById<LinearLayout>(R.id.sms_apps_list)!!
        list.removeAllViews()
        val default = Telephony.Sms.getDefaultSmsPackage(this)
        val marked = Preferences.smsApps(this)
        val apps = launcherApps(default, marked)
        if (apps.isEmpty()) {
            list.addView(TextView(this).apply { setText(R.string.sms_apps_none) })
            return
        }
        for ((pkg, label) in apps) {
            list.addView(
                CheckBox(this).apply {
                    tag = pkg
                    minHeight = (48 * resources.displayMetrics.density).toInt() // a 48 dp touch target
                    textSize = 16f
                    if (pkg == default) {
                        text = getString(R.string.sms_apps_default, label)
                        isChecked = true
                        isEnabled = false
                    } else {
                        text = label
                        isChecked = pkg in marked
                        setOnCheckedChangeListener { _, on -> Preferences.setSmsApp(this@SmsAppsActivity, pkg, on) }
                    }
                },
            )
        }
    }

    /**
     * Package name and label of every app with a launcher activity but this one, one row per app,
     * the default SMS app first, then those already ticked, then by label.
     */
    private fun launcherApps(default: String?, marked: Set<String>): List<Pair<String, String>> {
        val launcher = Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_LAUNCHER)
        // The ResolveInfoFlags overload is API 33; the int one works on every version (minSdk 26).
        @Suppress("DEPRECATION")
        return packageManager.queryIntentActivities(launcher, 0)
            .map { it.activityInfo.packageName to it.activityInfo.applicationInfo.loadLabel(packageManager).toString() }
            .filter { it.first != packageName }
            .distinctBy { it.first }
            .sortedWith(compareBy({ it.first != default }, { it.first !in marked }, { it.second.lowercase() }))
    }

    internal companion object {
        fun intent(context: Context): Intent = Intent(context, SmsAppsActivity::class.java).apply {
            if (context !is Activity) addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        }
    }
}
