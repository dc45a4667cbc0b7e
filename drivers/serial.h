/*
 * 16550 UART driver (drivers/serial.c): polled output for the kernel console
 * on COM1, interrupt-driven input for the tty layer.
 */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include <stddef.h>
#include <stdbool.h>

#define COM1_PORT 0x3F8

/* Program the UART (115200 8N1, FIFOs on); returns false if no UART answers. */
bool serial_init(unsigned port);
void serial_write(const char *s, size_t n);
/* Deliver every received byte to input(c), from the UART's interrupt (IRQ 4). */
void serial_enable_input(void (*input)(char c));

#endif
