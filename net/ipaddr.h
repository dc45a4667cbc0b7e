/*
 * IPv4 address text (net/ipaddr.c): the one parser behind ip= on the
 * command line (net/netif.c) and the interface control files
 * (net/ifctl.c).  Pure code, no lwIP.
 */
#ifndef NET_IPADDR_H
#define NET_IPADDR_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

/* "a.b.c.d" into *out (host order); the rest of s, or NULL if malformed. */
const char *ipaddr_parse(const char *s, uint32_t *out);
/* A unicast address a host may have: not 0/8, loopback, multicast or beyond. */
bool ipaddr_is_host(uint32_t a);

#endif
