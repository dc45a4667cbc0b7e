/*
 * Interface control (net/ifctl.c): one file per interface under
 * /proc/net/if/ (lo, eth0, eth1, ...) that ifconfig reads and writes.
 * Reading gives "key: value" lines (flags, MTU, MAC, address, gateway,
 * counters); each write is one command:
 *
 *     up | down                    bring the interface up or down
 *     addr A.B.C.D/PREFIX          a static address (stops DHCP on it)
 *     addr none                    no address
 *     gw A.B.C.D | gw none         the gateway (inside the interface's subnet)
 *     dhcp                         ask for a lease
 *
 * A command that does not parse, or does not fit the interface (an
 * address on lo), fails with -EINVAL.  Changes go through lwIP's netifapi,
 * so they run under the tcpip core lock.  No lwIP header is needed here.
 */
#ifndef NET_IFCTL_H
#define NET_IFCTL_H

#include <stddef.h>
#include <stdint.h>

#define IFCTL_CMD_MAX 64                /* longest write accepted, newline included */

enum ifctl_op { IFCTL_UP, IFCTL_DOWN, IFCTL_ADDR, IFCTL_GW, IFCTL_DHCP };

/* A parsed command; addresses in host byte order, 0 for "none". */
struct ifctl_cmd {
    enum ifctl_op op;
    uint32_t addr, mask;                /* IFCTL_ADDR */
    uint32_t gw;                        /* IFCTL_GW */
};

/* Make /proc/net/if/<name> for every interface, and /proc/net/iperf;
 * after netif_setup().  Problems are warnings. */
void ifctl_init(void);
/* Parse one write (n bytes, not NUL-terminated, one trailing newline
 * allowed); 0 or -EINVAL.  Pure: touches no interface. */
int ifctl_parse(const char *buf, size_t n, struct ifctl_cmd *out);
/* Apply c to the interface called name ("lo", "eth0"); 0, -ENODEV or -EINVAL. */
int ifctl_apply(const char *name, const struct ifctl_cmd *c);

#endif
