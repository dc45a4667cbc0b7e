/*
 * VGA text console.  Writes 16-bit cells (character + attribute) straight
 * into the text buffer through the kernel's direct map, scrolls by moving
 * rows up, and keeps the blinking hardware cursor under the next cell.
 */
#include "drivers/vga.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/mm/vm.h"
#include "kernel/lib/string.h"
#include <stdint.h>

#define VGA_PHYS  0xB8000
#define COLS      80
#define ROWS      25
#define ATTR      0x07          /* light grey on black */

static uint16_t *cells;
static int row, col;

static void vga_move_cursor(void)
{
    unsigned pos = (unsigned)(row * COLS + col);

    outb(0x3D4, 0x0F);
    outb(0x3D5, pos & 0xFF);
    outb(0x3D4, 0x0E);
    outb(0x3D5, (pos >> 8) & 0xFF);
}

static void vga_scroll(void)
{
    memmove(cells, cells + COLS, (ROWS - 1) * COLS * sizeof(*cells));
    for (int i = 0; i < COLS; i++)
        cells[(ROWS - 1) * COLS + i] = ATTR << 8 | ' ';
    row = ROWS - 1;
}

void vga_init(void)
{
    cells = (uint16_t *)P2V(VGA_PHYS);
    for (int i = 0; i < ROWS * COLS; i++)
        cells[i] = ATTR << 8 | ' ';
    row = col = 0;
    vga_move_cursor();
}

static void vga_putc(char c)
{
    switch (c) {
    case '\n': col = 0; row++; break;
    case '\r': col = 0; break;
    case '\t': col = (col + 8) & ~7; break;
    case '\b': if (col) col--; break;
    default:
        cells[row * COLS + col] = (uint16_t)(ATTR << 8 | (unsigned char)c);
        col++;
    }
    if (col >= COLS)
        col = 0, row++;
    if (row >= ROWS)
        vga_scroll();
}

void vga_write(const char *s, size_t n)
{
    if (!cells)
        return;
    for (size_t i = 0; i < n; i++)
        vga_putc(s[i]);
    vga_move_cursor();
}
