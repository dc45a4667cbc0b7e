/*
 * clear: clear the terminal with ANSI escapes (cursor home, erase the
 * screen, erase the scrollback), for the VT100-like consoles Mosaic has.
 */
#include <unistd.h>

int main(void)
{
    static const char seq[] = "\033[H\033[2J\033[3J";
    return write(1, seq, sizeof seq - 1) == (ssize_t)(sizeof seq - 1) ? 0 : 1;
}
