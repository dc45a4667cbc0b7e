"""Cluster launcher tests: tools/mosaic starts nodes in the background,
runs shell commands on them with their exit status, lists and stops them
leaving no process behind, and keeps two clusters running at once apart.

The tests drive tools/mosaic as people do, through its command line; each
cluster gets a name of its own (so tests may run at once) and is stopped at
the end.  The network tests (ping) need a working NIC driver and say so
plainly when they fail; the console logs of a failing test's clusters are
kept in build/test-logs/<test>/.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import threading

import pytest

from conftest import BUILD, LOGS, ROOT

sys.path.insert(0, os.path.join(ROOT, "tools"))
import mosaiclib  # noqa: E402  (the console and segment code tools/mosaic uses)

MOSAIC = os.path.join(ROOT, "tools", "mosaic")
HARD_TIMEOUT = 600      # seconds any QEMU of these tests may live


def mosaic(*args, timeout=300, stdin=None):
    """Run tools/mosaic; returns the CompletedProcess (text output)."""
    return subprocess.run([sys.executable, MOSAIC] + [str(a) for a in args], input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=timeout)


def leftovers(cluster_dir):
    """Processes whose command line names the cluster's directory."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if cluster_dir + "/" in cmdline and int(pid) != os.getpid():
            found.append("%s: %s" % (pid, cmdline[:200]))
    return found


class Cluster:
    """A cluster started by a test: its name, directory and the commands on it."""

    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(BUILD, "cluster", name)

    def up(self, *args):
        r = mosaic("up", "--name", self.name, "--timeout", HARD_TIMEOUT, *args)
        assert r.returncode == 0, "up failed:\n" + r.stdout + r.stderr
        return r

    def run(self, *args, **kw):
        return mosaic(args[0], "--name", self.name, *args[1:], **kw)

    def exec(self, node, command, timeout=60):
        """(output, status) of a command on a node."""
        r = self.run("exec", "--timeout", timeout, node, "--", command, timeout=timeout + 30)
        assert r.returncode < 124, "exec %r on node %s failed:\n%s" % (command, node, r.stderr)
        return r.stdout, r.returncode

    def conf(self):
        with open(os.path.join(self.dir, "cluster.json")) as f:
            return json.load(f)

    def mac(self, n):
        port = self.conf()["port"]
        return "52:54:00:%02x:%02x:%02x" % (port >> 8, port & 0xFF, n)

    def log_tail(self, n):
        return mosaiclib.log_tail(os.path.join(self.dir, "node%d.log" % n))


