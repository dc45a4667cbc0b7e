/*
 * Output: the median, minimum and maximum of a figure's repetitions in the
 * Linux rig's RESULT format, or a SKIP line with the reason.  Every line is
 * flushed at once, so a figure that hangs or crashes later loses nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

void bench_report(const char *name, const char *unit, double *v, int n, long ops)
{
    double med;

    qsort(v, n, sizeof v[0], cmp_double);
    med = (n & 1) ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    printf("RESULT %s %s median=%.3f min=%.3f max=%.3f reps=%d ops=%ld\n",
           name, unit, med, v[0], v[n - 1], n, ops);
    fflush(stdout);
}

void bench_skip(const char *name, const char *fmt, ...)
{
    va_list ap;

    printf("SKIP %s (", name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf(")\n");
    fflush(stdout);
}
