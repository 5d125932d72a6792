/* dl_iterate_phdr (libc) and, on 32-bit ARM, dl_unwind_find_exidx (libc): how libunwind finds a library's unwind tables. */
#pragma once
#include <sys/cdefs.h>
#include <stddef.h>
#include <stdint.h>
#include <elf.h>

#if defined(__LP64__)
#define ElfW(type) Elf64_##type
#else
#define ElfW(type) Elf32_##type
#endif

/* Only the fields every API level passes; the callback's size argument tells the rest. */
struct dl_phdr_info {
  ElfW(Addr) dlpi_addr;
  const char* dlpi_name;
  const ElfW(Phdr)* dlpi_phdr;
  ElfW(Half) dlpi_phnum;
};

__BEGIN_DECLS
int dl_iterate_phdr(int (*__callback)(struct dl_phdr_info* __info, size_t __size, void* __data), void* __data);
#if defined(__arm__)
typedef uintptr_t _Unwind_Ptr;
_Unwind_Ptr dl_unwind_find_exidx(_Unwind_Ptr __pc, int* __count);
#endif
__END_DECLS
