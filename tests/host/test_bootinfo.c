/*
 * kernel/bootinfo.c on fake Multiboot information.  The tests build the
 * loader's structures in a fake physical memory at [PHYS_BASE, PHYS_END);
 * phys() returns NULL outside it, and otherwise a copy of exactly the bytes
 * asked for, followed by ASan-poisoned bytes, so reading further than the
 * length given to phys() is caught.  A good boot, then every kind of broken
 * or hostile information: bootinfo_parse must count a problem for each and
 * still leave a sane bootinfo.
 */
#include <sanitizer/asan_interface.h>
#include <stdlib.h>
#include <string.h>
#include "host.h"
#include "boot/multiboot.h"
#include "kernel/bootinfo.h"

#define PHYS_BASE 0x10000u
#define PHYS_SIZE 0x10000u
#define PHYS_END  (PHYS_BASE + PHYS_SIZE)

static uint8_t mem[PHYS_SIZE];  /* the fake physical memory */
static uint32_t mem_top;        /* next free byte, as an offset into mem */

/* ---- phys(): copies into a staging area with poison after each copy ------- */

#define STAGE_SIZE (1u << 20)
static uint8_t *stage;          /* reachable from here, so never reported as a leak */
static size_t stage_used;

static void stage_reset(void)
{
    if (!stage)
        stage = aligned_alloc(8, STAGE_SIZE);
    ASAN_POISON_MEMORY_REGION(stage, STAGE_SIZE);
    stage_used = 0;
}

static const void *fake_phys(uint64_t pa, uint32_t len)
{
    if (pa < PHYS_BASE || pa + len > PHYS_END || pa + len < pa)
        return NULL;
    if (stage_used + len + 16 > STAGE_SIZE) {   /* a parse needing this much is a bug */
        CHECKF(false, "phys() called for more than %u bytes in one parse", STAGE_SIZE);
        return NULL;
    }
    uint8_t *p = stage + stage_used;
    ASAN_UNPOISON_MEMORY_REGION(p, len);
    memcpy(p, mem + (pa - PHYS_BASE), len);
    stage_used += (len + 7) / 8 * 8 + 8;        /* at least one poisoned granule after */
    return p;
}

/* ---- building the loader's structures -------------------------------------- */

static void mem_reset(void)
{
    memset(mem, 0, sizeof(mem));
    mem_top = 0x100;
}

/* Copy data into fake memory; returns its physical address. */
static uint32_t put(const void *data, uint32_t len)
{
    uint32_t pa = PHYS_BASE + mem_top;

    if (mem_top + len > PHYS_SIZE) {
        CHECKF(false, "fake memory full");
        return 0;
    }
    memcpy(mem + mem_top, data, len);
    mem_top += len;
    return pa;
}

static uint32_t put_str(const char *s)
{
    return put(s, (uint32_t)strlen(s) + 1);
}

static void add_entry(struct multiboot_info *mbi, uint64_t addr, uint64_t len, uint32_t type)
{
    struct multiboot_mmap_entry e = { .size = 20, .addr = addr, .len = len, .type = type };
    uint32_t pa = put(&e, sizeof(e));

    if (mbi->mmap_length == 0)
        mbi->mmap_addr = pa;
    mbi->mmap_length += sizeof(e);
}

/* Some usable RAM, so the tests of other parts get exact problem counts. */
static void add_ram(struct multiboot_info *mbi)
{
    mbi->flags |= MBI_FLAG_MMAP;
    add_entry(mbi, 0x100000, 0x1000000, 1);
}

static uint32_t put_modules(const struct multiboot_mod *mods, uint32_t n)
{
    return put(mods, n * (uint32_t)sizeof(*mods));
}

