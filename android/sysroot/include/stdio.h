/* stdio: libunwind only logs to stderr (a variable in bionic's libc since API 23). */
#pragma once
#include <sys/cdefs.h>
#include <stdarg.h>
#include <stddef.h>

typedef struct __sFILE FILE;

__BEGIN_DECLS
extern FILE* stderr;
int fprintf(FILE* __fp, const char* __fmt, ...) __attribute__((__format__(printf, 2, 3)));
int vfprintf(FILE* __fp, const char* __fmt, va_list __args);
int fflush(FILE* __fp);
int snprintf(char* __buf, size_t __size, const char* __fmt, ...) __attribute__((__format__(printf, 3, 4)));
__END_DECLS
