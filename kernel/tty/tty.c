/*
 * One terminal for the whole machine, shared by serial and VGA.  Input
 * arrives in interrupt context through tty_input() and goes into a ring
 * buffer; in canonical mode a read waits for a whole line.  Output is
 * written through the kernel log's consoles, with NL turned into CR NL when
 * OPOST|ONLCR are set (the serial driver already adds the CR itself).
 */
#include "kernel/tty/tty.h"
#include "kernel/fs/dev.h"
#include "kernel/fs/file.h"
#include "kernel/log.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sync.h"
#include "kernel/poll.h"
#include "include/abi/poll.h"
#include "kernel/lib/string.h"
#include "drivers/serial.h"
#include "drivers/kbd.h"
#include "include/abi/errno.h"
#include "include/abi/termios.h"
#include "include/abi/signal.h"
#include "include/abi/fcntl.h"

#define TTY_BUF 1024

static struct {
    struct abi_termios t;
    char buf[TTY_BUF];          /* typed bytes not yet read */
    unsigned head, len;         /* ring buffer */
    unsigned lines;             /* complete lines (or EOFs) in buf, canonical mode */
    unsigned edit;              /* bytes of the line being edited (at the end of buf) */
    struct waitq readers;
    int fg_pgrp;
} tty;

static void echo(const char *s, unsigned n)
{
    char tmp[2] = { 0, 0 };

    for (unsigned i = 0; i < n; i++) {
        tmp[0] = s[i];
        kputs(tmp);
    }
}

static void put_byte(char c)
{
    if (tty.len < TTY_BUF) {
        tty.buf[(tty.head + tty.len) % TTY_BUF] = c;
        tty.len++;
    }
}

static void signal_member(struct proc *p, void *arg)
{
    if (p->state == PROC_ALIVE && p->sys.pgid == tty.fg_pgrp)
        proc_kill(p, *(int *)arg);
}

static void signal_fg(int sig)
{
    if (tty.fg_pgrp > 0)
        proc_foreach(signal_member, &sig);
}

/* Canonical-mode editing of the current line; true if c was consumed as an edit. */
static bool edit(char c)
{
    if (c == tty.t.c_cc[ABI_VERASE] || c == '\b') {
        if (tty.edit) {
            tty.edit--, tty.len--;
            if (tty.t.c_lflag & ABI_ECHO)
                echo("\b \b", 3);
        }
        return true;
    }
    if (c == tty.t.c_cc[ABI_VKILL]) {
        while (tty.edit) {
            tty.edit--, tty.len--;
            if (tty.t.c_lflag & ABI_ECHO)
                echo("\b \b", 3);
        }
        return true;
    }
    return false;
}

void tty_input(char c)
{
    struct abi_termios *t = &tty.t;

    if ((t->c_iflag & ABI_ICRNL) && c == '\r')
        c = '\n';
    if ((t->c_lflag & ABI_ISIG) && (c == t->c_cc[ABI_VINTR] || c == t->c_cc[ABI_VQUIT])) {
        echo(c == t->c_cc[ABI_VINTR] ? "^C\n" : "^\\\n", 3);
        tty.len -= tty.edit;                    /* the half-typed line is dropped */
        tty.edit = 0;
        signal_fg(c == t->c_cc[ABI_VINTR] ? ABI_SIGINT : ABI_SIGQUIT);
        return;
    }
    if (!(t->c_lflag & ABI_ICANON)) {
        put_byte(c);
        if (t->c_lflag & ABI_ECHO)
            echo(&c, 1);
        waitq_wake_all(&tty.readers);
        poll_notify();
        return;
    }
    if (edit(c))
        return;
    if (c == t->c_cc[ABI_VEOF]) {               /* ^D: end the line without a newline */
        put_byte(c);
        tty.lines++, tty.edit = 0;
        waitq_wake_all(&tty.readers);
        poll_notify();
        return;
    }
    put_byte(c);
    if (t->c_lflag & ABI_ECHO)
        echo(&c, 1);
    if (c == '\n') {
        tty.lines++, tty.edit = 0;
        waitq_wake_all(&tty.readers);
        poll_notify();
    } else {
        tty.edit++;
    }
}

/* Bytes a read may take now (0 = must wait). */
static unsigned readable(void)
{
    if (tty.t.c_lflag & ABI_ICANON)
        return tty.lines ? tty.len - tty.edit : 0;
    return tty.len;
}

