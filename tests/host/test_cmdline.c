/*
 * kernel/cmdline.c: splitting the boot command line into key=value words,
 * the quiet skipping of the kernel's own path, the warnings (counted by the
 * return value and visible in the log) for unknown keys, malformed and
 * non-printable words, overlong lines and too many words, and the typed
 * getters' fallback to their defaults.  The known keys are those of the
 * table in cmdline.c: ktest, panic, hz, console, loglevel.
 */
#include <stdio.h>
#include <string.h>
#include "host.h"
#include "kernel/cmdline.h"

static const char *const panic_choices[] = { "halt", "exit", "reboot", NULL };

static void test_basic_words(void)
{
    CHECK_EQ(cmdline_parse("ktest=all panic=exit hz=250 console=serial loglevel=3"), 0);
    CHECK_STR(cmdline_get("ktest"), "all");
    CHECK_STR(cmdline_get("panic"), "exit");
    CHECK_STR(cmdline_get("hz"), "250");
    CHECK_STR(cmdline_get("console"), "serial");
    CHECK_STR(cmdline_get("loglevel"), "3");
    CHECK(cmdline_has("ktest") && !cmdline_has("nosuch"));
    CHECK(cmdline_get("kte") == NULL && cmdline_get("ktest=all") == NULL);
    CHECK_EQ(host_log_count("warning"), 0);
}

static void test_bare_and_empty_values(void)
{
    CHECK_EQ(cmdline_parse("ktest console= panic=a=b"), 0);
    CHECK_STR(cmdline_get("ktest"), "");
    CHECK(cmdline_has("ktest"));
    CHECK_STR(cmdline_get("console"), "");
    CHECK_STR(cmdline_get("panic"), "a=b");
}

static void test_empty_lines(void)
{
    CHECK_EQ(cmdline_parse("hz=5"), 0);
    CHECK_EQ(cmdline_parse(NULL), 0);
    CHECK(!cmdline_has("hz"));              /* a new parse forgets the old line */
    CHECK_EQ(cmdline_parse(""), 0);
    CHECK_EQ(cmdline_parse("   \t\n  "), 0);
    CHECK(cmdline_get("") == NULL);
    CHECK_EQ(host_log_count("warning"), 0);
}

/* QEMU and iPXE put the kernel's path first; only there is it skipped without a word. */
static void test_kernel_path_first(void)
{
    CHECK_EQ(cmdline_parse("build/mosaic.elf ktest=all"), 0);
    CHECK_STR(cmdline_get("ktest"), "all");
    CHECK_EQ(cmdline_parse("/boot/mosaic hz=100"), 0);
    CHECK_EQ(cmdline_parse("mosaic.elf"), 0);
    CHECK_EQ(cmdline_parse("mosaic hz=100"), 1);                /* no '/' or '.': unknown */
    CHECK_EQ(cmdline_parse("hz=100 build/mosaic.elf"), 1);      /* not first: unknown */
    CHECK_STR(cmdline_get("hz"), "100");
    CHECK_EQ(host_log_count("unknown option"), 2);
}

static void test_unknown_and_malformed(void)
{
    CHECK_EQ(cmdline_parse("foo=1 ktest=x bar =x = baz= hz=7"), 5);
    CHECK_EQ(host_log_count("cmdline: warning"), 5);
    CHECK_EQ(host_log_count("unknown option 'foo'"), 1);
    CHECK_EQ(host_log_count("unknown option 'bar'"), 1);
    CHECK_EQ(host_log_count("unknown option 'baz'"), 1);
    CHECK_EQ(host_log_count("no key before '='"), 2);
    CHECK(cmdline_get("foo") == NULL && cmdline_get("baz") == NULL);
    CHECK_STR(cmdline_get("ktest"), "x");
    CHECK_STR(cmdline_get("hz"), "7");
}

/* Every control byte, space and DEL separates words. */
static void test_separators(void)
{
    CHECK_EQ(cmdline_parse("\tktest=a\thz=5\npanic=halt\r\x01" "console=vga\x7f" "loglevel=1\x1f"), 0);
    CHECK_STR(cmdline_get("ktest"), "a");
    CHECK_STR(cmdline_get("hz"), "5");
    CHECK_STR(cmdline_get("panic"), "halt");
    CHECK_STR(cmdline_get("console"), "vga");
    CHECK_STR(cmdline_get("loglevel"), "1");
}

/* Bytes above 0x7E make the whole word junk; the warning never echoes them. */
static void test_non_printable(void)
{
    CHECK_EQ(cmdline_parse("ktest=\xff hz=5 \x80 console=v\xc3\xa9ga"), 3);
    CHECK_EQ(host_log_count("non-printable"), 3);
    CHECK(!strchr(host_log(), '\xff') && !strchr(host_log(), '\x80') && !strchr(host_log(), '\xc3'));
    CHECK(!cmdline_has("ktest") && !cmdline_has("console"));
    CHECK_STR(cmdline_get("hz"), "5");
}

