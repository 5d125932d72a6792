/* The read-write lock guarding libunwind's FDE cache, with bionic's size: 56 bytes on LP64, 40 otherwise. */
#pragma once
#include <sys/cdefs.h>
#include <stdint.h>

typedef struct {
#if defined(__LP64__)
  int32_t __private[14];
#else
  int32_t __private[10];
#endif
} pthread_rwlock_t;

typedef long pthread_rwlockattr_t;

#define PTHREAD_RWLOCK_INITIALIZER { { 0 } }

__BEGIN_DECLS
int pthread_rwlock_rdlock(pthread_rwlock_t* __lock);
int pthread_rwlock_wrlock(pthread_rwlock_t* __lock);
int pthread_rwlock_unlock(pthread_rwlock_t* __lock);
__END_DECLS
