/*
 * efault: every system call that takes a pointer answers -EFAULT when the
 * pointer is bad, and neither crashes the kernel nor half-does its work.
 *
 * The calls are made raw (int $0x80, check.h), so the kernel's answer is
 * seen without libc in between.  "Bad" means: page 0, a page that was
 * unmapped, the kernel's own (mapped!) memory, an object that wraps past
 * 4 GiB, a PROT_NONE page, an object (or a string with no NUL) that starts
 * on a good page and runs into an unmapped one, and, for results the
 * kernel writes, a read-only page.  The calls that take a path
 * also get a path with no NUL for 5000 bytes: ENAMETOOLONG.  The socket
 * calls, poll and select are tried on UDP and TCP sockets on the loopback.  After the
 * failures nothing has changed: no descriptor leaked, no signal action,
 * mask or directory was altered.
 */
#include <sys/mman.h>
#include <time.h>
#include <abi/termios.h>
#include <abi/socket.h>
#include <poll.h>
#include "check.h"

#define PAGE 4096
#define SELF "/bin/tests/efault"

/* Raw calls with fewer arguments. */
#define SYS1(n, a)          sys_raw(n, (long)(a), 0, 0, 0, 0)
#define SYS2(n, a, b)       sys_raw(n, (long)(a), (long)(b), 0, 0, 0)
#define SYS3(n, a, b, c)    sys_raw(n, (long)(a), (long)(b), (long)(c), 0, 0)
#define SYS4(n, a, b, c, d) sys_raw(n, (long)(a), (long)(b), (long)(c), (long)(d), 0)

static char *area;                  /* 4 pages: RW, unmapped, PROT_NONE, read-only */
#define GOOD_END   (area + PAGE)     /* the unmapped page starts here */
#define PROT_NONE_PAGE (area + 2 * PAGE)
#define READ_ONLY  (area + 3 * PAGE)

struct bad { unsigned long ptr; const char *name; };

/* Bad for anything the kernel reads (the last entry, read-only, only for what it writes). */
enum { N_IN = 7, N_OUT = 8 };
static struct bad bad_ptrs[N_OUT];

static void setup(void)
{
    area = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) {
        CHECK(!"mmap for the bad pointers");
        exit(check_status());
    }
    memset(area, 'a', PAGE);                            /* strings there have no NUL */
    CHECK(munmap(GOOD_END, PAGE) == 0);
    CHECK(mprotect(PROT_NONE_PAGE, PAGE, PROT_NONE) == 0);
    CHECK(mprotect(READ_ONLY, PAGE, PROT_READ) == 0);
    struct bad list[N_OUT] = {
        { 0, "page 0" },
        { (unsigned long)GOOD_END + 16, "unmapped" },
        { 0xC0100000ul, "kernel" },
        { 0xFFFFF000ul, "kernel top" },
        { 0xFFFFFFFEul, "wrapping" },
        { (unsigned long)PROT_NONE_PAGE, "PROT_NONE" },
        { (unsigned long)GOOD_END - 2, "straddling" },  /* also: a string with no NUL */
        { (unsigned long)READ_ONLY, "read-only" },
    };
    memcpy(bad_ptrs, list, sizeof list);
}

/* Run body with `bad` set to each of the first n bad pointers; name the pointer on failure. */
#define EACH_BAD(n, ...) \
    for (int i_ = 0; i_ < (n); i_++) { unsigned long bad = bad_ptrs[i_].ptr; int before_ = check_failures; \
        memset(GOOD_END - 64, 'a', 64);     /* a failed copyout may have written part of it */ \
        __VA_ARGS__; \
        if (check_failures != before_) fprintf(stderr, "   (with the %s pointer %#lx)\n", bad_ptrs[i_].name, bad); }

static void paths(void)
{
    static char long_path[5000];

    memset(long_path, 'x', sizeof long_path);
    mkdir("/tmp/efault.d", 0755);
    EACH_BAD(N_IN, {
        CHECK_RAW(SYS3(SYS_open, bad, O_RDONLY, 0), EFAULT);
        CHECK_RAW(SYS3(SYS_open, bad, O_CREAT | O_WRONLY, 0644), EFAULT);
        CHECK_RAW(SYS2(SYS_mkdir, bad, 0755), EFAULT);
        CHECK_RAW(SYS1(SYS_rmdir, bad), EFAULT);
        CHECK_RAW(SYS1(SYS_unlink, bad), EFAULT);
        CHECK_RAW(SYS1(SYS_chdir, bad), EFAULT);
        CHECK_RAW(SYS2(SYS_rename, bad, "/tmp/efault.x"), EFAULT);
        CHECK_RAW(SYS2(SYS_rename, "/tmp/efault.d", bad), EFAULT);
        CHECK_RAW(SYS2(SYS_stat, bad, area), EFAULT);
    });
    CHECK_RAW(SYS3(SYS_open, long_path, O_RDONLY, 0), ENAMETOOLONG);
    CHECK_RAW(SYS1(SYS_chdir, long_path), ENAMETOOLONG);
    CHECK_RAW(SYS2(SYS_stat, long_path, area), ENAMETOOLONG);
    CHECK(access("/tmp/efault.d", F_OK) == 0);          /* the failed renames left it alone */
    CHECK(rmdir("/tmp/efault.d") == 0);
    char cwd[64];
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") == 0);
}

