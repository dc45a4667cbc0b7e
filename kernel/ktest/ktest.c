/*
 * The ktest runner.  Tests live in the .ktests section (see KTEST in
 * ktest.h), so adding one is one macro in any file.  Output, one line each:
 *     ktest: pmm_exhaust ... ok (12 ms)
 *     ktest: heap_stress ... FAIL (2 checks failed)
 * then "ktest: N passed, N failed" and the QEMU exit code.  Two special
 * names end the run on purpose: "fault" (a kernel page fault) and "assert"
 * (a failed kassert), to test the reports.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/arch.h"
#include "kernel/time.h"
#include "kernel/lib/string.h"

extern const struct ktest ktests_start[], ktests_end[];

static int failures;            /* checks failed in the running test */
static unsigned rng = 2463534242u;

void ktest_check(int ok, const char *expr, const char *file, int line)
{
    if (ok)
        return;
    failures++;
    kprintf("ktest", "  check failed: %s (%s:%d)\n", expr, file, line);
}

unsigned ktest_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Deliberately fault, so the exception report can be tested. */
static _Noreturn void ktest_fault(void)
{
    volatile uint32_t *bad = (volatile uint32_t *)0xDEAD0000;

    kprintf("ktest", "fault: writing to %p\n", (void *)bad);
    *bad = 1;
    panic("ktest=fault: the write to %p did not fault", (void *)bad);
}

/* Deliberately fail an assertion, so the kassert report can be tested. */
static _Noreturn void ktest_assert(void)
{
    volatile int two = 2;

    kassert(two + two == 5);
    panic("ktest=assert: kassert did not stop the kernel");
}

_Noreturn void ktest_run(const char *which)
{
    int passed = 0, failed = 0;

    if (strcmp(which, "fault") == 0)
        ktest_fault();
    if (strcmp(which, "assert") == 0)
        ktest_assert();
    for (const struct ktest *t = ktests_start; t < ktests_end; t++) {
        if (strcmp(which, "all") != 0 && strcmp(which, t->name) != 0)
            continue;
        uint64_t t0 = time_ns();
        failures = 0;
        t->fn();
        unsigned ms = (unsigned)((time_ns() - t0) / 1000000);
        if (failures)
            kprintf("ktest", "%s ... FAIL (%d checks failed, %u ms)\n", t->name, failures, ms), failed++;
        else
            kprintf("ktest", "%s ... ok (%u ms)\n", t->name, ms), passed++;
    }
    if (passed + failed == 0) {
        kprintf("ktest", "no test named '%s'\n", which);
        failed = 1;
    }
    kprintf("ktest", "%d passed, %d failed\n", passed, failed);
    arch_qemu_exit(failed ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
}
