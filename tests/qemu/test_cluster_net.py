"""Cluster network tests: on clusters started with tools/mosaic, every node
pings every other, 16 MiB cross from one node to another over TCP with the
same POSIX checksum (`cksum`) on both ends, a UDP multicast datagram
reaches every member of the group (`mcast`), on the other nodes and on
the sending node itself (multicast loop, as on Linux), each
NIC model (e1000, rtl8139, virtio) carries ping and a 1 MiB transfer,
`ping -s` sizes up to 64 KiB come back reassembled, `arp` and `netstat`
show the peer and the connections, `route` the routes, and
`tools/mosaic down` leaves no QEMU process behind.

Each test starts its own cluster with a name no other test uses (so tests
may run at once) and stops it in a `finally`; a failing test's cluster
logs are kept in build/test-logs/<test>/.  Nothing here asserts on timing:
the figures are `make bench`'s business.
"""
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from conftest import BUILD, LOGS, ROOT

sys.path.insert(0, os.path.join(ROOT, "tools"))
import mosaiclib  # noqa: E402  (reads console logs for failure reports)

MOSAIC = os.path.join(ROOT, "tools", "mosaic")
HARD_TIMEOUT = 600          # seconds any QEMU of these tests may live
NICS = ["e1000", "rtl8139", "virtio"]
GROUP, GROUP_PORT = "239.1.2.3", 6000
HELLO_CKSUM = "3015617425 6"            # POSIX cksum of "hello\n" (GNU coreutils agrees)
CKSUM_LINE = re.compile(r"^(\d+) (\d+)$", re.M)


