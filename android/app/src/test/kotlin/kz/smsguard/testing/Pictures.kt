package kz.smsguard.testing

import android.graphics.Bitmap
import android.graphics.Canvas
import android.graphics.Color
import android.view.View
import java.io.File

/** README's pictures: views drawn by Robolectric's native renderer into docs/ (or target/ outside Maven). */
internal object Pictures {
    /** [view] at [width] pixels and as tall as it wants (a screen's scrolled content), on white. */
    fun drawWhole(view: View, width: Int = view.resources.displayMetrics.widthPixels): Bitmap {
        view.measure(View.MeasureSpec.makeMeasureSpec(width, View.MeasureSpec.EXACTLY), View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED))
        view.layout(0, 0, view.measuredWidth, view.measuredHeight)
        val bitmap = Bitmap.createBitmap(view.measuredWidth, view.measuredHeight, Bitmap.Config.ARGB_8888)
        bitmap.eraseColor(Color.WHITE)
        view.draw(Canvas(bitmap))
        return bitmap
    }

    fun save(bitmap: Bitmap, name: String) {
        val dir = File(System.getProperty("smsguard.docs.dir") ?: "target")
        dir.mkdirs()
        File(dir, name).outputStream().use { bitmap.compress(Bitmap.CompressFormat.PNG, 100, it) }
    }
}
