/*
 * test EXPRESSION (also callable as `[ EXPRESSION ]'): evaluate a
 * condition for the shell's if/while/&&.  Exit status 0 is true, 1
 * false, 2 an error.  Supported, by precedence from lowest:
 *   EXPR -o EXPR   EXPR -a EXPR   ! EXPR   ( EXPR )
 *   -e -f -d -r -w -x -s -c -p FILE     -z -n STRING     STRING
 *   S1 = S2   S1 != S2   N1 -eq -ne -lt -le -gt -ge N2
 * As POSIX asks, the number of arguments decides first: one argument is
 * true when non-empty, so `test -n' and `test !' are true, not errors.
 */
#define PROG "test"
#include <sys/stat.h>

#include "util.h"

static char **args;
static int nargs, pos;

static _Noreturn void syntax(const char *what, const char *arg)
{
    if (arg)
        util_warn("%s: %s", arg, what);
    else
        util_warn("%s", what);
    exit(2);
}

static const char *peek(int ahead)
{
    return pos + ahead < nargs ? args[pos + ahead] : NULL;
}

static bool is(const char *s, const char *word)
{
    return s && strcmp(s, word) == 0;
}

static long integer(const char *s)
{
    long v;
    if (!util_parse_long(s, &v))
        syntax("integer expression expected", s);
    return v;
}

static bool file_test(char op, const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return false;
    switch (op) {
    case 'e': return true;
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 'c': return S_ISCHR(st.st_mode);
    case 'p': return S_ISFIFO(st.st_mode);
    case 's': return st.st_size > 0;
    case 'r': return (st.st_mode & 0444) != 0;      /* everyone is root: any bit will do */
    case 'w': return (st.st_mode & 0222) != 0;
    default:  return (st.st_mode & 0111) != 0;      /* 'x' */
    }
}

static bool is_unary(const char *s)
{
    return s && s[0] == '-' && s[1] && !s[2] && strchr("efdcpsrwxzn", s[1]);
}

/* -1 if s is not a binary operator, else its index. */
static int binary_index(const char *s)
{
    static const char *const ops[] = { "=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge" };
    for (int i = 0; s && i < (int)(sizeof ops / sizeof ops[0]); i++)
        if (strcmp(s, ops[i]) == 0)
            return i;
    return -1;
}

static bool binary(const char *a, int op, const char *b)
{
    if (op <= 2)
        return (strcmp(a, b) == 0) == (op != 2);
    long x = integer(a), y = integer(b);
    switch (op) {
    case 3:  return x == y;
    case 4:  return x != y;
    case 5:  return x < y;
    case 6:  return x <= y;
    case 7:  return x > y;
    default: return x >= y;
    }
}

static bool expr_or(void);

static bool primary(void)
{
    const char *a = peek(0);
    if (!a)
        syntax("argument expected", NULL);
    if (binary_index(peek(1)) >= 0 && peek(2)) {    /* a binary test wins: `-n = -n' */
        pos += 3;
        return binary(a, binary_index(args[pos - 2]), args[pos - 1]);
    }
    if (is(a, "!")) {
        pos++;
        return !primary();
    }
    if (is(a, "(")) {
        pos++;
        bool v = expr_or();
        if (!is(peek(0), ")"))
            syntax("')' expected", NULL);
        pos++;
        return v;
    }
    if (is_unary(a) && peek(1)) {
        pos += 2;
        const char *arg = args[pos - 1];
        return a[1] == 'z' ? *arg == '\0' : a[1] == 'n' ? *arg != '\0' : file_test(a[1], arg);
    }
    pos++;
    return *a != '\0';
}

static bool expr_and(void)
{
    bool v = primary();
    while (is(peek(0), "-a")) {
        pos++;
        v = primary() && v;
    }
    return v;
}

static bool expr_or(void)
{
    bool v = expr_and();
    while (is(peek(0), "-o")) {
        pos++;
        v = expr_and() || v;
    }
    return v;
}

int main(int argc, char **argv)
{
    args = argv + 1;
    nargs = argc - 1;
    if (strcmp(util_basename(argv[0]), "[") == 0) {
        if (nargs == 0 || strcmp(args[nargs - 1], "]") != 0)
            syntax("missing ']'", NULL);
        nargs--;
    }
    if (nargs == 0)
        return 1;
    if (nargs == 1)
        return args[0][0] == '\0';
    if (nargs == 2 && is(args[0], "!"))
        return args[1][0] != '\0';
    bool v = expr_or();
    if (pos != nargs)
        syntax("unexpected argument", args[pos]);
    return v ? 0 : 1;
}
