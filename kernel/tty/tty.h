/*
 * The console terminal (kernel/tty/tty.c): a line discipline between the
 * console hardware (serial input, and output to every log console) and
 * the /dev/console, /dev/tty and /dev/ttyS0 device files.  Canonical mode
 * edits lines (echo, erase, kill, ^D); raw mode hands bytes over as they
 * come (termios VMIN/VTIME); ISIG turns ^C, ^\ into signals for the
 * foreground process group.
 */
#ifndef TTY_TTY_H
#define TTY_TTY_H

/* Register the device files and start taking serial input. */
void tty_init(void);
/* A byte typed on the console (from the serial or keyboard interrupt). */
void tty_input(char c);

#endif
