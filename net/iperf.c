/*
 * The iperf server: lwIP's lwiperf (src/apps/lwiperf, built with the rest
 * of lwIP) listening for iperf2 clients, behind /proc/net/iperf.  lwiperf
 * is a raw-API app, so every call into it and every report it makes runs
 * with the tcpip core lock held; that lock also guards the state here.
 *
 * net/patches/lwiperf.patch fixes two bugs of lwiperf in lwIP 2.1.3: its
 * error callback closed a pcb lwIP had already freed (a double free when
 * an address change aborted a test, also one lwiperf opened back for
 * iperf -r or -d; such a report now comes without addresses), and
 * lwiperf_abort freed sessions without closing their pcbs.  Stopping
 * aborts the server and every test it runs.  The listener's accept
 * callback is wrapped, so a test lwIP aborts is reported with its
 * addresses and the bytes our receive wrapper counted.
 */
#include "net/iperf.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"
#include "kernel/fs/procfs.h"
#include "include/abi/errno.h"
#include "lwip/tcpip.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/apps/lwiperf.h"

/* One finished test, as lwiperf reported it. */
struct iperf_report {
    unsigned seq;                       /* 1, 2, ...: readers print the new ones */
    enum lwiperf_report_type type;
    uint32_t local, remote;             /* network order */
    uint16_t local_port, remote_port;
    uint32_t bytes, ms, kbits;
};

/* A test under way, seen through our wrappers. */
struct session {
    void *conn;                         /* lwiperf's record, the pcb's callback arg; NULL: free */
    uint32_t local, remote;             /* network order */
    uint16_t local_port, remote_port;
    uint32_t bytes, started;            /* bytes received; sys_now() at accept */
};

/* All guarded by the tcpip core lock. */
static void *server;                    /* lwiperf's handle, NULL when stopped */
static unsigned server_port;
static unsigned reports_made;           /* reports[(seq - 1) % IPERF_REPORTS] */
static struct iperf_report reports[IPERF_REPORTS];
static struct session sessions[IPERF_SESSIONS];
static tcp_accept_fn lwiperf_accept;    /* lwiperf's own callbacks, which ours call */
static tcp_recv_fn lwiperf_recv;
static tcp_err_fn lwiperf_err;
static bool quiet;                      /* lwiperf's report of a test we reported already */

static const char *report_word(enum lwiperf_report_type t)
{
    switch (t) {
    case LWIPERF_TCP_DONE_SERVER: return "done";
    case LWIPERF_TCP_DONE_CLIENT: return "done-client";
    case LWIPERF_TCP_ABORTED_LOCAL: return "aborted-local";
    case LWIPERF_TCP_ABORTED_LOCAL_DATAERROR: return "aborted-data";
    case LWIPERF_TCP_ABORTED_LOCAL_TXERROR: return "aborted-tx";
    case LWIPERF_TCP_ABORTED_REMOTE: return "aborted-remote";
    default: return "unknown";
    }
}

static const char *ip_str(uint32_t be, char *buf)
{
    ip4_addr_t a;

    ip4_addr_set_u32(&a, be);
    return ip4addr_ntoa_r(&a, buf, 16);
}

/* Keep one finished test for /proc/net/iperf and log it. */
static void record(enum lwiperf_report_type type, uint32_t local, u16_t local_port,
                   uint32_t remote, u16_t remote_port, u32_t bytes, u32_t ms, u32_t kbits)
{
    struct iperf_report *r = &reports[reports_made % IPERF_REPORTS];
    char ip[16];

    *r = (struct iperf_report){ ++reports_made, type, local, remote, local_port, remote_port,
                                bytes, ms, kbits };
    kprintf("iperf", "%s port %u: %u bytes in %u ms, %u kbit/s (%s)\n", ip_str(remote, ip),
            remote_port, (unsigned)bytes, (unsigned)ms, (unsigned)kbits, report_word(type));
}

