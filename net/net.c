/*
 * Start lwIP: tcpip_init creates the tcpip kernel thread and calls back
 * from it once the stack is ready; the caller sleeps on a semaphore until
 * then.  With LWIP_HAVE_LOOPIF lwIP sets up 127.0.0.1 by itself.
 */
#include "net/net.h"
#include "lwip/init.h"
#include "lwip/tcpip.h"
#include "lwip/netif.h"
#include "kernel/sync.h"
#include "kernel/log.h"

static struct semaphore ready;

static void tcpip_ready(void *arg)
{
    (void)arg;
    sem_up(&ready);
}

void net_init(void)
{
    sem_init(&ready, "net_ready", 0);
    tcpip_init(tcpip_ready, NULL);
    sem_down(&ready, 0, false);
    kprintf("net", "lwIP %s up, loopback 127.0.0.1\n", LWIP_VERSION_STRING);
}
