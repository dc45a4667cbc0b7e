/*
 * The iperf server (net/iperf.c): lwIP's lwiperf app, an iperf2-compatible
 * TCP receiver that runs inside the tcpip thread, started and stopped
 * through /proc/net/iperf (the `iperf -s` command) or these calls.  Each
 * finished test leaves a report there and a line in the kernel log.
 * No lwIP header is needed here.
 */
#ifndef NET_IPERF_H
#define NET_IPERF_H

#include <stdbool.h>

#define IPERF_DEFAULT_PORT 5001
#define IPERF_REPORTS      16           /* finished tests /proc/net/iperf remembers */
#define IPERF_SESSIONS     8            /* tests at once; more clients are refused */

/* Register /proc/net/iperf (read: state and reports; write: "start [PORT]", "stop"). */
void iperf_init(void);
/* Listen on port (1..65535) on every address; 0, -EBUSY if a server
 * runs, -EADDRINUSE if a socket holds the port, -EINVAL or -ENOMEM. */
int iperf_start(unsigned port);
/* Stop listening (tests under way run to their end); 0 even if none ran. */
int iperf_stop(void);
bool iperf_running(void);

#endif
