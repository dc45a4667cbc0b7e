/*
 * hello: the first user program and a smoke test of the newlib port.  It
 * exercises printf's integer, string, long long and floating point
 * formats, malloc/free, strtod, qsort, time() and a file in /tmp written
 * with stdio and read back, printing one line per check.  Exit status 0
 * means every check passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("hello: %s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        failures++;
}

static void check_printf(void)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%d %s %lld %f", -42, "mosaic", 1234567890123LL, 3.25);
    check(strcmp(buf, "-42 mosaic 1234567890123 3.250000") == 0, "printf %d %s %lld %f");
}

/* Blocks of several sizes, each filled and checked, freed in a mixed order. */
static void check_malloc(void)
{
    static const size_t sizes[] = { 1, 16, 100, 4096, 70000, 1 << 20 };
    enum { N = sizeof sizes / sizeof sizes[0] };
    unsigned char *blocks[N];
    int ok = 1;
    for (int i = 0; i < N; i++) {
        blocks[i] = malloc(sizes[i]);
        if (!blocks[i])
            ok = 0;
        else
            memset(blocks[i], 0x40 + i, sizes[i]);
    }
    for (int i = 0; i < N; i += 2)
        free(blocks[i]);
    for (int i = 1; i < N; i += 2) {
        if (blocks[i] && (blocks[i][0] != 0x40 + i || blocks[i][sizes[i] - 1] != 0x40 + i))
            ok = 0;
        free(blocks[i]);
    }
    check(ok, "malloc/free");
}

static void check_strtod(void)
{
    char *end;
    double d = strtod("2.5e3xyz", &end);
    check(d == 2500.0 && *end == 'x', "strtod");
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void check_qsort(void)
{
    int v[] = { 5, -1, 9, 3, 3, 0, 42, -7 };
    size_t n = sizeof v / sizeof v[0];
    qsort(v, n, sizeof v[0], compare_ints);
    int sorted = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i - 1] > v[i])
            sorted = 0;
    check(sorted && v[0] == -7 && v[n - 1] == 42, "qsort");
}

static void check_time(void)
{
    time_t now = time(NULL);
    printf("hello: time() = %lld\n", (long long)now);
    check(now != (time_t)-1, "time");
}

static void check_file(void)
{
    static const char path[] = "/tmp/hello.txt";
    static const char text[] = "line one\nline two: 12345\n";
    char back[sizeof text] = "";
    FILE *f = fopen(path, "w");
    int ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        ok = 0;
    f = ok ? fopen(path, "r") : NULL;
    if (f) {
        size_t n = fread(back, 1, sizeof back - 1, f);
        back[n] = '\0';
        ok = n == strlen(text) && strcmp(back, text) == 0 && fgetc(f) == EOF;
        fclose(f);
        remove(path);
    } else {
        ok = 0;
    }
    check(ok, "fopen/fputs/fread in /tmp");
}

int main(void)
{
    printf("Hello from Mosaic user space!\n");
    check_printf();
    check_malloc();
    check_strtod();
    check_qsort();
    check_time();
    check_file();
    printf("hello: %s\n", failures ? "FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
