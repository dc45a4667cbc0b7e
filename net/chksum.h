/*
 * The Internet checksum for lwIP (net/chksum.c), in place of lwIP's own
 * (lwipopts.h: LWIP_CHKSUM).  No lwIP header is needed, so host tests
 * build it.
 */
#ifndef NET_CHKSUM_H
#define NET_CHKSUM_H

/* The one's-complement sum of len bytes at data (RFC 1071), folded to 16
 * bits and not inverted, as lwIP's lwip_standard_chksum returns it: the
 * 16-bit words are read in host order, and the result is byte-swapped when
 * data starts at an odd address.  len may be up to 65535. */
unsigned short net_chksum(const void *data, int len);

#endif
