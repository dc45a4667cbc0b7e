/*
 * grep [-vicnlqhHE] [-e] PATTERN [FILE...]: print the lines that match a
 * regular expression.  newlib 3.3 ships <regex.h> but no regcomp(), so
 * the matcher is here: a small backtracking one for the common subset of
 * POSIX basic expressions, namely literal characters, `.', bracket
 * expressions ([a-z], [^0-9]), `^' and `$' anchors, and the repetitions
 * `*', `\+' and `\?' (with -E: `*', `+', `?').  There are no groups or
 * alternation.  Exit status: 0 a line matched, 1 none did, 2 an error.
 */
#define PROG "grep"
#include <ctype.h>

#include "util.h"

#define RE_MAX 256              /* atoms in one pattern */

enum atom_kind { A_CHAR, A_ANY, A_SET };
enum quant { Q_ONE, Q_STAR, Q_PLUS, Q_QUEST };

struct atom {
    enum atom_kind kind;
    enum quant quant;
    unsigned char c;
    unsigned char set[32];      /* A_SET: bit per byte value */
};

struct regex {
    struct atom atoms[RE_MAX];
    int n;
    bool bol, eol;              /* ^ and $ anchors */
    bool icase;
};

static struct {
    bool invert, icase, count, number, list, quiet, ere, names;
} opt;

static void set_add(struct atom *a, unsigned c, bool icase)
{
    a->set[c / 8] |= (unsigned char)(1u << (c % 8));
    if (icase && isalpha((int)c)) {
        unsigned o = islower((int)c) ? (unsigned)toupper((int)c) : (unsigned)tolower((int)c);
        a->set[o / 8] |= (unsigned char)(1u << (o % 8));
    }
}

/* [...] starting after the '['; returns the char after ']' or NULL. */
static const char *compile_set(struct atom *a, const char *p, bool icase)
{
    bool negate = *p == '^';
    if (negate)
        p++;
    a->kind = A_SET;
    const char *start = p;
    for (; *p && (*p != ']' || p == start); p++) {
        unsigned lo = (unsigned char)*p, hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = (unsigned char)p[2];
            p += 2;
        }
        for (unsigned c = lo; c <= hi; c++)
            set_add(a, c, icase);
    }
    if (*p != ']')
        return NULL;
    if (negate)
        for (int i = 0; i < 32; i++)
            a->set[i] = (unsigned char)~a->set[i];
    return p + 1;
}

/* A quantifier after an atom, in BRE (\+ \?) or ERE (+ ?) spelling. */
static const char *compile_quant(struct atom *a, const char *p)
{
    if (*p == '*')
        return a->quant = Q_STAR, p + 1;
    if (opt.ere && (*p == '+' || *p == '?'))
        return a->quant = *p == '+' ? Q_PLUS : Q_QUEST, p + 1;
    if (!opt.ere && p[0] == '\\' && (p[1] == '+' || p[1] == '?'))
        return a->quant = p[1] == '+' ? Q_PLUS : Q_QUEST, p + 2;
    return p;
}

static bool compile(struct regex *re, const char *p)
{
    memset(re, 0, sizeof *re);
    re->icase = opt.icase;
    if (*p == '^')
        re->bol = true, p++;
    while (*p) {
        if (p[0] == '$' && p[1] == '\0') {
            re->eol = true;
            break;
        }
        if (re->n == RE_MAX)
            return false;
        struct atom *a = &re->atoms[re->n++];
        if (*p == '.') {
            a->kind = A_ANY, p++;
        } else if (*p == '[') {
            if (!(p = compile_set(a, p + 1, re->icase)))
                return false;
        } else {
            if (*p == '\\' && p[1])
                p++;                        /* \. \* \[ \\ : the character itself */
            a->kind = A_CHAR;
            a->c = (unsigned char)(re->icase ? tolower((unsigned char)*p) : *p);
            p++;
        }
        p = compile_quant(a, p);
    }
    return true;
}

static bool atom_matches(const struct regex *re, const struct atom *a, unsigned char c)
{
    switch (a->kind) {
    case A_ANY:  return c != '\n';
    case A_CHAR: return (re->icase ? (unsigned char)tolower(c) : c) == a->c;
    default:     return a->set[c / 8] & (1u << (c % 8));
    }
}

