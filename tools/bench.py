#!/usr/bin/env python3
"""Mosaic's benchmarks side by side with a stock Linux i386 guest (`make bench`).

Usage: tools/bench.py [--no-linux] [--no-net | --net-only] [--nics e1000,rtl8139,virtio]
                      [--runs N] [--mem MB] [--timeout S]
                      [--kernel build/mosaic.elf] [--initrd build/initrd.cpio]
                      [--rig ../shared/rigs/linux-guest] [--logs DIR] [--qemu-arg ARG]...

Local part: boots Mosaic with init=/bin/bench (userland/bench/), which
measures each figure in the guest with the TSC, prints `RESULT name unit
median=...` lines on the serial console and powers off.  Network part: per
NIC model, a 2-node cluster (tools/mosaic up --nic MODEL) runs `tcpperf -s`
on node 2 and `tcpperf -c` on node 1 (round trips of 1 B and 4 KiB, a
64 MiB stream).  In the same sitting it runs the Linux reference rig's
`local` and `net` parts (run.sh; needs root and a prepared work folder, see
its README) with the same RAM, the `net` part once per NIC model, alternating the guests (Mosaic, Linux,
Mosaic, Linux ...) so that a change in host load hits both.  Prints one
table: figure, Mosaic, Linux, ratio (Mosaic / Linux), target, met?  Each
column is the median over boots of each boot's in-guest median.

Benchmarks are not tests: nothing here fails because a target is missed.
The exit status is non-zero only when there is nothing to run.
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import linux_nics  # noqa: E402  (the rig's Linux pair on other NIC models)
import qemu  # noqa: E402  (tools/qemu.py: the one place the QEMU command line is built)

APPEND = "init=/bin/bench console=serial"
MOSAIC = os.path.join(ROOT, "tools", "mosaic")
NICS = ["e1000", "rtl8139", "virtio"]
NET_TRIPS = 1000            # round trips per tcpperf -r run (each size)
NET_RR_REPS = 5             # tcpperf -r runs per cluster (the rig: 5)
NET_STREAM = "64M"          # bytes per stream run (the rig: 64 MiB in 64 KiB writes)
NET_STREAM_REPS = 3         # stream runs per cluster (the rig: 3)
EXIT_POWEROFF = (0x13 << 1) | 1     # kernel/arch.h QEMU_EXIT_POWEROFF -> status 39

# (label, Mosaic figure, Linux figure, unit, target): target is (op, factor) on
# Mosaic / Linux, or None for figures shown only for context.
FIGURES = [
    ("null syscall (int $0x80 getppid)", "syscall_getppid_int80", "syscall_getppid_int80",
     "ns", ("<=", 0.7)),
    ("fork + exit + wait", "fork_exit_wait", "fork_exit_wait", "us", ("<=", 0.5)),
    ("fork + execve tiny + wait", "fork_execve_tiny_wait", "fork_execve_tiny_wait",
     "us", ("<=", 0.5)),
    ("pipe round trip (1 byte)", "pipe_pingpong_rtt", "pipe_pingpong_rtt", "us", ("<=", 0.7)),
    ("pipe bandwidth (64 KiB writes)", "pipe_bw_64k", "pipe_bw_64k", "MB/s", (">=", 1.0)),
    ("page fault (first write)", "pagefault_anon_write", "pagefault_anon_write",
     "ns/page", ("<=", 0.7)),
    ("kernel start to init", "boot_kernel_to_init_uptime", "boot_kernel_to_init_uptime",
     "ms", ("<=", 0.02)),
    # context only
    ("fork + execve libc-static + wait", "fork_execve_self_wait", "fork_execve_glibcstatic_wait",
     "us", None),
    ("page fault (first read)", "pagefault_anon_read_zeropage", "pagefault_anon_read_zeropage",
     "ns/page", None),
    ("null syscall (vDSO sysenter)", None, "syscall_getppid_vdso", "ns", None),
]

# The network figures, per NIC model: (label, Mosaic figure suffix, Linux
# figure, unit, target).  Each NIC row is compared with a Linux pair on the same
# model (tools/linux_nics.py derives those from the rig's e1000 pair).  tcpperf's
# 4 KiB round trip echoes 4 KiB each way.
NET_FIGURES = [
    ("TCP round trip, 1 B", "tcp_rr_1B", "tcp_rr_1B", "us", ("<=", 1.0)),
    ("TCP round trip, 4 KiB", "tcp_rr_4KiB", "tcp_rr_4KiB_req_4KiB_resp", "us", ("<=", 1.0)),
    ("TCP throughput, 64 MiB", "tcp_stream_64MiB", "tcp_stream_64MiB", "MB/s", (">=", 0.8)),
    # context: host CPU time the receiving guest's QEMU spends per 64 MiB stream
    ("host CPU per 64 MiB, receiver", "rx_cpu_64MiB", "rx_cpu_64MiB", "s", None),
]

RR_RX = re.compile(r"^tcpperf: \d+ round trips of (\d+) bytes: ([0-9.]+) us each", re.M)
STREAM_RX = re.compile(r"^tcpperf: sent (\d+) bytes in [0-9.]+ s: ([0-9.]+) MB/s", re.M)

RESULT_RX = re.compile(r"^RESULT (\S+) (\S+) median=([-0-9.]+) ")
SKIP_RX = re.compile(r"^SKIP (\S+) \((.*)\)\s*$")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def parse_console(text):
    """RESULT medians {name: value} and SKIP reasons {name: reason} of one boot."""
    results, skips = {}, {}
    for line in text.replace("\r", "").split("\n"):
        line = re.sub(r"^\[\s*[0-9.]+\] ", "", line)
        m = RESULT_RX.match(line)
        if m:
            results[m.group(1)] = float(m.group(3))
            continue
        m = SKIP_RX.match(line)
        if m:
            skips[m.group(1)] = m.group(2)
    return results, skips


def boot_mosaic(args, logdir, i):
    """One boot of init=/bin/bench; returns (results, skips, note)."""
    serial = os.path.join(logdir, "mosaic-%d.log" % i)
    cmd = qemu.command(kernel=args.kernel, mem=args.mem, append=APPEND,
                       modules=[args.initrd + " initrd"], serial=serial, extra=args.qemu_arg)
    cmd = ["timeout", "-s", "KILL", str(args.timeout)] + cmd
    if i == 1:
        with open(os.path.join(logdir, "cmdlines.txt"), "a") as f:
            f.write("mosaic: %s\n" % " ".join(cmd))
    open(serial, "wb").close()
    t0 = time.monotonic()
    with open(serial + ".qemu", "wb") as qlog:
        rc = subprocess.call(cmd, stdin=subprocess.DEVNULL, stdout=qlog, stderr=subprocess.STDOUT)
    with open(serial, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    results, skips = parse_console(text)
    note = None
    if rc != EXIT_POWEROFF or "BENCH done" not in text:
        note = ("boot %d: QEMU status %d after %.0f s%s (see %s)"
                % (i, rc, time.monotonic() - t0,
                   ", killed by the timeout" if rc in (124, 137, -9) else "", serial))
    m = re.search(r"boot took (\d+) ms", text)
    log("Mosaic boot %d/%d: %d figures in %.0f s%s" % (
        i, args.runs, len(results), time.monotonic() - t0,
        ", kernel says boot took %s ms" % m.group(1) if m else ""))
    return results, skips, note


def rig_workdir():
    return os.environ.get("LG_WORK") or os.path.join(os.environ.get("TMPDIR") or "/tmp",
                                                      "linux-guest")


def linux_unavailable(args):
    """Why the Linux rig cannot run here, or None."""
    run_sh = os.path.join(args.rig, "run.sh")
    if not os.path.exists(run_sh):
        return "no rig at %s" % run_sh
    if os.geteuid() != 0:
        return "the rig needs root"
    work = rig_workdir()
    if not (os.path.exists(os.path.join(work, "vmlinuz"))
            and os.path.exists(os.path.join(work, "initramfs.cpio.gz"))):
        return "%s not prepared: run `bash %s/setup.sh` (as root) once" % (work, args.rig)
    return None


def qemu_cpu(pattern, pids=False):
    """{first group of pattern: CPU seconds (user + system) used so far, or with
    pids=True the pid} for each QEMU process whose command line (arguments joined
    by spaces) matches pattern."""
    cpu, tick = {}, os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().decode("utf-8", "replace").split("\0")
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        m = re.search(pattern, " ".join(argv))
        if m and "qemu" in os.path.basename(argv[0]):
            cpu[m.group(1)] = int(pid) if pids else (int(stat[11]) + int(stat[12])) / tick
    return cpu


class RigStreamCPU(threading.Thread):
    """Watches one guest pair of the rig's `net` part: the host CPU time its
    server (the receiving guest) uses between the client's last round-trip
    RESULT line and its stream RESULT line, per stream.  The pair is known by
    its multicast port (LG_MCAST_PORT), the client's log is the newest one."""

    def __init__(self, port, work):
        super().__init__(daemon=True)
        self.work = work
        self.rx = r"mcast=230\.0\.0\.1:%d,.* lg\.mode=(server)" % port
        self.started = time.time()
        self.done = threading.Event()
        self.per_stream = None

    def client_log(self):
        logs = os.path.join(self.work, "logs")
        try:
            dirs = [os.path.join(logs, d) for d in os.listdir(logs)]
            newest = max(dirs, key=os.path.getmtime)
            if os.path.getmtime(newest) >= self.started - 1:
                with open(os.path.join(newest, "net-1-client.log"), errors="replace") as f:
                    return f.read()
        except (OSError, ValueError):
            pass
        return ""

    def run(self):
        start = last = pid = None
        tick, polls = os.sysconf("SC_CLK_TCK"), 0
        while not self.done.wait(0.05):
            polls += 1
            if pid is None:         # look for the server twice a second, then read only its stat
                if polls % 10 == 0:
                    pid = qemu_cpu(self.rx, pids=True).get("server")
                continue
            try:
                with open("/proc/%d/stat" % pid) as f:
                    stat = f.read().rsplit(")", 1)[1].split()
                last = (int(stat[11]) + int(stat[12])) / tick
            except OSError:
                return              # the pair has stopped
            text = self.client_log()
            if start is None and "RESULT tcp_rr_4KiB_req_4KiB_resp " in text:
                start = last
            m = re.search(r"RESULT tcp_stream_64MiB .* reps=(\d+)", text)
            if m and start is not None and last is not None:
                self.per_stream = (last - start) / int(m.group(1))
                return


