/*
 * ls [-l] [-a] [-1] [-d] [PATH...]: list directories and files.  Names
 * are sorted; on a terminal they go in columns (across the window's
 * width), elsewhere one per line.  -l gives the long form (mode, links,
 * owner, size, modification time in UTC, name), -a includes names
 * starting with a dot, -d lists directories themselves, not their
 * contents.  Files named on the command line come first, then each
 * directory under a "NAME:" header when there are several operands.
 * Exit status 2 if an operand could not be accessed, 1 for lesser
 * trouble, as in GNU ls.
 */
#define PROG "ls"
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>

#include "util.h"

struct entry {
    char *name;                 /* as shown */
    struct stat st;
    bool have_st;
};

static struct {
    bool all, longform, one, dirs_as_files;
} opt;
static int status;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void mode_string(mode_t m, char *s)
{
    static const char types[] = "?pc?d?b?-?l?s";   /* indexed by S_IFMT >> 12 */
    unsigned t = (m & S_IFMT) >> 12;
    s[0] = t < sizeof types - 1 ? types[t] : '?';
    for (int i = 0; i < 9; i++)
        s[1 + i] = (m & (0400 >> i)) ? "rwx"[i % 3] : '-';
    s[10] = '\0';
}

static void print_long(const struct entry *e)
{
    char mode[11] = "?---------", when[32] = "?";
    if (!e->have_st) {
        printf("%s %3s %-4s %-4s %8s %12s %s\n", mode, "?", "?", "?", "?", "?", e->name);
        return;
    }
    mode_string(e->st.st_mode, mode);
    time_t t = e->st.st_mtime;
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%b %e %H:%M", &tm);
    printf("%s %3u root root %8ld %s %s\n", mode, (unsigned)e->st.st_nlink, (long)e->st.st_size,
           when, e->name);
}

static int terminal_width(void)
{
    struct winsize ws;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

/* Down the columns, then across, like ls on a terminal. */
static void print_columns(const struct entry *v, int n)
{
    size_t widest = 1;
    for (int i = 0; i < n; i++)
        if (strlen(v[i].name) > widest)
            widest = strlen(v[i].name);
    int colw = (int)widest + 2, ncols = terminal_width() / colw;
    if (ncols < 1)
        ncols = 1;
    int nrows = (n + ncols - 1) / ncols;
    for (int r = 0; r < nrows; r++) {
        for (int c = 0; c < ncols; c++) {
            int i = c * nrows + r;
            if (i >= n)
                break;
            if (c == ncols - 1 || i + nrows >= n)
                printf("%s", v[i].name);        /* the last column: no padding */
            else
                printf("%-*s", colw, v[i].name);
        }
        putchar('\n');
    }
}

static void print_entries(struct entry *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_name);
    if (opt.longform)
        for (int i = 0; i < n; i++)
            print_long(&v[i]);
    else if (!opt.one && isatty(1))
        print_columns(v, n);
    else
        for (int i = 0; i < n; i++)
            printf("%s\n", v[i].name);
}

static void free_entries(struct entry *v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i].name);
    free(v);
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        util_warn("cannot open directory '%s': %s", path, strerror(errno));
        status = 2;
        return;
    }
    struct entry *v = NULL;
    int n = 0, cap = 0;
    long blocks = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' && !opt.all)
            continue;
        if (n == cap && !(v = realloc(v, (size_t)(cap = cap ? cap * 2 : 32) * sizeof *v)))
            util_die("out of memory");
        struct entry *e = &v[n++];
        e->name = strdup(de->d_name);
        char *full = util_path_join(path, de->d_name);
        e->have_st = (opt.longform && stat(full, &e->st) == 0);
        blocks += e->have_st ? e->st.st_blocks : 0;
        free(full);
        if (!e->name)
            util_die("out of memory");
    }
    closedir(d);
    if (opt.longform)
        printf("total %ld\n", blocks / 2);
    print_entries(v, n);
    free_entries(v, n);
}

static void parse_options(int argc, char **argv, int *first)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *o = argv[i] + 1; *o; o++) {
            switch (*o) {
            case 'a': opt.all = true; break;
            case 'l': opt.longform = true; break;
            case '1': opt.one = true; break;
            case 'd': opt.dirs_as_files = true; break;
            default:
                util_warn("invalid option -- '%c'", *o);
                fprintf(stderr, "usage: ls [-la1d] [PATH...]\n");
                exit(2);
            }
        }
    }
    *first = i;
}

int main(int argc, char **argv)
{
    int first;
    parse_options(argc, argv, &first);
    char *dot[] = { ".", NULL };
    char **ops = first < argc ? argv + first : dot;
    int nops = first < argc ? argc - first : 1;
    struct entry *files = calloc((size_t)nops, sizeof *files);
    char **dirs = calloc((size_t)nops, sizeof *dirs);
    int nfiles = 0, ndirs = 0;
    if (!files || !dirs)
        util_die("out of memory");
    for (int i = 0; i < nops; i++) {
        struct stat st;
        if (stat(ops[i], &st) < 0) {
            util_warn("cannot access '%s': %s", ops[i], strerror(errno));
            status = 2;
        } else if (S_ISDIR(st.st_mode) && !opt.dirs_as_files) {
            dirs[ndirs++] = ops[i];
        } else {
            files[nfiles] = (struct entry){ .name = strdup(ops[i]), .st = st, .have_st = true };
            if (!files[nfiles++].name)
                util_die("out of memory");
        }
    }
    if (nfiles)
        print_entries(files, nfiles);
    free_entries(files, nfiles);
    for (int i = 0; i < ndirs; i++) {
        if (nops > 1)
            printf("%s%s:\n", nfiles || i ? "\n" : "", dirs[i]);
        list_dir(dirs[i]);
    }
    free(dirs);
    return fflush(stdout) ? 1 : status;
}
