/*
 * The kernel command line (kernel/cmdline.c): "key=value" words, parsed
 * once at boot and readable by every subsystem.  Known keys are listed in
 * one table in cmdline.c (with their meaning, see docs/boot.md); an unknown
 * key or a malformed word is a warning, never an error.  A value that a
 * subsystem cannot use is that subsystem's warning, and it takes its default.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>

#define CMDLINE_MAX_WORDS 64

/* Split and check the command line; returns the number of warnings. */
int cmdline_parse(const char *line);
/* The value of key ("" for a bare word), or NULL if absent.  The last one wins. */
const char *cmdline_get(const char *key);
bool cmdline_has(const char *key);
/* Numeric value in [min, max] (decimal or 0x-hex); warns and returns def otherwise. */
unsigned cmdline_get_uint(const char *key, unsigned def, unsigned min, unsigned max);
/* One of the given words (NULL-terminated list); returns its index, or def with a warning. */
int cmdline_get_choice(const char *key, const char *const *choices, int def);

#endif