/* A healthy boot: command line, loader name, a PC-like map, two modules. */
static void good_mbi(struct multiboot_info *mbi)
{
    mem_reset();
    memset(mbi, 0, sizeof(*mbi));
    mbi->flags = MBI_FLAG_MEM | MBI_FLAG_CMDLINE | MBI_FLAG_MODS | MBI_FLAG_MMAP | MBI_FLAG_LOADER;
    mbi->mem_lower = 639;
    mbi->mem_upper = 130048;
    mbi->cmdline = put_str("build/mosaic.elf ktest=all");
    mbi->boot_loader_name = put_str("GRUB 2.06");
    add_entry(mbi, 0, 0x9FC00, 1);
    add_entry(mbi, 0x9FC00, 0x400, 2);
    add_entry(mbi, 0xF0000, 0x10000, 2);
    add_entry(mbi, 0x100000, 0x7F00000, 1);
    add_entry(mbi, 0x7FE0000, 0x20000, 3);          /* ACPI data inside the usable range */
    add_entry(mbi, 0xFFFC0000, 0x40000, 2);
    struct multiboot_mod mods[2] = {
        { 0x200000, 0x280000, put_str("initrd"), 0 },
        { 0x300000, 0x301000, put_str("config ro"), 0 },
    };
    mbi->mods_count = 2;
    mbi->mods_addr = put_modules(mods, 2);
}

static struct bootinfo bi;

/* Every field bounded and consistent, whatever the input was. */
static bool sane(const struct bootinfo *b)
{
    bool ok = strnlen(b->cmdline, BOOT_CMDLINE_MAX) < BOOT_CMDLINE_MAX &&
              strnlen(b->loader, BOOT_NAME_MAX) < BOOT_NAME_MAX &&
              b->nmodules >= 0 && b->nmodules <= BOOT_MODULES_MAX &&
              b->ram.n >= 0 && b->ram.n <= MEMMAP_MAX &&
              b->ram_top == (b->ram.n ? b->ram.r[b->ram.n - 1].end : 0);
    for (int i = 0; ok && i < b->nmodules; i++)
        ok = b->modules[i].start <= b->modules[i].end &&
             strnlen(b->modules[i].name, BOOT_NAME_MAX) < BOOT_NAME_MAX;
    for (int i = 0; ok && i < b->ram.n; i++)
        ok = b->ram.r[i].start < b->ram.r[i].end && (i == 0 || b->ram.r[i - 1].end < b->ram.r[i].start);
    return ok;
}

/* Put mbi into fake memory and parse it; checks the result is sane. */
static int parse_at(uint32_t magic, uint32_t mbi_pa)
{
    stage_reset();
    host_log_clear();
    int problems = bootinfo_parse(&bi, magic, mbi_pa, fake_phys);
    CHECKF(sane(&bi), "bootinfo not sane after parse");
    CHECKF(host_log_count("boot: warning") >= (problems > 0), "a problem without a warning");
    return problems;
}

static int parse(const struct multiboot_info *mbi)
{
    return parse_at(MULTIBOOT_LOADER_MAGIC, put(mbi, sizeof(*mbi)));
}

static bool ram_is(uint64_t s0, uint64_t e0, uint64_t s1, uint64_t e1)
{
    return bi.ram.n == 2 && bi.ram.r[0].start == s0 && bi.ram.r[0].end == e0 &&
           bi.ram.r[1].start == s1 && bi.ram.r[1].end == e1;
}

/* Does any usable range overlap [s, e)? */
static bool ram_overlaps(uint64_t s, uint64_t e)
{
    for (int i = 0; i < bi.ram.n; i++)
        if (bi.ram.r[i].start < e && s < bi.ram.r[i].end)
            return true;
    return false;
}

/* ---- a good boot ------------------------------------------------------------ */

static void test_good_info(void)
{
    struct multiboot_info mbi;

    good_mbi(&mbi);
    CHECK_EQ(parse(&mbi), 0);
    CHECK_EQ(host_log_count("warning"), 0);
    CHECK_STR(bi.cmdline, "build/mosaic.elf ktest=all");
    CHECK_STR(bi.loader, "GRUB 2.06");
    CHECK(ram_is(0, 0x9FC00, 0x100000, 0x7FE0000));     /* the ACPI area is cut out */
    CHECK_EQ(bi.ram_top, 0x7FE0000);
    CHECK_EQ(bi.nmodules, 2);
    CHECK(bi.modules[0].start == 0x200000 && bi.modules[0].end == 0x280000);
    CHECK_STR(bi.modules[0].name, "initrd");
    CHECK(bi.modules[1].start == 0x300000 && bi.modules[1].end == 0x301000);
    CHECK_STR(bi.modules[1].name, "config ro");
}

