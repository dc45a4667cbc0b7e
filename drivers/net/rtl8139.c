/*
 * Realtek RTL8139 driver, shaped like an lwIP port driver (low_level_init,
 * low_level_output, low_level_input, rtl8139_if_init).  Registers are I/O
 * ports (BAR 0).  The chip receives into one 32 KiB ring of packets, each
 * behind a 4-byte header (status, length with FCS), and sends from four
 * fixed buffers.  The receive ring is used without the WRAP bit, so a
 * frame may wrap around its end; the driver copies such a frame out in
 * two pieces rather than letting the chip (or QEMU, which honours WRAP for
 * frames of any size) write past the ring.  Memory past the ring is still
 * reserved: see RX_BYTES.  The common receive thread and
 * interrupt dispatch live in drivers/net/nic.c.
 */
#include "drivers/net/rtl8139.h"
#include "drivers/net/nic.h"
#include "drivers/pci.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kheap.h"
#include "lwip/pbuf.h"

/* Registers (port offsets) */
#define REG_IDR0    0x00            /* MAC address, 6 bytes */
#define REG_MAR0    0x08            /* multicast filter, 8 bytes */
#define REG_TSD0    0x10            /* transmit status, 4 x 32 bits */
#define REG_TSAD0   0x20            /* transmit buffer address, 4 x 32 bits */
#define REG_RBSTART 0x30
#define REG_CR      0x37
#define REG_CAPR    0x38            /* where the driver has read up to, minus 16 */
#define REG_CBR     0x3A            /* where the chip writes next */
#define REG_IMR     0x3C
#define REG_ISR     0x3E            /* write 1s to acknowledge */
#define REG_TCR     0x40
#define REG_RCR     0x44
#define REG_CONFIG1 0x52
#define REG_MSR     0x58

#define CR_BUFE     0x01            /* receive ring empty */
#define CR_TE       0x04
#define CR_RE       0x08
#define CR_RST      0x10
#define MSR_LINKB   0x04            /* set: link down */

#define INT_ROK     0x0001
#define INT_RER     0x0002
#define INT_TER     0x0008
#define INT_RXOVW   0x0010
#define INT_LINK    0x0020          /* packet underrun / link change */
#define INT_FOVW    0x0040
#define INT_MASK    (INT_ROK | INT_RER | INT_TER | INT_RXOVW | INT_LINK | INT_FOVW)

#define RCR_APM     (1u << 1)       /* our MAC */
#define RCR_AM      (1u << 2)       /* multicast */
#define RCR_AB      (1u << 3)       /* broadcast */
#define RCR_MXDMA   (7u << 8)       /* unlimited DMA burst */
#define RCR_RBLEN32 (2u << 11)      /* 32 KiB + 16 ring */
#define RCR_RXFTH   (7u << 13)      /* DMA whole frames */
#define TCR_MXDMA   (7u << 8)       /* 2 KiB DMA burst */
#define TCR_IFG     (3u << 24)      /* standard inter-frame gap */

#define TSD_OWN     (1u << 13)      /* set: the chip is done with the buffer */
#define TSD_TUN     (1u << 14)
#define TSD_TABT    (1u << 30)
#define TSD_ERTXTH  (8u << 16)      /* start sending after 8 x 32 bytes are in the FIFO */

#define RXS_ROK     0x0001
#define RX_EARLY    0xFFF0          /* header length while the chip still copies */

/* The chip may touch 16 bytes past the ring.  QEMU's rtl8139 may write far
 * more: for a frame over 32 KiB (a junk datagram on a socket segment) its
 * wrap-around arithmetic writes up to 64 KiB from the ring's start, so the
 * ring gets that much memory (measured: a 65000-byte frame otherwise
 * overwrote a kernel stack). */
#define RX_LEN      32768
#define RX_BYTES    (2 * RX_LEN + 16)
#define TX_COUNT    4
#define TX_OFFSET   (17 * 4096)     /* transmit buffers start on the page after the ring */
#define DMA_BYTES   (TX_OFFSET + TX_COUNT * NIC_BUF_SIZE)
#define TX_WAIT_NS  20000000ull

_Static_assert(TX_OFFSET >= RX_BYTES, "transmit buffers overlap the receive ring");