static void test_last_value_wins(void)
{
    CHECK_EQ(cmdline_parse("hz=100 ktest=a hz=200 hz"), 0);
    CHECK_STR(cmdline_get("hz"), "");
    CHECK_EQ(cmdline_parse("hz=100 ktest=a hz=200"), 0);
    CHECK_STR(cmdline_get("hz"), "200");
}

/* The line is cut at 1023 bytes, even in the middle of a word. */
static void test_long_lines(void)
{
    static char line[3000];

    memset(line, ' ', 1023);
    line[1023] = '\0';
    memcpy(line + 1023 - 4, "hz=9", 4);
    CHECK_EQ(cmdline_parse(line), 0);                           /* 1023 bytes: fits */
    CHECK_STR(cmdline_get("hz"), "9");

    memset(line, ' ', 1019);
    strcpy(line + 1019, "hz=12345");                            /* 1027 bytes */
    CHECK_EQ(cmdline_parse(line), 1);
    CHECK_EQ(host_log_count("longer than 1023 bytes"), 1);
    CHECK_STR(cmdline_get("hz"), "1");

    strcpy(line, "ktest=");
    memset(line + 6, 'a', 2000);
    line[2006] = '\0';
    CHECK_EQ(cmdline_parse(line), 1);
    CHECK(cmdline_get("ktest") && strlen(cmdline_get("ktest")) == 1023 - 6);
}

/* Only 64 words are kept; unknown words do not take a slot. */
static void test_too_many_words(void)
{
    static char line[1024];
    size_t len = 0;

    for (int i = 0; i < 70; i++)
        len += (size_t)snprintf(line + len, sizeof(line) - len, "hz=%d nope%d ", i, i);
    CHECK(len < sizeof(line) - 1);
    CHECK_EQ(cmdline_parse(line), 6 + 70);
    CHECK_EQ(host_log_count("more than 64 options"), 6);
    CHECK_EQ(host_log_count("unknown option 'nope"), 70);
    CHECK_STR(cmdline_get("hz"), "63");
}

static void test_get_uint(void)
{
    static const struct { const char *line; unsigned want; int warnings; } cases[] = {
        { "hz=250", 250, 0 },  { "hz=10", 10, 0 },     { "hz=1000", 1000, 0 },  { "hz=0x64", 100, 0 },
        { "hz=0X3e8", 1000, 0 }, { "", 77, 0 },        { "hz=9", 77, 1 },       { "hz=1001", 77, 1 },
        { "hz=abc", 77, 1 },   { "hz=", 77, 1 },       { "hz", 77, 1 },         { "hz=12a", 77, 1 },
        { "hz=-5", 77, 1 },    { "hz=4294967296", 77, 1 }, { "hz=0x", 77, 1 },  { "hz=99 hz=100", 100, 0 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        host_log_clear();
        CHECK_EQ(cmdline_parse(cases[i].line), 0);
        unsigned got = cmdline_get_uint("hz", 77, 10, 1000);
        CHECKF(got == cases[i].want, "\"%s\": got %u, want %u", cases[i].line, got, cases[i].want);
        CHECKF(host_log_count("warning") == cases[i].warnings, "\"%s\": warnings", cases[i].line);
    }
    CHECK_EQ(cmdline_parse("hz=4294967295"), 0);
    CHECK_EQ(cmdline_get_uint("hz", 1, 0, 0xFFFFFFFFu), 0xFFFFFFFFu);
}

static void test_get_choice(void)
{
    CHECK_EQ(cmdline_parse("panic=exit"), 0);
    CHECK_EQ(cmdline_get_choice("panic", panic_choices, 0), 1);
    CHECK_EQ(cmdline_parse("panic=reboot"), 0);
    CHECK_EQ(cmdline_get_choice("panic", panic_choices, 0), 2);
    CHECK_EQ(cmdline_parse(""), 0);
    CHECK_EQ(cmdline_get_choice("panic", panic_choices, 1), 1);
    CHECK_EQ(host_log_count("warning"), 0);

    static const char *const bad[] = { "panic=EXIT", "panic=", "panic", "panic=exit2", "panic=hal" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        host_log_clear();
        CHECK_EQ(cmdline_parse(bad[i]), 0);
        CHECKF(cmdline_get_choice("panic", panic_choices, 0) == 0, "%s", bad[i]);
        CHECKF(host_log_count("is not a known value; using halt") == 1, "%s warns", bad[i]);
    }
}

static const struct host_test tests[] = {
    TEST(test_basic_words),
    TEST(test_bare_and_empty_values),
    TEST(test_empty_lines),
    TEST(test_kernel_path_first),
    TEST(test_unknown_and_malformed),
    TEST(test_separators),
    TEST(test_non_printable),
    TEST(test_last_value_wins),
    TEST(test_long_lines),
    TEST(test_too_many_words),
    TEST(test_get_uint),
    TEST(test_get_choice),
};
HOST_MAIN(tests)
