/*
 * init, placeholder version: the first user process.  It makes sure
 * descriptors 0-2 exist (on /dev/console), announces itself and becomes
 * /bin/sh when there is one.  Without a shell it stays alive reaping
 * orphans, since process 1 must never exit.  The real init (running
 * /etc/rc, respawning the shell) replaces this file later.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CONSOLE "/dev/console"
#define SHELL   "/bin/sh"

/* If the kernel started us without standard descriptors, open the console. */
static void open_console(void)
{
    if (fcntl(1, F_GETFD) >= 0)
        return;
    for (int fd = 0; fd < 3; fd++)
        if (open(CONSOLE, fd == 0 ? O_RDONLY : O_WRONLY) < 0)
            return;
}

/* Reap children forever; sleep when there are none. */
static void idle(void)
{
    for (;;) {
        if (wait(NULL) >= 0)
            continue;
        if (pause() < 0 && errno != EINTR)
            sleep(1);       /* no pause() in the kernel yet: do not spin */
    }
}

int main(void)
{
    open_console();
    printf("init: started\n");
    fflush(stdout);
    if (access(SHELL, X_OK) == 0) {
        char *argv[] = { "sh", NULL };
        execv(SHELL, argv);
        printf("init: cannot run %s (errno %d)\n", SHELL, errno);
    } else {
        printf("init: no %s; idling\n", SHELL);
    }
    fflush(stdout);
    idle();
}
