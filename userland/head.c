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

struct head_opts {
    long n;
    bool bytes;
};

static void head_file(FILE *f, void *ctx)
{
    const struct head_opts *o = ctx;
    o->bytes ? head_bytes(f, o->n) : head_lines(f, o->n);
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
    struct head_opts o = { n, bytes };
    return util_each_input(argc, argv, i, head_file, &o);
}
