/*
 * The kernel's string and memory functions (kernel/lib/string.c).  The
 * compiler emits calls to memcpy/memset on its own, so these keep the
 * standard names and contracts.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strncpy(char *dst, const char *src, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);

int atoi(const char *s);

/* Parse an unsigned decimal or 0x-hex number; returns 0 and sets *out, or -1 on junk or overflow. */
int str_to_u32(const char *s, unsigned int *out);

#endif
