/*
 * sleep SECONDS...: pause for the sum of the arguments, each a decimal
 * number with an optional fraction and an optional s/m/h/d suffix
 * (GNU's extension), e.g. `sleep 0.5' or `sleep 1m'.  nanosleep() is
 * resumed after a signal that does not kill us.
 */
#define PROG "sleep"
#include <math.h>
#include <time.h>

#include "util.h"

/* Seconds in one argument; -1 if it is not a duration. */
static double parse_duration(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || !(v >= 0) || isinf(v))
        return -1;
    static const char units[] = "smhd";
    static const double scale[] = { 1, 60, 3600, 86400 };
    if (*end == '\0')
        return v;
    const char *u = strchr(units, *end);
    if (!u || end[1] != '\0')
        return -1;
    return v * scale[u - units];
}

int main(int argc, char **argv)
{
    if (argc < 2)
        util_die("missing operand");
    double total = 0;
    for (int i = 1; i < argc; i++) {
        double d = parse_duration(argv[i]);
        if (d < 0)
            util_die("invalid time interval '%s'", argv[i]);
        total += d;
    }
    if (total > 2147483647.0)
        total = 2147483647.0;
    struct timespec req = { .tv_sec = (time_t)total };
    req.tv_nsec = (long)((total - (double)req.tv_sec) * 1e9);
    struct timespec rem;
    while (nanosleep(&req, &rem) < 0) {
        if (errno != EINTR)
            util_die("%s", strerror(errno));
        req = rem;
    }
    return 0;
}
