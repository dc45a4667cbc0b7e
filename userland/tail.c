/*
 * tail [-n N | -n +N | -N] [FILE...]: the last N lines (default 10) of
 * each FILE ("-" or none: standard input), or with +N everything from
 * line N on.  Input is read whole into memory, which suits the small
 * files of a RAM file system; several files get "==> NAME <==" headers.
 */
#define PROG "tail"
#include "util.h"

/* All of f in one malloc'd buffer; *len its size. */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    if (!buf)
        util_die("out of memory");
    *len = n;
    return buf;
}

static void tail_file(FILE *f, long n, bool from_start)
{
    size_t len;
    char *buf = slurp(f, &len);
    size_t start = 0;
    if (from_start) {                       /* +N: skip N-1 lines */
        for (long line = 1; line < n && start < len; start++)
            if (buf[start] == '\n')
                line++;
    } else {
        size_t end = len;
        if (end > 0 && buf[end - 1] == '\n')
            end--;                          /* the last line's newline ends it, no more */
        long seen = 0;
        for (start = end; start > 0; start--)
            if (buf[start - 1] == '\n' && ++seen == n)
                break;
        if (n == 0)
            start = len;
    }
    fwrite(buf + start, 1, len - start, stdout);
    free(buf);
}

struct tail_opts {
    long n;
    bool from_start;
};

static void tail_each(FILE *f, void *ctx)
{
    const struct tail_opts *o = ctx;
    tail_file(f, o->n, o->from_start);
}

int main(int argc, char **argv)
{
    long n = 10;
    bool from_start = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *num = NULL;
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            num = argv[++i];
        else if (strncmp(argv[i], "-n", 2) == 0)
            num = argv[i] + 2;
        else
            num = argv[i] + 1;              /* -N */
        from_start = num[0] == '+';
        if (!util_parse_long(num + from_start, &n) || n < 0)
            util_die("invalid number of lines: '%s'", num);
    }
    struct tail_opts o = { n, from_start };
    return util_each_input(argc, argv, i, tail_each, &o);
}
