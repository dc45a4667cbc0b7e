/*
 * kernel/mm/pmm.c over a fake memory map with holes: which pages are
 * handed out (never page 0, never a hole), exhaustion, reference counts,
 * aligned contiguous runs, and the panics that catch a double free or a
 * foreign address.  The allocator only keeps metadata (malloc'd here); it
 * never touches the pages themselves, so none need to exist.
 */
#include <stdlib.h>
#include <string.h>
#include "host.h"
#include "kernel/mm/pmm.h"

#define PAGE 4096u

/* 640 KiB low memory (page 0 excluded), 1 MiB..8 MiB, and 16 pages at 16 MiB. */
static const uint32_t ranges[][2] = {
    { 0x0, 0xA0000 }, { 0x100000, 0x800000 }, { 0x1000000, 0x1010000 },
};
#define NRANGES 3
#define TOTAL   (159 + 1792 + 16)
#define TOP_PFN (0x1010000 / PAGE)

static void *meta;              /* reachable from here, so never reported as a leak */

static void setup(void)
{
    struct memmap m;

    memmap_init(&m);
    for (int i = 0; i < NRANGES; i++)
        memmap_add(&m, ranges[i][0], ranges[i][1]);
    free(meta);
    meta = malloc(pmm_meta_size(&m));
    pmm_init(&m, meta);
}

/* Which range holds [pa, pa + n pages), or -1 if none does entirely. */
static int range_of(uint32_t pa, uint32_t n)
{
    for (int i = 0; i < NRANGES; i++)
        if (pa >= ranges[i][0] && pa + n * PAGE <= ranges[i][1] && pa + n * PAGE > pa)
            return i;
    return -1;
}

static void test_init(void)
{
    struct memmap m;

    memmap_init(&m);
    for (int i = 0; i < NRANGES; i++)
        memmap_add(&m, ranges[i][0], ranges[i][1]);
    CHECK_EQ(pmm_meta_size(&m), TOP_PFN * 2);
    setup();
    CHECK_EQ(pmm_total_pages(), TOTAL);
    CHECK_EQ(pmm_free_pages(), TOTAL);
    CHECK_EQ(pmm_refcount(0x1000), 0);
    CHECK_EQ(pmm_refcount(0x100000), 0);
    CHECK_EQ(pmm_refcount(0x100F000), 0);
    EXPECT_PANIC(pmm_refcount(0), "not a managed page");
    EXPECT_PANIC(pmm_refcount(0xA0000), "not a managed page");
    EXPECT_PANIC(pmm_refcount(0x1010000), "not a managed page");
}

/* Every page exactly once, none outside the map, then 0; freeing all restores the count. */
static void test_alloc_until_exhausted(void)
{
    static uint8_t seen[TOP_PFN];
    static uint32_t pages[TOTAL];
    uint32_t n = 0, pa;

    setup();
    memset(seen, 0, sizeof(seen));
    while ((pa = pmm_alloc()) != 0 && n < TOTAL + 1) {
        if (!CHECKF(pa % PAGE == 0 && range_of(pa, 1) >= 0 && !seen[pa / PAGE], "page %#x", pa))
            return;
        seen[pa / PAGE] = 1;
        CHECK_EQ(pmm_refcount(pa), 1);
        pages[n++] = pa;
    }
    CHECK_EQ(n, TOTAL);
    CHECK_EQ(pmm_free_pages(), 0);
    CHECK_EQ(pmm_alloc(), 0);
    CHECK_EQ(pmm_alloc_contig(1, 1), 0);
    for (uint32_t i = 0; i < n; i++)
        pmm_free(pages[i], 1);
    CHECK_EQ(pmm_free_pages(), TOTAL);
    CHECK(pmm_alloc() != 0);
}

static void test_refcounts(void)
{
    setup();
    uint32_t pa = pmm_alloc();
    pmm_ref(pa);
    pmm_ref(pa);
    CHECK_EQ(pmm_refcount(pa), 3);
    CHECK_EQ(pmm_free_pages(), TOTAL - 1);
    EXPECT_PANIC(pmm_free(pa, 1), "shared");    /* pmm_free is for unshared pages */
    pmm_unref(pa);
    pmm_unref(pa);
    CHECK_EQ(pmm_refcount(pa), 1);
    CHECK_EQ(pmm_free_pages(), TOTAL - 1);
    pmm_unref(pa);
    CHECK_EQ(pmm_refcount(pa), 0);
    CHECK_EQ(pmm_free_pages(), TOTAL);
    EXPECT_PANIC(pmm_ref(pa), "count 0");       /* a free page cannot gain a user */
}

