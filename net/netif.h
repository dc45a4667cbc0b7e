/*
 * Network interfaces (net/netif.c): finds every supported NIC on PCI
 * (drivers/net/), adds it to lwIP as eth0, eth1, ... (eth0 is the default
 * route), and configures it from the kernel command line:
 *
 *     ip=ADDR/PREFIX[,GATEWAY]   a static address on eth0
 *     ip=dhcp                    ask for a lease on eth0
 *     hostname=NAME              sent with DHCP requests (default "mosaic")
 *     nic=none | DRIVER[,DRIVER] use no NIC, or only these drivers
 *
 * Interface details and counters are readable here and in /proc/net/dev.
 * This header needs no lwIP headers, so any kernel code may include it.
 */
#ifndef NET_NETIF_H
#define NET_NETIF_H

#include <stdint.h>
#include <stdbool.h>
#include "drivers/net/nic.h"

#define NETIF_MAX 4                     /* Ethernet interfaces we attach */

struct netif;                           /* lwIP's; no lwIP header needed here */

/* What an ifconfig-style reader needs to know about one interface. */
struct netif_info {
    char name[8];                       /* "eth0" */
    const char *driver;                 /* "e1000", "rtl8139", "virtio-net" */
    uint8_t mac[6];
    unsigned mtu;
    bool up, link_up;
    bool dhcp;                          /* configured by ip=dhcp */
    uint32_t addr, netmask, gateway;    /* network byte order; 0 when none */
    uint32_t dhcp_server;               /* the lease's server (ip=dhcp), or 0 */
    bool is_default;                    /* lwIP's default interface: off-link traffic leaves here */
    struct nic_stats stats;
};

/* Attach and configure every NIC; after net_init().  Problems are warnings. */
void netif_setup(void);
/* Interfaces attached (eth0 .. eth<n-1>). */
int netif_count(void);
/* A snapshot of interface index (takes lwIP's core lock: not for its
 * holders); 0, or -ENODEV if there is none. */
int netif_get_info(int index, struct netif_info *out);
/* Sleep until interface index has an address (for ip=dhcp: a lease);
 * 0, -ENODEV, or -ETIMEDOUT after timeout_ns. */
int netif_wait_address(int index, uint64_t timeout_ns);
/* "eth0" for an interface attached here (lwIP's netif), NULL for any other. */
const char *netif_name(const struct netif *netif);
/* The host name (hostname=, default "mosaic"). */
const char *netif_hostname(void);

#endif
