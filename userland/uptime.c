/*
 * uptime: how long the node has been up and its load averages, from
 * /proc/uptime and /proc/loadavg, in procps's layout:
 *   " 12:34:56 up 1 day,  2:03,  load average: 0.00, 0.01, 0.05"
 * The clock time is UTC.
 */
#define PROG "uptime"
#include <time.h>

#include "util.h"

/* "up 5 min" / "up 2:03" / "up 1 day,  2:03" */
static void format_up(long secs, char *buf, size_t size)
{
    long days = secs / 86400, hours = secs / 3600 % 24, mins = secs / 60 % 60;
    int n = 0;
    if (days)
        n = snprintf(buf, size, "%ld day%s, ", days, days == 1 ? "" : "s");
    if (hours)
        snprintf(buf + n, size - (size_t)n, "%2ld:%02ld", hours, mins);
    else
        snprintf(buf + n, size - (size_t)n, "%ld min", mins);
}

int main(void)
{
    char text[128], load[128], up[64], clock[16];
    double secs;
    if (util_read_file("/proc/uptime", text, sizeof text) < 0 || sscanf(text, "%lf", &secs) != 1)
        util_die("cannot read /proc/uptime: %s", strerror(errno ? errno : EINVAL));
    double l1 = 0, l5 = 0, l15 = 0;
    if (util_read_file("/proc/loadavg", load, sizeof load) < 0 ||
        sscanf(load, "%lf %lf %lf", &l1, &l5, &l15) != 3)
        l1 = l5 = l15 = 0;              /* no load figures yet: report zeros */
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(clock, sizeof clock, "%H:%M:%S", &tm);
    format_up((long)secs, up, sizeof up);
    printf(" %s up %s,  load average: %.2f, %.2f, %.2f\n", clock, up, l1, l5, l15);
    return 0;
}
