/*
 * Word expansion: a raw word from the lexer becomes zero or more fields.
 * One left-to-right walk does what POSIX describes as separate steps:
 * tilde, parameter ($VAR ${VAR} ${VAR:-w} ${#VAR} $? $$ $! $# $0-$9 $@),
 * command substitution ($(...) and `...`), arithmetic ($((...)), in
 * arith.c), quote removal, field
 * splitting of unquoted expansion results on $IFS, and pathname
 * expansion (glob.c).  Each character is added together with whether it
 * was quoted: quoted characters are never split and never act as
 * wildcards (the glob pattern gets them backslash-escaped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

struct buf {
    char *s;
    size_t len, cap;
};

struct expander {
    struct strlist *out;    /* finished fields */
    bool split;             /* split unquoted results and glob (words), or not (strings) */
    bool failed;
    struct buf val, pat;    /* the field being built, and it as a glob pattern */
    bool started;           /* the field exists, even if empty ("") */
    bool wild;              /* it has an unquoted * ? or [ */
};

static void buf_add(struct buf *b, char c)
{
    if (b->len + 2 > b->cap) {
        b->cap = b->cap ? b->cap * 2 : 32;
        b->s = xrealloc(b->s, b->cap);
    }
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

static void add_char(struct expander *E, char c, bool quoted)
{
    buf_add(&E->val, c);
    if (quoted && strchr("*?[\\", c))
        buf_add(&E->pat, '\\');
    buf_add(&E->pat, c);
    if (!quoted && strchr("*?[", c))
        E->wild = true;
    E->started = true;
}

/* The field is complete: glob it, or keep it as it is. */
static void end_field(struct expander *E)
{
    if (!E->started)
        return;
    char *val = E->val.s ? E->val.s : xstrdup("");
    if (E->split && E->wild && glob_expand(E->pat.s, E->out) > 0)
        free(val);
    else
        strlist_push(E->out, val);
    free(E->pat.s);
    E->val = E->pat = (struct buf){ 0 };
    E->started = E->wild = false;
}

/* Text produced by an expansion; unquoted, it is split on $IFS. */
static void add_result(struct expander *E, const char *s, bool quoted)
{
    const char *ifs = var_get("IFS");
    if (!ifs)
        ifs = " \t\n";
    for (; *s; s++) {
        if (!quoted && E->split && *ifs && strchr(ifs, *s))
            end_field(E);
        else
            add_char(E, *s, quoted);
    }
}

/* The value of a special or named parameter; "" if unset (NULL for ${x-}). */
static const char *param(const char *name, char *tmp, size_t tmpsize)
{
    if (name[1] == '\0') {
        switch (name[0]) {
        case '?': snprintf(tmp, tmpsize, "%d", sh.status); return tmp;
        case '$': snprintf(tmp, tmpsize, "%d", (int)getpid()); return tmp;
        case '!': if (!sh.last_bg) return NULL;
                  snprintf(tmp, tmpsize, "%d", (int)sh.last_bg); return tmp;
        case '#': snprintf(tmp, tmpsize, "%d", sh.nargs); return tmp;
        case '0': return sh.arg0;
        case '-': return sh.interactive ? "i" : "";
        }
        if (name[0] >= '1' && name[0] <= '9')
            return name[0] - '0' <= sh.nargs ? sh.args[name[0] - '1'] : NULL;
    }
    return var_get(name);
}

/* $@ and $*: the positional parameters joined by spaces (then split). */
static char *all_args(void)
{
    struct buf b = { 0 };
    for (int i = 0; i < sh.nargs; i++) {
        if (i)
            buf_add(&b, ' ');
        for (const char *p = sh.args[i]; *p; p++)
            buf_add(&b, *p);
    }
    return b.s ? b.s : xstrdup("");
}

/* Run src in a child with its output in a pipe; the output without its
 * trailing newlines.  $? becomes the child's status. */
static char *command_output(const char *src)
{
    int fds[2];
    if (pipe(fds) < 0) {
        sh_error("pipe: %s", strerror(errno));
        return xstrdup("");
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (fds[1] != 1) {
            dup2(fds[1], 1);
            close(fds[1]);
        }
        sh.interactive = false;                 /* no job control in here */
        exit_child(exec_string(src, "$(...)"));
    }
    close(fds[1]);
    struct buf b = { 0 };
    char chunk[512];
    ssize_t n;
    while ((n = read(fds[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
        for (ssize_t i = 0; i < n; i++)
            buf_add(&b, chunk[i]);
    close(fds[0]);
    if (pid < 0)
        sh_error("fork: %s", strerror(errno));
    else
        sh.status = jobs_wait(pid);
    while (b.len && b.s[b.len - 1] == '\n')
        b.s[--b.len] = '\0';
    return b.s ? b.s : xstrdup("");
}

static const char *walk(struct expander *E, const char *p, bool in_dq);

/* Where the group opened just before p ends (its closing char); the text
 * was checked by the lexer, so an unbalanced one just runs to the end. */
static const char *group_end(const char *p, char open, char close)
{
    int depth = 1;
    for (; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == '\'' && close != '`' && strchr(p + 1, '\''))
            p = strchr(p + 1, '\'');
        else if (*p == '"' && close != '`') {
            while (p[1] && p[1] != '"')
                p += (p[1] == '\\' && p[2]) ? 2 : 1;
            p += p[1] != '\0';                  /* onto the closing quote */
        }
        else if (*p == close && --depth == 0)
            return p;
        else if (*p == open && open != close)
            depth++;
    }
    return p;
}

/* ${NAME}, ${#NAME}, ${NAME:-word} ${NAME-word} ${NAME:=word} ${NAME:+word} */
static void brace_param(struct expander *E, const char *s, size_t len, bool quoted)
{
    char tmp[24], name[64];
    bool length = len > 1 && s[0] == '#';
    if (length)
        s++, len--;
    size_t nlen = 0;
    while (nlen < len && nlen < sizeof name - 1 && !strchr(":-=+", s[nlen]))
        nlen++;
    memcpy(name, s, nlen);
    name[nlen] = '\0';
    const char *val = param(name, tmp, sizeof tmp);
    const char *op = s + nlen, *end = s + len;
    bool colon = op < end && *op == ':';
    if (colon)
        op++;
    bool use_word = false;
    if (op < end && (*op == '-' || *op == '='))
        use_word = !val || (colon && !*val);
    else if (op < end && *op == '+')
        use_word = val && !(colon && !*val);
    else if (op < end || (nlen == 0 && !length)) {
        sh_error("${%.*s}: bad substitution", (int)len, s);
        E->failed = true;
        return;
    }
    if (length) {
        snprintf(tmp, sizeof tmp, "%zu", val ? strlen(val) : (size_t)0);
        add_result(E, tmp, quoted);
        return;
    }
    if (!use_word) {
        if (op < end && *op == '+')
            val = "";
        add_result(E, val ? val : "", quoted);
        return;
    }
    char *word = strndup(op + 1, (size_t)(end - op - 1));
    char *w = word ? expand_string(word) : NULL;
    if (!w)
        E->failed = true;               /* the inner expansion said why */
    else if (*op == '=')
        var_set(name, w, false);
    add_result(E, w ? w : "", quoted);
    free(w);
    free(word);
}

/* $((expr)), p at the first '('; NULL if it is not one (but $( (...) )). */
static const char *arithmetic(struct expander *E, const char *p, bool quoted)
{
    const char *end = group_end(p + 2, '(', ')');
    if (end[0] != ')' || end[1] != ')')
        return NULL;
    char *src = strndup(p + 2, (size_t)(end - p - 2));
    char *text = src ? expand_string(src) : NULL;
    long v;
    if (text && arith_eval(text, &v)) {
        char tmp[24];
        snprintf(tmp, sizeof tmp, "%ld", v);
        add_result(E, tmp, quoted);
    } else {
        E->failed = true;
    }
    free(text);
    free(src);
    return end + 2;
}

/* p is just after a '$'; returns where the expansion ends. */
static const char *dollar(struct expander *E, const char *p, bool quoted)
{
    char tmp[24];
    const char *after;
    if (p[0] == '(' && p[1] == '(' && (after = arithmetic(E, p, quoted)))
        return after;
    if (*p == '{' || *p == '(') {
        const char *end = group_end(p + 1, *p, *p == '{' ? '}' : ')');
        size_t len = (size_t)(end - p - 1);
        if (*p == '{') {
            brace_param(E, p + 1, len, quoted);
        } else {
            char *src = strndup(p + 1, len), *out = command_output(src ? src : "");
            add_result(E, out, quoted);
            free(out);
            free(src);
        }
        return *end ? end + 1 : end;
    }
    if (*p == '@' || *p == '*') {
        char *all = all_args();
        add_result(E, all, quoted);
        free(all);
        return p + 1;
    }
    if (*p && strchr("?$!#0123456789-", *p)) {
        char name[2] = { *p, '\0' };
        const char *v = param(name, tmp, sizeof tmp);
        add_result(E, v ? v : "", quoted);
        return p + 1;
    }
    size_t n = 0;
    while (var_name_ok(p, n + 1))
        n++;
    if (n == 0) {
        add_char(E, '$', quoted);               /* a lone $ is itself */
        return p;
    }
    char *name = strndup(p, n);
    const char *v = name ? var_get(name) : NULL;
    add_result(E, v ? v : "", quoted);
    free(name);
    return p + n;
}

/* A backslash: outside quotes it quotes any character; inside "..." only
 * $ ` " \ and newline.  Backslash-newline disappears. */
static const char *backslash(struct expander *E, const char *p, bool in_dq)
{
    char c = p[1];
    if (c == '\0') {
        add_char(E, '\\', true);
        return p + 1;
    }
    if (c == '\n')
        return p + 2;
    if (in_dq && !strchr("$`\"\\", c))
        add_char(E, '\\', true);
    add_char(E, c, true);
    return p + 2;
}

/* Expand from p; inside "..." stop at the closing quote (returned). */
static const char *walk(struct expander *E, const char *p, bool in_dq)
{
    static int depth;           /* ${a:-${b:-...}} nesting */
    if (depth > 200) {
        sh_error("expansion nested too deeply");
        E->failed = true;
        return p + strlen(p);
    }
    depth++;
    const char *start = p;
    while (*p && !(in_dq && *p == '"') && !E->failed) {
        if (*p == '\'' && !in_dq) {
            const char *q = strchr(p + 1, '\'');
            E->started = true;
            for (p++; *p && p != q; p++)
                add_char(E, *p, true);
            p = *p ? p + 1 : p;
        } else if (*p == '"' && !in_dq) {
            E->started = true;
            p = walk(E, p + 1, true);
            p = *p ? p + 1 : p;
        } else if (*p == '\\') {
            p = backslash(E, p, in_dq);
        } else if (*p == '$') {
            p = dollar(E, p + 1, in_dq);
        } else if (*p == '`') {
            const char *end = group_end(p + 1, '`', '`');
            char *src = strndup(p + 1, (size_t)(end - p - 1)), *out = command_output(src ? src : "");
            add_result(E, out, in_dq);
            free(out);
            free(src);
            p = *end ? end + 1 : end;
        } else if (*p == '~' && p == start && !in_dq && (p[1] == '/' || p[1] == '\0')) {
            const char *home = var_get("HOME");
            add_result(E, home ? home : "/", true);
            p++;
        } else {
            add_char(E, *p++, in_dq);
        }
    }
    depth--;
    return p;
}

int expand_words(char **raw, int n, struct strlist *out)
{
    struct expander E = { .out = out, .split = true };
    for (int i = 0; i < n && !E.failed; i++) {
        walk(&E, raw[i], false);
        end_field(&E);
    }
    free(E.val.s);
    free(E.pat.s);
    return E.failed ? -1 : 0;
}

char *expand_string(const char *raw)
{
    struct strlist out = { 0 };
    struct expander E = { .out = &out, .split = false };
    walk(&E, raw, false);
    E.started = true;
    end_field(&E);
    char *s = !E.failed && out.n ? out.v[0] : NULL;
    if (!s)
        strlist_free(&out);
    else
        free(out.v);
    return s;
}
