"""The kernel command line parsed as Linux 4.19 parses it (parse_args, early params): the same
"Malformed early option" lines, the same mem= outcome, on our kernel and on the real 4.19."""
import os
import re
import subprocess
import time

import pytest

from conftest import REPO
import replay

REFERENCE = os.path.join(os.path.dirname(REPO), "shared", "linux-4.19", "bzImage")
MACHINE = "-m 2G"
CASES = [
    "-- mem=1G",                      # Linux stops at "--": not applied
    'mem="1G"',                       # quotes stripped: applied
    "mem=abc",                        # memparse gives 0: Malformed early option 'mem'
    'numa=fake=abc kernelcore=xyz movablecore= memblock=foo mem= mem mminit_loglevel=zz acpi=zz reservelow=q',
    '"mem=1G" mem=1G"x mem="5G 6G" numa=off= mem=2G -- mem=1G',
    "=mem mem=1G=2 memblock=debug",
    "Mem=1G mem-=1G acpi=off=1",
]


def facts(log):
    """What the command line decided: the early-option complaints, whether mem= took effect,
    and the total memory of the "Memory:" line."""
    lines = [l.split("] ", 1)[-1] for l in log.splitlines()]
    total = [m.group(1) for l in lines for m in [re.match(r"Memory: \d+K/(\d+)K available", l)] if m]
    return {"malformed": [l for l in lines if l.startswith("Malformed early option")],
            "user_map": "user-defined physical RAM map:" in lines, "total": total[:1]}


def linux_log(cmdline, timeout=120):
    """The real 4.19's log up to its "Memory:" line (it has no root file system to go further)."""
    cmd = ["qemu-system-x86_64", "-display", "none", "-serial", "stdio", "-no-reboot", *MACHINE.split(),
           "-kernel", REFERENCE, "-append", f"console=ttyS0 nokaslr ignore_loglevel panic=-1 {cmdline}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    out, deadline = b"", time.monotonic() + timeout
    try:
        os.set_blocking(proc.stdout.fileno(), False)
        while b"Memory: " not in out and proc.poll() is None and time.monotonic() < deadline:
            out += proc.stdout.read() or b""
            time.sleep(0.05)
        time.sleep(0.2)
        out += proc.stdout.read() or b""
    finally:
        proc.kill()
        proc.wait()
    return out.decode(errors="replace")


def test_double_dash_quotes_and_malformed_values_on_our_kernel():
    ours = {c: facts(replay.run(None, MACHINE, c, out=None)[1]) for c in CASES[:3]}
    assert ours["-- mem=1G"] == {"malformed": [], "user_map": False, "total": ["2096632"]}
    assert ours['mem="1G"'] == {"malformed": [], "user_map": True, "total": ["1048184"]}
    assert ours["mem=abc"] == {"malformed": ["Malformed early option 'mem'"], "user_map": True, "total": ["2096632"]}


@pytest.mark.skipif(not os.path.exists(REFERENCE), reason="no ../shared/linux-4.19/bzImage")
@pytest.mark.parametrize("cmdline", CASES)
def test_command_line_as_linux_4_19(cmdline):
    status, log = replay.run(None, MACHINE, cmdline, out=None)
    assert status == 0, log[-2000:]
    assert facts(log) == facts(linux_log(cmdline))
