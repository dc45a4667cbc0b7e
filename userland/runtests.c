/*
 * runtests: the regression suite's runner.  Runs every program in
 * /bin/tests (sorted by name), or only the ones named on the command line,
 * each in a child of its own with a time limit, and prints one line per
 * test ("PASS name", "FAIL name (exit N | signal N | timeout)") and then
 * "N passed, N failed".  A failing test does not stop the run.
 *
 * Around the whole run it compares free memory (/proc/meminfo): a drop of
 * more than LEAK_TOLERANCE_KIB is reported as "FAIL memory (leaked N KiB)",
 * otherwise "PASS memory"; either counts in the summary.  Free space inside the kernel heap counts as free memory,
 * since the heap never shrinks; the tolerance covers other caches.
 *
 * As pid 1 (init=/bin/runtests) it also reaps orphans and powers the
 * machine off at the end; from a shell it exits 0 if everything passed.
 * Usage: runtests [-t SECONDS] [NAME...]
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEST_DIR            "/bin/tests"
#define MAX_TESTS           128
#define DEFAULT_LIMIT       60      /* seconds a test may run */
#define KILL_GRACE          5       /* seconds to wait for a killed test to die */
#define LEAK_TOLERANCE_KIB  64      /* kernel caches, page tables kept for reuse ... */

static char *tests[MAX_TESTS];
static int ntests;
static volatile sig_atomic_t alarm_rang;
static pid_t current;               /* the running test, for SIGINT */

static void on_alarm(int sig)
{
    (void)sig;
    alarm_rang = 1;
}

