/*
 * Built-in kernel tests (kernel/ktest/).  A test is a function registered
 * with KTEST(name); it reports problems with KT_CHECK and passes if none
 * failed.  "ktest=all" (or "ktest=NAME") on the command line runs them at
 * the end of boot, prints one line per test and a summary, and exits QEMU
 * with the verdict through isa-debug-exit.  "ktest=fault" instead provokes a
 * kernel page fault, to test the exception report.
 */
#ifndef KTEST_KTEST_H
#define KTEST_KTEST_H

#include "kernel/log.h"

struct ktest {
    const char *name;
    void (*fn)(void);
};

#define KTEST(tname) \
    static void ktest_##tname(void); \
    static const struct ktest ktest_desc_##tname \
        __attribute__((used, section(".ktests"), aligned(4))) = { #tname, ktest_##tname }; \
    static void ktest_##tname(void)

/* Record a failure (with file and line) if cond is false; the test goes on. */
#define KT_CHECK(cond) ktest_check((cond), #cond, __FILE__, __LINE__)
void ktest_check(int ok, const char *expr, const char *file, int line);

/* Run the tests named by the ktest= option; does not return. */
_Noreturn void ktest_run(const char *which);

/* A small deterministic PRNG for tests (xorshift32). */
unsigned ktest_rand(void);

#endif
