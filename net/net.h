/*
 * Networking bring-up (net/net.c): start lwIP's tcpip thread and the
 * loopback interface.  Network drivers attach their interfaces after this.
 */
#ifndef NET_NET_H
#define NET_NET_H

/* Start lwIP (tcpip thread) and wait until it runs.  Needs the scheduler. */
void net_init(void);
/* /proc/net/snmp (net/snmp.c); net_init calls it. */
void snmp_init(void);
/* /proc/net/route, arp, tcp, udp (net/nettab.c); net_init calls it. */
void nettab_init(void);

#endif
