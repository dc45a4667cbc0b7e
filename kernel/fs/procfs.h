/*
 * procfs (kernel/fs/procfs.c): /proc files whose text is made when they
 * are opened.  A subsystem registers a generator for a path, e.g.
 *
 *     static int gen_load(struct procbuf *b, void *arg)
 *     { return procbuf_printf(b, "%u\n", load); }
 *     procfs_register("hpc/nodes/1/load", gen_load, NULL);
 *
 * Readers see a snapshot taken at open; a write handler (admin switches)
 * gets each write() in one piece.  Per-process directories /proc/<pid>
 * come from a provider the process layer installs.  Generators and
 * handlers run without the VFS lock, so they may take their own locks.
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include <stddef.h>

struct procbuf;                         /* growable text, up to PROCBUF_MAX */
#define PROCBUF_MAX (1024 * 1024)

/* Append formatted text; 0, or -ENOMEM (the text so far is kept). */
int procbuf_printf(struct procbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append raw bytes (cmdline's NUL-separated words). */
int procbuf_write(struct procbuf *b, const void *data, size_t n);

/* Return 0 or -EXXX (the open fails with it). */
typedef int (*procfs_gen_t)(struct procbuf *b, void *arg);
/* Return the bytes taken (normally n) or -EXXX. */
typedef long (*procfs_write_t)(const char *buf, unsigned long n, void *arg);

/*
 * Add /proc/<path>; path is relative and may contain directories, which
 * are made as needed.  gen NULL makes a write-only file; write NULL a
 * read-only one.  May be called before vfs_init.  0, -EEXIST, -EINVAL or
 * -ENOMEM.
 */
int procfs_register(const char *path, procfs_gen_t gen, void *arg);
int procfs_register_rw(const char *path, procfs_gen_t gen, procfs_write_t write, void *arg);

/*
 * The process layer's hook for /proc/<pid>/<file>.  next_pid lists the
 * live processes (the smallest pid greater than after, -1 when there is
 * none); files names what every pid directory holds (NULL-terminated);
 * gen fills one of them (-ENOENT or -ESRCH if the process is gone);
 * write, if set, makes them writable (e.g. /proc/<pid>/goto).  next_pid
 * runs with the VFS lock held, so it must not sleep (a spinlock is fine);
 * gen and write run without it and may sleep.  None may call the VFS.
 */
struct procfs_pid_provider {
    int (*next_pid)(int after);
    const char *const *files;
    int (*gen)(int pid, const char *file, struct procbuf *b);
    long (*write)(int pid, const char *file, const char *buf, unsigned long n);
};
/* Install p (static storage), or NULL to remove; returns the previous one. */
const struct procfs_pid_provider *procfs_set_pid_provider(const struct procfs_pid_provider *p);

/*
 * /proc/loadavg: the scheduler reports its averages (in hundredths: 150
 * prints as 1.50), the running and total process counts and the last pid.
 */
struct procfs_loadavg {
    unsigned avg[3];
    unsigned running, total;
    int last_pid;
};
void procfs_set_loadavg(const struct procfs_loadavg *la);

#endif
