/*
 * Kernel tests of interface control (net/ifctl.c) and the iperf switch
 * (net/iperf.c): the write parser's verdict on good and bad commands, bad
 * and random writes to /proc/net/if/lo and /proc/net/iperf (each -EINVAL,
 * never a crash), and taking interfaces down and up again.  eth0 is
 * changed only when its address is static (a DHCP lease belongs to
 * nic_dhcp), and is put back as it was.  No lwIP header is needed.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/ktest/fs_util.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printf.h"
#include "include/abi/errno.h"
#include "net/ifctl.h"
#include "net/iperf.h"
#include "net/netif.h"

#define LO    "/proc/net/if/lo"
#define IPERF "/proc/net/iperf"

static uint32_t be32(uint32_t host) { return __builtin_bswap32(host); }   /* i386: little endian */

/* One write() to a /proc file: the bytes taken or -EXXX. */
static long proc_write(const char *path, const void *data, size_t n)
{
    struct file *f;
    int r = vfs_open(NULL, path, ABI_O_WRONLY, 0, &f);
    long w;

    if (r < 0)
        return r;
    w = file_write(f, data, n);
    file_put(f);
    return w;
}

static long proc_cmd(const char *path, const char *cmd)
{
    return proc_write(path, cmd, strlen(cmd));
}

static bool parses(const char *s, struct ifctl_cmd *c)
{
    return ifctl_parse(s, strlen(s), c) == 0;
}

static const char *const bad_commands[] = {
    "", "\n", "up\n\n", "UP", "up ", " up", "upx", "up down", "dhcp please", "addr", "addr ",
    "addr 10.0.0.5", "addr 10.0.0.5/", "addr 10.0.0.5/0", "addr 10.0.0.5/33", "addr 10.0.0.5/024",
    "addr 10.0.0.256/24", "addr 10.0.0/24", "addr 10.0.0.5.6/24", "addr 10.0.0.5/24 x",
    "addr 127.0.0.1/8", "addr 0.0.0.1/8", "addr 224.0.0.1/4", "addr 1.2.3.4/2x", "addr  1.2.3.4/8",
    "addr -1.2.3.4/8", "addr none x", "gw", "gw 1.2.3", "gw 255.255.255.255", "gw none x",
    "gw 10.0.0.1\n\n", "addr 10.0.0.0001/24", "addr 4294967296/8",
    "addr 10.0.0.5/24 addr 10.0.0.5/24 addr 10.0.0.5/24 addr 10.0.0.5/24",
};

KTEST(ifctl_parse)
{
    struct ifctl_cmd c;

    KT_CHECK(parses("up", &c) && c.op == IFCTL_UP);
    KT_CHECK(parses("down\n", &c) && c.op == IFCTL_DOWN);
    KT_CHECK(parses("dhcp", &c) && c.op == IFCTL_DHCP);
    KT_CHECK(parses("addr 10.0.0.5/24\n", &c) && c.op == IFCTL_ADDR &&
             c.addr == 0x0A000005 && c.mask == 0xFFFFFF00);
    KT_CHECK(parses("addr 192.168.1.1/32", &c) && c.mask == 0xFFFFFFFF);
    KT_CHECK(parses("addr 172.16.0.1/1", &c) && c.mask == 0x80000000);
    KT_CHECK(parses("addr none", &c) && c.op == IFCTL_ADDR && c.addr == 0 && c.mask == 0);
    KT_CHECK(parses("gw 10.0.0.254", &c) && c.op == IFCTL_GW && c.gw == 0x0A0000FE);
    KT_CHECK(parses("gw none", &c) && c.op == IFCTL_GW && c.gw == 0);
    for (size_t i = 0; i < sizeof(bad_commands) / sizeof(bad_commands[0]); i++)
        if (ifctl_parse(bad_commands[i], strlen(bad_commands[i]), &c) != -EINVAL) {
            kprintf("ktest", "  accepted: '%s'\n", bad_commands[i]);
            KT_CHECK(!"a bad command parsed");
        }
    KT_CHECK(ifctl_parse("up\0", 3, &c) == -EINVAL);           /* a NUL inside */
    KT_CHECK(ifctl_parse("upward", 2, &c) == 0);                /* only n bytes count */
    KT_CHECK(ifctl_apply("eth9", &(struct ifctl_cmd){ IFCTL_UP, 0, 0, 0 }) == -ENODEV);
    KT_CHECK(ifctl_apply("eth01", &(struct ifctl_cmd){ IFCTL_UP, 0, 0, 0 }) == -ENODEV);
    KT_CHECK(ifctl_apply("", &(struct ifctl_cmd){ IFCTL_UP, 0, 0, 0 }) == -ENODEV);
}