/* lwiperf's report callback: the test ended through lwiperf's own close. */
static void iperf_report(void *arg, enum lwiperf_report_type type,
                         const ip_addr_t *local, u16_t local_port,
                         const ip_addr_t *remote, u16_t remote_port,
                         u32_t bytes, u32_t ms, u32_t kbits)
{
    uint32_t l = local ? ip4_addr_get_u32(ip_2_ip4(local)) : 0;
    uint32_t r = remote ? ip4_addr_get_u32(ip_2_ip4(remote)) : 0;

    (void)arg;
    if (quiet)
        return;
    for (int i = 0; i < IPERF_SESSIONS; i++)
        if (sessions[i].conn && sessions[i].remote == r && sessions[i].remote_port == remote_port &&
            sessions[i].local == l && sessions[i].local_port == local_port)
            sessions[i].conn = NULL;
    record(type, l, local_port, r, remote_port, bytes, ms, kbits);
}

/* ---- our wrappers around lwiperf's session callbacks ---- */

static struct session *session_of(void *conn)
{
    for (int i = 0; conn && i < IPERF_SESSIONS; i++)
        if (sessions[i].conn == conn)
            return &sessions[i];
    return NULL;
}

/* lwIP aborted a test (its pcb is freed already): report it with the
 * addresses lwiperf no longer has, then let lwiperf's own (patched) error
 * callback drop its record, so a later lwiperf_abort cannot reach the pcb. */
static void guard_err(void *arg, err_t err)
{
    struct session *s = session_of(arg);
    u32_t ms;

    if (s) {
        ms = sys_now() - s->started;
        record(err == ERR_RST ? LWIPERF_TCP_ABORTED_REMOTE : LWIPERF_TCP_ABORTED_LOCAL,
               s->local, s->local_port, s->remote, s->remote_port, s->bytes, ms,
               ms ? s->bytes / ms * 8 : 0);
        s->conn = NULL;
    }
    quiet = s != NULL;
    lwiperf_err(arg, err);
    quiet = false;
}

static err_t guard_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    struct session *s = session_of(arg);

    if (s && p)
        s->bytes += p->tot_len;
    return lwiperf_recv(arg, pcb, p, err);
}

/* The listener's accept: lwiperf's, then our callbacks on the new pcb.
 * With every session slot taken the connection is refused (lwIP resets it). */
static err_t guard_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct session *s = NULL;
    err_t r;

    for (int i = 0; i < IPERF_SESSIONS && !s; i++)
        if (!sessions[i].conn)
            s = &sessions[i];
    if (!pcb || err != ERR_OK)
        return lwiperf_accept(arg, pcb, err);
    if (!s)
        return ERR_MEM;
    if ((r = lwiperf_accept(arg, pcb, err)) != ERR_OK)
        return r;
    *s = (struct session){ pcb->callback_arg, ip4_addr_get_u32(ip_2_ip4(&pcb->local_ip)),
                           ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip)), pcb->local_port,
                           pcb->remote_port, 0, sys_now() };
    lwiperf_recv = pcb->recv;
    lwiperf_err = pcb->errf;
    tcp_recv(pcb, guard_recv);
    tcp_err(pcb, guard_err);
    return ERR_OK;
}

/* lwiperf's listening pcb (its callback argument is the handle), or NULL. */
static struct tcp_pcb_listen *listener(void)
{
    for (struct tcp_pcb_listen *l = tcp_listen_pcbs.listen_pcbs; server && l; l = l->next)
        if (l->callback_arg == server)
            return l;
    return NULL;
}

/* Does any TCP pcb (listening, bound, connected, closing) use local port? */
static bool port_in_use(uint16_t port)
{
    struct tcp_pcb *const lists[] = { tcp_listen_pcbs.pcbs, tcp_bound_pcbs,
                                      tcp_active_pcbs, tcp_tw_pcbs };

    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        for (struct tcp_pcb *p = lists[i]; p; p = p->next)
            if (p->local_port == port)
                return true;
    return false;
}

