/* The kernel's name and version, printed in the boot banner and by uname (later). */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define MOSAIC_NAME    "Mosaic"
#define MOSAIC_VERSION "0.1"

#endif
