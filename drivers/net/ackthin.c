/*
 * Pure-ACK recognition and merging (drivers/net/ackthin.h).  Offsets are
 * those of RFC 791 and RFC 793; every field is read byte by byte, so the
 * frame may lie at any alignment.
 */
#include "drivers/net/ackthin.h"
#include "drivers/net/wire.h"

#define ETH_HLEN        14
#define ETHERTYPE_IPV4  0x0800
#define IPPROTO_TCP     6
#define TCP_FIN         0x01
#define TCP_SYN         0x02
#define TCP_RST         0x04
#define TCP_ACK         0x10
#define TCP_URG         0x20


bool ack_parse(const uint8_t *f, size_t len, struct pure_ack *a)
{
    const uint8_t *ip = f + ETH_HLEN, *tcp;
    size_t ihl, doff, total;

    if (len < ETH_HLEN + 20 + 20 || be16(f + 12) != ETHERTYPE_IPV4)
        return false;
    ihl = (size_t)(ip[0] & 0x0F) * 4;
    total = be16(ip + 2);
    if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != IPPROTO_TCP)
        return false;
    if (be16(ip + 6) & 0x3FFF)                  /* more fragments, or an offset */
        return false;
    if (total > len - ETH_HLEN || total < ihl + 20)
        return false;
    tcp = ip + ihl;
    doff = (size_t)(tcp[12] >> 4) * 4;
    if (doff < 20 || ihl + doff != total)       /* options are fine, payload is not */
        return false;
    if ((tcp[13] & (TCP_FIN | TCP_SYN | TCP_RST | TCP_URG | TCP_ACK)) != TCP_ACK)
        return false;
    a->src = raw32(ip + 12);
    a->dst = raw32(ip + 16);
    a->sport = be16(tcp);
    a->dport = be16(tcp + 2);
    a->ack = be32(tcp + 8);
    a->window = be16(tcp + 14);
    return true;
}

bool ack_supersedes(const struct pure_ack *newer, const struct pure_ack *older)
{
    int32_t ahead = (int32_t)(newer->ack - older->ack);     /* sequence space wraps */

    if (newer->src != older->src || newer->dst != older->dst ||
        newer->sport != older->sport || newer->dport != older->dport)
        return false;
    return ahead > 0;
}
