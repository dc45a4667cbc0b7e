/*
 * kernel/lib/printf.c against the host's snprintf: a hand-written table of
 * formats, then every combination of flag, width, precision and length
 * modifier for the integer conversions on boundary values, then truncation
 * into exactly-sized heap buffers (so ASan sees any byte written past the
 * end).  Where the kernel's behaviour is its own (%p, NULL strings, unknown
 * conversions, absurd widths) the expected text is spelled out instead.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include "host.h"
#include "kernel/lib/printf.h"

/* kvsnprintf without the format attribute, for formats the compiler would reject. */
static int kfmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* snprintf, equally unchecked. */
static int lfmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/*
 * The same format and arguments through both printfs: text and return
 * value must agree.  CMP lets the compiler check the format; CMPX is for
 * the legal ones it warns about anyway ("%-05d": '0' ignored).
 */
#define CMP_WITH(kf, lf, ...) \
    do { \
        char k_[256], l_[256]; \
        int kn_ = kf(k_, sizeof(k_), __VA_ARGS__); \
        int ln_ = lf(l_, sizeof(l_), __VA_ARGS__); \
        CHECKF(kn_ == ln_ && strcmp(k_, l_) == 0, "(%s): kernel \"%s\" (%d), libc \"%s\" (%d)", \
               #__VA_ARGS__, k_, kn_, l_, ln_); \
    } while (0)
#define CMP(...) CMP_WITH(ksnprintf, snprintf, __VA_ARGS__)
#define CMPX(...) CMP_WITH(kfmt, lfmt, __VA_ARGS__)

static void test_table_integers(void)
{
    CMP("%d %i %u", 0, -1, 4000000000u);
    CMP("%d|%d", INT_MAX, INT_MIN);
    CMP("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
    CMPX("%+ d|% +d|%-05d|%0-5d|%05.2d|%-+05d", 42, 42, 42, 42, 42, 42);
    CMP("%5d|%-5d|%05d|%+d|% d", -42, -42, -42, -42, -42);
    CMP("%.3d|%.0d|%.0d|%+.0d|% .0d|%5.0d|", -5, 0, 1, 0, 0, 0);
    CMPX("%08.3d|%-08d|%0-8d|%08.0d", 7, 7, 7, 0);
    CMP("%x %X %o", 0xdeadbeefu, 0xdeadbeefu, 0777u);
    CMP("%#x %#X %#o %#08x %#-8x|", 255u, 255u, 8u, 255u, 255u);
    CMP("%#.5x %#10.4X", 0xabu, 0xabu);
    CMP("%hd %hu %hhd %hhu %hx", 70000, 70000, 200, 300, 0x12345);
    CMP("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0x123456789abcdefUL);
    CMP("%lld %llu %llx %llo", LLONG_MIN, ULLONG_MAX, 0xfedcba9876543210ULL, 01777ULL);
    CMP("%zu %zx %zd", (size_t)-1, (size_t)4096, (ssize_t)-3);
    CMP("%*d|%-*d|%*d|", 6, 1, 6, 2, -6, 3);
    CMP("%.*d|%.*d|%*.*d|", 4, 9, -1, 9, 8, 3, 5);
    CMP("%d %lld %s %llx %c %u", 1, 2LL, "three", 0x4ULL, '5', 6u);
    CMP("no conversions at all");
    CMP("%%|%d%%|%%%d", 1, 2);
    CMP("%s", "");
}

static void test_table_strings(void)
{
    CMP("%s|%10s|%-10s|", "abc", "abc", "abc");
    CMP("%.2s|%.0s|%.10s|%5.1s|%-5.1s|", "abc", "abc", "abc", "abc", "abc");
    CMP("%*s|%-*s|%*s|", 5, "x", 5, "x", -5, "x");
    CMP("%.*s|%.*s|", 1, "xyz", -1, "xyz");
    CMP("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
    CMP("%c", 0xE9);
    CMP("%s", "\x01\x7f\xff");
}

static const char *const lengths[] = { "", "hh", "h", "l", "ll", "z" };

/* The value the conversion sees once the length modifier has cut it down (unsigned). */
static uint64_t truncated(uint64_t v, int len)
{
    switch (len) {
    case 0: return (unsigned)v;
    case 1: return (unsigned char)v;
    case 2: return (unsigned short)v;
    default: return v;
    }
}

/* Format one value with fmt through both printfs, passing the type fmt's length expects. */
static void cmp_one(const char *fmt, int len, bool is_signed, uint64_t v)
{
    char k[128], l[128];
    int kn, ln;

#define BOTH(arg) (kn = kfmt(k, sizeof(k), fmt, arg), ln = snprintf(l, sizeof(l), fmt, arg))
    if (len <= 2)
        is_signed ? BOTH((int)v) : BOTH((unsigned)v);
    else if (len == 3)
        is_signed ? BOTH((long)v) : BOTH((unsigned long)v);
    else if (len == 4)
        is_signed ? BOTH((long long)v) : BOTH((unsigned long long)v);
    else
        is_signed ? BOTH((ssize_t)v) : BOTH((size_t)v);
#undef BOTH
    CHECKF(kn == ln && strcmp(k, l) == 0, "\"%s\" of %#llx: kernel \"%s\" (%d), libc \"%s\" (%d)",
           fmt, (unsigned long long)v, k, kn, l, ln);
}

static const uint64_t values[] = {
    0, 1, 7, 8, 9, 10, 15, 16, 127, 128, 255, 256, 32767, 32768, 65535, 65536,
    0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000ull, 0x7FFFFFFFFFFFFFFFull,
    0x8000000000000000ull, ~0ull, (uint64_t)-2, (uint64_t)-128, (uint64_t)-129, (uint64_t)-32768,
};

/* One format on every boundary value. */
static void cmp_values(const char *fmt, char conv, bool alt, bool has_prec, int len)
{
    for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
        /* '#' with 0, and '#o' with a precision: see test_alt_flag */
        if (alt && (truncated(values[v], len) == 0 || (conv == 'o' && has_prec)))
            continue;
        cmp_one(fmt, len, conv == 'd' || conv == 'i', values[v]);
    }
}

/* Every valid flag set, width, precision and length for one conversion letter. */
static void cmp_conversion(char conv, const char *flagset)
{
    static const char *const widths[] = { "", "1", "6", "12", "25" };
    static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".12" };
    int nflags = (int)strlen(flagset);
    char fmt[32];

    for (int mask = 0; mask < 1 << nflags; mask++) {
        char flags[8] = "";
        for (int f = 0, n = 0; f < nflags; f++)
            if (mask & 1 << f)
                flags[n++] = flagset[f], flags[n] = '\0';
        for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
            for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++)
                for (int len = 0; len < 6; len++) {
                    snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%c]",
                             flags, widths[w], precs[p], lengths[len], conv);
                    cmp_values(fmt, conv, strchr(flags, '#') != NULL, precs[p][0] != '\0', len);
                }
    }
}

