/*
 * route [-n]: the routing table from /proc/net/route (net/nettab.c,
 * Linux's layout), as net-tools' `route -n` prints it:
 *
 *     Kernel IP routing table
 *     Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
 *     0.0.0.0         10.0.0.254      0.0.0.0         UG    0      0        0 eth0
 *     10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0
 *
 * Read only: `ifconfig eth0 gw ADDR` sets the default gateway.  Addresses
 * are always numbers (-n is accepted).  Exit status 1 if the file cannot
 * be read, 2 for a bad option.
 */
#define PROG "route"
#include "util.h"

/* The network-order word as /proc prints it, dotted. */
static const char *dotted(unsigned a, char *buf, size_t n)
{
    snprintf(buf, n, "%u.%u.%u.%u", a & 0xFF, (a >> 8) & 0xFF, (a >> 16) & 0xFF, a >> 24);
    return buf;
}

int main(int argc, char **argv)
{
    char *line = NULL, dev[32], d[16], g[16], m[16], flags[4];
    unsigned dest, gw, fl, mask;
    size_t cap = 0;
    FILE *f;
    int c;

    bool bad = false;

    while ((c = getopt(argc, argv, "n")) != -1)
        bad |= c != 'n';
    if (bad || optind != argc) {
        fprintf(stderr, "usage: route [-n]\n");
        return 2;
    }
    if (!(f = fopen("/proc/net/route", "r")))
        util_die("/proc/net/route: %s", strerror(errno));
    printf("Kernel IP routing table\n");
    printf("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
    while (util_getline(f, &line, &cap) >= 0) {
        if (sscanf(line, "%31s %x %x %x %*d %*d %*d %x", dev, &dest, &gw, &fl, &mask) != 5)
            continue;                   /* the header */
        snprintf(flags, sizeof(flags), "%s%s", (fl & 0x1) ? "U" : "", (fl & 0x2) ? "G" : "");
        printf("%-15s %-15s %-15s %-5s %-6d %-3d %8d %s\n", dotted(dest, d, sizeof(d)),
               dotted(gw, g, sizeof(g)), dotted(mask, m, sizeof(m)), flags, 0, 0, 0, dev);
    }
    free(line);
    fclose(f);
    return 0;
}
