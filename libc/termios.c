/*
 * Terminals: termios on top of ioctl(TCGETS/TCSETS*) with the kernel's
 * structure (include/abi/termios.h), isatty(), which newlib's stdio asks
 * before line-buffering a character device, and the foreground process
 * group calls a job-control shell needs.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "syscall.h"

int tcgetattr(int fd, struct termios *t)
{
    return ioctl(fd, TCGETS, t);
}

int tcsetattr(int fd, int action, const struct termios *t)
{
    static const unsigned long request[] = {
        [TCSANOW] = TCSETS, [TCSADRAIN] = TCSETSW, [TCSAFLUSH] = TCSETSF,
    };
    if (action < TCSANOW || action > TCSAFLUSH)
        return __set_errno(EINVAL);
    return ioctl(fd, request[action], t);
}

/* What POSIX/BSD cfmakeraw() does: bytes in and out untouched, one at a time. */
void cfmakeraw(struct termios *t)
{
    t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= ~(tcflag_t)OPOST;
    t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

speed_t cfgetospeed(const struct termios *t)
{
    return t->c_cflag & CBAUD;
}

speed_t cfgetispeed(const struct termios *t)
{
    return cfgetospeed(t);
}

int cfsetospeed(struct termios *t, speed_t speed)
{
    if (speed & ~(speed_t)CBAUD)
        return __set_errno(EINVAL);
    t->c_cflag = (t->c_cflag & ~(tcflag_t)CBAUD) | speed;
    return 0;
}

/* One speed for both directions, as on Linux. */
int cfsetispeed(struct termios *t, speed_t speed)
{
    return speed == 0 ? 0 : cfsetospeed(t, speed);
}

pid_t tcgetpgrp(int fd)
{
    pid_t pgrp;
    if (ioctl(fd, TIOCGPGRP, &pgrp) < 0)
        return -1;
    return pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
    return ioctl(fd, TIOCSPGRP, &pgrp);
}

/*
 * A terminal is what answers TCGETS.  A kernel that has no terminal
 * ioctls yet (ENOSYS, EINVAL) still gets line-buffered consoles: then any
 * character device counts.
 */
int isatty(int fd)
{
    struct termios t;
    if (tcgetattr(fd, &t) == 0)
        return 1;
    if (errno == ENOTTY || errno == EBADF)
        return 0;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode))
        return 1;
    errno = ENOTTY;
    return 0;
}
