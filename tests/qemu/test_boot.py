"""Boot tests: the kernel starts from QEMU's Multiboot loader and from GRUB,
passes its built-in tests with little and much RAM, reports faults and
failed assertions readably, and shrugs off a junk command line."""
import os
import re
import subprocess

import pytest

from conftest import BUILD, EXIT, KERNEL, ROOT

READY = r"kernel: ready"


def test_boot_with_qemu_kernel_loader(boot):
    node = boot(append="")
    node.wait_for(r"kernel: Mosaic \S+ \(i386\) booting", timeout=20)
    node.wait_for(READY, timeout=20)
    out = node.output()
    assert "loader 'qemu'" in out
    assert "warning" not in out


def test_ktest_all_passes(boot):
    node = boot(append="ktest=all panic=exit")
    assert node.wait_exit(120) == EXIT["PASS"], "ktest=all did not exit with the pass code"
    out = node.output()
    assert "FAIL" not in out
    m = node.wait_for(r"ktest: (\d+) passed, 0 failed")
    assert int(m.group(1)) >= 7


def test_ktest_unknown_name_fails(boot):
    node = boot(append="ktest=no_such_test panic=exit")
    assert node.wait_exit(60) == EXIT["FAIL"]
    assert "no test named 'no_such_test'" in node.output()


@pytest.mark.parametrize("mem", [8, 64, 3072])
def test_memory_sizes(boot, mem):
    node = boot(mem=mem, append="ktest=all panic=exit")
    assert node.wait_exit(180) == EXIT["PASS"]
    out = node.output()
    if mem > 768:
        assert "beyond the direct map" in out


def test_page_fault_report(boot):
    node = boot(append="ktest=fault panic=exit")
    assert node.wait_exit(60) == EXIT["PANIC"]
    out = node.output()
    assert "KERNEL FAULT: page fault (#PF), vector 14" in out
    assert "write of unmapped address 0xdead0000 (kernel mode)" in out
    assert "cr2 dead0000" in out
    assert "at eip 0x" in out and "ktest_fault+0x" in out
    # the backtrace names the callers, innermost first
    bt = out[out.index("backtrace:"):]
    assert bt.index("ktest_fault") < bt.index("ktest_run") < bt.index("kmain")


def test_assertion_report(boot):
    node = boot(append="ktest=assert panic=exit")
    assert node.wait_exit(60) == EXIT["PANIC"]
    out = node.output()
    assert "PANIC: assertion failed: two + two == 5" in out
    assert "at kernel/ktest/ktest.c:" in out
    assert "ktest_run+0x" in out and "kmain_thread+0x" in out


def test_panic_halts_by_default(boot):
    node = boot(append="ktest=fault")
    node.wait_for(r"System halted\.", timeout=30)
    assert node.proc.poll() is None, "the kernel should halt, not leave QEMU"


JUNK = [
    "hz=abc console=sideways panic=maybe",
    "frobnicate=1 =oops == = a=b=c",
    "hz=0 hz=99999999999 hz=0x",
    " ".join("opt%d=%d" % (i, i) for i in range(200)),
    "x" * 5000,
    "caf\u00e9=cr\u00e8me \u00ff\u00fe",
]


@pytest.mark.parametrize("junk", JUNK, ids=["bad-values", "bad-words", "bad-numbers",
                                            "200-words", "5000-bytes", "non-ascii"])
def test_junk_command_line_warns_and_boots(boot, junk):
    node = boot(append=junk)
    node.wait_for(READY, timeout=30)
    out = node.output()
    assert "cmdline: warning" in out
    assert "PANIC" not in out
    assert re.search(r"tick (99\.9|100\.0)\d* Hz", out)      # defaults still apply


def test_hz_option(boot):
    node = boot(append="hz=250")
    node.wait_for(READY, timeout=30)
    assert re.search(r"tick 2(49\.9|50\.0)\d* Hz", node.output())


def make_iso(path, cmdline, modules=()):
    subprocess.run(["bash", os.path.join(ROOT, "tools", "mkiso.sh"), path, KERNEL, cmdline,
                    *modules], check=True, timeout=120)


def test_iso_boots_through_grub(boot, tmp_path):
    module = tmp_path / "hello.txt"
    module.write_text("hello from a module\n")
    iso = str(tmp_path / "test.iso")
    make_iso(iso, "ktest=all panic=exit", [str(module) + "=testmod"])
    node = boot(iso=iso)
    assert node.wait_exit(120) == EXIT["PASS"]
    out = node.output()
    assert "loader 'GRUB" in out
    assert "command line 'ktest=all panic=exit'" in out     # GRUB passes no kernel path
    assert "(20 bytes) 'testmod'" in out


def test_default_iso_boots(boot):
    node = boot(iso=os.path.join(BUILD, "mosaic.iso"))
    node.wait_for(READY, timeout=60)
    assert "loader 'GRUB" in node.output()
