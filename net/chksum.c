/*
 * The Internet checksum (net/chksum.h).  lwIP's portable version adds one
 * 16-bit word at a time; this one loads 32-bit words and adds their two
 * halves to a 32-bit sum, four words a round, so no carry is ever lost
 * (65535 bytes add up to less than 2^31) and there are half as many
 * loads.  Under QEMU's TCG a load is the expensive part, and the checksum
 * of every TCP segment received and sent runs through here.
 */
#include "net/chksum.h"
#include <stdint.h>

typedef uint32_t __attribute__((aligned(1), may_alias)) u32_any;
typedef uint16_t __attribute__((aligned(1), may_alias)) u16_any;

static uint32_t halves(uint32_t w)
{
    return (w & 0xFFFF) + (w >> 16);
}

unsigned short net_chksum(const void *data, int len)
{
    const uint8_t *p = data;
    uint32_t sum = 0;
    uint16_t edge = 0;
    int odd = (uintptr_t)p & 1;

    if (odd && len > 0) {               /* the first byte is the high half of a word */
        ((uint8_t *)&edge)[1] = *p++;
        len--;
    }
    if (len >= 2 && ((uintptr_t)p & 2)) {
        sum += *(const u16_any *)p;
        p += 2;
        len -= 2;
    }
    for (; len >= 16; p += 16, len -= 16) {
        const u32_any *w = (const u32_any *)p;
        sum += halves(w[0]) + halves(w[1]) + halves(w[2]) + halves(w[3]);
    }
    for (; len >= 2; p += 2, len -= 2)
        sum += *(const u16_any *)p;
    if (len > 0)                        /* the last byte is the low half of a word */
        ((uint8_t *)&edge)[0] = *p;
    sum += edge;
    sum = (sum & 0xFFFF) + (sum >> 16);
    sum = (sum & 0xFFFF) + (sum >> 16);
    if (odd)
        sum = ((sum & 0xFF) << 8) | (sum >> 8);
    return (unsigned short)sum;
}
