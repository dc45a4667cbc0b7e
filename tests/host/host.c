/*
 * The host side of the host unit tests: the test runner behind host.h, and
 * stand-ins for the kernel services that the pure kernel files call --
 * kprintf/kputs (kept in a buffer tests can search), panic_at (unwinds to
 * an EXPECT_PANIC, or fails the running test), pushcli/popcli (a depth
 * counter).  It also compiles kernel/lib/string.c under k_ names (see
 * kstring.h), so the kernel's versions are testable next to libc's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host.h"
#include "kernel/log.h"
#include "kernel/arch.h"
#include "kernel/lib/printf.h"

#define MAX_SHOWN 10            /* failures printed per test; the rest are counted */

static const struct host_test *current;
static int failures;            /* in the current test */
static bool verbose;
static jmp_buf test_jb;         /* where an unexpected panic ends the current test */
static bool in_test;

jmp_buf host_expect_jb;
static bool expect_armed;
static int expect_cli_depth;
static char panic_msg[512];

int host_cli_depth;

/* UB is a failure, not a note on stderr that a passing run would hide. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}

/* ---- checks --------------------------------------------------------------- */

static void vfail(const char *file, int line, const char *fmt, va_list ap)
{
    if (++failures > MAX_SHOWN)
        return;
    printf("  %s:%d: %s: ", file, line, current ? current->name : "?");
    vprintf(fmt, ap);
    printf("\n");
}

static void fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfail(file, line, fmt, ap);
    va_end(ap);
}

bool host_check(bool ok, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    if (ok)
        return true;
    va_start(ap, fmt);
    vfail(file, line, fmt, ap);
    va_end(ap);
    return false;
}

bool host_check_eq(long long a, long long b, const char *ea, const char *eb, const char *file, int line)
{
    if (a == b)
        return true;
    fail(file, line, "%s == %s: %lld (%#llx) != %lld (%#llx)", ea, eb,
         a, (unsigned long long)a, b, (unsigned long long)b);
    return false;
}

bool host_check_str(const char *a, const char *b, const char *ea, const char *eb, const char *file, int line)
{
    if (a && b && strcmp(a, b) == 0)
        return true;
    fail(file, line, "%s == %s: \"%s\" != \"%s\"", ea, eb, a ? a : "(NULL)", b ? b : "(NULL)");
    return false;
}

/* ---- panics ------------------------------------------------------------- */

void host_expect_arm(void)
{
    expect_armed = true;
    expect_cli_depth = host_cli_depth;
    panic_msg[0] = '\0';
}

void host_expect_none(const char *stmt, const char *file, int line)
{
    expect_armed = false;
    fail(file, line, "no panic from %s", stmt);
}

void host_expect_got(const char *text, const char *stmt, const char *file, int line)
{
    if (!strstr(panic_msg, text))
        fail(file, line, "%s panicked with \"%s\", expected \"%s\"", stmt, panic_msg, text);
}

const char *host_last_panic(void)
{
    return panic_msg;
}

_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    kvsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
    va_end(ap);
    if (verbose)
        printf("    panic at %s:%d: %s\n", file, line, panic_msg);
    if (expect_armed) {
        expect_armed = false;
        host_cli_depth = expect_cli_depth;      /* the panicking call never popped */
        longjmp(host_expect_jb, 1);
    }
    if (in_test) {
        fail(file, line, "unexpected panic: %s", panic_msg);
        longjmp(test_jb, 1);
    }
    fprintf(stderr, "PANIC at %s:%d: %s\n", file, line, panic_msg);
    abort();
}

/* ---- kernel log -------------------------------------------------------------- */

static char logbuf[32768];
static size_t loglen;

static void log_append(const char *s)
{
    size_t n = strlen(s);

    if (verbose)
        fputs(s, stdout);
    if (n >= sizeof(logbuf) / 2)
        n = sizeof(logbuf) / 2 - 1;
    if (loglen + n >= sizeof(logbuf)) {         /* keep the newer half */
        memmove(logbuf, logbuf + loglen / 2, loglen - loglen / 2);
        loglen -= loglen / 2;
    }
    memcpy(logbuf + loglen, s, n);
    loglen += n;
    logbuf[loglen] = '\0';
}

