/*
 * bad_elf: execve refuses malformed programs with ENOEXEC and the caller
 * carries on unharmed.
 *
 * A tiny valid program (it exits 42) is built in memory; each case breaks
 * one thing in a copy of it (truncated header, wrong class, byte order,
 * machine or type, program headers outside the file, a segment beyond the
 * end of the file or reaching into the kernel at 0xC0000000, an entry
 * point outside executable code ...), writes it to /tmp and execs it in a
 * child, which must get -1/ENOEXEC back and still be itself.  The valid
 * program must run (so the cases fail for their one fault, not for a
 * broken generator); a valid program without execute permission, or a
 * directory, gives EACCES.
 */
#include <stdint.h>
#include "check.h"

#define PATH "/tmp/bad_elf.prog"
#define BASE 0x08048000u

struct ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

/* The program: header, two program headers, code. */
struct image {
    struct ehdr eh;
    struct phdr ph[2];
    uint8_t code[12];
};
_Static_assert(sizeof(struct ehdr) == 52 && sizeof(struct phdr) == 32, "ELF32 layout");

static const uint8_t exit42[12] = {
    0xb8, 1, 0, 0, 0,           /* mov $1, %eax   (SYS_exit) */
    0xbb, 42, 0, 0, 0,          /* mov $42, %ebx */
    0xcd, 0x80,                 /* int $0x80 */
};

static struct image valid(void)
{
    struct image im;

    memset(&im, 0, sizeof im);
    memcpy(im.eh.ident, "\x7f" "ELF\x01\x01\x01", 7);   /* 32-bit, little endian, version 1 */
    im.eh.type = 2;                                     /* ET_EXEC */
    im.eh.machine = 3;                                  /* EM_386 */
    im.eh.version = 1;
    im.eh.entry = BASE + offsetof(struct image, code);
    im.eh.phoff = offsetof(struct image, ph);
    im.eh.ehsize = sizeof(struct ehdr);
    im.eh.phentsize = sizeof(struct phdr);
    im.eh.phnum = 1;
    im.ph[0] = (struct phdr){ 1, 0, BASE, BASE, sizeof im, sizeof im, 5 /* R+X */, 0x1000 };
    memcpy(im.code, exit42, sizeof exit42);
    return im;
}

static int write_file(const void *data, size_t len, int mode)
{
    int fd = open(PATH, O_CREAT | O_WRONLY | O_TRUNC, mode);

    if (fd < 0)
        return -1;
    ssize_t n = write(fd, data, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

static int canary = 1234;

/* Exec PATH in a child; returns its wait status.  The child checks that execve
 * failed with want_errno (0: it must succeed) and that it is still itself. */
static int try_exec(int want_errno)
{
    int status = -1;
    pid_t pid = check_fork();

    if (pid == 0) {
        char *argv[] = { PATH, NULL }, *envp[] = { NULL };
        errno = 0;
        int r = execve(PATH, argv, envp);
        if (want_errno)
            CHECK(r == -1 && errno == want_errno);
        CHECK(canary == 1234 && getppid() > 0);
        check_child_exit();
    }
    if (pid > 0)
        waitpid(pid, &status, 0);
    return status;
}

/* One malformed variant: write it, exec it, expect ENOEXEC. */
static void expect_noexec(const char *what, const void *data, size_t len)
{
    int before = check_failures;

    CHECK(write_file(data, len, 0755) == 0);
    CHECK_EXITED(try_exec(ENOEXEC), 0);
    if (check_failures != before)
        fprintf(stderr, "   (case: %s)\n", what);
}

#define CASE(what, change) \
    do { struct image im = valid(); change; expect_noexec(what, &im, sizeof im); } while (0)

static void header_cases(void)
{
    struct image im = valid();

    expect_noexec("empty file", "", 0);
    expect_noexec("truncated header", &im, 20);
    expect_noexec("header without program headers", &im, sizeof(struct ehdr));
    expect_noexec("text file", "hello, world\nthis is not a program\n", 35);
    CASE("bad magic", im.eh.ident[1] = 'X');
    CASE("64-bit class", im.eh.ident[4] = 2);
    CASE("big endian", im.eh.ident[5] = 2);
    CASE("x86-64 machine", im.eh.machine = 62);
    CASE("ARM machine", im.eh.machine = 40);
    CASE("relocatable object", im.eh.type = 1);
    CASE("core file", im.eh.type = 4);
    CASE("bad version", im.eh.version = 7);
    CASE("wrong phentsize", im.eh.phentsize = 40);
    CASE("no program headers", im.eh.phnum = 0);
    CASE("65535 program headers", im.eh.phnum = 0xffff);
    CASE("program headers beyond the file", im.eh.phoff = 0x10000);
    CASE("program headers past the end", im.eh.phoff = sizeof im - 8);
    CASE("program header offset wraps", im.eh.phoff = 0xfffffff0u);
}

static void segment_cases(void)
{
    CASE("no PT_LOAD", im.ph[0].type = 4);
    CASE("segment beyond the file", im.ph[0].offset = 0x2000);
    CASE("segment runs past the file", im.ph[0].filesz = im.ph[0].memsz = 0x3000);
    CASE("segment offset wraps", (im.ph[0].offset = 0xfffff000u, im.ph[0].filesz = 0x2000));
    CASE("filesz > memsz", im.ph[0].memsz = 16);
    CASE("zero memsz", im.ph[0].filesz = im.ph[0].memsz = 0);
    CASE("segment at page 0", (im.ph[0].vaddr = 0, im.eh.entry = 84));
    CASE("segment into the kernel", (im.ph[0].vaddr = 0xBFFFF000u, im.ph[0].memsz = 0x2000,
                                     im.eh.entry = 0xBFFFF000u + 84));
    CASE("segment in the kernel", (im.ph[0].vaddr = 0xC0000000u, im.eh.entry = 0xC0000000u + 84));
    CASE("segment wraps 4 GiB", (im.ph[0].vaddr = 0xFFFFF000u, im.ph[0].memsz = 0x2000,
                                 im.eh.entry = 0xFFFFF000u + 84));
    CASE("1 GiB of bss", im.ph[0].memsz = 0x40000000u);
    CASE("entry outside the segments", im.eh.entry = 0x10000000u);
    CASE("entry in data", im.ph[0].flags = 6 /* R+W */);
    CASE("overlapping segments", (im.eh.phnum = 2, im.ph[1] = im.ph[0]));
    CASE("segments out of order", (im.eh.phnum = 2, im.ph[1] = im.ph[0], im.ph[0].vaddr += 0x10000,
                                   im.ph[0].paddr += 0x10000));
}

static void other_errors(void)
{
    struct image im = valid();
    int status = -1;

    CHECK(write_file(&im, sizeof im, 0755) == 0);
    status = try_exec(0);
    CHECK_EXITED(status, 42);                           /* the valid program ran */
    CHECK(unlink(PATH) == 0);                           /* the mode only applies on creation */
    CHECK(write_file(&im, sizeof im, 0644) == 0);
    CHECK_EXITED(try_exec(EACCES), 0);                  /* not executable */
    CHECK(unlink(PATH) == 0);
    CHECK_EXITED(try_exec(ENOENT), 0);
    CHECK(mkdir(PATH, 0755) == 0);
    CHECK_EXITED(try_exec(EACCES), 0);                  /* a directory */
    CHECK(rmdir(PATH) == 0);
}

int main(void)
{
    other_errors();
    header_cases();
    segment_cases();
    unlink(PATH);
    CHECK(canary == 1234);
    return check_status();
}
