/*
 * What the network drivers share (drivers/net/nic.c): the per-interface
 * state every driver embeds first in its own (so netif->state points at
 * both), counters, DMA memory, the shared legacy-IRQ dispatch and the
 * receive thread.  A driver's interrupt handler only acknowledges the
 * device; the receive thread then pulls frames with the driver's
 * low_level_input and hands them to lwIP under its core lock, a batch at a
 * time; frames out go through nic_linkoutput (nic_tx.c).  Interfaces are
 * attached to lwIP by net/netif.c.  No lwIP header is needed here
 * (int8_t stands for lwIP's err_t).
 */
#ifndef DRIVERS_NET_NIC_H
#define DRIVERS_NET_NIC_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kernel/sync.h"
#include "drivers/net/ackthin.h"

struct netif;
struct pbuf;
struct pci_dev;

#define NIC_MTU         1500
#define NIC_FRAME_MIN   14              /* an Ethernet header, or it is a runt */
#define NIC_FRAME_MAX   1518            /* 14 + 1500 + a VLAN tag; no FCS */
#define NIC_TX_MIN      60              /* shorter frames are padded with zeros */
#define NIC_BUF_SIZE    2048            /* one DMA buffer holds one frame */
#define NIC_NO_IRQ      0xFF            /* no usable interrupt line: poll */
#define NIC_POLL_NS     1000000000ull   /* link check, and a net for lost interrupts */
#define NIC_POLL_FAST_NS 10000000ull    /* how often to poll without an interrupt */
#define NIC_RX_BATCH    32              /* frames per hold of lwIP's core lock */

/* Counters in the style of Linux's /proc/net/dev. */
struct nic_stats {
    uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped;
    uint64_t tx_packets, tx_bytes, tx_errors, tx_dropped;
    uint64_t irqs;                      /* interrupts that were this device's */
    uint64_t tx_acks_merged;            /* pure ACKs never sent: a newer one said more */
    uint64_t rx_merged;                 /* TCP segments passed up inside an earlier one (gro) */
};

struct nic;

/* What the common code calls in a driver. */
struct nic_ops {
    /* Interrupt context: read and acknowledge the device's interrupt cause;
     * false if the device did not interrupt (the line is shared). */
    bool (*irq_ack)(struct nic *n);
    /* Receive thread: the next good frame as a new pbuf, or NULL when the
     * ring is empty (the driver's low_level_input). */
    struct pbuf *(*input)(struct netif *netif);
    /* Receive thread: is the link up?  May also fold device counters in. */
    bool (*link_up)(struct nic *n);
    /* Core lock: put one frame on the transmit queue (the driver's
     * low_level_output).  With tx_kick the device need not be told yet. */
    int8_t (*output)(struct netif *netif, struct pbuf *p);
    /* Core lock, optional: tell the device about every frame queued since
     * the last kick (one doorbell write for the lot). */
    void (*tx_kick)(struct nic *n);
};

/*
 * The common part of a driver's state; drivers put it first in theirs.
 * Fields are written by the driver's <if>_init before nic_start and read-only
 * after, except: stats (stats_lock), link_up (receive thread only),
 * rx_pending (interrupt handler and receive thread).
 */
struct nic {
    const char *driver;                 /* "e1000" */
    const struct nic_ops *ops;
    struct pci_dev *pci;
    struct netif *netif;
    uint8_t mac[6];
    bool link_up;                       /* as last told to lwIP */
    unsigned irq;                       /* legacy line or NIC_NO_IRQ */
    volatile bool rx_pending;           /* an interrupt came since the last drain */
    struct semaphore rx_sem;            /* the receive thread sleeps here */
    struct spinlock stats_lock;
    struct nic_stats stats;
    struct nic *irq_next;               /* other interfaces on the same line */
    struct nic *all_next;               /* every started interface (nic_tx.c) */
    bool tx_queued;                     /* core lock: frames wait for tx_kick */
    struct pbuf *tx_ack;                /* core lock: a pure ACK waiting to go */
    struct pure_ack tx_ack_info;        /*   and what it says */
};

/* The struct nic behind an lwIP interface made by one of our drivers. */
#define NIC_OF(netif) ((struct nic *)(netif)->state)

/* Fill in the common part; call first in a driver's <if>_init. */
void nic_init(struct nic *n, const char *driver, const struct nic_ops *ops,
              struct pci_dev *pci, struct netif *netif);
/* Set lwIP's Ethernet fields (name, MTU, flags, MAC, etharp_output,
 * nic_linkoutput, link flag).  n->mac must be known. */
void nic_netif_setup(struct nic *n, bool link_up);
/* Start the receive thread and take the interrupt line (shared with other
 * interfaces; polling if the device has no usable line).  The driver
 * enables its device's interrupts only after this.  0 or -ENOMEM. */
int nic_start(struct nic *n);

/*
 * Receive helper: check a frame the device wrote (len bytes at data, FCS
 * excluded) and copy it into a new pbuf.  Runts and oversize frames are
 * errors, our own frames echoed back by the segment and frames for other
 * stations are ignored, a failed allocation is a drop; all give NULL.
 */
struct pbuf *nic_rx_frame(struct nic *n, const void *data, size_t len);
/* Transmit helper: copy a pbuf chain into buf (NIC_BUF_SIZE bytes), padded
 * to NIC_TX_MIN; returns the length, or 0 (counted as an error) if too big. */
size_t nic_tx_copy(struct nic *n, struct pbuf *p, void *buf);
/* netif->linkoutput of every driver (nic_tx.c): ACK thinning, then the
 * driver's output; doorbells wait for nic_tx_flush_all. */
int8_t nic_linkoutput(struct netif *netif, struct pbuf *p);
/* Send waiting ACKs and ring every doorbell; net_core_unlock calls it with
 * lwIP's core lock still held. */
void nic_tx_flush_all(void);
/* Make n known to nic_tx_flush_all (nic_start does). */
void nic_tx_register(struct nic *n);

/* Counter updates, safe from any thread. */
void nic_count(struct nic *n, uint64_t *counter, uint64_t delta);
void nic_count_tx(struct nic *n, size_t bytes);
/* A consistent copy of the counters. */
void nic_stats_get(struct nic *n, struct nic_stats *out);

/* Zeroed, physically contiguous, page-aligned memory for rings and buffers;
 * *phys is the bus address.  NULL if out of memory. */
void *nic_dma_alloc(size_t bytes, uint32_t *phys);
void nic_dma_free(void *va, size_t bytes);

/* Compiler barrier: descriptors are shared with the device (x86 keeps
 * stores in order; the compiler must too). */
#define nic_barrier() __asm__ volatile("" ::: "memory")

#endif
