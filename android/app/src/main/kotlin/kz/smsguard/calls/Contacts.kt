package kz.smsguard.calls

import android.Manifest
import android.app.role.RoleManager
import android.content.Context
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.provider.ContactsContract
import kz.smsguard.guard.Contact

/** Facts about a caller that only Android knows, asked only when the person allowed it. */
internal object Contacts {
    /** Whether [number] is in the person's contacts; false without the permission or a number. */
    fun hasNumber(context: Context, number: String?): Boolean {
        if (number.isNullOrBlank() || !granted(context, Manifest.permission.READ_CONTACTS)) return false
        val uri = Uri.withAppendedPath(ContactsContract.PhoneLookup.CONTENT_FILTER_URI, Uri.encode(number))
        return exists(context, uri, null, null)
    }

    /**
     * Whether the other side of a call is a contact, as far as Android lets us know. With a number
     * and the contacts permission: looked up. Without a number: a call the screening service was
     * not shown while we hold its role is a contact's (Android screens every other call through
     * us, hidden numbers included); otherwise [Contact.UNKNOWN], never a guess either way.
     */
    fun identity(context: Context, number: String?): Contact = when {
        number.isNullOrBlank() -> if (holdsScreeningRole(context)) Contact.YES else Contact.UNKNOWN
        !granted(context, Manifest.permission.READ_CONTACTS) -> Contact.UNKNOWN
        hasNumber(context, number) -> Contact.YES
        else -> Contact.NO
    }

    /**
     * Whether this app holds the call-screening role. With it, Android screens through us every
     * incoming call from a number that is not a contact, so a ringing call we were not shown is
     * a contact's.
     */
    fun holdsScreeningRole(context: Context): Boolean {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.Q) return false
        val roles = context.getSystemService(RoleManager::class.java) ?: return false
        return try {
            roles.isRoleHeld(RoleManager.ROLE_CALL_SCREENING)
        } catch (e: RuntimeException) {
            false
        }
    }

    fun granted(context: Context, permission: String): Boolean =
        context.checkSelfPermission(permission) == PackageManager.PERMISSION_GRANTED

    private fun exists(context: Context, uri: Uri, selection: String?, args: Array<String>?): Boolean = try {
        context.contentResolver.query(uri, arrayOf(ContactsContract.Contacts._ID), selection, args, null)
            ?.use { it.moveToFirst() } ?: false
    } catch (e: RuntimeException) {
        // No contacts provider, or the permission was revoked a moment ago: treat as unknown.
        false
    }
}
