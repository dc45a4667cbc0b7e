/*
 * kernel/lib/string.c against the C library: every function on many
 * lengths (0..70, so the word-sized fast paths and their byte tails are
 * both exercised), at every alignment, with guard bytes around the
 * destination; memmove on overlaps in both directions; and str_to_u32,
 * which has no libc twin, on a table of edge cases.
 */
#include <stdint.h>
#include <string.h>
#include "host.h"
#include "kstring.h"

#define MAXLEN  70
#define BUF     256
#define GUARD   0xEE

static int sign(long v)
{
    return (v > 0) - (v < 0);
}

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed + i * 7 + (i >> 3));
}

static void test_memcpy(void)
{
    static uint8_t src[BUF], want[BUF], got[BUF];

    fill(src, BUF, 1);
    for (size_t so = 0; so < 8; so++)
        for (size_t d = 0; d < 8; d++)
            for (size_t n = 0; n <= MAXLEN; n++) {
                memset(want, GUARD, BUF);
                memset(got, GUARD, BUF);
                memcpy(want + 8 + d, src + so, n);
                CHECKF(k_memcpy(got + 8 + d, src + so, n) == got + 8 + d, "return value, n=%zu", n);
                CHECKF(memcmp(want, got, BUF) == 0, "src+%zu dst+%zu n=%zu", so, d, n);
            }
}

/* Overlapping copies: dst below src, above src, and equal, at every alignment. */
static void test_memmove(void)
{
    static uint8_t want[BUF], got[BUF];

    for (int so = 64; so < 72; so++)
        for (int delta = -20; delta <= 20; delta++)
            for (size_t n = 0; n <= MAXLEN; n++) {
                fill(want, BUF, (unsigned)so);
                fill(got, BUF, (unsigned)so);
                memmove(want + so + delta, want + so, n);
                CHECKF(k_memmove(got + so + delta, got + so, n) == got + so + delta, "return value");
                CHECKF(memcmp(want, got, BUF) == 0, "src+%d delta %d n=%zu", so, delta, n);
            }
}

static void test_memset(void)
{
    static const int values[] = { 0, 0x5A, 0xA5, 0x1FF, -1, -128 };
    static uint8_t want[BUF], got[BUF];

    for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
        for (size_t d = 0; d < 8; d++)
            for (size_t n = 0; n <= MAXLEN; n++) {
                memset(want, GUARD, BUF);
                memset(got, GUARD, BUF);
                memset(want + 8 + d, values[v], n);
                CHECKF(k_memset(got + 8 + d, values[v], n) == got + 8 + d, "return value");
                CHECKF(memcmp(want, got, BUF) == 0, "c=%d dst+%zu n=%zu", values[v], d, n);
            }
}

/* The sign must match libc, also when the differing bytes have the top bit set. */
static void test_memcmp(void)
{
    static uint8_t a[BUF], b[BUF];
    static const uint8_t pairs[][2] = { { 1, 2 }, { 2, 1 }, { 0x7F, 0x80 }, { 0x80, 0x7F }, { 0, 0xFF } };

    for (size_t n = 0; n <= MAXLEN; n++)
        for (size_t at = 0; at <= n; at++)
            for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
                fill(a, BUF, 3);
                fill(b, BUF, 3);
                a[at] = pairs[p][0];
                b[at] = pairs[p][1];
                CHECKF(sign(k_memcmp(a, b, n)) == sign(memcmp(a, b, n)), "n=%zu differ at %zu", n, at);
                CHECKF(sign(k_memcmp(a + 1, b + 1, n)) == sign(memcmp(a + 1, b + 1, n)),
                       "unaligned n=%zu", n);
            }
}

static void test_strlen_strnlen(void)
{
    static char s[BUF];

    for (size_t off = 0; off < 8; off++)
        for (size_t len = 0; len <= MAXLEN; len++) {
            memset(s, 'x', BUF);
            s[off + len] = '\0';
            CHECKF(k_strlen(s + off) == len, "len %zu at +%zu", len, off);
            for (size_t max = 0; max <= len + 2; max++)
                CHECKF(k_strnlen(s + off, max) == strnlen(s + off, max), "strnlen len %zu max %zu", len, max);
        }
    CHECK(k_strnlen("abc", 0) == 0);
    CHECK(k_strlen("\xff\x80") == 2);
}

