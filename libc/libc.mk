# The newlib port (included by the top Makefile).  Builds
#   build/libc/crt0.o        the program entry (_start), linked first
#   build/libc/libmosaic.a   the system call glue newlib and programs call
# and defines how user programs are compiled and linked:
#   USER_CFLAGS   hosted C against newlib's headers (ours first: dirent.h,
#                 termios.h, sys/utsname.h ... override or add to newlib's)
#   USER_LDFLAGS  ld.lld flags (libc/user.ld: two page-aligned segments)
#   USER_CRT0, USER_LIBS   what every program links with
#   $(call user_link,OUT,OBJECTS)   the link command
# NEWLIB_DIR and CLANG_RT_I386 come from $(MOSAIC_CACHE)/env.mk (tools/setup.sh).

USER_CFLAGS := --target=i686-unknown-elf -march=i686 -std=gnu11 -O2 -g \
               -nostdlibinc -D__ELF__=1 -fno-pic -fno-stack-protector \
               -isystem libc/include -isystem include -isystem $(NEWLIB_DIR)/include \
               -Wall -Wextra -Werror -MD -MP
# The glue itself is held to the kernel's warning set.
LIBC_CFLAGS := $(USER_CFLAGS) -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
USER_ASFLAGS := --target=i686-unknown-elf -march=i686 -isystem include -g -MD -MP

USER_LDFLAGS := -m elf_i386 -T libc/user.ld -nostdlib -static
USER_CRT0 := $(B)/libc/crt0.o
# libmosaic.a comes first so its signal()/raise() win over newlib's emulation;
# the group lets newlib call back into the glue (write, sbrk ...) and vice versa.
USER_LIBS := --start-group $(B)/libc/libmosaic.a $(NEWLIB_DIR)/lib/libc.a \
             $(NEWLIB_DIR)/lib/libm.a $(CLANG_RT_I386) --end-group
USER_LINK_DEPS := $(USER_CRT0) $(B)/libc/libmosaic.a libc/user.ld

# $(call user_link,OUT,OBJECTS): link one static user program.
user_link = $(LD) $(USER_LDFLAGS) -o $(1) $(USER_CRT0) $(2) $(USER_LIBS)

LIBC_C_SRCS := $(sort $(wildcard libc/*.c))
LIBC_S_SRCS := $(filter-out libc/crt0.S,$(sort $(wildcard libc/*.S)))
LIBC_OBJS := $(patsubst libc/%.c,$(B)/libc/%.o,$(LIBC_C_SRCS)) \
             $(patsubst libc/%.S,$(B)/libc/%.o,$(LIBC_S_SRCS))

.PHONY: libc
libc: $(B)/libc/libmosaic.a $(USER_CRT0)

# Every glue object depends on the setup (NEWLIB_DIR must exist first) and
# on this file (flags).
$(B)/libc/%.o: libc/%.c $(SETUP_ENV) libc/libc.mk
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(B)/libc/%.o: libc/%.S $(SETUP_ENV) libc/libc.mk
	@mkdir -p $(dir $@)
	$(CC) $(USER_ASFLAGS) -c $< -o $@

$(B)/libc/libmosaic.a: $(LIBC_OBJS)
	@rm -f $@
	llvm-ar rcsD $@ $(LIBC_OBJS)
