/*
 * kernel/mm/memmap.c: the sorted set of disjoint [start, end) ranges.
 * Hand-made cases for merging, splitting, page alignment, carving and a
 * full table, then thousands of random operations checked against a
 * brute-force model: one byte per address of a 64 KiB space.
 */
#include <stdio.h>
#include <string.h>
#include "host.h"
#include "kernel/mm/memmap.h"

#define PAGE 4096u

/* The map's ranges must be pairs[0..2n): sorted, disjoint, not touching. */
static bool check_map(const struct memmap *m, const uint64_t *pairs, int n, const char *file, int line)
{
    bool same = m->n == n;

    for (int i = 0; same && i < n; i++)
        same = m->r[i].start == pairs[2 * i] && m->r[i].end == pairs[2 * i + 1];
    if (same)
        return true;
    char text[1024];
    size_t len = 0;
    for (int i = 0; i < m->n && len < sizeof(text) - 64; i++)
        len += (size_t)snprintf(text + len, sizeof(text) - len, " [%#llx, %#llx)",
                                (unsigned long long)m->r[i].start, (unsigned long long)m->r[i].end);
    text[len] = '\0';
    return host_check(false, file, line, "map has %d ranges:%s", m->n, text);
}
#define PAIRS(...) (const uint64_t[]){ __VA_ARGS__ }
#define CHECK_MAP(m, ...) \
    check_map((m), PAIRS(__VA_ARGS__), (int)(sizeof(PAIRS(__VA_ARGS__)) / 16), __FILE__, __LINE__)
#define CHECK_EMPTY(m) check_map((m), NULL, 0, __FILE__, __LINE__)

/* The invariant every operation keeps. */
static bool well_formed(const struct memmap *m)
{
    if (m->n < 0 || m->n > MEMMAP_MAX)
        return false;
    for (int i = 0; i < m->n; i++) {
        if (m->r[i].start >= m->r[i].end)
            return false;
        if (i > 0 && m->r[i - 1].end >= m->r[i].start)
            return false;
    }
    return true;
}

static void test_add_merges(void)
{
    struct memmap m;

    memmap_init(&m);
    CHECK_EMPTY(&m);
    memmap_add(&m, 100, 200);
    memmap_add(&m, 300, 400);
    memmap_add(&m, 0, 50);
    CHECK_MAP(&m, 0, 50, 100, 200, 300, 400);
    memmap_add(&m, 200, 250);                   /* touching on the left */
    memmap_add(&m, 280, 300);                   /* touching on the right */
    CHECK_MAP(&m, 0, 50, 100, 250, 280, 400);
    memmap_add(&m, 120, 130);                   /* inside */
    memmap_add(&m, 40, 60);                     /* overlapping */
    CHECK_MAP(&m, 0, 60, 100, 250, 280, 400);
    memmap_add(&m, 250, 280);                   /* fills a gap exactly */
    CHECK_MAP(&m, 0, 60, 100, 400);
    memmap_add(&m, 70, 500);                    /* swallows one, extends */
    CHECK_MAP(&m, 0, 60, 70, 500);
    memmap_add(&m, 10, 10);                     /* empty and reversed ranges do nothing */
    memmap_add(&m, 700, 600);
    CHECK_MAP(&m, 0, 60, 70, 500);
    memmap_add(&m, 0, 1000);
    CHECK_MAP(&m, 0, 1000);
    CHECK_EQ(memmap_total(&m), 1000);
    CHECK_EQ(m.dropped, 0);
}

static void test_add_any_order(void)
{
    static const uint64_t ranges[][2] = {
        { 0, 0x9FC00 }, { 0x100000, 0x7FE0000 }, { 0x9F000, 0xA0000 }, { 0x7FE0000, 0x8000000 },
        { 0xFFFC0000, 0x100000000ull }, { 0x100000000ull, 0x180000000ull }, { 0x500, 0x600 },
    };
    const int n = sizeof(ranges) / sizeof(ranges[0]);

    for (int round = 0; round < 50; round++) {
        struct memmap m;
        int order[16];
        for (int i = 0; i < n; i++)
            order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int)host_rand_range(0, (unsigned)i), t = order[i];
            order[i] = order[j], order[j] = t;
        }
        memmap_init(&m);
        for (int i = 0; i < n; i++)
            memmap_add(&m, ranges[order[i]][0], ranges[order[i]][1]);
        CHECK_MAP(&m, 0, 0xA0000, 0x100000, 0x8000000, 0xFFFC0000, 0x180000000ull);
    }
}