/* The 16-bit count saturates with a panic, not a wrap to "free". */
static void test_refcount_limit(void)
{
    setup();
    uint32_t pa = pmm_alloc();
    for (unsigned i = 1; i < 0xFFFE; i++)
        pmm_ref(pa);
    CHECK_EQ(pmm_refcount(pa), 0xFFFE);
    EXPECT_PANIC(pmm_ref(pa), "pmm_ref");
    CHECK_EQ(pmm_refcount(pa), 0xFFFE);
}

static void test_double_free(void)
{
    setup();
    uint32_t pa = pmm_alloc(), other = pmm_alloc();
    pmm_free(pa, 1);
    EXPECT_PANIC(pmm_free(pa, 1), "double free");
    EXPECT_PANIC(pmm_unref(pa), "double free");
    CHECK_EQ(pmm_free_pages(), TOTAL - 1);      /* the failed frees changed nothing */
    CHECK_EQ(pmm_refcount(other), 1);
}

static void test_foreign_addresses(void)
{
    static const uint32_t bad[] = { 0, 0x1001, 0x9FFFF, 0xA0000, 0xFF000, 0x800000, 0x1010000, 0xFFFFF000 };

    setup();
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        EXPECT_PANIC(pmm_unref(bad[i]), "not a managed page");
        EXPECT_PANIC(pmm_ref(bad[i]), "not a managed page");
        EXPECT_PANIC(pmm_free(bad[i], 1), "not a managed page");
    }
    CHECK_EQ(pmm_free_pages(), TOTAL);
}

/* Aligned runs that never straddle a hole; bad arguments get 0. */
static void test_contig(void)
{
    setup();
    CHECK_EQ(pmm_alloc_contig(0, 1), 0);
    CHECK_EQ(pmm_alloc_contig(1, 0), 0);
    CHECK_EQ(pmm_alloc_contig(1, 3), 0);
    CHECK_EQ(pmm_alloc_contig(1793, 1), 0);     /* more than the largest range */
    CHECK_EQ(pmm_free_pages(), TOTAL);

    uint32_t big = pmm_alloc_contig(1792, 256);
    CHECK_EQ(big, 0x100000);
    CHECK_EQ(pmm_alloc_contig(16, 16), 0x1000000);
    CHECK_EQ(pmm_alloc_contig(128, 128), 0);    /* 159 low pages, none 128-aligned with 128 free */
    uint32_t low = pmm_alloc_contig(64, 64);
    CHECK_EQ(low, 0x40000);
    CHECK_EQ(pmm_free_pages(), TOTAL - 1792 - 16 - 64);
    for (uint32_t k = 0; k < 64; k++)
        CHECK_EQ(pmm_refcount(low + k * PAGE), 1);
    pmm_free(big, 1792);
    pmm_free(low, 64);
    pmm_free(0x1000000, 16);
    CHECK_EQ(pmm_free_pages(), TOTAL);
}

static void test_contig_runs(void)
{
    static const uint32_t sizes[][2] = { { 1, 1 }, { 3, 1 }, { 8, 8 }, { 20, 4 }, { 100, 32 } };

    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uint32_t n = sizes[s][0], align = sizes[s][1], pa, got = 0;
        setup();
        while ((pa = pmm_alloc_contig(n, align)) != 0) {
            if (!CHECKF(range_of(pa, n) >= 0 && (pa / PAGE) % align == 0, "run of %u at %#x", n, pa))
                return;
            got++;
        }
        CHECK_EQ(pmm_free_pages(), TOTAL - got * n);
        CHECKF(pmm_free_pages() < n || align > 1, "%u free pages left, no run of %u", pmm_free_pages(), n);
    }
}

/* The rotating cursor still finds pages freed behind it. */
static void test_cursor_wraps(void)
{
    setup();
    while (pmm_alloc() != 0)
        ;
    pmm_free(0x5000, 1);
    pmm_free(0x400000, 1);
    uint32_t a = pmm_alloc(), b = pmm_alloc();
    CHECK((a == 0x5000 && b == 0x400000) || (a == 0x400000 && b == 0x5000));
    CHECK_EQ(pmm_alloc(), 0);
    pmm_free(b, 1);                             /* the only free page is just behind the cursor */
    CHECK_EQ(pmm_alloc(), b);
}

