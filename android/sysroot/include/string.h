#pragma once
#include <sys/cdefs.h>
#include <stddef.h>

__BEGIN_DECLS
void* memcpy(void* __dst, const void* __src, size_t __n);
void* memmove(void* __dst, const void* __src, size_t __n);
void* memset(void* __dst, int __c, size_t __n);
int memcmp(const void* __a, const void* __b, size_t __n);
size_t strlen(const char* __s);
int strcmp(const char* __a, const char* __b);
int strncmp(const char* __a, const char* __b, size_t __n);
__END_DECLS
