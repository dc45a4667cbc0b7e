/*
 * Redirections: < > >> n>&m n<&m and n>&- .  In a child about to exec
 * they are applied and forgotten; for a builtin or a compound command run
 * inside the shell itself, each descriptor is first copied out of the way
 * (to 10 and up, close-on-exec) so redir_restore() can put the shell's
 * own stdin/stdout back afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define SAVED_MAX ((int)(sizeof ((struct saved_fds *)0)->fd / sizeof(int)))
#define SAVE_BASE 10            /* saved copies go at or above this */

/* Remember fd's current file (or that it was closed), once per set. */
static void save_fd(struct saved_fds *save, int fd)
{
    if (!save)
        return;
    for (int i = 0; i < save->n; i++)
        if (save->fd[i] == fd)
            return;
    if (save->n == SAVED_MAX)
        return;                 /* too many to undo; a rare script's problem */
    int copy = fcntl(fd, F_DUPFD, SAVE_BASE);
    if (copy >= 0)
        fcntl(copy, F_SETFD, FD_CLOEXEC);
    save->fd[save->n] = fd;
    save->copy[save->n++] = copy;
}

/* n>&m, n<&m, n>&- */
static int apply_dup(struct redir *r, const char *target, struct saved_fds *save)
{
    if (strcmp(target, "-") == 0) {
        save_fd(save, r->fd);
        close(r->fd);
        return 0;
    }
    char *end;
    long from = strtol(target, &end, 10);
    if (*target == '\0' || *end != '\0' || from < 0 || from > 999 || fcntl((int)from, F_GETFD) < 0) {
        sh_error("%s: bad file descriptor", target);
        return -1;
    }
    save_fd(save, r->fd);
    if (from != r->fd && dup2((int)from, r->fd) < 0) {
        sh_error("dup2: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static int apply_open(struct redir *r, const char *target, struct saved_fds *save)
{
    static const int flags[] = {
        [R_IN] = O_RDONLY,
        [R_OUT] = O_WRONLY | O_CREAT | O_TRUNC,
        [R_APPEND] = O_WRONLY | O_CREAT | O_APPEND,
    };
    save_fd(save, r->fd);       /* first: open() may land in r->fd's free slot */
    int fd = open(target, flags[r->kind], 0666);
    if (fd < 0) {
        sh_error("%s: %s", target, strerror(errno));
        return -1;
    }
    if (fd == r->fd)
        return 0;
    int ok = dup2(fd, r->fd);
    close(fd);
    if (ok < 0) {
        sh_error("dup2: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int redir_apply(struct redir *r, struct saved_fds *save)
{
    if (save && r) {
        fflush(stdout);         /* earlier output goes where stdout pointed then */
        fflush(stderr);
    }
    for (; r; r = r->next) {
        char *target = expand_string(r->target);
        if (!target)
            return -1;
        int rc = (r->kind == R_DUP_IN || r->kind == R_DUP_OUT) ? apply_dup(r, target, save)
                                                                : apply_open(r, target, save);
        free(target);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Undo in reverse order, so a descriptor redirected twice gets its first value. */
void redir_restore(struct saved_fds *save)
{
    fflush(stdout);             /* what a builtin printed belongs to the redirected file */
    fflush(stderr);
    while (save->n > 0) {
        save->n--;
        int fd = save->fd[save->n], copy = save->copy[save->n];
        if (copy >= 0) {
            dup2(copy, fd);
            close(copy);
        } else {
            close(fd);
        }
    }
}