def mosaic(*args, timeout=300):
    """Run tools/mosaic; returns the CompletedProcess (text output)."""
    return subprocess.run([sys.executable, MOSAIC] + [str(a) for a in args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=timeout)


def qemu_processes(cluster_dir):
    """'pid: command line' of each QEMU whose command line names the cluster's directory."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        line = b" ".join(args).decode("utf-8", "replace")
        if b"qemu" in os.path.basename(args[0]) and cluster_dir + "/" in line \
                and mosaiclib.pid_alive(int(pid)):
            found.append("%s: %s" % (pid, line[:160]))
    return found


class Cluster:
    """A running cluster: commands on its nodes and what a failure report needs."""

    def __init__(self, name, nodes):
        self.name, self.nodes = name, nodes
        self.dir = os.path.join(BUILD, "cluster", name)

    def exec(self, node, command, timeout=60):
        """(output, status) of one shell command line on a node."""
        r = mosaic("exec", "--name", self.name, "--timeout", timeout, node, "--", command,
                   timeout=timeout + 30)
        if r.returncode >= 124:
            self.fail("`%s` on node %d: tools/mosaic exec gave status %d\n%s"
                      % (command, node, r.returncode, r.stdout + r.stderr))
        return r.stdout, r.returncode

    def fail(self, what):
        """Fail the test with what went wrong and the end of every node's console."""
        tails = "\n".join("--- node %d ---\n%s" % (n, mosaiclib.log_tail(
            os.path.join(self.dir, "node%d.log" % n), 15)) for n in range(1, self.nodes + 1))
        pytest.fail("%s: %s\n%s" % (self.name, what, tails), pytrace=False)

    def wait_output(self, node, command, pattern, timeout=60):
        """Run command on node again and again until its output matches pattern."""
        deadline = time.monotonic() + timeout
        while True:
            out, _ = self.exec(node, command)
            m = re.search(pattern, out, re.M)
            if m:
                return m
            if time.monotonic() > deadline:
                self.fail("node %d: %r never showed %r; last output:\n%s"
                          % (node, command, pattern, out))
            time.sleep(0.3)


@contextlib.contextmanager
def cluster(request, nodes, nic="e1000", append=None):
    """Start a cluster of `nodes` nodes named after the test; stop it in a
    finally, keep its logs if the test failed, and check nothing survived."""
    tag = re.sub(r"[^A-Za-z0-9]+", "-", request.node.name.replace("test_", "")).strip("-")
    c = Cluster("net-%d-%s" % (os.getpid(), tag[:24]), nodes)
    passed = False
    try:
        extra = ("--append", append) if append else ()
        r = mosaic("up", "--name", c.name, "-n", nodes, "--nic", nic, "--timeout", HARD_TIMEOUT, *extra)
        if r.returncode != 0:
            c.fail("tools/mosaic up failed (status %d):\n%s" % (r.returncode, r.stdout + r.stderr))
        yield c
        passed = True
    finally:
        down = mosaic("down", "--name", c.name)
        left = qemu_processes(c.dir)
        if not passed and os.path.isdir(c.dir):
            dest = os.path.join(LOGS, re.sub(r"[^\w.-]+", "_", request.node.name), c.name)
            shutil.copytree(c.dir, dest, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.sock", "*.lock"))
        shutil.rmtree(c.dir, ignore_errors=True)
    assert down.returncode == 0, "tools/mosaic down failed:\n" + down.stdout + down.stderr
    assert left == [], "QEMU processes left after down:\n" + "\n".join(left)


def addr(n):
    return "10.0.0.%d" % n


def ping_all(c, sources, targets):
    """Ping every target from every source (one exec per source); fails listing
    every pair that got no reply."""
    failed = []
    for n in sources:
        others = [m for m in targets if m != n]
        loop = "for m in %s; do ping -c 1 -W 2 10.0.0.$m > /dev/null; echo \"to $m: $?\"; done" \
               % " ".join(map(str, others))
        out, _ = c.exec(n, loop, timeout=30 + 3 * len(others))
        for m in others:
            if not re.search(r"^to %d: 0$" % m, out, re.M):
                failed.append("node %d -> %s" % (n, addr(m)))
    if failed:
        c.fail("no echo reply for %d of the pairs: %s" % (len(failed), ", ".join(failed)))


def cksum_of(c, node, out, what):
    """The `CRC BYTES' line of cksum's output."""
    m = CKSUM_LINE.search(out)
    if not m:
        c.fail("node %d: no cksum line for %s in:\n%s" % (node, what, out))
    return m.group(0)


def tcp_transfer(c, sender, receiver, nbytes, port=5000):
    """Send nbytes of random data from sender to receiver with nc; returns
    the (sender's, receiver's) cksum lines, which the caller compares."""
    out, status = c.exec(sender, "echo hello | cksum")
    assert (out.strip(), status) == (HELLO_CKSUM, 0), "cksum is broken on node %d" % sender
    out, status = c.exec(sender, "head -c %d /dev/urandom > /tmp/net.dat && cksum < /tmp/net.dat"
                         % nbytes, timeout=120)
    assert status == 0, "node %d could not make %d bytes of data:\n%s" % (sender, nbytes, out)
    sent = cksum_of(c, sender, out, "the data it sends")
    assert sent.endswith(" %d" % nbytes)
    # The receiver: a listener piped into cksum, in the background, its result in a file.
    c.exec(receiver, "rm -f /tmp/net.sum; ( nc -l %d < /dev/null | cksum; echo status $? ) "
                     "> /tmp/net.sum 2>&1 & true" % port)
    deadline = time.monotonic() + 30
    while True:                 # the listener may not be up yet: retry a refused connection
        out, status = c.exec(sender, "nc %s %d < /tmp/net.dat" % (addr(receiver), port),
                             timeout=300)
        if status == 0:
            break
        if "refused" not in out or time.monotonic() > deadline:
            c.fail("node %d -> node %d: nc failed (status %d):\n%s"
                   % (sender, receiver, status, out))
        time.sleep(0.3)
    m = c.wait_output(receiver, "cat /tmp/net.sum", r"^status (\d+)$", timeout=60)
    out, _ = c.exec(receiver, "cat /tmp/net.sum")
    assert m.group(1) == "0", "the receiving pipeline failed:\n" + out
    return sent, cksum_of(c, receiver, out, "what it received")


def test_every_node_pings_every_other(request):
    with cluster(request, 4) as c:
        ping_all(c, range(1, 5), range(1, 5))


def snmp(c, node, proto):
    """One protocol's counters from a node's /proc/net/snmp, as a dict."""
    out, status = c.exec(node, "cat /proc/net/snmp")
    rows = [l.split() for l in out.splitlines() if l.startswith(proto + ":")]
    assert status == 0 and len(rows) == 2, "no %s lines in /proc/net/snmp:\n%s" % (proto, out)
    return dict(zip(rows[0][1:], map(int, rows[1][1:])))


def if_counter(c, node, name):
    """One counter of /proc/net/if/eth0 on a node."""
    out, status = c.exec(node, "cat /proc/net/if/eth0")
    m = re.search(r"^%s: (\d+)$" % name, out, re.M)
    assert status == 0 and m, "no %s in /proc/net/if/eth0:\n%s" % (name, out)
    return int(m.group(1))


def test_16mib_tcp_transfer_arrives_intact(request):
    with cluster(request, 2) as c:
        before, merged_before = snmp(c, 2, "Tcp"), if_counter(c, 2, "rx_merged")
        sent, got = tcp_transfer(c, 1, 2, 16 << 20)
        assert got == sent, "node 2 received %s, node 1 sent %s (CRC bytes)" % (got, sent)
        # the counters saw it: at least one segment per 1460 bytes came in,
        # most of them merged by the driver into larger ones before TCP
        after, merged = snmp(c, 2, "Tcp"), if_counter(c, 2, "rx_merged") - merged_before
        segs = after["InSegs"] - before["InSegs"]
        assert segs + merged >= (16 << 20) // 1460, (segs, merged)
        assert 2 * merged > segs, "receive coalescing merged only %d of %d segments" % (merged, segs + merged)
        assert after["PassiveOpens"] == before["PassiveOpens"] + 1


def test_tcp_to_the_nodes_own_address(request):
    """A connection from a node to its own Ethernet address (lwIP loops it
    inside eth0, never onto the wire)."""
    with cluster(request, 1) as c:
        sent, got = tcp_transfer(c, 1, 1, 256 << 10)
        assert got == sent, "node 1 received %s from itself, sent %s (CRC bytes)" % (got, sent)


def multicast(c, receivers, wait=60):
    """Members on `receivers` join GROUP; node 1 sends three datagrams; returns
    {node: (its mcast recv exit status, its output)}."""
    for n in receivers:
        c.exec(n, "( mcast recv %s %d -n 1 -t %d -v; echo status $? ) > /tmp/mcast.out 2>&1 "
                  "& true" % (GROUP, GROUP_PORT, wait))
    for n in receivers:         # send only once every member has joined the group
        c.wait_output(n, "cat /tmp/mcast.out", r"mcast: joined %s" % re.escape(GROUP), 30)
    out, status = c.exec(1, "mcast send %s %d 'hello from node 1' -c 3 -i 0.3"
                         % (GROUP, GROUP_PORT))
    assert status == 0, "mcast send failed:\n" + out
    got = {}
    for n in receivers:
        m = c.wait_output(n, "cat /tmp/mcast.out", r"^status (\d+)$", timeout=wait + 30)
        got[n] = int(m.group(1)), c.exec(n, "cat /tmp/mcast.out")[0]
    return got


def test_multicast_reaches_every_member(request):
    with cluster(request, 3) as c:
        for n, (status, out) in multicast(c, (2, 3)).items():
            assert status == 0 and re.search(r"^from 10\.0\.0\.1:\d+: hello from node 1$",
                                             out, re.M), \
                "node %d did not get the datagram:\n%s" % (n, out)


def test_multicast_reaches_a_member_on_the_sender(request):
    """As on Linux, a member on the sending node hears the group too (multicast loop)."""
    with cluster(request, 2) as c:
        status, out = multicast(c, (1,), wait=5)[1]
        assert status == 0 and "hello from node 1" in out, "node 1's own member:\n" + out


def test_transfer_without_receive_coalescing(request):
    """gro=off on the command line: every segment goes up on its own."""
    with cluster(request, 2, append="gro=off") as c:
        sent, got = tcp_transfer(c, 1, 2, 4 << 20)
        assert got == sent, "node 2 received %s, node 1 sent %s (CRC bytes)" % (got, sent)
        assert if_counter(c, 2, "rx_merged") == 0


@pytest.mark.parametrize("nic", NICS)
def test_nic_model_ping_and_transfer(request, nic):
    with cluster(request, 2, nic) as c:
        ping_all(c, (1, 2), (1, 2))
        sent, got = tcp_transfer(c, 2, 1, 1 << 20)
        assert got == sent, "%s: node 1 received %s, node 2 sent %s" % (nic, got, sent)


def test_large_pings_are_fragmented_and_reassembled(request):
    """ping -s: the first datagram to a new neighbour is 14 fragments held
    while ARP resolves (ARP queueing), the largest is 45; both come back
    whole (65507 data bytes make a 65535-byte datagram).  -s 0 has no room
    for the send time, so no round trip is shown."""
    with cluster(request, 2) as c:
        before = snmp(c, 2, "Ip")
        for size in (20000, 65507):
            out, status = c.exec(1, "ping -c 1 -W 10 -s %d 10.0.0.2" % size, timeout=60)
            assert status == 0 and re.search(r"^%d bytes from 10\.0\.0\.2: icmp_seq=1 ttl=\d+ "
                                              r"time=" % (size + 8), out, re.M), out
        after = snmp(c, 2, "Ip")
        assert after["ReasmOKs"] - before["ReasmOKs"] >= 2, (before, after)
        out, status = c.exec(1, "ping -c 1 -s 0 10.0.0.2")
        assert status == 0 and re.search(r"^8 bytes from 10\.0\.0\.2: icmp_seq=1 ttl=\d+$",
                                          out, re.M), out
        out, status = c.exec(1, "ping -s 65508 10.0.0.2")
        assert status != 0 and "invalid size" in out, out


def test_netstat_and_arp_show_the_peer(request):
    """/proc/net/arp, tcp, udp and route through arp, netstat and route:
    the peer's MAC after a ping, a listener, the connection seen from both
    ends, a UDP socket, the subnet route and a default route once set."""
    with cluster(request, 2) as c:
        ping_all(c, (1,), (2,))
        out, _ = c.exec(2, "cat /proc/net/if/eth0")
        mac = re.search(r"^mac: (\S+)$", out, re.M).group(1)
        out, status = c.exec(1, "arp -n")
        assert status == 0 and re.search(r"^10\.0\.0\.2\s+ether\s+%s\s+C\s+eth0$" % mac, out,
                                          re.M), "node 1's ARP cache:\n" + out
        c.exec(2, "sleep 60 | nc -l 7000 > /dev/null & true")    # stdin open: no FIN yet
        c.wait_output(2, "netstat -l", r"^tcp\s+0\s+0\s+0\.0\.0\.0:7000\s+0\.0\.0\.0:\*\s+LISTEN$")
        c.exec(1, "sleep 60 | nc 10.0.0.2 7000 > /dev/null & true")
        m = c.wait_output(1, "netstat -t",
                          r"^tcp\s+0\s+0\s+10\.0\.0\.1:(\d+)\s+10\.0\.0\.2:7000\s+ESTABLISHED$")
        c.wait_output(2, "netstat -a", r"^tcp\s+0\s+0\s+10\.0\.0\.2:7000\s+10\.0\.0\.1:%s\s+"
                                       r"ESTABLISHED$" % m.group(1))
        c.exec(1, "mcast recv %s %d -n 1 -t 60 > /dev/null & true" % (GROUP, GROUP_PORT))
        c.wait_output(1, "netstat -lu", r"^udp\s+0\s+0\s+0\.0\.0\.0:%d\s+0\.0\.0\.0:\*\s*$"
                      % GROUP_PORT)
        out, status = c.exec(1, "netstat -x")
        assert status == 2 and "usage: netstat" in out, out
        out, status = c.exec(1, "route -n")
        assert status == 0 and re.search(r"^10\.0\.0\.0\s+0\.0\.0\.0\s+255\.255\.255\.0\s+U\s.*"
                                          r"\beth0$", out, re.M), out
        out, status = c.exec(1, "ifconfig eth0 gw 10.0.0.2 && route -n")
        assert status == 0 and re.search(r"^0\.0\.0\.0\s+10\.0\.0\.2\s+0\.0\.0\.0\s+UG\s.*"
                                          r"\beth0$", out, re.M), out


def test_down_leaves_no_qemu(request):
    with cluster(request, 2) as c:
        running = qemu_processes(c.dir)
        assert len(running) == 2, "expected one QEMU per node, found:\n" + "\n".join(running)
        pids = [int(p.split(":")[0]) for p in running]
        r = mosaic("down", "--name", c.name)
        assert r.returncode == 0, r.stdout + r.stderr
        assert qemu_processes(c.dir) == []
        assert not any(mosaiclib.pid_alive(p) for p in pids)
        assert mosaic("status", "--name", c.name).returncode == 1    # reported down
