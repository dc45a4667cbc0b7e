/*
 * drivers/net/gro.c: which frames may merge, and that a merged segment
 * built from the headers of the first frame and the payloads of all (as
 * drivers/net/nic.c chains them) carries a right IP and TCP checksum, as
 * checked here by a byte-at-a-time RFC 1071 sum over the contiguous merged
 * bytes.  A corrupted part must make the merged checksum wrong.
 */
#include <stdint.h>
#include <string.h>
#include "host.h"
#include "drivers/net/gro.h"

#define HDRS (14 + 20 + 20)

/* Byte-at-a-time one's-complement sum of big-endian words. */
static uint32_t ref_sum(const uint8_t *p, size_t len, uint32_t sum)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return sum;
}

static bool ip_ok(const uint8_t *f) { return ref_sum(f + 14, 20, 0) == 0xFFFF; }

static bool tcp_ok(const uint8_t *f)
{
    const uint8_t *ip = f + 14;
    uint32_t tcp_len = (uint32_t)(ip[2] << 8 | ip[3]) - 20;
    uint8_t ph[12] = { ip[12], ip[13], ip[14], ip[15], ip[16], ip[17], ip[18], ip[19],
                       0, 6, (uint8_t)(tcp_len >> 8), (uint8_t)tcp_len };

    return ref_sum(ip + 20, tcp_len, ref_sum(ph, 12, 0)) == 0xFFFF;
}

/* A frame 10.0.0.1:5000 -> 10.0.0.2:40000 with right checksums. */
static size_t frame(uint8_t *f, uint32_t seq, uint8_t flags, size_t payload, uint8_t fill)
{
    uint8_t *ip = f + 14, *tcp = ip + 20;
    size_t total = 20 + 20 + payload;
    uint32_t s;

    memset(f, 0, 14 + total);
    f[12] = 0x08;
    ip[0] = 0x45; ip[2] = (uint8_t)(total >> 8); ip[3] = (uint8_t)total;
    ip[6] = 0x40; ip[8] = 64; ip[9] = 6;
    ip[12] = 10; ip[15] = 1; ip[16] = 10; ip[19] = 2;
    tcp[0] = 0x13; tcp[1] = 0x88; tcp[2] = 0x9C; tcp[3] = 0x40;
    tcp[4] = (uint8_t)(seq >> 24); tcp[5] = (uint8_t)(seq >> 16); tcp[6] = (uint8_t)(seq >> 8); tcp[7] = (uint8_t)seq;
    tcp[8] = 0x11; tcp[11] = 0x22;                 /* ack 0x11000022 */
    tcp[12] = 0x50; tcp[13] = flags; tcp[14] = 0x40; /* window 0x4000 */
    for (size_t i = 0; i < payload; i++)
        tcp[20 + i] = (uint8_t)(fill + i * 7);
    s = ref_sum(ip, 20, 0);
    ip[10] = (uint8_t)(~s >> 8); ip[11] = (uint8_t)~s;
    uint8_t ph[12] = { 10, 0, 0, 1, 10, 0, 0, 2, 0, 6, (uint8_t)((20 + payload) >> 8), (uint8_t)(20 + payload) };
    s = ref_sum(tcp, 20 + payload, ref_sum(ph, 12, 0));
    tcp[16] = (uint8_t)(~s >> 8); tcp[17] = (uint8_t)~s;
    return 14 + total;
}

static uint8_t fr[4][1600], merged[70000];

/* Merge fr[0..n) as nic.c does: the first frame's headers, every payload;
 * false if a frame would not merge. */
static bool merge(int n, size_t *len_out)
{
    struct gro_seg h, t;
    uint32_t sum;
    size_t len;
    bool psh;

    if (!gro_parse(fr[0], sizeof(fr[0]), &h))
        return false;
    memcpy(merged, fr[0], h.hdr_len + h.payload);
    len = h.hdr_len + h.payload;
    sum = gro_payload_sum(fr[0], &h);
    psh = h.flags & 0x08;
    for (int i = 1; i < n; i++) {
        if (!gro_parse(fr[i], sizeof(fr[i]), &t) || !gro_can_append(fr[0], &h, fr[i], &t))
            return false;
        memcpy(merged + len, fr[i] + t.hdr_len, t.payload);
        len += t.payload;
        sum = gro_sum_add(sum, gro_payload_sum(fr[i], &t));
        h.payload = (uint16_t)(h.payload + t.payload);
        h.flags |= t.flags & 0x08;
        psh |= t.flags & 0x08;
    }
    gro_finish(merged, &h, h.payload, sum, psh);
    *len_out = len;
    return true;
}

