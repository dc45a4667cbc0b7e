/*
 * virtio-net over the legacy PCI interface, shaped like an lwIP port driver
 * (low_level_init, low_level_output, low_level_input, virtio_net_if_init).
 * Registers are I/O ports (BAR 0).  Queue 0 receives, queue 1 transmits;
 * each is a split virtqueue (descriptors, available ring, used ring) in
 * physically contiguous pages whose frame number the device is given.
 * Every receive descriptor owns a 2 KiB buffer that gets a 10-byte
 * virtio_net_hdr and then the frame; every transmit slot is a chain of two
 * descriptors, the (zero) header and the frame.  No offloads are
 * negotiated, only the MAC and link-status fields.  Transmit completions
 * raise no interrupt: slots are reclaimed when the next frame is sent.
 * Receive interrupts are off from one interrupt until the receive thread
 * finds the ring empty (4.4k instead of 7.4k interrupts per 64 MiB).
 */
#include "drivers/net/virtio_net.h"
#include "drivers/net/nic.h"
#include "drivers/pci.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/log.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kheap.h"
#include "lwip/arch.h"
#include "lwip/pbuf.h"

/* Legacy registers (port offsets; no MSI-X, so device config starts at 0x14) */
#define VIO_HOST_FEATURES   0x00
#define VIO_GUEST_FEATURES  0x04
#define VIO_QUEUE_PFN       0x08
#define VIO_QUEUE_NUM       0x0C
#define VIO_QUEUE_SEL       0x0E
#define VIO_QUEUE_NOTIFY    0x10
#define VIO_STATUS          0x12
#define VIO_ISR             0x13    /* reading acknowledges */
#define VIO_NET_MAC         0x14
#define VIO_NET_STATUS      0x1A

#define STATUS_ACK          1
#define STATUS_DRIVER       2
#define STATUS_DRIVER_OK    4
#define STATUS_FAILED       0x80
#define F_MAC               (1u << 5)
#define F_STATUS            (1u << 16)
#define NET_LINK_UP         1

#define DESC_NEXT           1
#define DESC_WRITE          2       /* the device writes this buffer */
#define AVAIL_NO_INTERRUPT  1
#define USED_NO_NOTIFY      1

struct vring_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct vring_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[];
};

struct vring_used_elem {
    uint32_t id;
    uint32_t len;
};

struct vring_used {
    uint16_t flags;
    uint16_t idx;
    struct vring_used_elem ring[];
};

#define HDR_LEN     10              /* virtio_net_hdr without merged buffers */
#define TX_FRAME    16              /* frame offset in a transmit slot's buffer */
#define RX_MAX      64              /* receive buffers */
#define TX_MAX      128             /* transmit slots (two descriptors each): a whole TCP window */
#define TX_WAIT_NS  20000000ull
#define TX_SPIN_NS  1000000ull      /* then yield, not sleep: QEMU sends from another thread at once */
#define PAGE        4096u

struct vq {
    uint16_t index;                 /* queue number */
    uint16_t size;                  /* entries, chosen by the device */
    uint16_t avail_idx;             /* our copy of avail->idx */
    uint16_t last_used;             /* used entries consumed so far */
    volatile struct vring_desc *desc;
    volatile struct vring_avail *avail;
    volatile struct vring_used *used;
    void *ring;                     /* the three parts, ring_bytes long */
    size_t ring_bytes;
    uint8_t *bufs;                  /* one NIC_BUF_SIZE buffer per receive buffer / transmit slot */
    uint32_t bufs_phys;
    size_t bufs_bytes;
};

struct virtio_net {
    struct nic nic;                 /* first: netif->state points at both */
    uint16_t io;
    bool has_status;                /* the link state is reported */
    struct vq rx, tx;               /* rx: receive thread; tx: lwIP core lock */
    unsigned rx_n, tx_n;            /* receive buffers, transmit slots */
    uint16_t tx_free[TX_MAX];       /* stack of free transmit slots */
    unsigned tx_nfree;
    bool tx_busy[TX_MAX];           /* slot handed to the device */
    bool tx_unkicked;               /* frames offered since the last notify (core lock) */
};

