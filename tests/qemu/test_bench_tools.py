"""tools/linux_nics.py, which gives `make bench` a Linux pair on each NIC
model: checked on a fake rig (no QEMU, no Linux), since a wrong initramfs
or QEMU command line would only show as a missing Linux column.  The
derived initramfs must be the rig's archive, padded to 4 bytes, then a
second archive with the modules and /nic-init; the QEMU wrapper must pass
every argument through but the e1000 device."""
import gzip
import os
import stat
import subprocess
import sys
import zlib

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "tools"))
import linux_nics  # noqa: E402


def parse_newc(data):
    """{path: (mode, bytes)} of a newc cpio archive, up to its trailer."""
    files, at = {}, 0
    while True:
        assert data[at:at + 6] == b"070701", "bad cpio magic at %d" % at
        fields = [int(data[at + 6 + 8 * i:at + 14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = fields[1], fields[6], fields[11]
        name_at = at + 110
        name = data[name_at:name_at + namesize - 1].decode()
        body = name_at + namesize + (-(name_at + namesize) % 4)
        if name == "TRAILER!!!":
            return files
        files[name] = (mode, data[body:body + size])
        at = body + size + (-(body + size) % 4)


def gzip_members(data):
    """The decompressed gzip members of data, skipping zero padding between them."""
    out = []
    while data.strip(b"\0"):
        data = data.lstrip(b"\0")
        d = zlib.decompressobj(wbits=31)
        out.append(d.decompress(data))
        assert d.eof, "a truncated gzip member"
        data = d.unused_data
    return out


def fake_rig(tmp_path):
    rig = tmp_path / "linux-guest"
    kernel = rig / "root" / "lib" / "modules" / "6.1.0-test" / "kernel"
    for mods in linux_nics.MODULES.values():
        for rel in mods:
            (kernel / rel).parent.mkdir(parents=True, exist_ok=True)
            (kernel / rel).write_bytes(b"module " + rel.encode())
    for name in ("vmlinuz", "kernel-version.txt", "busybox-version.txt"):
        (rig / name).write_text(name)
    base = linux_nics.cpio_newc([("init", stat.S_IFREG | 0o755, b"#!/bin/sh\n")])
    (rig / "initramfs.cpio.gz").write_bytes(gzip.compress(base, mtime=0))
    return rig


def test_e1000_is_the_rig_itself(tmp_path):
    rig = fake_rig(tmp_path)
    assert linux_nics.prepare(str(rig), "e1000") == (str(rig), {})


def fake_qemu(tmp_path):
    """A stand-in for QEMU that prints its arguments, NUL-separated."""
    path = tmp_path / "fake-qemu"
    path.write_text("#!/bin/sh\nprintf '%s\\0' \"$@\"\n")
    path.chmod(0o755)
    return str(path)


def test_derived_initramfs_and_qemu_wrapper(tmp_path, monkeypatch):
    rig = fake_rig(tmp_path)
    monkeypatch.setenv("LG_QEMU", fake_qemu(tmp_path))
    monkeypatch.setenv("LG_APPEND_EXTRA", "mitigations=off")
    for nic, device in (("virtio", "virtio-net-pci"), ("rtl8139", "rtl8139")):
        work, env = linux_nics.prepare(str(rig), nic)
        assert work == str(rig) + "-" + nic
        assert env["LG_WORK"] == work
        assert env["LG_APPEND_EXTRA"] == "mitigations=off rdinit=/nic-init"
        assert os.readlink(os.path.join(work, "vmlinuz")) == str(rig / "vmlinuz")

        data = open(os.path.join(work, "initramfs.cpio.gz"), "rb").read()
        rig_part = open(str(rig / "initramfs.cpio.gz"), "rb").read()
        pad = -len(rig_part) % 4           # the kernel looks for the next archive 4-aligned
        assert data.startswith(rig_part + b"\0" * pad + b"\x1f\x8b")
        first, second = gzip_members(data)
        assert "init" in parse_newc(first)
        added = parse_newc(second)
        mods = [os.path.basename(m) for m in linux_nics.MODULES[nic]]
        for rel, name in zip(linux_nics.MODULES[nic], mods):
            assert added["lib/nic/" + name][1] == b"module " + rel.encode()
        mode, script = added["nic-init"]
        assert stat.S_ISREG(mode) and mode & 0o111
        assert b"insmod /lib/nic/$m" in script and b"exec /init" in script
        assert (" ".join(mods)).encode() in script      # dependencies first, as listed

        out = subprocess.run([env["LG_QEMU"], "-m", "256", "-device",
                              "e1000,netdev=n0,mac=52:54:00:4c:47:01,romfile=", "-append",
                              "a b"], stdout=subprocess.PIPE, text=True, check=True).stdout
        assert out.split("\0") == ["-m", "256", "-device",
                                   device + ",netdev=n0,mac=52:54:00:4c:47:01,romfile=",
                                   "-append", "a b", ""]
        # nothing to swap: an error, not a pair quietly on e1000
        r = subprocess.run([env["LG_QEMU"], "-device", "e1000"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        assert r.returncode != 0 and "no -device e1000" in r.stderr, r


def test_missing_modules_say_so(tmp_path):
    rig = tmp_path / "empty-rig"
    rig.mkdir()
    try:
        linux_nics.prepare(str(rig), "virtio")
    except OSError as e:
        assert "no kernel modules" in str(e)
    else:
        raise AssertionError("prepare() accepted a rig without modules")
