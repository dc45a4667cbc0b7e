/*
 * reboot: restart the machine at once through the reboot() system call.
 * There are no disks to sync and no services to stop, so nothing is
 * asked of init first.
 */
#define PROG "reboot"
#include <sys/reboot.h>

#include "util.h"

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        util_die("takes no arguments");
    printf("reboot: restarting the system\n");
    fflush(stdout);
    reboot(RB_AUTOBOOT);
    util_die("%s", strerror(errno));        /* only reached on failure */
}
