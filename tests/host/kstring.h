/*
 * The kernel's string functions under k_ names, for the host.  The kernel
 * (kernel/lib/string.c) gives them the C library's names, which on the host
 * belong to libc; renaming ours lets both live in one program, so
 * test_string.c can compare them.  strlcpy and str_to_u32 keep their names:
 * glibc 2.36 has neither, and the other kernel files call them.
 *
 * Including this declares k_memcpy ... k_strncpy.  host.c defines
 * KSTRING_KEEP_NAMES first, to keep the renaming while it compiles string.c.
 */
#ifndef TESTS_HOST_KSTRING_H
#define TESTS_HOST_KSTRING_H

#ifdef LIB_STRING_H
#error "include kstring.h before kernel/lib/string.h"
#endif

#define memcpy  k_memcpy
#define memmove k_memmove
#define memset  k_memset
#define memcmp  k_memcmp
#define strlen  k_strlen
#define strnlen k_strnlen
#define strcmp  k_strcmp
#define strncmp k_strncmp
#define strchr  k_strchr
#define strrchr k_strrchr
#define strncpy k_strncpy
#define atoi    k_atoi

#include "kernel/lib/string.h"

#ifndef KSTRING_KEEP_NAMES
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strncpy
#undef atoi
#endif

#endif