/* Reserved entries win over usable ones whatever the order of the map. */
static void test_reserved_first(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };

    mem_reset();
    add_entry(&mbi, 0x7FE0000, 0x20000, 2);
    add_entry(&mbi, 0x100000, 0x7F00000, 1);
    add_entry(&mbi, 0x0, 0xA0000, 1);
    add_entry(&mbi, 0x9F000, 0x1000, 2);
    CHECK_EQ(parse(&mbi), 0);
    CHECK(ram_is(0, 0x9F000, 0x100000, 0x7FE0000));
}

/* Entries may be longer than 20 bytes (ACPI 3.0 attributes): the size field sets the stride. */
static void test_long_entries(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };
    uint8_t raw[2][28];

    mem_reset();
    for (int i = 0; i < 2; i++) {
        struct multiboot_mmap_entry e = { .size = 24, .addr = i ? 0x100000 : 0, .len = 0x9F000, .type = 1 };
        memcpy(raw[i], &e, sizeof(e));
        memset(raw[i] + sizeof(e), 0xFF, 4);
    }
    mbi.mmap_addr = put(raw, sizeof(raw));
    mbi.mmap_length = sizeof(raw);
    CHECK_EQ(parse(&mbi), 0);
    CHECK(ram_is(0, 0x9F000, 0x100000, 0x19F000));
}

static void test_mem_lower_upper_only(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MEM, .mem_lower = 639, .mem_upper = 31744 };

    mem_reset();
    CHECK(parse(&mbi) > 0);                     /* works, but says it had no map */
    CHECK(ram_is(0, 639 * 1024, 0x100000, 0x100000 + 31744 * 1024));
}

static void test_no_memory_information(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_CMDLINE };

    mem_reset();
    mbi.cmdline = put_str("hz=100");
    CHECK(parse(&mbi) > 0);
    CHECK_EQ(bi.ram.n, 0);
    CHECK_EQ(bi.ram_top, 0);
    CHECK_STR(bi.cmdline, "hz=100");
}

/* ---- the loader itself is wrong ----------------------------------------------- */

static void test_wrong_magic(void)
{
    struct multiboot_info mbi;

    good_mbi(&mbi);
    uint32_t pa = put(&mbi, sizeof(mbi));
    CHECK(parse_at(0x1BADB002, pa) > 0);        /* the header's magic, not the loader's */
    CHECK(parse_at(0, pa) > 0);
    CHECK(bi.ram.n == 0 && bi.nmodules == 0 && bi.cmdline[0] == '\0');
}

static void test_mbi_out_of_reach(void)
{
    static const uint32_t where[] = { 0, 0x1000, PHYS_BASE - 4, PHYS_END - 10, PHYS_END, 0xFFFFFFF0 };

    for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
        mem_reset();
        CHECKF(parse_at(MULTIBOOT_LOADER_MAGIC, where[i]) > 0, "mbi at %#x", where[i]);
        CHECK(bi.ram.n == 0 && bi.nmodules == 0);
    }
}

/* ---- broken memory maps ------------------------------------------------------ */

/* An entry whose size field is absurd ends the map; what came before is kept. */
static void test_mmap_bad_entry_size(void)
{
    static const uint32_t sizes[] = { 0, 4, 19, 4097, 0xFFFFFFFF };

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };
        mem_reset();
        add_entry(&mbi, 0x100000, 0x100000, 1);
        struct multiboot_mmap_entry bad = { .size = sizes[i], .addr = 0x400000, .len = 0x100000, .type = 1 };
        put(&bad, sizeof(bad));
        mbi.mmap_length += sizeof(bad);
        add_entry(&mbi, 0x800000, 0x100000, 1);
        CHECKF(parse(&mbi) > 0, "entry size %u", sizes[i]);
        CHECK(bi.ram.n == 1 && bi.ram.r[0].start == 0x100000 && bi.ram.r[0].end == 0x200000);
    }
}

/*
 * A malformed entry must not cancel the reserved entries read before it:
 * the area they cover must not come out as usable RAM.
 */
static void test_mmap_bad_entry_keeps_reserved(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };

    mem_reset();
    add_entry(&mbi, 0x100000, 0x7F00000, 1);
    add_entry(&mbi, 0x7FE0000, 0x20000, 2);
    struct multiboot_mmap_entry bad = { .size = 0 };
    put(&bad, sizeof(bad));
    mbi.mmap_length += sizeof(bad);
    CHECK(parse(&mbi) > 0);
    CHECK(!ram_overlaps(0x7FE0000, 0x8000000));
}

