/*
 * CPU-level services behind kernel/arch.h: feature detection, nested
 * interrupt disabling, idle/halt/reboot, the QEMU exit port and the
 * frame-pointer backtrace.  The kernel is built with frame pointers, so
 * each frame starts with [saved ebp][return address].
 */
#include "kernel/arch.h"
#include "kernel/arch/i386/cpu.h"
#include "kernel/arch/i386/layout.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/ksyms.h"
#include "kernel/log.h"
#include "kernel/mm/vm.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printf.h"

struct cpu_features cpu;

static int cli_depth;           /* pushcli nesting */
static bool cli_was_enabled;    /* IF before the outermost pushcli */

void arch_detect_cpu(void)
{
    uint32_t a, b, c, d, f1, f2;

    /* CPUID exists if the ID flag (bit 21) of EFLAGS can be toggled. */
    __asm__ volatile("pushfl; popl %0; movl %0, %1; xorl $0x200000, %0; pushl %0; popfl;"
                     "pushfl; popl %0; pushl %1; popfl" : "=&r"(f1), "=&r"(f2));
    cpu.cpuid = ((f1 ^ f2) & 0x200000) != 0;
    if (!cpu.cpuid)
        return;
    cpuid(0, &a, &b, &c, &d);
    memcpy(cpu.vendor, &b, 4);
    memcpy(cpu.vendor + 4, &d, 4);
    memcpy(cpu.vendor + 8, &c, 4);
    cpu.vendor[12] = 0;
    cpuid(1, &a, &b, &c, &d);
    cpu.tsc = d & (1u << 4);
    cpu.pse = d & (1u << 3);
    cpu.pge = d & (1u << 13);
    cpu.fxsr = d & (1u << 24);
    cpu.sse = d & (1u << 25);
}

void arch_init_cpu(void)
{
    gdt_init();
    idt_init();
    pic_init();
}

void pushcli(void)
{
    bool was = read_eflags() & EFLAGS_IF;

    cli();
    if (cli_depth++ == 0)
        cli_was_enabled = was;
}

void popcli(void)
{
    kassert(!(read_eflags() & EFLAGS_IF));
    kassert(cli_depth > 0);
    if (--cli_depth == 0 && cli_was_enabled)
        sti();
}

void arch_irq_state_save(struct irq_state *s)
{
    s->depth = cli_depth;
    s->was_on = cli_was_enabled;
}

void arch_irq_state_restore(const struct irq_state *s)
{
    cli_depth = s->depth;
    cli_was_enabled = s->was_on;
}

void arch_irq_disable(void) { cli(); }
void arch_irq_enable(void) { sti(); }
bool arch_irq_enabled(void) { return read_eflags() & EFLAGS_IF; }
void arch_idle(void) { sti_hlt(); }

_Noreturn void arch_halt_forever(void)
{
    for (;;) {
        cli();
        hlt();
    }
}

_Noreturn void arch_qemu_exit(unsigned code)
{
    outl(0xF4, code);
    arch_halt_forever();            /* not under QEMU (or no isa-debug-exit device) */
}

_Noreturn void arch_reboot(void)
{
    for (int i = 0; i < 100000 && (inb(0x64) & 2); i++)
        ;                           /* wait for the keyboard controller's input buffer */
    outb(0x64, 0xFE);               /* pulse the CPU reset line */
    arch_halt_forever();
}

/* A frame pointer we may follow: aligned, kernel, mapped. */
static bool frame_ok(uint32_t ebp)
{
    uint32_t pa;

    return ebp >= KERNEL_BASE && (ebp & 3) == 0 && ebp < KVMAP_END - 8 &&
           vm_ktranslate(ebp, &pa) && vm_ktranslate(ebp + 4, &pa);
}

void arch_backtrace(uint32_t ebp)
{
    char line[128], where[96];

    for (int depth = 0; depth < 32 && frame_ok(ebp); depth++) {
        uint32_t *frame = (uint32_t *)ebp;
        uint32_t ret = frame[1];
        if (ret < KERNEL_BASE)
            break;
        /* name the call site (ret - 1): after a call to a noreturn function the
         * return address may already be the first byte of the next function */
        ksym_format_caller(ret, where, sizeof(where));
        ksnprintf(line, sizeof(line), "  [%08x] %s\n", ret, where);
        kputs(line);
        if (frame[0] <= ebp)        /* frames must go up the stack */
            break;
        ebp = frame[0];
    }
}
