/*
 * crash: a program that faults is killed with the right signal, and
 * nothing else is harmed.
 *
 * Each case runs in a child: unbounded recursion (stack overflow),
 * integer division by zero and INT_MIN / -1, loads and stores through
 * NULL, into its own code and into the kernel, jumps to NULL and into the
 * kernel, ud2, int3, privileged instructions (hlt, cli, in, a kernel
 * segment), a stack pointer aimed at the kernel, and an unmasked x87
 * exception.  A bystander process keeps checking its own memory all the
 * while and must finish intact, as must this parent.  A SIGSEGV handler
 * can catch a fault (and leave with _exit), but not a stack overflow:
 * there is no stack left to run it on, so that still kills.
 * `crash segv` just writes through NULL (the shell test uses it).
 */
#include <limits.h>
#include <stdint.h>
#include "check.h"

static volatile int zero;               /* volatile: the compiler cannot see the faults */
static volatile int *volatile null_ptr;

static int recurse(int depth)
{
    volatile char pad[1024];

    pad[0] = (char)depth;
    if (zero == 0)                      /* always: but the compiler cannot know */
        return recurse(depth + 1) + pad[0];
    return 0;
}

static void stack_overflow(void) { recurse(0); }
static void divide_by_zero(void) { zero = 10 / zero; }
static void divide_overflow(void) { volatile int m = INT_MIN, d = -1; zero = m / (d + zero); }
static void read_null(void) { zero = *null_ptr; }
static void write_null(void) { *null_ptr = 1; }
static void write_text(void) { *(volatile char *)(void *)write_text = 0; }
static void read_kernel(void) { zero = *(volatile int *)0xC0100000; }
static void write_kernel(void) { *(volatile int *)0xC0100000 = 0; }
static void jump_null(void) { ((void (*)(void))(uintptr_t)null_ptr)(); }
static void jump_kernel(void) { ((void (*)(void))0xC0100000)(); }
static void illegal(void) { __asm__ volatile("ud2"); }
static void breakpoint(void) { __asm__ volatile("int3"); }
static void halt(void) { __asm__ volatile("hlt"); }
static void no_interrupts(void) { __asm__ volatile("cli"); }
static void port_io(void) { __asm__ volatile("inb $0x60, %%al" : : : "eax"); }
static void kernel_segment(void) { __asm__ volatile("mov %0, %%ds" : : "r"(0x10)); }
static void kernel_gate(void) { __asm__ volatile("int $0x0e"); }
static void stack_into_kernel(void) { __asm__ volatile("mov $0xC0001000, %%esp; push %%eax" : : : "memory"); }

static void x87_exception(void)
{
    volatile double one = 1.0, nothing = 0.0, r;
    uint16_t cw = 0x037F & ~0x04;       /* unmask zero-divide */

    __asm__ volatile("fldcw %0" : : "m"(cw));
    r = one / nothing;                  /* the exception is raised at the next FPU instruction */
    __asm__ volatile("fwait");
    (void)r;
}

struct crash { const char *name; void (*fn)(void); int sig; };

static const struct crash crashes[] = {
    { "stack overflow", stack_overflow, SIGSEGV },
    { "divide by zero", divide_by_zero, SIGFPE },
    { "INT_MIN / -1", divide_overflow, SIGFPE },
    { "read NULL", read_null, SIGSEGV },
    { "write NULL", write_null, SIGSEGV },
    { "write own code", write_text, SIGSEGV },
    { "read kernel", read_kernel, SIGSEGV },
    { "write kernel", write_kernel, SIGSEGV },
    { "jump to NULL", jump_null, SIGSEGV },
    { "jump into kernel", jump_kernel, SIGSEGV },
    { "ud2", illegal, SIGILL },
    { "int3", breakpoint, SIGTRAP },
    { "hlt", halt, SIGSEGV },
    { "cli", no_interrupts, SIGSEGV },
    { "in port", port_io, SIGSEGV },
    { "kernel data segment", kernel_segment, SIGSEGV },
    { "int $0x0e", kernel_gate, SIGSEGV },
    { "stack pointer in kernel", stack_into_kernel, SIGSEGV },
    { "x87 zero divide", x87_exception, SIGFPE },
};

static int crash_status(void (*fn)(void))
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        fn();
        _exit(0);                       /* it did not fault */
    }
    if (pid > 0)
        waitpid(pid, &status, 0);
    return status;
}

/* The bystander: checks a buffer of its own until SIGUSR1, exits 0 if it never changed. */
static volatile sig_atomic_t stop;
static void on_usr1(int sig) { (void)sig; stop = 1; }

static void bystander(void)
{
    static unsigned buf[16384];
    unsigned rounds = 0, bad = 0;

    signal(SIGUSR1, on_usr1);
    for (unsigned i = 0; i < 16384; i++)
        buf[i] = i * 7919u;
    while (!stop || rounds < 3) {
        for (unsigned i = 0; i < 16384; i++)
            bad += buf[i] != i * 7919u;
        rounds++;
        sched_yield();
    }
    _exit(bad ? 1 : 0);
}

static void on_segv(int sig) { _exit(40 + sig); }

static void caught(void)
{
    signal(SIGSEGV, on_segv);
    CHECK_EXITED(crash_status(write_null), 40 + SIGSEGV);      /* handler ran */
    CHECK_EXITED(crash_status(read_kernel), 40 + SIGSEGV);
    CHECK_KILLED(crash_status(stack_overflow), SIGSEGV);       /* no stack for it */
    signal(SIGSEGV, SIG_DFL);
}

int main(int argc, char **argv)
{
    int status = -1;
    unsigned local = 0xfeedface;

    if (argc == 2 && strcmp(argv[1], "segv") == 0)
        write_null();                   /* for tests/qemu/test_userland.py */
    pid_t watcher = fork();

    if (watcher == 0)
        bystander();
    for (unsigned i = 0; i < sizeof crashes / sizeof crashes[0]; i++) {
        int before = check_failures;
        CHECK_KILLED(crash_status(crashes[i].fn), crashes[i].sig);
        if (check_failures != before)
            fprintf(stderr, "   (case: %s)\n", crashes[i].name);
    }
    caught();
    CHECK(watcher > 0 && kill(watcher, SIGUSR1) == 0);
    CHECK(waitpid(watcher, &status, 0) == watcher);
    CHECK_EXITED(status, 0);
    CHECK(local == 0xfeedface);
    return check_status();
}
