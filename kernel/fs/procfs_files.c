/*
 * The standard /proc files that belong to no other subsystem: meminfo,
 * uptime, cpuinfo and loadavg, in Linux's formats so familiar tools and
 * habits work.  Each is a generator registered with procfs_register
 * (procfs.h); other subsystems add theirs the same way.
 */
#include "kernel/fs/vnode.h"
#include "kernel/fs/procfs.h"
#include "kernel/arch.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/kheap.h"

static struct procfs_loadavg loadavg = { { 0, 0, 0 }, 1, 1, 1 };   /* until the scheduler reports */

void procfs_set_loadavg(const struct procfs_loadavg *la)
{
    vfs_lock();                         /* a reader never sees half an update */
    loadavg = *la;
    vfs_unlock();
}

static int gen_meminfo(struct procbuf *b, void *arg)
{
    struct kheap_stats hs;

    kheap_check(&hs);
    return procbuf_printf(b, "MemTotal:       %8u kB\n"
                             "MemFree:        %8u kB\n"
                             "KernelHeap:     %8u kB\n"
                             "KernelHeapUsed: %8u kB\n",
                          (unsigned)pmm_total_pages() * 4, (unsigned)pmm_free_pages() * 4,
                          (unsigned)(hs.heap_bytes / 1024), (unsigned)(hs.used_bytes / 1024));
}

static int gen_uptime(struct procbuf *b, void *arg)
{
    uint64_t cs = time_ns() / 10000000u;    /* hundredths of a second */

    /* The second number is idle time, which nobody measures yet. */
    return procbuf_printf(b, "%llu.%02u 0.00\n", cs / 100, (unsigned)(cs % 100));
}

static int gen_cpuinfo(struct procbuf *b, void *arg)
{
    uint64_t khz = time_tsc_hz() / 1000;

    return procbuf_printf(b, "processor\t: 0\n"
                             "vendor_id\t: %s\n"
                             "cpu MHz\t\t: %llu.%03u\n"
                             "flags\t\t:%s%s%s%s%s\n\n",
                          cpu.vendor[0] ? cpu.vendor : "unknown", khz / 1000, (unsigned)(khz % 1000),
                          cpu.tsc ? " tsc" : "", cpu.pse ? " pse" : "", cpu.pge ? " pge" : "",
                          cpu.fxsr ? " fxsr" : "", cpu.sse ? " sse" : "");
}

static int gen_loadavg(struct procbuf *b, void *arg)
{
    struct procfs_loadavg la;

    vfs_lock();
    la = loadavg;
    vfs_unlock();
    return procbuf_printf(b, "%u.%02u %u.%02u %u.%02u %u/%u %d\n",
                          la.avg[0] / 100, la.avg[0] % 100, la.avg[1] / 100, la.avg[1] % 100,
                          la.avg[2] / 100, la.avg[2] % 100, la.running, la.total, la.last_pid);
}

void procfs_init(void)
{
    static const struct { const char *name; procfs_gen_t gen; } files[] = {
        { "meminfo", gen_meminfo }, { "uptime", gen_uptime },
        { "cpuinfo", gen_cpuinfo }, { "loadavg", gen_loadavg },
    };

    for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        if (procfs_register(files[i].name, files[i].gen, NULL) < 0)
            kprintf("procfs", "warning: cannot add /proc/%s\n", files[i].name);
}
