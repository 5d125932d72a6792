package kz.smsguard.ui

import android.app.Activity
import android.content.ActivityNotFoundException
import android.os.Bundle
import android.view.LayoutInflater
import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import kz.smsguard.R
import kz.smsguard.calls.CallStateWatcher
import kz.smsguard.guard.Guard
import kz.smsguard.warn.WarningPresenter

/**
 * First run and status: says what each permission is for, asks for it, and shows what is still
 * missing. The checks themselves live in [Checklist]; this class only draws them.
 */
class MainActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContentView(R.layout.activity_main)
        findViewById<Button>(R.id.main_test_warning)!!.setOnClickListener { WarningPresenter.presentTest(this) }
        findViewById<Button>(R.id.main_reports)!!.setOnClickListener { startActivity(ReportsActivity.intent(this, null)) }
    }

    override fun onResume() {
        super.onResume()
        render()
    }

    override fun onRequestPermissionsResult(requestCode: Int, permissions: Array<out String>, grantResults: IntArray) {
        super.onRequestPermissionsResult(requestCode, permissions, grantResults)
        CallStateWatcher.register(this)
        render()
    }

    private fun render() {
        val checks = Checklist.items(this)
        val list = findViewById<LinearLayout>(R.id.checklist)!!
        list.removeAllViews()
        for (check in checks) list.addView(row(list, check))
        val app = applicationContext
        Guard.worker.execute {
            val engine = Guard.available(app)
            val version = Guard.rulesVersion(app)
            runOnUiThread {
                findViewById<TextView>(R.id.main_status)!!.setText(
                    when {
                        !engine -> R.string.status_engine_missing
                        checks.all { it.ok || !it.required } -> R.string.status_ready
                        else -> R.string.status_incomplete
                    },
                )
                findViewById<TextView>(R.id.main_rules_version)!!.text = version?.let { getString(R.string.rules_version, it) }
            }
        }
    }

    private fun row(parent: LinearLayout, check: Check): View {
        val row = LayoutInflater.from(this).inflate(R.layout.checklist_row, parent, false)
        row.findViewById<TextView>(R.id.check_title)!!.setText(check.title)
        row.findViewById<TextView>(R.id.check_why)!!.setText(check.why)
        row.findViewById<TextView>(R.id.check_state)!!.visibility = if (check.ok) View.VISIBLE else View.GONE
        row.findViewById<Button>(R.id.check_fix)!!.apply {
            visibility = if (check.ok) View.GONE else View.VISIBLE
            setOnClickListener { ask(check.fix) }
        }
        return row
    }

    private fun ask(fix: Fix) {
        when (fix) {
            is Fix.Permissions -> requestPermissions(fix.names, REQUEST_PERMISSIONS)
            is Fix.Screen -> try {
                startActivity(fix.intent)
            } catch (e: ActivityNotFoundException) {
                // A vendor build without that settings screen: nothing better to offer here.
            }
        }
    }

    private companion object {
        const val REQUEST_PERMISSIONS = 1
    }
}
