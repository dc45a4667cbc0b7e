/*
 * Receive coalescing, in the manner of Linux's GRO (drivers/net/gro.c):
 * consecutive TCP segments of one connection that arrive in the same
 * receive batch are handed to lwIP as one segment, so the stack walks its
 * input path, queues to the socket and acknowledges once per batch instead
 * of once or twice per frame.  Nothing is trusted: the merged segment gets
 * a TCP checksum derived from the originals' own (RFC 1624 arithmetic,
 * no pass over the data), so lwIP still verifies every byte, and a segment
 * that was corrupted makes the whole merged one fail.  This file only reads
 * and rewrites frame bytes; drivers/net/nic.c chains the pbufs.  No kernel
 * or lwIP header is needed, so host tests build it.
 */
#ifndef DRIVERS_NET_GRO_H
#define DRIVERS_NET_GRO_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define GRO_MAX_IP_LEN  65535           /* an IPv4 total length is 16 bits */

/* What coalescing needs of one IPv4 TCP frame (fields in host order). */
struct gro_seg {
    uint32_t src, dst;                  /* addresses, as in the frame */
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint16_t window;
    uint8_t flags;                      /* TCP flags byte */
    uint16_t hdr_len;                   /* Ethernet + IP + TCP headers */
    uint16_t tcp_hdr_len;
    uint16_t payload;                   /* TCP payload bytes */
};

/* May the frame f (len bytes) take part: IPv4 without options or
 * fragmentation, TCP with ACK and at most PSH besides, some payload?
 * Fills *s if so. */
bool gro_parse(const uint8_t *f, size_t len, struct gro_seg *s);

/* May segment t (frame f) follow the merged segment whose first frame is
 * head, described by h with h->payload the bytes merged so far?  Same
 * connection, acknowledgement, window and TCP options, t starts where h
 * ends, h has an even length so far (the checksum arithmetic works in
 * 16-bit words) and no PSH, and the result fits an IP datagram. */
bool gro_can_append(const uint8_t *head, const struct gro_seg *h,
                    const uint8_t *f, const struct gro_seg *t);

/* The one's-complement sum of the segment's payload, derived from its
 * checksum field and headers (right if the sender's checksum was). */
uint32_t gro_payload_sum(const uint8_t *f, const struct gro_seg *s);

/* Turn head's headers into those of the merged segment: payload bytes in
 * all, payload_sum the sum of the gro_payload_sum of every part, psh if a
 * part had it.  Rewrites the IP length and checksum, the TCP flags and
 * checksum. */
void gro_finish(uint8_t *head, const struct gro_seg *h, uint32_t payload, uint32_t payload_sum, bool psh);

/* One's-complement addition of two sums (each up to 32 bits), folded to 16. */
uint32_t gro_sum_add(uint32_t a, uint32_t b);

#endif
