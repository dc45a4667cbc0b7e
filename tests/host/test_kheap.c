/*
 * kernel/mm/kheap.c on a malloc'd arena: morecore hands out the next piece
 * of it, up to a limit, and ASan poisons the rest, so the heap touching
 * memory it was never given is caught.  Covers alignment, growth,
 * coalescing, failure without panic when morecore says no, a random
 * stress run checked with kheap_check and content patterns, and the
 * KHEAP_DEBUG checks: double free, overrun, foreign pointers.
 */
#include <sanitizer/asan_interface.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "host.h"
#include "kernel/mm/kheap.h"

#define GROW_MIN (16u * 4096u)  /* kheap.c's smallest growth */

static uint8_t *arena;          /* reachable from here, so never reported as a leak */
static size_t arena_size, arena_used;
static unsigned morecore_calls;

static void *fake_morecore(size_t n)
{
    morecore_calls++;
    CHECKF(n % 4096 == 0 && n > 0, "morecore(%zu)", n);
    if (n > arena_size - arena_used)
        return NULL;
    void *p = arena + arena_used;
    ASAN_UNPOISON_MEMORY_REGION(p, n);
    arena_used += n;
    return p;
}

/* A fresh heap that may grow to limit bytes. */
static void setup(size_t limit)
{
    if (arena) {
        ASAN_UNPOISON_MEMORY_REGION(arena, arena_size);
        free(arena);
    }
    arena = aligned_alloc(4096, limit);
    memset(arena, 0, limit);
    ASAN_POISON_MEMORY_REGION(arena, limit);
    arena_size = limit;
    arena_used = 0;
    morecore_calls = 0;
    kheap_init(arena, fake_morecore);
}

static struct kheap_stats stats(void)
{
    struct kheap_stats st;

    kheap_check(&st);
    return st;
}

/* After everything is freed the heap is one free block again. */
static void check_all_free(void)
{
    struct kheap_stats st = stats();

    CHECK_EQ(st.used_blocks, 0);
    CHECK_EQ(st.used_bytes, 0);
    CHECK_EQ(st.free_blocks, st.heap_bytes ? 1 : 0);
    CHECK_EQ(st.free_bytes, st.heap_bytes);
    CHECK_EQ(st.heap_bytes, arena_used);
}

static void test_basics(void)
{
    setup(1 << 20);
    CHECK(kmalloc(0) == NULL);
    kfree(NULL);
    CHECK_EQ(morecore_calls, 0);
    uint8_t *p = kmalloc(1);
    CHECK(p && (uintptr_t)p % 16 == 0 && p > arena && p < arena + arena_used);
    CHECK_EQ(arena_used, GROW_MIN);
    struct kheap_stats st = stats();
    CHECK(st.used_blocks == 1 && st.used_bytes == 1 && st.free_blocks == 1);
    kfree(p);
    check_all_free();
}

static void test_no_morecore(void)
{
    setup(4096);
    kheap_init(arena, NULL);
    CHECK(kmalloc(1) == NULL);
    check_all_free();
}

/* Every size 1..300 and a few large ones: aligned, disjoint, contents kept. */
static void test_sizes_and_alignment(void)
{
    static uint8_t *ptrs[320];
    static size_t sizes[320];
    int n = 0;

    setup(4 << 20);
    for (size_t size = 1; size <= 300; size++)
        sizes[n++] = size;
    sizes[n++] = 4096, sizes[n++] = GROW_MIN - 100, sizes[n++] = GROW_MIN, sizes[n++] = 200000;
    for (int i = 0; i < n; i++) {
        ptrs[i] = kmalloc(sizes[i]);
        if (!CHECKF(ptrs[i] && (uintptr_t)ptrs[i] % 16 == 0, "kmalloc(%zu) = %p", sizes[i], (void *)ptrs[i]))
            return;
        memset(ptrs[i], i & 0xFF, sizes[i]);
    }
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < sizes[i]; k++)
            if (!CHECKF(ptrs[i][k] == (i & 0xFF), "block %d (%zu bytes) changed at %zu", i, sizes[i], k))
                return;
    CHECK_EQ(stats().used_blocks, n);
    CHECK_EQ(arena_used % 4096, 0);
    for (int i = 0; i < n; i += 2)
        kfree(ptrs[i]);
    for (int i = 1; i < n; i += 2)
        kfree(ptrs[i]);
    check_all_free();
}

static void test_kzalloc(void)
{
    setup(1 << 20);
    uint8_t *p = kmalloc(500);
    memset(p, 0xFF, 500);
    kfree(p);
    uint8_t *q = kzalloc(500);
    CHECK(q == p);                              /* first fit: the same block again */
    for (int i = 0; i < 500; i++)
        if (!CHECKF(q[i] == 0, "byte %d", i))
            break;
    kfree(q);
    check_all_free();
}