/* The map's bytes end at mmap_length: an entry that starts inside but runs past is not read. */
static void test_mmap_entry_past_length(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };

    mem_reset();
    add_entry(&mbi, 0x100000, 0x100000, 1);
    add_entry(&mbi, 0x1000000, 0x100000, 1);    /* in memory, but cut by mmap_length: */
    mbi.mmap_length = 24 + 12;
    CHECK(parse(&mbi) > 0);
    CHECK(!ram_overlaps(0x1000000, 0x1100000));
    CHECK(ram_overlaps(0x100000, 0x200000));

    uint8_t raw[28];                            /* a 28-byte entry of which 24 are inside */
    struct multiboot_mmap_entry e = { .size = 24, .addr = 0x1000000, .len = 0x100000, .type = 1 };
    memcpy(raw, &e, sizeof(e));
    memset(raw + sizeof(e), 0, 4);
    mem_reset();
    mbi.mmap_length = 0;
    add_entry(&mbi, 0x100000, 0x100000, 1);
    put(raw, sizeof(raw));
    mbi.mmap_length += 24;
    CHECK(parse(&mbi) > 0);
    CHECK(!ram_overlaps(0x1000000, 0x1100000));
}

static void test_mmap_out_of_reach(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };

    mem_reset();
    add_entry(&mbi, 0x100000, 0x100000, 1);
    mbi.mmap_addr = PHYS_END - 8;               /* the first entry runs off the end */
    CHECK(parse(&mbi) > 0);
    CHECK_EQ(bi.ram.n, 0);
    mbi.mmap_addr = 0xFFFFFFF0;
    CHECK(parse(&mbi) > 0);
    mbi.mmap_length = 0;                        /* an empty map has no usable RAM */
    CHECK(parse(&mbi) > 0);
    CHECK_EQ(bi.ram.n, 0);
}

/* Lengths that run past 2^64 are clamped, not wrapped. */
static void test_mmap_wrapping_entry(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };

    mem_reset();
    add_entry(&mbi, 0x100000, 0x100000, 1);
    add_entry(&mbi, 0xFFFFFFFFFFFFF000ull, 0x2000, 1);
    CHECK_EQ(parse(&mbi), 0);
    CHECK(ram_is(0x100000, 0x200000, 0xFFFFFFFFFFFFF000ull, ~0ull));
    mem_reset();
    mbi.mmap_length = 0;
    add_entry(&mbi, 0x100000, 0x100000, 1);
    add_entry(&mbi, 0xFFFFFFFFFFFFF000ull, 0x2000, 1);
    add_entry(&mbi, 0x180000, ~0ull, 2);        /* reserves everything above */
    CHECK_EQ(parse(&mbi), 0);
    CHECK(bi.ram.n == 1 && bi.ram.r[0].start == 0x100000 && bi.ram.r[0].end == 0x180000);
}

/*
 * Reserved areas beyond the size of a memmap table must still all be cut
 * out: here 70 reserved windows high up, then an ACPI area inside RAM that
 * sorts before them.
 */
static void test_mmap_many_reserved(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };

    mem_reset();
    add_entry(&mbi, 0x100000, 0x7F00000, 1);
    for (uint64_t i = 0; i < 70; i++)
        add_entry(&mbi, 0xF0000000 + i * 0x20000, 0x1000, 2);
    add_entry(&mbi, 0x7FE0000, 0x20000, 3);
    parse(&mbi);
    CHECK(!ram_overlaps(0x7FE0000, 0x8000000));
    CHECK(ram_overlaps(0x100000, 0x7FE0000));
}

/* More usable ranges than the table holds: RAM is lost, so that is a problem to report. */
static void test_mmap_many_usable(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };

    mem_reset();
    for (uint64_t i = 0; i < 100; i++)
        add_entry(&mbi, 0x100000 + i * 0x20000, 0x1000, 1);
    int problems = parse(&mbi);
    CHECK_EQ(bi.ram.n, MEMMAP_MAX);
    CHECK(bi.ram.dropped > 0);
    CHECK_EQ(host_log_count("more than 64 ranges"), 1);
    CHECK(problems > 0);
}

