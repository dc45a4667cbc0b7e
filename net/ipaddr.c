/*
 * IPv4 address parsing shared by the network configuration code.  Strict:
 * exactly four decimal parts of one to three digits, each at most 255.
 */
#include "net/ipaddr.h"

const char *ipaddr_parse(const char *s, uint32_t *out)
{
    uint32_t v = 0;

    for (int i = 0; i < 4; i++) {
        unsigned n = 0, digits = 0;
        if (i > 0 && *s++ != '.')
            return NULL;
        for (; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
            n = n * 10 + (unsigned)(*s - '0');
        if (digits == 0 || digits > 3 || n > 255)
            return NULL;
        v = v << 8 | n;
    }
    *out = v;
    return s;
}

bool ipaddr_is_host(uint32_t a)
{
    return (a >> 24) != 0 && (a >> 24) != 127 && (a >> 24) < 224;
}
