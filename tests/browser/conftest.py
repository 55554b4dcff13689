import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, os.path.join(ROOT, "gdb")]

from session import Session  # noqa: E402


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A session at sparse_init and then at the end (two stops seen), serving; its serial log and
    `mm export` of the end, for the numbers the page must show."""
    subprocess.run(["make", "-s", "all"], cwd=ROOT, check=True)
    tmp = tmp_path_factory.mktemp("served")
    s = Session("--cmdline", "memblock=debug", "--serial", str(tmp / "serial.log"))
    try:
        s.send("mm-goto sparse_init")
        s.port, s.token = s.serve()
        s.send("mm-goto last")
        s.send(f"mm export {tmp / 'last.json'}")
        s.send("echo at-last\\n")
        s.expect("at-last")
        s.serial, s.last = tmp / "serial.log", json.loads((tmp / "last.json").read_text())
        # mm-goto last stops at free_all_bootmem, before mem_init prints "Memory:": the same machine
        # booted headless to the end gives the whole log
        s.full_log = subprocess.run([os.path.join(ROOT, "scripts", "run"), "--cmdline", "memblock=debug"], cwd=ROOT,
                                    capture_output=True, text=True, timeout=120, check=True).stdout
        yield s
    finally:
        s.quit()
