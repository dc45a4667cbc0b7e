/*
 * Builtins: the commands that must change the shell itself (cd, exit,
 * export, source, wait ...) or are cheaper without a fork (true, :,
 * echo, which is /bin/echo's code from util.h).
 * Each takes argc/argv like main() and returns an exit status; errors go
 * to stderr as "sh: NAME: ...".  exec.c runs them in the shell process,
 * or in a child when they are part of a pipeline.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define PROG "sh"
#include "../util.h"            /* util_echo: the same echo as /bin/echo */

static int bi_true(int argc, char **argv)  { (void)argc, (void)argv; return 0; }
static int bi_false(int argc, char **argv) { (void)argc, (void)argv; return 1; }

/* cd [DIR | -]: no argument goes $HOME; PWD and OLDPWD follow. */
static int bi_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : var_get("HOME");
    bool dash = dir && strcmp(dir, "-") == 0;
    if (dash)
        dir = var_get("OLDPWD");
    if (!dir || !*dir) {
        sh_error("cd: %s not set", dash ? "OLDPWD" : "HOME");
        return 1;
    }
    char old[1024];
    if (!getcwd(old, sizeof old))
        old[0] = '\0';
    if (chdir(dir) < 0) {
        sh_error("cd: %s: %s", dir, strerror(errno));
        return 1;
    }
    char now[1024];
    if (getcwd(now, sizeof now)) {
        var_set("PWD", now, false);
        if (dash)
            printf("%s\n", now);
    }
    if (old[0])
        var_set("OLDPWD", old, false);
    return 0;
}

static int bi_pwd(int argc, char **argv)
{
    (void)argc, (void)argv;
    char buf[1024];
    if (!getcwd(buf, sizeof buf)) {
        sh_error("pwd: %s", strerror(errno));
        return 1;
    }
    printf("%s\n", buf);
    return 0;
}

/* A decimal argument, or -1 (with a message) if it is not one. */
static int number_arg(const char *cmd, const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 0 || v > 0x7fffffff) {
        sh_error("%s: %s: numeric argument required", cmd, s);
        return -1;
    }
    return (int)v;
}

static int bi_exit(int argc, char **argv)
{
    int status = sh.status;
    if (argc > 1 && (status = number_arg("exit", argv[1])) < 0)
        status = 2;
    fflush(NULL);
    exit(status & 0xff);
}

static int bi_export(int argc, char **argv)
{
    int status = 0;
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
        vars_print(true);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) {
            status |= var_export(argv[i]) < 0;
            continue;
        }
        *eq = '\0';
        status |= var_set(argv[i], eq + 1, true) < 0;
        *eq = '=';
    }
    return status;
}

static int bi_unset(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        var_unset(argv[i]);
    return 0;
}

static int bi_set(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        sh_error("set: options are not supported");
        return 2;
    }
    vars_print(false);
    return 0;
}

/* source FILE [ARGS]: run FILE in this shell, with $1... set meanwhile. */
static int bi_source(int argc, char **argv)
{
    if (argc < 2) {
        sh_error("%s: filename argument required", argv[0]);
        return 2;
    }
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        sh_error("%s: %s: %s", argv[0], argv[1], strerror(errno));
        return 1;
    }
    char **old_args = sh.args;
    int old_n = sh.nargs;
    if (argc > 2) {
        sh.args = argv + 2;
        sh.nargs = argc - 2;
    }
    struct input *in = input_fd(fd, false);
    int status = run_input(in);
    input_free(in);
    close(fd);
    sh.args = old_args;
    sh.nargs = old_n;
    return status;
}

static int bi_wait(int argc, char **argv)
{
    if (argc == 1)
        return jobs_wait(0);
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int pid = number_arg("wait", argv[i]);
        status = pid <= 0 ? 2 : jobs_wait(pid);
    }
    return status;
}

static int bi_jobs(int argc, char **argv)
{
    (void)argc, (void)argv;
    jobs_list();
    return 0;
}

static int bi_shift(int argc, char **argv)
{
    int n = argc > 1 ? number_arg("shift", argv[1]) : 1;
    if (n < 0 || n > sh.nargs)
        return 1;
    sh.args += n;
    sh.nargs -= n;
    return 0;
}

/* break [N] / continue: only meaningful inside a loop. */
static int bi_break(int argc, char **argv)
{
    int n = argc > 1 ? number_arg(argv[0], argv[1]) : 1;
    if (sh.loop_depth == 0) {
        sh_error("%s: only meaningful in a loop", argv[0]);
        return 1;
    }
    if (n < 1)
        return 1;
    if (strcmp(argv[0], "continue") == 0)
        sh.continuing = true;
    else
        sh.breaking = n < sh.loop_depth ? n : sh.loop_depth;
    return 0;
}

/* exec CMD ARGS: become CMD (no arguments: nothing to do). */
static int bi_exec(int argc, char **argv)
{
    if (argc < 2)
        return 0;
    fflush(NULL);
    signals_default();
    exec_external(argv + 1);
}

/* read [-r] NAME...: one line from stdin, split on $IFS; the last NAME
 * gets the rest.  Byte by byte, so no input beyond the line is consumed. */
static int bi_read(int argc, char **argv)
{
    int first = argc > 1 && strcmp(argv[1], "-r") == 0 ? 2 : 1;
    bool raw = first == 2;
    char *line = xmalloc(1);
    size_t len = 0;
    char c;
    ssize_t n;
    while ((n = read(0, &c, 1)) == 1 && c != '\n') {
        if (c == '\\' && !raw && read(0, &c, 1) == 1 && c == '\n')
            continue;
        line = xrealloc(line, len + 2);
        line[len++] = c;
    }
    line[len] = '\0';
    const char *ifs = var_get("IFS");
    ifs = ifs ? ifs : " \t\n";
    char *p = line;
    for (int i = first; i < argc; i++) {
        while (*p && strchr(ifs, *p))
            p++;
        char *end = p;
        if (i < argc - 1)
            while (*end && !strchr(ifs, *end))
                end++;
        else
            for (end = p + strlen(p); end > p && strchr(ifs, end[-1]); end--)
                ;
        char save = *end;
        *end = '\0';
        var_set(argv[i], p, false);
        *end = save;
        p = *end ? end + 1 : end;
    }
    free(line);
    return n == 1 || len > 0 ? 0 : 1;
}

static int bi_echo(int argc, char **argv)
{
    return util_echo(argc, argv, stdout);
}

static int bi_history(int argc, char **argv)
{
    (void)argc, (void)argv;
    history_print();
    return 0;
}

static int bi_help(int argc, char **argv);

static const struct {
    const char *name;
    builtin_fn fn;
} builtins[] = {
    { ":", bi_true }, { ".", bi_source }, { "break", bi_break }, { "cd", bi_cd },
    { "continue", bi_break }, { "echo", bi_echo }, { "exec", bi_exec }, { "exit", bi_exit },
    { "export", bi_export },
    { "false", bi_false }, { "help", bi_help }, { "history", bi_history }, { "jobs", bi_jobs },
    { "pwd", bi_pwd }, { "read", bi_read }, { "set", bi_set }, { "shift", bi_shift },
    { "source", bi_source }, { "true", bi_true }, { "unset", bi_unset }, { "wait", bi_wait },
};

static int bi_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("Builtins:");
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        printf(" %s", builtins[i].name);
    printf("\nOther commands are in $PATH (/bin); see docs/shell.md.\n");
    return 0;
}

builtin_fn builtin_find(const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strcmp(builtins[i].name, name) == 0)
            return builtins[i].fn;
    return NULL;
}
