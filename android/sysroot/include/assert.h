/* libunwind is built with NDEBUG; a failed assertion otherwise goes to bionic's __assert2. */
#pragma once
#include <sys/cdefs.h>

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
__BEGIN_DECLS
__attribute__((__noreturn__)) void __assert2(const char* __file, int __line, const char* __function, const char* __expr);
__END_DECLS
#define assert(e) ((e) ? (void)0 : __assert2(__FILE__, __LINE__, __func__, #e))
#endif
