/*
 * Replaces newlib's stub <sys/dirent.h> (which is an #error): everything
 * lives in our <dirent.h>.
 */
#include <dirent.h>
