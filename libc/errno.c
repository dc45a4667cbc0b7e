/*
 * The one place where a kernel error becomes errno.  The kernel returns
 * -EXXX with newlib's numbering (include/abi/errno.h), so no table is
 * needed: the value is negated and stored.  newlib's errno is a macro for
 * the current reent structure's _errno, which works before and after
 * main() alike.
 */
#include <errno.h>

#include "syscall.h"

long __syscall_ret(long r)
{
    if (SYSCALL_IS_ERROR(r)) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

long __set_errno(int e)
{
    errno = e;
    return -1;
}
