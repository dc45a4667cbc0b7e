/*
 * Pipes.  Readers sleep while the buffer is empty and a writer exists;
 * writers sleep while it is full and a reader exists.  With no reader left
 * a write fails with -EPIPE and raises SIGPIPE; with no writer left a read
 * of an empty pipe returns 0 (end of file).  All state changes happen with
 * interrupts off, which is the pipe's lock on this one-CPU kernel.
 */
#include "kernel/ipc/pipe.h"
#include "kernel/fs/file.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc.h"
#include "kernel/sync.h"
#include "kernel/poll.h"
#include "include/abi/poll.h"
#include "kernel/arch.h"
#include "kernel/mm/kheap.h"
#include "kernel/mm/pmm.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"
#include "include/abi/fcntl.h"
#include "include/abi/signal.h"
#include "include/abi/stat.h"

struct pipe {
    char *buf;
    unsigned size;                  /* of buf: pipe_size() when created */
    unsigned head, len;             /* ring buffer: bytes at head .. head+len */
    unsigned readers, writers;      /* open ends */
    struct waitq can_read, can_write;
};

static void pipe_free_if_unused(struct pipe *p)
{
    if (p->readers || p->writers)
        return;
    kfree(p->buf);
    kfree(p);
}

static long pipe_read(struct file *f, void *buf, unsigned long n)
{
    struct pipe *p = f->priv;
    unsigned long got = 0;

    pushcli();
    while (p->len == 0 && p->writers) {
        if ((f->flags & ABI_O_NONBLOCK) || waitq_sleep(&p->can_read, 0, true) == -EINTR) {
            popcli();
            return (f->flags & ABI_O_NONBLOCK) ? -EAGAIN : -EINTR;
        }
    }
    while (got < n && p->len) {
        unsigned chunk = p->size - p->head;
        if (chunk > p->len)
            chunk = p->len;
        if (chunk > n - got)
            chunk = (unsigned)(n - got);
        memcpy((char *)buf + got, p->buf + p->head, chunk);
        p->head = (p->head + chunk) % p->size;
        p->len -= chunk;
        got += chunk;
    }
    waitq_wake_all(&p->can_write);
    poll_notify();
    popcli();
    return (long)got;
}

/* Copy what fits now; returns bytes copied. Interrupts off. */
static unsigned put(struct pipe *p, const char *src, unsigned n)
{
    unsigned done = 0;

    while (done < n && p->len < p->size) {
        unsigned tail = (p->head + p->len) % p->size;
        unsigned chunk = tail >= p->head ? p->size - tail : p->head - tail;
        if (chunk > p->size - p->len)
            chunk = p->size - p->len;
        if (chunk > n - done)
            chunk = n - done;
        memcpy(p->buf + tail, src + done, chunk);
        p->len += chunk;
        done += chunk;
    }
    return done;
}

static long pipe_write(struct file *f, const void *buf, unsigned long n)
{
    struct pipe *p = f->priv;
    unsigned long done = 0;

    pushcli();
    while (done < n) {
        if (!p->readers) {
            popcli();
            if (proc_current())
                proc_kill(proc_current(), ABI_SIGPIPE);
            return done ? (long)done : -EPIPE;
        }
        bool atomic = n <= PIPE_ATOMIC;
        if (!atomic || p->size - p->len >= n) {
            done += put(p, (const char *)buf + done, (unsigned)(n - done));
            waitq_wake_all(&p->can_read);
            poll_notify();
            if (done == n)
                break;
        }
        if (f->flags & ABI_O_NONBLOCK) {
            popcli();
            return done ? (long)done : -EAGAIN;
        }
        if (waitq_sleep(&p->can_write, 0, true) == -EINTR) {
            popcli();
            return done ? (long)done : -EINTR;
        }
    }
    popcli();
    return (long)done;
}

static void pipe_close_read(struct file *f)
{
    struct pipe *p = f->priv;

    pushcli();
    p->readers--;
    waitq_wake_all(&p->can_write);          /* writers must see EPIPE */
    poll_notify();
    pipe_free_if_unused(p);
    popcli();
}

static void pipe_close_write(struct file *f)
{
    struct pipe *p = f->priv;

    pushcli();
    p->writers--;
    waitq_wake_all(&p->can_read);           /* readers must see end of file */
    poll_notify();
    pipe_free_if_unused(p);
    popcli();
}

static int pipe_stat(struct file *f, struct abi_stat *st)
{
    struct pipe *p = f->priv;

    st->st_mode = ABI_S_IFIFO | 0600;
    st->st_size = (int32_t)p->len;
    st->st_blksize = (int32_t)p->size;
    return 0;
}

static int pipe_ioctl(struct file *f, unsigned long req, void *arg);

static unsigned pipe_poll_read(struct file *f)
{
    struct pipe *p = f->priv;

    return (p->len ? ABI_POLLIN : 0) | (p->writers ? 0 : ABI_POLLHUP);
}

static unsigned pipe_poll_write(struct file *f)
{
    struct pipe *p = f->priv;

    if (!p->readers)
        return ABI_POLLERR;
    return p->size - p->len >= PIPE_ATOMIC ? ABI_POLLOUT : 0;
}

static const struct file_ops read_ops = {
    .read = pipe_read, .close = pipe_close_read, .stat = pipe_stat, .ioctl = pipe_ioctl,
    .poll = pipe_poll_read,
};
static const struct file_ops write_ops = {
    .write = pipe_write, .close = pipe_close_write, .stat = pipe_stat, .ioctl = pipe_ioctl,
    .poll = pipe_poll_write,
};

static int pipe_ioctl(struct file *f, unsigned long req, void *arg)
{
    struct pipe *p = f->priv;
    int n = (int)p->len;

    if (req != 0x541B)                      /* FIONREAD */
        return -ENOTTY;
    memcpy(arg, &n, sizeof(n));
    return 0;
}

/* Bigger buffers mean fewer switches between writer and reader; a board
 * with little RAM keeps them small (RAM / 512, from 16 to 64 KiB). */
static unsigned pipe_size(void)
{
    unsigned want = pmm_total_pages() * 4096u / 512;

    return want >= PIPE_SIZE_MAX ? PIPE_SIZE_MAX : want >= 32768 ? 32768 : PIPE_SIZE_MIN;
}

int pipe_create(struct file **rd, struct file **wr)
{
    struct pipe *p = kzalloc(sizeof(*p));

    if (p)
        p->size = pipe_size();
    if (!p || !(p->buf = kmalloc(p->size))) {
        kfree(p);
        return -ENOMEM;
    }
    p->readers = p->writers = 1;
    *rd = file_alloc(&read_ops, p, ABI_O_RDONLY);
    *wr = file_alloc(&write_ops, p, ABI_O_WRONLY);
    if (!*rd || !*wr) {
        /* closing the ends that exist frees the pipe when both counts reach 0 */
        if (!*rd)
            p->readers = 0;
        if (!*wr)
            p->writers = 0;
        if (*rd)
            file_put(*rd);
        if (*wr)
            file_put(*wr);
        if (!*rd && !*wr)
            pipe_free_if_unused(p);
        return -ENOMEM;
    }
    return 0;
}
