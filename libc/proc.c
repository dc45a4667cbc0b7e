/*
 * Process calls: creation and exit (fork, execve and the exec helpers,
 * _exit), waiting (wait, waitpid), identity (getpid and friends, process
 * groups, sessions) and sched_yield.  getpid() is the home pid wherever
 * the process runs (DESIGN.md section 3); that is the kernel's business.
 * Wait statuses are Linux's encoding, (code << 8) | signal, which newlib's
 * <sys/wait.h> macros already decode.
 */
#include <errno.h>
#include <stdarg.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <abi/fcntl.h>

#include "syscall.h"

void _exit(int status)
{
    for (;;)
        SYSCALL_RAW(SYS_exit, status);
}

pid_t fork(void)
{
    return SYSCALL(SYS_fork);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    return SYSCALL(SYS_execve, path, argv, envp);
}

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

/* Try FILE in one PATH directory; returns only if the exec failed. */
static void exec_in(const char *dir, size_t dirlen, const char *file, char *const argv[])
{
    char path[ABI_PATH_MAX];
    size_t flen = strlen(file);
    if (dirlen + 1 + flen + 1 > sizeof path) {
        errno = ENAMETOOLONG;
        return;
    }
    memcpy(path, dir, dirlen);
    path[dirlen] = '/';
    memcpy(path + dirlen + 1, file, flen + 1);
    execve(path, argv, environ);
}

/*
 * Search $PATH (default "/bin") for FILE unless it contains a '/'.  As in
 * other libcs, a "not there" error moves on to the next directory and any
 * other error (EACCES, ENOEXEC...) is remembered and reported at the end.
 */
int execvp(const char *file, char *const argv[])
{
    if (*file == '\0')
        return __set_errno(ENOENT);
    if (strchr(file, '/'))
        return execve(file, argv, environ);
    const char *p = getenv("PATH");
    int saved = ENOENT;
    for (p = p ? p : "/bin"; ; p++) {
        const char *end = strchr(p, ':');
        if (!end)
            end = p + strlen(p);
        exec_in(end > p ? p : ".", end > p ? (size_t)(end - p) : 1, file, argv);
        if (errno != ENOENT && errno != ENOTDIR)
            saved = errno;
        if (*end == '\0')
            break;
        p = end;
    }
    return __set_errno(saved);
}

/* The list forms: collect the arguments (up to EXECL_MAX) into an argv. */
#define EXECL_MAX 64

static int collect(const char *arg0, va_list ap, char **argv, char ***envp)
{
    int n = 0;

    for (const char *a = arg0; a; a = va_arg(ap, const char *)) {
        if (n == EXECL_MAX)
            return __set_errno(E2BIG);
        argv[n++] = (char *)a;
    }
    argv[n] = NULL;
    if (envp)
        *envp = va_arg(ap, char **);
    return 0;
}

int execl(const char *path, const char *arg0, ...)
{
    char *argv[EXECL_MAX + 1];
    va_list ap;
    int r;

    va_start(ap, arg0);
    r = collect(arg0, ap, argv, NULL);
    va_end(ap);
    return r < 0 ? r : execve(path, argv, environ);
}

int execlp(const char *file, const char *arg0, ...)
{
    char *argv[EXECL_MAX + 1];
    va_list ap;
    int r;

    va_start(ap, arg0);
    r = collect(arg0, ap, argv, NULL);
    va_end(ap);
    return r < 0 ? r : execvp(file, argv);
}

int execle(const char *path, const char *arg0, ...)
{
    char *argv[EXECL_MAX + 1], **envp;
    va_list ap;
    int r;

    va_start(ap, arg0);
    r = collect(arg0, ap, argv, &envp);
    va_end(ap);
    return r < 0 ? r : execve(path, argv, envp);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    return SYSCALL(SYS_waitpid, pid, status, options);
}

pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}

pid_t getpid(void)
{
    return SYSCALL(SYS_getpid);
}

pid_t getppid(void)
{
    return SYSCALL(SYS_getppid);
}

int setpgid(pid_t pid, pid_t pgid)
{
    return SYSCALL(SYS_setpgid, pid, pgid);
}

pid_t getpgid(pid_t pid)
{
    return SYSCALL(SYS_getpgid, pid);
}

pid_t getpgrp(void)
{
    return SYSCALL(SYS_getpgrp);
}

pid_t setsid(void)
{
    return SYSCALL(SYS_setsid);
}

int sched_yield(void)
{
    return SYSCALL(SYS_sched_yield);
}

/* One user, root, until the kernel has credentials. */
uid_t getuid(void)  { return 0; }
uid_t geteuid(void) { return 0; }
gid_t getgid(void)  { return 0; }
gid_t getegid(void) { return 0; }
