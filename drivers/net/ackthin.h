/*
 * Pure-ACK thinning (drivers/net/ackthin.c): recognising a TCP segment that
 * carries nothing but an acknowledgement, and deciding whether a newer one
 * makes an older one of the same connection redundant.  TCP's
 * acknowledgements are cumulative, so when a receive thread's batch of
 * frames produces several pure ACKs for one connection before any of them
 * has left, only the last needs to go out; each frame on the wire costs the
 * emulator far more than the segment costs lwIP.  Duplicate ACKs (same
 * number, same window) are never merged: the sender counts them to detect
 * a lost segment.  No kernel or lwIP header is needed, so host tests build it.
 */
#ifndef DRIVERS_NET_ACKTHIN_H
#define DRIVERS_NET_ACKTHIN_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

struct pure_ack {
    uint32_t src, dst;              /* IPv4 addresses, as in the frame */
    uint16_t sport, dport;          /* ports, as in the frame */
    uint32_t ack;                   /* acknowledgement number, host order */
    uint16_t window;                /* window field, host order (unscaled) */
};

/* Is the Ethernet frame f (len bytes) an IPv4 TCP segment with only ACK set
 * (no SYN, FIN, RST or URG), no payload and no IP fragmentation?  If so fill
 * *a and return true. */
bool ack_parse(const uint8_t *f, size_t len, struct pure_ack *a);

/* May older be dropped because newer (sent after it) says all it says?
 * Same connection, and newer acknowledges more.  An equal number is never
 * enough: that is a duplicate ACK, or a window update the sender must see
 * apart from one (RFC 5681 counts only those with an unchanged window). */
bool ack_supersedes(const struct pure_ack *newer, const struct pure_ack *older);

#endif
