/*
 * Kernel tests of the memory managers, run on the real machine's memory:
 * exhausting and refilling the page allocator, reference counts, heap
 * stress with random sizes, and kernel map/unmap/translate.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/kheap.h"
#include "kernel/mm/vm.h"
#include "kernel/lib/string.h"

/* Take every free page (chained through the pages themselves), then give them all back. */
KTEST(pmm_exhaust)
{
    uint32_t before = pmm_free_pages(), count = 0, head = 0, pa;

    while ((pa = pmm_alloc()) != 0) {
        KT_CHECK(pmm_refcount(pa) == 1);
        *(uint32_t *)P2V(pa) = head;            /* push onto a list kept in the pages */
        head = pa;
        count++;
    }
    KT_CHECK(count == before);
    KT_CHECK(pmm_free_pages() == 0);
    KT_CHECK(pmm_alloc_contig(1, 1) == 0);
    while (head) {
        uint32_t next = *(uint32_t *)P2V(head);
        pmm_unref(head);
        head = next;
    }
    KT_CHECK(pmm_free_pages() == before);
    /* and memory is usable again */
    pa = pmm_alloc();
    KT_CHECK(pa != 0);
    if (pa)
        pmm_unref(pa);
}

KTEST(pmm_refcount)
{
    uint32_t before = pmm_free_pages();
    uint32_t pa = pmm_alloc();

    KT_CHECK(pa != 0 && (pa & 0xFFF) == 0);
    if (!pa)
        return;
    pmm_ref(pa);
    KT_CHECK(pmm_refcount(pa) == 2);
    pmm_unref(pa);
    KT_CHECK(pmm_refcount(pa) == 1);
    KT_CHECK(pmm_free_pages() == before - 1);
    pmm_unref(pa);
    KT_CHECK(pmm_free_pages() == before);

    uint32_t run = pmm_alloc_contig(8, 8);      /* 32 KiB, 32 KiB aligned, e.g. a DMA ring */
    KT_CHECK(run != 0 && (run & 0x7FFF) == 0);
    if (run)
        pmm_free(run, 8);
    KT_CHECK(pmm_free_pages() == before);
}

#define STRESS_SLOTS 256

static uint8_t pattern(void *p, size_t i) { return (uint8_t)(((uintptr_t)p >> 4) + i); }

KTEST(heap_stress)
{
    static void *slot[STRESS_SLOTS];
    static size_t len[STRESS_SLOTS];
    struct kheap_stats st0, st;

    kheap_check(&st0);
    for (int round = 0; round < 4000; round++) {
        int i = (int)(ktest_rand() % STRESS_SLOTS);
        if (slot[i]) {
            for (size_t k = 0; k < len[i]; k += 61)
                if (((uint8_t *)slot[i])[k] != pattern(slot[i], k)) {
                    KT_CHECK(!"heap block content changed under its owner");
                    break;
                }
            kfree(slot[i]);
            slot[i] = NULL;
            continue;
        }
        unsigned r = ktest_rand();
        len[i] = r % 8 == 0 ? 4096 + r % 60000 : 1 + r % 600;     /* mostly small, some large */
        slot[i] = kmalloc(len[i]);
        KT_CHECK(slot[i] != NULL && ((uintptr_t)slot[i] & 15) == 0);
        if (slot[i])
            for (size_t k = 0; k < len[i]; k++)
                ((uint8_t *)slot[i])[k] = pattern(slot[i], k);
    }
    kheap_check(&st);
    for (int i = 0; i < STRESS_SLOTS; i++) {
        kfree(slot[i]);
        slot[i] = NULL;
    }
    kheap_check(&st);
    KT_CHECK(st.used_blocks == st0.used_blocks);
    KT_CHECK(st.used_bytes == st0.used_bytes);
    KT_CHECK(kmalloc(0) == NULL);
    KT_CHECK(kmalloc(0x7FFFFFFF) == NULL);               /* far beyond memory: NULL, no panic */
}

KTEST(vm_map)
{
    uint32_t before = pmm_free_pages(), pa, out;
    uint32_t *p = kvmap_alloc(4);

    KT_CHECK(p != NULL);
    if (!p)
        return;
    KT_CHECK(vm_ktranslate((uint32_t)p, &pa));
    KT_CHECK(pmm_free_pages() == before - 4);
    p[0] = 0x12345678;                                  /* the mapping really is that page */
    KT_CHECK(*(uint32_t *)P2V(pa) == 0x12345678);
    KT_CHECK(vm_ktranslate((uint32_t)p + 4 * 4096 - 1, &out));
    KT_CHECK(!vm_ktranslate((uint32_t)p + 4 * 4096, &out));     /* the guard page */
    KT_CHECK(vm_kmap((uint32_t)p, pa, VM_WRITE) < 0);           /* already mapped */
    KT_CHECK(vm_kmap(0x1000, pa, VM_WRITE) < 0);                /* outside any window */
    kvmap_free(p, 4);
    KT_CHECK(!vm_ktranslate((uint32_t)p, &out));
    KT_CHECK(pmm_free_pages() == before);

    /* The direct map translates as physical + KERNEL_BASE. */
    KT_CHECK(vm_ktranslate((uint32_t)P2V(0x100000), &out) && out == 0x100000);
    KT_CHECK(!vm_ktranslate(0, &out));                          /* no identity map left */

    /* MMIO mapping of the VGA text buffer, read back through both views. */
    volatile uint16_t *vga = kvmap_mmio(0xB8000, 4000);
    KT_CHECK(vga != NULL);
    if (vga) {
        KT_CHECK(vga[0] == *(volatile uint16_t *)P2V(0xB8000));
        kvmap_unmap_mmio((void *)vga, 4000);
    }
}
