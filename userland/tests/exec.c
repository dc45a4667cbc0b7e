/*
 * exec: what execve carries over and what it replaces.
 *
 * The new program gets exactly the argv and envp it was given (empty
 * strings, many entries, long strings, up to 60 KiB in all); more than
 * the limit is E2BIG and leaves the caller running.  The pid, parent,
 * open descriptors (without close-on-exec), their offsets and the working
 * directory survive; memory does not (a fresh heap and stack).  A missing
 * program is ENOENT, and a failed execve changes nothing in the caller.
 */
#include "check.h"

#define SELF "/bin/tests/exec"

static int child_status(char *const argv[], char *const envp[])
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        execve(SELF, argv, envp);
        _exit(99);
    }
    if (pid > 0)
        waitpid(pid, &status, 0);
    return status;
}

/* The exec'd side: "args N": check argv/envp as built by many_args(). */
static int check_args(int argc, char **argv, char **envp)
{
    int n = atoi(argv[2]), envc = 0;

    CHECK(argc == n + 3);
    for (int i = 0; i < n && i + 3 < argc; i++) {
        char want[16];
        snprintf(want, sizeof want, "a%d", i);
        CHECK(strcmp(argv[i + 3], i % 10 == 0 ? "" : want) == 0);
    }
    CHECK(argv[argc] == NULL);
    while (envp[envc])
        envc++;
    CHECK(envc == 2 && strcmp(envp[0], "ONE=1") == 0 && strcmp(envp[1], "EMPTY=") == 0);
    CHECK(getenv("ONE") && strcmp(getenv("ONE"), "1") == 0);
    return check_status();
}

static void many_args(void)
{
    static char *argv[1200];
    static char strs[1200][16];
    char count[16];
    char *envp[] = { "ONE=1", "EMPTY=", NULL };
    int n = 1000;

    snprintf(count, sizeof count, "%d", n);
    argv[0] = SELF;
    argv[1] = "args";
    argv[2] = count;
    for (int i = 0; i < n; i++) {
        snprintf(strs[i], sizeof strs[i], "a%d", i);
        argv[i + 3] = i % 10 == 0 ? "" : strs[i];
    }
    argv[n + 3] = NULL;
    CHECK_EXITED(child_status(argv, envp), 0);
}

/* "long N": one argument of N bytes of 'L'. */
static int check_long(char **argv)
{
    size_t n = (size_t)atol(argv[2]);

    CHECK(strlen(argv[3]) == n && argv[3][0] == 'L' && argv[3][n - 1] == 'L');
    return check_status();
}

static void long_args(void)
{
    static char big[100 * 1024];
    char count[16];
    char *envp[] = { NULL };

    memset(big, 'L', sizeof big - 1);
    big[60 * 1024] = '\0';                              /* fits in the 64 KiB limit */
    snprintf(count, sizeof count, "%d", 60 * 1024);
    char *argv[] = { SELF, "long", count, big, NULL };
    CHECK_EXITED(child_status(argv, envp), 0);
    big[60 * 1024] = 'L';                               /* 100 KiB: too much */
    CHECK_ERR(execve(SELF, argv, envp), E2BIG);
    char *many[20000];                                  /* 20000 short strings: too many bytes */
    for (int i = 0; i < 19999; i++)
        many[i] = "xxxx";
    many[19999] = NULL;
    CHECK_ERR(execve(SELF, many, envp), E2BIG);
}

/* "kept FD PID": fd is open at offset 3, our pid is PID, cwd is /tmp. */
static int check_kept(char **argv)
{
    char cwd[64];

    CHECK(lseek(atoi(argv[2]), 0, SEEK_CUR) == 3);
    CHECK(getpid() == atoi(argv[3]));
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, "/tmp") == 0);
    return check_status();
}

static void kept(void)
{
    int status = -1;
    int fd = open("/tmp/exec.f", O_CREAT | O_RDWR | O_TRUNC, 0644);

    CHECK(fd >= 0 && write(fd, "abc", 3) == 3);
    pid_t pid = fork();
    if (pid == 0) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", fd);
        snprintf(b, sizeof b, "%d", getpid());
        chdir("/tmp");
        char *argv[] = { SELF, "kept", a, b, NULL };
        execv(SELF, argv);
        _exit(99);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    close(fd);
    CHECK(unlink("/tmp/exec.f") == 0);
}

static int marker = 5;

static void failures(void)
{
    char *argv[] = { "nothing", NULL }, *envp[] = { NULL };
    char cwd[64];

    CHECK_ERR(execve("/bin/tests/no-such-program", argv, envp), ENOENT);
    CHECK_ERR(execve("/no/such/dir/prog", argv, envp), ENOENT);
    CHECK_ERR(execve("/bin/tests/exec/x", argv, envp), ENOTDIR);
    CHECK_ERR(execve("", argv, envp), ENOENT);
    CHECK(marker == 5 && getcwd(cwd, sizeof cwd) != NULL);
}

int main(int argc, char **argv, char **envp)
{
    if (argc >= 3 && strcmp(argv[1], "args") == 0)
        return check_args(argc, argv, envp);
    if (argc == 4 && strcmp(argv[1], "long") == 0)
        return check_long(argv);
    if (argc == 4 && strcmp(argv[1], "kept") == 0)
        return check_kept(argv);
    many_args();
    long_args();
    kept();
    failures();
    return check_status();
}