def boot_linux(args, logdir, i, part="local", nic="e1000"):
    """One boot of the rig's `local` part (or one guest pair of its `net`
    part, on NIC model nic); returns ({metric: value}, note).  Network
    figures are named net_<nic>_<rig's name>."""
    env = dict(os.environ, LG_RUNS="1", LG_MEM=str(args.mem))
    what = "" if part == "local" else "%s-%s-" % (part, nic)
    out = os.path.join(logdir, "linux-%s%d.txt" % (what, i))
    try:
        work, more = linux_nics.prepare(rig_workdir(), nic)
    except OSError as e:
        return {}, "Linux %s %d on %s: %s" % (part, i, nic, e)
    env.update(more)
    t0 = time.monotonic()
    watch = None
    if part == "net":
        env["LG_MCAST_PORT"] = str(random.randrange(20000, 40000))
        watch = RigStreamCPU(int(env["LG_MCAST_PORT"]), work)
        watch.start()
    p = subprocess.run(["bash", os.path.join(args.rig, "run.sh"), part], env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    if watch:
        watch.done.set()
        watch.join()
    with open(out, "w") as f:
        f.write(p.stdout)
    m = re.search(r"^logs: (.+)$", p.stdout, re.M)
    tsv = os.path.join(m.group(1).strip(), "metrics.tsv") if m else None
    if not tsv or not os.path.exists(tsv):
        return {}, "Linux %s %d: no metrics (status %d; see %s)" % (part, i, p.returncode, out)
    values = {}
    with open(tsv) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                try:
                    values[parts[1]] = float(parts[3])
                except ValueError:
                    pass
    if watch and watch.per_stream is not None:
        values["rx_cpu_64MiB"] = watch.per_stream
    if part == "net":
        values = {"net_%s_%s" % (nic, k): v for k, v in values.items()}
    with open(os.path.join(logdir, "cmdlines.txt"), "a") as f:
        f.write("linux %s%s %d: rig logs in %s\n" % (part, "" if part == "local" else " " + nic,
                                                     i, m.group(1).strip()))
    log("Linux %s %d/%d: %d figures in %.0f s" % (
        "boot" if part == "local" else "%s pair" % nic, i, args.runs, len(values),
        time.monotonic() - t0))
    return values, None


# ---------------------------------------------------------------------------
# The network part: two Mosaic nodes per NIC model, tcpperf between them
# ---------------------------------------------------------------------------
def own_netns():
    """Command prefix that starts a cluster in a network namespace of its own
    (root only, as the rig's pairs): other clusters' traffic on the host's
    loopback stays out, and the namespace's UDP counters are the cluster's."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return []
    return ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]


class NetRun:
    """One 2-node cluster of one NIC model: tools/mosaic calls, all logged."""

    def __init__(self, args, logdir, i, nic):
        self.args, self.nic = args, nic
        self.dir = os.path.join(logdir, "net-%d-%s" % (i, nic))
        self.log = open(self.dir + ".log", "w")

    def mosaic(self, *words, timeout=600):
        cmd = [sys.executable, MOSAIC] + [str(w) for w in words]
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True, timeout=timeout)
        self.log.write("$ %s\n%s[status %d]\n" % (" ".join(cmd[1:]), p.stdout, p.returncode))
        self.log.flush()
        return p.stdout, p.returncode

    def up(self):
        a = self.args
        cmd = own_netns() + [sys.executable, MOSAIC, "up", "--dir", self.dir, "-n", "2",
                             "--nic", self.nic, "--mem", str(a.mem), "--timeout", str(a.timeout),
                             "--kernel", a.kernel, "--initrd", a.initrd]
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True, timeout=600)
        self.log.write("$ %s\n%s[status %d]\n" % (" ".join(cmd), p.stdout, p.returncode))
        return p.returncode == 0

    def exec(self, node, command, timeout=120):
        return self.mosaic("exec", "--dir", self.dir, "--timeout", timeout, node, "--", command,
                           timeout=timeout + 60)

    def host_udp(self):
        """The Udp: lines of /proc/net/snmp in the nodes' namespace (RcvbufErrors:
        frames the host dropped because a QEMU did not read its socket in time)."""
        try:
            with open(os.path.join(self.dir, "node1.pid")) as f:
                pid = int(f.read())
            with open("/proc/%d/net/snmp" % pid) as f:
                lines = [l.split() for l in f if l.startswith("Udp:")]
            return dict(zip(lines[0][1:], lines[1][1:]))
        except (OSError, ValueError, IndexError):
            return {}

    def qemu_cpu(self):
        """{node: CPU seconds its QEMU has used so far}."""
        cpu = qemu_cpu(re.escape(self.dir) + r"/node(\d+)\.log")
        return {int(n): v for n, v in cpu.items()}

    def down(self):
        self.mosaic("down", "--dir", self.dir)
        self.log.close()


def net_figures(run):
    """Measure on a running cluster: {figure: in-run median}, or a reason string."""
    out, st = run.exec(2, "tcpperf -s > /tmp/tcpperf-s.log 2>&1 & true")
    if st != 0:
        return "could not start tcpperf -s on node 2"
    # ARP, the e1000's receive delay after start-up, the listener: wait for all three.
    deadline = time.monotonic() + 30
    while True:
        out, st = run.exec(1, "ping -c 1 -W 2 10.0.0.2 > /dev/null && tcpperf -c 10.0.0.2 -r -n 20")
        if st == 0:
            break
        if time.monotonic() > deadline:
            return "node 1 could not reach tcpperf -s on node 2: " + out.strip()[-200:]
        time.sleep(0.5)
    rr = {}
    for _ in range(NET_RR_REPS):
        out, st = run.exec(1, "tcpperf -c 10.0.0.2 -r -n %d" % NET_TRIPS, timeout=300)
        found = {size: float(us) for size, us in RR_RX.findall(out)}
        if st != 0 or set(found) != {"1", "4096"}:
            return "tcpperf -r failed: " + out.strip()[-200:]
        for size, us in found.items():
            rr.setdefault(size, []).append(us)
    streams, cpu0 = [], run.qemu_cpu()
    for _ in range(NET_STREAM_REPS):
        out, st = run.exec(1, "tcpperf -c 10.0.0.2 -n %s -l 64K" % NET_STREAM, timeout=600)
        m = STREAM_RX.search(out)
        if st != 0 or not m or "server received" in out:
            return "tcpperf stream failed: " + out.strip()[-200:]
        streams.append(float(m.group(2)))
    cpu1 = run.qemu_cpu()
    cpu = {n: (cpu1[n] - cpu0[n]) / NET_STREAM_REPS for n in (1, 2) if n in cpu0 and n in cpu1}
    run.log.write("round trips 1 B: %s us\nround trips 4 KiB: %s us\nstream: %s MB/s\n"
                  "host CPU s per stream: %s\n" % (rr["1"], rr["4096"], streams, cpu))
    got = {"tcp_rr_1B": statistics.median(rr["1"]),
           "tcp_rr_4KiB": statistics.median(rr["4096"]),
           "tcp_stream_64MiB": statistics.median(streams)}
    if 2 in cpu:
        got["rx_cpu_64MiB"] = cpu[2]
    return got


def net_mosaic(args, logdir, i):
    """One round of the network part: a cluster per NIC model in turn.
    Returns ({net_<nic>_<figure>: value}, notes)."""
    results, notes = {}, []
    for nic in args.nics:
        t0 = time.monotonic()
        run = NetRun(args, logdir, i, nic)
        try:
            got = net_figures(run) if run.up() else "the cluster did not come up"
            for n in (1, 2):
                run.exec(n, "cat /proc/net/dev")
            udp = run.host_udp()
            run.log.write("host UDP counters of the nodes' namespace: %s\n" % (udp or "unknown"))
        finally:
            run.down()
        if isinstance(got, str):
            notes.append("network %s, round %d: %s (see %s.log)" % (nic, i, got, run.dir))
            log("Mosaic network %s %d/%d: failed: %s" % (nic, i, args.runs, got))
            continue
        results.update({"net_%s_%s" % (nic, k): v for k, v in got.items()})
        if udp.get("RcvbufErrors", "0") != "0":
            notes.append("network %s, round %d: the host dropped %s frames (UDP RcvbufErrors)"
                         % (nic, i, udp["RcvbufErrors"]))
        log("Mosaic network %s %d/%d: %.0f us, %.0f us, %.1f MB/s in %.0f s" % (
            nic, i, args.runs, got["tcp_rr_1B"], got["tcp_rr_4KiB"], got["tcp_stream_64MiB"],
            time.monotonic() - t0))
    return results, notes


def merge(into, values):
    for k, v in values.items():
        into.setdefault(k, []).append(v)


def run_all(args, logdir, with_linux):
    """Alternate the guests; returns per-boot values of both, Mosaic's SKIPs, notes."""
    mosaic, linux, skips, notes = {}, {}, {}, []
    for i in range(1, args.runs + 1):
        if not args.net_only:
            r, s, note = boot_mosaic(args, logdir, i)
            merge(mosaic, r)
            for k, v in s.items():
                skips.setdefault(k, v)
            notes += [note] if note else []
            if with_linux:
                r, note = boot_linux(args, logdir, i)
                merge(linux, r)
                notes += [note] if note else []
        if args.nics:
            r, more = net_mosaic(args, logdir, i)
            merge(mosaic, r)
            notes += more
            for nic in args.nics if with_linux else []:
                r, note = boot_linux(args, logdir, i, "net", nic)
                merge(linux, r)
                notes += [note] if note else []
    return mosaic, linux, skips, notes


