/*
 * lwIP configuration for Mosaic (lwIP 2.1.3, fetched by tools/setup.sh).
 * The stack runs with an OS (NO_SYS=0): a tcpip kernel thread, sequential
 * netconn API for kernel users, memory from the kernel heap so pools grow
 * with the machine instead of being sized for the smallest board.
 */
#ifndef MOSAIC_LWIPOPTS_H
#define MOSAIC_LWIPOPTS_H

#define NO_SYS                      0
#define SYS_LIGHTWEIGHT_PROT        1
#define LWIP_TCPIP_CORE_LOCKING     1
/* Releasing the core lock also rings the NICs' transmit doorbells (net/net.c) */
void net_core_lock(void);
void net_core_unlock(void);
#define LOCK_TCPIP_CORE()           net_core_lock()
#define UNLOCK_TCPIP_CORE()         net_core_unlock()

/* memory: everything from kmalloc */
#define MEM_LIBC_MALLOC             1
#define MEMP_MEM_MALLOC             1
#define MEM_ALIGNMENT               4
#define mem_clib_malloc             kmalloc
#define mem_clib_free               kfree
#define mem_clib_calloc(n, s)       kzalloc((n) * (s))

/* protocols */
#define LWIP_IPV4                   1
#define LWIP_IPV6                   0
#define LWIP_ARP                    1
#define LWIP_ICMP                   1
#define LWIP_RAW                    1
#define LWIP_UDP                    1
#define LWIP_TCP                    1
#define LWIP_IGMP                   1
#define LWIP_DHCP                   1
#define LWIP_DNS                    0
#define LWIP_AUTOIP                 0
#define IP_REASSEMBLY               1
/* Fragments held for reassembly, all datagrams together: two of the largest
 * (64 KiB, 45 fragments each) at once, as `ping -s 65000` needs; lwIP's
 * default (10) stops at ~14 KiB.  Incomplete ones go after IP_REASS_MAXAGE. */
#define IP_REASS_MAX_PBUFS          90
#define IP_FRAG                     1
#define ETHARP_SUPPORT_STATIC_ENTRIES 1
/* While an address is being resolved, keep what is sent to it, not only the
 * last packet (lwIP's default): a fragmented datagram is one packet per
 * fragment, and the first `ping -s 20000` to a new neighbour lost all but one. */
#define ARP_QUEUEING                1
#define ARP_QUEUE_LEN               64

/* TCP sized for bulk transfers between nodes (process migration).  The
 * receive window is 64 segments (91 KiB, so a window scale factor of 1):
 * measured against 44 segments (64 KiB) it is 13% faster on e1000, 11% on
 * virtio-net; 88 segments (128 KiB) overflow the emulated segment's socket
 * buffers, and lwIP (no SACK) recovers from a burst of losses only by a
 * retransmission timeout.  The send buffer is twice the window, so data is
 * ready to go whenever an ACK opens it. */
#define TCP_MSS                     1460
#define TCP_WND                     (64 * TCP_MSS)
#define LWIP_WND_SCALE              1
#define TCP_RCV_SCALE               1
#define TCP_SND_BUF                 (2 * TCP_WND)
#define TCP_SNDLOWAT                (40 * TCP_MSS)
#define TCP_SND_QUEUELEN            (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_LISTEN_BACKLOG          1
#define LWIP_TCP_KEEPALIVE          1
#define SO_REUSE                    1

/* APIs: netconn for the kernel; the socket layer for user programs is our own */
#define LWIP_NETCONN                1
#define LWIP_SOCKET                 0
#define LWIP_NETIF_API              1
#define LWIP_SO_RCVTIMEO            1
#define LWIP_SO_SNDTIMEO            1
#define LWIP_SO_RCVBUF              1
#define LWIP_NETCONN_FULLDUPLEX     0

/* interfaces */
#define LWIP_NETIF_LOOPBACK         1
#define LWIP_HAVE_LOOPIF            1
#define LWIP_LOOPBACK_MAX_PBUFS     64
#define LWIP_NETIF_STATUS_CALLBACK  1
#define LWIP_NETIF_LINK_CALLBACK    1
#define LWIP_NETIF_HOSTNAME         1
#define LWIP_SINGLE_NETIF           0

/* threads and mailboxes (sizes in messages; priorities are unused) */
#define TCPIP_THREAD_NAME           "tcpip"
#define TCPIP_THREAD_STACKSIZE      0
#define TCPIP_THREAD_PRIO           0
#define TCPIP_MBOX_SIZE             128
#define DEFAULT_THREAD_STACKSIZE    0
#define DEFAULT_RAW_RECVMBOX_SIZE   64
#define DEFAULT_UDP_RECVMBOX_SIZE   64
#define DEFAULT_TCP_RECVMBOX_SIZE   64
#define DEFAULT_ACCEPTMBOX_SIZE     16

/* counters for ifconfig and /proc */
#define LWIP_STATS                  1
#define LWIP_STATS_DISPLAY          0
#define LINK_STATS                  1
#define MEM_STATS                   0
#define MEMP_STATS                  0
#define SYS_STATS                   0
#define MIB2_STATS                  1       /* /proc/net/snmp */

#define LWIP_RAND()                 net_rand()
#define LWIP_CHECKSUM_ON_COPY       1
#include "net/chksum.h"
#define LWIP_CHKSUM                 net_chksum   /* 32-bit loads: half the loads of lwIP's */

#endif
