/*
 * sh: Mosaic's shell, the declarations its files share.  The layers, in
 * the order a command line goes through them:
 *
 *   input.c     lines from the terminal (lineedit.c) or a file
 *   lex.c       text -> tokens (words keep their quotes for expand.c)
 *   parse.c     tokens -> a tree of struct node (in an arena, arena.c)
 *   expand.c    words -> fields: $VAR, $(cmd), quotes, splitting; glob.c,
 *               arith.c
 *   exec.c      runs the tree: lists, pipelines, fork/exec; redir.c
 *   jobs.c      process groups, the terminal, waiting, background jobs
 *   builtins.c  cd, exit, export ... run inside the shell process
 *   vars.c      shell variables and the environment they export
 */
#ifndef SH_H
#define SH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* ---- arena.c: one allocation pool per parsed command, freed at once ---- */
struct arena;
struct arena *arena_new(void);
void *arena_alloc(struct arena *a, size_t n);      /* zeroed; exits on ENOMEM */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

void *xmalloc(size_t n);                           /* malloc or die */
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A growable array of malloc'd strings, NULL-terminated once finished. */
struct strlist {
    char **v;
    int n, cap;
};
void strlist_push(struct strlist *l, char *s);     /* takes ownership of s */
void strlist_free(struct strlist *l);

/* ---- lex.c ---- */
enum tok_type {
    T_WORD, T_NEWLINE, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR,
    T_LPAREN, T_RPAREN, T_REDIR, T_EOF,
};

enum redir_kind { R_IN, R_OUT, R_APPEND, R_DUP_IN, R_DUP_OUT };

struct token {
    enum tok_type type;
    char *text;             /* T_WORD: raw text, quotes included */
    int fd;                 /* T_REDIR: the descriptor redirected */
    enum redir_kind kind;   /* T_REDIR */
};

/* Lexing and parsing results. */
enum parse_status { PARSE_OK, PARSE_INCOMPLETE, PARSE_ERROR };

/* Tokenise src; *ntok gets the count (the last token is T_EOF). */
enum parse_status lex(struct arena *a, const char *src, struct token **toks, int *ntok);

/* ---- parse.c ---- */
enum node_type {
    N_CMD,          /* simple command: words, redirections */
    N_PIPE,         /* kids[0] | kids[1] | ... */
    N_AND, N_OR,    /* kids[0] && kids[1] */
    N_SEQ,          /* kids[0] ; kids[1] */
    N_BG,           /* kids[0] & */
    N_NOT,          /* ! kids[0] */
    N_SUBSHELL,     /* ( kids[0] ) */
    N_GROUP,        /* { kids[0] ; } */
    N_IF,           /* if kids[0] then kids[1] else kids[2] fi */
    N_WHILE,        /* while kids[0] do kids[1] done; `until' sets negate */
    N_FOR,          /* for name in words do kids[0] done */
};

struct redir {
    enum redir_kind kind;
    int fd;
    char *target;           /* raw word */
    struct redir *next;
};

struct node {
    enum node_type type;
    struct node **kids;
    int nkids;
    char **words;           /* N_CMD argv (raw), N_FOR list; NULL-terminated */
    int nwords;
    struct redir *redirs;   /* N_CMD and compound commands */
    char *name;             /* N_FOR variable */
    bool negate;            /* N_WHILE: until */
    bool has_in;            /* N_FOR: an `in' list was given */
};

/* Parse src into *out (NULL for an empty program).  On PARSE_ERROR the
 * message has been printed. */
enum parse_status parse(struct arena *a, const char *src, struct node **out);

/* ---- vars.c ---- */
void vars_init(char **envp);
const char *var_get(const char *name);             /* NULL if unset */
int var_set(const char *name, const char *value, bool export);
int var_unset(const char *name);
int var_export(const char *name);                  /* mark (create empty if unset) */
bool var_name_ok(const char *s, size_t len);
char **vars_environ(void);                         /* malloc'd; free with strlist */
void vars_print(bool exported_only);

/* Positional parameters $0 $1 ... and the special values. */
struct shell_state {
    char *arg0;
    char **args;            /* $1 ... */
    int nargs;
    int status;             /* $? */
    pid_t last_bg;          /* $! */
    bool interactive;
    bool login;
    int loop_depth;         /* inside while/for: break and continue are allowed */
    int breaking;           /* break N in progress */
    bool continuing;
};
extern struct shell_state sh;

/* ---- expand.c, glob.c ---- */
/* Expand raw words into fields (with splitting and globbing) appended to out.
 * Returns 0, or -1 after printing an error. */
int expand_words(char **raw, int n, struct strlist *out);
/* Expand one word into one string (no splitting or globbing): targets of
 * redirections, assignments.  malloc'd; NULL after an error. */
char *expand_string(const char *raw);
/* Append the paths matching pattern (backslash escapes) to out, sorted;
 * returns how many. */
int glob_expand(const char *pattern, struct strlist *out);
bool arith_eval(const char *s, long *out);         /* false after a message */
bool glob_match(const char *pat, const char *s);

/* ---- exec.c, redir.c ---- */
int exec_node(struct node *n);                     /* the exit status */
int exec_string(const char *src, const char *what);
_Noreturn void exec_external(char **argv);         /* PATH search; exits 126/127 */
_Noreturn void exit_child(int status);             /* flush stdio, _exit */

/* Redirections: in a child they are simply applied; in the shell the
 * old descriptors are saved so they can be put back. */
struct saved_fds {
    int fd[10], copy[10];
    int n;
};
int redir_apply(struct redir *r, struct saved_fds *save);  /* 0 or -1 (printed) */
void redir_restore(struct saved_fds *save);

/* ---- jobs.c ---- */
void jobs_init(void);                              /* interactive: take the terminal */
struct job *job_new(const char *text, bool background);
void job_add(struct job *j, pid_t pid);
void job_child_setup(struct job *j);               /* in the child, before exec */
int job_wait_fg(struct job *j);                    /* status of the last process */
void job_start_bg(struct job *j);
void jobs_reap(bool report);                       /* non-blocking */
int jobs_wait(pid_t pid);                          /* `wait'; pid 0 = all */
void jobs_list(void);
int status_from_wait(int ws);                      /* 128 + signal, or the code */
void signals_default(void);                        /* in a child */

/* ---- builtins.c ---- */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);

/* ---- input.c, lineedit.c, history ---- */
struct input;
struct input *input_fd(int fd, bool interactive);
void input_free(struct input *in);
char *input_line(struct input *in, const char *prompt);  /* malloc'd, no '\n'; NULL at EOF */
int run_input(struct input *in);                   /* read-parse-run loop; last status */

char *lineedit_read(int fd, const char *prompt);   /* NULL at EOF (^D) */
bool lineedit_cancelled(void);                     /* that line was ^C */
char *read_plain_line(int fd);                     /* byte by byte; NULL at EOF */
void history_add(const char *line);
void history_print(void);

/* Print "sh: ..." on stderr. */
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
