#pragma once
#include <sys/cdefs.h>

__BEGIN_DECLS
long syscall(long __number, ...);
__END_DECLS
