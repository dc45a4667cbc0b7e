/*
 * ELF validation.  A program file is untrusted input: every field that
 * the loader will use as a size, an offset or an address is checked here,
 * with overflow-safe arithmetic, before any memory is touched.
 */
#include "kernel/proc/elf.h"
#include "include/abi/errno.h"

#define PAGE 4096u

int elf_check_header(const struct elf32_ehdr *eh, uint32_t file_size)
{
    if (file_size < sizeof(*eh))
        return -ENOEXEC;
    if (eh->ident[0] != 0x7F || eh->ident[1] != 'E' || eh->ident[2] != 'L' || eh->ident[3] != 'F')
        return -ENOEXEC;
    if (eh->ident[4] != 1 || eh->ident[5] != 1)         /* 32-bit, little endian */
        return -ENOEXEC;
    if (eh->type != 2 || eh->machine != 3 || eh->version != 1)  /* executable, i386 */
        return -ENOEXEC;
    if (eh->phentsize != sizeof(struct elf32_phdr) || eh->phnum == 0 || eh->phnum > ELF_MAX_PHDRS)
        return -ENOEXEC;
    if (eh->phoff > file_size || file_size - eh->phoff < (uint32_t)eh->phnum * eh->phentsize)
        return -ENOEXEC;
    return 0;
}

static int check_load(const struct elf32_phdr *p, uint32_t file_size, uint32_t user_top)
{
    if (p->memsz == 0 || p->filesz > p->memsz)
        return -ENOEXEC;
    if (p->offset > file_size || file_size - p->offset < p->filesz)
        return -ENOEXEC;
    if (p->vaddr < PAGE || p->vaddr > user_top || user_top - p->vaddr < p->memsz)
        return -ENOEXEC;
    return 0;
}

int elf_check_segments(const struct elf32_ehdr *eh, const struct elf32_phdr *ph,
                       uint32_t file_size, uint32_t user_top)
{
    uint32_t prev_end = 0;
    int loads = 0, entry_ok = 0;

    for (int i = 0; i < eh->phnum; i++) {
        const struct elf32_phdr *p = &ph[i];
        if (p->type != ELF_PT_LOAD)
            continue;
        if (check_load(p, file_size, user_top) < 0)
            return -ENOEXEC;
        /* segments own whole pages: sorted, and no page shared by two */
        if (loads && (p->vaddr & ~(PAGE - 1)) < prev_end)
            return -ENOEXEC;
        prev_end = (p->vaddr + p->memsz + PAGE - 1) & ~(PAGE - 1);
        if (eh->entry >= p->vaddr && eh->entry - p->vaddr < p->memsz && (p->flags & ELF_PF_X))
            entry_ok = 1;
        loads++;
    }
    return loads && entry_ok ? 0 : -ENOEXEC;
}