/* A freed page is the next one handed out (warm caches), even after a contiguous run took it. */
static void test_recent_reuse(void)
{
    setup();
    uint32_t a = pmm_alloc(), b = pmm_alloc();
    CHECK(a && b && a != b);
    pmm_unref(a);
    CHECK_EQ(pmm_alloc(), a);
    pmm_unref(b);
    pmm_unref(a);
    CHECK_EQ(pmm_alloc(), a);                   /* last freed, first reused */
    CHECK_EQ(pmm_alloc(), b);
    pmm_unref(a);
    uint32_t run = pmm_alloc_contig(1, 1);      /* may take a from under the cache */
    uint32_t c = pmm_alloc();
    CHECK(c != run && pmm_refcount(c) == 1 && pmm_refcount(run) == 1);
}

/* Reserved-at-boot RAM (an initrd) handed over later; holes and managed pages are not. */
static void test_add_free(void)
{
    struct memmap ram, m;

    memmap_init(&ram);
    memmap_add(&ram, 0x100000, 0x800000);
    memmap_init(&m);
    memmap_add(&m, 0x100000, 0x800000);
    memmap_remove(&m, 0x200000, 0x300000);          /* the "module" */
    free(meta);
    meta = malloc(pmm_meta_size(&m));
    pmm_init(&m, meta);
    uint32_t before = pmm_free_pages();
    EXPECT_PANIC(pmm_refcount(0x200000), "not a managed page");
    CHECK_EQ(pmm_add_free(&ram, 0x200000, 0x300000), 256);
    CHECK_EQ(pmm_free_pages(), before + 256);
    CHECK_EQ(pmm_total_pages(), before + 256);
    CHECK_EQ(pmm_refcount(0x200000), 0);
    CHECK_EQ(pmm_add_free(&ram, 0x200000, 0x300000), 0);   /* already managed */
    CHECK_EQ(pmm_add_free(&ram, 0x900000, 0xA00000), 0);   /* outside the table */
    uint32_t pa = pmm_alloc_contig(256, 256);
    CHECK(pa >= 0x100000 && pa < 0x800000);
}

static void test_empty_map(void)
{
    struct memmap m;

    memmap_init(&m);
    CHECK_EQ(pmm_meta_size(&m), 0);
    pmm_init(&m, NULL);
    CHECK_EQ(pmm_total_pages(), 0);
    CHECK_EQ(pmm_alloc(), 0);
    CHECK_EQ(pmm_alloc_contig(4, 4), 0);
    EXPECT_PANIC(pmm_unref(0x1000), "not a managed page");
}

/* Random alloc/ref/unref/free against a shadow array of counts. */
static void test_random_against_model(void)
{
    static unsigned shadow[TOP_PFN];
    static uint32_t live[TOTAL];
    uint32_t nlive = 0, in_use = 0;

    setup();
    memset(shadow, 0, sizeof(shadow));
    for (int step = 0; step < 20000; step++) {
        unsigned op = host_rand() % 10;
        if (op < 4 || nlive == 0) {
            uint32_t n = host_rand() % 4 == 0 ? host_rand_range(2, 9) : 1, pa = pmm_alloc_contig(n, 1);
            for (uint32_t k = 0; pa && k < n; k++) {
                if (!CHECKF(shadow[pa / PAGE + k] == 0 && range_of(pa, n) >= 0, "handed out %#x", pa))
                    return;
                shadow[pa / PAGE + k] = 1;
                live[nlive++] = pa + k * PAGE;
                in_use++;
            }
            continue;
        }
        uint32_t i = host_rand() % nlive, pa = live[i];
        if (op < 6) {
            pmm_ref(pa);
            shadow[pa / PAGE]++;
        } else {
            pmm_unref(pa);
            if (--shadow[pa / PAGE] == 0)
                live[i] = live[--nlive], in_use--;
        }
        if (!CHECK_EQ(pmm_refcount(pa), shadow[pa / PAGE]) || !CHECK_EQ(pmm_free_pages(), TOTAL - in_use))
            return;
    }
    while (nlive)
        pmm_unref(live[--nlive]);               /* pages with extra counts come back later */
    for (uint32_t pfn = 0; pfn < TOP_PFN; pfn++)
        while (shadow[pfn] > 1)
            pmm_unref(pfn * PAGE), shadow[pfn]--;
    CHECK_EQ(pmm_free_pages(), TOTAL);
}

static const struct host_test tests[] = {
    TEST(test_init),
    TEST(test_alloc_until_exhausted),
    TEST(test_refcounts),
    TEST(test_refcount_limit),
    TEST(test_double_free),
    TEST(test_foreign_addresses),
    TEST(test_contig),
    TEST(test_contig_runs),
    TEST(test_cursor_wraps),
    TEST(test_recent_reuse),
    TEST(test_add_free),
    TEST(test_empty_map),
    TEST(test_random_against_model),
};
HOST_MAIN(tests)
