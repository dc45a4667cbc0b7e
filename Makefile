# Mosaic build.  `make` builds the kernel (build/mosaic.elf), its symbol map
# and the GRUB ISO; `make test` runs host unit tests and the QEMU tests;
# `make run` boots a node.  tools/setup.sh installs what the build needs the
# first time (and whenever it changes); its results live in MOSAIC_CACHE.

MOSAIC_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/mosaic
export MOSAIC_CACHE
SETUP_ENV := $(MOSAIC_CACHE)/env.mk

NO_SETUP_GOALS := clean help
ifneq ($(filter-out $(NO_SETUP_GOALS),$(or $(MAKECMDGOALS),all)),)
-include $(SETUP_ENV)
endif

B := build
V ?= 0
Q := $(if $(filter 1,$(V)),,@)
CC := clang
LD := ld.lld
NM := llvm-nm
OBJDUMP := llvm-objdump
HOSTCC ?= cc
PYTHON ?= /usr/bin/python3
DEBUG ?= 1
QEMU ?= qemu-system-i386
MEM ?= 64
CMDLINE ?=

CLANG_RT_I386 ?= $(shell $(CC) --target=i686-linux-gnu --rtlib=compiler-rt -print-libgcc-file-name)

WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wstrict-prototypes -Wmissing-prototypes \
        -Wno-missing-field-initializers
KCFLAGS := --target=i686-unknown-elf -march=i686 -std=gnu11 -O2 -g \
           -ffreestanding -fno-builtin -nostdlibinc -fno-pic -fno-stack-protector \
           -fno-omit-frame-pointer -mno-sse -mno-sse2 -mno-mmx -mno-80387 \
           -I. $(WARN) -MMD -MP
ifeq ($(DEBUG),1)
KCFLAGS += -DKHEAP_DEBUG
endif
KASFLAGS := --target=i686-unknown-elf -march=i686 -I. -MMD -MP -g

# lwIP 2.1.3 from the setup cache: core, IPv4, the sequential API, Ethernet.
LWIP_SRC := $(LWIP_DIR)/src
LWIP_FILES := $(addprefix core/,init.c def.c inet_chksum.c ip.c mem.c memp.c netif.c pbuf.c \
                raw.c stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c) \
              $(addprefix core/ipv4/,dhcp.c etharp.c icmp.c igmp.c ip4_frag.c ip4.c ip4_addr.c) \
              $(addprefix api/,api_lib.c api_msg.c err.c netbuf.c netifapi.c tcpip.c) \
              netif/ethernet.c apps/lwiperf/lwiperf.c
LWIP_OBJS := $(patsubst %.c,$(B)/lwip/%.o,$(LWIP_FILES))
LWIP_INC := -Inet -Inet/include -I$(LWIP_SRC)/include

# Kernel sources: every .c and .S under these folders, except the two ksyms stand-ins.
KSRC_DIRS := boot kernel drivers net
KSRCS := $(filter-out kernel/ksyms_empty.S,$(shell find $(KSRC_DIRS) -name '*.c' -o -name '*.S' | sort))
KOBJS := $(patsubst %,$(B)/%.o,$(KSRCS)) $(LWIP_OBJS)



.PHONY: all kernel iso run qemu-gdb test test-host test-qemu setup clean help listing
all: kernel iso

$(SETUP_ENV): tools/setup.sh
	bash tools/setup.sh
	@touch $@

setup:
	bash tools/setup.sh

kernel: $(B)/mosaic.elf $(B)/mosaic.sym

$(B)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

# The lwIP port (net/) sees lwIP's headers; lwIP itself is third-party code
# whose own prototype style is not ours to fix.
$(B)/net/%.c.o: KCFLAGS += $(LWIP_INC)
$(B)/kernel/ktest/net_tests.c.o: KCFLAGS += $(LWIP_INC)
$(B)/drivers/net/%.c.o: KCFLAGS += $(LWIP_INC)
$(B)/kernel/ktest/nic_tests.c.o: KCFLAGS += $(LWIP_INC)
$(B)/lwip/%.o: $(LWIP_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      lwip/$*.c"
	$(Q)$(CC) $(filter-out -Wmissing-prototypes -Wstrict-prototypes,$(KCFLAGS)) $(LWIP_INC) -c $< -o $@

# lwiperf with our fixes (net/patches/lwiperf.patch: its error callback, lwiperf_abort),
# patched into a copy: the setup cache keeps Debian's source as it came.
$(B)/lwip/apps/lwiperf/lwiperf.c: $(LWIP_SRC)/apps/lwiperf/lwiperf.c net/patches/lwiperf.patch
	@mkdir -p $(dir $@)
	@echo "  PATCH   lwip/apps/lwiperf/lwiperf.c"
	$(Q)patch -s -o $@ $< net/patches/lwiperf.patch
$(B)/lwip/apps/lwiperf/lwiperf.o: $(B)/lwip/apps/lwiperf/lwiperf.c
	@echo "  CC      lwip/apps/lwiperf/lwiperf.c"
	$(Q)$(CC) $(filter-out -Wmissing-prototypes -Wstrict-prototypes,$(KCFLAGS)) $(LWIP_INC) -c $< -o $@

$(B)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

# Two links: the first has an empty symbol table, the second embeds the
# function symbols of the first.  .ksyms sits after .text, so no function
# moves; the check below proves it.
$(B)/mosaic.pass1.elf: $(KOBJS) $(B)/kernel/ksyms_empty.S.o linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) -m elf_i386 -T linker.ld -nostdlib -o $@ $(KOBJS) $(B)/kernel/ksyms_empty.S.o $(CLANG_RT_I386)

