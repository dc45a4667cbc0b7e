/*
 * Intel 8254x ("e1000") driver (drivers/net/e1000.c): the 82540EM that
 * QEMU's -M pc offers by default, and the register-compatible 82545EM.
 * net/netif.c finds the device on PCI and passes it to netif_add as the
 * state; e1000_if_init is lwIP's init callback for it.
 */
#ifndef DRIVERS_NET_E1000_H
#define DRIVERS_NET_E1000_H

#include "lwip/netif.h"

#define E1000_VENDOR        0x8086
#define E1000_DEV_82540EM   0x100e
#define E1000_DEV_82545EM   0x100f

/* lwIP netif init: netif->state is the struct pci_dev on entry and the
 * driver's state (a struct nic first) on success; ERR_IF if the device
 * cannot be brought up (logged, nothing left allocated). */
err_t e1000_if_init(struct netif *netif);

#endif
