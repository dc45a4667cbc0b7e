/*
 * Reading and writing header fields of a frame as it lies in memory, at
 * any alignment: network byte order (be16, be32, put_be16), or kept as it
 * is in memory (raw32 for addresses compared as they are, put_raw16 for a
 * checksum computed in the CPU's order).  For the frame parsers in
 * drivers/net/ (ackthin.c, gro.c), which the host tests build too.
 */
#ifndef DRIVERS_NET_WIRE_H
#define DRIVERS_NET_WIRE_H

#include <stdint.h>

static inline uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t be32(const uint8_t *p) { return (uint32_t)be16(p) << 16 | be16(p + 2); }
static inline uint32_t raw32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void put_be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void put_raw16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

#endif
