#!/usr/bin/env python3
"""Mosaic's benchmarks side by side with a stock Linux i386 guest (`make bench`).

Usage: tools/bench.py [--no-linux] [--runs N] [--mem MB] [--timeout S]
                      [--kernel build/mosaic.elf] [--initrd build/initrd.cpio]
                      [--rig ../shared/rigs/linux-guest] [--logs DIR]

Boots Mosaic N times with init=/bin/bench (userland/bench/), which measures
each figure in the guest with the TSC and prints `RESULT name unit median=...`
lines on the serial console, then powers off.  Then, in the same sitting,
runs the Linux reference rig's `local` part (run.sh; it needs root and a
prepared work folder, see its README) with the same number of boots and RAM.
Prints one table: figure, Mosaic, Linux, ratio (Mosaic / Linux), target, met?
Each column is the median over boots of each boot's in-guest median.

Benchmarks are not tests: nothing here fails because a target is missed.
The exit status is non-zero only when there is nothing to run.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402  (tools/qemu.py: the one place the QEMU command line is built)

APPEND = "init=/bin/bench console=serial"
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
                       modules=[args.initrd + " initrd"], serial=serial)
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


def run_mosaic(args, logdir):
    per_boot, skips, notes = {}, {}, []
    for i in range(1, args.runs + 1):
        r, s, note = boot_mosaic(args, logdir, i)
        for k, v in r.items():
            per_boot.setdefault(k, []).append(v)
        for k, v in s.items():
            skips.setdefault(k, v)
        if note:
            notes.append(note)
    return per_boot, skips, notes


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


def run_linux(args, logdir):
    """The rig's `local` part; returns ({metric: [per-boot values]}, notes)."""
    env = dict(os.environ, LG_RUNS=str(args.runs), LG_MEM=str(args.mem))
    log("Linux rig: %d boot(s) of the local part ..." % args.runs)
    p = subprocess.run(["bash", os.path.join(args.rig, "run.sh"), "local"], env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=None,
                       universal_newlines=True)
    with open(os.path.join(logdir, "linux-run.txt"), "w") as f:
        f.write(p.stdout)
    m = re.search(r"^logs: (.+)$", p.stdout, re.M)
    tsv = os.path.join(m.group(1).strip(), "metrics.tsv") if m else None
    if not tsv or not os.path.exists(tsv):
        return {}, ["Linux rig: no metrics (status %d; output in %s)"
                    % (p.returncode, os.path.join(logdir, "linux-run.txt"))]
    values = {}
    with open(tsv) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                try:
                    values.setdefault(parts[1], []).append(float(parts[3]))
                except ValueError:
                    pass
    with open(os.path.join(logdir, "cmdlines.txt"), "a") as f:
        f.write("linux: rig logs in %s\n" % m.group(1).strip())
    return values, []


def fmt(x):
    if x is None:
        return "n/a"
    return "%.0f" % x if x >= 100 else "%.1f" % x if x >= 10 else "%.2f" % x


def table(mosaic, skips, linux, with_linux):
    """The results as a Markdown table and a list of footnotes."""
    med = lambda d, k: statistics.median(d[k]) if k and d.get(k) else None  # noqa: E731
    rows, notes = [], []
    if with_linux:
        rows.append("| figure | unit | Mosaic | Linux | ratio | target | met? |")
        rows.append("|---|---|---|---|---|---|---|")
    else:
        rows.append("| figure | unit | Mosaic | target |")
        rows.append("|---|---|---|---|")
    for label, mname, lname, unit, target in FIGURES:
        m, lx = med(mosaic, mname), med(linux, lname)
        if not with_linux and mname is None:
            continue
        if with_linux and m is None and lx is None:
            continue
        cell = fmt(m) if mname else "-"
        if mname and m is None:
            reason = skips.get(mname, "no RESULT line (the guest stopped or timed out first?)")
            notes.append("%s: n/a on Mosaic: %s" % (label, reason))
        tgt = "%s %g× Linux" % ("≤" if target[0] == "<=" else "≥", target[1]) if target else "-"
        if not with_linux:
            rows.append("| %s | %s | %s | %s |" % (label, unit, cell, tgt))
            continue
        ratio = m / lx if m is not None and lx else None
        met = "-"
        if target and ratio is not None:
            met = "yes" if (ratio <= target[1] if target[0] == "<=" else ratio >= target[1]) else "NO"
        rows.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            label, unit, cell, fmt(lx), "%.2f" % ratio if ratio is not None else "n/a", tgt, met))
    return rows, notes


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--no-linux", action="store_true", help="measure Mosaic only")
    p.add_argument("--runs", type=int, default=2, help="boots per guest (default 2, as the rig)")
    p.add_argument("--mem", type=int, default=256, help="guest RAM in MiB (default 256, as the rig)")
    p.add_argument("--timeout", type=int, default=900, help="seconds before a Mosaic boot is killed")
    p.add_argument("--kernel", default=os.path.join(ROOT, "build", "mosaic.elf"))
    p.add_argument("--initrd", default=os.path.join(ROOT, "build", "initrd.cpio"))
    p.add_argument("--rig", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "rigs",
                                                                  "linux-guest")))
    p.add_argument("--logs", default=os.path.join(ROOT, "build", "bench-logs"))
    args = p.parse_args()
    args.runs = max(1, args.runs)
    for f in (args.kernel, args.initrd):
        if not os.path.exists(f):
            log("%s is missing: run `make` first" % f)
            return 2

    logdir = os.path.join(args.logs, time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(logdir, exist_ok=True)
    why_not = "--no-linux" if args.no_linux else linux_unavailable(args)
    if why_not and not args.no_linux:
        log("Linux rig skipped: " + why_not)
    started = time.strftime("%Y-%m-%d %H:%M")
    load = os.getloadavg()[0]

    mosaic, skips, notes = run_mosaic(args, logdir)
    linux = {}
    if not why_not:
        linux, lnotes = run_linux(args, logdir)
        notes += lnotes

    rows, fnotes = table(mosaic, skips, linux, not why_not)
    out = ["", "Mosaic%s, %s, %d boot(s) each, -m %d, TCG, host load %.2f at start" % (
        "" if why_not else " and Linux (same QEMU, same sitting)", started, args.runs,
        args.mem, load), ""] + rows
    if why_not:
        out.append("")
        out.append("Linux column skipped: " + why_not)
    for n in fnotes + notes:
        out.append("note: " + n)
    out.append("")
    out.append("ratio = Mosaic / Linux; each figure is the median over boots of the in-guest median.")
    out.append("logs: " + logdir)
    text = "\n".join(out)
    print(text)
    with open(os.path.join(logdir, "table.md"), "w") as f:
        f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
