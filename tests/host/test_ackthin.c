/*
 * drivers/net/ackthin.c: which frames count as pure ACKs (built byte by
 * byte here, as a network card would see them) and when a newer ACK makes
 * an older one redundant: only a larger acknowledgement number on the same
 * connection, with sequence-space wrap-around; never a duplicate ACK.
 */
#include <string.h>
#include "host.h"
#include "drivers/net/ackthin.h"

/* An Ethernet + IPv4 + TCP frame with the given flags, payload and options. */
static size_t frame(uint8_t *f, uint8_t flags, uint32_t ack, uint16_t win, size_t payload, size_t opts)
{
    size_t ihl = 20, doff = 20 + opts, total = ihl + doff + payload;
    uint8_t *ip = f + 14, *tcp = ip + ihl;

    memset(f, 0, 14 + total);
    f[12] = 0x08; f[13] = 0x00;
    ip[0] = 0x45;
    ip[2] = (uint8_t)(total >> 8); ip[3] = (uint8_t)total;
    ip[6] = 0x40;                                   /* don't fragment: allowed */
    ip[8] = 64; ip[9] = 6;
    ip[12] = 10; ip[15] = 1;                        /* 10.0.0.1 -> 10.0.0.2 */
    ip[16] = 10; ip[19] = 2;
    tcp[0] = 0x13; tcp[1] = 0x88;                   /* 5000 -> 40000 */
    tcp[2] = 0x9C; tcp[3] = 0x40;
    tcp[8] = (uint8_t)(ack >> 24); tcp[9] = (uint8_t)(ack >> 16);
    tcp[10] = (uint8_t)(ack >> 8); tcp[11] = (uint8_t)ack;
    tcp[12] = (uint8_t)((doff / 4) << 4);
    tcp[13] = flags;
    tcp[14] = (uint8_t)(win >> 8); tcp[15] = (uint8_t)win;
    return 14 + total;
}

static void test_pure_ack_is_recognised(void)
{
    uint8_t f[1600];
    struct pure_ack a;
    size_t n = frame(f, 0x10, 0x01020304, 5840, 0, 0);

    CHECK(ack_parse(f, n, &a));
    CHECK_EQ(a.ack, 0x01020304u);
    CHECK_EQ(a.window, 5840);
    CHECK_EQ(a.sport, 5000);
    CHECK_EQ(a.dport, 40000);
    n = frame(f, 0x10, 1, 1, 0, 12);                /* options (timestamps) are fine */
    CHECK(ack_parse(f, n, &a));
    n = frame(f, 0x10, 1, 1, 0, 0);                 /* Ethernet padding after the segment */
    CHECK(ack_parse(f, 60, &a) && n < 60);
}

static void test_other_frames_are_not(void)
{
    uint8_t f[1600];
    struct pure_ack a;
    size_t n;

    n = frame(f, 0x18, 1, 1, 100, 0);               /* data */
    CHECK(!ack_parse(f, n, &a));
    CHECK(!ack_parse(f, frame(f, 0x11, 1, 1, 0, 0), &a));   /* FIN */
    CHECK(!ack_parse(f, frame(f, 0x12, 1, 1, 0, 0), &a));   /* SYN+ACK */
    CHECK(!ack_parse(f, frame(f, 0x14, 1, 1, 0, 0), &a));   /* RST */
    CHECK(!ack_parse(f, frame(f, 0x30, 1, 1, 0, 0), &a));   /* URG */
    CHECK(!ack_parse(f, frame(f, 0x00, 1, 1, 0, 0), &a));   /* no ACK bit */
    n = frame(f, 0x10, 1, 1, 0, 0);
    f[14 + 9] = 17;                                 /* UDP */
    CHECK(!ack_parse(f, n, &a));
    n = frame(f, 0x10, 1, 1, 0, 0);
    f[12] = 0x86; f[13] = 0xDD;                     /* IPv6 */
    CHECK(!ack_parse(f, n, &a));
    n = frame(f, 0x10, 1, 1, 0, 0);
    f[14 + 6] = 0x20;                               /* more fragments */
    CHECK(!ack_parse(f, n, &a));
    n = frame(f, 0x10, 1, 1, 0, 0);
    CHECK(!ack_parse(f, n - 1, &a));                /* IP length beyond the frame */
    CHECK(!ack_parse(f, 20, &a));                   /* runt */
    n = frame(f, 0x10, 1, 1, 0, 0);
    f[14] = 0x44;                                   /* IHL below 20 bytes */
    CHECK(!ack_parse(f, n, &a));
    n = frame(f, 0x10, 1, 1, 0, 0);
    f[14 + 20 + 12] = 0x40;                         /* TCP header of 16 bytes */
    CHECK(!ack_parse(f, n, &a));
}

static void test_supersedes(void)
{
    struct pure_ack old = { 0x0100000A, 0x0200000A, 5000, 40000, 1000, 100 }, nw = old;

    nw.ack = 2460;
    CHECK(ack_supersedes(&nw, &old));
    CHECK(!ack_supersedes(&old, &nw));              /* older never replaces newer */
    nw.ack = 1000;
    CHECK(!ack_supersedes(&nw, &old));              /* duplicate ACK: both must go */
    nw.window = 200;
    CHECK(!ack_supersedes(&nw, &old));              /* window update: both go */
    old.ack = 0xFFFFFF00u;
    nw.ack = 0x00000100u;                           /* across the wrap */
    CHECK(ack_supersedes(&nw, &old));
    nw = old;
    nw.ack += 1460;
    nw.dport = 40001;                               /* another connection */
    CHECK(!ack_supersedes(&nw, &old));
    nw.dport = old.dport;
    nw.src = 0x0300000A;
    CHECK(!ack_supersedes(&nw, &old));
}

static const struct host_test tests[] = {
    TEST(test_pure_ack_is_recognised),
    TEST(test_other_frames_are_not),
    TEST(test_supersedes),
};
HOST_MAIN(tests)
