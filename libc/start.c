/*
 * Process start-up between crt0's _start and main(): publish the
 * environment, run constructors (newlib's __libc_init_array walks
 * .preinit_array/.init_array, whose bounds libc/user.ld defines), arrange
 * for destructors at exit, then exit(main()).  exit() flushes stdio and
 * ends in _exit() (proc.c).
 */
#include <stdlib.h>
#include <unistd.h>      /* environ */

#include "internal.h"

void _init(void)
{
}

void _fini(void)
{
}

void __libc_start(int argc, char **argv, char **envp)
{
    environ = envp;
    atexit(__libc_fini_array);
    __libc_init_array();
    exit(main(argc, argv, envp));
}
