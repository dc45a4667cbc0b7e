/*
 * sh: entry point.  Three ways in:
 *
 *   sh [-i] [-l]          commands from standard input; interactive (line
 *                         editor, prompts, job control) when it is a terminal
 *   sh FILE [ARGS...]     a script, with $0 = FILE and $1... = ARGS
 *   sh -c CMD [NAME ARGS] one string
 *
 * A login shell (argv[0] starting with '-', as init starts it, or -l)
 * prints /etc/motd first.  The exit status is the last command's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define MOTD "/etc/motd"

struct shell_state sh;

void sh_error(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("sh: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void print_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    char buf[256];
    ssize_t n;
    if (fd < 0)
        return;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        write(1, buf, (size_t)n);
    close(fd);
}

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: sh [-il] [FILE [ARGS...]] | sh -c COMMAND [NAME [ARGS...]]\n");
    exit(2);
}

/* $0 and $1... from argv[first..]. */
static void set_args(char **argv, int first, int argc)
{
    if (first < argc)
        sh.arg0 = argv[first++];
    sh.args = argv + first;
    sh.nargs = argc > first ? argc - first : 0;
}

static int run_script(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        sh_error("%s: %s", path, strerror(errno));
        return errno == ENOENT ? 127 : 126;
    }
    struct input *in = input_fd(fd, false);
    int status = run_input(in);
    input_free(in);
    close(fd);
    return status;
}

static int run_terminal(bool force_interactive)
{
    sh.interactive = force_interactive || (isatty(0) && isatty(2));
    jobs_init();
    if (sh.login) {
        print_file(MOTD);
        const char *home = var_get("HOME");
        if (home && chdir(home) < 0)
            sh_error("cd: %s: %s", home, strerror(errno));
    }
    struct input *in = input_fd(0, sh.interactive);
    int status = run_input(in);
    input_free(in);
    return status;
}

int main(int argc, char **argv, char **envp)
{
    const char *command = NULL;
    bool interactive = false;
    int i = 1;
    vars_init(envp);
    sh.arg0 = argc > 0 ? argv[0] : "sh";
    sh.login = sh.arg0[0] == '-';
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'c' && i + 1 < argc && !command)
                command = argv[++i];
            else if (*o == 'i')
                interactive = true;
            else if (*o == 'l')
                sh.login = true;
            else
                usage();
        }
    }
    int status;
    if (command) {
        set_args(argv, i, argc);
        status = exec_string(command, "-c");
    } else if (i < argc) {
        set_args(argv, i, argc);
        status = run_script(argv[i]);
    } else {
        sh.args = argv + argc;
        status = run_terminal(interactive);
    }
    fflush(NULL);
    return status & 0xff;
}