/* mmap_length of 4 GiB: the walk stops at the end of reachable memory or 256 entries. */
static void test_mmap_huge_length(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MMAP };

    mem_reset();
    for (uint64_t i = 0; i < 300; i++)
        add_entry(&mbi, i * 0x2000, 0x1000, 1);
    mbi.mmap_length = 0xFFFFFFFF;
    parse(&mbi);
    CHECK(bi.ram.n <= MEMMAP_MAX);
    mem_reset();
    mbi.mmap_length = 0;
    add_entry(&mbi, 0x100000, 0x1000, 1);
    mbi.mmap_length = 0xFFFFFFFF;               /* then zeros: a malformed entry */
    CHECK(parse(&mbi) > 0);
    CHECK(bi.ram.n == 1 && bi.ram.r[0].start == 0x100000);
}

/* ---- modules ----------------------------------------------------------------- */

static void test_too_many_modules(void)
{
    static struct multiboot_mod mods[100];
    struct multiboot_info mbi = { .flags = MBI_FLAG_MODS };

    mem_reset();
    add_ram(&mbi);
    uint32_t name = put_str("m");
    for (uint32_t i = 0; i < 100; i++)
        mods[i] = (struct multiboot_mod){ 0x200000 + i * 0x1000, 0x201000 + i * 0x1000, name, 0 };
    mbi.mods_addr = put_modules(mods, 100);
    mbi.mods_count = 100;
    CHECK_EQ(parse(&mbi), 1);
    CHECK_EQ(bi.nmodules, BOOT_MODULES_MAX);
    CHECK(bi.modules[7].start == 0x207000 && strcmp(bi.modules[7].name, "m") == 0);
    mbi.mods_count = BOOT_MODULES_MAX + 1;
    CHECK_EQ(parse(&mbi), 1);
    CHECK_EQ(bi.nmodules, BOOT_MODULES_MAX);
    mbi.mods_count = BOOT_MODULES_MAX;
    CHECK_EQ(parse(&mbi), 0);
    mbi.mods_count = 0xFFFFFFFF;
    CHECK(parse(&mbi) > 0);
    CHECK_EQ(bi.nmodules, BOOT_MODULES_MAX);
}

static void test_bad_modules(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_MODS };

    mem_reset();
    add_ram(&mbi);
    mem[PHYS_SIZE - 1] = 'x';
    struct multiboot_mod mods[4] = {
        { 0x300000, 0x200000, put_str("backwards"), 0 },
        { 0x400000, 0x400000, 0, 0 },                   /* empty and unnamed: fine */
        { 0x500000, 0x501000, PHYS_END - 1, 0 },        /* name runs out of reach */
        { 0x600000, 0x601000, put_str("last"), 0 },
    };
    mbi.mods_addr = put_modules(mods, 4);
    mbi.mods_count = 5;                                 /* the fifth is all zeros */
    put(&(struct multiboot_mod){ 0 }, sizeof(struct multiboot_mod));
    CHECK_EQ(parse(&mbi), 2);
    CHECK_EQ(bi.nmodules, 4);
    CHECK(bi.modules[0].start == 0x400000 && bi.modules[0].name[0] == '\0');
    CHECK(bi.modules[1].start == 0x500000 && strcmp(bi.modules[1].name, "x") == 0);
    CHECK_STR(bi.modules[2].name, "last");
    mbi.mods_addr = PHYS_END - 8;                       /* descriptors out of reach */
    mbi.mods_count = 2;
    CHECK_EQ(parse(&mbi), 2);
    CHECK_EQ(bi.nmodules, 0);
}

/* ---- strings ------------------------------------------------------------------ */

/* A command line that runs to the end of reachable memory without a NUL. */
static void test_cmdline_unterminated(void)
{
    struct multiboot_info mbi = { .flags = MBI_FLAG_CMDLINE };

    mem_reset();
    add_ram(&mbi);
    memcpy(mem + PHYS_SIZE - 9, "ktest=all", 9);
    mbi.cmdline = PHYS_END - 9;
    CHECK_EQ(parse(&mbi), 1);
    CHECK_STR(bi.cmdline, "ktest=all");
    mbi.cmdline = PHYS_END;
    CHECK_EQ(parse(&mbi), 1);
    CHECK_STR(bi.cmdline, "");
}