$(B)/ksyms.S: $(B)/mosaic.pass1.elf tools/gensyms.py
	$(NM) -n --defined-only $< | $(PYTHON) tools/gensyms.py > $@

$(B)/ksyms.o: $(B)/ksyms.S
	$(CC) $(KASFLAGS) -c $< -o $@

$(B)/mosaic.elf: $(B)/mosaic.pass1.elf $(B)/ksyms.o
	@echo "  LD      $@"
	$(Q)$(LD) -m elf_i386 -T linker.ld -nostdlib -o $@ $(KOBJS) $(B)/ksyms.o $(CLANG_RT_I386)
	@$(NM) -n $(B)/mosaic.pass1.elf | grep -i ' t ' > $(B)/text1.lst
	@$(NM) -n $@ | grep -i ' t ' > $(B)/text2.lst
	@cmp -s $(B)/text1.lst $(B)/text2.lst || { echo "error: functions moved between links"; exit 1; }

$(B)/mosaic.sym: $(B)/mosaic.elf
	$(NM) -n $< > $@

listing: $(B)/mosaic.elf
	$(OBJDUMP) -d -S $< > $(B)/mosaic.lst

iso: $(B)/mosaic.iso
$(B)/mosaic.iso: $(B)/mosaic.elf $(B)/initrd.cpio tools/mkiso.sh
	bash tools/mkiso.sh $@ $(B)/mosaic.elf "$(CMDLINE)" $(B)/initrd.cpio=initrd

# A cluster of NODES nodes on one virtual Ethernet segment; this terminal is
# node 1's console, and leaving it (Ctrl-] or Ctrl-A X) stops the cluster.
# Other nodes: tools/mosaic console N, exec N -- CMD (docs/cluster.md).
NODES ?= 4
NIC ?= e1000
run: $(B)/mosaic.elf $(B)/initrd.cpio
	$(PYTHON) tools/mosaic run -n $(NODES) --nic $(NIC) --mem $(MEM) --append "$(CMDLINE)"

qemu-gdb: $(B)/mosaic.elf $(B)/mosaic.sym $(B)/initrd.cpio
	@echo "QEMU waits for gdb: in another terminal run"
	@echo "  gdb $(B)/mosaic.elf -ex 'target remote localhost:1234'"
	$(PYTHON) tools/qemu.py --kernel $(B)/mosaic.elf --module $(B)/initrd.cpio=initrd \
		--mem $(MEM) --append "$(CMDLINE)" --interactive --gdb

# ---- tests ----------------------------------------------------------------
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -I. -Itests/host \
               -fsanitize=address,undefined -fno-omit-frame-pointer -DKHEAP_DEBUG -DHOST_TEST
HOST_TESTS := $(patsubst tests/host/%.c,$(B)/host/%,$(wildcard tests/host/test_*.c))
include tests/host/sources.mk

$(B)/host/%: tests/host/%.c tests/host/host.c tests/host/host.h $(HOST_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $< tests/host/host.c $(HOST_SRCS_$*)

test-host: $(HOST_TESTS)
	@fail=0; for t in $(HOST_TESTS); do $$t || fail=1; done; exit $$fail

test-qemu: all
	$(PYTHON) -m pytest -q tests/qemu

test: all $(HOST_TESTS)
	@$(MAKE) --no-print-directory test-host
	@$(MAKE) --no-print-directory check-userland
	$(PYTHON) -m pytest tests/qemu

clean:
	rm -rf $(B)

help:
	@sed -n '1,5p' Makefile

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# User space: the newlib port, the programs, the initrd (fragments owned by libc/ and userland/).
-include libc/libc.mk
-include userland/userland.mk
# Benchmarks (make bench): measured in the guest, printed as a table.
-include tools/bench.mk
# PXE network boot (make pxe): build/pxe/ for tools/mosaic pxe and lab.
-include tools/pxe.mk