static void test_remove(void)
{
    struct memmap m;

    memmap_init(&m);
    memmap_add(&m, 0, 1000);
    memmap_remove(&m, 100, 200);                /* hole in the middle */
    CHECK_MAP(&m, 0, 100, 200, 1000);
    memmap_remove(&m, 0, 10);                   /* head */
    memmap_remove(&m, 990, 2000);               /* tail, past the end */
    CHECK_MAP(&m, 10, 100, 200, 990);
    memmap_remove(&m, 50, 300);                 /* across a gap */
    CHECK_MAP(&m, 10, 50, 300, 990);
    memmap_remove(&m, 5, 50);                   /* a whole range, exactly and more */
    CHECK_MAP(&m, 300, 990);
    memmap_remove(&m, 990, 995);                /* touching only: nothing */
    memmap_remove(&m, 400, 400);
    memmap_remove(&m, 500, 450);
    CHECK_MAP(&m, 300, 990);
    memmap_add(&m, 2000, 3000);
    memmap_add(&m, 4000, 5000);
    memmap_remove(&m, 0, 4500);                 /* swallows two, cuts the third */
    CHECK_MAP(&m, 4500, 5000);
    memmap_remove(&m, 0, ~0ull);
    CHECK_EMPTY(&m);
    CHECK_EQ(memmap_total(&m), 0);
}

static void test_high_addresses(void)
{
    struct memmap m;

    memmap_init(&m);
    memmap_add(&m, 0xFFFFFFFFFFFFF000ull, ~0ull);
    memmap_add(&m, 0x100000000ull, 0x200000000ull);
    memmap_add(&m, 0xFFFFF000, 0x100000000ull);
    CHECK_MAP(&m, 0xFFFFF000, 0x200000000ull, 0xFFFFFFFFFFFFF000ull, ~0ull);
    CHECK_EQ(memmap_total(&m), 0x100001000ull + 0xFFF);
    memmap_remove(&m, 0x180000000ull, ~0ull);
    CHECK_MAP(&m, 0xFFFFF000, 0x180000000ull);
}

static void test_page_align(void)
{
    struct memmap m;

    memmap_init(&m);
    memmap_add(&m, 0, 0x1000);                  /* already whole pages */
    memmap_add(&m, 0x2001, 0x4FFF);             /* shrinks to one page */
    memmap_add(&m, 0x6001, 0x6FFF);             /* less than a page: dropped */
    memmap_add(&m, 0x8800, 0x9800);             /* a page's worth, straddling: dropped */
    memmap_add(&m, 0xA000, 0xC001);
    memmap_page_align(&m);
    CHECK_MAP(&m, 0, 0x1000, 0x3000, 0x4000, 0xA000, 0xC000);
    memmap_page_align(&m);
    CHECK_MAP(&m, 0, 0x1000, 0x3000, 0x4000, 0xA000, 0xC000);
}

static void test_carve(void)
{
    struct memmap m;
    uint32_t addr = 0;

    memmap_init(&m);
    memmap_add(&m, 0x1000, 0x5000);
    memmap_add(&m, 0x10000, 0x20000);
    CHECK(memmap_carve(&m, 0x3000, &addr) == 0 && addr == 0x1000);
    CHECK_MAP(&m, 0x4000, 0x5000, 0x10000, 0x20000);
    CHECK(memmap_carve(&m, 0x2000, &addr) == 0 && addr == 0x10000);    /* first fit */
    CHECK(memmap_carve(&m, 1, &addr) == 0 && addr == 0x4000);          /* whole pages */
    CHECK_MAP(&m, 0x12000, 0x20000);
    addr = 7;
    CHECK(memmap_carve(&m, 0xF000, &addr) == -1 && addr == 7);
    CHECK_MAP(&m, 0x12000, 0x20000);

    memmap_init(&m);
    memmap_add(&m, 0x1001, 0x4000);             /* unaligned start: the page after */
    CHECK(memmap_carve(&m, 0x2001, &addr) == -1);
    CHECK(memmap_carve(&m, 0x2000, &addr) == 0 && addr == 0x2000);
    CHECK_MAP(&m, 0x1001, 0x2000);

    memmap_init(&m);                            /* never above 4 GiB */
    memmap_add(&m, 0xFFFFE000, 0x100002000ull);
    CHECK(memmap_carve(&m, 0x3000, &addr) == -1);
    CHECK(memmap_carve(&m, 0x2000, &addr) == 0 && addr == 0xFFFFE000);
    CHECK_MAP(&m, 0x100000000ull, 0x100002000ull);
    CHECK(memmap_carve(&m, 0x1000, &addr) == -1);
}

