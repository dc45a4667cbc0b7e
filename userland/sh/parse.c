/*
 * The parser: tokens from lex.c into a tree of struct node (sh.h), by
 * recursive descent over this grammar (a subset of POSIX's):
 *
 *   list      := and_or { (';' | '&' | NEWLINE) and_or } [';' | '&']
 *   and_or    := pipeline { ('&&' | '||') linebreak pipeline }
 *   pipeline  := ['!'] command { '|' linebreak command }
 *   command   := simple | '(' list ')' | '{' list '}' | if | while | until | for,
 *                the compound ones followed by optional redirections
 *   simple    := { WORD | REDIR WORD }
 *
 * Running out of tokens where more are needed is PARSE_INCOMPLETE (the
 * caller reads another line: "if true" wants its "fi"); any other
 * unexpected token is a syntax error, reported once.
 */
#include <stdio.h>
#include <string.h>

#include "sh.h"

#define NEST_MAX 500            /* deeper nesting is refused, not a stack overflow */

struct parser {
    struct arena *a;
    struct token *t;
    int pos;
    int depth;                  /* parse_list recursion */
    enum parse_status status;
    const struct token *bad;    /* where a syntax error was found */
};

static const char *const terminators[] = { "then", "elif", "else", "fi", "do", "done", "}", NULL };

static struct node *parse_list(struct parser *P);
static struct node *parse_and_or(struct parser *P);

static struct token *peek(struct parser *P)
{
    return &P->t[P->pos];
}

static struct token *next(struct parser *P)
{
    struct token *t = &P->t[P->pos];
    if (t->type != T_EOF)
        P->pos++;
    return t;
}

static bool is_kw(const struct token *t, const char *kw)
{
    return t->type == T_WORD && strcmp(t->text, kw) == 0;
}

static bool is_terminator(const struct token *t)
{
    for (int i = 0; terminators[i]; i++)
        if (is_kw(t, terminators[i]))
            return true;
    return t->type == T_EOF || t->type == T_RPAREN;
}

/* Record a failure at the current token; returns NULL for the caller. */
static struct node *fail(struct parser *P)
{
    if (P->status == PARSE_OK) {
        P->status = peek(P)->type == T_EOF ? PARSE_INCOMPLETE : PARSE_ERROR;
        P->bad = peek(P);
    }
    return NULL;
}

static bool expect_kw(struct parser *P, const char *kw)
{
    if (!is_kw(peek(P), kw)) {
        fail(P);
        return false;
    }
    next(P);
    return true;
}

static void skip_newlines(struct parser *P)
{
    while (peek(P)->type == T_NEWLINE)
        next(P);
}

static struct node *new_node(struct parser *P, enum node_type type, int nkids)
{
    struct node *n = arena_alloc(P->a, sizeof *n);
    n->type = type;
    n->nkids = nkids;
    n->kids = arena_alloc(P->a, (size_t)(nkids ? nkids : 1) * sizeof *n->kids);
    return n;
}

static struct node *binary(struct parser *P, enum node_type type, struct node *l, struct node *r)
{
    struct node *n = new_node(P, type, 2);
    n->kids[0] = l;
    n->kids[1] = r;
    return n;
}

/* A REDIR token and its target word, appended to *tail. */
static bool parse_redir(struct parser *P, struct redir ***tail)
{
    struct token *op = next(P);
    if (peek(P)->type != T_WORD) {
        fail(P);
        return false;
    }
    struct redir *r = arena_alloc(P->a, sizeof *r);
    r->kind = op->kind;
    r->fd = op->fd;
    r->target = next(P)->text;
    **tail = r;
    *tail = &r->next;
    return true;
}

/* Words and redirections until an operator. */
static struct node *parse_simple(struct parser *P)
{
    struct node *n = new_node(P, N_CMD, 0);
    struct redir **tail = &n->redirs;
    int cap = 8;
    n->words = arena_alloc(P->a, (size_t)cap * sizeof *n->words);
    for (;;) {
        struct token *t = peek(P);
        if (t->type == T_REDIR) {
            if (!parse_redir(P, &tail))
                return NULL;
        } else if (t->type == T_WORD) {
            if (n->nwords + 2 > cap) {
                char **w = arena_alloc(P->a, (size_t)cap * 2 * sizeof *w);
                memcpy(w, n->words, (size_t)cap * sizeof *w);
                n->words = w;
                cap *= 2;
            }
            n->words[n->nwords++] = next(P)->text;
        } else {
            break;
        }
    }
    if (n->nwords == 0 && !n->redirs)
        return fail(P);
    return n;
}

/* if LIST then LIST {elif LIST then LIST} [else LIST] fi */
static struct node *parse_if(struct parser *P)
{
    struct node *n = new_node(P, N_IF, 3);
    next(P);                                    /* `if' or `elif' */
    if (!(n->kids[0] = parse_list(P)) || !expect_kw(P, "then") || !(n->kids[1] = parse_list(P)))
        return fail(P);
    if (is_kw(peek(P), "elif"))
        return (n->kids[2] = parse_if(P)) ? n : NULL;   /* the inner if eats the fi */
    if (is_kw(peek(P), "else")) {
        next(P);
        if (!(n->kids[2] = parse_list(P)))
            return fail(P);
    }
    return expect_kw(P, "fi") ? n : NULL;
}

/* while|until LIST do LIST done */
static struct node *parse_while(struct parser *P)
{
    struct node *n = new_node(P, N_WHILE, 2);
    n->negate = is_kw(next(P), "until");
    if (!(n->kids[0] = parse_list(P)) || !expect_kw(P, "do") || !(n->kids[1] = parse_list(P)))
        return fail(P);
    return expect_kw(P, "done") ? n : NULL;
}

