/*
 * Multiboot information parsing.  The loader's data is untrusted input: a
 * pointer may be out of reach, a memory map entry may have a bogus size, a
 * string may not end.  Every read goes through the phys() callback with
 * its length, every loop is bounded, and every oddity is a warning that
 * leaves a usable (if smaller) bootinfo, so host tests can feed it junk.
 */
#include "kernel/bootinfo.h"
#include "boot/multiboot.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"
#include <stdbool.h>

#define MMAP_ENTRIES_MAX 256

struct bootinfo bootinfo;

/* Copy a NUL-terminated string of at most size-1 bytes from physical memory. */
static int copy_string(char *dst, uint32_t size, uint32_t pa,
                       const void *(*phys)(uint64_t, uint32_t), const char *what)
{
    dst[0] = '\0';
    for (uint32_t i = 0; i < size; i++) {
        const char *c = phys((uint64_t)pa + i, 1);
        if (!c) {
            kprintf("boot", "warning: %s at %#x is out of reach\n", what, pa);
            return 1;
        }
        if (!*c)
            return 0;
        if (i + 1 == size)
            break;
        dst[i] = *c;
        dst[i + 1] = '\0';
    }
    kprintf("boot", "warning: %s is longer than %u bytes; truncated\n", what, size - 1);
    return 1;
}

/*
 * One pass over the memory map: add the usable entries to bi->ram, or (the
 * second pass) remove every other entry from it, so reserved areas win
 * whatever their order and however many there are.  Counts the usable
 * entries in *usable; returns 1 if an entry is malformed (the rest is
 * ignored), else 0.
 */
static int walk_mmap(struct bootinfo *bi, const struct multiboot_info *mbi,
                     const void *(*phys)(uint64_t, uint32_t), bool add_usable, int *usable)
{
    uint32_t off = 0;
    int n = 0;

    *usable = 0;
    while (off < mbi->mmap_length && n++ < MMAP_ENTRIES_MAX) {
        const struct multiboot_mmap_entry *e = NULL;
        if (mbi->mmap_length - off >= sizeof(*e))
            e = phys((uint64_t)mbi->mmap_addr + off, sizeof(*e));
        if (!e || e->size < 20 || e->size > 4096 || e->size + 4 > mbi->mmap_length - off)
            return 1;
        uint64_t end = e->addr + e->len;
        if (end < e->addr)
            end = ~0ull;                        /* wrapped: clamp */
        if (e->type == MULTIBOOT_MEMORY_AVAILABLE) {
            if (add_usable)
                memmap_add(&bi->ram, e->addr, end);
            (*usable)++;
        } else if (!add_usable) {
            memmap_remove(&bi->ram, e->addr, end);
        }
        off += e->size + 4;
    }
    return 0;
}

static int parse_mmap(struct bootinfo *bi, const struct multiboot_info *mbi,
                      const void *(*phys)(uint64_t, uint32_t))
{
    int usable, bad = walk_mmap(bi, mbi, phys, true, &usable);

    walk_mmap(bi, mbi, phys, false, &usable);
    if (bad)
        kprintf("boot", "warning: the memory map has a malformed entry; ignoring the rest\n");
    if (!usable)
        kprintf("boot", "warning: the memory map lists no usable RAM\n");
    return bad + !usable;
}

static int parse_modules(struct bootinfo *bi, const struct multiboot_info *mbi,
                         const void *(*phys)(uint64_t, uint32_t))
{
    int problems = 0;
    uint32_t count = mbi->mods_count;

    if (count > BOOT_MODULES_MAX) {
        kprintf("boot", "warning: %u modules, only the first %d are used\n", count, BOOT_MODULES_MAX);
        count = BOOT_MODULES_MAX;
        problems++;
    }
    for (uint32_t i = 0; i < count; i++) {
        const struct multiboot_mod *m = phys((uint64_t)mbi->mods_addr + i * sizeof(*m), sizeof(*m));
        if (!m || m->end < m->start) {
            kprintf("boot", "warning: module %u has a bad descriptor; skipped\n", i);
            problems++;
            continue;
        }
        struct boot_module *bm = &bi->modules[bi->nmodules++];
        bm->start = m->start;
        bm->end = m->end;
        if (m->string)
            problems += copy_string(bm->name, sizeof(bm->name), m->string, phys, "module name");
        else
            bm->name[0] = '\0';
    }
    return problems;
}

int bootinfo_parse(struct bootinfo *bi, uint32_t magic, uint32_t mbi_phys,
                   const void *(*phys)(uint64_t pa, uint32_t len))
{
    const struct multiboot_info *mbi;
    int problems = 0;

    memset(bi, 0, sizeof(*bi));
    memmap_init(&bi->ram);
    if (magic != MULTIBOOT_LOADER_MAGIC) {
        kprintf("boot", "warning: not started by a Multiboot loader (magic %#x)\n", magic);
        return 1;
    }
    mbi = phys(mbi_phys, sizeof(*mbi));
    if (!mbi) {
        kprintf("boot", "warning: Multiboot information at %#x is out of reach\n", mbi_phys);
        return 1;
    }
    if (mbi->flags & MBI_FLAG_CMDLINE)
        problems += copy_string(bi->cmdline, sizeof(bi->cmdline), mbi->cmdline, phys, "command line");
    if (mbi->flags & MBI_FLAG_LOADER)
        problems += copy_string(bi->loader, sizeof(bi->loader), mbi->boot_loader_name, phys, "loader name");
    if (mbi->flags & MBI_FLAG_MMAP) {
        problems += parse_mmap(bi, mbi, phys);
    } else if (mbi->flags & MBI_FLAG_MEM) {
        kprintf("boot", "warning: no memory map; using the loader's lower/upper memory sizes\n");
        memmap_add(&bi->ram, 0, (uint64_t)mbi->mem_lower * 1024);
        memmap_add(&bi->ram, 0x100000, 0x100000 + (uint64_t)mbi->mem_upper * 1024);
        problems++;
    } else {
        kprintf("boot", "warning: the loader gave no memory information\n");
        problems++;
    }
    if (mbi->flags & MBI_FLAG_MODS)
        problems += parse_modules(bi, mbi, phys);
    if (bi->ram.dropped) {
        kprintf("boot", "warning: memory map has more than %d ranges; some RAM is unused\n", MEMMAP_MAX);
        problems++;
    }
    bi->ram_top = bi->ram.n ? bi->ram.r[bi->ram.n - 1].end : 0;
    return problems;
}
