/* printf formats for the fixed-width types, as bionic spells them (64-bit: "l" on LP64, "ll" otherwise). */
#pragma once
#include <stdint.h>

#if defined(__LP64__)
#define __PRI_64 "l"
#define __PRI_PTR "l"
#else
#define __PRI_64 "ll"
#define __PRI_PTR ""
#endif

#define PRId8 "d"
#define PRIu8 "u"
#define PRIx8 "x"
#define PRId16 "d"
#define PRIu16 "u"
#define PRIx16 "x"
#define PRId32 "d"
#define PRIi32 "i"
#define PRIu32 "u"
#define PRIx32 "x"
#define PRIX32 "X"
#define PRId64 __PRI_64 "d"
#define PRIi64 __PRI_64 "i"
#define PRIu64 __PRI_64 "u"
#define PRIx64 __PRI_64 "x"
#define PRIX64 __PRI_64 "X"
#define PRIxPTR __PRI_PTR "x"
#define PRIuPTR __PRI_PTR "u"