/* A free block of exactly the size needed is used, not passed over. */
static void test_exact_fit(void)
{
    setup(1 << 20);
    void *a = kmalloc(100), *b = kmalloc(100);
    kfree(a);
    CHECK(kmalloc(100) == a);
    CHECK(kmalloc(100 - 15) != NULL);           /* same block size: from the tail */
    kfree(b);
}

/* Freed neighbours merge on both sides, whatever the order. */
static void test_coalescing(void)
{
    static const int orders[][4] = { { 1, 2, 0, 3 }, { 0, 2, 1, 3 }, { 3, 2, 1, 0 }, { 2, 0, 3, 1 } };
    /* free blocks after each step, counting the free tail after block 3 */
    static const unsigned want[][4] = { { 2, 2, 2, 1 }, { 2, 3, 2, 1 }, { 1, 1, 1, 1 }, { 2, 3, 2, 1 } };

    for (int o = 0; o < 4; o++) {
        void *p[4];
        setup(1 << 20);
        for (int i = 0; i < 4; i++)
            p[i] = kmalloc(100 + 50 * (size_t)i);
        CHECK_EQ(stats().free_blocks, 1);
        for (int s = 0; s < 4; s++) {
            kfree(p[orders[o][s]]);
            CHECKF(stats().free_blocks == want[o][s], "order %d step %d: %u free blocks",
                   o, s, stats().free_blocks);
        }
        check_all_free();
    }
}

/* More than GROW_MIN at once, and growth that merges with a free tail. */
static void test_growth(void)
{
    setup(8 << 20);
    void *a = kmalloc(100);
    CHECK_EQ(arena_used, GROW_MIN);
    void *b = kmalloc(300000);
    CHECK(b != NULL && arena_used > 300000 && arena_used < 300000 + 2 * GROW_MIN);
    CHECK_EQ(stats().free_blocks, 1);           /* the old free tail merged with the new space */
    void *c = kmalloc(GROW_MIN * 3);
    CHECK(c != NULL);
    CHECK_EQ(stats().used_blocks, 3);
    kfree(b);
    kfree(a);
    kfree(c);
    check_all_free();
}

/* A large free tail goes back through the release callback; the heap stays whole. */
static int fake_release(size_t n)
{
    CHECKF(n % 4096 == 0 && n <= arena_used, "release(%zu)", n);
    arena_used -= n;
    return 0;
}

static void test_trim(void)
{
    setup(4 << 20);
    kheap_set_release(fake_release);
    void *small = kmalloc(100);
    void *big = kmalloc(1 << 20);
    CHECK(small && big);
    size_t grown = arena_used;
    kfree(big);
    CHECK(arena_used < grown && arena_used <= 128 * 1024);   /* most of the 1 MiB came back */
    struct kheap_stats st = stats();
    CHECK_EQ(st.used_blocks, 1);
    void *again = kmalloc(1 << 20);                          /* and the heap grows again */
    CHECK(again != NULL);
    kfree(again);
    kfree(small);
    kheap_set_release(NULL);
}

/* When morecore says no, kmalloc returns NULL and the heap stays usable. */
static void test_exhaustion(void)
{
    static void *ptrs[2000];
    int n = 0;

    setup(1 << 20);
    CHECK(kmalloc(2 << 20) == NULL);
    CHECK(kmalloc(0x40000001) == NULL);
    CHECK(kmalloc(SIZE_MAX) == NULL);
    CHECK(kmalloc(SIZE_MAX - 8) == NULL);
    while (n < 2000 && (ptrs[n] = kmalloc(1000)) != NULL)
        n++;
    CHECK(n > 900 && n < 1100);
    CHECK_EQ(arena_used, 1 << 20);
    CHECK(kmalloc(1000) == NULL);
    CHECK_EQ(stats().used_blocks, n);
    while (n > 0)
        kfree(ptrs[--n]);
    check_all_free();
    CHECK(kmalloc((1 << 20) - 64) != NULL);     /* one block can now take it all */
}

/* ---- random stress -------------------------------------------------------- */

struct live {
    uint8_t *p;
    size_t size;
    uint8_t seed;
};

static size_t rand_size(void)
{
    unsigned r = host_rand() % 100;

    return r < 70 ? host_rand_range(1, 256) : r < 95 ? host_rand_range(257, 4096)
                                                     : host_rand_range(4097, 70000);
}

static bool pattern_ok(const struct live *l)
{
    for (size_t k = 0; k < l->size; k++)
        if (l->p[k] != (uint8_t)(l->seed + k))
            return CHECKF(false, "block %p (%zu bytes) changed at %zu", (void *)l->p, l->size, k);
    return true;
}

