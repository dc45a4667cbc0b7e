/*
 * Converting IPv4 addresses between text and binary (POSIX
 * <arpa/inet.h>).  Only AF_INET exists; inet_pton/inet_ntop refuse other
 * families with EAFNOSUPPORT.  The functions are in libc/net.c.
 */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H

#include <netinet/in.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "a.b.c.d" (also the shorter BSD forms "a.b.c", "a.b", "a", in octal or hex) */
in_addr_t   inet_addr(const char *s);           /* INADDR_NONE if s is not an address */
int         inet_aton(const char *s, struct in_addr *out);  /* 1, or 0 if invalid */
char       *inet_ntoa(struct in_addr a);        /* a static buffer, overwritten by the next call */

/* Strict dotted quads only ("a.b.c.d", decimal): 1, 0 if invalid, -1 for a bad family. */
int         inet_pton(int af, const char *s, void *out);
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);

#ifdef __cplusplus
}
#endif

#endif