@pytest.fixture
def clusters(request):
    """clusters(tag) makes a Cluster; all are stopped at the end of the test and
    their directories removed (copied to build/test-logs/ first on failure)."""
    made = []

    def make(tag="a"):
        c = Cluster("pytest-%d-%s" % (os.getpid(), tag))
        made.append(c)
        return c

    yield make
    failed = any(getattr(request.node, "rep_" + w, None) is not None and
                 getattr(request.node, "rep_" + w).failed for w in ("setup", "call"))
    for c in made:
        mosaic("down", "--name", c.name)
        if failed and os.path.isdir(c.dir):
            dest = os.path.join(LOGS, re.sub(r"[^\w.-]+", "_", request.node.name), c.name)
            shutil.copytree(c.dir, dest, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.sock", "*.lock"))
        shutil.rmtree(c.dir, ignore_errors=True)


def network_failure(c, what, nodes=(1, 2)):
    """A clear failure for a network check: drivers may not be finished."""
    tails = "\n".join("--- %s node %d ---\n%s" % (c.name, n, c.log_tail(n)) for n in nodes)
    pytest.fail("NETWORK: %s (is the NIC driver there and working?)\n%s" % (what, tails))


def test_up_exec_status_down(clusters):
    c = clusters()
    r = c.up("-n", 2)
    assert "node 1: shell ready" in r.stdout and "node 2: shell ready" in r.stdout
    assert c.exec(1, "echo hello") == ("hello\n", 0)
    assert c.exec(2, "false") == ("", 1)
    out, status = c.exec(2, "ls /bin | grep -c sh")
    assert status == 0 and out.strip().isdigit()

    r = c.run("status")
    assert r.returncode == 0, r.stderr
    rows = [l.split() for l in r.stdout.splitlines() if re.match(r"\d+\s", l)]
    assert [row[0] for row in rows] == ["1", "2"] and all(row[1] == "running" for row in rows)
    assert "10.0.0.2" in r.stdout

    r = c.run("down")
    assert r.returncode == 0, r.stderr
    assert leftovers(c.dir) == []
    assert c.run("status").returncode == 1


def test_kernel_command_line_names_the_node(clusters):
    c = clusters()
    c.up("-n", 2, "--append", "hz=250")
    with open(os.path.join(c.dir, "node2.log")) as f:
        boot_line = re.search(r"command line '([^']*)'", f.read()).group(1)
    assert "node=2 ip=10.0.0.2/24 hostname=node2" in boot_line and "hz=250" in boot_line
    assert c.mac(2) in c.run("status").stdout


def test_exec_reports_errors(clusters):
    c = clusters()
    c.up("-n", 1)
    out, status = c.exec(1, "echo a; ( ; echo b")            # the shell refuses the line
    assert status == 2 and "syntax error" in out
    assert c.exec(1, "echo still here") == ("still here\n", 0)
    r = c.run("exec", 3, "--", "true")
    assert r.returncode == 255 and "node 3" in r.stderr
    r = mosaic("exec", "--name", c.name + "-none", 1, "--", "true")
    assert r.returncode != 0 and "no cluster" in r.stderr


def test_run_with_piped_input_stops_the_cluster(clusters):
    c = clusters()
    r = c.run("run", "-n", 2, "--timeout", HARD_TIMEOUT, stdin='echo run""-ok\n')
    assert r.returncode == 0, r.stdout + r.stderr
    assert "\nrun-ok" in r.stdout.replace("\r", "")         # the typed line reads run""-ok
    assert "stopped" in r.stdout
    assert leftovers(c.dir) == []


def test_host_pings_nodes_on_the_segment(clusters):
    c = clusters()
    c.up("-n", 2)
    r = c.run("ping", 2, "-c", 2)
    if r.returncode != 0:
        network_failure(c, "the host (10.0.0.254) got no echo reply from node 2:\n" + r.stdout
                        + r.stderr)
    assert c.mac(2) in r.stdout


def watch_segment(c, seconds, box):
    seg = mosaiclib.Segment(c.conf()["group"], c.conf()["port"], "52:54:00:00:00:fe", "10.0.0.253")
    try:
        box[c.name] = seg.watch(seconds)
    finally:
        seg.close()


def test_two_clusters_do_not_see_each_other(clusters):
    a, b = clusters("a"), clusters("b")
    a.up("-n", 2)
    b.up("-n", 2)
    assert a.conf()["port"] != b.conf()["port"]
    seen = {}
    watchers = [threading.Thread(target=watch_segment, args=(c, 6, seen)) for c in (a, b)]
    for t in watchers:
        t.start()
    out, status = a.exec(1, "ping -c 2 10.0.0.2", timeout=30)
    for t in watchers:
        t.join()
    if status != 0:
        network_failure(a, "node 1 could not ping 10.0.0.2 on its own segment:\n" + out)
    a_prefix, b_prefix = a.mac(0)[:15], b.mac(0)[:15]
    a_sources = {src for src, _, _ in seen[a.name]}
    b_sources = {src for src, _, _ in seen[b.name]}
    assert a.mac(1) in a_sources and a.mac(2) in a_sources, "A's frames missing on A's segment"
    assert not [s for s in b_sources if s.startswith(a_prefix)], "A's frames reached B's segment"
    assert not [s for s in a_sources if s.startswith(b_prefix)], "B's frames reached A's segment"
    # B's own segment works too: its node 1 reaches its node 2.
    out, status = b.exec(1, "ping -c 1 10.0.0.2", timeout=30)
    if status != 0:
        network_failure(b, "cluster B's node 1 could not ping its own node 2:\n" + out)


@pytest.mark.parametrize("nic", ["e1000", "rtl8139", "virtio"])
def test_nodes_ping_each_other(clusters, nic):
    c = clusters()
    c.up("-n", 2, "--nic", nic)
    out, status = c.exec(1, "ping -c 1 10.0.0.2", timeout=30)
    if status != 0:
        network_failure(c, "%s: node 1 could not ping node 2:\n%s" % (nic, out))


@pytest.mark.skipif(os.geteuid() != 0, reason="--net tap needs root (a network namespace)")
def test_tap_network_in_a_namespace(clusters):
    c = clusters()
    c.up("-n", 2, "--net", "tap")
    ns = c.conf()["netns"]
    r = c.run("ping", 2)
    if r.returncode != 0:
        network_failure(c, "the host side 10.0.0.254 could not ping node 2:\n" + r.stdout
                        + r.stderr)
    out, status = c.exec(1, "ping -c 1 10.0.0.254", timeout=30)
    if status != 0:
        network_failure(c, "node 1 could not ping the host side 10.0.0.254:\n" + out)
    assert c.run("down").returncode == 0
    assert ns not in subprocess.run(["ip", "netns", "list"], stdout=subprocess.PIPE,
                                    text=True).stdout
    assert leftovers(c.dir) == []
