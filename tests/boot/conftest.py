import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(REPO, "scripts"), os.path.join(REPO, "scripts", "oracle"),
                os.path.dirname(os.path.abspath(__file__))]

import linuxlog  # noqa: E402
import replay  # noqa: E402


@pytest.fixture(scope="session")
def linux_ready():
    r = subprocess.run([os.path.join(REPO, "scripts", "oracle", "fetch-linux")], capture_output=True, text=True)
    if r.returncode:
        pytest.fail("fetch-linux: " + (r.stderr.strip() or r.stdout.strip()))


_ours, _linux = {}, {}


def our_boot(topo, cmdline):
    """(status, log, parsed facts) of our kernel on this machine; booted once per session."""
    key = (topo, cmdline)
    if key not in _ours:
        status, log = replay.run(topo, "", cmdline, out=None)
        _ours[key] = (status, log, linuxlog.parse(log))
    return _ours[key]


def linux_boot(topo, cmdline):
    """Parsed facts of Debian's Linux on this machine (the log is cached under build/linux/logs)."""
    key = (topo, cmdline)
    if key not in _linux:
        r = subprocess.run([os.path.join(REPO, "scripts", "oracle", "linux-boot"), "--topology", topo,
                            "--cmdline", cmdline], capture_output=True, text=True)
        if r.returncode:
            pytest.fail("linux-boot: " + r.stderr.strip())
        _linux[key] = linuxlog.parse(r.stdout)
    return _linux[key]
