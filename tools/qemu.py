#!/usr/bin/env python3
"""Start one Mosaic node in QEMU: the command line that `make run`,
`make qemu-gdb` and the QEMU tests share.

Usage: tools/qemu.py --kernel build/mosaic.elf [--mem MB] [--append "k=v ..."]
                     [--module FILE[=NAME]] [--iso FILE] [--interactive] [--gdb]

tools/mosaic builds its cluster nodes with command() too: network cards
(nic_args) on a shared segment, a console socket, and network boot (PXE).

TCG is the default accelerator (see ../shared/NOTES.md: the /dev/kvm on the
development machines breaks guests).  MOSAIC_ACCEL=kvm selects KVM, and only
takes effect where the CPU really has VMX or SVM and /dev/kvm is writable.
"""
import argparse
import os
import sys

QEMU = os.environ.get("QEMU", "qemu-system-i386")


def accel():
    """The -accel value: tcg unless KVM is asked for and really usable."""
    if os.environ.get("MOSAIC_ACCEL", "tcg") != "kvm":
        return "tcg"
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
    except OSError:
        flags = ""
    if (" vmx" in flags or " svm" in flags) and os.access("/dev/kvm", os.W_OK):
        return "kvm"
    print("qemu.py: MOSAIC_ACCEL=kvm but this CPU has no VMX/SVM; using TCG", file=sys.stderr)
    return "tcg"


# Network card models by the names tools/mosaic uses, and QEMU's device for each.
NIC_DEVICES = {"e1000": "e1000", "rtl8139": "rtl8139", "virtio": "virtio-net-pci"}


def nic_args(index, model, backend, mac, rom=False):
    """-netdev/-device arguments for one network card.

    backend: the -netdev value without its id ("socket,mcast=...", "user,...",
    "tap,ifname=...").  rom=False gives the card no option ROM (romfile=):
    a -kernel boot does not need iPXE, and skipping it saves time; a PXE
    boot needs it.
    """
    if model not in NIC_DEVICES:
        raise ValueError("unknown network card %r (known: %s)" % (model, ", ".join(NIC_DEVICES)))
    netdev = "net%d" % index
    device = "%s,netdev=%s,mac=%s" % (NIC_DEVICES[model], netdev, mac)
    if not rom:
        device += ",romfile="
    return ["-netdev", "%s,id=%s" % (backend, netdev), "-device", device]


def command(kernel=None, iso=None, mem=64, append="", modules=(), serial=None,
            interactive=False, gdb=False, extra=(), console_socket=None,
            nics=(), netboot=False, console_wait=False):
    """The QEMU argument list for one node.

    serial: a file path for the console log (tests), ignored when interactive.
    console_socket: also make the console a UNIX socket (QEMU listens) so a
    program can type into it; the log file still records everything.
    console_wait: QEMU waits for a client on console_socket before it starts
    the guest, so a client that stays connected receives every byte.  Read
    output from the socket, not the log: QEMU 7.2 logs a byte the socket
    refused (EAGAIN), then logs it again when the UART retries it, so the
    log shows it twice whenever the client lagged (chardev/char.c,
    qemu_chr_write_buffer).
    modules: Multiboot modules "FILE" or "FILE NAME" (for -kernel boots).
    nics: argument lists from nic_args(), one per network card.
    netboot: boot from the network (PXE through the first card's ROM)
    instead of a kernel or an ISO.
    """
    cmd = [QEMU, "-accel", accel(), "-m", str(mem), "-nodefaults", "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-vga", "std"]
    if netboot:
        cmd += ["-boot", "n"]
    elif kernel:
        cmd += ["-kernel", kernel]
        if append:
            cmd += ["-append", append]
        if modules:
            # QEMU's -initrd separates modules with commas; a module's own
            # arguments follow its path after a space.
            cmd += ["-initrd", ",".join(m.replace(",", ",,") for m in modules)]
    elif iso:
        cmd += ["-cdrom", iso, "-boot", "d"]
    else:
        raise ValueError("need a kernel or an ISO")
    if interactive:
        cmd += ["-display", "none", "-serial", "mon:stdio"]
    elif console_socket:
        cmd += ["-display", "none",
                "-chardev", "socket,id=con0,path=%s,server=on,wait=%s,logfile=%s"
                % (console_socket, "on" if console_wait else "off", serial or "/dev/null"),
                "-serial", "chardev:con0"]
    else:
        cmd += ["-display", "none", "-serial", "file:" + serial if serial else "null"]
    for nic in nics:
        cmd += nic
    if gdb:
        cmd += ["-s", "-S"]
    return cmd + list(extra)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--kernel")
    p.add_argument("--iso")
    p.add_argument("--mem", type=int, default=64)
    p.add_argument("--append", default="")
    p.add_argument("--module", action="append", default=[])
    p.add_argument("--interactive", action="store_true")
    p.add_argument("--gdb", action="store_true")
    a = p.parse_args()
    modules = [m.replace("=", " ", 1) for m in a.module]
    cmd = command(kernel=a.kernel, iso=a.iso, mem=a.mem, append=a.append, modules=modules,
                  interactive=a.interactive, gdb=a.gdb)
    if a.interactive:
        print("Mosaic in QEMU: Ctrl-A X quits, Ctrl-A C toggles the QEMU monitor.", file=sys.stderr)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
