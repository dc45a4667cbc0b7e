/*
 * 16550 UART on COM1, polled.  The kernel log (kernel/log.c) writes here
 * first, so it must work from the first line of kmain with nothing else set
 * up, and must not hang on a board without a UART: init probes the chip with
 * its scratch register and output gives up after a bounded wait.
 */
#include "drivers/serial.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/arch/i386/cpu.h"

enum {
    REG_DATA = 0, REG_IER = 1, REG_FCR = 2, REG_LCR = 3,
    REG_MCR = 4, REG_LSR = 5, REG_SCR = 7,
};
#define LSR_DR   0x01           /* data ready */
#define LSR_THRE 0x20           /* transmit holding register empty */

static unsigned uart_port;      /* 0 while no UART was found */

bool serial_init(unsigned port)
{
    outb(port + REG_SCR, 0x5A);
    if (inb(port + REG_SCR) != 0x5A)
        return false;
    outb(port + REG_IER, 0x00);     /* no interrupts yet */
    outb(port + REG_LCR, 0x80);     /* DLAB: set the divisor */
    outb(port + REG_DATA, 1);       /* 115200 baud */
    outb(port + REG_IER, 0);
    outb(port + REG_LCR, 0x03);     /* 8 bits, no parity, one stop bit */
    outb(port + REG_FCR, 0xC7);     /* FIFOs on and cleared, 14-byte threshold */
    outb(port + REG_MCR, 0x0B);     /* DTR, RTS, OUT2 */
    uart_port = port;
    return true;
}

static void serial_putc(char c)
{
    for (int spin = 0; spin < 100000; spin++)
        if (inb(uart_port + REG_LSR) & LSR_THRE)
            break;
    outb(uart_port + REG_DATA, (unsigned char)c);
}

void serial_write(const char *s, size_t n)
{
    if (!uart_port)
        return;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
}

static void (*rx_input)(char c);

static void serial_irq(struct trapframe *tf)
{
    (void)tf;
    for (int n = 0; n < 64 && (inb(uart_port + REG_LSR) & LSR_DR); n++) {
        char c = (char)inb(uart_port + REG_DATA);
        if (rx_input)
            rx_input(c);
    }
}

void serial_enable_input(void (*input)(char c))
{
    if (!uart_port)
        return;
    rx_input = input;
    irq_register(4, serial_irq);
    outb(uart_port + REG_IER, 0x01);    /* interrupt when data arrives */
}
