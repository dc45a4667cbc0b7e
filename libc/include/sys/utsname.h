/*
 * uname(): the system's names.  newlib has no <sys/utsname.h>; the layout
 * is Linux's struct new_utsname (six NUL-terminated fields of 65 bytes),
 * which the kernel's uname system call fills in place.
 */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#ifdef __cplusplus
extern "C" {
#endif

#define _UTSNAME_LENGTH 65

struct utsname {
    char sysname[_UTSNAME_LENGTH];      /* "Mosaic" */
    char nodename[_UTSNAME_LENGTH];     /* this node's name */
    char release[_UTSNAME_LENGTH];
    char version[_UTSNAME_LENGTH];
    char machine[_UTSNAME_LENGTH];      /* "i686" */
    char domainname[_UTSNAME_LENGTH];
};

int uname(struct utsname *buf);

#ifdef __cplusplus
}
#endif

#endif