/* 64 ranges fill the table; one more is counted as dropped, never written out of bounds. */
static void test_table_full(void)
{
    struct memmap m;

    memmap_init(&m);
    for (int i = 0; i < MEMMAP_MAX; i++)
        memmap_add(&m, (uint64_t)i * 100, (uint64_t)i * 100 + 10);
    CHECK(m.n == MEMMAP_MAX && m.dropped == 0);
    memmap_add(&m, 100000, 100010);
    CHECK(m.n == MEMMAP_MAX && m.dropped == 1);
    CHECK(m.r[MEMMAP_MAX - 1].start == 6300);
    memmap_add(&m, 6310, 6400);                 /* merging still works */
    CHECK(m.n == MEMMAP_MAX && m.dropped == 1 && m.r[MEMMAP_MAX - 1].end == 6400);
    memmap_remove(&m, 3, 4);                    /* a split that cannot fit loses the tail */
    CHECK(m.n == MEMMAP_MAX && m.dropped == 2);
    CHECK(m.r[0].start == 0 && m.r[0].end == 3 && m.r[1].start == 100);
    memmap_add(&m, 3, 100);                     /* merges two: room again */
    CHECK(m.n == MEMMAP_MAX - 1 && m.r[0].start == 0 && m.r[0].end == 110);
    CHECK(well_formed(&m));
}

/* ---- random operations against a byte-per-address model ----------------- */

#define SPACE 65536u

static char model[SPACE];       /* 1 = in the set */
static char expect[SPACE];

static void model_set(uint64_t s, uint64_t e, char v)
{
    if (s < e)
        memset(model + s, v, (size_t)(e - s));
}

/* The map must be well formed and hold exactly the model's bytes. */
static bool same_as_model(const struct memmap *m, const char *op, uint64_t s, uint64_t e)
{
    memset(expect, 0, SPACE);
    for (int i = 0; i < m->n; i++)
        if (m->r[i].end <= SPACE)
            memset(expect + m->r[i].start, 1, (size_t)(m->r[i].end - m->r[i].start));
    if (!CHECKF(well_formed(m) && (m->n == 0 || m->r[m->n - 1].end <= SPACE),
                "map malformed after %s(%#llx, %#llx)", op, (unsigned long long)s, (unsigned long long)e))
        return false;
    if (memcmp(expect, model, SPACE) == 0)
        return true;
    for (uint32_t a = 0; a < SPACE; a++)
        if (expect[a] != model[a])
            return CHECKF(false, "after %s(%#llx, %#llx): byte %#x is %d in the map, %d in the model",
                          op, (unsigned long long)s, (unsigned long long)e, a, expect[a], model[a]);
    return true;
}

/* An address in [0, SPACE], often page aligned, so ranges touch and line up. */
static uint64_t rand_addr(void)
{
    uint64_t a = host_rand_range(0, SPACE);
    return host_rand() % 4 == 0 ? a & ~(uint64_t)(PAGE - 1) : a;
}

/*
 * Small removals among larger additions cut the set into many ranges; in
 * "fine" runs everything is small, so the table fills up and overflows.
 */
