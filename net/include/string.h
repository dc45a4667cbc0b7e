/* lwIP includes <string.h>: the kernel's own string functions stand in for it. */
#include "kernel/lib/string.h"
