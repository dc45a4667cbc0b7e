"""Talking to running Mosaic nodes from the host: the part of tools/mosaic
that the QEMU tests can import as well (Python 3 standard library only).

Console: a node's serial console, served by QEMU on a UNIX socket
(-chardev socket,server=on,wait=off,logfile=...).  It types lines into the
node's shell and reads what comes back: wait_ready() proves the shell
answers, run() runs one command and returns its output and exit status.
The socket takes one client at a time, so callers hold the node's lock file
while they talk (Console.lock()).  A client must also keep reading: QEMU
stalls the guest's serial output (and loses some of it) while a connected
client lets it pile up, so wait_ready() and run() hang up when they return;
the log file gets everything while nobody is connected.  Output is read
from the socket, never the log: while a client lags, QEMU 7.2 logs a byte
the socket refused (EAGAIN) and logs it again when the UART retries it, so
the log now and then shows a byte twice ("IIntel").

Segment: the host's own port on a cluster's multicast Ethernet segment (no
root needed, see NOTES.md): it sends and receives raw frames as the host
side, 10.0.0.254, enough for ARP and ICMP echo (ping) and for watching
which machines speak on the segment.
"""
import codecs
import errno
import fcntl
import os
import re
import secrets
import select
import socket
import struct
import time

MARK = "@@mosaic"               # prefix of every marker we make the shell print
LINE_MAX = 900                  # the shell's line editor holds 1024 bytes
PROMPT_END = re.compile(r"(?:^|\n)[$#>] $")
SCAN_BACK = 256                 # longest text a marker pattern can match


class ConsoleError(Exception):
    """The node did not answer as expected; the message ends with its log tail."""


class ConsoleTimeout(ConsoleError):
    """What we waited for did not come in time."""


class Refused(Exception):
    """The shell did not run a line (syntax error); args[0] is its complaint."""


def log_tail(path, lines=25):
    """The last lines of a console log, without our own marker lines."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 16384))
            text = f.read().decode("utf-8", "replace")
    except OSError as e:
        return "(no log: %s)" % e
    text = text.replace("\r\n", "\n")
    kept = [l for l in text.split("\n") if MARK not in l]
    return "\n".join(kept[-lines:])


def pid_alive(pid):
    """Is this process running (not gone, not a zombie)?"""
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def unix_connect(path):
    """Connect to a UNIX socket, even one whose path is too long for sun_path."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dfd = None
    try:
        if len(path.encode()) >= 100:
            dfd = os.open(os.path.dirname(path) or ".", os.O_RDONLY | os.O_DIRECTORY)
            path = "/proc/self/fd/%d/%s" % (dfd, os.path.basename(path))
        s.connect(path)
        return s
    except OSError:
        s.close()
        raise
    finally:
        if dfd is not None:
            os.close(dfd)


