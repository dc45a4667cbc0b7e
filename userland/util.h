/*
 * Small helpers shared by the single-file utilities in userland/ (ls,
 * cat, cp ...).  Everything is static inline, so each program carries
 * only what it uses and the build needs no library.  A program defines
 * PROG (its name, for messages) before including this file; messages
 * then read "PROG: ...", as POSIX tools print them, on stderr.
 */
#ifndef USERLAND_UTIL_H
#define USERLAND_UTIL_H

#ifndef PROG
#error "define PROG (the program's name) before including util.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UTIL_IO_BUF 4096        /* one page: the size of a pipe's or file's chunk */

static inline void util_vwarn(const char *fmt, va_list ap)
{
    fflush(stdout);             /* keep the order of output and errors */
    fputs(PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

/* "PROG: message" */
static inline __attribute__((format(printf, 1, 2))) void util_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    util_vwarn(fmt, ap);
    va_end(ap);
}

/* "PROG: message", then exit 1. */
static inline __attribute__((format(printf, 1, 2), noreturn)) void util_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    util_vwarn(fmt, ap);
    va_end(ap);
    exit(1);
}

/* "PROG: what: strerror(errno)" */
static inline void util_warn_errno(const char *what)
{
    util_warn("%s: %s", what, strerror(errno));
}

/* write() until everything is out; -1 with errno on failure. */
static inline int util_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Copy in to out until end of file: 0, or -1 with errno (which side
 * failed is *failed_read). */
static inline int util_copy_fd(int in, int out, bool *failed_read)
{
    static char buf[UTIL_IO_BUF];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *failed_read = n < 0;
            return n < 0 ? -1 : 0;
        }
        if (util_write_all(out, buf, (size_t)n) < 0) {
            *failed_read = false;
            return -1;
        }
    }
}

/* A whole decimal number (optional sign); false if s is anything else. */
static inline bool util_parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno)
        return false;
    *out = v;
    return true;
}

/* dir + "/" + name, malloc'd (exits when memory runs out). */
static inline char *util_path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *s = malloc(dl + nl + 2);
    if (!s)
        util_die("out of memory");
    memcpy(s, dir, dl);
    size_t at = dl;
    if (dl == 0 || dir[dl - 1] != '/')
        s[at++] = '/';
    memcpy(s + at, name, nl + 1);
    return s;
}

/*
 * fn(dir/name, name, ctx) for each entry of dir but "." and ".." (cp -r and
 * rm -r walk trees with it); the or of what fn returned, or 1 with a
 * message if dir cannot be read.
 */
#include <dirent.h>

static inline int util_each_entry(const char *dir, int (*fn)(const char *path, const char *name, void *ctx),
                                  void *ctx)
{
    DIR *d = opendir(dir);
    if (!d) {
        util_warn("cannot open directory '%s': %s", dir, strerror(errno));
        return 1;
    }
    int status = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = util_path_join(dir, e->d_name);
        status |= fn(path, e->d_name, ctx);
        free(path);
    }
    closedir(d);
    return status;
}

/* The last component of a path, without trailing slashes ("a/b/" gives
 * "b", "/" gives "/"); in a static buffer, valid until the next call. */