static uint64_t rand_end(uint64_t s, bool adding, bool fine)
{
    static const unsigned add_spans[] = { 16, 512, 4096, SPACE / 2 };
    static const unsigned remove_spans[] = { 4, 16, 256, 8192 };
    unsigned r = host_rand() % 16, span = r < 6 ? 0 : r < 11 ? 1 : r < 15 ? 2 : 3;
    uint64_t e = s + host_rand_range(0, fine ? 300 : adding ? add_spans[span] : remove_spans[span]);

    if (host_rand() % 4 == 0)
        e &= ~(uint64_t)(PAGE - 1);
    return e > SPACE ? SPACE : e;
}

/* The model's carve: lowest run with room for size rounded up to pages at a page boundary. */
static int model_carve(uint32_t size, uint32_t *addr)
{
    uint64_t need = ((uint64_t)size + PAGE - 1) & ~(uint64_t)(PAGE - 1);

    for (uint64_t a = 0; a < SPACE; a++) {
        if (!model[a])
            continue;
        uint64_t end = a;
        while (end < SPACE && model[end])
            end++;
        uint64_t s = (a + PAGE - 1) & ~(uint64_t)(PAGE - 1);
        if (s + need <= end) {
            *addr = (uint32_t)s;
            return 0;
        }
        a = end;
    }
    return -1;
}

static void model_page_align(void)
{
    for (uint64_t a = 0; a < SPACE; a++) {
        if (!model[a])
            continue;
        uint64_t end = a;
        while (end < SPACE && model[end])
            end++;
        uint64_t s = (a + PAGE - 1) & ~(uint64_t)(PAGE - 1), e = end & ~(uint64_t)(PAGE - 1);
        if (s >= e)
            model_set(a, end, 0);
        else
            model_set(a, s, 0), model_set(e, end, 0);
        a = end;
    }
}

/* A removal whose split did not fit loses the tail of the range it cut: so must the model. */
static void model_lose_tail(uint64_t from)
{
    uint64_t end = from;

    while (end < SPACE && model[end])
        end++;
    model_set(from, end, 0);
}

static bool random_step(struct memmap *m, bool fine)
{
    unsigned op = host_rand() % (fine ? 90 : 100);     /* page_align would undo a fine run */
    uint64_t s = rand_addr(), e = rand_end(s, op < 45, fine);
    int dropped = m->dropped;

    if (op < 45) {
        struct memmap before = *m;
        memmap_add(m, s, e);
        if (m->dropped > dropped)               /* nothing may change but the count */
            return CHECK(m->n == before.n && memcmp(m->r, before.r, sizeof(m->r)) == 0);
        model_set(s, e, 1);
        return same_as_model(m, "add", s, e);
    }
    if (op < 90) {
        memmap_remove(m, s, e);
        model_set(s, e, 0);
        if (m->dropped > dropped)
            model_lose_tail(e);
        return same_as_model(m, "remove", s, e);
    }
    if (op < 93) {
        memmap_page_align(m);
        model_page_align();
        return same_as_model(m, "page_align", 0, 0);
    }
    uint32_t size = host_rand_range(0, 3 * PAGE), got = 0, want = 0;
    int ret = memmap_carve(m, size, &got), mret = model_carve(size, &want);
    if (!CHECKF(ret == mret && (ret < 0 || got == want), "carve(%#x): %d at %#x, model %d at %#x",
                size, ret, got, mret, want))
        return false;
    if (ret == 0)
        model_set(want, want + ((size + PAGE - 1) & ~(PAGE - 1)), 0);
    if (m->dropped > dropped)
        model_lose_tail(want + ((size + PAGE - 1) & ~(PAGE - 1)));
    return same_as_model(m, "carve", size, 0);
}

static void test_random_against_model(void)
{
    static struct memmap m;

    for (int run = 0; run < 20; run++) {
        memmap_init(&m);
        memset(model, 0, SPACE);
        for (int step = 0; step < 1000; step++)
            if (!random_step(&m, run % 2))
                return;                         /* one report per failure is enough */
        CHECK(run % 2 == 0 || m.dropped > 0);   /* the fine runs did reach a full table */
    }
}

static const struct host_test tests[] = {
    TEST(test_add_merges),
    TEST(test_add_any_order),
    TEST(test_remove),
    TEST(test_high_addresses),
    TEST(test_page_align),
    TEST(test_carve),
    TEST(test_table_full),
    TEST(test_random_against_model),
};
HOST_MAIN(tests)