static void test_cmdline_too_long(void)
{
    static char line[2000];
    struct multiboot_info mbi = { .flags = MBI_FLAG_CMDLINE | MBI_FLAG_LOADER };

    mem_reset();
    add_ram(&mbi);
    memset(line, 'a', sizeof(line) - 1);
    mbi.cmdline = put_str(line);
    memset(line, 'b', 100);
    line[100] = '\0';
    mbi.boot_loader_name = put_str(line);
    CHECK_EQ(parse(&mbi), 2);
    CHECK_EQ(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
    CHECK_EQ(strlen(bi.loader), BOOT_NAME_MAX - 1);
    CHECK(bi.cmdline[0] == 'a' && bi.loader[0] == 'b');
}

/* Strings that fill their buffer exactly (with the NUL) are not truncated. */
static void test_strings_that_just_fit(void)
{
    static char line[BOOT_CMDLINE_MAX];
    char name[BOOT_NAME_MAX];
    struct multiboot_info mbi = { .flags = MBI_FLAG_CMDLINE | MBI_FLAG_LOADER };

    mem_reset();
    add_ram(&mbi);
    memset(line, 'c', BOOT_CMDLINE_MAX - 1);
    line[BOOT_CMDLINE_MAX - 1] = '\0';
    mbi.cmdline = put_str(line);
    memset(name, 'n', BOOT_NAME_MAX - 1);
    name[BOOT_NAME_MAX - 1] = '\0';
    mbi.boot_loader_name = put_str(name);
    CHECK_EQ(parse(&mbi), 0);
    CHECK_STR(bi.cmdline, line);
    CHECK_STR(bi.loader, name);
}

/* ---- random junk ------------------------------------------------------------- */

/* An address inside fake memory most of the time, anything otherwise. */
static uint32_t rand_pa(void)
{
    return host_rand() % 8 ? host_rand_range(PHYS_BASE, PHYS_END) : host_rand();
}

/* Random memory, with some plausible map entries and modules, and random pointers. */
static void random_info(struct multiboot_info *mbi)
{
    for (uint32_t i = 0; i < PHYS_SIZE; i++)
        mem[i] = host_rand() % 3 ? (uint8_t)host_rand() : host_rand() % 2 ? 0 : 'a';
    mem_top = host_rand_range(0, PHYS_SIZE - 4096);
    memset(mbi, 0, sizeof(*mbi));
    for (int i = 0, n = (int)host_rand_range(0, 80); i < n; i++)
        add_entry(mbi, (uint64_t)host_rand() << host_rand_range(0, 32), host_rand(), host_rand() % 3);
    uint32_t words[sizeof(*mbi) / 4];
    memcpy(words, mbi, sizeof(words));
    for (size_t i = 0; i < sizeof(*mbi) / 4; i++)
        if (host_rand() % 4 == 0)
            words[i] = i == 0 || host_rand() % 2 ? host_rand() : rand_pa();
    memcpy(mbi, words, sizeof(words));
    mbi->flags |= host_rand() % 2 ? MBI_FLAG_MMAP : 0;
    if (host_rand() % 2)
        mbi->mods_count = host_rand_range(0, 12), mbi->mods_addr = rand_pa();
}

static void test_random_junk(void)
{
    struct multiboot_info mbi;

    for (int round = 0; round < 400; round++) {
        random_info(&mbi);
        uint32_t pa = host_rand() % 16 ? put(&mbi, sizeof(mbi)) : rand_pa();
        parse_at(host_rand() % 16 ? MULTIBOOT_LOADER_MAGIC : host_rand(), pa);
    }
}

static const struct host_test tests[] = {
    TEST(test_good_info),
    TEST(test_reserved_first),
    TEST(test_long_entries),
    TEST(test_mem_lower_upper_only),
    TEST(test_no_memory_information),
    TEST(test_wrong_magic),
    TEST(test_mbi_out_of_reach),
    TEST(test_mmap_bad_entry_size),
    TEST(test_mmap_bad_entry_keeps_reserved),
    TEST(test_mmap_entry_past_length),
    TEST(test_mmap_out_of_reach),
    TEST(test_mmap_wrapping_entry),
    TEST(test_mmap_many_reserved),
    TEST(test_mmap_many_usable),
    TEST(test_mmap_huge_length),
    TEST(test_too_many_modules),
    TEST(test_bad_modules),
    TEST(test_cmdline_unterminated),
    TEST(test_cmdline_too_long),
    TEST(test_strings_that_just_fit),
    TEST(test_random_junk),
};
HOST_MAIN(tests)
