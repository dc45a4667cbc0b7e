/*
 * 8254 PIT.  Channel 0 in rate-generator mode for the tick; channel 2 in
 * one-shot mode, gated through port 0x61 (with the speaker kept off), as a
 * timer we can poll before interrupts are on.
 */
#include "drivers/pit.h"
#include "kernel/arch/i386/x86.h"

#define PIT_CH0   0x40
#define PIT_CH2   0x42
#define PIT_CMD   0x43
#define PORT_B    0x61          /* bit 0: ch2 gate, bit 1: speaker, bit 5: ch2 output */

uint32_t pit_start_periodic(unsigned hz)
{
    uint32_t div = (PIT_HZ + hz / 2) / hz;

    if (div > 0xFFFF)
        div = 0xFFFF;
    if (div < 2)
        div = 2;
    outb(PIT_CMD, 0x34);        /* channel 0, lobyte/hibyte, mode 2 */
    outb(PIT_CH0, div & 0xFF);
    outb(PIT_CH0, div >> 8);
    return (uint32_t)((uint64_t)PIT_HZ * 1000 / div);
}

int pit_wait_us(unsigned us)
{
    uint32_t count = (uint32_t)((uint64_t)PIT_HZ * us / 1000000);
    uint8_t b = inb(PORT_B);

    if (count > 0xFFFF)
        count = 0xFFFF;
    outb(PORT_B, (b & ~0x03) | 0x00);   /* gate low, speaker off */
    outb(PIT_CMD, 0xB0);                /* channel 2, lobyte/hibyte, mode 0 */
    outb(PIT_CH2, count & 0xFF);
    outb(PIT_CH2, count >> 8);
    outb(PORT_B, (b & ~0x03) | 0x01);   /* gate high: start counting */
    for (uint32_t spin = 0; spin < 50000000u; spin++)
        if (inb(PORT_B) & 0x20)
            return 1;
    return 0;
}
