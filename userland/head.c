/*
 * head [-n N | -N] [-c N] [FILE...]: the first N lines (default 10) or,
 * with -c, bytes of each FILE ("-" or none: standard input).  With
 * several files each gets a "==> NAME <==" header, as in GNU head.
 */
#define PROG "head"
#include "util.h"

static int head_lines(FILE *f, long n)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    for (long i = 0; i < n && (len = util_getline(f, &line, &cap)) >= 0; i++)
        fwrite(line, 1, (size_t)len, stdout);
    free(line);
    return 0;
}

static int head_bytes(FILE *f, long n)
{
    int c;
    for (long i = 0; i < n && (c = getc(f)) != EOF; i++)
        putchar(c);
    return 0;
}

static long count_arg(const char *s)
{
    long n;
    if (!util_parse_long(s, &n) || n < 0)
        util_die("invalid number '%s'", s);
    return n;
}

int main(int argc, char **argv)
{
    long n = 10;
    bool bytes = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if ((strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "-c") == 0) && i + 1 < argc) {
            bytes = argv[i][1] == 'c';
            n = count_arg(argv[++i]);
        } else if (strncmp(argv[i], "-n", 2) == 0 || strncmp(argv[i], "-c", 2) == 0) {
            bytes = argv[i][1] == 'c';
            n = count_arg(argv[i] + 2);
        } else {
            n = count_arg(argv[i] + 1);     /* -N */
        }
    }
    char *stdin_only[] = { "-", NULL };
    char **files = i < argc ? argv + i : stdin_only;
    int nfiles = i < argc ? argc - i : 1, status = 0;
    for (int k = 0; k < nfiles; k++) {
        FILE *f = util_open_input(files[k]);
        if (!f) {
            status = 1;
            continue;
        }
        if (nfiles > 1)
            printf("%s==> %s <==\n", k ? "\n" : "", strcmp(files[k], "-") ? files[k] : "standard input");
        bytes ? head_bytes(f, n) : head_lines(f, n);
        util_close_input(f);
    }
    return fflush(stdout) ? 1 : status;
}
