/*
 * Small helpers for the file system ktests (fs_tests.c, fs_dev_tests.c),
 * built on the VFS interface the system calls use.
 */
#ifndef KTEST_FS_UTIL_H
#define KTEST_FS_UTIL_H

#include <stddef.h>
#include <stdbool.h>

/* Create or truncate path and write text; 0 or -EXXX. */
int fsu_put(const char *path, const char *text);
/* Read the whole file into buf (NUL-terminated, cut at size - 1); its length or -EXXX. */
int fsu_get(const char *path, char *buf, size_t size);
/* Remove path and everything under it; 0 or the first error. */
int fsu_rm_rf(const char *path);
/* Does text contain needle? */
bool fsu_contains(const char *text, const char *needle);

#endif
