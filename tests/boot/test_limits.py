"""Machines beyond the replay's limits, and bad input: one clear panic line and a non-zero exit
from make run, or Linux's own fallback -- never a hang."""
import os
import subprocess

from conftest import REPO


def make_run(machine, cmdline=""):
    return subprocess.run(["make", "-s", "run", f"MACHINE={machine}", f"CMDLINE={cmdline}"], cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def test_140_gib_is_mapped_as_linux_maps_it():
    # file-backed and shared, so that the host need not have 140 GiB to lend. The direct map's
    # page tables come from pgt_buf and then memblock, as Linux's: no fixed limit.
    r = make_run("-m 140G -object memory-backend-file,id=ram,size=140G,mem-path=/var/tmp,share=on "
                 "-machine memory-backend=ram", "memblock=debug")
    assert r.returncode == 0, r.stdout[-2000:]
    assert "checkpoint 10/10 free_all_bootmem" in r.stdout
    # 140 GiB + the PCI hole: 141 PMD pages and a few PTE pages, 12 from brk, the rest from memblock
    assert sum(" alloc_low_pages+" in l for l in r.stdout.splitlines()) > 100


def test_make_run_exits_zero_after_the_last_checkpoint():
    r = make_run("-m 512M")
    assert r.returncode == 0, r.stdout[-2000:]
    assert "checkpoint 10/10 free_all_bootmem" in r.stdout


def test_mm_gdb_leaves_no_qemu_behind(tmp_path):
    serial = str(tmp_path / "serial.log")  # a path no other QEMU has on its command line
    r = subprocess.run([os.path.join(REPO, "scripts", "mm-gdb"), "--machine", "-m 512M", "--serial", serial,
                        "-batch", "-ex", "info registers rip"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "rip" in r.stdout
    left = subprocess.run(["pgrep", "-f", serial], capture_output=True, text=True)
    assert left.returncode == 1, f"QEMU still running: {left.stdout}"


def test_more_nodes_than_max_numnodes_falls_back_to_one_node():
    # 70 proximity domains > MAX_NUMNODES (64, NODES_SHIFT 6): Linux 4.19 refuses the SRAT and fakes one node
    nodes = " ".join(f"-object memory-backend-ram,id=m{i},size=32M -numa node,nodeid={i},memdev=m{i}" for i in range(70))
    r = make_run(f"-m 2240M -smp 1 {nodes}")
    assert r.returncode == 0, r.stdout[-2000:]
    lines = [l.split("] ", 1)[-1] for l in r.stdout.splitlines()]
    for expected in ("ACPI: SRAT: Too many proximity domains.", "ACPI: SRAT: SRAT not used.",
                     "No NUMA configuration found", "Faking a node at [mem 0x0000000000000000-0x000000008bfdffff]"):
        assert expected in lines, expected
