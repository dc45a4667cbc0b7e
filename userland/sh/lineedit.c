/*
 * The line editor for interactive input, and its history.  While a line
 * is read the terminal is put in raw mode (no ICANON, ECHO or ISIG: we
 * see every key, ^C included, and draw the line ourselves); the old
 * settings come back before the command runs.  After every key the whole
 * line is redrawn: CR, prompt, text, erase to end of line, cursor moved
 * back to its place.  That is simple and right as long as the line fits
 * on one screen row.  Keys: arrows, Home/End/Delete, Backspace, ^A ^E ^B
 * ^F ^U ^K ^W ^L, ^C (abandon the line), ^D (EOF on an empty line, else
 * delete), up/down or ^P/^N for history.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define EDIT_MAX    1024        /* longest line the editor holds */
#define HISTORY_MAX 100         /* lines remembered (in memory only) */
#define OUT_FD      2           /* where the prompt and echo go, as in other shells */

enum { K_UP = 0x100, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_DELETE, K_NONE, K_EOF };

#define KEY_CTRL(c) ((c) & 0x1f)

static char *history[HISTORY_MAX];
static int hist_n;
static bool cancelled;          /* the last line ended with ^C */

struct editor {
    int fd;
    const char *prompt;
    char buf[EDIT_MAX];
    size_t len, pos;
    int hist_pos;               /* hist_n = the line being typed */
    char saved[EDIT_MAX];       /* that line, while browsing history */
};

void history_add(const char *line)
{
    if (!*line || (hist_n && strcmp(history[hist_n - 1], line) == 0))
        return;
    if (hist_n == HISTORY_MAX) {
        free(history[0]);
        memmove(history, history + 1, (HISTORY_MAX - 1) * sizeof *history);
        hist_n--;
    }
    history[hist_n++] = xstrdup(line);
}

void history_print(void)
{
    for (int i = 0; i < hist_n; i++)
        printf("%5d  %s\n", i + 1, history[i]);
}

static void out(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(OUT_FD, s, n);
        if (w <= 0 && errno != EINTR)
            return;
        if (w > 0)
            s += w, n -= (size_t)w;
    }
}

static void refresh(struct editor *E)
{
    char tail[32];
    out("\r", 1);
    out(E->prompt, strlen(E->prompt));
    out(E->buf, E->len);
    out("\x1b[K", 3);
    if (E->len > E->pos) {
        int n = snprintf(tail, sizeof tail, "\x1b[%zuD", E->len - E->pos);
        out(tail, (size_t)n);
    }
}

static int read_byte(int fd)
{
    unsigned char c;
    ssize_t n;
    while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
        ;
    return n == 1 ? c : -1;
}

/* ESC [ X, ESC O X and ESC [ n ~ sequences; anything else is ignored. */
static int read_escape(int fd)
{
    int c = read_byte(fd);
    if (c != '[' && c != 'O')
        return c < 0 ? K_EOF : K_NONE;
    c = read_byte(fd);
    switch (c) {
    case 'A': return K_UP;
    case 'B': return K_DOWN;
    case 'C': return K_RIGHT;
    case 'D': return K_LEFT;
    case 'H': return K_HOME;
    case 'F': return K_END;
    }
    if (c < '0' || c > '9')
        return c < 0 ? K_EOF : K_NONE;
    int num = c - '0';
    while ((c = read_byte(fd)) >= '0' && c <= '9')
        num = num * 10 + (c - '0');
    if (c != '~')
        return K_NONE;
    return num == 1 || num == 7 ? K_HOME : num == 4 || num == 8 ? K_END : num == 3 ? K_DELETE : K_NONE;
}

static int read_key(int fd)
{
    int c = read_byte(fd);
    if (c < 0)
        return K_EOF;
    return c == 0x1b ? read_escape(fd) : c;
}

static bool insert(struct editor *E, char c)
{
    if (E->len + 1 >= EDIT_MAX)
        return false;
    memmove(E->buf + E->pos + 1, E->buf + E->pos, E->len - E->pos);
    E->buf[E->pos++] = c;
    E->len++;
    return true;
}

