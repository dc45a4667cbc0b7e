# Kernel sources each host test is built from (the same files the kernel uses).
# host.c formats the kernel log with kernel/lib/printf.c, so every test links it.
HOST_SRCS_test_string   := kernel/lib/printf.c
HOST_SRCS_test_printf   := kernel/lib/printf.c
HOST_SRCS_test_cmdline  := kernel/cmdline.c kernel/lib/printf.c
HOST_SRCS_test_memmap   := kernel/mm/memmap.c kernel/lib/printf.c
HOST_SRCS_test_pmm      := kernel/mm/pmm.c kernel/mm/memmap.c kernel/lib/printf.c
HOST_SRCS_test_kheap    := kernel/mm/kheap.c kernel/lib/printf.c
HOST_SRCS_test_bootinfo := kernel/bootinfo.c kernel/mm/memmap.c kernel/lib/printf.c
HOST_DEPS := $(shell find kernel boot -name '*.[ch]') tests/host/kstring.h tests/host/sources.mk
