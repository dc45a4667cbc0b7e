/*
 * oom: using up all memory ends in ENOMEM for the caller or in the death
 * of the process that used it, never in a kernel panic; afterwards the
 * memory is back and the system works.
 *
 * Each hog runs in a child: malloc until NULL, mmap until MAP_FAILED,
 * one huge heap touched page by page, read() from /dev/zero into a buffer
 * bigger than RAM (the kernel faults the pages in), two hogs at once, a
 * fork while a hog holds nearly everything, and a file in /tmp grown until
 * write fails.  A hog may end with exit 0 (it saw the failure) or be
 * killed by SIGSEGV or SIGKILL; anything else, or a bystander dying, fails.
 */
#include <sys/mman.h>
#include "check.h"

#define MIB (1u << 20)
#define HOG_OK 0

/* volatile: the compiler must neither drop these stores nor the mallocs behind them */
static void touch(volatile char *p, size_t len)
{
    for (size_t i = 0; i < len; i += 4096)
        p[i] = 1;
}

static char *volatile last_block;

static void hog_malloc(void)
{
    char *p;
    size_t total = 0;

    while ((p = last_block = malloc(MIB)) != NULL) {
        touch(p, MIB);
        total += MIB;
    }
    _exit(errno == ENOMEM && total > 0 ? HOG_OK : 1);
}

static void hog_mmap(void)
{
    char *p;

    while ((p = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) != MAP_FAILED)
        touch(p, MIB);
    _exit(errno == ENOMEM ? HOG_OK : 1);
}

static void hog_brk(void)
{
    char *p = sbrk(512 * MIB);                          /* far more than there is */

    if (p == (char *)-1)
        _exit(errno == ENOMEM ? HOG_OK : 1);
    touch(p, 512 * MIB);
    _exit(2);                                           /* 512 MiB cannot all be there */
}

/* The kernel touches the pages (copyout) instead of the program. */
static void hog_read(void)
{
    char *p = sbrk(512 * MIB);
    int fd = open("/dev/zero", O_RDONLY);

    if (p == (char *)-1 || fd < 0)
        _exit(errno == ENOMEM ? HOG_OK : 1);
    for (size_t done = 0; done < 512 * MIB; ) {
        ssize_t r = read(fd, p + done, 4 * MIB);
        if (r <= 0)
            _exit(r < 0 && (errno == EFAULT || errno == ENOMEM) ? HOG_OK : 1);
        done += (size_t)r;
    }
    _exit(2);
}

/* Run hog in a child; it must exit HOG_OK or die of SIGSEGV/SIGKILL. */
static void expect_contained(const char *name, void (*hog)(void))
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        alarm(60);
        hog();
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    int ok = (WIFEXITED(status) && WEXITSTATUS(status) == HOG_OK) ||
             (WIFSIGNALED(status) && (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGKILL));
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "oom: %s: status %#x\n", name, status);
}

static void two_at_once(void)
{
    pid_t a = fork();

    if (a == 0) {
        alarm(60);
        hog_malloc();
    }
    pid_t b = fork();
    if (b == 0) {
        alarm(60);
        hog_mmap();
    }
    for (int i = 0; i < 2; i++) {
        int status = -1;
        pid_t pid = wait(&status);
        CHECK(pid == a || pid == b);
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == HOG_OK) ||
              (WIFSIGNALED(status) && (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGKILL)));
    }
}

/* A hog that keeps what it got and waits; meanwhile we fork. */
static void fork_while_full(void)
{
    int p[2], status = -1;
    char c = 0;

    CHECK(pipe(p) == 0);
    pid_t hog = fork();
    if (hog == 0) {
        char *m;
        alarm(60);
        close(p[0]);
        while ((m = mmap(NULL, 256 * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
               != MAP_FAILED)
            touch(m, 256 * 1024);
        write(p[1], "f", 1);                            /* full: tell the parent */
        for (;;)
            pause();
    }
    close(p[1]);
    ssize_t r = read(p[0], &c, 1);                      /* 0 if the hog was killed instead */
    close(p[0]);
    for (int i = 0; i < 20; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(3);
        if (pid < 0) {
            CHECK(errno == ENOMEM || errno == EAGAIN);
            continue;
        }
        CHECK(waitpid(pid, &status, 0) == pid);
        /* the child may die of the shortage (SIGSEGV) but must not take us with it */
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 3) ||
              (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV));
    }
    if (r == 1)
        kill(hog, SIGKILL);
    CHECK(waitpid(hog, &status, 0) == hog);
}

static void fill_tmp(void)
{
    static char block[64 * 1024];
    int fd = open("/tmp/oom.fill", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    ssize_t r;
    long total = 0;

    CHECK(fd >= 0);
    memset(block, 'f', sizeof block);
    while ((r = write(fd, block, sizeof block)) > 0)
        total += r;
    CHECK(r == -1 && (errno == ENOSPC || errno == ENOMEM) && total > 0);
    close(fd);
    CHECK(unlink("/tmp/oom.fill") == 0);
}

/* Free memory comes back within a few seconds of each hog's end. */
static void memory_back(long before, const char *after_what)
{
    long now = check_mem_free_kib();

    for (int tries = 0; tries < 30 && now < before - 64; tries++) {
        usleep(100 * 1000);
        now = check_mem_free_kib();
    }
    CHECK(now >= before - 64);
    if (now < before - 64)
        fprintf(stderr, "oom: after %s: %ld KiB free, %ld before\n", after_what, now, before);
}

int main(void)
{
    volatile char stack[64 * 1024];                     /* our own stack, present in advance */
    stack[0] = stack[sizeof stack - 1] = 0;
    long before = check_mem_free_kib();

    expect_contained("malloc", hog_malloc);
    memory_back(before, "malloc");
    expect_contained("mmap", hog_mmap);
    memory_back(before, "mmap");
    expect_contained("brk", hog_brk);
    memory_back(before, "brk");
    expect_contained("read into the heap", hog_read);
    memory_back(before, "read");
    two_at_once();
    memory_back(before, "two hogs");
    fork_while_full();
    memory_back(before, "fork while full");
    fill_tmp();
    memory_back(before, "filling /tmp");
    return check_status();
}
