/*
 * Kernel tests of the lwIP port: the tcpip thread, sys_arch's semaphores
 * and mailboxes, and TCP through the loopback interface carrying 256 KiB
 * intact from a client thread to a server thread.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/sched.h"
#include "kernel/sync.h"
#include "kernel/time.h"
#include "lwip/api.h"
#include "lwip/ip_addr.h"

#define PORT 7777
#define TOTAL (256 * 1024)

static struct semaphore client_done;
static volatile int client_err;

static uint8_t byte_at(uint32_t i) { return (uint8_t)(i * 7 + (i >> 11)); }

static void client(void *arg)
{
    struct netconn *c = netconn_new(NETCONN_TCP);
    static uint8_t chunk[4096];
    ip_addr_t lo;

    IP_ADDR4(&lo, 127, 0, 0, 1);
    client_err = c ? netconn_connect(c, &lo, PORT) : ERR_MEM;
    for (uint32_t off = 0; client_err == ERR_OK && off < TOTAL; off += sizeof(chunk)) {
        for (uint32_t i = 0; i < sizeof(chunk); i++)
            chunk[i] = byte_at(off + i);
        client_err = netconn_write(c, chunk, sizeof(chunk), NETCONN_COPY);
    }
    if (c) {
        netconn_close(c);
        netconn_delete(c);
    }
    sem_up(&client_done);
}

/* Receive until the client closes; returns bytes received, -1 on corrupt data. */
static long serve(struct netconn *conn)
{
    struct netbuf *nb;
    uint32_t got = 0;

    netconn_set_recvtimeout(conn, 5000);
    while (netconn_recv(conn, &nb) == ERR_OK) {
        do {
            void *data;
            u16_t len;
            netbuf_data(nb, &data, &len);
            for (u16_t i = 0; i < len; i++)
                if (((uint8_t *)data)[i] != byte_at(got + i))
                    return -1;
            got += len;
        } while (netbuf_next(nb) >= 0);
        netbuf_delete(nb);
    }
    return got;
}

KTEST(net_tcp_loopback)
{
    struct netconn *listener = netconn_new(NETCONN_TCP), *conn = NULL;

    KT_CHECK(listener != NULL);
    if (!listener)
        return;
    sem_init(&client_done, "client_done", 0);
    KT_CHECK(netconn_bind(listener, IP4_ADDR_ANY, PORT) == ERR_OK);
    KT_CHECK(netconn_listen(listener) == ERR_OK);
    KT_CHECK(kthread_create("tcp-client", client, NULL) != NULL);
    netconn_set_recvtimeout(listener, 5000);
    KT_CHECK(netconn_accept(listener, &conn) == ERR_OK);
    if (conn) {
        KT_CHECK(serve(conn) == TOTAL);
        netconn_close(conn);
        netconn_delete(conn);
    }
    KT_CHECK(sem_down(&client_done, 5000000000ull, false) == 0);
    KT_CHECK(client_err == ERR_OK);
    netconn_delete(listener);
}

KTEST(net_udp_loopback)
{
    struct netconn *a = netconn_new(NETCONN_UDP), *b = netconn_new(NETCONN_UDP);
    struct netbuf *out = netbuf_new(), *in = NULL;
    ip_addr_t lo;

    KT_CHECK(a && b && out);
    if (!a || !b || !out)
        return;
    IP_ADDR4(&lo, 127, 0, 0, 1);
    KT_CHECK(netconn_bind(b, &lo, PORT + 1) == ERR_OK);
    KT_CHECK(netbuf_ref(out, "datagram", 8) == ERR_OK);
    KT_CHECK(netconn_sendto(a, out, &lo, PORT + 1) == ERR_OK);
    netconn_set_recvtimeout(b, 2000);
    KT_CHECK(netconn_recv(b, &in) == ERR_OK);
    if (in) {
        void *data;
        u16_t len;
        netbuf_data(in, &data, &len);
        KT_CHECK(len == 8 && __builtin_memcmp(data, "datagram", 8) == 0);
        netbuf_delete(in);
    }
    netbuf_delete(out);
    netconn_delete(a);
    netconn_delete(b);
}
