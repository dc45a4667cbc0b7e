/*
 * Loading a program into a process (kernel/proc/exec.c).  Arguments and
 * environment are gathered into kernel memory first (from user memory for
 * execve, from kernel arrays for init), so the old address space can be
 * dropped only once the new program is fully loaded: a failed exec leaves
 * the caller untouched.
 */
#ifndef PROC_EXEC_H
#define PROC_EXEC_H

#include <stdint.h>

struct proc;
struct trapframe;

struct exec_args {
    char *buf;                  /* argv strings, then envp strings, each NUL-terminated */
    uint32_t used, size;
    int argc, envc;
};

int exec_args_init(struct exec_args *a);
void exec_args_free(struct exec_args *a);
/* Append one string; -E2BIG when ARG_MAX_BYTES is exceeded. */
int exec_args_add(struct exec_args *a, const char *s, uint32_t len);

/* Replace p's program with path; on success *tf is the user entry state. */
int exec_image(struct proc *p, const char *path, struct exec_args *a, struct trapframe *tf);
/* The same with kernel argv/envp arrays (NULL-terminated). */
int exec_kernel(struct proc *p, const char *path, const char *const argv[],
                const char *const envp[], struct trapframe *tf);

#endif
