/*
 * /proc/net/route, arp, tcp and udp: the routes, lwIP's ARP cache and its
 * protocol control blocks in Linux's layouts, so `route`, `netstat` and
 * `arp` (and the habits of anyone who has read those files on Linux) carry
 * over.
 * Addresses print as Linux prints them: the network-order 32-bit word in
 * hex as the CPU reads it (127.0.0.1 is 0100007F), ports in hex.  Each file
 * is a snapshot taken under lwIP's core lock, then printed without it.
 * Fields lwIP does not keep (timers, uid, inode) are 0.
 */
#include "net/net.h"
#include "net/netif.h"
#include "kernel/fs/procfs.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kheap.h"
#include "include/abi/errno.h"
#include "lwip/etharp.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcpip.h"

#define TAB_MAX 64                      /* rows per snapshot; more are left out */

/* One row of /proc/net/tcp or udp. */
struct sock_row {
    uint32_t local, remote;             /* network order */
    uint16_t local_port, remote_port;
    uint8_t state;                      /* Linux's numbering */
    uint32_t tx_queue, rx_queue;
};

/* lwIP's enum tcp_state (CLOSED .. TIME_WAIT) as Linux numbers its states. */
static const uint8_t linux_tcp_state[] = {
    [CLOSED] = 7, [LISTEN] = 10, [SYN_SENT] = 2, [SYN_RCVD] = 3, [ESTABLISHED] = 1,
    [FIN_WAIT_1] = 4, [FIN_WAIT_2] = 5, [CLOSE_WAIT] = 8, [CLOSING] = 11,
    [LAST_ACK] = 9, [TIME_WAIT] = 6,
};

static void tcp_row(const struct tcp_pcb *p, struct sock_row *r)
{
    *r = (struct sock_row){ ip4_addr_get_u32(ip_2_ip4(&p->local_ip)),
                            ip4_addr_get_u32(ip_2_ip4(&p->remote_ip)), p->local_port, 0, 7, 0, 0 };
    if ((unsigned)p->state < sizeof(linux_tcp_state))
        r->state = linux_tcp_state[p->state];
    if (p->state != LISTEN) {           /* a listening pcb is a smaller struct */
        r->remote_port = p->remote_port;
        r->tx_queue = TCP_SND_BUF - p->snd_buf;             /* not yet acknowledged */
        r->rx_queue = TCP_WND_MAX(p) - p->rcv_wnd;          /* received, not yet read */
    }
}

/* Every TCP pcb (listening, bound, connected, closing); returns how many. */
static unsigned tcp_snapshot(struct sock_row *rows)
{
    struct tcp_pcb *const lists[] = { tcp_listen_pcbs.pcbs, tcp_bound_pcbs, tcp_active_pcbs,
                                      tcp_tw_pcbs };
    unsigned n = 0;

    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        for (struct tcp_pcb *p = lists[i]; p && n < TAB_MAX; p = p->next)
            tcp_row(p, &rows[n++]);
    return n;
}

/* Every UDP pcb; connected ones are ESTABLISHED (1), the others CLOSE (7), as on Linux. */
static unsigned udp_snapshot(struct sock_row *rows)
{
    unsigned n = 0;

    for (struct udp_pcb *p = udp_pcbs; p && n < TAB_MAX; p = p->next)
        rows[n++] = (struct sock_row){ ip4_addr_get_u32(ip_2_ip4(&p->local_ip)),
                                       ip4_addr_get_u32(ip_2_ip4(&p->remote_ip)),
                                       p->local_port, p->remote_port,
                                       (p->flags & UDP_FLAGS_CONNECTED) ? 1 : 7, 0, 0 };
    return n;
}

static int print_rows(struct procbuf *b, const struct sock_row *rows, unsigned n)
{
    int r = procbuf_printf(b, "  sl  local_address rem_address   st tx_queue rx_queue tr "
                              "tm->when retrnsmt   uid  timeout inode\n");

    for (unsigned i = 0; i < n && r == 0; i++)
        r = procbuf_printf(b, "%4u: %08X:%04X %08X:%04X %02X %08X:%08X 00:00000000 00000000"
                              "     0        0 0\n",
                           i, (unsigned)rows[i].local, rows[i].local_port,
                           (unsigned)rows[i].remote, rows[i].remote_port, rows[i].state,
                           (unsigned)rows[i].tx_queue, (unsigned)rows[i].rx_queue);
    return r;
}

