/*
 * Pathname expansion for expand.c.  A pattern is matched one path
 * component at a time: "/bin/ *" lists /bin, "src/ *.c" lists src, and a
 * wildcard in a middle component lists each matching directory.  Patterns
 * have * ? [a-z] [!x] and backslash escapes.  As in POSIX, a leading dot
 * must be matched explicitly and a pattern that matches nothing is left
 * as it is (the caller's job).  newlib has no glob() or fnmatch(), so
 * both are here.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sh.h"

/* [...] at p (after the '['): does c match?  *end gets the char after ']';
 * NULL end means the bracket is not closed and '[' is literal. */
static bool match_bracket(const char *p, char c, const char **end)
{
    bool negate = *p == '!' || *p == '^', hit = false;
    if (negate)
        p++;
    const char *start = p;
    while (*p && (*p != ']' || p == start)) {
        char lo = *p == '\\' && p[1] ? *++p : *p;
        char hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = p[2] == '\\' && p[3] ? p[3] : p[2];
            p += p[2] == '\\' ? 3 : 2;
        }
        if (c >= lo && c <= hi)
            hit = true;
        p++;
    }
    *end = *p == ']' ? p + 1 : NULL;
    return hit != negate;
}

bool glob_match(const char *pat, const char *s)
{
    for (; *pat; pat++, s++) {
        switch (*pat) {
        case '*':
            while (pat[1] == '*')
                pat++;
            for (const char *t = s; ; t++) {
                if (glob_match(pat + 1, t))
                    return true;
                if (!*t)
                    return false;
            }
        case '?':
            if (!*s)
                return false;
            break;
        case '[': {
            const char *end;
            if (!*s)
                return false;
            bool hit = match_bracket(pat + 1, *s, &end);
            if (end) {
                if (!hit)
                    return false;
                pat = end - 1;
                break;
            }
            if (*s != '[')                      /* unclosed: a plain '[' */
                return false;
            break;
        }
        case '\\':
            if (pat[1])
                pat++;
            /* fall through */
        default:
            if (*s != *pat)
                return false;
        }
    }
    return *s == '\0';
}

static bool has_wildcard(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\')
            i++;
        else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
            return true;
    }
    return false;
}

/* Component without its escapes. */
static char *unescape(const char *p, size_t n)
{
    char *s = xmalloc(n + 1), *d = s;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n)
            i++;
        *d++ = p[i];
    }
    *d = '\0';
    return s;
}

static char *join(const char *dir, const char *name, size_t n)
{
    size_t dl = strlen(dir);
    char *s = xmalloc(dl + n + 2);
    memcpy(s, dir, dl);
    memcpy(s + dl, name, n);
    s[dl + n] = '\0';
    return s;
}

/* prefix is "" or ends in '/'; rest is what is left of the pattern. */
static void glob_at(const char *prefix, const char *rest, struct strlist *out)
{
    while (*rest == '/')
        rest++;
    const char *slash = rest;
    while (*slash && *slash != '/')
        slash += (*slash == '\\' && slash[1]) ? 2 : 1;
    size_t n = (size_t)(slash - rest);
    bool last = *slash == '\0';
    struct stat st;
    if (!has_wildcard(rest, n)) {
        char *lit = unescape(rest, n), *path = join(prefix, lit, strlen(lit));
        free(lit);
        if (!last) {
            strcat(path, "/");
            glob_at(path, slash, out);
            free(path);
        } else if (stat(path, &st) == 0) {
            strlist_push(out, path);
        } else {
            free(path);
        }
        return;
    }
    char *comp = strndup(rest, n);
    DIR *d = comp ? opendir(*prefix ? prefix : ".") : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' && comp[0] != '.')
            continue;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !glob_match(comp, e->d_name))
            continue;
        char *path = join(prefix, e->d_name, strlen(e->d_name));
        if (last) {
            strlist_push(out, path);
            continue;
        }
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            strcat(path, "/");
            glob_at(path, slash, out);
        }
        free(path);
    }
    if (d)
        closedir(d);
    free(comp);
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int glob_expand(const char *pattern, struct strlist *out)
{
    struct strlist found = { 0 };
    glob_at(*pattern == '/' ? "/" : "", pattern, &found);
    if (found.n)
        qsort(found.v, (size_t)found.n, sizeof *found.v, by_string);
    for (int i = 0; i < found.n; i++)
        strlist_push(out, found.v[i]);
    free(found.v);
    return found.n;
}
