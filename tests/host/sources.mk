# Kernel sources each host test is built from (the same files the kernel uses),
# besides tests/host/host.c.  host.c formats the kernel log with
# kernel/lib/printf.c, so every test gets that one added below.
HOST_SRCS_test_cmdline  := kernel/cmdline.c
HOST_SRCS_test_memmap   := kernel/mm/memmap.c
HOST_SRCS_test_pmm      := kernel/mm/pmm.c kernel/mm/memmap.c
HOST_SRCS_test_kheap    := kernel/mm/kheap.c
HOST_SRCS_test_bootinfo := kernel/bootinfo.c kernel/mm/memmap.c
HOST_SRCS_test_ipaddr   := net/ipaddr.c
HOST_SRCS_test_ackthin  := drivers/net/ackthin.c
HOST_SRCS_test_chksum   := net/chksum.c
HOST_SRCS_test_gro      := drivers/net/gro.c net/chksum.c
$(foreach t,$(patsubst tests/host/%.c,%,$(wildcard tests/host/test_*.c)),\
    $(eval HOST_SRCS_$(t) += kernel/lib/printf.c))
HOST_DEPS := $(shell find kernel boot net drivers/net -name '*.[ch]') $(wildcard tests/host/*.h) tests/host/sources.mk