/* ^C from a shell: take the running test (and its group) down with us. */
static void on_interrupt(int sig)
{
    if (current > 0) {
        kill(-current, SIGKILL);
        kill(current, SIGKILL);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fill tests[] with the names in TEST_DIR, sorted. */
static int list_tests(void)
{
    DIR *d = opendir(TEST_DIR);
    struct dirent *e;

    if (!d) {
        printf("runtests: cannot open %s (errno %d)\n", TEST_DIR, errno);
        return -1;
    }
    while ((e = readdir(d)) != NULL && ntests < MAX_TESTS)
        if (e->d_name[0] != '.')
            tests[ntests++] = strdup(e->d_name);
    closedir(d);
    qsort(tests, ntests, sizeof(tests[0]), by_name);
    return 0;
}

/* Free memory as the suite counts it: MemFree plus the kernel heap's free space (KiB). */
struct mem { long free, heap, heap_used; };

static long meminfo_field(const char *buf, const char *name)
{
    const char *at = strstr(buf, name);

    return at ? strtol(at + strlen(name), NULL, 10) : -1;
}

static int mem_read(struct mem *m)
{
    char buf[1024];
    int fd = open("/proc/meminfo", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    m->free = meminfo_field(buf, "MemFree:");
    m->heap = meminfo_field(buf, "KernelHeap:");
    m->heap_used = meminfo_field(buf, "KernelHeapUsed:");
    if (m->heap < 0 || m->heap_used < 0)
        m->heap = m->heap_used = 0;
    return m->free < 0 ? -1 : 0;
}

static long mem_available(const struct mem *m)
{
    return m->free + (m->heap - m->heap_used);
}

/* Reap children that are not the running test (orphans, when we are pid 1). */
static void reap_others(void)
{
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
}

/* In the child: a process group of its own (so the whole test can be killed), default signals. */
static void exec_test(const char *name)
{
    char path[256];
    sigset_t none;

    setpgid(0, 0);
    signal(SIGALRM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    snprintf(path, sizeof path, "%s/%s", TEST_DIR, name);
    char *argv[] = { path, NULL };
    execv(path, argv);
    printf("runtests: cannot run %s (errno %d)\n", path, errno);
    fflush(stdout);
    _exit(127);
}

/* Wait for pid, reaping others meanwhile; 0 with *status, or -1 when the alarm rang. */
static int wait_test(pid_t pid, int *status)
{
    for (;;) {
        pid_t r = waitpid(-1, status, 0);
        if (r == pid)
            return 0;
        if (r > 0)
            continue;                       /* an orphan handed to us */
        if (errno == EINTR && alarm_rang)
            return -1;
        if (errno == ECHILD)                /* cannot happen: the test is our child */
            return *status = 0x7f00, 0;
    }
}

/* Run one test; prints its line and returns 1 if it passed. */
static int run_test(const char *name, unsigned limit)
{
    int status = 0;
    char why[64];
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0)
        exec_test(name);
    if (pid < 0) {
        printf("FAIL %s (fork: errno %d)\n", name, errno);
        return 0;
    }
    setpgid(pid, pid);                      /* also here, so kill(-pid) works at once */
    current = pid;
    alarm_rang = 0;
    alarm(limit);
    int finished = wait_test(pid, &status) == 0;
    if (!finished) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        alarm_rang = 0;
        alarm(KILL_GRACE);
        if (wait_test(pid, &status) < 0) {
            alarm(0);
            current = 0;
            printf("FAIL %s (timeout; still alive after SIGKILL)\n", name);
            return 0;
        }
    }
    alarm(0);
    current = 0;
    kill(-pid, SIGKILL);                    /* anything the test left running */
    reap_others();
    if (!finished)
        snprintf(why, sizeof why, "timeout");
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return printf("PASS %s\n", name), 1;
    else if (WIFEXITED(status))
        snprintf(why, sizeof why, "exit %d", WEXITSTATUS(status));
    else
        snprintf(why, sizeof why, "signal %d", WTERMSIG(status));
    printf("FAIL %s (%s)\n", name, why);
    return 0;
}

/* Memory after the run, given a few seconds for the last exits to be cleaned up. */
static int check_memory(const struct mem *before)
{
    struct mem after = *before;
    long leaked = 0;

    for (int tries = 0; tries < 30; tries++) {
        reap_others();
        if (mem_read(&after) < 0)
            break;
        leaked = mem_available(before) - mem_available(&after);
        if (leaked <= LEAK_TOLERANCE_KIB)
            break;
        usleep(100 * 1000);
    }
    printf("memory: MemFree %ld -> %ld KiB, kernel heap used %ld -> %ld KiB of %ld -> %ld "
           "(tolerance %d KiB)\n", before->free, after.free, before->heap_used, after.heap_used,
           before->heap, after.heap, LEAK_TOLERANCE_KIB);
    if (leaked > LEAK_TOLERANCE_KIB) {
        printf("FAIL memory (leaked %ld KiB)\n", leaked);
        return 0;
    }
    printf("PASS memory\n");
    return 1;
}

static int known(const char *name)
{
    for (int i = 0; i < ntests; i++)
        if (strcmp(tests[i], name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    unsigned limit = DEFAULT_LIMIT;
    int first = 1, passed = 0, failed = 0;
    struct mem before;
    struct sigaction sa = { .sa_handler = on_alarm };

    if (argc > 2 && strcmp(argv[1], "-t") == 0) {
        limit = (unsigned)atoi(argv[2]);
        first = 3;
    }
    sigaction(SIGALRM, &sa, NULL);
    if (getpid() != 1)
        signal(SIGINT, on_interrupt);
    printf("runtests: starting\n");
    int listed = list_tests();
    int have_mem = mem_read(&before) == 0;
    if (!have_mem)
        printf("runtests: no /proc/meminfo: memory is not checked\n");
    if (listed == 0 && first == argc)
        for (int i = 0; i < ntests; i++)
            run_test(tests[i], limit) ? passed++ : failed++;
    for (int i = first; i < argc; i++) {
        if (listed == 0 && !known(argv[i])) {
            printf("FAIL %s (no such test)\n", argv[i]);
            failed++;
        } else {
            run_test(argv[i], limit) ? passed++ : failed++;
        }
    }
    if (listed < 0)
        failed++;
    if (have_mem)
        check_memory(&before) ? passed++ : failed++;
    printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    if (getpid() == 1) {
        reboot(RB_POWER_OFF);
        for (;;)                            /* pid 1 must never exit */
            pause();
    }
    return failed ? 1 : 0;
}
