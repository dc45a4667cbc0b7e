/*
 * Network interfaces: the layer between the NIC drivers (drivers/net/) and
 * lwIP's netif list.  netif_setup walks the PCI devices in bus order, hands
 * each supported NIC to lwIP's netif_add with its driver's <if>_init, and
 * names the results eth0, eth1, ... (lwIP's own two-letter names are
 * "et" plus a number shared with the loopback).  eth0 is the default route
 * and takes the ip= option; the others start without an address.  Every
 * problem with an option is a warning and leaves the interface unnumbered.
 */
#include "net/netif.h"
#include "net/ipaddr.h"
#include "drivers/pci.h"
#include "drivers/net/e1000.h"
#include "drivers/net/rtl8139.h"
#include "drivers/net/virtio_net.h"
#include "kernel/cmdline.h"
#include "kernel/log.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printf.h"
#include "kernel/fs/procfs.h"
#include "include/abi/errno.h"
#include "lwip/netif.h"
#include "lwip/dhcp.h"
#include "lwip/prot/dhcp.h"
#include "lwip/tcpip.h"
#include "lwip/ip4_addr.h"
#include "netif/ethernet.h"

#define HOSTNAME_MAX 63

struct nic_driver {
    const char *name;
    uint16_t vendor, device;
    netif_init_fn init;
};

static const struct nic_driver drivers[] = {
    { "e1000", E1000_VENDOR, E1000_DEV_82540EM, e1000_if_init },
    { "e1000", E1000_VENDOR, E1000_DEV_82545EM, e1000_if_init },
    { "rtl8139", RTL8139_VENDOR, RTL8139_DEVICE, rtl8139_if_init },
    { "virtio-net", VIRTIO_VENDOR, VIRTIO_NET_LEGACY, virtio_net_if_init },
};
#define NDRIVERS (sizeof(drivers) / sizeof(drivers[0]))

/* One attached interface.  Written by netif_setup before nifaces counts it;
 * logged_addr only by lwIP's callbacks (core lock). */
struct iface {
    char name[8];
    struct netif netif;
    struct nic *nic;
    bool dhcp;
    uint32_t logged_addr;           /* the last DHCP address reported */
};

static struct iface ifaces[NETIF_MAX];
static int nifaces;
static char hostname[HOSTNAME_MAX + 1] = "mosaic";

static struct iface *iface_of(struct netif *netif)
{
    return (struct iface *)((char *)netif - __builtin_offsetof(struct iface, netif));
}

const char *netif_name(const struct netif *netif)
{
    for (int i = 0; i < nifaces; i++)
        if (&ifaces[i].netif == netif)
            return ifaces[i].name;
    return NULL;
}

static const char *ip_str(uint32_t be, char *buf)
{
    ip4_addr_t a;

    ip4_addr_set_u32(&a, be);
    return ip4addr_ntoa_r(&a, buf, 16);
}

static int prefix_len(uint32_t mask_be)
{
    return __builtin_popcount(mask_be);
}

/* ---- options ---- */

static bool hostname_valid(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > HOSTNAME_MAX || s[0] == '-' || s[0] == '.')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
            return false;
    return true;
}

static void hostname_init(void)
{
    const char *h = cmdline_get("hostname");

    if (!h)
        return;
    if (hostname_valid(h))
        strlcpy(hostname, h, sizeof(hostname));
    else
        kprintf("net", "warning: hostname=%.64s is not a host name; using %s\n", h, hostname);
}

/* Is word (len bytes) in the comma-separated list? */
static bool in_list(const char *list, const char *word, size_t len)
{
    while (*list) {
        const char *end = strchr(list, ',');
        size_t n = end ? (size_t)(end - list) : strlen(list);
        if (n == len && strncmp(list, word, len) == 0)
            return true;
        list += n + (end ? 1 : 0);
    }
    return false;
}

