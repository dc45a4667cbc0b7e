/*
 * ifconfig: show and change network interfaces, in net-tools' words.
 *
 *   ifconfig [-a]                            every interface
 *   ifconfig IF                              one interface
 *   ifconfig IF up | down
 *   ifconfig IF ADDR[/PREFIX] [netmask MASK] [up | down]
 *   ifconfig IF netmask MASK                 keep the address, change the mask
 *   ifconfig IF 0.0.0.0                      remove the address
 *   ifconfig IF gw ADDR | gw none            the gateway (Mosaic's addition)
 *   ifconfig IF dhcp                         ask for a DHCP lease (Mosaic's addition)
 *
 * Everything goes through the kernel's /proc/net/if/IF (net/ifctl.c):
 * reading gives "key: value" lines, each write is one command ("up",
 * "addr 10.0.0.5/24", ...).  An address without a prefix or netmask gets
 * its class's mask, as net-tools does.  Errors go to stderr; the exit
 * status is 0, 1 when a change failed, 2 for bad usage.
 */
#define PROG "ifconfig"
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>

#include "util.h"

#define IF_DIR      "/proc/net/if"
#define MAX_IFACES  16
#define MAX_CMDS    8

/* Linux's interface flag bits, for the "flags=4163<...>" number. */
static const struct { const char *name; unsigned bit; } flag_bits[] = {
    { "UP", 0x1 }, { "BROADCAST", 0x2 }, { "LOOPBACK", 0x8 }, { "RUNNING", 0x40 },
    { "MULTICAST", 0x1000 },
};

/* One interface as /proc/net/if/NAME describes it. */
struct iface {
    char name[16], driver[24], flags[64], mac[24], addr[16], netmask[16], gateway[16], dhcp[8];
    unsigned mtu;
    unsigned long long rx_packets, rx_bytes, rx_errors, rx_dropped;
    unsigned long long tx_packets, tx_bytes, tx_errors, tx_dropped;
};

static void usage(void)
{
    fputs("usage: ifconfig [-a] [IF [up|down|ADDR[/PREFIX] [netmask MASK]|gw ADDR|dhcp]...]\n", stderr);
    exit(2);
}

static const char *if_path(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, IF_DIR "/%s", name);
    return buf;
}

/* ---- reading ---- */

#define TEXT(k) { #k, offsetof(struct iface, k), sizeof(((struct iface *)0)->k) }
#define NUM(k)  { #k, offsetof(struct iface, k), 0 }

/* The fields of struct iface by their keys in the file; size 0: a number. */
static const struct { const char *key; size_t off, size; } fields[] = {
    TEXT(driver), TEXT(flags), TEXT(mac), TEXT(addr), TEXT(netmask), TEXT(gateway), TEXT(dhcp),
    NUM(rx_packets), NUM(rx_bytes), NUM(rx_errors), NUM(rx_dropped),
    NUM(tx_packets), NUM(tx_bytes), NUM(tx_errors), NUM(tx_dropped),
};

static void set_field(struct iface *f, const char *key, const char *val)
{
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        char *at = (char *)f + fields[i].off;
        if (strcmp(key, fields[i].key) != 0)
            continue;
        if (fields[i].size)
            snprintf(at, fields[i].size, "%s", val);
        else
            *(unsigned long long *)at = strtoull(val, NULL, 10);
    }
    if (strcmp(key, "mtu") == 0)
        f->mtu = (unsigned)strtoul(val, NULL, 10);
}

/* Read /proc/net/if/NAME; false (errno set) if it cannot be read. */
static bool iface_read(const char *name, struct iface *f)
{
    char path[64], text[2048];

    if (util_read_file(if_path(name, path, sizeof(path)), text, sizeof(text)) < 0)
        return false;
    memset(f, 0, sizeof(*f));
    snprintf(f->name, sizeof(f->name), "%s", name);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *colon = strstr(line, ": ");
        if (colon) {
            *colon = '\0';
            set_field(f, line, colon + 2);
        }
    }
    return true;
}

/* ---- printing ---- */

static unsigned flags_number(const char *words)
{
    unsigned n = 0;
    char copy[64], *save = NULL;

    snprintf(copy, sizeof(copy), "%s", words);
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
        for (size_t i = 0; i < sizeof(flag_bits) / sizeof(flag_bits[0]); i++)
            if (strcmp(w, flag_bits[i].name) == 0)
                n |= flag_bits[i].bit;
    return n;
}

