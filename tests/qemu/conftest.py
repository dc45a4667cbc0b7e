"""Pytest harness for booting Mosaic in QEMU.

A test asks the `boot` fixture for a node; the node's serial console goes
to a log file that the test reads with wait_for() (a regex and a timeout:
no fixed sleeps).  Every QEMU process runs under a hard timeout and is
killed when the test ends.  When a test fails, each of its nodes' console
logs is kept under build/test-logs/<test name>/.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
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


class Node:
    """One QEMU guest with its console in a log file."""

    def __init__(self, name, logdir, **kw):
        self.name = name
        self.log = os.path.join(logdir, name + ".log")
        cmd = qemu.command(serial=self.log, **kw)
        self.cmd = ["timeout", "-s", "KILL", str(HARD_TIMEOUT)] + cmd
        open(self.log, "wb").close()
        self.qemu_log = open(self.log + ".qemu", "wb")     # QEMU's own messages
        # A session of its own, so stop() can kill QEMU and any wrapper together.
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.qemu_log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def output(self):
        with open(self.log, "rb") as f:
            return f.read().decode("utf-8", "replace").replace("\r\n", "\n")

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

    def stop(self):
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
