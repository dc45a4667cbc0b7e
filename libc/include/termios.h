/*
 * Terminal control (a subset of POSIX termios).  newlib's <termios.h>
 * wants a <sys/termios.h> it does not ship, so this replaces it.  struct
 * termios has the kernel's layout (struct abi_termios, checked in
 * libc/abi_check.c) and goes to ioctl(TCGETS/TCSETS) as is; the glue is
 * libc/termios.c.  There is no separate speed field: the baud rate lives
 * in c_cflag & CBAUD, as in Linux's kernel structure.
 */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <sys/types.h>
#include <abi/termios.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned char cc_t;
typedef unsigned int  speed_t;
typedef unsigned int  tcflag_t;

#define NCCS ABI_NCCS

struct termios {
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    cc_t     c_line;
    cc_t     c_cc[NCCS];
};

/* c_cc indexes */
#define VINTR   ABI_VINTR
#define VQUIT   ABI_VQUIT
#define VERASE  ABI_VERASE
#define VKILL   ABI_VKILL
#define VEOF    ABI_VEOF
#define VTIME   ABI_VTIME
#define VMIN    ABI_VMIN
#define VSTART  ABI_VSTART
#define VSTOP   ABI_VSTOP
#define VSUSP   ABI_VSUSP

/* c_iflag */
#define IGNBRK  ABI_IGNBRK
#define BRKINT  ABI_BRKINT
#define IGNPAR  ABI_IGNPAR
#define PARMRK  ABI_PARMRK
#define INPCK   ABI_INPCK
#define ISTRIP  ABI_ISTRIP
#define INLCR   ABI_INLCR
#define IGNCR   ABI_IGNCR
#define ICRNL   ABI_ICRNL
#define IXON    ABI_IXON
#define IXOFF   ABI_IXOFF

/* c_oflag */
#define OPOST   ABI_OPOST
#define ONLCR   ABI_ONLCR

/* c_cflag */
#define CBAUD   ABI_CBAUD
#define CSIZE   ABI_CSIZE
#define CS8     ABI_CS8
#define CSTOPB  ABI_CSTOPB
#define CREAD   ABI_CREAD
#define PARENB  ABI_PARENB
#define HUPCL   ABI_HUPCL
#define CLOCAL  ABI_CLOCAL

/* c_lflag */
#define ISIG    ABI_ISIG
#define ICANON  ABI_ICANON
#define ECHO    ABI_ECHO
#define ECHOE   ABI_ECHOE
#define ECHOK   ABI_ECHOK
#define ECHONL  ABI_ECHONL
#define NOFLSH  ABI_NOFLSH
#define TOSTOP  ABI_TOSTOP
#define IEXTEN  ABI_IEXTEN

/* speeds */
#define B0      ABI_B0
#define B9600   ABI_B9600
#define B19200  ABI_B19200
#define B38400  ABI_B38400
#define B57600  ABI_B57600
#define B115200 ABI_B115200

/* tcsetattr() actions */
#define TCSANOW     0
#define TCSADRAIN   1
#define TCSAFLUSH   2

int     tcgetattr(int fd, struct termios *t);
int     tcsetattr(int fd, int action, const struct termios *t);
void    cfmakeraw(struct termios *t);
speed_t cfgetispeed(const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
int     cfsetispeed(struct termios *t, speed_t speed);
int     cfsetospeed(struct termios *t, speed_t speed);
pid_t   tcgetpgrp(int fd);
int     tcsetpgrp(int fd, pid_t pgrp);

#ifdef __cplusplus
}
#endif

#endif
