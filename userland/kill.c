/*
 * kill [-s NAME | -NAME | -N] PID...  send a signal (default TERM) to
 * processes; a negative PID (after `--' or a signal option) names a
 * process group.  kill -l lists the signal names.  Numbers are newlib's
 * (<signal.h>), which are the kernel's ABI.
 */
#define PROG "kill"
#include <ctype.h>
#include <signal.h>
#include <strings.h>

#include "util.h"

static const struct {
    const char *name;
    int num;
} sigs[] = {
    { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
    { "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
    { "BUS", SIGBUS }, { "SEGV", SIGSEGV }, { "SYS", SIGSYS }, { "PIPE", SIGPIPE },
    { "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "URG", SIGURG }, { "STOP", SIGSTOP },
    { "TSTP", SIGTSTP }, { "CONT", SIGCONT }, { "CHLD", SIGCHLD }, { "TTIN", SIGTTIN },
    { "TTOU", SIGTTOU }, { "WINCH", SIGWINCH }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
};
#define NSIGS ((int)(sizeof sigs / sizeof sigs[0]))

/* "TERM", "SIGTERM", "term" or "15"; -1 if none of those. */
static int signal_number(const char *s)
{
    long n;
    if (util_parse_long(s, &n))
        return n >= 0 && n < NSIG ? (int)n : -1;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (int i = 0; i < NSIGS; i++)
        if (strcasecmp(s, sigs[i].name) == 0)
            return sigs[i].num;
    return -1;
}

static void list_signals(void)
{
    for (int i = 0; i < NSIGS; i++)
        printf("%2d) SIG%-6s%s", sigs[i].num, sigs[i].name, i % 4 == 3 || i == NSIGS - 1 ? "\n" : "  ");
}

int main(int argc, char **argv)
{
    int sig = SIGTERM, i = 1;
    if (i < argc && strcmp(argv[i], "-l") == 0) {
        list_signals();
        return 0;
    }
    if (i + 1 < argc && strcmp(argv[i], "-s") == 0) {
        if ((sig = signal_number(argv[i + 1])) < 0)
            util_die("%s: invalid signal", argv[i + 1]);
        i += 2;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1] && !isdigit((unsigned char)argv[i][1]) &&
               strcmp(argv[i], "--") != 0) {
        if ((sig = signal_number(argv[i] + 1)) < 0)
            util_die("%s: invalid signal", argv[i] + 1);
        i++;
    } else if (i < argc && argv[i][0] == '-' && isdigit((unsigned char)argv[i][1]) && i + 1 < argc) {
        sig = signal_number(argv[i] + 1);   /* -9 PID: a signal number, not a group */
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i == argc) {
        fprintf(stderr, "usage: kill [-s SIGNAL | -SIGNAL] PID... | kill -l\n");
        return 2;
    }
    int status = 0;
    for (; i < argc; i++) {
        long pid;
        if (!util_parse_long(argv[i], &pid) || pid == 0) {
            util_warn("%s: arguments must be process or job IDs", argv[i]);
            status = 1;
        } else if (kill((pid_t)pid, sig) < 0) {
            util_warn("(%ld) - %s", pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
