package kz.smsguard.setup

import android.app.job.JobInfo
import android.app.job.JobParameters
import android.app.job.JobScheduler
import android.app.job.JobService
import android.content.ComponentName
import android.content.Context
import kz.smsguard.guard.Guard

/**
 * The periodic self-check, for what no callback reports (a permission revoked in Settings or by
 * hibernation, the screening role taken by another app).
 *
 * JobScheduler, a platform API: WorkManager is an AndroidX library and this app ships no AndroidX
 * runtime; an AlarmManager alarm would need its own boot receiver to survive a reboot and is not
 * batched with other apps' work. The job is persisted across reboots (setPersisted, which needs
 * RECEIVE_BOOT_COMPLETED) and runs every [PERIOD_MS] at the system's convenience (Doze may
 * postpone it to a maintenance window, which is fine for a check that reports a lasting state).
 */
class SelfCheckJob : JobService() {
    override fun onStartJob(params: JobParameters): Boolean {
        val app = applicationContext
        Guard.worker.execute {
            try {
                SelfCheck.run(app)
            } finally {
                jobFinished(params, false)
            }
        }
        return true
    }

    override fun onStopJob(params: JobParameters): Boolean = true

    internal companion object {
        const val JOB_ID = 1
        /** Six hours: a broken setup is noticed the same day, at almost no battery cost. */
        const val PERIOD_MS = 6 * 60 * 60 * 1000L

        /** Schedules the job once; later calls leave the pending job alone. */
        fun schedule(context: Context) {
            val scheduler = context.getSystemService(JobScheduler::class.java) ?: return
            if (scheduler.getPendingJob(JOB_ID) != null) return
            val job = JobInfo.Builder(JOB_ID, ComponentName(context, SelfCheckJob::class.java))
                .setPeriodic(PERIOD_MS)
                .setPersisted(true)
                .build()
            try {
                scheduler.schedule(job)
            } catch (e: RuntimeException) {
                android.util.Log.w("SmsGuard", "self-check not scheduled: ${e.javaClass.simpleName}")
            }
        }
    }
}
