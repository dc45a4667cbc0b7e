/*
 * Intel 8254x (e1000) driver, shaped like an lwIP port driver:
 * low_level_init brings the device up, low_level_output queues one frame,
 * low_level_input takes one from the receive ring, e1000_if_init is the
 * netif init callback.  Registers are memory mapped (BAR 0); both rings
 * use legacy descriptors in one physically contiguous DMA block with a
 * 2 KiB buffer per descriptor.  Large frames are sent in place from the
 * pbuf (a descriptor per physical piece), small ones through the slot's
 * buffer.  The common receive thread and interrupt
 * dispatch live in drivers/net/nic.c.
 *
 * QEMU's e1000 refuses frames for about a second after every RCTL write
 * (see NOTES.md), so RCTL is written exactly once, last.
 */
#include "drivers/net/e1000.h"
#include "drivers/net/nic.h"
#include "drivers/pci.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kheap.h"
#include "kernel/mm/vm.h"
#include "lwip/pbuf.h"

/* Registers (byte offsets into BAR 0) */
#define REG_CTRL    0x0000
#define REG_STATUS  0x0008
#define REG_EERD    0x0014
#define REG_ICR     0x00C0          /* reading clears */
#define REG_IMS     0x00D0
#define REG_IMC     0x00D8
#define REG_RCTL    0x0100
#define REG_TCTL    0x0400
#define REG_TIPG    0x0410
#define REG_RDBAL   0x2800
#define REG_RDBAH   0x2804
#define REG_RDLEN   0x2808
#define REG_RDH     0x2810
#define REG_RDT     0x2818
#define REG_RDTR    0x2820
#define REG_TDBAL   0x3800
#define REG_TDBAH   0x3804
#define REG_TDLEN   0x3808
#define REG_TDH     0x3810
#define REG_TDT     0x3818
#define REG_CRCERRS 0x4000          /* statistics, all cleared by reading: */
#define REG_RXERRC  0x400C          /*   receive errors */
#define REG_MPC     0x4010          /*   missed packets: no descriptor free */
#define REG_RUC     0x40A4          /*   undersize */
#define REG_ROC     0x40AC          /*   oversize (refused: LPE is off) */
#define REG_MTA     0x5200          /* 128 words of multicast hash */
#define REG_RAL0    0x5400
#define REG_RAH0    0x5404

#define CTRL_ASDE   (1u << 5)
#define CTRL_SLU    (1u << 6)
#define CTRL_RST    (1u << 26)
#define CTRL_LRST   (1u << 3)
#define CTRL_VME    (1u << 30)
#define CTRL_PHY_RST (1u << 31)
#define STATUS_LU   (1u << 1)
#define RAH_AV      (1u << 31)
#define EERD_START  (1u << 0)
#define EERD_DONE   (1u << 4)

#define ICR_LSC     (1u << 2)       /* link status change */
#define ICR_RXSEQ   (1u << 3)
#define ICR_RXDMT0  (1u << 4)       /* receive ring running low */
#define ICR_RXO     (1u << 6)       /* receive overrun */
#define ICR_RXT0    (1u << 7)       /* frame received */

#define RCTL_EN     (1u << 1)
#define RCTL_MPE    (1u << 4)       /* all multicast: lwIP's IGMP sets no filter */
#define RCTL_BAM    (1u << 15)      /* broadcast */
#define RCTL_SECRC  (1u << 26)      /* strip the FCS */
/* BSIZE 00 with BSEX 0: 2048-byte buffers; LPE off: longer frames are refused */

#define TCTL_EN     (1u << 1)
#define TCTL_PSP    (1u << 3)       /* pad short packets */
#define TCTL_CT     (0x0Fu << 4)
#define TCTL_COLD   (0x40u << 12)   /* full duplex */
#define TIPG_82540  (10u | (8u << 10) | (6u << 20))

struct rx_desc {
    uint64_t addr;
    uint16_t length;
    uint16_t csum;
    uint8_t status;
    uint8_t errors;
    uint16_t special;
} __attribute__((packed));

struct tx_desc {
    uint64_t addr;
    uint16_t length;
    uint8_t cso;
    uint8_t cmd;
    uint8_t status;
    uint8_t css;
    uint16_t special;
} __attribute__((packed));