static inline const char *util_basename(const char *path)
{
    static char buf[256];
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    const char *p = path + len;
    while (p > path && p[-1] != '/')
        p--;
    if (len == 1 && path[0] == '/')
        p = path;                   /* "/" is its own name */
    size_t n = (size_t)(path + len - p);
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* One line of f into *buf (grown as needed), newline kept; its length, or
 * -1 at end of file.  newlib 3.3 has getline() only as __getline(). */
static inline ssize_t util_getline(FILE *f, char **buf, size_t *cap)
{
    size_t len = 0;
    int c;
    while ((c = getc(f)) != EOF) {
        if (len + 2 > *cap) {
            size_t ncap = *cap ? *cap * 2 : 128;
            char *nb = realloc(*buf, ncap);
            if (!nb)
                util_die("out of memory");
            *buf = nb;
            *cap = ncap;
        }
        (*buf)[len++] = (char)c;
        if (c == '\n')
            break;
    }
    if (len == 0)
        return -1;
    (*buf)[len] = '\0';
    return (ssize_t)len;
}

/* Open a command-line operand for reading: "-" is standard input.  NULL
 * (and a message) on failure. */
static inline FILE *util_open_input(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *f = fopen(path, "r");
    if (!f)
        util_warn_errno(path);
    return f;
}

static inline void util_close_input(FILE *f)
{
    if (f == stdin)
        clearerr(f);            /* `cat - -': the second read sees EOF again */
    else
        fclose(f);
}

/* head's and tail's FILE... operands, from argv[i] on (none: standard
 * input): fn on each that opens, under a "==> NAME <==" header when there
 * are several.  The exit status: 1 if an operand could not be opened or
 * standard output failed. */
static inline int util_each_input(int argc, char **argv, int i, void (*fn)(FILE *f, void *ctx), void *ctx)
{
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
        fn(f, ctx);
        util_close_input(f);
    }
    return fflush(stdout) ? 1 : status;
}

/* echo's escapes (-e): print s to f; false after \c (stop all output). */
static inline bool util_echo_escaped(const char *s, FILE *f)
{
    static const char from[] = "abefnrtv\\", to[] = "\a\b\033\f\n\r\t\v\\";
    for (; *s; s++) {
        const char *e;
        if (*s != '\\' || !s[1]) {
            putc(*s, f);
        } else if (s[1] == 'c') {
            return false;
        } else if ((e = strchr(from, s[1])) != NULL) {
            putc(to[e - from], f);
            s++;
        } else if (s[1] == '0') {
            int v = 0, n = 0;
            for (s += 2; n < 3 && *s >= '0' && *s <= '7'; n++, s++)
                v = v * 8 + (*s - '0');
            putc(v, f);
            s--;
        } else {
            putc(*s, f);
        }
    }
    return true;
}

/* echo [-n] [-e] [ARG...] onto f: both /bin/echo and the shell's builtin.
 * Only words made of n, e and E letters after '-' are options, as in GNU
 * echo.  Returns the exit status (1 if writing failed). */
static inline int util_echo(int argc, char **argv, FILE *f)
{
    bool newline = true, escapes = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strspn(argv[i] + 1, "neE") != strlen(argv[i] + 1))
            break;
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'n')
                newline = false;
            else
                escapes = *o == 'e';
        }
    }
    for (int first = i; i < argc; i++) {
        if (i > first)
            putc(' ', f);
        if (!escapes)
            fputs(argv[i], f);
        else if (!util_echo_escaped(argv[i], f))
            return fflush(f) ? 1 : 0;
    }
    if (newline)
        putc('\n', f);
    return fflush(f) ? 1 : 0;
}

/* Read a small file (a /proc file) into buf, NUL-terminated; the length
 * or -1 with errno. */
static inline ssize_t util_read_file(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, size - 1, f);
    int err = ferror(f) ? errno : 0;
    fclose(f);
    buf[n] = '\0';
    if (err) {
        errno = err;
        return -1;
    }
    return (ssize_t)n;
}

/*
 * The operand rule cp and mv share: "SOURCE DEST" or "SOURCE... DIR".
 * Calls fn(source, target) for argv[i..argc-2] and returns the or of the
 * results; exits with the usual messages on a missing or bad operand.
 */
#include <sys/stat.h>

static inline int util_each_target(int argc, char **argv, int i, int (*fn)(const char *, const char *))
{
    struct stat st;
    int status = 0;

    if (argc - i < 2)
        util_die(argc - i == 1 ? "missing destination file operand after '%s'" : "missing file operand%s",
                 argc - i == 1 ? argv[i] : "");
    const char *dest = argv[argc - 1];
    bool to_dir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
    if (argc - i > 2 && !to_dir)
        util_die("target '%s' is not a directory", dest);
    for (; i < argc - 1; i++) {
        if (!to_dir) {
            status |= fn(argv[i], dest);
            continue;
        }
        char *target = util_path_join(dest, util_basename(argv[i]));
        status |= fn(argv[i], target);
        free(target);
    }
    return status;
}

#endif
