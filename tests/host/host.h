/*
 * A tiny test framework for the host unit tests (tests/host/), and the
 * hooks into the host stand-ins for kernel services (host.c).  A test
 * program lists its test functions in a table of TEST(fn) entries and calls
 * host_main(); each CHECK records a failure with file and line and the test
 * goes on; the program ends with one line "test_NAME: P passed, F failed"
 * (counting test functions) and exits non-zero if any failed.
 * HOST_TEST_VERBOSE=1 in the environment also shows each test's name and
 * the kernel's log lines.
 */
#ifndef TESTS_HOST_HOST_H
#define TESTS_HOST_HOST_H

#include <setjmp.h>
#include <stdbool.h>

struct host_test {
    const char *name;
    void (*fn)(void);
};
#define TEST(fn) { #fn, fn }

/* Run every test (or those named on the command line); returns the exit status. */
int host_main(int argc, char **argv, const struct host_test *tests, int ntests);
#define HOST_MAIN(tests) \
    int main(int argc, char **argv) \
    { return host_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0]))); }

/* Record a failure of the running test unless ok; returns ok. */
bool host_check(bool ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define CHECK(cond) host_check(!!(cond), __FILE__, __LINE__, "%s", #cond)
/* CHECK with a message saying what was being tested (printf-style). */
#define CHECKF(cond, ...) host_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* Integer and string equality that print both sides on failure. */
#define CHECK_EQ(a, b) host_check_eq((long long)(a), (long long)(b), #a, #b, __FILE__, __LINE__)
#define CHECK_STR(a, b) host_check_str((a), (b), #a, #b, __FILE__, __LINE__)
bool host_check_eq(long long a, long long b, const char *ea, const char *eb, const char *file, int line);
bool host_check_str(const char *a, const char *b, const char *ea, const char *eb, const char *file, int line);

/*
 * EXPECT_PANIC(stmt, "text"): stmt must call panic() with a message that
 * contains text.  The panic unwinds back here (longjmp), so stmt's own
 * cleanup never runs: the state it was changing is suspect afterwards.
 * A panic nobody expected fails the running test, which stops there.
 * (setjmp rules: a local changed after EXPECT_PANIC and read after a later
 * one, like a loop counter, may be lost; put such loops around a helper.)
 */
extern jmp_buf host_expect_jb;
void host_expect_arm(void);
void host_expect_none(const char *stmt, const char *file, int line);
void host_expect_got(const char *text, const char *stmt, const char *file, int line);
#define EXPECT_PANIC(stmt, text) \
    do { \
        host_expect_arm(); \
        if (setjmp(host_expect_jb) == 0) { \
            stmt; \
            host_expect_none(#stmt, __FILE__, __LINE__); \
        } else { \
            host_expect_got((text), #stmt, __FILE__, __LINE__); \
        } \
    } while (0)

/* The message of the last panic caught (empty if none). */
const char *host_last_panic(void);

/* The kernel log since the last host_log_clear(): "tag: message" lines. */
void host_log_clear(void);
const char *host_log(void);
/* How many log lines contain text. */
int host_log_count(const char *text);

/* pushcli() nesting depth: 0 whenever no kernel call is in progress. */
extern int host_cli_depth;

/* Deterministic pseudo-random numbers (xorshift32); host_srand(0) is allowed. */
void host_srand(unsigned seed);
unsigned host_rand(void);
/* Uniform in [lo, hi]. */
unsigned host_rand_range(unsigned lo, unsigned hi);

#endif
