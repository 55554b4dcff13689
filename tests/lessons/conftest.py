"""Shared by the course's tests (test_course.py, test_twins.py): one boot of the replay on the
machine of seed SEED, exported as lessons/course.py grades it, for every module that grades against it."""
import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(REPO, "lessons"), os.path.join(REPO, "lessons", "labs"), os.path.join(REPO, "gdb")]
import course  # noqa: E402

KERNEL = os.path.join(REPO, "build", "kernel.elf")
SEED = 4                       # pc, two nodes of 512 MiB and 2 GiB: node 1 starts below 4 GiB


@pytest.fixture(scope="session")
def state():
    """course.gather of seed SEED's machine, with every pfn the 'all' and capstone sheets ask about."""
    if not os.path.exists(KERNEL):
        pytest.skip("build/kernel.elf not built")
    m = course.Machine.of(SEED)
    return course.gather(m, course.pfns_needed(m, "all"))
