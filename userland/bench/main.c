/*
 * bench: Mosaic's micro-benchmarks, normally the node's first process
 * (`init=/bin/bench`; tools/bench.py boots it and makes the table).
 *
 *   bench            run every figure; as process 1, power off at the end
 *   bench quick      fewer repetitions (from a shell, for a quick look)
 *   bench exit       exit(0) at once (the exec target of fork_execve_self_wait)
 *
 * The first thing main() does is read CLOCK_MONOTONIC, which counts from
 * the kernel's entry (kmain): that is the "kernel start to init" figure.
 * Each group of figures then runs in a child process under a watchdog, so
 * a figure that crashes or hangs gives SKIP lines and the rest still run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define WATCHDOG_S  300     /* a figure group taking longer is killed */
#define STR_(x) #x
#define STR(x) STR_(x)

struct group {
    const char *names[3];   /* the figures it prints, for SKIP lines */
    int which;
};

enum { G_SYSCALL, G_FORK, G_EXEC, G_PINGPONG, G_PIPEBW, G_FAULTS };

static const struct group groups[] = {
    { { "syscall_getppid_int80" }, G_SYSCALL },
    { { "fork_exit_wait" }, G_FORK },
    { { "fork_execve_tiny_wait", "fork_execve_self_wait" }, G_EXEC },
    { { "pipe_pingpong_rtt" }, G_PINGPONG },
    { { "pipe_bw_64k" }, G_PIPEBW },
    { { "pagefault_anon_write", "pagefault_anon_read_zeropage" }, G_FAULTS },
};

static volatile sig_atomic_t watchdog_fired;

static void on_alarm(int sig)
{
    (void)sig;
    watchdog_fired = 1;
}

static void run_group(int which, int quick, const char *self)
{
    switch (which) {
    case G_SYSCALL:  fig_syscall(quick); break;
    case G_FORK:     fig_fork(quick); break;
    case G_EXEC:     fig_exec(quick, self); break;
    case G_PINGPONG: fig_pipe_pingpong(quick); break;
    case G_PIPEBW:   fig_pipe_bandwidth(quick); break;
    case G_FAULTS:   fig_faults(quick); break;
    }
}

/* A SKIP line for each figure of the group (those already printed keep their RESULT). */
static void skip_group(const struct group *g, const char *reason)
{
    for (int i = 0; i < 3 && g->names[i]; i++)
        bench_skip(g->names[i], "%s", reason);
}

/* Wait for the group's process, killing it when the watchdog fires. */
static void wait_group(const struct group *g, pid_t p)
{
    int st = 0;

    watchdog_fired = 0;
    alarm(WATCHDOG_S);
    while (waitpid(p, &st, 0) != p) {
        if (errno != EINTR || watchdog_fired) {
            kill(p, SIGKILL);
            waitpid(p, &st, 0);
            skip_group(g, "no result within " STR(WATCHDOG_S) " s (killed)");
            alarm(0);
            return;
        }
    }
    alarm(0);
    if (WIFSIGNALED(st)) {
        char reason[64];
        snprintf(reason, sizeof reason, "the benchmark died of signal %d", WTERMSIG(st));
        skip_group(g, reason);
    }
    while (waitpid(-1, NULL, WNOHANG) > 0)  /* its orphans, reparented to us */
        ;
}

static void run_all(int quick, const char *self)
{
    for (unsigned i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        fflush(stdout);
        pid_t p = fork();
        if (p < 0) {
            skip_group(&groups[i], "cannot fork the benchmark process");
            continue;
        }
        if (p == 0) {
            run_group(groups[i].which, quick, self);
            fflush(stdout);
            _exit(0);
        }
        wait_group(&groups[i], p);
    }
}

/* As init we may have no descriptors yet: put the console on 0-2. */
static void open_console(void)
{
    if (fcntl(1, F_GETFD) >= 0)
        return;
    for (int fd = 0; fd < 3; fd++)
        if (open("/dev/console", fd == 0 ? O_RDONLY : O_WRONLY) < 0)
            return;
}

static void report_boot(const struct timespec *at_main)
{
    double ms = at_main->tv_sec * 1e3 + at_main->tv_nsec / 1e6;

    bench_report("boot_kernel_to_init_uptime", "ms", &ms, 1, 1);
}

/* Process 1 must not exit: power off, or if that fails, reap forever. */
static _Noreturn void finish_as_init(void)
{
    reboot(RB_POWER_OFF);
    printf("bench: power off failed (errno %d); idling\n", errno);
    fflush(stdout);
    for (;;)
        if (wait(NULL) < 0)
            sleep(1);
}

int main(int argc, char **argv)
{
    struct timespec at_main;
    int have_boot = clock_gettime(CLOCK_MONOTONIC, &at_main) == 0;
    int quick = argc > 1 && strcmp(argv[1], "quick") == 0;
    const char *self = argc > 0 && argv[0][0] == '/' ? argv[0] : "/bin/bench";
    struct sigaction sa;

    if (argc > 1 && strcmp(argv[1], "exit") == 0)
        return 0;
    open_console();
    printf("BENCH start (pid %d)\n", getpid());
    if (getpid() != 1)
        bench_skip("boot_kernel_to_init_uptime", "not started as init");
    else if (have_boot)
        report_boot(&at_main);
    else
        bench_skip("boot_kernel_to_init_uptime", "clock_gettime: %s", strerror(errno));
    if (bench_clock_init() < 0) {
        printf("bench: no TSC rate (no /proc/cpuinfo, no CLOCK_MONOTONIC): cannot time\n");
    } else {
        printf("BENCH tsc_mhz=%.3f (%s)\n", bench_tsc_mhz(), bench_tsc_source());
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;       /* no SA_RESTART: waitpid returns EINTR */
        sigaction(SIGALRM, &sa, NULL);
        run_all(quick, self);
    }
    printf("BENCH done\n");
    fflush(stdout);
    if (getpid() == 1)
        finish_as_init();
    return 0;
}
