/*
 * The lexer: shell text into tokens for parse.c.  A word keeps its raw
 * text, quotes, backslashes and $(...) included, because what a quote
 * means (no splitting, no globbing) is only acted on in expand.c; here
 * quotes matter only for where a word ends.  Text that stops inside a
 * quote, a $(...) or after a trailing backslash is PARSE_INCOMPLETE, so
 * the caller can read another line and try again.
 */
#include <ctype.h>
#include <string.h>

#include "sh.h"

struct lexer {
    struct arena *arena;
    const char *p;
    struct token *toks;
    int n, cap;
};

static bool is_meta(char c)
{
    return c == '\0' || strchr(" \t\n;&|<>()", c) != NULL;
}

static void push(struct lexer *lx, struct token t)
{
    if (lx->n == lx->cap) {
        int cap = lx->cap ? lx->cap * 2 : 32;
        struct token *nt = arena_alloc(lx->arena, (size_t)cap * sizeof *nt);
        if (lx->n)
            memcpy(nt, lx->toks, (size_t)lx->n * sizeof *nt);
        lx->toks = nt;
        lx->cap = cap;
    }
    lx->toks[lx->n++] = t;
}

static const char *skip_group(const char *p, char close);

/* p is after an opening single quote; returns just past the closing one. */
static const char *skip_single(const char *p)
{
    const char *q = strchr(p, '\'');
    return q ? q + 1 : NULL;
}

/* p is after a double quote: backslashes escape, $( and ` nest. */
static const char *skip_double(const char *p)
{
    while (p && *p != '"') {
        if (*p == '\0')
            return NULL;
        if (*p == '\\')
            p = p[1] ? p + 2 : NULL;
        else if (p[0] == '$' && p[1] == '(')
            p = skip_group(p + 2, ')');
        else if (p[0] == '$' && p[1] == '{')
            p = skip_group(p + 2, '}');
        else if (*p == '`')
            p = skip_group(p + 1, '`');
        else
            p++;
    }
    return p ? p + 1 : NULL;
}

/* p is inside $( ${ or `: find the matching close, skipping quotes and
 * nested groups.  NULL if the text ends first. */
static const char *skip_group(const char *p, char close)
{
    static int depth;           /* nesting of $( ${ `, bounded like the parser's */
    if (depth > 500)
        return NULL;
    depth++;
    while (p && *p != close) {
        switch (*p) {
        case '\0': p = NULL; break;
        case '\'': p = skip_single(p + 1); break;
        case '"':  p = skip_double(p + 1); break;
        case '\\': p = p[1] ? p + 2 : NULL; break;
        case '(':  p = close == ')' ? skip_group(p + 1, ')') : p + 1; break;
        case '$':
            if (p[1] == '(' || p[1] == '{')
                p = skip_group(p + 2, p[1] == '(' ? ')' : '}');
            else
                p++;
            break;
        default:   p++;
        }
    }
    depth--;
    return p ? p + 1 : NULL;
}

/* Scan one word starting at lx->p; NULL if it is incomplete. */
static const char *scan_word(const char *p)
{
    while (p && !is_meta(*p)) {
        switch (*p) {
        case '\'': p = skip_single(p + 1); break;
        case '"':  p = skip_double(p + 1); break;
        case '`':  p = skip_group(p + 1, '`'); break;
        case '\\': p = p[1] ? p + 2 : NULL; break;
        case '$':
            if (p[1] == '(' || p[1] == '{')
                p = skip_group(p + 2, p[1] == '(' ? ')' : '}');
            else
                p++;
            break;
        default:   p++;
        }
    }
    return p;
}

/* Redirection operators: < > >> <& >& (and >| as >).  fd -1 = default. */
static int lex_redir(struct lexer *lx, int fd)
{
    const char *p = lx->p;
    struct token t = { .type = T_REDIR };
    if (p[0] == '>' && p[1] == '>')
        t.kind = R_APPEND, p += 2;
    else if (p[0] == '>' && p[1] == '&')
        t.kind = R_DUP_OUT, p += 2;
    else if (p[0] == '<' && p[1] == '&')
        t.kind = R_DUP_IN, p += 2;
    else if (p[0] == '>')
        t.kind = R_OUT, p += (p[1] == '|') ? 2 : 1;
    else
        t.kind = R_IN, p++;
    t.fd = fd >= 0 ? fd : (t.kind == R_IN || t.kind == R_DUP_IN) ? 0 : 1;
    push(lx, t);
    lx->p = p;
    return 0;
}

/* The two-character and one-character control operators. */
static bool lex_operator(struct lexer *lx)
{
    static const struct { const char *s; enum tok_type t; } ops[] = {
        { "&&", T_AND }, { "||", T_OR }, { ";", T_SEMI }, { "&", T_AMP },
        { "|", T_PIPE }, { "(", T_LPAREN }, { ")", T_RPAREN }, { "\n", T_NEWLINE },
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t len = strlen(ops[i].s);
        if (strncmp(lx->p, ops[i].s, len) == 0) {
            push(lx, (struct token){ .type = ops[i].t });
            lx->p += len;
            return true;
        }
    }
    return false;
}

/* A word, or the descriptor number of a redirection such as 2>. */
static enum parse_status lex_word(struct lexer *lx)
{
    const char *start = lx->p, *end = scan_word(start);
    if (!end)
        return PARSE_INCOMPLETE;
    size_t len = (size_t)(end - start);
    bool digits = len > 0 && len <= 2;
    for (size_t i = 0; i < len; i++)
        digits = digits && isdigit((unsigned char)start[i]);
    lx->p = end;
    if (digits && (*end == '<' || *end == '>')) {
        int fd = start[0] - '0';
        if (len == 2)
            fd = fd * 10 + (start[1] - '0');
        return lex_redir(lx, fd), PARSE_OK;
    }
    push(lx, (struct token){ .type = T_WORD, .text = arena_strndup(lx->arena, start, len) });
    return PARSE_OK;
}

/* Does src end in a backslash-newline (an odd run of backslashes)? */
static bool ends_continued(const char *src)
{
    size_t len = strlen(src), k = 0;
    if (len == 0 || src[len - 1] != '\n')
        return false;
    while (k + 1 < len && src[len - 2 - k] == '\\')
        k++;
    return k % 2 == 1;
}

enum parse_status lex(struct arena *a, const char *src, struct token **toks, int *ntok)
{
    struct lexer lx = { .arena = a, .p = src };
    if (ends_continued(src))
        return PARSE_INCOMPLETE;
    for (;;) {
        while (*lx.p == ' ' || *lx.p == '\t')
            lx.p++;
        if (lx.p[0] == '\\' && lx.p[1] == '\n') {           /* line continuation */
            lx.p += 2;
            continue;
        }
        if (*lx.p == '#')                                   /* comment */
            while (*lx.p && *lx.p != '\n')
                lx.p++;
        if (*lx.p == '\0')
            break;
        if (*lx.p == '<' || *lx.p == '>') {
            lex_redir(&lx, -1);
            continue;
        }
        if (lex_operator(&lx))
            continue;
        if (lex_word(&lx) == PARSE_INCOMPLETE)
            return PARSE_INCOMPLETE;
    }
    push(&lx, (struct token){ .type = T_EOF });
    *toks = lx.toks;
    *ntok = lx.n;
    return PARSE_OK;
}
