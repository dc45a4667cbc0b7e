/*
 * Kernel tests of the NIC drivers (drivers/net/) and interface set-up
 * (net/netif.c).  They need a NIC, so without one they pass and say
 * "skipped".  nic_dhcp takes a lease from QEMU's user network and pings the
 * DHCP server (with restrict=on, slirp names no gateway).  nic_tcp_server
 * and nic_tcp_client are the two halves of a two-node test
 * (tests/qemu/test_nic.py): the client connects to host 1 of its subnet
 * and sends 1 MiB, which the server checks byte by byte and confirms; each
 * runs only when named, as it needs its peer.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/ktest/fs_util.h"
#include "kernel/cmdline.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/lib/string.h"
#include "net/netif.h"
#include "lwip/api.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip_addr.h"
#include "lwip/prot/icmp.h"
#include "lwip/prot/ip.h"

#define SEC             1000000000ull
#define PING_ID         0x4d53
#define XFER_PORT       5001
#define XFER_TOTAL      (1024 * 1024)
#define XFER_CHUNK      8192

static void skipped(const char *test, const char *why)
{
    kprintf("ktest", "%s: skipped (%s)\n", test, why);
}

static void log_counters(const struct netif_info *in)
{
    kprintf("ktest", "%s: rx %llu packets %llu errors %llu dropped, tx %llu packets %llu errors %llu dropped\n",
            in->name, (unsigned long long)in->stats.rx_packets, (unsigned long long)in->stats.rx_errors,
            (unsigned long long)in->stats.rx_dropped, (unsigned long long)in->stats.tx_packets,
            (unsigned long long)in->stats.tx_errors, (unsigned long long)in->stats.tx_dropped);
}

/* ---- ping through a raw ICMP netconn ---- */

/* Is this (IP header, then ICMP) our echo reply with sequence number seq? */
static bool ping_is_reply(struct netbuf *nb, uint16_t seq)
{
    uint8_t buf[128];
    u16_t n = netbuf_copy(nb, buf, sizeof(buf));
    unsigned off = (n >= 20 && (buf[0] >> 4) == 4) ? (buf[0] & 15u) * 4 : 0;
    struct icmp_echo_hdr h;

    if (n < off + sizeof(h))
        return false;
    memcpy(&h, buf + off, sizeof(h));
    return h.type == ICMP_ER && h.id == PP_HTONS(PING_ID) && h.seqno == lwip_htons(seq);
}

/* Send one echo request; true if its reply comes within a second. */
static bool ping_once(struct netconn *c, const ip_addr_t *dst, uint16_t seq)
{
    uint8_t pkt[sizeof(struct icmp_echo_hdr) + 32];
    struct icmp_echo_hdr *h = (struct icmp_echo_hdr *)pkt;
    struct netbuf *out = netbuf_new(), *in;
    uint64_t deadline = time_ns() + SEC;
    bool ok = false;

    for (unsigned i = sizeof(*h); i < sizeof(pkt); i++)
        pkt[i] = (uint8_t)i;
    h->type = ICMP_ECHO;
    h->code = 0;
    h->id = PP_HTONS(PING_ID);
    h->seqno = lwip_htons(seq);
    h->chksum = 0;
    h->chksum = inet_chksum(pkt, sizeof(pkt));
    if (!out || netbuf_ref(out, pkt, sizeof(pkt)) != ERR_OK || netconn_sendto(c, out, dst, 0) != ERR_OK) {
        netbuf_delete(out);
        return false;
    }
    netbuf_delete(out);
    while (!ok && time_ns() < deadline && netconn_recv(c, &in) == ERR_OK) {
        ok = ping_is_reply(in, seq);
        netbuf_delete(in);
    }
    return ok;
}

/* Ping dst (network order) up to tries times; true on the first reply. */
static bool ping(uint32_t dst, int tries)
{
    struct netconn *c = netconn_new_with_proto_and_callback(NETCONN_RAW, IP_PROTO_ICMP, NULL);
    ip_addr_t a;
    bool ok = false;

    if (!c)
        return false;
    ip_addr_set_ip4_u32(&a, dst);
    netconn_set_recvtimeout(c, 1000);
    for (int i = 1; i <= tries && !ok; i++)
        ok = ping_once(c, &a, (uint16_t)i);
    netconn_delete(c);
    return ok;
}

KTEST(nic_dhcp)
{
    struct netif_info in;
    char text[1024];

    if (netif_count() == 0) {
        skipped("nic_dhcp", "no network interface");
        return;
    }
    netif_get_info(0, &in);
    if (!in.dhcp) {
        skipped("nic_dhcp", "eth0 is not configured with ip=dhcp");
        return;
    }
    KT_CHECK(netif_wait_address(0, 10 * SEC) == 0);
    netif_get_info(0, &in);
    KT_CHECK(in.addr != 0 && in.netmask != 0 && in.dhcp_server != 0);
    KT_CHECK(in.up && in.link_up);
    if (in.dhcp_server)                 /* QEMU's slirp answers pings to itself */
        KT_CHECK(ping(in.dhcp_server, 3));
    netif_get_info(0, &in);
    KT_CHECK(in.stats.rx_packets > 0 && in.stats.tx_packets > 0);
    log_counters(&in);
    KT_CHECK(fsu_get("/proc/net/dev", text, sizeof(text)) > 0);
    KT_CHECK(fsu_contains(text, "  eth0: "));
}

KTEST(nic_proc_net_dev)
{
    char text[1024];

    KT_CHECK(fsu_get("/proc/net/dev", text, sizeof(text)) > 0);
    KT_CHECK(fsu_contains(text, " face |bytes    packets errs drop"));
    KT_CHECK(fsu_contains(text, "eth0:") == (netif_count() > 0));
    KT_CHECK(netif_get_info(netif_count(), &(struct netif_info){ 0 }) < 0);
}

