/*
 * Process figures: fork + _exit + waitpid, and fork + execve + waitpid of
 * two programs: /bin/exit0 (the smallest program we build: main calls
 * _exit) and this program itself with the argument "exit" (a whole
 * newlib-static program, as the rig's glibc-static one).  A loop stops at
 * the first failure and says why in a SKIP line.
 */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

/* One fork + (execve +) wait; 0, or an errno-style reason in *why. */
static int spawn_once(const char *path, char *const argv[], const char **why)
{
    static char *const envp[] = { NULL };
    int st;
    pid_t p = fork();

    if (p < 0) {
        *why = strerror(errno);
        return -1;
    }
    if (p == 0) {
        if (path)
            execve(path, argv, envp);
        _exit(path ? 127 : 0);
    }
    if (waitpid(p, &st, 0) != p) {
        *why = strerror(errno);
        return -1;
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        *why = WIFEXITED(st) ? "child exited non-zero (exec failed?)" : "child killed by a signal";
        return -1;
    }
    return 0;
}

/* Time n spawns per repetition; microseconds per spawn. */
static void time_spawns(const char *name, const char *path, char *const argv[], long n, int reps)
{
    double v[BENCH_MAXREPS];
    const char *why = "";

    if (path && access(path, X_OK) != 0) {
        bench_skip(name, "%s not executable", path);
        return;
    }
    for (int r = 0; r < reps; r++) {
        uint64_t t0 = bench_rdtsc();
        for (long i = 0; i < n; i++)
            if (spawn_once(path, argv, &why) < 0) {
                bench_skip(name, "repetition %d, spawn %ld: %s", r, i, why);
                return;
            }
        v[r] = bench_tsc_ns(t0, bench_rdtsc()) / n / 1000.0;
    }
    bench_report(name, "us", v, reps, n);
}

void fig_fork(int quick)
{
    time_spawns("fork_exit_wait", NULL, NULL, quick ? 50 : 300, quick ? 3 : 7);
}

void fig_exec(int quick, const char *self)
{
    char *const tiny_argv[] = { BENCH_EXEC_TINY, NULL };
    char *const self_argv[] = { (char *)self, "exit", NULL };
    const long n = quick ? 30 : 200;
    const int reps = quick ? 3 : 7;

    time_spawns("fork_execve_tiny_wait", BENCH_EXEC_TINY, tiny_argv, n, reps);
    time_spawns("fork_execve_self_wait", self, self_argv, n, reps);
}
