import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, os.path.join(ROOT, "gdb")]

from session import Session  # noqa: E402


@pytest.fixture(scope="module")
def served():
    """A session at sparse_init and then at the end (two stops seen), serving."""
    subprocess.run(["make", "-s", "all"], cwd=ROOT, check=True)
    s = Session("--cmdline", "memblock=debug")
    try:
        s.send("mm-goto sparse_init")
        s.port, s.token = s.serve()
        s.send("mm-goto last")
        s.send("echo at-last\\n")
        s.expect("at-last")
        yield s
    finally:
        s.quit()
