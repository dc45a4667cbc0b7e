/*
 * Arithmetic expansion, $((...)), for expand.c: integer (long) math by
 * recursive descent, lowest precedence first:
 *   || && | ^ &  == !=  < <= > >=  << >>  + -  * / %  unary - + ! ~  ( )
 * Operands are decimal numbers or variable names (unset or empty is 0).
 * The text has already had $VAR and $(...) expanded.  There is no
 * assignment (x+=1) or ?: operator.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct arith {
    const char *p;
    const char *error;          /* first error, if any */
};

static long parse_binary(struct arith *A, int level);

static void skip_space(struct arith *A)
{
    while (isspace((unsigned char)*A->p))
        A->p++;
}

static void fail(struct arith *A, const char *msg)
{
    if (!A->error)
        A->error = msg;
}

/* A variable's value as a number (its text is not evaluated again). */
static long variable(struct arith *A)
{
    size_t n = 0;
    while (var_name_ok(A->p, n + 1))
        n++;
    char name[64];
    if (n >= sizeof name) {
        fail(A, "name too long");
        return 0;
    }
    memcpy(name, A->p, n);
    name[n] = '\0';
    A->p += n;
    const char *v = var_get(name);
    return v ? strtol(v, NULL, 0) : 0;
}

static long parse_unary(struct arith *A)
{
    skip_space(A);
    char c = *A->p;
    if (c == '-' || c == '+' || c == '!' || c == '~') {
        A->p++;
        long v = parse_unary(A);
        return c == '-' ? -v : c == '+' ? v : c == '!' ? !v : ~v;
    }
    if (c == '(') {
        A->p++;
        long v = parse_binary(A, 0);
        skip_space(A);
        if (*A->p != ')')
            fail(A, "missing )");
        else
            A->p++;
        return v;
    }
    if (isdigit((unsigned char)c)) {
        char *end;
        long v = strtol(A->p, &end, 0);
        A->p = end;
        return v;
    }
    if (var_name_ok(A->p, 1))
        return variable(A);
    fail(A, "syntax error");
    return 0;
}

/* Operators by level; longer spellings first so "<=" is not "<". */
static const struct {
    const char *op;
    int level;
} ops[] = {
    { "||", 0 }, { "&&", 1 }, { "==", 5 }, { "!=", 5 }, { "<=", 6 }, { ">=", 6 },
    { "<<", 7 }, { ">>", 7 }, { "|", 2 }, { "^", 3 }, { "&", 4 }, { "<", 6 },
    { ">", 6 }, { "+", 8 }, { "-", 8 }, { "*", 9 }, { "/", 9 }, { "%", 9 },
};
#define NOPS (sizeof ops / sizeof ops[0])
#define LEVELS 10

static int find_op(const char *p, int level)
{
    for (size_t i = 0; i < NOPS; i++)
        if (strncmp(p, ops[i].op, strlen(ops[i].op)) == 0)
            return ops[i].level == level ? (int)i : -1;
    return -1;
}

static long apply(struct arith *A, const char *op, long a, long b)
{
    switch (op[0]) {
    case '|': return op[1] ? (a || b) : (a | b);
    case '&': return op[1] ? (a && b) : (a & b);
    case '^': return a ^ b;
    case '=': return a == b;
    case '!': return a != b;
    case '<': return op[1] == '<' ? a << (b & 31) : op[1] ? a <= b : a < b;
    case '>': return op[1] == '>' ? a >> (b & 31) : op[1] ? a >= b : a > b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    }
    if (b == 0) {
        fail(A, "division by zero");
        return 0;
    }
    if (b == -1)                        /* LONG_MIN / -1 would trap */
        return op[0] == '/' ? -a : 0;
    return op[0] == '/' ? a / b : a % b;
}

/* Left-associative operators of this level and above. */
static long parse_binary(struct arith *A, int level)
{
    if (level == LEVELS)
        return parse_unary(A);
    long v = parse_binary(A, level + 1);
    for (;;) {
        skip_space(A);
        int i = find_op(A->p, level);
        if (i < 0 || A->error)
            return v;
        A->p += strlen(ops[i].op);
        long r = parse_binary(A, level + 1);
        v = apply(A, ops[i].op, v, r);
    }
}

/* Evaluate s; false (with a message) on an error. */
bool arith_eval(const char *s, long *out)
{
    struct arith A = { .p = s };
    *out = parse_binary(&A, 0);
    skip_space(&A);
    if (!A.error && *A.p)
        fail(&A, "syntax error");
    if (A.error) {
        sh_error("arithmetic: %s: `%s'", A.error, s);
        return false;
    }
    return true;
}
