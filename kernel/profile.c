/*
 * The sampling profiler (kernel/profile.h).  Kernel text is cut into
 * 16-byte buckets, one 32-bit counter each; the timer interrupt bumps the
 * bucket of the interrupted instruction.  Reading /proc/profile folds the
 * buckets into functions through the embedded symbol table (both are in
 * address order, so a function's buckets are neighbours) and prints the
 * busiest ones with their share of all ticks.  Ticks in a few helpers
 * (popcli, memcpy, memset) are charged to the function that called them.
 */
#include "kernel/profile.h"
#include "kernel/arch/i386/trap.h"
#include "kernel/arch.h"
#include "kernel/sched.h"
#include "kernel/param.h"
#include "kernel/arch/i386/layout.h"
#include "kernel/cmdline.h"
#include "kernel/ksyms.h"
#include "kernel/log.h"
#include "kernel/fs/procfs.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

#define BUCKET_SHIFT 4
#define TOP 40                              /* functions listed */

extern char text_start[], text_end[];       /* linker.ld */

static uint32_t *buckets;
static uint32_t nbuckets;
static volatile uint32_t user_ticks, other_ticks, all_ticks;

/* Helpers whose ticks say more about their caller: a tick held off while
 * interrupts were off lands in popcli, where they come back on; a copy is
 * only as costly as whoever asks for it. */
static struct helper {
    void *fn;
    uint32_t end;                       /* found in the symbol table */
} helpers[] = { { (void *)popcli, 0 }, { (void *)memcpy, 0 }, { (void *)memset, 0 } };

static bool in_helper(uint32_t pc)
{
    for (unsigned i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++)
        if (pc >= (uint32_t)helpers[i].fn && pc < helpers[i].end)
            return true;
    return false;
}

/* The return address in the helper's frame, read through the frame pointer
 * only if it points into this thread's kernel stack; else pc itself. */
static uint32_t caller_of_helper(const struct trapframe *tf, uint32_t pc)
{
    struct thread *t = thread_current();
    uint32_t lo = t ? t->kstack : 0, hi = lo + THREAD_STACK_PAGES * PAGE_SIZE, ret;

    if (!lo || tf->ebp < lo || tf->ebp + 8 > hi)
        return pc;
    ret = ((const uint32_t *)tf->ebp)[1] - 1;
    return ret >= (uint32_t)text_start && ret < (uint32_t)text_end ? ret : pc;
}

void profile_tick(const struct trapframe *tf)
{
    uint32_t pc = tf->eip;

    if (!buckets)
        return;
    all_ticks++;
    if ((tf->cs & 3) != 0)
        user_ticks++;
    else if (pc >= (uint32_t)text_start && pc < (uint32_t)text_end) {
        if (in_helper(pc))
            pc = caller_of_helper(tf, pc);
        buckets[(pc - (uint32_t)text_start) >> BUCKET_SHIFT]++;
    }
    else
        other_ticks++;
}

struct fn_count {
    const char *name;
    uint32_t ticks;
};

/* Fold the buckets into functions; returns how many went into out[]. */
static uint32_t fold(struct fn_count *out, uint32_t max)
{
    uint32_t n = 0, off;

    for (uint32_t i = 0; i < nbuckets; i++) {
        if (!buckets[i])
            continue;
        const char *name = ksym_lookup((uint32_t)text_start + (i << BUCKET_SHIFT), &off);
        if (!name)
            name = "?";
        if (n > 0 && out[n - 1].name == name)
            out[n - 1].ticks += buckets[i];
        else if (n < max)
            out[n++] = (struct fn_count){ name, buckets[i] };
    }
    return n;
}

static unsigned permille(uint32_t part, uint32_t whole)
{
    return whole ? (unsigned)((uint64_t)part * 1000 / whole) : 0;
}

static int gen_profile(struct procbuf *b, void *arg)
{
    uint32_t total = all_ticks, max = 4096, n;
    struct fn_count *fns = kmalloc(max * sizeof(*fns));

    (void)arg;
    if (!fns)
        return -ENOMEM;
    n = fold(fns, max);
    procbuf_printf(b, "ticks %u  user %u.%u%%  other %u.%u%%\n", total,
                   permille(user_ticks, total) / 10, permille(user_ticks, total) % 10,
                   permille(other_ticks, total) / 10, permille(other_ticks, total) % 10);
    for (int k = 0; k < TOP && n > 0; k++) {    /* selection of the busiest */
        uint32_t best = 0;
        for (uint32_t i = 1; i < n; i++)
            if (fns[i].ticks > fns[best].ticks)
                best = i;
        unsigned pm = permille(fns[best].ticks, total);
        procbuf_printf(b, "%8u %3u.%u%% %s\n", fns[best].ticks, pm / 10, pm % 10, fns[best].name);
        fns[best] = fns[--n];
    }
    kfree(fns);
    return 0;
}

static long reset_profile(const char *buf, unsigned long n, void *arg)
{
    (void)buf;
    (void)arg;
    memset(buckets, 0, nbuckets * sizeof(*buckets));
    user_ticks = other_ticks = all_ticks = 0;
    return (long)n;
}

void profile_init(void)
{
    uint32_t *b;

    if (!cmdline_has("profile"))
        return;
    nbuckets = (((uint32_t)text_end - (uint32_t)text_start) >> BUCKET_SHIFT) + 1;
    b = kzalloc(nbuckets * sizeof(*b));
    if (!b) {
        kprintf("profile", "no memory for %u counters\n", nbuckets);
        return;
    }
    buckets = b;
    for (unsigned i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++) {
        uint32_t start = (uint32_t)helpers[i].fn, end, off;
        for (end = start + 1; end < start + 1024; end++)
            if (ksym_lookup(end, &off) && off == 0)
                break;                  /* the next function starts here */
        helpers[i].end = end;
    }
    procfs_register_rw("profile", gen_profile, reset_profile, NULL);
    kprintf("profile", "sampling %u KiB of kernel text at every tick\n",
            (unsigned)(((uint32_t)text_end - (uint32_t)text_start) / 1024));
}
