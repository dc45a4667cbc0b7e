/*
 * reboot(): restart or power off the node.  The commands are the kernel's
 * (include/abi/syscall.h).
 */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H

#include <abi/syscall.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RB_AUTOBOOT     REBOOT_CMD_RESTART
#define RB_POWER_OFF    REBOOT_CMD_POWEROFF

int reboot(int cmd);

#ifdef __cplusplus
}
#endif

#endif
