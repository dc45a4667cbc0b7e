/*
 * Kernel heap (kernel/mm/kheap.c): kmalloc/kfree of any size, 16-byte
 * aligned.  The heap is one virtually contiguous region that grows a page
 * at a time through a "morecore" callback (kernel/mm/kvmap.c maps fresh
 * pages at its end; host tests pass a plain buffer).  With KHEAP_DEBUG
 * (debug builds) every block carries a canary after the bytes asked for:
 * kfree of a freed block, of a pointer the heap never returned, or of a
 * block written past its end panics with the block's address and size.
 */
#ifndef MM_KHEAP_H
#define MM_KHEAP_H

#include <stddef.h>
#include <stdint.h>

/* Extend the heap by n bytes (a multiple of 4096) right after the current end; NULL if not. */
typedef void *(*kheap_morecore_t)(size_t n);

void kheap_init(void *start, kheap_morecore_t morecore);
/* Give back n bytes (a multiple of 4096) at the heap's end; 0 if done.  Optional:
 * with it, a large free tail is returned to the page allocator. */
typedef int (*kheap_release_t)(size_t n);
void kheap_set_release(kheap_release_t fn);
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void kfree(void *p);

struct kheap_stats {
    size_t heap_bytes;          /* size of the region so far */
    size_t used_bytes;          /* payload bytes in allocated blocks */
    size_t free_bytes;          /* bytes in free blocks */
    unsigned used_blocks, free_blocks;
};
/* Walk every block checking headers, links and canaries; panics on damage. */
void kheap_check(struct kheap_stats *st);

#endif