static bool driver_wanted(const struct nic_driver *d)
{
    const char *list = cmdline_get("nic");

    return !list || in_list(list, d->name, strlen(d->name));
}

/* Warn about names in nic= that are no driver. */
static void nic_option_check(void)
{
    const char *list = cmdline_get("nic"), *p = list;

    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        bool known = n == 4 && strncmp(p, "none", 4) == 0;
        for (size_t i = 0; i < NDRIVERS && !known; i++)
            known = strlen(drivers[i].name) == n && strncmp(p, drivers[i].name, n) == 0;
        if (!known)
            kprintf("net", "warning: nic=%.64s: '%.*s' is no driver (e1000, rtl8139, virtio-net, none)\n",
                    list, (int)(n > 32 ? 32 : n), p);
        p += n + (end ? 1 : 0);
    }
}


struct ipconf {
    uint32_t addr, mask, gw;        /* host order; gw 0 if none */
};

/* "ADDR/PREFIX[,GATEWAY]"; 0 or -EINVAL. */
static int ipconf_parse(const char *s, struct ipconf *c)
{
    unsigned prefix = 0, digits = 0;

    s = ipaddr_parse(s, &c->addr);
    if (!s || *s++ != '/')
        return -EINVAL;
    for (; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
        prefix = prefix * 10 + (unsigned)(*s - '0');
    if (digits == 0 || prefix < 1 || prefix > 32)
        return -EINVAL;
    c->mask = prefix == 32 ? 0xFFFFFFFF : ~(0xFFFFFFFFu >> prefix);
    c->gw = 0;
    if (*s == ',' && !(s = ipaddr_parse(s + 1, &c->gw)))
        return -EINVAL;
    if (*s || !ipaddr_is_host(c->addr) || (c->gw && !ipaddr_is_host(c->gw)))
        return -EINVAL;
    return 0;
}

/* ---- lwIP callbacks (core lock held) ---- */

static void iface_status(struct netif *netif)
{
    struct iface *ifc = iface_of(netif);
    uint32_t a = ip4_addr_get_u32(netif_ip4_addr(netif));
    char ip[16], gw[16];

    if (!ifc->dhcp || a == ifc->logged_addr)
        return;
    ifc->logged_addr = a;
    if (a && ip4_addr_get_u32(netif_ip4_gw(netif)))
        kprintf("net", "%s %s/%d via DHCP, gateway %s\n", ifc->name, ip_str(a, ip),
                prefix_len(ip4_addr_get_u32(netif_ip4_netmask(netif))),
                ip_str(ip4_addr_get_u32(netif_ip4_gw(netif)), gw));
    else if (a)
        kprintf("net", "%s %s/%d via DHCP, no gateway\n", ifc->name, ip_str(a, ip),
                prefix_len(ip4_addr_get_u32(netif_ip4_netmask(netif))));
    else if (netif_dhcp_data(netif) && netif_dhcp_data(netif)->state != DHCP_STATE_OFF)
        kprintf("net", "%s lost its DHCP lease\n", ifc->name);
    /* else DHCP was stopped on purpose (ifconfig), which ifctl logs itself */
}

static void iface_link(struct netif *netif)
{
    kprintf("net", "%s link %s\n", iface_of(netif)->name, netif_is_link_up(netif) ? "up" : "down");
}

/* ---- attaching and configuring ---- */

static void iface_attach(const struct nic_driver *drv, struct pci_dev *d)
{
    struct iface *ifc = &ifaces[nifaces];
    struct netif *ok;
    const uint8_t *m;

    memset(ifc, 0, sizeof(*ifc));
    ksnprintf(ifc->name, sizeof(ifc->name), "eth%d", nifaces);
    LOCK_TCPIP_CORE();
    /* input: the receive thread calls ethernet_input itself, core lock held (nic.c) */
    ok = netif_add(&ifc->netif, NULL, NULL, NULL, d, drv->init, ethernet_input);
    if (ok) {
        netif_set_hostname(&ifc->netif, hostname);
        netif_set_status_callback(&ifc->netif, iface_status);
        netif_set_link_callback(&ifc->netif, iface_link);
        if (nifaces == 0)
            netif_set_default(&ifc->netif);
        netif_set_up(&ifc->netif);
    }
    UNLOCK_TCPIP_CORE();
    if (!ok) {
        kprintf("net", "warning: %s at %02x:%02x.%x did not start; skipped\n",
                drv->name, d->bus, d->slot, d->func);
        return;
    }
    ifc->nic = NIC_OF(&ifc->netif);
    m = ifc->nic->mac;
    kprintf("net", "%s: %s at %02x:%02x.%x irq %d, MAC %02x:%02x:%02x:%02x:%02x:%02x, link %s\n",
            ifc->name, drv->name, d->bus, d->slot, d->func,
            ifc->nic->irq == NIC_NO_IRQ ? -1 : (int)ifc->nic->irq,
            m[0], m[1], m[2], m[3], m[4], m[5], ifc->nic->link_up ? "up" : "down");
    nifaces++;
}

static void iface_static(struct iface *ifc, const struct ipconf *c)
{
    ip4_addr_t a, m, g;
    char s1[16], s2[16];

    ip4_addr_set_u32(&a, lwip_htonl(c->addr));
    ip4_addr_set_u32(&m, lwip_htonl(c->mask));
    ip4_addr_set_u32(&g, lwip_htonl(c->gw));
    if (c->gw && (c->gw & c->mask) != (c->addr & c->mask))
        kprintf("net", "warning: gateway %s is outside %s's subnet\n", ip_str(g.addr, s2), ifc->name);
    LOCK_TCPIP_CORE();
    netif_set_addr(&ifc->netif, &a, &m, &g);
    UNLOCK_TCPIP_CORE();
    kprintf("net", "%s %s/%d%s%s (static)\n", ifc->name, ip_str(a.addr, s1), prefix_len(m.addr),
            c->gw ? " gateway " : "", c->gw ? ip_str(g.addr, s2) : "");
}

static void iface_dhcp(struct iface *ifc)
{
    err_t err;

    ifc->dhcp = true;
    LOCK_TCPIP_CORE();
    err = dhcp_start(&ifc->netif);
    UNLOCK_TCPIP_CORE();
    if (err != ERR_OK)
        kprintf("net", "warning: %s: DHCP did not start (lwIP error %d)\n", ifc->name, err);
    else
        kprintf("net", "%s asking for a DHCP lease as '%s'\n", ifc->name, hostname);
}

/* Apply ip= to eth0. */
static void iface_configure(struct iface *ifc, const char *ip)
{
    struct ipconf c;

    if (!ip)
        kprintf("net", "%s has no address (no ip= option)\n", ifc->name);
    else if (strcmp(ip, "dhcp") == 0)
        iface_dhcp(ifc);
    else if (ipconf_parse(ip, &c) == 0)
        iface_static(ifc, &c);
    else
        kprintf("net", "warning: ip=%.64s is not ADDR/PREFIX[,GATEWAY] or dhcp; %s has no address\n",
                ip, ifc->name);
}

static int gen_net_dev(struct procbuf *b, void *arg);

/* The wanted driver for d, or NULL. */
static const struct nic_driver *driver_for(const struct pci_dev *d)
{
    for (size_t k = 0; k < NDRIVERS; k++)
        if (d->vendor == drivers[k].vendor && d->device == drivers[k].device)
            return driver_wanted(&drivers[k]) ? &drivers[k] : NULL;
    return NULL;
}

void netif_setup(void)
{
    hostname_init();
    nic_option_check();
    for (int i = 0; i < pci_count(); i++) {
        struct pci_dev *d = pci_get(i);
        const struct nic_driver *drv = driver_for(d);
        if (drv && nifaces < NETIF_MAX)
            iface_attach(drv, d);
        else if (drv)
            kprintf("net", "warning: more than %d NICs; %02x:%02x.%x ignored\n",
                    NETIF_MAX, d->bus, d->slot, d->func);
    }
    if (nifaces)
        iface_configure(&ifaces[0], cmdline_get("ip"));
    else
        kprintf("net", "no network interface%s\n", cmdline_get("ip") ? "; ip= ignored" : "");
    if (procfs_register("net/dev", gen_net_dev, NULL) < 0)
        kprintf("net", "warning: cannot make /proc/net/dev\n");
}

/* ---- readers ---- */

int netif_count(void)
{
    return nifaces;
}

const char *netif_hostname(void)
{
    return hostname;
}

int netif_get_info(int index, struct netif_info *out)
{
    struct iface *ifc;

    if (index < 0 || index >= nifaces)
        return -ENODEV;
    ifc = &ifaces[index];
    memset(out, 0, sizeof(*out));
    LOCK_TCPIP_CORE();                  /* one consistent view: ifconfig may be changing it */
    strlcpy(out->name, ifc->name, sizeof(out->name));
    out->driver = ifc->nic->driver;
    memcpy(out->mac, ifc->nic->mac, sizeof(out->mac));
    out->mtu = ifc->netif.mtu;
    out->up = netif_is_up(&ifc->netif);
    out->link_up = netif_is_link_up(&ifc->netif);
    out->dhcp = ifc->dhcp;
    out->addr = ip4_addr_get_u32(netif_ip4_addr(&ifc->netif));
    out->netmask = ip4_addr_get_u32(netif_ip4_netmask(&ifc->netif));
    out->gateway = ip4_addr_get_u32(netif_ip4_gw(&ifc->netif));
    out->is_default = netif_default == &ifc->netif;
    if (ifc->dhcp && netif_dhcp_data(&ifc->netif))
        out->dhcp_server = ip4_addr_get_u32(ip_2_ip4(&netif_dhcp_data(&ifc->netif)->server_ip_addr));
    UNLOCK_TCPIP_CORE();
    nic_stats_get(ifc->nic, &out->stats);
    return 0;
}

int netif_wait_address(int index, uint64_t timeout_ns)
{
    uint64_t deadline = time_ns() + timeout_ns;

    if (index < 0 || index >= nifaces)
        return -ENODEV;
    while (!ip4_addr_get_u32(netif_ip4_addr(&ifaces[index].netif))) {
        if (time_ns() >= deadline)
            return -ETIMEDOUT;
        sched_sleep_ns(50000000, false);
    }
    return 0;
}

/* /proc/net/dev, in Linux's layout (the columns we do not count are 0). */
static int gen_net_dev(struct procbuf *b, void *arg)
{
    struct netif_info in;
    int r = procbuf_printf(b, "Inter-|   Receive                            "
                              "                    |  Transmit\n"
                              " face |bytes    packets errs drop fifo frame compressed multicast|"
                              "bytes    packets errs drop fifo colls carrier compressed\n");

    (void)arg;
    for (int i = 0; r == 0 && netif_get_info(i, &in) == 0; i++)
        r = procbuf_printf(b, "%6s: %7llu %7llu %4llu %4llu %4u %5u %10u %9u "
                              "%8llu %7llu %4llu %4llu %4u %5u %7u %10u\n", in.name,
                           (unsigned long long)in.stats.rx_bytes, (unsigned long long)in.stats.rx_packets,
                           (unsigned long long)in.stats.rx_errors, (unsigned long long)in.stats.rx_dropped,
                           0, 0, 0, 0,
                           (unsigned long long)in.stats.tx_bytes, (unsigned long long)in.stats.tx_packets,
                           (unsigned long long)in.stats.tx_errors, (unsigned long long)in.stats.tx_dropped,
                           0, 0, 0, 0);
    return r;
}
