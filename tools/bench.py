#!/usr/bin/env python3
"""Mosaic's benchmarks side by side with a stock Linux i386 guest (`make bench`).

Usage: tools/bench.py [--no-linux] [--runs N] [--mem MB] [--timeout S]
                      [--kernel build/mosaic.elf] [--initrd build/initrd.cpio]
                      [--rig ../shared/rigs/linux-guest] [--logs DIR] [--qemu-arg ARG]...

Boots Mosaic with init=/bin/bench (userland/bench/), which measures each
figure in the guest with the TSC, prints `RESULT name unit median=...` lines
on the serial console and powers off.  In the same sitting it runs the Linux
reference rig's `local` part (run.sh; needs root and a prepared work folder,
see its README) with the same RAM, alternating the two guests boot by boot
(Mosaic, Linux, Mosaic, Linux ...) so that a change in host load hits both.
Prints one table: figure, Mosaic, Linux, ratio (Mosaic / Linux), target, met?
Each column is the median over boots of each boot's in-guest median.

Benchmarks are not tests: nothing here fails because a target is missed.
The exit status is non-zero only when there is nothing to run.
"""
import argparse
import os
import re
import shutil
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


def boot_linux(args, logdir, i):
    """One boot of the rig's `local` part; returns ({metric: value}, note)."""
    env = dict(os.environ, LG_RUNS="1", LG_MEM=str(args.mem))
    out = os.path.join(logdir, "linux-%d.txt" % i)
    t0 = time.monotonic()
    p = subprocess.run(["bash", os.path.join(args.rig, "run.sh"), "local"], env=env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    with open(out, "w") as f:
        f.write(p.stdout)
    m = re.search(r"^logs: (.+)$", p.stdout, re.M)
    tsv = os.path.join(m.group(1).strip(), "metrics.tsv") if m else None
    if not tsv or not os.path.exists(tsv):
        return {}, "Linux boot %d: no metrics (status %d; see %s)" % (i, p.returncode, out)
    values = {}
    with open(tsv) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                try:
                    values[parts[1]] = float(parts[3])
                except ValueError:
                    pass
    with open(os.path.join(logdir, "cmdlines.txt"), "a") as f:
        f.write("linux boot %d: rig logs in %s\n" % (i, m.group(1).strip()))
    log("Linux boot %d/%d: %d figures in %.0f s" % (i, args.runs, len(values),
                                                   time.monotonic() - t0))
    return values, None


def run_all(args, logdir, with_linux):
    """Alternate the guests; returns per-boot values of both, Mosaic's SKIPs, notes."""
    mosaic, linux, skips, notes = {}, {}, {}, []
    for i in range(1, args.runs + 1):
        r, s, note = boot_mosaic(args, logdir, i)
        for k, v in r.items():
            mosaic.setdefault(k, []).append(v)
        for k, v in s.items():
            skips.setdefault(k, v)
        notes += [note] if note else []
        if with_linux:
            r, note = boot_linux(args, logdir, i)
            for k, v in r.items():
                linux.setdefault(k, []).append(v)
            notes += [note] if note else []
    return mosaic, linux, skips, notes


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


def table(mosaic, skips, linux, with_linux):
    """The results as Markdown table rows, and footnotes for the n/a cells."""
    rows, notes = [], []
    if with_linux:
        rows += ["| figure | unit | Mosaic | Linux | ratio | target | met? |",
                 "|---|---|---|---|---|---|---|"]
    else:
        rows += ["| figure | unit | Mosaic | target |", "|---|---|---|---|"]
    for label, mname, lname, unit, target in FIGURES:
        m, lx = median_of(mosaic, mname), median_of(linux, lname)
        if mname is None and (not with_linux or lx is None):
            continue
        if mname and m is None:
            reason = skips.get(mname, "no RESULT line (the guest stopped or timed out first?)")
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
    rows, fnotes = table(mosaic, skips, linux, not why_not)
    out = ["", "%s, %s, %d boot(s)%s, -m %d, TCG" % (
        "Mosaic" if why_not else "Mosaic and Linux (same QEMU, same sitting, alternating)",
        when, args.runs, "" if why_not else " each", args.mem), ""] + rows
    if why_not:
        out += ["", "Linux column skipped: " + why_not]
    out += ["note: " + n for n in fnotes + notes]
    out += ["", "per-boot medians:"]
    for label, mname, lname, unit, _ in FIGURES:
        mv, lv = mosaic.get(mname, []) if mname else [], linux.get(lname, [])
        if mv or lv:
            line = "  %-34s Mosaic %-24s" % (label, ", ".join(fmt(v) for v in mv) or "-")
            if not why_not:
                line += " Linux " + (", ".join(fmt(v) for v in lv) or "-")
            out.append(line.rstrip())
    if args.qemu_arg:
        out.append("Mosaic booted with extra QEMU arguments: " + " ".join(args.qemu_arg))
    out += ["", "ratio = Mosaic / Linux; each cell is the median over boots of the in-guest "
                "median."]
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--no-linux", action="store_true", help="measure Mosaic only")
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