def figures(args):
    """The table's rows: (label, Mosaic figure, Linux figure, unit, target)."""
    rows = [] if args.net_only else list(FIGURES)
    for nic in args.nics:
        rows += [("%s, %s" % (label, nic), "net_%s_%s" % (nic, name), "net_%s_%s" % (nic, lname),
                  unit, target)
                 for label, name, lname, unit, target in NET_FIGURES]
    return rows


def fmt(x):
    if x is None:
        return "n/a"
    return "%.0f" % x if x >= 100 else "%.1f" % x if x >= 10 else "%.2f" % x


def target_text(target):
    return "%s %g× Linux" % ("≤" if target[0] == "<=" else "≥", target[1]) if target else "-"


def target_met(target, ratio):
    if not target or ratio is None:
        return "-"
    ok = ratio <= target[1] if target[0] == "<=" else ratio >= target[1]
    return "yes" if ok else "NO"


def median_of(values, name):
    return statistics.median(values[name]) if name and values.get(name) else None


def table(figs, mosaic, skips, linux, with_linux):
    """The results as Markdown table rows, and footnotes for the n/a cells."""
    rows, notes = [], []
    if with_linux:
        rows += ["| figure | unit | Mosaic | Linux | ratio | target | met? |",
                 "|---|---|---|---|---|---|---|"]
    else:
        rows += ["| figure | unit | Mosaic | target |", "|---|---|---|---|"]
    for label, mname, lname, unit, target in figs:
        m, lx = median_of(mosaic, mname), median_of(linux, lname)
        if mname is None and (not with_linux or lx is None):
            continue
        if mname and m is None:
            reason = skips.get(mname, "no measurement (see the notes below)" if
                               mname.startswith("net_") else
                               "no RESULT line (the guest stopped or timed out first?)")
            notes.append("%s: n/a on Mosaic: %s" % (label, reason))
        cell = fmt(m) if mname else "-"
        if not with_linux:
            rows.append("| %s | %s | %s | %s |" % (label, unit, cell, target_text(target)))
            continue
        ratio = m / lx if m is not None and lx else None
        rows.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            label, unit, cell, fmt(lx), "%.3g" % ratio if ratio is not None else "n/a",
            target_text(target), target_met(target, ratio)))
    return rows, notes


