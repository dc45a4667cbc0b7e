/*
 * date [-u] [+FORMAT]: print the current time, always in UTC (Mosaic has
 * no time zones), by default like "Thu Jan  1 00:00:00 UTC 1970";
 * +FORMAT is strftime()'s.  -u is accepted for compatibility.  Setting
 * the clock is not supported.
 */
#define PROG "date"
#include <time.h>

#include "util.h"

int main(int argc, char **argv)
{
    const char *format = "%a %b %e %H:%M:%S UTC %Y";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-u") == 0 || strcmp(argv[i], "--utc") == 0)
            continue;
        if (argv[i][0] == '+')
            format = argv[i] + 1;
        else
            util_die("setting the time is not supported ('%s')", argv[i]);
    }
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        util_die("cannot read the clock: %s", strerror(errno));
    time_t t = ts.tv_sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[256];
    size_t n = strftime(buf, sizeof buf, format, &tm);
    if (n == 0 && *format)
        util_die("format too long");
    printf("%s\n", buf);
    return fflush(stdout) ? 1 : 0;
}
