/*
 * A boundary-tag heap.  Blocks lie back to back in the region; each starts
 * with a 16-byte header holding its size and the size of the block before
 * it, so kfree can merge with both neighbours in O(1).  Free blocks are
 * also on a doubly linked list searched first fit.  The region grows at its
 * end when no free block is large enough.  Interrupts are held off inside,
 * so interrupt handlers may allocate.
 */
#include "kernel/mm/kheap.h"
#include "kernel/arch.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"

#define MAGIC_USED  0x55534544u     /* "USED" */
#define MAGIC_FREE  0x46524545u     /* "FREE" */
#define ALIGN       16u
#define GROW_MIN    (16u * 4096u)
#ifdef KHEAP_DEBUG
#define CANARY      4u              /* at least this many guard bytes after the payload */
#else
#define CANARY      0u
#endif
#define CANARY_BYTE 0xA5

struct block {
    uint32_t magic;
    uint32_t size;              /* whole block, header included, multiple of ALIGN */
    uint32_t prev_size;         /* size of the block just before, 0 for the first */
    uint32_t req;               /* bytes the caller asked for (0 when free) */
};

struct free_links {             /* lives in a free block's payload */
    struct block *next, *prev;
};

_Static_assert(sizeof(struct block) == ALIGN, "header keeps payloads aligned");

static uint8_t *heap_start, *heap_end;
static struct block *free_list;
static kheap_morecore_t morecore;
static kheap_release_t release;

#define TRIM_KEEP   (64u * 1024)    /* free bytes kept at the end before giving pages back */

static struct free_links *links(struct block *b) { return (struct free_links *)(b + 1); }
static struct block *next_block(struct block *b) { return (struct block *)((uint8_t *)b + b->size); }
static struct block *prev_block(struct block *b) { return (struct block *)((uint8_t *)b - b->prev_size); }
static int is_last(struct block *b) { return (uint8_t *)next_block(b) >= heap_end; }

static void list_push(struct block *b)
{
    b->magic = MAGIC_FREE;
    b->req = 0;
    links(b)->prev = NULL;
    links(b)->next = free_list;
    if (free_list)
        links(free_list)->prev = b;
    free_list = b;
}

static void list_remove(struct block *b)
{
    struct free_links *l = links(b);

    if (l->prev)
        links(l->prev)->next = l->next;
    else
        free_list = l->next;
    if (l->next)
        links(l->next)->prev = l->prev;
}

void kheap_init(void *start, kheap_morecore_t more)
{
    heap_start = heap_end = start;
    free_list = NULL;
    morecore = more;
    release = NULL;
}

static void set_size(struct block *b, uint32_t size)
{
    b->size = size;
    if (!is_last(b))
        next_block(b)->prev_size = size;
}

/* Merge b with a free block right after it. Both must be off the free list. */
static void absorb_next(struct block *b)
{
    struct block *n = next_block(b);

    set_size(b, b->size + n->size);
}

/* Grow the region by at least need bytes; the new space becomes a free block. */
static int heap_grow(uint32_t need)
{
    uint32_t n = need < GROW_MIN ? GROW_MIN : (need + 4095u) & ~4095u;
    struct block *b = (struct block *)heap_end, *last = NULL;

    if (!morecore || morecore(n) != heap_end)
        return -1;
    if (heap_end != heap_start) {
        last = (struct block *)heap_start;      /* find the block that ends at heap_end */
        while (!is_last(last))
            last = next_block(last);
    }
    heap_end += n;
    b->size = n;
    b->prev_size = last ? last->size : 0;
    if (last && last->magic == MAGIC_FREE) {
        list_remove(last);
        absorb_next(last);
        b = last;
    }
    list_push(b);
    return 0;
}

static struct block *find_fit(uint32_t size)
{
    for (struct block *b = free_list; b; b = links(b)->next)
        if (b->size >= size)
            return b;
    return NULL;
}

/* Cut the tail off b when it is big enough to be a block of its own. */
static void split(struct block *b, uint32_t size)
{
    if (b->size - size < sizeof(struct block) + ALIGN)
        return;
    struct block *rest = (struct block *)((uint8_t *)b + size);
    rest->size = b->size - size;
    rest->prev_size = size;
    if (!is_last(rest))
        next_block(rest)->prev_size = rest->size;
    b->size = size;
    list_push(rest);
}

