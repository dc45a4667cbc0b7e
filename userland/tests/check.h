/*
 * check.h: the small framework every program in userland/tests/ shares.
 *
 * A test is a program that exits 0 when everything it checked held.
 * CHECK(expr) prints file:line and the failed expression (with errno) and
 * keeps going, so one run shows every broken thing, not just the first;
 * check_status() is the exit status to return from main.  A test that
 * forks runs its checks in the child too: it forks with check_fork()
 * (the child starts with a clean count) and ends the child with
 * check_child_exit(), which turns the child's own failures into its exit
 * status for the parent to CHECK.
 *
 * Failures go to stderr, which is unbuffered, so nothing is lost or
 * printed twice when a test forks or is killed.  sys_raw() makes a system
 * call without the libc glue in between: the tests of bad pointers need
 * the kernel's own answer (-EFAULT), not libc's checks or errno.
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <abi/syscall.h>

static int check_failures;

static inline void check_fail(const char *file, int line, const char *what)
{
    int e = errno;

    check_failures++;
    fprintf(stderr, "%s:%d: CHECK failed: %s (errno %d, pid %d)\n", file, line, what, e, getpid());
    errno = e;
}

/* Keep going after a failure; the expression is evaluated exactly once. */
#define CHECK(expr) ((expr) ? (void)0 : check_fail(__FILE__, __LINE__, #expr))

/* expr must fail the C way: -1 with errno == err. */
#define CHECK_ERR(expr, err) \
    do { errno = 0; long r_ = (long)(expr); int e_ = errno; \
         if (r_ != -1 || e_ != (err)) { \
             fprintf(stderr, "%s:%d: CHECK failed: %s gave %ld errno %d, expected -1 errno %d (%s)\n", \
                     __FILE__, __LINE__, #expr, r_, e_, (err), #err); \
             check_failures++; } } while (0)

/* A raw system call must return -err (sys_raw() results, no errno involved). */
#define CHECK_RAW(expr, err) \
    do { long r_ = (long)(expr); \
         if (r_ != -(err)) { \
             fprintf(stderr, "%s:%d: CHECK failed: %s returned %ld, expected -%s (%d)\n", \
                     __FILE__, __LINE__, #expr, r_, #err, -(err)); \
             check_failures++; } } while (0)

/* A wait status must say "exited with code" / "killed by sig". */
#define CHECK_EXITED(status, code) \
    do { int s_ = (status); \
         if (!WIFEXITED(s_) || WEXITSTATUS(s_) != (code)) { \
             fprintf(stderr, "%s:%d: CHECK failed: %s: status %#x, expected exit %d\n", \
                     __FILE__, __LINE__, #status, s_, (code)); \
             check_failures++; } } while (0)
#define CHECK_KILLED(status, sig) \
    do { int s_ = (status); \
         if (!WIFSIGNALED(s_) || WTERMSIG(s_) != (sig)) { \
             fprintf(stderr, "%s:%d: CHECK failed: %s: status %#x, expected signal %d (%s)\n", \
                     __FILE__, __LINE__, #status, s_, (sig), #sig); \
             check_failures++; } } while (0)

/* main's return value: 0 if every CHECK passed. */
static inline int check_status(void)
{
    return check_failures ? 1 : 0;
}

/* End a forked child: its failures become exit status 1 (no stdio flush). */
static inline void check_child_exit(void)
{
    _exit(check_failures ? 1 : 0);
}

/* fork() for a child that runs CHECKs of its own: it starts with no failures. */
static inline pid_t check_fork(void)
{
    pid_t pid = fork();

    if (pid == 0)
        check_failures = 0;
    return pid;
}

/* Run fn in a child and return its wait status (-1 if fork failed). */
static inline int check_in_child(void (*fn)(void))
{
    int status = -1;
    pid_t pid = check_fork();

    if (pid == 0) {
        fn();
        check_child_exit();
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return status;
}

/* int $0x80 with up to five arguments; the kernel's raw result (-errno on failure). */
static inline long sys_raw(long n, long a, long b, long c, long d, long e)
{
    long ret;

    __asm__ __volatile__("int $0x80"
                         : "=a"(ret)
                         : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                         : "memory", "cc");
    return ret;
}

/* The same with six: EBP cannot be an asm operand, so the sixth goes through the stack. */
static inline long sys_raw6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;

    __asm__ __volatile__("pushl %7\n\t"
                         "pushl %%ebp\n\t"
                         "movl 4(%%esp), %%ebp\n\t"
                         "int $0x80\n\t"
                         "popl %%ebp\n\t"
                         "addl $4, %%esp"
                         : "=a"(ret)
                         : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "g"(f)
                         : "memory", "cc");
    return ret;
}

static inline long check_meminfo_field(const char *buf, const char *name)
{
    const char *at = strstr(buf, name);

    return at ? strtol(at + strlen(name), NULL, 10) : 0;
}

/*
 * Free memory in KiB as the suite counts it (runtests does the same):
 * MemFree plus the free space inside the kernel heap, which grows but
 * never gives pages back.  -1 if /proc/meminfo cannot be read.  Uses no
 * stdio and no malloc, so calling it does not change the answer.
 */
static inline long check_mem_free_kib(void)
{
    char buf[512];
    int fd = open("/proc/meminfo", O_RDONLY);
    long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    if (!strstr(buf, "MemFree:"))
        return -1;
    return check_meminfo_field(buf, "MemFree:") + check_meminfo_field(buf, "KernelHeap:") -
           check_meminfo_field(buf, "KernelHeapUsed:");
}

#endif
