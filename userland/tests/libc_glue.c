/*
 * libc_glue: exercises the newlib port's system call glue (libc/) against
 * the running kernel, one group of calls at a time: files, directories,
 * processes, pipes, memory, time, signals and system information.  Every
 * check runs even after a failure; the program prints one line per failed
 * check, a summary, and exits 0 only if everything passed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DIR_PATH  "/tmp/libc_glue.d"
#define FILE_PATH DIR_PATH "/file"

static int checks, failures;

#define CHECK(cond) check((cond), #cond, __LINE__)

static void check(int ok, const char *what, int line)
{
    checks++;
    if (!ok) {
        failures++;
        printf("libc_glue: FAIL line %d: %s (errno %d)\n", line, what, errno);
    }
}

static void test_files(void)
{
    struct stat st;
    char buf[16] = "";
    CHECK(mkdir(DIR_PATH, 0755) == 0);
    int fd = open(FILE_PATH, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello, glue", 11) == 11);
    CHECK(lseek(fd, 7, SEEK_SET) == 7);
    CHECK(read(fd, buf, sizeof buf) == 4 && memcmp(buf, "glue", 4) == 0);
    CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 11);
    CHECK(isatty(fd) == 0 && errno == ENOTTY);
    int fd2 = dup(fd);
    CHECK(fd2 > fd && lseek(fd2, 0, SEEK_CUR) == 11);     /* dup shares the offset */
    CHECK(dup2(fd, 20) == 20 && close(20) == 0);
    CHECK(close(fd2) == 0 && close(fd) == 0);
    CHECK(close(fd) < 0 && errno == EBADF);
    CHECK(stat(FILE_PATH, &st) == 0 && st.st_size == 11);
    CHECK(open("/no/such/file", O_RDONLY) < 0 && errno == ENOENT);
}

static void test_dirs(void)
{
    char cwd[256];
    int found = 0;
    DIR *d = opendir(DIR_PATH);
    CHECK(d != NULL);
    for (struct dirent *e; d && (e = readdir(d)) != NULL; )
        found |= strcmp(e->d_name, "file") == 0 && e->d_type == DT_REG;
    CHECK(found);
    if (d) {
        rewinddir(d);
        CHECK(readdir(d) != NULL);
        CHECK(closedir(d) == 0);
    }
    CHECK(chdir(DIR_PATH) == 0);
    CHECK(getcwd(cwd, sizeof cwd) == cwd && strcmp(cwd, DIR_PATH) == 0);
    CHECK(rename("file", "renamed") == 0 && access("renamed", F_OK) == 0);
    CHECK(unlink("renamed") == 0 && access("renamed", F_OK) < 0);
    CHECK(chdir("/") == 0);
    CHECK(rmdir(DIR_PATH) == 0);
}

static void test_processes(void)
{
    int status = 0, fds[2];
    char buf[8] = "";
    pid_t me = getpid();
    CHECK(me > 0 && getppid() >= 0);
    CHECK(pipe(fds) == 0);
    pid_t child = fork();
    if (child == 0) {
        write(fds[1], getpid() != me ? "child" : "same!", 5);
        _exit(7);
    }
    CHECK(child > 0);
    close(fds[1]);
    CHECK(read(fds[0], buf, sizeof buf) == 5 && memcmp(buf, "child", 5) == 0);
    CHECK(read(fds[0], buf, sizeof buf) == 0);              /* writer gone: end of file */
    close(fds[0]);
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
    CHECK(wait(&status) < 0 && errno == ECHILD);
}

/* Through a volatile, so the compiler cannot elide the malloc() (it may
 * drop an allocation whose contents it can predict). */
static char *volatile heap_block;

static void test_memory(void)
{
    void *before = sbrk(0);
    heap_block = malloc(1 << 20);
    char *big = heap_block;
    CHECK(big != NULL && sbrk(0) > before);
    if (big) {
        memset(big, 0x5a, 1 << 20);
        CHECK(big[0] == 0x5a && big[(1 << 20) - 1] == 0x5a);
        free(big);
    }
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    if (m != MAP_FAILED) {
        CHECK(m[0] == 0 && m[8191] == 0);                   /* anonymous memory is zeroed */
        m[4096] = 1;
        CHECK(munmap(m, 8192) == 0);
    }
}

static void test_time(void)
{
    struct timespec a, b, nap = { 0, 20 * 1000 * 1000 };
    int have_a = clock_gettime(CLOCK_MONOTONIC, &a) == 0;
    CHECK(have_a);
    CHECK(nanosleep(&nap, NULL) == 0);
    int have_b = clock_gettime(CLOCK_MONOTONIC, &b) == 0;
    CHECK(have_b);
    if (have_a && have_b) {
        long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
        CHECK(ns >= 20 * 1000 * 1000);
    }
    CHECK(time(NULL) > 1000000000);                         /* after 2001: the RTC was read */
    struct timespec wall;                                   /* newlib's CLOCK_REALTIME is 1 */
    CHECK(clock_gettime(CLOCK_REALTIME, &wall) == 0 && wall.tv_sec >= time(NULL) - 2);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
    got_usr1 = sig;
}

static void test_signals(void)
{
    struct sigaction sa = { .sa_handler = on_usr1 }, old;
    sigset_t block, prev;
    int status = 0;
    int installed = sigaction(SIGUSR1, &sa, &old) == 0;
    CHECK(installed);
    if (!installed)
        return;                 /* raising SIGUSR1 now would kill us: skip the rest */
    CHECK(raise(SIGUSR1) == 0 && got_usr1 == SIGUSR1);
    got_usr1 = 0;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &block, &prev) == 0);
    kill(getpid(), SIGUSR1);
    CHECK(got_usr1 == 0);                                   /* blocked: still pending */
    CHECK(sigprocmask(SIG_SETMASK, &prev, NULL) == 0);
    CHECK(got_usr1 == SIGUSR1);                             /* delivered on unblocking */
    pid_t child = fork();
    if (child == 0) {
        for (;;)
            pause();
    }
    CHECK(child > 0 && kill(child, SIGTERM) == 0);
    CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
}

static void test_system(void)
{
    struct utsname u;
    CHECK(uname(&u) == 0 && u.sysname[0] != '\0' && strcmp(u.machine, "i686") == 0);
}

int main(void)
{
    test_files();
    test_dirs();
    test_processes();
    test_memory();
    test_time();
    test_signals();
    test_system();
    printf("libc_glue: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
