/*
 * execve: validate the ELF file (elf.c), build a complete new address
 * space (segments copied in page by page, bss left to demand-zero, a stack
 * with argc/argv/envp in the System V i386 layout), and only then swap it
 * in for the old one.
 */
#include "kernel/proc/exec.h"
#include "kernel/proc/elf.h"
#include "kernel/proc.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/uvm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/kheap.h"
#include "kernel/arch.h"
#include "kernel/arch/i386/cpu.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

#define PAGE_DOWN(a) ((a) & ~(PAGE_SIZE - 1))
#define PAGE_UP(a) (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define STACK_INITIAL (64u * 1024)

int exec_args_init(struct exec_args *a)
{
    memset(a, 0, sizeof(*a));
    a->size = ARG_MAX_BYTES;
    a->buf = kmalloc(a->size);
    return a->buf ? 0 : -ENOMEM;
}

void exec_args_free(struct exec_args *a)
{
    kfree(a->buf);
    a->buf = NULL;
}

int exec_args_add(struct exec_args *a, const char *s, uint32_t len)
{
    if (len + 1 > a->size - a->used)
        return -E2BIG;
    memcpy(a->buf + a->used, s, len);
    a->buf[a->used + len] = '\0';
    a->used += len + 1;
    return 0;
}

/* Read exactly n bytes at off. */
static int read_at(struct file *f, uint32_t off, void *buf, uint32_t n)
{
    if (file_lseek(f, off, ABI_SEEK_SET) < 0)
        return -ENOEXEC;
    while (n) {
        long r = file_read(f, buf, n);
        if (r <= 0)
            return r < 0 ? (int)r : -ENOEXEC;
        buf = (char *)buf + r;
        n -= (uint32_t)r;
    }
    return 0;
}

/* Create the region of one PT_LOAD segment and copy its file bytes in. */
static int load_segment(struct vm_space *vm, struct file *f, const struct elf32_phdr *ph)
{
    uint32_t start = PAGE_DOWN(ph->vaddr), end = PAGE_UP(ph->vaddr + ph->memsz);
    uint32_t file_end = ph->vaddr + ph->filesz;
    unsigned prot = PROT_READ_ | (ph->flags & ELF_PF_W ? PROT_WRITE_ : 0) |
                    (ph->flags & ELF_PF_X ? PROT_EXEC_ : 0);
    int r = uvm_add_region(vm, start, end, prot, ph->flags & ELF_PF_X ? REGION_TEXT : REGION_DATA);

    if (r < 0)
        return -ENOEXEC;
    for (uint32_t va = start; va < file_end; va += PAGE_SIZE) {
        uint32_t pa = uvm_map_new_page(vm, va, prot & PROT_WRITE_);
        uint32_t from = va < ph->vaddr ? ph->vaddr : va;
        uint32_t to = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
        if (!pa)
            return -ENOMEM;
        if ((r = read_at(f, ph->offset + (from - ph->vaddr), (char *)P2V(pa) + (from - va), to - from)) < 0)
            return r;
    }
    return 0;
}

/* Write into a space that is not (yet) the current one. */
static int vm_write(struct vm_space *vm, uint32_t va, const void *src, uint32_t n)
{
    while (n) {
        uint32_t pa = uvm_resolve(vm, va, true);
        uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (!pa)
            return -ENOMEM;
        if (chunk > n)
            chunk = n;
        memcpy(P2V(pa), src, chunk);
        va += chunk, n -= chunk, src = (const char *)src + chunk;
    }
    return 0;
}

/* Strings at the top, then envp[] and argv[] pointer arrays, then argc at the new esp. */
static int build_stack(struct vm_space *vm, struct exec_args *a, uint32_t *esp)
{
    uint32_t nptr = (uint32_t)a->argc + 1 + (uint32_t)a->envc + 1;
    uint32_t strings = (USER_STACK_TOP - a->used) & ~3u;
    uint32_t sp = (strings - 4 * (nptr + 1)) & ~15u;
    uint32_t *vec, off = 0, at = 0;
    int r;

    if (uvm_add_region(vm, USER_STACK_TOP - STACK_INITIAL, USER_STACK_TOP,
                       PROT_READ_ | PROT_WRITE_, REGION_STACK) < 0 || sp < USER_STACK_TOP - STACK_INITIAL)
        return -E2BIG;
    if (!(vec = kmalloc(4 * (nptr + 1))))
        return -ENOMEM;
    vec[at++] = (uint32_t)a->argc;
    for (int i = 0; i < a->argc + a->envc; i++) {
        if (i == a->argc)
            vec[at++] = 0;                      /* end of argv */
        vec[at++] = strings + off;
        off += strlen(a->buf + off) + 1;
    }
    vec[at++] = 0;                              /* end of envp */
    r = vm_write(vm, strings, a->buf, a->used);
    if (r == 0)
        r = vm_write(vm, sp, vec, 4 * at);
    kfree(vec);
    *esp = sp;
    return r;
}