/* Random bytes: taken whole or refused with -EINVAL, nothing else. */
static void random_writes(const char *path, int count)
{
    char junk[80];

    for (int i = 0; i < count; i++) {
        size_t n = 1 + ktest_rand() % sizeof(junk);
        for (size_t k = 0; k < n; k++)
            junk[k] = (char)(ktest_rand() % 4 ? 'a' + ktest_rand() % 26 : ktest_rand());
        long r = proc_write(path, junk, n);
        KT_CHECK(r == -EINVAL || r == (long)n);
    }
}

KTEST(ifctl_bad_writes)
{
    static const char *const lo_refuses[] = { "addr 10.0.0.5/24", "addr none", "gw 10.0.0.1", "dhcp" };
    static const char *const iperf_bad[] = { "", "\n", "begin", "start 0", "start 70000", "start 0x10",
                                             "start -1", "start 05001", "stop now", "start 5001 5002",
                                             "start  5001", "START" };
    char text[1024], big[300];

    for (size_t i = 0; i < sizeof(bad_commands) / sizeof(bad_commands[0]); i++)
        KT_CHECK(proc_cmd(LO, bad_commands[i]) == -EINVAL);
    for (size_t i = 0; i < sizeof(lo_refuses) / sizeof(lo_refuses[0]); i++)
        KT_CHECK(proc_cmd(LO, lo_refuses[i]) == -EINVAL);
    for (size_t i = 0; i < sizeof(iperf_bad) / sizeof(iperf_bad[0]); i++)
        KT_CHECK(proc_cmd(IPERF, iperf_bad[i]) == -EINVAL);
    memset(big, 'u', sizeof(big));
    KT_CHECK(proc_write(LO, big, sizeof(big)) == -EINVAL);
    KT_CHECK(proc_write(IPERF, big, sizeof(big)) == -EINVAL);
    random_writes(LO, 300);
    random_writes(IPERF, 300);
    KT_CHECK(proc_cmd(LO, "up") == 2);                          /* whatever the junk did */
    iperf_stop();
    KT_CHECK(fsu_get(LO, text, sizeof(text)) > 0);
    KT_CHECK(fsu_contains(text, "name: lo\n") && fsu_contains(text, "flags: UP LOOPBACK RUNNING"));
    KT_CHECK(fsu_contains(text, "addr: 127.0.0.1\n") && fsu_contains(text, "prefix: 8\n"));
    KT_CHECK(fsu_put("/proc/net/if/nosuch", "up") < 0);
}

/* Is the interface at path up, as its /proc file says? */
static bool proc_says_up(const char *path)
{
    char text[1024];

    return fsu_get(path, text, sizeof(text)) > 0 && fsu_contains(text, "flags: UP");
}

static void eth0_up_down(void)
{
    struct netif_info in;

    KT_CHECK(proc_cmd("/proc/net/if/eth0", "down\n") == 5);
    KT_CHECK(netif_get_info(0, &in) == 0 && !in.up && !proc_says_up("/proc/net/if/eth0"));
    KT_CHECK(proc_cmd("/proc/net/if/eth0", "up\n") == 3);
    KT_CHECK(netif_get_info(0, &in) == 0 && in.up && proc_says_up("/proc/net/if/eth0"));
}

