/*
 * lspci [-n | -nn] [-v]: list the PCI devices the kernel found, in the
 * style of pciutils' lspci, from /proc/pci (drivers/pci.c), whose lines read
 *
 *     00:03.0 Ethernet controller [0200]: 8086:100e (rev 03) irq 11
 *     \tBAR0: memory at 0xfebc0000 (131072 bytes)
 *
 * Vendor and device names come from a small table of what QEMU's PC and
 * Q35 machines provide; others print as "Device 1234" like lspci without
 * its database.  -n prints numbers only, -nn names and numbers, -v adds
 * the interrupt line and the BARs.  Exit status 1 if /proc/pci is missing.
 */
#define PROG "lspci"
#include "util.h"

#define MAX_TEXT 16384

static const struct { unsigned id; const char *name; } vendors[] = {
    { 0x8086, "Intel Corporation" },
    { 0x10ec, "Realtek Semiconductor Co., Ltd." },
    { 0x1af4, "Red Hat, Inc." },
    { 0x1b36, "Red Hat, Inc." },
    { 0x1234, "QEMU" },
    { 0x1013, "Cirrus Logic" },
    { 0x1274, "Ensoniq" },
};

static const struct { unsigned vendor, device; const char *name; } devices[] = {
    { 0x8086, 0x1237, "440FX - 82441FX PMC [Natoma]" },
    { 0x8086, 0x7000, "82371SB PIIX3 ISA [Natoma/Triton II]" },
    { 0x8086, 0x7010, "82371SB PIIX3 IDE [Natoma/Triton II]" },
    { 0x8086, 0x7020, "82371SB PIIX3 USB [Natoma/Triton II]" },
    { 0x8086, 0x7113, "82371AB/EB/MB PIIX4 ACPI" },
    { 0x8086, 0x100e, "82540EM Gigabit Ethernet Controller" },
    { 0x8086, 0x100f, "82545EM Gigabit Ethernet Controller (Copper)" },
    { 0x8086, 0x10d3, "82574L Gigabit Network Connection" },
    { 0x8086, 0x29c0, "82G33/G31/P35/P31 Express DRAM Controller" },
    { 0x8086, 0x2918, "82801IB (ICH9) LPC Interface Controller" },
    { 0x8086, 0x2922, "82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller [AHCI mode]" },
    { 0x8086, 0x2930, "82801I (ICH9 Family) SMBus Controller" },
    { 0x8086, 0x2415, "82801AA AC'97 Audio Controller" },
    { 0x8086, 0x25ab, "6300ESB Watchdog Timer" },
    { 0x10ec, 0x8139, "RTL-8100/8101L/8139 PCI Fast Ethernet Adapter" },
    { 0x1af4, 0x1000, "Virtio network device" },
    { 0x1af4, 0x1001, "Virtio block device" },
    { 0x1af4, 0x1002, "Virtio memory balloon" },
    { 0x1af4, 0x1003, "Virtio console" },
    { 0x1af4, 0x1005, "Virtio RNG" },
    { 0x1af4, 0x1041, "Virtio 1.0 network device" },
    { 0x1234, 0x1111, "Standard VGA" },
    { 0x1013, 0x00b8, "GD 5446" },
    { 0x1274, 0x5000, "ES1370 [AudioPCI]" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static struct {
    int numeric;                        /* -n: 1, -nn: 2 */
    bool verbose;
} opt;

/* One device line of /proc/pci. */
struct pci_line {
    unsigned bus, slot, func, cls, sub, vendor, device, rev, irq;
    char class_name[48];
};

static const char *vendor_name(unsigned v)
{
    for (size_t i = 0; i < COUNT(vendors); i++)
        if (vendors[i].id == v)
            return vendors[i].name;
    return NULL;
}

static const char *device_name(unsigned v, unsigned d)
{
    for (size_t i = 0; i < COUNT(devices); i++)
        if (devices[i].vendor == v && devices[i].device == d)
            return devices[i].name;
    return NULL;
}

/* "00:03.0 Ethernet controller [0200]: 8086:100e (rev 03) irq 11"; false if it is not one. */
static bool parse_device(const char *line, struct pci_line *p)
{
    const char *sp = strchr(line, ' '), *br = strstr(line, " [");
    size_t n;

    if (!sp || !br || br < sp || sscanf(line, "%x:%x.%x", &p->bus, &p->slot, &p->func) != 3)
        return false;
    n = (size_t)(br - sp - 1);
    snprintf(p->class_name, sizeof(p->class_name), "%.*s", (int)n, sp + 1);
    return sscanf(br, " [%2x%2x]: %x:%x (rev %x) irq %u", &p->cls, &p->sub, &p->vendor,
                  &p->device, &p->rev, &p->irq) == 6;
}

/* The class as lspci names it (the kernel says "Device" for classes it has no name for). */
static void print_class(const struct pci_line *p)
{
    if (strcmp(p->class_name, "Device") == 0)
        printf("Class %02x%02x", p->cls, p->sub);
    else
        printf("%s", p->class_name);
    if (opt.numeric == 2)
        printf(" [%02x%02x]", p->cls, p->sub);
}

static void print_vendor_device(const struct pci_line *p)
{
    const char *v = vendor_name(p->vendor), *d = device_name(p->vendor, p->device);

    if (v && d)
        printf("%s %s", v, d);
    else if (v)
        printf("%s Device %04x", v, p->device);
    else
        printf("Device %04x:%04x", p->vendor, p->device);
    if (opt.numeric == 2 && v)
        printf(" [%04x:%04x]", p->vendor, p->device);
}

static void print_device(const struct pci_line *p)
{
    printf("%02x:%02x.%x ", p->bus, p->slot, p->func);
    if (opt.numeric == 1) {
        printf("%02x%02x: %04x:%04x", p->cls, p->sub, p->vendor, p->device);
    } else {
        print_class(p);
        printf(": ");
        print_vendor_device(p);
    }
    printf(" (rev %02x)\n", p->rev);
    if (opt.verbose && p->irq && p->irq != 0xff)
        printf("\tFlags: IRQ %u\n", p->irq);
}

/* "\tBAR0: memory at 0xfebc0000 (131072 bytes)" as lspci -v prints a region. */
static void print_bar(const char *line)
{
    const char *at = strstr(line, " at "), *paren = strchr(line, '(');
    unsigned base, size;

    if (!at || !paren || sscanf(at + 4, "%x", &base) != 1 || sscanf(paren + 1, "%u", &size) != 1)
        return;
    printf("\t%s at %x [size=", strstr(line, "I/O") ? "I/O ports" : "Memory", base);
    if (size >= (1u << 20) && size % (1u << 20) == 0)
        printf("%uM]\n", size >> 20);
    else if (size >= 1024 && size % 1024 == 0)
        printf("%uK]\n", size >> 10);
    else
        printf("%u]\n", size);
}

static void parse_options(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || !argv[i][1])
            goto usage;
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'n' && opt.numeric < 2)
                opt.numeric++;
            else if (*o == 'v')
                opt.verbose = true;
            else
                goto usage;
        }
    }
    return;
usage:
    fputs("usage: lspci [-n | -nn] [-v]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    static char text[MAX_TEXT];
    struct pci_line p;
    bool first = true;

    parse_options(argc, argv);
    if (util_read_file("/proc/pci", text, sizeof(text)) < 0)
        util_die("/proc/pci: %s", strerror(errno));
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '\t') {
            if (opt.verbose)
                print_bar(line);
        } else if (parse_device(line, &p)) {
            if (opt.verbose && !first)
                putchar('\n');
            print_device(&p);
            first = false;
        }
    }
    if (opt.verbose && !first)
        putchar('\n');
    return 0;
}
