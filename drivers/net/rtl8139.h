/*
 * Realtek RTL8139 driver (drivers/net/rtl8139.c).  net/netif.c finds the
 * device on PCI and passes it to netif_add as the state; rtl8139_if_init
 * is lwIP's init callback for it.
 */
#ifndef DRIVERS_NET_RTL8139_H
#define DRIVERS_NET_RTL8139_H

#include "lwip/netif.h"

#define RTL8139_VENDOR  0x10ec
#define RTL8139_DEVICE  0x8139

/* lwIP netif init: netif->state is the struct pci_dev on entry and the
 * driver's state (a struct nic first) on success; ERR_IF if the device
 * cannot be brought up (logged, nothing left allocated). */
err_t rtl8139_if_init(struct netif *netif);

#endif
