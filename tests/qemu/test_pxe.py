"""Network boot tests: `make pxe` builds a GRUB 2 network-boot directory;
`tools/mosaic pxe` boots a node from it through QEMU's iPXE ROM and its
user network (DHCP and TFTP built in) up to a shell; and, as root, `tools/
mosaic lab` PXE-boots two nodes from dnsmasq on a bridge in a network
namespace, where they get 10.0.0.1 and 10.0.0.2 by DHCP and take their
node ids from those addresses.

Booting needs only GRUB and the kernel; the DHCP lease the kernel's own
driver takes afterwards is checked only when its log line is there.
"""
import os
import re
import subprocess
import time

import pytest

from conftest import BUILD, ROOT
from test_cluster import clusters, leftovers, mosaic  # noqa: F401 (a fixture)

PXE = os.path.join(BUILD, "pxe")
CORE = os.path.join(PXE, "boot", "grub", "i386-pc", "core.0")
LEASE_LINE = r"net: eth0 (\d+\.\d+\.\d+\.\d+)/\d+ via DHCP"


@pytest.fixture(scope="module")
def pxe_dir():
    r = subprocess.run(["make", "-s", "pxe"], cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=600)
    assert r.returncode == 0, "make pxe failed:\n" + r.stdout
    return PXE


def lease_if_logged(log, seconds=10):
    """The address of the kernel's DHCP lease line, waiting a little for it; None if absent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with open(log, errors="replace") as f:
            m = re.search(LEASE_LINE, f.read())
        if m:
            return m.group(1)
        time.sleep(0.2)
    return None


def test_make_pxe_builds_the_directory(pxe_dir):
    for f in (CORE, os.path.join(pxe_dir, "mosaic.elf"), os.path.join(pxe_dir, "initrd.cpio")):
        assert os.path.getsize(f) > 0, f
    with open(os.path.join(pxe_dir, "boot", "grub", "grub.cfg")) as f:
        cfg = f.read()
    assert "set timeout=0" in cfg
    assert re.search(r"^\s*multiboot /mosaic\.elf .*ip=dhcp", cfg, re.M)
    assert re.search(r"^\s*module /initrd\.cpio initrd$", cfg, re.M)
    with open(os.path.join(BUILD, "mosaic.elf"), "rb") as a, \
            open(os.path.join(pxe_dir, "mosaic.elf"), "rb") as b:
        assert a.read() == b.read(), "build/pxe/mosaic.elf is not the kernel just built"


def test_pxe_boot_through_qemu_user_network(pxe_dir, clusters):
    c = clusters("pxe")
    r = mosaic("pxe", "--name", c.name, "--timeout", 600, timeout=300)
    assert r.returncode == 0, "pxe boot failed:\n" + r.stdout + r.stderr
    out, status = c.exec(1, "echo pxe-ok")
    assert status == 0 and "pxe-ok" in out
    log = os.path.join(c.dir, "node1.log")
    with open(log, errors="replace") as f:
        text = f.read()
    assert "loader 'GRUB" in text
    assert "command line 'ip=dhcp node=15 hostname=node15" in text     # 10.0.2.15 from QEMU
    lease = lease_if_logged(log)
    assert lease in (None, "10.0.2.15"), "the kernel leased %s" % lease


@pytest.mark.skipif(os.geteuid() != 0, reason="lab mode needs root (network namespace, taps)")
def test_lab_nodes_get_addresses_by_dhcp(pxe_dir, clusters):
    c = clusters("lab")
    r = mosaic("lab", "--name", c.name, "-n", 2, "--timeout", 600, timeout=300)
    assert r.returncode == 0, "lab failed:\n" + r.stdout + r.stderr
    ns = c.conf()["netns"]
    with open(os.path.join(c.dir, "dnsmasq.leases")) as f:
        leases = sorted((fields[2], fields[1]) for fields in map(str.split, f))
    assert [ip for ip, _ in leases] == ["10.0.0.1", "10.0.0.2"], leases
    assert [mac[-2:] for _, mac in leases] == ["01", "02"], leases      # node N's MAC ends in N
    for n in (1, 2):
        log = os.path.join(c.dir, "node%d.log" % n)
        with open(log, errors="replace") as f:
            assert "command line 'ip=dhcp node=%d hostname=node%d" % (n, n) in f.read()
        assert lease_if_logged(log) in (None, "10.0.0.%d" % n)
    out, status = c.exec(2, "echo lab-ok")
    assert status == 0 and "lab-ok" in out
    assert mosaic("down", "--name", c.name).returncode == 0
    assert ns not in subprocess.run(["ip", "netns", "list"], stdout=subprocess.PIPE,
                                    text=True).stdout
    assert leftovers(c.dir) == []
