/*
 * Execution: walks the tree parse.c built.  Lists and loops run in the
 * shell; a pipeline forks one child per command, joined by pipes, as one
 * job (jobs.c); a lone builtin, assignment or compound command runs in
 * the shell itself with its redirections undone afterwards (redir.c), so
 * `cd' and `x=1' stick.  Words are expanded (expand.c) just before a
 * command runs: by the shell for a lone command, by each child in a
 * pipeline.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define SH_PATH "/bin/sh"       /* runs files the kernel will not (ENOEXEC) */
#define DESCRIBE_MAX 80         /* job text shown by `jobs' */

_Noreturn void exit_child(int status)
{
    fflush(stdout);
    fflush(stderr);
    _exit(status & 0xff);
}

/* Is this raw word NAME=value?  Its length up to '=' then. */
static size_t assignment_len(const char *raw)
{
    const char *eq = strchr(raw, '=');
    return eq && var_name_ok(raw, (size_t)(eq - raw)) ? (size_t)(eq - raw) : 0;
}

static int count_assignments(struct node *c)
{
    int n = 0;
    while (n < c->nwords && assignment_len(c->words[n]))
        n++;
    return n;
}

/* NAME=value words; export for the environment of a command. */
static int do_assignments(struct node *c, int n, bool export)
{
    for (int i = 0; i < n; i++) {
        size_t len = assignment_len(c->words[i]);
        char *name = strndup(c->words[i], len), *value = expand_string(c->words[i] + len + 1);
        int r = name && value ? var_set(name, value, export) : -1;
        free(name);
        free(value);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* execve, and for a file the kernel does not run, sh FILE. */
static int try_exec(const char *path, char **argv, char **env)
{
    execve(path, argv, env);
    if (errno != ENOEXEC)
        return errno;
    int argc = 0;
    while (argv[argc])
        argc++;
    char **sargv = xmalloc((size_t)(argc + 2) * sizeof *sargv);
    sargv[0] = "sh";
    sargv[1] = (char *)path;
    memcpy(sargv + 2, argv + 1, (size_t)argc * sizeof *sargv);
    execve(SH_PATH, sargv, env);
    free(sargv);
    return ENOEXEC;
}

/* Search $PATH for argv[0] and exec it; only returns in the sense of
 * exiting with 127 (not found) or 126 (found but not runnable). */
_Noreturn void exec_external(char **argv)
{
    char **env = vars_environ();
    /* `[' is /bin/test under another argv[0] (test then wants the `]'). */
    const char *name = strcmp(argv[0], "[") == 0 ? "test" : argv[0];
    int err = ENOENT;
    if (strchr(name, '/')) {
        err = try_exec(name, argv, env);
    } else {
        const char *path = var_get("PATH");
        for (const char *p = path ? path : "/bin"; ; ) {
            const char *end = strchr(p, ':');
            size_t dl = end ? (size_t)(end - p) : strlen(p);
            char *full = xmalloc(dl + strlen(name) + 3);
            sprintf(full, "%.*s/%s", (int)dl, dl ? p : ".", name);
            int e = try_exec(full, argv, env);
            free(full);
            if (e != ENOENT && e != ENOTDIR)
                err = e;            /* found but failed: report that */
            if (!end || err != ENOENT)
                break;
            p = end + 1;
        }
    }
    if (err == ENOENT)
        sh_error("%s: not found", name);
    else
        sh_error("%s: %s", name, strerror(err));
    exit_child(err == ENOENT ? 127 : 126);
}

/* A simple command in a child: the shell's state is a copy, so
 * assignments are exported straight into it before exec. */
static _Noreturn void child_simple(struct node *c)
{
    int na = count_assignments(c);
    struct strlist argv = { 0 };
    if (do_assignments(c, na, true) < 0 || expand_words(c->words + na, c->nwords - na, &argv) < 0 ||
        redir_apply(c->redirs, NULL) < 0)
        exit_child(1);
    if (argv.n == 0)
        exit_child(0);
    builtin_fn b = builtin_find(argv.v[0]);
    if (b)
        exit_child(b(argv.n, argv.v));
    exec_external(argv.v);
}

/* What one process of a job runs, after fork.  Compound commands apply
 * their own redirections (run_compound); a subshell's are applied here. */
static _Noreturn void run_in_child(struct node *n)
{
    sh.interactive = false;         /* a child shell does no job control */
    if (n->type == N_CMD)
        child_simple(n);
    if (n->type == N_SUBSHELL) {
        if (redir_apply(n->redirs, NULL) < 0)
            exit_child(1);
        n = n->kids[0];
    }
    exit_child(exec_node(n));
}

/* "cmd args | cmd2" from the raw words, for `jobs'. */
static void describe(struct node *n, char *buf, size_t size)
{
    size_t len = strlen(buf);
    if (n->type == N_PIPE) {
        describe(n->kids[0], buf, size);
        len = strlen(buf);
        snprintf(buf + len, size - len, " | ");
        describe(n->kids[1], buf, size);
    } else if (n->type == N_CMD) {
        for (int i = 0; i < n->nwords && len < size; i++, len = strlen(buf))
            snprintf(buf + len, size - len, "%s%s", i ? " " : "", n->words[i]);
    } else {
        snprintf(buf + len, size - len, "(...)");
    }
}

/* The commands of a pipeline, left to right. */
static int flatten(struct node *n, struct node ***cmds, int count)
{
    if (n->type == N_PIPE) {
        count = flatten(n->kids[0], cmds, count);
        return flatten(n->kids[1], cmds, count);
    }
    *cmds = xrealloc(*cmds, (size_t)(count + 1) * sizeof **cmds);
    (*cmds)[count] = n;
    return count + 1;
}

/* Fork cmds[0..n) joined by pipes as one job; wait unless background. */
static int run_job(struct node *whole, struct node **cmds, int n, bool background)
{
    char text[DESCRIBE_MAX] = "";
    describe(whole, text, sizeof text);
    struct job *j = job_new(text, background);
    int in = -1;
    for (int i = 0; i < n; i++) {
        int p[2] = { -1, -1 };
        if (i < n - 1 && pipe(p) < 0) {
            sh_error("pipe: %s", strerror(errno));
            break;
        }
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            job_child_setup(j);
            if (in > 0) {               /* (0 only if the shell had no stdin) */
                dup2(in, 0);
                close(in);
            }
            if (p[1] >= 0) {
                close(p[0]);
                if (p[1] != 1) {
                    dup2(p[1], 1);
                    close(p[1]);
                }
            }
            run_in_child(cmds[i]);
        }
        if (pid < 0)
            sh_error("fork: %s", strerror(errno));
        else
            job_add(j, pid);
        if (in >= 0)
            close(in);
        if (p[1] >= 0)
            close(p[1]);
        in = p[0];
        if (pid < 0)
            break;
    }
    if (in >= 0)
        close(in);
    if (background) {
        job_start_bg(j);
        return 0;
    }
    return job_wait_fg(j);
}

/* A lone simple command: builtins and assignments in the shell, the rest
 * in one child with the words already expanded. */
static int run_simple(struct node *c)
{
    int na = count_assignments(c);
    struct strlist argv = { 0 };
    int status;
    if (expand_words(c->words + na, c->nwords - na, &argv) < 0) {
        strlist_free(&argv);
        return 1;
    }
    builtin_fn b = argv.n ? builtin_find(argv.v[0]) : NULL;
    if (argv.n == 0 || b) {
        struct saved_fds save = { .n = 0 };
        sh.status = 0;                  /* x=$(false) leaves $? at 1 */
        if (do_assignments(c, na, false) < 0 || redir_apply(c->redirs, &save) < 0)
            status = 1;
        else
            status = b ? b(argv.n, argv.v) : sh.status;
        redir_restore(&save);
    } else {
        status = run_job(c, &c, 1, false);
    }
    strlist_free(&argv);
    return status;
}

static int run_for(struct node *n)
{
    struct strlist items = { 0 };
    if (n->has_in && expand_words(n->words, n->nwords, &items) < 0) {
        strlist_free(&items);
        return 1;
    }
    if (!n->has_in)
        for (int i = 0; i < sh.nargs; i++)
            strlist_push(&items, xstrdup(sh.args[i]));
    int status = 0;
    sh.loop_depth++;
    for (int i = 0; i < items.n; i++) {
        var_set(n->name, items.v[i], false);
        status = exec_node(n->kids[0]);
        sh.continuing = false;
        if (sh.breaking) {
            sh.breaking--;
            break;
        }
    }
    sh.loop_depth--;
    strlist_free(&items);
    return status;
}

static int run_while(struct node *n)
{
    int status = 0;
    sh.loop_depth++;
    for (;;) {
        int cond = exec_node(n->kids[0]);
        if (sh.breaking || (cond == 0) == n->negate)
            break;
        status = exec_node(n->kids[1]);
        sh.continuing = false;
        if (sh.breaking)
            break;
    }
    if (sh.breaking)
        sh.breaking--;
    sh.loop_depth--;
    return status;
}

/* if/while/for/{} inside the shell, with their redirections around them. */
static int run_compound(struct node *n)
{
    struct saved_fds save = { .n = 0 };
    int status = 1;
    if (redir_apply(n->redirs, &save) == 0) {
        if (n->type == N_IF)
            status = exec_node(n->kids[0]) == 0 ? exec_node(n->kids[1])
                     : n->kids[2] ? exec_node(n->kids[2]) : 0;
        else if (n->type == N_WHILE)
            status = run_while(n);
        else if (n->type == N_GROUP)
            status = exec_node(n->kids[0]);
        else
            status = run_for(n);
    }
    redir_restore(&save);
    return status;
}

static int run_pipeline(struct node *n, bool background)
{
    if (!background && n->type == N_CMD)
        return run_simple(n);
    if (!background && (n->type == N_IF || n->type == N_WHILE || n->type == N_FOR || n->type == N_GROUP))
        return run_compound(n);
    struct node **cmds = NULL;
    int count = flatten(n, &cmds, 0);
    if (background && count == 1)
        cmds[0] = n;                    /* `a && b &': one child runs it all */
    int status = run_job(n, cmds, count, background);
    free(cmds);
    return status;
}

static bool loop_control(void)
{
    return sh.breaking || sh.continuing;
}

int exec_node(struct node *n)
{
    int s;
    if (!n)
        return sh.status;
    switch (n->type) {
    case N_SEQ:
        s = exec_node(n->kids[0]);
        return loop_control() ? s : exec_node(n->kids[1]);
    case N_AND:
    case N_OR:
        s = exec_node(n->kids[0]);
        if (!loop_control() && (s == 0) == (n->type == N_AND))
            s = exec_node(n->kids[1]);
        return s;
    case N_NOT:
        s = !exec_node(n->kids[0]);
        break;
    case N_BG:
        s = run_pipeline(n->kids[0], true);
        break;
    default:
        s = run_pipeline(n, false);
    }
    sh.status = s;
    return s;
}

/* Parse and run a whole string (sh -c, $(...)); 2 on a syntax error. */
int exec_string(const char *src, const char *what)
{
    struct arena *a = arena_new();
    struct node *n;
    enum parse_status st = parse(a, src, &n);
    if (st == PARSE_INCOMPLETE)
        sh_error("%s: syntax error: unexpected end of text", what);
    int status = st == PARSE_OK ? exec_node(n) : 2;
    arena_free(a);
    return status;
}
