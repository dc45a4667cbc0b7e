/*
 * Receive coalescing of TCP segments (drivers/net/gro.h).  Checksums use
 * net_chksum (net/chksum.c), whose sums are the 16-bit words as this
 * little-endian CPU reads them; every sum here stays in that form, so the
 * values written back are the ones lwIP itself would compute.
 */
#include "drivers/net/gro.h"
#include "drivers/net/wire.h"
#include "net/chksum.h"

#define ETH_HLEN        14
#define IP_HLEN         20
#define TCP_PSH         0x08
#define TCP_ACK         0x10
#define TCP_OTHER       0xE7            /* FIN SYN RST URG ECE CWR: never merged */


uint32_t gro_sum_add(uint32_t a, uint32_t b)
{
    uint64_t s = (uint64_t)a + b;

    while (s >> 16)
        s = (s & 0xFFFF) + (s >> 16);
    return (uint32_t)s;
}

bool gro_parse(const uint8_t *f, size_t len, struct gro_seg *s)
{
    const uint8_t *ip = f + ETH_HLEN, *tcp = ip + IP_HLEN;
    uint16_t total;

    if (len < ETH_HLEN + IP_HLEN + 20 || be16(f + 12) != 0x0800)
        return false;
    if (ip[0] != 0x45 || ip[9] != 6 || (be16(ip + 6) & 0x3FFF))
        return false;                   /* options, not TCP, or a fragment */
    total = be16(ip + 2);
    s->tcp_hdr_len = (uint16_t)((tcp[12] >> 4) * 4);
    if (total > len - ETH_HLEN || s->tcp_hdr_len < 20 || total <= IP_HLEN + s->tcp_hdr_len)
        return false;                   /* truncated, or no payload */
    s->flags = tcp[13];
    if (!(s->flags & TCP_ACK) || (s->flags & TCP_OTHER))
        return false;
    s->src = raw32(ip + 12);
    s->dst = raw32(ip + 16);
    s->sport = be16(tcp);
    s->dport = be16(tcp + 2);
    s->seq = be32(tcp + 4);
    s->ack = be32(tcp + 8);
    s->window = be16(tcp + 14);
    s->hdr_len = (uint16_t)(ETH_HLEN + IP_HLEN + s->tcp_hdr_len);
    s->payload = (uint16_t)(total - IP_HLEN - s->tcp_hdr_len);
    return true;
}

static bool same_options(const uint8_t *a, const uint8_t *b, uint16_t tcp_hdr_len)
{
    const uint8_t *oa = a + ETH_HLEN + IP_HLEN + 20, *ob = b + ETH_HLEN + IP_HLEN + 20;

    for (uint16_t i = 0; i < tcp_hdr_len - 20; i++)
        if (oa[i] != ob[i])
            return false;
    return true;
}

bool gro_can_append(const uint8_t *head, const struct gro_seg *h,
                    const uint8_t *f, const struct gro_seg *t)
{
    if (h->src != t->src || h->dst != t->dst || h->sport != t->sport || h->dport != t->dport)
        return false;
    if (h->ack != t->ack || h->window != t->window || (h->flags & TCP_PSH) || (h->payload & 1))
        return false;
    if (t->seq != h->seq + h->payload || h->tcp_hdr_len != t->tcp_hdr_len)
        return false;
    if ((uint32_t)IP_HLEN + h->tcp_hdr_len + h->payload + t->payload > GRO_MAX_IP_LEN)
        return false;
    return same_options(head, f, h->tcp_hdr_len);
}

/* The pseudo header's sum for a TCP segment of tcp_len bytes. */
static uint32_t pseudo_sum(const uint8_t *ip, uint32_t tcp_len)
{
    uint8_t ph[12];

    for (int i = 0; i < 8; i++)
        ph[i] = ip[12 + i];
    ph[8] = 0;
    ph[9] = 6;
    put_be16(ph + 10, (uint16_t)tcp_len);
    return net_chksum(ph, sizeof(ph));
}

uint32_t gro_payload_sum(const uint8_t *f, const struct gro_seg *s)
{
    const uint8_t *ip = f + ETH_HLEN;
    uint32_t headers = gro_sum_add(pseudo_sum(ip, (uint32_t)s->tcp_hdr_len + s->payload),
                                   net_chksum(ip + IP_HLEN, s->tcp_hdr_len));

    /* A right checksum makes pseudo + header (with the field) + payload = 0xFFFF. */
    return ~headers & 0xFFFF;
}

void gro_finish(uint8_t *head, const struct gro_seg *h, uint32_t payload, uint32_t payload_sum, bool psh)
{
    uint8_t *ip = head + ETH_HLEN, *tcp = ip + IP_HLEN;
    uint32_t tcp_len = h->tcp_hdr_len + payload, sum;

    put_be16(ip + 2, (uint16_t)(IP_HLEN + tcp_len));
    put_raw16(ip + 10, 0);
    put_raw16(ip + 10, (uint16_t)~net_chksum(ip, IP_HLEN));
    if (psh)
        tcp[13] |= TCP_PSH;
    put_raw16(tcp + 16, 0);
    sum = gro_sum_add(pseudo_sum(ip, tcp_len), net_chksum(tcp, h->tcp_hdr_len));
    sum = gro_sum_add(sum, payload_sum);
    put_raw16(tcp + 16, (uint16_t)~sum);
}
