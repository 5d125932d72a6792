/*
 * The minimal bionic-compatible C interface that LLVM's libunwind is compiled against for the
 * four Android ABIs (scripts/sysroot.sh). Written for this project from bionic's public API
 * (AOSP platform/bionic, libc/include): only the declarations libunwind uses, with bionic's
 * names, values and struct layouts, so the object code calls what bionic exports (__errno, not
 * glibc's __errno_location) and sizes what bionic writes (pthread_rwlock_t) as bionic does.
 * Every function declared here must be in android/sysroot/symbols.txt at or below minSdk.
 */
#pragma once

#define __BIONIC__ 1

#ifdef __cplusplus
#define __BEGIN_DECLS extern "C" {
#define __END_DECLS }
#else
#define __BEGIN_DECLS
#define __END_DECLS
#endif