#define RXD_DD      (1u << 0)
#define RXD_EOP     (1u << 1)
#define RXD_ERR_MASK 0x97           /* CE, SE, SEQ, CXE, RXE: the frame is bad */
#define TXD_EOP     (1u << 0)
#define TXD_IFCS    (1u << 1)
#define TXD_RS      (1u << 3)
#define TXD_DD      (1u << 0)

#define RX_COUNT    64              /* ring lengths: multiples of 8 (128-byte units) */
#define TX_COUNT    64
#define TX_KICK_AT  32              /* queued descriptors that ring the doorbell at once */
#define TX_ZC_MIN   256             /* shorter frames are copied (and padded) */
#define TX_ZC_DESC  6               /* descriptors one frame may take without a copy */
#define RING_BYTES  4096            /* both rings fit in the first page */
#define DMA_BYTES   (RING_BYTES + (RX_COUNT + TX_COUNT) * NIC_BUF_SIZE)
#define TX_WAIT_NS  20000000ull     /* give up on a busy transmit slot after this */

struct e1000 {
    struct nic nic;                 /* first: netif->state points at both */
    volatile uint8_t *regs;
    uint32_t regs_size;
    uint8_t *dma;                   /* rings, then rx buffers, then tx buffers */
    uint32_t dma_phys;
    volatile struct rx_desc *rx;
    volatile struct tx_desc *tx;
    unsigned rx_next;               /* next rx descriptor the device fills (rx thread) */
    unsigned rx_returned;           /* descriptors taken but not yet given back through RDT */
    unsigned tx_next;               /* next tx descriptor to use (lwIP core lock) */
    unsigned tx_unkicked;           /* descriptors filled since the last TDT write (core lock) */
    struct pbuf *tx_pbuf[TX_COUNT]; /* frame sent in place from this slot, held until done */
    unsigned tx_held;               /* how many of those */
    bool rx_discard;                /* dropping the pieces of a too-long frame */
};

static uint32_t rd32(struct e1000 *e, uint32_t reg)
{
    return *(volatile uint32_t *)(e->regs + reg);
}

static void wr32(struct e1000 *e, uint32_t reg, uint32_t v)
{
    *(volatile uint32_t *)(e->regs + reg) = v;
}

static uint8_t *rx_buf(struct e1000 *e, unsigned i) { return e->dma + RING_BYTES + i * NIC_BUF_SIZE; }
static uint8_t *tx_buf(struct e1000 *e, unsigned i) { return rx_buf(e, RX_COUNT + i); }
static uint32_t dma_phys(struct e1000 *e, void *va) { return e->dma_phys + (uint32_t)((uint8_t *)va - e->dma); }

/* Reset the MAC, then turn the link on; false if the reset never ends. */
static bool e1000_reset(struct e1000 *e)
{
    uint64_t deadline;

    wr32(e, REG_IMC, 0xFFFFFFFF);
    wr32(e, REG_CTRL, rd32(e, REG_CTRL) | CTRL_RST);
    deadline = time_ns() + 100000000ull;
    while (rd32(e, REG_CTRL) & CTRL_RST)
        if (time_ns() > deadline)
            return false;
    wr32(e, REG_IMC, 0xFFFFFFFF);
    (void)rd32(e, REG_ICR);
    wr32(e, REG_CTRL, (rd32(e, REG_CTRL) | CTRL_SLU | CTRL_ASDE) &
                      ~(CTRL_LRST | CTRL_PHY_RST | CTRL_VME));
    return true;
}

/* One EEPROM word through EERD; 0xFFFF if the read never completes. */
static uint16_t eeprom_read(struct e1000 *e, uint8_t word)
{
    wr32(e, REG_EERD, ((uint32_t)word << 8) | EERD_START);
    for (int i = 0; i < 100000; i++) {
        uint32_t v = rd32(e, REG_EERD);
        if (v & EERD_DONE)
            return (uint16_t)(v >> 16);
    }
    return 0xFFFF;
}

/* The MAC from receive address 0 (loaded from the EEPROM at reset), else
 * from the EEPROM itself; either way written back as the unicast filter. */
