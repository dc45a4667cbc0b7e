/*
 * Where command text comes from, and the read-parse-run loop.  An input
 * is the terminal (through the line editor), a script file (buffered) or
 * standard input that is not a terminal (read a byte at a time, so that
 * a command the script runs can read the lines after it, as in other
 * shells).  Lines are collected until they parse: "if true" waits for
 * its "fi", an open quote for its closing one, with the $PS2 prompt.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define INPUT_BUF 512

struct input {
    int fd;
    bool interactive;           /* line editor and prompts */
    bool buffered;              /* a file only the shell reads */
    char buf[INPUT_BUF];
    size_t len, pos;
};

struct input *input_fd(int fd, bool interactive)
{
    struct input *in = xmalloc(sizeof *in);
    *in = (struct input){ .fd = fd, .interactive = interactive, .buffered = fd != 0 };
    return in;
}

void input_free(struct input *in)
{
    free(in);
}

/* A growing string for lines and the text being collected. */
struct text {
    char *s;
    size_t len, cap;
};

static void text_add(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = xrealloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static int next_byte(struct input *in)
{
    if (in->pos == in->len) {
        ssize_t n;
        size_t want = in->buffered ? sizeof in->buf : 1;
        while ((n = read(in->fd, in->buf, want)) < 0 && errno == EINTR)
            ;
        if (n <= 0)
            return -1;
        in->len = (size_t)n;
        in->pos = 0;
    }
    return (unsigned char)in->buf[in->pos++];
}

/* One line without its newline; NULL at end of input.  NUL bytes are
 * dropped: shell text cannot hold them. */
static char *read_line(struct input *in)
{
    struct text t = { 0 };
    int c;
    bool any = false;
    while ((c = next_byte(in)) >= 0) {
        any = true;
        if (c == '\n')
            break;
        if (c != '\0') {
            char ch = (char)c;
            text_add(&t, &ch, 1);
        }
    }
    if (!any)
        return NULL;
    return t.s ? t.s : xstrdup("");
}

char *read_plain_line(int fd)
{
    struct input in = { .fd = fd };
    return read_line(&in);
}

char *input_line(struct input *in, const char *prompt)
{
    if (in->interactive)
        return lineedit_read(in->fd, prompt);
    return read_line(in);
}

static const char *prompt(bool continuation)
{
    const char *p = var_get(continuation ? "PS2" : "PS1");
    return p ? p : continuation ? "> " : "$ ";
}

/* Parse and run what has been collected: the parse status (after
 * running it if it was PARSE_OK). */
static enum parse_status run_text(struct input *in, struct text *t, int *status)
{
    struct arena *a = arena_new();
    struct node *n;
    enum parse_status st = parse(a, t->s, &n);
    if (st != PARSE_INCOMPLETE && in->interactive && t->len > 1) {
        t->s[t->len - 1] = '\0';                /* history without the newline */
        history_add(t->s);
    }
    if (st == PARSE_OK)
        *status = exec_node(n);
    else if (st == PARSE_ERROR)
        *status = sh.status = 2;
    arena_free(a);
    return st;
}

/* Read, parse and run commands until the input ends (or, in a script, a
 * syntax error).  Returns the status of the last command. */
int run_input(struct input *in)
{
    struct text t = { 0 };
    int status = sh.status;
    for (;;) {
        if (in->interactive && t.len == 0)
            jobs_reap(true);
        char *line = input_line(in, prompt(t.len > 0));
        if (!line) {
            if (t.len > 0) {
                sh_error("syntax error: unexpected end of file");
                status = sh.status = 2;
            }
            break;
        }
        if (in->interactive && lineedit_cancelled()) {
            free(line);                         /* ^C drops what was collected */
            t.len = 0;
            status = sh.status = 130;
            continue;
        }
        text_add(&t, line, strlen(line));
        text_add(&t, "\n", 1);
        free(line);
        enum parse_status st = run_text(in, &t, &status);
        if (st == PARSE_INCOMPLETE)
            continue;
        t.len = 0;
        if (st == PARSE_ERROR && !in->interactive)
            break;                              /* a broken script stops */
    }
    free(t.s);
    return status;
}
