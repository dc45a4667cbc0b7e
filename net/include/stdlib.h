/* lwIP includes <stdlib.h> for atoi only. */
#ifndef MOSAIC_NET_STDLIB_H
#define MOSAIC_NET_STDLIB_H
int atoi(const char *s);
#endif