static bool has_flag(const struct iface *f, const char *name)
{
    unsigned want = 0;

    for (size_t i = 0; i < sizeof(flag_bits) / sizeof(flag_bits[0]); i++)
        if (strcmp(flag_bits[i].name, name) == 0)
            want = flag_bits[i].bit;
    return flags_number(f->flags) & want;
}

/* "1.2 KiB", net-tools style. */
static const char *human(unsigned long long bytes, char *buf, size_t size)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    double v = (double)bytes;
    int u = 0;

    while (v >= 1024 && u < 4)
        v /= 1024, u++;
    snprintf(buf, size, "%.1f %s", v, units[u]);
    return buf;
}

static void print_inet(const struct iface *f)
{
    struct in_addr a, m, b;

    if (inet_pton(AF_INET, f->addr, &a) != 1 || a.s_addr == 0)
        return;
    printf("        inet %s  netmask %s", f->addr, f->netmask);
    if (has_flag(f, "BROADCAST") && inet_pton(AF_INET, f->netmask, &m) == 1) {
        b.s_addr = a.s_addr | ~m.s_addr;
        printf("  broadcast %s", inet_ntoa(b));
    }
    putchar('\n');
}

static void iface_print(const struct iface *f)
{
    char flags[64], h[32];
    bool lo = has_flag(f, "LOOPBACK");

    snprintf(flags, sizeof(flags), "%s", f->flags);
    for (char *p = flags; *p; p++)
        if (*p == ' ')
            *p = ',';
    printf("%s: flags=%u<%s>  mtu %u\n", f->name, flags_number(f->flags), flags, f->mtu);
    print_inet(f);
    if (lo)
        printf("        loop  (Local Loopback)\n");
    else
        printf("        ether %s  (Ethernet, %s)\n", f->mac, f->driver);
    if (!lo && (strcmp(f->gateway, "0.0.0.0") != 0 || strcmp(f->dhcp, "on") == 0))
        printf("        gateway %s%s\n", strcmp(f->gateway, "0.0.0.0") ? f->gateway : "none",
               strcmp(f->dhcp, "on") == 0 ? "  (DHCP)" : "");
    printf("        RX packets %llu  bytes %llu (%s)\n", f->rx_packets, f->rx_bytes,
           human(f->rx_bytes, h, sizeof(h)));
    printf("        RX errors %llu  dropped %llu\n", f->rx_errors, f->rx_dropped);
    printf("        TX packets %llu  bytes %llu (%s)\n", f->tx_packets, f->tx_bytes,
           human(f->tx_bytes, h, sizeof(h)));
    printf("        TX errors %llu  dropped %llu\n\n", f->tx_errors, f->tx_dropped);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every interface, in name order (eth0 .. then lo, as Linux lists them). */
static int show_all(void)
{
    char *names[MAX_IFACES];
    int n = 0, status = 0;
    struct dirent *d;
    struct iface f;
    DIR *dir = opendir(IF_DIR);

    if (!dir)
        util_die("%s: %s", IF_DIR, strerror(errno));
    while ((d = readdir(dir)) && n < MAX_IFACES)
        if (d->d_name[0] != '.')
            names[n++] = strdup(d->d_name);
    closedir(dir);
    qsort(names, (size_t)n, sizeof(names[0]), cmp_names);
    for (int i = 0; i < n; i++) {
        if (iface_read(names[i], &f))
            iface_print(&f);
        else
            util_warn("%s: %s", names[i], strerror(errno)), status = 1;
        free(names[i]);
    }
    return status;
}

/* ---- changing ---- */

/* A dotted quad; false (and a message) if s is none. */
static bool parse_ip(const char *s, struct in_addr *out)
{
    if (inet_pton(AF_INET, s, out) == 1)
        return true;
    util_warn("%s: bad address", s);
    return false;
}

/* The prefix length of a contiguous mask, or -1. */
static int mask_prefix(struct in_addr m)
{
    uint32_t v = ntohl(m.s_addr);
    int p = 0;

    while (p < 32 && (v & (0x80000000u >> p)))
        p++;
    return (p == 32 || (v << p) == 0) ? p : -1;
}

/* net-tools' default for an address without a mask: its class's. */
static int class_prefix(struct in_addr a)
{
    unsigned first = ntohl(a.s_addr) >> 24;

    return first < 128 ? 8 : first < 192 ? 16 : 24;
}

/* "ADDR[/PREFIX] [netmask MASK]" or "netmask MASK" (keeping the address
 * current) into cmd: "addr A/P" or "addr none".  The words used, or -1. */
static int addr_command(char **argv, int argc, const char *current, char *cmd, size_t size)
{
    bool mask_only = strcmp(argv[0], "netmask") == 0;
    int used = mask_only ? 0 : 1;
    long prefix = -1;
    struct in_addr a, m;
    char ip[32], *slash;

    snprintf(ip, sizeof(ip), "%s", mask_only ? current : argv[0]);
    if (!mask_only && (slash = strchr(ip, '/'))) {
        *slash = '\0';
        if (!util_parse_long(slash + 1, &prefix) || prefix < 1 || prefix > 32)
            return util_warn("%s: bad prefix length", argv[0]), -1;
    }
    if (!parse_ip(ip, &a))
        return -1;
    if (mask_only && a.s_addr == 0)
        return util_warn("netmask: the interface has no address"), -1;
    if (used + 1 < argc && strcmp(argv[used], "netmask") == 0) {
        if (!parse_ip(argv[used + 1], &m) || (prefix = mask_prefix(m)) <= 0)
            return util_warn("%s: bad netmask", argv[used + 1]), -1;
        used += 2;
    } else if (mask_only) {
        return util_warn("netmask: needs a mask"), -1;
    }
    if (a.s_addr == 0)
        snprintf(cmd, size, "addr none");
    else
        snprintf(cmd, size, "addr %s/%ld", ip, prefix > 0 ? prefix : class_prefix(a));
    return used;
}

/* Send one command to the interface's file. */
static bool iface_write(const char *name, const char *cmd)
{
    char path[64];
    int fd = open(if_path(name, path, sizeof(path)), O_WRONLY);
    ssize_t n = fd < 0 ? -1 : write(fd, cmd, strlen(cmd));
    int err = errno;

    if (fd >= 0)
        close(fd);
    if (n == (ssize_t)strlen(cmd))
        return true;
    if (fd >= 0 && err == EINVAL && strncmp(cmd, "gw ", 3) == 0)
        util_warn("%s: %s: the gateway must be inside the interface's subnet", name, cmd);
    else if (fd >= 0 && err == EINVAL && strcmp(name, "lo") == 0)
        util_warn("%s: %s: %s (lo takes only up and down)", name, cmd, strerror(err));
    else
        util_warn("%s: %s: %s", name, cmd, strerror(err));
    return false;
}

/* Turn the words after IF into commands; the count, or -1. */
static int parse_commands(char **argv, int argc, const struct iface *f, char cmds[][48])
{
    int n = 0;

    for (int i = 0; i < argc; i++) {
        if (n == MAX_CMDS)
            usage();
        if (!strcmp(argv[i], "up") || !strcmp(argv[i], "down") || !strcmp(argv[i], "dhcp")) {
            snprintf(cmds[n++], 48, "%s", argv[i]);
        } else if (!strcmp(argv[i], "gw")) {
            struct in_addr g;
            if (i + 1 == argc)
                return util_warn("gw: needs an address or none"), -1;
            if (strcmp(argv[i + 1], "none") && !parse_ip(argv[i + 1], &g))
                return -1;
            snprintf(cmds[n++], 48, "gw %s", argv[++i]);
        } else {
            int used = addr_command(argv + i, argc - i, f->addr, cmds[n++], 48);
            if (used < 0)
                return -1;
            i += used - 1;
        }
    }
    return n;
}

static int configure(const char *name, char **argv, int argc)
{
    char cmds[MAX_CMDS][48];
    struct iface f;
    int n;

    if (!iface_read(name, &f))
        util_die("%s: %s", name, errno == ENOENT ? "no such interface" : strerror(errno));
    if ((n = parse_commands(argv, argc, &f, cmds)) < 0)
        return 1;
    for (int i = 0; i < n; i++)
        if (!iface_write(name, cmds[i]))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int i = 1;
    struct iface f;

    if (i < argc && strcmp(argv[i], "-a") == 0)
        i++;
    if (i < argc && argv[i][0] == '-')
        usage();
    if (i == argc)
        return show_all();
    if (i + 1 < argc)
        return configure(argv[i], argv + i + 1, argc - i - 1);
    if (!iface_read(argv[i], &f))
        util_die("%s: %s", argv[i], errno == ENOENT ? "no such interface" : strerror(errno));
    iface_print(&f);
    return 0;
}
