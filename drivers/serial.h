/*
 * 16550 UART driver (drivers/serial.c): polled output for the kernel console
 * on COM1.  Receive and interrupts arrive with the tty layer (issue 3).
 */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include <stddef.h>
#include <stdbool.h>

#define COM1_PORT 0x3F8

/* Program the UART (115200 8N1, FIFOs on); returns false if no UART answers. */
bool serial_init(unsigned port);
void serial_write(const char *s, size_t n);

#endif
