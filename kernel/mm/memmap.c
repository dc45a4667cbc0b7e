/*
 * Range-set operations for the boot memory map.  The loader's map may list
 * regions in any order, overlapping, or with reserved areas inside usable
 * ones; keeping the set sorted and disjoint after every operation makes the
 * result independent of that order.
 */
#include "kernel/mm/memmap.h"
#include "kernel/lib/string.h"

#define PAGE 4096ull

void memmap_init(struct memmap *m)
{
    memset(m, 0, sizeof(*m));
}

static void delete_at(struct memmap *m, int i)
{
    memmove(&m->r[i], &m->r[i + 1], (size_t)(m->n - i - 1) * sizeof(m->r[0]));
    m->n--;
}

static void insert_at(struct memmap *m, int i, uint64_t start, uint64_t end)
{
    if (m->n == MEMMAP_MAX) {
        m->dropped++;
        return;
    }
    memmove(&m->r[i + 1], &m->r[i], (size_t)(m->n - i) * sizeof(m->r[0]));
    m->r[i].start = start;
    m->r[i].end = end;
    m->n++;
}

void memmap_add(struct memmap *m, uint64_t start, uint64_t end)
{
    int i = 0;

    if (start >= end)
        return;
    while (i < m->n && m->r[i].end < start)
        i++;
    /* absorb every range that overlaps or touches [start, end) */
    while (i < m->n && m->r[i].start <= end) {
        if (m->r[i].start < start)
            start = m->r[i].start;
        if (m->r[i].end > end)
            end = m->r[i].end;
        delete_at(m, i);
    }
    insert_at(m, i, start, end);
}

void memmap_remove(struct memmap *m, uint64_t start, uint64_t end)
{
    if (start >= end)
        return;
    for (int i = 0; i < m->n; i++) {
        struct mem_range *r = &m->r[i];
        if (r->end <= start || r->start >= end)
            continue;
        if (r->start < start && r->end > end) {         /* hole in the middle */
            uint64_t tail = r->end;
            r->end = start;
            insert_at(m, i + 1, end, tail);
            return;
        }
        if (r->start >= start && r->end <= end) {       /* swallowed whole */
            delete_at(m, i--);
            continue;
        }
        if (r->start < start)
            r->end = start;
        else
            r->start = end;
    }
}

void memmap_page_align(struct memmap *m)
{
    for (int i = 0; i < m->n; i++) {
        uint64_t s = (m->r[i].start + PAGE - 1) & ~(PAGE - 1);
        uint64_t e = m->r[i].end & ~(PAGE - 1);
        if (s >= e) {
            delete_at(m, i--);
            continue;
        }
        m->r[i].start = s;
        m->r[i].end = e;
    }
}

uint64_t memmap_total(const struct memmap *m)
{
    uint64_t t = 0;

    for (int i = 0; i < m->n; i++)
        t += m->r[i].end - m->r[i].start;
    return t;
}

int memmap_carve(struct memmap *m, uint32_t size, uint32_t *addr)
{
    uint64_t need = (size + PAGE - 1) & ~(PAGE - 1);

    for (int i = 0; i < m->n; i++) {
        uint64_t s = (m->r[i].start + PAGE - 1) & ~(PAGE - 1);
        if (s + need <= m->r[i].end && s + need <= 0x100000000ull) {
            *addr = (uint32_t)s;
            memmap_remove(m, s, s + need);
            return 0;
        }
    }
    return -1;
}