static size_t page_round(size_t n) { return (n + PAGE - 1) & ~(size_t)(PAGE - 1); }

/* Legacy layout: descriptors and available ring, then the used ring on the next page. */
static size_t vring_used_offset(uint16_t q) { return page_round(16u * q + 6 + 2u * q); }
static size_t vring_bytes(uint16_t q) { return vring_used_offset(q) + page_round(6 + 8u * q); }

static void vq_notify(struct virtio_net *v, struct vq *q)
{
    nic_barrier();
    if (!(q->used->flags & USED_NO_NOTIFY))
        outw(v->io + VIO_QUEUE_NOTIFY, q->index);
}

/* Offer descriptor chain head to the device. */
static void vq_offer(struct vq *q, uint16_t head)
{
    q->avail->ring[q->avail_idx % q->size] = head;
    nic_barrier();
    q->avail->idx = ++q->avail_idx;
}

/* Allocate queue index with nbufs buffers and tell the device where it is;
 * *count gets how many buffers fit (the device may offer a small queue). */
static const char *vq_setup(struct virtio_net *v, struct vq *q, uint16_t index, unsigned want,
                            unsigned per_buf, unsigned *count)
{
    uint32_t ring_phys;

    outw(v->io + VIO_QUEUE_SEL, index);
    q->index = index;
    q->size = inw(v->io + VIO_QUEUE_NUM);
    if (q->size < per_buf || q->size > 32768 || (q->size & (q->size - 1)))
        return "the device offers an unusable queue";
    *count = q->size / per_buf < want ? q->size / per_buf : want;
    q->ring_bytes = vring_bytes(q->size);
    q->ring = nic_dma_alloc(q->ring_bytes, &ring_phys);
    q->bufs_bytes = *count * NIC_BUF_SIZE;
    q->bufs = nic_dma_alloc(q->bufs_bytes, &q->bufs_phys);
    if (!q->ring || !q->bufs)
        return "out of memory for the queues";
    q->desc = q->ring;
    q->avail = (void *)((uint8_t *)q->ring + 16u * q->size);
    q->used = (void *)((uint8_t *)q->ring + vring_used_offset(q->size));
    outl(v->io + VIO_QUEUE_PFN, ring_phys / PAGE);
    return NULL;
}

static void vq_free(struct vq *q)
{
    nic_dma_free(q->ring, q->ring_bytes);
    nic_dma_free(q->bufs, q->bufs_bytes);
}

/* Every receive buffer goes to the device, one descriptor each. */
static void vnet_rx_fill(struct virtio_net *v)
{
    struct vq *q = &v->rx;

    for (unsigned i = 0; i < v->rx_n; i++) {
        q->desc[i].addr = q->bufs_phys + i * NIC_BUF_SIZE;
        q->desc[i].len = NIC_BUF_SIZE;
        q->desc[i].flags = DESC_WRITE;
        vq_offer(q, (uint16_t)i);
    }
}

/* Chain each slot's header and frame descriptors once; only lengths change later. */
static void vnet_tx_prepare(struct virtio_net *v)
{
    struct vq *q = &v->tx;

    for (unsigned s = 0; s < v->tx_n; s++) {
        uint32_t buf = q->bufs_phys + s * NIC_BUF_SIZE;
        q->desc[2 * s] = (struct vring_desc){ buf, HDR_LEN, DESC_NEXT, (uint16_t)(2 * s + 1) };
        q->desc[2 * s + 1] = (struct vring_desc){ buf + TX_FRAME, 0, 0, 0 };
        v->tx_free[v->tx_nfree++] = (uint16_t)s;
    }
    q->avail->flags = AVAIL_NO_INTERRUPT;
}

static bool vnet_link_up(struct nic *n)
{
    struct virtio_net *v = (struct virtio_net *)n;

    return !v->has_status || (inw(v->io + VIO_NET_STATUS) & NET_LINK_UP);
}

