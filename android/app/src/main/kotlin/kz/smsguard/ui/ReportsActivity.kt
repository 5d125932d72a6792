package kz.smsguard.ui

import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.os.Bundle
import android.util.Log
import android.text.format.DateFormat
import android.view.LayoutInflater
import android.view.View
import android.widget.Button
import android.widget.EditText
import android.widget.LinearLayout
import android.widget.Switch
import android.widget.TextView
import java.util.Date
import kz.smsguard.Preferences
import kz.smsguard.R
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Report
import kz.smsguard.warn.WarningPresenter

/**
 * The person's reported numbers: list, add (pre-filled from a warning), remove, and export or
 * import a CSV through the system file picker. The core keeps the list; this screen only asks it.
 */
class ReportsActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        SystemBars.edgeToEdge(this)
        setContentView(R.layout.activity_reports)
        SystemBars.pad(findViewById(R.id.reports_root)!!)
        // Opened from a warning's "Report" action: the person acted on the warning, so every copy goes.
        if (savedInstanceState == null && intent.getBooleanExtra(EXTRA_FROM_WARNING, false)) WarningPresenter.dismiss(this)
        val number = findViewById<EditText>(R.id.reports_number)!!
        val note = findViewById<EditText>(R.id.reports_note)!!
        if (savedInstanceState == null) {
            intent.getStringExtra(EXTRA_NUMBER)?.let { number.setText(it) }
            intent.getStringExtra(EXTRA_NOTE)?.let { note.setText(it) }
        }
        findViewById<Switch>(R.id.reports_block)!!.apply {
            isChecked = Preferences.blockReported(this@ReportsActivity)
            setOnCheckedChangeListener { _, on -> Preferences.setBlockReported(this@ReportsActivity, on) }
        }
        findViewById<Button>(R.id.reports_add)!!.setOnClickListener {
            val value = number.text.toString().trim()
            if (value.isEmpty()) return@setOnClickListener
            val text = note.text.toString().trim().ifEmpty { null }
            inBackground({ Guard.reportAdd(it, value, text) }, false) { ok ->
                message(if (ok) R.string.reports_added else R.string.reports_invalid)
                if (ok) {
                    number.text.clear()
                    note.text.clear()
                }
                reload()
            }
        }
        findViewById<Button>(R.id.reports_export)!!.setOnClickListener {
            pick(Intent(Intent.ACTION_CREATE_DOCUMENT).addCategory(Intent.CATEGORY_OPENABLE).setType("text/csv")
                .putExtra(Intent.EXTRA_TITLE, "smsguard-reported-numbers.csv"), REQUEST_EXPORT)
        }
        findViewById<Button>(R.id.reports_import)!!.setOnClickListener {
            pick(Intent(Intent.ACTION_OPEN_DOCUMENT).addCategory(Intent.CATEGORY_OPENABLE).setType("*/*")
                .putExtra(Intent.EXTRA_MIME_TYPES, arrayOf("text/csv", "text/comma-separated-values", "text/plain", "application/csv")), REQUEST_IMPORT)
        }
        reload()
    }

    @Deprecated("Activity result API without androidx")
    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        super.onActivityResult(requestCode, resultCode, data)
        val uri = data?.data
        if (resultCode != RESULT_OK || uri == null) return
        when (requestCode) {
            REQUEST_EXPORT -> inBackground({ app -> Guard.exportReports(app)?.let { ReportFiles.write(app, uri, it) } ?: false }, false) { ok ->
                message(if (ok) R.string.reports_saved else R.string.reports_file_failed)
            }
            REQUEST_IMPORT -> inBackground({ app -> ReportFiles.read(app, uri)?.let { Guard.importReports(app, it) } }, null) { summary ->
                if (summary == null) {
                    message(R.string.reports_file_failed)
                } else {
                    findViewById<TextView>(R.id.reports_message)!!.text =
                        getString(R.string.reports_imported, summary.added, summary.kept, summary.errors)
                }
                reload()
            }
        }
    }

    private fun reload() = inBackground({ Guard.reports(it) }, emptyList()) { show(it) }

    private fun show(reports: List<Report>) {
        val list = findViewById<LinearLayout>(R.id.reports_list)!!
        list.removeAllViews()
        findViewById<TextView>(R.id.reports_empty)!!.visibility = if (reports.isEmpty()) View.VISIBLE else View.GONE
        val dates = DateFormat.getMediumDateFormat(this)
        for (report in reports) {
            val row = LayoutInflater.from(this).inflate(R.layout.report_row, list, false)
            row.findViewById<TextView>(R.id.report_number)!!.text = report.number
            row.findViewById<TextView>(R.id.report_details)!!.text = listOfNotNull(
                getString(R.string.reports_reported_at, dates.format(Date(report.reportedAt))),
                report.note,
            ).joinToString(" · ")
            row.findViewById<Button>(R.id.report_remove)!!.setOnClickListener {
                inBackground({ Guard.reportRemove(it, report.number) }, false) { reload() }
            }
            list.addView(row)
        }
    }

    private fun message(text: Int) {
        findViewById<TextView>(R.id.reports_message)!!.setText(text)
    }

    private fun pick(intent: Intent, request: Int) {
        try {
            @Suppress("DEPRECATION")
            startActivityForResult(intent, request)
        } catch (e: ActivityNotFoundException) {
            message(R.string.reports_file_failed)
        }
    }

    /**
     * Core and file work off the main thread; the result comes back to the screen if it is still
     * there. Work that throws (a file provider's bug) answers [failed], so the screen still says
     * something and the worker thread lives on.
     */
    private fun <T> inBackground(work: (Context) -> T, failed: T, then: (T) -> Unit) {
        val app = applicationContext
        Guard.worker.execute {
            val result = try {
                work(app)
            } catch (e: RuntimeException) {
                Log.e(TAG, "reports screen: ${e.javaClass.simpleName}")
                failed
            }
            runOnUiThread { if (!isDestroyed) then(result) }
        }
    }

    internal companion object {
        private const val TAG = "SmsGuard"
        const val EXTRA_NUMBER = "kz.smsguard.extra.NUMBER"
        const val EXTRA_FROM_WARNING = "kz.smsguard.extra.FROM_WARNING"
        /** A note ready to add with the number (the question after a stranger's call fills it in). */
        const val EXTRA_NOTE = "kz.smsguard.extra.NOTE"
        private const val REQUEST_EXPORT = 1
        private const val REQUEST_IMPORT = 2

        /** Opens the screen, with [number] ready to add when it comes from a warning. */
        fun intent(context: Context, number: String?): Intent {
            val intent = Intent(context, ReportsActivity::class.java)
            number?.let { intent.putExtra(EXTRA_NUMBER, it) }
            if (context !is Activity) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
            return intent
        }
    }
}
