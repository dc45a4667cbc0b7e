/*
 * Kernel tunables, one place, one line each.  Sizes are chosen for
 * embedded boards with 8-16 MiB of RAM; none is an ABI.
 */
#ifndef KERNEL_PARAM_H
#define KERNEL_PARAM_H

#define NPROC           128         /* process table slots (pids are reused only after wrapping) */
#define NTHREAD         192         /* threads: one per process plus kernel threads */
#define NOFILE          64          /* open file descriptors per process */
#define THREAD_STACK_PAGES 4        /* 16 KiB kernel stack per thread, plus a guard page */
#define SCHED_SLICE_NS  10000000    /* 10 ms: a thread's time slice at nice 0 */
#define USER_STACK_MAX  (8u << 20)  /* 8 MiB: how far the user stack may grow */
#define USER_STACK_TOP  0xBFFFF000u /* one page below the kernel, left unmapped */
#define USER_MMAP_BASE  0x40000000u /* where mmap(NULL, ...) starts looking */
#define PID_MAX         32767       /* pids wrap after this */
#define ARG_MAX_BYTES   65536       /* argv + envp strings for execve */

#endif
