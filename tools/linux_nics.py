"""Linux reference pairs on every NIC model Mosaic drives.

The rig in ../shared/rigs/linux-guest boots its two Linux guests with e1000
cards only: its initramfs carries e1000.ko and run.sh writes `-device e1000`.
For a like-for-like figure per NIC model, bench.py runs the same run.sh on a
derived work directory:

  - the rig's own kernel and initramfs, with a second cpio archive appended
    (the kernel unpacks concatenated archives in order) that adds the model's
    Linux driver and the modules it needs, plus /nic-init, which loads them
    and then runs the rig's /init unchanged (`rdinit=/nic-init` through
    LG_APPEND_EXTRA);
  - a `qemu` wrapper (LG_QEMU) that swaps the rig's `-device e1000,...` for
    the model's QEMU device, the same device name Mosaic's clusters use.

For rtl8139 the driver is 8139cp, the one stock Linux binds to QEMU's card
(PCI revision 0x20, an RTL8139C+; 8139too refuses it).  Nothing in the rig
itself is changed.
"""
import gzip
import os
import stat

import qemu

# Linux modules per NIC model, in load order (dependencies first).
MODULES = {
    "rtl8139": ["drivers/net/mii.ko", "drivers/net/ethernet/realtek/8139cp.ko"],
    "virtio": ["drivers/virtio/virtio.ko", "drivers/virtio/virtio_ring.ko",
               "drivers/virtio/virtio_pci_legacy_dev.ko",
               "drivers/virtio/virtio_pci_modern_dev.ko", "drivers/virtio/virtio_pci.ko",
               "net/core/failover.ko", "drivers/net/net_failover.ko",
               "drivers/net/virtio_net.ko"],
}

NIC_INIT = """#!/bin/sh
# Added by Mosaic's tools/linux_nics.py: load the %(nic)s driver, then the rig's /init.
for m in %(mods)s; do
\t/bin/busybox insmod /lib/nic/$m || echo "LG_ERROR insmod $m"
done
exec /init
"""

QEMU_WRAPPER = """#!/bin/sh
# Added by Mosaic's tools/linux_nics.py: the rig's QEMU command with its e1000
# cards swapped for %(device)s.  No card to swap is an error: the pair would
# run on e1000 and its figures land in the wrong row.
swapped=
for a in "$@"; do
\tshift
\tcase "$a" in
\te1000,*) a="%(device)s,${a#e1000,}" swapped=1 ;;
\tesac
\tset -- "$@" "$a"
done
[ -n "$swapped" ] || { echo "LG_ERROR linux_nics: no -device e1000,... to swap" >&2; exit 1; }
exec %(qemu)s "$@"
"""


def cpio_newc(entries):
    """A newc cpio archive of entries [(path, mode, data)], with its trailer."""
    out = bytearray()
    for ino, (path, mode, data) in enumerate(entries + [("TRAILER!!!", 0, b"")], 1):
        name = path.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0]
        out += b"070701" + b"".join(b"%08X" % f for f in fields) + name
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return bytes(out)


def kernel_modules_dir(rig_work):
    """The modules of the rig's kernel: setup.sh takes the first release
    under lib/modules (`ls | head -n 1`) for vmlinuz, and so do we."""
    base = os.path.join(rig_work, "root", "lib", "modules")
    releases = sorted(os.listdir(base)) if os.path.isdir(base) else []
    return os.path.join(base, releases[0], "kernel") if releases else None


def prepare(rig_work, nic):
    """Make (or refresh) the work directory for nic's Linux pair next to the
    rig's own; returns (work dir, extra environment for run.sh), or raises
    OSError saying what is missing."""
    if nic == "e1000":
        return rig_work, {}
    mods_dir = kernel_modules_dir(rig_work)
    if not mods_dir:
        raise OSError("no kernel modules under %s/root (rerun the rig's setup.sh)" % rig_work)
    work = "%s-%s" % (rig_work.rstrip("/"), nic)
    os.makedirs(work, exist_ok=True)
    for name in ("vmlinuz", "kernel-version.txt", "busybox-version.txt"):
        dst = os.path.join(work, name)
        if os.path.lexists(dst):
            os.remove(dst)
        os.symlink(os.path.join(rig_work, name), dst)

    names = [os.path.basename(m) for m in MODULES[nic]]
    entries = [("lib/nic", stat.S_IFDIR | 0o755, b"")]
    for rel, name in zip(MODULES[nic], names):
        with open(os.path.join(mods_dir, rel), "rb") as f:
            entries.append(("lib/nic/" + name, stat.S_IFREG | 0o644, f.read()))
    script = NIC_INIT % {"nic": nic, "mods": " ".join(names)}
    entries.append(("nic-init", stat.S_IFREG | 0o755, script.encode()))
    with open(os.path.join(rig_work, "initramfs.cpio.gz"), "rb") as f:
        base = f.read()
    # Pad the first archive to 4 bytes: the kernel looks for the next one there.
    with open(os.path.join(work, "initramfs.cpio.gz"), "wb") as f:
        f.write(base + b"\0" * (-len(base) % 4) + gzip.compress(cpio_newc(entries), 9))

    wrapper = os.path.join(work, "qemu")
    with open(wrapper, "w") as f:
        f.write(QEMU_WRAPPER % {"device": qemu.NIC_DEVICES[nic],
                                "qemu": os.environ.get("LG_QEMU", "qemu-system-i386")})
    os.chmod(wrapper, 0o755)
    extra = (os.environ.get("LG_APPEND_EXTRA", "") + " rdinit=/nic-init").strip()
    return work, {"LG_WORK": work, "LG_QEMU": wrapper, "LG_APPEND_EXTRA": extra}
