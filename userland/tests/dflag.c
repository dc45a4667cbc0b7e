/*
 * dflag: the CPU state a process leaves behind when it enters the kernel
 * must not matter.  With the direction flag set (std) the kernel must not
 * copy backwards (its memcpy is `rep movs`); with null DS and ES the kernel
 * must not fault (the system call path keeps the caller's flat segments
 * when it can).
 */
#include "check.h"

/* read(fd, buf, n) with DF set for the duration of the int $0x80. */
static long read_with_df(int fd, void *buf, unsigned n)
{
    long r;

    __asm__ volatile("std\n\tint $0x80\n\tcld"
                     : "=a"(r) : "a"(SYS_read), "b"(fd), "c"(buf), "d"(n) : "memory", "cc");
    return r;
}

/* In a child: getpid with DS = ES = 0, then put them back from SS and exit 0.
 * (Real CPUs fault on a memory access through a null DS; QEMU's TCG does not,
 * so under QEMU this part only proves the path survives odd selectors.) */
static void null_segments(void)
{
    pid_t pid = fork();
    int status = -1;

    if (pid == 0) {
        long r;
        __asm__ volatile("movw $0, %%dx\n\tmovw %%dx, %%ds\n\tmovw %%dx, %%es\n\t"
                         "int $0x80\n\t"
                         "movw %%ss, %%dx\n\tmovw %%dx, %%ds\n\tmovw %%dx, %%es"
                         : "=a"(r) : "a"(SYS_getpid) : "edx", "memory");
        _exit(r == getpid() ? 0 : 1);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
}

int main(void)
{
    static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP";
    char guard_before[16], buf[64], guard_after[16];
    int fds[2];

    memset(guard_before, 'G', sizeof(guard_before));
    memset(guard_after, 'G', sizeof(guard_after));
    memset(buf, 0, sizeof(buf));
    CHECK(pipe(fds) == 0);
    CHECK(write(fds[1], text, 64) == 64);
    CHECK(read_with_df(fds[0], buf, 64) == 64);
    CHECK(memcmp(buf, text, 64) == 0);
    for (unsigned i = 0; i < sizeof(guard_before); i++)
        CHECK(guard_before[i] == 'G' && guard_after[i] == 'G');
    null_segments();
    return check_status();
}
