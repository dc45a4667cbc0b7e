/*
 * The plumbing every network driver shares (drivers/net/nic.h): lwIP's
 * Ethernet netif fields, counters, DMA memory, and the path from an
 * interrupt to lwIP.  The interrupt handler only lets the driver acknowledge
 * its device and wakes the interface's receive thread; that thread drains
 * the receive ring through the driver's low_level_input and passes the
 * frames to netif->input (ethernet_input) itself, a batch per hold of
 * lwIP's core lock, so no lwIP code runs in an interrupt and no frame waits
 * for the tcpip thread.  The transmit side is in nic_tx.c.
 * Legacy PCI lines may be shared: one dispatcher per line asks each
 * interface on it whether the interrupt was its own.
 */
#include "drivers/net/nic.h"
#include "drivers/pci.h"
#include "kernel/arch.h"
#include "kernel/arch/i386/cpu.h"
#include "kernel/sched.h"
#include "kernel/log.h"
#include "kernel/cmdline.h"
#include "drivers/net/gro.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printf.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "include/abi/errno.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "netif/etharp.h"

#define PAGE 4096u

/* Interfaces per legacy line; guarded by interrupts being off while changed. */
static struct nic *irq_chain[16];

void nic_init(struct nic *n, const char *driver, const struct nic_ops *ops,
              struct pci_dev *pci, struct netif *netif)
{
    n->driver = driver;
    n->ops = ops;
    n->pci = pci;
    n->netif = netif;
    n->irq = NIC_NO_IRQ;
    sem_init(&n->rx_sem, "nic_rx", 0);
    spin_init(&n->stats_lock, "nic_stats");
}

void nic_netif_setup(struct nic *n, bool link_up)
{
    struct netif *netif = n->netif;

    netif->name[0] = 'e';
    netif->name[1] = 't';
    netif->output = etharp_output;
    netif->linkoutput = nic_linkoutput;
    netif->mtu = NIC_MTU;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, n->mac, ETH_HWADDR_LEN);
    /* IGMP: every driver accepts all multicast, so no filter to program. */
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_IGMP;
    if (link_up)
        netif->flags |= NETIF_FLAG_LINK_UP;
    n->link_up = link_up;
}

/* ---- counters ---- */

void nic_count(struct nic *n, uint64_t *counter, uint64_t delta)
{
    spin_lock(&n->stats_lock);
    *counter += delta;
    spin_unlock(&n->stats_lock);
}

void nic_count_tx(struct nic *n, size_t bytes)
{
    spin_lock(&n->stats_lock);
    n->stats.tx_packets++;
    n->stats.tx_bytes += bytes;
    spin_unlock(&n->stats_lock);
}

void nic_stats_get(struct nic *n, struct nic_stats *out)
{
    spin_lock(&n->stats_lock);
    *out = n->stats;
    spin_unlock(&n->stats_lock);
}

/* ---- DMA memory ---- */

void *nic_dma_alloc(size_t bytes, uint32_t *phys)
{
    uint32_t pages = (bytes + PAGE - 1) / PAGE;
    uint32_t pa = pmm_alloc_contig(pages, 1);

    if (!pa)
        return NULL;
    memset(P2V(pa), 0, pages * PAGE);
    *phys = pa;
    return P2V(pa);
}

void nic_dma_free(void *va, size_t bytes)
{
    if (va)
        pmm_free(V2P(va), (bytes + PAGE - 1) / PAGE);
}

/* ---- frames in and out ---- */

static bool mac_equal(const uint8_t *a, const uint8_t *b)
{
    return memcmp(a, b, ETH_HWADDR_LEN) == 0;
}

struct pbuf *nic_rx_frame(struct nic *n, const void *data, size_t len)
{
    const uint8_t *f = data;
    struct pbuf *p;

    if (len < NIC_FRAME_MIN || len > NIC_FRAME_MAX) {
        nic_count(n, &n->stats.rx_errors, 1);
        return NULL;
    }
    /* A multicast segment hands every node its own frames back. */
    if (mac_equal(f + 6, n->mac))
        return NULL;
    /* Promiscuous devices (virtio-net) see other stations' unicast too. */
    if (!(f[0] & 1) && !mac_equal(f, n->mac))
        return NULL;
    p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
    if (!p) {
        nic_count(n, &n->stats.rx_dropped, 1);
        return NULL;
    }
    pbuf_take(p, data, (u16_t)len);
    spin_lock(&n->stats_lock);
    n->stats.rx_packets++;
    n->stats.rx_bytes += len;
    spin_unlock(&n->stats_lock);
    return p;
}

size_t nic_tx_copy(struct nic *n, struct pbuf *p, void *buf)
{
    size_t len = p->tot_len;

    if (len > NIC_FRAME_MAX || len < NIC_FRAME_MIN) {
        nic_count(n, &n->stats.tx_errors, 1);
        return 0;
    }
    pbuf_copy_partial(p, buf, (u16_t)len, 0);
    if (len < NIC_TX_MIN) {
        memset((uint8_t *)buf + len, 0, NIC_TX_MIN - len);
        len = NIC_TX_MIN;
    }
    return len;
}

/* ---- the receive thread ---- */

/* Tell lwIP when the device's link state changes. */
static void nic_check_link(struct nic *n)
{
    bool up = n->ops->link_up(n);

    if (up == n->link_up)
        return;
    n->link_up = up;
    LOCK_TCPIP_CORE();
    if (up)
        netif_set_link_up(n->netif);
    else
        netif_set_link_down(n->netif);
    UNLOCK_TCPIP_CORE();
}

