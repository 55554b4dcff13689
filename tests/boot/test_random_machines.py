"""Random machines against Linux: the quiz's generator (scripts/quiz, machine(seed)) makes valid QEMU
machines -- pc or q35, one to four nodes, odd sizes, memoryless nodes, mem=, movablecore=,
numa=off -- and on each of them every fact our kernel and Debian's Linux both print must agree.
The seeds are fixed, so a failure reproduces: scripts/quiz --seed N shows the machine."""
import importlib.machinery
import importlib.util
import os
import subprocess

import pytest

from conftest import REPO, linuxlog
import compare
import replay

SEEDS = range(1, 13)


def quiz_module():
    loader = importlib.machinery.SourceFileLoader("quiz", os.path.join(REPO, "scripts", "quiz"))
    spec = importlib.util.spec_from_loader("quiz", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


QUIZ = quiz_module()


@pytest.mark.parametrize("seed", SEEDS)
def test_random_machine_equals_linux(linux_ready, seed):
    options, cmdline, _ = QUIZ.machine(seed)
    status, log = replay.run(None, options, cmdline, out=None)
    assert status == 0, f"seed {seed}: the kernel did not finish:\n" + "\n".join(log.splitlines()[-10:])
    r = subprocess.run([os.path.join(REPO, "scripts", "oracle", "linux-boot"), "--machine", options,
                        "--cmdline", cmdline], capture_output=True, text=True)
    assert r.returncode == 0, "linux-boot: " + r.stderr.strip()
    equal, diffs = compare.compare(linuxlog.parse(r.stdout), linuxlog.parse(log), compare.PHASES)
    assert equal and not diffs, f"seed {seed} ({options} | {cmdline}):\n" + compare.report(diffs)
