/*
 * What the NDK's crtbegin_so.o gives every shared library, written for this project
 * (scripts/sysroot.sh compiles it per ABI and links it first; crtend_so.S goes last).
 *
 * - __dso_handle: the library's identity for __cxa_atexit / __cxa_thread_atexit_impl. Rust's
 *   thread-local destructors register through the latter with &__dso_handle, so they run, and are
 *   forgotten, with this library rather than another. Hidden: each library has its own.
 * - a destructor calling __cxa_finalize(&__dso_handle): runs what this library registered if it
 *   is ever unloaded (bionic does not do it for us; its own crtbegin_so does the same).
 * - the .note.android.ident note (name "Android", type 1, the minimum API level as a 32-bit
 *   word), which tools read to know which API level a library was built for; bionic writes the
 *   same layout in libc/arch-common/bionic/crtbrand.S.
 *
 * SMSGUARD_ANDROID_API is the app's minSdk, passed by scripts/sysroot.sh.
 */
#ifndef SMSGUARD_ANDROID_API
#error "compile with -DSMSGUARD_ANDROID_API=<minSdk>"
#endif

extern void __cxa_finalize(void* dso);

/* A pointer to itself, so &__dso_handle is unique to this library and its value is never null. */
__attribute__((visibility("hidden"))) void* const __dso_handle = (void*)&__dso_handle;

__attribute__((destructor)) static void smsguard_on_dlclose(void) {
  __cxa_finalize((void*)&__dso_handle);
}

#define SMSGUARD_STR2(x) #x
#define SMSGUARD_STR(x) SMSGUARD_STR2(x)

__asm__(
    "  .pushsection .note.android.ident, \"a\", %note\n"
    "  .balign 4\n"
    "  .long 8\n"                 /* namesz: "Android\0" */
    "  .long 4\n"                 /* descsz: one 32-bit API level */
    "  .long 1\n"                 /* type: NT_ANDROID_TYPE_IDENT */
    "  .ascii \"Android\\0\"\n"
    "  .long " SMSGUARD_STR(SMSGUARD_ANDROID_API) "\n"
    "  .popsection\n");
