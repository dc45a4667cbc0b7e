/*
 * arp [-n] [-a]: the node's ARP cache from /proc/net/arp (net/nettab.c,
 * Linux's layout), as net-tools' arp prints it:
 *
 *     Address                  HWtype  HWaddress           Flags Mask            Iface
 *     10.0.0.2                 ether   52:54:00:12:34:02   C                     eth0
 *
 * -a prints the BSD style instead: "? (10.0.0.2) at 52:54:00:12:34:02
 * [ether] on eth0".  Addresses are always numbers (-n is accepted).  Only
 * resolved entries are listed.  Exit status 1 if /proc/net/arp cannot be
 * read, 2 for a bad option.
 */
#define PROG "arp"
#include "util.h"

int main(int argc, char **argv)
{
    bool bsd = false;
    char *line = NULL, ip[32], mac[32], dev[32];
    size_t cap = 0;
    unsigned type, flags;
    FILE *f;
    int c;

    bool bad = false;

    while ((c = getopt(argc, argv, "na")) != -1) {
        bsd |= c == 'a';
        bad |= c != 'a' && c != 'n';
    }
    if (bad || optind != argc) {
        fprintf(stderr, "usage: arp [-n] [-a]\n");
        return 2;
    }
    if (!(f = fopen("/proc/net/arp", "r")))
        util_die("/proc/net/arp: %s", strerror(errno));
    if (!bsd)
        printf("Address                  HWtype  HWaddress           Flags Mask            Iface\n");
    while (util_getline(f, &line, &cap) >= 0) {
        /* "10.0.0.2  0x1  0x2  52:54:00:12:34:02  *  eth0"; the header does not parse */
        if (sscanf(line, "%31s %x %x %31s %*s %31s", ip, &type, &flags, mac, dev) != 5)
            continue;
        if (bsd)
            printf("? (%s) at %s [ether] on %s\n", ip, mac, dev);
        else
            printf("%-24s %-7s %-19s %-5s %-15s %s\n", ip, "ether", mac,
                   (flags & 0x4) ? "CM" : "C", "", dev);
    }
    free(line);
    fclose(f);
    return 0;
}