/* Reading the ISR acknowledges.  Further receive interrupts are pointless
 * until the receive thread has drained the ring: low_level_input turns them
 * back on when it finds the ring empty. */
static bool vnet_irq_ack(struct nic *n)
{
    struct virtio_net *v = (struct virtio_net *)n;
    uint8_t isr = inb(v->io + VIO_ISR);

    if (isr == 0 || isr == 0xFF)
        return false;
    v->rx.avail->flags = AVAIL_NO_INTERRUPT;
    return true;
}

/* Is the receive ring empty?  With interrupts off (vnet_irq_ack) it turns
 * them on and looks again: a frame that came in between raised none. */
static bool vnet_rx_empty(struct vq *q)
{
    if (q->last_used != q->used->idx)
        return false;
    if (!(q->avail->flags & AVAIL_NO_INTERRUPT))
        return true;
    q->avail->flags = 0;
    __asm__ volatile("lock; addl $0, (%%esp)" ::: "memory");  /* store before the load */
    return q->last_used == q->used->idx;
}

/* The next good frame from the used ring, or NULL when there is none.
 * Receive thread only.  Each buffer goes back to the device at once; an id
 * the driver never offered is counted and ignored. */
static struct pbuf *low_level_input(struct netif *netif)
{
    struct virtio_net *v = netif->state;
    struct vq *q = &v->rx;

    while (!vnet_rx_empty(q)) {
        nic_barrier();
        volatile struct vring_used_elem *e = &q->used->ring[q->last_used % q->size];
        uint32_t id = e->id, len = e->len;
        struct pbuf *p = NULL;

        q->last_used++;
        if (id >= v->rx_n) {
            nic_count(&v->nic, &v->nic.stats.rx_errors, 1);
            continue;
        }
        if (len < HDR_LEN || len > NIC_BUF_SIZE)
            nic_count(&v->nic, &v->nic.stats.rx_errors, 1);
        else
            p = nic_rx_frame(&v->nic, q->bufs + id * NIC_BUF_SIZE + HDR_LEN, len - HDR_LEN);
        vq_offer(q, (uint16_t)id);
        vq_notify(v, q);
        if (p)
            return p;
    }
    return NULL;
}

/* Take back the slots the device has sent (a slot is freed once, whatever the device says). */
static void vnet_tx_reclaim(struct virtio_net *v)
{
    struct vq *q = &v->tx;

    while (q->last_used != q->used->idx) {
        nic_barrier();
        uint32_t id = q->used->ring[q->last_used % q->size].id;
        q->last_used++;
        if (id % 2 == 0 && id / 2 < v->tx_n && v->tx_busy[id / 2]) {
            v->tx_busy[id / 2] = false;
            v->tx_free[v->tx_nfree++] = (uint16_t)(id / 2);
        }
    }
}

/* Notify the device of every frame offered since the last call. */
static void vnet_tx_kick(struct nic *n)
{
    struct virtio_net *v = (struct virtio_net *)n;

    if (v->tx_unkicked) {
        v->tx_unkicked = false;
        vq_notify(v, &v->tx);
    }
}

/* A free transmit slot, waiting up to TX_WAIT_NS; -1 if none.  The
 * device frees slots soon after a notify, so the first millisecond only
 * yields the CPU; a device that is slower than that gets sleeps. */
static int vnet_tx_slot(struct virtio_net *v)
{
    uint64_t start = 0, now;

    for (;;) {
        vnet_tx_reclaim(v);
        if (v->tx_nfree)
            return v->tx_free[--v->tx_nfree];
        vnet_tx_kick(&v->nic);          /* frames it was not told of never come back */
        now = time_ns();
        if (!start)
            start = now;
        else if (now - start > TX_WAIT_NS)
            return -1;
        if (now - start < TX_SPIN_NS)
            sched_yield();
        else
            sched_sleep_ns(1000000, false);
    }
}

/* Send one frame.  lwIP calls this with its core lock held, which is
 * what serialises transmitters. */
