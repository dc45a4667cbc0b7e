/*
 * PCI (drivers/pci.c): enumeration through configuration mechanism 1
 * (ports 0xCF8/0xCFC), BARs, the legacy IRQ line, bus mastering.  Drivers
 * find their device with pci_find(); /proc/pci lists them all.
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include <stdint.h>
#include <stdbool.h>

#define PCI_MAX_DEVICES 64

struct pci_bar {
    uint32_t base;              /* physical address or I/O port */
    uint32_t size;
    bool io;                    /* I/O space (else memory) */
};

struct pci_dev {
    uint8_t bus, slot, func;
    uint16_t vendor, device;
    uint8_t class, subclass, prog_if, revision;
    uint8_t irq;                /* legacy interrupt line (0xFF: none) */
    struct pci_bar bar[6];
};

/* Scan every bus; returns the number of functions found. */
int pci_init(void);
/* The n-th device (0-based) with this vendor and device id, or NULL. */
struct pci_dev *pci_find(uint16_t vendor, uint16_t device, int n);
struct pci_dev *pci_get(int index);     /* NULL past the end */
int pci_count(void);

uint32_t pci_read32(const struct pci_dev *d, uint8_t off);
uint16_t pci_read16(const struct pci_dev *d, uint8_t off);
uint8_t pci_read8(const struct pci_dev *d, uint8_t off);
void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v);
void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v);
/* Turn on memory and I/O decoding and DMA (bus mastering). */
void pci_enable(const struct pci_dev *d);
/* A short human name for the class ("Ethernet controller", ...). */
const char *pci_class_name(const struct pci_dev *d);

#endif
