#pragma once
#include <sys/cdefs.h>

typedef struct {
  const char* dli_fname;
  void* dli_fbase;
  const char* dli_sname;
  void* dli_saddr;
} Dl_info;

__BEGIN_DECLS
int dladdr(const void* __addr, Dl_info* __info);
__END_DECLS