static void buffers(void)
{
    int fd = open("/tmp/efault.f", O_CREAT | O_RDWR | O_TRUNC, 0644);
    int dir = open("/bin", O_RDONLY);
    int tty = open("/dev/console", O_RDWR);
    char buf[1024];

    CHECK(fd >= 0 && dir >= 0 && tty >= 0);
    CHECK(write(fd, "0123456789abcdef", 16) == 16);
    CHECK(chdir("/bin/tests") == 0);                    /* a cwd longer than 2 bytes */
    EACH_BAD(N_IN, {
        CHECK_RAW(SYS3(SYS_write, fd, bad, 16), EFAULT);
        CHECK_RAW(SYS3(SYS_ioctl, tty, ABI_TCSETS, bad), EFAULT);
    });
    EACH_BAD(N_OUT, {
        CHECK(lseek(fd, 0, SEEK_SET) == 0);
        CHECK_RAW(SYS3(SYS_read, fd, bad, 16), EFAULT);
        CHECK(lseek(fd, 0, SEEK_CUR) == 0);             /* a failed read moves no offset */
        CHECK(lseek(dir, 0, SEEK_SET) == 0);
        CHECK_RAW(SYS3(SYS_getdents, dir, bad, 1024), EFAULT);
        CHECK_RAW(SYS2(SYS_fstat, fd, bad), EFAULT);
        CHECK_RAW(SYS2(SYS_stat, "/bin", bad), EFAULT);
        CHECK_RAW(SYS3(SYS_ioctl, tty, ABI_TCGETS, bad), EFAULT);
        CHECK_RAW(SYS3(SYS_ioctl, tty, ABI_TIOCGWINSZ, bad), EFAULT);
        CHECK_RAW(SYS2(SYS_getcwd, bad, 256), EFAULT);
        CHECK_RAW(SYS1(SYS_uname, bad), EFAULT);
        CHECK_RAW(SYS2(SYS_clock_gettime, CLOCK_REALTIME, bad), EFAULT);
        if (bad != 0) {                                 /* NULL: "no result wanted" */
            CHECK_RAW(SYS1(SYS_times, bad), EFAULT);
            CHECK_RAW(SYS2(SYS_gettimeofday, bad, 0), EFAULT);
        }
    });
    CHECK(chdir("/") == 0);
    /* the failed getdents calls lost no entries; the file is intact */
    CHECK(SYS3(SYS_getdents, dir, buf, sizeof buf) > 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 16) == 16 && memcmp(buf, "0123456789abcdef", 16) == 0);
    close(fd);
    close(dir);
    close(tty);
    CHECK(unlink("/tmp/efault.f") == 0);
}

static void descriptors(void)
{
    int lowest = open("/dev/null", O_RDONLY);

    CHECK(lowest >= 0);
    close(lowest);
    EACH_BAD(N_OUT, CHECK_RAW(SYS1(SYS_pipe, bad), EFAULT));
    int again = open("/dev/null", O_RDONLY);
    CHECK(again == lowest);                             /* pipe() leaked no descriptor */
    close(again);
}

static void on_usr1(int sig) { (void)sig; }

static void signal_calls(void)
{
    struct sigaction sa = { .sa_handler = on_usr1 }, now;
    sigset_t mask, mask_now;

    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR2);
    CHECK(sigprocmask(SIG_SETMASK, &mask, NULL) == 0);
    EACH_BAD(N_IN, {
        if (bad != 0) {                                 /* NULL: "no new value" */
            CHECK_RAW(SYS4(SYS_sigaction, SIGUSR1, bad, 0, 0), EFAULT);
            CHECK_RAW(SYS3(SYS_sigprocmask, SIG_BLOCK, bad, 0), EFAULT);
            CHECK_RAW(SYS3(SYS_sigprocmask, SIG_SETMASK, bad, 0), EFAULT);
        }
        CHECK_RAW(SYS2(SYS_nanosleep, bad, 0), EFAULT);
    });
    EACH_BAD(N_OUT, {
        if (bad != 0) {                                 /* NULL: "no old value wanted" */
            CHECK_RAW(SYS4(SYS_sigaction, SIGUSR1, 0, bad, 0), EFAULT);
            CHECK_RAW(SYS3(SYS_sigprocmask, SIG_BLOCK, 0, bad), EFAULT);
        }
    });
    CHECK(sigaction(SIGUSR1, NULL, &now) == 0 && now.sa_handler == on_usr1);
    CHECK(sigprocmask(SIG_SETMASK, NULL, &mask_now) == 0 && mask_now == mask);
    sigemptyset(&mask);
    CHECK(sigprocmask(SIG_SETMASK, &mask, NULL) == 0);
    signal(SIGUSR1, SIG_DFL);
}

