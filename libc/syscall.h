/*
 * The glue's single way into the kernel (private to libc/).
 *
 * __syscall6() is the only inline assembly: `int $0x80` with the number in
 * EAX and six arguments in EBX ECX EDX ESI EDI EBP (include/abi/syscall.h).
 * It returns the kernel's raw result, -4095..-1 meaning -errno.
 * SYSCALL_RAW(n, args...) pads missing arguments with 0 and casts each to
 * long, so a pointer passes through unchanged; SYSCALL(...) also turns an
 * error into errno = E, result -1 (in errno.c, the one place that does).
 */
#ifndef LIBC_SYSCALL_H
#define LIBC_SYSCALL_H

#include <abi/syscall.h>

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    /*
     * EBP cannot be named as an operand (it may be the frame pointer), so
     * the sixth argument goes through the stack: push it first (while an
     * ESP-relative "g" operand is still valid), save EBP, load it from the
     * pushed copy, and undo both after the trap.
     */
    __asm__ __volatile__(
        "pushl %7\n\t"
        "pushl %%ebp\n\t"
        "movl 4(%%esp), %%ebp\n\t"
        "int $0x80\n\t"
        "popl %%ebp\n\t"
        "addl $4, %%esp"
        : "=a"(ret)
        : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "g"(f)
        : "memory", "cc");
    return ret;
}

#define SYSCALL_ARGS_(n, a, b, c, d, e, f, ...) \
    __syscall6((long)(n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define SYSCALL_RAW(...)  SYSCALL_ARGS_(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)
#define SYSCALL(...)      __syscall_ret(SYSCALL_RAW(__VA_ARGS__))

/* A raw result is an error when it lies in -4095..-1. */
#define SYSCALL_IS_ERROR(r)  ((unsigned long)(r) >= (unsigned long)-4095)

/* Raw result to C convention: errors set errno and give -1. */
long __syscall_ret(long r);

/* Set errno to E and return -1, for errors found before the kernel. */
long __set_errno(int e);

#endif
