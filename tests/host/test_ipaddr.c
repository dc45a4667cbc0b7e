/*
 * net/ipaddr.c: the strict dotted-quad parser behind ip= and the interface
 * control files, and the test for addresses a host may have.
 */
#include "host.h"
#include "net/ipaddr.h"

static void test_parse_good(void)
{
    uint32_t a = 0;
    const char *rest = ipaddr_parse("10.0.0.254/24", &a);

    CHECK(rest && *rest == '/' && a == 0x0A0000FE);
    CHECK(ipaddr_parse("255.255.255.255", &a) && a == 0xFFFFFFFF);
    CHECK(ipaddr_parse("0.0.0.0", &a) && a == 0);
    CHECK(ipaddr_parse("1.2.3.4,5", &a) && a == 0x01020304);
}

static void test_parse_bad(void)
{
    static const char *const bad[] = {
        "", "1", "1.2.3", "1.2.3.", "256.1.1.1", "1.2.3.4444", "1..2.3", ".1.2.3",
        "a.b.c.d", "1.2.3.-4", "01234.1.1.1", " 1.2.3.4",
    };
    uint32_t a;

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECKF(ipaddr_parse(bad[i], &a) == NULL, "'%s' was accepted", bad[i]);
}

static void test_is_host(void)
{
    CHECK(ipaddr_is_host(0x0A000001));          /* 10.0.0.1 */
    CHECK(ipaddr_is_host(0xC0A80001));          /* 192.168.0.1 */
    CHECK(!ipaddr_is_host(0x00000001));         /* 0/8 */
    CHECK(!ipaddr_is_host(0x7F000001));         /* loopback */
    CHECK(!ipaddr_is_host(0xE0000001));         /* multicast */
    CHECK(!ipaddr_is_host(0xFFFFFFFF));
}

static const struct host_test tests[] = {
    TEST(test_parse_good),
    TEST(test_parse_bad),
    TEST(test_is_host),
};
HOST_MAIN(tests)
