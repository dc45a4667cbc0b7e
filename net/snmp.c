/*
 * /proc/net/snmp: the protocol counters, in Linux's layout (a line of
 * names, then a line of values, per protocol) so `netstat -s` habits and
 * scripts carry over.  The values are lwIP's MIB-II counters (MIB2_STATS);
 * fields lwIP does not keep are left out rather than shown as 0.
 * RetransSegs is the one to watch when a transfer is slower than it should be.
 */
#include "net/net.h"
#include "kernel/fs/procfs.h"
#include "kernel/log.h"
#include "lwip/stats.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcpip.h"

/* Connections in ESTABLISHED or CLOSE_WAIT, as Linux's CurrEstab counts. */
static unsigned curr_estab(void)
{
    unsigned n = 0;

    for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next)
        n += p->state == ESTABLISHED || p->state == CLOSE_WAIT;
    return n;
}

static int gen_snmp(struct procbuf *b, void *arg)
{
    struct stats_mib2 m;
    unsigned estab;

    (void)arg;
    LOCK_TCPIP_CORE();
    m = lwip_stats.mib2;
    estab = curr_estab();
    UNLOCK_TCPIP_CORE();
    procbuf_printf(b, "Ip: InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos "
                      "InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmReqds "
                      "ReasmOKs ReasmFails FragOKs FragFails FragCreates\n"
                      "Ip: %u %u %u %u %u %u %u %u %u %u %u %u %u %u %u %u\n",
                   m.ipinreceives, m.ipinhdrerrors, m.ipinaddrerrors, m.ipforwdatagrams,
                   m.ipinunknownprotos, m.ipindiscards, m.ipindelivers, m.ipoutrequests,
                   m.ipoutdiscards, m.ipoutnoroutes, m.ipreasmreqds, m.ipreasmoks,
                   m.ipreasmfails, m.ipfragoks, m.ipfragfails, m.ipfragcreates);
    procbuf_printf(b, "Icmp: InMsgs InErrors InDestUnreachs InTimeExcds InEchos InEchoReps "
                      "OutMsgs OutErrors OutDestUnreachs OutTimeExcds OutEchos OutEchoReps\n"
                      "Icmp: %u %u %u %u %u %u %u %u %u %u %u %u\n",
                   m.icmpinmsgs, m.icmpinerrors, m.icmpindestunreachs, m.icmpintimeexcds,
                   m.icmpinechos, m.icmpinechoreps, m.icmpoutmsgs, m.icmpouterrors,
                   m.icmpoutdestunreachs, m.icmpouttimeexcds, m.icmpoutechos, m.icmpoutechoreps);
    procbuf_printf(b, "Tcp: ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs "
                      "OutSegs RetransSegs InErrs OutRsts\n"
                      "Tcp: %u %u %u %u %u %u %u %u %u %u\n",
                   m.tcpactiveopens, m.tcppassiveopens, m.tcpattemptfails, m.tcpestabresets,
                   estab, m.tcpinsegs, m.tcpoutsegs, m.tcpretranssegs, m.tcpinerrs, m.tcpoutrsts);
    return procbuf_printf(b, "Udp: InDatagrams NoPorts InErrors OutDatagrams\n"
                             "Udp: %u %u %u %u\n",
                          m.udpindatagrams, m.udpnoports, m.udpinerrors, m.udpoutdatagrams);
}

void snmp_init(void)
{
    if (procfs_register("net/snmp", gen_snmp, NULL) < 0)
        kprintf("net", "cannot register /proc/net/snmp\n");
}