/* for NAME [in WORD...] ; do LIST done */
static struct node *parse_for(struct parser *P)
{
    struct node *n = new_node(P, N_FOR, 1);
    next(P);
    struct token *name = peek(P);
    if (name->type != T_WORD || !var_name_ok(name->text, strlen(name->text)))
        return fail(P);
    n->name = next(P)->text;
    skip_newlines(P);
    if (is_kw(peek(P), "in")) {
        next(P);
        n->has_in = true;
        int cap = 1;
        while (peek(P)->type == T_WORD)
            cap++, next(P);
        n->words = arena_alloc(P->a, (size_t)cap * sizeof *n->words);
        for (int i = P->pos - (cap - 1); i < P->pos; i++)
            n->words[n->nwords++] = P->t[i].text;
    }
    if (peek(P)->type == T_SEMI)
        next(P);
    skip_newlines(P);
    if (!expect_kw(P, "do") || !(n->kids[0] = parse_list(P)))
        return fail(P);
    return expect_kw(P, "done") ? n : NULL;
}

static struct node *parse_subshell(struct parser *P)
{
    struct node *n = new_node(P, N_SUBSHELL, 1);
    next(P);
    if (!(n->kids[0] = parse_list(P)))
        return fail(P);
    if (peek(P)->type != T_RPAREN)
        return fail(P);
    next(P);
    return n;
}

/* { LIST } : a group run in the shell itself (unlike ( LIST )). */
static struct node *parse_group(struct parser *P)
{
    struct node *n = new_node(P, N_GROUP, 1);
    next(P);
    if (!(n->kids[0] = parse_list(P)))
        return fail(P);
    return expect_kw(P, "}") ? n : NULL;
}

/* A compound command may be followed by redirections: `done > file'. */
static struct node *parse_command(struct parser *P)
{
    struct token *t = peek(P);
    struct node *n;
    if (is_kw(t, "if"))
        n = parse_if(P);
    else if (is_kw(t, "while") || is_kw(t, "until"))
        n = parse_while(P);
    else if (is_kw(t, "for"))
        n = parse_for(P);
    else if (t->type == T_LPAREN)
        n = parse_subshell(P);
    else if (is_kw(t, "{"))
        n = parse_group(P);
    else if (is_terminator(t) && t->type != T_EOF)
        return fail(P);
    else
        return parse_simple(P);
    struct redir **tail = n ? &n->redirs : NULL;
    while (n && peek(P)->type == T_REDIR)
        if (!parse_redir(P, &tail))
            return NULL;
    return n;
}

static struct node *parse_pipeline(struct parser *P)
{
    bool negate = is_kw(peek(P), "!");
    if (negate)
        next(P);
    struct node *n = parse_command(P);
    while (n && peek(P)->type == T_PIPE) {
        next(P);
        skip_newlines(P);
        struct node *r = parse_command(P);
        if (!r)
            return NULL;
        n = binary(P, N_PIPE, n, r);
    }
    if (n && negate) {
        struct node *x = new_node(P, N_NOT, 1);
        x->kids[0] = n;
        n = x;
    }
    return n;
}

static struct node *parse_and_or(struct parser *P)
{
    struct node *n = parse_pipeline(P);
    while (n && (peek(P)->type == T_AND || peek(P)->type == T_OR)) {
        enum node_type type = next(P)->type == T_AND ? N_AND : N_OR;
        skip_newlines(P);
        struct node *r = parse_pipeline(P);
        if (!r)
            return NULL;
        n = binary(P, type, n, r);
    }
    return n;
}

/* And-or lists separated by ; & or newlines, up to a terminator.  NULL
 * for an empty list (callers that need a command treat it as a failure). */
static struct node *parse_list(struct parser *P)
{
    struct node *list = NULL;
    if (++P->depth > NEST_MAX) {
        if (P->status == PARSE_OK)
            sh_error("syntax error: nested too deeply");
        P->status = PARSE_ERROR;
        P->bad = NULL;
        return NULL;
    }
    skip_newlines(P);
    while (!is_terminator(peek(P))) {
        struct node *n = parse_and_or(P);
        if (!n)
            return NULL;
        enum tok_type sep = peek(P)->type;
        if (sep == T_AMP) {
            struct node *bg = new_node(P, N_BG, 1);
            bg->kids[0] = n;
            n = bg;
        }
        if (sep == T_AMP || sep == T_SEMI || sep == T_NEWLINE)
            next(P);
        else if (!is_terminator(peek(P)))
            return fail(P);
        list = list ? binary(P, N_SEQ, list, n) : n;
        skip_newlines(P);
    }
    P->depth--;
    return list;
}

static const char *token_name(const struct token *t)
{
    static const char *const names[] = {
        [T_NEWLINE] = "newline", [T_SEMI] = ";", [T_AMP] = "&", [T_PIPE] = "|",
        [T_AND] = "&&", [T_OR] = "||", [T_LPAREN] = "(", [T_RPAREN] = ")",
        [T_REDIR] = "redirection", [T_EOF] = "end of file",
    };
    return t->type == T_WORD ? t->text : names[t->type];
}

enum parse_status parse(struct arena *a, const char *src, struct node **out)
{
    struct parser P = { .a = a, .status = PARSE_OK };
    int ntok;
    *out = NULL;
    enum parse_status st = lex(a, src, &P.t, &ntok);
    if (st != PARSE_OK)
        return st;
    struct node *n = parse_list(&P);
    if (P.status == PARSE_OK && peek(&P)->type != T_EOF)
        fail(&P);                               /* a stray ) or keyword */
    if (P.status == PARSE_ERROR && P.bad)
        sh_error("syntax error near `%s'", token_name(P.bad));
    if (P.status != PARSE_OK)
        return P.status;
    *out = n;
    return PARSE_OK;
}
