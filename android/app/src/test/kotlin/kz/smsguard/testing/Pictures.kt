package kz.smsguard.testing

import android.app.Notification
import android.content.Context
import android.graphics.Bitmap
import android.graphics.Canvas
import android.graphics.Color
import android.graphics.Paint
import android.graphics.RectF
import android.view.View
import android.widget.FrameLayout
import java.io.File

/** README's pictures: views drawn by Robolectric's native renderer into docs/ (or target/ outside Maven). */
internal object Pictures {
    /** [view] at [width] pixels and as tall as it wants (a screen's scrolled content), on white. */
    fun drawWhole(view: View, width: Int = view.resources.displayMetrics.widthPixels): Bitmap =
        draw(view, width, View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED))

    /**
     * [notification] as the shade shows it expanded, on a card over the shade's grey: the
     * platform's own template, rebuilt from the posted notification by
     * `Notification.Builder.recoverBuilder` and inflated from its RemoteViews as SystemUI does —
     * the title, text, colour and actions the app really posted, nothing re-typed.
     *
     * Measured with AT_MOST the screen's height, as SystemUI's ExpandableView.onMeasure measures a
     * notification's content (frameworks/base packages/SystemUI): under UNSPECIFIED the template's
     * text column collapses to nothing.
     */
    fun drawNotification(context: Context, notification: Notification): Bitmap {
        val builder = Notification.Builder.recoverBuilder(context, notification)
        @Suppress("DEPRECATION") // the expanded form, which SystemUI inflates; no other public way to it
        val views = builder.createBigContentView() ?: builder.createContentView()
        val metrics = context.resources.displayMetrics
        val margin = (12 * metrics.density).toInt()
        val content = draw(
            views.apply(context, FrameLayout(context)),
            metrics.widthPixels - 2 * margin,
            View.MeasureSpec.makeMeasureSpec(metrics.heightPixels, View.MeasureSpec.AT_MOST),
            Color.TRANSPARENT,
        )
        val bitmap = Bitmap.createBitmap(metrics.widthPixels, content.height + 2 * margin, Bitmap.Config.ARGB_8888)
        bitmap.eraseColor(Color.parseColor("#DADCE0"))
        val canvas = Canvas(bitmap)
        val card = RectF(margin.toFloat(), margin.toFloat(), (margin + content.width).toFloat(), (margin + content.height).toFloat())
        val radius = 24 * metrics.density
        canvas.drawRoundRect(card, radius, radius, Paint(Paint.ANTI_ALIAS_FLAG).apply { color = Color.WHITE })
        canvas.drawBitmap(content, card.left, card.top, null)
        return bitmap
    }

    /** [view] laid out at [width] pixels with [heightSpec], drawn over [background]. */
    private fun draw(view: View, width: Int, heightSpec: Int, background: Int = Color.WHITE): Bitmap {
        view.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), heightSpec)
        view.layout(0, 0, view.measuredWidth, view.measuredHeight)
        val bitmap = Bitmap.createBitmap(view.measuredWidth, view.measuredHeight, Bitmap.Config.ARGB_8888)
        bitmap.eraseColor(background)
        view.draw(Canvas(bitmap))
        return bitmap
    }

    fun save(bitmap: Bitmap, name: String) {
        val dir = File(System.getProperty("smsguard.docs.dir") ?: "target")
        dir.mkdirs()
        File(dir, name).outputStream().use { bitmap.compress(Bitmap.CompressFormat.PNG, 100, it) }
    }
}