static void e1000_read_mac(struct e1000 *e)
{
    uint32_t lo = rd32(e, REG_RAL0), hi = rd32(e, REG_RAH0);
    uint8_t *m = e->nic.mac;

    if (hi & RAH_AV) {
        for (int i = 0; i < 4; i++)
            m[i] = (uint8_t)(lo >> (8 * i));
        m[4] = (uint8_t)hi;
        m[5] = (uint8_t)(hi >> 8);
    } else {
        for (int i = 0; i < 3; i++) {
            uint16_t w = eeprom_read(e, (uint8_t)i);
            m[2 * i] = (uint8_t)w;
            m[2 * i + 1] = (uint8_t)(w >> 8);
        }
    }
    wr32(e, REG_RAL0, m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24);
    wr32(e, REG_RAH0, m[4] | m[5] << 8 | RAH_AV);
}

static void e1000_rx_init(struct e1000 *e)
{
    for (unsigned i = 0; i < RX_COUNT; i++)
        e->rx[i].addr = dma_phys(e, rx_buf(e, i));
    wr32(e, REG_RDBAL, dma_phys(e, (void *)e->rx));
    wr32(e, REG_RDBAH, 0);
    wr32(e, REG_RDLEN, RX_COUNT * sizeof(struct rx_desc));
    wr32(e, REG_RDH, 0);
    wr32(e, REG_RDT, RX_COUNT - 1);     /* one slot stays empty: head == tail means full */
    wr32(e, REG_RDTR, 0);               /* interrupt at once, no delay timer */
    e->rx_next = 0;
}

