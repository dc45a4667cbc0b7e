/*
 * Declarations shared between the glue's own files (private to libc/):
 * the start-up path and the symbols newlib defines without a public header.
 */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H

/* Called by crt0's _start; runs constructors, main() and exit(). */
void __libc_start(int argc, char **argv, char **envp) __attribute__((noreturn));

/* The program's main(); crt0 always passes the environment too. */
int main(int argc, char **argv, char **envp);

/* newlib's constructor and destructor walkers (libc/misc/init.c, fini.c). */
void __libc_init_array(void);
void __libc_fini_array(void);

/* newlib calls these around the .init_array walk (it is built with
 * HAVE_INIT_FINI); we have no .init/.fini sections, so they are empty. */
void _init(void);
void _fini(void);

/* The end of .bss (libc/user.ld): the heap starts at or above it. */
extern char _end[];

/* Where a signal handler returns to (sigtramp.S): calls SYS_sigreturn. */
void __sigreturn_trampoline(void);

#endif
