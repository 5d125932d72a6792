package fixture.ok;

import android.annotation.TargetApi;
import android.app.role.RoleManager;
import android.content.Context;
import android.os.Build;
import android.telephony.TelephonyCallback;
import android.telephony.TelephonyManager;

/** Uses of APIs newer than 26 in every shape the lint must accept (scripts/apk.sh apk_lint_test). */
public class Guarded {
    void ifBlock(TelephonyManager tm, Context c) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
            tm.registerTelephonyCallback(c.getMainExecutor(), new Callback());
        }
    }

    boolean earlyReturn(Context c) {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.Q) return false;
        return c.getSystemService(RoleManager.class).isRoleHeld(RoleManager.ROLE_CALL_SCREENING);
    }

    boolean shortCircuit(Context c) {
        return Build.VERSION.SDK_INT >= 29 && c.getSystemService(RoleManager.class) != null;
    }

    boolean constantFirst(Context c) {
        return 29 <= Build.VERSION.SDK_INT && c.getSystemService(RoleManager.class) != null;
    }

    boolean coreLibrary(java.util.Optional<String> o) {
        return Build.VERSION.SDK_INT >= 33 ? o.isEmpty() : !o.isPresent();
    }

    Runnable lambdaInsideGuard(TelephonyManager tm) {
        if (Build.VERSION.SDK_INT > 30) {
            return () -> tm.unregisterTelephonyCallback(new Callback());
        }
        return null;
    }

    @TargetApi(31)
    void annotatedMethod(TelephonyManager tm) {
        tm.unregisterTelephonyCallback(new Callback());
    }

    @TargetApi(31)
    static class Callback extends TelephonyCallback {}
}