/* A datagram from `from` waits on `to` (sent and polled for): 1 if so. */
static int datagram_waiting(int from, int to, const struct abi_sockaddr_in *to_addr)
{
    struct pollfd pfd = { to, POLLIN, 0 };

    return sys_raw6(SYS_sendto, from, (long)"datagram", 8, 0, (long)to_addr, sizeof *to_addr) == 8 &&
           SYS3(SYS_poll, &pfd, 1, 2000) == 1;
}

/* UDP on the loopback: fd is bound to *me, fd2 is not. */
static void udp_calls(int fd, int fd2, struct abi_sockaddr_in *me)
{
    uint32_t len, zero_tv[3] = { 0, 0, 0 };
    int type = 0;

    EACH_BAD(N_IN, {
        CHECK_RAW(SYS3(SYS_bind, fd2, bad, sizeof *me), EFAULT);
        CHECK_RAW(SYS3(SYS_connect, fd2, bad, sizeof *me), EFAULT);
        CHECK_RAW(sys_raw(SYS_setsockopt, fd, ABI_SOL_SOCKET, ABI_SO_REUSEADDR, (long)bad, 4), EFAULT);
        CHECK_RAW(sys_raw(SYS_getsockopt, fd, ABI_SOL_SOCKET, ABI_SO_TYPE, (long)&type, (long)bad), EFAULT);
        CHECK_RAW(SYS3(SYS_poll, bad, 1, 0), EFAULT);
        CHECK_RAW(sys_raw6(SYS_sendto, fd2, (long)bad, 16, 0, (long)me, sizeof *me), EFAULT);
        if (bad != 0) {                     /* NULL: no set / wait for ever / the connected peer */
            CHECK_RAW(sys_raw(SYS_select, 1, (long)bad, 0, 0, (long)zero_tv), EFAULT);
            CHECK_RAW(sys_raw(SYS_select, 1, 0, 0, 0, (long)bad), EFAULT);
            CHECK_RAW(sys_raw6(SYS_sendto, fd2, (long)"x", 1, 0, (long)bad, sizeof *me), EFAULT);
        }
    });
    EACH_BAD(N_OUT, {
        len = sizeof *me;
        CHECK_RAW(sys_raw(SYS_getsockopt, fd, ABI_SOL_SOCKET, ABI_SO_TYPE, (long)bad, (long)&len), EFAULT);
        if (bad != 0) {                     /* NULL: "no address wanted" */
            CHECK_RAW(SYS3(SYS_getsockname, fd, bad, &len), EFAULT);
            CHECK_RAW(SYS3(SYS_getsockname, fd, me, bad), EFAULT);
        }
    });
}

/* recvfrom with a datagram waiting: a bad buffer, a bad place for the sender's address. */
static void recv_calls(int fd, int fd2, struct abi_sockaddr_in *me)
{
    struct abi_sockaddr_in from;
    uint32_t len;
    char buf[8];

    EACH_BAD(N_OUT, {
        CHECK(datagram_waiting(fd2, fd, me));
        CHECK_RAW(sys_raw6(SYS_recvfrom, fd, (long)bad, 8, ABI_MSG_DONTWAIT, 0, 0), EFAULT);
        if (bad == 0)
            continue;                       /* NULL: "no address wanted" */
        len = sizeof from;
        CHECK(datagram_waiting(fd2, fd, me));
        CHECK_RAW(sys_raw6(SYS_recvfrom, fd, (long)buf, 8, ABI_MSG_DONTWAIT, (long)bad, (long)&len), EFAULT);
        CHECK(datagram_waiting(fd2, fd, me));
        CHECK_RAW(sys_raw6(SYS_recvfrom, fd, (long)buf, 8, ABI_MSG_DONTWAIT, (long)&from, (long)bad), EFAULT);
    });
}

