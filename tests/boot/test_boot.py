"""Boot tests over the machine matrix, and differential tests against Debian's Linux on the same
QEMU machine: every fact both print must be equal (Linux is right when they differ)."""
import re

import pytest

from conftest import linux_boot, our_boot
from matrix import MATRIX, ORACLE_MATRIX, PHASES
import compare
import replay

CHECKPOINTS_DEF = "kernel/include/mm_step/checkpoints.def"


def checkpoint_names():
    import os
    with open(os.path.join(replay.topology.REPO, CHECKPOINTS_DEF)) as f:
        return re.findall(r"^CHECKPOINT\((\w+),", f.read(), re.M)


@pytest.mark.parametrize("name,topo,cmdline", MATRIX, ids=[m[0] for m in MATRIX])
def test_boots_through_every_checkpoint(name, topo, cmdline):
    status, log, _ = our_boot(topo, cmdline)
    assert status == 0, "the kernel did not finish:\n" + "\n".join(log.splitlines()[-15:])
    passed = re.findall(r"mm-step: checkpoint \d+/\d+ (\w+)", log)
    assert list(dict.fromkeys(passed)) == checkpoint_names()
    assert "Kernel panic" not in log


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("name,topo,cmdline", ORACLE_MATRIX, ids=[m[0] for m in ORACLE_MATRIX])
def test_equals_linux(linux_ready, name, topo, cmdline, phase):
    linux = linux_boot(topo, cmdline)
    _, _, ours = our_boot(topo, cmdline)
    assert compare.facts(linux, phase), f"Linux printed no {phase} facts on {name}"
    equal, diffs = compare.compare(linux, ours, [phase])
    assert not diffs, f"{len(diffs)} {phase} facts differ from Linux on {name} ({equal} equal):\n" + compare.report(diffs)
