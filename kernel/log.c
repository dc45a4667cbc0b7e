/*
 * Kernel log and panic.  Output is synchronous and unbuffered: a message is
 * on the wire before kprintf returns, so the last line before a crash is
 * never lost.  Interrupts are held off around each line so lines from an
 * interrupt handler do not interleave with the interrupted one.
 */
#include "kernel/log.h"
#include "kernel/arch.h"
#include "kernel/time.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"

static struct console_out *consoles;
static enum panic_action panic_action = PANIC_HALT;
static int panicking;

void log_add_console(struct console_out *out)
{
    out->next = consoles;
    consoles = out;
}

void log_remove_console(struct console_out *out)
{
    for (struct console_out **p = &consoles; *p; p = &(*p)->next)
        if (*p == out) {
            *p = out->next;
            return;
        }
}

static void log_write(const char *s, size_t n)
{
    for (struct console_out *c = consoles; c; c = c->next)
        c->write(s, n);
}

void kputs(const char *s)
{
    pushcli();
    log_write(s, strlen(s));
    popcli();
}

void kvprintf(const char *tag, const char *fmt, va_list ap)
{
    char line[512];
    uint64_t ns = time_ns();
    int n;

    n = ksnprintf(line, sizeof(line), "[%5u.%06u] %s: ",
                  (unsigned)(ns / 1000000000u), (unsigned)(ns / 1000u % 1000000u), tag);
    kvsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    pushcli();
    log_write(line, strlen(line));
    popcli();
}

void kprintf(const char *tag, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    kvprintf(tag, fmt, ap);
    va_end(ap);
}

void panic_set_action(enum panic_action a)
{
    panic_action = a;
}

_Noreturn void panic_stop(void)
{
    arch_irq_disable();
    if (panic_action == PANIC_EXIT)
        arch_qemu_exit(QEMU_EXIT_PANIC);
    if (panic_action == PANIC_REBOOT)
        arch_reboot();
    kputs("System halted.\n");
    arch_halt_forever();
}

_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    arch_irq_disable();
    if (panicking++) {          /* a panic inside the report: say so and stop */
        kputs("\nPANIC while panicking\n");
        arch_halt_forever();
    }
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kputs("\nPANIC: ");
    kputs(msg);
    kputs("\n");
    kprintf("panic", "at %s:%d\n", file, line);
    arch_backtrace((uint32_t)(uintptr_t)__builtin_frame_address(0));
    panic_stop();
}
