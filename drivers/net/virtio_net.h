/*
 * virtio-net driver, legacy PCI interface (drivers/net/virtio_net.c): the
 * transitional device QEMU's virtio-net-pci offers on a PCI (not PCIe)
 * bus.  net/netif.c finds the device on PCI and passes it to netif_add as
 * the state; virtio_net_if_init is lwIP's init callback for it.
 */
#ifndef DRIVERS_NET_VIRTIO_NET_H
#define DRIVERS_NET_VIRTIO_NET_H

#include "lwip/netif.h"

#define VIRTIO_VENDOR       0x1af4
#define VIRTIO_NET_LEGACY   0x1000  /* transitional network device */

/* lwIP netif init: netif->state is the struct pci_dev on entry and the
 * driver's state (a struct nic first) on success; ERR_IF if the device
 * cannot be brought up (logged, nothing left allocated). */
err_t virtio_net_if_init(struct netif *netif);

#endif
