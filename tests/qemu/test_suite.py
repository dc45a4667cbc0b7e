"""The regression suite inside Mosaic: /bin/runtests, booted as init, runs
every program in /bin/tests (userland/tests/*.c), prints PASS/FAIL per test
and "N passed, N failed", then powers off.  The issue asks for the suite to
pass with 16 MiB of RAM; it runs at 64 MiB too.  See docs/tests-userland.md."""
import glob
import os
import re

import pytest

from conftest import EXIT, INITRD, ROOT

SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$", re.M)


def suite_programs():
    return sorted(os.path.splitext(os.path.basename(p))[0]
                  for p in glob.glob(os.path.join(ROOT, "userland", "tests", "*.c")))


def run_suite(boot, mem):
    if not os.path.exists(INITRD):
        pytest.fail("build/initrd.cpio is missing: run `make` first")
    node = boot(mem=mem, modules=[INITRD + " initrd"], append="init=/bin/runtests panic=exit")
    status = node.wait_exit(290)
    out = node.output()
    assert "PANIC" not in out and "KERNEL FAULT" not in out, "the kernel died during the suite"
    m = SUMMARY.search(out)
    assert m, "runtests printed no summary line"
    failures = re.findall(r"^FAIL .*$", out, re.M)
    assert m.group(2) == "0", "failed: " + "; ".join(failures)
    assert status == EXIT["POWEROFF"], "runtests did not power off (status %s)" % status
    passed = set(re.findall(r"^PASS (\S+)$", out, re.M))
    missing = [t for t in suite_programs() if t not in passed]
    assert not missing, "tests that did not report PASS: %s" % missing
    assert "memory" in passed, "the free-memory check did not run"
    assert int(m.group(1)) == len(passed)


def test_suite_16mib(boot):
    run_suite(boot, 16)


def test_suite_64mib(boot):
    run_suite(boot, 64)
