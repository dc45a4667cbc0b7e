/*
 * The two cascaded 8259A interrupt controllers.  Remapped so IRQ 0..15 land
 * on vectors 32..47 instead of on top of the CPU exceptions; all lines start
 * masked and a driver unmasks its own with irq_register().
 */
#include "kernel/arch/i386/cpu.h"
#include "kernel/arch/i386/x86.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI   0x20
#define PIC_READ_ISR 0x0B

void pic_init(void)
{
    outb(PIC1_CMD, 0x11); io_wait();        /* ICW1: edge, cascade, ICW4 follows */
    outb(PIC2_CMD, 0x11); io_wait();
    outb(PIC1_DATA, T_IRQ0); io_wait();     /* ICW2: vector offsets */
    outb(PIC2_DATA, T_IRQ0 + 8); io_wait();
    outb(PIC1_DATA, 1 << 2); io_wait();     /* ICW3: slave on IRQ 2 */
    outb(PIC2_DATA, 2); io_wait();
    outb(PIC1_DATA, 0x01); io_wait();       /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01); io_wait();
    outb(PIC1_DATA, 0xFF & ~(1 << 2));      /* everything masked but the cascade */
    outb(PIC2_DATA, 0xFF);
}

void pic_mask(unsigned irq, int masked)
{
    uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;
    uint8_t bit = (uint8_t)(1u << (irq & 7));
    uint8_t v = inb(port);

    outb(port, masked ? (v | bit) : (v & ~bit));
}

void pic_eoi(unsigned irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

/* IRQ 7 and 15 also fire spuriously; the in-service register tells. */
int pic_spurious(unsigned irq)
{
    if (irq == 7) {
        outb(PIC1_CMD, PIC_READ_ISR);
        return !(inb(PIC1_CMD) & 0x80);
    }
    if (irq == 15) {
        outb(PIC2_CMD, PIC_READ_ISR);
        if (!(inb(PIC2_CMD) & 0x80)) {
            outb(PIC1_CMD, PIC_EOI);        /* the master did see the cascade */
            return 1;
        }
    }
    return 0;
}
