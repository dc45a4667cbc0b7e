/*
 * Compile-time proof that newlib's types and constants are the kernel's
 * ABI (include/abi/), so the glue can hand user structures and flags to
 * the kernel untranslated.  This file generates no code; if newlib or an
 * ABI header changes, the build stops here instead of a program
 * misbehaving at run time.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <sys/mman.h>
#include <unistd.h>

/* abi/errno.h redefines newlib's E* macros: a different value would be a
 * macro-redefinition error under -Werror, so including it is the check. */
#include <abi/errno.h>
#include <abi/fcntl.h>
#include <abi/mman.h>
#include <abi/signal.h>
#include <abi/stat.h>
#include <abi/termios.h>
#include <abi/time.h>
#include <time.h>
#include <sys/time.h>
#include <sys/times.h>

#define SAME_FIELD(a, b, f) \
    _Static_assert(offsetof(struct a, f) == offsetof(struct b, f) && \
                   sizeof(((struct a *)0)->f) == sizeof(((struct b *)0)->f), \
                   #a "." #f " differs from " #b "." #f)

/* struct stat: copied byte for byte by the kernel. */
_Static_assert(sizeof(struct stat) == sizeof(struct abi_stat), "struct stat size");
SAME_FIELD(stat, abi_stat, st_dev);
SAME_FIELD(stat, abi_stat, st_ino);
SAME_FIELD(stat, abi_stat, st_mode);
SAME_FIELD(stat, abi_stat, st_nlink);
SAME_FIELD(stat, abi_stat, st_uid);
SAME_FIELD(stat, abi_stat, st_gid);
SAME_FIELD(stat, abi_stat, st_rdev);
SAME_FIELD(stat, abi_stat, st_size);
SAME_FIELD(stat, abi_stat, st_atim);
SAME_FIELD(stat, abi_stat, st_mtim);
SAME_FIELD(stat, abi_stat, st_ctim);
SAME_FIELD(stat, abi_stat, st_blksize);
SAME_FIELD(stat, abi_stat, st_blocks);
SAME_FIELD(timespec, abi_timespec, tv_sec);
SAME_FIELD(timespec, abi_timespec, tv_nsec);
_Static_assert(S_IFMT == ABI_S_IFMT && S_IFDIR == ABI_S_IFDIR && S_IFREG == ABI_S_IFREG &&
               S_IFCHR == ABI_S_IFCHR && S_IFBLK == ABI_S_IFBLK && S_IFLNK == ABI_S_IFLNK &&
               S_IFIFO == ABI_S_IFIFO && S_IFSOCK == ABI_S_IFSOCK, "file type bits");

/* open() flags, fcntl() commands, lseek() whences. */
_Static_assert(O_RDONLY == ABI_O_RDONLY && O_WRONLY == ABI_O_WRONLY && O_RDWR == ABI_O_RDWR &&
               O_ACCMODE == ABI_O_ACCMODE, "O_ access modes");
_Static_assert(O_APPEND == ABI_O_APPEND && O_CREAT == ABI_O_CREAT && O_TRUNC == ABI_O_TRUNC &&
               O_EXCL == ABI_O_EXCL && O_SYNC == ABI_O_SYNC && O_NONBLOCK == ABI_O_NONBLOCK &&
               O_NOCTTY == ABI_O_NOCTTY && O_CLOEXEC == ABI_O_CLOEXEC &&
               O_NOFOLLOW == ABI_O_NOFOLLOW && O_DIRECTORY == ABI_O_DIRECTORY, "O_ flags");
_Static_assert(F_DUPFD == ABI_F_DUPFD && F_GETFD == ABI_F_GETFD && F_SETFD == ABI_F_SETFD &&
               F_GETFL == ABI_F_GETFL && F_SETFL == ABI_F_SETFL && FD_CLOEXEC == ABI_FD_CLOEXEC,
               "fcntl commands");
_Static_assert(SEEK_SET == ABI_SEEK_SET && SEEK_CUR == ABI_SEEK_CUR && SEEK_END == ABI_SEEK_END,
               "lseek whences");

/* struct termios: goes to ioctl(TCGETS/TCSETS) as is. */
_Static_assert(sizeof(struct termios) == sizeof(struct abi_termios), "struct termios size");
SAME_FIELD(termios, abi_termios, c_iflag);
SAME_FIELD(termios, abi_termios, c_oflag);
SAME_FIELD(termios, abi_termios, c_cflag);
SAME_FIELD(termios, abi_termios, c_lflag);
SAME_FIELD(termios, abi_termios, c_line);
SAME_FIELD(termios, abi_termios, c_cc);
_Static_assert(sizeof(struct winsize) == sizeof(struct abi_winsize), "struct winsize size");
SAME_FIELD(winsize, abi_winsize, ws_row);
SAME_FIELD(winsize, abi_winsize, ws_col);

/* readdir() stores d_ino in newlib's ino_t, as stat() does. */
_Static_assert(sizeof(((struct dirent *)0)->d_ino) == sizeof(((struct stat *)0)->st_ino),
               "d_ino and st_ino have the same type");

/* Signal numbers and wait() options: kill() and waitpid() pass them as is. */
#define SAME_VALUE(n) _Static_assert(n == ABI_##n, #n " differs from ABI_" #n)
SAME_VALUE(SIGHUP);  SAME_VALUE(SIGINT);  SAME_VALUE(SIGQUIT); SAME_VALUE(SIGILL);
SAME_VALUE(SIGTRAP); SAME_VALUE(SIGABRT); SAME_VALUE(SIGEMT);  SAME_VALUE(SIGFPE);
SAME_VALUE(SIGKILL); SAME_VALUE(SIGBUS);  SAME_VALUE(SIGSEGV); SAME_VALUE(SIGSYS);
SAME_VALUE(SIGPIPE); SAME_VALUE(SIGALRM); SAME_VALUE(SIGTERM); SAME_VALUE(SIGURG);
SAME_VALUE(SIGSTOP); SAME_VALUE(SIGTSTP); SAME_VALUE(SIGCONT); SAME_VALUE(SIGCHLD);
SAME_VALUE(SIGTTIN); SAME_VALUE(SIGTTOU); SAME_VALUE(SIGIO);   SAME_VALUE(NSIG);
SAME_VALUE(WNOHANG); SAME_VALUE(WUNTRACED);
/* The signals whose numbers differ between newlib's targets. */
SAME_VALUE(SIGWINCH); SAME_VALUE(SIGUSR1); SAME_VALUE(SIGUSR2);

/* mmap() and mprotect() rights and flags. */
SAME_VALUE(PROT_READ); SAME_VALUE(PROT_WRITE); SAME_VALUE(PROT_EXEC);
SAME_VALUE(MAP_SHARED); SAME_VALUE(MAP_PRIVATE); SAME_VALUE(MAP_FIXED); SAME_VALUE(MAP_ANONYMOUS);

/* Clocks and time structures (kernel/sys/sys_time.c fills them). */
SAME_VALUE(CLOCK_REALTIME); SAME_VALUE(CLOCK_MONOTONIC);
_Static_assert(sizeof(struct timespec) == sizeof(struct abi_timespec_t), "struct timespec size");
_Static_assert(sizeof(struct timeval) == sizeof(struct abi_timeval), "struct timeval size");
_Static_assert(sizeof(struct tms) == sizeof(struct abi_tms), "struct tms size");

/* Sockets (libc/net.c): addresses and option values go to the kernel as they are. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <abi/socket.h>
SAME_VALUE(AF_INET); SAME_VALUE(SOCK_STREAM); SAME_VALUE(SOCK_DGRAM); SAME_VALUE(SOCK_RAW);
SAME_VALUE(SOCK_NONBLOCK); SAME_VALUE(SOCK_CLOEXEC);
SAME_VALUE(SOL_SOCKET); SAME_VALUE(SO_REUSEADDR); SAME_VALUE(SO_TYPE); SAME_VALUE(SO_ERROR);
SAME_VALUE(SO_BROADCAST); SAME_VALUE(SO_SNDBUF); SAME_VALUE(SO_RCVBUF); SAME_VALUE(SO_KEEPALIVE);
SAME_VALUE(SO_RCVTIMEO); SAME_VALUE(SO_SNDTIMEO);
SAME_VALUE(IPPROTO_IP); SAME_VALUE(IPPROTO_ICMP); SAME_VALUE(IPPROTO_TCP); SAME_VALUE(IPPROTO_UDP);
SAME_VALUE(TCP_NODELAY); SAME_VALUE(IP_MULTICAST_TTL); SAME_VALUE(IP_MULTICAST_LOOP);
SAME_VALUE(IP_ADD_MEMBERSHIP); SAME_VALUE(IP_DROP_MEMBERSHIP);
SAME_VALUE(SHUT_RD); SAME_VALUE(SHUT_WR); SAME_VALUE(SHUT_RDWR);
SAME_VALUE(MSG_PEEK); SAME_VALUE(MSG_DONTWAIT);
/* SOCK_NONBLOCK is Linux's 0x800, not newlib's O_NONBLOCK: the kernel turns one into the other.
 * The addresses are Linux's layout (no sin_len byte) and lengths are 32 bits. */
_Static_assert(sizeof(struct sockaddr_in) == sizeof(struct abi_sockaddr_in), "struct sockaddr_in size");
_Static_assert(sizeof(struct sockaddr) == sizeof(struct sockaddr_in), "struct sockaddr size");
SAME_FIELD(sockaddr_in, abi_sockaddr_in, sin_family);
SAME_FIELD(sockaddr_in, abi_sockaddr_in, sin_port);
SAME_FIELD(sockaddr_in, abi_sockaddr_in, sin_addr);
SAME_FIELD(sockaddr_in, abi_sockaddr_in, sin_zero);
_Static_assert(sizeof(struct ip_mreq) == sizeof(struct abi_ip_mreq), "struct ip_mreq size");
SAME_FIELD(ip_mreq, abi_ip_mreq, imr_multiaddr);
SAME_FIELD(ip_mreq, abi_ip_mreq, imr_interface);
_Static_assert(sizeof(socklen_t) == 4, "the kernel reads and writes 4-byte address lengths");

/* poll() and select() (libc/poll.c). */
#include <poll.h>
#include <sys/select.h>
#include <abi/poll.h>
SAME_VALUE(POLLIN); SAME_VALUE(POLLPRI); SAME_VALUE(POLLOUT);
SAME_VALUE(POLLERR); SAME_VALUE(POLLHUP); SAME_VALUE(POLLNVAL);
_Static_assert(sizeof(struct pollfd) == sizeof(struct abi_pollfd), "struct pollfd size");
SAME_FIELD(pollfd, abi_pollfd, fd);
SAME_FIELD(pollfd, abi_pollfd, events);
SAME_FIELD(pollfd, abi_pollfd, revents);
/* The kernel's select reads (nfds + 31) / 32 words of 32 bits from each set. */
_Static_assert(sizeof(fd_mask) == 4 && NFDBITS == 32, "fd_set words are 32 bits");
_Static_assert(sizeof(fd_set) * 8 == FD_SETSIZE && FD_SETSIZE == 64,
               "fd_set holds the 64 descriptors a process may have (the kernel's NOFILE)");
