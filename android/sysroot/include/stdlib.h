#pragma once
#include <sys/cdefs.h>
#include <stddef.h>

__BEGIN_DECLS
__attribute__((__noreturn__)) void abort(void);
char* getenv(const char* __name);
void* malloc(size_t __size);
void* calloc(size_t __count, size_t __size);
void free(void* __ptr);
__END_DECLS
