/*
 * exit0: the smallest program we build, the exec target of bench's
 * fork_execve_tiny_wait figure (the Linux rig's /bin/tiny).  It goes
 * straight to the exit system call; only crt0 and __libc_start run first.
 */
#include <unistd.h>

int main(void)
{
    _exit(0);
}