void kputs(const char *s)
{
    log_append(s);
}

void kvprintf(const char *tag, const char *fmt, va_list ap)
{
    char line[1024];
    int n = ksnprintf(line, sizeof(line), "%s: ", tag);

    kvsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    log_append(line);
}

void kprintf(const char *tag, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    kvprintf(tag, fmt, ap);
    va_end(ap);
}

void host_log_clear(void)
{
    loglen = 0;
    logbuf[0] = '\0';
}

const char *host_log(void)
{
    return logbuf;
}

int host_log_count(const char *text)
{
    int count = 0;

    for (const char *line = logbuf; *line; ) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *hit = strstr(line, text);
        if (hit && hit + strlen(text) <= line + len)
            count++;
        line += len + (end != NULL);
    }
    return count;
}

/* ---- CPU stand-ins ----------------------------------------------------------- */

void pushcli(void)
{
    host_cli_depth++;
}

void popcli(void)
{
    if (host_cli_depth <= 0)
        panic("popcli without pushcli");
    host_cli_depth--;
}

/* ---- random numbers --------------------------------------------------------- */

static unsigned rand_state = 2463534242u;

void host_srand(unsigned seed)
{
    rand_state = seed ? seed : 2463534242u;
}

unsigned host_rand(void)
{
    rand_state ^= rand_state << 13;
    rand_state ^= rand_state >> 17;
    rand_state ^= rand_state << 5;
    return rand_state;
}

unsigned host_rand_range(unsigned lo, unsigned hi)
{
    unsigned long long span = (unsigned long long)hi - lo + 1;

    return lo + (unsigned)(host_rand() % span);
}

/* ---- runner ---------------------------------------------------------------- */

/* Run one test with fresh state; returns true if it passed. */
static bool run_one(const struct host_test *t)
{
    current = t;
    failures = 0;
    host_cli_depth = 0;
    host_srand(0);
    host_log_clear();
    in_test = true;
    if (verbose)
        printf("---- %s\n", t->name);
    if (setjmp(test_jb) == 0)
        t->fn();
    in_test = false;
    expect_armed = false;
    if (host_cli_depth != 0)
        fail(__FILE__, __LINE__, "pushcli depth is %d after the test", host_cli_depth);
    if (failures > MAX_SHOWN)
        printf("  ... %s: %d more failures not shown\n", t->name, failures - MAX_SHOWN);
    if (failures || verbose)
        printf("%s %s\n", failures ? "FAIL" : "ok  ", t->name);
    current = NULL;
    return failures == 0;
}

static bool selected(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return true;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

/* Names on the command line that match no test; each counts as a failure. */
static int unknown_names(int argc, char **argv, const struct host_test *tests, int ntests)
{
    int unknown = 0;

    for (int i = 1; i < argc; i++) {
        int t = 0;
        while (t < ntests && strcmp(argv[i], tests[t].name) != 0)
            t++;
        if (t == ntests) {
            printf("no test named %s\n", argv[i]);
            unknown++;
        }
    }
    return unknown;
}

int host_main(int argc, char **argv, const struct host_test *tests, int ntests)
{
    const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    const char *v = getenv("HOST_TEST_VERBOSE");
    int passed = 0, failed = 0;

    verbose = v && *v && strcmp(v, "0") != 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < ntests; i++) {
        if (!selected(tests[i].name, argc, argv))
            continue;
        if (run_one(&tests[i]))
            passed++;
        else
            failed++;
    }
    failed += unknown_names(argc, argv, tests, ntests);     /* a typo must not pass */
    printf("%s: %d passed, %d failed\n", prog, passed, failed);
    return failed ? 1 : 0;
}

/*
 * The kernel's string functions, compiled here under k_ names (all but
 * strlcpy and str_to_u32, which the C library lacks and the other kernel
 * files need).  Last in the file: the renaming macros stay defined.
 */
#define KSTRING_KEEP_NAMES
#include "kstring.h"
#include "kernel/lib/string.c"