static long tty_read(struct file *f, void *buf, unsigned long n)
{
    char *out = buf;
    unsigned long got = 0;
    int r;

    pushcli();
    while (readable() == 0) {
        if (f->flags & ABI_O_NONBLOCK) {
            popcli();
            return -EAGAIN;
        }
        if (!(tty.t.c_lflag & ABI_ICANON) && tty.t.c_cc[ABI_VMIN] == 0)
            break;                              /* raw, VMIN 0: never wait */
        if ((r = waitq_sleep(&tty.readers, 0, true)) == -EINTR) {
            popcli();
            return -EINTR;
        }
    }
    while (got < n && readable()) {
        char c = tty.buf[tty.head];
        tty.head = (tty.head + 1) % TTY_BUF;
        tty.len--;
        if (tty.t.c_lflag & ABI_ICANON) {
            if (c == tty.t.c_cc[ABI_VEOF]) {    /* EOF marker: ends this read */
                tty.lines--;
                break;
            }
            out[got++] = c;
            if (c == '\n') {
                tty.lines--;
                break;
            }
        } else {
            out[got++] = c;
        }
    }
    popcli();
    return (long)got;
}

static long tty_write(struct file *f, const void *buf, unsigned long n)
{
    char tmp[129];
    const char *s = buf;

    (void)f;
    for (unsigned long done = 0; done < n;) {
        unsigned long k = n - done < 128 ? n - done : 128;
        memcpy(tmp, s + done, k);
        tmp[k] = '\0';
        for (unsigned long i = 0; i < k; i++)   /* a NUL byte would end kputs early */
            if (!tmp[i])
                tmp[i] = ' ';
        kputs(tmp);
        done += k;
    }
    return (long)n;
}

static int tty_ioctl(struct file *f, unsigned long req, void *arg)
{
    (void)f;
    switch (req) {
    case ABI_TCGETS:
        memcpy(arg, &tty.t, sizeof(tty.t));
        return 0;
    case ABI_TCSETS: case ABI_TCSETSW: case ABI_TCSETSF:
        pushcli();
        memcpy(&tty.t, arg, sizeof(tty.t));
        if (req == ABI_TCSETSF)
            tty.len = tty.lines = tty.edit = 0;
        popcli();
        waitq_wake_all(&tty.readers);
        poll_notify();
        return 0;
    case ABI_TIOCGPGRP:
        memcpy(arg, &tty.fg_pgrp, sizeof(int));
        return 0;
    case ABI_TIOCSPGRP:
        memcpy(&tty.fg_pgrp, arg, sizeof(int));
        return 0;
    case ABI_TIOCGWINSZ: {
        struct abi_winsize w = { 25, 80, 0, 0 };
        memcpy(arg, &w, sizeof(w));
        return 0;
    }
    case ABI_FIONREAD: {
        int n = (int)readable();
        memcpy(arg, &n, sizeof(n));
        return 0;
    }
    default:
        return -ENOTTY;
    }
}

static unsigned tty_poll(struct file *f)
{
    (void)f;
    return ABI_POLLOUT | (readable() || (!(tty.t.c_lflag & ABI_ICANON) && tty.t.c_cc[ABI_VMIN] == 0)
                          ? ABI_POLLIN : 0);
}

static const struct file_ops tty_ops = {
    .read = tty_read,
    .write = tty_write,
    .ioctl = tty_ioctl,
    .poll = tty_poll,
};

static void default_termios(struct abi_termios *t)
{
    memset(t, 0, sizeof(*t));
    t->c_iflag = ABI_ICRNL;
    t->c_oflag = ABI_OPOST | ABI_ONLCR;
    t->c_cflag = ABI_B115200 | ABI_CS8 | ABI_CREAD;
    t->c_lflag = ABI_ISIG | ABI_ICANON | ABI_ECHO | ABI_ECHOE | ABI_ECHOK;
    t->c_cc[ABI_VINTR] = 3;             /* ^C */
    t->c_cc[ABI_VQUIT] = 28;            /* ^\ */
    t->c_cc[ABI_VERASE] = 127;          /* DEL, what terminals send for Backspace */
    t->c_cc[ABI_VKILL] = 21;            /* ^U */
    t->c_cc[ABI_VEOF] = 4;              /* ^D */
    t->c_cc[ABI_VMIN] = 1;
    t->c_cc[ABI_VSUSP] = 26;            /* ^Z */
}

void tty_init(void)
{
    default_termios(&tty.t);
    tty.readers = (struct waitq)WAITQ_INIT;
    dev_register("console", &tty_ops, NULL);
    dev_register("tty", &tty_ops, NULL);
    dev_register("ttyS0", &tty_ops, NULL);
    serial_enable_input(tty_input);
    kbd_init(tty_input);
}