/* The walk's counts must match what the test holds. */
static bool stats_match(const struct live *live, int nlive)
{
    struct kheap_stats st = stats();
    size_t bytes = 0;

    for (int i = 0; i < nlive; i++)
        bytes += live[i].size;
    return CHECK_EQ(st.used_blocks, nlive) && CHECK_EQ(st.used_bytes, bytes) &&
           CHECK_EQ(st.heap_bytes, arena_used) && CHECK(st.free_bytes < st.heap_bytes);
}

static void test_random_stress(void)
{
    static struct live live[600];
    int nlive = 0;

    setup(32 << 20);
    for (int step = 0; step < 40000; step++) {
        if (nlive < 600 && (nlive == 0 || host_rand() % 100 < 52)) {
            struct live *l = &live[nlive];
            l->size = rand_size();
            l->seed = (uint8_t)host_rand();
            l->p = kmalloc(l->size);
            if (!CHECKF(l->p && (uintptr_t)l->p % 16 == 0, "kmalloc(%zu) = %p", l->size, (void *)l->p))
                return;
            for (size_t k = 0; k < l->size; k++)
                l->p[k] = (uint8_t)(l->seed + k);
            nlive++;
        } else {
            int i = (int)(host_rand() % (unsigned)nlive);
            if (!pattern_ok(&live[i]))
                return;
            kfree(live[i].p);
            live[i] = live[--nlive];
        }
        if (step % 1000 == 0 && !stats_match(live, nlive))
            return;
    }
    for (int i = 0; i < nlive; i++)
        if (!pattern_ok(&live[i]))
            return;
    while (nlive > 0)
        kfree(live[--nlive].p);
    check_all_free();
}

/* ---- KHEAP_DEBUG checks ----------------------------------------------------- */

static void test_double_free(void)
{
    setup(1 << 20);
    void *p = kmalloc(100), *q = kmalloc(100);
    kfree(q);                                   /* q's block absorbs the free tail */
    EXPECT_PANIC(kfree(q), "double free");
    kfree(p);                                   /* p's block absorbs q's */
    EXPECT_PANIC(kfree(p), "double free");
    check_all_free();                           /* the refused frees changed nothing */
}

/*
 * A block freed after the block before it is absorbed into that one; its
 * old header must not let a second kfree through (that kfree would grow
 * the merged block over its used neighbour, or report an overrun).
 */
static void double_free_after_merge(bool tail_free)
{
    setup(1 << 20);
    void *a = kmalloc(100), *b = kmalloc(100), *c = tail_free ? NULL : kmalloc(100);
    CHECK(a && b && (c || tail_free));
    kfree(a);
    kfree(b);                                   /* b's block is absorbed into a's */
    EXPECT_PANIC(kfree(b), "double free");
    CHECK_EQ(stats().used_blocks, tail_free ? 0 : 1);
}

static void test_double_free_after_merge(void)
{
    double_free_after_merge(false);
    double_free_after_merge(true);
}

/* One byte written into the guard bytes, past bytes after the n asked for. */
static void overrun_case(size_t n, size_t past)
{
    setup(1 << 20);
    uint8_t *p = kmalloc(n);
    p[n + past] = 0;
    EXPECT_PANIC(kheap_check(NULL), "written past its end");
    EXPECT_PANIC(kfree(p), "written past its end");
    p[n + past] = 0xA5;                         /* kheap.c's guard byte: repaired */
    kfree(p);
    check_all_free();
}

static void test_overrun(void)
{
    static const size_t sizes[] = { 1, 10, 12, 16, 28, 100, 4096 };

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        for (size_t past = 0; past < 4; past++)
            overrun_case(sizes[i], past);
}

static void test_foreign_pointers(void)
{
    int on_stack;

    setup(1 << 20);
    uint8_t *p = kmalloc(256);
    memset(p, 0, 256);
    EXPECT_PANIC(kfree(p + 16), "no block header");     /* the middle of a block */
    EXPECT_PANIC(kfree(p + 1), "not a heap pointer");   /* misaligned */
    EXPECT_PANIC(kfree(&on_stack), "not a heap pointer");
    EXPECT_PANIC(kfree(arena), "not a heap pointer");   /* before the first payload */
    EXPECT_PANIC(kfree(arena + arena_used), "not a heap pointer");
    EXPECT_PANIC(kfree(arena + arena_used - 64), "no block header");   /* inside the free tail */
    kfree(p);
    check_all_free();
}

static const struct host_test tests[] = {
    TEST(test_basics),
    TEST(test_no_morecore),
    TEST(test_sizes_and_alignment),
    TEST(test_kzalloc),
    TEST(test_exact_fit),
    TEST(test_coalescing),
    TEST(test_growth),
    TEST(test_trim),
    TEST(test_exhaustion),
    TEST(test_random_stress),
    TEST(test_double_free),
    TEST(test_double_free_after_merge),
    TEST(test_overrun),
    TEST(test_foreign_pointers),
};
HOST_MAIN(tests)
