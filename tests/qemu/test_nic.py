"""NIC tests: every driver (e1000, rtl8139, virtio-net) takes a DHCP lease
from QEMU's user network, pings its server and follows the link state that
QEMU's monitor sets; two nodes on one QEMU multicast segment move 1 MiB
over TCP, also while this test floods the segment with junk frames; bad
interface options are warnings, never a crash.

The multicast segment needs no root: each QEMU joins 230.0.0.1:PORT on
127.0.0.1, and one UDP datagram there is one Ethernet frame (NOTES.md).
Every test picks its own random PORT, so tests running at once stay apart.
"""
import random
import re
import socket
import threading
import time

import pytest

from conftest import EXIT

MODELS = ["e1000", "rtl8139", "virtio-net-pci"]
GROUP = "230.0.0.1"
SERVER_MAC = "52:54:00:4d:00:01"
CLIENT_MAC = "52:54:00:4d:00:02"


def user_net(model):
    return ["-netdev", "user,id=n0,restrict=on", "-device", "%s,netdev=n0,romfile=" % model]


def segment(model, mac, port):
    return ["-netdev", "socket,id=n0,mcast=%s:%d,localaddr=127.0.0.1" % (GROUP, port),
            "-device", "%s,netdev=n0,mac=%s,romfile=" % (model, mac)]


def no_panic(node):
    out = node.output()
    assert "PANIC" not in out and "KERNEL FAULT" not in out, "%s crashed" % node.name
    return out


@pytest.mark.parametrize("model", MODELS)
def test_dhcp_lease_and_ping(boot, model):
    node = boot(append="ip=dhcp ktest=nic_dhcp panic=exit", extra=user_net(model))
    assert node.wait_exit(60) == EXIT["PASS"]
    out = no_panic(node)
    assert re.search(r"net: eth0: \S+ at 00:\w\w\.\d irq \d+, MAC 52:54:00:12:34:56, link up", out)
    assert re.search(r"net: eth0 10\.0\.2\.15/24 via DHCP", out)
    assert "nic_dhcp ... ok" in out and "skipped" not in out


def monitor(path, command):
    """One command to a QEMU human monitor listening on a UNIX socket."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        s.sendall((command + "\n").encode())
        time.sleep(0.2)


@pytest.mark.parametrize("model", MODELS)
def test_link_state_follows_qemu(boot, tmp_path, model):
    mon = str(tmp_path / "mon.sock")
    node = boot(append="ip=dhcp init=none", extra=user_net(model) +
                ["-monitor", "unix:%s,server=on,wait=off" % mon])
    node.wait_for(r"net: eth0 10\.0\.2\.15/24 via DHCP", timeout=30)
    monitor(mon, "set_link n0 off")
    node.wait_for(r"net: eth0 link down", timeout=10)
    monitor(mon, "set_link n0 on")
    node.wait_for(r"net: eth0 link up", timeout=10)
    no_panic(node)


def start_pair(boot, model, port):
    server = boot(name="server", append="ip=10.0.0.1/24 ktest=nic_tcp_server panic=exit",
                  extra=segment(model, SERVER_MAC, port))
    client = boot(name="client", append="ip=10.0.0.2/24,10.0.0.254 ktest=nic_tcp_client panic=exit",
                  extra=segment(model, CLIENT_MAC, port))
    return server, client


def check_pair(server, client):
    assert client.wait_exit(120) == EXIT["PASS"], "the client did not pass"
    assert server.wait_exit(60) == EXIT["PASS"], "the server did not pass"
    assert "1 MiB sent and confirmed" in no_panic(client)
    assert "nic_tcp_server: 1048576 bytes" in no_panic(server)
    assert "net: eth0 10.0.0.2/24 gateway 10.0.0.254 (static)" in client.output()


@pytest.mark.parametrize("model", MODELS)
def test_two_nodes_tcp(boot, model):
    server, client = start_pair(boot, model, random.randint(20000, 60000))
    check_pair(server, client)


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def ip_checksum(hdr):
    s = sum(int.from_bytes(hdr[i:i + 2], "big") for i in range(0, len(hdr), 2))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s & 0xFFFF).to_bytes(2, "big")


def junk_ipv4(rng, dst):
    """An IPv4 header with a good checksum (so lwIP looks further) over garbage."""
    body = rng.randbytes(rng.randint(0, 100))
    hdr = bytearray(bytes([0x45, 0]) + rng.randint(0, 0xFFFF).to_bytes(2, "big") +
                    rng.randbytes(4) + bytes([rng.randint(1, 64), rng.choice([1, 6, 17, 2, 99])]) +
                    b"\0\0" + bytes([10, 0, 0, rng.randint(100, 200)]) + dst)
    hdr[10:12] = ip_checksum(bytes(hdr))
    return bytes(hdr) + body


def junk_arp(rng):
    """ARP for IPv4 with a random opcode, from addresses that are no node's."""
    return (bytes.fromhex("000108000604") + rng.randint(0, 5).to_bytes(2, "big") +
            rng.randbytes(6) + bytes([10, 0, 0, rng.randint(100, 200)]) +
            rng.randbytes(6) + rng.randbytes(4) + rng.randbytes(rng.randint(0, 30)))


