package kz.smsguard.ui

import android.app.Activity
import android.content.Context
import android.content.Intent
import android.os.Bundle
import android.text.format.DateFormat
import android.view.LayoutInflater
import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import java.util.Date
import kz.smsguard.R
import kz.smsguard.guard.Guard
import kz.smsguard.history.Moment
import kz.smsguard.history.WarningHistory
import kz.smsguard.warn.AppLanguage
import kz.smsguard.warn.WarningView

/**
 * "What happened": every warning the core kept, newest first — when, how strong, what happened in
 * the core's words, who sent the code and who called — with "Report this number" on each moment
 * whose caller is known and not reported yet. The core keeps the history; this screen only asks it.
 */
class HistoryActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        SystemBars.edgeToEdge(this)
        setContentView(R.layout.activity_history)
        SystemBars.pad(findViewById(R.id.history_root)!!)
    }

    /** Read again on every return: a number reported from here shows as reported. */
    override fun onResume() {
        super.onResume()
        val app = applicationContext
        Guard.worker.execute {
            val history = Guard.historyJson(app)?.let(WarningHistory::parse)
            runOnUiThread { if (!isDestroyed) show(history) }
        }
    }

    private fun show(history: WarningHistory?) {
        val list = findViewById<LinearLayout>(R.id.history_list)!!
        list.removeAllViews()
        val moments = history?.moments.orEmpty()
        findViewById<TextView>(R.id.history_empty)!!.visibility = if (moments.isEmpty()) View.VISIBLE else View.GONE
        // No history at all (the core unavailable) is said the same way as a damaged one: not everything is here.
        findViewById<TextView>(R.id.history_damaged)!!.visibility = if (history == null || history.damaged) View.VISIBLE else View.GONE
        val lang = AppLanguage.of(this)
        for (moment in moments) list.addView(row(list, moment, lang))
    }

    private fun row(parent: LinearLayout, moment: Moment, lang: String): View {
        val row = LayoutInflater.from(this).inflate(R.layout.history_row, parent, false)
        val date = Date(moment.at)
        val time = "${DateFormat.getMediumDateFormat(this).format(date)} ${DateFormat.getTimeFormat(this).format(date)}"
        row.findViewById<TextView>(R.id.moment_when)!!.text = "$time · ${getString(WarningView.levelLabel(moment.level))}"
        row.findViewById<TextView>(R.id.moment_summary)!!.text = moment.summary(lang)
        row.findViewById<TextView>(R.id.moment_who)!!.text = listOfNotNull(
            moment.sender?.let { getString(R.string.history_sms_from, it) },
            moment.caller?.let { getString(R.string.warning_caller, it) } ?: getString(R.string.history_hidden_caller),
            if (moment.reported) getString(R.string.history_reported) else null,
        ).joinToString("\n")
        row.findViewById<Button>(R.id.moment_report)!!.apply {
            val number = moment.caller
            visibility = if (number != null && !moment.reported) View.VISIBLE else View.GONE
            setOnClickListener { startActivity(ReportsActivity.intent(this@HistoryActivity, number)) }
        }
        return row
    }

    internal companion object {
        fun intent(context: Context): Intent = Intent(context, HistoryActivity::class.java).apply {
            if (context !is Activity) addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        }
    }
}
