/*
 * Start lwIP: tcpip_init creates the tcpip kernel thread and calls back
 * from it once the stack is ready; the caller sleeps on a semaphore until
 * then.  With LWIP_HAVE_LOOPIF lwIP sets up 127.0.0.1 by itself.
 * lwIP's core lock is taken and released through net_core_lock/unlock
 * (lwipopts.h), so frames queued while it was held go out at release.
 * /proc/net/snmp (net/snmp.c) shows the protocol counters.
 */
#include "net/net.h"
#include "lwip/init.h"
#include "lwip/tcpip.h"
#include "lwip/netif.h"
#include "lwip/igmp.h"
#include "kernel/sync.h"
#include "kernel/log.h"
#include "drivers/net/nic.h"

static struct semaphore ready;

void net_core_lock(void)
{
    sys_mutex_lock(&lock_tcpip_core);
}

void net_core_unlock(void)
{
    nic_tx_flush_all();                 /* still under the lock, which guards the queues */
    sys_mutex_unlock(&lock_tcpip_core);
}

static void tcpip_ready(void *arg)
{
    (void)arg;
    sem_up(&ready);
}

/* Let programs join multicast groups on a node with no NIC: loopback speaks IGMP too. */
static void loopback_multicast(void)
{
    struct netif *n;

    LOCK_TCPIP_CORE();
    NETIF_FOREACH(n) {
        if (n->name[0] == 'l' && n->name[1] == 'o' && !(n->flags & NETIF_FLAG_IGMP)) {
            netif_set_flags(n, NETIF_FLAG_IGMP);
            igmp_start(n);
        }
    }
    UNLOCK_TCPIP_CORE();
}

void net_init(void)
{
    sem_init(&ready, "net_ready", 0);
    tcpip_init(tcpip_ready, NULL);
    sem_down(&ready, 0, false);
    loopback_multicast();
    snmp_init();
    nettab_init();
    kprintf("net", "lwIP %s up, loopback 127.0.0.1\n", LWIP_VERSION_STRING);
}
