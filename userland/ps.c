/*
 * ps [-ef | aux ...]: list the processes, from /proc/<pid>/stat (Linux's
 * "pid (comm) S ppid pgrp ..." line) and /proc/<pid>/cmdline; options are
 * accepted and ignored, since every process is always shown.  A process
 * can exit while we read it, and a kernel may offer only some of the
 * files, so each is optional: /proc/<pid>/status is tried when stat is
 * missing, the command name stands in for an empty cmdline (shown as
 * [name], as for kernel threads), and "?" for anything unknown.
 */
#define PROG "ps"
#include <ctype.h>
#include <dirent.h>

#include "util.h"

#define PROC_TEXT 1024          /* enough for one stat/status/cmdline file */

struct proc_info {
    int pid, ppid, pgrp;
    char state;
    char name[64];
    char cmdline[PROC_TEXT];
};

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static ssize_t read_proc(int pid, const char *file, char *buf, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
    return util_read_file(path, buf, size);
}

/* "pid (comm) S ppid pgrp ..."; the name may hold spaces and ')'. */
static bool parse_stat(struct proc_info *p)
{
    char text[PROC_TEXT];
    if (read_proc(p->pid, "stat", text, sizeof text) <= 0)
        return false;
    char *open = strchr(text, '('), *close = strrchr(text, ')');
    if (!open || !close || close < open)
        return false;
    snprintf(p->name, sizeof p->name, "%.*s", (int)(close - open - 1), open + 1);
    sscanf(close + 1, " %c %d %d", &p->state, &p->ppid, &p->pgrp);
    return true;
}

/* "Key:\tvalue" lines. */
static const char *status_field(const char *text, const char *key)
{
    size_t kl = strlen(key);
    for (const char *l = text; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
        if (strncmp(l, key, kl) == 0 && l[kl] == ':')
            return l + kl + 1 + strspn(l + kl + 1, " \t");
    return NULL;
}

static bool parse_status(struct proc_info *p)
{
    char text[PROC_TEXT];
    if (read_proc(p->pid, "status", text, sizeof text) <= 0)
        return false;
    const char *v;
    if ((v = status_field(text, "Name")))
        snprintf(p->name, sizeof p->name, "%.*s", (int)strcspn(v, "\n"), v);
    if ((v = status_field(text, "State")))
        p->state = *v;
    if ((v = status_field(text, "PPid")))
        p->ppid = atoi(v);
    if ((v = status_field(text, "Pgid")))
        p->pgrp = atoi(v);
    return true;
}

/* NUL-separated words joined by spaces; empty if unreadable. */
static void read_cmdline(struct proc_info *p)
{
    ssize_t n = read_proc(p->pid, "cmdline", p->cmdline, sizeof p->cmdline);
    if (n <= 0) {
        p->cmdline[0] = '\0';
        return;
    }
    while (n > 0 && p->cmdline[n - 1] == '\0')
        n--;
    for (ssize_t i = 0; i < n; i++)
        if (p->cmdline[i] == '\0' || p->cmdline[i] == '\n')
            p->cmdline[i] = ' ';
    p->cmdline[n] = '\0';
}

static void show(int pid)
{
    struct proc_info p = { .pid = pid, .ppid = -1, .pgrp = -1, .state = '?', .name = "?" };
    if (!parse_stat(&p) && !parse_status(&p)) {
        char probe[8];
        if (read_proc(pid, "cmdline", probe, sizeof probe) < 0)
            return;                     /* gone, or nothing to say about it */
    }
    read_cmdline(&p);
    char ppid[12] = "?", pgrp[12] = "?";
    if (p.ppid >= 0)
        snprintf(ppid, sizeof ppid, "%d", p.ppid);
    if (p.pgrp >= 0)
        snprintf(pgrp, sizeof pgrp, "%d", p.pgrp);
    printf("%5d %5s %5s %c    ", p.pid, ppid, pgrp, p.state);
    if (p.cmdline[0])
        printf("%s\n", p.cmdline);
    else
        printf("[%s]\n", p.name);
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    DIR *d = opendir("/proc");
    if (!d)
        util_die("cannot open /proc: %s", strerror(errno));
    int *pids = NULL, n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!all_digits(e->d_name))
            continue;
        if (n == cap && !(pids = realloc(pids, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *pids)))
            util_die("out of memory");
        pids[n++] = atoi(e->d_name);
    }
    closedir(d);
    if (n == 0)
        util_die("no processes in /proc (no /proc/<pid> directories)");
    qsort(pids, (size_t)n, sizeof *pids, by_int);
    printf("  PID  PPID  PGRP STAT COMMAND\n");
    for (int i = 0; i < n; i++)
        show(pids[i]);
    free(pids);
    return fflush(stdout) ? 1 : 0;
}
