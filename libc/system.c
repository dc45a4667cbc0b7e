/*
 * Calls about the whole node rather than a process: uname(), reboot()
 * and getentropy() (which newlib's arc4random() needs).
 */
#include <errno.h>
#include <stddef.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "syscall.h"

int uname(struct utsname *buf)
{
    return SYSCALL(SYS_uname, buf);
}

/* CMD is RB_AUTOBOOT or RB_POWER_OFF; the kernel takes it as its only
 * argument (no Linux-style magic numbers). */
int reboot(int cmd)
{
    return SYSCALL(SYS_reboot, cmd);
}

/*
 * The kernel has no entropy source yet, and made-up randomness would be
 * worse than none: fail honestly.  (arc4random() then raises SIGKILL, as
 * OpenBSD's does.)
 */
int getentropy(void *buf, size_t len)
{
    (void)buf;
    (void)len;
    return __set_errno(ENOSYS);
}