/* Flags as C allows them: '+' and ' ' only for signed, '#' only for x, X, o. */
static void test_integer_combinations(void)
{
    cmp_conversion('d', "-0+ ");
    cmp_conversion('i', "-0+ ");
    cmp_conversion('u', "-0");
    cmp_conversion('x', "-0#");
    cmp_conversion('X', "-0#");
    cmp_conversion('o', "-0#");
}

/*
 * '#' must not prefix a zero ("%#x" of 0 is "0", not "0x0"), and "%#o"
 * adds a leading 0 only when the digits do not already start with one.
 */
static void test_alt_flag(void)
{
    CMP("%#x|%#X|%#o|%#5o|%#-5x|", 0u, 0u, 0u, 0u, 0u);
    CMP("%#.3o|%#.5o|%#.1o|%#08o", 8u, 8u, 8u, 8u);
    CMP("%#.0o|%#.0x|%#hhx|%#llo", 0u, 0u, 256u, 0ull);
}

/* %c of '\0' writes a NUL byte and counts it, as snprintf does. */
static void test_char_nul(void)
{
    char buf[8];

    memset(buf, 'z', sizeof(buf));
    CHECK_EQ(ksnprintf(buf, sizeof(buf), "a%cb", 0), 3);
    CHECK(memcmp(buf, "a\0b", 4) == 0);
    CHECK_EQ(ksnprintf(buf, sizeof(buf), "%3c|", 0), 4);
    CHECK(memcmp(buf, "  \0|", 5) == 0);
}