static err_t low_level_output(struct netif *netif, struct pbuf *p)
{
    struct virtio_net *v = netif->state;
    struct vq *q = &v->tx;
    int s = vnet_tx_slot(v);
    size_t len;

    if (s < 0) {
        nic_count(&v->nic, &v->nic.stats.tx_dropped, 1);
        return ERR_MEM;
    }
    len = nic_tx_copy(&v->nic, p, q->bufs + s * NIC_BUF_SIZE + TX_FRAME);
    if (!len) {
        v->tx_free[v->tx_nfree++] = (uint16_t)s;
        return ERR_IF;
    }
    q->desc[2 * s + 1].len = (uint32_t)len;
    v->tx_busy[s] = true;
    vq_offer(q, (uint16_t)(2 * s));
    v->tx_unkicked = true;              /* the notify waits for vnet_tx_kick */
    nic_count_tx(&v->nic, len);
    return ERR_OK;
}

static const struct nic_ops vnet_ops = {
    .irq_ack = vnet_irq_ack,
    .input = low_level_input,
    .link_up = vnet_link_up,
    .output = low_level_output,
    .tx_kick = vnet_tx_kick,
};

/* The device's MAC, or a random locally administered one if it has none. */
static void vnet_read_mac(struct virtio_net *v, bool has_mac)
{
    uint32_t r = LWIP_RAND();

    for (int i = 0; i < 6; i++)
        v->nic.mac[i] = has_mac ? inb(v->io + VIO_NET_MAC + i) : (uint8_t)(r >> (i * 5));
    if (!has_mac)
        v->nic.mac[0] = (v->nic.mac[0] & 0xFE) | 0x02;
}

/* The legacy start-up sequence: reset, acknowledge, features, queues, go. */
static const char *low_level_init(struct netif *netif)
{
    struct virtio_net *v = netif->state;
    struct pci_bar *bar = &v->nic.pci->bar[0];
    uint32_t features;
    const char *why;

    if (!bar->io || !bar->base || bar->size < 0x20)
        return "BAR 0 is not the legacy register ports";
    pci_enable(v->nic.pci);             /* port decoding and bus mastering (DMA) */
    v->io = (uint16_t)bar->base;
    outb(v->io + VIO_STATUS, 0);
    outb(v->io + VIO_STATUS, STATUS_ACK | STATUS_DRIVER);
    features = inl(v->io + VIO_HOST_FEATURES) & (F_MAC | F_STATUS);
    outl(v->io + VIO_GUEST_FEATURES, features);
    v->has_status = features & F_STATUS;
    vnet_read_mac(v, features & F_MAC);
    if ((why = vq_setup(v, &v->rx, 0, RX_MAX, 1, &v->rx_n)) ||
        (why = vq_setup(v, &v->tx, 1, TX_MAX, 2, &v->tx_n)))
        return why;
    vnet_rx_fill(v);
    vnet_tx_prepare(v);
    nic_netif_setup(&v->nic, vnet_link_up(&v->nic));
    if (nic_start(&v->nic) < 0)
        return "cannot start the receive thread";
    outb(v->io + VIO_STATUS, STATUS_ACK | STATUS_DRIVER | STATUS_DRIVER_OK);
    vq_notify(v, &v->rx);
    return NULL;
}

err_t virtio_net_if_init(struct netif *netif)
{
    struct pci_dev *pci = netif->state;
    struct virtio_net *v = kzalloc(sizeof(*v));
    const char *why;

    if (!v)
        return ERR_MEM;
    nic_init(&v->nic, "virtio-net", &vnet_ops, pci, netif);
    netif->state = v;
    why = low_level_init(netif);
    if (!why)
        return ERR_OK;
    kprintf("net", "virtio-net at %02x:%02x.%x: %s\n", pci->bus, pci->slot, pci->func, why);
    if (v->io) {
        outb(v->io + VIO_STATUS, STATUS_FAILED);
        outb(v->io + VIO_STATUS, 0);    /* reset: the device lets go of the queues */
    }
    vq_free(&v->rx);
    vq_free(&v->tx);
    kfree(v);
    netif->state = pci;
    return ERR_IF;
}
