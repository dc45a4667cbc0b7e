/*
 * printf-style formatting into a buffer (kernel/lib/printf.c).  The console
 * log (kernel/log.c) and every subsystem that builds text (procfs later)
 * format through here.  Supports %d %i %u %x %X %o %p %s %c %% with flags
 * "-0+ #", width, precision, '*', and the h hh l ll z length modifiers.
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf(3): always terminates when size > 0, returns the untruncated length. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
