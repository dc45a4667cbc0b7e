"""Pytest harness for booting Mosaic in QEMU.

A test asks the `boot` fixture for a node and reads its serial console
with wait_for() (a regex and a timeout: no fixed sleeps): from a log file,
or for an interactive node from its console socket (see Node).  Every
QEMU process runs under a hard timeout and is killed when the test ends.
When a test fails, each of its nodes' console logs is kept under
build/test-logs/<test name>/.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "mosaic.elf")
LOGS = os.path.join(BUILD, "test-logs")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402  (tools/qemu.py: the one place the QEMU command line is built)

HARD_TIMEOUT = 300      # seconds: no QEMU outlives this, whatever a test does


def exit_codes():
    """QEMU exit statuses for the kernel's isa-debug-exit values in kernel/arch.h."""
    codes = {}
    with open(os.path.join(ROOT, "kernel", "arch.h")) as f:
        for m in re.finditer(r"#define QEMU_EXIT_(\w+)\s+(0x[0-9a-fA-F]+)", f.read()):
            codes[m.group(1)] = (int(m.group(2), 16) << 1) | 1
    return codes


EXIT = exit_codes()


INITRD = os.path.join(BUILD, "initrd.cpio")


class Node:
    """One QEMU guest with its console in a log file (and, with
    interactive=True, a console socket to type commands into).

    An interactive node's output() is what came through the socket, not the
    log: QEMU 7.2 writes a byte to the log when the socket refuses it
    (EAGAIN, our reader lagging) and again when the UART retries it, so the
    log now and then shows a byte twice ("IIntel").  QEMU waits for us to
    connect before it starts the guest (console_wait), and we stay
    connected, so the socket gets every byte; the log is kept for reports.
    """

    def __init__(self, name, logdir, interactive=False, **kw):
        self.name = name
        self.log = os.path.join(logdir, name + ".log")
        self.sock_path = os.path.join(logdir, name + ".sock") if interactive else None
        self.sock = None
        self.seq = 0
        self.received = bytearray()     # what the console socket delivered
        self.reader = None
        cmd = qemu.command(serial=self.log, console_socket=self.sock_path,
                           console_wait=interactive, **kw)
        self.cmd = ["timeout", "-s", "KILL", str(HARD_TIMEOUT)] + cmd
        open(self.log, "wb").close()
        self.qemu_log = open(self.log + ".qemu", "wb")     # QEMU's own messages
        # A session of its own, so stop() can kill QEMU and any wrapper together.
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.qemu_log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        if interactive:
            try:
                self.drain_in_background()  # QEMU holds the guest until we connect
            except BaseException:
                self.stop()                 # the fixture never saw this node
                raise

    def output(self):
        if self.sock_path:
            data = bytes(self.received)     # the reader thread only appends
        else:
            with open(self.log, "rb") as f:
                data = f.read()
        return data.decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_for(self, pattern, timeout=30):
        """Wait until the console matches pattern; returns the match or fails the test."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.output())
            if m:
                return m
            if self.proc.poll() is not None:
                pytest.fail("%s: QEMU exited (status %s) before %r appeared"
                            % (self.name, self.proc.returncode, pattern))
            if time.monotonic() > deadline:
                pytest.fail("%s: %r did not appear within %ss" % (self.name, pattern, timeout))
            time.sleep(0.05)

    def wait_exit(self, timeout=60):
        """Wait for QEMU to exit; returns its status (fails the test on timeout)."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail("%s: QEMU still running after %ss" % (self.name, timeout))
        return self.proc.returncode

    def _connect(self):
        deadline = time.monotonic() + 20
        while self.sock is None:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.sock_path)
                self.sock = s
            except OSError:
                s.close()
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    pytest.fail("%s: cannot connect to the console socket" % self.name)
                time.sleep(0.05)

    def drain_in_background(self):
        """Keep reading the console socket into self.received from a thread
        (an interactive node starts it itself; calling it again does nothing).

        Without it, a guest that prints a lot between two reads of ours fills
        the socket; QEMU then stops taking bytes from the guest's UART, and the
        guest, spinning for the transmitter with interrupts off, seems to hang.
        """
        if self.reader:
            return
        self._connect()
        sock = self.sock

        def loop():
            while True:
                try:
                    data = sock.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                self.received += data
        self.reader = threading.Thread(target=loop, daemon=True)
        self.reader.start()

    def send(self, text):
        """Type text on the console (no newline added)."""
        self._connect()
        self.sock.sendall(text.encode())

    def run(self, command, timeout=60):
        """Run a shell command on the console; returns (output, exit status).

        The command is followed by an echo of a unique marker and $?, so the
        output is everything between the echoed command line and the marker.
        """
        self.seq += 1
        marker = "@@done%d@@" % self.seq
        start = len(self.output())
        self.send("%s; echo %s $?\n" % (command, marker))
        rx = re.compile(re.escape(marker) + r" (\d+)\n")   # the echoed line has "$?", not digits
        deadline = time.monotonic() + timeout
        while True:
            out = self.output()[start:]
            m = rx.search(out)
            if m:
                body = out[:m.start()]
                body = body.split("\n", 1)[1] if "\n" in body else ""   # drop the echoed command
                return body, int(m.group(1))
            if self.proc.poll() is not None:
                pytest.fail("%s: QEMU exited while running %r" % (self.name, command))
            if time.monotonic() > deadline:
                pytest.fail("%s: %r did not finish within %ss" % (self.name, command, timeout))
            time.sleep(0.05)

    def stop(self):
        if self.sock:
            self.sock.close()
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.qemu_log.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def boot(request, tmp_path):
    """boot(**qemu_args) starts a node; all are stopped at the end of the test."""
    nodes = []

    def start(name=None, kernel=KERNEL, **kw):
        if kw.get("iso"):
            kernel = None
        node = Node(name or "node%d" % (len(nodes) + 1), str(tmp_path), kernel=kernel, **kw)
        nodes.append(node)
        return node

    yield start
    for n in nodes:
        n.stop()
    failed = any(getattr(request.node, "rep_" + w, None) is not None and
                 getattr(request.node, "rep_" + w).failed for w in ("setup", "call"))
    if failed:
        dest = os.path.join(LOGS, re.sub(r"[^\w.-]+", "_", request.node.name))
        os.makedirs(dest, exist_ok=True)
        for n in nodes:
            for f in (n.log, n.log + ".qemu"):
                if os.path.exists(f):
                    shutil.copy(f, dest)


@pytest.fixture(scope="session", autouse=True)
def built_kernel():
    if not os.path.exists(KERNEL):
        pytest.exit("build/mosaic.elf is missing: run `make` first", returncode=2)