static void e1000_tx_init(struct e1000 *e)
{
    for (unsigned i = 0; i < TX_COUNT; i++) {
        e->tx[i].addr = dma_phys(e, tx_buf(e, i));
        e->tx[i].status = TXD_DD;       /* free */
    }
    wr32(e, REG_TDBAL, dma_phys(e, (void *)e->tx));
    wr32(e, REG_TDBAH, 0);
    wr32(e, REG_TDLEN, TX_COUNT * sizeof(struct tx_desc));
    wr32(e, REG_TDH, 0);
    wr32(e, REG_TDT, 0);
    wr32(e, REG_TIPG, TIPG_82540);
    wr32(e, REG_TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
    e->tx_next = 0;
}

static bool e1000_link_up(struct nic *n)
{
    struct e1000 *e = (struct e1000 *)n;

    /* Frames the MAC refused never reach a descriptor; its counters know. */
    nic_count(n, &n->stats.rx_dropped, rd32(e, REG_MPC));
    nic_count(n, &n->stats.rx_errors, rd32(e, REG_CRCERRS) + rd32(e, REG_RXERRC) +
                                      rd32(e, REG_RUC) + rd32(e, REG_ROC));
    return rd32(e, REG_STATUS) & STATUS_LU;
}

static bool e1000_irq_ack(struct nic *n)
{
    uint32_t icr = rd32((struct e1000 *)n, REG_ICR);   /* reading acknowledges */

    return icr != 0 && icr != 0xFFFFFFFF;
}

/* Judge one completed descriptor; the frame as a pbuf, or NULL (counted). */
static struct pbuf *e1000_rx_take(struct e1000 *e, unsigned i)
{
    volatile struct rx_desc *d = &e->rx[i];
    uint8_t status = d->status, errors = d->errors;
    uint16_t len = d->length;

    if (!(status & RXD_EOP)) {          /* longer than a buffer: drop every piece */
        if (!e->rx_discard)
            nic_count(&e->nic, &e->nic.stats.rx_errors, 1);
        e->rx_discard = true;
        return NULL;
    }
    if (e->rx_discard) {                /* the last piece of such a frame */
        e->rx_discard = false;
        return NULL;
    }
    if (errors & RXD_ERR_MASK) {
        nic_count(&e->nic, &e->nic.stats.rx_errors, 1);
        return NULL;
    }
    return nic_rx_frame(&e->nic, rx_buf(e, i), len);
}

#define RX_RETURN_BATCH 16          /* descriptors handed back per RDT write */

/* Hand the descriptors taken so far back to the device: one register write
 * (an expensive exit under emulation) for a batch instead of one per frame. */
static void e1000_rx_return(struct e1000 *e)
{
    if (!e->rx_returned)
        return;
    nic_barrier();
    wr32(e, REG_RDT, (e->rx_next + RX_COUNT - 1) % RX_COUNT);
    e->rx_returned = 0;
}

/* The next good frame from the receive ring, or NULL when it is empty.
 * Receive thread only.  Descriptors go back to the device in batches,
 * and all of them whenever the ring is found empty. */
static struct pbuf *low_level_input(struct netif *netif)
{
    struct e1000 *e = netif->state;

    for (;;) {
        unsigned i = e->rx_next;
        if (!(e->rx[i].status & RXD_DD)) {
            e1000_rx_return(e);
            return NULL;
        }
        nic_barrier();
        struct pbuf *p = e1000_rx_take(e, i);
        e->rx[i].status = 0;
        e->rx_next = (i + 1) % RX_COUNT;
        if (++e->rx_returned >= RX_RETURN_BATCH)
            e1000_rx_return(e);
        if (p)
            return p;
    }
}

/* Let go of the frames the device has finished sending in place. */
static void e1000_tx_reclaim(struct e1000 *e)
{
    for (unsigned i = 0; e->tx_held && i < TX_COUNT; i++) {
        if (e->tx_pbuf[i] && (e->tx[i].status & TXD_DD)) {
            pbuf_free(e->tx_pbuf[i]);
            e->tx_pbuf[i] = NULL;
            e->tx_held--;
        }
    }
}

/* Tell the device about every descriptor filled since the last call: one
 * TDT write (QEMU sends the whole batch inside it); then free what it is
 * done with.  Frames still held keep the kick due, so the next release of
 * the core lock looks again (lwIP will not resend a segment we hold). */
static void e1000_tx_kick(struct nic *n)
{
    struct e1000 *e = (struct e1000 *)n;

    if (e->tx_unkicked) {
        nic_barrier();
        wr32(e, REG_TDT, e->tx_next);
        e->tx_unkicked = 0;
    }
    e1000_tx_reclaim(e);
    if (e->tx_held)
        n->tx_queued = true;
}

/* Wait (briefly) for the device to finish with transmit slot i, then free
 * the frame it may still hold. */
static bool e1000_tx_take_slot(struct e1000 *e, unsigned i)
{
    uint64_t deadline = 0;

    if (!(e->tx[i].status & TXD_DD))
        e1000_tx_kick(&e->nic);         /* it cannot finish what it was not told of */
    while (!(e->tx[i].status & TXD_DD)) {
        if (!deadline)
            deadline = time_ns() + TX_WAIT_NS;
        else if (time_ns() > deadline)
            return false;
    }
    if (e->tx_pbuf[i]) {
        pbuf_free(e->tx_pbuf[i]);
        e->tx_pbuf[i] = NULL;
        e->tx_held--;
    }
    return true;
}

/* Fill the next descriptor; the doorbell waits for e1000_tx_kick unless
 * many descriptors wait already. */
static void tx_fill(struct e1000 *e, uint32_t pa, uint16_t len, bool last)
{
    unsigned i = e->tx_next;

    e->tx[i].addr = pa;
    e->tx[i].length = len;
    e->tx[i].cmd = TXD_IFCS | TXD_RS | (last ? TXD_EOP : 0);   /* RS: every slot reports done */
    e->tx[i].status = 0;
    e->tx_next = (i + 1) % TX_COUNT;
    if (++e->tx_unkicked >= TX_KICK_AT)
        e1000_tx_kick(&e->nic);
}

/* The physical pieces of a pbuf chain (heap memory is contiguous only
 * within a page); their number, or 0 if more than max or not mapped. */
static int tx_pieces(struct pbuf *p, uint32_t *pa, uint16_t *len, int max)
{
    int n = 0;

    for (struct pbuf *q = p; q; q = q->next) {
        uint32_t va = (uint32_t)q->payload, left = q->len, phys;
        while (left) {
            uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
            if (chunk > left)
                chunk = left;
            if (!vm_ktranslate(va, &phys))
                return 0;
            if (n > 0 && pa[n - 1] + len[n - 1] == phys) {
                len[n - 1] = (uint16_t)(len[n - 1] + chunk);    /* runs on in memory */
            } else {
                if (n == max)
                    return 0;
                pa[n] = phys;
                len[n++] = (uint16_t)chunk;
            }
            va += chunk;
            left -= chunk;
        }
    }
    return n;
}

/* Queue one frame.  A large one is sent in place, from the pbuf's own
 * memory (held until the device is done: no copy of every data segment);
 * a short one, or one in too many pieces, is copied into the slot's own
 * buffer.  lwIP calls this with its core lock held, which is what
 * serialises transmitters. */
static err_t low_level_output(struct netif *netif, struct pbuf *p)
{
    struct e1000 *e = netif->state;
    uint32_t pa[TX_ZC_DESC];
    uint16_t len[TX_ZC_DESC];
    int n = p->tot_len >= TX_ZC_MIN && p->tot_len <= NIC_FRAME_MAX ?
            tx_pieces(p, pa, len, TX_ZC_DESC) : 0;
    size_t bytes;

    for (int k = 0; k < (n ? n : 1); k++) {
        if (!e1000_tx_take_slot(e, (e->tx_next + k) % TX_COUNT)) {
            nic_count(&e->nic, &e->nic.stats.tx_dropped, 1);
            return ERR_MEM;
        }
    }
    if (n) {
        unsigned last = (e->tx_next + n - 1) % TX_COUNT;
        pbuf_ref(p);
        e->tx_pbuf[last] = p;           /* freed once the last piece is done */
        e->tx_held++;
        for (int k = 0; k < n; k++)
            tx_fill(e, pa[k], len[k], k == n - 1);
        nic_count_tx(&e->nic, p->tot_len);
        return ERR_OK;
    }
    bytes = nic_tx_copy(&e->nic, p, tx_buf(e, e->tx_next));
    if (!bytes)
        return ERR_IF;
    tx_fill(e, dma_phys(e, tx_buf(e, e->tx_next)), (uint16_t)bytes, true);
    nic_count_tx(&e->nic, bytes);
    return ERR_OK;
}

static const struct nic_ops e1000_ops = {
    .irq_ack = e1000_irq_ack,
    .input = low_level_input,
    .link_up = e1000_link_up,
    .output = low_level_output,
    .tx_kick = e1000_tx_kick,
};

/* Map the registers, reset, and set up the rings; 0 or a reason. */
static const char *low_level_init(struct netif *netif)
{
    struct e1000 *e = netif->state;
    struct pci_bar *bar = &e->nic.pci->bar[0];

    if (bar->io || !bar->base || bar->size < 0x6000)
        return "BAR 0 is not the register window";
    pci_enable(e->nic.pci);             /* memory decoding and bus mastering (DMA) */
    e->regs_size = bar->size > 0x20000 ? 0x20000 : bar->size;
    e->regs = kvmap_mmio(bar->base, e->regs_size);
    if (!e->regs)
        return "cannot map the registers";
    if (!e1000_reset(e))
        return "reset did not finish";
    e1000_read_mac(e);
    for (int i = 0; i < 128; i++)
        wr32(e, REG_MTA + 4 * i, 0);
    e->dma = nic_dma_alloc(DMA_BYTES, &e->dma_phys);
    if (!e->dma)
        return "out of memory for the rings";
    e->rx = (volatile struct rx_desc *)e->dma;
    e->tx = (volatile struct tx_desc *)(e->dma + RX_COUNT * sizeof(struct rx_desc));
    e1000_rx_init(e);
    e1000_tx_init(e);
    nic_netif_setup(&e->nic, rd32(e, REG_STATUS) & STATUS_LU);
    if (nic_start(&e->nic) < 0)
        return "cannot start the receive thread";
    wr32(e, REG_IMS, ICR_LSC | ICR_RXSEQ | ICR_RXDMT0 | ICR_RXO | ICR_RXT0);
    wr32(e, REG_RCTL, RCTL_EN | RCTL_MPE | RCTL_BAM | RCTL_SECRC);   /* the one write */
    return NULL;
}

err_t e1000_if_init(struct netif *netif)
{
    struct pci_dev *pci = netif->state;
    struct e1000 *e = kzalloc(sizeof(*e));
    const char *why;

    if (!e)
        return ERR_MEM;
    nic_init(&e->nic, "e1000", &e1000_ops, pci, netif);
    netif->state = e;
    why = low_level_init(netif);
    if (!why)
        return ERR_OK;
    kprintf("net", "e1000 at %02x:%02x.%x: %s\n", pci->bus, pci->slot, pci->func, why);
    if (e->regs) {
        wr32(e, REG_IMC, 0xFFFFFFFF);
        wr32(e, REG_CTRL, CTRL_RST);    /* stop any DMA before the memory goes */
        kvmap_unmap_mmio((void *)e->regs, e->regs_size);
    }
    nic_dma_free(e->dma, DMA_BYTES);
    kfree(e);
    netif->state = pci;
    return ERR_IF;
}