/* Does atoms[i..] match at s?  Repetitions are greedy and back off. */
static bool match_here(const struct regex *re, int i, const char *s)
{
    if (i == re->n)
        return !re->eol || *s == '\0';
    const struct atom *a = &re->atoms[i];
    if (a->quant == Q_ONE)
        return *s && atom_matches(re, a, (unsigned char)*s) && match_here(re, i + 1, s + 1);
    size_t max = a->quant == Q_QUEST ? 1 : (size_t)-1, k = 0;
    while (k < max && s[k] && atom_matches(re, a, (unsigned char)s[k]))
        k++;
    size_t min = a->quant == Q_PLUS ? 1 : 0;
    for (size_t j = k + 1; j-- > min;)
        if (match_here(re, i + 1, s + j))
            return true;
    return false;
}

static bool re_match(const struct regex *re, const char *s)
{
    if (re->bol)
        return match_here(re, 0, s);
    do {
        if (match_here(re, 0, s))
            return true;
    } while (*s++);
    return false;
}

/* Matching lines of f; how many. */
static long grep_file(const struct regex *re, FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, hits = 0;
    while ((len = util_getline(f, &line, &cap)) >= 0) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (re_match(re, line) == opt.invert)
            continue;
        hits++;
        if (opt.quiet || opt.list)
            break;
        if (opt.count)
            continue;
        if (opt.names)
            printf("%s:", name);
        if (opt.number)
            printf("%ld:", lineno);
        printf("%s\n", line);
    }
    free(line);
    return hits;
}

/* Options (bundled, as in -in) up to the pattern; returns argv index. */
static int parse_options(int argc, char **argv, const char **pattern, int *names)
{
    static const char letters[] = "vicnlqhHE";
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0)
            return i + 1;
        if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) {
            *pattern = argv[++i];
            continue;
        }
        for (const char *o = argv[i] + 1; *o; o++) {
            if (!strchr(letters, *o)) {
                util_warn("invalid option -- '%c'", *o);
                exit(2);
            }
            switch (*o) {
            case 'v': opt.invert = true; break;
            case 'i': opt.icase = true; break;
            case 'c': opt.count = true; break;
            case 'n': opt.number = true; break;
            case 'l': opt.list = true; break;
            case 'q': opt.quiet = true; break;
            case 'h': *names = 0; break;
            case 'H': *names = 1; break;
            case 'E': opt.ere = true; break;
            }
        }
    }
    return i;
}

int main(int argc, char **argv)
{
    const char *pattern = NULL;
    int names = -1;                         /* -1: show names if several files */
    int i = parse_options(argc, argv, &pattern, &names);
    if (!pattern && i < argc)
        pattern = argv[i++];
    if (!pattern) {
        fprintf(stderr, "usage: grep [-vicnlqhHE] PATTERN [FILE...]\n");
        return 2;
    }
    static struct regex re;
    if (!compile(&re, pattern)) {
        util_warn("invalid or too long pattern '%s'", pattern);
        return 2;
    }
    char *stdin_only[] = { "-", NULL };
    char **files = i < argc ? argv + i : stdin_only;
    int nfiles = i < argc ? argc - i : 1, errors = 0;
    long total = 0;
    opt.names = names == -1 ? nfiles > 1 : names;
    for (int k = 0; k < nfiles && !(opt.quiet && total); k++) {
        FILE *f = util_open_input(files[k]);
        if (!f) {
            errors++;
            continue;
        }
        const char *name = strcmp(files[k], "-") ? files[k] : "(standard input)";
        long hits = grep_file(&re, f, name);
        util_close_input(f);
        total += hits;
        if (opt.count && !opt.quiet)
            opt.names ? printf("%s:%ld\n", name, hits) : printf("%ld\n", hits);
        else if (opt.list && hits && !opt.quiet)
            printf("%s\n", name);
    }
    fflush(stdout);
    return errors && !(opt.quiet && total) ? 2 : total ? 0 : 1;
}
