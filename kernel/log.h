/*
 * The kernel log (kernel/log.c): every message goes to each registered
 * console (serial, VGA) with a timestamp and the subsystem's tag:
 *
 *     [    0.012345] pmm: 1790 pages free
 *
 * panic() and kassert() live here too: they print where, why and a symbolic
 * backtrace, then stop the kernel (or tell QEMU, see panic= in docs/boot.md).
 */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <stddef.h>
#include <stdarg.h>

struct console_out {
    const char *name;
    void (*write)(const char *s, size_t n);
    struct console_out *next;
};

/* Add an output device; every later message also goes there. */
void log_add_console(struct console_out *out);
void log_remove_console(struct console_out *out);

/* One log line (or several, each prefixed) tagged with the subsystem name. */
void kprintf(const char *tag, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kvprintf(const char *tag, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Raw text to every console, no prefix (reports that build a line in parts). */
void kputs(const char *s);

_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

#define kassert(expr) \
    ((expr) ? (void)0 : panic_at(__FILE__, __LINE__, "assertion failed: %s", #expr))

/* What panic does after its report: halt (default), exit QEMU, or reboot. */
enum panic_action { PANIC_HALT, PANIC_EXIT, PANIC_REBOOT };
void panic_set_action(enum panic_action a);

/* The last stop: report already printed; never returns. */
_Noreturn void panic_stop(void);

#endif
