/*
 * Interface control: /proc/net/if/<name>, the files ifconfig reads and
 * writes (format and commands in ifctl.h).  The Ethernet interfaces come
 * from net/netif.c (netif_get_info; the lwIP netif is found by its MAC),
 * the loopback straight from lwIP, whose link statistics count only
 * looped-back packets (16-bit counters, no bytes).  A write is parsed by
 * ifctl_parse, which knows nothing of lwIP (the ktests call it), then
 * applied with netifapi_* calls, which take the tcpip core lock.
 */
#include "net/ifctl.h"
#include "net/ipaddr.h"
#include "net/iperf.h"
#include "net/netif.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printf.h"
#include "kernel/fs/procfs.h"
#include "include/abi/errno.h"
#include "lwip/netif.h"
#include "lwip/netifapi.h"
#include "lwip/dhcp.h"
#include "lwip/prot/dhcp.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"

#define IFNAME_MAX 8
#define LO_MTU     65535                /* lwIP's 0: no limit but IP's own */

/* What the /proc file shows of one interface. */
struct ifctl_view {
    const char *driver;
    bool up, running, broadcast, multicast, loopback, dhcp;
    unsigned mtu;
    uint8_t mac[6];
    uint32_t addr, mask, gw;            /* network order */
    struct nic_stats stats;
};

/* ---- parsing (no lwIP) ---- */


