/*
 * VGA text-mode console (drivers/vga.c): 80x25 cells at physical 0xB8000,
 * scrolling, a hardware cursor, and the few escape-free controls the kernel
 * log needs (\n, \r, \t, \b).
 */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

#include <stddef.h>

void vga_init(void);
void vga_write(const char *s, size_t n);

#endif