void *kmalloc(size_t n)
{
    struct block *b;
    uint32_t size;

    if (n == 0 || n > 0x40000000u)
        return NULL;
    size = (uint32_t)((sizeof(struct block) + n + CANARY + ALIGN - 1) & ~(ALIGN - 1));
    pushcli();
    b = find_fit(size);
    if (!b && heap_grow(size) == 0)
        b = find_fit(size);
    if (b) {
        list_remove(b);
        split(b, size);
        b->magic = MAGIC_USED;
        b->req = (uint32_t)n;
        if (CANARY)
            memset((uint8_t *)(b + 1) + n, CANARY_BYTE, b->size - sizeof(*b) - n);
    }
    popcli();
    return b ? b + 1 : NULL;
}

void *kzalloc(size_t n)
{
    void *p = kmalloc(n);

    if (p)
        memset(p, 0, n);
    return p;
}

static void check_canary(struct block *b)
{
    const uint8_t *p = (const uint8_t *)(b + 1) + b->req;
    const uint8_t *end = (const uint8_t *)b + b->size;

    if (!CANARY)
        return;
    for (; p < end; p++)
        if (*p != CANARY_BYTE)
            panic("kheap: block %p (%u bytes) was written past its end at +%u",
                  (void *)(b + 1), b->req, (unsigned)(p - (const uint8_t *)(b + 1)));
}

static struct block *block_of(void *p, const char *what)
{
    struct block *b = (struct block *)p - 1;

    if ((uint8_t *)p < heap_start + sizeof(*b) || (uint8_t *)p >= heap_end || ((uintptr_t)p & (ALIGN - 1)))
        panic("kheap: %s of %p, which is not a heap pointer", what, p);
    if (b->magic == MAGIC_FREE)
        panic("kheap: double free of %p", p);
    if (b->magic != MAGIC_USED)
        panic("kheap: %s of %p: no block header there (corrupt or foreign pointer)", what, p);
    return b;
}

/* Give whole pages at the end of the heap back when the free tail block b is large. */
static void trim(struct block *b)
{
    uint32_t cut;

    if (!release || b->size < 2 * TRIM_KEEP)
        return;
    cut = (b->size - TRIM_KEEP) & ~4095u;
    if (!cut || release(cut) != 0)
        return;
    b->size -= cut;
    heap_end -= cut;
}

void kfree(void *p)
{
    struct block *b;

    if (!p)
        return;
    pushcli();
    b = block_of(p, "kfree");
    check_canary(b);
    if (!is_last(b) && next_block(b)->magic == MAGIC_FREE) {
        list_remove(next_block(b));
        absorb_next(b);
    }
    if (b->prev_size && prev_block(b)->magic == MAGIC_FREE) {
        struct block *prev = prev_block(b);
        list_remove(prev);
        absorb_next(prev);
        b->magic = MAGIC_FREE;          /* a stale header must not pass for a used block */
        b = prev;
    }
    list_push(b);
    if (is_last(b))
        trim(b);
    popcli();
}

void kheap_set_release(kheap_release_t fn)
{
    release = fn;
}

void kheap_check(struct kheap_stats *st)
{
    struct kheap_stats s = { .heap_bytes = (size_t)(heap_end - heap_start) };
    uint32_t prev_size = 0;
    unsigned listed = 0;

    pushcli();
    for (struct block *b = (struct block *)heap_start; (uint8_t *)b < heap_end; b = next_block(b)) {
        if ((b->magic != MAGIC_USED && b->magic != MAGIC_FREE) || b->size < sizeof(*b) ||
            b->size % ALIGN || b->prev_size != prev_size || (uint8_t *)b + b->size > heap_end)
            panic("kheap: corrupt block header at %p", (void *)b);
        if (b->magic == MAGIC_USED) {
            check_canary(b);
            s.used_blocks++;
            s.used_bytes += b->req;
        } else {
            s.free_blocks++;
            s.free_bytes += b->size;
        }
        prev_size = b->size;
    }
    for (struct block *b = free_list; b; b = links(b)->next)
        if (++listed > s.free_blocks || b->magic != MAGIC_FREE)
            panic("kheap: free list is corrupt at %p", (void *)b);
    if (listed != s.free_blocks)
        panic("kheap: %u free blocks but %u on the free list", s.free_blocks, listed);
    popcli();
    if (st)
        *st = s;
}