def junk_frame(rng, targets):
    """One bad or strange frame.  Never empty: QEMU's socket backend takes a
    0-byte datagram as the end of the connection and stops receiving."""
    dst = rng.choice(targets + [b"\xff" * 6, b"\x01\x00\x5e\x00\x00\x01", rng.randbytes(6)])
    src = bytes([rng.randint(0, 255) & 0xFE]) + rng.randbytes(5)
    kind = rng.randrange(7)
    if kind == 0:                                       # runt: not even a header
        return rng.randbytes(rng.randint(1, 13))
    if kind == 1:                                       # short, unpadded
        return dst + src + rng.randbytes(rng.randint(0, 45))
    if kind == 2:                                       # oversize
        return dst + src + rng.randbytes(rng.choice([1505, 1600, 4000, 9000, 20000, 65000]))
    if kind == 3:                                       # random everything
        return dst + src + rng.randbytes(rng.randint(2, 1500))
    if kind == 4:
        return dst + src + b"\x08\x00" + junk_ipv4(rng, bytes([10, 0, 0, rng.choice([1, 2])]))
    if kind == 5:
        return dst + src + b"\x08\x06" + junk_arp(rng)
    return dst + src + b"\x08\x00" + rng.randbytes(rng.randint(0, 60))


class JunkSender(threading.Thread):
    """Sends junk frames onto the segment (as a third station) until stopped."""

    def __init__(self, port, targets, seed):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("127.0.0.1"))
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 0)  # never off this host
        self.port, self.targets, self.rng = port, targets, random.Random(seed)
        self.stopping = threading.Event()
        self.sent = 0

    def run(self):
        while not self.stopping.is_set():
            for _ in range(20):
                self.sock.sendto(junk_frame(self.rng, self.targets), (GROUP, self.port))
                self.sent += 1
            time.sleep(0.005)

    def stop(self):
        self.stopping.set()
        self.join()
        self.sock.close()


@pytest.mark.parametrize("model", MODELS)
def test_two_nodes_tcp_through_junk(boot, model):
    port = random.randint(20000, 60000)
    junk = JunkSender(port, [mac_bytes(SERVER_MAC), mac_bytes(CLIENT_MAC)], seed=port)
    junk.start()
    try:
        server, client = start_pair(boot, model, port)
        check_pair(server, client)
    finally:
        junk.stop()
    assert junk.sent > 100


BAD_IP = ["10.0.0.300/24", "10.0.0.1", "10.0.0.1/33", "10.0.0.1/0", "10.0.0.1/24,",
          "10.0.0.1/24,1.2.3", "0.0.0.0/8", "224.0.0.1/4", "dhcpx", "", "1.2.3.4/24x",
          "/24", "10..0.1/24", "10.0.0.0001/24"]


@pytest.mark.parametrize("value", BAD_IP)
def test_bad_ip_option_is_a_warning(boot, value):
    node = boot(append="ip=%s hostname=-bad! nic=e1000,bogus init=none" % value, extra=user_net("e1000"))
    node.wait_for(r"kernel: ready", timeout=30)
    out = no_panic(node)
    assert "warning: ip=%s is not ADDR/PREFIX[,GATEWAY] or dhcp; eth0 has no address" % value in out
    assert "warning: hostname=-bad! is not a host name" in out
    assert "'bogus' is no driver" in out
    assert "net: eth0: e1000" in out


def test_nic_none_and_static_address(boot):
    node = boot(append="ip=10.0.0.5/24,10.0.0.254 nic=none ktest=nic_proc_net_dev panic=exit",
                extra=user_net("rtl8139"))
    assert node.wait_exit(60) == EXIT["PASS"]
    assert "net: no network interface; ip= ignored" in no_panic(node)
    node = boot(append="ip=10.0.0.5/24,10.0.0.254 hostname=node5 ktest=nic_proc_net_dev panic=exit",
                extra=user_net("rtl8139"))
    assert node.wait_exit(60) == EXIT["PASS"]
    assert "net: eth0 10.0.0.5/24 gateway 10.0.0.254 (static)" in no_panic(node)