/* "A.B.C.D/PREFIX" or "none". */
static int parse_addr(const char *s, struct ifctl_cmd *c)
{
    unsigned prefix = 0, digits = 0;

    c->op = IFCTL_ADDR;
    if (strcmp(s, "none") == 0)
        return 0;
    if (!(s = ipaddr_parse(s, &c->addr)) || *s++ != '/' || *s == '0')
        return -EINVAL;
    for (; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
        prefix = prefix * 10 + (unsigned)(*s - '0');
    if (*s || digits == 0 || prefix < 1 || prefix > 32 || !ipaddr_is_host(c->addr))
        return -EINVAL;
    c->mask = prefix == 32 ? 0xFFFFFFFFu : ~(0xFFFFFFFFu >> prefix);
    return 0;
}

/* "A.B.C.D" or "none". */
static int parse_gw(const char *s, struct ifctl_cmd *c)
{
    c->op = IFCTL_GW;
    if (strcmp(s, "none") == 0)
        return 0;
    if (!(s = ipaddr_parse(s, &c->gw)) || *s || !ipaddr_is_host(c->gw))
        return -EINVAL;
    return 0;
}

/* The argument after "word ", or NULL if line is not that command. */
static const char *after_word(const char *line, const char *word)
{
    size_t n = strlen(word);

    return strncmp(line, word, n) == 0 && line[n] == ' ' ? line + n + 1 : NULL;
}

int ifctl_parse(const char *buf, size_t n, struct ifctl_cmd *out)
{
    char line[IFCTL_CMD_MAX];
    const char *arg;

    if (n == 0 || n >= sizeof(line) || strnlen(buf, n) != n)
        return -EINVAL;
    memcpy(line, buf, n);
    line[n] = 0;
    if (line[n - 1] == '\n')
        line[n - 1] = 0;
    memset(out, 0, sizeof(*out));
    if (strcmp(line, "up") == 0)
        out->op = IFCTL_UP;
    else if (strcmp(line, "down") == 0)
        out->op = IFCTL_DOWN;
    else if (strcmp(line, "dhcp") == 0)
        out->op = IFCTL_DHCP;
    else if ((arg = after_word(line, "addr")))
        return parse_addr(arg, out);
    else if ((arg = after_word(line, "gw")))
        return parse_gw(arg, out);
    else
        return -EINVAL;
    return 0;
}

/* ---- finding interfaces ---- */

static bool is_loopback(const struct netif *n)
{
    return n->name[0] == 'l' && n->name[1] == 'o';
}

/* "eth<N>" -> N, or -1. */
static int eth_index(const char *name)
{
    unsigned i;

    if (strncmp(name, "eth", 3) != 0 || (name[3] == '0' && name[4]) || str_to_u32(name + 3, &i) < 0)
        return -1;                      /* "eth", "eth01", "eth0x1", "ethX" */
    return i < NETIF_MAX ? (int)i : -1;
}

/* The lwIP interface called name (our names, not lwIP's), or NULL. */
static struct netif *find_netif(const char *name)
{
    struct netif_info in;
    struct netif *n, *found = NULL;
    int i = eth_index(name);
    bool lo = strcmp(name, "lo") == 0;

    if (!lo && (i < 0 || netif_get_info(i, &in) < 0))
        return NULL;
    LOCK_TCPIP_CORE();
    NETIF_FOREACH(n) {
        if (lo ? is_loopback(n) : !is_loopback(n) && n->hwaddr_len == 6 &&
                                  memcmp(n->hwaddr, in.mac, 6) == 0)
            found = n;
    }
    UNLOCK_TCPIP_CORE();
    return found;
}

static bool dhcp_running(struct netif *n)
{
    struct dhcp *d;
    bool on;

    LOCK_TCPIP_CORE();
    d = netif_dhcp_data(n);
    on = d && d->state != DHCP_STATE_OFF;
    UNLOCK_TCPIP_CORE();
    return on;
}

/* ---- applying commands ---- */

static int from_err(err_t err)
{
    return err == ERR_OK ? 0 : err == ERR_MEM ? -ENOMEM : err == ERR_ARG || err == ERR_VAL ? -EINVAL : -EIO;
}

static const char *ip_str(uint32_t host_order, char *buf)
{
    ip4_addr_t a;

    ip4_addr_set_u32(&a, lwip_htonl(host_order));
    return ip4addr_ntoa_r(&a, buf, 16);
}

/* A new address keeps the gateway only if it stays inside the subnet. */
static int set_addr(const char *name, struct netif *n, const struct ifctl_cmd *c)
{
    uint32_t gw = lwip_ntohl(ip4_addr_get_u32(netif_ip4_gw(n)));
    ip4_addr_t a, m, g;
    char s[16];
    err_t err;

    if (dhcp_running(n))
        netifapi_dhcp_release_and_stop(n);
    if (!c->addr || (gw & c->mask) != (c->addr & c->mask))
        gw = 0;
    ip4_addr_set_u32(&a, lwip_htonl(c->addr));
    ip4_addr_set_u32(&m, lwip_htonl(c->mask));
    ip4_addr_set_u32(&g, lwip_htonl(gw));
    if ((err = netifapi_netif_set_addr(n, &a, &m, &g)) != ERR_OK)
        return from_err(err);
    if (c->addr)
        kprintf("net", "%s %s/%d (ifctl)\n", name, ip_str(c->addr, s), __builtin_popcount(c->mask));
    else
        kprintf("net", "%s has no address (ifctl)\n", name);
    return 0;
}

/* The gateway must be inside the interface's subnet (so it needs an address). */
static int set_gw(const char *name, struct netif *n, const struct ifctl_cmd *c)
{
    ip4_addr_t a = *netif_ip4_addr(n), m = *netif_ip4_netmask(n), g;
    uint32_t addr = lwip_ntohl(ip4_addr_get_u32(&a)), mask = lwip_ntohl(ip4_addr_get_u32(&m));
    char s[16];
    err_t err;

    if (c->gw && (!addr || (c->gw & mask) != (addr & mask)))
        return -EINVAL;
    ip4_addr_set_u32(&g, lwip_htonl(c->gw));
    if ((err = netifapi_netif_set_addr(n, &a, &m, &g)) != ERR_OK)
        return from_err(err);
    kprintf("net", "%s gateway %s (ifctl)\n", name, c->gw ? ip_str(c->gw, s) : "none");
    return 0;
}

int ifctl_apply(const char *name, const struct ifctl_cmd *c)
{
    struct netif *n = find_netif(name);
    err_t err;

    if (!n)
        return -ENODEV;
    if (is_loopback(n) && c->op != IFCTL_UP && c->op != IFCTL_DOWN)
        return -EINVAL;
    switch (c->op) {
    case IFCTL_UP:
    case IFCTL_DOWN:
        err = c->op == IFCTL_UP ? netifapi_netif_set_up(n) : netifapi_netif_set_down(n);
        if (err == ERR_OK)
            kprintf("net", "%s %s (ifctl)\n", name, c->op == IFCTL_UP ? "up" : "down");
        return from_err(err);
    case IFCTL_ADDR:
        return set_addr(name, n, c);
    case IFCTL_GW:
        return set_gw(name, n, c);
    case IFCTL_DHCP:
        err = netifapi_dhcp_start(n);
        if (err == ERR_OK)
            kprintf("net", "%s asking for a DHCP lease (ifctl)\n", name);
        return from_err(err);
    }
    return -EINVAL;
}

/* ---- the /proc files ---- */

/* Fill v from lwIP's netif n; core lock held. */
static void view_lwip(struct netif *n, struct ifctl_view *v)
{
    v->up = netif_is_up(n);
    v->running = v->up && netif_is_link_up(n);
    v->broadcast = n->flags & NETIF_FLAG_BROADCAST;
    v->multicast = n->flags & NETIF_FLAG_IGMP;
    v->loopback = is_loopback(n);
    v->dhcp = netif_dhcp_data(n) && netif_dhcp_data(n)->state != DHCP_STATE_OFF;
    v->mtu = n->mtu ? n->mtu : LO_MTU;
    v->addr = ip4_addr_get_u32(netif_ip4_addr(n));
    v->mask = ip4_addr_get_u32(netif_ip4_netmask(n));
    v->gw = ip4_addr_get_u32(netif_ip4_gw(n));
}

/* Everything shown for name; 0 or -ENODEV. */
static int ifctl_view(const char *name, struct ifctl_view *v)
{
    struct netif *n = find_netif(name);
    struct netif_info in;

    if (!n)
        return -ENODEV;
    memset(v, 0, sizeof(*v));
    LOCK_TCPIP_CORE();
    view_lwip(n, v);
    if (v->loopback) {
        v->driver = "loopback";
        v->stats.rx_packets = lwip_stats.link.recv;
        v->stats.tx_packets = lwip_stats.link.xmit;
        v->stats.tx_dropped = lwip_stats.link.drop;
    }
    UNLOCK_TCPIP_CORE();
    if (!v->loopback && netif_get_info(eth_index(name), &in) == 0) {
        v->driver = in.driver;
        memcpy(v->mac, in.mac, sizeof(v->mac));
        v->stats = in.stats;
    }
    return 0;
}

static int print_flags(struct procbuf *b, const struct ifctl_view *v)
{
    return procbuf_printf(b, "flags:%s%s%s%s%s\n", v->up ? " UP" : "", v->broadcast ? " BROADCAST" : "",
                          v->loopback ? " LOOPBACK" : "", v->running ? " RUNNING" : "",
                          v->multicast ? " MULTICAST" : "");
}

static int print_counters(struct procbuf *b, const struct nic_stats *s)
{
    return procbuf_printf(b, "rx_packets: %llu\nrx_bytes: %llu\nrx_errors: %llu\nrx_dropped: %llu\n"
                             "tx_packets: %llu\ntx_bytes: %llu\ntx_errors: %llu\ntx_dropped: %llu\n"
                             "tx_acks_merged: %llu\nrx_merged: %llu\ninterrupts: %llu\n",
                          (unsigned long long)s->rx_packets, (unsigned long long)s->rx_bytes,
                          (unsigned long long)s->rx_errors, (unsigned long long)s->rx_dropped,
                          (unsigned long long)s->tx_packets, (unsigned long long)s->tx_bytes,
                          (unsigned long long)s->tx_errors, (unsigned long long)s->tx_dropped,
                          (unsigned long long)s->tx_acks_merged, (unsigned long long)s->rx_merged,
                          (unsigned long long)s->irqs);
}

static int gen_if(struct procbuf *b, void *arg)
{
    const char *name = arg;
    struct ifctl_view v;
    char a[16], m[16], g[16];
    const uint8_t *mac = v.mac;
    int r = ifctl_view(name, &v);

    if (r < 0)
        return r;
    r = procbuf_printf(b, "name: %s\ndriver: %s\n", name, v.driver);
    if (r == 0)
        r = print_flags(b, &v);
    if (r == 0)
        r = procbuf_printf(b, "mtu: %u\nmac: %02x:%02x:%02x:%02x:%02x:%02x\n"
                              "addr: %s\nnetmask: %s\nprefix: %d\ngateway: %s\ndhcp: %s\n",
                           v.mtu, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
                           ip_str(lwip_ntohl(v.addr), a), ip_str(lwip_ntohl(v.mask), m),
                           __builtin_popcount(v.mask), ip_str(lwip_ntohl(v.gw), g), v.dhcp ? "on" : "off");
    if (r == 0)
        r = print_counters(b, &v.stats);
    return r;
}

static long write_if(const char *buf, unsigned long n, void *arg)
{
    struct ifctl_cmd c;
    int r = ifctl_parse(buf, n, &c);

    if (r == 0)
        r = ifctl_apply(arg, &c);
    return r < 0 ? r : (long)n;
}

/* /proc/net/if/<name>; the name string lives as long as the file (for good). */
static void register_if(const char *name)
{
    static char names[NETIF_MAX + 1][IFNAME_MAX];
    static int used;
    char path[32];

    if (used == NETIF_MAX + 1)
        return;
    strlcpy(names[used], name, IFNAME_MAX);
    ksnprintf(path, sizeof(path), "net/if/%s", name);
    if (procfs_register_rw(path, gen_if, write_if, names[used]) < 0)
        kprintf("net", "warning: cannot make /proc/%s\n", path);
    used++;
}

void ifctl_init(void)
{
    struct netif_info in;

    register_if("lo");
    for (int i = 0; netif_get_info(i, &in) == 0; i++)
        register_if(in.name);
    iperf_init();
}
