/*
 * PS/2 keyboard (drivers/kbd.c): turns scancodes (set 1) into the bytes a
 * terminal would send, including ANSI escape sequences for the arrow keys,
 * and hands them to the tty, so the VGA console can be used like the
 * serial one.
 */
#ifndef DRIVERS_KBD_H
#define DRIVERS_KBD_H

void kbd_init(void (*input)(char c));
/* Pure: the bytes for one scancode given the modifier state; used by the driver and tests. */
int kbd_translate(unsigned char code, int shift, int ctrl, int caps, char out[4]);

#endif
