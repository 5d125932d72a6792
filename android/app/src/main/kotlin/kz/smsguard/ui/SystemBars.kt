package kz.smsguard.ui

import android.annotation.TargetApi
import android.app.Activity
import android.os.Build
import android.view.View
import android.view.WindowInsets

/**
 * Edge-to-edge on every screen. Apps targeting API 35+ are drawn behind the status and navigation
 * bars on Android 15+, and from target 36 the opt-out (windowOptOutEdgeToEdgeEnforcement) is gone,
 * so each screen pads its content by the bars, the display cutout and the keyboard itself. The
 * same layout is used on older versions (drawn behind the bars there too), so there is one look
 * and one code path to test.
 */
internal object SystemBars {
    /** Lays [activity] out behind the system bars; call before [pad]. */
    fun edgeToEdge(activity: Activity) {
        val window = activity.window
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.VANILLA_ICE_CREAM) {
            // Android 15+ with target 35+: edge to edge already (setDecorFitsSystemWindows is
            // deprecated there for that reason).
        } else if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
            @Suppress("DEPRECATION")
            window.setDecorFitsSystemWindows(false)
        } else {
            @Suppress("DEPRECATION")
            window.decorView.systemUiVisibility = window.decorView.systemUiVisibility or
                View.SYSTEM_UI_FLAG_LAYOUT_STABLE or View.SYSTEM_UI_FLAG_LAYOUT_FULLSCREEN or
                View.SYSTEM_UI_FLAG_LAYOUT_HIDE_NAVIGATION
        }
    }

    /**
     * Pads [view] by the insets it is given (bars, cutout, keyboard), on top of its own padding
     * from the layout, each time they change (rotation, keyboard). Returns the insets unconsumed,
     * so siblings get them too.
     */
    fun pad(view: View) {
        val base = intArrayOf(view.paddingLeft, view.paddingTop, view.paddingRight, view.paddingBottom)
        view.setOnApplyWindowInsetsListener { v, insets ->
            val i = of(insets)
            v.setPadding(base[0] + i.left, base[1] + i.top, base[2] + i.right, base[3] + i.bottom)
            insets
        }
        view.requestApplyInsets()
    }

    /** Insets as four numbers: `android.graphics.Insets` is API 29, and this runs from 26. */
    private class Edges(val left: Int, val top: Int, val right: Int, val bottom: Int)

    private fun of(insets: WindowInsets): Edges =
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
            ofR(insets)
        } else {
            @Suppress("DEPRECATION")
            Edges(insets.systemWindowInsetLeft, insets.systemWindowInsetTop, insets.systemWindowInsetRight, insets.systemWindowInsetBottom)
        }

    @TargetApi(Build.VERSION_CODES.R)
    private fun ofR(insets: WindowInsets): Edges {
        val i = insets.getInsets(WindowInsets.Type.systemBars() or WindowInsets.Type.displayCutout() or WindowInsets.Type.ime())
        return Edges(i.left, i.top, i.right, i.bottom)
    }
}
