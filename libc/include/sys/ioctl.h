/*
 * ioctl() and the requests Mosaic's devices understand.  newlib has no
 * <sys/ioctl.h>; the numbers and struct winsize are the kernel's ABI
 * (include/abi/termios.h), which uses Linux's values.
 */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <abi/termios.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TCGETS      ABI_TCGETS
#define TCSETS      ABI_TCSETS
#define TCSETSW     ABI_TCSETSW
#define TCSETSF     ABI_TCSETSF
#define TIOCGPGRP   ABI_TIOCGPGRP
#define TIOCSPGRP   ABI_TIOCSPGRP
#define TIOCGWINSZ  ABI_TIOCGWINSZ
#define TIOCSWINSZ  ABI_TIOCSWINSZ
#define FIONREAD    ABI_FIONREAD

struct winsize {
    unsigned short ws_row;
    unsigned short ws_col;
    unsigned short ws_xpixel;
    unsigned short ws_ypixel;
};

int ioctl(int fd, unsigned long request, ...);

#ifdef __cplusplus
}
#endif

#endif