/* Remove n characters starting at from. */
static void erase(struct editor *E, size_t from, size_t n)
{
    memmove(E->buf + from, E->buf + from + n, E->len - from - n);
    E->len -= n;
    if (E->pos > from)
        E->pos = E->pos >= from + n ? E->pos - n : from;
}

static void load(struct editor *E, const char *s)
{
    E->len = E->pos = strlen(s) < EDIT_MAX ? strlen(s) : EDIT_MAX - 1;
    memcpy(E->buf, s, E->len);
}

static void browse(struct editor *E, int dir)
{
    int to = E->hist_pos + dir;
    if (to < 0 || to > hist_n)
        return;
    if (E->hist_pos == hist_n) {
        memcpy(E->saved, E->buf, E->len);
        E->saved[E->len] = '\0';
    }
    E->hist_pos = to;
    load(E, to == hist_n ? E->saved : history[to]);
}

static void delete_word(struct editor *E)
{
    size_t p = E->pos;
    while (p > 0 && E->buf[p - 1] == ' ')
        p--;
    while (p > 0 && E->buf[p - 1] != ' ')
        p--;
    erase(E, p, E->pos - p);
}

/* Apply one key; 1 = line done, -1 = EOF, 0 = keep editing. */
static int edit_key(struct editor *E, int k)
{
    switch (k) {
    case '\r': case '\n':         return 1;
    case K_EOF:                   return -1;
    case KEY_CTRL('D'):
        if (E->len == 0)
            return -1;
        /* fall through */
    case K_DELETE:                if (E->pos < E->len) erase(E, E->pos, 1); break;
    case 127: case KEY_CTRL('H'):     if (E->pos > 0) erase(E, E->pos - 1, 1); break;
    case KEY_CTRL('A'): case K_HOME:  E->pos = 0; break;
    case KEY_CTRL('E'): case K_END:   E->pos = E->len; break;
    case KEY_CTRL('B'): case K_LEFT:  if (E->pos > 0) E->pos--; break;
    case KEY_CTRL('F'): case K_RIGHT: if (E->pos < E->len) E->pos++; break;
    case KEY_CTRL('U'):               erase(E, 0, E->pos); break;
    case KEY_CTRL('K'):               E->len = E->pos; break;
    case KEY_CTRL('W'):               delete_word(E); break;
    case KEY_CTRL('P'): case K_UP:    browse(E, -1); break;
    case KEY_CTRL('N'): case K_DOWN:  browse(E, +1); break;
    case KEY_CTRL('L'):               out("\x1b[H\x1b[2J", 7); break;
    case KEY_CTRL('C'):
        E->pos = E->len;
        refresh(E);
        out("^C", 2);
        E->len = E->pos = 0;
        cancelled = true;
        return 1;
    case K_NONE:                  return 0;
    default:
        if (k < 0x20 || k >= 0x100 || k == 127 || !insert(E, (char)k))
            return 0;
        if (E->pos == E->len) {       /* typing at the end: just echo it */
            out(&E->buf[E->pos - 1], 1);
            return 0;
        }
    }
    refresh(E);
    return 0;
}

bool lineedit_cancelled(void)
{
    return cancelled;
}

/* Read one line with editing; falls back to a plain read off a terminal. */
char *lineedit_read(int fd, const char *prompt)
{
    struct termios orig, raw;
    if (tcgetattr(fd, &orig) < 0) {
        out(prompt, strlen(prompt));
        return read_plain_line(fd);
    }
    raw = orig;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(fd, TCSADRAIN, &raw);         /* not TCSAFLUSH: keep type-ahead */

    static struct editor E;
    E = (struct editor){ .fd = fd, .prompt = prompt, .hist_pos = hist_n };
    cancelled = false;
    out(prompt, strlen(prompt));
    int r;
    while ((r = edit_key(&E, read_key(fd))) == 0)
        ;
    if (!cancelled && E.pos != E.len) {
        E.pos = E.len;
        refresh(&E);
    }
    out("\n", 1);
    tcsetattr(fd, TCSADRAIN, &orig);
    if (r < 0)
        return NULL;
    E.buf[E.len] = '\0';
    return xstrdup(E.buf);
}