static int load_program(struct vm_space *vm, struct file *f, uint32_t size, uint32_t *entry)
{
    struct elf32_ehdr eh;
    struct elf32_phdr ph[ELF_MAX_PHDRS];
    uint32_t top = 0;
    int r;

    if (read_at(f, 0, &eh, sizeof(eh)) < 0 || elf_check_header(&eh, size) < 0)
        return -ENOEXEC;
    if (read_at(f, eh.phoff, ph, eh.phnum * sizeof(ph[0])) < 0 ||
        elf_check_segments(&eh, ph, size, USER_MMAP_BASE) < 0)
        return -ENOEXEC;
    for (int i = 0; i < eh.phnum; i++) {
        if (ph[i].type != ELF_PT_LOAD)
            continue;
        if ((r = load_segment(vm, f, &ph[i])) < 0)
            return r;
        if (PAGE_UP(ph[i].vaddr + ph[i].memsz) > top)
            top = PAGE_UP(ph[i].vaddr + ph[i].memsz);
    }
    vm->brk_start = vm->brk = top;
    *entry = eh.entry;
    return 0;
}

static void user_entry_frame(struct trapframe *tf, uint32_t entry, uint32_t esp)
{
    memset(tf, 0, sizeof(*tf));
    tf->cs = USER_CS;
    tf->ds = tf->es = tf->fs = tf->gs = tf->ss = USER_DS;
    tf->eflags = 0x202;                         /* IF on */
    tf->eip = entry;
    tf->esp = esp;
}

/* Open path and check it is an executable regular file; its size in *size. */
static int open_program(struct proc *p, const char *path, struct file **f, uint32_t *size)
{
    struct abi_stat st;
    int r = vfs_open(p->sys.cwd, path, ABI_O_RDONLY, 0, f);

    if (r < 0)
        return r;
    if ((r = file_stat(*f, &st)) == 0) {
        if (!ABI_S_ISREG(st.st_mode))
            r = -EACCES;
        else if (!(st.st_mode & 0111))
            r = -EACCES;
        *size = (uint32_t)st.st_size;
    }
    if (r < 0)
        file_put(*f);
    return r;
}

/* Where the environment strings start in a's buffer. */
static const char *env_start(struct exec_args *a)
{
    const char *s = a->buf;

    for (int i = 0; i < a->argc; i++)
        s += strlen(s) + 1;
    return s;
}

static void close_on_exec(struct proc *p)
{
    for (int fd = 0; fd < NOFILE; fd++)
        if (p->sys.files[fd] && p->sys.fd_cloexec[fd])
            fd_close(p, fd);
}

int exec_image(struct proc *p, const char *path, struct exec_args *a, struct trapframe *tf)
{
    struct vm_space *vm, *old;
    struct file *f;
    uint32_t size, entry, esp;
    const char *base;
    int r = open_program(p, path, &f, &size);

    if (r < 0)
        return r;
    if (!(vm = uvm_create())) {
        file_put(f);
        return -ENOMEM;
    }
    r = load_program(vm, f, size, &entry);
    file_put(f);
    if (r == 0)
        r = build_stack(vm, a, &esp);
    if (r < 0) {
        uvm_destroy(vm);
        return r;
    }
    old = p->user.vm;                           /* the point of no return */
    p->user.vm = vm;
    uvm_activate(vm);
    if (old)
        uvm_destroy(old);
    arch_fpu_init_state(p->user.fpu);
    arch_fpu_restore(p->user.fpu);
    close_on_exec(p);
    for (int sig = 0; sig < NSIG_; sig++)               /* POSIX: caught -> default, ignored stays */
        if (p->user.actions[sig].handler > 1)
            p->user.actions[sig] = (struct sig_action){ 0, 0, 0 };
    p->user.sigtramp = 0;
    base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    strlcpy(p->name, base, sizeof(p->name));
    p->cmdline_len = a->used - (a->envc ? (uint32_t)(a->buf + a->used - env_start(a)) : 0);
    if (p->cmdline_len > sizeof(p->cmdline))
        p->cmdline_len = sizeof(p->cmdline);
    memcpy(p->cmdline, a->buf, p->cmdline_len);
    user_entry_frame(tf, entry, esp);
    return 0;
}

int exec_kernel(struct proc *p, const char *path, const char *const argv[],
                const char *const envp[], struct trapframe *tf)
{
    struct exec_args a;
    int r = exec_args_init(&a);

    for (int i = 0; r == 0 && argv[i]; i++, a.argc++)
        r = exec_args_add(&a, argv[i], strlen(argv[i]));
    for (int i = 0; r == 0 && envp[i]; i++, a.envc++)
        r = exec_args_add(&a, envp[i], strlen(envp[i]));
    if (r == 0)
        r = exec_image(p, path, &a, tf);
    exec_args_free(&a);
    return r;
}