static void test_merged_checksums_are_right(void)
{
    size_t len;

    frame(fr[0], 1000, 0x10, 1460, 1);
    frame(fr[1], 2460, 0x10, 1460, 2);
    frame(fr[2], 3920, 0x18, 999, 3);               /* PSH, odd length: last */
    CHECK(ip_ok(fr[0]) && tcp_ok(fr[0]) && tcp_ok(fr[2]));
    CHECK(merge(3, &len));
    CHECK_EQ(len, HDRS + 1460 + 1460 + 999);
    CHECK_EQ(merged[16] << 8 | merged[17], 20 + 20 + 1460 + 1460 + 999);
    CHECK(ip_ok(merged));
    CHECK(tcp_ok(merged));
    CHECK(merged[14 + 20 + 13] & 0x08);             /* PSH carried over */
    CHECK_EQ(memcmp(merged + HDRS + 1460, fr[1] + HDRS, 1460), 0);
}

static void test_corruption_shows(void)
{
    size_t len;

    frame(fr[0], 1000, 0x10, 1460, 1);
    frame(fr[1], 2460, 0x10, 1460, 2);
    fr[1][HDRS + 100] ^= 0x40;                      /* damaged on the way */
    CHECK(merge(2, &len));
    CHECK(ip_ok(merged));
    CHECK(!tcp_ok(merged));
}

static void test_what_does_not_merge(void)
{
    struct gro_seg h, t;

    frame(fr[0], 1000, 0x10, 1460, 1);
    CHECK(gro_parse(fr[0], sizeof(fr[0]), &h));
    frame(fr[1], 2461, 0x10, 100, 2);               /* a gap */
    CHECK(gro_parse(fr[1], sizeof(fr[1]), &t) && !gro_can_append(fr[0], &h, fr[1], &t));
    frame(fr[1], 2460, 0x10, 100, 2);
    fr[1][14 + 20 + 1] = 0x89;                      /* another source port */
    CHECK(gro_parse(fr[1], sizeof(fr[1]), &t) && !gro_can_append(fr[0], &h, fr[1], &t));
    frame(fr[1], 2460, 0x10, 100, 2);
    fr[1][14 + 20 + 15] = 0x01;                     /* another window */
    CHECK(gro_parse(fr[1], sizeof(fr[1]), &t) && !gro_can_append(fr[0], &h, fr[1], &t));
    frame(fr[1], 2460, 0x10, 100, 2);
    CHECK(gro_parse(fr[1], sizeof(fr[1]), &t) && gro_can_append(fr[0], &h, fr[1], &t));
    h.flags |= 0x08;                                /* after a PSH */
    CHECK(!gro_can_append(fr[0], &h, fr[1], &t));
    h.flags &= 0xF7;
    h.payload = 1459;                               /* odd so far */
    t.seq = 1000 + 1459;
    CHECK(!gro_can_append(fr[0], &h, fr[1], &t));
    h.payload = 65400;                              /* too long for IP */
    t.seq = 1000 + 65400;
    CHECK(!gro_can_append(fr[0], &h, fr[1], &t));
    CHECK(!gro_parse(fr[0], frame(fr[0], 1, 0x11, 10, 0), &h));    /* FIN */
    CHECK(!gro_parse(fr[0], frame(fr[0], 1, 0x12, 10, 0), &h));    /* SYN */
    CHECK(!gro_parse(fr[0], frame(fr[0], 1, 0x14, 10, 0), &h));    /* RST */
    CHECK(!gro_parse(fr[0], frame(fr[0], 1, 0x10, 0, 0), &h));     /* no payload */
    frame(fr[0], 1, 0x10, 10, 0);
    fr[0][14 + 6] = 0x20;                           /* more fragments */
    CHECK(!gro_parse(fr[0], 100, &h));
    frame(fr[0], 1, 0x10, 10, 0);
    CHECK(!gro_parse(fr[0], 14 + 20 + 20 + 5, &h)); /* IP length beyond the frame */
    fr[0][14] = 0x46;                               /* IP options */
    CHECK(!gro_parse(fr[0], 100, &h));
}

static const struct host_test tests[] = {
    TEST(test_merged_checksums_are_right),
    TEST(test_corruption_shows),
    TEST(test_what_does_not_merge),
};
HOST_MAIN(tests)
