/* Only what the arm64 sigreturn check needs: bionic's NSIG is the kernel's 64 signals plus one. */
#pragma once
typedef unsigned long sigset_t;
#define NSIG 65