class Console:
    """One node's serial console.

    sock_path: QEMU's console socket; log_path: the log QEMU keeps of the
    same console (for error reports); pid: the node's process (or None),
    checked so that a dead node fails fast instead of timing out.
    """

    def __init__(self, sock_path, log_path=None, pid=None, name="node"):
        self.sock_path = sock_path
        self.log_path = log_path
        self.pid = pid
        self.name = name
        self.sock = None
        self.lock_fd = None
        self.buf = ""
        self._cr = ""                   # a "\r" held back until we see what follows
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    # -- connection ---------------------------------------------------------
    def lock(self, timeout=10):
        """Take the node's console lock (its socket path + ".lock")."""
        fd = os.open(self.sock_path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.lock_fd = fd
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise ConsoleError("%s: its console is in use (is `tools/mosaic console` "
                                       "attached to it?)" % self.name)
                time.sleep(0.1)

    def connect(self, timeout=20):
        deadline = time.monotonic() + timeout
        while self.sock is None:
            try:
                self.sock = unix_connect(self.sock_path)
            except OSError as e:
                if e.errno not in (errno.ENOENT, errno.ECONNREFUSED):
                    raise
                self.check_alive()
                if time.monotonic() > deadline:
                    self.fail("cannot connect to the console socket %s" % self.sock_path)
                time.sleep(0.05)
        self.sock.setblocking(False)

    def hang_up(self):
        """Close the socket (keeping the lock): QEMU then writes only the log."""
        if self.sock:
            self.sock.close()
            self.sock = None
        self._cr = ""
        self._decoder.reset()

    def close(self):
        self.hang_up()
        if self.lock_fd is not None:
            os.close(self.lock_fd)
            self.lock_fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def fail(self, what, error=ConsoleError):
        """Raise a ConsoleError naming the node, with the end of its log."""
        tail = log_tail(self.log_path) if self.log_path else "(no log)"
        raise error("%s: %s\n--- last lines of its console (%s) ---\n%s"
                    % (self.name, what, self.log_path, tail))

    def check_alive(self):
        if self.pid is not None and not pid_alive(self.pid):
            self.fail("the node's QEMU is not running")

    # -- raw I/O --------------------------------------------------------------
    def send(self, text):
        """Type text on the console (no newline added)."""
        self.connect()
        data = text.encode()
        while data:
            try:
                data = data[self.sock.send(data):]
            except BlockingIOError:
                select.select([], [self.sock], [], 1)

    def _read(self, wait):
        """Append what the node printed (waiting up to `wait` seconds) to buf."""
        ready, _, _ = select.select([self.sock], [], [], wait)
        if not ready:
            return
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return
        if not data:
            self.check_alive()
            self.fail("the console socket closed")
        text = self._cr + self._decoder.decode(data)
        self._cr = "\r" if text.endswith("\r") else ""     # its "\n" may come next
        self.buf += text[:len(text) - len(self._cr)].replace("\r\n", "\n")

    def expect(self, regex, timeout, what, on_idle=None):
        """Read until regex (compiled) matches buf; returns the match.

        Only the new end of buf is searched each time (output arrives a byte
        at a time), so regex must match fewer than SCAN_BACK characters.
        on_idle(), when given, is called a few times a second while waiting.
        """
        self.connect()
        deadline = time.monotonic() + timeout
        scanned, idle_at = 0, 0.0
        while True:
            m = regex.search(self.buf, max(0, scanned - SCAN_BACK))
            if m:
                return m
            scanned = len(self.buf)
            now = time.monotonic()
            if now > deadline:
                self.fail("%s did not come within %g s" % (what, timeout), ConsoleTimeout)
            self._read(min(0.25, deadline - now))
            if on_idle and time.monotonic() - idle_at >= 0.25:
                self.check_alive()
                on_idle()
                idle_at = time.monotonic()

    # -- the shell --------------------------------------------------------------
    def _booted(self):
        """Has the kernel printed anything?  Bytes typed before it set up
        its serial port are lost; bytes typed after wait for the shell."""
        try:
            return self.log_path is None or os.path.getsize(self.log_path) > 0
        except OSError:
            return False

    def wait_ready(self, timeout=120, probe_every=5):
        """Wait until the node's shell runs commands.

        Types `echo <marker>` once the kernel has printed something, and
        again every probe_every seconds (lines typed while the kernel boots
        wait in the terminal until the shell reads them), and waits for the
        marker printed on a line of its own; the echo of the typed line has
        "echo " before it, so it cannot match.
        """
        marker = "%s-ready-%s@@" % (MARK, secrets.token_hex(4))
        rx = re.compile(r"(?:^|\n)%s\n" % re.escape(marker))
        last = [0.0]

        def probe():
            if time.monotonic() - last[0] >= probe_every and self._booted():
                last[0] = time.monotonic()
                self.send("echo %s\n" % marker)

        self.connect()
        try:
            probe()
            self.expect(rx, timeout, "the shell's answer", on_idle=probe)
        finally:
            self.hang_up()
            self.buf = ""

    def run(self, command, timeout=60):
        """Run one shell command line; returns (output, exit status).

        The line typed is `echo BEGIN; COMMAND; echo END $?`: the output is
        what comes between the BEGIN line and END, and the number after END
        is the status (the echoed typed line shows "$?", never digits).  A
        line the shell cannot parse runs nothing: it prints its complaint
        and a new prompt without BEGIN, reported as status 2.
        """
        if "\n" in command or len(command) > LINE_MAX:
            raise ConsoleError("%s: a command must be one line of at most %d bytes"
                               % (self.name, LINE_MAX))
        tok = "%s-%s" % (MARK, secrets.token_hex(4))
        begin, end = tok + "-begin@@", tok + "-end@@"
        line = "echo %s; %s; echo %s $?" % (begin, command, end)
        done = re.compile(r"%s (\d+)\n" % re.escape(end))
        self.connect()
        self.buf = ""
        try:
            self.send(line + "\n")
            m = self.expect(done, timeout, "the command %r" % command,
                            on_idle=lambda: self._check_refused(line, begin))
        except Refused as r:
            return r.args[0], 2
        finally:
            self.hang_up()
        out = self.buf[:m.start()]
        self.buf = ""
        b = re.search(r"(?:^|\n)%s\n" % re.escape(begin), out)
        return (out[b.end():] if b else out), int(m.group(1))

    def _check_refused(self, line, begin):
        """Raise Refused if the shell printed a prompt instead of running line."""
        at = self.buf.rfind(line)
        if at < 0 or begin + "\n" in self.buf[at + len(line):]:
            return
        after = self.buf[at + len(line):]
        after = after.split("\n", 1)[1] if "\n" in after else ""
        p = PROMPT_END.search(after)
        if p:
            said = after[:p.start()]
            if after.endswith("> "):
                self.send("\x03")           # abandon the unfinished line
                said += "\n(incomplete command: the shell asked for more)"
            raise Refused(said.lstrip("\n") + "\n")




# ---------------------------------------------------------------------------
# The host on a multicast Ethernet segment: raw frames, ARP, ICMP echo.
# ---------------------------------------------------------------------------
ETH_ARP, ETH_IP = 0x0806, 0x0800
BROADCAST = b"\xff" * 6


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


class Segment:
    """The host's port on a cluster segment (-netdev socket,mcast=GROUP:PORT,
    localaddr=127.0.0.1): one UDP datagram carries one Ethernet frame, and
    every frame reaches every member, the sender included (we drop ours)."""

    def __init__(self, group, port, mac, ip="10.0.0.254"):
        self.group, self.port = group, port
        self.mac, self.ip = mac_bytes(mac), socket.inet_aton(ip)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((group, port))
        lo = socket.inet_aton("127.0.0.1")
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group) + lo)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, lo)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
        self.sock = s
        self.seen = []                  # (source MAC, destination MAC, ethertype) of every frame

    def close(self):
        self.sock.close()

    def send(self, dst, ethertype, payload):
        frame = dst + self.mac + struct.pack("!H", ethertype) + payload
        self.sock.sendto(frame.ljust(60, b"\0"), (self.group, self.port))

    def receive(self, timeout):
        """The next frame from someone else as (src, ethertype, payload), or None."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return None
            frame = self.sock.recv(65536)
            if len(frame) < 14 or frame[6:12] == self.mac:
                continue
            dst, src, etype = frame[0:6], frame[6:12], struct.unpack("!H", frame[12:14])[0]
            self.seen.append((mac_str(src), mac_str(dst), etype))
            if etype == ETH_ARP and self._answer_arp(src, frame[14:]):
                continue
            return src, etype, frame[14:]

    def _arp(self, op, tha, tpa):
        return struct.pack("!HHBBH6s4s6s4s", 1, ETH_IP, 6, 4, op, self.mac, self.ip, tha, tpa)

    def _answer_arp(self, src, arp):
        """Answer an ARP request for our address; True if it was one."""
        if len(arp) < 28:
            return False
        op, sha, spa, tpa = struct.unpack("!6xH6s4s6x4s", arp[:28])
        if op == 1 and tpa == self.ip:
            self.send(src, ETH_ARP, self._arp(2, sha, spa))
            return True
        return False

    def resolve(self, ip, timeout=3.0):
        """The MAC (bytes) that answers ARP for ip, or None."""
        tpa = socket.inet_aton(ip)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.send(BROADCAST, ETH_ARP, self._arp(1, b"\0" * 6, tpa))
            wait_until = min(deadline, time.monotonic() + 1.0)
            while time.monotonic() < wait_until:
                f = self.receive(wait_until - time.monotonic())
                if f and f[1] == ETH_ARP and len(f[2]) >= 28:
                    op, sha, spa = struct.unpack("!6xH6s4s", f[2][:18])
                    if op == 2 and spa == tpa:
                        return sha
        return None

    def _echo_request(self, ip, ident, seq):
        icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"mosaic ping %d" % seq
        icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64, 1, 0,
                          self.ip, socket.inet_aton(ip))
        hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
        return hdr + icmp

    def _is_echo_reply(self, payload, ip, ident, seq):
        if len(payload) < 28 or payload[9] != 1 or payload[12:16] != socket.inet_aton(ip):
            return False
        ihl = (payload[0] & 0xF) * 4
        typ, _, _, rid, rseq = struct.unpack("!BBHHH", payload[ihl:ihl + 8])
        return typ == 0 and rid == ident and rseq == seq

    def ping(self, ip, count=1, timeout=2.0):
        """ICMP echo to ip: returns (MAC that answered ARP or None, [rtt seconds of replies])."""
        mac = self.resolve(ip)
        if mac is None:
            return None, []
        ident, rtts = secrets.randbelow(0xFFFF), []
        for seq in range(1, count + 1):
            sent = time.monotonic()
            self.send(mac, ETH_IP, self._echo_request(ip, ident, seq))
            while time.monotonic() - sent < timeout:
                f = self.receive(timeout - (time.monotonic() - sent))
                if f and f[1] == ETH_IP and self._is_echo_reply(f[2], ip, ident, seq):
                    rtts.append(time.monotonic() - sent)
                    break
        return mac_str(mac), rtts

    def watch(self, seconds):
        """Receive (and answer ARP) for a while; returns self.seen."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.receive(deadline - time.monotonic())
        return self.seen


def icmp_ping(ip, count=1, timeout=2.0):
    """ICMP echo through this host's own stack (raw socket: root); returns [rtt seconds].
    tools/mosaic runs it inside a tap or lab cluster's namespace."""
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident, rtts = secrets.randbelow(0xFFFF), []
    try:
        for seq in range(1, count + 1):
            icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"mosaic ping %d" % seq
            icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
            sent = time.monotonic()
            s.sendto(icmp, (ip, 0))
            while time.monotonic() - sent < timeout:
                if not select.select([s], [], [], timeout - (time.monotonic() - sent))[0]:
                    break
                pkt, (src, _) = s.recvfrom(65536)
                ihl = (pkt[0] & 0xF) * 4
                typ, _, _, rid, rseq = struct.unpack("!BBHHH", pkt[ihl:ihl + 8])
                if src == ip and typ == 0 and rid == ident and rseq == seq:
                    rtts.append(time.monotonic() - sent)
                    break
    finally:
        s.close()
    return rtts
