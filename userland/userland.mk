# User programs and the initrd (included by the top Makefile, after
# libc/libc.mk, whose USER_CFLAGS and user_link it uses).
#
#   userland/NAME.c         -> build/user/NAME          -> /bin/NAME
#   userland/NAME/*.c       -> build/user/NAME (one program, several files)
#   userland/tests/NAME.c   -> build/user/tests/NAME    -> /bin/tests/NAME
#   etc/PATH                ->                             /etc/PATH
# The initrd also holds an empty /tmp.  Adding a program is adding its
# source file: nothing here needs to change.
#
# Variables: USER_PROGS, USER_TESTS (names), USER_BINS (built files),
#            INITRD (build/initrd.cpio), INITRD_MEMBERS (what goes in it),
#            MKINITRD (the host packer).
# Targets:   user (all programs), $(INITRD) (part of `all`), check-userland.

USER_SINGLE := $(patsubst userland/%.c,%,$(sort $(wildcard userland/*.c)))
USER_MULTI := $(filter-out tests,$(patsubst userland/%/,%,$(sort $(dir $(wildcard userland/*/*.c)))))
USER_PROGS := $(USER_SINGLE) $(USER_MULTI)
USER_TESTS := $(patsubst userland/tests/%.c,%,$(sort $(wildcard userland/tests/*.c)))
USER_BINS := $(addprefix $(B)/user/,$(USER_PROGS)) $(addprefix $(B)/user/tests/,$(USER_TESTS))

INITRD := $(B)/initrd.cpio
MKINITRD := $(B)/host-tools/mkinitrd
INITRD_ETC := $(sort $(shell find etc -type f 2>/dev/null))
# The initrd gets copies of the programs without debug information
# (build/initrd/bin/...); build/user keeps the full ones for gdb.
INITRD_BINS := $(addprefix $(B)/initrd/bin/,$(USER_PROGS)) $(addprefix $(B)/initrd/bin/tests/,$(USER_TESTS))
# mkinitrd arguments: DEST=SRC for files, DIR/ for empty directories.
INITRD_MEMBERS := $(foreach f,$(INITRD_BINS),$(patsubst $(B)/initrd/%,%,$(f))=$(f)) \
                  $(foreach f,$(INITRD_ETC),$(f)=$(f)) \
                  tmp/

.PHONY: user check-userland initrd-members-force
user: $(USER_BINS)
all: $(INITRD)

# ---- compiling and linking ------------------------------------------------
$(B)/user/obj/%.o: userland/%.c $(SETUP_ENV) libc/libc.mk
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@

$(addprefix $(B)/user/,$(USER_SINGLE)): $(B)/user/%: $(B)/user/obj/%.o $(USER_LINK_DEPS)
	$(call user_link,$@,$<)

$(addprefix $(B)/user/tests/,$(USER_TESTS)): $(B)/user/tests/%: $(B)/user/obj/tests/%.o $(USER_LINK_DEPS)
	@mkdir -p $(dir $@)
	$(call user_link,$@,$<)

# A program made of a folder of sources links all of them.
define user_multi_rule
$(B)/user/$(1): $(patsubst userland/%.c,$(B)/user/obj/%.o,$(sort $(wildcard userland/$(1)/*.c))) $(USER_LINK_DEPS)
	$$(call user_link,$$@,$$(filter $(B)/user/obj/%.o,$$^))
endef
$(foreach p,$(USER_MULTI),$(eval $(call user_multi_rule,$(p))))

# ---- the initrd -----------------------------------------------------------
$(MKINITRD): tools/mkinitrd.c include/abi/cpio.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -o $@ tools/mkinitrd.c

# The member list, rewritten only when it changes, so that removing a file
# from etc/ (or a program) also rebuilds the archive.
$(B)/initrd.members: initrd-members-force
	@mkdir -p $(dir $@)
	@echo '$(INITRD_MEMBERS)' | cmp -s - $@ || echo '$(INITRD_MEMBERS)' > $@

$(B)/initrd/bin/%: $(B)/user/%
	@mkdir -p $(dir $@)
	llvm-strip --strip-debug -o $@ $<

$(INITRD): $(MKINITRD) $(INITRD_BINS) $(INITRD_ETC) $(B)/initrd.members
	$(MKINITRD) $@ $(INITRD_MEMBERS)

# ---- checks that need no kernel -------------------------------------------
# The ABI _Static_asserts, the shape of every program (two page-aligned
# segments, entry = _start, no undefined symbols), the archive as GNU cpio
# sees it, and mkinitrd's corner cases.  Fails loudly; see userland/check.sh.
check-userland: $(INITRD) $(USER_BINS) $(MKINITRD)
	ABI_CHECK_CMD='$(CC) $(filter-out -MD -MP,$(LIBC_CFLAGS)) -DABI_CHECK_STRICT -fsyntax-only libc/abi_check.c' \
	MKINITRD='$(MKINITRD)' INITRD='$(INITRD)' INITRD_MEMBERS='$(INITRD_MEMBERS)' \
	  bash userland/check.sh $(USER_BINS)