struct rtl8139 {
    struct nic nic;                 /* first: netif->state points at both */
    uint16_t io;
    uint8_t *dma;                   /* receive ring, then transmit buffers */
    uint32_t dma_phys;
    unsigned rx_off;                /* next header in the ring (receive thread) */
    unsigned tx_next;               /* next transmit buffer (lwIP core lock) */
    uint8_t bounce[NIC_FRAME_MAX];  /* a frame that wraps, made contiguous */
};

static uint8_t *tx_buf(struct rtl8139 *r, unsigned i) { return r->dma + TX_OFFSET + i * NIC_BUF_SIZE; }

static bool rtl_reset(struct rtl8139 *r)
{
    uint64_t deadline = time_ns() + 100000000ull;

    outb(r->io + REG_CONFIG1, 0);   /* out of low-power mode */
    outb(r->io + REG_CR, CR_RST);
    while (inb(r->io + REG_CR) & CR_RST)
        if (time_ns() > deadline)
            return false;
    return true;
}

static bool rtl_link_up(struct nic *n)
{
    return !(inb(((struct rtl8139 *)n)->io + REG_MSR) & MSR_LINKB);
}

static bool rtl_irq_ack(struct nic *n)
{
    uint16_t io = ((struct rtl8139 *)n)->io;
    uint16_t isr = inw(io + REG_ISR);

    if (isr == 0 || isr == 0xFFFF)
        return false;
    outw(io + REG_ISR, isr);
    return true;
}

/* The header makes no sense: skip everything the chip has written. */
static void rtl_rx_resync(struct rtl8139 *r)
{
    nic_count(&r->nic, &r->nic.stats.rx_errors, 1);
    r->rx_off = (inw(r->io + REG_CBR) % RX_LEN) & ~3u;
    outw(r->io + REG_CAPR, (uint16_t)(r->rx_off - 16));
}

/* Copy out the frame of flen bytes behind the current header. */
static struct pbuf *rtl_rx_take(struct rtl8139 *r, unsigned flen)
{
    unsigned start = (r->rx_off + 4) % RX_LEN, first;

    if (flen < NIC_FRAME_MIN || flen > NIC_FRAME_MAX) {
        nic_count(&r->nic, &r->nic.stats.rx_errors, 1);
        return NULL;
    }
    if (start + flen <= RX_LEN)
        return nic_rx_frame(&r->nic, r->dma + start, flen);
    first = RX_LEN - start;
    memcpy(r->bounce, r->dma + start, first);
    memcpy(r->bounce + first, r->dma, flen - first);
    return nic_rx_frame(&r->nic, r->bounce, flen);
}

/* The next good frame from the ring, or NULL when it is empty.  Receive
 * thread only.  The space goes back to the chip (CAPR) frame by frame. */
static struct pbuf *low_level_input(struct netif *netif)
{
    struct rtl8139 *r = netif->state;

    while (!(inb(r->io + REG_CR) & CR_BUFE)) {
        const uint8_t *h = r->dma + r->rx_off;     /* 4-aligned: never wraps */
        unsigned status = h[0] | h[1] << 8, len = h[2] | h[3] << 8;

        if (len == RX_EARLY)
            return NULL;                /* still arriving: its interrupt follows */
        if (!(status & RXS_ROK) || len < 4 || len > RX_LEN / 2) {
            rtl_rx_resync(r);       /* the next interrupt resumes from there */
            return NULL;
        }
        nic_barrier();
        struct pbuf *p = rtl_rx_take(r, len - 4);
        r->rx_off = ((r->rx_off + len + 4 + 3) & ~3u) % RX_LEN;
        outw(r->io + REG_CAPR, (uint16_t)(r->rx_off - 16));
        if (p)
            return p;
    }
    return NULL;
}

/* Wait (briefly) until the chip is done with transmit buffer i. */
static bool rtl_tx_slot_free(struct rtl8139 *r, unsigned i)
{
    uint64_t deadline = 0;
    uint32_t tsd;

    while (!((tsd = inl(r->io + REG_TSD0 + 4 * i)) & TSD_OWN)) {
        if (!deadline)
            deadline = time_ns() + TX_WAIT_NS;
        else if (time_ns() > deadline)
            return false;
    }
    if (tsd & (TSD_TUN | TSD_TABT))     /* the last frame from this buffer failed */
        nic_count(&r->nic, &r->nic.stats.tx_errors, 1);
    return true;
}

