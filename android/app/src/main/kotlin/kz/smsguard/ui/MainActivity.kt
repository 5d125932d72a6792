package kz.smsguard.ui

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import android.os.Bundle
import android.view.LayoutInflater
import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.Switch
import android.widget.TextView
import kz.smsguard.Preferences
import kz.smsguard.R
import kz.smsguard.calls.CallStateWatcher
import kz.smsguard.guard.Guard
import kz.smsguard.setup.Check
import kz.smsguard.setup.Checklist
import kz.smsguard.setup.Fix
import kz.smsguard.setup.SelfCheck
import kz.smsguard.warn.WarningPresenter

/**
 * First run and status: says what each permission is for, asks for it, and shows what is still
 * missing or what broke since. The checks live in [Checklist] and [SelfCheck]; this class only
 * draws them and opens the right dialog or screen.
 */
class MainActivity : Activity() {
    /** The permission fix last asked for, to open its fallback when Android shows no dialog. */
    private var asking: Fix.Permissions? = null

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        SystemBars.edgeToEdge(this)
        setContentView(R.layout.activity_main)
        SystemBars.pad(findViewById(R.id.main_root)!!)
        findViewById<Button>(R.id.main_test_warning)!!.setOnClickListener { WarningPresenter.presentTest(this) }
        findViewById<Button>(R.id.main_reports)!!.setOnClickListener { startActivity(ReportsActivity.intent(this, null)) }
        findViewById<Button>(R.id.main_history)!!.setOnClickListener { startActivity(HistoryActivity.intent(this)) }
        findViewById<Button>(R.id.main_trusted)!!.setOnClickListener { startActivity(TrustedPersonActivity.intent(this)) }
        findViewById<Button>(R.id.main_sms_apps)!!.setOnClickListener { startActivity(SmsAppsActivity.intent(this)) }
        findViewById<Switch>(R.id.main_vibrate)!!.apply {
            isChecked = Preferences.vibrate(this@MainActivity)
            setOnCheckedChangeListener { _, on -> Preferences.setVibrate(this@MainActivity, on) }
        }
        findViewById<Switch>(R.id.main_sound)!!.apply {
            isChecked = Preferences.sound(this@MainActivity)
            setOnCheckedChangeListener { _, on -> Preferences.setSound(this@MainActivity, on) }
        }
    }

    override fun onResume() {
        super.onResume()
        render()
    }

    override fun onRequestPermissionsResult(requestCode: Int, permissions: Array<out String>, grantResults: IntArray) {
        super.onRequestPermissionsResult(requestCode, permissions, grantResults)
        CallStateWatcher.register(this)
        val fix = asking
        asking = null
        // From Android 11, a permission denied twice (and, on Android 15+, a restricted one) is
        // refused at once, without a dialog, and shouldShowRequestPermissionRationale turns false:
        // the only way left is the app's page in Settings.
        val refusedForGood = permissions.indices.any { i ->
            grantResults.getOrNull(i) != PackageManager.PERMISSION_GRANTED && !shouldShowRequestPermissionRationale(permissions[i])
        }
        if (fix != null && refusedForGood && Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) open(fix.fallback, null)
        render()
    }

    private fun render() {
        val checks = Checklist.items(this)
        val list = findViewById<LinearLayout>(R.id.checklist)!!
        list.removeAllViews()
        for (check in checks) list.addView(row(list, check))
        val app = applicationContext
        Guard.worker.execute {
            val problems = SelfCheck.run(app)
            val version = Guard.rulesVersion(app)
            val setupDone = Preferences.setupDone(app)
            runOnUiThread { if (!isDestroyed) showStatus(problems, setupDone, version) }
        }
    }

    private fun showStatus(problems: List<Check>, setupDone: Boolean, version: String?) {
        val first = problems.firstOrNull()
        findViewById<TextView>(R.id.main_status)!!.text = when {
            first?.key == SelfCheck.ENGINE -> getString(R.string.status_engine_missing)
            // Only who-is-calling is missing: warnings still come, milder; say so and how to fix it.
            first != null && problems.all { it.key in Checklist.IDENTITY } -> getString(R.string.status_reduced_identity, getString(first.title))
            first != null && setupDone -> getString(R.string.protection_off, getString(first.title)) + "\n" + getString(first.why)
            first != null -> getString(R.string.status_incomplete)
            else -> getString(R.string.status_ready)
        }
        findViewById<TextView>(R.id.main_rules_version)!!.text = version?.let { getString(R.string.rules_version, it) }
    }

    private fun row(parent: LinearLayout, check: Check): View {
        val row = LayoutInflater.from(this).inflate(R.layout.checklist_row, parent, false) as LinearLayout
        if (resources.configuration.fontScale >= LARGE_FONT) underTheWords(row)
        row.findViewById<TextView>(R.id.check_title)!!.setText(check.title)
        row.findViewById<TextView>(R.id.check_why)!!.setText(check.why)
        val done = check.known && check.ok
        row.findViewById<TextView>(R.id.check_state)!!.visibility = if (done) View.VISIBLE else View.GONE
        row.findViewById<Button>(R.id.check_fix)!!.apply {
            visibility = if (done) View.GONE else View.VISIBLE
            setText(
                when {
                    check.key == Checklist.RESTRICTED -> R.string.check_open_app_info
                    !check.known -> R.string.check_open
                    else -> R.string.check_allow
                },
            )
            setOnClickListener { ask(check.fix) }
        }
        return row
    }

    /**
     * With a large system font there is no room for long words (Kazakh "параметрлерге") beside
     * the button: the words take the whole width and the state or button goes under them.
     */
    private fun underTheWords(row: LinearLayout) {
        row.orientation = LinearLayout.VERTICAL
        row.getChildAt(0).layoutParams = LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, LinearLayout.LayoutParams.WRAP_CONTENT)
        for (i in 1 until row.childCount) {
            val params = row.getChildAt(i).layoutParams as LinearLayout.LayoutParams
            params.gravity = android.view.Gravity.END
            params.marginStart = 0
            (row.getChildAt(i) as TextView).maxWidth = Int.MAX_VALUE // the whole row is the button's now
        }
    }

    private fun ask(fix: Fix) {
        when (fix) {
            is Fix.Permissions -> {
                asking = fix
                requestPermissions(fix.names, REQUEST_PERMISSIONS)
            }
            is Fix.Screen -> open(fix.intent, fix.fallback)
        }
    }

    /** Opens [intent], else [fallback]: vendor builds lack some screens, and some refuse them. */
    private fun open(intent: Intent, fallback: Intent?) {
        for (candidate in listOfNotNull(intent, fallback)) {
            try {
                startActivity(candidate)
                return
            } catch (e: ActivityNotFoundException) {
                // try the next one
            } catch (e: SecurityException) {
                // a vendor screen that is not exported to other apps
            }
        }
    }

    private companion object {
        const val REQUEST_PERMISSIONS = 1

        /** From this font scale (Android's "large" steps start at 1.3) a row stacks its button under its words. */
        const val LARGE_FONT = 1.3f
    }
}
