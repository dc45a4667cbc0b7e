/*
 * PCI enumeration.  Every bus, slot and function is probed through
 * configuration mechanism 1; functions that answer are recorded with their
 * ids, class, interrupt line and BARs (sized by the usual write-ones
 * probe).  /proc/pci prints the table in an lspci-like format.
 */
#include "drivers/pci.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/arch.h"
#include "kernel/log.h"
#include "kernel/fs/procfs.h"

#define CONFIG_ADDR 0xCF8
#define CONFIG_DATA 0xCFC

static struct pci_dev devs[PCI_MAX_DEVICES];
static int ndevs;

static uint32_t cfg_addr(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
    return 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 | (uint32_t)func << 8 | (off & 0xFC);
}

static uint32_t cfg_read(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
    uint32_t v;

    pushcli();
    outl(CONFIG_ADDR, cfg_addr(bus, slot, func, off));
    v = inl(CONFIG_DATA);
    popcli();
    return v;
}

static void cfg_write(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off, uint32_t v)
{
    pushcli();
    outl(CONFIG_ADDR, cfg_addr(bus, slot, func, off));
    outl(CONFIG_DATA, v);
    popcli();
}

uint32_t pci_read32(const struct pci_dev *d, uint8_t off) { return cfg_read(d->bus, d->slot, d->func, off); }
uint16_t pci_read16(const struct pci_dev *d, uint8_t off) { return (uint16_t)(pci_read32(d, off) >> ((off & 2) * 8)); }
uint8_t pci_read8(const struct pci_dev *d, uint8_t off) { return (uint8_t)(pci_read32(d, off) >> ((off & 3) * 8)); }
void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v) { cfg_write(d->bus, d->slot, d->func, off, v); }

void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v)
{
    uint32_t old = pci_read32(d, off & 0xFC);
    unsigned shift = (off & 2) * 8;

    pci_write32(d, off & 0xFC, (old & ~(0xFFFFu << shift)) | (uint32_t)v << shift);
}

void pci_enable(const struct pci_dev *d)
{
    pci_write16(d, 0x04, pci_read16(d, 0x04) | 0x7);   /* I/O, memory, bus master */
}

/* Size a BAR: write all ones, read back the mask, restore. */
static void probe_bar(struct pci_dev *d, int i)
{
    uint8_t off = (uint8_t)(0x10 + 4 * i);
    uint32_t orig = pci_read32(d, off), mask;

    if (orig == 0)
        return;
    pushcli();
    pci_write32(d, off, 0xFFFFFFFFu);
    mask = pci_read32(d, off);
    pci_write32(d, off, orig);
    popcli();
    d->bar[i].io = orig & 1;
    d->bar[i].base = orig & (d->bar[i].io ? ~3u : ~15u);
    mask &= d->bar[i].io ? ~3u : ~15u;
    d->bar[i].size = mask ? ~mask + 1 : 0;
}

static void add_function(uint8_t bus, uint8_t slot, uint8_t func, uint32_t id)
{
    struct pci_dev *d;
    uint32_t cls;

    if (ndevs == PCI_MAX_DEVICES)
        return;
    d = &devs[ndevs++];
    *d = (struct pci_dev){ .bus = bus, .slot = slot, .func = func,
                           .vendor = id & 0xFFFF, .device = id >> 16 };
    cls = pci_read32(d, 0x08);
    d->class = cls >> 24, d->subclass = (cls >> 16) & 0xFF, d->prog_if = (cls >> 8) & 0xFF;
    d->revision = cls & 0xFF;
    d->irq = pci_read8(d, 0x3C);
    if ((pci_read8(d, 0x0E) & 0x7F) == 0)       /* ordinary device: six BARs */
        for (int i = 0; i < 6; i++) {
            probe_bar(d, i);
            if (!d->bar[i].io && ((pci_read32(d, (uint8_t)(0x10 + 4 * i)) >> 1) & 3) == 2)
                i++;                            /* a 64-bit BAR uses the next slot too */
        }
}

static int gen_proc_pci(struct procbuf *b, void *arg);

int pci_init(void)
{
    ndevs = 0;
    for (unsigned bus = 0; bus < 256; bus++)
        for (uint8_t slot = 0; slot < 32; slot++) {
            uint32_t id = cfg_read((uint8_t)bus, slot, 0, 0);
            if ((id & 0xFFFF) == 0xFFFF)
                continue;
            bool multi = cfg_read((uint8_t)bus, slot, 0, 0x0C) & 0x800000;
            for (uint8_t func = 0; func < (multi ? 8 : 1); func++) {
                id = cfg_read((uint8_t)bus, slot, func, 0);
                if ((id & 0xFFFF) != 0xFFFF)
                    add_function((uint8_t)bus, slot, func, id);
            }
        }
    procfs_register("pci", gen_proc_pci, NULL);
    kprintf("pci", "%d functions\n", ndevs);
    return ndevs;
}

struct pci_dev *pci_find(uint16_t vendor, uint16_t device, int n)
{
    for (int i = 0; i < ndevs; i++)
        if (devs[i].vendor == vendor && devs[i].device == device && n-- == 0)
            return &devs[i];
    return NULL;
}

struct pci_dev *pci_get(int index) { return index >= 0 && index < ndevs ? &devs[index] : NULL; }
int pci_count(void) { return ndevs; }

const char *pci_class_name(const struct pci_dev *d)
{
    switch (d->class << 8 | d->subclass) {
    case 0x0100: return "SCSI storage controller";
    case 0x0101: return "IDE interface";
    case 0x0200: return "Ethernet controller";
    case 0x0300: return "VGA compatible controller";
    case 0x0600: return "Host bridge";
    case 0x0601: return "ISA bridge";
    case 0x0680: return "Bridge";
    case 0x0C03: return "USB controller";
    default: return "Device";
    }
}

/* "00:03.0 Ethernet controller [0200]: 8086:100e (rev 03) irq 11" plus the BARs */
static int gen_proc_pci(struct procbuf *b, void *arg)
{
    int r = 0;

    (void)arg;
    for (int i = 0; i < ndevs && r == 0; i++) {
        struct pci_dev *d = &devs[i];
        r = procbuf_printf(b, "%02x:%02x.%x %s [%02x%02x]: %04x:%04x (rev %02x) irq %u\n",
                           d->bus, d->slot, d->func, pci_class_name(d), d->class, d->subclass,
                           d->vendor, d->device, d->revision, d->irq);
        for (int k = 0; k < 6 && r == 0; k++)
            if (d->bar[k].size)
                r = procbuf_printf(b, "\tBAR%d: %s at %#x (%u bytes)\n", k,
                                   d->bar[k].io ? "I/O ports" : "memory", d->bar[k].base, d->bar[k].size);
    }
    return r;
}
