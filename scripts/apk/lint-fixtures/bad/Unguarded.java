package fixture.bad;

import android.annotation.TargetApi;
import android.app.role.RoleManager;
import android.content.Context;
import android.os.Build;
import android.telephony.TelephonyCallback;
import android.telephony.TelephonyManager;

/** One use of an API newer than 26 per method that the lint must refuse (scripts/apk.sh apk_lint_test). */
public class Unguarded {
    void plainCall(TelephonyManager tm) {
        tm.unregisterTelephonyCallback(null);
    }

    Object classLiteral(Context c) {
        return c.getSystemService(RoleManager.class);
    }

    Runnable lambdaOutsideGuard(TelephonyManager tm) {
        return () -> tm.unregisterTelephonyCallback(null);
    }

    Object annotatedClassUnguarded() {
        return new Callback();
    }

    boolean coreLibrary(java.util.Optional<String> o) {
        return o.isEmpty(); // Java 11, in Android from API 33
    }

    void wrongBranch(Context c) {
        if (Build.VERSION.SDK_INT < 31) {
            c.getSystemService(RoleManager.class);
        }
    }

    @TargetApi(31)
    static class Callback extends TelephonyCallback {}

    static class Unannotated extends TelephonyCallback {}
}