def report(args, why_not, mosaic, linux, skips, notes, when):
    """The printed result: heading, table, footnotes, per-boot medians."""
    figs = figures(args)
    rows, fnotes = table(figs, mosaic, skips, linux, not why_not)
    out = ["", "%s, %s, %d boot(s)%s, -m %d, TCG" % (
        "Mosaic" if why_not else "Mosaic and Linux (same QEMU, same sitting, alternating)",
        when, args.runs, "" if why_not else " each", args.mem), ""] + rows
    if why_not:
        out += ["", "Linux column skipped: " + why_not]
    out += ["note: " + n for n in fnotes + notes]
    out += ["", "per-boot medians:"]
    for label, mname, lname, unit, _ in figs:
        mv, lv = mosaic.get(mname, []) if mname else [], linux.get(lname, [])
        if mv or lv:
            line = "  %-40s Mosaic %-24s" % (label, ", ".join(fmt(v) for v in mv) or "-")
            if not why_not:
                line += " Linux " + (", ".join(fmt(v) for v in lv) or "-")
            out.append(line.rstrip())
    if args.qemu_arg:
        out.append("Mosaic booted with extra QEMU arguments: " + " ".join(args.qemu_arg))
    out += ["", "ratio = Mosaic / Linux; each cell is the median over boots of the in-guest "
                "median."]
    if args.nics:
        out += ["network: per NIC model a 2-node Mosaic cluster, tcpperf node 1 -> node 2 "
                "(%d x %d round trips, %d x %s B in 64 KiB writes per round);"
                % (NET_RR_REPS, NET_TRIPS, NET_STREAM_REPS, NET_STREAM),
                "  Linux: the rig's pair of guests on the same NIC model (8139cp for rtl8139, "
                "tools/linux_nics.py); 4 KiB = 4 KiB request, 4 KiB answer."]
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--no-linux", action="store_true", help="measure Mosaic only")
    p.add_argument("--no-net", action="store_true", help="skip the network part")
    p.add_argument("--net-only", action="store_true", help="only the network part")
    p.add_argument("--nics", default=",".join(NICS),
                   help="NIC models for the network part (default %s)" % ",".join(NICS))
    p.add_argument("--runs", type=int, default=2, help="boots per guest (default 2, as the rig)")
    p.add_argument("--mem", type=int, default=256,
                   help="guest RAM in MiB (default 256, as the rig)")
    p.add_argument("--timeout", type=int, default=900,
                   help="seconds before a Mosaic boot is killed")
    p.add_argument("--kernel", default=os.path.join(ROOT, "build", "mosaic.elf"))
    p.add_argument("--initrd", default=os.path.join(ROOT, "build", "initrd.cpio"))
    p.add_argument("--rig", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "rigs",
                                                                  "linux-guest")))
    p.add_argument("--logs", default=os.path.join(ROOT, "build", "bench-logs"))
    p.add_argument("--qemu-arg", action="append", default=[],
                   help="extra QEMU argument for the Mosaic boots only (diagnosis, e.g. "
                        "-mem-prealloc; the two guests then no longer run alike)")
    args = p.parse_args()
    args.runs = max(1, args.runs)
    args.nics = [] if args.no_net else [n for n in args.nics.split(",") if n]
    bad = [n for n in args.nics if n not in NICS]
    if bad or (args.net_only and not args.nics):
        p.error("--nics takes some of %s (and --net-only needs one)" % ",".join(NICS))
    for f in (args.kernel, args.initrd):
        if not os.path.exists(f):
            log("%s is missing: run `make` first" % f)
            return 2

    logdir = os.path.join(args.logs, time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(logdir, exist_ok=True)
    # Boot copies, so that a rebuild during the sitting cannot mix two kernels.
    for name, src in (("kernel", args.kernel), ("initrd", args.initrd)):
        dst = os.path.join(logdir, os.path.basename(src))
        shutil.copyfile(src, dst)
        setattr(args, name, dst)
    why_not = "--no-linux" if args.no_linux else linux_unavailable(args)
    if why_not and not args.no_linux:
        log("Linux rig skipped: " + why_not)
    started = time.strftime("%Y-%m-%d %H:%M")
    load = os.getloadavg()[0]

    mosaic, linux, skips, notes = run_all(args, logdir, not why_not)
    out = report(args, why_not, mosaic, linux, skips, notes,
                 "%s, host load %.2f at start" % (started, load))
    out.append("logs: " + logdir)
    text = "\n".join(out)
    print(text)
    with open(os.path.join(logdir, "table.md"), "w") as f:
        f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