int iperf_start(unsigned port)
{
    struct tcp_pcb_listen *l;
    int r = 0;

    if (port == 0 || port > 65535)
        return -EINVAL;
    LOCK_TCPIP_CORE();
    if (server)
        r = -EBUSY;
    else if (port_in_use((uint16_t)port))      /* lwiperf would leak its pcb on a failed bind */
        r = -EADDRINUSE;
    else if (!(server = lwiperf_start_tcp_server(IP_ADDR_ANY, (u16_t)port, iperf_report, NULL)))
        r = -ENOMEM;
    else
        server_port = port;
    if (r == 0 && (l = listener())) {
        lwiperf_accept = l->accept;
        tcp_accept((struct tcp_pcb *)l, guard_accept);
    }
    UNLOCK_TCPIP_CORE();
    if (r == 0)
        kprintf("iperf", "server listening on TCP port %u\n", port);
    return r;
}

/* The tests under way, reported as aborted: lwiperf_abort drops them silently. */
static void report_aborted_sessions(void)
{
    for (int i = 0; i < IPERF_SESSIONS; i++) {
        struct session *s = &sessions[i];
        u32_t ms = sys_now() - s->started;

        if (s->conn)
            record(LWIPERF_TCP_ABORTED_LOCAL, s->local, s->local_port, s->remote, s->remote_port,
                   s->bytes, ms, ms ? s->bytes / ms * 8 : 0);
        s->conn = NULL;
    }
}

int iperf_stop(void)
{
    bool stopped;

    LOCK_TCPIP_CORE();
    stopped = server != NULL;
    if (server) {
        report_aborted_sessions();
        lwiperf_abort(server);      /* patched: resets the tests, closes the listener */
    }
    server = NULL;
    UNLOCK_TCPIP_CORE();
    if (stopped)
        kprintf("iperf", "server stopped\n");
    return 0;
}

bool iperf_running(void)
{
    return server != NULL;
}

/* ---- /proc/net/iperf ---- */

/*
 *     state: running
 *     port: 5001
 *     reports: 2
 *     report 1 done 10.0.0.254 43512 10.0.0.1 5001 12582912 3012 33419
 * Report fields: sequence number, outcome, remote address and port, local
 * address and port, bytes, milliseconds, kbit/s (lwiperf's rough figure).
 */
static int gen_iperf(struct procbuf *b, void *arg)
{
    unsigned first;
    int r;

    (void)arg;
    LOCK_TCPIP_CORE();
    first = reports_made > IPERF_REPORTS ? reports_made - IPERF_REPORTS + 1 : 1;
    r = procbuf_printf(b, "state: %s\nport: %u\nreports: %u\n", server ? "running" : "stopped",
                       server ? server_port : 0, reports_made);
    for (unsigned s = first; r == 0 && s <= reports_made; s++) {
        const struct iperf_report *p = &reports[(s - 1) % IPERF_REPORTS];
        char rip[16], lip[16];
        r = procbuf_printf(b, "report %u %s %s %u %s %u %u %u %u\n", p->seq, report_word(p->type),
                           ip_str(p->remote, rip), p->remote_port, ip_str(p->local, lip),
                           p->local_port, (unsigned)p->bytes, (unsigned)p->ms, (unsigned)p->kbits);
    }
    UNLOCK_TCPIP_CORE();
    return r;
}

/* "start", "start PORT" or "stop", with an optional newline. */
static long write_iperf(const char *buf, unsigned long n, void *arg)
{
    char cmd[24];
    unsigned port = IPERF_DEFAULT_PORT;
    int r;

    (void)arg;
    if (n >= sizeof(cmd) || strnlen(buf, n) != n)
        return -EINVAL;
    memcpy(cmd, buf, n);
    cmd[n] = 0;
    if (n && cmd[n - 1] == '\n')
        cmd[n - 1] = 0;
    if (strcmp(cmd, "stop") == 0)
        r = iperf_stop();
    else if (strcmp(cmd, "start") == 0)
        r = iperf_start(port);
    else if (strncmp(cmd, "start ", 6) == 0 && str_to_u32(cmd + 6, &port) == 0 && cmd[6] != '0')
        r = iperf_start(port);
    else
        r = -EINVAL;
    return r < 0 ? r : (long)n;
}

void iperf_init(void)
{
    if (procfs_register_rw("net/iperf", gen_iperf, write_iperf, NULL) < 0)
        kprintf("iperf", "warning: cannot make /proc/net/iperf\n");
}
