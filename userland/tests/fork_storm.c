/*
 * fork_storm: many processes created, run and reaped in quick succession.
 *
 * Waves of children that exit at once with distinct codes (each code must
 * come back to the right pid, every one exactly once), a chain of nested
 * forks (grandchildren reaped by their own parents), waves of fork+execve
 * of this program in "child mode", and children exiting while the parent
 * is busy (zombies waited for later, in reverse order).  Afterwards the
 * parent has no children left: wait() fails with ECHILD.
 */
#include "check.h"

#define SELF   "/bin/tests/fork_storm"
#define WAVES  6
#define WIDTH  20
#define DEPTH  12

/* Children exit with code i; collect them in whatever order they finish. */
static void wave_of_exits(int wave)
{
    pid_t pids[WIDTH];
    int seen[WIDTH] = { 0 };

    for (int i = 0; i < WIDTH; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            _exit(wave * WIDTH + i);
        CHECK(pids[i] > 0);
    }
    for (int n = 0; n < WIDTH; n++) {
        int status = -1;
        pid_t pid = wait(&status);
        int i = 0;
        while (i < WIDTH && pids[i] != pid)
            i++;
        CHECK(i < WIDTH);
        if (i == WIDTH)
            continue;
        CHECK(!seen[i]);
        seen[i] = 1;
        CHECK_EXITED(status, wave * WIDTH + i);
    }
}

/* Each level forks the next and passes its child's code up, plus one. */
static int chain(int depth)
{
    int status = -1;
    pid_t pid;

    if (depth == 0)
        return 0;
    pid = fork();
    if (pid == 0)
        _exit(chain(depth - 1));
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 200;
    return WEXITSTATUS(status) + 1;
}

static void wave_of_execs(void)
{
    pid_t pids[WIDTH];

    for (int i = 0; i < WIDTH; i++) {
        char code[8];
        char *argv[] = { SELF, "exit", code, NULL };
        snprintf(code, sizeof code, "%d", 100 + i);
        pids[i] = fork();
        if (pids[i] == 0) {
            execv(SELF, argv);
            _exit(99);
        }
        CHECK(pids[i] > 0);
    }
    for (int i = WIDTH - 1; i >= 0; i--) {
        int status = 0;
        CHECK(waitpid(pids[i], &status, 0) == pids[i]);
        CHECK_EXITED(status, 100 + i);
    }
}

/* Zombies: children die while we are not waiting; reap them newest first. */
static void late_reaping(void)
{
    pid_t pids[WIDTH];

    for (int i = 0; i < WIDTH; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            _exit(i);
    }
    usleep(100 * 1000);                     /* most are zombies by now */
    for (int i = WIDTH - 1; i >= 0; i--) {
        int status = 0;
        CHECK(pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i]);
        CHECK_EXITED(status, i);
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "exit") == 0)
        return atoi(argv[2]);               /* child mode, for wave_of_execs */
    for (int w = 0; w < WAVES; w++)
        wave_of_exits(w);
    CHECK(chain(DEPTH) == DEPTH);
    for (int w = 0; w < 3; w++)
        wave_of_execs();
    late_reaping();
    CHECK_ERR(wait(NULL), ECHILD);
    CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
    return check_status();
}
