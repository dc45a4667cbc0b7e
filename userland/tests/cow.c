/*
 * cow: fork's copy-on-write keeps parent and child apart.
 *
 * Every kind of memory (initialised data, bss, heap, stack, an anonymous
 * mapping) is filled before fork; then each side writes its own pattern
 * and must never see the other's, whichever runs first.  Three processes
 * sharing one page, writes by the kernel into a shared page (read() into
 * a buffer the child has not touched yet), a 2 MiB buffer copied page by
 * page and given back when the child exits, and a read-only page staying
 * read-only in the child are checked too.
 */
#include <sys/mman.h>
#include "check.h"

#define BIG (2u << 20)
#define PAGE 4096

static int data_word = 0x1234;
static int bss_words[2048];
static char *heap;
static char *map;

/* The value every byte of buffer region k holds for pattern p. */
static char pat(int p, unsigned k) { return (char)(p * 31 + k * 7 + 1); }

static void fill(int p, volatile int *stack_word)
{
    data_word = p;
    for (unsigned i = 0; i < 2048; i++)
        bss_words[i] = p + (int)i;
    for (unsigned i = 0; i < BIG; i += PAGE / 2)
        heap[i] = pat(p, i / PAGE);
    for (unsigned i = 0; i < 4 * PAGE; i += 64)
        map[i] = pat(p, i);
    *stack_word = p;
}

/* 1 if every place holds pattern p. */
static int holds(int p, volatile int *stack_word)
{
    int ok = data_word == p && *stack_word == p;

    for (unsigned i = 0; i < 2048; i++)
        ok &= bss_words[i] == p + (int)i;
    for (unsigned i = 0; i < BIG; i += PAGE / 2)
        ok &= heap[i] == pat(p, i / PAGE);
    for (unsigned i = 0; i < 4 * PAGE; i += 64)
        ok &= map[i] == pat(p, i);
    return ok;
}

/* Both sides write at once; each keeps seeing only its own values. */
static void concurrent_writes(void)
{
    volatile int stack_word;
    int status = -1;

    fill(1, &stack_word);
    pid_t pid = check_fork();
    if (pid == 0) {
        for (int round = 0; round < 20; round++) {
            CHECK(holds(round == 0 ? 1 : 2, &stack_word));
            fill(2, &stack_word);
            sched_yield();
        }
        check_child_exit();
    }
    CHECK(pid > 0);
    for (int round = 0; round < 20; round++) {
        fill(3, &stack_word);
        sched_yield();
        CHECK(holds(3, &stack_word));
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    CHECK(holds(3, &stack_word));
}

/* Parent, child and grandchild share pages; only the writer's copy changes. */
static void three_way(void)
{
    volatile int stack_word;
    int status = -1;

    fill(4, &stack_word);
    pid_t pid = check_fork();
    if (pid == 0) {
        pid_t grandchild = check_fork();
        if (grandchild == 0) {
            CHECK(holds(4, &stack_word));
            fill(6, &stack_word);
            CHECK(holds(6, &stack_word));
            check_child_exit();
        }
        CHECK(grandchild > 0 && waitpid(grandchild, &status, 0) == grandchild);
        CHECK_EXITED(status, 0);
        CHECK(holds(4, &stack_word));       /* untouched by the grandchild */
        fill(5, &stack_word);
        CHECK(holds(5, &stack_word));
        check_child_exit();
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    CHECK(holds(4, &stack_word));
    fill(7, &stack_word);                   /* pages now ours alone: taken over, not copied */
    CHECK(holds(7, &stack_word));
}

/* The kernel writing into a shared page (copyout) must copy it first. */
static void kernel_writes(void)
{
    static char buf[3 * PAGE];
    int status = -1, fd;

    memset(buf, 'p', sizeof buf);
    fd = open("/tmp/cow.data", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    char line[PAGE + 100];
    memset(line, 'k', sizeof line);
    CHECK(write(fd, line, sizeof line) == (ssize_t)sizeof line);
    pid_t pid = check_fork();
    if (pid == 0) {
        CHECK(lseek(fd, 0, SEEK_SET) == 0);
        CHECK(read(fd, buf + 100, sizeof line) == (ssize_t)sizeof line);   /* spans two pages */
        CHECK(buf[99] == 'p' && buf[100] == 'k' && buf[100 + sizeof line - 1] == 'k');
        CHECK(buf[100 + sizeof line] == 'p');
        check_child_exit();
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    for (unsigned i = 0; i < sizeof buf; i++)
        if (buf[i] != 'p') {
            CHECK(!"the child's read() changed the parent's buffer");
            break;
        }
    close(fd);
    CHECK(unlink("/tmp/cow.data") == 0);
}

/* A child that dirties every page of BIG gets copies; they come back at its exit. */
static void copies_are_freed(void)
{
    volatile int stack_word;
    int status = -1;

    fill(8, &stack_word);
    long before = check_mem_free_kib();
    pid_t pid = check_fork();
    if (pid == 0) {
        fill(9, &stack_word);
        long during = check_mem_free_kib();
        CHECK(during >= 0 && before - during >= (long)(BIG / 1024));
        check_child_exit();
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    long after = check_mem_free_kib();
    CHECK(before > 0 && after >= before - 128);   /* the kernel heap may grow a little */
    if (after < before - 128)
        fprintf(stderr, "cow: MemFree %ld KiB before the fork, %ld after\n", before, after);
}

static void readonly_stays_readonly(void)
{
    char *ro = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    CHECK(ro != MAP_FAILED);
    if (ro == MAP_FAILED)
        return;
    ro[0] = 'r';
    CHECK(mprotect(ro, PAGE, PROT_READ) == 0);
    pid_t pid = check_fork();
    if (pid == 0) {
        CHECK(ro[0] == 'r');
        ro[0] = 'w';                        /* must die here with SIGSEGV */
        _exit(0);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_KILLED(status, SIGSEGV);
    CHECK(ro[0] == 'r');
    CHECK(munmap(ro, PAGE) == 0);
}

int main(void)
{
    heap = malloc(BIG);
    map = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(heap != NULL && map != MAP_FAILED);
    if (!heap || map == MAP_FAILED)
        return check_status();
    concurrent_writes();
    three_way();
    kernel_writes();
    copies_are_freed();
    readonly_stays_readonly();
    return check_status();
}
