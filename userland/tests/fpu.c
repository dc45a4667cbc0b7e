/*
 * fpu: processes running floating point at the same time each keep their
 * own FPU state (x87 registers and control word, SSE registers and MXCSR).
 *
 * Several processes iterate the logistic map on the x87 stack for many
 * time slices, never storing to memory in between: it is chaotic, so one
 * corrupted register anywhere shows in the final value, which must equal
 * the one computed alone before the fork.  Meanwhile they keep different
 * x87 rounding modes and different patterns in xmm0-xmm7 (if the CPU has
 * SSE) and check them again and again.  fork copies the FPU state; execve
 * starts from the default one.
 */
#include <stdint.h>
#include "check.h"

#define SELF   "/bin/tests/fpu"
#define PROCS  4
#define ROUNDS 30
#define STEPS  200000u

/* n steps of x = r x (1 - x), all on the x87 stack. */
static double logistic(double x, double r, unsigned n)
{
    double out;

    __asm__ volatile(
        "fldl %[r]\n\t"
        "fldl %[x]\n\t"                 /* st0 = x, st1 = r */
        "1:\n\t"
        "fld1\n\t"
        "fsub %%st(1), %%st\n\t"        /* 1 - x */
        "fmul %%st(1), %%st\n\t"        /* x (1 - x) */
        "fmul %%st(2), %%st\n\t"        /* r x (1 - x) */
        "fstp %%st(1)\n\t"              /* x = that */
        "dec %[n]\n\t"
        "jnz 1b\n\t"
        "fstpl %[out]\n\t"
        "fstp %%st(0)\n\t"
        : [out] "=m"(out), [n] "+r"(n)
        : [x] "m"(x), [r] "m"(r)
        : "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
    return out;
}

static uint16_t get_cw(void)
{
    uint16_t cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    return cw;
}

static void set_cw(uint16_t cw)
{
    __asm__ volatile("fldcw %0" : : "m"(cw));
}

static int have_sse(void)
{
    uint32_t a = 1, b, c, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
    return (d >> 25) & 1;
}

/* Load xmm0-7 with pattern p, spin, and check they still hold it; 1 if so. */
static int xmm_hold(uint32_t p)
{
    uint32_t in[32] __attribute__((aligned(16))), out[32] __attribute__((aligned(16)));

    for (int i = 0; i < 32; i++)
        in[i] = p * 2654435761u + (uint32_t)i;
    __asm__ volatile(
        "movups 0(%0), %%xmm0\n\t"   "movups 16(%0), %%xmm1\n\t"
        "movups 32(%0), %%xmm2\n\t"  "movups 48(%0), %%xmm3\n\t"
        "movups 64(%0), %%xmm4\n\t"  "movups 80(%0), %%xmm5\n\t"
        "movups 96(%0), %%xmm6\n\t"  "movups 112(%0), %%xmm7\n\t"
        "mov $1000000, %%ecx\n\t"
        "2: dec %%ecx\n\t"
        "jnz 2b\n\t"
        "movups %%xmm0, 0(%1)\n\t"   "movups %%xmm1, 16(%1)\n\t"
        "movups %%xmm2, 32(%1)\n\t"  "movups %%xmm3, 48(%1)\n\t"
        "movups %%xmm4, 64(%1)\n\t"  "movups %%xmm5, 80(%1)\n\t"
        "movups %%xmm6, 96(%1)\n\t"  "movups %%xmm7, 112(%1)\n\t"
        : : "r"(in), "r"(out) : "ecx", "cc", "memory",
          "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7");
    return memcmp(in, out, sizeof in) == 0;
}

static uint32_t get_mxcsr(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static void set_mxcsr(uint32_t m)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
}

/* One of the concurrent workers: its own seed, rounding mode and patterns. */
static void worker(int id, double want)
{
    uint16_t cw = (uint16_t)((get_cw() & ~0x0C00) | ((id & 3) << 10));   /* rounding control */
    uint32_t mx = (get_mxcsr() & ~0x6000u) | ((uint32_t)(id & 3) << 13);
    int sse = have_sse();

    set_cw(cw);
    if (sse)
        set_mxcsr(mx);
    for (int round = 0; round < ROUNDS; round++) {
        set_cw(0x037F);                                 /* the map runs at the default */
        double got = logistic(0.1 + 0.1 * id, 3.9, STEPS);
        set_cw(cw);
        CHECK(got == want);
        CHECK(get_cw() == cw);
        if (sse) {
            CHECK(xmm_hold((uint32_t)(id * 1000 + round)));
            CHECK(get_mxcsr() == mx);
        }
        sched_yield();
    }
}

static void concurrent(void)
{
    double want[PROCS];
    pid_t pids[PROCS];

    set_cw(0x037F);
    for (int i = 0; i < PROCS; i++)
        want[i] = logistic(0.1 + 0.1 * i, 3.9, STEPS);
    for (int i = 1; i < PROCS; i++)
        CHECK(want[i] != want[0]);                      /* the workers really differ */
    for (int i = 0; i < PROCS; i++) {
        pids[i] = check_fork();
        if (pids[i] == 0) {
            worker(i, want[i]);
            check_child_exit();
        }
    }
    for (int i = 0; i < PROCS; i++) {
        int status = -1;
        CHECK(pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i]);
        CHECK_EXITED(status, 0);
    }
}

static void fork_and_exec(void)
{
    int status = -1;
    uint16_t odd = (get_cw() & ~0x0C00) | 0x0C00;       /* round toward zero */

    set_cw(odd);
    pid_t pid = check_fork();
    if (pid == 0) {
        CHECK(get_cw() == odd);                         /* fork copies the state */
        char *argv[] = { SELF, "fresh", NULL };
        execv(SELF, argv);
        _exit(99);
    }
    set_cw(0x037F);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "fresh") == 0)
        return get_cw() == 0x037F ? 0 : 1;              /* execve: the default state */
    concurrent();
    fork_and_exec();
    return check_status();
}
