/*
 * Memory system calls: brk and anonymous mmap/munmap/mprotect on the
 * current process's address space (kernel/mm/umap.c does the work).
 */
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/mm/uvm.h"

static struct vm_space *vm(void) { return proc_current()->user.vm; }

SYSCALL(brk) { return uvm_brk(vm(), ARG(0)); }
SYSCALL(mmap) { return uvm_mmap(vm(), ARG(0), ARG(1), ARG(2), ARG(3)); }
SYSCALL(munmap) { return uvm_munmap(vm(), ARG(0), ARG(1)); }
SYSCALL(mprotect) { return uvm_mprotect(vm(), ARG(0), ARG(1), ARG(2)); }
