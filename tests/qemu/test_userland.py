"""User space through the console: init starts /bin/sh, and commands typed
on the serial console run (Node.run types one and returns its output and
status).  Covers simple commands, pipelines, redirections, exit statuses,
^C interrupting a foreground program, a crashing program (the kernel's
one-line report; the shell lives on) and runtests started from the shell."""
import re

import pytest

from conftest import INITRD

PROMPT = r"\$ $"


@pytest.fixture
def shell(boot):
    """A node at its shell prompt."""
    node = boot(interactive=True, modules=[INITRD + " initrd"], append="panic=exit")
    node.drain_in_background()
    node.wait_for(r"rc: system ready", timeout=60)
    node.wait_for(PROMPT, timeout=30)
    return node


def lines(text):
    return [l.rstrip("\r") for l in text.strip().splitlines()]


def test_echo(shell):
    out, status = shell.run("echo hello")
    assert lines(out) == ["hello"] and status == 0


def test_pipeline(shell):
    out, _ = shell.run("echo a b c | wc -w")
    assert out.split() == ["3"]


def test_redirections(shell):
    shell.run("echo one > /tmp/t1")
    shell.run("echo two >> /tmp/t1")
    out, status = shell.run("cat /tmp/t1")
    assert lines(out) == ["one", "two"] and status == 0
    out, _ = shell.run("cat < /tmp/t1 | wc -l")
    assert out.split() == ["2"]
    out, status = shell.run("rm /tmp/t1; cat /tmp/t1 2> /tmp/err; echo $?; cat /tmp/err")
    assert lines(out)[0] != "0" and "t1" in out     # cat failed and said why, on stderr


def test_ls_bin(shell):
    out, status = shell.run("ls /bin")
    names = out.split()
    assert status == 0
    for prog in ("sh", "init", "ls", "cat", "runtests"):
        assert prog in names, "%s missing from `ls /bin`" % prog


def test_exit_status(shell):
    out, _ = shell.run("false; echo $?")
    assert lines(out) == ["1"]
    out, _ = shell.run("true; echo $?")
    assert lines(out) == ["0"]
    out, status = shell.run("false")
    assert status == 1


def test_ctrl_c_interrupts_sleep(shell):
    shell.send("echo started; sleep 100\n")
    shell.wait_for(r"\nstarted\n", timeout=20)
    shell.send("\x03")
    shell.wait_for(PROMPT, timeout=20)          # back long before the 100 s are up
    out, _ = shell.run("echo $?")
    assert lines(out) == ["130"], "sleep killed by SIGINT should leave $? = 130"
    out, status = shell.run("echo ok")
    assert lines(out) == ["ok"] and status == 0


def test_segfault_is_reported_and_shell_survives(shell):
    out, status = shell.run("/bin/tests/crash segv")
    assert re.search(r"proc: crash\[\d+\]: segmentation fault at eip 0x[0-9a-f]+ "
                     r"\(address 0\): killed by signal 11", shell.output())
    assert status == 128 + 11
    out, status = shell.run("echo alive")
    assert lines(out) == ["alive"] and status == 0


def test_runtests_from_the_shell(shell):
    out, status = shell.run("runtests fork_storm pipes", timeout=120)
    assert "PASS fork_storm" in out and "PASS pipes" in out
    assert re.search(r"^3 passed, 0 failed$", out, re.M)     # two tests and the memory check
    assert status == 0
    out, status = shell.run("runtests no_such_test")
    assert "FAIL no_such_test (no such test)" in out and status == 1


def test_kernel_profile(boot):
    """`profile` on the command line: /proc/profile counts ticks by kernel
    function, and a write starts a new count."""
    node = boot(interactive=True, modules=[INITRD + " initrd"], append="panic=exit profile hz=1000")
    node.drain_in_background()
    node.wait_for(PROMPT, timeout=60)
    out, status = node.run("echo reset > /proc/profile; cat /proc/profile")
    assert status == 0
    first = int(re.search(r"^ticks (\d+)", out, re.M).group(1))
    node.run("runtests pipes", timeout=120)         # keep the kernel busy for a while
    out, status = node.run("cat /proc/profile")
    assert status == 0
    ticks = int(re.search(r"^ticks (\d+)  user [\d.]+%  other [\d.]+%$", out, re.M).group(1))
    assert ticks > first + 100, out
    fns = re.findall(r"^\s+(\d+)\s+[\d.]+% (\w+)$", out, re.M)
    assert len(fns) >= 5, out
    counts = [int(c) for c, _ in fns]
    assert counts == sorted(counts, reverse=True) and sum(counts) <= ticks
    assert "arch_idle" in [f for _, f in fns]


def test_profile_is_off_by_default(shell):
    out, status = shell.run("cat /proc/profile")
    assert status != 0 and "No such file" in out


def test_cp_and_rm_walk_trees(shell):
    out, status = shell.run("mkdir -p /tmp/t/b/c && echo hi > /tmp/t/b/c/f && echo x > /tmp/t/g"
                            " && cp -r /tmp/t /tmp/u && cat /tmp/u/b/c/f /tmp/u/g")
    assert status == 0 and lines(out) == ["hi", "x"], out
    out, status = shell.run("rm -r /tmp/t /tmp/u && ls /tmp/t")
    assert status != 0 and "No such file" in out, out
