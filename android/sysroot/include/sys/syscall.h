/* Linux system call numbers libunwind uses; arm64 takes the generic table (asm-generic/unistd.h). */
#pragma once
#if defined(__aarch64__)
#define SYS_rt_sigprocmask 135
#endif
