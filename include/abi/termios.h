/*
 * Terminal settings shared by the kernel's tty layer and the newlib glue
 * (libc/termios.c, libc/include/termios.h).  newlib 3.3.0 ships no
 * termios for i686-elf, so the layout and values are Linux's (the kernel's
 * own struct termios behind TCGETS/TCSETS): the glue hands a user's struct
 * termios to ioctl() untranslated, and _Static_asserts in libc/abi_check.c
 * keep the two in step.  Numbers are never changed.
 *
 * Naming: ABI_ prefixes, as in the other include/abi headers, so this
 * header can sit next to the user-side <termios.h>.
 */
#ifndef ABI_TERMIOS_H
#define ABI_TERMIOS_H

#include <stdint.h>

#define ABI_NCCS        19

struct abi_termios {
    uint32_t c_iflag;               /* 0: input modes */
    uint32_t c_oflag;               /* 4: output modes */
    uint32_t c_cflag;               /* 8: control modes (and the baud rate) */
    uint32_t c_lflag;               /* 12: local modes */
    uint8_t  c_line;                /* 16: line discipline, always 0 */
    uint8_t  c_cc[ABI_NCCS];        /* 17: control characters, ABI_V* */
};

_Static_assert(sizeof(struct abi_termios) == 36, "Linux's kernel termios is 36 bytes");

/* ioctl() requests on a terminal. */
#define ABI_TCGETS      0x5401      /* arg: struct abi_termios *, read settings */
#define ABI_TCSETS      0x5402      /* arg: struct abi_termios *, apply now */
#define ABI_TCSETSW     0x5403      /* ... after output drains */
#define ABI_TCSETSF     0x5404      /* ... after output drains, discarding input */
#define ABI_TIOCGPGRP   0x540F      /* arg: pid_t *, foreground process group */
#define ABI_TIOCSPGRP   0x5410      /* arg: const pid_t * */
#define ABI_TIOCGWINSZ  0x5413      /* arg: struct abi_winsize * */
#define ABI_TIOCSWINSZ  0x5414      /* arg: const struct abi_winsize * */
#define ABI_FIONREAD    0x541B      /* arg: int *, bytes ready to read */

struct abi_winsize {
    uint16_t ws_row;
    uint16_t ws_col;
    uint16_t ws_xpixel;
    uint16_t ws_ypixel;
};

/* c_cc indexes. */
#define ABI_VINTR       0
#define ABI_VQUIT       1
#define ABI_VERASE      2
#define ABI_VKILL       3
#define ABI_VEOF        4
#define ABI_VTIME       5           /* non-canonical read timeout, tenths of a second */
#define ABI_VMIN        6           /* non-canonical read: bytes to wait for */
#define ABI_VSTART      8
#define ABI_VSTOP       9
#define ABI_VSUSP       10

/* c_iflag */
#define ABI_IGNBRK      0000001
#define ABI_BRKINT      0000002
#define ABI_IGNPAR      0000004
#define ABI_PARMRK      0000010
#define ABI_INPCK       0000020
#define ABI_ISTRIP      0000040
#define ABI_INLCR       0000100
#define ABI_IGNCR       0000200
#define ABI_ICRNL       0000400     /* turn CR into NL on input */
#define ABI_IXON        0002000
#define ABI_IXOFF       0010000

/* c_oflag */
#define ABI_OPOST       0000001     /* process output (needed for ONLCR) */
#define ABI_ONLCR       0000004     /* turn NL into CR NL on output */

/* c_cflag */
#define ABI_CBAUD       0010017     /* baud rate bits, ABI_B* */
#define ABI_CSIZE       0000060
#define ABI_CS8         0000060
#define ABI_CSTOPB      0000100
#define ABI_CREAD       0000200
#define ABI_PARENB      0000400
#define ABI_HUPCL       0002000
#define ABI_CLOCAL      0004000

/* c_lflag */
#define ABI_ISIG        0000001     /* INTR, QUIT, SUSP make signals */
#define ABI_ICANON      0000002     /* line editing; read() returns whole lines */
#define ABI_ECHO        0000010
#define ABI_ECHOE       0000020
#define ABI_ECHOK       0000040
#define ABI_ECHONL      0000100
#define ABI_NOFLSH      0000200
#define ABI_TOSTOP      0000400
#define ABI_IEXTEN      0100000

/* Baud rates (values of c_cflag & ABI_CBAUD). */
#define ABI_B0          0000000
#define ABI_B9600       0000015
#define ABI_B19200      0000016
#define ABI_B38400      0000017
#define ABI_B57600      0010001
#define ABI_B115200     0010002

#endif
