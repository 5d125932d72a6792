package kz.smsguard.ui

import android.Manifest
import android.app.Activity
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Bundle
import android.provider.ContactsContract
import android.widget.Button
import android.widget.EditText
import android.widget.RadioGroup
import android.widget.Switch
import android.widget.TextView
import kz.smsguard.R
import kz.smsguard.calls.Contacts
import kz.smsguard.trusted.TrustedPerson

/**
 * Choosing the trusted person: a contact from the contacts app (the picker hands back only the
 * one chosen, so no contacts permission is needed for it) or a number typed in, the person's own
 * name for the message, its language, whether high warnings count too, and whether to send
 * without asking — which asks for SEND_SMS, and stays off when it is refused.
 */
class TrustedPersonActivity : Activity() {
    private val name get() = findViewById<EditText>(R.id.trusted_name)!!
    private val number get() = findViewById<EditText>(R.id.trusted_number)!!
    private val ownName get() = findViewById<EditText>(R.id.trusted_own_name)!!
    private val lang get() = findViewById<RadioGroup>(R.id.trusted_lang)!!
    private val alsoHigh get() = findViewById<Switch>(R.id.trusted_also_high)!!
    private val autoSend get() = findViewById<Switch>(R.id.trusted_auto_send)!!

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        SystemBars.edgeToEdge(this)
        setContentView(R.layout.activity_trusted)
        SystemBars.pad(findViewById(R.id.trusted_root)!!)
        if (savedInstanceState == null) load()
        autoSend.setOnCheckedChangeListener { _, on ->
            if (on && !Contacts.granted(this, Manifest.permission.SEND_SMS)) {
                requestPermissions(arrayOf(Manifest.permission.SEND_SMS), REQUEST_SEND_SMS)
            }
        }
        findViewById<Button>(R.id.trusted_pick)!!.setOnClickListener {
            // ACTION_PICK on Phone.CONTENT_URI: the contacts app hands back a content: URI of the
            // one phone row chosen, with a temporary grant to read it even without READ_CONTACTS
            // (developer.android.com/guide/components/intents-common, "Select specific contact data").
            try {
                @Suppress("DEPRECATION")
                startActivityForResult(Intent(Intent.ACTION_PICK, ContactsContract.CommonDataKinds.Phone.CONTENT_URI), REQUEST_PICK)
            } catch (e: ActivityNotFoundException) {
                message(R.string.trusted_no_contacts_app)
            }
        }
        findViewById<Button>(R.id.trusted_save)!!.setOnClickListener { save() }
        findViewById<Button>(R.id.trusted_remove)!!.setOnClickListener {
            TrustedPerson.clear(this)
            load()
            message(R.string.trusted_removed)
        }
    }

    private fun load() {
        val choice = TrustedPerson.choice(this)
        name.setText(choice?.name?.takeIf { it != choice.number }.orEmpty())
        number.setText(choice?.number.orEmpty())
        ownName.setText(choice?.ownName.orEmpty())
        lang.check(LANG_IDS.getValue(choice?.lang ?: kz.smsguard.warn.AppLanguage.of(this)))
        alsoHigh.isChecked = choice?.alsoHigh ?: false
        autoSend.isChecked = (choice?.autoSend ?: false) && Contacts.granted(this, Manifest.permission.SEND_SMS)
    }

    private fun save() {
        val typed = number.text.toString().trim()
        if (typed.count { it.isDigit() } < 5) {
            message(R.string.reports_invalid)
            return
        }
        val language = LANG_IDS.entries.firstOrNull { it.value == lang.checkedRadioButtonId }?.key ?: "ru"
        TrustedPerson.save(
            this,
            TrustedPerson.Choice(
                name = name.text.toString().trim().ifEmpty { typed },
                number = typed,
                ownName = ownName.text.toString(),
                lang = language,
                alsoHigh = alsoHigh.isChecked,
                autoSend = autoSend.isChecked && Contacts.granted(this, Manifest.permission.SEND_SMS),
            ),
        )
        message(R.string.trusted_saved)
    }

    @Deprecated("Activity result API without androidx")
    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        super.onActivityResult(requestCode, resultCode, data)
        val uri = data?.data
        if (requestCode != REQUEST_PICK || resultCode != RESULT_OK || uri == null) return
        val columns = arrayOf(ContactsContract.CommonDataKinds.Phone.DISPLAY_NAME, ContactsContract.CommonDataKinds.Phone.NUMBER)
        try {
            contentResolver.query(uri, columns, null, null, null)?.use { row ->
                if (row.moveToFirst()) {
                    name.setText(row.getString(0).orEmpty())
                    number.setText(row.getString(1).orEmpty())
                    save()
                }
            }
        } catch (e: RuntimeException) {
            // The contacts app handed back something it would not let us read.
            message(R.string.trusted_no_contacts_app)
        }
    }

    override fun onRequestPermissionsResult(requestCode: Int, permissions: Array<out String>, grantResults: IntArray) {
        super.onRequestPermissionsResult(requestCode, permissions, grantResults)
        if (requestCode != REQUEST_SEND_SMS) return
        val granted = grantResults.isNotEmpty() && grantResults.all { it == PackageManager.PERMISSION_GRANTED }
        if (!granted) {
            autoSend.isChecked = false
            message(R.string.trusted_auto_send_refused)
        }
    }

    private fun message(text: Int) {
        findViewById<TextView>(R.id.trusted_message)!!.setText(text)
    }

    internal companion object {
        private const val REQUEST_PICK = 1
        private const val REQUEST_SEND_SMS = 2
        private val LANG_IDS = mapOf("kk" to R.id.trusted_lang_kk, "ru" to R.id.trusted_lang_ru, "en" to R.id.trusted_lang_en)

        fun intent(context: Context): Intent = Intent(context, TrustedPersonActivity::class.java).apply {
            if (context !is Activity) addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        }
    }
}
