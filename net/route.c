/*
 * Packets to one of this node's own addresses go through the loopback
 * interface, as on Linux, instead of looping inside the Ethernet interface
 * that owns the address (lwIP's default).  lwIP applies an interface's
 * checksum settings to what it loops, and an Ethernet interface whose
 * card inserts TCP checksums (e1000) sends its segments without one, so
 * a connection to the node's own address would fail its own check.  This
 * is lwIP's LWIP_HOOK_IP4_ROUTE_SRC (lwipopts.h), called with the core lock
 * held for every packet that has a source address; NULL means the usual
 * routing.  Only packets with a definite source take the detour: a TCP
 * connect first routes with no source, so it still picks the Ethernet
 * address as its own, and the peer sees that address, as on Linux (ICMP
 * and UDP, whose checksums lwIP still makes, loop inside eth0 as before).
 */
#include "lwip/netif.h"
#include "lwip/ip4_addr.h"
#include <stdbool.h>

struct netif *net_route_src(const ip4_addr_t *src, const ip4_addr_t *dest)
{
    struct netif *n, *lo = NULL;
    bool self = false;

    if (ip4_addr_isany(src))
        return NULL;
    NETIF_FOREACH(n) {
        if (n->name[0] == 'l' && n->name[1] == 'o')
            lo = n;
        else if (netif_is_up(n) && ip4_addr_cmp(dest, netif_ip4_addr(n)))
            self = true;
    }
    return self ? lo : NULL;
}
