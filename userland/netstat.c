/*
 * netstat [-t] [-u] [-l | -a] [-n]: the node's TCP and UDP sockets, as
 * net-tools' netstat prints them, from /proc/net/tcp and /proc/net/udp
 * (net/nettab.c, Linux's layout).  Without -t or -u both protocols show;
 * without -l or -a only connections (no listening sockets), -l only the
 * listening ones, -a both.  Addresses are always numbers (-n is accepted).
 * Exit status 1 if neither file can be read, 2 for a bad option.
 */
#define PROG "netstat"
#include "util.h"

/* Linux's TCP state numbers (the st column) as netstat names them. */
static const char *const tcp_states[] = {
    "", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
    "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
};

#define ST_ESTABLISHED 1
#define ST_CLOSE       7
#define ST_LISTEN      10

static struct {
    bool tcp, udp;
    bool listening, connections;
} opt;

/* "0100007F" and "1389" as /proc prints them, to "127.0.0.1:5001" (or ":*" for port 0). */
static void format_addr(char *out, size_t n, unsigned addr, unsigned port)
{
    int k = snprintf(out, n, "%u.%u.%u.%u:", addr & 0xFF, (addr >> 8) & 0xFF,
                     (addr >> 16) & 0xFF, addr >> 24);

    if (k > 0 && (size_t)k < n)
        snprintf(out + k, n - (size_t)k, port ? "%u" : "*", port);
}

/* A listening socket: TCP in LISTEN, UDP not connected (as net-tools counts "servers"). */
static bool is_server(bool tcp, unsigned st)
{
    return tcp ? st == ST_LISTEN : st == ST_CLOSE;
}

static void print_row(const char *proto, const char *line)
{
    unsigned local, lport, remote, rport, st, txq, rxq;
    char la[24], ra[24];
    bool tcp = proto[0] == 't';
    const char *state = "";

    if (sscanf(line, " %*u: %x:%x %x:%x %x %x:%x", &local, &lport, &remote, &rport, &st, &txq,
               &rxq) != 7)
        return;                         /* the header, or a line this version cannot read */
    if (is_server(tcp, st) ? !opt.listening : !opt.connections)
        return;
    if (tcp && st < sizeof(tcp_states) / sizeof(tcp_states[0]))
        state = tcp_states[st];
    else if (!tcp && st == ST_ESTABLISHED)
        state = "ESTABLISHED";
    format_addr(la, sizeof(la), local, lport);
    format_addr(ra, sizeof(ra), remote, rport);
    printf("%-5s %6u %6u %-23s %-23s %s\n", proto, rxq, txq, la, ra, state);
}

/* Print the rows of /proc/net/<proto>; false if it cannot be read. */
static bool show(const char *proto)
{
    char path[32], *line = NULL;
    size_t cap = 0;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/net/%s", proto);
    if (!(f = fopen(path, "r"))) {
        util_warn("%s: %s", path, strerror(errno));
        return false;
    }
    while (util_getline(f, &line, &cap) >= 0)
        print_row(proto, line);
    free(line);
    fclose(f);
    return true;
}

static void usage(void)
{
    fprintf(stderr, "usage: netstat [-t] [-u] [-l | -a] [-n]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    bool ok = false;
    int c;

    while ((c = getopt(argc, argv, "tulan")) != -1) {
        switch (c) {
        case 't': opt.tcp = true; break;
        case 'u': opt.udp = true; break;
        case 'l': opt.listening = true; break;
        case 'a': opt.listening = opt.connections = true; break;
        case 'n': break;
        default: usage();
        }
    }
    if (optind != argc)
        usage();
    if (!opt.tcp && !opt.udp)
        opt.tcp = opt.udp = true;
    if (!opt.listening)
        opt.connections = true;
    printf("Active Internet connections (%s)\n", !opt.connections ? "only servers" :
           opt.listening ? "servers and established" : "w/o servers");
    printf("Proto Recv-Q Send-Q Local Address           Foreign Address         State\n");
    if (opt.tcp)
        ok |= show("tcp");
    if (opt.udp)
        ok |= show("udp");
    return ok ? 0 : 1;
}
