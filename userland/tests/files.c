/*
 * files: the file system calls on /tmp (ramfs) and /dev.
 *
 * Reading back what was written, at every offset; lseek from the start,
 * the current position and the end; a hole reading as zeros; O_APPEND,
 * O_TRUNC, O_EXCL; a file unlinked while open keeping its data until the
 * last close; rename within and across directories, replacing a file;
 * mkdir/rmdir and the errors for wrong kinds of path; dup and fork
 * sharing one offset; O_CLOEXEC across execve; a directory of 200 files
 * listed exactly once each; a 512 KiB file; /dev/null and /dev/zero.
 * Everything made under /tmp is removed again.
 */
#include <dirent.h>
#include <sys/stat.h>
#include "check.h"

#define DIR_  "/tmp/files.d"
#define FILE_ DIR_ "/f"
#define SELF  "/bin/tests/files"

static int slurp(const char *path, char *buf, int size)
{
    int fd = open(path, O_RDONLY);
    int n = fd < 0 ? -1 : (int)read(fd, buf, size);

    if (fd >= 0)
        close(fd);
    return n;
}

static void read_write_seek(void)
{
    char buf[64];
    struct stat st;
    int fd = open(FILE_, O_CREAT | O_RDWR | O_TRUNC, 0644);

    CHECK(fd >= 0);
    CHECK(write(fd, "abcdefghij", 10) == 10);
    CHECK(lseek(fd, 0, SEEK_CUR) == 10);
    CHECK(lseek(fd, 2, SEEK_SET) == 2 && read(fd, buf, 3) == 3 && memcmp(buf, "cde", 3) == 0);
    CHECK(lseek(fd, -2, SEEK_END) == 8 && read(fd, buf, 10) == 2 && memcmp(buf, "ij", 2) == 0);
    CHECK(read(fd, buf, 10) == 0);                      /* at the end */
    CHECK(lseek(fd, 4, SEEK_SET) == 4 && write(fd, "XY", 2) == 2);
    CHECK(slurp(FILE_, buf, sizeof buf) == 10 && memcmp(buf, "abcdXYghij", 10) == 0);
    CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK_ERR(lseek(fd, 0, 42), EINVAL);
    /* a hole: write past the end, the gap reads as zeros */
    CHECK(lseek(fd, 10000, SEEK_SET) == 10000 && write(fd, "end", 3) == 3);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 10003 && S_ISREG(st.st_mode));
    CHECK(lseek(fd, 5000, SEEK_SET) == 5000 && read(fd, buf, 8) == 8);
    CHECK(memcmp(buf, "\0\0\0\0\0\0\0\0", 8) == 0);
    CHECK(close(fd) == 0);
    CHECK_ERR(close(fd), EBADF);
    /* access modes */
    fd = open(FILE_, O_RDONLY);
    CHECK_ERR(write(fd, "x", 1), EBADF);
    close(fd);
    fd = open(FILE_, O_WRONLY);
    CHECK_ERR(read(fd, buf, 1), EBADF);
    close(fd);
}

static void open_flags(void)
{
    char buf[32];
    int fd = open(FILE_, O_WRONLY | O_TRUNC);

    CHECK(fd >= 0 && write(fd, "one", 3) == 3);
    close(fd);
    fd = open(FILE_, O_WRONLY | O_APPEND);
    CHECK(fd >= 0 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "two", 3) == 3);   /* still appends */
    close(fd);
    CHECK(slurp(FILE_, buf, sizeof buf) == 6 && memcmp(buf, "onetwo", 6) == 0);
    CHECK_ERR(open(FILE_, O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    CHECK_ERR(open(DIR_ "/missing", O_RDONLY), ENOENT);
    CHECK_ERR(open(DIR_ "/missing/x", O_CREAT | O_WRONLY, 0644), ENOENT);
    CHECK_ERR(open(FILE_ "/x", O_RDONLY), ENOTDIR);
    CHECK_ERR(open(DIR_, O_WRONLY), EISDIR);
    fd = open(DIR_ "/new", O_CREAT | O_EXCL | O_WRONLY, 0644);
    CHECK(fd >= 0);
    close(fd);
    CHECK(unlink(DIR_ "/new") == 0);
}

static void unlink_while_open(void)
{
    char buf[16];
    int fd = open(DIR_ "/doomed", O_CREAT | O_RDWR, 0644);

    CHECK(fd >= 0 && write(fd, "still here", 10) == 10);
    CHECK(unlink(DIR_ "/doomed") == 0);
    CHECK_ERR(open(DIR_ "/doomed", O_RDONLY), ENOENT);
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 16) == 10 && memcmp(buf, "still here", 10) == 0);
    CHECK(close(fd) == 0);
    CHECK_ERR(unlink(DIR_ "/doomed"), ENOENT);
}

