/*
 * net/chksum.c against a byte-at-a-time RFC 1071 sum written here: every
 * length from 0 to 300 at every start offset 0..7, random data, the
 * largest length lwIP passes (65535) of all-ones bytes (the worst case for
 * carries), odd start addresses, and RFC 1071's worked example.
 */
#include <stdint.h>
#include <string.h>
#include "host.h"
#include "net/chksum.h"

/* Sum 16-bit big-endian words of the bytes, then present the result as
 * lwIP does: as a little-endian host reads it, wherever the data starts
 * (the routine's swap for an odd start is what makes that so). */
static unsigned short reference(const uint8_t *p, int len)
{
    uint32_t sum = 0;

    for (int i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    sum = ((sum & 0xFF) << 8) | (sum >> 8);         /* network order as read by a little-endian host */
    return (unsigned short)sum;
}

static uint8_t buf[65536 + 16];

static void test_all_small_lengths_and_offsets(void)
{
    host_srand(7);
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)host_rand();
    for (int off = 0; off < 8; off++)
        for (int len = 0; len <= 300; len++)
            if (!CHECK_EQ(net_chksum(buf + off, len), reference(buf + off, len)))
                return;
}

static void test_largest_all_ones(void)
{
    memset(buf, 0xFF, sizeof(buf));
    CHECK_EQ(net_chksum(buf, 65535), reference(buf, 65535));
    CHECK_EQ(net_chksum(buf + 1, 65535), reference(buf + 1, 65535));
    CHECK_EQ(net_chksum(buf + 3, 65534), reference(buf + 3, 65534));
}

static void test_known_value(void)
{
    /* RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2 (network order). */
    static const uint8_t ex[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
    memcpy(buf, ex, sizeof(ex));
    CHECK_EQ(net_chksum(buf, 8), 0xf2dd);           /* as a little-endian host reads it */
}

static const struct host_test tests[] = {
    TEST(test_all_small_lengths_and_offsets),
    TEST(test_largest_all_ones),
    TEST(test_known_value),
};
HOST_MAIN(tests)
