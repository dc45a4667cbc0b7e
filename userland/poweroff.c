/*
 * poweroff: stop the machine at once through the reboot() system call
 * (under QEMU this ends the emulator).  Nothing needs to be flushed to a
 * disk first: the file systems live in memory.
 */
#define PROG "poweroff"
#include <sys/reboot.h>

#include "util.h"

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        util_die("takes no arguments");
    printf("poweroff: powering off\n");
    fflush(stdout);
    reboot(RB_POWER_OFF);
    util_die("%s", strerror(errno));        /* only reached on failure */
}
