/*
 * mem_growth: the heap (sbrk) and anonymous mappings (mmap) grow, are
 * backed by zeroed pages on first touch, and give their memory back.
 *
 * Growth costs nothing until pages are touched (demand zero); touching N
 * pages takes N pages from MemFree; shrinking the break or unmapping
 * returns them, and memory beyond the break or after munmap faults.  A
 * regrown heap holds zeros again, never the old contents.  Mappings split
 * when their middle is unmapped, PROT_NONE faults until mprotect, and bad
 * arguments answer EINVAL or ENOMEM.
 */
#include <sys/mman.h>
#include "check.h"

#define PAGE 4096
#define GROW (4u << 20)
#define SLACK 128       /* KiB: page tables and kernel heap growth */

static void touch(char *p, unsigned len, char v)
{
    for (unsigned i = 0; i < len; i += PAGE)
        p[i] = v;
}

static int all_zero(const char *p, unsigned len)
{
    for (unsigned i = 0; i < len; i += 512)
        if (p[i])
            return 0;
    return 1;
}

/* In a child: *addr must fault (SIGSEGV). */
static void expect_segv(volatile char *addr, int write)
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        if (write)
            *addr = 1;
        else
            (void)*addr;
        _exit(0);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_KILLED(status, SIGSEGV);
}

static void heap(void)
{
    long base = check_mem_free_kib();
    char *old = sbrk(GROW);

    CHECK(old != (char *)-1);
    if (old == (char *)-1)
        return;
    CHECK(sbrk(0) == old + GROW);
    CHECK(check_mem_free_kib() > base - SLACK);                 /* nothing touched yet */
    CHECK(all_zero(old, GROW));                                 /* reading maps zero pages */
    touch(old, GROW, 'h');
    CHECK(check_mem_free_kib() <= base - (long)(GROW / 1024));
    CHECK(old[GROW - 1] == 0 && old[GROW - PAGE] == 'h');
    CHECK(sbrk(-(long)GROW) == old + GROW);
    CHECK(sbrk(0) == old);
    CHECK(check_mem_free_kib() > base - SLACK);
    expect_segv(old + PAGE, 0);                                 /* beyond the break */
    CHECK(sbrk(GROW) == old);
    CHECK(all_zero(old, GROW));                                 /* no stale contents */
    CHECK(sbrk(-(long)GROW) == old + GROW);
    CHECK_ERR((long)sbrk(0x7ff00000), ENOMEM);                  /* far more than exists */
    CHECK(sbrk(0) == old);
}

static void mapping(void)
{
    long base = check_mem_free_kib();
    char *m = mmap(NULL, GROW, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    CHECK(m != MAP_FAILED);
    if (m == MAP_FAILED)
        return;
    CHECK(m >= (char *)sbrk(0));
    CHECK(all_zero(m, GROW));
    touch(m, GROW, 'm');
    CHECK(check_mem_free_kib() <= base - (long)(GROW / 1024));
    /* unmap the middle: the two ends stay, the hole faults */
    CHECK(munmap(m + PAGE, GROW - 2 * PAGE) == 0);
    CHECK(m[0] == 'm' && m[GROW - PAGE] == 'm');
    expect_segv(m + 2 * PAGE, 0);
    CHECK(munmap(m, PAGE) == 0 && munmap(m + GROW - PAGE, PAGE) == 0);
    CHECK(check_mem_free_kib() > base - SLACK);
    expect_segv(m, 1);
    /* the same range again: fresh zero pages */
    char *again = mmap(m, GROW, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(again == m);
    if (again == m) {
        CHECK(all_zero(m, GROW));
        CHECK(munmap(m, GROW) == 0);
    }
}

static void many_mappings(void)
{
    enum { N = 100, LEN = 16 * PAGE };
    static char *maps[N];
    long base = check_mem_free_kib();

    for (int i = 0; i < N; i++) {
        maps[i] = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        CHECK(maps[i] != MAP_FAILED);
        if (maps[i] == MAP_FAILED)
            return;
        touch(maps[i], LEN, (char)i);
    }
    for (int i = 0; i < N; i++) {                               /* disjoint, and intact */
        for (int j = 0; j < i; j++)
            CHECK(maps[i] + LEN <= maps[j] || maps[j] + LEN <= maps[i]);
        CHECK(maps[i][0] == (char)i && maps[i][LEN - PAGE] == (char)i);
    }
    for (int i = 0; i < N; i += 2)                              /* every other one first */
        CHECK(munmap(maps[i], LEN) == 0);
    for (int i = 1; i < N; i += 2)
        CHECK(munmap(maps[i], LEN) == 0);
    CHECK(check_mem_free_kib() > base - SLACK);
}

static void protection(void)
{
    char *p = mmap(NULL, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    CHECK(p != MAP_FAILED);
    if (p == MAP_FAILED)
        return;
    expect_segv(p, 0);
    CHECK(mprotect(p, 2 * PAGE, PROT_READ) == 0);
    CHECK(p[0] == 0);
    expect_segv(p + PAGE, 1);
    CHECK(mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
    p[PAGE] = 'w';
    CHECK(p[PAGE] == 'w');
    CHECK(munmap(p, 2 * PAGE) == 0);
}

static void bad_arguments(void)
{
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;

    CHECK_ERR((long)mmap(NULL, 0, PROT_READ, anon, -1, 0), EINVAL);
    CHECK_ERR((long)mmap((void *)0x50000123, PAGE, PROT_READ, anon | MAP_FIXED, -1, 0), EINVAL);
    CHECK_ERR((long)mmap((void *)0xC0000000, PAGE, PROT_READ, anon | MAP_FIXED, -1, 0), EINVAL);
    CHECK_ERR((long)mmap(NULL, 0xF0000000u, PROT_READ, anon, -1, 0), ENOMEM);
    CHECK_ERR(munmap((void *)0x50000123, PAGE), EINVAL);
    CHECK_ERR(munmap((void *)0xC0000000, PAGE), EINVAL);
    CHECK_ERR(mprotect((void *)0x50000000, PAGE, PROT_READ), ENOMEM);     /* nothing mapped there */
    CHECK(munmap((void *)0x50000000, PAGE) == 0);                         /* unmapping a hole is fine */
}

int main(void)
{
    heap();
    mapping();
    many_mappings();
    protection();
    bad_arguments();
    return check_status();
}