/* The socket calls, poll and select, on two UDP sockets on the loopback. */
static void sockets(void)
{
    struct abi_sockaddr_in me = { ABI_AF_INET, 0, 0x0100007f, { 0 } };   /* 127.0.0.1, any port */
    uint32_t len = sizeof me;
    int fd = (int)SYS3(SYS_socket, ABI_AF_INET, ABI_SOCK_DGRAM, 0);
    int fd2 = (int)SYS3(SYS_socket, ABI_AF_INET, ABI_SOCK_DGRAM, 0);

    CHECK(fd >= 0 && fd2 >= 0);
    CHECK(SYS3(SYS_bind, fd, &me, sizeof me) == 0);
    CHECK(SYS3(SYS_getsockname, fd, &me, &len) == 0 && me.sin_port != 0);
    if (fd >= 0 && fd2 >= 0 && me.sin_port != 0) {
        udp_calls(fd, fd2, &me);
        recv_calls(fd, fd2, &me);
    }
    close(fd);
    close(fd2);
}

/* TCP on the loopback: accept4 and getpeername with bad address pointers.
 * A failed accept4 must not leave the new connection's descriptor behind. */
static void accept_bad(void)
{
    struct abi_sockaddr_in at = { ABI_AF_INET, 0, 0x0100007f, { 0 } }, peer;
    uint32_t len = sizeof at;
    int l = (int)SYS3(SYS_socket, ABI_AF_INET, ABI_SOCK_STREAM, 0);

    CHECK(l >= 0 && SYS3(SYS_bind, l, &at, sizeof at) == 0 && SYS2(SYS_listen, l, 8) == 0);
    CHECK(SYS3(SYS_getsockname, l, &at, &len) == 0);
    EACH_BAD(N_OUT, {
        if (bad == 0)
            continue;                                   /* NULL: "no address wanted" */
        int c = (int)SYS3(SYS_socket, ABI_AF_INET, ABI_SOCK_STREAM, 0);
        CHECK(c >= 0 && SYS3(SYS_connect, c, &at, sizeof at) == 0);
        int lowest = open("/dev/null", O_RDONLY);
        close(lowest);
        len = sizeof peer;
        CHECK_RAW(sys_raw(SYS_accept4, l, (long)bad, (long)&len, 0, 0), EFAULT);
        CHECK(open("/dev/null", O_RDONLY) == lowest);  /* no descriptor left behind */
        close(lowest);
        CHECK_RAW(SYS3(SYS_getpeername, c, bad, &len), EFAULT);
        CHECK_RAW(SYS3(SYS_getpeername, c, &peer, bad), EFAULT);
        close(c);
    });
    close(l);
}

/* sigsuspend with a bad mask must fail at once, not sleep: in a child under alarm. */
static void sigsuspend_bad(void)
{
    int status = -1;
    pid_t pid = check_fork();

    if (pid == 0) {
        alarm(5);
        EACH_BAD(N_IN, CHECK_RAW(SYS1(SYS_sigsuspend, bad), EFAULT));
        check_child_exit();
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
}

static void waitpid_bad(void)
{
    EACH_BAD(N_OUT, {
        if (bad == 0)
            continue;                                   /* NULL: "no status wanted" */
        pid_t pid = fork();
        if (pid == 0)
            _exit(3);
        CHECK(pid > 0);
        CHECK_RAW(SYS3(SYS_waitpid, pid, bad, 0), EFAULT);
    });
    while (wait(NULL) > 0)                              /* whatever is left */
        ;
}

/* execve with a bad path, argv, argv string or envp: in a child, since a
 * wrongly successful exec would replace the test (then it exits 77). */
static void execve_bad(void)
{
    int status = -1;
    pid_t pid = check_fork();

    if (pid == 0) {
        static char *env[] = { "A=1", NULL };
        EACH_BAD(N_IN, {
            char *argv_bad_string[] = { "x", "y", (char *)bad, NULL };
            char *env_bad_string[] = { "A=1", (char *)bad, NULL };
            char *argv_ok[] = { "x", "y", NULL };
            CHECK_RAW(SYS3(SYS_execve, bad, argv_ok, env), EFAULT);
            if (bad != 0) {                             /* a NULL there is legal */
                CHECK_RAW(SYS3(SYS_execve, SELF, bad, env), EFAULT);
                CHECK_RAW(SYS3(SYS_execve, SELF, argv_ok, bad), EFAULT);
                CHECK_RAW(SYS3(SYS_execve, SELF, argv_bad_string, env), EFAULT);
                CHECK_RAW(SYS3(SYS_execve, SELF, argv_ok, env_bad_string), EFAULT);
            }
        });
        check_child_exit();
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return 77;          /* started by a wrongly successful execve */
    setup();
    paths();
    buffers();
    descriptors();
    signal_calls();
    sockets();
    accept_bad();
    sigsuspend_bad();
    waitpid_bad();
    execve_bad();
    return check_status();
}
