/*
 * ELF32 executables (kernel/proc/elf.c): the header layouts we read and
 * the checks that decide whether a file is a program Mosaic can run.
 * Pure code, so the checks are host-testable.
 */
#ifndef PROC_ELF_H
#define PROC_ELF_H

#include <stdint.h>

struct elf32_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#define ELF_PT_LOAD   1
#define ELF_PF_X      1
#define ELF_PF_W      2
#define ELF_PF_R      4
#define ELF_MAX_PHDRS 16

/* Check the file header of a file of file_size bytes; 0 or -ENOEXEC. */
int elf_check_header(const struct elf32_ehdr *eh, uint32_t file_size);
/* Check the program headers: loadable segments inside the file and user
 * space, memsz >= filesz, sorted and not overlapping, entry inside one.  0 or -ENOEXEC. */
int elf_check_segments(const struct elf32_ehdr *eh, const struct elf32_phdr *ph,
                       uint32_t file_size, uint32_t user_top);

#endif