/* /proc/net/tcp or udp (tcp says which). */
static int gen_socks(struct procbuf *b, bool tcp)
{
    struct sock_row *rows = kmalloc(TAB_MAX * sizeof(*rows));
    unsigned n;
    int r;

    if (!rows)
        return -ENOMEM;
    LOCK_TCPIP_CORE();
    n = tcp ? tcp_snapshot(rows) : udp_snapshot(rows);
    UNLOCK_TCPIP_CORE();
    r = print_rows(b, rows, n);
    kfree(rows);
    return r;
}

static int gen_tcp(struct procbuf *b, void *arg) { (void)arg; return gen_socks(b, true); }
static int gen_udp(struct procbuf *b, void *arg) { (void)arg; return gen_socks(b, false); }

/* One complete ARP entry. */
struct arp_row {
    char ip[16];
    const char *dev;
    uint8_t mac[6];
};

/*
 *     IP address       HW type     Flags       HW address            Mask     Device
 *     10.0.0.2         0x1         0x2         52:54:00:12:34:02     *        eth0
 */
static int gen_arp(struct procbuf *b, void *arg)
{
    struct arp_row *rows = kmalloc(ARP_TABLE_SIZE * sizeof(*rows));
    unsigned n = 0;
    int r;

    (void)arg;
    if (!rows)
        return -ENOMEM;
    LOCK_TCPIP_CORE();
    for (size_t i = 0; i < ARP_TABLE_SIZE; i++) {
        ip4_addr_t *ip;
        struct netif *netif;
        struct eth_addr *mac;
        if (etharp_get_entry(i, &ip, &netif, &mac) != 1)
            continue;                   /* free or still being resolved */
        ip4addr_ntoa_r(ip, rows[n].ip, sizeof(rows[n].ip));
        rows[n].dev = netif_name(netif);
        if (!rows[n].dev)
            rows[n].dev = "?";
        memcpy(rows[n].mac, mac->addr, 6);
        n++;
    }
    UNLOCK_TCPIP_CORE();
    r = procbuf_printf(b, "IP address       HW type     Flags       HW address            "
                          "Mask     Device\n");
    for (unsigned i = 0; i < n && r == 0; i++) {
        const uint8_t *m = rows[i].mac;
        r = procbuf_printf(b, "%-16s 0x1         0x2         %02x:%02x:%02x:%02x:%02x:%02x     "
                              "*        %s\n", rows[i].ip, m[0], m[1], m[2], m[3], m[4], m[5],
                           rows[i].dev);
    }
    kfree(rows);
    return r;
}

/*
 * /proc/net/route: per interface with an address its subnet (flags U), and
 * the default route (UG) through the default interface's gateway, the two
 * kinds of route lwIP has.  Tab-separated, as Linux writes it:
 *
 *     Iface  Destination  Gateway   Flags  RefCnt  Use  Metric  Mask      MTU  Window  IRTT
 *     eth0   00000000     FE00000A  0003   0       0    0       00000000  0    0       0
 */
static int route_line(struct procbuf *b, const char *dev, uint32_t dest, uint32_t gw,
                      unsigned flags, uint32_t mask)
{
    return procbuf_printf(b, "%s\t%08X\t%08X\t%04X\t0\t0\t0\t%08X\t0\t0\t0\n", dev,
                          (unsigned)dest, (unsigned)gw, flags, (unsigned)mask);
}

static int gen_route(struct procbuf *b, void *arg)
{
    struct netif_info in;
    int r;

    (void)arg;
    r = procbuf_printf(b, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
                          "\t\tMTU\tWindow\tIRTT\n");
    for (int i = 0; r == 0 && netif_get_info(i, &in) == 0; i++) {
        if (!in.up || !in.addr)
            continue;
        if (in.is_default && in.gateway)
            r = route_line(b, in.name, 0, in.gateway, 0x3, 0);
        if (r == 0)
            r = route_line(b, in.name, in.addr & in.netmask, 0, 0x1, in.netmask);
    }
    return r;
}

void nettab_init(void)
{
    if (procfs_register("net/route", gen_route, NULL) < 0 ||
        procfs_register("net/arp", gen_arp, NULL) < 0 ||
        procfs_register("net/tcp", gen_tcp, NULL) < 0 ||
        procfs_register("net/udp", gen_udp, NULL) < 0)
        kprintf("net", "cannot register /proc/net/route, arp, tcp, udp\n");
}