/* Change eth0's address and gateway, then put them back. */
static void eth0_address(const struct netif_info *was)
{
    struct netif_info in;
    char cmd[48], ip[16];

    KT_CHECK(proc_cmd("/proc/net/if/eth0", "addr 10.9.8.7/16") > 0);
    KT_CHECK(netif_get_info(0, &in) == 0 && in.addr == be32(0x0A090807) && in.netmask == be32(0xFFFF0000));
    KT_CHECK(proc_cmd("/proc/net/if/eth0", "gw 10.9.0.1") > 0);
    KT_CHECK(proc_cmd("/proc/net/if/eth0", "gw 10.10.0.1") == -EINVAL);   /* outside the subnet */
    KT_CHECK(netif_get_info(0, &in) == 0 && in.gateway == be32(0x0A090001));
    KT_CHECK(proc_cmd("/proc/net/if/eth0", "addr 192.168.5.5/24") > 0);   /* the gateway goes */
    KT_CHECK(netif_get_info(0, &in) == 0 && in.gateway == 0);
    KT_CHECK(proc_cmd("/proc/net/if/eth0", "addr none") > 0);
    KT_CHECK(proc_cmd("/proc/net/if/eth0", "gw 192.168.5.1") == -EINVAL);  /* no address */
    KT_CHECK(netif_get_info(0, &in) == 0 && in.addr == 0);
    if (was->addr) {
        uint32_t a = be32(was->addr);
        ksnprintf(ip, sizeof(ip), "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
        ksnprintf(cmd, sizeof(cmd), "addr %s/%d", ip, __builtin_popcount(was->netmask));
        KT_CHECK(proc_cmd("/proc/net/if/eth0", cmd) > 0);
    }
    if (was->gateway) {
        uint32_t g = be32(was->gateway);
        ksnprintf(cmd, sizeof(cmd), "gw %u.%u.%u.%u", g >> 24, (g >> 16) & 255, (g >> 8) & 255, g & 255);
        KT_CHECK(proc_cmd("/proc/net/if/eth0", cmd) > 0);
    }
    KT_CHECK(netif_get_info(0, &in) == 0 && in.addr == was->addr && in.gateway == was->gateway);
}

KTEST(ifctl_up_down)
{
    struct netif_info was;

    KT_CHECK(proc_says_up(LO));
    KT_CHECK(proc_cmd(LO, "down") == 4 && !proc_says_up(LO));
    KT_CHECK(proc_cmd(LO, "up") == 2 && proc_says_up(LO));
    if (netif_get_info(0, &was) < 0) {
        kprintf("ktest", "ifctl_up_down: eth0 part skipped (no network interface)\n");
        return;
    }
    if (was.dhcp) {
        kprintf("ktest", "ifctl_up_down: eth0 part skipped (its address comes from DHCP)\n");
        return;
    }
    eth0_up_down();
    eth0_address(&was);
}

KTEST(iperf_switch)
{
    char text[1024];

    iperf_stop();
    KT_CHECK(!iperf_running());
    KT_CHECK(iperf_start(0) == -EINVAL && iperf_start(65536) == -EINVAL);
    KT_CHECK(iperf_start(IPERF_DEFAULT_PORT) == 0 && iperf_running());
    KT_CHECK(iperf_start(IPERF_DEFAULT_PORT) == -EBUSY);
    KT_CHECK(proc_cmd(IPERF, "start") == -EBUSY);
    KT_CHECK(fsu_get(IPERF, text, sizeof(text)) > 0 && fsu_contains(text, "state: running\nport: 5001\n"));
    KT_CHECK(iperf_stop() == 0 && !iperf_running() && iperf_stop() == 0);
    KT_CHECK(proc_cmd(IPERF, "start 5003\n") == 11 && iperf_running());
    KT_CHECK(fsu_get(IPERF, text, sizeof(text)) > 0 && fsu_contains(text, "port: 5003\n"));
    KT_CHECK(proc_cmd(IPERF, "stop") == 4 && !iperf_running());
    KT_CHECK(proc_cmd(IPERF, "start") == 5 && proc_cmd(IPERF, "stop\n") == 5);   /* port free again */
    KT_CHECK(fsu_get(IPERF, text, sizeof(text)) > 0 && fsu_contains(text, "state: stopped\n"));
}