/* ---- receive coalescing (drivers/net/gro.h) ---- */

#define TCP_PSH 0x08

static const char *const gro_choices[] = { "on", "off", NULL };

static int gro_on = -1;                 /* gro= on the command line; read once */

/* The merged segment being built from one receive batch. */
struct gro_state {
    struct pbuf *head;                  /* the first frame; the others chained on */
    struct gro_seg seg;                 /* its headers; payload: merged so far */
    uint32_t sum;                       /* the payload sums of all parts */
    unsigned parts;
};

static void deliver(struct nic *n, struct pbuf *p)
{
    if (n->netif->input(p, n->netif) != ERR_OK) {
        pbuf_free(p);
        nic_count(n, &n->stats.rx_dropped, 1);
    }
}

static void gro_flush(struct nic *n, struct gro_state *g)
{
    if (!g->head)
        return;
    if (g->parts > 1) {
        gro_finish(g->head->payload, &g->seg, g->seg.payload, g->sum, g->seg.flags & TCP_PSH);
        nic_count(n, &n->stats.rx_merged, g->parts - 1);
    }
    deliver(n, g->head);
    g->head = NULL;
}

/* Merge p into the segment being built, or start a new one, or pass it on. */
static void gro_take(struct nic *n, struct gro_state *g, struct pbuf *p)
{
    struct gro_seg s;

    if (!gro_on || p->len != p->tot_len || !gro_parse(p->payload, p->len, &s)) {
        gro_flush(n, g);
        deliver(n, p);
        return;
    }
    pbuf_realloc(p, (u16_t)(s.hdr_len + s.payload));   /* no Ethernet padding inside the chain */
    if (g->head && gro_can_append(g->head->payload, &g->seg, p->payload, &s)) {
        g->sum = gro_sum_add(g->sum, gro_payload_sum(p->payload, &s));
        g->seg.payload = (uint16_t)(g->seg.payload + s.payload);
        g->seg.flags |= s.flags & TCP_PSH;
        pbuf_remove_header(p, s.hdr_len);
        pbuf_cat(g->head, p);
        g->parts++;
        return;
    }
    gro_flush(n, g);
    g->head = p;
    g->seg = s;
    g->sum = gro_payload_sum(p->payload, &s);
    g->parts = 1;
}

/* Hand every waiting frame to lwIP, up to NIC_RX_BATCH per hold of the
 * core lock: consecutive TCP segments of a connection go up as one (above),
 * what the batch sends (ACKs, more data) leaves in one doorbell when the
 * lock is released (nic_tx.c), and no holder waits long. */
static void nic_drain(struct nic *n)
{
    struct gro_state g = { NULL, { 0 }, 0, 0 };
    struct pbuf *p = NULL;

    if (gro_on < 0)
        gro_on = cmdline_get_choice("gro", gro_choices, 0) == 0;
    do {
        LOCK_TCPIP_CORE();
        for (int k = 0; k < NIC_RX_BATCH && (p = n->ops->input(n->netif)) != NULL; k++)
            gro_take(n, &g, p);
        gro_flush(n, &g);
        UNLOCK_TCPIP_CORE();
    } while (p);
}

static void nic_rx_thread(void *arg)
{
    struct nic *n = arg;
    uint64_t wait = n->irq == NIC_NO_IRQ ? NIC_POLL_FAST_NS : NIC_POLL_NS;

    for (;;) {
        n->rx_pending = false;
        nic_drain(n);
        nic_check_link(n);
        /* A timeout is normal: it polls the link and covers a lost interrupt. */
        sem_down(&n->rx_sem, wait, false);
    }
}

/* ---- interrupts ---- */

static void nic_irq(struct trapframe *tf)
{
    for (struct nic *n = irq_chain[(tf->trapno - T_IRQ0) & 15]; n; n = n->irq_next) {
        if (!n->ops->irq_ack(n))
            continue;
        n->stats.irqs++;                /* only ever written here */
        if (!n->rx_pending) {           /* one wake-up per drain is enough */
            n->rx_pending = true;
            sem_up(&n->rx_sem);
        }
    }
}

/* Lines the kernel's own ISA drivers hold (timer, keyboard, cascade, COM1):
 * irq_register allows one handler per line, so a NIC there must poll. */
static bool irq_usable(unsigned irq)
{
    return irq < 16 && irq != 0 && irq != 1 && irq != 2 && irq != 4;
}

/* Put n on its line's chain; the first interface there takes the line. */
static void nic_chain_irq(struct nic *n)
{
    bool first;

    pushcli();
    first = irq_chain[n->irq] == NULL;
    n->irq_next = irq_chain[n->irq];
    irq_chain[n->irq] = n;
    popcli();
    if (first)
        irq_register(n->irq, nic_irq);
}

int nic_start(struct nic *n)
{
    unsigned irq = n->pci ? n->pci->irq : NIC_NO_IRQ;
    char name[16];

    n->irq = irq_usable(irq) ? irq : NIC_NO_IRQ;
    if (n->irq == NIC_NO_IRQ)
        kprintf("net", "warning: %s has no usable interrupt line (%u); polling\n", n->driver, irq);
    ksnprintf(name, sizeof(name), "%s-rx", n->driver);
    if (!kthread_create(name, nic_rx_thread, n))
        return -ENOMEM;
    nic_tx_register(n);                 /* drivers start inside netif_add: core lock held */
    if (n->irq != NIC_NO_IRQ)
        nic_chain_irq(n);
    return 0;
}