/* Send one frame through the next of the four buffers.  lwIP calls this
 * with its core lock held, which is what serialises transmitters. */
static err_t low_level_output(struct netif *netif, struct pbuf *p)
{
    struct rtl8139 *r = netif->state;
    unsigned i = r->tx_next;
    size_t len;

    if (!rtl_tx_slot_free(r, i)) {
        nic_count(&r->nic, &r->nic.stats.tx_dropped, 1);
        return ERR_MEM;
    }
    len = nic_tx_copy(&r->nic, p, tx_buf(r, i));
    if (!len)
        return ERR_IF;
    nic_barrier();
    outl(r->io + REG_TSD0 + 4 * i, TSD_ERTXTH | (uint32_t)len);   /* clears OWN: send */
    r->tx_next = (i + 1) % TX_COUNT;
    nic_count_tx(&r->nic, len);
    return ERR_OK;
}

static const struct nic_ops rtl_ops = {
    .irq_ack = rtl_irq_ack,
    .input = low_level_input,
    .link_up = rtl_link_up,
    .output = low_level_output,         /* each frame starts at once: no tx_kick */
};

/* Program the receiver and transmitter (the order Realtek asks for:
 * enable first, then configure). */
static void rtl_start_rxtx(struct rtl8139 *r)
{
    outb(r->io + REG_CR, CR_RE | CR_TE);
    outl(r->io + REG_RCR, RCR_APM | RCR_AM | RCR_AB | RCR_MXDMA | RCR_RBLEN32 | RCR_RXFTH);
    outl(r->io + REG_TCR, TCR_MXDMA | TCR_IFG);
    outl(r->io + REG_RBSTART, r->dma_phys);
    for (unsigned i = 0; i < TX_COUNT; i++)
        outl(r->io + REG_TSAD0 + 4 * i, r->dma_phys + TX_OFFSET + i * NIC_BUF_SIZE);
    outl(r->io + REG_MAR0, 0xFFFFFFFF);     /* all multicast: IGMP sets no filter */
    outl(r->io + REG_MAR0 + 4, 0xFFFFFFFF);
    r->rx_off = 0;
}

/* Reset, read the MAC, set up the buffers; NULL or the reason it failed. */
static const char *low_level_init(struct netif *netif)
{
    struct rtl8139 *r = netif->state;
    struct pci_bar *bar = &r->nic.pci->bar[0];

    if (!bar->io || !bar->base || bar->size < 0x80)
        return "BAR 0 is not the register ports";
    pci_enable(r->nic.pci);             /* port decoding and bus mastering (DMA) */
    r->io = (uint16_t)bar->base;
    if (!rtl_reset(r))
        return "reset did not finish";
    for (int i = 0; i < 6; i++)
        r->nic.mac[i] = inb(r->io + REG_IDR0 + i);
    r->dma = nic_dma_alloc(DMA_BYTES, &r->dma_phys);
    if (!r->dma)
        return "out of memory for the buffers";
    rtl_start_rxtx(r);
    nic_netif_setup(&r->nic, rtl_link_up(&r->nic));
    if (nic_start(&r->nic) < 0)
        return "cannot start the receive thread";
    outw(r->io + REG_ISR, 0xFFFF);
    outw(r->io + REG_IMR, INT_MASK);
    return NULL;
}

err_t rtl8139_if_init(struct netif *netif)
{
    struct pci_dev *pci = netif->state;
    struct rtl8139 *r = kzalloc(sizeof(*r));
    const char *why;

    if (!r)
        return ERR_MEM;
    nic_init(&r->nic, "rtl8139", &rtl_ops, pci, netif);
    netif->state = r;
    why = low_level_init(netif);
    if (!why)
        return ERR_OK;
    kprintf("net", "rtl8139 at %02x:%02x.%x: %s\n", pci->bus, pci->slot, pci->func, why);
    if (r->io) {
        outw(r->io + REG_IMR, 0);
        outb(r->io + REG_CR, CR_RST);   /* stop any DMA before the memory goes */
    }
    nic_dma_free(r->dma, DMA_BYTES);
    kfree(r);
    netif->state = pci;
    return ERR_IF;
}