static void test_strcmp_strncmp(void)
{
    static const char *const strs[] = {
        "", "a", "b", "ab", "abc", "abd", "abcd", "ABC", "\x7f", "\x80", "\xff", "a\x80", "a\x7f",
        "kernel", "kernel/", "kernel/lib",
    };
    const size_t n = sizeof(strs) / sizeof(strs[0]);

    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            CHECKF(sign(k_strcmp(strs[i], strs[j])) == sign(strcmp(strs[i], strs[j])),
                   "strcmp(\"%s\", \"%s\")", strs[i], strs[j]);
            for (size_t k = 0; k <= 6; k++)
                CHECKF(sign(k_strncmp(strs[i], strs[j], k)) == sign(strncmp(strs[i], strs[j], k)),
                       "strncmp(\"%s\", \"%s\", %zu)", strs[i], strs[j], k);
        }
}

static void test_strchr(void)
{
    static const char s[] = "hello, w\xe9rld";
    static const int cs[] = { 'h', 'l', 'o', ',', 'd', 'z', 0, 0xE9, (char)0xE9, 0x100 + 'w', 0x80 };

    for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++)
        CHECKF(k_strchr(s, cs[i]) == strchr(s, cs[i]), "strchr(s, %#x)", cs[i]);
    CHECK(k_strchr("", 0) != NULL);
    CHECK(k_strchr("", 'a') == NULL);
}

static void test_strncpy(void)
{
    static const char *const srcs[] = { "", "a", "kernel", "a longer string than the others here" };
    static char want[BUF], got[BUF];

    for (size_t i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++)
        for (size_t n = 0; n <= strlen(srcs[i]) + 5; n++) {
            memset(want, GUARD, BUF);
            memset(got, GUARD, BUF);
            strncpy(want + 1, srcs[i], n);
            CHECKF(k_strncpy(got + 1, srcs[i], n) == got + 1, "return value");
            CHECKF(memcmp(want, got, BUF) == 0, "strncpy(\"%s\", %zu)", srcs[i], n);
        }
}

/* strlcpy has no glibc 2.36 twin: check it against its definition (BSD). */
static void test_strlcpy(void)
{
    static const char *const srcs[] = { "", "a", "kernel", "a longer string than the others here" };
    static char got[BUF];

    for (size_t i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
        size_t len = strlen(srcs[i]);
        for (size_t size = 0; size <= len + 3; size++) {
            size_t copied = size == 0 ? 0 : (len < size - 1 ? len : size - 1);
            memset(got, GUARD, BUF);
            CHECK_EQ(strlcpy(got + 1, srcs[i], size), len);
            CHECKF(memcmp(got + 1, srcs[i], copied) == 0, "contents, size %zu", size);
            if (size)
                CHECKF(got[1 + copied] == '\0', "terminated, size %zu", size);
            CHECKF((uint8_t)got[0] == GUARD && (uint8_t)got[1 + copied + (size != 0)] == GUARD,
                   "wrote outside, size %zu", size);
        }
    }
}

static void test_str_to_u32(void)
{
    static const struct { const char *s; int ret; unsigned val; } cases[] = {
        { "0", 0, 0 },            { "7", 0, 7 },              { "100", 0, 100 },
        { "4294967295", 0, 4294967295u }, { "4294967296", -1, 0 },
        { "99999999999", -1, 0 }, { "0x", -1, 0 },            { "0X", -1, 0 },
        { "0x1F", 0, 31 },        { "0XfF", 0, 255 },         { "0xFFFFFFFF", 0, 0xFFFFFFFFu },
        { "0x100000000", -1, 0 }, { "", -1, 0 },              { "12a", -1, 0 },
        { "a", -1, 0 },           { "-1", -1, 0 },            { "+1", -1, 0 },
        { " 1", -1, 0 },          { "1 ", -1, 0 },            { "0x1g", -1, 0 },
        { "00012", 0, 12 },       { "0x0000000000000001", 0, 1 }, { "1f", -1, 0 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned v = 12345;
        int ret = str_to_u32(cases[i].s, &v);
        CHECKF(ret == cases[i].ret, "str_to_u32(\"%s\") returned %d", cases[i].s, ret);
        CHECKF(v == (ret == 0 ? cases[i].val : 12345u), "str_to_u32(\"%s\") set %u", cases[i].s, v);
    }
    unsigned v = 1;
    CHECK(str_to_u32(NULL, &v) == -1 && v == 1);
}

static const struct host_test tests[] = {
    TEST(test_memcpy),
    TEST(test_memmove),
    TEST(test_memset),
    TEST(test_memcmp),
    TEST(test_strlen_strnlen),
    TEST(test_strcmp_strncmp),
    TEST(test_strchr),
    TEST(test_strncpy),
    TEST(test_strlcpy),
    TEST(test_str_to_u32),
};
HOST_MAIN(tests)