static void test_pointer(void)
{
    char k[64], l[64];
    void *ptrs[] = { (void *)0x1, (void *)0x1234, (void *)(uintptr_t)0xdeadbeef, (void *)UINTPTR_MAX, &k };

    for (size_t i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++) {
        ksnprintf(k, sizeof(k), "%p|%20p|%-20p|", ptrs[i], ptrs[i], ptrs[i]);
        snprintf(l, sizeof(l), "%p|%20p|%-20p|", ptrs[i], ptrs[i], ptrs[i]);
        CHECK_STR(k, l);
    }
    ksnprintf(k, sizeof(k), "%p", NULL);        /* glibc says "(nil)"; the kernel shows the number */
    CHECK_STR(k, "0x0");
}

static void test_null_string(void)
{
    char buf[32];

    CHECK_EQ(kfmt(buf, sizeof(buf), "%s|%8s|%-8s|", (char *)NULL, (char *)NULL, (char *)NULL), 25);
    CHECK_STR(buf, "(null)|  (null)|(null)  |");
}

/* Unknown or unfinished conversions come out as text and leave the arguments alone. */
static void test_unknown_conversions(void)
{
    static const struct { const char *fmt, *want; } cases[] = {
        { "%q %d", "%q 7" },          { "%-08.3lq %d", "%-08.3lq 7" },   { "%hhn %d", "%hhn 7" },
        { "abc%", "abc%" },           { "%d%", "7%" },                   { "%-5", "%-5" },
        { "%l", "%l" },               { "%.", "%." },                    { "%5.3ll", "%5.3ll" },
        { "%%q", "%q" },              { "%Q%d%w", "%Q7%w" },             { "%", "%" },
    };
    char buf[64];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int n = kfmt(buf, sizeof(buf), cases[i].fmt, 7, 8);
        CHECKF(strcmp(buf, cases[i].want) == 0 && n == (int)strlen(cases[i].want),
               "\"%s\" gave \"%s\" (%d), want \"%s\"", cases[i].fmt, buf, n, cases[i].want);
    }
}

/* Every buffer size from 0 to past the end: same bytes and return value as snprintf. */
static void test_truncation(void)
{
    static const char *const fmt = "abc%5d|%s|%#x|%-4c|";
    char full[64];
    int len = snprintf(full, sizeof(full), fmt, -42, "hello", 0xbeefu, 'q');

    for (size_t size = 0; size <= (size_t)len + 2; size++) {
        char *k = size ? malloc(size) : NULL;   /* exactly size bytes: ASan guards the end */
        CHECK_EQ(kfmt(k, size, fmt, -42, "hello", 0xbeefu, 'q'), len);
        if (size) {
            CHECKF(strncmp(k, full, size - 1) == 0 && k[(size_t)len < size ? (size_t)len : size - 1] == '\0',
                   "size %zu: \"%s\"", size, k);
        }
        free(k);
    }
    char one[1] = { 'x' };
    CHECK(ksnprintf(one, 1, "%d", 12345) == 5 && one[0] == '\0');
}

/* Widths beyond any buffer are bounded work, truncate safely, and report their length. */
static void test_huge_width(void)
{
    char buf[16];
    int n;

    n = kfmt(buf, sizeof(buf), "%999999999d", 1);
    CHECK(n >= 100000 && strlen(buf) == sizeof(buf) - 1);
    n = ksnprintf(buf, sizeof(buf), "%*d|", 200000, 1);
    CHECK_EQ(n, 200001);
    CHECK(buf[0] == ' ' && buf[15] == '\0');
    n = ksnprintf(buf, sizeof(buf), "%.*d", 300, 1);
    CHECK_EQ(n, 300);
    CHECK(buf[0] == '0');
}

static const struct host_test tests[] = {
    TEST(test_table_integers),
    TEST(test_table_strings),
    TEST(test_integer_combinations),
    TEST(test_alt_flag),
    TEST(test_char_nul),
    TEST(test_pointer),
    TEST(test_null_string),
    TEST(test_unknown_conversions),
    TEST(test_truncation),
    TEST(test_huge_width),
};
HOST_MAIN(tests)
