/* errno as bionic defines it: a function returning the thread's slot (libc exports __errno). */
#pragma once
#include <sys/cdefs.h>

__BEGIN_DECLS
int* __errno(void) __attribute__((__const__));
__END_DECLS

#define errno (*__errno())
#define EFAULT 14
#define EINVAL 22