static void directories(void)
{
    char buf[32];
    struct stat st;

    CHECK(mkdir(DIR_ "/sub", 0755) == 0);
    CHECK_ERR(mkdir(DIR_ "/sub", 0755), EEXIST);
    CHECK(stat(DIR_ "/sub", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(rename(FILE_, DIR_ "/sub/moved") == 0);       /* across directories */
    CHECK_ERR(stat(FILE_, &st), ENOENT);
    CHECK(slurp(DIR_ "/sub/moved", buf, sizeof buf) == 6);
    CHECK_ERR(rmdir(DIR_ "/sub"), ENOTEMPTY);
    CHECK_ERR(rmdir(DIR_ "/sub/moved"), ENOTDIR);
    CHECK_ERR(unlink(DIR_ "/sub"), EISDIR);
    /* rename over an existing file replaces it */
    int fd = open(DIR_ "/other", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0 && write(fd, "other", 5) == 5);
    close(fd);
    CHECK(rename(DIR_ "/other", DIR_ "/sub/moved") == 0);
    CHECK(slurp(DIR_ "/sub/moved", buf, sizeof buf) == 5 && memcmp(buf, "other", 5) == 0);
    /* relative paths and .. */
    CHECK(chdir(DIR_ "/sub") == 0);
    CHECK(slurp("moved", buf, sizeof buf) == 5);
    CHECK(slurp("../sub/./moved", buf, sizeof buf) == 5);
    CHECK(getcwd(buf, sizeof buf) && strcmp(buf, DIR_ "/sub") == 0);
    CHECK(chdir("..") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, DIR_) == 0);
    CHECK(chdir("/") == 0);
    CHECK(unlink(DIR_ "/sub/moved") == 0);
    CHECK(rmdir(DIR_ "/sub") == 0);
    CHECK_ERR(chdir(DIR_ "/sub"), ENOENT);
    char longname[sizeof DIR_ + 300];                   /* one component of 280 bytes */
    strcpy(longname, DIR_ "/");
    memset(longname + sizeof DIR_, 'n', 280);
    longname[sizeof DIR_ + 280] = '\0';
    CHECK_ERR(open(longname, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
}

static void shared_offsets(void)
{
    char buf[16];
    int status = -1;
    int fd = open(FILE_, O_CREAT | O_RDWR | O_TRUNC, 0644);

    CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10);
    int fd2 = dup(fd);
    CHECK(fd2 >= 0 && lseek(fd, 3, SEEK_SET) == 3 && lseek(fd2, 0, SEEK_CUR) == 3);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        _exit(read(fd, &c, 1) == 1 && c == '3' ? 0 : 1);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    CHECK(lseek(fd2, 0, SEEK_CUR) == 4);                /* the child's read moved ours */
    CHECK(read(fd2, buf, 2) == 2 && memcmp(buf, "45", 2) == 0);
    close(fd2);
    /* O_CLOEXEC and FD_CLOEXEC: closed in the exec'd program, kept by fork */
    int ce = open(FILE_, O_RDONLY | O_CLOEXEC);
    CHECK(ce >= 0 && fcntl(ce, F_GETFD) == FD_CLOEXEC);
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
    int keep = dup(fd);                                 /* dup clears the flag */
    CHECK(keep >= 0 && fcntl(keep, F_GETFD) == 0);
    pid = fork();
    if (pid == 0) {
        char a[8], b[8], c[8];
        snprintf(a, sizeof a, "%d", ce);
        snprintf(b, sizeof b, "%d", fd);
        snprintf(c, sizeof c, "%d", keep);
        char *args[] = { SELF, "fds", a, b, c, NULL };
        execv(SELF, args);
        _exit(99);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    close(ce);
    close(keep);
    close(fd);
}

/* The exec'd side of shared_offsets: the first two are closed, the third open. */
static int check_fds(char **argv)
{
    CHECK_ERR(fcntl(atoi(argv[2]), F_GETFD), EBADF);
    CHECK_ERR(fcntl(atoi(argv[3]), F_GETFD), EBADF);
    CHECK(fcntl(atoi(argv[4]), F_GETFD) == 0);
    return check_status();
}

static void many_entries(void)
{
    enum { N = 200 };
    static char seen[N];
    char name[64];
    int dups = 0, strays = 0, dots = 0;

    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, DIR_ "/entry-%03d", i);
        int fd = open(name, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    DIR *d = opendir(DIR_);
    CHECK(d != NULL);
    for (struct dirent *e; d && (e = readdir(d)) != NULL; ) {
        int i;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            dots++;
        else if (strcmp(e->d_name, "f") == 0)
            continue;                                   /* FILE_, still there */
        else if (sscanf(e->d_name, "entry-%d", &i) == 1 && i >= 0 && i < N)
            dups += seen[i]++ > 0;
        else
            strays++;
    }
    if (d)
        closedir(d);
    int missing = 0;
    for (int i = 0; i < N; i++)
        missing += !seen[i];
    CHECK(missing == 0 && dups == 0 && strays == 0 && dots == 2);
    if (missing || dups || strays || dots != 2)
        fprintf(stderr, "files: readdir of %d files: %d missing, %d twice, %d strays, %d dots\n",
                N, missing, dups, strays, dots);
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, DIR_ "/entry-%03d", i);
        CHECK(unlink(name) == 0);
    }
}

static void big_file(void)
{
    enum { SIZE = 512 * 1024 };
    static unsigned words[SIZE / 4];
    int fd = open(FILE_, O_CREAT | O_RDWR | O_TRUNC, 0644);

    for (unsigned i = 0; i < SIZE / 4; i++)
        words[i] = i * 2654435761u;
    CHECK(fd >= 0 && write(fd, words, SIZE) == SIZE);
    memset(words, 0, sizeof words);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    ssize_t got = 0, n;
    while ((n = read(fd, (char *)words + got, 7777)) > 0)
        got += n;
    CHECK(got == SIZE);
    int bad = 0;
    for (unsigned i = 0; i < SIZE / 4; i++)
        bad += words[i] != i * 2654435761u;
    CHECK(bad == 0);
    close(fd);
    CHECK(unlink(FILE_) == 0);
}

static void devices(void)
{
    char buf[64];
    int fd = open("/dev/null", O_RDWR);

    CHECK(fd >= 0 && write(fd, "gone", 4) == 4 && read(fd, buf, sizeof buf) == 0);
    close(fd);
    fd = open("/dev/zero", O_RDONLY);
    memset(buf, 'x', sizeof buf);
    CHECK(fd >= 0 && read(fd, buf, sizeof buf) == sizeof buf && buf[0] == 0 && buf[63] == 0);
    close(fd);
    struct stat st;
    CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
    CHECK(stat("/", &st) == 0 && S_ISDIR(st.st_mode));
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "fds") == 0)
        return check_fds(argv);
    rmdir(DIR_);
    CHECK(mkdir(DIR_, 0755) == 0);
    read_write_seek();
    open_flags();
    unlink_while_open();
    directories();
    shared_offsets();
    many_entries();
    big_file();
    devices();
    CHECK(rmdir(DIR_) == 0);
    return check_status();
}