/* ---- two nodes: 1 MiB over TCP ---- */

static uint8_t xfer_byte(uint32_t i) { return (uint8_t)(i * 131 + (i >> 9) * 7 + 1); }

/* A half of the pair runs only when named, and needs an addressed eth0. */
static bool pair_ready(const char *test)
{
    const char *k = cmdline_get("ktest");

    if (!k || strcmp(k, test) != 0) {
        skipped(test, "runs only when named, with a peer");
        return false;
    }
    bool ok = netif_wait_address(0, 10 * SEC) == 0;
    KT_CHECK(ok);
    return ok;
}

/* Receive total bytes and check each; the count, or -1 at the first wrong byte. */
static long xfer_receive(struct netconn *c, uint32_t total)
{
    struct netbuf *nb;
    uint32_t got = 0;

    netconn_set_recvtimeout(c, 30000);
    while (got < total && netconn_recv(c, &nb) == ERR_OK) {
        do {
            void *data;
            u16_t len;
            netbuf_data(nb, &data, &len);
            for (u16_t i = 0; i < len; i++)
                if (((uint8_t *)data)[i] != xfer_byte(got + i)) {
                    netbuf_delete(nb);
                    return -1;
                }
            got += len;
        } while (netbuf_next(nb) >= 0);
        netbuf_delete(nb);
    }
    return got;
}

/* The server's side of the conversation: check the data, confirm the count,
 * then wait (a while) for the client to hang up so the reply is not lost. */
static void xfer_serve(struct netconn *c)
{
    uint64_t t0 = time_ns();
    long got = xfer_receive(c, XFER_TOTAL);
    uint32_t reply = lwip_htonl((uint32_t)got);
    struct netbuf *nb;

    KT_CHECK(got == XFER_TOTAL);
    kprintf("ktest", "nic_tcp_server: %ld bytes in %u ms\n", got, (unsigned)((time_ns() - t0) / 1000000));
    KT_CHECK(netconn_write(c, &reply, sizeof(reply), NETCONN_COPY) == ERR_OK);
    netconn_set_recvtimeout(c, 10000);
    while (netconn_recv(c, &nb) == ERR_OK)
        netbuf_delete(nb);
}

KTEST(nic_tcp_server)
{
    struct netconn *l, *c = NULL;
    struct netif_info in;

    if (!pair_ready("nic_tcp_server"))
        return;
    l = netconn_new(NETCONN_TCP);
    KT_CHECK(l != NULL);
    if (!l)
        return;
    KT_CHECK(netconn_bind(l, IP4_ADDR_ANY, XFER_PORT) == ERR_OK);
    KT_CHECK(netconn_listen(l) == ERR_OK);
    kprintf("ktest", "nic_tcp_server: listening on port %d\n", XFER_PORT);
    netconn_set_recvtimeout(l, 120000);
    KT_CHECK(netconn_accept(l, &c) == ERR_OK);
    if (c) {
        xfer_serve(c);
        netconn_close(c);
        netconn_delete(c);
    }
    netconn_delete(l);
    netif_get_info(0, &in);
    log_counters(&in);
}

/* Connect to host 1 of our subnet, retrying while it boots (up to a minute). */
static struct netconn *xfer_connect(void)
{
    struct netif_info in;
    uint64_t deadline = time_ns() + 60 * SEC;
    ip_addr_t peer;

    netif_get_info(0, &in);
    ip_addr_set_ip4_u32(&peer, (in.addr & in.netmask) | PP_HTONL(1));
    while (time_ns() < deadline) {
        struct netconn *c = netconn_new(NETCONN_TCP);
        if (c && netconn_connect(c, &peer, XFER_PORT) == ERR_OK)
            return c;
        if (c)
            netconn_delete(c);
        sched_sleep_ns(SEC / 2, false);
    }
    return NULL;
}

/* Send the pattern; ERR_OK or the first error. */
static err_t xfer_send(struct netconn *c)
{
    static uint8_t chunk[XFER_CHUNK];
    err_t err = ERR_OK;

    for (uint32_t off = 0; err == ERR_OK && off < XFER_TOTAL; off += sizeof(chunk)) {
        for (uint32_t i = 0; i < sizeof(chunk); i++)
            chunk[i] = xfer_byte(off + i);
        err = netconn_write(c, chunk, sizeof(chunk), NETCONN_COPY);
    }
    return err;
}

KTEST(nic_tcp_client)
{
    struct netconn *c;
    struct netbuf *nb = NULL;
    struct netif_info in;
    uint32_t reply = 0;
    uint64_t t0;

    if (!pair_ready("nic_tcp_client"))
        return;
    c = xfer_connect();
    KT_CHECK(c != NULL);
    if (!c)
        return;
    t0 = time_ns();
    KT_CHECK(xfer_send(c) == ERR_OK);
    netconn_set_recvtimeout(c, 30000);
    KT_CHECK(netconn_recv(c, &nb) == ERR_OK);
    if (nb) {
        KT_CHECK(netbuf_copy(nb, &reply, sizeof(reply)) == sizeof(reply));
        netbuf_delete(nb);
    }
    KT_CHECK(lwip_ntohl(reply) == XFER_TOTAL);
    kprintf("ktest", "nic_tcp_client: 1 MiB sent and confirmed in %u ms\n",
            (unsigned)((time_ns() - t0) / 1000000));
    netconn_close(c);
    netconn_delete(c);
    netif_get_info(0, &in);
    log_counters(&in);
}
