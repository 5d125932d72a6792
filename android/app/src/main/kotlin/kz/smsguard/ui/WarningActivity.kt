package kz.smsguard.ui

import android.app.Activity
import android.content.Context
import android.content.Intent
import android.os.Bundle
import kz.smsguard.warn.Warning
import kz.smsguard.warn.WarningView

/** The full warning, opened from the heads-up notification when no overlay could be shown. */
class WarningActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val warning = Warning.fromBundle(intent.extras)
        if (warning == null) {
            finish()
            return
        }
        setContentView(WarningView.create(this, warning) { finish() })
    }

    internal companion object {
        fun intent(context: Context, warning: Warning): Intent =
            Intent(context, WarningActivity::class.java)
                .putExtras(warning.toBundle())
                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_CLEAR_TOP)
    }
}
