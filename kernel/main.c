/*
 * kmain: the kernel's start-up, top to bottom.  boot/entry.S has switched
 * on paging and jumped here on the boot stack with the loader's magic and
 * the physical address of its information block.
 */
#include "kernel/arch.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "kernel/profile.h"
#include "kernel/sched.h"
#include "kernel/proc.h"
#include "kernel/lib/string.h"
#include "kernel/version.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/pmm.h"
#include "kernel/fs/vfs.h"
#include "kernel/ktest/ktest.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "kernel/tty/tty.h"
#include "net/net.h"
#include "net/netif.h"
#include "net/ifctl.h"
#include "drivers/pci.h"

static struct console_out serial_out = { "serial", serial_write, NULL };
static struct console_out vga_out = { "vga", vga_write, NULL };

/* The serial log starts at once; the console= option then picks the final set. */
static void console_init(void)
{
    static const char *const choices[] = { "both", "serial", "vga", NULL };
    int which = cmdline_get_choice("console", choices, 0);

    if (which != 1) {
        vga_init();
        log_add_console(&vga_out);
    }
    if (which == 2)
        log_remove_console(&serial_out);
}

static void panic_action_init(void)
{
    static const char *const choices[] = { "halt", "exit", "reboot", NULL };

    panic_set_action((enum panic_action)cmdline_get_choice("panic", choices, PANIC_HALT));
}

/* Start the first user program, if the initrd has it. */
static void start_init(const char *path)
{
    struct abi_stat st;

    if (strcmp(path, "none") == 0)
        return;
    if (vfs_stat(NULL, path, &st) < 0) {
        kprintf("kernel", "no %s (no initrd?): no user space, idling\n", path);
        return;
    }
    if (!proc_start_init(path))
        panic("cannot start %s", path);
}

/* The rest of start-up, in a thread of its own so it can sleep and be preempted. */
static void kmain_thread(void *arg)
{
    net_init();                         /* lwIP's tcpip thread, loopback */
    netif_setup();                      /* NICs as eth0.., ip= and hostname= */
    ifctl_init();                       /* /proc/net/if/<name> for ifconfig, /proc/net/iperf */
    kprintf("kernel", "%u KiB free, boot took %u ms\n", pmm_free_pages() * 4,
            (unsigned)(time_ns() / 1000000));
    if (cmdline_has("ktest"))
        ktest_run(cmdline_get("ktest"));
    start_init(cmdline_get("init") ? cmdline_get("init") : "/bin/init");
    kprintf("kernel", "ready\n");
}

void kmain(uint32_t magic, uint32_t mbi_phys);  /* called only by boot/entry.S */

void kmain(uint32_t magic, uint32_t mbi_phys)
{
    arch_detect_cpu();                  /* CPUID: TSC, PGE, FXSR */
    time_mark_boot();                   /* the clock counts from here */
    if (serial_init(COM1_PORT))         /* earliest output, before the command line is read */
        log_add_console(&serial_out);
    kprintf("kernel", "%s %s (i386) booting on %s\n", MOSAIC_NAME, MOSAIC_VERSION,
            cpu.vendor[0] ? cpu.vendor : "a CPU without CPUID");

    arch_init_cpu();                    /* GDT, TSS, IDT, PIC: faults are reported from here on */
    arch_fpu_init();                    /* FPU on, a clean state for new processes */
    bootinfo_init(magic, mbi_phys);     /* copy the loader's data before memory is reused */
    cmdline_parse(bootinfo.cmdline);    /* warnings only; every option has a default */
    console_init();                     /* VGA too, unless console=serial */
    panic_action_init();                /* panic=exit lets tests see a panic as an exit code */
    mm_init(&bootinfo);                 /* pages, final page directory, heap */
    vfs_init();                         /* ramfs at /, devfs, procfs; unpack the initrd */
    tty_init();                         /* /dev/console on serial (and VGA output) */
    pci_init();                         /* find the devices; /proc/pci */
    sched_init();                       /* this boot thread becomes the idle thread */
    proc_init();                        /* the process table */
    procinfo_init();                    /* /proc/<pid>/..., /proc/loadavg */
    profile_init();                     /* profile on the command line: /proc/profile */
    time_init(cmdline_get_uint("hz", 100, 10, 1000));
    arch_irq_enable();

    if (!kthread_create("kmain", kmain_thread, NULL))
        panic("cannot create the first kernel thread");
    for (;;) {                          /* the boot thread is now the idle thread */
        sched_preempt_point();          /* run what just became runnable, without waiting a tick */
        arch_idle();
    }
}
