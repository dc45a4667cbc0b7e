/*
 * The transmit side every network driver shares (drivers/net/nic.h).
 * lwIP hands frames to nic_linkoutput with its core lock held.  Two things
 * happen there that no single driver should repeat:
 *
 *  - Doorbells wait.  A driver's output only queues the frame; the device is
 *    told (its tx_kick: one register write for the lot) when the core lock
 *    is released, which lwIP does after each message, timer round or
 *    receive batch.  Under emulation the doorbell is the expensive part.
 *  - Pure ACKs wait too, one per interface, and a newer pure ACK of the same
 *    connection replaces a waiting one (drivers/net/ackthin.h).  Any other
 *    frame first sends the waiting ACK, so the order on the wire is lwIP's.
 *
 * Everything here runs under the core lock, which is what guards it.
 */
#include "drivers/net/nic.h"
#include "drivers/net/ackthin.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"

static struct nic *nics;                /* every started interface */

void nic_tx_register(struct nic *n)
{
    n->all_next = nics;
    nics = n;
}

static err_t queue(struct nic *n, struct pbuf *p)
{
    err_t e = n->ops->output(n->netif, p);

    if (e == ERR_OK && n->ops->tx_kick)
        n->tx_queued = true;
    return e;
}

/* Put the waiting ACK on the device's queue. */
static void release_ack(struct nic *n)
{
    struct pbuf *p = n->tx_ack;

    n->tx_ack = NULL;
    queue(n, p);                        /* a failure is counted by the driver */
    pbuf_free(p);
}

err_t nic_linkoutput(struct netif *netif, struct pbuf *p)
{
    struct nic *n = NIC_OF(netif);
    struct pure_ack a;
    bool pure = p->len == p->tot_len && ack_parse(p->payload, p->len, &a);

    if (n->tx_ack) {
        if (pure && ack_supersedes(&a, &n->tx_ack_info)) {
            pbuf_free(n->tx_ack);
            n->tx_ack = NULL;
            nic_count(n, &n->stats.tx_acks_merged, 1);
        } else {
            release_ack(n);
        }
    }
    if (pure) {
        pbuf_ref(p);                    /* lwIP frees its reference when we return */
        n->tx_ack = p;
        n->tx_ack_info = a;
        return ERR_OK;
    }
    return queue(n, p);
}

void nic_tx_flush_all(void)
{
    for (struct nic *n = nics; n; n = n->all_next) {
        if (n->tx_ack)
            release_ack(n);
        if (n->tx_queued) {
            n->tx_queued = false;
            n->ops->tx_kick(n);
        }
    }
}
